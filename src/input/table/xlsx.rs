//! Input stage: read an XLSX sheet as a stream of rows, never holding the sheet whole.
//!
//! A sheet is read cell by cell on a thread of its own and handed over a row at a time, a
//! few rows ahead, so a sheet of 500,000 rows costs what a few rows cost (a sheet read whole
//! is a grid of every row by every column, which a sheet with one cell far down and to the
//! right makes enormous). The header is the first row with text, on the first sheet (visible
//! sheets first) that has the required columns. What the user may not expect (other sheets
//! not read, hidden rows, merged cells, formulas) becomes a note, from one more pass over the
//! chosen sheet that keeps only the first few cell names and a count.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};
use quick_xml::events::Event;

use super::spreadsheet::{
    RESAVE_WORKBOOK, cell_text, other_sheets_note, sheet_order, spreadsheet_error,
};
use super::{InputError, Table, TableRow, file_name, header_cells, header_key, is_blank};
use crate::input::limits::{self, Limits};
use crate::model::{Location, Problem};

/// The workbook's bytes, shared by the reader's thread and the pass that looks for notes
/// (without a copy: the file can be 256 MB).
#[derive(Clone)]
pub(super) struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

type Bytes = Cursor<Shared>;

/// An opened workbook and its bytes.
type Opened = (Xlsx<Bytes>, Shared);

/// An element's attributes: (qualified name, unescaped value).
type Attributes = [(String, String)];

/// How many rows the reader's thread may be ahead.
const ROWS_AHEAD: usize = 64;

/// How many cell or row names a note lists before "and N more".
const LISTED: usize = 10;

/// Opens an XLSX workbook, or gives it back as bytes when it is not one (ODS, XLS, XLSB).
pub(super) fn open(bytes: Vec<u8>) -> Result<Opened, Vec<u8>> {
    let shared = Shared(Arc::new(bytes));
    match Xlsx::new(Cursor::new(shared.clone())) {
        Ok(xlsx) => Ok((xlsx, shared)),
        // The workbook was dropped with its copy of the bytes: this is the only one left.
        Err(_) => Err(Arc::try_unwrap(shared.0).unwrap_or_else(|bytes| bytes.to_vec())),
    }
}

pub(super) fn read_xlsx(
    path: &Path,
    mut xlsx: Xlsx<Bytes>,
    bytes: Shared,
    required: &[&str],
    limits: &Limits,
) -> Result<Table, InputError> {
    let file = file_name(path);
    let spreadsheet_error = spreadsheet_error(path);
    let order = sheet_order(&xlsx);
    if order.is_empty() {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    }

    // Each sheet's header: its first row with text.
    let mut headers: Vec<(String, Option<TableRow>)> = Vec::new();
    for (i, name) in order.iter().enumerate() {
        match first_row(&mut xlsx, name, limits) {
            Ok(header) => headers.push((name.clone(), header)),
            Err(e) if i == 0 => return Err(spreadsheet_error(e)),
            Err(_) => {}
        }
    }
    let has_columns = |header: &Option<TableRow>| {
        header.as_ref().is_some_and(|h| {
            let keys: Vec<String> = h.cells.iter().map(|c| header_key(c)).collect();
            required.iter().all(|r| keys.contains(&header_key(r)))
        })
    };
    let chosen = headers
        .iter()
        .position(|(_, h)| has_columns(h))
        .or_else(|| headers.iter().position(|(_, h)| h.is_some()))
        .unwrap_or(0);
    let (sheet, header) = headers.swap_remove(chosen);
    let others: Vec<String> = headers
        .iter()
        .filter(|(_, h)| h.is_some())
        .map(|(n, _)| format!("\"{n}\""))
        .collect();
    let Some(header) = header else {
        return Err(super::empty(path, Some(sheet)));
    };
    if header.cells.len() > limits.columns {
        return Err(limits::too_many_columns(
            path,
            header.number,
            header.cells.len(),
            limits.columns,
        ));
    }

    let location = |row: Option<usize>| Location {
        file: file.clone(),
        sheet: Some(sheet.clone()),
        row,
        column: None,
    };
    let mut notes: Vec<Problem> = other_sheets_note(location(None), &sheet, &others)
        .into_iter()
        .collect();
    let found = sheet_part(bytes.as_ref(), &sheet)
        .map(|part| look_over(bytes.as_ref(), &part, header.number))
        .unwrap_or_default();
    notes.extend(found.notes(&location));

    let (sender, receiver) = sync_channel(ROWS_AHEAD);
    let (name, after, columns) = (sheet.clone(), header.number, limits.columns);
    let path_buf = path.to_path_buf();
    std::thread::Builder::new()
        .name("xlsx rows".into())
        .spawn(move || send_rows(xlsx, &name, after, columns, &path_buf, sender))
        .map_err(|e| spreadsheet_error(e.to_string()))?;
    Ok(Table {
        file,
        sheet: Some(sheet),
        headers: header_cells(&header),
        header_row: header.number,
        notes,
        rows: Box::new(ReceivedRows {
            receiver,
            path: path.display().to_string(),
            ended: false,
        }),
    })
}

/// What the reader's thread sends: a row (or why reading stopped), then that it ended.
enum Sent {
    Row(Result<TableRow, InputError>),
    End,
}

/// Rows as the reader's thread sends them.
struct ReceivedRows {
    receiver: Receiver<Sent>,
    path: String,
    ended: bool,
}

impl Iterator for ReceivedRows {
    type Item = Result<TableRow, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        match self.receiver.recv() {
            Ok(Sent::Row(row)) => {
                self.ended = row.is_err();
                Some(row)
            }
            Ok(Sent::End) => {
                self.ended = true;
                None
            }
            // The thread stopped without saying it ended: it panicked.
            Err(_) => {
                self.ended = true;
                Some(Err(InputError::Spreadsheet {
                    file: self.path.clone(),
                    message: "the sheet could not be read to the end".to_string(),
                    hint: RESAVE_WORKBOOK.to_string(),
                }))
            }
        }
    }
}

/// Cells gathered into rows in sheet order; a row is complete when a cell of a later row
/// comes.
struct RowBuilder {
    number: usize,
    cells: Vec<String>,
}

impl RowBuilder {
    /// Places a cell; gives back the row it completed, if this cell starts another.
    fn add(&mut self, (row, column): (u32, u32), text: String) -> Option<TableRow> {
        let number = row as usize + 1;
        let done = (number != self.number).then(|| self.take(number));
        let column = column as usize;
        if self.cells.len() <= column {
            self.cells.resize(column + 1, String::new());
        }
        self.cells[column] = text;
        done
    }

    fn take(&mut self, next: usize) -> TableRow {
        let row = TableRow {
            number: self.number,
            cells: std::mem::take(&mut self.cells),
        };
        self.number = next;
        row
    }
}

fn text(value: DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) => s,
        other => cell_text(&Data::from(other)),
    }
}

/// The sheet's first row with text, without reading further.
fn first_row(
    xlsx: &mut Xlsx<Bytes>,
    name: &str,
    limits: &Limits,
) -> Result<Option<TableRow>, String> {
    let mut cells = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let mut builder = RowBuilder {
        number: 0,
        cells: Vec::new(),
    };
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (row, column) = cell.get_position();
        if column as usize >= limits.columns {
            // Too wide to be a header; the error names it if this sheet is chosen.
            let mut cells = vec![String::new(); column as usize + 1];
            cells[0] = "(too many columns)".to_string();
            return Ok(Some(TableRow {
                number: row as usize + 1,
                cells,
            }));
        }
        if let Some(done) = builder.add((row, column), text(cell.get_value().clone()))
            && !is_blank(&done)
        {
            return Ok(Some(done));
        }
    }
    let last = builder.take(0);
    Ok((!is_blank(&last)).then_some(last))
}

/// The reader's thread: the rows after the header, each sent when complete.
fn send_rows(
    mut xlsx: Xlsx<Bytes>,
    name: &str,
    after: usize,
    columns: usize,
    path: &Path,
    sender: SyncSender<Sent>,
) {
    let error = |e: XlsxError| {
        Sent::Row(Err(InputError::Spreadsheet {
            file: path.display().to_string(),
            message: e.to_string(),
            hint: RESAVE_WORKBOOK.to_string(),
        }))
    };
    let mut cells = match xlsx.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        Err(e) => {
            let _ = sender.send(error(e));
            return;
        }
    };
    let mut builder = RowBuilder {
        number: 0,
        cells: Vec::new(),
    };
    let send = |row: TableRow| {
        if row.number <= after || is_blank(&row) {
            return true;
        }
        sender.send(Sent::Row(Ok(row))).is_ok()
    };
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                let _ = sender.send(error(e));
                return;
            }
        };
        let (row, column) = cell.get_position();
        let number = row as usize + 1;
        if number < builder.number {
            let _ = sender.send(Sent::Row(Err(InputError::Spreadsheet {
                file: path.display().to_string(),
                message: format!(
                    "the sheet's rows are out of order (row {number} after row {})",
                    builder.number
                ),
                hint: RESAVE_WORKBOOK.to_string(),
            })));
            return;
        }
        if number > after && column as usize >= columns {
            let _ = sender.send(Sent::Row(Err(limits::too_many_columns(
                path,
                number,
                column as usize + 1,
                columns,
            ))));
            return;
        }
        if let Some(done) = builder.add((row, column), text(cell.get_value().clone()))
            && !send(done)
        {
            return;
        }
    }
    if send(builder.take(0)) {
        let _ = sender.send(Sent::End);
    }
}

/// The part (`xl/worksheets/sheet1.xml`) that holds a sheet, from the workbook and its
/// relationships. Anything unreadable gives none: this only feeds notes.
fn sheet_part(bytes: &[u8], sheet_name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut attribute_of = |part: &str, element: &[u8], key: &str, value: &str, wanted: &str| {
        let file = zip.by_name(part).ok()?;
        let mut found = None;
        each_element(std::io::BufReader::new(file), &mut |name, attrs| {
            if found.is_none()
                && name == element
                && attrs.iter().any(|(k, v)| k == key && v == value)
            {
                found = attrs
                    .iter()
                    .find(|(k, _)| k == wanted)
                    .map(|(_, v)| v.clone());
            }
        });
        found
    };
    let id = attribute_of("xl/workbook.xml", b"sheet", "name", sheet_name, "r:id")?;
    let target = attribute_of(
        "xl/_rels/workbook.xml.rels",
        b"Relationship",
        "Id",
        &id,
        "Target",
    )?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// Names kept for a note: the first few, and how many in all.
#[derive(Debug, Default)]
struct Listed {
    first: Vec<String>,
    total: usize,
}

impl Listed {
    fn push(&mut self, name: impl FnOnce() -> String) {
        self.total += 1;
        if self.first.len() < LISTED {
            self.first.push(name());
        }
    }

    fn text(&self) -> String {
        let shown = self.first.join(", ");
        if self.total > self.first.len() {
            format!("{shown} and {} more", self.total - self.first.len())
        } else {
            shown
        }
    }
}

/// What the user may not expect in the rows after the header.
#[derive(Debug, Default)]
struct Found {
    hidden_rows: Listed,
    merged_cells: Listed,
    formulas: Listed,
}

impl Found {
    fn notes(&self, location: &dyn Fn(Option<usize>) -> Location) -> Vec<Problem> {
        let mut notes = Vec::new();
        let mut note = |message: String, hint: &str| {
            notes.push(Problem {
                location: location(None),
                message,
                hint: Some(hint.to_string()),
            })
        };
        if self.merged_cells.total > 0 {
            note(
                format!(
                    "merged cells {}: only the first cell of each holds the value, the others are read as empty",
                    self.merged_cells.text()
                ),
                "unmerge the cells (Home > Merge & Center > Unmerge Cells) and fill in every row",
            );
        }
        let hidden = &self.hidden_rows;
        if hidden.total > 0 {
            let one = hidden.total == 1;
            note(
                format!(
                    "row{} {} {} hidden in Excel (or filtered out); hidden rows are read like any other",
                    if one { "" } else { "s" },
                    hidden.text(),
                    if one { "is" } else { "are" }
                ),
                "unhide the rows and check them; delete the rows of patients who should get no letter",
            );
        }
        let formulas = &self.formulas;
        if formulas.total > 0 {
            let one = formulas.total == 1;
            note(
                format!(
                    "cell{} {} hold{} a formula; the value Excel last saved is read (empty or 0 if the file was never opened in Excel)",
                    if one { "" } else { "s" },
                    formulas.text(),
                    if one { "s" } else { "" }
                ),
                "check these cells; to be sure, replace formulas by their values (Copy, then Paste Special > Values)",
            );
        }
        notes
    }
}

/// One pass over a sheet's part, as it is inflated, for the hidden rows, merged cells and
/// formulas after the header row. Anything unreadable gives nothing: this only feeds notes.
fn look_over(bytes: &[u8], part: &str, header_row: usize) -> Found {
    let mut found = Found::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return found;
    };
    let Ok(file) = zip.by_name(part) else {
        return found;
    };
    let mut cell = String::new();
    each_element(std::io::BufReader::new(file), &mut |name, attrs| {
        let get = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        match name {
            b"row" => {
                let number = get("r").and_then(|r| r.parse::<usize>().ok());
                if let Some(number) = number
                    && number > header_row
                    && matches!(get("hidden"), Some("1" | "true"))
                {
                    found.hidden_rows.push(|| number.to_string());
                }
            }
            b"c" => cell = get("r").unwrap_or("").to_string(),
            b"f" if row_of(&cell).is_some_and(|r| r > header_row) => {
                found.formulas.push(|| cell.clone());
            }
            b"mergeCell" => {
                if let Some(range) = get("ref")
                    && range
                        .split(':')
                        .next_back()
                        .and_then(row_of)
                        .is_some_and(|r| r > header_row)
                {
                    found.merged_cells.push(|| range.to_string());
                }
            }
            _ => {}
        }
    });
    found
}

/// The 1-based row of an A1 cell name.
fn row_of(cell: &str) -> Option<usize> {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

/// Calls `on` with the local name and attributes (qualified name, unescaped value) of every
/// element, as the XML is read.
fn each_element(xml: impl std::io::BufRead, on: &mut dyn FnMut(&[u8], &Attributes)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut attrs = Vec::new();
    loop {
        buf.clear();
        let Ok(event) = reader.read_event_into(&mut buf) else {
            break;
        };
        match event {
            Event::Empty(e) | Event::Start(e) => {
                attrs.clear();
                attrs.extend(e.attributes().flatten().filter_map(|a| {
                    let key = String::from_utf8(a.key.as_ref().to_vec()).ok()?;
                    Some((key, a.unescape_value().ok()?.into_owned()))
                }));
                on(e.local_name().as_ref(), &attrs);
            }
            Event::Eof => break,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::spreadsheet::cell_name;
    use super::*;

    #[test]
    fn cells_make_rows_in_order_with_gaps() {
        let mut b = RowBuilder {
            number: 0,
            cells: Vec::new(),
        };
        assert!(
            b.add((0, 0), "a".into())
                .is_some_and(|r| r.cells.is_empty())
        );
        assert!(b.add((0, 2), "c".into()).is_none());
        let row = b.add((3, 1), "x".into()).unwrap();
        assert_eq!(
            (row.number, row.cells),
            (1, vec!["a".into(), String::new(), "c".into()])
        );
        assert_eq!(b.take(0).cells, vec![String::new(), "x".to_string()]);
        assert_eq!(row_of("AB12"), Some(12));
        assert_eq!(cell_name((0, 27)), "AB1");
    }
}

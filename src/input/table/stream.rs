//! Input stage: read a workbook sheet that can be read cell by cell (XLSX, XLSB) as a stream
//! of rows, never holding the sheet whole.
//!
//! A sheet is read cell by cell on a thread of its own and handed over a row at a time, a
//! few rows ahead, so a sheet of 500,000 rows costs what a few rows cost (a sheet read whole
//! is a grid of every row by every column, which a sheet with one cell far down and to the
//! right makes enormous); a cell past the column limit is refused, naming its row, and never
//! held. The header is the first row with text, on the first sheet (visible sheets first)
//! that has the required columns. What the user may not expect (other sheets not read,
//! hidden rows, merged cells, formulas) becomes a note.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef};

use super::spreadsheet::{RESAVE_WORKBOOK, cell_text, other_sheets_note, spreadsheet_error};
use super::{InputError, Table, TableRow, file_name, header_cells, is_blank};
use crate::input::limits::{self, Limits};
use crate::model::{Location, Problem};

/// How many rows the reader's thread may be ahead.
const ROWS_AHEAD: usize = 64;

/// How many cell or row names a note lists before "and N more".
const LISTED: usize = 10;

/// Whether to go on reading cells.
pub(super) type Go = bool;

/// A workbook whose sheets are read cell by cell, in sheet order.
pub(super) trait CellWorkbook: Send + 'static {
    /// The sheets in the order they are tried: visible sheets first, each in workbook order.
    fn order(&self) -> Vec<String>;

    /// Calls `each` with every cell of a sheet in order (0-based row and column, and its
    /// value) until it says to stop; an error says why the sheet cannot be read.
    fn each_cell(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut((u32, u32), DataRef<'_>) -> Go,
    ) -> Result<(), String>;

    /// What the user may not expect in a sheet's rows after the header row (1-based).
    fn found(&mut self, sheet: &str, header_row: usize) -> Found;
}

/// Reads a workbook's sheet as a table, streamed.
pub(super) fn read_streamed(
    path: &Path,
    mut workbook: impl CellWorkbook,
    required: &[&str],
    limits: &Limits,
) -> Result<Table, InputError> {
    let file = file_name(path);
    let spreadsheet_error = spreadsheet_error(path);
    let order = workbook.order();
    if order.is_empty() {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    }

    // Each sheet's header: its first row with text.
    let mut headers: Vec<(String, Option<TableRow>)> = Vec::new();
    for (i, name) in order.iter().enumerate() {
        match first_row(&mut workbook, name, limits) {
            Ok(header) => headers.push((name.clone(), header)),
            Err(e) if i == 0 => return Err(spreadsheet_error(e)),
            Err(_) => {}
        }
    }
    let has_columns = |header: &Option<TableRow>| {
        header
            .as_ref()
            .is_some_and(|h| crate::input::headers::holds(&h.cells, required))
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
    notes.extend(workbook.found(&sheet, header.number).notes(&location));

    let (sender, receiver) = sync_channel(ROWS_AHEAD);
    let (name, after, limits) = (sheet.clone(), header.number, *limits);
    let path_buf = path.to_path_buf();
    std::thread::Builder::new()
        .name("sheet rows".into())
        .spawn(move || send_rows(workbook, &name, after, &limits, &path_buf, sender))
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
#[derive(Default)]
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
    workbook: &mut impl CellWorkbook,
    name: &str,
    limits: &Limits,
) -> Result<Option<TableRow>, String> {
    let mut builder = RowBuilder::default();
    let mut found = None;
    workbook.each_cell(name, &mut |(row, column), value| {
        if column as usize >= limits.columns {
            // Too wide to be a header; the error names it if this sheet is chosen.
            let mut cells = vec![String::new(); column as usize + 1];
            cells[0] = "(too many columns)".to_string();
            found = Some(TableRow {
                number: row as usize + 1,
                cells,
            });
            return false;
        }
        match builder.add((row, column), text(value)) {
            Some(done) if !is_blank(&done) => {
                found = Some(done);
                false
            }
            _ => true,
        }
    })?;
    if found.is_some() {
        return Ok(found);
    }
    let last = builder.take(0);
    Ok((!is_blank(&last)).then_some(last))
}

/// The reader's thread: the rows after the header, each sent when complete.
fn send_rows(
    mut workbook: impl CellWorkbook,
    name: &str,
    after: usize,
    limits: &Limits,
    path: &Path,
    sender: SyncSender<Sent>,
) {
    let spreadsheet_error = |message: String| {
        Sent::Row(Err(InputError::Spreadsheet {
            file: path.display().to_string(),
            message,
            hint: RESAVE_WORKBOOK.to_string(),
        }))
    };
    let mut builder = RowBuilder::default();
    // Bytes of text in the rows after the header so far.
    let mut held = 0u64;
    // Why reading stopped early: an error to send, or none when the rows are not wanted.
    let mut stopped: Option<Option<Sent>> = None;
    let send = |row: TableRow| {
        if row.number <= after || is_blank(&row) {
            return true;
        }
        sender.send(Sent::Row(Ok(row))).is_ok()
    };
    let read = workbook.each_cell(name, &mut |(row, column), value| {
        let number = row as usize + 1;
        if number < builder.number {
            stopped = Some(Some(spreadsheet_error(format!(
                "the sheet's rows are out of order (row {number} after row {})",
                builder.number
            ))));
            return false;
        }
        if number > after && column as usize >= limits.columns {
            stopped = Some(Some(Sent::Row(Err(limits::too_many_columns(
                path,
                number,
                column as usize + 1,
                limits.columns,
            )))));
            return false;
        }
        let text = text(value);
        // Each row is copied and looked through as it is read: a workbook can name one long
        // text down every row (XLSX and XLSB keep a text once, however many cells use it).
        if number > after {
            held = held.saturating_add(text.len() as u64);
            if held > limits.sheet_text_bytes {
                stopped = Some(Some(Sent::Row(Err(limits::too_much_text(path, limits)))));
                return false;
            }
        }
        if let Some(done) = builder.add((row, column), text)
            && !send(done)
        {
            stopped = Some(None);
            return false;
        }
        true
    });
    match (read, stopped) {
        (Err(e), _) => {
            let _ = sender.send(spreadsheet_error(e));
        }
        (Ok(()), Some(Some(error))) => {
            let _ = sender.send(error);
        }
        (Ok(()), Some(None)) => {}
        (Ok(()), None) => {
            if send(builder.take(0)) {
                let _ = sender.send(Sent::End);
            }
        }
    }
}

/// Names kept for a note: the first few, and how many in all.
#[derive(Debug, Default)]
pub(super) struct Listed {
    first: Vec<String>,
    total: usize,
}

impl Listed {
    pub(super) fn push(&mut self, name: impl FnOnce() -> String) {
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
pub(super) struct Found {
    pub(super) hidden_rows: Listed,
    pub(super) merged_cells: Listed,
    pub(super) formulas: Listed,
}

impl Found {
    pub(super) fn notes(&self, location: &dyn Fn(Option<usize>) -> Location) -> Vec<Problem> {
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

#[cfg(test)]
mod tests {
    use super::super::spreadsheet::cell_name;
    use super::*;

    #[test]
    fn cells_make_rows_in_order_with_gaps() {
        let mut b = RowBuilder::default();
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
        assert_eq!(cell_name((0, 27)), "AB1");
    }
}

//! Input stage: read a spreadsheet (XLS, ODS; XLSX and XLSB are streamed by `stream`) as a table, from the first sheet whose
//! header row has the required columns; whole numbers come back as integer text and date
//! cells as `yyyy-mm-dd`. What the user may not expect (other sheets not read, hidden rows,
//! merged cells, formulas without a saved value) becomes a note.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls};

use super::stream::Found;
use super::{InputError, Table, TableRow, empty, file_name, header_cells, is_blank};
use crate::input::limits::{self, Limits};
use crate::model::{Location, Problem};

/// One sheet's cells and where its header row is.
struct SheetCells {
    name: String,
    range: Range<Data>,
    /// Index (in the range) of the first non-blank row, the header.
    header: Option<usize>,
}

impl SheetCells {
    fn new(name: String, range: Range<Data>) -> SheetCells {
        let header = range
            .rows()
            .position(|cells| cells.iter().any(|c| !cell_text(c).trim().is_empty()));
        SheetCells {
            name,
            range,
            header,
        }
    }

    /// The 0-based (row, column) of the range's first cell in the sheet.
    fn origin(&self) -> (usize, usize) {
        let (r, c) = self.range.start().unwrap_or((0, 0));
        (r as usize, c as usize)
    }

    fn row_texts(&self, index: usize) -> Vec<String> {
        let (_, first_col) = self.origin();
        let mut texts = vec![String::new(); first_col];
        // By position, not `rows().nth(index)`, which walks every row before it: a sheet
        // read row by row that way takes time in the square of its rows.
        texts.extend((0..self.range.width()).map(|column| {
            self.range
                .get((index, column))
                .map(cell_text)
                .unwrap_or_default()
        }));
        texts
    }

    fn has_columns(&self, required: &[&str]) -> bool {
        let Some(header) = self.header else {
            return false;
        };
        crate::input::headers::holds(&self.row_texts(header), required)
    }
}

/// Spreadsheet rows converted to text one at a time.
struct SheetRows {
    sheet: SheetCells,
    next: usize,
}

impl Iterator for SheetRows {
    type Item = Result<TableRow, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (first_row, _) = self.sheet.origin();
        while self.next < self.sheet.range.height() {
            let index = self.next;
            self.next += 1;
            let row = TableRow {
                number: first_row + index + 1,
                cells: self.sheet.row_texts(index),
            };
            if !is_blank(&row) {
                return Some(Ok(row));
            }
        }
        None
    }
}

/// Reads a workbook: an XLSX or XLSB one streamed row by row (`stream`), an ODS or XLS one
/// whole, from its grid of cells, once it is known the grid fits the limits.
pub(super) fn read_spreadsheet(
    path: &Path,
    bytes: Vec<u8>,
    required: &[&str],
    limits: &Limits,
) -> Result<Table, InputError> {
    let spreadsheet_error = spreadsheet_error(path);
    let bytes = match super::xlsx::open(bytes) {
        Ok(workbook) => return super::stream::read_streamed(path, workbook, required, limits),
        Err(bytes) => bytes,
    };
    if super::xlsb::is_xlsb(&bytes) {
        let workbook = super::xlsb::open(bytes).map_err(&spreadsheet_error)?;
        return super::stream::read_streamed(path, workbook, required, limits);
    }
    let is_xls = bytes.starts_with(&OLE_MAGIC);
    if is_xls {
        let cost = super::xls::read_cost(&bytes, limits.xls_bytes).map_err(&spreadsheet_error)?;
        if cost > limits.xls_bytes {
            return Err(limits::xls_too_big(path, cost, limits));
        }
    } else if let Some(cost) = super::ods::read_cost(&bytes) {
        let cost = cost.map_err(&spreadsheet_error)?;
        if cost.cells > limits.grid_cells {
            return Err(limits::grid_too_big(path, cost.cells, limits));
        }
        if cost.longest > limits.cell_bytes as u64 {
            return Err(limits::ods_cell_too_long(path, limits));
        }
        let bytes = cost.bytes.saturating_add(bytes.len() as u64);
        if bytes > limits.ods_bytes {
            return Err(limits::ods_too_big(path, bytes, limits));
        }
    }
    // calamine's XLS and ODS readers index into what the file says without checking it
    // everywhere: a panic there becomes an error saying the workbook cannot be read.
    super::caught::caught(|| read_whole(path, &bytes, is_xls, required))
        .unwrap_or_else(|| Err(spreadsheet_error(DAMAGED.to_string())))
}

/// What a panic in a calamine reader becomes.
pub(super) const DAMAGED: &str = "the workbook is damaged: its records do not hold what they say";

/// The first bytes of an OLE container, which an XLS workbook is.
pub(super) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads an XLS or ODS workbook whole: one sheet's grid at a time, keeping only the one read.
fn read_whole(
    path: &Path,
    bytes: &[u8],
    is_xls: bool,
    required: &[&str],
) -> Result<Table, InputError> {
    let file = file_name(path);
    let spreadsheet_error = spreadsheet_error(path);
    let mut workbook = if is_xls {
        Xls::new(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|e| e.to_string())
    } else {
        Ods::new(Cursor::new(bytes))
            .map(Sheets::Ods)
            .map_err(|e| e.to_string())
    }
    .map_err(&spreadsheet_error)?;
    let order = sheet_order(&workbook);
    if order.is_empty() {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    }
    // Each sheet's header, keeping the grid only of the first with the required columns
    // (or else the first with a header).
    let mut sheets: Vec<(String, bool)> = Vec::new();
    let mut kept: Option<SheetCells> = None;
    for name in &order {
        match workbook.worksheet_range(name) {
            Ok(range) => {
                let sheet = SheetCells::new(name.clone(), range);
                let has_header = sheet.header.is_some();
                sheets.push((name.clone(), has_header));
                let better = match &kept {
                    None => true,
                    Some(k) => {
                        !k.has_columns(required)
                            && (sheet.has_columns(required) || (k.header.is_none() && has_header))
                    }
                };
                if better {
                    kept = Some(sheet);
                }
            }
            Err(e) if sheets.is_empty() && name == &order[0] => {
                return Err(spreadsheet_error(e.to_string()));
            }
            Err(_) => {}
        }
    }
    let Some(sheet) = kept else {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    };
    let others: Vec<String> = sheets
        .iter()
        .filter(|(name, has_header)| *has_header && name != &sheet.name)
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    let Some(header_index) = sheet.header else {
        return Err(empty(path, Some(sheet.name)));
    };

    let location = |row: Option<usize>| Location {
        file: file.clone(),
        sheet: Some(sheet.name.clone()),
        row,
        column: None,
    };
    let mut notes: Vec<Problem> = other_sheets_note(location(None), &sheet.name, &others)
        .into_iter()
        .collect();
    let (first_row, _) = sheet.origin();
    let header_number = first_row + header_index + 1;
    if let Ok(formulas) = workbook.worksheet_formula(&sheet.name) {
        // The first few cells' names and a count (every cell can hold a formula).
        let mut found = Found::default();
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        for (r, c, _) in formulas
            .used_cells()
            .filter(|(_, _, formula)| !formula.trim().is_empty())
        {
            let (r, c) = (fr + r as u32, fc + c as u32);
            if r as usize + 1 > header_number {
                found.formulas.push(|| cell_name((r, c)));
            }
        }
        notes.extend(found.notes(&location));
    }
    let headers = header_cells(&TableRow {
        number: header_number,
        cells: sheet.row_texts(header_index),
    });
    Ok(Table {
        file,
        sheet: Some(sheet.name.clone()),
        headers,
        header_row: header_number,
        notes,
        rows: Box::new(SheetRows {
            sheet,
            next: header_index + 1,
        }),
    })
}

/// The note that other sheets with data were not read (`others` are quoted names).
pub(super) fn other_sheets_note(
    location: Location,
    sheet: &str,
    others: &[String],
) -> Option<Problem> {
    (!others.is_empty()).then(|| Problem {
        location,
        message: format!(
            "the workbook has {} sheets with data; only sheet \"{sheet}\" was read, not {}",
            others.len() + 1,
            others.join(", ")
        ),
        hint: Some(
            "put every patient on one sheet, or move the sheet to read to the front".to_string(),
        ),
    })
}

/// What to do with a workbook the reader cannot read.
pub(super) const RESAVE_WORKBOOK: &str =
    "open it in Excel and save it again as an Excel workbook (.xlsx) or as CSV UTF-8";

/// The error for a workbook the reader cannot read, saying why.
pub(super) fn spreadsheet_error(path: &Path) -> impl Fn(String) -> InputError + '_ {
    move |message| InputError::Spreadsheet {
        file: path.display().to_string(),
        message,
        hint: RESAVE_WORKBOOK.to_string(),
    }
}

/// A workbook's sheets in the order they are tried: visible sheets first, each in workbook
/// order.
pub(super) fn sheet_order<RS: std::io::Read + std::io::Seek>(
    workbook: &impl Reader<RS>,
) -> Vec<String> {
    let visible: Vec<&str> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.as_str())
        .collect();
    let names = workbook.sheet_names();
    let (mut order, hidden): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|n| visible.contains(&n.as_str()));
    order.extend(hidden);
    order
}

/// A cell's A1 name from its 0-based (row, column).
pub(super) fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.insert(0, (b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row as u64 + 1)
}

/// The text of a spreadsheet cell as the user would type it.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                float_text(dt.as_f64())
            } else {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{d:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Whole numbers as integer text (an NHS number stored as a number keeps its 10 digits).
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats() {
        assert_eq!(float_text(9434765919.0), "9434765919");
        assert_eq!(float_text(12.5), "12.5");
    }
}

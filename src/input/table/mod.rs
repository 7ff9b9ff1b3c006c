//! Input stage: turn a CSV or spreadsheet file into a header and a stream of rows of text cells.
//!
//! [`read_table`] tells a spreadsheet from text by its extension or magic bytes. Text is
//! decoded (`decode`) and parsed as CSV (`csv_rows`); a workbook is read from one of its sheets
//! (`spreadsheet`). A reader then finds the columns it uses ([`Table::columns`], in `columns`)
//! and checks each cell it takes against the cell rules (`cells`). Rows that are entirely blank
//! are left out, and row numbers are the ones the user sees.

mod caught;
mod cells;
mod columns;
mod csv_rows;
mod decode;
mod ods;
mod spreadsheet;
mod stream;
mod xls;
mod xlsb;
mod xlsx;

use std::path::Path;

use super::input_error::InputError;
use super::limits::{self, Limits};
use crate::model::{Location, Problem};

pub(crate) use columns::{Columns, column_letter};
pub(crate) use decode::decode_text;

/// A file opened for reading: its header, notes on how it was read, and its rows, which are
/// parsed as they are taken. Rows that are entirely blank are left out.
pub(crate) struct Table {
    /// The file name (no folder), for locations.
    pub file: String,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// The header cells as written (trimmed, BOM removed).
    pub headers: Vec<String>,
    /// The header's row number.
    pub header_row: usize,
    /// Warnings about how the file was read, e.g. hidden rows or sheets not read.
    pub notes: Vec<Problem>,
    rows: Box<dyn Iterator<Item = Result<TableRow, InputError>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableRow {
    /// 1-based row number as the user sees it (the header is row 1 when it is the first line).
    pub number: usize,
    pub cells: Vec<String>,
}

impl Table {
    /// The data rows, parsed one at a time; a row that cannot be parsed at all is an error.
    pub(crate) fn rows(&mut self) -> &mut dyn Iterator<Item = Result<TableRow, InputError>> {
        &mut self.rows
    }

    /// A location in this file.
    pub(crate) fn location(&self, row: Option<usize>, column: Option<String>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
        }
    }
}

/// How header names compare: case, spaces, hyphens, underscores and a BOM are ignored.
pub(crate) fn header_key(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the bytes are a spreadsheet: by extension, or by the ZIP / OLE magic bytes.
fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&spreadsheet::OLE_MAGIC)
}

/// The file name without its folder.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Open a CSV or spreadsheet file as a table. `required` are the columns the reader needs: a
/// workbook is read from the first sheet that has them all.
/// Every file is read within `limits` (see [`Limits`]): at most `rows` data rows, of a `kind`
/// of file (`patients`), named when one is passed.
pub(crate) fn read_table(
    path: &Path,
    bytes: Vec<u8>,
    required: &[&str],
    limits: &Limits,
    (rows, kind): (usize, &'static str),
) -> Result<Table, InputError> {
    let mut table = if is_spreadsheet(path, &bytes) {
        limits::check_parts(path, &bytes, limits)?;
        spreadsheet::read_spreadsheet(path, bytes, required, limits)?
    } else {
        let text = decode_text(path, bytes)?;
        limits::check_lines(path, &text, limits)?;
        csv_rows::read_csv(path, text)?
    };
    let columns = limits.columns;
    if table.headers.len() > columns {
        return Err(limits::too_many_columns(
            path,
            table.header_row,
            table.headers.len(),
            columns,
        ));
    }
    let path = path.to_path_buf();
    let mut taken = 0;
    let mut stopped = false;
    let inner = std::mem::replace(&mut table.rows, Box::new(std::iter::empty()));
    table.rows = Box::new(inner.map_while(move |row| {
        if stopped {
            return None;
        }
        let checked = row.and_then(|row| {
            taken += 1;
            if taken > rows {
                Err(limits::too_many_rows(&path, rows, kind))
            } else if row.cells.len() > columns {
                Err(limits::too_many_columns(
                    &path,
                    row.number,
                    row.cells.len(),
                    columns,
                ))
            } else {
                Ok(row)
            }
        });
        stopped = checked.is_err();
        Some(checked)
    }));
    Ok(table)
}

fn is_blank(row: &TableRow) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

fn empty(path: &Path, sheet: Option<String>) -> InputError {
    InputError::Empty {
        file: path.display().to_string(),
        sheet,
        hint: "the first row must name the columns".to_string(),
    }
}

fn header_cells(header: &TableRow) -> Vec<String> {
    header
        .cells
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect()
}

/// At most ten items joined, then how many more.
fn shortened(items: &[String]) -> String {
    let shown = items
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > 10 {
        format!("{shown} and {} more", items.len() - 10)
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_match_loosely() {
        assert_eq!(header_key("Date of Birth"), "dateofbirth");
        assert_eq!(header_key("date_of_birth"), "dateofbirth");
        assert_eq!(header_key("DATE-OF-BIRTH"), "dateofbirth");
        assert_eq!(header_key("\u{feff} NHS Number "), "nhsnumber");
        assert_eq!(header_key("Address Line 1"), header_key("address_line_1"));
    }
}

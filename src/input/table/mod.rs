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

pub(crate) use super::headers::header_key;

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
    table.find_header(required)?;
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

impl Table {
    /// Moves the header down to the first of the file's first rows that holds the `required`
    /// fields (see [`super::headers::header_row`]): an export from a clinical system puts lines
    /// about its search above the header. The rows skipped are named in a note. When no row
    /// holds them, the first row stays the header, for the missing columns to be named.
    fn find_header(&mut self, required: &[&str]) -> Result<(), InputError> {
        use super::headers::{HEADER_SEARCH_ROWS, holds};
        if required.is_empty() || holds(&self.headers, required) {
            return Ok(());
        }
        let mut pulled: Vec<TableRow> = Vec::new();
        while pulled.len() + 1 < HEADER_SEARCH_ROWS {
            let Some(row) = self.rows.next() else {
                break;
            };
            let row = row?;
            let cells = header_cells(&row);
            if holds(&cells, required) {
                let (first, last) = (self.header_row, row.number - 1);
                self.notes.push(Problem {
                    location: self.location(Some(row.number), None),
                    message: if first == last {
                        format!("row {first}, above the header row, is not read")
                    } else {
                        format!("rows {first} to {last}, above the header row, are not read")
                    },
                    hint: Some(
                        "nothing to do if they describe the export (a clinical system's search writes them there)"
                            .to_string(),
                    ),
                });
                self.headers = cells;
                self.header_row = row.number;
                return Ok(());
            }
            pulled.push(row);
        }
        let rest = std::mem::replace(&mut self.rows, Box::new(std::iter::empty()));
        self.rows = Box::new(pulled.into_iter().map(Ok).chain(rest));
        Ok(())
    }
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

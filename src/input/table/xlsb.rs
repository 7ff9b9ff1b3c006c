//! Input stage: read an XLSB (Excel binary) workbook cell by cell, as `stream` reads an XLSX
//! one: rows are assembled as the cells come, so a cell far down and to the right costs
//! nothing (calamine's whole-sheet reader would lay out a grid to it: 550 GB for one cell at
//! XFD1048576). The formulas note comes from one more pass over the chosen sheet.
//!
//! calamine's XLSB reader indexes into its records without checking them, so a damaged file
//! can make it panic: each call into it is caught (`caught`), and a panic becomes an error
//! saying the workbook cannot be read.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{DataRef, Reader, Xlsb};

use super::caught::caught;
use super::spreadsheet::{DAMAGED, cell_name, sheet_order};
use super::stream::{CellWorkbook, Found, Go};
use super::xlsx::{Bytes, Shared};

/// An XLSB workbook, read cell by cell.
pub(super) struct XlsbBook {
    xlsb: Xlsb<Bytes>,
}

/// Opens an XLSB workbook, or says why it cannot be read.
pub(super) fn open(bytes: Vec<u8>) -> Result<XlsbBook, String> {
    let cursor = Cursor::new(Shared(Arc::new(bytes)));
    match caught(|| Xlsb::new(cursor)) {
        Some(Ok(xlsb)) => Ok(XlsbBook { xlsb }),
        Some(Err(e)) => Err(e.to_string()),
        None => Err(DAMAGED.to_string()),
    }
}

/// Whether the bytes are an XLSB workbook: a zip holding `xl/workbook.bin`.
pub(super) fn is_xlsb(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|zip| {
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("xl/workbook.bin")))
    })
}

impl CellWorkbook for XlsbBook {
    fn order(&self) -> Vec<String> {
        sheet_order(&self.xlsb)
    }

    fn each_cell(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut((u32, u32), DataRef<'_>) -> Go,
    ) -> Result<(), String> {
        let xlsb = &mut self.xlsb;
        caught(|| {
            let mut cells = xlsb
                .worksheet_cells_reader(sheet)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                if !each(cell.get_position(), cell.get_value().clone()) {
                    break;
                }
            }
            Ok(())
        })
        .unwrap_or_else(|| Err(DAMAGED.to_string()))
    }

    /// The formulas after the header row (XLSB's hidden rows and merged cells are not
    /// looked for). Anything unreadable gives nothing: this only feeds notes.
    fn found(&mut self, sheet: &str, header_row: usize) -> Found {
        let xlsb = &mut self.xlsb;
        let mut found = Found::default();
        let _ = caught(|| {
            let Ok(mut cells) = xlsb.worksheet_cells_reader(sheet) else {
                return;
            };
            while let Ok(Some(cell)) = cells.next_formula() {
                let (row, column) = cell.get_position();
                if row as usize + 1 > header_row && !cell.get_value().trim().is_empty() {
                    found.formulas.push(|| cell_name((row, column)));
                }
            }
        });
        found
    }
}

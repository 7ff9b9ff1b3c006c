//! Input stage: read an XLSX workbook cell by cell (rows are assembled by `stream`, never
//! holding the sheet whole), and look over the chosen sheet's part for what the user may not
//! expect (hidden rows, merged cells, formulas), keeping only the first few cell names and a
//! count.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{DataRef, Reader, Xlsx};
use quick_xml::events::Event;

use super::caught::caught;
use super::spreadsheet::sheet_order;
use super::stream::{CellWorkbook, Found, Go};

/// The workbook's bytes, shared by the reader's thread and the pass that looks for notes
/// (without a copy: the file can be 256 MB).
#[derive(Clone)]
pub(super) struct Shared(pub(super) Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

pub(super) type Bytes = Cursor<Shared>;

/// An element's attributes: (qualified name, unescaped value).
type Attributes = [(String, String)];

/// An XLSX workbook and its bytes, read cell by cell.
pub(super) struct XlsxBook {
    xlsx: Xlsx<Bytes>,
    bytes: Shared,
}

/// Opens an XLSX workbook, or gives it back as bytes when it is not one (ODS, XLS, XLSB),
/// or one the reader panics on (`caught`: the other readers then say it cannot be read).
pub(super) fn open(bytes: Vec<u8>) -> Result<XlsxBook, Vec<u8>> {
    let shared = Shared(Arc::new(bytes));
    match caught(|| Xlsx::new(Cursor::new(shared.clone()))) {
        Some(Ok(xlsx)) => Ok(XlsxBook {
            xlsx,
            bytes: shared,
        }),
        // The workbook was dropped with its copy of the bytes: this is the only one left.
        _ => Err(Arc::try_unwrap(shared.0).unwrap_or_else(|bytes| bytes.to_vec())),
    }
}

impl CellWorkbook for XlsxBook {
    fn order(&self) -> Vec<String> {
        sheet_order(&self.xlsx)
    }

    fn each_cell(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut((u32, u32), DataRef<'_>) -> Go,
    ) -> Result<(), String> {
        let xlsx = &mut self.xlsx;
        caught(|| {
            let mut cells = xlsx
                .worksheet_cells_reader(sheet)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                if !each(cell.get_position(), cell.get_value().clone()) {
                    break;
                }
            }
            Ok(())
        })
        .unwrap_or_else(|| Err(super::spreadsheet::DAMAGED.to_string()))
    }

    fn found(&mut self, sheet: &str, header_row: usize) -> Found {
        let bytes = self.bytes.as_ref();
        sheet_part(bytes, sheet)
            .map(|part| look_over(bytes, &part, header_row))
            .unwrap_or_default()
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
    use super::*;

    #[test]
    fn rows_of_cell_names() {
        assert_eq!(row_of("AB12"), Some(12));
    }
}

//! Input stage: turn a CSV or spreadsheet file into a header and rows of text cells.
//!
//! CSV may be UTF-8 (with or without BOM), UTF-16 with a BOM, or clearly Windows-1252.
//! Spreadsheets (XLSX, XLS, ODS) are read from their first sheet; whole numbers come back as
//! integer text and date cells as `yyyy-mm-dd`. Row numbers are the ones the user sees.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::input_error::InputError;

/// A file read into text cells. Rows that are entirely blank are left out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// The file name (no folder), for locations.
    pub file: String,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// The header cells as written (trimmed, BOM removed).
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableRow {
    /// 1-based row number as the user sees it (the header is row 1 when it is the first line).
    pub number: usize,
    pub cells: Vec<String>,
}

/// The hint for a file that is not readable text.
pub(crate) const RESAVE_HINT: &str = "save the file as UTF-8: in Excel: File > Save As > CSV UTF-8 (Comma delimited); or save it as an Excel workbook (.xlsx)";

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
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The file name without its folder.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Read a CSV or spreadsheet file into a table.
pub(crate) fn read_table(path: &Path, bytes: &[u8]) -> Result<Table, InputError> {
    if is_spreadsheet(path, bytes) {
        read_spreadsheet(path, bytes)
    } else {
        let text = decode_text(path, bytes)?;
        read_csv(path, &text)
    }
}

/// Decode text: UTF-16 with a BOM, UTF-8 (BOM removed), or Windows-1252 when the bytes are
/// clearly Windows-1252 text. Anything else is refused.
pub(crate) fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, InputError> {
    let refuse = |reason: &str| InputError::NotText {
        file: path.display().to_string(),
        reason: reason.to_string(),
        hint: RESAVE_HINT.to_string(),
    };
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(refuse(&format!(
                "the file starts with a {} byte order mark but is not valid {} text",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return Err(refuse("the file is not text (it contains NUL bytes)"));
        }
        return Ok(text.to_string());
    }
    if looks_like_windows_1252(bytes) {
        let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    Err(refuse(
        "the file is not UTF-8 text, and not clearly Windows-1252 text either",
    ))
}

/// Plain text with a few 0x80–0xFF bytes that Windows-1252 defines: no NULs or other control
/// bytes (apart from tab, CR, LF), none of the five bytes Windows-1252 leaves undefined, and
/// mostly ASCII.
fn looks_like_windows_1252(bytes: &[u8]) -> bool {
    let mut high = 0usize;
    for &b in bytes {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            0x00..=0x1F | 0x7F => return false,
            0x81 | 0x8D | 0x8F | 0x90 | 0x9D => return false,
            0x80..=0xFF => high += 1,
            _ => {}
        }
    }
    high * 4 <= bytes.len()
}

fn read_csv(path: &Path, text: &str) -> Result<Table, InputError> {
    let file = file_name(path);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut number = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| InputError::Csv {
            file: path.display().to_string(),
            row: number + 1,
            message: csv_message(&e),
        })?;
        // The csv reader skips blank lines; Excel shows them as rows, so count them back in.
        let at = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        let blank = blank_lines_before(text.as_bytes(), at, number == 0);
        number += 1 + blank;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        rows.push(TableRow { number, cells });
    }
    into_table(path, file, None, rows)
}

/// The blank lines around byte `at`, where the csv reader starts a record: the run of line
/// breaks there holds the previous record's line end (unless `first`) and the blank lines.
fn blank_lines_before(bytes: &[u8], at: usize, first: bool) -> usize {
    let is_break = |i: usize| matches!(bytes.get(i), Some(b'\r' | b'\n'));
    let mut start = at.min(bytes.len());
    while start > 0 && is_break(start - 1) {
        start -= 1;
    }
    let mut end = at.min(bytes.len());
    while is_break(end) {
        end += 1;
    }
    let run = bytes.get(start..end).unwrap_or(&[]);
    let breaks = run.iter().filter(|&&b| b == b'\n').count()
        + run
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\r' && run.get(i + 1) != Some(&b'\n'))
            .count();
    if first {
        breaks
    } else {
        breaks.saturating_sub(1)
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8 text".to_string(),
        _ => e.to_string().to_lowercase(),
    }
}

fn read_spreadsheet(path: &Path, bytes: &[u8]) -> Result<Table, InputError> {
    let file = file_name(path);
    let spreadsheet_error = |message: String| InputError::Spreadsheet {
        file: path.display().to_string(),
        message,
        hint: "open it in Excel and save it again as an Excel workbook (.xlsx) or as CSV UTF-8"
            .to_string(),
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| spreadsheet_error(e.to_string()))?;
    let sheet = workbook.sheet_names().first().cloned();
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| spreadsheet_error("the workbook has no sheets".to_string()))?
        .map_err(|e| spreadsheet_error(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let first_row = first_row as usize;
    let first_col = first_col as usize;
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut texts = vec![String::new(); first_col];
            texts.extend(cells.iter().map(cell_text));
            TableRow {
                number: first_row + i + 1,
                cells: texts,
            }
        })
        .collect();
    into_table(path, file, sheet, rows)
}

/// The text of a spreadsheet cell as the user would type it.
fn cell_text(cell: &Data) -> String {
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

/// Drop blank rows, take the first row as the header.
fn into_table(
    path: &Path,
    file: String,
    sheet: Option<String>,
    rows: Vec<TableRow>,
) -> Result<Table, InputError> {
    let mut rows = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
    let Some(header) = rows.next() else {
        return Err(InputError::Empty {
            file: path.display().to_string(),
            sheet,
            hint: "the first row must name the columns".to_string(),
        });
    };
    let headers = header
        .cells
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    Ok(Table {
        file,
        sheet,
        headers,
        rows: rows.collect(),
    })
}

/// The columns of a table that a reader uses, looked up by their expected names.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    found: Vec<(&'static str, usize)>,
    headers: Vec<String>,
}

impl Table {
    /// Find the columns by name; a missing required column is an error listing the names.
    pub(crate) fn columns(
        &self,
        path: &Path,
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Columns, InputError> {
        let keys: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for &name in required.iter().chain(optional) {
            let key = header_key(name);
            match keys.iter().position(|k| *k == key) {
                Some(i) => found.push((name, i)),
                None if required.contains(&name) => missing.push(name.to_string()),
                None => {}
            }
        }
        if !missing.is_empty() {
            return Err(InputError::MissingColumn {
                file: path.display().to_string(),
                sheet: self.sheet.clone(),
                columns: missing,
                expected: required.join(", "),
                optional: optional.join(", "),
            });
        }
        Ok(Columns {
            found,
            headers: self.headers.clone(),
        })
    }
}

impl Columns {
    fn index(&self, name: &str) -> Option<usize> {
        self.found.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    }

    /// The trimmed cell, or "" when the column or the cell is absent.
    pub(crate) fn get<'a>(&self, row: &'a TableRow, name: &str) -> &'a str {
        self.index(name)
            .and_then(|i| row.cells.get(i))
            .map(|c| c.trim())
            .unwrap_or("")
    }

    /// The column's header as written in the file, or the expected name.
    pub(crate) fn label(&self, name: &str) -> String {
        self.index(name)
            .and_then(|i| self.headers.get(i))
            .cloned()
            .unwrap_or_else(|| name.to_string())
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

    #[test]
    fn csv_with_bom_crlf_and_blank_line() {
        let bytes = b"\xEF\xBB\xBFNHS Number,Name\r\n1,a\r\n\r\n2,b\r\n\r\n";
        let t = read_table(Path::new("p.csv"), bytes).unwrap();
        assert_eq!(t.headers, ["NHS Number", "Name"]);
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
        assert_eq!(t.rows[1].cells, ["2", "b"]);
    }

    #[test]
    fn csv_row_numbers_follow_records_with_line_breaks() {
        let bytes = b"a,b\n1,\"x\ny\"\n2,z\n";
        let t = read_table(Path::new("p.csv"), bytes).unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3]);
        let bytes = b"\r\na,b\r\n1,a\r\n\r\n2,b\r\n\r\n\n3,\"x\ny\"\n4,z\n\n";
        let t = read_table(Path::new("p.csv"), bytes).unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5, 8, 9]);
        let t = read_table(Path::new("p.csv"), b"a\r1\r\r2\r").unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
    }

    #[test]
    fn windows_1252_only_when_clear() {
        let text = decode_text(Path::new("p.csv"), b"name\nZo\xEB\n").unwrap();
        assert_eq!(text, "name\nZo\u{eb}\n");
        assert!(decode_text(Path::new("p.csv"), b"name\0\xEB\n").is_err());
        assert!(decode_text(Path::new("p.csv"), b"\x81\x82\x83\x84").is_err());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n1,Zo\u{eb}\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            decode_text(Path::new("p.csv"), &bytes).unwrap(),
            "a,b\n1,Zo\u{eb}\n"
        );
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(9434765919.0), "9434765919");
        assert_eq!(float_text(12.5), "12.5");
    }

    #[test]
    fn empty_file() {
        let e = read_table(Path::new("p.csv"), b"\n\n").unwrap_err();
        assert!(e.to_string().contains("no header row"), "{e}");
    }
}

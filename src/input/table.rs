//! Input stage: turn a CSV or spreadsheet file into a header and a stream of rows of text cells.
//!
//! CSV may be UTF-8 (with or without BOM), UTF-16 with a BOM, or clearly Windows-1252, and
//! delimited by commas, semicolons or tabs (sniffed from the header line). Rows are parsed one
//! at a time as the reader asks for them, so a big file is never held as a table of strings.
//! Spreadsheets (XLSX, XLS, ODS) are read from the first sheet whose header row has the
//! required columns; whole numbers come back as integer text and date cells as `yyyy-mm-dd`.
//! What the user may not expect (other sheets not read, hidden rows, merged cells, formulas
//! without a saved value) becomes a note. Row numbers are the ones the user sees.

use std::io::Cursor;
use std::path::Path;
use std::rc::Rc;

use calamine::{Data, Range, Reader, Sheets, open_workbook_auto_from_rs};

use super::input_error::InputError;
use crate::letter_fonts::LetterFonts;
use crate::model::{Location, Problem};

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

/// Open a CSV or spreadsheet file as a table. `required` are the columns the reader needs: a
/// workbook is read from the first sheet that has them all.
pub(crate) fn read_table(
    path: &Path,
    bytes: Vec<u8>,
    required: &[&str],
) -> Result<Table, InputError> {
    if is_spreadsheet(path, &bytes) {
        read_spreadsheet(path, &bytes, required)
    } else {
        let text = decode_text(path, bytes)?;
        read_csv(path, text)
    }
}

/// Decode text: UTF-16 with a BOM, UTF-8 (kept as it is, without a copy), or Windows-1252
/// when the bytes are clearly Windows-1252 text. Anything else is refused.
pub(crate) fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    let refuse = |reason: &str| InputError::NotText {
        file: path.display().to_string(),
        reason: reason.to_string(),
        hint: RESAVE_HINT.to_string(),
    };
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding == encoding_rs::UTF_8 {
            let mut bytes = bytes;
            bytes.drain(..3);
            return decode_text(path, bytes);
        }
        let (text, had_errors) = encoding.decode_with_bom_removal(&bytes);
        if had_errors {
            return Err(refuse(&format!(
                "the file starts with a {} byte order mark but is not valid {} text",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) if text.contains('\0') => {
            return Err(refuse("the file is not text (it contains NUL bytes)"));
        }
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    if looks_like_windows_1252(&bytes) {
        let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&bytes);
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

/// The delimiter of a CSV file: the most frequent of comma, semicolon and tab on the first
/// non-blank line (outside quotes); comma when there is none.
fn sniff_delimiter(text: &str) -> u8 {
    let line = text
        .split(['\n', '\r'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best })
        .0
}

/// The text of the file, shared by the csv reader and the blank-line counter.
#[derive(Clone)]
struct SharedText(Rc<String>);

impl AsRef<[u8]> for SharedText {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// CSV rows parsed one record at a time.
struct CsvRows {
    text: SharedText,
    records: csv::StringRecordsIntoIter<Cursor<SharedText>>,
    /// The number of the last row read, counting blank lines as Excel does.
    number: usize,
    file: String,
    failed: bool,
}

impl CsvRows {
    fn next_row(&mut self) -> Option<Result<TableRow, InputError>> {
        if self.failed {
            return None;
        }
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => {
                self.failed = true;
                return Some(Err(InputError::Csv {
                    file: self.file.clone(),
                    row: self.number + 1,
                    message: csv_message(&e),
                }));
            }
        };
        // The csv reader skips blank lines; Excel shows them as rows, so count them back in.
        let at = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        let blank = blank_lines_before(self.text.0.as_bytes(), at, self.number == 0);
        self.number += 1 + blank;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        Some(Ok(TableRow {
            number: self.number,
            cells,
        }))
    }
}

impl Iterator for CsvRows {
    type Item = Result<TableRow, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_row()? {
                Ok(row) if is_blank(&row) => continue,
                other => return Some(other),
            }
        }
    }
}

fn is_blank(row: &TableRow) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

fn read_csv(path: &Path, text: String) -> Result<Table, InputError> {
    let delimiter = sniff_delimiter(&text);
    let text = SharedText(Rc::new(text));
    let records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Cursor::new(text.clone()))
        .into_records();
    let mut rows = CsvRows {
        text,
        records,
        number: 0,
        file: path.display().to_string(),
        failed: false,
    };
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(e),
        None => return Err(empty(path, None)),
    };
    Ok(Table {
        file: file_name(path),
        sheet: None,
        headers: header_cells(&header),
        header_row: header.number,
        notes: Vec::new(),
        rows: Box::new(rows),
    })
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
        if let Some(cells) = self.range.rows().nth(index) {
            texts.extend(cells.iter().map(cell_text));
        }
        texts
    }

    fn has_columns(&self, required: &[&str]) -> bool {
        let Some(header) = self.header else {
            return false;
        };
        let keys: Vec<String> = self
            .row_texts(header)
            .iter()
            .map(|h| header_key(h))
            .collect();
        required.iter().all(|r| keys.contains(&header_key(r)))
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

fn read_spreadsheet(path: &Path, bytes: &[u8], required: &[&str]) -> Result<Table, InputError> {
    let file = file_name(path);
    let spreadsheet_error = |message: String| InputError::Spreadsheet {
        file: path.display().to_string(),
        message,
        hint: "open it in Excel and save it again as an Excel workbook (.xlsx) or as CSV UTF-8"
            .to_string(),
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| spreadsheet_error(e.to_string()))?;
    let visible: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    }
    // Visible sheets first, each in workbook order.
    let mut order: Vec<String> = names
        .iter()
        .filter(|n| visible.contains(n))
        .cloned()
        .collect();
    order.extend(names.iter().filter(|n| !visible.contains(n)).cloned());
    let mut sheets = Vec::new();
    for name in &order {
        match workbook.worksheet_range(name) {
            Ok(range) => sheets.push(SheetCells::new(name.clone(), range)),
            Err(e) if sheets.is_empty() && name == &order[0] => {
                return Err(spreadsheet_error(e.to_string()));
            }
            Err(_) => {}
        }
    }
    let chosen = sheets
        .iter()
        .position(|s| s.has_columns(required))
        .or_else(|| sheets.iter().position(|s| s.header.is_some()))
        .unwrap_or(0);
    if sheets.is_empty() {
        return Err(spreadsheet_error("the workbook has no sheets".to_string()));
    }
    let sheet = sheets.swap_remove(chosen);
    let others: Vec<String> = sheets
        .iter()
        .filter(|s| s.header.is_some())
        .map(|s| format!("\"{}\"", s.name))
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
    let mut notes = Vec::new();
    if !others.is_empty() {
        notes.push(Problem {
            location: location(None),
            message: format!(
                "the workbook has {} sheets with data; only sheet \"{}\" was read, not {}",
                others.len() + 1,
                sheet.name,
                others.join(", ")
            ),
            hint: Some(
                "put every patient on one sheet, or move the sheet to read to the front"
                    .to_string(),
            ),
        });
    }
    let (first_row, _) = sheet.origin();
    let header_number = first_row + header_index + 1;
    if let Sheets::Xlsx(xlsx) = &mut workbook {
        if let Ok(merged) = xlsx.merge_cells_by_sheet_name(&sheet.name) {
            let cells: Vec<String> = merged
                .iter()
                .filter(|d| d.end.0 as usize + 1 > header_number)
                .map(|d| format!("{}:{}", cell_name(d.start), cell_name(d.end)))
                .collect();
            if !cells.is_empty() {
                notes.push(Problem {
                    location: location(None),
                    message: format!(
                        "merged cells {}: only the first cell of each holds the value, the others are read as empty",
                        shortened(&cells)
                    ),
                    hint: Some(
                        "unmerge the cells (Home > Merge & Center > Unmerge Cells) and fill in every row"
                            .to_string(),
                    ),
                });
            }
        }
        let hidden = hidden_rows(bytes, &sheet.name);
        let hidden: Vec<String> = hidden
            .iter()
            .filter(|&&r| r > header_number)
            .map(|r| r.to_string())
            .collect();
        if !hidden.is_empty() {
            notes.push(Problem {
                location: location(None),
                message: format!(
                    "row{} {} {} hidden in Excel (or filtered out); hidden rows are read like any other",
                    if hidden.len() == 1 { "" } else { "s" },
                    shortened(&hidden),
                    if hidden.len() == 1 { "is" } else { "are" }
                ),
                hint: Some(
                    "unhide the rows and check them; delete the rows of patients who should get no letter"
                        .to_string(),
                ),
            });
        }
    }
    if let Ok(formulas) = workbook.worksheet_formula(&sheet.name) {
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        let cells: Vec<String> = formulas
            .used_cells()
            .filter(|(_, _, formula)| !formula.trim().is_empty())
            .map(|(r, c, _)| (fr + r as u32, fc + c as u32))
            .filter(|&(r, _)| r as usize + 1 > header_number)
            .map(cell_name)
            .collect();
        if !cells.is_empty() {
            let one = cells.len() == 1;
            notes.push(Problem {
                location: location(None),
                message: format!(
                    "cell{} {} hold{} a formula; the value Excel last saved is read (empty or 0 if the file was never opened in Excel)",
                    if one { "" } else { "s" },
                    shortened(&cells),
                    if one { "s" } else { "" }
                ),
                hint: Some(
                    "check these cells; to be sure, replace formulas by their values (Copy, then Paste Special > Values)"
                        .to_string(),
                ),
            });
        }
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

/// A cell's A1 name from its 0-based (row, column).
fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.insert(0, (b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row as u64 + 1)
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

/// The 1-based numbers of the rows an XLSX sheet marks hidden (Excel's hide or filter).
/// Anything unreadable gives none: this only feeds a note.
fn hidden_rows(bytes: &[u8], sheet_name: &str) -> Vec<usize> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    // Each part is parsed as it is inflated, never held whole.
    let mut elements = |name: &str, local_name: &[u8], keep: &dyn Fn(&Attributes) -> bool| {
        let file = zip.by_name(name).ok()?;
        Some(xml_elements(
            std::io::BufReader::new(file),
            local_name,
            keep,
        ))
    };
    fn get(attrs: &Attributes, key: &str) -> Option<String> {
        attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
    let Some(id) = elements("xl/workbook.xml", b"sheet", &|a| {
        get(a, "name").as_deref() == Some(sheet_name)
    })
    .unwrap_or_default()
    .first()
    .and_then(|a| get(a, "r:id")) else {
        return Vec::new();
    };
    let Some(target) = elements("xl/_rels/workbook.xml.rels", b"Relationship", &|a| {
        get(a, "Id").as_deref() == Some(id.as_str())
    })
    .unwrap_or_default()
    .first()
    .and_then(|a| get(a, "Target")) else {
        return Vec::new();
    };
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    elements(&part, b"row", &|a| {
        matches!(get(a, "hidden").as_deref(), Some("1" | "true"))
    })
    .unwrap_or_default()
    .iter()
    .filter_map(|a| get(a, "r")?.parse().ok())
    .collect()
}

/// An XML element's attributes: (qualified name, unescaped value).
type Attributes = Vec<(String, String)>;

/// The attributes of every element with this local name that `keep` accepts.
fn xml_elements(
    xml: impl std::io::BufRead,
    local_name: &[u8],
    keep: &dyn Fn(&Attributes) -> bool,
) -> Vec<Attributes> {
    use quick_xml::events::Event;
    let mut found = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let Ok(event) = reader.read_event_into(&mut buf) else {
            break;
        };
        match event {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == local_name => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = String::from_utf8(a.key.as_ref().to_vec()).ok()?;
                        Some((key, a.unescape_value().ok()?.into_owned()))
                    })
                    .collect();
                if keep(&attrs) {
                    found.push(attrs);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
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

/// The columns of a table that a reader uses, looked up by their expected names.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    found: Vec<(&'static str, usize)>,
    headers: Vec<String>,
}

impl Table {
    /// Find the columns by name. A missing required column is an error listing the names; so
    /// is a column the reader uses appearing twice. Columns the reader does not use become a
    /// note (often a misspelt name).
    pub(crate) fn columns(
        &mut self,
        path: &Path,
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Columns, InputError> {
        let keys: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for &name in required.iter().chain(optional) {
            let key = header_key(name);
            let at: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
            match at.as_slice() {
                [] if required.contains(&name) => missing.push(name.to_string()),
                [] => {}
                [i] => found.push((name, *i)),
                several => {
                    return Err(InputError::DuplicateColumn {
                        file: path.display().to_string(),
                        sheet: self.sheet.clone(),
                        name: name.to_string(),
                        columns: several
                            .iter()
                            .map(|&i| format!("{} (\"{}\")", column_letter(i), self.headers[i]))
                            .collect(),
                    });
                }
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
        let unused: Vec<String> = self
            .headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.is_empty() && !found.iter().any(|(_, f)| f == i))
            .map(|(_, h)| format!("\"{h}\""))
            .collect();
        if !unused.is_empty() {
            let note = Problem {
                location: self.location(Some(self.header_row), None),
                message: format!(
                    "column{} {} not used",
                    if unused.len() == 1 { "" } else { "s" },
                    if unused.len() == 1 {
                        format!("{} is", unused[0])
                    } else {
                        format!("{} are", shortened(&unused))
                    }
                ),
                hint: Some(format!(
                    "if one is misspelt, rename it; the columns read are: {}",
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            self.notes.push(note);
        }
        Ok(Columns {
            found,
            headers: self.headers.clone(),
        })
    }
}

/// The first character in a cell that must not reach a letter: C0 and C1 controls (a tab or
/// line break inside a name included), the bidirectional marks, overrides, embeddings and
/// isolates, U+FEFF, invisible breaks and the soft hyphen, private-use characters (the compose stage uses some as markers) and
/// noncharacters (PDF/UA forbids them).
pub(crate) fn control_character(cell: &str) -> Option<char> {
    cell.chars().find(|&c| {
        let n = c as u32;
        c.is_control()
            || matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
                    // Invisible breaks and hyphens: a soft hyphen prints as "-" where a line
                    // breaks and drops out of extracted text (found by tests/hostile_text.rs).
                    | '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}'
            )
            || (0xE000..=0xF8FF).contains(&n)
            || n >= 0xF0000
            || (0xFDD0..=0xFDEF).contains(&n)
            || n & 0xFFFE == 0xFFFE
    })
}

/// A control character's code point and, for the usual ones, its name.
fn control_name(c: char) -> String {
    let name = match c {
        '\t' => " TAB",
        '\n' => " LINE FEED",
        '\r' => " CARRIAGE RETURN",
        '\u{202E}' => " RIGHT-TO-LEFT OVERRIDE",
        '\u{202D}' => " LEFT-TO-RIGHT OVERRIDE",
        '\u{200F}' => " RIGHT-TO-LEFT MARK",
        '\u{200E}' => " LEFT-TO-RIGHT MARK",
        '\u{FEFF}' => " ZERO WIDTH NO-BREAK SPACE",
        '\u{00AD}' => " SOFT HYPHEN",
        '\u{200B}' => " ZERO WIDTH SPACE",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// A column's spreadsheet letter from its 0-based index (A, B, …, Z, AA, …).
pub(crate) fn column_letter(index: usize) -> String {
    let name = cell_name((0, index as u32));
    name.trim_end_matches('1').to_string()
}

/// The most characters a cell the readers use may hold. The longest real names and address
/// lines are well under 100; anything longer is usually several cells run together.
pub(crate) const MAX_CELL_CHARS: usize = 200;

impl Columns {
    /// The used columns whose cell in `row` is longer than [`MAX_CELL_CHARS`], with the length.
    pub(crate) fn overlong(&self, row: &TableRow) -> Vec<(&'static str, usize)> {
        self.found
            .iter()
            .filter_map(|&(name, i)| {
                let cell = row.cells.get(i)?;
                // Bytes bound characters from above: count only when it may matter.
                (cell.len() > MAX_CELL_CHARS)
                    .then(|| cell.trim().chars().count())
                    .filter(|&n| n > MAX_CELL_CHARS)
                    .map(|n| (name, n))
            })
            .collect()
    }

    /// A problem for each used cell of the row that is too long or holds an invisible
    /// control character (which could reorder or hide text on a letter).
    pub(crate) fn cell_problems(
        &self,
        row: &TableRow,
        location: &dyn Fn(usize, &str) -> Location,
    ) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self
            .overlong(row)
            .into_iter()
            .map(|(name, n)| Problem {
                location: location(row.number, name),
                message: format!(
                    "the cell is {n} characters long; a cell may hold at most {MAX_CELL_CHARS}"
                ),
                hint: Some(
                    "check the cell: it may hold several cells' text run together".to_string(),
                ),
            })
            .collect();
        for &(name, i) in &self.found {
            let Some(cell) = row.cells.get(i).map(|cell| cell.trim()) else {
                continue;
            };
            if let Some(c) = control_character(cell) {
                problems.push(Problem {
                    location: location(row.number, name),
                    message: format!(
                        "the cell holds an invisible or unprintable character ({})",
                        control_name(c)
                    ),
                    hint: Some(
                        "retype the cell: the character usually comes from copying text out of another program"
                            .to_string(),
                    ),
                });
            } else if let Some(c) = LetterFonts::shipped().unprintable(cell) {
                problems.push(Problem {
                    location: location(row.number, name),
                    message: format!(
                        "the cell holds a character the letters cannot print (U+{:04X}): no letter font has it, or has it with the character before it",
                        c as u32
                    ),
                    hint: Some(
                        "check the cell against the record it came from (names and addresses on the Spine are in Latin letters) and retype it"
                            .to_string(),
                    ),
                });
            }
        }
        problems
    }
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

    fn rows(mut table: Table) -> Vec<TableRow> {
        table.rows().map(Result::unwrap).collect()
    }

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
        let t = read_table(Path::new("p.csv"), bytes.to_vec(), &[]).unwrap();
        assert_eq!(t.headers, ["NHS Number", "Name"]);
        let rows = rows(t);
        let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
        assert_eq!(rows[1].cells, ["2", "b"]);
    }

    #[test]
    fn csv_row_numbers_follow_records_with_line_breaks() {
        let bytes = b"a,b\n1,\"x\ny\"\n2,z\n";
        let t = read_table(Path::new("p.csv"), bytes.to_vec(), &[]).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3]);
        let bytes = b"\r\na,b\r\n1,a\r\n\r\n2,b\r\n\r\n\n3,\"x\ny\"\n4,z\n\n";
        let t = read_table(Path::new("p.csv"), bytes.to_vec(), &[]).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5, 8, 9]);
        let t = read_table(Path::new("p.csv"), b"a\r1\r\r2\r".to_vec(), &[]).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
    }

    #[test]
    fn windows_1252_only_when_clear() {
        let text = decode_text(Path::new("p.csv"), b"name\nZo\xEB\n".to_vec()).unwrap();
        assert_eq!(text, "name\nZo\u{eb}\n");
        assert!(decode_text(Path::new("p.csv"), b"name\0\xEB\n".to_vec()).is_err());
        assert!(decode_text(Path::new("p.csv"), b"\x81\x82\x83\x84".to_vec()).is_err());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n1,Zo\u{eb}\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            decode_text(Path::new("p.csv"), bytes).unwrap(),
            "a,b\n1,Zo\u{eb}\n"
        );
    }

    #[test]
    fn characters_that_must_not_reach_a_letter() {
        // Found by the letters fuzz target: each broke the PDF export of its print file, or
        // (private use) could pose as the compose stage's own markers.
        for c in [
            '\u{4}',
            '\u{FEFF}',
            '\u{E000}',
            '\u{E001}',
            '\u{FFFE}',
            '\u{FDD0}',
            '\u{10FFFD}',
            '\u{202E}',
            '\t',
            '\u{AD}', // soft hyphen: found by tests/hostile_text.rs
            '\u{200B}',
        ] {
            let cell = format!("Ann{c}e");
            assert_eq!(control_character(&cell), Some(c), "{:?}", c);
        }
        for ok in [
            "Zoë",
            "O'Brien",
            "Łukasz",
            "محمد",
            "王",
            "Flat 3, 12 Road",
            "#set text(red)",
        ] {
            assert_eq!(control_character(ok), None, "{ok}");
        }
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(9434765919.0), "9434765919");
        assert_eq!(float_text(12.5), "12.5");
    }

    #[test]
    fn empty_file() {
        let Err(e) = read_table(Path::new("p.csv"), b"\n\n".to_vec(), &[]) else {
            panic!("an empty file was read");
        };
        assert!(e.to_string().contains("no header row"), "{e}");
    }
}

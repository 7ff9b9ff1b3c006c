//! Input stage: the limits every input file is read within, so that a wrong or hostile file
//! (a workbook that inflates to gigabytes, a line with no break, millions of rows) is refused
//! promptly, naming the file, the limit and what to do, instead of taking the machine down.
//! No real list comes near them: the largest GP practice lists are about 100,000 patients.

use std::io::Cursor;
use std::path::Path;

use super::input_error::InputError;
use crate::model::thousands;

/// The limits input files are read within. [`Limits::default`] holds the real ones, stated in
/// the README; tests set lower ones to exercise them with small files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in a patients or practices file.
    pub file_bytes: u64,
    /// Bytes in `closure.toml`.
    pub closure_bytes: u64,
    /// Data rows in a patients file.
    pub patient_rows: usize,
    /// Data rows in a practices file.
    pub practice_rows: usize,
    /// Bytes in any one line of a CSV file.
    pub line_bytes: usize,
    /// Columns in any row.
    pub columns: usize,
    /// Bytes any one part of an XLSX or ODS workbook may inflate to.
    pub part_bytes: u64,
    /// How many times its compressed size a part over [`Limits::ratio_above`] bytes may
    /// inflate to.
    pub part_ratio: u64,
    /// Parts up to this size are not held to [`Limits::part_ratio`] (a small sheet of empty
    /// cells compresses very well).
    pub ratio_above: u64,
    /// Bytes of text in any one cell of a workbook (as for a CSV line).
    pub cell_bytes: usize,
    /// Cells an ODS workbook's sheets may lay out (rows by columns, repeats counted): an ODS
    /// workbook is read whole, as a grid, for the values and again for the formulas, and the
    /// reader copies the sheet it reads. A cell costs about 60 bytes, and 230 when every cell
    /// holds a formula: 2,000,000 such cells measured 476 MB (10,000,000 measured 2.3 GB),
    /// and [`Limits::ods_bytes`] refuses them first.
    pub grid_cells: u64,
    /// Bytes of memory reading an ODS workbook may take: the reader copies a text into every
    /// cell it is repeated across, so this is worked out from `content.xml` first (see
    /// `table::ods`: the grids, every copy of every text and formula, the file itself). The
    /// estimate is within a few percent of what calamine takes; the worst files under it (a
    /// 1 MB text repeated across 200 cells, on one sheet or two) measured 420 MB in all.
    pub ods_bytes: u64,
    /// Bytes of memory reading an XLS (Excel 97–2003) workbook may take: it is read whole,
    /// every sheet laid out as a grid, so this is worked out from its records first (see
    /// `table::xls`), the file itself included.
    pub xls_bytes: u64,
    /// Bytes the shared-strings part of an XLSX or XLSB workbook (its table of every distinct
    /// text, `sharedStrings.xml` or `sharedStrings.bin`) may inflate to: the reader holds it all.
    pub shared_strings_bytes: u64,
    /// Bytes any other part the spreadsheet reader holds whole may inflate to: the
    /// workbook's list of sheets and names, its styles, its relationships (everything but
    /// the sheets, read row by row, and the table of texts, held to its own limit).
    pub whole_part_bytes: u64,
    /// Texts that table may hold: the reader holds each as a text of its own, about 56 bytes
    /// even when it is one letter (a real list of 100,000 patients has well under 1,000,000).
    pub shared_strings_texts: u64,
    /// Bytes of any one record of an XLSB workbook's sheets, table of texts, styles or
    /// workbook part: the reader holds a record whole (a record can say it is 256 MB), and no
    /// real one is near this (a cell's text of 32,767 characters is 64 KB).
    pub record_bytes: u64,
    /// Bytes of text in the rows of a sheet read row by row (XLSX, XLSB): each row is copied
    /// and looked through as it is read, and a workbook can name one text of 1 MB in every
    /// cell (a real list of 500,000 rows of 18 cells is under 200 MB).
    pub sheet_text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 256 << 20,
            closure_bytes: 1 << 20,
            patient_rows: 500_000,
            practice_rows: 20_000,
            line_bytes: 1 << 20,
            columns: 256,
            part_bytes: 1 << 30,
            part_ratio: 100,
            ratio_above: 64 << 20,
            cell_bytes: 1 << 20,
            grid_cells: 2_000_000,
            ods_bytes: 400 << 20,
            xls_bytes: 480 << 20,
            shared_strings_bytes: 128 << 20,
            whole_part_bytes: 16 << 20,
            shared_strings_texts: 4_000_000,
            record_bytes: 2 << 20,
            sheet_text_bytes: 512 << 20,
        }
    }
}

/// A size in MB, or in bytes below 1 MB.
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", thousands(bytes >> 20))
    } else {
        format!("{} bytes", thousands(bytes))
    }
}

fn too_big(path: &Path, what: String, limit: String, hint: &str) -> InputError {
    InputError::TooBig {
        file: path.display().to_string(),
        what,
        limit,
        hint: hint.to_string(),
    }
}

/// Refuses a file bigger than `limit` (read no further than one byte past it).
pub(crate) fn within_file_size(
    path: &Path,
    bytes: Vec<u8>,
    limit: u64,
) -> Result<Vec<u8>, InputError> {
    if bytes.len() as u64 <= limit {
        return Ok(bytes);
    }
    Err(too_big(
        path,
        format!("it is more than {}", size(limit)),
        format!("{} for this file", size(limit)),
        "check that this is the right file: a patient list of 100,000 rows is about 20 MB as CSV",
    ))
}

const LONG_LINE: &str = "this does not look like a list for this tool: check that it is the right file, saved as CSV (a quote left open can also run lines together)";

/// The error for a line longer than the limit in a file read as it streams.
pub(crate) fn line_too_long(path: &Path, line: usize, limits: &Limits) -> InputError {
    too_big(
        path,
        format!(
            "line {line} is more than {} long",
            size(limits.line_bytes as u64)
        ),
        format!("{} for one line", size(limits.line_bytes as u64)),
        LONG_LINE,
    )
}

/// Refuses a CSV text with a line longer than the limit, naming the line. A line ends at a
/// line feed, a carriage return and line feed, or a carriage return alone (old Mac files).
pub(crate) fn check_lines(path: &Path, text: &str, limits: &Limits) -> Result<(), InputError> {
    let bytes = text.as_bytes();
    let (mut line, mut start) = (1, 0);
    let check = |line: usize, length: usize| {
        if length <= limits.line_bytes {
            return Ok(());
        }
        Err(too_big(
            path,
            format!("line {line} is {} long", size(length as u64)),
            format!("{} for one line", size(limits.line_bytes as u64)),
            LONG_LINE,
        ))
    };
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            let end = if b == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            check(line, end - start)?;
            line += 1;
            start = i + 1;
        }
    }
    check(line, bytes.len() - start)
}

/// Refuses a workbook (XLSX, XLSB, ODS: a zip) with a part that would inflate past the
/// limits: first from the sizes its zip directory gives, before anything is inflated, then by
/// inflating each part and counting (a zip directory can lie), with no part held whole.
pub(crate) fn check_parts(path: &Path, bytes: &[u8], limits: &Limits) -> Result<(), InputError> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    // A zip the reader cannot open is for the spreadsheet reader to report.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        check_part_size(path, &name, part.size(), part.compressed_size(), limits)?;
    }
    let records = record_parts(&mut archive, limits);
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let compressed = part.compressed_size();
        let of_records = records.as_ref().is_some_and(|r| r.holds(&name));
        scan_part(path, &name, of_records, compressed, part, limits)?;
    }
    Ok(())
}

const NOT_A_LIST: &str = "this does not look like a patient or practice list: check that it is the right file, or save the sheet as CSV UTF-8 and use that";

fn check_part_size(
    path: &Path,
    name: &str,
    inflated: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), InputError> {
    let compressed = compressed.max(1);
    if inflated > limits.part_bytes {
        return Err(too_big(
            path,
            format!("its part {name} would be {} uncompressed", size(inflated)),
            format!("{} for any part of a workbook", size(limits.part_bytes)),
            NOT_A_LIST,
        ));
    }
    if inflated > limits.ratio_above && inflated / compressed > limits.part_ratio {
        return Err(too_big(
            path,
            format!(
                "its part {name} would inflate {} times, from {} to {}",
                thousands(inflated / compressed),
                size(compressed),
                size(inflated)
            ),
            format!(
                "{} times for a part over {}",
                limits.part_ratio,
                size(limits.ratio_above)
            ),
            NOT_A_LIST,
        ));
    }
    if shared_strings(name).is_some() && inflated > limits.shared_strings_bytes {
        return Err(shared_strings_too_big(path, name, inflated, limits));
    }
    if held_whole(name) && inflated > limits.whole_part_bytes {
        return Err(too_big(
            path,
            format!("its part {name} would be {} uncompressed", size(inflated)),
            format!(
                "{} for a part that is read whole (the list of sheets, the styles, the links between parts)",
                size(limits.whole_part_bytes)
            ),
            NOT_A_LIST,
        ));
    }
    Ok(())
}

/// Whether the spreadsheet reader holds a part whole and it has no limit of its own: an
/// XML, relationships or binary part other than a sheet (read row by row; an ODS
/// workbook's `content.xml` is estimated whole), the table of texts, and what the reader
/// never opens (drawings, charts, pictures, embedded files, printer settings, macros).
fn held_whole(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let kind = [".xml", ".rels", ".bin"]
        .iter()
        .any(|ending| lower.ends_with(ending));
    let own_limit = shared_strings(name).is_some() || lower == "content.xml";
    let not_read = [
        "worksheets/",
        "chartsheets/",
        "dialogsheets/",
        "macrosheets/",
        "drawings/",
        "charts/",
        "media/",
        "embeddings/",
        "printersettings/",
        "vbaproject",
    ]
    .iter()
    .any(|part| lower.contains(part));
    kind && !own_limit && !not_read
}

/// Whether a part is a workbook's table of texts: `Some(true)` for XLSX's
/// `sharedStrings.xml`, `Some(false)` for XLSB's `sharedStrings.bin`.
fn shared_strings(name: &str) -> Option<bool> {
    let file = name.rsplit('/').next()?;
    if file.eq_ignore_ascii_case("sharedStrings.xml") {
        Some(true)
    } else if file.eq_ignore_ascii_case("sharedStrings.bin") {
        Some(false)
    } else {
        None
    }
}

const TOO_MUCH_TEXT: &str = "no patient list needs this much text: check that it is the right file; if it is, save the sheet as CSV UTF-8 and use that";

fn shared_strings_too_big(path: &Path, name: &str, inflated: u64, limits: &Limits) -> InputError {
    too_big(
        path,
        format!(
            "its table of texts ({name}) is {} uncompressed",
            size(inflated)
        ),
        format!(
            "{} for the table of texts",
            size(limits.shared_strings_bytes)
        ),
        TOO_MUCH_TEXT,
    )
}

fn too_many_texts(path: &Path, name: &str, limits: &Limits) -> InputError {
    too_big(
        path,
        format!(
            "its table of texts ({name}) holds more than {} texts",
            thousands(limits.shared_strings_texts)
        ),
        format!(
            "{} texts in the table of texts",
            thousands(limits.shared_strings_texts)
        ),
        TOO_MUCH_TEXT,
    )
}

/// The parts of an XLSB workbook its reader reads as BIFF12 records (and so holds a record
/// of whole): the workbook, the table of texts, the styles, and the sheets, which the reader
/// finds through the workbook's relationships under `xl/worksheets/`, `xl/chartsheets/` or
/// `xl/dialogsheets/`, matching names without regard to case. `None` for a workbook that is
/// not XLSB.
struct RecordParts {
    /// Relationship files the workbook names as sheets (`.rels` parts are otherwise XML).
    named_rels: std::collections::HashSet<String>,
}

/// How the reader matches a part's name.
fn normalised(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

const SHEET_FOLDERS: [&str; 3] = ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"];

/// How many sheets' relationships are kept to match (a workbook names one per sheet).
const NAMED_RELS: usize = 10_000;

impl RecordParts {
    fn holds(&self, name: &str) -> bool {
        let name = normalised(name);
        matches!(
            name.as_str(),
            "xl/workbook.bin" | "xl/sharedstrings.bin" | "xl/styles.bin"
        ) || (SHEET_FOLDERS.iter().any(|f| name.starts_with(f))
            && (!name.ends_with(".rels") || self.named_rels.contains(&name)))
    }
}

fn record_parts<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &Limits,
) -> Option<RecordParts> {
    use quick_xml::events::Event;
    let is_xlsb = archive
        .file_names()
        .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("xl/workbook.bin")));
    if !is_xlsb {
        return None;
    }
    let mut named_rels = std::collections::HashSet::new();
    // The reader looks this part up by its exact name.
    if let Ok(rels) = archive.by_name("xl/_rels/workbook.bin.rels") {
        let rels = std::io::Read::take(rels, limits.part_bytes);
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(rels));
        let mut buf = Vec::new();
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Relationship" => {
                    let target = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.as_ref() == b"Target")
                        .map(|a| normalised(&format!("xl/{}", String::from_utf8_lossy(&a.value))));
                    if let Some(target) = target
                        && target.ends_with(".rels")
                        && named_rels.len() < NAMED_RELS
                    {
                        named_rels.insert(target);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }
    Some(RecordParts { named_rels })
}

/// Reads the headers of BIFF12 records as a part inflates: each record is its type (one or
/// two bytes of 7 bits) and its size (one to four bytes of 7 bits), then that many bytes, as
/// calamine's XLSB reader reads them.
#[derive(Default)]
struct Records {
    state: RecordState,
    kind: u16,
    size: u64,
    size_bytes: u32,
    /// Bytes of the current record still to skip.
    rest: u64,
    /// Records that are a text of the table of texts (BrtSSTItem).
    texts: u64,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum RecordState {
    #[default]
    Kind,
    KindHigh,
    Size,
    Data,
}

/// The record type of a text in the table of texts.
const BRT_SST_ITEM: u16 = 0x0013;

impl Records {
    /// Reads on; gives the size of a record over `limit` as soon as its header says it.
    fn read(&mut self, mut bytes: &[u8], limit: u64) -> Result<(), u64> {
        while !bytes.is_empty() {
            if self.state == RecordState::Data {
                let skip = self.rest.min(bytes.len() as u64) as usize;
                bytes = &bytes[skip..];
                self.rest -= skip as u64;
                if self.rest == 0 {
                    self.state = RecordState::Kind;
                }
                continue;
            }
            let b = bytes[0];
            bytes = &bytes[1..];
            match self.state {
                RecordState::Kind => {
                    self.kind = u16::from(b & 0x7F);
                    (self.size, self.size_bytes) = (0, 0);
                    self.state = if b & 0x80 != 0 {
                        RecordState::KindHigh
                    } else {
                        RecordState::Size
                    };
                }
                RecordState::KindHigh => {
                    self.kind += u16::from(b & 0x7F) << 7;
                    self.state = RecordState::Size;
                }
                RecordState::Size => {
                    self.size += u64::from(b & 0x7F) << (7 * self.size_bytes);
                    self.size_bytes += 1;
                    if b & 0x80 == 0 || self.size_bytes == 4 {
                        if self.size > limit {
                            return Err(self.size);
                        }
                        if self.kind == BRT_SST_ITEM {
                            self.texts += 1;
                        }
                        self.rest = self.size;
                        self.state = if self.rest > 0 {
                            RecordState::Data
                        } else {
                            RecordState::Kind
                        };
                    }
                }
                RecordState::Data => unreachable!("handled above"),
            }
        }
        Ok(())
    }
}

/// Inflates one part, counting, and refuses it as soon as it passes a limit: its size, its
/// compression ratio, one cell's text (the longest run of bytes without a `<`), for a part
/// of records (`of_records`, XLSB) the size of each record, and for the table of texts its
/// size, how many texts it holds and (XLSX) the count it says it holds (which the reader
/// would set memory aside for).
fn scan_part(
    path: &Path,
    name: &str,
    of_records: bool,
    compressed: u64,
    mut part: impl std::io::Read,
    limits: &Limits,
) -> Result<(), InputError> {
    let shared = shared_strings(name);
    let shared_xml = shared == Some(true);
    let xml = name.to_ascii_lowercase().ends_with(".xml");
    let mut records = of_records.then(Records::default);
    let mut buf = vec![0u8; 64 << 10];
    let (mut inflated, mut run) = (0u64, 0usize);
    // The start of the part, for the count of texts a table of texts says it holds.
    let mut head: Vec<u8> = Vec::new();
    let mut texts = 0u64;
    let mut previous = [0u8; 3];
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            // A part that cannot be inflated is for the spreadsheet reader to report.
            Err(_) => return Ok(()),
        };
        inflated += n as u64;
        check_part_size(path, name, inflated, compressed, limits)?;
        if let Some(records) = &mut records {
            if let Err(record) = records.read(&buf[..n], limits.record_bytes) {
                return Err(too_big(
                    path,
                    format!(
                        "a record in its part {name} is {} bytes long",
                        thousands(record)
                    ),
                    format!(
                        "{} for one record of an Excel binary workbook (.xlsb)",
                        size(limits.record_bytes)
                    ),
                    NOT_A_LIST,
                ));
            }
            if shared.is_some() && records.texts > limits.shared_strings_texts {
                return Err(too_many_texts(path, name, limits));
            }
        }
        if !xml {
            continue;
        }
        let mut longest = 0;
        for &b in &buf[..n] {
            // XML allows no `<` inside a text or an attribute: the bytes between two are at
            // most one tag and one text.
            if b == b'<' {
                run = 0;
            } else {
                run += 1;
                longest = longest.max(run);
            }
            if shared_xml && previous == *b"<si" && (b == b'>' || b == b' ' || b == b'/') {
                texts += 1;
            }
            previous = [previous[1], previous[2], b];
        }
        if longest > limits.cell_bytes {
            return Err(too_big(
                path,
                format!("a cell in its part {name} is too long"),
                format!("{} for one cell", size(limits.cell_bytes as u64)),
                NOT_A_LIST,
            ));
        }
        if shared_xml && texts > limits.shared_strings_texts {
            return Err(too_many_texts(path, name, limits));
        }
        if shared_xml && head.len() < 4096 {
            head.extend_from_slice(&buf[..n.min(4096)]);
        }
    }
    if shared_xml && let Some(said) = unique_count(&head) {
        // `<si/>` holds no text and is not counted by the reader; allow for it.
        if said > texts.max(1) * 2 + 1_000 {
            return Err(too_big(
                path,
                format!(
                    "its table of texts ({name}) says it holds {} texts but holds {}",
                    thousands(said),
                    thousands(texts)
                ),
                "a count no bigger than the texts it holds (the reader sets memory aside for that many)".to_string(),
                "the file is damaged or was not made by a spreadsheet program: open it in Excel and save it again, or save the sheet as CSV UTF-8",
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` a table of texts starts with.
fn unique_count(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let start = text.find("uniqueCount=")? + "uniqueCount=".len();
    let rest = text[start..].trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().or(Some(u64::MAX))
}

/// The error for an ODS workbook whose sheets would lay out more cells than the limit.
pub(crate) fn grid_too_big(path: &Path, cells: u64, limits: &Limits) -> InputError {
    too_big(
        path,
        format!("its sheets would be {} cells", thousands(cells)),
        format!(
            "{} cells for an ODS workbook, which is read whole",
            thousands(limits.grid_cells)
        ),
        "delete the empty rows and columns after the list, or save the sheet as an Excel workbook (.xlsx) or CSV UTF-8, which are read row by row",
    )
}

/// The error for a sheet whose rows hold more text than the limit.
pub(crate) fn too_much_text(path: &Path, limits: &Limits) -> InputError {
    too_big(
        path,
        format!(
            "its rows hold more than {} of text",
            size(limits.sheet_text_bytes)
        ),
        format!(
            "{} of text in a sheet's rows",
            size(limits.sheet_text_bytes)
        ),
        TOO_MUCH_TEXT,
    )
}

/// The error for an ODS workbook that would take more memory to read than the limit.
pub(crate) fn ods_too_big(path: &Path, bytes: u64, limits: &Limits) -> InputError {
    too_big(
        path,
        format!("reading it would take at least {} of memory", size(bytes)),
        format!(
            "{} for an ODS workbook, which is read whole",
            size(limits.ods_bytes)
        ),
        "save the sheet as an Excel workbook (.xlsx) or CSV UTF-8, which are read row by row; a text repeated across many cells (a whole column filled with the same long text) is copied into each",
    )
}

/// The error for a cell of an ODS workbook whose text would be longer than the limit (its
/// spaces can be written as a count, so it can be longer than the file).
pub(crate) fn ods_cell_too_long(path: &Path, limits: &Limits) -> InputError {
    too_big(
        path,
        "a cell in its part content.xml is too long".to_string(),
        format!("{} for one cell", size(limits.cell_bytes as u64)),
        NOT_A_LIST,
    )
}

/// The error for an XLS workbook that would take more memory to read than the limit.
pub(crate) fn xls_too_big(path: &Path, bytes: u64, limits: &Limits) -> InputError {
    too_big(
        path,
        format!("reading it would take at least {} of memory", size(bytes)),
        format!(
            "{} for an Excel 97–2003 workbook (.xls), which is read whole",
            size(limits.xls_bytes)
        ),
        "open it in Excel and save it as an Excel workbook (.xlsx) or CSV UTF-8, which are read row by row (delete any empty rows and columns after the list first)",
    )
}

/// The error for a file with more data rows than `limit`.
pub(crate) fn too_many_rows(path: &Path, limit: usize, kind: &str) -> InputError {
    too_big(
        path,
        format!("it has more than {} data rows", thousands(limit as u64)),
        format!("{} rows for a {kind} file", thousands(limit as u64)),
        "no GP practice list is this big: check that this is the closing practice's list, not a national extract or another file",
    )
}

/// The error for a row with more cells than `limit`.
pub(crate) fn too_many_columns(path: &Path, row: usize, found: usize, limit: usize) -> InputError {
    too_big(
        path,
        format!("row {row} has {} columns", thousands(found as u64)),
        format!("{limit} columns"),
        "check that this is the right file, with one column for each field and nothing to the right of them",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_read_them() {
        assert_eq!(thousands(500_000), "500,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(size(1 << 30), "1,024 MB");
        assert_eq!(size(512), "512 bytes");
    }

    #[test]
    fn parts_read_whole_are_held_to_their_own_limit() {
        for whole in [
            "xl/workbook.xml",
            "xl/workbook.bin",
            "xl/styles.xml",
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
            "styles.xml",
        ] {
            assert!(held_whole(whole), "{whole}");
        }
        for own in [
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet1.bin",
            "xl/sharedStrings.xml",
            "xl/sharedStrings.bin",
            "content.xml",
            "xl/media/image1.png",
            "xl/drawings/drawing1.xml",
            "xl/vbaProject.bin",
        ] {
            assert!(!held_whole(own), "{own}");
        }
        let limits = Limits::default();
        let e = check_part_size(
            Path::new("p.xlsx"),
            "xl/styles.xml",
            17 << 20,
            1 << 20,
            &limits,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "p.xlsx: its part xl/styles.xml would be 17 MB uncompressed; the limit is 16 MB for a part that is read whole (the list of sheets, the styles, the links between parts)"
        );
        assert!(
            check_part_size(
                Path::new("p.xlsx"),
                "xl/worksheets/sheet1.xml",
                17 << 20,
                1 << 20,
                &limits
            )
            .is_ok()
        );
    }

    #[test]
    fn a_long_line_is_named() {
        let limits = Limits {
            line_bytes: 10,
            ..Limits::default()
        };
        let text = "a,b\nshort\nthis line is too long\n";
        let e = check_lines(Path::new("p.csv"), text, &limits).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "p.csv: line 3 is 21 bytes long; the limit is 10 bytes for one line"
        );
        assert!(check_lines(Path::new("p.csv"), "a,b\nc,d\n", &limits).is_ok());
        // Carriage returns alone end lines too (old Mac files), and CRLF is one line end.
        let mac = "a,b\r0123456789\r0123456789\r";
        assert!(check_lines(Path::new("p.csv"), mac, &limits).is_ok());
        let e = check_lines(Path::new("p.csv"), "a\r\nb\r\n01234567890\r\n", &limits).unwrap_err();
        assert!(
            e.to_string().starts_with("p.csv: line 3 is 11 bytes long"),
            "{e}"
        );
    }
}

//! Input stage: how many cells and how much memory calamine's ODS reader would take for a
//! workbook, worked out from its `content.xml` before the reader sees it.
//!
//! calamine reads an ODS workbook whole when it opens it: every sheet laid out as a grid of
//! values and another of formulas, each cell holding its own copy of its text and formula. A
//! cell that says it repeats across 1,000 columns of 1,000 rows becomes a million copies, so a
//! 1 MB text in a small file would take a terabyte; a count of spaces (`<text:s text:c=…/>`)
//! makes a text longer than the file. So `content.xml` is read here as calamine reads it
//! (`ods.rs` in calamine 0.38: the same elements, attributes, repeats and texts), adding up
//! the cells and the bytes it would hold. Where calamine would stop with an error, or loop for
//! ever at the end of a damaged file, the file is refused as damaged.

use std::io::{BufRead, Cursor};

use quick_xml::events::{BytesStart, Event};

/// What reading an ODS workbook would lay out and hold.
#[derive(Debug, Default, PartialEq)]
pub(super) struct OdsCost {
    /// Cells of its sheets' grids, rows by columns, repeats counted (the larger of the grid of
    /// values and the grid of formulas, for each sheet).
    pub(super) cells: u64,
    /// Bytes of memory at the most (the file itself not included).
    pub(super) bytes: u64,
    /// Bytes of the longest text of any one cell.
    pub(super) longest: u64,
}

/// calamine's caps on a sheet's rows and a row's cells.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Bytes calamine holds for one value cell in a grid (`Data`) and for one formula
/// (`String`); for each row while a sheet is read (two `usize`, in lists that may be twice
/// as long as they need); for each sheet (its name twice, its two grids, its entries in two
/// lists); for each style of a sheet and each named range.
const VALUE: u64 = std::mem::size_of::<calamine::Data>() as u64;
const FORMULA: u64 = std::mem::size_of::<String>() as u64;
const ROW: u64 = 32;
const SHEET: u64 = 512;
const STYLE: u64 = 96;
const NAME: u64 = 96;

const DAMAGED: &str =
    "the workbook is damaged: its content.xml is not laid out as the reader expects";

/// The bytes the allocator takes for a text of `n` bytes (none for an empty text): glibc's
/// chunks of 16 bytes with 8 of their own, at least 32; whole pages for large ones.
fn held(n: u64) -> u64 {
    match n {
        0 => 0,
        n if n >= 128 << 10 => (n + 16).next_multiple_of(4096),
        n => (n + 8).next_multiple_of(16).max(32),
    }
}

/// The cells and bytes reading the workbook would take; `None` when the bytes are not a zip
/// with a `content.xml` (not an ODS workbook: the reader says what it is); an error when
/// `content.xml` cannot be read as the reader would read it.
pub(super) fn read_cost(bytes: &[u8]) -> Option<Result<OdsCost, String>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = zip.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    Some(Content::default().read(&mut reader))
}

/// What the sheets read so far take.
#[derive(Default)]
struct Content {
    cost: OdsCost,
    /// The two largest grids of values (with their texts) of any sheets, and the largest
    /// grids of values and formulas of any one sheet: besides the sheets it holds, the reader
    /// copies the values of the sheet it reads and of the one it compares with it, then the
    /// values and formulas of the one it keeps.
    largest_values: [u64; 2],
    largest_sheet: u64,
    /// The most any one sheet takes while it is being read.
    largest_reading: u64,
}

/// One value of a cell: `Some(bytes of its text)`, or `None` for an empty cell.
type Value = Option<u64>;

impl Content {
    fn read<R: BufRead>(mut self, reader: &mut quick_xml::Reader<R>) -> Result<OdsCost, String> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf).map_err(xml_error)? {
                Event::Start(e) if e.name().as_ref() == b"style:style" => {
                    // Kept (with its visibility) when it has table properties.
                    let name = attribute(&e, b"style:name")?;
                    self.cost.bytes += STYLE + held(name.map_or(0, |n| n.len() as u64));
                }
                Event::Start(e) if e.name().as_ref() == b"table:table" => {
                    if let Some(name) = attribute(&e, b"table:name")? {
                        self.cost.bytes += SHEET + 2 * held(name.len() as u64);
                        self.read_sheet(reader)?;
                    }
                }
                Event::Start(e) if e.name().as_ref() == b"table:named-expressions" => {
                    read_names(reader, &mut self.cost.bytes)?;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let [first, second] = self.largest_values;
        let after = first.saturating_add(second).max(self.largest_sheet);
        self.cost.bytes = self
            .cost
            .bytes
            .saturating_add(after.max(self.largest_reading));
        Ok(self.cost)
    }

    /// One sheet, up to its end (calamine's `read_table` and `get_range`).
    fn read_sheet<R: BufRead>(&mut self, reader: &mut quick_xml::Reader<R>) -> Result<(), String> {
        let mut buf = Vec::new();
        let mut values = Grid::default();
        let mut formulas = Grid::default();
        // The rows so far, repeats counted (the reader stops counting at its cap), and the
        // cells and texts the reader holds before it lays the grids out.
        let (mut rows, mut distinct_rows) = (0u64, 0u64);
        let mut first_reading = 0u64;
        // The longest note of a cell: the reader holds the whole of one as it passes over it.
        let mut note = 0u64;
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf).map_err(xml_error)? {
                Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                    let repeats = match attribute(&e, b"table:number-rows-repeated")? {
                        Some(v) => number(unescaped(v)?.as_bytes())?,
                        None => 1,
                    };
                    let repeats = repeats.min(MAX_ROWS.saturating_sub(rows));
                    let row = read_row(reader, &mut self.cost.longest, &mut note)?;
                    values.add(rows, repeats, &row.values);
                    formulas.add(rows, repeats, &row.formulas);
                    first_reading = first_reading.saturating_add(row.held);
                    rows += repeats;
                    distinct_rows += 1;
                }
                Event::End(e) if e.name().as_ref() == b"table:table" => break,
                // calamine reads on for ever past the end of a sheet that does not end.
                Event::Eof => return Err(DAMAGED.to_string()),
                _ => {}
            }
        }
        let value_bytes = values.bytes(VALUE);
        let formula_bytes = formulas.bytes(FORMULA);
        let reading = first_reading
            .saturating_add(distinct_rows.saturating_mul(ROW))
            .saturating_add(note.saturating_mul(2));
        self.cost.cells = self
            .cost
            .cells
            .saturating_add(values.cells().max(formulas.cells()));
        self.cost.bytes = self
            .cost
            .bytes
            .saturating_add(value_bytes)
            .saturating_add(formula_bytes);
        let [first, second] = &mut self.largest_values;
        if value_bytes > *first {
            (*first, *second) = (value_bytes, *first);
        } else {
            *second = (*second).max(value_bytes);
        }
        self.largest_sheet = self
            .largest_sheet
            .max(value_bytes.saturating_add(formula_bytes));
        self.largest_reading = self.largest_reading.max(reading);
        Ok(())
    }
}

/// The cells of one row as calamine holds them before laying the grids out.
#[derive(Default)]
struct Row {
    /// (column, repeats, bytes of text) of each value that is not empty.
    values: Vec<(u64, u64, u64)>,
    /// The same for each formula.
    formulas: Vec<(u64, u64, u64)>,
    /// Bytes the row's cells take as the reader first holds them.
    held: u64,
}

/// One grid of a sheet (values or formulas), from its first row and column that hold
/// something to its last, and the texts its cells hold.
#[derive(Default)]
struct Grid {
    first_row: Option<u64>,
    end_row: u64,
    first_column: u64,
    end_column: u64,
    texts: u64,
}

impl Grid {
    fn add(&mut self, row: u64, repeats: u64, cells: &[(u64, u64, u64)]) {
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            return;
        };
        if self.first_row.is_none() {
            self.first_row = Some(row);
            self.first_column = first.0;
        }
        self.first_column = self.first_column.min(first.0);
        self.end_column = self.end_column.max(last.0 + last.1);
        self.end_row = row.saturating_add(repeats);
        for &(_, across, text) in cells {
            let copies = across.saturating_mul(repeats);
            self.texts = self.texts.saturating_add(copies.saturating_mul(held(text)));
        }
    }

    fn cells(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(first) => (self.end_row - first)
                .saturating_mul(self.end_column.saturating_sub(self.first_column)),
        }
    }

    fn bytes(&self, cell: u64) -> u64 {
        self.cells().saturating_mul(cell).saturating_add(self.texts)
    }
}

/// One row's cells (calamine's `read_row`): only cells may be in a row. Empty cells are kept
/// once a cell follows them (so those at the end of a row are not); a row holds at most
/// `MAX_COLUMNS` cells.
fn read_row<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    longest: &mut u64,
    note: &mut u64,
) -> Result<Row, String> {
    let mut buf = Vec::new();
    let mut row = Row::default();
    let (mut column, mut empty) = (0u64, 0u64);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                let repeats = match attribute(&e, b"table:number-columns-repeated")? {
                    Some(v) => number(v)?,
                    None => 1,
                };
                let name = e.name().as_ref().to_vec();
                let (value, formula, closed) = cell(reader, &e, note)?;
                let empties = empty.min(MAX_COLUMNS - column);
                column += empties;
                row.held = row.held.saturating_add(empties * (VALUE + FORMULA));
                empty = 0;
                let repeats = repeats.min(MAX_COLUMNS - column);
                if value.is_none() && formula == 0 {
                    empty = repeats;
                } else {
                    if let Some(text) = value {
                        *longest = (*longest).max(text);
                        row.values.push((column, repeats, text));
                    }
                    if formula > 0 {
                        row.formulas.push((column, repeats, formula));
                    }
                    let each = VALUE + FORMULA + held(value.unwrap_or(0)) + held(formula);
                    row.held = row.held.saturating_add(repeats.saturating_mul(each));
                    column += repeats;
                }
                if !closed {
                    reader
                        .read_to_end_into(quick_xml::name::QName(&name), &mut buf)
                        .map_err(xml_error)?;
                }
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => return Ok(row),
            _ => return Err(DAMAGED.to_string()),
        }
    }
}

/// A cell's value and formula (calamine's `get_datatype`): the bytes of its text (`None`
/// for an empty value; numbers and true/false hold none), of its formula, and whether its
/// end was read.
fn cell<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    e: &BytesStart<'_>,
    note: &mut u64,
) -> Result<(Value, u64, bool), String> {
    let (mut is_string, mut is_error, mut set) = (false, false, false);
    let mut value: Value = None;
    // Whether the value is a text with nothing in it, which an error cell's content replaces.
    let mut empty_text = false;
    let mut formula = 0;
    for (key, v) in attributes(e)? {
        match key {
            b"office:value" if !set => {
                (value, set) = (Some(0), true);
            }
            b"office:string-value" | b"office:date-value" | b"office:time-value" if !set => {
                let text = unescaped(v)?.len() as u64;
                (value, set) = (Some(text), true);
                empty_text = key == b"office:string-value" && text == 0;
            }
            b"office:boolean-value" if !set => {
                (value, set) = (Some(0), true);
            }
            b"office:value-type" if !set => is_string = v == b"string",
            b"calcext:value-type" => is_error = v == b"error",
            b"table:formula" => formula = unescaped(v)?.len() as u64,
            _ => {}
        }
    }
    if (!set && is_string) || (is_error && empty_text) {
        return Ok((Some(text(reader, note)?), formula, true));
    }
    Ok((value, formula, false))
}

/// The bytes of a text cell's content up to the cell's end: its text, a line break between
/// paragraphs, a space for each one a `<text:s>` counts, a tab or line break for theirs;
/// notes (`<office:annotation>`) left out, but the longest kept in `note` (calamine holds
/// all of a note's XML as it passes over it).
fn text<R: BufRead>(reader: &mut quick_xml::Reader<R>, note: &mut u64) -> Result<u64, String> {
    let mut buf = Vec::new();
    let (mut length, mut first_paragraph) = (0u64, true);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            // Unescaped text is never longer than as written.
            Event::Text(t) => length = length.saturating_add(t.len() as u64),
            Event::GeneralRef(r) => length = length.saturating_add(r.len() as u64 + 2),
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                return Ok(length);
            }
            Event::Start(e) if e.name().as_ref() == b"office:annotation" => {
                let mut held_note = 0u64;
                loop {
                    buf.clear();
                    let event = reader.read_event_into(&mut buf).map_err(xml_error)?;
                    held_note = held_note.saturating_add(event_bytes(&event));
                    match event {
                        Event::End(e) if e.name().as_ref() == b"office:annotation" => break,
                        // calamine reads on for ever past the end of a note that does not end.
                        Event::Eof => return Err(DAMAGED.to_string()),
                        _ => {}
                    }
                }
                *note = (*note).max(held_note);
            }
            Event::Start(e) if e.name().as_ref() == b"text:p" => {
                if !first_paragraph {
                    length += 1;
                }
                first_paragraph = false;
            }
            Event::Start(e) if e.name().as_ref() == b"text:s" => {
                let spaces = match attribute(&e, b"text:c")? {
                    Some(v) => number(unescaped(v)?.as_bytes())?,
                    None => 1,
                };
                length = length.saturating_add(spaces);
            }
            Event::Start(e) if matches!(e.name().as_ref(), b"text:tab" | b"text:line-break") => {
                length += 1;
            }
            Event::Eof => return Err(DAMAGED.to_string()),
            _ => {}
        }
    }
}

/// The named ranges and expressions (calamine's `read_named_expressions`): nothing else may
/// be among them.
fn read_names<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    bytes: &mut u64,
) -> Result<(), String> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:named-range" | b"table:named-expression"
                ) =>
            {
                let mut held_here = NAME;
                for (key, v) in attributes(&e)? {
                    if matches!(
                        key,
                        b"table:name" | b"table:cell-range-address" | b"table:expression"
                    ) {
                        held_here += held(v.len() as u64);
                    }
                }
                *bytes = bytes.saturating_add(held_here);
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:named-range" | b"table:named-expression"
                ) => {}
            Event::End(e) if e.name().as_ref() == b"table:named-expressions" => return Ok(()),
            _ => return Err(DAMAGED.to_string()),
        }
    }
}

/// The bytes the reader keeps of an event (what is between `<` and `>`, or the text).
fn event_bytes(event: &Event<'_>) -> u64 {
    let n = match event {
        Event::Start(e) | Event::Empty(e) => e.len(),
        Event::End(e) => e.len(),
        Event::Text(e) => e.len(),
        Event::CData(e) => e.len(),
        Event::Comment(e) => e.len(),
        Event::Decl(e) => e.len(),
        Event::PI(e) => e.len(),
        Event::DocType(e) => e.len(),
        Event::GeneralRef(e) => e.len(),
        Event::Eof => 0,
    };
    n as u64
}

fn xml_error(e: quick_xml::Error) -> String {
    format!("{DAMAGED} ({e})")
}

/// An attribute as written: (name, value).
type Attribute<'a> = (&'a [u8], &'a [u8]);

/// An element's attributes as written, as calamine reads them: a name, `=`, then a value in
/// quotes; anything else is an error.
fn attributes<'a>(e: &'a BytesStart<'_>) -> Result<Vec<Attribute<'a>>, String> {
    let raw = e.attributes_raw();
    let mut out = Vec::new();
    let mut at = 0;
    let malformed = || format!("{DAMAGED} (an attribute is not written name=\"value\")");
    loop {
        while at < raw.len() && raw[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= raw.len() {
            return Ok(out);
        }
        let key_start = at;
        while at < raw.len() && raw[at] != b'=' {
            at += 1;
        }
        if at >= raw.len() {
            return Err(malformed());
        }
        let key = raw[key_start..at].trim_ascii_end();
        at += 1;
        while at < raw.len() && raw[at].is_ascii_whitespace() {
            at += 1;
        }
        let quote = match raw.get(at) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(malformed()),
        };
        at += 1;
        let value_start = at;
        while at < raw.len() && raw[at] != quote {
            at += 1;
        }
        out.push((key, &raw[value_start..at]));
        at = (at + 1).min(raw.len());
    }
}

/// The first attribute of that name, as written.
fn attribute<'a>(e: &'a BytesStart<'_>, name: &[u8]) -> Result<Option<&'a [u8]>, String> {
    Ok(attributes(e)?
        .into_iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v))
}

/// A value with its escapes undone, as calamine does before using it.
fn unescaped(value: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(value).map_err(|_| DAMAGED.to_string())?;
    quick_xml::escape::unescape(text)
        .map(|t| t.into_owned())
        .map_err(|e| format!("{DAMAGED} ({e})"))
}

/// A count, as calamine reads it (no sign, no spaces).
fn number(value: &[u8]) -> Result<u64, String> {
    let text = std::str::from_utf8(value).map_err(|_| DAMAGED.to_string())?;
    text.parse::<usize>()
        .map(|n| n as u64)
        .map_err(|_| format!("{DAMAGED} (a count is not a number)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(rows: &str) -> OdsCost {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let mut reader = quick_xml::Reader::from_reader(xml.as_bytes());
        let config = reader.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.expand_empty_elements = true;
        Content::default().read(&mut reader).unwrap()
    }

    #[test]
    fn texts_are_counted_as_many_times_as_they_repeat() {
        let text = "x".repeat(1000);
        let one = cost(&format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        ));
        assert_eq!((one.cells, one.longest), (1, 1000));
        let many = cost(&format!(
            r#"<table:table-row table:number-rows-repeated="100"><table:table-cell table:number-columns-repeated="10" office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        ));
        assert_eq!(many.cells, 1000);
        // Each of the 1,000 cells holds its own copy, in the sheet and in the copy read.
        assert!(many.bytes > 2 * 1000 * 1000, "{many:?}");
        assert!(many.bytes < 2 * 1000 * 1100, "{many:?}");
    }

    #[test]
    fn spaces_written_as_a_count_and_formulas_are_counted() {
        let spaces = cost(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="5000000"/></text:p><text:p>b</text:p></table:table-cell></table:table-row>"#,
        );
        assert_eq!(spaces.longest, 5_000_003);
        // A formula with no value still makes a grid of formulas.
        let formula = format!(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" table:formula="of:={}"/></table:table-row>"#,
            "1".repeat(100)
        );
        let f = cost(&formula);
        assert_eq!(f.cells, 1_000_000);
        assert!(f.bytes > 1_000_000 * 2 * 128, "{f:?}");
    }

    #[test]
    fn a_sheet_that_does_not_end_is_damaged() {
        let xml = r#"<office:document-content><table:table table:name="S"><table:table-row><table:table-cell/></table:table-row>"#;
        let mut reader = quick_xml::Reader::from_reader(xml.as_bytes());
        reader.config_mut().expand_empty_elements = true;
        assert!(Content::default().read(&mut reader).is_err());
    }
}

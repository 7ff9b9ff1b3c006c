//! Input stage: read CSV text as a table, delimited by commas, semicolons or tabs (sniffed
//! from the header line). Rows are parsed one at a time as the reader asks for them, so a big
//! file is never held as a table of strings; row numbers count blank lines as Excel does.

use std::io::Cursor;
use std::path::Path;
use std::rc::Rc;

use super::{InputError, Table, TableRow, empty, file_name, header_cells, is_blank};

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

pub(super) fn read_csv(path: &Path, text: String) -> Result<Table, InputError> {
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

#[cfg(test)]
mod tests {
    use super::super::read_table;
    use super::*;
    use crate::input::Limits;

    /// `p.csv` with these bytes, read within the real limits.
    fn csv_table(bytes: Vec<u8>) -> Result<Table, InputError> {
        read_table(
            Path::new("p.csv"),
            bytes,
            &[],
            &Limits::default(),
            (usize::MAX, "test"),
        )
    }

    fn rows(mut table: Table) -> Vec<TableRow> {
        table.rows().map(Result::unwrap).collect()
    }

    #[test]
    fn csv_with_bom_crlf_and_blank_line() {
        let bytes = b"\xEF\xBB\xBFNHS Number,Name\r\n1,a\r\n\r\n2,b\r\n\r\n";
        let t = csv_table(bytes.to_vec()).unwrap();
        assert_eq!(t.headers, ["NHS Number", "Name"]);
        let rows = rows(t);
        let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
        assert_eq!(rows[1].cells, ["2", "b"]);
    }

    #[test]
    fn csv_row_numbers_follow_records_with_line_breaks() {
        let bytes = b"a,b\n1,\"x\ny\"\n2,z\n";
        let t = csv_table(bytes.to_vec()).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3]);
        let bytes = b"\r\na,b\r\n1,a\r\n\r\n2,b\r\n\r\n\n3,\"x\ny\"\n4,z\n\n";
        let t = csv_table(bytes.to_vec()).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5, 8, 9]);
        let t = csv_table(b"a\r1\r\r2\r".to_vec()).unwrap();
        let numbers: Vec<usize> = rows(t).iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
    }

    #[test]
    fn empty_file() {
        let Err(e) = csv_table(b"\n\n".to_vec()) else {
            panic!("an empty file was read");
        };
        assert!(e.to_string().contains("no header row"), "{e}");
    }
}

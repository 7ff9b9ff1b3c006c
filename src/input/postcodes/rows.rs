//! Input stage: the rows of a postcode file as they stream from disk (or out of a zip), none
//! held longer than [`Limits::line_bytes`], and no zip member read past
//! [`Limits::part_bytes`]: the reading stops, naming the line or the member, as soon as one
//! is crossed.

use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::input::input_error::InputError;
use crate::input::limits::{self, Limits};

/// Why [`Guard`] stopped the reading.
#[derive(Debug, Clone, Copy)]
enum Stop {
    LongLine(usize),
    Utf16,
    /// More bytes than a zip member may inflate to.
    Inflated,
}

/// One row: its 1-based number, and its cells or why the CSV reader could not read it.
pub(super) type Row<'r> = (usize, Result<&'r csv::ByteRecord, String>);

/// The rows of one CSV stream, headerless: each as a byte record with its 1-based row.
pub(super) struct Rows<R: Read> {
    reader: csv::Reader<Guard<R>>,
    stop: Rc<Cell<Option<Stop>>>,
    record: csv::ByteRecord,
    /// Rows read so far.
    rows: usize,
    /// The file as errors name it.
    name: PathBuf,
    limits: Limits,
}

impl<R: Read> Rows<R> {
    /// Rows of `inner`; `budget` is how many bytes it may give in all (a zip member).
    pub(super) fn new(inner: R, name: PathBuf, limits: &Limits, budget: Option<u64>) -> Self {
        let stop = Rc::new(Cell::new(None));
        let guard = Guard {
            inner,
            line: 1,
            run: 0,
            limit: limits.line_bytes,
            budget,
            stop: stop.clone(),
            start: true,
        };
        Rows {
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(guard),
            stop,
            record: csv::ByteRecord::new(),
            rows: 0,
            name,
            limits: *limits,
        }
    }

    /// The next row: its 1-based number and its cells, or why the CSV reader could not read
    /// it (the row is skipped); `None` at the end. A line past the limit, UTF-16 text or a zip
    /// member past its limit stops the reading with an error.
    pub(super) fn next(&mut self) -> Result<Option<Row<'_>>, InputError> {
        let read = self.reader.read_byte_record(&mut self.record);
        if let Some(stop) = self.stop.get() {
            return Err(self.stopped(stop));
        }
        // Rows are counted as records, as a spreadsheet shows them (the CSV reader's own
        // line count is off after a CR LF).
        self.rows += 1;
        let row = self.rows;
        match read {
            Ok(true) => Ok(Some((row, Ok(&self.record)))),
            Ok(false) => Ok(None),
            Err(e) => {
                let message = e.to_string().to_lowercase();
                match e.into_kind() {
                    csv::ErrorKind::Io(source) => Err(InputError::Read {
                        file: self.name.display().to_string(),
                        source,
                        hint: "check that the file is whole: download it again".to_string(),
                    }),
                    _ => Ok(Some((
                        row,
                        Err(format!("the row cannot be read ({message})")),
                    ))),
                }
            }
        }
    }

    fn stopped(&self, stop: Stop) -> InputError {
        let path = Path::new(&self.name);
        match stop {
            Stop::LongLine(line) => limits::line_too_long(path, line, &self.limits),
            Stop::Utf16 => InputError::NotText {
                file: path.display().to_string(),
                reason: "the file is UTF-16 text".to_string(),
                hint: "save the postcode file as CSV UTF-8".to_string(),
            },
            Stop::Inflated => InputError::TooBig {
                file: path.display().to_string(),
                what: format!(
                    "it inflates to more than {}",
                    limits::size(self.limits.part_bytes)
                ),
                limit: format!(
                    "{} for any file in a zip",
                    limits::size(self.limits.part_bytes)
                ),
                hint: "this is not a Code-Point Open area file (the largest is a few MB): give the zip as downloaded from the OS Data Hub".to_string(),
            },
        }
    }
}

/// Passes bytes through, failing once a line is longer than the limit (it records which), so
/// no line is ever held longer than that, or once more bytes than the budget have passed. A
/// UTF-8 byte order mark is dropped.
struct Guard<R> {
    inner: R,
    line: usize,
    run: usize,
    limit: usize,
    budget: Option<u64>,
    stop: Rc<Cell<Option<Stop>>>,
    start: bool,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        if let Some(budget) = &mut self.budget {
            match budget.checked_sub(n as u64) {
                Some(left) => *budget = left,
                None => {
                    self.stop.set(Some(Stop::Inflated));
                    return Err(std::io::Error::other("inflates too far"));
                }
            }
        }
        if self.start && n > 0 {
            self.start = false;
            if buf[..n].starts_with(b"\xEF\xBB\xBF") {
                buf.copy_within(3..n, 0);
                n -= 3;
            } else if buf[..n].starts_with(b"\xFF\xFE") || buf[..n].starts_with(b"\xFE\xFF") {
                self.stop.set(Some(Stop::Utf16));
                return Err(std::io::Error::other("UTF-16"));
            }
        }
        // Line by line, not byte by byte: a national file is over a gigabyte.
        let mut rest = &buf[..n];
        while let Some(i) = memchr::memchr2(b'\n', b'\r', rest) {
            self.run += i;
            if self.run > self.limit {
                self.stop.set(Some(Stop::LongLine(self.line)));
                return Err(std::io::Error::other("line too long"));
            }
            if rest[i] == b'\n' || rest.get(i + 1) != Some(&b'\n') {
                self.line += 1;
            }
            self.run = 0;
            rest = &rest[i + 1..];
        }
        self.run += rest.len();
        if self.run > self.limit {
            self.stop.set(Some(Stop::LongLine(self.line)));
            return Err(std::io::Error::other("line too long"));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8], limits: &Limits, budget: Option<u64>) -> Result<Vec<usize>, InputError> {
        let mut rows = Rows::new(bytes, PathBuf::from("p.csv"), limits, budget);
        let mut numbers = Vec::new();
        while let Some((row, _)) = rows.next()? {
            numbers.push(row);
        }
        Ok(numbers)
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        // A line break in quotes is inside one row; a blank line is no row.
        let numbers = all(
            b"\xEF\xBB\xBFa,b\r\nc,d\r\n\r\ne,\"f\r\ng\"\r\nh\n",
            &Limits::default(),
            None,
        )
        .unwrap();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[test]
    fn a_long_line_utf16_or_too_many_bytes_stop_the_reading() {
        let limits = Limits {
            line_bytes: 20,
            ..Limits::default()
        };
        let mut text = b"postcode,lat,long\nSE1 9ZZ,51.5,-0.1\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 1_000));
        let e = all(&text, &limits, None).unwrap_err();
        assert_eq!(
            e.problem(),
            "p.csv: line 3 is more than 20 bytes long; the limit is 20 bytes for one line"
        );
        let e = all(b"\xFF\xFEp\0o\0", &limits, None).unwrap_err();
        assert_eq!(e.problem(), "p.csv: the file is UTF-16 text");
        let limits = Limits {
            part_bytes: 10,
            ..Limits::default()
        };
        let e = all(b"SE1 9ZZ,10,532000,179000\n", &limits, Some(10)).unwrap_err();
        assert_eq!(
            e.problem(),
            "p.csv: it inflates to more than 10 bytes; the limit is 10 bytes for any file in a zip"
        );
    }
}

//! Input stage: where postcodes are. A postcode positions file (`--postcode-lookup`, or
//! `[inputs] postcodes` in closure.toml) is recognised by its shape, with no configuration:
//!
//! - a CSV with a header ([`onspd`]): the ONS Postcode Directory or the National Statistics
//!   Postcode Lookup, with either generation of their column names, or a plain
//!   `postcode,latitude,longitude`;
//! - the NHS Postcode Directory's `gridall.csv`, headerless ([`gridall`]);
//! - OS Code-Point Open: its zip as downloaded, read in place, or one of its area files
//!   ([`code_point`]).
//!
//! The file is read as it streams (the whole ONS directory is over a gigabyte) and only the
//! postcodes of this closure's patients and practices are kept, so it costs what the closure
//! costs, not what the country does. A file with eastings and northings gives positions on the
//! British National Grid, and distance is measured there, in metres; one with only latitude
//! and longitude, in degrees, and distance is great-circle ([`grid`] converts between them;
//! the plan's `proximity` measures). A row marked as having no position counts as not found;
//! a terminated postcode is still placed, with a warning naming its row.

mod code_point;
pub(crate) mod grid;
mod gridall;
mod onspd;
mod rows;
#[cfg(test)]
mod tests;

use compact_str::CompactString;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use super::Files;
use super::input_error::InputError;
use super::limits::Limits;
use super::postcode::parse_postcode;
use super::table::file_name;
use crate::model::{Location, Position, Postcode, PostcodeFormat, PostcodeLookup, Problem};
use rows::Rows;

/// Bad rows reported one by one before the rest are summed up in one problem.
const REPORTED_ROWS: usize = 20;

/// What is done for a patient or practice whose postcode is not found.
const NOT_FOUND: &str = "patients and practices at this postcode are measured by the postcode hierarchy instead (same sector, district, area)";

/// Read the closure's postcodes from a postcode positions file. Rows at other postcodes are
/// passed over unread. Rows that cannot be used (a cell that is not a postcode, a bad
/// coordinate at one of the closure's postcodes) are skipped and reported in the returned
/// problems, as are the closure's postcodes the file marks as having no position, and those
/// it places from a terminated row. `needed` holds normalised postcodes (`SE15 2AB`); `hint` says where the
/// file was named, for an error opening it.
pub(crate) fn read_postcodes(
    path: &Path,
    files: &dyn Files,
    needed: &HashSet<CompactString>,
    limits: &Limits,
    hint: &str,
) -> Result<(PostcodeLookup, Vec<Problem>), InputError> {
    let open_error = |source| InputError::Read {
        file: path.display().to_string(),
        source,
        hint: hint.to_string(),
    };
    let mut stream = files.open(path).map_err(open_error)?;
    let mut head = Vec::with_capacity(4);
    (&mut stream)
        .take(4)
        .read_to_end(&mut head)
        .map_err(open_error)?;
    let mut collect = Collect::new(needed);
    let format = if head == b"PK\x03\x04" {
        drop(stream);
        let zip = files.open_seekable(path).map_err(open_error)?;
        code_point::read_zip(path, zip, &mut collect, limits)?;
        PostcodeFormat::CodePoint
    } else {
        let stream = std::io::Cursor::new(head).chain(stream);
        let mut rows = Rows::new(stream, path.to_path_buf(), limits, None);
        read_csv(path, &file_name(path), &mut rows, &mut collect)?
    };
    Ok(collect.finish(format, &file_name(path)))
}

/// How the rows of one kind of file are read.
trait Layout {
    /// Reads one data row into `collect`; `at` is where it is.
    fn read(&self, record: &csv::ByteRecord, at: &At, collect: &mut Collect);
    fn format(&self) -> PostcodeFormat;
}

/// Where a row is: the file as problems name it, and the 1-based row.
pub(super) struct At<'a> {
    pub file: &'a str,
    pub row: usize,
}

impl At<'_> {
    fn location(&self, column: &str) -> Location {
        Location {
            file: self.file.to_string(),
            sheet: None,
            row: Some(self.row),
            column: Some(column.to_string()),
        }
    }
}

/// Reads a CSV postcode file, its layout recognised from its first row: a header, or the first
/// row of `gridall.csv` or of a Code-Point Open area file.
fn read_csv<R: Read>(
    path: &Path,
    file: &str,
    rows: &mut Rows<R>,
    collect: &mut Collect,
) -> Result<PostcodeFormat, InputError> {
    let layout: Box<dyn Layout> = match rows.next()? {
        None => {
            return Err(InputError::Empty {
                file: path.display().to_string(),
                sheet: None,
                hint: "give the postcode file as downloaded (the ONS Postcode Directory, the NHS Postcode Directory's gridall.csv, or OS Code-Point Open), or a CSV whose first row names its columns: postcode,latitude,longitude".to_string(),
            });
        }
        Some((row, Err(message))) => {
            return Err(InputError::Csv {
                file: path.display().to_string(),
                row,
                message,
            });
        }
        Some((row, Ok(first))) => {
            let at = At { file, row };
            let starts_with_postcode = is_postcode(cell(first, 0));
            if starts_with_postcode && first.len() >= gridall::COLUMNS {
                gridall::Gridall.read(first, &at, collect);
                Box::new(gridall::Gridall)
            } else if starts_with_postcode && code_point::is_area_row(first) {
                code_point::CodePoint.read(first, &at, collect);
                Box::new(code_point::CodePoint)
            } else if starts_with_postcode {
                return Err(InputError::Row {
                    file: path.display().to_string(),
                    row,
                    message: format!(
                        "the file has no header row, and its {} columns are not the NHS Postcode Directory's gridall.csv (49 columns, eastings in column 37) or an OS Code-Point Open area file (10 columns: postcode, quality, eastings, northings, ...)",
                        first.len()
                    ),
                    hint: "give the postcode file as downloaded, or add a first row naming its columns: postcode,latitude,longitude".to_string(),
                });
            } else {
                Box::new(onspd::Columns::find(path, first)?)
            }
        }
    };
    read_rows(rows, layout.as_ref(), file, collect)?;
    Ok(layout.format())
}

/// Reads the rest of the rows by `layout`; a row the CSV reader cannot read is skipped.
fn read_rows<R: Read>(
    rows: &mut Rows<R>,
    layout: &dyn Layout,
    file: &str,
    collect: &mut Collect,
) -> Result<(), InputError> {
    while let Some((row, record)) = rows.next()? {
        let at = At { file, row };
        match record {
            Ok(record) => layout.read(record, &at, collect),
            Err(message) => collect.skip(
                &at,
                Skip {
                    column: None,
                    message,
                },
            ),
        }
    }
    Ok(())
}

/// One cell as text, trimmed. The cells used are ASCII; others may be in any encoding and
/// are ignored.
fn cell(record: &csv::ByteRecord, i: usize) -> &str {
    std::str::from_utf8(record.get(i).unwrap_or(b"").trim_ascii()).unwrap_or("\u{fffd}")
}

/// Whether a cell holds a postcode (or one of the NHS's pseudo-postcodes, `ZZ99 3VZ`).
fn is_postcode(text: &str) -> bool {
    parse_postcode(text).is_ok() || is_pseudo(text)
}

/// The NHS's pseudo-postcodes (`ZZ99 3VZ`, no fixed abode, and the like), which the NHS
/// Postcode Directory lists and which have no position.
fn is_pseudo(text: &str) -> bool {
    text.len() >= 4 && text[..4].eq_ignore_ascii_case("ZZ99")
}

/// Why a row is skipped: the column at fault, as the file names it, and what is wrong.
pub(super) struct Skip<'c> {
    pub column: Option<&'c str>,
    pub message: String,
}

/// The row's postcode, read from `column`, when the closure has a patient or practice there;
/// `Ok(None)` for any other postcode, an empty row or a pseudo-postcode, which are passed
/// over; why the row is skipped for a cell that is not a postcode.
fn row_postcode<'c>(
    record: &csv::ByteRecord,
    i: usize,
    column: &'c str,
    collect: &Collect,
) -> Result<Option<Postcode>, Skip<'c>> {
    let text = cell(record, i);
    if is_pseudo(text) || record.iter().all(|c| c.trim_ascii().is_empty()) {
        return Ok(None);
    }
    // Nearly every row of a national file is a postcode the closure has no one at: a look
    // at its letters and digits, with no allocation, passes it over before the full check.
    if let Some(wanted) = collect.wants(text)
        && !wanted
    {
        return Ok(None);
    }
    let skipped = |message: String| Skip {
        column: Some(column),
        message,
    };
    match parse_postcode(text) {
        Ok(postcode) if postcode.bfpo => Err(skipped("a BFPO number has no location".to_string())),
        Ok(postcode) if collect.needed.contains(postcode.text.as_str()) => Ok(Some(postcode)),
        Ok(_) => Ok(None),
        Err(m) => Err(skipped(format!("not a valid postcode ({m})"))),
    }
}

/// A coordinate cell: `Ok(None)` when empty, the number when within `range`, otherwise why
/// the row is skipped.
fn coordinate<'c>(
    record: &csv::ByteRecord,
    i: usize,
    range: std::ops::RangeInclusive<f64>,
    (what, column): (&str, &'c str),
) -> Result<Option<f64>, Skip<'c>> {
    let text = cell(record, i);
    if text.is_empty() {
        return Ok(None);
    }
    let message = match text.parse::<f64>() {
        Ok(v) if v.is_finite() && range.contains(&v) => return Ok(Some(v)),
        Ok(_) => format!("the {what} is out of range"),
        Err(_) => format!("the {what} is not a number"),
    };
    Err(Skip {
        column: Some(column),
        message,
    })
}

/// Eastings and northings on the British National Grid, metres: GB lies within these.
const EASTINGS: std::ops::RangeInclusive<f64> = 0.0..=700_000.0;
const NORTHINGS: std::ops::RangeInclusive<f64> = 0.0..=1_300_000.0;

/// A grid position from two cells: `Ok(None)` when either is empty or both are 0 (the files'
/// marker for no position).
fn grid_position<'c>(
    record: &csv::ByteRecord,
    (east, north): (usize, usize),
    (east_column, north_column): (&'c str, &'c str),
) -> Result<Option<Position>, Skip<'c>> {
    let e = coordinate(record, east, EASTINGS, ("easting", east_column))?;
    let n = coordinate(record, north, NORTHINGS, ("northing", north_column))?;
    Ok(match (e, n) {
        (Some(east), Some(north)) if east != 0.0 || north != 0.0 => {
            Some(Position::Grid { east, north })
        }
        _ => None,
    })
}

/// The closure's postcodes as they are found, and the problems met on the way.
pub(super) struct Collect<'n> {
    needed: &'n HashSet<CompactString>,
    positions: BTreeMap<String, Position>,
    /// Needed postcodes placed from a terminated row, with the warning saying so (a live row
    /// for the same postcode takes its place).
    terminated: HashMap<String, Problem>,
    /// Needed postcodes whose row has no position, with the warning to give if no other row
    /// places them.
    unplaced: Vec<(String, Problem)>,
    /// The first bad rows, and how many there were.
    skipped: Vec<Problem>,
    skipped_count: usize,
}

impl<'n> Collect<'n> {
    fn new(needed: &'n HashSet<CompactString>) -> Self {
        Collect {
            needed,
            positions: BTreeMap::new(),
            terminated: HashMap::new(),
            unplaced: Vec::new(),
            skipped: Vec::new(),
            skipped_count: 0,
        }
    }

    /// Whether the closure has a patient or practice at the postcode written `text` (in any
    /// case and spacing); `None` when it is not 5 to 7 letters and digits, so not a postcode.
    fn wants(&self, text: &str) -> Option<bool> {
        let mut compact = [0u8; 7];
        let mut n = 0;
        for b in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
            if n == compact.len() || !b.is_ascii_alphanumeric() {
                return None;
            }
            compact[n] = b.to_ascii_uppercase();
            n += 1;
        }
        if n < 5 {
            return None;
        }
        // The normalised form: one space before the last three (`SE15 2AB`).
        let mut spaced = [b' '; 8];
        spaced[..n - 3].copy_from_slice(&compact[..n - 3]);
        spaced[n - 2..=n].copy_from_slice(&compact[n - 3..n]);
        let spaced = std::str::from_utf8(&spaced[..=n]).ok()?;
        Some(self.needed.contains(spaced))
    }

    /// The postcode is at `position`; `terminated` is the warning when the row says the
    /// postcode was terminated. The first live row for a postcode wins.
    fn place(&mut self, postcode: &Postcode, position: Position, terminated: Option<Problem>) {
        let key = postcode.text.as_str();
        let live = terminated.is_none();
        let replaces =
            !self.positions.contains_key(key) || (live && self.terminated.contains_key(key));
        if !replaces {
            return;
        }
        self.positions.insert(key.to_string(), position);
        match terminated {
            Some(problem) => {
                self.terminated.insert(key.to_string(), problem);
            }
            None => {
                self.terminated.remove(key);
            }
        }
    }

    /// The row for this needed postcode has no position (`why`).
    fn unplaced(&mut self, postcode: &Postcode, location: Location, why: &str) {
        self.unplaced.push((
            postcode.text.to_string(),
            Problem {
                location,
                message: format!("no position for this postcode ({why}): it counts as not found"),
                hint: Some(NOT_FOUND.to_string()),
            },
        ));
    }

    /// The row at `at` is skipped.
    fn skip(&mut self, at: &At, skip: Skip) {
        self.skipped_count += 1;
        if self.skipped.len() < REPORTED_ROWS {
            self.skipped.push(Problem {
                location: Location {
                    column: skip.column.map(str::to_string),
                    ..at.location("")
                },
                message: format!("row skipped: {}", skip.message),
                hint: None,
            });
        }
    }

    /// The lookup, and its problems: the rows skipped (the first named, the rest counted),
    /// then the closure's postcodes with no position or placed from a terminated row, in the
    /// file's order.
    fn finish(self, format: PostcodeFormat, file: &str) -> (PostcodeLookup, Vec<Problem>) {
        let mut problems = self.skipped;
        if self.skipped_count > REPORTED_ROWS {
            problems.push(Problem {
                location: Location {
                    file: file.to_string(),
                    sheet: None,
                    row: None,
                    column: None,
                },
                message: format!(
                    "{} more rows were skipped ({} in all)",
                    self.skipped_count - REPORTED_ROWS,
                    self.skipped_count
                ),
                hint: Some(NOT_FOUND.replace("at this postcode", "at the skipped postcodes")),
            });
        }
        let positions = &self.positions;
        let mut found: Vec<Problem> = self
            .unplaced
            .into_iter()
            .filter(|(postcode, _)| !positions.contains_key(postcode))
            .map(|(_, problem)| problem)
            .chain(self.terminated.into_values())
            .collect();
        found.sort_by(|a, b| {
            (&a.location.file, a.location.row).cmp(&(&b.location.file, b.location.row))
        });
        problems.extend(found);
        (
            PostcodeLookup {
                format,
                positions: self.positions,
            },
            problems,
        )
    }
}

/// The warning for a needed postcode placed from a terminated row (`doterm` is when).
fn terminated_warning(at: &At, column: &str, doterm: &str) -> Problem {
    Problem {
        location: at.location(column),
        message: format!(
            "the postcode was terminated (date of termination {doterm}); it is still placed from this row"
        ),
        hint: Some(
            "check the addresses at this postcode: a terminated postcode is often an old address"
                .to_string(),
        ),
    }
}

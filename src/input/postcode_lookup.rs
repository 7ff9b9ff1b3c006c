//! Input stage: read a postcode centroid file (the ONS Postcode Directory, whole or an
//! extract, or a plain `postcode,latitude,longitude` CSV) into a [`PostcodeLookup`].
//!
//! The file is read as it streams from disk (the whole directory is over a gigabyte) and only
//! the postcodes of this closure's patients and practices are kept, so it costs what the
//! closure costs, not what the country does. Its lines are held to [`Limits::line_bytes`].

use std::cell::Cell;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use super::input_error::InputError;
use super::limits::{self, Limits};
use super::postcode::parse_postcode;
use super::table::{file_name, header_key};
use crate::model::{Location, PostcodeLookup, Problem};

/// Bad rows reported one by one before the rest are summed up in one problem.
const REPORTED_ROWS: usize = 20;

const POSTCODE_NAMES: &[&str] = &["postcode", "pcds", "pcd", "pcd2", "pcd7", "pcd8"];
const LATITUDE_NAMES: &[&str] = &["latitude", "lat"];
const LONGITUDE_NAMES: &[&str] = &["longitude", "long", "lon", "lng"];

/// Read the lookup. Unusable rows (bad postcode, missing or out-of-range coordinates, such as
/// the ONS placeholder 99.999999) are skipped and reported in the returned problems.
/// Only the postcodes in `needed` (normalised, `SE15 2AB`) are kept.
pub(crate) fn read_postcode_lookup(
    path: &Path,
    file: impl Read,
    needed: &HashSet<&str>,
    limits: &Limits,
) -> Result<(PostcodeLookup, Vec<Problem>), InputError> {
    let stop = Rc::new(Cell::new(None));
    let guarded = LineGuard {
        inner: file,
        line: 1,
        run: 0,
        limit: limits.line_bytes,
        stop: stop.clone(),
        start: true,
    };
    let stopped = || match stop.get() {
        Some(Stop::LongLine(line)) => Some(limits::line_too_long(path, line, limits)),
        Some(Stop::Utf16) => Some(InputError::NotText {
            file: path.display().to_string(),
            reason: "the file is UTF-16 text".to_string(),
            hint: "save the postcode lookup as CSV UTF-8".to_string(),
        }),
        None => None,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(guarded);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(_)) if stop.get().is_some() => {
            return Err(stopped().unwrap_or_else(|| unreachable!()));
        }
        Some(Err(e)) => {
            return Err(InputError::Csv {
                file: path.display().to_string(),
                row: 1,
                message: e.to_string().to_lowercase(),
            });
        }
        None => {
            return Err(InputError::Empty {
                file: path.display().to_string(),
                sheet: None,
                hint: "the first row must name the columns: postcode,latitude,longitude"
                    .to_string(),
            });
        }
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| keys.iter().position(|k| k == name))
    };
    let missing_column = |column: &str| InputError::MissingColumn {
        file: path.display().to_string(),
        sheet: None,
        columns: vec![column.to_string()],
        expected: "postcode (or pcds, pcd), latitude (or lat), longitude (or long)".to_string(),
        optional: "any other columns, which are ignored".to_string(),
    };
    let postcode_col = find(POSTCODE_NAMES).ok_or_else(|| missing_column("postcode"))?;
    let lat_col = find(LATITUDE_NAMES).ok_or_else(|| missing_column("latitude"))?;
    let long_col = find(LONGITUDE_NAMES).ok_or_else(|| missing_column("longitude"))?;
    let column_name = |i: usize| header.get(i).map_or("", |h| h.trim()).to_string();
    let file = file_name(path);

    let mut lookup = PostcodeLookup::default();
    let mut problems = Vec::new();
    let mut skipped = 0usize;
    for (i, record) in records.enumerate() {
        let row = i + 2;
        if let Some(e) = stopped() {
            return Err(e);
        }
        let result = match &record {
            Ok(record) => read_row(record, postcode_col, lat_col, long_col),
            Err(e) => Err((postcode_col, format!("the row cannot be read ({e})"))),
        };
        match result {
            Ok(Some((postcode, lat, long))) => {
                if needed.contains(postcode.as_str()) {
                    lookup.centroids.insert(postcode, (lat, long));
                }
            }
            Ok(None) => {}
            Err((column, message)) => {
                skipped += 1;
                if skipped <= REPORTED_ROWS {
                    problems.push(Problem {
                        location: Location {
                            file: file.clone(),
                            sheet: None,
                            row: Some(row),
                            column: Some(column_name(column)),
                        },
                        message: format!("row skipped: {message}"),
                        hint: None,
                    });
                }
            }
        }
    }
    if skipped > REPORTED_ROWS {
        problems.push(Problem {
            location: Location {
                file,
                sheet: None,
                row: None,
                column: None,
            },
            message: format!(
                "{} more rows were skipped ({skipped} in all)",
                skipped - REPORTED_ROWS
            ),
            hint: Some(
                "patients at the skipped postcodes are placed by postcode district instead"
                    .to_string(),
            ),
        });
    }
    Ok((lookup, problems))
}

type LookupRow = Option<(String, f64, f64)>;

/// Why [`LineGuard`] stopped the reading.
#[derive(Debug, Clone, Copy)]
enum Stop {
    LongLine(usize),
    Utf16,
}

/// Passes bytes through, failing once a line is longer than the limit (it records which),
/// so no line is ever held longer than that. A UTF-8 byte order mark is dropped.
struct LineGuard<R> {
    inner: R,
    line: usize,
    run: usize,
    limit: usize,
    stop: Rc<Cell<Option<Stop>>>,
    start: bool,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = self.inner.read(buf)?;
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
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                if b == b'\n' || buf.get(i + 1) != Some(&b'\n') {
                    self.line += 1;
                }
                self.run = 0;
            } else {
                self.run += 1;
                if self.run > self.limit {
                    self.stop.set(Some(Stop::LongLine(self.line)));
                    return Err(std::io::Error::other("line too long"));
                }
            }
        }
        Ok(n)
    }
}

fn read_row(
    record: &csv::ByteRecord,
    postcode_col: usize,
    lat_col: usize,
    long_col: usize,
) -> Result<LookupRow, (usize, String)> {
    if record.iter().all(|c| c.trim_ascii().is_empty()) {
        return Ok(None);
    }
    // The cells used are ASCII; others may be in any encoding and are ignored.
    let cell = |i: usize| {
        std::str::from_utf8(record.get(i).unwrap_or(b"").trim_ascii()).unwrap_or("\u{fffd}")
    };
    let postcode = parse_postcode(cell(postcode_col))
        .map_err(|m| (postcode_col, format!("not a valid postcode ({m})")))?;
    if postcode.bfpo {
        return Err((postcode_col, "a BFPO number has no location".to_string()));
    }
    let coordinate = |i: usize, limit: f64, what: &str| match cell(i).parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        Ok(_) => Err((i, format!("the {what} is out of range"))),
        Err(_) => Err((i, format!("the {what} is not a number"))),
    };
    let lat = coordinate(lat_col, 90.0, "latitude")?;
    let long = coordinate(long_col, 180.0, "longitude")?;
    Ok(Some((postcode.text.to_string(), lat, long)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::result_large_err)]
    fn read(
        name: &str,
        bytes: &[u8],
        needed: &[&str],
    ) -> Result<(PostcodeLookup, Vec<Problem>), InputError> {
        let needed: HashSet<&str> = needed.iter().copied().collect();
        read_postcode_lookup(Path::new(name), bytes, &needed, &Limits::default())
    }

    #[test]
    fn a_long_line_or_utf16_is_refused_without_reading_on() {
        let limits = Limits {
            line_bytes: 20,
            ..Limits::default()
        };
        let mut text = b"postcode,lat,long\nSE1 9ZZ,51.5,-0.1\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 1_000));
        let e = read_postcode_lookup(Path::new("l.csv"), &text[..], &HashSet::new(), &limits)
            .unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "l.csv: line 3 is more than 20 bytes long; the limit is 20 bytes for one line"
        );
        let e = read("l.csv", b"\xFF\xFEp\0o\0", &[]).unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
    }

    #[test]
    fn plain_file() {
        let (lookup, problems) = read(
            "lookup.csv",
            b"Postcode,Latitude,Longitude\nse152ab,51.47,-0.07\nSE1 9ZZ,51.5,-0.1\n",
            &["SE15 2AB"],
        )
        .unwrap();
        assert_eq!(
            lookup.centroids.len(),
            1,
            "only the postcodes needed are kept"
        );
        assert!(problems.is_empty());
        assert_eq!(lookup.centroids.get("SE15 2AB"), Some(&(51.47, -0.07)));
    }

    #[test]
    fn ons_extract_with_placeholders() {
        let mut text = String::from("pcd,pcd2,pcds,dointr,lat,long\n");
        text.push_str("SE1  9ZZ,SE1  9ZZ,SE1 9ZZ,199801,51.50,-0.09\n");
        for _ in 0..25 {
            text.push_str("SE1  9ZY,SE1  9ZY,SE1 9ZY,199801,99.999999,0.000000\n");
        }
        let (lookup, problems) = read("ONSPD.csv", text.as_bytes(), &["SE1 9ZZ"]).unwrap();
        assert_eq!(lookup.centroids.len(), 1);
        assert_eq!(problems.len(), 21);
        assert_eq!(
            problems[0].to_string(),
            "ONSPD.csv: row 3, column \"lat\": row skipped: the latitude is out of range"
        );
        assert!(
            problems[20]
                .message
                .contains("5 more rows were skipped (25 in all)")
        );
    }

    #[test]
    fn missing_column() {
        let e = read("l.csv", b"postcode,x,y\n", &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("missing required column \"latitude\""),
            "{e}"
        );
    }
}

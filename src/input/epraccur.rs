//! Input stage: GP practices from NHS ODS `epraccur`, as downloaded: 27 columns, no header
//! row, read by position. Both forms are read, told apart by their values:
//!
//! - the legacy file: status `A`/`C`/`D`/`P` in column 13, prescribing setting `4` (GP
//!   practice) in column 26;
//! - ODS Data Search and Export's: status `ACTIVE`/`INACTIVE`, column 26 holding `|`-separated
//!   role ids, `RO76` for a GP practice.
//!
//! Only active GP practices in the area's postcode areas are kept. ODS writes names and
//! addresses in capitals; they are kept in title case ([`super::title_case`]). ODS holds no
//! capacity, email or coordinates: the practice details file and the capacity survey give the
//! first two, the postcode lookup places the practice by its postcode.

use std::collections::BTreeSet;
use std::path::Path;

use super::input_error::InputError;
use super::limits::{self, Limits};
use super::postcode::parse_postcode;
use super::practices::{PracticesRead, parse_ods_code};
use super::table::{decode_text, file_name};
use super::title_case::title_case;
use crate::model::{Closure, Location, Practice, PracticeStatus, Problem};

/// Columns of a row (1-based in ODS's documentation; 0-based here).
const COLUMNS: usize = 27;
const CODE: usize = 0;
const NAME: usize = 1;
const ADDRESS: std::ops::Range<usize> = 4..9;
const POSTCODE: usize = 9;
const STATUS: usize = 12;
const PHONE: usize = 17;
const SETTING: usize = 25;

/// Whether `bytes` are an `epraccur` file: its first line has 27 cells, an ODS code first and
/// a status ODS uses in column 13.
pub(crate) fn is_epraccur(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first);
    let Some(Ok(record)) = reader.records().next() else {
        return false;
    };
    record.len() >= COLUMNS - 1
        && record.len() <= COLUMNS + 1
        && parse_ods_code(record.get(CODE).unwrap_or("")).is_ok()
        && is_status(record.get(STATUS).unwrap_or(""))
}

fn is_status(cell: &str) -> bool {
    matches!(
        cell.trim().to_uppercase().as_str(),
        "A" | "C" | "D" | "P" | "B" | "U" | "ACTIVE" | "INACTIVE"
    )
}

fn is_active(cell: &str) -> bool {
    matches!(cell.trim().to_uppercase().as_str(), "A" | "ACTIVE")
}

/// A GP practice: prescribing setting 4 (legacy), or role RO76 among the `|`-separated roles.
fn is_gp_practice(cell: &str) -> bool {
    let cell = cell.trim();
    cell == "4"
        || cell
            .split('|')
            .any(|role| role.trim().eq_ignore_ascii_case("RO76"))
}

/// The postcode area of a district or postcode: its leading letters (`SE15` → `SE`).
pub(crate) fn postcode_area(text: &str) -> String {
    text.trim()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_uppercase()
}

/// Reads the active GP practices of the closure's postcode areas from an `epraccur` file. The
/// closing practices are kept as closing (never candidates). What was left out is summed up
/// in one note; a row that cannot be read at all is a warning naming it.
pub(crate) fn read_epraccur(
    path: &Path,
    bytes: Vec<u8>,
    closure: &Closure,
    limits: &Limits,
) -> Result<PracticesRead, InputError> {
    let text = decode_text(path, bytes)?;
    limits::check_lines(path, &text, limits)?;
    let file = file_name(path);
    let areas: BTreeSet<String> = closure
        .area
        .postcode_districts
        .iter()
        .map(|d| postcode_area(d))
        .collect();
    let mut out = PracticesRead::default();
    let (mut inactive, mut not_gp, mut elsewhere) = (0usize, 0usize, 0usize);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        if number > limits.practice_rows * 5 {
            return Err(limits::too_many_rows(
                path,
                limits.practice_rows * 5,
                "epraccur",
            ));
        }
        let location = |column: usize| Location {
            file: file.clone(),
            sheet: None,
            row: Some(number),
            column: Some(format!("column {}", column + 1)),
        };
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                return Err(InputError::Csv {
                    file: path.display().to_string(),
                    row: number,
                    message: e.to_string().to_lowercase(),
                });
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |column: usize| record.get(column).unwrap_or("").trim();
        let code = match parse_ods_code(cell(CODE)) {
            Ok(code) => code,
            Err(m) => {
                out.warnings.push(Problem {
                    location: location(CODE),
                    message: m,
                    hint: Some(
                        "download epraccur again from ODS: this row is not one of its organisations"
                            .to_string(),
                    ),
                });
                continue;
            }
        };
        out.codes_in_file.entry(code.clone()).or_insert(number);
        let closing = closure.closing_practices.iter().any(|c| c.ods_code == code);
        if !closing {
            if !is_active(cell(STATUS)) {
                inactive += 1;
                continue;
            }
            if !is_gp_practice(cell(SETTING)) {
                not_gp += 1;
                continue;
            }
            if !areas.contains(&postcode_area(cell(POSTCODE))) {
                elsewhere += 1;
                continue;
            }
        }
        let postcode = match parse_postcode(cell(POSTCODE)) {
            Ok(p) if !p.bfpo => p,
            _ => {
                out.warnings.push(Problem {
                    location: location(POSTCODE),
                    message: format!("{code} has no UK postcode, so it is left out"),
                    hint: Some(
                        "give its postcode in the practice details file, or check the practice on the ODS portal"
                            .to_string(),
                    ),
                });
                continue;
            }
        };
        let address_lines: Vec<String> = ADDRESS
            .map(cell)
            .filter(|line| !line.is_empty())
            .map(title_case)
            .collect();
        out.practices.push(Practice {
            row: number,
            ods_code: code,
            name: title_case(cell(NAME)),
            address_lines,
            postcode,
            phone: cell(PHONE).to_string(),
            email: String::new(),
            capacity: 0,
            capacity_known: false,
            status: if closing {
                PracticeStatus::Closing
            } else {
                PracticeStatus::Open
            },
            location: None,
        });
    }
    if out.codes_in_file.is_empty() {
        return Err(InputError::NoRows {
            file: path.display().to_string(),
            sheet: None,
            what: "organisations".to_string(),
            hint: "download epraccur again from ODS Data Search and Export".to_string(),
        });
    }
    let left_out = inactive + not_gp + elsewhere;
    if left_out > 0 {
        out.warnings.push(Problem {
            location: Location {
                file: file.clone(),
                sheet: None,
                row: None,
                column: None,
            },
            message: format!(
                "{} active GP practices in {} read; {left_out} other organisations left out ({inactive} closed, dormant or proposed; {not_gp} not GP practices; {elsewhere} outside the area's postcode areas)",
                out.practices.len(),
                areas.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
            hint: Some(
                "nothing to do: only active GP practices near the closure can receive patients"
                    .to_string(),
            ),
        });
    }
    Ok(out)
}

/// How many rows an `epraccur` file has, read as [`read_epraccur`] reads it but keeping
/// nothing (the web page's check of an upload).
pub(crate) fn count_rows(
    path: &Path,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<usize, InputError> {
    let text = decode_text(path, bytes)?;
    limits::check_lines(path, &text, limits)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut count = 0;
    for (index, record) in reader.records().enumerate() {
        record.map_err(|e| InputError::Csv {
            file: path.display().to_string(),
            row: index + 1,
            message: e.to_string().to_lowercase(),
        })?;
        count += 1;
        if count > limits.practice_rows * 5 {
            return Err(limits::too_many_rows(
                path,
                limits.practice_rows * 5,
                "epraccur",
            ));
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY: &str = "A81001,THE DENSHAM SURGERY,Y63,QHM,HEALTH CENTRE,LAWSON STREET,,STOCKTON-ON-TEES,,TS18 1HU,19740401,,A,B,16C,20200401,,01642 672351,,,,1,,16C,,4,\n";
    const CURRENT: &str = "\u{feff}A81001,THE DENSHAM SURGERY,Y63,QHM,HEALTH CENTRE,LAWSON STREET,,STOCKTON-ON-TEES,,TS18 1HU,19740401,,ACTIVE,B,16C,20200401,,01642 672351,,,,1,,16C,,RO76,\n";

    #[test]
    fn both_forms_are_recognised_by_their_shape() {
        assert!(is_epraccur(LEGACY.as_bytes()));
        assert!(is_epraccur(CURRENT.as_bytes()));
        assert!(!is_epraccur(
            b"ods_code,name,address_line_1,postcode,capacity,status\n"
        ));
        assert!(!is_epraccur(b""));
    }

    #[test]
    fn settings_and_statuses() {
        assert!(is_gp_practice("4"));
        assert!(is_gp_practice("RO76"));
        assert!(is_gp_practice("RO80|RO76"));
        assert!(!is_gp_practice("RO80|RO87"));
        assert!(!is_gp_practice("1"));
        assert!(is_active("ACTIVE") && is_active("A"));
        assert!(!is_active("INACTIVE") && !is_active("D") && !is_active("P"));
        assert_eq!(postcode_area("se15"), "SE");
        assert_eq!(postcode_area("TS18 1HU"), "TS");
    }
}

//! Input stage: read the practices file (receiving practices and their capacity) into
//! [`Practice`]s; a bad row becomes a warning and the practice is left out.

use std::collections::BTreeMap;
use std::path::Path;

use super::address::{forbidden_first_message, read_address_lines, starts_badly};
use super::input_error::InputError;
use super::postcode::parse_postcode;
use super::table::{Columns, Table};
use crate::model::{Closure, Location, Position, Practice, PracticeStatus, Problem, Warnings};

pub(crate) const REQUIRED: &[&str] = &[
    "ods_code",
    "name",
    "address_line_1",
    "postcode",
    "capacity",
    "status",
];
pub(crate) const OPTIONAL: &[&str] = &[
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "phone",
    "email",
    "latitude",
    "longitude",
];
const ADDRESS: &[&str] = &[
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
];

/// Normalise and check an ODS organisation code (`g85001` → `G85001`).
pub(crate) fn parse_ods_code(s: &str) -> Result<String, String> {
    let code = s.trim().to_uppercase();
    if code.is_empty() {
        return Err("the ODS code is empty".to_string());
    }
    let mut chars = code.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    if first_is_letter && (3..=6).contains(&code.len()) && chars.all(|c| c.is_ascii_alphanumeric())
    {
        Ok(code)
    } else {
        Err("not an ODS code (a letter then 2 to 5 letters or digits, as in G85001)".to_string())
    }
}

/// The practices read from the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct PracticesRead {
    pub practices: Vec<Practice>,
    pub warnings: Warnings,
    /// Every well-formed ODS code in the file (also of rows left out) → its row.
    pub codes_in_file: BTreeMap<String, usize>,
}

/// A practice closure.toml says is closing receives no patients, whatever the practices file
/// says of it; the officer is told when the file called it open.
pub(crate) fn closing_never_receive(read: &mut PracticesRead, path: &Path, closure: &Closure) {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for practice in &mut read.practices {
        if practice.status == PracticeStatus::Closing
            || !closure
                .closing_practices
                .iter()
                .any(|c| c.ods_code == practice.ods_code)
        {
            continue;
        }
        practice.status = PracticeStatus::Closing;
        read.warnings.push(Problem {
            location: Location {
                file: file.clone(),
                sheet: None,
                row: Some(practice.row),
                column: Some("status".to_string()),
            },
            message: format!(
                "{} is a closing practice in closure.toml, so it receives no patients",
                practice.ods_code
            ),
            hint: Some("write closing in its status cell".to_string()),
        });
    }
}

pub(crate) fn read_practices(path: &Path, mut table: Table) -> Result<PracticesRead, InputError> {
    let cols = table.columns(path, REQUIRED, OPTIONAL)?;
    let mut out = PracticesRead::default();
    // Notes on how the file was read come first.
    out.warnings.extend(std::mem::take(&mut table.notes));
    let mut first_row_of: BTreeMap<String, usize> = BTreeMap::new();
    let file = table.file.clone();
    let sheet = table.sheet.clone();
    let mut rows_read = 0usize;
    while let Some(row) = table.rows().next() {
        let row = row?;
        let row = &row;
        rows_read += 1;
        let location = |number: usize, column: &str| Location {
            file: file.clone(),
            sheet: sheet.clone(),
            row: Some(number),
            column: Some(cols.label(column)),
        };
        let mut problems = cols.cell_problems(row, &location);
        let mut problem = |column: &str, message: String, hint: &str| {
            problems.push(Problem {
                location: location(row.number, column),
                message,
                hint: Some(hint.to_string()),
            });
        };
        let ods = match parse_ods_code(cols.get(row, "ods_code")) {
            Ok(code) => {
                if let Some(first) = first_row_of.get(&code) {
                    problem(
                        "ods_code",
                        format!(
                            "the same ODS code is on more than one row ({code}, also on row {first})"
                        ),
                        "keep one row for each practice",
                    );
                } else {
                    first_row_of.insert(code.clone(), row.number);
                }
                out.codes_in_file.entry(code.clone()).or_insert(row.number);
                Some(code)
            }
            Err(m) => {
                problem("ods_code", m, "use the practice's ODS code, e.g. G85001");
                None
            }
        };
        let name = cols.get(row, "name").to_string();
        if name.is_empty() {
            problem(
                "name",
                "the practice name is empty".to_string(),
                "fill in the practice name",
            );
        } else if starts_badly(&name) {
            problem(
                "name",
                format!("the practice name {}", forbidden_first_message()),
                "remove the character at the start of the name",
            );
        }
        let cells: Vec<&str> = ADDRESS.iter().map(|c| cols.get(row, c)).collect();
        let lines = read_address_lines(&cells, ADDRESS, &mut problem);
        let postcode = match parse_postcode(cols.get(row, "postcode")) {
            Ok(p) if p.bfpo => {
                problem(
                    "postcode",
                    "a practice cannot have a BFPO postcode".to_string(),
                    "write the practice's UK postcode",
                );
                None
            }
            Ok(p) => Some(p),
            Err(m) => {
                problem(
                    "postcode",
                    m,
                    "write the practice's postcode as in SE15 2AB",
                );
                None
            }
        };
        let capacity = parse_capacity(cols.get(row, "capacity"));
        if let Err(m) = &capacity {
            problem(
                "capacity",
                m.clone(),
                "write the number of patients the practice agreed to take, e.g. 250 (0 for none)",
            );
        }
        let status = parse_status(cols.get(row, "status"));
        if let Err(m) = &status {
            problem("status", m.clone(), "write open, of-concern or closing");
        }
        let location = parse_location(&cols, row);
        if let Err((column, m)) = &location {
            problem(
                column,
                m.clone(),
                "give both latitude and longitude in decimal degrees (51.5, -0.08), or leave both empty",
            );
        }
        match (ods, lines, postcode, capacity, status, location) {
            (
                Some(ods_code),
                Some(address_lines),
                Some(postcode),
                Ok(capacity),
                Ok(status),
                Ok(location),
            ) if problems.is_empty() => {
                out.practices.push(Practice {
                    row: row.number,
                    ods_code,
                    name,
                    address_lines,
                    postcode,
                    phone: cols.get(row, "phone").to_string(),
                    email: cols.get(row, "email").to_string(),
                    capacity,
                    capacity_known: true,
                    status,
                    location,
                });
            }
            _ => out.warnings.extend(problems),
        }
    }
    if rows_read == 0 {
        return Err(InputError::NoRows {
            file: path.display().to_string(),
            sheet,
            what: "practice rows".to_string(),
            hint: "add one row for each practice that can receive patients under the header row"
                .to_string(),
        });
    }
    Ok(out)
}

pub(crate) fn parse_capacity(s: &str) -> Result<u32, String> {
    let digits: String = s
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        return Err("the capacity is empty".to_string());
    }
    if digits.starts_with('-') {
        return Err("the capacity cannot be negative".to_string());
    }
    digits
        .parse::<u32>()
        .map_err(|_| "the capacity is not a whole number".to_string())
}

pub(crate) fn parse_status(s: &str) -> Result<PracticeStatus, String> {
    let key: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "open" => Ok(PracticeStatus::Open),
        "ofconcern" => Ok(PracticeStatus::OfConcern),
        "closing" => Ok(PracticeStatus::Closing),
        "" => Err("the status is empty".to_string()),
        _ => Err("the status must be open, of-concern or closing".to_string()),
    }
}

fn parse_location(
    cols: &Columns,
    row: &super::table::TableRow,
) -> Result<Option<Position>, (&'static str, String)> {
    let lat = cols.get(row, "latitude");
    let long = cols.get(row, "longitude");
    if lat.is_empty() && long.is_empty() {
        return Ok(None);
    }
    let number =
        |s: &str, column: &'static str, limit: f64| -> Result<f64, (&'static str, String)> {
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
                Ok(_) => Err((column, format!("the {column} is out of range"))),
                Err(_) if s.is_empty() => Err((
                    column,
                    format!("the {column} is empty but the other coordinate is given"),
                )),
                Err(_) => Err((column, format!("the {column} is not a number"))),
            }
        };
    let lat = number(lat, "latitude", 90.0)?;
    let long = number(long, "longitude", 180.0)?;
    Ok(Some(Position::Degrees { lat, long }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_codes() {
        assert_eq!(parse_ods_code(" g85001 "), Ok("G85001".to_string()));
        assert_eq!(parse_ods_code("Y02957"), Ok("Y02957".to_string()));
        assert!(parse_ods_code("").is_err());
        assert!(parse_ods_code("85001").is_err());
        assert!(parse_ods_code("G8500123").is_err());
        assert!(parse_ods_code("G85-01").is_err());
    }

    #[test]
    fn capacity_and_status() {
        assert_eq!(parse_capacity("1,200"), Ok(1200));
        assert_eq!(parse_capacity("0"), Ok(0));
        assert!(parse_capacity("-3").unwrap_err().contains("negative"));
        assert!(parse_capacity("lots").is_err());
        assert!(parse_capacity("12.5").is_err());
        assert_eq!(parse_status("Of Concern"), Ok(PracticeStatus::OfConcern));
        assert_eq!(parse_status("of-concern"), Ok(PracticeStatus::OfConcern));
        assert_eq!(parse_status("OPEN"), Ok(PracticeStatus::Open));
        assert!(parse_status("shut").is_err());
    }
}

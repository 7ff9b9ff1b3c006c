//! Input stage: the practice details file (`[inputs] practice_details`), what no national file
//! holds about a practice: its `email`, its `capacity`, its `status` (`open`, `of-concern`,
//! `closing`), and a `name` or `phone` to use instead of ODS's. Only `ods_code` is required;
//! each row overlays that practice's record from `epraccur` (or the practices file).

use std::path::Path;

use super::input_error::InputError;
use super::practices::{PracticesRead, parse_capacity, parse_ods_code, parse_status};
use super::table::Table;
use crate::model::{Location, Problem};

pub(crate) const REQUIRED: &[&str] = &["ods_code"];
const OPTIONAL: &[&str] = &["name", "email", "phone", "capacity", "status"];

/// Overlays each row of the details file on its practice. A bad cell, or a code that is not an
/// active GP practice the practices file gave, is a warning naming the row; the rest go on.
pub(crate) fn overlay_details(
    path: &Path,
    mut table: Table,
    read: &mut PracticesRead,
) -> Result<(), InputError> {
    let cols = table.columns(path, REQUIRED, OPTIONAL)?;
    read.warnings.extend(std::mem::take(&mut table.notes));
    let (file, sheet) = (table.file.clone(), table.sheet.clone());
    let mut rows = 0usize;
    while let Some(row) = table.rows().next() {
        let row = row?;
        rows += 1;
        let location = |column: &str| Location {
            file: file.clone(),
            sheet: sheet.clone(),
            row: Some(row.number),
            column: Some(cols.label(column)),
        };
        let mut warn = |column: &str, message: String, hint: &str| {
            read.warnings.push(Problem {
                location: location(column),
                message,
                hint: Some(hint.to_string()),
            });
        };
        let code = match parse_ods_code(cols.get(&row, "ods_code")) {
            Ok(code) => code,
            Err(m) => {
                warn("ods_code", m, "use the practice's ODS code, e.g. G85001");
                continue;
            }
        };
        let Some(practice) = read.practices.iter_mut().find(|p| p.ods_code == code) else {
            let why = if read.codes_in_file.contains_key(&code) {
                "is not an active GP practice in the area's postcode areas in the practices file"
            } else {
                "is not in the practices file"
            };
            warn(
                "ods_code",
                format!("{code} {why}, so its details are not used"),
                "check the code on the ODS portal; a closed or dormant practice cannot receive patients",
            );
            continue;
        };
        let capacity = cols.get(&row, "capacity");
        if !capacity.is_empty() {
            match parse_capacity(capacity) {
                Ok(capacity) => {
                    practice.capacity = capacity;
                    practice.capacity_known = true;
                }
                Err(m) => warn(
                    "capacity",
                    m,
                    "write the number of patients the practice agreed to take, e.g. 250 (0 for none)",
                ),
            }
        }
        let status = cols.get(&row, "status");
        if !status.is_empty() {
            match parse_status(status) {
                Ok(status) if practice.status != crate::model::PracticeStatus::Closing => {
                    practice.status = status;
                }
                Ok(_) => {}
                Err(m) => warn("status", m, "write open, of-concern or closing"),
            }
        }
        for (field, value) in [
            ("name", &mut practice.name),
            ("email", &mut practice.email),
            ("phone", &mut practice.phone),
        ] {
            let given = cols.get(&row, field);
            if !given.is_empty() {
                *value = given.to_string();
            }
        }
    }
    if rows == 0 {
        return Err(InputError::NoRows {
            file: path.display().to_string(),
            sheet,
            what: "practice rows".to_string(),
            hint: "add one row for each practice whose email or capacity you know".to_string(),
        });
    }
    Ok(())
}

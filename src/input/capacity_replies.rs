//! Input stage: the capacity survey's replies (`--capacity-replies DIR`). Each reply form in
//! the folder (the XLSX `dispersal survey` attached, or any CSV, XLSX, XLS or ODS with
//! `ods_code` and `can_take` columns) sets that practice's capacity. A reply that is not a
//! whole number of at least 0, or names a practice not in the practices file, stops the run
//! with the file, the cell and what to fix; a practice with no reply keeps the practices
//! file's capacity, and is listed in the warnings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::input_error::InputError;
use super::limits::Limits;
use super::table::{self, read_table};
use super::{Files, read_limited};
use crate::model::{Inputs, Location, PracticeStatus, Problem};

/// The reply form's header, as `dispersal survey` writes it.
pub const REPLY_FORM: &[&str] = &["ods_code", "name", "can_take"];
/// The columns a reply form needs.
pub const REPLY_COLUMNS: &[&str] = &["ods_code", "can_take"];
/// Rows a reply file may hold at most (a form has one; a borough's own list may have more).
pub(crate) const REPLY_ROWS: usize = 10_000;
/// The file endings read from the folder.
const FORMATS: &[&str] = &["xlsx", "xls", "ods", "csv"];

/// What the replies changed: (ODS code, capacity) per practice that replied, by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replies {
    pub capacities: BTreeMap<String, u32>,
}

/// The reply files in `dir`, by name.
fn reply_files(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|source| InputError::Read {
        file: dir.display().to_string(),
        source,
        hint: "check the --capacity-replies folder".to_string(),
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // Office's lock files (~$form.xlsx) and hidden files are not replies.
            !name.starts_with("~$")
                && !name.starts_with('.')
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| FORMATS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// A whole number of at least 0 as a reply gives it (`12`, or `12.0` from a spreadsheet).
fn whole_number(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text.strip_suffix(".0").unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Reads every reply in `dir` and sets the practices' capacities in `inputs`; warns of every
/// open practice without a reply.
pub fn apply_capacity_replies(
    inputs: &mut Inputs,
    dir: &Path,
    files: &dyn Files,
) -> Result<Replies, InputError> {
    let limits = Limits::default();
    let mut replies = Replies::default();
    let mut from: BTreeMap<String, String> = BTreeMap::new();
    for path in reply_files(dir)? {
        let file = table::file_name(&path);
        let bytes = read_limited(files, &path, "check the reply form", limits.file_bytes)?;
        let mut table = read_table(
            &path,
            bytes,
            REPLY_COLUMNS,
            &limits,
            (REPLY_ROWS, "capacity reply"),
        )?;
        let columns = table.columns(&path, REPLY_COLUMNS, &["name"])?;
        let can_take_column = columns
            .index("can_take")
            .map(table::column_letter)
            .unwrap_or_default();
        for row in table.rows() {
            let row = row?;
            let ods = columns.get(&row, "ods_code").trim().to_uppercase();
            let cell = format!("{can_take_column}{}", row.number);
            if ods.is_empty() {
                return Err(InputError::Row {
                    file: file.clone(),
                    row: row.number,
                    message: "ods_code is empty".to_string(),
                    hint: "put back the practice's ODS code the form was sent with".to_string(),
                });
            }
            if !inputs.practices.iter().any(|p| p.ods_code == ods) {
                return Err(InputError::Row {
                    file: file.clone(),
                    row: row.number,
                    message: format!("ods_code {ods} is not a practice in the practices file"),
                    hint: "check the code against the practices file, or add the practice there"
                        .to_string(),
                });
            }
            let given = columns.get(&row, "can_take");
            let Some(can_take) = whole_number(given) else {
                return Err(InputError::Row {
                    file: file.clone(),
                    row: row.number,
                    message: if given.trim().is_empty() {
                        format!("can_take (cell {cell}) is empty")
                    } else {
                        format!(
                            "can_take (cell {cell}) is \"{given}\", not a whole number of 0 or more"
                        )
                    },
                    hint: format!(
                        "write in cell {cell} how many patients {ods} can take, e.g. 25 (0 if none), or take the file out of the folder until the practice replies"
                    ),
                });
            };
            if let (Some(&old), Some(first)) = (replies.capacities.get(&ods), from.get(&ods))
                && old != can_take
            {
                return Err(InputError::Row {
                    file: file.clone(),
                    row: row.number,
                    message: format!("{ods} replied {can_take} here but {old} in {first}"),
                    hint: "keep only the practice's latest reply in the folder".to_string(),
                });
            }
            replies.capacities.insert(ods.clone(), can_take);
            from.insert(ods, file.clone());
        }
    }
    let practices_file = table::file_name(&inputs.closure.inputs.practices);
    for practice in &mut inputs.practices {
        match replies.capacities.get(&practice.ods_code) {
            Some(&capacity) => {
                practice.capacity = capacity;
                practice.capacity_known = true;
            }
            None if practice.status == PracticeStatus::Open => {
                inputs.warnings.push(Problem {
                    location: Location {
                        file: practices_file.clone(),
                        sheet: None,
                        row: Some(practice.row),
                        column: Some("capacity".to_string()),
                    },
                    message: format!(
                        "{} {} sent no capacity survey reply; the practices file's capacity of {} is used",
                        practice.ods_code, practice.name, practice.capacity
                    ),
                    hint: Some(
                        "add the practice's reply form to the --capacity-replies folder when it comes"
                            .to_string(),
                    ),
                });
            }
            None => {}
        }
    }
    Ok(replies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_only() {
        assert_eq!(whole_number("25"), Some(25));
        assert_eq!(whole_number(" 0 "), Some(0));
        assert_eq!(whole_number("12.0"), Some(12));
        for bad in ["", "-1", "12.5", "twelve", "1e3", "+3"] {
            assert_eq!(whole_number(bad), None, "{bad}");
        }
    }
}

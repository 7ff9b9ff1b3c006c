//! Input stage: what the web page's column step shows for a patient list in which a required
//! field's column cannot be found by any name it goes by ([`super::headers`]): the fields
//! missing, the file's headers to choose from, and its first rows to choose by. The choice is
//! kept in `closure.toml`'s `[inputs.columns]`, so the command line reads the file the same
//! way.

use std::path::Path;

use super::headers::{self, FIRST_ADDRESS_LINE};
use super::input_error::InputError;
use super::limits::Limits;
use super::{DiskFiles, patients, read_limited, table};

/// Rows of the file shown beside its headers.
pub const SHOWN_ROWS: usize = 3;

/// A patient list's headers, its first rows, and the required fields no column is found for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnChoices {
    /// The header row's cells as written (empty ones left out), in order.
    pub headers: Vec<String>,
    /// The first [`SHOWN_ROWS`] rows under the header, a cell for each header.
    pub rows: Vec<Vec<String>>,
    /// The required fields no column is found for (`family_name`), in the file's order of
    /// fields.
    pub missing: Vec<&'static str>,
}

/// The choices for the patient list at `path`, with the columns `mapped` already named.
pub fn column_choices(
    path: &Path,
    mapped: &[(String, String)],
) -> Result<ColumnChoices, InputError> {
    let limits = Limits::default();
    let bytes = read_limited(
        &DiskFiles,
        path,
        "upload the patient list again",
        limits.file_bytes,
    )?;
    let mut table = table::read_table(
        path,
        bytes,
        patients::REQUIRED,
        &limits,
        (limits.patient_rows, "patients"),
    )?;
    let all = table.headers.clone();
    let keys: Vec<String> = all.iter().map(|h| headers::header_key(h)).collect();
    let missing = patients::REQUIRED
        .iter()
        .copied()
        .filter(|field| match mapped.iter().find(|(f, _)| f == field) {
            Some((_, header)) => !keys.contains(&headers::header_key(header)),
            None => {
                headers::find(field, &all).is_none()
                    && !(*field == FIRST_ADDRESS_LINE && headers::address_in_parts(&all))
            }
        })
        .collect();
    let shown: Vec<usize> = (0..all.len()).filter(|&i| !all[i].is_empty()).collect();
    let mut rows = Vec::new();
    for row in table.rows().take(SHOWN_ROWS) {
        let row = row?;
        rows.push(
            shown
                .iter()
                .map(|&i| row.cells.get(i).cloned().unwrap_or_default())
                .collect(),
        );
    }
    Ok(ColumnChoices {
        headers: shown.iter().map(|&i| all[i].clone()).collect(),
        rows,
        missing,
    })
}

//! Input stage: read a folder of locales (`DIR/<tag>/letters.ftl` and `DIR/<tag>/locale.toml`)
//! as text, and a translator's review workbook as rows; the compose stage parses and checks
//! them.

use std::path::Path;

use super::input_error::InputError;
use super::limits::Limits;
use super::table::{self, read_table};
use super::{Files, read_limited};
use crate::model::{LocaleFiles, ReviewRow};

/// Bytes in one locale file at most (the shipped ones are under 10 KB).
const LOCALE_FILE_BYTES: u64 = 1 << 20;
/// Rows in a review workbook at most (a locale has about 50 messages).
const REVIEW_ROWS: usize = 1_000;

/// The columns of a review workbook that are read back; the others (`english`, `current`,
/// `notes`, `comments`) are for the translator.
pub const REVIEW_COLUMNS: &[&str] = &["id", "reviewed"];

/// Every locale in `dir`: each sub-folder holding a `letters.ftl`, in tag order. A folder
/// with only one of the two files is an error (a new locale needs its `locale.toml`).
pub fn read_locales(dir: &Path, files: &dyn Files) -> Result<Vec<LocaleFiles>, InputError> {
    let hint = "the locales folder holds one folder per language (pl/, ar/), each with letters.ftl and locale.toml; `dispersal translations import` writes one";
    let entries = std::fs::read_dir(dir).map_err(|source| InputError::Read {
        file: dir.display().to_string(),
        source,
        hint: hint.to_string(),
    })?;
    let mut tags: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    tags.sort();
    let mut out = Vec::new();
    for tag in tags {
        let folder = dir.join(&tag);
        let (ftl, toml) = (folder.join("letters.ftl"), folder.join("locale.toml"));
        if !ftl.is_file() && !toml.is_file() {
            continue;
        }
        let text = |path: &Path| -> Result<String, InputError> {
            let bytes = read_limited(files, path, hint, LOCALE_FILE_BYTES)?;
            let bytes = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .map(<[u8]>::to_vec)
                .unwrap_or(bytes);
            String::from_utf8(bytes).map_err(|_| InputError::NotText {
                file: path.display().to_string(),
                reason: "the file is not UTF-8 text".to_string(),
                hint: "save it as UTF-8".to_string(),
            })
        };
        out.push(LocaleFiles {
            tag,
            dir: folder.clone(),
            locale_toml: text(&toml)?,
            letters_ftl: text(&ftl)?,
        });
    }
    if out.is_empty() {
        return Err(InputError::Read {
            file: dir.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no locale folders in it"),
            hint: hint.to_string(),
        });
    }
    Ok(out)
}

/// The rows of a translator's review workbook (`dispersal translations export`): the first
/// sheet with `id` and `reviewed` columns, read by the spreadsheet reader within its limits.
/// Blank rows are left out; a row without an id is an error naming it. With the rows comes
/// the name of the sheet they were read from, for errors to name.
pub fn read_review(
    path: &Path,
    files: &dyn Files,
) -> Result<(Option<String>, Vec<ReviewRow>), InputError> {
    let limits = Limits::default();
    let bytes = read_limited(
        files,
        path,
        "check the path to the review workbook",
        limits.file_bytes,
    )?;
    let mut table = read_table(
        path,
        bytes,
        REVIEW_COLUMNS,
        &limits,
        (REVIEW_ROWS, "translation review"),
    )?;
    let columns = table.columns(path, REVIEW_COLUMNS, &[])?;
    let mut rows = Vec::new();
    for row in table.rows() {
        let row = row?;
        let id = columns.get(&row, "id");
        let reviewed = columns.get(&row, "reviewed");
        if id.is_empty() && reviewed.is_empty() {
            continue;
        }
        if id.is_empty() {
            return Err(InputError::Row {
                file: table::file_name(path),
                row: row.number,
                message: "the row has reviewed text but no message id".to_string(),
                hint:
                    "put back the id the row had when it was exported; do not change the id column"
                        .to_string(),
            });
        }
        rows.push(ReviewRow {
            row: row.number,
            id: id.to_string(),
            reviewed: reviewed.replace("\r\n", "\n").replace('\r', "\n"),
        });
    }
    Ok((table.sheet.clone(), rows))
}

//! Input stage: find the columns a reader uses in a table's header, by their expected names,
//! and get their cells from each row.

use std::path::Path;

use super::spreadsheet::cell_name;
use super::{InputError, Table, TableRow, header_key, shortened};
use crate::input::headers;
use crate::model::Problem;

/// The columns of a table that a reader uses, looked up by their expected names.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(super) found: Vec<(&'static str, usize)>,
    headers: Vec<String>,
}

impl Table {
    /// Find the columns by name (any of the names [`headers::names_of`] knows). A missing
    /// required column is an error listing the names; so is a column the reader uses appearing
    /// twice. Columns the reader does not use become a note (often a misspelt name).
    pub(crate) fn columns(
        &mut self,
        path: &Path,
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Columns, InputError> {
        self.mapped_columns(path, required, optional, &[])
    }

    /// [`Table::columns`], with the columns of some fields named by the officer
    /// (`[inputs.columns]`: field, header): those are found by that header only, and a header
    /// the file does not have is an error naming both and listing the file's headers.
    pub(crate) fn mapped_columns(
        &mut self,
        path: &Path,
        required: &[&'static str],
        optional: &[&'static str],
        mapped: &[(String, String)],
    ) -> Result<Columns, InputError> {
        let keys: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for &name in required.iter().chain(optional) {
            let at: Vec<usize> = match mapped.iter().find(|(field, _)| field == name) {
                Some((_, header)) => {
                    let key = header_key(header);
                    let at: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
                    if at.is_empty() {
                        return Err(InputError::MappedColumn {
                            file: path.display().to_string(),
                            sheet: self.sheet.clone(),
                            field: name.to_string(),
                            header: header.clone(),
                            headers: self
                                .headers
                                .iter()
                                .filter(|h| !h.is_empty())
                                .map(|h| format!("\"{h}\""))
                                .collect::<Vec<_>>()
                                .join(", "),
                        });
                    }
                    at
                }
                None => headers::find(name, &self.headers).unwrap_or_default(),
            };
            match at.as_slice() {
                [] if required.contains(&name) => missing.push(name.to_string()),
                [] => {}
                [i] => found.push((name, *i)),
                several => {
                    return Err(InputError::DuplicateColumn {
                        file: path.display().to_string(),
                        sheet: self.sheet.clone(),
                        name: name.to_string(),
                        columns: several
                            .iter()
                            .map(|&i| format!("{} (\"{}\")", column_letter(i), self.headers[i]))
                            .collect(),
                    });
                }
            }
        }
        if !missing.is_empty() {
            return Err(InputError::MissingColumn {
                file: path.display().to_string(),
                sheet: self.sheet.clone(),
                columns: missing,
                expected: required.join(", "),
                optional: optional.join(", "),
            });
        }
        let unused: Vec<String> = self
            .headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.is_empty() && !found.iter().any(|(_, f)| f == i))
            .map(|(_, h)| format!("\"{h}\""))
            .collect();
        if !unused.is_empty() {
            let note = Problem {
                location: self.location(Some(self.header_row), None),
                message: format!(
                    "column{} {} not used",
                    if unused.len() == 1 { "" } else { "s" },
                    if unused.len() == 1 {
                        format!("{} is", unused[0])
                    } else {
                        format!("{} are", shortened(&unused))
                    }
                ),
                hint: Some(format!(
                    "if one is misspelt, rename it; the columns read are: {}",
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            self.notes.push(note);
        }
        Ok(Columns {
            found,
            headers: self.headers.clone(),
        })
    }
}

/// A column's spreadsheet letter from its 0-based index (A, B, …, Z, AA, …).
pub(crate) fn column_letter(index: usize) -> String {
    let name = cell_name((0, index as u32));
    name.trim_end_matches('1').to_string()
}

impl Columns {
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.found.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    }

    /// The trimmed cell, or "" when the column or the cell is absent.
    pub(crate) fn get<'a>(&self, row: &'a TableRow, name: &str) -> &'a str {
        self.index(name)
            .and_then(|i| row.cells.get(i))
            .map(|c| c.trim())
            .unwrap_or("")
    }

    /// The column's header as written in the file, or the expected name.
    pub(crate) fn label(&self, name: &str) -> String {
        self.index(name)
            .and_then(|i| self.headers.get(i))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

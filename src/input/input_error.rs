//! Input stage: `InputError`, the problems that stop the input stage from reading a closure.
//!
//! Each variant names the file (and the key, row or column where there is one): its
//! [`InputError::problem`]; and says how to fix it: its [`InputError::fix`], printed on `hint:`
//! lines. Bad rows are not errors: they become
//! [`crate::model::Problem`]s and the good rows go on.

use thiserror::Error;

/// A fatal input problem: the CLI reports it and exits with code 2.
#[derive(Debug, Error)]
pub enum InputError {
    /// The file could not be read at all (missing, a folder, no permission).
    Read {
        file: String,
        #[source]
        source: std::io::Error,
        hint: String,
    },

    /// The file is not text in an encoding we can read safely.
    NotText {
        file: String,
        reason: String,
        hint: String,
    },

    /// `closure.toml` is not valid TOML.
    TomlSyntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// A key that `closure.toml` does not use (often a typo).
    UnknownKey {
        file: String,
        /// Dotted path, e.g. `closing_practice.odscode`.
        key: String,
        /// `in [closing_practice]` or `at the top level`.
        place: String,
        expected: String,
    },

    /// A required key is not there.
    MissingKey {
        file: String,
        key: String,
        example: String,
    },

    /// A key has a value of the wrong TOML type.
    WrongType {
        file: String,
        key: String,
        expected: String,
        found: String,
        example: String,
    },

    /// A row of a workbook that cannot be used at all.
    Row {
        file: String,
        row: usize,
        message: String,
        hint: String,
    },

    /// A key has the right type but a value that cannot be used.
    BadValue {
        file: String,
        key: String,
        message: String,
        hint: String,
    },

    /// A file past one of the input limits ([`super::Limits`]).
    TooBig {
        file: String,
        what: String,
        limit: String,
        hint: String,
    },

    /// A spreadsheet that calamine could not open.
    Spreadsheet {
        file: String,
        message: String,
        hint: String,
    },

    /// A CSV file the CSV reader could not parse.
    Csv {
        file: String,
        row: usize,
        message: String,
    },

    /// The file (or its first sheet) has no header row.
    Empty {
        file: String,
        sheet: Option<String>,
        hint: String,
    },

    /// A column the reader uses appears more than once in the header row.
    DuplicateColumn {
        file: String,
        sheet: Option<String>,
        /// The expected name, e.g. `postcode`.
        name: String,
        /// Each occurrence, e.g. `C ("Postcode")`.
        columns: Vec<String>,
    },

    /// The file has a header row but no rows under it.
    NoRows {
        file: String,
        sheet: Option<String>,
        /// `patient rows`, `practice rows`.
        what: String,
        hint: String,
    },

    /// A column named in `[inputs.columns]` that the file does not have.
    MappedColumn {
        file: String,
        sheet: Option<String>,
        /// The field, e.g. `family_name`.
        field: String,
        /// The header closure.toml names for it.
        header: String,
        /// The file's headers, quoted and joined.
        headers: String,
    },

    /// Required columns are missing from the header row.
    MissingColumn {
        file: String,
        sheet: Option<String>,
        /// The expected names of the missing columns.
        columns: Vec<String>,
        expected: String,
        optional: String,
    },
}

impl InputError {
    /// The file the error is about, as it was named.
    pub fn file(&self) -> &str {
        match self {
            InputError::Read { file, .. }
            | InputError::NotText { file, .. }
            | InputError::TomlSyntax { file, .. }
            | InputError::UnknownKey { file, .. }
            | InputError::MissingKey { file, .. }
            | InputError::WrongType { file, .. }
            | InputError::Row { file, .. }
            | InputError::BadValue { file, .. }
            | InputError::TooBig { file, .. }
            | InputError::Spreadsheet { file, .. }
            | InputError::Csv { file, .. }
            | InputError::Empty { file, .. }
            | InputError::DuplicateColumn { file, .. }
            | InputError::NoRows { file, .. }
            | InputError::MappedColumn { file, .. }
            | InputError::MissingColumn { file, .. } => file,
        }
    }

    /// What is wrong, naming the file and the key, row or column.
    pub fn problem(&self) -> String {
        match self {
            InputError::Read { file, source, .. } => {
                format!("{file}: cannot read the file ({source})")
            }
            InputError::NotText { file, reason, .. } => format!("{file}: {reason}"),
            InputError::TomlSyntax {
                file,
                line,
                column,
                message,
            } => format!("{file}: line {line}, column {column}: {message}"),
            InputError::UnknownKey { file, key, .. } => format!("{file}: unknown key \"{key}\""),
            InputError::MissingKey { file, key, .. } => format!("{file}: missing key \"{key}\""),
            InputError::WrongType {
                file,
                key,
                expected,
                found,
                ..
            } => format!("{file}: key \"{key}\" should be {expected}, not {found}"),
            InputError::Row {
                file, row, message, ..
            } => format!("{file}: row {row}: {message}"),
            InputError::BadValue {
                file, key, message, ..
            } => format!("{file}: key \"{key}\": {message}"),
            InputError::TooBig {
                file, what, limit, ..
            } => format!("{file}: {what}; the limit is {limit}"),
            InputError::Spreadsheet { file, message, .. } => {
                format!("{file}: cannot read the spreadsheet ({message})")
            }
            InputError::Csv { file, row, message } => format!("{file}: row {row}: {message}"),
            InputError::Empty { file, sheet, .. } => format!(
                "{file}{}: no header row (the file is empty)",
                sheet_suffix(sheet)
            ),
            InputError::DuplicateColumn {
                file,
                sheet,
                name,
                columns,
            } => format!(
                "{file}{}: the column \"{name}\" appears {} times: {}",
                sheet_suffix(sheet),
                columns.len(),
                columns.join(", ")
            ),
            InputError::NoRows {
                file, sheet, what, ..
            } => format!(
                "{file}{}: the file has a header row but no {what} under it",
                sheet_suffix(sheet)
            ),
            InputError::MappedColumn {
                file,
                sheet,
                field,
                header,
                ..
            } => format!(
                "{file}{}: closure.toml's [inputs.columns] reads {field} from the column \"{header}\", which the file does not have",
                sheet_suffix(sheet)
            ),
            InputError::MissingColumn {
                file,
                sheet,
                columns,
                ..
            } => format!(
                "{file}{}: missing required column{} {}",
                sheet_suffix(sheet),
                if columns.len() == 1 { "" } else { "s" },
                quoted(columns)
            ),
        }
    }

    /// What to do about it, one sentence a step.
    pub fn fix(&self) -> Vec<String> {
        match self {
            InputError::Read { hint, .. }
            | InputError::NotText { hint, .. }
            | InputError::Row { hint, .. }
            | InputError::BadValue { hint, .. }
            | InputError::TooBig { hint, .. }
            | InputError::Spreadsheet { hint, .. }
            | InputError::Empty { hint, .. }
            | InputError::NoRows { hint, .. } => vec![hint.clone()],
            InputError::TomlSyntax { .. } => vec![
                "check the TOML syntax near this line: strings in double quotes, lists in [ ], one key = value a line"
                    .to_string(),
            ],
            InputError::UnknownKey {
                place, expected, ..
            } => vec![format!("the keys allowed {place} are: {expected}")],
            InputError::MissingKey { example, .. } => {
                vec![format!("add it, for example: {example}")]
            }
            InputError::WrongType { example, .. } => vec![format!("for example: {example}")],
            InputError::Csv { .. } => vec![
                "check the quotes on this row: a cell that starts with \" must end with \""
                    .to_string(),
            ],
            InputError::DuplicateColumn { .. } => vec![
                "keep one of these columns and rename or delete the others".to_string(),
            ],
            InputError::MappedColumn { field, headers, .. } => vec![format!(
                "in closure.toml's [inputs.columns], set {field} to one of the file's columns: {headers}"
            )],
            InputError::MissingColumn {
                expected, optional, ..
            } => vec![
                format!("the header row must have the columns {expected}; optional: {optional}"),
                "names are matched ignoring case, spaces, hyphens, underscores, / and full stops (\"Date of Birth\" = \"date_of_birth\"), and the names EMIS Web, SystmOne and PCSE give a patient list's columns are known (the README lists them); for another name, name the column in closure.toml's [inputs.columns], e.g. family_name = \"Pt Surname\""
                    .to_string(),
            ],
        }
    }
}

/// The problem, then each fix on its own `hint:` line: how the CLI prints it.
impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problem())?;
        for fix in self.fix() {
            write!(f, "\n  hint: {fix}")?;
        }
        Ok(())
    }
}

fn sheet_suffix(sheet: &Option<String>) -> String {
    match sheet {
        Some(sheet) => format!(": sheet \"{sheet}\""),
        None => String::new(),
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

//! Input stage: `InputError`, the problems that stop the input stage from reading a closure.
//!
//! Each variant names the file (and the key, row or column where there is one) and ends with
//! a `hint:` line saying how to fix it. Bad rows are not errors: they become
//! [`crate::model::Problem`]s and the good rows go on.

use thiserror::Error;

/// A fatal input problem: the CLI reports it and exits with code 2.
#[derive(Debug, Error)]
pub enum InputError {
    /// The file could not be read at all (missing, a folder, no permission).
    #[error("{file}: cannot read the file ({source})\n  hint: {hint}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
        hint: String,
    },

    /// The file is not text in an encoding we can read safely.
    #[error("{file}: {reason}\n  hint: {hint}")]
    NotText {
        file: String,
        reason: String,
        hint: String,
    },

    /// `closure.toml` is not valid TOML.
    #[error(
        "{file}: line {line}, column {column}: {message}\n  hint: check the TOML syntax near this line: strings in double quotes, lists in [ ], one key = value a line"
    )]
    TomlSyntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// A key that `closure.toml` does not use (often a typo).
    #[error("{file}: unknown key \"{key}\"\n  hint: the keys allowed {place} are: {expected}")]
    UnknownKey {
        file: String,
        /// Dotted path, e.g. `closing_practice.odscode`.
        key: String,
        /// `in [closing_practice]` or `at the top level`.
        place: String,
        expected: String,
    },

    /// A required key is not there.
    #[error("{file}: missing key \"{key}\"\n  hint: add it, for example: {example}")]
    MissingKey {
        file: String,
        key: String,
        example: String,
    },

    /// A key has a value of the wrong TOML type.
    #[error(
        "{file}: key \"{key}\" should be {expected}, not {found}\n  hint: for example: {example}"
    )]
    WrongType {
        file: String,
        key: String,
        expected: String,
        found: String,
        example: String,
    },

    /// A row of a workbook that cannot be used at all.
    #[error("{file}: row {row}: {message}\n  hint: {hint}")]
    Row {
        file: String,
        row: usize,
        message: String,
        hint: String,
    },

    /// A key has the right type but a value that cannot be used.
    #[error("{file}: key \"{key}\": {message}\n  hint: {hint}")]
    BadValue {
        file: String,
        key: String,
        message: String,
        hint: String,
    },

    /// A file past one of the input limits ([`super::Limits`]).
    #[error("{file}: {what}; the limit is {limit}\n  hint: {hint}")]
    TooBig {
        file: String,
        what: String,
        limit: String,
        hint: String,
    },

    /// A spreadsheet that calamine could not open.
    #[error("{file}: cannot read the spreadsheet ({message})\n  hint: {hint}")]
    Spreadsheet {
        file: String,
        message: String,
        hint: String,
    },

    /// A CSV file the CSV reader could not parse.
    #[error(
        "{file}: row {row}: {message}\n  hint: check the quotes on this row: a cell that starts with \" must end with \""
    )]
    Csv {
        file: String,
        row: usize,
        message: String,
    },

    /// The file (or its first sheet) has no header row.
    #[error("{file}{}: no header row (the file is empty)\n  hint: {hint}", sheet_suffix(.sheet))]
    Empty {
        file: String,
        sheet: Option<String>,
        hint: String,
    },

    /// A column the reader uses appears more than once in the header row.
    #[error(
        "{file}{}: the column \"{name}\" appears {} times: {}\n  hint: keep one of these columns and rename or delete the others",
        sheet_suffix(.sheet),
        .columns.len(),
        .columns.join(", ")
    )]
    DuplicateColumn {
        file: String,
        sheet: Option<String>,
        /// The expected name, e.g. `postcode`.
        name: String,
        /// Each occurrence, e.g. `C ("Postcode")`.
        columns: Vec<String>,
    },

    /// The file has a header row but no rows under it.
    #[error("{file}{}: the file has a header row but no {what} under it\n  hint: {hint}", sheet_suffix(.sheet))]
    NoRows {
        file: String,
        sheet: Option<String>,
        /// `patient rows`, `practice rows`.
        what: String,
        hint: String,
    },

    /// Required columns are missing from the header row.
    #[error(
        "{file}{}: missing required column{} {}\n  hint: the header row must have the columns {expected}; optional: {optional}\n  hint: names are matched ignoring case, spaces, hyphens and underscores (\"Date of Birth\" = \"date_of_birth\")",
        sheet_suffix(.sheet),
        if .columns.len() == 1 { "" } else { "s" },
        quoted(.columns)
    )]
    MissingColumn {
        file: String,
        sheet: Option<String>,
        /// The expected names of the missing columns.
        columns: Vec<String>,
        expected: String,
        optional: String,
    },
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

//! Compose stage, translation review: the review workbook. The rows exported for the
//! translator ([`export_rows`]), the rows read back ([`Review`]), and the cell of the
//! workbook each problem is named by.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use fluent_syntax::parser;

use super::messages::{message_sources, variables};
use super::notes::notes;
use super::problem::{MessageProblem, Place};
use super::{ReviewError, review_locale};
use crate::compose::Wording;
use crate::input::REVIEW_COLUMNS;
use crate::model::ReviewRow;

/// One row of the review workbook's messages sheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExportRow {
    pub id: String,
    pub english: String,
    pub current: String,
    pub notes: String,
}

/// The rows of the review workbook for a built-in locale: one per message, in its
/// `letters.ftl` order, with the English source and the notes.
pub fn export_rows(wording: &Wording, tag: &str) -> Result<Vec<ExportRow>, ReviewError> {
    let locale = review_locale(wording, tag)?;
    let english: BTreeMap<String, String> = message_sources(&wording.source().letters_ftl)
        .into_iter()
        .map(|m| (m.id, m.text))
        .collect();
    let source_vars = variables(
        &match parser::parse(wording.source().letters_ftl.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        },
    );
    Ok(message_sources(&locale.letters_ftl)
        .into_iter()
        .map(|m| ExportRow {
            english: english.get(&m.id).cloned().unwrap_or_default(),
            notes: notes(&m.id, source_vars.get(&m.id)),
            current: m.text,
            id: m.id,
        })
        .collect())
}

/// Who reviewed a translation, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Review<'a> {
    /// The workbook the rows came from, as problems name it.
    pub workbook: &'a str,
    /// The sheet of the workbook the rows came from, when it has sheets.
    pub sheet: Option<&'a str>,
    pub rows: &'a [ReviewRow],
    pub reviewer: &'a str,
    pub date: NaiveDate,
    /// The folder the files will be written to (`DIR/pl`), as later errors name it.
    pub dir: PathBuf,
}

impl Review<'_> {
    /// The workbook's cell at `row` in `column`.
    fn cell(&self, row: usize, column: &str) -> Place {
        Place::Cell {
            sheet: self.sheet.map(str::to_string),
            row,
            column: column.to_string(),
        }
    }

    /// A problem with the workbook's row `row`, in its column `column`.
    pub(super) fn row_problem(
        &self,
        row: usize,
        column: &str,
        id: &str,
        problem: &str,
    ) -> MessageProblem {
        MessageProblem {
            file: self.workbook.to_string(),
            place: Some(self.cell(row, column)),
            id: id.to_string(),
            problem: problem.to_string(),
            hint: None,
        }
    }

    /// A problem found in the reviewed files, named instead by the workbook's row that gives
    /// the message and its `reviewed` column (no row if the workbook does not give it).
    pub fn blame(&self, problem: MessageProblem) -> MessageProblem {
        let place = self
            .rows
            .iter()
            .find(|r| r.id == problem.id)
            .map(|r| self.cell(r.row, reviewed_column()));
        MessageProblem {
            file: self.workbook.to_string(),
            place,
            ..problem
        }
    }
}

/// The review workbook's column of message ids, as problems name it.
pub(super) fn id_column() -> &'static str {
    REVIEW_COLUMNS[0]
}

/// The review workbook's column of the translator's text, as problems name it.
pub(super) fn reviewed_column() -> &'static str {
    REVIEW_COLUMNS[1]
}

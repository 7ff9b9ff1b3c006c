//! Compose stage, translation review: a message that fails a check ([`MessageProblem`]) and
//! where it is ([`Place`]: a cell of the review workbook or a line of `letters.ftl`).

use std::fmt;

/// A message that fails a check, with where it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MessageProblem {
    /// The file named: the locale's `letters.ftl`, or the review workbook.
    pub file: String,
    /// The cell of the review workbook, or the line of `letters.ftl`.
    pub place: Option<Place>,
    pub id: String,
    pub problem: String,
    /// What to do about it, when the problem alone does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// Where in its file a problem is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Place {
    /// A cell of the review workbook: its sheet (when the workbook has sheets), the 1-based
    /// row the translator sees and the column's header.
    Cell {
        sheet: Option<String>,
        row: usize,
        column: String,
    },
    /// A 1-based line of `letters.ftl`.
    Line(usize),
}

impl Place {
    /// The row or line, for putting problems in the order a reader meets them.
    pub(super) fn order(place: Option<&Place>) -> usize {
        match place {
            Some(Place::Cell { row, .. }) => *row,
            Some(Place::Line(line)) => *line,
            None => usize::MAX,
        }
    }
}

impl fmt::Display for MessageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        match &self.place {
            Some(Place::Cell { sheet, row, column }) => {
                if let Some(sheet) = sheet {
                    write!(f, "sheet \"{sheet}\": ")?;
                }
                write!(f, "row {row}, column \"{column}\", ")?;
            }
            Some(Place::Line(line)) => write!(f, "line {line}, ")?,
            None => {}
        }
        write!(f, "message \"{}\": {}", self.id, self.problem)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

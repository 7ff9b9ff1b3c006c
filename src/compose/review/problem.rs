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

impl MessageProblem {
    /// Where the message is and what is wrong with it, on one line.
    pub fn located(&self) -> String {
        let mut text = format!("{}: ", self.file);
        match &self.place {
            Some(Place::Cell { sheet, row, column }) => {
                if let Some(sheet) = sheet {
                    text.push_str(&format!("sheet \"{sheet}\": "));
                }
                text.push_str(&format!("row {row}, column \"{column}\", "));
            }
            Some(Place::Line(line)) => text.push_str(&format!("line {line}, ")),
            None => {}
        }
        text.push_str(&format!("message \"{}\": {}", self.id, self.problem));
        text
    }
}

/// [`MessageProblem::located`], then its hint on a `hint:` line.
impl fmt::Display for MessageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.located())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

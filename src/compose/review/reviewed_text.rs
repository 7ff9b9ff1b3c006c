//! Compose stage, translation review: one reviewed text checked on its own. The
//! translator's cell made a Fluent value ([`reviewed_value`]), or what is wrong with it in
//! words, blamed on its own row.

use std::collections::BTreeSet;

use fluent_syntax::{ast, parser};

use super::explain::{excerpt, syntax_problem};
use super::problem::MessageProblem;
use super::workbook::{Review, reviewed_column};
use crate::model::ReviewRow;

/// A reviewed row's text as its message's value, if Fluent reads it on its own; else the
/// problem with it, in words, named by the row's `reviewed` cell. `english` is the English
/// message's variables (a hint shows one). The problem is returned whole, as the import
/// collects every row's: once per reviewed row, never in a hot path.
#[allow(clippy::result_large_err)]
pub(super) fn reviewed_value(
    row: &ReviewRow,
    review: &Review<'_>,
    english: Option<&BTreeSet<String>>,
) -> Result<String, MessageProblem> {
    let reviewed = row.reviewed.trim();
    let value = indented(reviewed);
    let entry = format!("{} = {value}\n", row.id);
    match parser::parse(entry.as_str()) {
        Ok(resource) if is_plain_message(&resource) => Ok(value),
        Ok(_) => {
            // Fluent read a line of the text as an attribute (`.name = …`) or another
            // entry, which no letter prints.
            let line = value
                .lines()
                .skip(1)
                .map(str::trim)
                .find(|l| l.starts_with('.'))
                .unwrap_or(reviewed);
            let mut p = review.row_problem(
                row.row,
                reviewed_column(),
                &row.id,
                &format!(
                    "the line \"{}\" starts with ., so no letter would print it",
                    excerpt(line)
                ),
            );
            p.hint = Some("start the line with a word, or join it to the line before".to_string());
            Err(p)
        }
        Err((_, errors)) => {
            let (words, hint) = syntax_problem(&entry, 0, &errors[0], english);
            let mut p = review.row_problem(row.row, reviewed_column(), &row.id, &words);
            p.hint = Some(hint);
            Err(p)
        }
    }
}

/// Whether a parsed `id = text` is one message with no attributes, as the letters print it.
fn is_plain_message(resource: &ast::Resource<&str>) -> bool {
    matches!(&resource.body[..], [ast::Entry::Message(m)] if m.attributes.is_empty())
}

/// A translator's text as a Fluent value: every line after the first indented, as Fluent
/// needs (a spreadsheet cell loses the indentation).
fn indented(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").trim_end().to_string();
    for line in lines {
        out.push('\n');
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            out.push_str("    ");
        }
        out.push_str(line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_without_indentation_becomes_valid_fluent() {
        assert_eq!(
            indented("{ $n ->\n[one] x\n*[other] y\n}"),
            "{ $n ->\n    [one] x\n    *[other] y\n    }"
        );
    }
}

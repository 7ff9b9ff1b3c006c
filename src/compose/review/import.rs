//! Compose stage, translation review: the translator's rows made into the reviewed
//! locale's files ([`reviewed_files`]), or refused with every problem in row order, each
//! blamed on the row that caused it.

use std::collections::BTreeMap;

use fluent_syntax::parser;

use super::checks::review_problems;
use super::files::{reviewed_ftl, reviewed_toml};
use super::messages::{MessageSource, message_sources, variables};
use super::problem::{MessageProblem, Place};
use super::reviewed_text::reviewed_value;
use super::workbook::{Review, id_column};
use super::{ReviewError, review_locale};
use crate::compose::Wording;
use crate::model::LocaleFiles;

/// The reviewed locale's files: the current `letters.ftl` with each reviewed row's text in
/// place of its message, and a `locale.toml` with `status = "reviewed"`, the reviewer and
/// the date. Refused with every problem, in row order, each named by the workbook's cell
/// and message id: an id that is not a message, a message given twice, a reviewed text
/// Fluent cannot read (checked on its own, so it is blamed on its own row and on no other
/// message), and whatever [`review_problems`] finds in the messages the rows changed.
pub fn reviewed_files(
    wording: &Wording,
    tag: &str,
    review: &Review<'_>,
) -> Result<LocaleFiles, ReviewError> {
    let locale = review_locale(wording, tag)?;
    let sources = message_sources(&locale.letters_ftl);
    let mut problems = id_problems(&sources, review);
    if review.reviewer.trim().is_empty() {
        return Err(ReviewError::Messages {
            problems: vec![MessageProblem {
                file: review.workbook.to_string(),
                place: None,
                id: "(none)".to_string(),
                problem: "--reviewer is empty; give the translator's name".to_string(),
                hint: None,
            }],
        });
    }
    // Each row's text as the message's value, if Fluent reads it on its own; a broken one
    // keeps the current text here, so that it cannot take its neighbours down with it.
    let english = variables(
        &match parser::parse(wording.source().letters_ftl.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        },
    );
    let mut given: BTreeMap<&str, String> = BTreeMap::new();
    for row in review.rows {
        let reviewed = row.reviewed.trim();
        if reviewed.is_empty()
            || given.contains_key(row.id.as_str())
            || problems.iter().any(|p| p.id == row.id)
        {
            continue;
        }
        match reviewed_value(row, review, english.get(&row.id)) {
            Ok(value) => {
                given.insert(row.id.as_str(), value);
            }
            Err(p) => problems.push(p),
        }
    }
    let ftl = reviewed_ftl(locale, &sources, &given, review);
    let files = LocaleFiles {
        tag: tag.to_string(),
        dir: review.dir.clone(),
        locale_toml: reviewed_toml(locale, review),
        letters_ftl: ftl,
    };
    // The reviewed file's problems, named by the row that gave the message; a message
    // already refused above is not named again.
    let reviewed_sources = message_sources(&files.letters_ftl);
    let line_to_id = |line: usize| {
        reviewed_sources
            .iter()
            .find(|m| m.lines.0 < line && line <= m.lines.1 + 1)
            .map(|m| m.id.clone())
    };
    for mut p in review_problems(&files, &wording.source().letters_ftl) {
        if let Some(Place::Line(line)) = p.place
            && let Some(id) = line_to_id(line)
        {
            p.id = id;
        }
        if !problems.iter().any(|q| q.id == p.id) {
            problems.push(review.blame(p));
        }
    }
    problems.sort_by_key(|p| Place::order(p.place.as_ref()));
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(ReviewError::Messages { problems })
    }
}

/// The rows whose id is not one message's: an id that is no message of the locale, and a
/// message given by two rows (the row whose id was changed is blamed, when the rows are
/// still in the order they were exported in).
fn id_problems(sources: &[MessageSource], review: &Review<'_>) -> Vec<MessageProblem> {
    // The id each row was exported with, if no row was added or removed.
    let exported_as =
        |k: usize| (review.rows.len() == sources.len()).then(|| sources[k].id.as_str());
    let put_back = |k: usize| match exported_as(k).filter(|id| *id != review.rows[k].id) {
        Some(id) => format!(
            "this row was exported as \"{id}\": put that id back; do not change the id column"
        ),
        None => "put back the id the row had when it was exported; do not change the id column"
            .to_string(),
    };
    let mut problems = Vec::new();
    for (k, row) in review.rows.iter().enumerate() {
        let others: Vec<usize> = review
            .rows
            .iter()
            .enumerate()
            .filter(|(j, r)| *j != k && r.id == row.id)
            .map(|(j, _)| j)
            .collect();
        let problem = if !sources.iter().any(|m| m.id == row.id) {
            "no such message in this locale".to_string()
        } else if others.is_empty() {
            continue;
        } else {
            // Blame the rows whose id is not the one they were exported with; if that does
            // not tell, every row after the first.
            let changed = |j: usize| exported_as(j).is_some_and(|id| id != row.id);
            let blamed = changed(k) || (others.iter().all(|&j| !changed(j)) && others[0] < k);
            if !blamed {
                continue;
            }
            let rows: Vec<String> = others
                .iter()
                .map(|&j| review.rows[j].row.to_string())
                .collect();
            format!(
                "the message is also given in row {}; keep one row for it",
                rows.join(" and ")
            )
        };
        let mut p = review.row_problem(row.row, id_column(), &row.id, &problem);
        p.hint = Some(put_back(k));
        problems.push(p);
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::ReviewRow;

    /// The Polish locale's review with `rows` (id, row, reviewed text).
    fn review_pl(rows: &[(&str, usize, &str)]) -> Result<LocaleFiles, ReviewError> {
        let wording = Wording::load().unwrap();
        let rows: Vec<ReviewRow> = rows
            .iter()
            .map(|&(id, row, reviewed)| ReviewRow {
                row,
                id: id.to_string(),
                reviewed: reviewed.to_string(),
            })
            .collect();
        let review = Review {
            workbook: "pl-review.xlsx",
            sheet: Some("Messages"),
            rows: &rows,
            reviewer: "A N Other",
            date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            dir: PathBuf::from("out/pl"),
        };
        reviewed_files(&wording, "pl", &review)
    }

    /// The problems of a refused review, one a line.
    fn refused(rows: &[(&str, usize, &str)]) -> Vec<String> {
        match review_pl(rows) {
            Err(ReviewError::Messages { problems }) => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_broken_reviewed_text_is_blamed_on_its_own_row_only() {
        assert_eq!(
            refused(&[("salutation", 20, "Szanowny { $nam"), ("sign-off", 21, "")]),
            [concat!(
                "pl-review.xlsx: sheet \"Messages\": row 20, column \"reviewed\", message \"salutation\": ",
                "the { of \"{ $nam\" is never closed: it needs a } after the variable\n",
                "  hint: write each variable as the English text does, between both braces, as in { $name }"
            )]
        );
    }

    #[test]
    fn each_kind_of_broken_text_is_said_in_words() {
        for (text, words) in [
            ("Szanowny { $name", "the { of \"{ $name\" is never closed"),
            ("Szanowny } $name", "the } of \"Szanowny }\" closes no {"),
            ("Szanowny {  }", "\"{ }\" holds no variable"),
            ("Szanowny { $name", "it needs a } after the variable"),
            (
                "Szanowny { $name foo }",
                "\"{ $name foo }\" has more than a variable",
            ),
            (
                "Szanowny { \"abc }",
                "a quoted text between { and } has no closing \"",
            ),
            (
                "Szanowny\n*[other] x",
                "the line \"*[other] x\" starts with [, * or .",
            ),
            (
                "Szanowny { $name }\n.foo = x",
                "the line \".foo = x\" starts with ., so no letter",
            ),
            (
                "Szanowny { $imie }",
                "it lacks { $name } and it has { $imie }",
            ),
        ] {
            let problems = refused(&[("salutation", 20, text)]);
            assert_eq!(problems.len(), 1, "{text:?}: {problems:#?}");
            assert!(
                problems[0].contains("row 20, column \"reviewed\", message \"salutation\": ")
                    && problems[0].contains(words),
                "{text:?}: {problems:#?}"
            );
        }
        let problems = refused(&[("heading-2c", 36, "{ $days ->\n[one] x\n[other] y\n}")]);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].contains("the choice of forms has no default"),
            "{problems:#?}"
        );
        // The hint's example is the English message's variable, or says it has none.
        let problems = refused(&[("heading-2b", 31, "Państwa { $practice wygasła")]);
        assert!(
            problems[0].ends_with("as in { $practice }"),
            "{problems:#?}"
        );
        let problems = refused(&[("sign-off", 21, "Z { poważaniem")]);
        assert!(
            problems[0].contains("the { of \"{ poważaniem\" is never closed")
                && problems[0].ends_with("has no { $variable } here: leave out the braces"),
            "{problems:#?}"
        );
    }

    #[test]
    fn several_broken_texts_are_each_named_once_in_row_order() {
        let problems = refused(&[
            ("heading-2b", 31, "Państwa } rejestracja"),
            ("salutation", 20, "Szanowny { $nam"),
            ("sign-off", 21, "Z { poważaniem"),
        ]);
        let named: Vec<&str> = problems
            .iter()
            .map(|p| {
                p.split("message \"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            named,
            ["salutation", "sign-off", "heading-2b"],
            "{problems:#?}"
        );
    }

    #[test]
    fn an_edited_id_is_blamed_on_the_row_that_was_edited() {
        let wording = Wording::load().unwrap();
        let ids = wording.get("pl").unwrap().message_ids();
        let mut rows: Vec<(&str, usize, &str)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i + 2, ""))
            .collect();
        let at = ids.iter().position(|id| id == "salutation").unwrap();
        rows[at].0 = "sign-off";
        let problems = refused(&rows);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with(&format!(
                "pl-review.xlsx: sheet \"Messages\": row {}, column \"id\", message \"sign-off\": the message is also given in row {}",
                at + 2,
                at + 3
            )) && problems[0].contains("this row was exported as \"salutation\": put that id back"),
            "{problems:#?}"
        );
        rows[at].0 = "salutatoin";
        let problems = refused(&rows);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].contains(&format!(
                "row {}, column \"id\", message \"salutatoin\": no such message",
                at + 2
            )),
            "{problems:#?}"
        );
    }
}

//! Compose stage, translation review: the checks a locale's wording must pass
//! ([`review_problems`]): Fluent syntax, every en-GB message and no other, the English
//! message's variables, characters the letter fonts have. Whether a letter still fits one
//! page needs the render stage; the batch engine checks that.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use fluent_syntax::parser;

use super::explain::syntax_problem;
use super::messages::{literal_text, message_sources, variables};
use super::problem::{MessageProblem, Place};
use crate::compose::SOURCE_LOCALE;
use crate::letter_fonts::LetterFonts;
use crate::model::LocaleFiles;

/// Messages only the source locale has: the English line on top of translated letters, the
/// and the envelope window's line to a child's parent or guardian (the window is in English).
pub const SOURCE_ONLY: &[&str] = &["translated-notice", "window-child"];

/// syntax, a message missing or not in en-GB, a variable missing or added, a character no
/// letter font has (or an invisible control character). Problems are named by
/// `letters.ftl`'s line; empty means the wording can be used.
pub fn review_problems(files: &LocaleFiles, source_ftl: &str) -> Vec<MessageProblem> {
    let file = files.dir.join("letters.ftl").display().to_string();
    let problem = |line: Option<usize>, id: &str, problem: String| MessageProblem {
        file: file.clone(),
        place: line.map(Place::Line),
        id: id.to_string(),
        problem,
        hint: None,
    };
    let source = match parser::parse(source_ftl) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let source_vars = variables(&source);
    let text = files.letters_ftl.as_str();
    let (resource, errors) = match parser::parse(text) {
        Ok(r) => (r, Vec::new()),
        Err((r, errors)) => (r, errors),
    };
    let starts: BTreeMap<String, usize> = message_sources(text)
        .into_iter()
        .map(|m| (m.id, m.lines.0 + 1))
        .collect();
    let mut problems: Vec<MessageProblem> = Vec::new();
    for error in &errors {
        // The entry the parser gave up on starts at its slice: an unclosed `{` is only
        // noticed on the next message's line, which is not the message to blame.
        let entry_start = error.slice.as_ref().map_or(error.pos.start, |s| s.start);
        let first = line_of(text, entry_start);
        let Some((id, start)) = starts
            .iter()
            .filter(|(_, start)| **start <= first)
            .max_by_key(|(_, start)| **start)
            .map(|(id, start)| (id.clone(), *start))
        else {
            problems.push(problem(
                Some(first),
                "(before the first message)",
                "this line is neither a message nor a comment".to_string(),
            ));
            continue;
        };
        if problems.iter().any(|p| p.id == id) {
            continue;
        }
        let last = message_sources(text)
            .into_iter()
            .find(|m| m.id == id)
            .map_or(start, |m| m.lines.1 + 1);
        let line = line_of(text, error.pos.start).clamp(start, last);
        let (words, hint) = syntax_problem(text, entry_start, error, source_vars.get(&id));
        problems.push(MessageProblem {
            hint: Some(hint),
            ..problem(Some(line), &id, words)
        });
    }
    let broken: BTreeSet<String> = problems.iter().map(|p| p.id.clone()).collect();
    let translated = variables(&resource);
    let is_source = files.tag == SOURCE_LOCALE;
    for (id, vars) in &source_vars {
        if broken.contains(id) || (!is_source && SOURCE_ONLY.contains(&id.as_str())) {
            continue;
        }
        match translated.get(id) {
            None => problems.push(problem(
                None,
                id,
                "the message is missing (every en-GB message needs a translation)".to_string(),
            )),
            Some(found) if found != vars => {
                let missing: BTreeSet<String> = vars.difference(found).cloned().collect();
                let extra: BTreeSet<String> = found.difference(vars).cloned().collect();
                let mut what = Vec::new();
                if !missing.is_empty() {
                    what.push(format!("it lacks {}", listed(&missing)));
                }
                if !extra.is_empty() {
                    what.push(format!("it has {}, which en-GB does not", listed(&extra)));
                }
                problems.push(problem(
                    starts.get(id).copied(),
                    id,
                    format!(
                        "{}; keep exactly the variables of the English text: {}",
                        what.join(" and "),
                        listed(vars)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    let fonts = LetterFonts::shipped();
    for entry in &resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let id = m.id.name;
        let line = starts.get(id).copied();
        if !source_vars.contains_key(id) || (!is_source && SOURCE_ONLY.contains(&id)) {
            problems.push(problem(
                line,
                id,
                "no letter uses this message (it is not in en-GB)".to_string(),
            ));
            continue;
        }
        let mut literal = String::new();
        if let Some(value) = &m.value {
            literal_text(value, &mut literal);
        }
        if let Some(c) = literal.chars().find(|c| c.is_control() && *c != '\n') {
            problems.push(problem(
                line,
                id,
                format!(
                    "the text holds an invisible control character (U+{:04X}); retype it",
                    c as u32
                ),
            ));
        } else if let Some(c) = fonts.unprintable(&literal) {
            problems.push(problem(
                line,
                id,
                format!(
                    "the character {c:?} (U+{:04X}) is in no letter font, so the letters cannot print it",
                    c as u32
                ),
            ));
        }
    }
    problems.sort_by_key(|p| Place::order(p.place.as_ref()));
    problems
}

fn listed(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        return "none".to_string();
    }
    vars.iter()
        .map(|v| format!("{{ ${v} }}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::compose::Wording;

    #[test]
    fn every_shipped_locale_passes_the_checks() {
        let wording = Wording::load().unwrap();
        for locale in wording.locales() {
            let files = LocaleFiles {
                tag: locale.tag.clone(),
                dir: PathBuf::from(&locale.dir),
                locale_toml: locale.locale_toml.clone(),
                letters_ftl: locale.letters_ftl.clone(),
            };
            let problems = review_problems(&files, &wording.source().letters_ftl);
            assert!(problems.is_empty(), "{}: {problems:#?}", locale.tag);
        }
    }

    #[test]
    fn an_unclosed_brace_in_letters_ftl_is_blamed_on_its_own_message() {
        let wording = Wording::load().unwrap();
        let pl = wording.get("pl").unwrap();
        let salutation = message_sources(&pl.letters_ftl)
            .into_iter()
            .find(|m| m.id == "salutation")
            .unwrap();
        let broken = pl.letters_ftl.replacen(
            &format!("salutation = {}", salutation.text),
            "salutation = Szanowny { $nam",
            1,
        );
        assert_ne!(broken, pl.letters_ftl);
        let files = LocaleFiles {
            tag: "pl".to_string(),
            dir: PathBuf::from("locales/pl"),
            locale_toml: pl.locale_toml.clone(),
            letters_ftl: broken,
        };
        let problems = review_problems(&files, &wording.source().letters_ftl);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].id, "salutation");
        assert_eq!(problems[0].place, Some(Place::Line(salutation.lines.0 + 1)));
        assert!(
            problems[0].problem.contains("\"{ $nam\" is never closed"),
            "{problems:#?}"
        );
    }
}

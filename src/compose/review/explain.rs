//! Compose stage, translation review: a Fluent syntax error said in words a translator
//! knows, with a hint ([`syntax_problem`]), quoting a short piece of their text.

use std::collections::BTreeSet;

use fluent_syntax::parser::{ErrorKind, ParserError};

/// What is wrong with a message Fluent cannot read, in words a translator knows, and a hint:
/// `source` is the text parsed, `entry_start` where the message (`id = …`) starts in it, and
/// `english` the English message's variables (the hint shows one).
pub(super) fn syntax_problem(
    source: &str,
    entry_start: usize,
    error: &ParserError,
    english: Option<&BTreeSet<String>>,
) -> (String, String) {
    let at = error.pos.start.min(source.len());
    let value_start = source
        .get(entry_start..at)
        .and_then(|s| s.find('='))
        .map_or(entry_start, |i| entry_start + i + 1);
    let value = source.get(value_start..at).unwrap_or("");
    let braces = match english.and_then(|vars| vars.first()) {
        Some(var) => format!(
            "write each variable as the English text does, between both braces, as in {{ ${var} }}"
        ),
        None => "the English text has no { $variable } here: leave out the braces".to_string(),
    };
    let (words, hint) = match &error.kind {
        ErrorKind::ExpectedToken('}') | ErrorKind::ExpectedInlineExpression => {
            // The rest of the line the parser stopped on, when it stopped inside a line.
            let rest = if value.ends_with('\n') || at == source.len() {
                ""
            } else {
                source[at..].lines().next().unwrap_or("")
            };
            match unclosed_brace(value) {
                Some(open) if value[open + 1..].trim().is_empty() => (
                    format!(
                        "\"{}\" holds no variable",
                        excerpt(&format!("{}{}", &value[open..], rest))
                    ),
                    braces.clone(),
                ),
                Some(open) if rest.contains('}') => {
                    let end = rest.find('}').map_or(0, |i| i + 1);
                    (
                        format!(
                            "\"{}\" has more than a variable between its braces",
                            excerpt(&format!("{}{}", &value[open..], &rest[..end]))
                        ),
                        braces.clone(),
                    )
                }
                Some(open) => (
                    format!(
                        "the {{ of \"{}\" is never closed: it needs a }} after the variable",
                        excerpt(&format!("{}{}", &value[open..], rest))
                    ),
                    braces.clone(),
                ),
                None => ("a { or } is missing".to_string(), braces.clone()),
            }
        }
        ErrorKind::UnbalancedClosingBrace => {
            let line_start = value.rfind('\n').map_or(0, |i| i + 1);
            (
                format!(
                    "the }} of \"{}\" closes no {{",
                    excerpt_end(&format!("{}}}", &value[line_start..]))
                ),
                format!("remove the }} or add the {{ it closes; {braces}"),
            )
        }
        ErrorKind::MissingDefaultVariant => (
            "the choice of forms has no default: one form must start with *, as in *[other]".to_string(),
            "keep the structure of the current text: its last form starts with *".to_string(),
        ),
        ErrorKind::MultipleDefaultVariants => (
            "the choice of forms has more than one default (a form starting with *)".to_string(),
            "keep one *, before the last form, as the current text does".to_string(),
        ),
        ErrorKind::UnterminatedStringLiteral => (
            "a quoted text between { and } has no closing \"".to_string(),
            "close the quotes, or write the words outside the braces".to_string(),
        ),
        _ if misplaced_line(source, at).is_some() => (
            format!(
                "the line \"{}\" starts with [, * or ., which only the forms of a choice {{ $variable -> … }} may",
                excerpt(misplaced_line(source, at).unwrap_or_default())
            ),
            "keep the structure of the current text, or start the line with a word".to_string(),
        ),
        kind => (
            format!(
                "the text cannot be read ({})",
                first_lowercase(&kind.to_string())
            ),
            "compare it with the current text: keep every { $variable } and every { $variable -> [form] … *[other] … } as it is written there".to_string(),
        ),
    };
    (words, hint)
}

/// The line the parser stopped on, when it starts (after its indentation) with what only a
/// choice's forms or a message's attributes may start with.
fn misplaced_line(source: &str, at: usize) -> Option<&str> {
    let start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = source[start..].lines().next()?.trim();
    line.starts_with(['[', '*', '.']).then_some(line)
}

/// Where the last `{` that no `}` closes starts in a message's text.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// A short piece of a translator's text for an error: its start, on one line.
pub(super) fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(EXCERPT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// A short piece of a translator's text for an error: its end, on one line.
fn excerpt_end(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = text.chars().count();
    match text.char_indices().nth(n.saturating_sub(EXCERPT)) {
        Some((i, _)) if i > 0 => format!("…{}", &text[i..]),
        _ => text,
    }
}

/// Characters of a translator's text an error quotes at most.
const EXCERPT: usize = 40;

fn first_lowercase(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

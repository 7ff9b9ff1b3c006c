//! Compose stage: a translation under review. Each message's Fluent source as a translator
//! sees it, what the translator needs to know about it ([`NOTES`], [`VARIABLES`]), the
//! checks a locale's wording must pass ([`review_problems`]: Fluent syntax, the English
//! message's variables, characters the letter fonts have), and the reviewed locale's files
//! made from the translator's rows ([`reviewed_files`]). Whether a letter still fits one page
//! needs the render stage; the batch engine checks that.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use fluent_syntax::ast;
use fluent_syntax::parser::{self, ErrorKind, ParserError};

use super::wording::{Locale, SOURCE_LOCALE, Wording, WordingError};
use crate::input::REVIEW_COLUMNS;
use crate::letter_fonts::LetterFonts;
use crate::model::{LocaleFiles, ReviewRow};

/// Messages only the source locale has (the English line on top of translated letters).
pub const SOURCE_ONLY: &[&str] = &["translated-notice"];

/// What each message is for in the letter, for the translator (the `notes` column). Every
/// en-GB message has one; a unit test holds them to that.
pub const NOTES: &[(&str, &str)] = &[
    (
        "date-long",
        "A date written out in full, as on the letter's date line and in the sentence about the closure.",
    ),
    (
        "month-1",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-2",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-3",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-4",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-5",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-6",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-7",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-8",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-9",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-10",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-11",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-12",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "translated-notice",
        "The one English line at the top of every translated letter (English only).",
    ),
    (
        "label-phone",
        "Label before the commissioner's (and the new practice's) phone number.",
    ),
    (
        "label-email",
        "Label before the commissioner's email address.",
    ),
    ("label-date", "Label before the date of the letter."),
    ("label-nhs-number", "Label before the patient's NHS number."),
    (
        "label-reference",
        "Label before the letter's reference, which the patient quotes when they call.",
    ),
    ("salutation", "The greeting at the start of the letter."),
    ("sign-off", "The closing words above the signatory's name."),
    (
        "practice-closure",
        "First sentence of every letter: the patient's GP practice has closed or is closing. The first line chooses by whether the closure date has passed: [yes] it has closed, [no] it is closing.",
    ),
    (
        "wrote-before",
        "Reminds the patient that we wrote before, asking them to register elsewhere.",
    ),
    (
        "title-2a",
        "Title at the top of the letter to patients we have registered with a new practice (letter 2a).",
    ),
    (
        "heading-2a",
        "Heading of letter 2a (registered with a new practice).",
    ),
    (
        "reason-2a",
        "Letter 2a: why we registered the patient with a new practice.",
    ),
    (
        "new-practice",
        "Letter 2a: heading above the new practice's name, address and phone.",
    ),
    (
        "records-2a",
        "Letter 2a: what happens to the patient's medical records, and what to do next.",
    ),
    (
        "choice-2a",
        "Letter 2a: the patient may choose another practice.",
    ),
    (
        "title-2b",
        "Title of the letter to patients whose registration has ended (letter 2b: not seen for 5 years or more).",
    ),
    ("heading-2b", "Heading of letter 2b (registration ended)."),
    ("reason-2b", "Letter 2b: why the registration ended."),
    (
        "ends-2b",
        "Letter 2b: the patient is not registered with any practice now.",
    ),
    ("register-2b", "Letter 2b: how to register again."),
    (
        "title-2c",
        "Title of the letter to patients who live outside the area (letter 2c).",
    ),
    (
        "heading-2c",
        "Heading of letter 2c (lives outside the area): register within a number of days. The number chooses the form: [one] for 1, [other] for any other number; add the plural forms your language needs (e.g. [few], [many]).",
    ),
    (
        "reason-2c",
        "Letter 2c: why we cannot register the patient here.",
    ),
    (
        "action-2c",
        "Letter 2c: what the patient must do, and what happens if they do not. Plural forms as in heading-2c.",
    ),
    (
        "rights-heading",
        "Heading above the two NHS Constitution sentences.",
    ),
    (
        "constitution-choose",
        "The NHS Constitution's right to choose a GP practice. Keep the meaning exact: it is a legal right.",
    ),
    (
        "constitution-doctor",
        "The NHS Constitution's right to prefer a particular doctor. Keep the meaning exact: it is a legal right.",
    ),
    ("find-gp-heading", "Heading above how to find a GP."),
    (
        "find-gp",
        "How to find and register with a GP. Keep \"find a GP\", www.nhs.uk and NHS 111 as they are: they are what the patient searches for or calls.",
    ),
    (
        "other-formats",
        "How to ask for the letter in another language or format.",
    ),
    (
        "qr-alt",
        "Read aloud by screen readers in place of the QR code's picture.",
    ),
    (
        "title-1",
        "Title at the top of letter 1, sent at least two months before the practice closes.",
    ),
    (
        "heading-1",
        "Heading of letter 1: please register with another practice.",
    ),
    (
        "reason-1",
        "Letter 1, after practice-closure: why and how soon to register elsewhere.",
    ),
    (
        "nearby-practices",
        "Letters 1 and 2: above the names, addresses and phone numbers of the 3 nearest practices taking patients.",
    ),
    (
        "title-2",
        "Title at the top of letter 2, the reminder sent a month after letter 1.",
    ),
    ("heading-2", "Heading of letter 2 (the reminder)."),
    (
        "reason-2",
        "Letter 2, after wrote-before: the patient has not registered elsewhere yet.",
    ),
    (
        "warning-2",
        "Letter 2, in bold: patients who neither register nor opt out will be allocated to a practice.",
    ),
    (
        "sms-1",
        "Text message sent with letter 1. One line; as short as the language allows (160 plain characters or 70 in other scripts is one message).",
    ),
    (
        "sms-2",
        "Text message sent with letter 2 (the reminder). One line; as short as the language allows.",
    ),
];

/// What each variable holds, for the translator's notes.
pub const VARIABLES: &[(&str, &str)] = &[
    ("day", "the day of the month, a number (24)"),
    ("month", "the month's name, from the month messages"),
    ("year", "the year, a number (2026)"),
    ("language", "the letter's language, in English (\"Polish\")"),
    ("phone", "the commissioner's phone number"),
    ("email", "the commissioner's email address"),
    (
        "name",
        "the patient's title and name (\"Mrs Amina Okafor\")",
    ),
    (
        "closed",
        "yes if the practice has already closed, no if not: choose the sentence, do not print it",
    ),
    (
        "practice",
        "the name of the practice that is closing (\"Riverside Medical Centre\")",
    ),
    ("date", "the closure date, written out in full (date-long)"),
    (
        "days",
        "a number of days (30): choose the plural form with it",
    ),
    (
        "area",
        "the name of the commissioner's area (\"Southwark\")",
    ),
    ("url", "the web address the QR code opens"),
];

/// The instructions sheet of the review workbook, one paragraph a row, in plain English.
pub const INSTRUCTIONS: &[&str] = &[
    "How to review this translation",
    "Thank you for checking these letters. Each row of the first sheet (\"Messages\") is one sentence, heading or label that patients read in a letter about their GP practice closing.",
    "1. Read the English text (column \"english\") and the current translation (column \"current\"). Column \"notes\" says what the text is for and what each { $variable } holds.",
    "2. If the current translation is right, leave \"reviewed\" empty: the current text is kept.",
    "3. If it needs changing, write the whole corrected text in \"reviewed\". Write the full sentence, not only the changed words.",
    "4. Keep every { $variable } exactly as it is written in the English text, with its braces and dollar sign, for example { $practice }. Move it to where your language needs it, but do not translate, remove or add one. The letter fills it in (a name, a date, a number).",
    "5. Some texts choose between forms, for example { $days -> [one] ... *[other] ... }. Keep the structure: the line starting with * is the default. Translate only the words inside each [ ] form. You may add the plural forms your language needs, such as [few] or [many].",
    "6. Do not change the \"id\" column or the order of the columns. Do not add or remove rows.",
    "7. Use \"comments\" for anything you want to tell us; comments do not go into the letters.",
    "8. Keep the texts about as long as they are: every letter must fit on one side of A4. We check this when you send the file back and tell you which text is too long.",
    "9. Save the file as an Excel workbook (.xlsx) with the same name, and send it back.",
    "This file holds no patient data: only the wording of the letters.",
];

/// One message of a locale as the translator sees it: its Fluent source text.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageSource {
    pub id: String,
    /// The text after `id =`, continuation lines included as written.
    pub text: String,
    /// Its first and last line in `letters.ftl`, 0-based.
    lines: (usize, usize),
}

/// One row of the review workbook's messages sheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExportRow {
    pub id: String,
    pub english: String,
    pub current: String,
    pub notes: String,
}

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
    fn order(place: Option<&Place>) -> usize {
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

/// Why a translation cannot be exported, imported or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error("no built-in locale {tag:?}\n  hint: the locales are: {available}")]
    UnknownLocale { tag: String, available: String },
    #[error(
        "{} is the source text every translation follows; review a translation instead",
        SOURCE_LOCALE
    )]
    SourceLocale,
    /// Each problem on its own `error:` line (the CLI writes the first `error:`).
    #[error(
        "{}\n  hint: fix {} and try again",
        .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nerror: "),
        if .problems.len() == 1 { "this message".to_string() } else { format!("these {} messages", .problems.len()) }
    )]
    Messages { problems: Vec<MessageProblem> },
    #[error(transparent)]
    Wording(#[from] WordingError),
}

/// Every message of a `letters.ftl`, in file order, with its source text. A message starts
/// at a line `id = …` and runs until the next message, comment or end of file.
pub fn message_sources(ftl: &str) -> Vec<MessageSource> {
    let lines: Vec<&str> = ftl.lines().collect();
    let starts: Vec<(usize, &str, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| message_start(line).map(|(id, rest)| (i, id, rest)))
        .collect();
    let mut out = Vec::new();
    for (n, &(first, id, rest)) in starts.iter().enumerate() {
        let limit = starts.get(n + 1).map(|s| s.0).unwrap_or(lines.len());
        let mut last = first;
        for (i, line) in lines.iter().enumerate().take(limit).skip(first + 1) {
            if line.starts_with('#') {
                break;
            }
            if !line.trim().is_empty() {
                last = i;
            }
        }
        let mut text = rest.trim_start().to_string();
        for line in &lines[first + 1..=last] {
            text.push('\n');
            text.push_str(line.trim_end());
        }
        out.push(MessageSource {
            id: id.to_string(),
            text: text.trim().to_string(),
            lines: (first, last),
        });
    }
    out
}

/// `id = rest` when the line starts a message.
fn message_start(line: &str) -> Option<(&str, &str)> {
    let (id, rest) = line.split_once('=')?;
    let id = id.trim_end();
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some((id, rest))
}

/// The variables a message's pattern uses.
fn variables_in_pattern(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => variables_in_inline(inline, out),
    }
}

fn variables_in_inline(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
            for a in &arguments.named {
                variables_in_inline(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        _ => {}
    }
}

/// The text a patient can read in a pattern (its literal text, in every variant).
fn literal_text(pattern: &ast::Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable { expression } => literal_in_expression(expression, out),
        }
    }
}

fn literal_in_expression(expression: &ast::Expression<&str>, out: &mut String) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for v in variants {
                literal_text(&v.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            out.push_str(value)
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            literal_in_expression(expression, out)
        }
        ast::Expression::Inline(_) => {}
    }
}

/// Message id → its variables, for a parsed `letters.ftl` (messages only).
fn variables(resource: &ast::Resource<&str>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                variables_in_pattern(value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
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

/// What is wrong with a message Fluent cannot read, in words a translator knows, and a hint:
/// `source` is the text parsed, `entry_start` where the message (`id = …`) starts in it, and
/// `english` the English message's variables (the hint shows one).
fn syntax_problem(
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
fn excerpt(text: &str) -> String {
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

/// Every problem with a locale's wording, against the source locale's messages: Fluent
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

fn first_lowercase(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
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

/// The translator's note for a message: what it is for, then what each variable holds.
fn notes(id: &str, vars: Option<&BTreeSet<String>>) -> String {
    let mut out = NOTES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.to_string())
        .unwrap_or_default();
    for var in vars.into_iter().flatten() {
        let what = VARIABLES
            .iter()
            .find(|(v, _)| v == var)
            .map(|(_, w)| *w)
            .unwrap_or("filled in by the letter");
        out.push_str(&format!("\n{{ ${var} }} is {what}."));
    }
    out.trim().to_string()
}

/// The locale to review: a built-in translation.
fn review_locale<'w>(wording: &'w Wording, tag: &str) -> Result<&'w Locale, ReviewError> {
    if tag == SOURCE_LOCALE {
        return Err(ReviewError::SourceLocale);
    }
    wording.get(tag).ok_or_else(|| ReviewError::UnknownLocale {
        tag: tag.to_string(),
        available: wording
            .locales()
            .filter(|l| l.tag != SOURCE_LOCALE)
            .map(|l| format!("{} ({})", l.tag, l.english_name))
            .collect::<Vec<_>>()
            .join(", "),
    })
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
    fn row_problem(&self, row: usize, column: &str, id: &str, problem: &str) -> MessageProblem {
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
fn id_column() -> &'static str {
    REVIEW_COLUMNS[0]
}

/// The review workbook's column of the translator's text, as problems name it.
fn reviewed_column() -> &'static str {
    REVIEW_COLUMNS[1]
}

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
        let value = indented(reviewed);
        let entry = format!("{} = {value}\n", row.id);
        match parser::parse(entry.as_str()) {
            Ok(resource) if is_plain_message(&resource) => {
                given.insert(row.id.as_str(), value);
            }
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
                p.hint =
                    Some("start the line with a word, or join it to the line before".to_string());
                problems.push(p);
            }
            Err((_, errors)) => {
                let (words, hint) = syntax_problem(&entry, 0, &errors[0], english.get(&row.id));
                let mut p = review.row_problem(row.row, reviewed_column(), &row.id, &words);
                p.hint = Some(hint);
                problems.push(p);
            }
        }
    }
    let lines: Vec<&str> = locale.letters_ftl.lines().collect();
    let mut ftl = String::new();
    let mut next = 0;
    let mut header_done = false;
    for m in &sources {
        for line in &lines[next..m.lines.0] {
            push_kept_line(&mut ftl, line, locale, review, &mut header_done);
        }
        let text = given.get(m.id.as_str()).unwrap_or(&m.text);
        ftl.push_str(&format!("{} = {text}\n", m.id));
        next = m.lines.1 + 1;
    }
    for line in &lines[next..] {
        push_kept_line(&mut ftl, line, locale, review, &mut header_done);
    }
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

/// Whether a parsed `id = text` is one message with no attributes, as the letters print it.
fn is_plain_message(resource: &ast::Resource<&str>) -> bool {
    matches!(&resource.body[..], [ast::Entry::Message(m)] if m.attributes.is_empty())
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

/// A line of the current `letters.ftl` outside its messages, kept; its draft notice becomes
/// the review's.
fn push_kept_line(
    ftl: &mut String,
    line: &str,
    locale: &Locale,
    review: &Review<'_>,
    header_done: &mut bool,
) {
    if line.starts_with('#') && line.contains("DRAFT") {
        if !*header_done {
            ftl.push_str(&format!(
                "## {} translation of en-GB/letters.ftl, reviewed by {} on {}.\n",
                locale.english_name,
                review.reviewer.trim(),
                review.date.format("%Y-%m-%d")
            ));
            *header_done = true;
        }
        return;
    }
    ftl.push_str(line);
    ftl.push('\n');
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

/// The reviewed `locale.toml`: the current settings, `status = "reviewed"`, the reviewer and
/// the date.
fn reviewed_toml(locale: &Locale, review: &Review<'_>) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let fonts = locale
        .fonts
        .iter()
        .map(|f| quoted(f))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!(
        "# Review status of this locale's wording. en-GB is the source text every translation follows.
# status: \"source\" (the original), \"draft\" (machine or unreviewed translation), \"reviewed\".
status = \"reviewed\"
# Who reviewed the wording, and when (written by `dispersal translations import`).
reviewer = {}
reviewed_on = {}
name = {}
# The locale's name in English, for the English line at the top of a translated letter.
english_name = {}
# Writing direction of the locale's own text: \"ltr\" or \"rtl\".
direction = {}
# Font families for the locale's text, in fallback order (they ship in letter-templates/fonts/).
fonts = [{fonts}]
",
        quoted(review.reviewer.trim()),
        review.date.format("%Y-%m-%d"),
        quoted(&locale.name),
        quoted(&locale.english_name),
        quoted(&locale.direction),
    );
    out.push_str(&format!(
        "# What follows a label before its value, and what goes between two joined sentences.\nlabel_separator = {}\nsentence_separator = {}\n",
        quoted(&locale.label_separator),
        quoted(&locale.sentence_separator)
    ));
    out.push_str(&format!(
        "# The space between lines, in em of the text size.\nleading = {}\n",
        locale.leading
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_message_has_a_note_and_every_variable_a_meaning() {
        let wording = Wording::load().unwrap();
        let source = wording.source();
        let resource = parser::parse(source.letters_ftl.as_str()).unwrap();
        for (id, vars) in variables(&resource) {
            assert!(NOTES.iter().any(|(i, _)| *i == id), "{id} has no note");
            for var in vars {
                assert!(
                    VARIABLES.iter().any(|(v, _)| *v == var),
                    "${var} has no meaning"
                );
            }
        }
    }

    #[test]
    fn message_sources_keep_select_expressions_whole() {
        let ftl = "## c\na = One\nb = { $n ->\n    [one] x\n   *[other] y\n}\n\n# c\nc = Z\n";
        let m = message_sources(ftl);
        assert_eq!(m.len(), 3);
        assert_eq!(m[1].id, "b");
        assert_eq!(m[1].text, "{ $n ->\n    [one] x\n   *[other] y\n}");
        assert_eq!(m[2].text, "Z");
    }

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

    #[test]
    fn a_cell_without_indentation_becomes_valid_fluent() {
        assert_eq!(
            indented("{ $n ->\n[one] x\n*[other] y\n}"),
            "{ $n ->\n    [one] x\n    *[other] y\n    }"
        );
    }
}

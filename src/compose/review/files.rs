//! Compose stage, translation review: the reviewed locale's files put together:
//! `letters.ftl` with the reviewed texts in place and the review's notice
//! ([`reviewed_ftl`]), and `locale.toml` with the reviewer and the date ([`reviewed_toml`]).

use std::collections::BTreeMap;

use super::messages::MessageSource;
use super::workbook::Review;
use crate::compose::Locale;

/// The reviewed `letters.ftl`: the current one, `sources` being its messages, with each
/// message `given` a reviewed text holding that text instead, and its draft notice made the
/// review's.
pub(super) fn reviewed_ftl(
    locale: &Locale,
    sources: &[MessageSource],
    given: &BTreeMap<&str, String>,
    review: &Review<'_>,
) -> String {
    let lines: Vec<&str> = locale.letters_ftl.lines().collect();
    let mut ftl = String::new();
    let mut next = 0;
    let mut header_done = false;
    for m in sources {
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
    ftl
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

/// The reviewed `locale.toml`: the current settings, `status = "reviewed"`, the reviewer and
/// the date.
pub(super) fn reviewed_toml(locale: &Locale, review: &Review<'_>) -> String {
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

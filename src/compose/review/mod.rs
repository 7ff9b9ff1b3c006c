//! Compose stage: a translation under review. Each message's Fluent source as a translator
//! sees it, what the translator needs to know about it ([`NOTES`], [`VARIABLES`]), the
//! checks a locale's wording must pass ([`review_problems`]: Fluent syntax, the English
//! message's variables, characters the letter fonts have), and the reviewed locale's files
//! made from the translator's rows ([`reviewed_files`]). Whether a letter still fits one page
//! needs the render stage; the batch engine checks that.
//!
//! Its parts, in the order a review goes:
//! - `messages`: a `letters.ftl` read message by message, with each message's variables;
//! - `notes`: what the translator is told about each message and variable;
//! - `workbook`: the rows exported for the translator, the rows read back, and their cells;
//! - `problem`: a message that fails a check, and where it is;
//! - `explain`: a Fluent syntax error said in words a translator knows;
//! - `checks`: the checks a locale's wording must pass;
//! - `reviewed_text`: one reviewed text checked on its own;
//! - `files`: the reviewed `letters.ftl` and `locale.toml` put together;
//! - `import`: the translator's rows made into the reviewed files, or refused.

mod checks;
mod explain;
mod files;
mod import;
mod messages;
mod notes;
mod problem;
mod reviewed_text;
mod workbook;

pub use checks::{SOURCE_ONLY, review_problems};
pub use import::reviewed_files;
pub use messages::{message_sources, variables as message_variables};
pub use notes::{INSTRUCTIONS, NOTES, VARIABLES};
pub use problem::{MessageProblem, Place};
pub use workbook::{ExportRow, Review, export_rows};

use super::wording::{Locale, SOURCE_LOCALE, Wording, WordingError};

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

impl ReviewError {
    /// What is wrong: each message's place and problem, one a line.
    pub fn problem(&self) -> String {
        match self {
            ReviewError::UnknownLocale { tag, .. } => format!("no built-in locale {tag:?}"),
            ReviewError::Messages { problems } => problems
                .iter()
                .map(MessageProblem::located)
                .collect::<Vec<_>>()
                .join("\nerror: "),
            other => other.to_string(),
        }
    }

    /// What to do: each message's own hint, then to fix them and try again.
    pub fn fix(&self) -> Vec<String> {
        match self {
            ReviewError::UnknownLocale { available, .. } => {
                vec![format!("the locales are: {available}")]
            }
            ReviewError::Messages { problems } => problems
                .iter()
                .filter_map(|p| p.hint.clone())
                .chain([format!(
                    "fix {} and try again",
                    if problems.len() == 1 {
                        "this message".to_string()
                    } else {
                        format!("these {} messages", problems.len())
                    }
                )])
                .collect(),
            ReviewError::SourceLocale | ReviewError::Wording(_) => vec![],
        }
    }
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

//! Batch engine: a note on a batch or a plan ([`Note`]), said two ways where what to do about
//! it differs: the command line's words (a command, a flag) and the web page's (a page, a
//! button). Both come from here, so that no caller cuts the other's text.

use serde::Serialize;

/// Something the officer should know about a batch or a plan that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// As the command line, the batch's summary and its `summary.txt` say it.
    pub cli: String,
    /// As the web page says it: no commands, no flags.
    pub page: String,
}

impl Note {
    /// A note that both say the same way (it names nothing to run).
    pub fn same(text: impl Into<String>) -> Note {
        let text = text.into();
        Note {
            cli: text.clone(),
            page: text,
        }
    }
}

/// The command line's wording of notes.
pub fn cli_words(notes: &[Note]) -> Vec<String> {
    notes.iter().map(|n| n.cli.clone()).collect()
}

/// The page's wording of notes.
pub fn page_words(notes: &[Note]) -> Vec<String> {
    notes.iter().map(|n| n.page.clone()).collect()
}

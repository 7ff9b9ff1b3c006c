//! Batch engine: how a batch is made ([`BatchOptions`]): the passphrase, the Word letters,
//! the threads and print-file size, the stop flag, the ledger and whether to write again.

use std::path::PathBuf;

use super::{Cancel, Now};

/// How a batch is made.
#[derive(Clone)]
pub struct BatchOptions {
    /// Encrypt the zip's entries with this passphrase.
    pub passphrase: Option<String>,
    /// Also write every letter as a Word document.
    pub docx: bool,
    /// Threads that typeset print files at the same time.
    pub threads: usize,
    /// Letters in each print file at most (0 is taken as 1); `None`: the default for the
    /// batch's size ([`default_letters_per_file`]).
    pub letters_per_file: Option<usize>,
    /// Stops the run when cancelled from another thread.
    pub cancel: Cancel,
    /// The ledger to record the run in, once its zip is complete (`None`: no record).
    pub ledger: Option<PathBuf>,
    /// Write again to patients the ledger says were sent their letter.
    pub resend: bool,
    /// The moment the batch is asked for: the time its run is recorded at.
    pub now: Now,
}

/// The passphrase is never shown.
impl std::fmt::Debug for BatchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchOptions")
            .field("passphrase", &self.passphrase.as_ref().map(|_| "(set)"))
            .field("docx", &self.docx)
            .field("threads", &self.threads)
            .field("letters_per_file", &self.letters_per_file)
            .field("cancel", &self.cancel)
            .field("ledger", &self.ledger)
            .field("resend", &self.resend)
            .field("now", &self.now)
            .finish()
    }
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            passphrase: None,
            docx: false,
            threads: 1,
            letters_per_file: None,
            cancel: Cancel::new(),
            ledger: None,
            resend: false,
            // The caller's clock, when it takes the defaults: a test sets `now` to pin it.
            now: Now::system(),
        }
    }
}

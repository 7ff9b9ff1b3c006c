//! Batch engine (requests): `NoticeRequest`, letter 1 or 2 before the closure as an officer
//! asks for it — by its number, and dated as they say (or as the settings' letter date).

use std::path::Path;

use chrono::NaiveDate;

use crate::model::Inputs;
use crate::plan::Cohort;

use super::super::{BatchOptions, BatchOutcome, ProgressSink};
use super::RequestError;

/// Letter 1 or 2, and the date printed on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRequest {
    /// [`Cohort::Notice1`] or [`Cohort::Notice2`].
    pub letter: Cohort,
    /// The date on the letters; `None`: closure.toml's `[letters] date`.
    pub date: Option<NaiveDate>,
}

/// The letter before the closure an officer means by its number: 1 or 2.
pub fn notice_letter(number: u8) -> Option<Cohort> {
    match number {
        1 => Some(Cohort::Notice1),
        2 => Some(Cohort::Notice2),
        _ => None,
    }
}

/// Makes the letters asked for as a print batch ([`crate::batch::notice`]): the date asked for
/// is the letters' date, as `[letters] date` would be.
pub fn notice(
    mut inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    request: &NoticeRequest,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, RequestError> {
    if let Some(date) = request.date {
        inputs.closure.letters.date = date;
    }
    Ok(super::super::notice(
        inputs,
        out,
        options,
        request.letter,
        progress,
    )?)
}

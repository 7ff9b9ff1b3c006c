//! Batch engine (requests): `SurveyRequest`, the capacity survey as an officer asks for it, and
//! its dates: replies are due 14 days before the letters' date, and the emails are dated the
//! day the survey is made, since the SEL process asks for the capacity assessment as soon as
//! the five closest practices are known.

use std::path::Path;

use chrono::NaiveDate;

use crate::model::Inputs;

use super::super::{SurveyOutcome, survey};
use super::RequestError;

/// The dates an officer may give for the survey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyRequest {
    /// The date replies are due; `None`: 14 days before the letters' date
    /// ([`crate::batch::REPLY_DAYS_BEFORE_LETTERS`]).
    pub reply_by: Option<NaiveDate>,
    /// The emails' date; `None`: `today`, the day it is made.
    pub sent: Option<NaiveDate>,
}

impl SurveyRequest {
    /// The emails' date: the one given, or `today`.
    pub fn sent(&self, today: NaiveDate) -> NaiveDate {
        self.sent.unwrap_or(today)
    }
}

/// Makes the survey's zip in `out` ([`crate::batch::survey`]), made on `today`.
pub fn make_survey(
    inputs: &Inputs,
    out: &Path,
    request: &SurveyRequest,
    today: NaiveDate,
) -> Result<SurveyOutcome, RequestError> {
    Ok(survey(inputs, out, request.sent(today), request.reply_by)?)
}

/// The day the survey's zip in `folder` was last made (by its file's time, on this computer's
/// clock), if it is there: what the timeline knows of the survey.
pub fn survey_made(closure: &crate::model::Closure, folder: &Path) -> Option<NaiveDate> {
    let made = std::fs::metadata(folder.join(super::super::survey::survey_zip_name(closure)))
        .ok()?
        .modified()
        .ok()?;
    Some(chrono::DateTime::<chrono::Local>::from(made).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emails_are_dated_the_day_the_survey_is_made_unless_a_date_is_given() {
        let today = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
        let given = NaiveDate::from_ymd_opt(2026, 9, 16).unwrap();
        assert_eq!(SurveyRequest::default().sent(today), today);
        let request = SurveyRequest {
            reply_by: None,
            sent: Some(given),
        };
        assert_eq!(request.sent(today), given);
    }
}

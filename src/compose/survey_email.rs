//! Compose stage: the capacity survey's email to each candidate practice — the closure, how
//! many patients could come to it, by when to reply, and what to reply with (the attached
//! form).

use chrono::NaiveDate;
use serde::Serialize;

use super::practice_email::{
    Addressed, EmailClosing, EmailCommissioner, EmailPractice, commissioner, every_closing, uk_date,
};
use crate::model::Closure;
use crate::plan::Candidate;

/// The data one candidate practice's survey email reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyEmail {
    pub practice: EmailPractice,
    pub closing: EmailClosing,
    /// "the closing practice's list", or with several "the closing practices' lists".
    pub lists: String,
    pub commissioner: EmailCommissioner,
    pub potential: usize,
    pub potential_noun: String,
    pub nearest_first: usize,
    /// How many nearest open practices a patient may be allocated to (the allocation's
    /// [`crate::plan::CANDIDATES`]), which the email names.
    pub candidates: usize,
    /// The date replies are due, written out.
    pub reply_by: String,
    pub area: String,
    /// The email's date.
    #[serde(skip)]
    pub date: NaiveDate,
}

impl Addressed for SurveyEmail {
    fn practice(&self) -> &EmailPractice {
        &self.practice
    }
    fn commissioner(&self) -> &EmailCommissioner {
        &self.commissioner
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
}

/// One email per candidate, in contact order, dated `sent` and asking for a reply by
/// `reply_by`.
pub fn survey_emails(
    closure: &Closure,
    practices: &[crate::model::Practice],
    candidates: &[Candidate],
    sent: NaiveDate,
    reply_by: NaiveDate,
) -> Vec<SurveyEmail> {
    candidates
        .iter()
        .map(|c| {
            let p = &practices[c.practice];
            SurveyEmail {
                practice: EmailPractice {
                    ods_code: p.ods_code.clone(),
                    name: p.name.clone(),
                    email: p.email.clone(),
                },
                closing: every_closing(closure, sent),
                lists: if closure.several() {
                    "the closing practices' lists"
                } else {
                    "the closing practice's list"
                }
                .into(),
                commissioner: commissioner(closure),
                potential: c.potential,
                potential_noun: if c.potential == 1 {
                    "patient"
                } else {
                    "patients"
                }
                .into(),
                nearest_first: c.nearest_first,
                candidates: crate::plan::CANDIDATES,
                reply_by: uk_date(reply_by),
                area: closure.area.name.clone(),
                date: sent,
            }
        })
        .collect()
}

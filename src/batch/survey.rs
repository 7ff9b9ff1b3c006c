//! Batch engine: the capacity survey — the candidate practices found by the plan stage, and
//! for each an email asking how many patients it can take, with its reply form attached —
//! packed into one zip for the officer to send before allocating.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::BatchError;
use crate::compose;
use crate::model::Inputs;
use crate::package::{self, BatchWriter};
use crate::plan::{self, Candidate};
use crate::render;

/// Days before the letters' date that replies are due, when no date is given.
pub const REPLY_DAYS_BEFORE_LETTERS: u64 = 14;

/// What [`survey`] made.
#[derive(Debug, Clone)]
pub struct SurveyOutcome {
    pub zip: PathBuf,
    pub candidates: Vec<Candidate>,
    pub reply_by: NaiveDate,
    /// Candidates with no email address (a practice from NHS ODS that the practice details
    /// file does not give one for): their emails have no recipient yet.
    pub no_email: Vec<String>,
}

/// The survey zip's name: `survey-<ODS>.zip` (the closing practices' codes).
pub fn survey_zip_name(closure: &crate::model::Closure) -> String {
    format!("survey-{}.zip", closure.codes())
}

/// Finds the candidate practices and writes `survey-<ODS>.zip` into `out`: `survey.csv` and
/// `emails/<ODS>.eml`, each with `<ODS>-capacity-reply.xlsx` attached. The emails are dated
/// `sent`, and ask for replies by `reply_by` (default: 14 days before the letters' date).
pub fn survey(
    inputs: &Inputs,
    out: &Path,
    sent: NaiveDate,
    reply_by: Option<NaiveDate>,
) -> Result<SurveyOutcome, BatchError> {
    let closure = &inputs.closure;
    let reply_by = reply_by
        .unwrap_or_else(|| closure.letters.date - chrono::Days::new(REPLY_DAYS_BEFORE_LETTERS));
    let candidates = plan::survey(inputs);
    crate::private_files::folder(out).map_err(|source| BatchError::File {
        path: out.to_path_buf(),
        what: "cannot create the folder",
        source,
    })?;
    let name = survey_zip_name(closure);
    let mut writer = BatchWriter::create(out, &name, None)?;
    writer.add("survey.csv", &package::survey_csv(&candidates)?)?;
    let emails = compose::survey_emails(closure, &inputs.practices, &candidates, sent, reply_by);
    for email in &emails {
        let ods = &email.practice.ods_code;
        let form = package::reply_form_xlsx(ods, &email.practice.name, sent)?;
        let rendered = render::survey_email(email)?;
        let eml = package::eml(
            email,
            &rendered,
            (&format!("{ods}-capacity-reply.xlsx"), &form),
        )?;
        writer.add(&format!("emails/{ods}.eml"), &eml)?;
    }
    let zip = writer.finish()?;
    let no_email = candidates
        .iter()
        .filter(|c| inputs.practices[c.practice].email.trim().is_empty())
        .map(|c| c.ods_code.clone())
        .collect();
    Ok(SurveyOutcome {
        zip,
        candidates,
        reply_by,
        no_email,
    })
}

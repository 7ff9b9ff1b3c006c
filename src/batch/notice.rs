//! Batch engine: letters 1 and 2, before the closure. They go through the same engine as the
//! allocation letters; before planning, this says what the ledger knows: who was sent this
//! letter already (left out unless `--resend`), and for letter 2 who has left the list since
//! letter 1 and who on it never had letter 1; and whether the letter's date keeps the SEL
//! process's timeline.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::sent_before::Before;
use super::{BatchError, Note};
use crate::ledger::Ledger;
use crate::model::{Inputs, count};
use crate::plan::{self, Cohort};

/// Takes out of `inputs` the patients the ledger says were sent this letter (unless
/// `resend`), and says what the ledger knows.
pub(super) fn before(
    inputs: &mut Inputs,
    ledger: Option<&Ledger>,
    cohort: Cohort,
    resend: bool,
) -> Result<Before, BatchError> {
    let closure = &inputs.closure;
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    // Letter 1's date for each closing practice (its first mailing), and who had it.
    let mut first_dates: Vec<Option<NaiveDate>> = Vec::new();
    if cohort == Cohort::Notice2
        && let Some(ledger) = ledger
    {
        let mut had_first: HashSet<String> = HashSet::new();
        for c in &closure.closing_practices {
            let sent = ledger.notice_sent(&c.ods_code, Cohort::Notice1.code())?;
            first_dates.push(
                sent.iter()
                    .filter_map(|(_, d)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .min(),
            );
            had_first.extend(sent.into_iter().map(|(n, _)| n));
        }
        let on_list = super::sent_before::numbers_on_list(inputs);
        let left = had_first.iter().filter(|n| !on_list.contains(*n)).count();
        let never = inputs
            .patients
            .iter()
            .filter(|p| p.status == crate::model::PatientStatus::Registered)
            .filter(|p| !had_first.contains(&p.nhs_number.to_string()))
            .count();
        notes.push(Note::same(format!(
            "since letter 1, {} it went to {} left the list (registered elsewhere, or no longer PCSE's to write to)",
            count(left, "patient", "patients"),
            if left == 1 { "has" } else { "have" }
        )));
        notes.push(Note::same(format!(
            "{} on this list {} never sent letter 1; letter 2 is the first letter they get",
            count(never, "patient", "patients"),
            if never == 1 { "was" } else { "were" },
        )));
    }
    for (i, c) in closure.closing_practices.iter().enumerate() {
        warnings.extend(plan::timing_warnings(
            cohort,
            closure.letters.date,
            c,
            first_dates.get(i).copied().flatten(),
        ));
    }
    if let Some(ledger) = ledger
        && !resend
    {
        let mut this: HashSet<String> = HashSet::new();
        for c in &closure.closing_practices {
            let sent = ledger.notice_sent(&c.ods_code, cohort.code())?;
            this.extend(sent.into_iter().map(|(n, _)| n));
        }
        let before = inputs.patients.len();
        inputs
            .patients
            .retain_packed(|p| !this.contains(p.nhs_number().to_string().as_str()));
        let skipped = before - inputs.patients.len();
        if skipped > 0 {
            let said = |by: &str| {
                format!(
                    "{} {} sent letter {} by an earlier {by} and {} not written to again",
                    count(skipped, "patient", "patients"),
                    if skipped == 1 { "was" } else { "were" },
                    cohort.code(),
                    if skipped == 1 { "is" } else { "are" },
                )
            };
            notes.push(Note {
                cli: format!(
                    "{} (`dispersal history` shows it; run with --resend to write to them again)",
                    said("run")
                ),
                page: format!(
                    "{}. A patient's own page shows what was sent to them.",
                    said("batch")
                ),
            });
        }
    }
    Ok(Before {
        notes,
        warnings,
        ..Before::default()
    })
}

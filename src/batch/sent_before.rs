//! Batch engine: a run after an earlier one of the same closure (a refreshed PCSE list, or the
//! same list again) writes to nobody the ledger says was sent their letter. They leave the
//! batch before planning; the places their allocations took stay taken; patients written to
//! before who are no longer on the list are counted. The summary says how many and why.

use std::collections::{BTreeMap, HashSet};

use super::{BatchError, Note};
use crate::ledger::Ledger;
use crate::model::{Inputs, count};
use crate::plan::Purpose;

/// What the ledger says before a batch is planned: notes for its summary, and warnings
/// about its date (the run goes on).
#[derive(Debug, Default)]
pub(super) struct Before {
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

/// The one home of "nobody is written to twice": takes out of `inputs` the patients the
/// ledger says were sent this batch's letter (unless `resend`): for the allocation letters,
/// every patient a batch or reallocation wrote to (their allocations still count against the
/// receiving practices' places); for letters 1 and 2, as [`super::notice::before`] says.
pub(super) fn apply(
    inputs: &mut Inputs,
    ledger: Option<&Ledger>,
    purpose: Purpose,
    resend: bool,
) -> Result<Before, BatchError> {
    match purpose {
        Purpose::Allocation => {
            let Some(ledger) = ledger.filter(|_| !resend) else {
                return Ok(Before::default());
            };
            let sent = super::record::sent_for(ledger, &inputs.closure)?;
            Ok(Before {
                notes: leave_out(inputs, &sent),
                warnings: Vec::new(),
            })
        }
        Purpose::Notice(cohort) => super::notice::before(inputs, ledger, cohort, resend),
    }
}

/// Every NHS number on the list (as 3-3-4; a rejected row's as written), rejected rows too:
/// who is still PCSE's to write to.
pub(super) fn numbers_on_list(inputs: &Inputs) -> HashSet<String> {
    inputs
        .patients
        .iter()
        .map(|p| p.nhs_number.to_string())
        .chain(
            inputs
                .rejected_patients
                .iter()
                .map(|r| r.nhs_number_given.to_string()),
        )
        .collect()
}

/// Takes the patients sent a letter before out of `inputs`, and their allocations off the
/// receiving practices' places; returns the summary's notes.
fn leave_out(inputs: &mut Inputs, sent: &[(String, Option<String>)]) -> Vec<Note> {
    if sent.is_empty() {
        return Vec::new();
    }
    let sent_numbers: HashSet<&str> = sent.iter().map(|(n, _)| n.as_str()).collect();
    let before = inputs.patients.len();
    let on_list = numbers_on_list(inputs);
    inputs
        .patients
        .retain(|p| !sent_numbers.contains(p.nhs_number.to_string().as_str()));
    let skipped = before - inputs.patients.len();
    // Every allocation made holds its place, whether or not the patient is still listed.
    let mut taken: BTreeMap<&str, u32> = BTreeMap::new();
    for (_, ods) in sent {
        if let Some(ods) = ods {
            *taken.entry(ods.as_str()).or_default() += 1;
        }
    }
    for practice in &mut inputs.practices {
        if let Some(&n) = taken.get(practice.ods_code.as_str()) {
            practice.capacity = practice.capacity.saturating_sub(n);
        }
    }
    let gone = sent.iter().filter(|(n, _)| !on_list.contains(n)).count();
    let places = taken.values().sum::<u32>() as usize;
    let (were, are) = if skipped == 1 {
        ("was", "is")
    } else {
        ("were", "are")
    };
    let stay = if places == 1 { "stays" } else { "stay" };
    let patients = count(skipped, "patient", "patients");
    let places = count(places, "place", "places");
    let mut notes = vec![Note {
        cli: format!(
            "{patients} on this list {were} sent their letter by an earlier run and {are} not written to again (the ledger has it; `dispersal history` shows it; run with --resend to write to them again); the {places} their allocations took {stay} taken"
        ),
        page: format!(
            "{patients} on this list {were} sent their letter by an earlier batch and {are} not written to again; the {places} their allocations took {stay} taken. A patient's own page shows what was sent to them, and can send their letter again."
        ),
    }];
    if gone > 0 {
        notes.push(Note::same(format!(
            "{} sent a letter by an earlier run {} no longer on the patient list",
            count(gone, "patient", "patients"),
            if gone == 1 { "is" } else { "are" }
        )));
    }
    notes
}

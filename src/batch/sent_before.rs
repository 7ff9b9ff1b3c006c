//! Batch engine: a run after an earlier one of the same closure (a refreshed PCSE list, or the
//! same list again) writes to nobody the ledger says was sent their letter. They leave the
//! batch before planning; the places their allocations took stay taken; patients written to
//! before who are no longer on the list are counted. The summary says how many and why.

use std::collections::{BTreeMap, HashSet};

use super::{BatchError, Note};
use crate::ledger::Ledger;
use crate::model::{Inputs, count};
use crate::plan::{Cohort, Plan, PlanEntry, Purpose};

/// What the ledger says before a batch is planned: notes for its summary, and warnings
/// about its date (the run goes on).
#[derive(Debug, Default)]
pub(super) struct Before {
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
    /// The rows with no letter an earlier allocation batch's plan.csv already gave.
    pub reported: Reported,
}

/// The rows with no letter (excluded, rejected) an earlier allocation batch's plan.csv gave:
/// a later batch's plan.csv leaves them out when nothing about them changed, so it holds only
/// the rows the batch is about (its letters, the patients still to be placed, and what is new).
#[derive(Debug, Default)]
pub(super) struct Reported(HashSet<(String, String, String)>);

impl Reported {
    fn read(ledger: &Ledger, inputs: &Inputs) -> Result<Reported, BatchError> {
        let mut reported = HashSet::new();
        for c in &inputs.closure.closing_practices {
            for (nhs, cohort, row) in ledger.reported_without_letter(&c.ods_code)? {
                reported.insert((c.ods_code.clone(), Self::who(&nhs, row as usize), cohort));
            }
        }
        Ok(Reported(reported))
    }

    /// A row by its NHS number, or by its place when it has none.
    fn who(nhs: &str, row: usize) -> String {
        if nhs.trim().is_empty() {
            format!("row {row}")
        } else {
            nhs.to_string()
        }
    }

    /// Whether this batch's plan.csv gives `entry`: not a row with no letter given before.
    pub fn in_plan_csv(&self, plan: &Plan, entry: &PlanEntry) -> bool {
        if !matches!(entry.cohort, Cohort::Excluded | Cohort::Rejected) || self.0.is_empty() {
            return true;
        }
        let key = (
            plan.closing(entry).ods_code.clone(),
            Self::who(&entry.nhs_number(), entry.row),
            entry.cohort.code().to_string(),
        );
        !self.0.contains(&key)
    }
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
            let reported = Reported::read(ledger, inputs)?;
            Ok(Before {
                notes: leave_out(inputs, &sent),
                warnings: Vec::new(),
                reported,
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
        .packed()
        .iter()
        .map(|p| p.nhs_number().to_string())
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
        .retain_packed(|p| !sent_numbers.contains(p.nhs_number().to_string().as_str()));
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

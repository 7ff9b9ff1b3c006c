//! Batch engine: where one patient stands — what the list says of them now, the letter the
//! ledger says was sent, and so what can be done for them: their letter made again, and a
//! change of allocation to the practices they may be allocated to, nearest first with places
//! left. The one home of these rules: the page offers what [`patient_standing`] says, and
//! [`super::letter`] and [`super::reallocate`] refuse the rest with the same words.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::{BatchError, Who};
use crate::ledger::{Ledger, SentLetter};
use crate::model::{Closure, Inputs};
use crate::plan::{self, Cohort, PlanEntry};

/// A practice a patient may be reallocated to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub ods_code: String,
    pub name: String,
    /// How near, in words (`1.20 km`, `same postcode district`).
    pub proximity: String,
    /// Places left: its capacity less every allocation the ledger holds.
    pub places_left: u32,
}

/// Where one patient stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatientStanding {
    /// The patient's letter as the list makes it now (`2a`, `excluded`, ...).
    pub cohort: Cohort,
    /// Why, in words (`deceased`).
    pub reason: String,
    /// Why no letter can be made for them, in words; `None`: their letter can be made.
    pub no_letter: Option<String>,
    /// The letter the ledger says was sent last (a batch's or a reallocation's).
    pub sent: Option<SentLetter>,
    /// Whether their allocation can be changed: a letter was sent and the list still gives
    /// them one.
    pub can_reallocate: bool,
    /// The practices they may be reallocated to: open, with places left, never one that
    /// removed them, not the current one; nearest first.
    pub choices: Vec<Choice>,
}

/// Where the patient with NHS number `nhs` stands: planned as a batch plans the closure, with
/// the ledger at `ledger` (none there yet: nothing was sent).
pub fn patient_standing(
    inputs: &Inputs,
    ledger: Option<&Path>,
    nhs: &str,
) -> Result<PatientStanding, BatchError> {
    let plan = plan::plan(inputs);
    let index = super::one_letter::pick(&plan, &Who::NhsNumber(nhs.to_string()))?;
    let entry = &plan.entries[index];
    let ledger = match ledger.filter(|p| p.exists()) {
        Some(path) => Some(Ledger::open(path)?),
        None => None,
    };
    let sent = match &ledger {
        Some(ledger) => ledger.last_letter(&plan.closing(entry).ods_code, &entry.nhs_number())?,
        None => None,
    };
    let no_letter = match (no_letter_now(entry), &sent) {
        (Some(why), _) => Some(why),
        (None, Some(_)) => None,
        (None, None) if entry.gets_letter() => None,
        (None, None) => Some(format!(
            "the patient list gives them no letter: {}",
            entry.reason
        )),
    };
    let can_reallocate = no_letter_now(entry).is_none() && sent.is_some();
    let choices = match (&ledger, &sent, &entry.patient()) {
        (Some(ledger), Some(sent), Some(patient)) if can_reallocate => {
            let taken = places_taken(ledger, &plan.closure)?;
            plan::eligible_practices(patient, inputs)
                .into_iter()
                .filter_map(|(i, proximity)| {
                    let p = &inputs.practices[i];
                    let left = places_left(p, &taken);
                    let current = sent.receiving_ods.as_deref() == Some(p.ods_code.as_str());
                    (left > 0 && !current).then(|| Choice {
                        ods_code: p.ods_code.clone(),
                        name: p.name.clone(),
                        proximity: proximity.to_string(),
                        places_left: left,
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(PatientStanding {
        cohort: entry.cohort,
        reason: entry.reason.to_string(),
        no_letter,
        sent,
        can_reallocate,
        choices,
    })
}

/// Why the list as it is now gives a patient no letter at all, whatever was sent before
/// (deceased, registered elsewhere); `None` for everyone else.
pub(super) fn no_letter_now(entry: &PlanEntry) -> Option<String> {
    (entry.cohort == Cohort::Excluded).then(|| format!("the patient list says: {}", entry.reason))
}

/// Every receiving practice's places taken: each patient's latest allocation in the ledger.
pub(super) fn places_taken(
    ledger: &Ledger,
    closure: &Closure,
) -> Result<HashMap<String, u32>, BatchError> {
    let mut taken: HashMap<String, u32> = HashMap::new();
    for (_, ods) in super::record::sent_for(ledger, closure)? {
        if let Some(ods) = ods {
            *taken.entry(ods).or_default() += 1;
        }
    }
    Ok(taken)
}

/// A practice's places left: its capacity less the places taken.
pub(super) fn places_left(practice: &crate::model::Practice, taken: &HashMap<String, u32>) -> u32 {
    practice
        .capacity
        .saturating_sub(taken.get(&practice.ods_code).copied().unwrap_or(0))
}

//! Plan stage: the capacity survey before allocation (SEL process §3.1 h). The candidate
//! practices are the open practices among any 2a patient's nearest [`CANDIDATES`] — the
//! practices the allocation could use — with how many patients could come to each, and how
//! many have it nearest. The survey contacts the practices that could receive the most first.

use std::collections::BTreeMap;

use serde::Serialize;

use super::allocation::{self, CANDIDATES};
use super::cohort::{self, Cohort};
use super::proximity::Measure;
use crate::model::{Inputs, PackedPatient};

/// One practice the survey asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Index into the inputs' practices.
    pub practice: usize,
    pub ods_code: String,
    pub name: String,
    /// Patients who have it among their nearest candidates.
    pub potential: usize,
    /// Patients who have it nearest.
    pub nearest_first: usize,
    /// 1 for the practice to contact first.
    pub contact_order: usize,
}

/// The candidate practices, in contact order: most potential patients first, then most
/// nearest-first, then by ODS code. Households count whole, as the allocation keeps them
/// together.
pub fn survey(inputs: &Inputs) -> Vec<Candidate> {
    let patients = inputs.patients.packed();
    let cohorts: Vec<Cohort> = inputs
        .patients
        .iter()
        .map(|p| cohort::decide(&p, &inputs.closure).cohort)
        .collect();
    survey_of(inputs, patients, &cohorts)
}

/// [`survey`] of the inputs' patients, packed, with the cohort each was decided to be in
/// (the patients in `inputs` are not read).
pub(super) fn survey_of(
    inputs: &Inputs,
    patients: &[PackedPatient],
    cohorts: &[Cohort],
) -> Vec<Candidate> {
    let to_allocate: Vec<usize> = (0..patients.len())
        .filter(|&i| cohorts[i] == Cohort::Allocate)
        .collect();
    let measure = Measure {
        lookup: inputs.postcode_lookup.as_ref(),
    };
    let mut counts: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for household in allocation::households(patients, &to_allocate) {
        let size = household.members.len();
        let nearest = allocation::nearest(patients, &household, &inputs.practices, measure);
        for (k, (practice, _)) in nearest.iter().take(CANDIDATES).enumerate() {
            let entry = counts.entry(*practice).or_default();
            entry.0 += size;
            if k == 0 {
                entry.1 += size;
            }
        }
    }
    let mut candidates: Vec<Candidate> = counts
        .into_iter()
        .map(|(practice, (potential, nearest_first))| Candidate {
            practice,
            ods_code: inputs.practices[practice].ods_code.clone(),
            name: inputs.practices[practice].name.clone(),
            potential,
            nearest_first,
            contact_order: 0,
        })
        .collect();
    candidates.sort_by(|a, b| {
        (b.potential, b.nearest_first, &a.ods_code).cmp(&(
            a.potential,
            a.nearest_first,
            &b.ods_code,
        ))
    });
    for (i, c) in candidates.iter_mut().enumerate() {
        c.contact_order = i + 1;
    }
    candidates
}

//! Plan stage: decide each patient's cohort and, for 2a, the receiving practice.
//!
//! [`plan`] takes what the input stage read and returns a [`Plan`]: one [`PlanEntry`] per
//! patient row (rejected rows included), and each receiving practice's load against capacity.

mod allocation;
mod cohort;
mod distances;
mod min_cost_flow;
mod proximity;
mod survey;
mod timeline;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use compact_str::CompactString;

use serde::Serialize;

pub use allocation::{CANDIDATES, household_key};
pub use cohort::{Cohort, NEARBY, five_years_before};
pub use distances::{distance_bins, median_and_largest};
pub use proximity::{
    PostcodeLevel, Proximity, distance_basis, distance_km, haversine_km, postcode_level,
};
pub use survey::{Candidate, survey};
pub use timeline::{
    LETTER_1_MONTHS_BEFORE, LETTER_2_MONTHS_AFTER, letter_1_due, letter_2_due, timing_warnings,
};

use crate::model::{
    Closure, Inputs, PackedPatient, Patient, Practice, Problem, ProblemLog, RejectedRow, Warnings,
};

/// The receiving practice chosen for a 2a patient. How it was chosen ("nearest eligible
/// practice", "officer's choice", ...) is in the entry's reason; its ODS code and name are the
/// practice's ([`Plan::practice`]), kept once for all its patients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Allocation {
    /// Index into [`Plan::practices`].
    pub practice: usize,
    pub proximity: Proximity,
}

/// A household's id, `H001`, `H002`, ...: numbered in file order of each household's first
/// member, among addresses shared by two or more valid patients. Four bytes; it orders as its
/// text does (`H1000` before `H999`), which the workbooks sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HouseholdId(std::num::NonZeroU32);

impl HouseholdId {
    /// The `n`th household (from 1); `None` for 0.
    pub fn new(n: u32) -> Option<HouseholdId> {
        std::num::NonZeroU32::new(n).map(HouseholdId)
    }

    /// `H001`: the id as the workbooks and `plan.csv` write it.
    pub fn text(self) -> CompactString {
        compact_str::format_compact!("H{:03}", self.0)
    }
}

impl std::fmt::Display for HouseholdId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Ord for HouseholdId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text().cmp(&other.text())
    }
}

impl PartialOrd for HouseholdId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for HouseholdId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

/// What the plan decided for one patient row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanEntry {
    /// Which closing practice's list the row is on (index into
    /// [`Closure::closing_practices`]).
    pub closing: usize,
    /// The 1-based row in that practice's patient file.
    pub row: usize,
    /// The valid patient, packed ([`PlanEntry::patient`] unpacks it), or `None` for a
    /// rejected row. Serialised as the patient.
    #[serde(rename = "patient")]
    pub packed: Option<PackedPatient>,
    pub cohort: Cohort,
    /// The reason in words (shared by the entries it is the same for: most are; a thin
    /// pointer, 8 bytes).
    pub reason: Arc<String>,
    /// For 2a: the receiving practice, or `None` when unallocated.
    pub allocation: Option<Allocation>,
    /// Household id (`H001`) shared by patients at the same address, when more than one.
    pub household: Option<HouseholdId>,
    pub vulnerable: bool,
    /// A BFPO address: the letter needs manual handling.
    pub manual_handling: bool,
    /// What few entries have, boxed so that the others take 8 bytes for it: a rejected row's
    /// problems, a re-issue's reference, the nearby practices of letters 1 and 2.
    extra: Option<Box<Extra>>,
}

/// What few plan entries have ([`PlanEntry::rejected`], [`PlanEntry::reference`],
/// [`PlanEntry::nearby`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
struct Extra {
    rejected: Option<RejectedRow>,
    reference: Option<Box<str>>,
    nearby: Box<[usize]>,
}

impl PlanEntry {
    /// For rejected rows: the row's problems ([`Plan::error_text`] puts them in words).
    pub fn rejected(&self) -> Option<&RejectedRow> {
        self.extra.as_ref()?.rejected.as_ref()
    }

    /// The reference of the letter already sent for this entry (a re-issue keeps it);
    /// `None`: made from the closing practice, cohort and row.
    pub fn reference(&self) -> Option<&str> {
        self.extra.as_ref()?.reference.as_deref()
    }

    /// Keeps the reference of the letter already sent (see [`PlanEntry::reference`]).
    pub fn set_reference(&mut self, reference: &str) {
        self.extra.get_or_insert_default().reference = Some(reference.into());
    }

    /// Letters 1 and 2: the nearest practices taking patients, nearest first (indexes into
    /// [`Plan::practices`]); empty for other letters.
    pub fn nearby(&self) -> &[usize] {
        self.extra.as_ref().map_or(&[], |extra| &extra.nearby)
    }

    /// The NHS number as 3-3-4 for valid rows (read from the packed patient), as given for
    /// rejected ones.
    pub fn nhs_number(&self) -> CompactString {
        match (&self.packed, self.rejected()) {
            (Some(packed), _) => compact_str::format_compact!("{}", packed.nhs_number()),
            (None, Some(rejected)) => rejected.nhs_number_given.clone(),
            (None, None) => CompactString::default(),
        }
    }

    /// The valid patient, or `None` for a rejected row.
    pub fn patient(&self) -> Option<Patient> {
        self.packed.as_ref().map(PackedPatient::unpack)
    }

    /// A 2a patient for whom no practice could be found: listed for the officer, no letter.
    pub fn is_unallocated(&self) -> bool {
        self.cohort == Cohort::Allocate && self.allocation.is_none()
    }

    /// Whether this patient gets a letter in the print batch.
    pub fn gets_letter(&self) -> bool {
        self.cohort.gets_letter() && !self.is_unallocated()
    }
}

/// A receiving practice's allocations against the capacity it offered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeLoad {
    pub ods_code: String,
    pub name: String,
    pub capacity: u32,
    pub allocated: u32,
}

/// The whole plan for one closure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub closure: Closure,
    pub practices: Vec<Practice>,
    /// One entry per patient row, in file order (closing practice by closing practice).
    pub entries: Vec<PlanEntry>,
    /// Open practices with their load, in ODS code order.
    pub loads: Vec<PracticeLoad>,
    /// Problems that did not reject a patient (bad practice rows, BFPO addresses, ...).
    pub warnings: Warnings,
    /// The problems of rejected patient rows kept in full (the first
    /// [`ProblemLog::KEPT`] found), in file order.
    pub rejections: Vec<Problem>,
    /// Every problem of rejected patient rows, counted by kind.
    pub rejection_counts: ProblemLog,
    /// How proximity was measured, for the summary.
    pub proximity_basis: String,
    /// Open practices among 2a patients' nearest whose capacity no file gave (practices from
    /// NHS ODS): they take no patients until the practice details file or a survey reply gives
    /// one. Most potential patients first: whom to survey.
    pub capacity_unknown: Vec<survey::Candidate>,
}

impl Plan {
    pub fn count(&self, cohort: Cohort) -> usize {
        self.entries.iter().filter(|e| e.cohort == cohort).count()
    }

    /// The rows rejected: each row once, however many problems it has (the one count every
    /// page and summary gives).
    pub fn rejected_rows(&self) -> usize {
        self.count(Cohort::Rejected)
    }

    /// A rejected row's problems in words, one a line: those kept in full with where they
    /// are and what to do, the others by kind. Empty for other rows.
    pub fn error_text(&self, entry: &PlanEntry) -> String {
        let Some(rejected) = entry.rejected() else {
            return String::new();
        };
        let full = rejected.problems.iter().map(|p| p.to_string());
        let kinds = rejected
            .more
            .iter()
            .map(|&k| self.rejection_counts.kind(k).to_string());
        full.chain(kinds).collect::<Vec<_>>().join("\n")
    }

    pub fn unallocated(&self) -> impl Iterator<Item = &PlanEntry> {
        self.entries.iter().filter(|e| e.is_unallocated())
    }

    pub fn practice(&self, allocation: &Allocation) -> &Practice {
        &self.practices[allocation.practice]
    }

    /// The practice an entry's patient is allocated to, if any.
    pub fn receiving(&self, entry: &PlanEntry) -> Option<&Practice> {
        entry.allocation.as_ref().map(|a| self.practice(a))
    }

    /// The ODS code of the practice an entry's patient is allocated to, if any.
    pub fn receiving_ods(&self, entry: &PlanEntry) -> Option<&str> {
        self.receiving(entry).map(|p| p.ods_code.as_str())
    }

    /// The closing practice an entry's patient is on the list of.
    pub fn closing(&self, entry: &PlanEntry) -> &crate::model::ClosingPractice {
        self.closure.closing(entry.closing)
    }

    /// Where an entry's row is, in words: `row 42`, or with several closures
    /// `G85001 row 42` (each closing practice has its own list).
    pub fn row_label(&self, entry: &PlanEntry) -> String {
        if self.closure.several() {
            format!("{} row {}", self.closing(entry).ods_code, entry.row)
        } else {
            format!("row {}", entry.row)
        }
    }
}

/// Every practice `patient` may be allocated to — open, with places to offer, never one that
/// removed them — nearest first (ties on ODS code), with how near: the allocation's rule, for
/// a change of allocation after the letter (indexes into `inputs.practices`).
pub fn eligible_practices(patient: &Patient, inputs: &Inputs) -> Vec<(usize, Proximity)> {
    let measure = proximity::Measure {
        lookup: inputs.postcode_lookup.as_ref(),
    };
    allocation::eligible_for(patient, &inputs.practices, measure)
}

/// What a plan is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The letters at closure: 2a (allocated), 2b, 2c.
    Allocation,
    /// Letter 1 or 2 before the closure ([`Cohort::Notice1`] or [`Cohort::Notice2`]): every
    /// patient still registered, with the nearest practices taking patients.
    Notice(Cohort),
}

/// Decides every patient's cohort and allocates the 2a patients.
pub fn plan(inputs: &Inputs) -> Plan {
    plan_owned(inputs.clone())
}

/// [`plan`], taking the inputs: each patient moves into its plan entry instead of being
/// copied (a run of 100,000 patients then holds them once).
pub fn plan_owned(inputs: Inputs) -> Plan {
    plan_for(inputs, Purpose::Allocation)
}

/// [`plan_owned`] for either purpose.
pub fn plan_for(mut inputs: Inputs, purpose: Purpose) -> Plan {
    // Each patient was packed as it was read, and is unpacked only while it is looked at:
    // the plan of a large list holds no patient unpacked (see `model::PackedPatient`).
    let patients = std::mem::take(&mut inputs.patients).into_packed();
    let closure = &inputs.closure;
    let measure = proximity::Measure {
        lookup: inputs.postcode_lookup.as_ref(),
    };

    // Each patient's cohort and reason, the reason kept once for all it is the same for (most
    // are the same words: a list of 500,000 would otherwise hold half a million copies while
    // it is allocated).
    let mut reasons = Reasons::default();
    let decisions: Vec<(Cohort, Arc<String>)> = patients
        .iter()
        .map(|p| {
            let decision = match purpose {
                Purpose::Allocation => cohort::decide(&p.unpack(), closure),
                Purpose::Notice(notice) => cohort::decide_notice(&p.unpack(), closure, notice),
            };
            (decision.cohort, reasons.share(decision.reason))
        })
        .collect();
    let to_allocate: Vec<usize> = (0..patients.len())
        .filter(|&i| decisions[i].0 == Cohort::Allocate)
        .collect();
    let outcomes = allocation::allocate(&patients, &to_allocate, &inputs.practices, measure);
    // A practice whose capacity nobody gave is listed apart, when it is among patients' nearest.
    let capacity_unknown: Vec<survey::Candidate> =
        if inputs.practices.iter().all(|p| p.capacity_known) {
            Vec::new()
        } else {
            // The survey is of the allocation's cohorts, whatever this plan is for.
            let cohorts: Vec<Cohort> = match purpose {
                Purpose::Allocation => decisions.iter().map(|d| d.0).collect(),
                Purpose::Notice(_) => patients
                    .iter()
                    .map(|p| cohort::decide(&p.unpack(), closure).cohort)
                    .collect(),
            };
            survey::survey_of(&inputs, &patients, &cohorts)
                .into_iter()
                .filter(|c| !inputs.practices[c.practice].capacity_known)
                .collect()
        };

    let household_ids = household_ids(&patients);
    let mut entries: Vec<PlanEntry> =
        Vec::with_capacity(patients.len() + inputs.rejected_patients.len());
    for (i, packed) in patients.iter().enumerate() {
        let patient = &packed.unpack();
        let (cohort, decided) = &decisions[i];
        let mut allocation = None;
        let reason = match outcomes.get(&i) {
            Some(allocation::Outcome::Allocated {
                practice,
                proximity,
                how,
            }) => {
                allocation = Some(Allocation {
                    practice: *practice,
                    proximity: *proximity,
                });
                reasons.share(format!("{decided}; {how}"))
            }
            Some(allocation::Outcome::Unallocated { reason: why }) => {
                reasons.share(format!("{decided}; unallocated: {why}"))
            }
            None => match &patient.allocated_practice {
                Some(code) => reasons.share(format!(
                    "{decided}; allocated_practice {code} ignored (no allocation in this cohort)"
                )),
                None => decided.clone(),
            },
        };
        entries.push(PlanEntry {
            closing: patient.closing,
            row: patient.row,
            // Moved in below, once nothing borrows the packed patients.
            packed: None,
            cohort: *cohort,
            reason,
            allocation,
            household: household_ids.get(&i).copied(),
            vulnerable: patient.vulnerable,
            manual_handling: patient.postcode.bfpo,
            extra: cohort.is_notice().then(|| {
                Box::new(Extra {
                    nearby: allocation::nearest_taking(patient, &inputs.practices, measure, NEARBY)
                        .into(),
                    ..Extra::default()
                })
            }),
        });
    }
    drop(outcomes);
    let proximity_basis = match &inputs.postcode_lookup {
        Some(lookup) => distance_basis(lookup),
        None => "postcode hierarchy: same sector and unit letter > sector > district > area".into(),
    };
    let Inputs {
        closure,
        patients: _,
        rejected_patients,
        rejections: rejection_counts,
        practices,
        warnings,
        postcode_lookup: _,
        locales: _,
        sources: _,
    } = inputs;
    for (entry, patient) in entries.iter_mut().zip(patients) {
        entry.packed = Some(patient);
    }
    let mut rejections = Vec::new();
    for rejected in rejected_patients {
        rejections.extend(rejected.problems.iter().cloned());
        entries.push(PlanEntry {
            closing: rejected.closing,
            row: rejected.row,
            packed: None,
            cohort: Cohort::Rejected,
            reason: reasons.share("rejected: the row has problems to fix".into()),
            allocation: None,
            household: None,
            vulnerable: false,
            manual_handling: false,
            extra: Some(Box::new(Extra {
                rejected: Some(rejected),
                ..Extra::default()
            })),
        });
    }
    entries.sort_by_key(|e| (e.closing, e.row));

    let mut allocated: BTreeMap<usize, u32> = BTreeMap::new();
    for entry in &entries {
        if let Some(a) = &entry.allocation {
            *allocated.entry(a.practice).or_default() += 1;
        }
    }
    let mut loads: Vec<PracticeLoad> = practices
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            (p.status == crate::model::PracticeStatus::Open && p.capacity_known)
                || allocated.contains_key(i)
        })
        .map(|(i, p)| PracticeLoad {
            ods_code: p.ods_code.clone(),
            name: p.name.clone(),
            capacity: p.capacity,
            allocated: allocated.get(&i).copied().unwrap_or(0),
        })
        .collect();
    loads.sort_by(|a, b| a.ods_code.cmp(&b.ods_code));

    Plan {
        closure,
        practices,
        entries,
        loads,
        warnings,
        rejections,
        rejection_counts,
        proximity_basis,
        capacity_unknown,
    }
}

/// One copy of each reason, shared by every entry it is the same for.
#[derive(Default)]
struct Reasons(HashMap<String, Arc<String>>);

impl Reasons {
    fn share(&mut self, reason: String) -> Arc<String> {
        if let Some(shared) = self.0.get(&reason) {
            return shared.clone();
        }
        let shared = Arc::new(reason.clone());
        self.0.insert(reason, shared.clone());
        shared
    }
}

/// Household ids (`H001`, ...) for addresses shared by two or more valid patients, numbered
/// in file order of the first member.
fn household_ids(patients: &[PackedPatient]) -> BTreeMap<usize, HouseholdId> {
    let all: Vec<usize> = (0..patients.len()).collect();
    let mut ids = BTreeMap::new();
    let mut n = 0;
    for household in allocation::households(patients, &all) {
        if household.members.len() > 1 {
            n += 1;
            let Some(id) = HouseholdId::new(n) else {
                continue;
            };
            for &i in &household.members {
                ids.insert(i, id);
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_household_id_is_written_and_ordered_as_its_text() {
        let id = |n| HouseholdId::new(n).unwrap();
        assert_eq!(HouseholdId::new(0), None);
        assert_eq!(id(7).to_string(), "H007");
        assert_eq!(id(1000).to_string(), "H1000");
        let mut ids = [id(999), id(1000), id(2), id(10)];
        ids.sort();
        let written: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(written, ["H002", "H010", "H1000", "H999"]);
        assert!(std::mem::size_of::<Option<HouseholdId>>() <= 4);
    }

    #[test]
    fn a_plan_entry_is_small() {
        assert!(
            std::mem::size_of::<PlanEntry>() <= 80,
            "{}",
            std::mem::size_of::<PlanEntry>()
        );
    }
}

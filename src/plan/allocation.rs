//! Plan stage: allocate the 2a patients to receiving practices. Households stay together,
//! capacities are never exceeded, and the total distance is as small as the capacities allow
//! (a min-cost flow over each household's 5 nearest eligible practices).

use std::collections::BTreeMap;

use crate::model::{PackedPatient, Patient, Postcode, Practice, PracticeStatus};
use crate::plan::min_cost_flow::MinCostFlow;
use crate::plan::proximity::{Measure, Proximity};

/// How many of the nearest practices a household may be allocated to (SEL process, 3.1.1 g).
pub const CANDIDATES: usize = 5;

/// How a household's practice was chosen, by its rank among the candidates.
const HOW: [&str; CANDIDATES] = [
    "nearest eligible practice",
    "2nd nearest eligible practice; the nearer ones are full",
    "3rd nearest eligible practice; the nearer ones are full",
    "4th nearest eligible practice; the nearer ones are full",
    "5th nearest eligible practice; the nearer ones are full",
];
const NEXT: &str = "next nearest eligible practice; the nearer ones are full";

/// The result of allocating one 2a patient.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Allocated {
        practice: usize,
        proximity: Proximity,
        how: &'static str,
    },
    Unallocated {
        reason: String,
    },
}

/// One of a household's candidate practices and the cost of going there, in 8 bytes: a
/// national list has millions of them while it is allocated.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    practice: u32,
    cost: i32,
}

impl Candidate {
    /// `None` for a practice index past 32 bits (a practices file is far smaller). A cost past
    /// 32 bits (2,000 km in metres) is held at the largest.
    fn new(practice: usize, cost: i64) -> Option<Candidate> {
        Some(Candidate {
            practice: u32::try_from(practice).ok()?,
            cost: cost.clamp(0, i64::from(i32::MAX)) as i32,
        })
    }

    fn practice(self) -> usize {
        self.practice as usize
    }
}

/// A group of 2a patients at the same address who must go to the same practice.
#[derive(Debug, Clone)]
pub struct Household {
    /// Indexes into the patient slice, in file order.
    pub members: Vec<usize>,
}

/// Normalised address key: lower-case letters and digits of each line, then the postcode.
pub fn household_key(patient: &Patient) -> String {
    let mut key = String::new();
    for line in &patient.address_lines {
        let words: Vec<String> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        key.push_str(&words.join(" "));
        key.push('|');
    }
    key.push_str(&patient.postcode.text);
    key
}

/// Groups patients by household key, keeping file order (first member decides the order).
pub fn households(patients: &[PackedPatient], indexes: &[usize]) -> Vec<Household> {
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: Vec<Household> = Vec::new();
    for &i in indexes {
        let key = household_key(&patients[i].unpack());
        match by_key.get(&key) {
            Some(&g) => groups[g].members.push(i),
            None => {
                by_key.insert(key, groups.len());
                groups.push(Household { members: vec![i] });
            }
        }
    }
    groups
}

/// Allocates every patient listed in `allocate` (indexes into `patients`, packed: each is
/// unpacked only while it is looked at).
/// Returns one outcome per listed patient, in the same order as `allocate`.
pub fn allocate(
    patients: &[PackedPatient],
    allocate: &[usize],
    practices: &[Practice],
    measure: Measure<'_>,
) -> BTreeMap<usize, Outcome> {
    let mut outcomes: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut room: Vec<i64> = practices.iter().map(|p| i64::from(p.capacity)).collect();
    let by_code: BTreeMap<&str, usize> = practices
        .iter()
        .enumerate()
        .map(|(i, p)| (p.ods_code.as_str(), i))
        .collect();

    let groups = households(patients, allocate);
    // Each household with its candidates: a practice and the cost of going there.
    let mut to_solve: Vec<(Household, Box<[Candidate]>)> = Vec::new();

    // 1. The officer's own choices come first, still checked against status and capacity.
    for household in groups {
        let chosen = household
            .members
            .iter()
            .find_map(|&i| patients[i].unpack().allocated_practice);
        if let Some(code) = chosen {
            let size = household.members.len() as i64;
            let reason = match by_code.get(code.as_str()) {
                None => Some(format!(
                    "the officer's choice {code} is not in the practices file"
                )),
                Some(&p) if practices[p].status != PracticeStatus::Open => Some(format!(
                    "the officer's choice {code} is marked {}; choose an open practice",
                    match practices[p].status {
                        PracticeStatus::OfConcern => "of-concern",
                        PracticeStatus::Closing => "closing",
                        PracticeStatus::Open => "open",
                    }
                )),
                Some(&p) if removed_from(patients, &household, &practices[p].ods_code) => {
                    Some(format!(
                        "the officer's choice {code} removed this patient (or their household) before"
                    ))
                }
                Some(&p) if room[p] < size => Some(format!(
                    "the officer's choice {code} has no room left ({} of {} places taken)",
                    i64::from(practices[p].capacity) - room[p],
                    practices[p].capacity
                )),
                Some(_) => None,
            };
            match reason {
                Some(reason) => {
                    for &i in &household.members {
                        outcomes.insert(
                            i,
                            Outcome::Unallocated {
                                reason: reason.clone(),
                            },
                        );
                    }
                }
                None => {
                    let p = by_code[code.as_str()];
                    room[p] -= size;
                    for &i in &household.members {
                        let proximity = measure.proximity(&patients[i].postcode(), &practices[p]);
                        outcomes.insert(
                            i,
                            Outcome::Allocated {
                                practice: p,
                                proximity,
                                how: "officer's choice",
                            },
                        );
                    }
                }
            }
            continue;
        }
        let candidates: Box<[Candidate]> = nearest(patients, &household, practices, measure)
            .iter()
            .map(|&(p, x)| Candidate::new(p, x.cost()))
            .collect::<Option<_>>()
            .unwrap_or_default();
        if candidates.is_empty() {
            for &i in &household.members {
                outcomes.insert(
                    i,
                    Outcome::Unallocated {
                        reason: "no open practice that has not removed this patient before".into(),
                    },
                );
            }
            continue;
        }
        to_solve.push((household, candidates));
    }

    // 2. Everyone else: least total distance subject to the remaining capacities.
    let placed = solve(patients, &to_solve, &mut room);
    for ((household, candidates), choice) in to_solve.iter().zip(placed) {
        for &i in &household.members {
            let outcome = match choice {
                Some(k) => {
                    let p = candidates[k].practice();
                    Outcome::Allocated {
                        practice: p,
                        proximity: measure.proximity(&patients[i].postcode(), &practices[p]),
                        how: HOW.get(k).copied().unwrap_or(NEXT),
                    }
                }
                None => Outcome::Unallocated {
                    reason: format!(
                        "none of the {} nearest eligible practices has room",
                        candidates.len()
                    ),
                },
            };
            outcomes.insert(i, outcome);
        }
    }
    outcomes
}

fn removed_from(patients: &[PackedPatient], household: &Household, code: &str) -> bool {
    removed_by(patients, household).iter().any(|r| r == code)
}

/// The practices that removed any member of the household before.
fn removed_by(patients: &[PackedPatient], household: &Household) -> Vec<String> {
    household
        .members
        .iter()
        .flat_map(|&i| patients[i].unpack().removed_from)
        .collect()
}

/// Whether any member of the household is vulnerable.
fn any_vulnerable(patients: &[PackedPatient], household: &Household) -> bool {
    household
        .members
        .iter()
        .any(|&i| patients[i].unpack().vulnerable)
}

/// The household's nearest eligible practices: open, never one that removed a member before.
/// Ties break on ODS code so the result never depends on file order.
pub(super) fn nearest(
    patients: &[PackedPatient],
    household: &Household,
    practices: &[Practice],
    measure: Measure<'_>,
) -> Vec<(usize, Proximity)> {
    let home = patients[household.members[0]].postcode();
    let removed = removed_by(patients, household);
    nearest_of(&home, &removed, practices, measure, (CANDIDATES, false))
}

/// The `n` nearest open practices with places to offer (capacity above 0) that never removed
/// the patient: the practices letters 1 and 2 list, nearest first.
pub(super) fn nearest_taking(
    patient: &Patient,
    practices: &[Practice],
    measure: Measure<'_>,
    n: usize,
) -> Vec<usize> {
    nearest_of(
        &patient.postcode,
        &patient.removed_from,
        practices,
        measure,
        (n, true),
    )
    .into_iter()
    .map(|(i, _)| i)
    .collect()
}

/// Every open practice with places to offer that never removed the patient, nearest first,
/// with how near: the practices a patient may be allocated to.
pub(super) fn eligible_for(
    patient: &Patient,
    practices: &[Practice],
    measure: Measure<'_>,
) -> Vec<(usize, Proximity)> {
    nearest_of(
        &patient.postcode,
        &patient.removed_from,
        practices,
        measure,
        (practices.len(), true),
    )
}

/// The `n` nearest eligible practices to `home` that never removed anyone living there
/// (`removed`: their ODS codes); with `taking`, only those with places.
fn nearest_of(
    home: &Postcode,
    removed: &[String],
    practices: &[Practice],
    measure: Measure<'_>,
    (n, taking): (usize, bool),
) -> Vec<(usize, Proximity)> {
    let mut ranked: Vec<(i64, &str, usize, Proximity)> = practices
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status == PracticeStatus::Open)
        .filter(|(_, p)| !taking || p.capacity > 0)
        .filter(|(_, p)| !removed.contains(&p.ods_code))
        .map(|(i, p)| {
            let proximity = measure.proximity(home, p);
            (proximity.cost(), p.ods_code.as_str(), i, proximity)
        })
        .collect();
    ranked.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    // A fresh, exact-size list: collecting from `into_iter` would keep the whole ranking's
    // capacity for every household (about 100 MB at 30,000 patients).
    ranked.iter().take(n).map(|&(_, _, i, p)| (i, p)).collect()
}

/// Cost of leaving one patient unallocated: dearer than any real distance, and dearer still
/// for a vulnerable patient, so the flow places as many people (vulnerable first) as it can.
const UNALLOCATED: i64 = 100_000_000;

/// Chooses, for each household, the index of its candidate practice (or None: unallocated).
/// Households are unsplittable; the flow may split a few, which are then placed whole at their
/// nearest candidate with room left.
fn solve(
    patients: &[PackedPatient],
    households: &[(Household, Box<[Candidate]>)],
    room: &mut [i64],
) -> Vec<Option<usize>> {
    let practices = room.len();
    let source = 0;
    let sink = 1;
    let first_household = 2;
    let first_practice = first_household + households.len();
    let mut flow = MinCostFlow::new(first_practice + practices);
    // Each node's room, exactly: an edge takes a place at each end.
    let mut into_practice = vec![0usize; practices];
    for (_, candidates) in households {
        for candidate in candidates {
            into_practice[candidate.practice()] += 1;
        }
    }
    flow.reserve(source, households.len());
    flow.reserve(sink, households.len() + practices);
    for (h, (_, candidates)) in households.iter().enumerate() {
        flow.reserve(first_household + h, candidates.len() + 2);
    }
    for (p, &n) in into_practice.iter().enumerate() {
        flow.reserve(first_practice + p, n + 1);
    }
    // Each household's first candidate edge; the others follow it.
    let mut edges = Vec::with_capacity(households.len());
    for (h, (household, candidates)) in households.iter().enumerate() {
        let node = first_household + h;
        let size = household.members.len() as i64;
        flow.add_edge(source, node, size, 0);
        // A small rank term breaks ties between equally near practices deterministically.
        let mut first = None;
        for (rank, candidate) in candidates.iter().enumerate() {
            let edge = flow.add_edge(
                node,
                first_practice + candidate.practice(),
                size,
                i64::from(candidate.cost) * 10 + rank as i64,
            );
            first.get_or_insert(edge);
        }
        let vulnerable = any_vulnerable(patients, household);
        flow.add_edge(
            node,
            sink,
            size,
            if vulnerable {
                2 * UNALLOCATED
            } else {
                UNALLOCATED
            },
        );
        edges.push(first);
    }
    for (p, &r) in room.iter().enumerate() {
        flow.add_edge(first_practice + p, sink, r.max(0), 0);
    }
    flow.solve(source, sink);

    let mut choice: Vec<Option<usize>> = vec![None; households.len()];
    let mut split: Vec<usize> = Vec::new();
    for (h, (household, candidates)) in households.iter().enumerate() {
        let size = household.members.len() as i64;
        let flows: Vec<i64> = (0..candidates.len())
            .filter_map(|k| Some(flow.flow(edges[h]?.next(k))))
            .collect();
        if let Some(k) = flows.iter().position(|&f| f == size) {
            choice[h] = Some(k);
            room[candidates[k].practice()] -= size;
        } else if flows.iter().any(|&f| f > 0) {
            split.push(h);
        }
    }
    // Split households: place whole, largest first, at the nearest candidate with room.
    split.sort_by_key(|&h| std::cmp::Reverse(households[h].0.members.len()));
    for h in split {
        let (household, candidates) = &households[h];
        let size = household.members.len() as i64;
        if let Some(k) = candidates.iter().position(|c| room[c.practice()] >= size) {
            choice[h] = Some(k);
            room[candidates[k].practice()] -= size;
        }
    }
    // Placing a split household whole can free places the flow had given it: any household
    // still without a practice takes the nearest candidate with room (vulnerable first, then
    // file order), so no one is left unallocated while one of their candidates has room.
    let mut waiting: Vec<usize> = (0..households.len())
        .filter(|&h| choice[h].is_none())
        .collect();
    waiting.sort_by_cached_key(|&h| !any_vulnerable(patients, &households[h].0));
    for h in waiting {
        let (household, candidates) = &households[h];
        let size = household.members.len() as i64;
        if let Some(k) = candidates.iter().position(|c| room[c.practice()] >= size) {
            choice[h] = Some(k);
            room[candidates[k].practice()] -= size;
        }
    }
    choice
}

//! Plan stage tests: the SEL cohort rules and the allocation of 2a patients, on small
//! synthetic fixtures.

use crate::common;

use common::{date, inputs, patient, practice};
use dispersal::model::{PatientStatus, Position, PostcodeLookup, PracticeStatus};
use dispersal::plan::{self, Cohort, Plan};

fn cohort_of(plan: &Plan, row: usize) -> Cohort {
    plan.entries.iter().find(|e| e.row == row).unwrap().cohort
}

fn practice_of(plan: &Plan, row: usize) -> Option<String> {
    let entry = plan.entries.iter().find(|e| e.row == row).unwrap();
    plan.receiving_ods(entry).map(str::to_string)
}

fn one_practice() -> Vec<dispersal::model::Practice> {
    vec![practice(
        2,
        "G85001",
        "Bellenden Road Surgery",
        "SE15 4QK",
        100,
    )]
}

#[test]
fn cohort_rules_follow_the_sel_precedence() {
    let mut deceased = patient(2, "A", "One", &["1 Road"], "SE15 4QJ");
    deceased.status = PatientStatus::Deceased;
    let mut elsewhere = patient(3, "B", "Two", &["2 Road"], "SE15 4QJ");
    elsewhere.status = PatientStatus::RegisteredElsewhere;
    let out_of_area = patient(4, "C", "Three", &["3 Road"], "SE6 4JD");
    let mut never_seen = patient(5, "D", "Four", &["4 Road"], "SE15 4QJ");
    never_seen.last_seen = None;
    let mut long_ago = patient(6, "E", "Five", &["5 Road"], "SE15 4QJ");
    long_ago.last_seen = Some(date(2021, 9, 29));
    let mut exactly_five = patient(7, "F", "Six", &["6 Road"], "SE15 4QJ");
    exactly_five.last_seen = Some(date(2021, 9, 30));
    let mut out_and_unseen = patient(8, "G", "Seven", &["7 Road"], "SE6 4JD");
    out_and_unseen.last_seen = None;
    let mut deceased_out = patient(9, "H", "Eight", &["8 Road"], "SE6 4JD");
    deceased_out.status = PatientStatus::Deceased;
    let mut vulnerable_out = patient(10, "I", "Nine", &["9 Road"], "SE6 4JD");
    vulnerable_out.vulnerable = true;
    let mut vulnerable_unseen = patient(11, "J", "Ten", &["10 Road"], "SE15 4QJ");
    vulnerable_unseen.vulnerable = true;
    vulnerable_unseen.last_seen = None;
    let ordinary = patient(12, "K", "Eleven", &["11 Road"], "SE15 4QJ");

    let plan = plan::plan(&inputs(
        vec![
            deceased,
            elsewhere,
            out_of_area,
            never_seen,
            long_ago,
            exactly_five,
            out_and_unseen,
            deceased_out,
            vulnerable_out,
            vulnerable_unseen,
            ordinary,
        ],
        one_practice(),
    ));
    let expected = [
        (2, Cohort::Excluded),
        (3, Cohort::Excluded),
        (4, Cohort::OutOfArea),
        (5, Cohort::NotSeen),
        (6, Cohort::NotSeen),
        (7, Cohort::Allocate),
        (8, Cohort::OutOfArea),
        (9, Cohort::Excluded),
        (10, Cohort::Allocate),
        (11, Cohort::Allocate),
        (12, Cohort::Allocate),
    ];
    for (row, cohort) in expected {
        assert_eq!(
            cohort_of(&plan, row),
            cohort,
            "row {row}: {}",
            plan.entries.iter().find(|e| e.row == row).unwrap().reason
        );
    }
    let vulnerable = plan.entries.iter().find(|e| e.row == 10).unwrap();
    assert!(
        vulnerable.vulnerable && vulnerable.reason.contains("vulnerable"),
        "{}",
        vulnerable.reason
    );
    let out = plan.entries.iter().find(|e| e.row == 4).unwrap();
    assert!(
        out.reason.contains("SE6") && out.reason.contains("Southwark"),
        "{}",
        out.reason
    );
}

#[test]
fn only_open_practices_that_never_removed_the_patient_receive_them() {
    let mut concern = practice(2, "G85002", "Of Concern", "SE15 4QJ", 100);
    concern.status = PracticeStatus::OfConcern;
    let mut closing = practice(3, "G85003", "Closing", "SE15 4QJ", 100);
    closing.status = PracticeStatus::Closing;
    let removed = practice(4, "G85004", "Removed Before", "SE15 4QL", 100);
    let open = practice(5, "G85005", "Open Further", "SE15 2AA", 100);
    let mut p = patient(2, "A", "One", &["1 Road"], "SE15 4QJ");
    p.removed_from = vec!["G85004".into()];
    let plan = plan::plan(&inputs(vec![p], vec![concern, closing, removed, open]));
    assert_eq!(practice_of(&plan, 2).as_deref(), Some("G85005"));
}

#[test]
fn capacity_is_never_exceeded_and_overflow_goes_to_the_next_nearest() {
    let near = practice(2, "G85001", "Near", "SE15 4QK", 2);
    let next = practice(3, "G85002", "Next", "SE15 4AA", 1);
    let patients: Vec<_> = (2..6)
        .map(|r| {
            patient(
                r,
                "P",
                &format!("Person{r}"),
                &[&format!("{r} Road")],
                "SE15 4QJ",
            )
        })
        .collect();
    let plan = plan::plan(&inputs(patients, vec![near, next]));
    let loads: Vec<(String, u32, u32)> = plan
        .loads
        .iter()
        .map(|l| (l.ods_code.clone(), l.allocated, l.capacity))
        .collect();
    assert_eq!(
        loads,
        vec![("G85001".into(), 2, 2), ("G85002".into(), 1, 1)]
    );
    let unallocated: Vec<usize> = plan.unallocated().map(|e| e.row).collect();
    assert_eq!(unallocated.len(), 1, "one patient has nowhere to go");
    let e = plan
        .entries
        .iter()
        .find(|e| e.row == unallocated[0])
        .unwrap();
    assert!(
        e.reason.contains("unallocated") && e.allocation.is_none(),
        "{}",
        e.reason
    );
    assert!(!e.gets_letter());
}

#[test]
fn households_stay_together_even_when_written_differently() {
    let small = practice(2, "G85001", "Small Near", "SE15 4QK", 2);
    let big = practice(3, "G85002", "Big Further", "SE15 4AA", 10);
    let single = patient(2, "Solo", "Person", &["99 Other Road"], "SE15 4QJ");
    let parent = patient(
        3,
        "Ada",
        "Family",
        &["Flat 3", "12 Bellenden Road"],
        "SE15 4QJ",
    );
    let child1 = patient(
        4,
        "Ben",
        "Family",
        &["FLAT  3", "12 bellenden road"],
        "SE15 4QJ",
    );
    let child2 = patient(
        5,
        "Cal",
        "Family",
        &["Flat 3,", "12 Bellenden Road."],
        "SE15 4QJ",
    );
    let plan = plan::plan(&inputs(
        vec![single, parent, child1, child2],
        vec![small, big],
    ));
    let family: Vec<_> = (3..=5).map(|r| practice_of(&plan, r)).collect();
    assert!(
        family.iter().all(|p| p == &family[0] && p.is_some()),
        "{family:?}"
    );
    let household: Vec<_> = (3..=5)
        .map(|r| plan.entries.iter().find(|e| e.row == r).unwrap().household)
        .collect();
    assert!(
        household.iter().all(|h| h.is_some() && h == &household[0]),
        "{household:?}"
    );
    assert_eq!(
        plan.entries.iter().find(|e| e.row == 2).unwrap().household,
        None
    );
    // The family of 3 cannot fit the small practice (2 places): it goes to the big one whole.
    assert_eq!(family[0].as_deref(), Some("G85002"));
}

#[test]
fn allocation_minimises_total_distance_rather_than_first_come() {
    // Patient A (row 2) is a little nearer to X than to Y; patient B (row 3) is much nearer X
    // and far from Y. X has one place. First-come would give X to A; optimal gives X to B.
    let mut x = practice(2, "G85001", "X", "SE15 4QK", 1);
    x.location = Some(Position::Degrees {
        lat: 51.4700,
        long: -0.0700,
    });
    let mut y = practice(3, "G85002", "Y", "SE15 4AA", 1);
    y.location = Some(Position::Degrees {
        lat: 51.4700,
        long: -0.0600,
    });
    let a = patient(2, "A", "Near Both", &["1 Road"], "SE15 1AA");
    let b = patient(3, "B", "Near X", &["2 Road"], "SE15 1AB");
    let mut lookup = PostcodeLookup::default();
    lookup.positions.insert(
        "SE15 1AA".into(),
        Position::Degrees {
            lat: 51.4700,
            long: -0.0660,
        },
    );
    lookup.positions.insert(
        "SE15 1AB".into(),
        Position::Degrees {
            lat: 51.4700,
            long: -0.0760,
        },
    );
    let mut inp = inputs(vec![a, b], vec![x, y]);
    inp.postcode_lookup = Some(lookup);
    let plan = plan::plan(&inp);
    assert_eq!(practice_of(&plan, 3).as_deref(), Some("G85001"));
    assert_eq!(practice_of(&plan, 2).as_deref(), Some("G85002"));
    let proximity = plan
        .entries
        .iter()
        .find(|e| e.row == 3)
        .unwrap()
        .allocation
        .as_ref()
        .unwrap()
        .proximity
        .to_string();
    assert!(proximity.ends_with(" km"), "{proximity}");
}

#[test]
fn only_the_five_nearest_are_considered() {
    // Six practices: the five nearest (same district) are full; the sixth has room but is not
    // among the five nearest, so the patient is unallocated rather than sent far away.
    let mut practices: Vec<_> = (0..5)
        .map(|i| practice(i + 2, &format!("G8500{i}"), "Full", "SE15 4QK", 0))
        .collect();
    practices.push(practice(7, "G85009", "Far", "SE1 1AA", 10));
    let plan = plan::plan(&inputs(
        vec![patient(2, "A", "One", &["1 Road"], "SE15 4QJ")],
        practices,
    ));
    assert_eq!(plan.unallocated().count(), 1);
}

#[test]
fn the_officers_choice_is_honoured_but_still_checked() {
    let near = practice(2, "G85001", "Near", "SE15 4QK", 10);
    let far = practice(3, "G85002", "Far", "SE1 1AA", 1);
    let mut concern = practice(4, "G85003", "Concern", "SE15 4QK", 10);
    concern.status = PracticeStatus::OfConcern;
    let mut chosen = patient(2, "A", "Chosen", &["1 Road"], "SE15 4QJ");
    chosen.allocated_practice = Some("G85002".into());
    let mut over = patient(3, "B", "Over", &["2 Road"], "SE15 4QJ");
    over.allocated_practice = Some("G85002".into());
    let mut bad = patient(4, "C", "Bad", &["3 Road"], "SE15 4QJ");
    bad.allocated_practice = Some("G85003".into());
    let plan = plan::plan(&inputs(vec![chosen, over, bad], vec![near, far, concern]));
    assert_eq!(practice_of(&plan, 2).as_deref(), Some("G85002"));
    let over = plan.entries.iter().find(|e| e.row == 3).unwrap();
    assert!(
        over.allocation.is_none() && over.reason.contains("no room"),
        "{}",
        over.reason
    );
    let bad = plan.entries.iter().find(|e| e.row == 4).unwrap();
    assert!(
        bad.allocation.is_none() && bad.reason.contains("of-concern"),
        "{}",
        bad.reason
    );
}

#[test]
fn vulnerable_patients_are_placed_first_when_places_run_out() {
    let only = practice(2, "G85001", "Only", "SE15 4QK", 1);
    let ordinary = patient(2, "A", "Ordinary", &["1 Road"], "SE15 4QJ");
    let mut vulnerable = patient(3, "B", "Vulnerable", &["2 Road"], "SE15 4QJ");
    vulnerable.vulnerable = true;
    let plan = plan::plan(&inputs(vec![ordinary, vulnerable], vec![only]));
    assert_eq!(practice_of(&plan, 3).as_deref(), Some("G85001"));
    assert_eq!(practice_of(&plan, 2), None);
}

#[test]
fn the_same_input_gives_the_same_plan() {
    let practices = vec![
        practice(2, "G85001", "A", "SE15 4QK", 3),
        practice(3, "G85002", "B", "SE15 4QL", 3),
    ];
    let patients: Vec<_> = (2..10)
        .map(|r| {
            patient(
                r,
                "P",
                &format!("N{r}"),
                &[&format!("{r} Road")],
                "SE15 4QJ",
            )
        })
        .collect();
    let first = plan::plan(&inputs(patients.clone(), practices.clone()));
    let second = plan::plan(&inputs(patients, practices));
    assert_eq!(first, second);
}

/// The flow may split a household, which is then placed whole elsewhere, freeing the places
/// it had: nobody is left unallocated while one of their 5 nearest candidates still has room.
/// (The sample planned by postcode level alone, many ties and tight capacities: before the fix,
/// row 4 was unallocated with its nearest practice at 9 of 12.)
#[test]
fn nobody_is_unallocated_while_a_candidate_has_room() {
    use dispersal::plan::{CANDIDATES, Proximity, postcode_level};
    let mut inputs = common::sample_inputs();
    inputs.postcode_lookup = None;
    let plan = plan::plan(&inputs);
    let room: std::collections::BTreeMap<&str, u32> = plan
        .loads
        .iter()
        .map(|l| (l.ods_code.as_str(), l.capacity - l.allocated))
        .collect();
    // (Those whose officer's choice could not be honoured are left for the officer.)
    let unallocated: Vec<_> = plan
        .unallocated()
        .filter(|e| e.reason.contains("nearest eligible practices has room"))
        .collect();
    assert!(unallocated.len() > 10, "capacities are tight in the sample");
    for entry in unallocated {
        let patient = &entry.patient().unwrap();
        let size = match &entry.household {
            Some(h) => plan
                .entries
                .iter()
                .filter(|e| e.household.as_ref() == Some(h) && e.cohort == Cohort::Allocate)
                .count() as u32,
            None => 1,
        };
        let mut ranked: Vec<(i64, &str)> = plan
            .practices
            .iter()
            .filter(|p| p.status == PracticeStatus::Open)
            .filter(|p| !patient.removed_from.contains(&p.ods_code))
            .map(|p| {
                let level = postcode_level(&patient.postcode, &p.postcode);
                (Proximity::Postcode { level }.cost(), p.ods_code.as_str())
            })
            .collect();
        ranked.sort();
        for (_, ods) in ranked.iter().take(CANDIDATES) {
            assert!(
                room[ods] < size,
                "row {} (household of {size}) is unallocated, but {ods} has {} places left",
                entry.row,
                room[ods]
            );
        }
    }
}

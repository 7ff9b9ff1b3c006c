//! The bundled sample (`sample/`, written by `sample/generate.py`, which only generates)
//! exercises the rules it was made for: read as `--sample` reads it, its bad rows are
//! rejected, it has every cohort, its households stay together and its nearest practices are
//! often ones that cannot receive patients.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use dispersal::input::parse_postcode;
use dispersal::model::PracticeStatus;
use dispersal::plan::{self, Cohort, Plan, PlanEntry, distance_km};

fn entry(plan: &Plan, row: usize) -> &PlanEntry {
    plan.entries.iter().find(|e| e.row == row).unwrap()
}

#[test]
fn each_bad_row_is_rejected_for_the_one_problem_it_was_made_with() {
    let inputs = common::sample_inputs();
    // (row, column, what the message says): the rows generate.py made bad, and row 78, whose
    // NHS number row 110 copies (every occurrence of a repeated number is rejected).
    let expected = [
        (29, "allocated_practice", "not in the practices file"),
        (44, "address_line_1", "starts with a character"),
        (53, "address_line_1", "no fixed abode"),
        (54, "nhs_number", "the check digit does not match"),
        (77, "last_seen", "after the practice's closure date"),
        (
            78,
            "nhs_number",
            "the same NHS number is on more than one row (also on row 110)",
        ),
        (81, "postcode", "XX is not a UK postcode area"),
        (
            110,
            "nhs_number",
            "the same NHS number is on more than one row (also on row 78)",
        ),
        (206, "nhs_number", "not 9"),
        (224, "date_of_birth", "after the date on the letters"),
    ];
    let rejected: Vec<(usize, Vec<String>)> = inputs
        .rejected_patients
        .iter()
        .map(|r| {
            (
                r.row,
                r.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        rejected
            .iter()
            .map(|(row, _)| *row)
            .collect::<BTreeSet<_>>(),
        expected.iter().map(|(row, _, _)| *row).collect(),
        "{rejected:#?}"
    );
    for (row, column, says) in expected {
        let (_, problems) = rejected.iter().find(|(r, _)| *r == row).unwrap();
        assert_eq!(problems.len(), 1, "row {row}: {problems:#?}");
        assert!(
            problems[0].contains(&format!("row {row}, column \"{column}\": "))
                && problems[0].contains(says),
            "row {row}: {}",
            problems[0]
        );
    }
    // Row 74, made with an empty address_line_1, is not rejected: empty address lines are
    // dropped, and its lines 2 and 3 are its address.
    let row_74 = inputs.patients.iter().find(|p| p.row == 74).unwrap();
    assert_eq!(row_74.address_lines, ["Surrey Quays", "London"]);
    // Every accepted NHS number is from the 999 test range, never issued to a real patient.
    for p in inputs.patients.iter() {
        assert!(p.nhs_number.0.starts_with("999"), "row {}", p.row);
    }
}

#[test]
fn the_sample_has_every_cohort_and_both_sides_of_each_rule() {
    let inputs = common::sample_inputs();
    let plan = plan::plan(&inputs);
    assert_eq!(plan.entries.len(), 300);
    let counts: BTreeMap<&str, usize> = [
        Cohort::Allocate,
        Cohort::NotSeen,
        Cohort::OutOfArea,
        Cohort::Excluded,
        Cohort::Rejected,
    ]
    .into_iter()
    .map(|c| (c.code(), plan.count(c)))
    .collect();
    assert_eq!(
        counts,
        BTreeMap::from([
            ("2a", 230),
            ("2b", 28),
            ("2c", 20),
            ("excluded", 12),
            ("rejected", 10)
        ])
    );
    // Last seen exactly 5 years before closure (30/09/2021) is recent; a day earlier is not.
    assert_eq!(
        entry(&plan, 82).cohort,
        Cohort::Allocate,
        "{}",
        entry(&plan, 82).reason
    );
    assert_eq!(
        entry(&plan, 63).cohort,
        Cohort::NotSeen,
        "{}",
        entry(&plan, 63).reason
    );
    // Out of area (Manchester too) is 2c, unless vulnerable; a BFPO address is 2c, by hand.
    assert_eq!(entry(&plan, 17).cohort, Cohort::OutOfArea);
    let vulnerable_away = entry(&plan, 164);
    assert!(
        vulnerable_away.cohort == Cohort::Allocate && vulnerable_away.vulnerable,
        "{}",
        vulnerable_away.reason
    );
    let bfpo = entry(&plan, 117);
    assert!(
        bfpo.cohort == Cohort::OutOfArea && bfpo.manual_handling,
        "{}",
        bfpo.reason
    );
    // Vulnerable patients not seen for 5 years stay in 2a.
    assert!(
        plan.entries.iter().any(|e| e.cohort == Cohort::Allocate
            && e.vulnerable
            && e.reason.contains("vulnerable: allocated although")
            && !e.reason.contains("outside")),
        "a vulnerable patient kept in 2a although not seen"
    );
}

#[test]
fn the_sample_households_are_the_25_written_and_each_goes_to_one_practice() {
    let plan = plan::plan(&common::sample_inputs());
    let mut households: BTreeMap<String, Vec<&PlanEntry>> = BTreeMap::new();
    for e in &plan.entries {
        if let Some(h) = e.household {
            households.entry(h.to_string()).or_default().push(e);
        }
    }
    let mut sizes: Vec<usize> = households.values().map(Vec::len).collect();
    sizes.sort();
    // generate.py's households, and no two single people who happen to share an address.
    assert_eq!(
        sizes,
        [
            2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5
        ]
    );
    for (id, members) in &households {
        // Members in 2b (not seen) keep their household id but are not allocated.
        let practices: BTreeSet<Option<&str>> = members
            .iter()
            .filter(|e| e.cohort == Cohort::Allocate)
            .map(|e| plan.receiving_ods(e))
            .collect();
        assert_eq!(practices.len(), 1, "household {id} split: {practices:?}");
    }
    // Row 26's address and postcode are written in other case, spacing and punctuation from
    // the rest of its household's; it is still one of them.
    let written_differently = entry(&plan, 26).household.unwrap().to_string();
    assert!(households[&written_differently].len() >= 2);
}

#[test]
fn no_sample_patient_is_sent_where_they_cannot_go() {
    let inputs = common::sample_inputs();
    let lookup = inputs.postcode_lookup.as_ref().unwrap();
    let plan = plan::plan(&inputs);
    // A practice that removed one member of a household removed the household.
    let mut removed_from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &plan.entries {
        if let Some(p) = e.patient() {
            let key = e
                .household
                .as_ref()
                .map_or_else(|| format!("row {}", e.row), |h| h.to_string());
            removed_from.entry(key).or_default().extend(p.removed_from);
        }
    }
    let km = |home: &str, ods: &str| {
        let practice = inputs.practices.iter().find(|p| p.ods_code == ods).unwrap();
        distance_km(lookup.positions[home], practice.location.unwrap())
    };
    let mut passed_over = 0;
    for e in &plan.entries {
        let (Some(a), Some(p)) = (&e.allocation, &e.patient()) else {
            continue;
        };
        assert_eq!(
            plan.practice(a).status,
            PracticeStatus::Open,
            "row {}",
            e.row
        );
        let key = e
            .household
            .as_ref()
            .map_or_else(|| format!("row {}", e.row), |h| h.to_string());
        let removed = &removed_from[&key];
        let to = plan.practice(a).ods_code.as_str();
        assert!(!removed.contains(to), "row {}", e.row);
        let home = p.postcode.text.as_str();
        passed_over += usize::from(removed.iter().any(|r| km(home, r) < km(home, to)));
    }
    assert!(
        passed_over >= 3,
        "the sample has patients allocated further away than a practice that removed them: {passed_over}"
    );
    // The officer chose the of-concern practice for row 210: refused.
    let concern = entry(&plan, 210);
    assert!(
        concern.allocation.is_none() && concern.reason.contains("of-concern"),
        "{}",
        concern.reason
    );
    // Fewer places than 2a patients: some are left for the officer.
    let places: u32 = plan.loads.iter().map(|l| l.capacity).sum();
    assert!((places as usize) < plan.count(Cohort::Allocate));
    assert!(plan.unallocated().count() > 0);
    assert!(plan.loads.iter().all(|l| l.allocated <= l.capacity));
}

#[test]
fn the_practices_that_cannot_receive_are_nearest_to_many_2a_patients() {
    let inputs = common::sample_inputs();
    let lookup = inputs.postcode_lookup.as_ref().unwrap();
    let plan = plan::plan(&inputs);
    let mut nearest: BTreeMap<&str, usize> = BTreeMap::new();
    for p in plan
        .entries
        .iter()
        .filter(|e| e.cohort == Cohort::Allocate)
        .filter_map(|e| e.patient())
    {
        let Some(&home) = lookup.positions.get(p.postcode.text.as_str()) else {
            continue;
        };
        let closest = inputs
            .practices
            .iter()
            .min_by(|a, b| {
                let d = |x: &dispersal::model::Practice| distance_km(home, x.location.unwrap());
                d(a).total_cmp(&d(b))
            })
            .unwrap();
        *nearest.entry(closest.ods_code.as_str()).or_default() += 1;
    }
    for status in [PracticeStatus::OfConcern, PracticeStatus::Closing] {
        let practice = inputs
            .practices
            .iter()
            .find(|p| p.status == status)
            .unwrap();
        let n = nearest
            .get(practice.ods_code.as_str())
            .copied()
            .unwrap_or(0);
        assert!(n >= 15, "{status:?} {}: nearest for {n}", practice.ods_code);
    }
}

#[test]
fn every_postcode_in_the_sample_has_a_centroid_and_every_centroid_is_used() {
    let inputs = common::sample_inputs();
    let lookup = inputs.postcode_lookup.as_ref().unwrap();
    let patients =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample/patients.csv"))
            .unwrap();
    let mut reader = csv::Reader::from_reader(patients.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "postcode")
        .unwrap();
    // Rejected rows too (the NFA row has the closing practice's postcode); not BFPO or XX.
    let mut used: BTreeSet<String> = reader
        .records()
        .filter_map(|r| parse_postcode(&r.unwrap()[column]).ok())
        .filter(|p| !p.bfpo)
        .map(|p| p.text.to_string())
        .collect();
    used.extend(inputs.practices.iter().map(|p| p.postcode.text.to_string()));
    let closing = inputs.closure.lead().address.last().unwrap();
    used.insert(parse_postcode(closing).unwrap().text.to_string());
    // The sample's lookup file has exactly the postcodes the sample uses...
    let file =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample/postcodes.csv"))
            .unwrap();
    let centroids: BTreeSet<String> = file
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .map(str::to_string)
        .collect();
    assert_eq!(centroids, used);
    // ...and reading it keeps only those of the patients and practices that were read.
    let mut kept: BTreeSet<String> = inputs
        .patients
        .iter()
        .map(|p| p.postcode.text.to_string())
        .collect();
    kept.extend(inputs.practices.iter().map(|p| p.postcode.text.to_string()));
    kept.retain(|p| centroids.contains(p));
    assert_eq!(
        lookup.positions.keys().cloned().collect::<BTreeSet<_>>(),
        kept
    );
    for p in &inputs.practices {
        assert_eq!(
            p.location,
            Some(lookup.positions[p.postcode.text.as_str()]),
            "{}",
            p.ods_code
        );
    }
}

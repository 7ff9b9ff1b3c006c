//! Batch engine: the worst realistic letters for layout — long names, the longest address,
//! a long practice name — one in each cohort (2a, 2b, 2c). A translation must still fit
//! them on one page; the tests lay them out in every locale.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::model::{
    Area, ClosingPractice, Closure, Commissioner, InputPaths, Inputs, LetterFormat, LetterSettings,
    NhsNumber, Patient, PatientStatus, Postage, Postcode, Practice, PracticeStatus,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn postcode(text: &str) -> Postcode {
    Postcode {
        text: text.into(),
        bfpo: false,
    }
}

/// A valid NHS number in the 999 test range for `seed` (check digit computed).
pub fn test_nhs_number(seed: u32) -> NhsNumber {
    let mut n = seed;
    loop {
        let base = format!("999{:06}", n % 1_000_000);
        let sum: u32 = base
            .chars()
            .zip((2..=10).rev())
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        let check = 11 - sum % 11;
        if check != 10 {
            let check = if check == 11 { 0 } else { check };
            return NhsNumber(format!("{base}{check}").into());
        }
        n += 1;
    }
}

/// The synthetic closure the worst-case letters come from (the sample's, with three of its
/// postcode districts: SE1, SE5, SE15).
pub fn worst_case_closure() -> Closure {
    Closure {
        closing_practices: vec![ClosingPractice {
            ods_code: "G85999".into(),
            name: "Riverside Medical Centre".into(),
            address: vec!["12 River Street".into(), "London".into(), "SE1 3QW".into()],
            closure_date: date(2026, 9, 30),
            patients: "patients.csv".into(),
        }],
        commissioner: Commissioner {
            name: "NHS South East London Integrated Care Board".into(),
            team: "Primary Care Commissioning Team (Southwark)".into(),
            address: vec![
                "160 Tooley Street".into(),
                "London".into(),
                "SE1 2TZ".into(),
            ],
            phone: "020 3049 0000".into(),
            email: "selicb.primarycare@nhs.net".into(),
            signatory: "Imogen Fairweather-Adeyemi".into(),
            signatory_role: "Head of Primary Care, Southwark".into(),
        },
        area: Area {
            name: "Southwark".into(),
            postcode_districts: vec!["SE1".into(), "SE5".into(), "SE15".into()],
        },
        letters: LetterSettings {
            date: date(2026, 11, 24),
            postage: Postage::Second,
            qr_url: "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/".into(),
            locales: None,
        },
        inputs: InputPaths {
            practices: PathBuf::from("practices.csv"),
            practice_details: None,
            columns: Vec::new(),
            postcodes: None,
        },
    }
}

/// The worst realistic case for layout: long names, 7-line address, long practice name; one
/// patient in each of 2a, 2b and 2c.
pub fn worst_case_inputs() -> Inputs {
    let a = Patient {
        row: 2,
        nhs_number: test_nhs_number(2 * 7919),
        title: "Master".into(),
        given_name: "Oluwaseun Alexandra-Marie".into(),
        family_name: "Montgomery-Fotheringham-Oyelaran-Wickramasinghe".into(),
        date_of_birth: date(1980, 5, 17),
        address_lines: [
            "Flat 112, Wolverhampton-Ashdown House",
            "147-149 Old Kent Road Industrial Estate",
            "Bermondsey Spa Gardens",
            "Southwark",
            "London",
        ]
        .iter()
        .map(|&s| s.into())
        .collect(),
        // J and Q descend below the baseline in Noto Sans: the worst case for the window's foot.
        postcode: postcode("SE15 5QJ"),
        last_seen: Some(date(2025, 3, 1)),
        language: "en-GB".into(),
        format: LetterFormat::Standard,
        needs_by_hand: Vec::new(),
        vulnerable: false,
        status: PatientStatus::Registered,
        removed_from: vec![],
        allocated_practice: None,
        mobile: None,
        closing: 0,
    };
    let mut b = a.clone();
    b.row = 3;
    b.nhs_number = test_nhs_number(31);
    b.last_seen = None;
    let mut c = a.clone();
    c.row = 4;
    c.nhs_number = test_nhs_number(41);
    c.postcode = postcode("SE13 7XY");
    let practice = Practice {
        row: 2,
        ods_code: "G85001".into(),
        name: "The Very Long Named Bermondsey and Old Kent Road Family Health Partnership".into(),
        address_lines: vec![
            "Unit 4, The Health and Wellbeing Centre".into(),
            "211-215 Old Kent Road".into(),
            "Southwark".into(),
            "London".into(),
        ],
        postcode: postcode("SE15 2AD"),
        phone: "020 7000 0000".into(),
        email: "g85001@nhs.net".into(),
        capacity: 10,
        capacity_known: true,
        status: PracticeStatus::Open,
        location: None,
    };
    // Letters 1 and 2 list three practices: two more as long, further away (the 2a letter
    // still goes to the first).
    let mut second = practice.clone();
    second.row = 3;
    second.ods_code = "G85002".into();
    second.name =
        "The Very Long Named Rotherhithe and Surrey Quays Family Health Partnership".into();
    second.postcode = postcode("SE16 7QW");
    second.phone = "020 7000 0002".into();
    let mut third = practice.clone();
    third.row = 4;
    third.ods_code = "G85003".into();
    third.name =
        "The Very Long Named Walworth and Elephant and Castle Family Health Partnership".into();
    third.postcode = postcode("SE17 1QW");
    third.phone = "020 7000 0003".into();
    Inputs {
        closure: worst_case_closure(),
        patients: vec![a, b, c].into(),
        rejected_patients: vec![],
        rejections: Default::default(),
        practices: vec![practice, second, third],
        warnings: Default::default(),
        postcode_lookup: None,
        locales: vec![],
        sources: Vec::new(),
    }
}

/// One plan for each kind of letter, with the worst-case data: the allocation letters (2a,
/// 2b, 2c), then letters 1 and 2. Each letter a plan calls for is worst case for its kind.
pub fn worst_case_plans() -> Vec<crate::plan::Plan> {
    use crate::plan::{Cohort, Purpose, plan_for};
    let inputs = worst_case_inputs();
    vec![
        plan_for(inputs.clone(), Purpose::Allocation),
        plan_for(inputs.clone(), Purpose::Notice(Cohort::Notice1)),
        plan_for(inputs, Purpose::Notice(Cohort::Notice2)),
    ]
}

/// Every kind of letter once, with the worst-case data: 2a, 2b, 2c, 1, 2 (plan and entry).
pub fn worst_case_entries(
    plans: &[crate::plan::Plan],
) -> Vec<(&crate::plan::Plan, &crate::plan::PlanEntry)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for plan in plans {
        for entry in plan.entries.iter().filter(|e| e.gets_letter()) {
            if !seen.contains(&entry.cohort) {
                seen.push(entry.cohort);
                out.push((plan, entry));
            }
        }
    }
    out
}

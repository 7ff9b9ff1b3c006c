//! Input tests: GP practices from NHS ODS `epraccur`, as downloaded (27 columns, no header,
//! both the legacy and the Data Search and Export forms), with the practice details file for
//! what ODS does not hold. The sample's practices written as ODS publishes them plan exactly
//! as the sample's own practices file does.

use std::collections::BTreeMap;

use dispersal::plan;

use super::*;

/// Which form of `epraccur` to write.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Form {
    /// Status `A`/`C`/`D`/`P`, prescribing setting `4`.
    Legacy,
    /// Status `ACTIVE`/`INACTIVE`, role ids `RO76`.
    Current,
}

/// One `epraccur` row: 27 cells by position, names and addresses in capitals.
fn row(
    form: Form,
    code: &str,
    name: &str,
    address: &[&str],
    postcode: &str,
    active: bool,
    gp: bool,
) -> String {
    let mut cells = vec![String::new(); 27];
    cells[0] = code.to_string();
    cells[1] = name.to_uppercase();
    cells[2] = "Y56".to_string();
    cells[3] = "QKK".to_string();
    for (i, line) in address.iter().take(5).enumerate() {
        cells[4 + i] = line.to_uppercase();
    }
    cells[9] = postcode.to_string();
    cells[10] = "19740401".to_string();
    cells[12] = match (form, active) {
        (Form::Legacy, true) => "A",
        (Form::Legacy, false) => "D",
        (Form::Current, true) => "ACTIVE",
        (Form::Current, false) => "INACTIVE",
    }
    .to_string();
    cells[13] = "B".to_string();
    cells[14] = "36L".to_string();
    cells[17] = "020 7000 0000".to_string();
    cells[25] = match (form, gp) {
        (Form::Legacy, true) => "4".to_string(),
        (Form::Legacy, false) => "1".to_string(),
        (Form::Current, true) => "RO76".to_string(),
        (Form::Current, false) => "RO80|RO87".to_string(),
    };
    cells
        .iter()
        .map(|c| {
            if c.contains(',') {
                format!("\"{c}\"")
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn sample_practices() -> Vec<BTreeMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/practices.csv");
    crate::common::csv_rows(&std::fs::read(path).unwrap())
}

/// The sample's practices as ODS publishes them, among organisations that are never
/// candidates: a dormant practice, a walk-in centre, a practice outside the area, and the
/// closing practice itself.
pub(super) fn epraccur(form: Form) -> String {
    let mut lines = Vec::new();
    if form == Form::Current {
        lines.push(String::from("\u{feff}"));
    }
    lines.push(row(
        form,
        "G85999",
        "Riverside Medical Centre",
        &["12 River Street", "London"],
        "SE1 3QW",
        true,
        true,
    ));
    for p in sample_practices() {
        let address: Vec<&str> = (1..=4)
            .map(|i| p[&format!("address_line_{i}")].as_str())
            .collect();
        lines.push(row(
            form,
            &p["ods_code"],
            &p["name"],
            &address,
            &p["postcode"],
            true,
            true,
        ));
    }
    lines.push(row(
        form,
        "G85950",
        "Old Kent Road Surgery",
        &["1 Old Kent Road"],
        "SE1 4JU",
        false,
        true,
    ));
    lines.push(row(
        form,
        "Y05960",
        "Borough Walk-in Centre",
        &["2 Borough High Street"],
        "SE1 2DH",
        true,
        false,
    ));
    lines.push(row(
        form,
        "A81001",
        "The Densham Surgery",
        &["Health Centre", "Lawson Street", "", "Stockton-on-Tees"],
        "TS18 1HU",
        true,
        true,
    ));
    let mut text = lines.join("\n");
    text = text.replacen("\u{feff}\n", "\u{feff}", 1);
    text.push('\n');
    text
}

/// What ODS does not hold: each sample practice's email, capacity and status.
pub(super) fn details() -> String {
    let mut text = String::from("ODS Code,Email,Capacity,Status\n");
    for p in sample_practices() {
        text.push_str(&format!(
            "{},{},{},{}\n",
            p["ods_code"], p["email"], p["capacity"], p["status"]
        ));
    }
    text
}

/// A closure folder of the sample with `practices` and, if given, a details file; read with
/// the sample's postcode lookup and planned.
fn planned(practices: &str, details: Option<&str>) -> (Inputs, plan::Plan) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    let f = Fixture::with_practices(
        "patients.csv",
        &std::fs::read(sample.join("patients.csv")).unwrap(),
        "practices.csv",
        practices.as_bytes(),
    );
    if let Some(details) = details {
        f.write("details.csv", details.as_bytes());
        let toml = std::fs::read_to_string(f.closure_path()).unwrap().replace(
            "practices = \"practices.csv\"",
            "practices = \"practices.csv\"\npractice_details = \"details.csv\"",
        );
        f.write("closure.toml", toml.as_bytes());
    }
    let inputs = input::read(
        &f.closure_path(),
        &DiskFiles,
        Some(&sample.join("postcodes.csv")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let plan = plan::plan(&inputs);
    (inputs, plan)
}

/// Each patient's cohort and receiving practice.
fn allocations(plan: &plan::Plan) -> BTreeMap<String, (String, String)> {
    plan.entries
        .iter()
        .map(|e| {
            (
                e.nhs_number().to_string(),
                (
                    e.cohort.code().to_string(),
                    plan.receiving_ods(e).unwrap_or_default().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn both_epraccur_forms_with_details_plan_exactly_as_our_practices_file_does() {
    let ours =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/practices.csv"))
            .unwrap();
    let (_, expected) = planned(&ours, None);
    let expected = allocations(&expected);
    for form in [Form::Legacy, Form::Current] {
        let (inputs, plan) = planned(&epraccur(form), Some(&details()));
        let codes: Vec<&str> = inputs
            .practices
            .iter()
            .map(|p| p.ods_code.as_str())
            .collect();
        // Only the active GP practices of the area (and the closing practice, as closing).
        assert!(
            !codes.contains(&"G85950"),
            "a dormant practice is never a candidate"
        );
        assert!(
            !codes.contains(&"Y05960"),
            "a walk-in centre is never a candidate"
        );
        assert!(
            !codes.contains(&"A81001"),
            "a practice outside the area is left out"
        );
        let riverside = inputs
            .practices
            .iter()
            .find(|p| p.ods_code == "G85999")
            .unwrap();
        assert_eq!(riverside.status, PracticeStatus::Closing);
        assert_eq!(allocations(&plan), expected);
        assert!(plan.capacity_unknown.is_empty());
        // Title case from ODS's capitals, abbreviations and postcodes kept.
        let tabard = inputs
            .practices
            .iter()
            .find(|p| p.ods_code == "G85901")
            .unwrap();
        assert_eq!(tabard.name, "Tabard Row Surgery");
        assert_eq!(
            tabard.address_lines,
            ["The Old Vestry", "3 Tabard Row", "London"]
        );
        assert_eq!(tabard.email, "tabardrow.practice@nhs.net");
        let note = inputs
            .warnings
            .iter()
            .find(|w| w.message.contains("other organisations left out"))
            .expect("a note sums up what was left out");
        assert!(
            note.message.contains("(1 closed, dormant or proposed; 1 not GP practices; 1 outside the area's postcode areas)"),
            "{}",
            note.message
        );
    }
}

#[test]
fn a_practice_whose_capacity_no_file_gives_is_named_for_the_survey_and_takes_nobody() {
    // Every sample practice from ODS, and details for none: none can take patients.
    let (inputs, plan) = planned(&epraccur(Form::Current), None);
    assert!(inputs.practices.iter().all(|p| !p.capacity_known));
    assert!(plan.entries.iter().all(|e| e.allocation.is_none()));
    let named: Vec<&str> = plan
        .capacity_unknown
        .iter()
        .map(|c| c.ods_code.as_str())
        .collect();
    assert!(named.contains(&"G85901"), "{named:?}");
    // The survey works from epraccur as from our file: it asks the same practices.
    let asked: Vec<String> = plan::survey(&inputs)
        .into_iter()
        .map(|c| c.ods_code)
        .collect();
    assert_eq!(asked, named);
    let text = dispersal::package::plan_summary_text(&plan);
    assert!(
        text.contains("Practices among patients' 5 nearest whose capacity no file gives"),
        "{text}"
    );
    // The details file's codes that are not active GP practices here are warnings by row.
    let bad_details = "ods_code,capacity\nG85950,10\nZ99999,5\nG85901,lots\n";
    let (inputs, _) = planned(&epraccur(Form::Legacy), Some(bad_details));
    let said: Vec<String> = inputs
        .warnings
        .iter()
        .filter(|w| w.location.file == "details.csv")
        .map(|w| w.to_string())
        .collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(
        said[0].contains("row 2") && said[0].contains("G85950 is not an active GP practice"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("row 3") && said[1].contains("Z99999 is not in the practices file"),
        "{}",
        said[1]
    );
    assert!(
        said[2].contains("row 4") && said[2].contains("capacity"),
        "{}",
        said[2]
    );
}

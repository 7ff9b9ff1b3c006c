//! Input tests: the sample as an officer would have it with no file of ours at all — the
//! patient list as EMIS Web exports it, the practices as NHS ODS publishes them with a small
//! details file, and the postcodes from the National Statistics Postcode Lookup — plans
//! exactly as the sample's own three files do, patient for patient.

use std::collections::BTreeMap;

use dispersal::plan;

use super::epraccur::{Form, details, epraccur};
use super::exports::emis_export;
use super::*;

/// Each patient's cohort and receiving practice, by NHS number.
fn decided(inputs: &Inputs) -> BTreeMap<String, (String, String)> {
    let plan = plan::plan(inputs);
    plan.entries
        .iter()
        .map(|e| {
            let to = plan.receiving_ods(e).unwrap_or_default().to_string();
            (
                e.nhs_number().to_string(),
                (e.cohort.code().to_string(), to),
            )
        })
        .collect()
}

#[test]
fn the_sample_from_an_emis_export_epraccur_and_the_nspl_plans_as_from_our_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("sample");
    let ours = input::read(
        &sample.join("closure.toml"),
        &DiskFiles,
        Some(&sample.join("postcodes.csv")),
    )
    .unwrap();

    let f = Fixture::with_practices(
        "emis-search.csv",
        emis_export().as_bytes(),
        "epraccur.csv",
        epraccur(Form::Current).as_bytes(),
    );
    f.write("details.csv", details().as_bytes());
    std::fs::copy(
        root.join("tests/fixtures/postcodes/nspl-2025.csv"),
        f.dir.path().join("NSPL_NOV_2025_UK.csv"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(f.closure_path()).unwrap().replace(
        "practices = \"epraccur.csv\"",
        "practices = \"epraccur.csv\"\npractice_details = \"details.csv\"\npostcodes = \"NSPL_NOV_2025_UK.csv\"",
    );
    f.write("closure.toml", toml.as_bytes());
    let shaped = f.read().unwrap();

    let (expected, got) = (decided(&ours), decided(&shaped));
    assert!(expected.len() > 250);
    assert_eq!(got, expected);
}

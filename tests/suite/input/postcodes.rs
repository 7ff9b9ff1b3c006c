//! Postcode positions from the files ONS, the NHS and Ordnance Survey publish, as downloaded:
//! the NSPL/ONSPD with each generation of column names, the NHS Postcode Directory's
//! `gridall.csv` and OS Code-Point Open's zip (`tests/fixtures/postcodes/`, written by its
//! `make.py` from the sample's own invented centroids). The sample planned from each sends
//! every patient where the sample's own `postcodes.csv` does.

use super::*;

use std::collections::BTreeMap;

use dispersal::model::{PostcodeFormat, PostcodeLookup};
use dispersal::plan::{self, Plan};

/// One of the published-file fixtures.
fn published(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/postcodes")
        .join(name)
}

/// The sample's inputs, its postcodes from `lookup` (the sample's own when `None`).
fn sample_with(lookup: Option<PathBuf>) -> Inputs {
    dispersal::cli::read_inputs(&dispersal::cli::ClosureArgs {
        closure: None,
        sample: true,
        postcode_lookup: lookup,
        locales: None,
        capacity_replies: None,
    })
    .expect("the sample reads with this postcode file")
}

/// Each row's cohort and receiving practice.
fn decided(plan: &Plan) -> BTreeMap<(usize, usize), (String, Option<String>)> {
    plan.entries
        .iter()
        .map(|e| {
            (
                (e.closing, e.row),
                (
                    format!("{:?}", e.cohort),
                    plan.receiving_ods(e).map(str::to_string),
                ),
            )
        })
        .collect()
}

/// How far each allocated patient is from their practice, in metres.
fn metres(plan: &Plan) -> BTreeMap<usize, i64> {
    plan.entries
        .iter()
        .filter_map(|e| Some((e.row, e.allocation.as_ref()?.proximity.cost())))
        .collect()
}

#[test]
fn the_sample_planned_from_each_published_file_sends_every_patient_to_the_same_practice() {
    let own = sample_with(None);
    let own_lookup = own.postcode_lookup.clone().unwrap();
    assert_eq!(own_lookup.format, PostcodeFormat::LatLong);
    let own_plan = plan::plan(&own);
    assert_eq!(
        own_plan.proximity_basis,
        "great-circle distance between postcode centroids (latitude and longitude, postcode lookup)"
    );
    let allocated = own_plan
        .entries
        .iter()
        .filter(|e| e.allocation.is_some())
        .count();
    assert!(allocated > 150, "{allocated}");
    for (file, format, name) in [
        (
            "nspl-2024.csv",
            PostcodeFormat::Onspd,
            "ONS Postcode Directory",
        ),
        (
            "nspl-2025.csv",
            PostcodeFormat::Onspd,
            "ONS Postcode Directory",
        ),
        (
            "gridall.csv",
            PostcodeFormat::Gridall,
            "NHS Postcode Directory",
        ),
        (
            "codepo_gb.zip",
            PostcodeFormat::CodePoint,
            "OS Code-Point Open",
        ),
    ] {
        let inputs = sample_with(Some(published(file)));
        let lookup: &PostcodeLookup = inputs.postcode_lookup.as_ref().unwrap();
        assert_eq!(lookup.format, format, "{file}");
        // Every postcode the sample's own file places, this one places (on the grid).
        assert_eq!(
            lookup.positions.keys().collect::<Vec<_>>(),
            own_lookup.positions.keys().collect::<Vec<_>>(),
            "{file}"
        );
        assert!(
            lookup
                .positions
                .values()
                .all(|p| matches!(p, Position::Grid { .. })),
            "{file}"
        );
        let plan = plan::plan(&inputs);
        assert_eq!(
            plan.proximity_basis,
            format!(
                "straight-line distance on the British National Grid between postcode centroids ({name})"
            ),
            "{file}"
        );
        assert_eq!(decided(&plan), decided(&own_plan), "{file}");
        // The distances themselves differ a little: the great circle is on a sphere of the
        // earth's mean radius, shorter than Britain's curvature by up to 0.3%, and the
        // centroids were put on the grid to the metre.
        for (row, m) in metres(&plan) {
            let great_circle = metres(&own_plan)[&row];
            assert!(
                (m - great_circle).abs() <= 3 + great_circle * 4 / 1000,
                "{file}: row {row}: {m} m on the grid, {great_circle} m great-circle"
            );
        }
        // SE1 2DH, a practice's postcode, is terminated in the ONS and NHS files.
        let terminated: Vec<String> = inputs
            .warnings
            .iter()
            .filter(|w| w.message.contains("terminated"))
            .map(|w| w.location.to_string())
            .collect();
        let expected: &[&str] = match file {
            "nspl-2024.csv" | "nspl-2025.csv" => &["row 16, column \"doterm\""],
            "gridall.csv" => &["row 15, column \"DOTERM (column 4)\""],
            _ => &[],
        };
        assert_eq!(
            terminated,
            expected
                .iter()
                .map(|at| format!("{file}: {at}"))
                .collect::<Vec<_>>(),
            "{file}"
        );
    }
}

/// A closure whose `[inputs]` also names a postcode file (`postcodes = "..."`).
fn closure_naming(postcodes: &str) -> Fixture {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    let closure = common::closure_toml("patients.csv", "practices.csv").replace(
        "practices = \"practices.csv\"",
        &format!("practices = \"practices.csv\"\npostcodes = \"{postcodes}\""),
    );
    fixture.write("closure.toml", closure.as_bytes());
    fixture
}

#[test]
fn closure_toml_can_name_the_postcode_file_and_the_command_line_wins() {
    let fixture = closure_naming("codepo_gb.zip");
    fixture.write(
        "codepo_gb.zip",
        &std::fs::read(published("codepo_gb.zip")).unwrap(),
    );
    let inputs = fixture.read().unwrap();
    let lookup = inputs.postcode_lookup.unwrap();
    assert_eq!(lookup.format, PostcodeFormat::CodePoint);
    // Neither the patient's SE1 9ZZ nor the practices' SE1 3AB and SE15 4AB is in it.
    assert!(lookup.positions.is_empty());
    // The practice's own latitude and longitude are put on the grid.
    assert!(matches!(
        inputs.practices[0].location,
        Some(Position::Grid { .. })
    ));
    let given = fixture.write(
        "lookup.csv",
        b"postcode,latitude,longitude\nSE1 9ZZ,51.5,-0.09\n",
    );
    let inputs = input::read(&fixture.closure_path(), &DiskFiles, Some(&given)).unwrap();
    let lookup = inputs.postcode_lookup.unwrap();
    assert_eq!(lookup.format, PostcodeFormat::LatLong);
    assert_eq!(lookup.positions.len(), 1);
    assert!(matches!(
        inputs.practices[0].location,
        Some(Position::Degrees { .. })
    ));
}

#[test]
fn a_postcode_file_named_in_closure_toml_that_is_missing_says_where_to_look() {
    let fixture = closure_naming("ONSPD_NOV_2025_UK.csv");
    let e = fixture.read().unwrap_err();
    assert!(
        e.problem().ends_with(
            "ONSPD_NOV_2025_UK.csv: cannot read the file (No such file or directory (os error 2))"
        ),
        "{}",
        e.problem()
    );
    assert_eq!(
        e.fix(),
        ["the path is relative to the folder holding closure.toml; check postcodes in [inputs]"]
    );
    let empty = closure_naming(" ");
    let e = empty.read().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: key \"inputs.postcodes\": the file name is empty\n  hint: write the file name, relative to the folder holding closure.toml",
            empty.closure_path().display()
        )
    );
}

#[test]
fn the_plan_says_it_measured_on_the_grid() {
    let out = tempfile::tempdir().unwrap();
    let ran = Dispersal::new(["plan", "--sample", "--postcode-lookup"])
        .arg(published("nspl-2025.csv"))
        .arg("--out")
        .arg(out.path())
        .output();
    let stdout = common::cli::stdout(&ran);
    assert!(ran.status.success(), "{}", common::cli::stderr(&ran));
    assert!(
        stdout.contains(
            "proximity by straight-line distance on the British National Grid between postcode centroids (ONS Postcode Directory):"
        ),
        "{stdout}"
    );
}

#[test]
fn a_postcode_file_of_no_known_shape_is_refused_naming_it_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = dir.path().join("postcodes.csv");
    std::fs::write(&lookup, "Postcode,Easting\nSE1 4JU,532654\n").unwrap();
    let ran = Dispersal::new(["plan", "--sample", "--postcode-lookup"])
        .arg(&lookup)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output();
    assert_eq!(ran.status.code(), Some(2));
    let stderr = common::cli::stderr(&ran);
    assert!(
        stderr.contains(&format!(
            "{}: missing required columns \"latitude\", \"longitude\"",
            lookup.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: the header row must have the columns a postcode (pcds, pcd, pcd2, pcd7, pcd8 or postcode) and its position: eastings and northings (oseast1m and osnrth1m, or east1m and north1m) or latitude and longitude (lat and long)"),
        "{stderr}"
    );
}

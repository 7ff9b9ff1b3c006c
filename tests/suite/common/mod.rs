//! Test fixtures: a small synthetic closure built directly as the input stage's output, so
//! plan, compose, render and check tests do not depend on file parsing; and the one
//! `closure.toml` text the tests that do read files write or serve.
#![allow(dead_code)]

pub mod cli;
pub mod ods;
pub mod pdf;
pub mod sizes;
pub mod tagged_text;

use chrono::NaiveDate;
use dispersal::model::*;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

pub fn postcode(text: &str) -> Postcode {
    Postcode {
        text: text.into(),
        bfpo: text.starts_with("BFPO"),
    }
}

/// A valid NHS number in the 999 test range for `seed` (check digit computed).
pub fn nhs_number(seed: u32) -> NhsNumber {
    dispersal::batch::test_nhs_number(seed)
}

/// The bundled sample closure, read as `--sample` reads it.
pub fn sample_inputs() -> Inputs {
    dispersal::cli::read_inputs(&dispersal::cli::ClosureArgs {
        closure: None,
        sample: true,
        postcode_lookup: None,
        locales: None,
        capacity_replies: None,
    })
    .expect("the bundled sample reads")
}

/// The sample's `closure.toml` (`sample/closure.toml`) with `[inputs]` naming these patients
/// and practices files: the closure.toml every test that reads one uses. A test of a broken
/// closure edits this text.
pub fn closure_toml(patients: &str, practices: &str) -> String {
    let sample = include_str!("../../../sample/closure.toml");
    let (patients_line, practices_line) = (
        "patients = \"patients.csv\"",
        "practices = \"practices.csv\"",
    );
    assert!(
        sample.contains(patients_line) && sample.contains(practices_line),
        "sample/closure.toml no longer names patients.csv and practices.csv in [inputs]"
    );
    sample
        .replace(patients_line, &format!("patients = \"{patients}\""))
        .replace(practices_line, &format!("practices = \"{practices}\""))
}

/// The sample closure as the input stage reads it from [`closure_toml`], but with only three
/// of its postcode districts (SE1, SE5, SE15): the worst-case letters' closure.
pub fn closure() -> Closure {
    dispersal::batch::worst_case_closure()
}

pub fn patient(row: usize, given: &str, family: &str, lines: &[&str], pc: &str) -> Patient {
    Patient {
        row,
        nhs_number: nhs_number(row as u32 * 7919),
        title: "Mx".into(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: date(1980, 5, 17),
        address_lines: lines.iter().map(|&s| s.into()).collect(),
        postcode: postcode(pc),
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
    }
}

pub fn practice(row: usize, code: &str, name: &str, pc: &str, capacity: u32) -> Practice {
    Practice {
        row,
        ods_code: code.into(),
        name: name.into(),
        address_lines: vec!["1 Practice Road".into(), "London".into()],
        postcode: postcode(pc),
        phone: "020 7000 0000".into(),
        email: format!("{}@nhs.net", code.to_lowercase()),
        capacity,
        capacity_known: true,
        status: PracticeStatus::Open,
        location: None,
    }
}

pub fn inputs(patients: Vec<Patient>, practices: Vec<Practice>) -> Inputs {
    Inputs {
        closure: closure(),
        patients: patients.into(),
        rejected_patients: vec![],
        rejections: Default::default(),
        practices,
        warnings: Default::default(),
        postcode_lookup: None,
        locales: vec![],
        sources: Vec::new(),
    }
}

/// The worst realistic case for layout: long names, 7-line address, long practice name (the
/// library's, which `translations import` and `--locales` check a translation against).
pub fn worst_case_inputs() -> Inputs {
    dispersal::batch::worst_case_inputs()
}

/// Every cohort's letter for the worst-case patients (long names, 7-line address, long
/// practice name), worded in `tag`, in `format`: 2a, 2b, 2c, and letters 1 and 2 listing
/// three long-named practices.
pub fn worst_case_letters(
    tag: &str,
    format: dispersal::model::LetterFormat,
) -> Vec<dispersal::compose::Letter> {
    let plans = dispersal::batch::worst_case_plans();
    let wording = dispersal::compose::Wording::load().expect("the locales load");
    let locale = wording.get(tag).expect("the locale exists");
    dispersal::batch::worst_case_entries(&plans)
        .into_iter()
        .map(|(plan, e)| {
            let p = e.patient().expect("a worst-case entry has its patient");
            dispersal::compose::compose_letter(plan, e, &p, locale, format, &wording)
                .expect("the letter composes")
        })
        .collect()
}

/// Ordinary fixture patients, one per cohort (2a, 2b, 2c), with their plan and letters.
pub fn fixture_letters() -> (dispersal::plan::Plan, Vec<dispersal::compose::Letter>) {
    let mut a = patient(
        2,
        "Amina",
        "Okafor",
        &["Flat 3", "12 Bellenden Road", "London"],
        "SE15 4QJ",
    );
    a.title = "Mrs".into();
    let mut b = patient(
        3,
        "Tomasz",
        "Nowak",
        &["45 Lordship Lane", "London"],
        "SE15 3AA",
    );
    b.title = "Mr".into();
    b.last_seen = Some(date(2019, 6, 1));
    let mut c = patient(
        4,
        "Grace",
        "Mensah",
        &["8 Rushey Green", "Catford", "London"],
        "SE6 4JD",
    );
    c.title = "Ms".into();
    let practices = vec![practice(
        2,
        "G85001",
        "Bellenden Road Surgery",
        "SE15 4QK",
        50,
    )];
    let plan = dispersal::plan::plan(&inputs(vec![a, b, c], practices));
    let wording = dispersal::compose::Wording::load().expect("the locales load");
    let letters = dispersal::compose::compose(&plan, &wording)
        .expect("the letters compose")
        .letters;
    let cohorts: Vec<&str> = letters.iter().map(|l| l.cohort.code()).collect();
    assert_eq!(
        cohorts,
        ["2a", "2b", "2c"],
        "one letter per cohort, in order"
    );
    (plan, letters)
}

/// The two en-GB NHS Constitution sentences from the golden file, whitespace collapsed.
pub fn constitution() -> Vec<String> {
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/golden/nhs-constitution/en-GB.txt"
    ))
    .expect("the golden Constitution sentences exist");
    golden
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Every entry of a zip, by name.
pub fn zip_entries(path: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A file's permission bits (`0o600`).
pub fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A CSV's rows, each by its header.
pub fn csv_rows(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The sample, copied into `dir`, with these `format` cells by row (the header is row 1).
pub fn sample_with_formats(dir: &std::path::Path, formats: &[(usize, &str)]) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    for name in ["closure.toml", "practices.csv", "postcodes.csv"] {
        std::fs::copy(sample.join(name), dir.join(name)).unwrap();
    }
    let text = std::fs::read_to_string(sample.join("patients.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let format = lines[0].split(',').position(|h| h == "format").unwrap();
    for (row, value) in formats {
        let mut cells: Vec<String> = lines[row - 1].split(',').map(str::to_string).collect();
        cells[format] = format!("\"{value}\"");
        lines[row - 1] = cells.join(",");
    }
    std::fs::write(dir.join("patients.csv"), lines.join("\n") + "\n").unwrap();
}

/// `dispersal run` on the closure.toml in `dir`, into `dir/out`, which must succeed: what it
/// said (stdout, then stderr) and its zip's entries.
pub fn run_closure_in(
    dir: &std::path::Path,
) -> (String, std::collections::BTreeMap<String, Vec<u8>>) {
    let out = dir.join("out");
    let o = cli::Dispersal::new(["run"])
        .arg(dir.join("closure.toml"))
        .arg("--out")
        .arg(&out)
        .output();
    let said = format!("{}{}", cli::stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{said}");
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .unwrap();
    (said, zip_entries(&zip))
}

//! Snapshot tests a reviewer reads (insta, `tests/suite/snapshots/`): the letter contract for each
//! cohort in English, Arabic and Chinese; each cohort's letter text read back from its PDF;
//! the sample's plan; one receiving practice's email; and exactly what an officer sees for
//! three bad inputs. A change to any of them shows as a diff to read before accepting it
//! (`INSTA_UPDATE=always cargo test --test suite snapshots::`, then `git diff tests/suite/snapshots`).
//!
//! These are the project's one golden mechanism for letter text. The NHS Constitution
//! sentences in `golden/nhs-constitution/` are fixed text, not snapshots: they are never
//! regenerated.

use crate::common;
use crate::common::pdf::pdftotext_bytes;

use std::path::Path;

use crate::common::cli::{assert_ok, dispersal, seen, stdout};
use dispersal::compose::{self, Wording};
use dispersal::plan;
use dispersal::render::{self, PrintFileSpec, Typesetter};

#[test]
fn the_letter_contract_for_each_cohort_in_english_arabic_and_chinese() {
    let (plan, _) = common::fixture_letters();
    let wording = Wording::load().unwrap();
    for tag in ["en-GB", "ar", "zh-Hans"] {
        let (locale, found) = wording.resolve(tag);
        assert!(found, "no locale {tag}");
        for entry in plan.entries.iter().filter(|e| e.gets_letter()) {
            let patient = &entry.patient().unwrap();
            let letter =
                compose::compose_letter(&plan, entry, patient, locale, patient.format, &wording)
                    .unwrap();
            let name = format!("letter_contract_{tag}_{}", letter.cohort.code());
            insta::assert_snapshot!(name, serde_json::to_string_pretty(&letter.content).unwrap());
        }
    }
}

#[test]
fn each_cohort_letter_reads_back_from_its_pdf_as_its_snapshot() {
    let (plan, letters) = common::fixture_letters();
    let ts = Typesetter::new();
    for letter in &letters {
        let spec = PrintFileSpec {
            title: "snapshot".into(),
            author: plan.closure.commissioner.name.clone(),
            language: "en-GB".into(),
            date: plan.closure.letters.date,
        };
        let file = render::print_file(&ts, &spec, &[letter]).unwrap();
        let text = pdftotext_bytes(&file.pdf, &["-layout"]);
        // One line per line of the page, blank lines dropped: what a reader reads, in order.
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        insta::assert_snapshot!(
            format!("letter_text_en-GB_{}", letter.cohort.code()),
            lines.join("\n")
        );
    }
}

#[test]
fn the_sample_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dispersal(&["plan", "--sample", "--out", dir.path().to_str().unwrap()]);
    assert_ok(&out);
    let csv = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
    insta::assert_snapshot!("sample_plan_csv", csv);
    insta::assert_snapshot!(
        "sample_plan_summary",
        stdout(&out).replace(dir.path().to_str().unwrap(), "[DIR]")
    );
}

#[test]
fn one_receiving_practice_email() {
    let plan = plan::plan(&common::sample_inputs());
    let emails = compose::practice_emails(&plan);
    let email = emails
        .iter()
        .max_by_key(|e| e.patients)
        .expect("the sample allocates patients");
    let rendered = render::email(email).unwrap();
    insta::assert_snapshot!(
        "practice_email",
        format!("Subject: {}\n\n{}", rendered.subject, rendered.text)
    );
}

/// A closure folder: the sample's closure.toml (changed by `edit`), practices and patients.
fn closure_folder(dir: &Path, edit: impl Fn(String) -> String, patients: &str) -> String {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    let toml = common::closure_toml("patients.csv", "practices.csv");
    std::fs::write(dir.join("closure.toml"), edit(toml)).unwrap();
    std::fs::copy(sample.join("practices.csv"), dir.join("practices.csv")).unwrap();
    std::fs::write(dir.join("patients.csv"), patients).unwrap();
    dir.join("closure.toml").to_str().unwrap().to_string()
}

/// The first rows of the sample patient list, as written.
fn sample_rows(n: usize) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/patients.csv"))
            .unwrap();
    text.lines().take(n + 1).map(|l| format!("{l}\n")).collect()
}

/// What an officer sees for one bad input to `dispersal plan`: exit code, stdout, stderr.
fn plan_output(dir: &Path, closure: &str) -> String {
    let out_dir = dir.join("out");
    seen(
        &dispersal(&["plan", closure, "--out", out_dir.to_str().unwrap()]),
        dir,
    )
}

#[test]
fn what_an_officer_sees_for_three_bad_inputs() {
    // A required column missing: the tool cannot run (exit 2), naming file and column.
    let dir = tempfile::tempdir().unwrap();
    let rows = sample_rows(3).replacen("nhs_number,", "patient_id,", 1);
    let closure = closure_folder(dir.path(), |t| t, &rows);
    insta::assert_snapshot!(
        "bad_input_missing_column",
        plan_output(dir.path(), &closure)
    );

    // A bad NHS number: that row is rejected, naming file, row and column; the rest go on.
    let dir = tempfile::tempdir().unwrap();
    let rows = sample_rows(3).replacen("9992234881", "9992234882", 1);
    let closure = closure_folder(dir.path(), |t| t, &rows);
    insta::assert_snapshot!("bad_input_nhs_number", plan_output(dir.path(), &closure));

    // A broken closure.toml: a date that is not a date, named by key.
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_folder(
        dir.path(),
        |t| t.replace("closure_date = 2026-09-30", "closure_date = 2026-13-45"),
        &sample_rows(3),
    );
    insta::assert_snapshot!("bad_input_closure_toml", plan_output(dir.path(), &closure));
}

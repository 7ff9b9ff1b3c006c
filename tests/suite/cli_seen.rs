//! What an officer sees from each command, whole: the exit code, standard output and standard
//! error of the main cases, as insta snapshots a reviewer reads (`snapshots/suite__cli_seen__*`).
//! The clock is pinned (`SOURCE_DATE_EPOCH`), and the temporary folder is written `[DIR]`.
//! Other modules assert what each command does; these show how it says it.

use std::path::Path;
use std::process::Output;

use crate::common::cli::{Dispersal, assert_ok, assert_seen, last_line};

/// 6 December 2026, 12:00 UTC: the moment every run here is made.
const PINNED: &str = "1796558400";

/// The Polish patient of the bundled sample (2b), and a 2a patient it allocates.
const POLISH_PATIENT: &str = "9991861343";
const ALLOCATED_PATIENT: &str = "999 018 7851";

/// `dispersal ARGS` at the pinned moment.
fn at_pinned(args: &[&str]) -> Output {
    Dispersal::new(args)
        .env("SOURCE_DATE_EPOCH", PINNED)
        .env_remove("DISPERSAL_ZIP_PASSPHRASE")
        .output()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary folders are UTF-8")
}

#[test]
fn plan_run_and_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = at_pinned(&["plan", "--sample", "--out", path(&out)]);
    assert_seen!("plan", &o, dir.path());

    let o = at_pinned(&["run", "--sample", "--out", path(&out)]);
    assert_seen!("run", &o, dir.path());

    // Again: everybody has had their letter, so nobody is written to twice.
    let o = at_pinned(&["run", "--sample", "--out", path(&out)]);
    assert_seen!("run_again", &o, dir.path());
    let zips: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    assert_eq!(
        zips,
        ["dispersal-G85999-2026-11-24.zip"],
        "no zip of nobody"
    );
}

#[test]
fn after_a_run_history_letter_reallocate_and_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = at_pinned(&["run", "--sample", "--out", path(&out)]);
    assert_ok(&run);
    let zip = last_line(&run);

    let o = at_pinned(&[
        "history",
        "--sample",
        "--out",
        path(&out),
        "--nhs-number",
        POLISH_PATIENT,
    ]);
    assert_seen!("history", &o, dir.path());

    let letter = dir.path().join("letter-en.pdf");
    let o = at_pinned(&[
        "letter",
        "--sample",
        "--nhs-number",
        POLISH_PATIENT,
        "--lang",
        "en-GB",
        "--ledger",
        path(&out.join("dispersal.sqlite")),
        "--out",
        path(&letter),
    ]);
    assert_seen!("letter", &o, dir.path());

    let o = at_pinned(&["check", path(&letter)]);
    assert_seen!("check", &o, dir.path());

    let o = at_pinned(&[
        "reallocate",
        "--sample",
        "--nhs-number",
        ALLOCATED_PATIENT,
        "--to",
        "G85905",
        "--reason",
        "the practice had removed the patient before",
        "--out",
        path(&out),
    ]);
    assert_seen!("reallocate", &o, dir.path());

    // Where the dispersal stands: the allocation letters done, one change of practice.
    let o = at_pinned(&["status", "--sample", "--out", path(&out)]);
    assert_seen!("status", &o, dir.path());

    let o = at_pinned(&[
        "ledger",
        "verify",
        "--sample",
        "--ledger",
        path(&out.join("dispersal.sqlite")),
    ]);
    assert_seen!("ledger_verify", &o, dir.path());

    let o = at_pinned(&[
        "ledger",
        "export",
        "--sample",
        "--ledger",
        path(&out.join("dispersal.sqlite")),
        "--out",
        path(&dir.path().join("audit.xlsx")),
    ]);
    assert_seen!("ledger_export", &o, dir.path());
    assert!(zip.exists(), "{}", zip.display());
}

#[test]
fn before_the_closure_letter_1_and_the_survey() {
    let dir = tempfile::tempdir().unwrap();
    let o = at_pinned(&[
        "notice",
        "--sample",
        "--letter",
        "1",
        "--date",
        "24/07/2026",
        "--out",
        path(&dir.path().join("notice")),
    ]);
    assert_seen!("notice_letter_1", &o, dir.path());

    let o = at_pinned(&[
        "survey",
        "--sample",
        "--reply-by",
        "30/10/2026",
        "--out",
        path(&dir.path().join("survey")),
    ]);
    assert_seen!("survey", &o, dir.path());
}

#[test]
fn asked_wrongly() {
    let dir = tempfile::tempdir().unwrap();
    // No command: clap's usage, exit 2.
    assert_seen!("no_command", &at_pinned(&[]), dir.path());
    // A closure.toml that is not there: named, with what to do.
    let missing = dir.path().join("closure.toml");
    let o = at_pinned(&["plan", path(&missing), "--out", path(dir.path())]);
    assert_seen!("missing_closure", &o, dir.path());
    // Both a closure.toml and --sample.
    let o = at_pinned(&[
        "plan",
        path(&missing),
        "--sample",
        "--out",
        path(dir.path()),
    ]);
    assert_seen!("closure_and_sample", &o, dir.path());
    // A re-issue for a patient not on the list.
    let o = at_pinned(&[
        "letter",
        "--sample",
        "--nhs-number",
        "9990000018",
        "--out",
        path(&dir.path().join("x.pdf")),
    ]);
    assert_seen!("letter_unknown_patient", &o, dir.path());
}

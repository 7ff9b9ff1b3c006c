//! The batch engine as a library user (the web page, a ledger) drives it: a whole batch from
//! one call with progress as data and a typed outcome, stopped from another thread, run twice
//! in one process with the same bytes; and every letter made on its own and checked with
//! `dispersal check` agreeing with the manifest's verdict.

use crate::common;

use std::path::Path;
use std::sync::mpsc;

use crate::common::cli::Dispersal;
use dispersal::batch::{self, BatchError, BatchOptions, Cancel, Progress, Stage};

/// The files in a folder, hidden ones included.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_batch_reports_progress_as_data_and_returns_a_typed_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen: Vec<Progress> = Vec::new();
    let options = BatchOptions {
        threads: 2,
        ..BatchOptions::default()
    };
    let outcome = batch::run(
        common::sample_inputs(),
        dir.path(),
        &options,
        &mut |p: Progress| seen.push(p),
    )
    .unwrap();

    // Stages in order; within a stage, done never goes back and never passes total.
    assert!(
        seen.windows(2).all(|w| w[0].stage <= w[1].stage),
        "{seen:?}"
    );
    for stage in [Stage::Plan, Stage::Letters, Stage::Package] {
        let of: Vec<&Progress> = seen.iter().filter(|p| p.stage == stage).collect();
        assert!(!of.is_empty(), "no progress for {stage:?}");
        assert!(of.windows(2).all(|w| w[0].done <= w[1].done), "{of:?}");
        assert!(of.iter().all(|p| p.done <= p.total), "{of:?}");
        let last = of.last().unwrap();
        assert_eq!(last.done, last.total, "{stage:?} did not finish: {of:?}");
    }
    let letters = seen.iter().rfind(|p| p.stage == Stage::Letters).unwrap();
    assert_eq!(letters.total, outcome.letters.len());

    // The typed outcome agrees with itself and with the zip.
    assert_eq!(outcome.summary.letters, outcome.letters.len());
    assert_eq!(
        outcome.summary.rejected,
        outcome.summary.closures[0].rejected_rows.len()
    );
    assert!(!outcome.rejected.is_empty(), "the sample has rejected rows");
    assert!(
        outcome
            .rejected
            .iter()
            .all(|p| p.location.file == "patients.csv"),
        "{:?}",
        outcome.rejected
    );
    assert!(
        outcome
            .letters
            .iter()
            .all(|l| l.print_file.starts_with("print/"))
    );
    let eligible = outcome
        .letters
        .iter()
        .filter(|l| l.check.verdict.eligible_50p)
        .count();
    assert_eq!(eligible, outcome.summary.eligible_50p);
    let zip = outcome
        .zip
        .as_deref()
        .expect("a batch with letters makes a zip");
    assert_eq!(zip.parent(), Some(dir.path()));
    assert_eq!(
        files_in(dir.path()),
        [zip.file_name().unwrap().to_string_lossy().into_owned()],
        "only the zip is left in the folder"
    );
}

#[test]
fn a_batch_cancelled_from_another_thread_leaves_no_zip() {
    let dir = tempfile::tempdir().unwrap();
    let cancel = Cancel::new();
    let options = BatchOptions {
        threads: 2,
        letters_per_file: Some(5),
        cancel: cancel.clone(),
        ..BatchOptions::default()
    };
    let (started, letters_started) = mpsc::channel::<()>();
    let canceller = std::thread::spawn(move || {
        // Cancel as soon as the first print file is done.
        letters_started.recv().unwrap();
        cancel.cancel();
    });
    let mut told = false;
    let result = batch::run(
        common::sample_inputs(),
        dir.path(),
        &options,
        &mut |p: Progress| {
            if p.stage == Stage::Letters && p.done > 0 && !told {
                told = true;
                started.send(()).unwrap();
                // Give the other thread time to cancel before the next print file is taken.
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        },
    );
    canceller.join().unwrap();
    assert!(matches!(result, Err(BatchError::Cancelled)), "{result:?}");
    assert_eq!(
        files_in(dir.path()),
        Vec::<String>::new(),
        "a cancelled run leaves nothing behind"
    );
}

#[test]
fn two_batches_in_one_process_make_the_same_bytes() {
    // Nothing a batch switches on (shaped-text reuse, memory trimming) stays switched for the
    // next: the web page will run batches one after another in one process.
    let zips: Vec<Vec<u8>> = [1, 2]
        .iter()
        .map(|&threads| {
            let dir = tempfile::tempdir().unwrap();
            let options = BatchOptions {
                threads,
                ..BatchOptions::default()
            };
            let outcome =
                batch::run(common::sample_inputs(), dir.path(), &options, &mut ()).unwrap();
            std::fs::read(outcome.zip.as_deref().expect("a zip")).unwrap()
        })
        .collect();
    assert!(zips[0] == zips[1], "the second batch's zip differs");
}

/// `dispersal check` on one PDF: its JSON report.
fn dispersal_check(pdf: &Path) -> serde_json::Value {
    let out = Dispersal::bare()
        .args(["check", "--json"])
        .arg(pdf)
        .output();
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    reports[0].clone()
}

#[test]
fn every_sample_letter_made_alone_gets_the_manifests_verdict_from_dispersal_check() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = batch::run(
        common::sample_inputs(),
        dir.path(),
        &BatchOptions::default(),
        &mut (),
    )
    .unwrap();
    let letters = dir.path().join("letters");
    std::fs::create_dir(&letters).unwrap();
    // Each letter as an officer asks for it: `dispersal letter --format pdf`.
    let mut made = Vec::new();
    for letter in outcome.letters.iter() {
        let record = &letter.record;
        let pdf = letters.join(format!("{}.pdf", record.letter_id));
        let mut args = vec![
            "letter".to_string(),
            "--sample".into(),
            "--nhs-number".into(),
            record.nhs_number.0.to_string(),
            "--format".into(),
            "pdf".into(),
            "--out".into(),
            pdf.to_string_lossy().into_owned(),
        ];
        if record.format == dispersal::model::LetterFormat::LargePrint {
            args.push("--large-print".into());
        }
        if record.language != "en-GB" {
            args.extend(["--lang".into(), record.language.to_string()]);
        }
        let out = Dispersal::bare().args(&args).output();
        assert!(
            out.status.success(),
            "{}: {}",
            record.letter_id,
            String::from_utf8_lossy(&out.stderr)
        );
        made.push((letter, pdf));
    }
    // One `dispersal check` over all of them, as an officer would run it.
    let out = Dispersal::bare()
        .args(["check", "--json"])
        .args(made.iter().map(|(_, pdf)| pdf))
        .output();
    let reports: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), made.len());
    for ((letter, _), report) in made.iter().zip(&reports) {
        let id = &letter.record.letter_id;
        assert_eq!(
            report["eligible_50p"].as_bool(),
            Some(letter.check.verdict.eligible_50p),
            "{id}: dispersal check {report} but the manifest {:?}",
            letter.check
        );
        // The manifest's failures that a PDF shows (pages, size, colour) are the check's.
        let failures: Vec<&str> = report["failures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let shown: Vec<&str> = letter
            .check
            .verdict
            .failures
            .iter()
            .map(String::as_str)
            .filter(|f| !f.starts_with("address") && !f.starts_with("body text"))
            .collect();
        assert_eq!(failures, shown, "{id}");
    }
}

/// A copy of a one-page PDF with a red square painted on its page.
fn coloured_copy(pdf: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let mut content = doc.get_page_content(page).unwrap();
    content.extend_from_slice(b"\nq 1 0 0 rg 10 10 40 40 re f Q\n");
    doc.change_page_content(page, content).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_coloured_or_two_page_copy_fails_both_checks() {
    use dispersal::check::{self, PageMeasure};
    use dispersal::model::{LetterFormat, Postage};

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("letter.pdf");
    let made = batch::letter(
        &common::sample_inputs(),
        &batch::LetterRequest {
            who: batch::Who::FirstInCohort("2a".into()),
            language: None,
            letter_format: None,
            file: batch::LetterFile::Pdf,
            ledger: None,
        },
    )
    .unwrap();
    assert!(made.check.as_ref().unwrap().verdict.eligible_50p);
    std::fs::write(&pdf, &made.bytes).unwrap();
    assert_eq!(dispersal_check(&pdf)["eligible_50p"], true);

    // Coloured: `dispersal check` finds the paint; the batch's rules fail colour found on
    // the page, whoever measured it.
    let red = dir.path().join("red.pdf");
    std::fs::write(&red, coloured_copy(&made.bytes)).unwrap();
    let report = dispersal_check(&red);
    assert_eq!(report["eligible_50p"], false, "{report}");
    assert_eq!(
        report["failures"][0],
        "in colour: lines or shapes on page 1"
    );
    let a4 = |colour: Vec<String>| PageMeasure {
        width_mm: 210.0,
        height_mm: 297.0,
        colour,
        readable: true,
    };
    let judged = check::judge(
        &[a4(vec!["lines or shapes".into()])],
        LetterFormat::Standard,
        Some(Postage::Second),
    );
    assert_eq!(
        judged.verdict.failures,
        [report["failures"][0].as_str().unwrap()]
    );

    // Two pages: the same letter twice in one file.
    let two = dispersal::render::print_file(
        &dispersal::render::Typesetter::new(),
        &dispersal::render::PrintFileSpec {
            title: "two pages".into(),
            author: "test".into(),
            language: "en-GB".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        },
        &[&made.letter, &made.letter],
    )
    .unwrap()
    .pdf;
    let two_pages = dir.path().join("two.pdf");
    std::fs::write(&two_pages, two).unwrap();
    let report = dispersal_check(&two_pages);
    assert_eq!(report["eligible_50p"], false, "{report}");
    let judged = check::judge(
        &[a4(vec![]), a4(vec![])],
        LetterFormat::Standard,
        Some(Postage::Second),
    );
    assert!(!judged.verdict.eligible_50p);
    assert_eq!(
        judged.verdict.failures,
        [report["failures"][0].as_str().unwrap()]
    );
}

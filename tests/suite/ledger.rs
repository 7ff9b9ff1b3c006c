//! The ledger, used as an officer would: a run records what was sent, `history` answers for one
//! patient, a run killed at any moment leaves the ledger as it was, two runs at once both
//! record, and a file that is not a usable ledger is refused and left as it was.

use crate::common::cli::{Dispersal, dispersal};
use crate::common::pdf::pdftotext;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run_sample(out: &Path, ledger: Option<&Path>) -> Output {
    let mut args = vec!["run", "--sample", "--out", out.to_str().unwrap()];
    if let Some(ledger) = ledger {
        args.extend(["--ledger", ledger.to_str().unwrap()]);
    }
    let o = dispersal(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    o
}

/// (runs, letters, integrity_check) of a ledger.
fn counts(ledger: &Path) -> (i64, i64, String) {
    let conn = rusqlite::Connection::open(ledger).unwrap();
    let runs = conn
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    let letters = conn
        .query_row("SELECT count(*) FROM letters", [], |r| r.get(0))
        .unwrap();
    let check = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (runs, letters, check)
}

#[test]
fn a_run_records_every_letter_and_history_answers_for_a_patient() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_sample(&out, None);
    let ledger = out.join("dispersal.sqlite");
    assert!(
        ledger.is_file(),
        "the sample's ledger is in its output folder"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&ledger).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by its owner only");
    }
    let (runs, letters, check) = counts(&ledger);
    assert_eq!((runs, check.as_str()), (1, "ok"));
    assert!(letters > 200, "{letters} letters");

    let conn = rusqlite::Connection::open(&ledger).unwrap();
    // The zip's SHA-256 as recorded is the zip's.
    let (zip_name, zip_sha): (String, String) = conn
        .query_row("SELECT zip_name, zip_sha256 FROM runs", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let bytes = std::fs::read(out.join(&zip_name)).unwrap();
    use sha2::Digest;
    let actual: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(zip_sha, actual);
    // Inputs: the closure, practices and patients with their rows.
    let inputs: Vec<(String, i64)> = conn
        .prepare("SELECT role, rows FROM run_inputs ORDER BY role")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        inputs.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        ["closure", "patients", "practices"]
    );
    assert_eq!(inputs[1].1, 300);
    // Every plan entry, and each letter's print file with its first page.
    let entries: i64 = conn
        .query_row("SELECT count(*) FROM plan_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(entries, 300);
    let unprinted: i64 = conn
        .query_row(
            "SELECT count(*) FROM letters WHERE print_file = '' OR length(print_file_sha256) != 64 OR first_page < 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unprinted, 0);

    let o = dispersal(&[
        "history",
        "--sample",
        "--out",
        out.to_str().unwrap(),
        "--nhs-number",
        "9990187851",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let shown = text(&o.stdout);
    insta::assert_snapshot!(
        "history_of_a_sample_patient",
        shown
            .lines()
            // The time a line starts with (2026-12-02T06:24:12Z) changes from run to run.
            .map(|l| match l.get(20..) {
                Some(rest) if l.starts_with("20") => format!("<time>{rest}"),
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        shown.contains("G85906 Canal Bridge Health Centre"),
        "{shown}"
    );
    assert!(shown.contains(&zip_name), "{shown}");

    // A patient with no letter, and a number that is not one.
    let o = dispersal(&[
        "history",
        "--sample",
        "--out",
        out.to_str().unwrap(),
        "--nhs-number",
        "943 476 5919",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stdout).contains("No letter recorded"),
        "{}",
        text(&o.stdout)
    );
    assert!(!text(&o.stdout).contains("943 476"), "the number is masked");
    let o = dispersal(&[
        "history",
        "--sample",
        "--out",
        out.to_str().unwrap(),
        "--nhs-number",
        "12",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--nhs-number"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_ledger_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    // Killed while the new ledger is being made (a rollback journal may be left): the next run
    // takes it up.
    for delay_ms in [5, 20, 60] {
        let scratch = dir.path().join(format!("new-{delay_ms}.sqlite"));
        let mut child = Dispersal::bare()
            .args(["run", "--sample", "--out"])
            .arg(dir.path().join(format!("early{delay_ms}")))
            .arg("--ledger")
            .arg(&scratch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        run_sample(&dir.path().join(format!("after{delay_ms}")), Some(&scratch));
        let (runs, _, check) = counts(&scratch);
        assert_eq!(
            (runs >= 1, check.as_str()),
            (true, "ok"),
            "after a kill at {delay_ms} ms"
        );
    }
    // One whole run first: the ledger then holds one run, and its time spreads the kills.
    let start = Instant::now();
    run_sample(&dir.path().join("first"), Some(&ledger));
    let whole = start.elapsed();
    let (_, letters_per_run, _) = counts(&ledger);
    let mut recorded = 1;
    // Kills spread over the run (a fixed sequence, so a failure repeats): early, during
    // typesetting, and near the end, when the zip is done and the record is being written.
    for i in 0..10u32 {
        let fraction = [0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.97, 0.99, 1.02][i as usize];
        let mut child = Dispersal::bare()
            .args(["run", "--sample", "--out"])
            .arg(dir.path().join(format!("run{i}")))
            .arg("--ledger")
            .arg(&ledger)
            // Every run writes every letter (not only to patients not written to before), so
            // each is as long as the first.
            .arg("--resend")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        std::thread::sleep(Duration::from_secs_f64(whole.as_secs_f64() * fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let (runs, letters, check) = counts(&ledger);
        assert_eq!(check, "ok", "kill {i}: integrity_check");
        // A run that finished recorded itself; one killed recorded nothing, or all of itself
        // if the kill came after its record (between the commit and the exit).
        if status.success() {
            assert_eq!(runs, recorded + 1, "kill {i}: a finished run is recorded");
        } else {
            assert!(
                runs == recorded || runs == recorded + 1,
                "kill {i}: {runs} runs after {recorded}"
            );
        }
        recorded = runs;
        assert_eq!(letters, runs * letters_per_run, "kill {i}: every run whole");
    }
}

#[test]
fn two_runs_at_once_both_record() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let spawn = |name: &str| {
        Dispersal::bare()
            .args(["run", "--sample", "--out"])
            .arg(dir.path().join(name))
            .arg("--ledger")
            .arg(&ledger)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
    };
    let (a, b) = (spawn("a"), spawn("b"));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let (runs, _, check) = counts(&ledger);
    assert_eq!((runs, check.as_str()), (2, "ok"));
}

#[test]
fn a_file_that_is_not_a_usable_ledger_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.sqlite");
    run_sample(&dir.path().join("good-out"), Some(&good));

    // Plain text, another application's database, a newer ledger, a damaged one.
    let text_file = dir.path().join("notes.sqlite");
    std::fs::write(&text_file, "not a database\n").unwrap();
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA user_version = {};",
            dispersal::ledger::SCHEMA_VERSION + 1
        ))
        .unwrap();
    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good).unwrap();
    // Overwrite the second page onward (the schema's tables) with noise.
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&damaged, &bytes).unwrap();

    for (file, says) in [
        (&text_file, "not a dispersal ledger"),
        (&other, "not a dispersal ledger"),
        (&newer, "newer dispersal"),
        (&damaged, "damaged"),
    ] {
        let before = std::fs::read(file).unwrap();
        let o = dispersal(&[
            "run",
            "--sample",
            "--out",
            dir.path().join("out").to_str().unwrap(),
            "--ledger",
            file.to_str().unwrap(),
        ]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", file.display());
        assert!(
            err.contains(&file.display().to_string()),
            "names the file: {err}"
        );
        assert!(err.contains(says), "{}: {err}", file.display());
        assert_eq!(
            std::fs::read(file).unwrap(),
            before,
            "{} changed",
            file.display()
        );
        assert!(
            !dir.path()
                .join("out")
                .join("dispersal-G85999-2026-11-24.zip")
                .exists(),
            "no batch is made with an unusable ledger"
        );
    }
}

/// The sample closure copied to a folder of its own, as an officer's files would be.
fn closure_on_disk(dir: &Path) -> std::path::PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    for name in ["closure.toml", "patients.csv", "practices.csv"] {
        std::fs::copy(sample.join(name), dir.join(name)).unwrap();
    }
    dir.join("closure.toml")
}

#[test]
fn a_letter_asked_for_after_the_batch_is_the_letter_sent_even_if_the_files_changed() {
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_on_disk(dir.path());
    let closure_arg = closure.to_str().unwrap();
    let out = dir.path().join("out");
    let o = dispersal(&["run", closure_arg, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        dir.path().join("dispersal.sqlite").is_file(),
        "beside closure.toml"
    );

    // The practice the batch allocated the patient to.
    let (ods, name): (String, String) = rusqlite::Connection::open(
        dir.path().join("dispersal.sqlite"),
    )
    .unwrap()
    .query_row(
        "SELECT receiving_ods, receiving_name FROM letters WHERE nhs_number = '999 018 7851'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap();
    // After the batch, that practice reports it is full.
    let practices = dir.path().join("practices.csv");
    let edited = std::fs::read_to_string(&practices)
        .unwrap()
        .lines()
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            if cells[0] == ods {
                cells[9] = "0".into();
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&practices, edited).unwrap();
    // Without the ledger the letter now names another practice.
    let fresh = dir.path().join("fresh.pdf");
    let o = dispersal(&[
        "letter",
        closure_arg,
        "--nhs-number",
        "999 018 7851",
        "--out",
        fresh.to_str().unwrap(),
        "--ledger",
        dir.path().join("none.sqlite").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let pdf_text = |p: &Path| pdftotext(p, &[]);
    assert!(!pdf_text(&fresh).contains(&name), "{name} is full now");

    // With the ledger (the default, beside closure.toml): the letter as sent, in Polish.
    let copy = dir.path().join("copy-pl.pdf");
    let o = dispersal(&[
        "letter",
        closure_arg,
        "--nhs-number",
        "999 018 7851",
        "--lang",
        "pl",
        "--out",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let said = text(&o.stdout);
    assert!(
        said.contains("re-issue of letter G85999-2A-00091"),
        "{said}"
    );
    assert!(said.contains("the practices file(s) changed"), "{said}");
    let letter = pdf_text(&copy);
    assert!(letter.contains(&name), "{name} not in\n{letter}");
    assert!(letter.contains("G85999-2A-00091"), "the same reference");
    assert!(
        letter.contains("24 listopada 2026"),
        "the batch's date, in Polish"
    );

    // What the re-issue was made with is recorded, as for a batch letter.
    let fingerprint: String = rusqlite::Connection::open(dir.path().join("dispersal.sqlite"))
        .unwrap()
        .query_row(
            "SELECT l.wording_fingerprint FROM letters l JOIN runs r ON r.id = l.run_id WHERE r.kind = 'reissue'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fingerprint.len(), 16, "{fingerprint:?}");

    // The re-issue is in the patient's history.
    let o = dispersal(&["history", closure_arg, "--nhs-number", "9990187851"]);
    let shown = text(&o.stdout);
    assert!(shown.contains("2 letter(s)"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains("reissue") && l.contains(" pl ") && l.contains("copy-pl.pdf")),
        "{shown}"
    );
}

#[test]
fn the_ledger_exports_for_audit_and_verifies_its_zips() {
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_on_disk(dir.path());
    let closure_arg = closure.to_str().unwrap();
    let out = dir.path().join("out");
    let o = dispersal(&["run", closure_arg, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));

    // The whole record, one sheet per table.
    let xlsx = dir.path().join("audit.xlsx");
    let o = dispersal(&[
        "ledger",
        "export",
        closure_arg,
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["closures", "runs", "run_inputs", "plan_entries", "letters"]
    );
    let letters = book.worksheet_range("letters").unwrap();
    let header: Vec<String> = letters
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        header.contains(&"letter_id".to_string()) && header.contains(&"nhs_number".to_string())
    );
    let (_, sent, _) = counts(&dir.path().join("dispersal.sqlite"));
    assert_eq!(
        letters.rows().count() as i64,
        sent + 1,
        "every letter, under a header"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&xlsx).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the workbook holds patient data");
    }

    // Verify, from another folder: the zip matches; then changed; then gone.
    let verify = || {
        Dispersal::bare()
            .args(["ledger", "verify"])
            .arg(&closure)
            .current_dir(std::env::temp_dir())
            .output()
    };
    let o = verify();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("1 match, 0 differ"),
        "{}",
        text(&o.stdout)
    );
    let zip = out.join("dispersal-G85999-2026-11-24.zip");
    let mut bytes = std::fs::read(&zip).unwrap();
    bytes.push(0);
    std::fs::write(&zip, &bytes).unwrap();
    let o = verify();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("DIFFERS"), "{}", text(&o.stdout));
    std::fs::remove_file(&zip).unwrap();
    let o = verify();
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("not found"), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("0 of 1 recorded files found"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn a_second_run_writes_only_to_patients_not_written_to_before() {
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_on_disk(dir.path());
    let closure_arg = closure.to_str().unwrap();
    let ledger = dir.path().join("dispersal.sqlite");
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["run", closure_arg, "--out"];
        let out = dir.path().join(out);
        let out = out.to_str().unwrap().to_string();
        args.push(&out);
        args.extend(extra);
        let o = dispersal(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    run("first", &[]);
    let (_, first_letters, _) = counts(&ledger);

    // plan shows what run would do: the patients written to are left out.
    let o = dispersal(&[
        "plan",
        closure_arg,
        "--out",
        dir.path().join("plan").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains(&format!(
            "note: {first_letters} patients on this list were sent their letter"
        )),
        "{}",
        text(&o.stdout)
    );

    // The same list again: nobody is written to twice. (A patient the first run could not
    // allocate may be now: full practices drop out of each patient's nearest five.)
    let said = run("again", &[]);
    assert!(
        said.contains(&format!(
            "{first_letters} patients on this list were sent their letter by an earlier run"
        )),
        "{said}"
    );
    let twice = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM (SELECT nhs_number FROM letters GROUP BY nhs_number HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    assert_eq!(twice(&conn), 0, "nobody has two letters");
    drop(conn);

    // PCSE's refreshed list: one patient has gone, one has arrived; a practice has more room.
    let patients = dir.path().join("patients.csv");
    let mut lines: Vec<String> = std::fs::read_to_string(&patients)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // One the first run wrote to.
    let written: String = rusqlite::Connection::open(&ledger)
        .unwrap()
        .query_row(
            "SELECT nhs_number FROM letters ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let at = lines
        .iter()
        .position(|l| digits(l.split(',').next().unwrap()) == digits(&written))
        .expect("the patient written to is on the list");
    lines.remove(at);
    lines.push(
        "943 476 5919,Mrs,Ada,Newcomer,01/01/1980,1 Tooley Street,London,,,,SE1 2TZ,01/01/2025,,,,,,"
            .into(),
    );
    std::fs::write(&patients, lines.join("\n") + "\n").unwrap();
    let practices = dir.path().join("practices.csv");
    let more_room = std::fs::read_to_string(&practices)
        .unwrap()
        .lines()
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            if cells[0] == "G85901" {
                cells[9] = "300".into();
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&practices, more_room).unwrap();
    let said = run("refreshed", &[]);
    assert!(said.contains("no longer on the patient list"), "{said}");
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let new: Vec<String> = conn
        // The latest run's letters (a run with nobody to write to is not recorded).
        .prepare("SELECT nhs_number FROM letters WHERE run_id = (SELECT max(run_id) FROM letters)")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        new.contains(&"943 476 5919".to_string()),
        "the new patient is written to: {new:?}"
    );
    assert_eq!(twice(&conn), 0, "nobody has two letters");

    // A second run into the same folder keeps the first zip, which PCSE may not have printed.
    let first_zip = dir
        .path()
        .join("first")
        .join("dispersal-G85999-2026-11-24.zip");
    let before = std::fs::read(&first_zip).unwrap();
    // (With --resend, so that the run has letters to make: one with nobody to write to makes
    // no zip at all.)
    let said = run("first", &["--resend"]);
    assert!(
        said.trim_end()
            .ends_with("dispersal-G85999-2026-11-24-2.zip"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&first_zip).unwrap(),
        before,
        "the first zip was replaced"
    );

    // --resend writes to everyone on the list again.
    run("resent", &["--resend"]);
    let resent: i64 = conn
        .query_row(
            "SELECT count(*) FROM letters WHERE run_id = (SELECT max(run_id) FROM letters)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(resent >= first_letters - 1, "{resent} letters resent");
}

#[test]
fn a_reallocation_sends_a_new_letter_and_tells_both_practices() {
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_on_disk(dir.path());
    let closure_arg = closure.to_str().unwrap();
    let o = dispersal(&[
        "run",
        closure_arg,
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let ledger = dir.path().join("dispersal.sqlite");
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let from: String = conn
        .query_row(
            "SELECT receiving_ods FROM letters WHERE nhs_number = '999 018 7851'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let to = if from == "G85907" { "G85908" } else { "G85907" };
    let reallocate = |nhs: &str, to: &str| {
        dispersal(&[
            "reallocate",
            closure_arg,
            "--nhs-number",
            nhs,
            "--to",
            to,
            "--reason",
            "the practice had removed the patient before",
            "--out",
            dir.path().join("re").to_str().unwrap(),
        ])
    };

    // Refused, exit 2 and why: the same practice, one not open, one that removed the
    // patient, a patient never sent a letter.
    let refused = |o: Output, why: &str| {
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
        assert!(text(&o.stderr).contains(why), "{}", text(&o.stderr));
    };
    refused(reallocate("999 018 7851", &from), "already allocated");
    refused(reallocate("999 018 7851", "G85911"), "is not open");
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let patients = std::fs::read_to_string(dir.path().join("patients.csv")).unwrap();
    let sent: Vec<String> = conn
        .prepare("SELECT nhs_number FROM letters")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (removed_patient, removed_from) = patients
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .find(|c| !c[16].is_empty() && sent.iter().any(|s| digits(s) == digits(&c[0])))
        .map(|c| (c[0].clone(), c[16].split(';').next().unwrap().to_string()))
        .expect("a patient sent a letter who was removed from a practice before");
    refused(
        reallocate(&removed_patient, &removed_from),
        "removed this patient before",
    );
    let unallocated: String = conn
        .query_row(
            "SELECT nhs_number FROM plan_entries WHERE cohort = '2a' AND receiving_ods IS NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    refused(
        reallocate(&unallocated, to),
        "only once the patient has had their letter",
    );
    assert!(
        !dir.path().join("re").exists()
            || std::fs::read_dir(dir.path().join("re"))
                .unwrap()
                .next()
                .is_none()
    );

    // A practice whose places are all taken by the allocations the ledger holds.
    let practices = dir.path().join("practices.csv");
    let original = std::fs::read_to_string(&practices).unwrap();
    let taken: i64 = conn
        .query_row(
            "SELECT count(*) FROM letters WHERE receiving_ods = ?1",
            [to],
            |r| r.get(0),
        )
        .unwrap();
    let full: String = original
        .lines()
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            if cells[0] == to {
                cells[9] = taken.to_string();
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&practices, full).unwrap();
    refused(reallocate("999 018 7851", to), "has no place left");
    std::fs::write(&practices, original).unwrap();

    // Done: a new letter with a new reference naming the new practice, and two emails.
    let o = reallocate("999 018 7851", to);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip_path = dir
        .path()
        .join("re")
        .join("reallocation-G85999-2A-00091-R1.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "SHA256SUMS".to_string(),
            format!("emails/{from}-do-not-register.eml"),
            format!("emails/{to}.eml"),
            "letter/G85999-2A-00091-R1.pdf".to_string(),
        ]
    );
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut bytes).unwrap();
        bytes
    };
    let pdf = dir.path().join("letter.pdf");
    std::fs::write(&pdf, read(&mut zip, "letter/G85999-2A-00091-R1.pdf")).unwrap();
    let letter = pdftotext(&pdf, &[]);
    let to_name = std::fs::read_to_string(dir.path().join("practices.csv"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with(&format!("{to},")))
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .unwrap();
    assert!(letter.contains("G85999-2A-00091-R1"), "{letter}");
    assert!(letter.contains(&to_name), "{to_name} not in {letter}");
    let old_email = text(&read(
        &mut zip,
        &format!("emails/{from}-do-not-register.eml"),
    ));
    assert!(
        old_email.contains("Subject: =?us-ascii?Q?Allocation_changed"),
        "{old_email}"
    );
    assert!(old_email.contains("do not register"), "{old_email}");
    assert!(
        old_email.contains(&format!("{from}-patient.xlsx")),
        "the patient's row is attached"
    );

    // The ledger keeps both allocations; the next re-issue and run use the new one.
    let o = dispersal(&["history", closure_arg, "--nhs-number", "999 018 7851"]);
    let shown = text(&o.stdout);
    assert!(shown.contains("2 letter(s)"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains("batch") && l.contains(&from)),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.contains("reallocation") && l.contains(to)),
        "{shown}"
    );
}

#[test]
fn the_clock_is_the_callers_and_a_test_pins_it() {
    // SOURCE_DATE_EPOCH: 2026-12-24 09:00:00 UTC. The run's record takes its time from the
    // command, never from a clock inside the engine.
    let dir = tempfile::tempdir().unwrap();
    let o = Dispersal::bare()
        .args(["run", "--sample", "--out"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", "1798102800")
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let conn = rusqlite::Connection::open(dir.path().join("dispersal.sqlite")).unwrap();
    let at: String = conn
        .query_row("SELECT at FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(at, "2026-12-24T09:00:00Z");
}

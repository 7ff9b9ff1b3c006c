//! Letters 1 and 2 before the closure (`dispersal notice`), and their text messages: the
//! sample closure with a `mobile` column, run with the real binary, read back from the zip —
//! the letters' text from the PDFs, `sms.csv`, the summary, the ledger's history.

use crate::common;
use crate::common::pdf::pdftotext;

use common::{csv_rows, zip_entries};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::cli::dispersal;
use dispersal::plan::{Cohort, NEARBY, Proximity, Purpose, postcode_level};

/// Mobile numbers added to the sample's rows: good ones (written as people write them), a
/// landline and a malformed one.
const MOBILES: &[(usize, &str)] = &[
    (2, "07700 900123"),
    (3, "+44 (0)7700-900124"),
    (4, "020 7946 0000"),
    (6, "07700 9001"),
    (31, "447700900125"),
    (40, "07700900126"),
    (75, "07700 900127"),
];

/// The sample closure on disk with these mobile numbers (and no others), and `keep` choosing
/// its rows (by sample row number). Returns closure.toml's path.
fn sample_with_mobiles(dir: &Path, keep: impl Fn(usize) -> bool) -> PathBuf {
    let mut reader = csv::Reader::from_reader(include_str!("../../sample/patients.csv").as_bytes());
    // The sample has its own mobiles (every third patient): these replace them.
    let header = reader.headers().unwrap().clone();
    let column = header.iter().position(|h| h == "mobile").unwrap();
    let mut w = csv::Writer::from_path(dir.join("patients.csv")).unwrap();
    w.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if !keep(row) {
            continue;
        }
        let record = record.unwrap();
        let mobile = MOBILES
            .iter()
            .find(|(r, _)| *r == row)
            .map_or("", |(_, m)| *m);
        let cells: Vec<&str> = record
            .iter()
            .enumerate()
            .map(|(k, cell)| if k == column { mobile } else { cell })
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
    std::fs::write(
        dir.join("practices.csv"),
        include_str!("../../sample/practices.csv"),
    )
    .unwrap();
    let path = dir.join("closure.toml");
    std::fs::write(&path, common::closure_toml("patients.csv", "practices.csv")).unwrap();
    path
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// One page of a print file as pdftotext reads it, on one line.
fn page_text(dir: &Path, pdf: &[u8], page: &str) -> String {
    let path = dir.join("page.pdf");
    std::fs::write(&path, pdf).unwrap();
    pdftotext(&path, &["-f", page, "-l", page])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The zip's path: the last line of the command's output.
fn zip_of(o: &Output) -> PathBuf {
    PathBuf::from(text(o).0.lines().last().unwrap_or_default())
}

#[test]
fn letter_1_names_the_three_nearest_practices_and_goes_with_text_messages() {
    let dir = tempfile::tempdir().unwrap();
    let closure = sample_with_mobiles(dir.path(), |_| true);
    let out = dir.path().join("out");
    let run = dispersal(&[
        "notice",
        closure.to_str().unwrap(),
        "--letter",
        "1",
        "--date",
        "24/07/2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        !stderr.contains("warning: letter"),
        "24/07 is more than 2 months before 30/09: {stderr}"
    );
    let zip = zip_of(&run);
    assert!(
        zip.ends_with("dispersal-G85999-letter-1-2026-07-24.zip"),
        "{zip:?}"
    );
    let entries = zip_entries(&zip);
    for name in ["manifest.csv", "sms.csv", "summary.json", "summary.txt"] {
        assert!(entries.contains_key(name), "{name}");
    }
    assert!(
        !entries
            .keys()
            .any(|k| k.starts_with("emails/") || k.starts_with("pcse/") || k == "report.pdf"),
        "no allocation letters' entries: {:?}",
        entries.keys().collect::<Vec<_>>()
    );

    // Who gets letter 1: everyone still registered, whatever their cohort at closure; no
    // letter earns the 50p contribution, and every one passes the other checks.
    let mut inputs = common::sample_inputs();
    inputs.postcode_lookup = None;
    let plan = dispersal::plan::plan_for(inputs, Purpose::Notice(Cohort::Notice1));
    let manifest = csv_rows(&entries["manifest.csv"]);
    assert_eq!(manifest.len(), plan.count(Cohort::Notice1));
    assert!(
        plan.count(Cohort::Excluded) > 0,
        "the sample has deceased patients"
    );
    assert!(manifest.iter().all(|r| r["cohort"] == "1"));
    assert!(
        manifest
            .iter()
            .all(|r| r["eligible_50p"] == "N" && r["check_failures"].is_empty())
    );
    assert!(
        manifest
            .iter()
            .filter(|r| r["format"] == "standard")
            .all(|r| r["pages"] == "1"),
        "standard print fits one page"
    );
    let summary: serde_json::Value = serde_json::from_slice(&entries["summary.json"]).unwrap();
    assert_eq!(summary["eligible_50p"], 0);
    assert_eq!(summary["by_cohort"]["1"], manifest.len());

    // The letter: the closure, the 3 nearest open practices taking patients (nearest first,
    // by the plan's proximity), how to register, and how to ask for a language or large print.
    let row2 = manifest
        .iter()
        .find(|r| r["letter_id"] == "G85999-1-00002")
        .unwrap();
    let page = page_text(
        dir.path(),
        &entries[&row2["print_file"]],
        &row2["first_page"],
    );
    assert!(
        page.contains("Riverside Medical Centre is closing on 30 September 2026"),
        "{page}"
    );
    assert!(page.contains("proof of address"), "{page}");
    assert!(page.contains("large print"), "{page}");
    let entry = plan.entries.iter().find(|e| e.row == 2).unwrap();
    let patient = &entry.patient().unwrap();
    let mut ranked: Vec<(i64, &str, &str)> = plan
        .practices
        .iter()
        .filter(|p| p.status == dispersal::model::PracticeStatus::Open && p.capacity > 0)
        .map(|p| {
            let level = postcode_level(&patient.postcode, &p.postcode);
            (
                Proximity::Postcode { level }.cost(),
                p.ods_code.as_str(),
                p.name.as_str(),
            )
        })
        .collect();
    ranked.sort();
    let names: Vec<&str> = ranked.iter().take(NEARBY).map(|r| r.2).collect();
    let at: Vec<usize> = names
        .iter()
        .map(|n| page.find(n).unwrap_or_else(|| panic!("{n} in {page}")))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "nearest first: {names:?} in {page}"
    );

    // The text messages: only the good numbers, written +447…, worded in the letter's
    // language and counted as the encoding counts them.
    let sms = csv_rows(&entries["sms.csv"]);
    let mut numbers: Vec<&str> = sms.iter().map(|r| r["mobile"].as_str()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        [
            "+447700900123",
            "+447700900124",
            "+447700900125",
            "+447700900126",
            "+447700900127"
        ]
    );
    let by_language: BTreeMap<&str, &BTreeMap<String, String>> =
        sms.iter().map(|r| (r["language"].as_str(), r)).collect();
    let english = by_language["en-GB"];
    assert!(
        english["text"].starts_with("Riverside Medical Centre is closing on 30 September 2026."),
        "{english:?}"
    );
    assert_eq!(english["encoding"], "GSM-7");
    assert_eq!(
        english["characters"],
        english["text"].chars().count().to_string()
    );
    assert_eq!(english["segments"], "1", "{english:?}");
    let tamil = by_language["ta"];
    assert_eq!(tamil["encoding"], "UCS-2");
    assert_eq!(
        tamil["characters"],
        tamil["text"].encode_utf16().count().to_string()
    );
    let n: usize = tamil["characters"].parse().unwrap();
    let segments = if n <= 70 { 1 } else { n.div_ceil(67) };
    assert_eq!(tamil["segments"], segments.to_string());
    assert!(stdout.contains("GOV.UK Notify cannot send"), "{stdout}");

    // The landline and the malformed number are named with their row; their letters still go.
    let text = String::from_utf8_lossy(&entries["summary.txt"]).into_owned();
    assert!(
        text.contains(
            "patients.csv: row 4, column \"mobile\": no text message: a landline, not a mobile"
        ),
        "{text}"
    );
    assert!(
        text.contains("patients.csv: row 6, column \"mobile\": no text message"),
        "{text}"
    );
    for id in ["G85999-1-00004", "G85999-1-00006"] {
        assert!(
            manifest.iter().any(|r| r["letter_id"] == id),
            "{id} still gets its letter"
        );
    }
}

#[test]
fn letter_2_goes_to_the_refreshed_list_and_the_ledger_keeps_both_letters() {
    let dir = tempfile::tempdir().unwrap();
    // Letter 1 to the list without row 300; then PCSE's refreshed list: rows 2-4 have
    // re-registered elsewhere, and row 300 is new.
    let closure = sample_with_mobiles(dir.path(), |row| row != 300);
    let first = dispersal(&[
        "notice",
        closure.to_str().unwrap(),
        "--letter",
        "1",
        "--date",
        "24/07/2026",
        "--out",
        dir.path().join("one").to_str().unwrap(),
    ]);
    assert_eq!(first.status.code(), Some(0), "{:?}", text(&first));
    sample_with_mobiles(dir.path(), |row| !(2..=4).contains(&row));
    let second = dispersal(&[
        "notice",
        closure.to_str().unwrap(),
        "--letter",
        "2",
        "--date",
        "10/08/2026",
        "--out",
        dir.path().join("two").to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&second);
    assert_eq!(second.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("since letter 1, 3 patients it went to have left the list"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 patient on this list was never sent letter 1"),
        "{stdout}"
    );
    // Letter 2 less than a month after letter 1: a warning with both dates and the rule.
    assert!(
        stderr.contains("warning: letter 2 is dated 10 August 2026, less than a month after letter 1 to Riverside Medical Centre (G85999) patients (dated 24 July 2026)"),
        "{stderr}"
    );
    let entries = zip_entries(&zip_of(&second));
    let manifest = csv_rows(&entries["manifest.csv"]);
    let row5 = manifest
        .iter()
        .find(|r| r["letter_id"] == "G85999-2-00005")
        .unwrap();
    let page = page_text(
        dir.path(),
        &entries[&row5["print_file"]],
        &row5["first_page"],
    );
    assert!(page.contains("We wrote to you before"), "{page}");
    assert!(
        page.contains("we will register you with a practice near you"),
        "the allocation warning: {page}"
    );

    // The ledger has both letters for a patient on both lists (row 5 of the new list was
    // row 8 of the first: three rows above it left).
    let nhs = &row5["nhs_number"];
    let history = dispersal(&["history", closure.to_str().unwrap(), "--nhs-number", nhs]);
    let (shown, _) = text(&history);
    assert!(shown.contains("2 letter(s) recorded"), "{shown}");
    assert!(
        shown.contains("G85999-1-00008") && shown.contains("G85999-2-00005"),
        "{shown}"
    );

    // The allocation letters are not held back by letters 1 and 2.
    let run = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        dir.path().join("run").to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("by an earlier run"), "{stdout}");
    assert!(stdout.contains("Letters: "), "{stdout}");
}

#[test]
fn letter_1_sent_late_is_warned_about_and_still_made() {
    let dir = tempfile::tempdir().unwrap();
    let closure = sample_with_mobiles(dir.path(), |_| true);
    let run = dispersal(&[
        "notice",
        closure.to_str().unwrap(),
        "--letter",
        "1",
        "--date",
        "01/09/2026",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("warning: letter 1 is dated 1 September 2026, less than 2 months before Riverside Medical Centre (G85999) closes on 30 September 2026"),
        "{stderr}"
    );
    assert!(zip_of(&run).exists());
}

#[test]
fn a_text_message_over_notifys_limit_stops_the_run_naming_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let closure = sample_with_mobiles(dir.path(), |_| true);
    let long = format!(
        "name = \"{}\"",
        "Riverside Medical Centre ".repeat(40).trim_end()
    );
    let text_toml = std::fs::read_to_string(&closure).unwrap().replacen(
        "name = \"Riverside Medical Centre\"",
        &long,
        1,
    );
    std::fs::write(&closure, text_toml).unwrap();
    let run = dispersal(&[
        "notice",
        closure.to_str().unwrap(),
        "--letter",
        "1",
        "--date",
        "24/07/2026",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the sms-1 text message in en-GB is"),
        "{stderr}"
    );
    assert!(
        stderr.contains("GOV.UK Notify sends at most 918"),
        "{stderr}"
    );
}

/// Every locale's text messages for the sample closure: how many parts each takes. Latin-
/// script languages that can be written in GSM-7 fit 2 parts; no message takes more than 4.
#[test]
fn every_locales_text_messages_are_short() {
    use dispersal::compose::{Wording, letter_orders, text_messages};
    let wording = Wording::load().unwrap();
    let tags: Vec<String> = wording.locales().map(|l| l.tag.to_string()).collect();
    let mut table = Vec::new();
    for cohort in [Cohort::Notice1, Cohort::Notice2] {
        let mut inputs = common::sample_inputs();
        inputs.patients.truncate(tags.len());
        let mut tags_left = tags.iter();
        inputs.patients.change(|p| {
            if let Some(tag) = tags_left.next() {
                p.language = tag.as_str().into();
                p.mobile = Some("+447700900123".into());
                p.status = dispersal::model::PatientStatus::Registered;
            }
        });
        let plan = dispersal::plan::plan_for(inputs, Purpose::Notice(cohort));
        let orders = letter_orders(&plan, &wording);
        let (texts, _) = text_messages(&plan, &orders.letters).unwrap();
        assert_eq!(texts.len(), tags.len());
        for t in texts {
            table.push((
                cohort.code(),
                t.language,
                t.count.encoding.as_str(),
                t.count.characters,
                t.count.segments,
            ));
        }
    }
    let shown = format!("{table:#?}");
    for (_, language, encoding, _, segments) in &table {
        assert!(*segments <= 4, "{shown}");
        if *encoding == "GSM-7" || language == "en-GB" {
            assert!(*segments <= 2, "{shown}");
        }
    }
    println!("{shown}");
}

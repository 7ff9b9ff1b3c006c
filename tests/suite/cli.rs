//! End-to-end tests of the `dispersal` command, run as a user would: the sample closure, a
//! closure on disk (CSV saved from Excel, XLSX, broken rows), and the print batch zip.

use crate::common;

use crate::common::cli::{Dispersal, dispersal, last_line, stderr, stdout};
use std::io::Read;
use std::path::{Path, PathBuf};

fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
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

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing from the zip"))
        .1
}

#[test]
fn run_sample_writes_a_complete_identical_print_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = dispersal(&[
        "run",
        "--sample",
        "--threads",
        "3",
        "--out",
        a.to_str().unwrap(),
    ]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}{}",
        stdout(&first),
        stderr(&first)
    );
    // One thread the second time: the zip must not depend on how many typeset at once.
    let second = dispersal(&[
        "run",
        "--sample",
        "--threads",
        "1",
        "--out",
        b.to_str().unwrap(),
    ]);
    assert_eq!(second.status.code(), Some(0));
    let (zip_a, zip_b) = (last_line(&first), last_line(&second));
    assert!(
        zip_a.is_file(),
        "last line is the zip's path: {}",
        zip_a.display()
    );
    assert_eq!(
        std::fs::read(&zip_a).unwrap(),
        std::fs::read(&zip_b).unwrap(),
        "same inputs, same zip"
    );

    let entries = zip_entries(&zip_a);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    for needed in [
        "manifest.csv",
        "plan.csv",
        "summary.txt",
        "summary.json",
        "SHA256SUMS",
    ] {
        assert!(names.contains(&needed), "{needed} in {names:?}");
    }
    let pdfs: Vec<&&str> = names
        .iter()
        .filter(|n| n.starts_with("print/") && n.ends_with(".pdf"))
        .collect();
    assert!(
        pdfs.iter().any(|n| n.starts_with("print/2a-"))
            && pdfs.iter().any(|n| n.starts_with("print/2b-"))
            && pdfs.iter().any(|n| n.starts_with("print/2c-")),
        "{pdfs:?}"
    );

    // The summary, the manifest and the PDFs agree.
    let summary: serde_json::Value =
        serde_json::from_slice(entry(&entries, "summary.json")).unwrap();
    let letters = summary["letters"].as_u64().unwrap() as usize;
    let mut manifest = csv::Reader::from_reader(entry(&entries, "manifest.csv"));
    let headers = manifest.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = manifest.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), letters);
    assert!(
        letters > 200,
        "the sample has a few hundred letters, got {letters}"
    );
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for row in &rows {
        let standard = &row[col("format")] == "standard";
        assert_eq!(&row[col("a4")], "Y", "{row:?}");
        assert_eq!(&row[col("black_and_white")], "Y", "{row:?}");
        assert_eq!(&row[col("address_in_window")], "Y", "{row:?}");
        assert_eq!(
            &row[col("eligible_50p")],
            if standard { "Y" } else { "N" },
            "{row:?}"
        );
        if standard {
            assert_eq!(&row[col("pages")], "1", "{row:?}");
        }
    }
    let eligible = rows
        .iter()
        .filter(|r| &r[col("eligible_50p")] == "Y")
        .count();
    assert_eq!(summary["eligible_50p"].as_u64().unwrap() as usize, eligible);
    assert!((summary["contribution_gbp"].as_f64().unwrap() - eligible as f64 * 0.5).abs() < 1e-9);
    for key in ["by_cohort", "failed_checks", "rejected", "unallocated"] {
        assert!(summary.get(key).is_some(), "summary.json has {key}");
    }
    assert!(summary["rejected"].as_u64().unwrap() >= 1);
    assert!(
        summary["unallocated"].as_u64().unwrap() >= 1,
        "the sample overflows capacity"
    );

    // Pages in each print file match the manifest.
    for pdf in &pdfs {
        let bytes = entry(&entries, pdf);
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let in_manifest: usize = rows
            .iter()
            .filter(|r| &r[col("print_file")] == **pdf)
            .map(|r| r[col("pages")].parse::<usize>().unwrap())
            .sum();
        assert_eq!(doc.get_pages().len(), in_manifest, "{pdf}");
    }

    // SHA256SUMS covers every other entry and is right.
    let sums = String::from_utf8(entry(&entries, "SHA256SUMS").to_vec()).unwrap();
    assert_eq!(sums.lines().count(), entries.len() - 1);
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        use sha2::Digest;
        let actual: String = sha2::Sha256::digest(entry(&entries, name))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, actual, "{name}");
    }

    // No patient data in any file name: no NHS number, no family name from the sample.
    let patients =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample/patients.csv"))
            .unwrap();
    let mut reader = csv::Reader::from_reader(patients.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        let nhs: String = record[0].chars().filter(|c| c.is_ascii_digit()).collect();
        let family = record[3].to_string();
        for name in names
            .iter()
            .map(|n| n.to_string())
            .chain([zip_a.display().to_string()])
        {
            assert!(
                nhs.len() < 10 || !name.contains(&nhs),
                "{name} holds an NHS number"
            );
            assert!(
                family.len() < 3 || !name.contains(&family),
                "{name} holds a family name"
            );
        }
    }
    assert!(
        stdout(&first).contains("Contribution: £"),
        "{}",
        stdout(&first)
    );
}

#[test]
fn plan_sample_lists_every_row_with_cohort_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dispersal(&["plan", "--sample", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2a allocate") && text.contains("Rejected rows"),
        "{text}"
    );
    let mut reader = csv::Reader::from_path(dir.path().join("plan.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 300, "one row per patient row");
    let cohorts: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[COHORT]).collect();
    for c in ["2a", "2b", "2c", "excluded", "rejected"] {
        assert!(cohorts.contains(c), "{c} in {cohorts:?}");
    }
    for r in rows.iter().filter(|r| &r[COHORT] == "rejected") {
        assert!(
            r[ERROR].contains(&format!("row {}", &r[ROW])) && r[ERROR].contains("column"),
            "{r:?}"
        );
    }
}

#[test]
fn preview_writes_a_png_of_one_letter() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("letter.png");
    let out = dispersal(&[
        "preview",
        "--sample",
        "--cohort",
        "2b",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn a_missing_closure_file_exits_2_naming_it() {
    let out = dispersal(&["run", "/nonexistent/closure.toml", "--out", "/tmp/never"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("closure.toml"), "{}", stderr(&out));
}

/// A closure folder on disk built from the sample, with the patient list in a given form.
fn closure_on_disk(dir: &Path, patients_name: &str, patients: &[u8], postage: &str) -> PathBuf {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample");
    let toml = common::closure_toml(patients_name, "practices.csv")
        .replace("postage = \"second\"", &format!("postage = \"{postage}\""));
    std::fs::write(dir.join("closure.toml"), toml).unwrap();
    std::fs::copy(format!("{sample}/practices.csv"), dir.join("practices.csv")).unwrap();
    std::fs::write(dir.join(patients_name), patients).unwrap();
    dir.join("closure.toml")
}

fn sample_patients() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample/patients.csv")).unwrap()
}

/// Columns of `plan.csv`.
const ROW: usize = 1;
const COHORT: usize = 3;
const ERROR: usize = 11;

fn plan_rows(dir: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(dir.join("plan.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn a_csv_saved_from_excel_with_bom_and_crlf_plans_like_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let excel = format!("\u{feff}{}", sample_patients().replace('\n', "\r\n"));
    let closure = closure_on_disk(dir.path(), "patients.csv", excel.as_bytes(), "second");
    let out = dispersal(&[
        "plan",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = plan_rows(dir.path());
    assert_eq!(rows.len(), 300);
    assert_eq!(
        rows.iter().filter(|r| &r[COHORT] == "rejected").count(),
        10,
        "only the sample's 10 bad rows"
    );
}

#[test]
fn an_xlsx_patient_list_plans_like_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let text = sample_patients();
    for (r, record) in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .enumerate()
    {
        for (c, cell) in record.unwrap().iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let closure = closure_on_disk(
        dir.path(),
        "patients.xlsx",
        &book.save_to_buffer().unwrap(),
        "second",
    );
    let out = dispersal(&[
        "plan",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = plan_rows(dir.path());
    assert_eq!(rows.len(), 300);
    assert_eq!(rows.iter().filter(|r| &r[COHORT] == "rejected").count(), 10);
    assert!(
        rows.iter()
            .any(|r| &r[COHORT] == "rejected" && r[ERROR].contains("patients.xlsx")),
        "errors name the XLSX"
    );
}

#[test]
fn broken_rows_are_named_and_good_rows_still_get_letters() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = sample_patients();
    text.push_str("123,Mr,Bad,Number,01/01/1980,1 Road,,,,,SE15 4QJ,01/01/2025,,,,,,\n");
    text.push_str("9990000018,Mr,Bad,Date,31/02/1980,1 Road,,,,,SE15 4QJ,01/01/2025,,,,,,\n");
    let closure = closure_on_disk(dir.path(), "patients.csv", text.as_bytes(), "second");
    let out = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("row 302, column \"nhs_number\""),
        "{report}"
    );
    assert!(
        report.contains("row 303, column \"date_of_birth\""),
        "{report}"
    );
    assert!(last_line(&out).is_file());
}

/// A list of mostly broken rows keeps the first 1,000 problems in full and counts the rest by
/// kind: the report, summary.json and plan.csv say how many more, and plan.csv still has a
/// line for every row.
#[test]
fn thousands_of_broken_rows_keep_the_first_problems_and_count_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = sample_patients();
    let broken = 1_200;
    for _ in 0..broken {
        text.push_str("123,Mr,Bad,Row,31/02/1980,1 Road,,,,,SE15 4QJ,01/01/2025,,,,,,\n");
    }
    let closure = closure_on_disk(dir.path(), "patients.csv", text.as_bytes(), "second");
    let out = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    let entries = zip_entries(&last_line(&out));
    let summary: serde_json::Value =
        serde_json::from_slice(entry(&entries, "summary.json")).unwrap();
    let rejections = &summary["rejections"];
    let total = rejections["total"].as_u64().unwrap();
    assert!(total >= 2 * broken, "{rejections}");
    assert_eq!(rejections["problems"].as_array().unwrap().len(), 1_000);
    assert_eq!(rejections["more"].as_u64().unwrap(), total - 1_000);
    let kinds = rejections["by_kind"].as_array().unwrap();
    let count = |kind: &str| {
        kinds
            .iter()
            .find(|k| k["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {kinds:?}"))["count"]
            .as_u64()
            .unwrap()
    };
    assert!(count("nhs_number: not a valid NHS number") > broken);
    assert!(count("date_of_birth: not a real date") >= broken);
    assert_eq!(
        kinds
            .iter()
            .map(|k| k["count"].as_u64().unwrap())
            .sum::<u64>(),
        total
    );
    // The report lists 20, says how many more, and counts them by kind.
    assert!(
        report.contains(&format!("Rejected rows ({total} problems; the first 20):")),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "... and {} more (see plan.csv)\n  All {total} by kind:",
            total - 20
        )),
        "{report}"
    );
    assert!(
        report.lines().any(|l| l
            .trim_start()
            .starts_with(&count("nhs_number: not a valid NHS number").to_string())
            && l.ends_with("nhs_number: not a valid NHS number")),
        "{report}"
    );
    // plan.csv: one line per row; the last rows' problems by kind.
    let plan = csv::Reader::from_reader(entry(&entries, "plan.csv"))
        .records()
        .map(|r| r.unwrap())
        .collect::<Vec<_>>();
    assert_eq!(plan.len(), 300 + broken as usize);
    let last = plan.last().unwrap();
    assert_eq!(&last[COHORT], "rejected");
    assert_eq!(
        &last[ERROR],
        "nhs_number: not a valid NHS number\ndate_of_birth: not a real date"
    );
}

/// Found by the letters fuzz target: a character no letter font has broke its print file's
/// export, and a name or address line too long even at 7 pt wrapped out of the envelope
/// window. Both are now refused at input, and every letter made is eligible.
#[test]
fn text_a_letter_cannot_print_in_the_window_is_refused_naming_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_patients();
    let mut reader = csv::Reader::from_reader(sample.as_bytes());
    let header = reader.headers().unwrap().clone();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut set = |row: usize, name: &str, value: &str| {
        let mut cells: Vec<String> = rows[row - 2].iter().map(str::to_string).collect();
        cells[column(name)] = value.to_string();
        rows[row - 2] = csv::StringRecord::from(cells);
    };
    // Rows 3, 47 and 280 of the sample get a letter (2b, 2a, 2a).
    set(
        3,
        "family_name",
        &"Wolfeschlegelsteinhausenbergerdorff".repeat(3),
    );
    set(47, "title", "Mr\u{07DD}");
    set(
        280,
        "address_line_1",
        "Flat1234567890TheVeryLongNamedBuildingOfSomewhereQuiteFarAwayFromHereIndeedYes",
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let text = writer.into_inner().unwrap();
    let closure = closure_on_disk(dir.path(), "patients.csv", &text, "second");
    let out = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--require-one-page",
    ]);
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{report}");
    for expected in [
        "row 3, column \"family_name\": the name is too long for one line of the envelope window, even with initials in 7 pt print",
        "row 47, column \"title\": the cell holds a character the letters cannot print (U+07DD)",
        "row 280, column \"address_line_1\": the address line is too long for one line of the envelope window, even in 7 pt print",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    assert!(!report.contains("could not be laid out"), "{report}");
    assert!(!report.contains("failed a check"), "{report}");
    let entries = zip_entries(&last_line(&out));
    let manifest = String::from_utf8(entry(&entries, "manifest.csv").to_vec()).unwrap();
    for id in ["-00003,", "-00047,", "-00280,"] {
        assert!(!manifest.contains(id), "{id} has no letter");
    }
}

#[test]
fn require_one_page_fails_the_run_when_letters_are_not_eligible() {
    let dir = tempfile::tempdir().unwrap();
    let closure = closure_on_disk(
        dir.path(),
        "patients.csv",
        sample_patients().as_bytes(),
        "first",
    );
    let out = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--require-one-page",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "first class letters earn no contribution"
    );
    assert!(stderr(&out).contains("not eligible"), "{}", stderr(&out));
    assert!(
        last_line(&out).is_file(),
        "every letter is still reported and packed"
    );
    let ok = dispersal(&[
        "run",
        "--sample",
        "--out",
        dir.path().join("s").to_str().unwrap(),
        "--require-one-page",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

#[test]
fn each_receiving_practice_gets_a_real_email_with_its_list_attached() {
    use calamine::Reader;
    use mail_parser::MimeHeaders;
    let dir = tempfile::tempdir().unwrap();
    let out = dispersal(&["run", "--sample", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let entries = zip_entries(&last_line(&out));
    let emails: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("emails/") && n.ends_with(".eml"))
        .collect();
    let summary: serde_json::Value =
        serde_json::from_slice(entry(&entries, "summary.json")).unwrap();
    let receiving: Vec<&serde_json::Value> = summary["receiving_practices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["allocated"].as_u64().unwrap() > 0)
        .collect();
    assert_eq!(
        emails.len(),
        receiving.len(),
        "one email per practice with patients"
    );

    let (name, bytes) = emails[0];
    let ods = name.trim_start_matches("emails/").trim_end_matches(".eml");
    let message = mail_parser::MessageParser::default()
        .parse(bytes.as_slice())
        .expect("a MIME message");
    let subject = message.subject().unwrap();
    assert!(
        subject.contains("Riverside Medical Centre") && subject.contains("allocated"),
        "{subject}"
    );
    let allocated = receiving.iter().find(|p| p["ods_code"] == ods).unwrap()["allocated"]
        .as_u64()
        .unwrap();
    assert!(
        subject.starts_with(&format!("{allocated} patient")),
        "the count is in the subject: {subject}"
    );
    assert_eq!(
        message.from().unwrap().first().unwrap().address().unwrap(),
        "selicb.primarycare@nhs.net"
    );
    assert!(
        message
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .ends_with("@nhs.net")
    );
    let text = message.body_text(0).unwrap();
    for needed in [
        "without a GMS1",
        "PDS / GP2GP",
        "contact PCSE",
        "parent or guardian",
        "vulnerable",
        "relationship broke down",
        "NHS number, date of birth and address",
        "Article 6(1)(e)",
        "9(2)(h)",
    ] {
        assert!(text.contains(needed), "the email says {needed:?}:\n{text}");
    }
    let html = message.body_html(0).unwrap();
    assert!(
        html.contains("<strong>without a GMS1 form</strong>"),
        "{html}"
    );
    let attachment = message.attachment(0).expect("the list is attached");
    assert_eq!(
        attachment.attachment_name().unwrap(),
        format!("{ods}-allocated-patients.xlsx")
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(attachment.contents().to_vec()))
            .unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        sheet.height() as u64 - 1,
        allocated,
        "one row per allocated patient"
    );

    // The PCSE workbook opens with its three sheets.
    let pcse: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        entry(&entries, "pcse/G85999-allocation.xlsx").to_vec(),
    ))
    .unwrap();
    assert_eq!(pcse.sheet_names().len(), 3, "{:?}", pcse.sheet_names());
}

#[test]
fn an_encrypted_batch_needs_the_passphrase_and_decrypts_to_the_same_entries() {
    let dir = tempfile::tempdir().unwrap();
    let passphrase = "correct horse battery staple";
    let run = |out: &Path| {
        Dispersal::bare()
            .args([
                "run",
                "--sample",
                "--encrypt",
                "--out",
                out.to_str().unwrap(),
            ])
            .env("DISPERSAL_ZIP_PASSPHRASE", passphrase)
            .output()
    };
    let (a, b) = (run(&dir.path().join("a")), run(&dir.path().join("b")));
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert!(
        !stdout(&a).contains("not encrypted"),
        "no plain-zip warning when encrypted"
    );
    let open = |zip: &Path, pass: &[u8]| -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut f = archive
                    .by_index_decrypt(i, pass)
                    .map_err(|e| e.to_string())?;
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
                Ok((f.name().unwrap().to_string(), bytes))
            })
            .collect()
    };
    let (zip_a, zip_b) = (last_line(&a), last_line(&b));
    assert!(
        zip::ZipArchive::new(std::fs::File::open(&zip_a).unwrap())
            .unwrap()
            .by_index(0)
            .is_err(),
        "entries need the passphrase"
    );
    assert!(
        open(&zip_a, b"wrong passphrase!!").is_err(),
        "a wrong passphrase is refused"
    );
    let entries =
        open(&zip_a, passphrase.as_bytes()).expect("the right passphrase opens every entry");
    assert!(entries.iter().any(|(n, _)| n == "manifest.csv"));
    assert_eq!(
        entries,
        open(&zip_b, passphrase.as_bytes()).unwrap(),
        "same entries across runs"
    );

    let plain = dispersal(&[
        "run",
        "--sample",
        "--out",
        dir.path().join("c").to_str().unwrap(),
    ]);
    assert!(
        stdout(&plain).contains("not encrypted"),
        "a plain zip is warned about"
    );
    let no_pass = Dispersal::bare()
        .args([
            "run",
            "--sample",
            "--encrypt",
            "--out",
            dir.path().join("d").to_str().unwrap(),
        ])
        .env_remove("DISPERSAL_ZIP_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output();
    assert_eq!(no_pass.status.code(), Some(2));
    assert!(
        stderr(&no_pass).contains("DISPERSAL_ZIP_PASSPHRASE"),
        "{}",
        stderr(&no_pass)
    );
}

#[test]
fn a_letter_on_request_comes_in_the_asked_language_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let nhs = "999 018 7851"; // row 91 of the sample: a 2a patient
    let pdf = dir.path().join("letter.pdf");
    let out = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        nhs,
        "--lang",
        "pl",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("G85999-2A-00091")
            && stdout(&out).contains("pl")
            && stdout(&out).contains("draft"),
        "{}",
        stdout(&out)
    );
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(
        text.contains("This letter is in Polish"),
        "the English line on top:\n{text}"
    );
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/golden/nhs-constitution/pl.txt"
    ))
    .unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            &golden
                .lines()
                .next()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "{flat}"
    );

    let docx = dir.path().join("letter.docx");
    let out = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        nhs,
        "--format",
        "docx",
        "--large-print",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read(&docx).unwrap().starts_with(b"PK"),
        "a docx is a zip"
    );
    assert!(stdout(&out).contains("large-print"));

    let png = dir.path().join("letter.png");
    let out = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        nhs,
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));

    let bad_lang = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        nhs,
        "--lang",
        "xx",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(bad_lang.status.code(), Some(2));
    assert!(
        stderr(&bad_lang).contains("available languages")
            && stderr(&bad_lang).contains("ar (Arabic)"),
        "{}",
        stderr(&bad_lang)
    );
    let bad_nhs = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        "9990000018",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(bad_nhs.status.code(), Some(2));
    assert!(
        stderr(&bad_nhs).contains("no patient with NHS number *** *** 0018"),
        "{}",
        stderr(&bad_nhs)
    );
}

#[test]
fn run_with_docx_adds_a_word_letter_for_every_letter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dispersal(&[
        "run",
        "--sample",
        "--docx",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let entries = zip_entries(&last_line(&out));
    let summary: serde_json::Value =
        serde_json::from_slice(entry(&entries, "summary.json")).unwrap();
    let docx = entries
        .iter()
        .filter(|(n, _)| n.starts_with("docx/") && n.ends_with(".docx"))
        .count();
    assert_eq!(docx as u64, summary["letters"].as_u64().unwrap());
}

#[test]
fn letters_per_file_splits_print_files_and_each_pdf_holds_its_letters() {
    let dir = tempfile::tempdir().unwrap();
    let run = dispersal(&[
        "run",
        "--sample",
        "--letters-per-file",
        "40",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let entries = zip_entries(&last_line(&run));
    let mut manifest = csv::Reader::from_reader(entry(&entries, "manifest.csv"));
    let headers = manifest.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // print file -> (letters, pages)
    let mut letters_in: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for row in manifest.records().map(|r| r.unwrap()) {
        let file = letters_in
            .entry(row[col("print_file")].to_string())
            .or_default();
        file.0 += 1;
        file.1 += row[col("pages")].parse::<usize>().unwrap();
    }
    // The sample's 158 standard English 2a letters need four files of at most 40.
    for k in 1..=4 {
        let name = format!("print/2a-en-GB-standard-{k:02}.pdf");
        assert!(letters_in.contains_key(&name), "{name} in {letters_in:?}");
    }
    assert!(!letters_in.contains_key("print/2a-en-GB-standard-05.pdf"));
    for (name, (letters, pages)) in &letters_in {
        assert!(*letters <= 40, "{name} has {letters} letters");
        let pdf = lopdf::Document::load_mem(entry(&entries, name)).unwrap();
        assert_eq!(
            pdf.get_pages().len(),
            *pages,
            "{name}: the manifest's pages"
        );
    }

    for bad in ["0", "501"] {
        let refused = dispersal(&["run", "--sample", "--letters-per-file", bad, "--out", "x"]);
        assert_eq!(refused.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&refused).contains("--letters-per-file"),
            "{}",
            stderr(&refused)
        );
    }
}

#[test]
fn no_patient_data_in_log_lines_or_zip_entry_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dispersal(&["run", "--sample", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zip = last_line(&out);
    let mut log = stdout(&out) + &stderr(&out);
    // A patient asked for by NHS number who is not there: the number is masked.
    let missing = dispersal(&[
        "letter",
        "--sample",
        "--nhs-number",
        "943 476 5919",
        "--out",
        dir.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert!(
        stderr(&missing).contains("no patient with NHS number *** *** 5919"),
        "{}",
        stderr(&missing)
    );
    log += &stderr(&missing);
    let names: Vec<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    let names = names.join("\n");

    let patients = std::fs::read_to_string("sample/patients.csv").unwrap();
    let mut reader = csv::Reader::from_reader(patients.as_bytes());
    let mut checked = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let digits: String = row[0].chars().filter(char::is_ascii_digit).collect();
        let mut private = vec![digits.clone()];
        if digits.len() == 10 {
            private.push(format!(
                "{} {} {}",
                &digits[..3],
                &digits[3..6],
                &digits[6..]
            ));
        }
        // Names and address lines long enough not to occur by chance in other words.
        private.extend(
            [&row[3], &row[5]]
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| s.chars().count() >= 6),
        );
        for secret in private.iter().filter(|s| s.len() >= 6) {
            assert!(
                !log.contains(secret.as_str()),
                "{secret:?} in the log:\n{log}"
            );
            assert!(
                !names.contains(secret.as_str()),
                "{secret:?} in a zip entry name"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} values checked");
}

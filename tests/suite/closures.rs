//! Several practices closing together (`[[closing_practice]]` in one closure.toml), planned
//! as one: the sample's 300 patients split between three closing practices' lists, run with
//! the real binary and read back from the zip — the plan, the manifest, the letters' text,
//! the emails and PCSE's workbooks.

use crate::common;
use crate::common::pdf::pdftotext;

use common::{csv_rows, zip_entries};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::cli::dispersal;
use mail_parser::MimeHeaders;

const CLOSING: [(&str, &str); 3] = [
    ("G85991", "Maddock Way Surgery"),
    ("G85992", "Dr Sharma's Surgery"),
    ("G85993", "Borough Medical Centre"),
];

/// The sample closure with its patients on three lists (rows 2-101, 102-201, 202-301 of the
/// sample's file), plus:
/// - on list 3 (row 102), list 1's first patient again: the same NHS number on two lists;
/// - on list 2 (row 102), a new patient at the home of list 1's first patient who is to be
///   allocated (row `household_row`): a household across two lists.
///
/// Returns closure.toml's path and `household_row`.
fn three_closures(dir: &Path) -> (PathBuf, usize) {
    closures_of_the_sample(dir, true)
}

/// [`three_closures`], with the two extra rows only if `extras`.
fn closures_of_the_sample(dir: &Path, extras: bool) -> (PathBuf, usize) {
    let mut reader = csv::Reader::from_reader(include_str!("../../sample/patients.csv").as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 300, "the sample has 300 patients");
    let numbers: BTreeSet<String> = rows
        .iter()
        .map(|r| r[column("nhs_number")].replace(' ', ""))
        .collect();
    // A 2a patient: seen lately, still registered, in the area, in standard print.
    let at_home = (1..100)
        .find(|&i| {
            let r = &rows[i];
            r[column("last_seen")].contains("2025")
                && r[column("status")].is_empty()
                && r[column("allocated_practice")].is_empty()
                && ["SE1 ", "SE5 ", "SE15 "]
                    .iter()
                    .any(|d| r[column("postcode")].starts_with(d))
        })
        .unwrap();
    let mut moved: Vec<String> = rows[at_home].iter().map(str::to_string).collect();
    moved[column("nhs_number")] = (1..)
        .map(|seed| common::nhs_number(seed).0.to_string())
        .find(|n| !numbers.contains(n))
        .unwrap();
    moved[column("given_name")] = "Kwabena".into();
    moved[column("vulnerable")] = String::new();
    let mut tables = String::new();
    for (k, (ods, name)) in CLOSING.iter().enumerate() {
        let file = format!("list-{}.csv", k + 1);
        let mut w = csv::Writer::from_path(dir.join(&file)).unwrap();
        w.write_record(&header).unwrap();
        for r in &rows[k * 100..(k + 1) * 100] {
            w.write_record(r).unwrap();
        }
        match k {
            1 if extras => w.write_record(&moved).unwrap(),
            2 if extras => w.write_record(&rows[0]).unwrap(),
            _ => {}
        }
        w.flush().unwrap();
        tables.push_str(&format!(
            "[[closing_practice]]\nods_code = \"{ods}\"\nname = \"{name}\"\naddress = [\"{} Borough High Street\", \"London\", \"SE1 1LB\"]\nclosure_date = 2026-09-30\npatients = \"{file}\"\n\n",
            10 + k
        ));
    }
    std::fs::write(
        dir.join("practices.csv"),
        include_str!("../../sample/practices.csv"),
    )
    .unwrap();
    let single = common::closure_toml("unused.csv", "practices.csv");
    let start = single.find("[closing_practice]").unwrap();
    let end = single.find("[commissioner]").unwrap();
    let toml = format!(
        "{}{tables}{}",
        &single[..start],
        single[end..].replace("patients = \"unused.csv\"\n", "")
    );
    let path = dir.join("closure.toml");
    std::fs::write(&path, toml).unwrap();
    (path, at_home + 2)
}

/// How many patients each practice is allocated in a plan.csv.
fn allocated(plan: &[BTreeMap<String, String>]) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for row in plan {
        if !row["allocated_practice"].is_empty() {
            *counts.entry(row["allocated_practice"].clone()).or_default() += 1;
        }
    }
    counts
}

#[test]
fn three_closures_are_planned_as_one_and_each_letter_names_its_own_practice() {
    let dir = tempfile::tempdir().unwrap();
    let (closure, household_row) = three_closures(dir.path());
    let out = dir.path().join("out");
    let run = dispersal(&[
        "run",
        closure.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("Plan for 3 closing practices, planned together:"),
        "{stdout}"
    );
    let zip = out.join("dispersal-G85991+G85992+G85993-2026-11-24.zip");
    let entries = zip_entries(&zip);

    // plan.csv says which closure each row is on; every list's rows are there.
    let plan = csv_rows(&entries["plan.csv"]);
    let per_list: BTreeMap<&str, usize> = plan.iter().fold(BTreeMap::new(), |mut counts, row| {
        *counts
            .entry(
                CLOSING
                    .iter()
                    .map(|(ods, _)| *ods)
                    .find(|ods| row["closing_practice"] == *ods)
                    .expect("a closing practice in closure.toml"),
            )
            .or_default() += 1;
        counts
    });
    assert_eq!(
        per_list,
        BTreeMap::from([("G85991", 100), ("G85992", 101), ("G85993", 101)])
    );

    // The same NHS number on lists 1 and 3: both rows are rejected, each naming the other
    // file and row.
    let first_number = &plan[0]["nhs_number"];
    // (The sample's own repeated number, rows 78 and 109, is now on lists 1 and 2.)
    let repeated: Vec<&BTreeMap<String, String>> = plan
        .iter()
        .filter(|r| r["cohort"] == "rejected" && r["error"].contains("another closing practice"))
        .filter(|r| r["nhs_number"] == *first_number)
        .collect();
    assert_eq!(repeated.len(), 2, "{repeated:#?}");
    assert!(
        repeated[0]["error"].starts_with("list-1.csv: row 2"),
        "{repeated:#?}"
    );
    assert!(
        repeated[0]["error"].contains("(row 102 of list-3.csv)"),
        "{repeated:#?}"
    );
    assert!(
        repeated[1]["error"].starts_with("list-3.csv: row 102"),
        "{repeated:#?}"
    );
    assert!(
        repeated[1]["error"].contains("(row 2 of list-1.csv)"),
        "{repeated:#?}"
    );

    // The household across lists 1 and 2 is one household, allocated to one practice.
    let household = |closing: &str, row: &str| {
        plan.iter()
            .find(|r| r["closing_practice"] == closing && r["row"] == row)
            .map(|r| (r["household"].clone(), r["allocated_practice"].clone()))
            .unwrap()
    };
    let (a, b) = (
        household("G85991", &household_row.to_string()),
        household("G85992", "102"),
    );
    assert!(!a.0.is_empty() && !a.1.is_empty(), "{a:?}");
    assert_eq!(a, b, "one household, one practice, across two lists");

    // One assignment: no receiving practice is given more than its capacity across the
    // three closures, though three plans made apart would have overfilled some.
    let summary: serde_json::Value = serde_json::from_slice(&entries["summary.json"]).unwrap();
    let capacity: BTreeMap<String, u32> = summary["receiving_practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["ods_code"].as_str().unwrap().to_string(),
                p["capacity"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    let together = allocated(&plan);
    for (ods, n) in &together {
        assert!(*n <= capacity[ods], "{ods}: {n} of {}", capacity[ods]);
    }
    let mut apart: BTreeMap<String, u32> = BTreeMap::new();
    for k in 1..=3 {
        let one = dir.path().join(format!("one-{k}.toml"));
        std::fs::write(
            &one,
            common::closure_toml(&format!("list-{k}.csv"), "practices.csv"),
        )
        .unwrap();
        let plan_out = dir.path().join(format!("plan-{k}"));
        let planned = dispersal(&[
            "plan",
            one.to_str().unwrap(),
            "--out",
            plan_out.to_str().unwrap(),
        ]);
        assert!(
            planned.status.success(),
            "{}",
            String::from_utf8_lossy(&planned.stderr)
        );
        for (ods, n) in allocated(&csv_rows(
            &std::fs::read(plan_out.join("plan.csv")).unwrap(),
        )) {
            *apart.entry(ods).or_default() += n;
        }
    }
    assert!(
        apart.iter().any(|(ods, n)| *n > capacity[ods]),
        "planned apart, some practice would be over capacity: {apart:?} against {capacity:?}"
    );

    // The summary and report have Appendix 1's row for each closure.
    let closures = summary["closures"].as_array().unwrap();
    let codes: Vec<&str> = closures
        .iter()
        .map(|c| c["ods_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["G85991", "G85992", "G85993"]);
    for c in closures {
        let parts = [
            "excluded",
            "not_seen",
            "out_of_area",
            "allocated",
            "unallocated",
            "rejected",
        ];
        let sum: u64 = parts.iter().map(|k| c[k].as_u64().unwrap()).sum();
        assert_eq!(sum, c["patients"].as_u64().unwrap(), "{c}");
    }

    // The manifest names each letter's closing practice, and the letter itself names it.
    let manifest = csv_rows(&entries["manifest.csv"]);
    let mut checked = BTreeSet::new();
    for row in &manifest {
        let closing = &row["closing_practice"];
        assert!(row["letter_id"].starts_with(closing.as_str()), "{row:?}");
        if row["cohort"] != "2a" || row["language"] != "en-GB" || !checked.insert(closing.clone()) {
            continue;
        }
        let pdf = dir.path().join("letter.pdf");
        std::fs::write(&pdf, &entries[&row["print_file"]]).unwrap();
        let page = &row["first_page"];
        let text = pdftotext(&pdf, &["-f", page, "-l", page]).replace('\n', " ");
        let name = CLOSING.iter().find(|(ods, _)| ods == closing).unwrap().1;
        assert!(text.contains(name), "{closing}: {text}");
        for (other_ods, other) in CLOSING.iter().filter(|(ods, _)| ods != closing) {
            assert!(
                !text.contains(other),
                "{closing}'s letter names {other_ods}: {text}"
            );
        }
    }
    assert_eq!(checked.len(), 3, "a 2a letter from each closure was read");

    // PCSE gets a workbook per closing practice.
    for (ods, _) in CLOSING {
        assert!(
            entries.contains_key(&format!("pcse/{ods}-allocation.xlsx")),
            "{ods}"
        );
    }
    assert!(!entries.contains_key("pcse/allocation.xlsx"));

    // One email per receiving practice, listing its patients from every closure.
    let emails: Vec<&String> = entries
        .keys()
        .filter(|k| k.starts_with("emails/"))
        .collect();
    assert_eq!(emails.len(), together.len(), "{emails:?}");
    let mut several = 0;
    for name in emails {
        let message = mail_parser::MessageParser::default()
            .parse(&entries[name][..])
            .unwrap();
        let body = message.body_text(0).unwrap().replace('\n', " ");
        let ods = name.trim_start_matches("emails/").trim_end_matches(".eml");
        let from: BTreeSet<&str> = plan
            .iter()
            .filter(|r| r["allocated_practice"] == ods)
            .map(|r| r["closing_practice"].as_str())
            .collect();
        for (code, practice) in CLOSING {
            assert_eq!(
                body.contains(&format!("{practice} ({code})")),
                from.contains(code),
                "{ods}: {body}"
            );
        }
        if from.len() > 1 {
            several += 1;
            let subject = message.subject().unwrap();
            for (code, practice) in CLOSING.iter().filter(|(c, _)| from.contains(c)) {
                let n = plan
                    .iter()
                    .filter(|r| r["allocated_practice"] == ods && r["closing_practice"] == *code)
                    .count();
                assert!(body.contains(&format!("{n} from {practice}")), "{body}");
                assert!(
                    subject.contains(&format!("{practice} ({code})")),
                    "{subject}"
                );
            }
        }
        let list = message
            .attachments()
            .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".xlsx")))
            .unwrap();
        assert!(!list.contents().is_empty());
    }
    assert!(
        several > 0,
        "some practice takes patients from more than one closure"
    );
}

/// The sample's list split between three closing practices plans exactly as the one list
/// does: the same cohorts, households and receiving practices, row for row.
#[test]
fn lists_planned_together_are_planned_as_one_list_would_be() {
    let dir = tempfile::tempdir().unwrap();
    let (closure, _) = closures_of_the_sample(dir.path(), false);
    let lookup = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/postcodes.csv");
    let (three, one) = (dir.path().join("three"), dir.path().join("one"));
    for args in [
        vec![
            "plan",
            closure.to_str().unwrap(),
            "--postcode-lookup",
            lookup.to_str().unwrap(),
            "--out",
            three.to_str().unwrap(),
        ],
        vec!["plan", "--sample", "--out", one.to_str().unwrap()],
    ] {
        let planned = dispersal(&args);
        assert!(
            planned.status.success(),
            "{}",
            String::from_utf8_lossy(&planned.stderr)
        );
    }
    let three = csv_rows(&std::fs::read(three.join("plan.csv")).unwrap());
    let one = csv_rows(&std::fs::read(one.join("plan.csv")).unwrap());
    assert_eq!(three.len(), 300);
    assert_eq!(one.len(), 300);
    let decided = |r: &BTreeMap<String, String>| {
        [
            "nhs_number",
            "cohort",
            "allocated_practice",
            "proximity",
            "household",
        ]
        .map(|k| r[k].clone())
    };
    for (k, (a, b)) in three.iter().zip(&one).enumerate() {
        assert_eq!(a["closing_practice"], CLOSING[k / 100].0);
        assert_eq!(a["row"], (k % 100 + 2).to_string());
        // A rejected row's reason names its own list; everything decided is the same.
        assert_eq!(decided(a), decided(b), "row {} of the sample", k + 2);
    }
    assert!(
        one.iter()
            .filter(|r| !r["allocated_practice"].is_empty())
            .count()
            > 150
    );
}

#[test]
fn a_closure_toml_with_several_practices_names_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (closure, _) = three_closures(dir.path());
    let text = std::fs::read_to_string(&closure).unwrap();
    let cases = [
        (
            text.replacen("patients = \"list-2.csv\"\n", "", 1),
            "closing_practice[2].patients",
        ),
        (
            text.replacen("patients = \"list-2.csv\"", "patients = \"list-1.csv\"", 1),
            "closing_practice[2].patients\": closing_practice[1] has the same patients file",
        ),
        (
            text.replacen("ods_code = \"G85993\"", "ods_code = \"G85991\"", 1),
            "closing_practice[3].ods_code\": G85991 is already closing_practice[1]",
        ),
        (
            text.replacen(
                "closure_date = 2026-09-30\npatients = \"list-3.csv\"",
                "closure_date = 20260930\npatients = \"list-3.csv\"",
                1,
            ),
            "closing_practice[3].closure_date",
        ),
        (
            text.replacen(
                "practices = \"practices.csv\"",
                "patients = \"list-1.csv\"\npractices = \"practices.csv\"",
                1,
            ),
            "inputs.patients",
        ),
    ];
    for (broken, expected) in cases {
        std::fs::write(&closure, &broken).unwrap();
        let planned = dispersal(&[
            "plan",
            closure.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&planned.stderr);
        assert_eq!(planned.status.code(), Some(2), "{expected}: {stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
}

/// `bench --closures 3` splits the same synthetic patients between three lists: the same
/// letters as one list, in a zip named by the three closing practices.
#[test]
fn bench_splits_its_patients_between_closures() {
    let dir = tempfile::tempdir().unwrap();
    let mut letters = Vec::new();
    for closures in ["1", "3"] {
        let out = dir.path().join(closures);
        let bench = dispersal(&[
            "bench",
            "--patients",
            "400",
            "--closures",
            closures,
            "--baseline",
            "0",
            "--threads",
            "2",
            "--out",
            out.to_str().unwrap(),
        ]);
        let stdout = String::from_utf8_lossy(&bench.stdout);
        assert!(
            bench.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&bench.stderr)
        );
        assert!(
            stdout.contains(&format!("closing practices  {closures}")),
            "{stdout}"
        );
        let line = stdout
            .lines()
            .find(|l| l.starts_with("letters "))
            .unwrap()
            .to_string();
        letters.push(line);
        let zips: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".zip"))
            .collect();
        let expected = if closures == "3" {
            "G86000+G86001+G86002"
        } else {
            "G85999"
        };
        assert!(zips.iter().any(|z| z.contains(expected)), "{zips:?}");
    }
    assert_eq!(letters[0], letters[1]);
}

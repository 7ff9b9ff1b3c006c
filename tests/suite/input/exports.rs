//! Input tests: patient lists as clinical systems export them, read with no editing and no
//! settings. The sample's list is written here as EMIS Web and SystmOne write a search's
//! results (lines about the search above the header, their own column names, the address in
//! parts, dates and languages as they write them, a trailing comma on every line), and each
//! plans exactly as the sample does, patient for patient.

use std::collections::BTreeMap;

use dispersal::input::languages::LANGUAGE_NAMES;
use dispersal::plan;

use super::*;

/// The sample's patients file as rows of (header, cell).
fn sample_rows() -> Vec<BTreeMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/patients.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// A date cell as `26-Nov-2014` (EMIS Web) or `26 Nov 2014` (SystmOne), from the sample's.
fn date_as(cell: &str, separator: &str) -> String {
    match dispersal::input::parse_date(cell) {
        Ok(date) => date
            .format(&format!("%d{separator}%b{separator}%Y"))
            .to_string(),
        Err(_) => cell.to_string(),
    }
}

/// A language tag as a clinical system names the language (`pl` → `Polish`).
fn language_name(tag: &str) -> String {
    LANGUAGE_NAMES
        .iter()
        .find(|(_, t)| *t == tag)
        .map(|(name, _)| name.to_string())
        .unwrap_or_else(|| tag.to_string())
}

/// Columns the clinical systems have no name for: kept under our own names, as an officer's
/// export adds them.
const OURS: &[&str] = &[
    "format",
    "vulnerable",
    "status",
    "removed_from",
    "allocated_practice",
];

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    // Both systems end every line with a comma.
    format!("{},\n", quoted.join(","))
}

/// How a clinical system writes the sample: the lines above its header, its column names
/// (the address in `parts` columns, the sample's five lines filling the first), the separator
/// in its dates (`26-Nov-2014`, `26 Nov 2014`) and how it writes a language's name.
struct Shape<'a> {
    preamble: &'a [&'a str],
    header: &'a [&'a str],
    parts: usize,
    date_separator: &'a str,
    language: fn(&str) -> String,
}

fn export(shape: &Shape<'_>) -> String {
    let mut text = String::new();
    for line in shape.preamble {
        text.push_str(line);
        text.push_str(",\n");
    }
    let mut header: Vec<String> = shape.header.iter().map(|h| h.to_string()).collect();
    header.extend(OURS.iter().map(|c| c.to_string()));
    text.push_str(&csv_line(&header));
    for row in sample_rows() {
        let mut cells = vec![
            row["nhs_number"].clone(),
            row["title"].clone(),
            row["given_name"].clone(),
            row["family_name"].clone(),
            date_as(&row["date_of_birth"], shape.date_separator),
        ];
        for part in 1..=shape.parts {
            cells.push(
                row.get(&format!("address_line_{part}"))
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        cells.push(row["postcode"].clone());
        cells.push(date_as(&row["last_seen"], shape.date_separator));
        cells.push((shape.language)(&row["language"]));
        cells.push(row["mobile"].clone());
        cells.extend(OURS.iter().map(|c| row[*c].clone()));
        text.push_str(&csv_line(&cells));
    }
    text
}

/// The sample as EMIS Web exports a search: nine lines about it, then its columns.
pub(super) fn emis_export() -> String {
    export(&Shape {
        preamble: &[
            "Search Name,Registered patients for dispersal",
            "Search Description,All currently registered patients",
            "Population Count,300",
            "Parent,Registered",
            "Organisation,Riverside Medical Centre",
            "Run Date,01-Dec-2026",
            "Run By,Officer A",
            "Report Type,Patient Details",
            "",
        ],
        header: &[
            "NHS Number",
            "Title",
            "Calling Name",
            "Family Name",
            "Date of Birth",
            "House Name / Flat Number",
            "Number and Street",
            "Village",
            "Locality",
            "Town",
            "County",
            "Postcode",
            "Date of Last Consultation",
            "Main Spoken Language",
            "Mobile Telephone",
        ],
        parts: 6,
        date_separator: "-",
        language: language_name,
    })
}

/// The sample as SystmOne exports a report as CSV: a title line, then its columns.
fn systmone_export() -> String {
    export(&Shape {
        preamble: &["Patient list - Riverside Medical Centre"],
        header: &[
            "NHS Number",
            "Title",
            "First Name",
            "Surname",
            "Date of Birth",
            "House Name",
            "Road",
            "Locality",
            "Town",
            "County",
            "Postcode",
            "Last Appointment Date",
            "Preferred Language",
            "Mobile Number",
        ],
        parts: 5,
        date_separator: " ",
        language: |tag| match language_name(tag).as_str() {
            "" => String::new(),
            name => format!("Main spoken language {name} (finding)"),
        },
    })
}

/// Each patient's cohort and receiving practice, and the NHS numbers of the rejected rows,
/// when the sample is planned from `patients` (named `name`).
fn planned(name: &str, patients: &[u8]) -> (BTreeMap<String, (String, String)>, Vec<String>) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    let f = Fixture::with_practices(
        name,
        patients,
        "practices.csv",
        &std::fs::read(sample.join("practices.csv")).unwrap(),
    );
    let inputs = input::read(
        &f.closure_path(),
        &DiskFiles,
        Some(&sample.join("postcodes.csv")),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let plan = plan::plan(&inputs);
    let mut patients = BTreeMap::new();
    let mut rejected = Vec::new();
    for entry in &plan.entries {
        match &entry.patient() {
            Some(p) => {
                let to = plan.receiving_ods(entry).unwrap_or_default().to_string();
                patients.insert(
                    p.nhs_number.to_string(),
                    (entry.cohort.code().to_string(), to),
                );
            }
            None => rejected.push(entry.nhs_number().to_string()),
        }
    }
    rejected.sort();
    (patients, rejected)
}

#[test]
fn an_emis_and_a_systmone_export_plan_exactly_as_our_csv_does() {
    let ours =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/patients.csv")).unwrap();
    let (expected, rejected) = planned("patients.csv", &ours);
    assert!(expected.len() > 250, "{}", expected.len());
    for (name, export) in [
        ("emis-search.csv", emis_export()),
        ("systmone-report.csv", systmone_export()),
    ] {
        let (got, got_rejected) = planned(name, export.as_bytes());
        assert_eq!(got.len(), expected.len(), "{name}");
        for (nhs, want) in &expected {
            assert_eq!(got.get(nhs), Some(want), "{name}: patient {nhs}");
        }
        assert_eq!(got_rejected, rejected, "{name}");
    }
}

#[test]
fn the_rows_above_the_header_are_named_and_the_address_parts_become_lines() {
    let text = emis_export();
    let f = Fixture::new("emis.csv", text.as_bytes());
    let inputs = f.read().unwrap();
    let skipped = inputs
        .warnings
        .iter()
        .find(|w| w.message.contains("above the header row"))
        .expect("a note names the rows skipped");
    assert_eq!(
        skipped.message,
        "rows 1 to 9, above the header row, are not read"
    );
    // The sample's first patient: lines 39 Southwark Bridge Road / London, in parts.
    let first = &inputs.patients.get(0).unwrap();
    assert_eq!(first.address_lines, ["39 Southwark Bridge Road", "London"]);
    assert_eq!(first.given_name, "Hao");
}

#[test]
fn parts_past_five_lines_leave_out_the_county_then_share_a_line() {
    let text = "\
NHS Number,Forename(s),Surname,DOB,House Name,Name of Building,Road,Street,Name of Road,Locality,Town,County,Post Code
9990000018,Ann,One,01/02/1980,Rose Cottage,Flat 2,Long Road,,Mill Lane,Bermondsey,London,Greater London,SE1 9ZZ
";
    let inputs = Fixture::new("s1.csv", text.as_bytes()).read().unwrap();
    assert_eq!(
        inputs.patients.get(0).unwrap().address_lines,
        [
            "Rose Cottage, Flat 2",
            "Long Road",
            "Mill Lane",
            "Bermondsey",
            "London"
        ]
    );
}

#[test]
fn a_language_with_no_letters_is_a_warning_and_the_english_letter() {
    let text = "\
NHS No.,First Names,Last Name,Date of Birth,Address 1,Full Postcode,First Language
9990000018,Ann,One,26-Nov-2014,1 Long Road,SE1 9ZZ,Cantonese
";
    let inputs = Fixture::new("list.csv", text.as_bytes()).read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    assert_eq!(inputs.patients.get(0).unwrap().language, "Cantonese");
    let warning = inputs
        .warnings
        .iter()
        .find(|w| w.location.column.as_deref() == Some("First Language"))
        .expect("a warning names the column");
    assert_eq!(warning.location.row, Some(2));
    assert!(
        warning.message.contains("no letters in Cantonese yet"),
        "{}",
        warning.message
    );
}

#[test]
fn a_two_digit_year_is_an_error_naming_the_row() {
    let text = "\
NHS Number,Forename,Surname,Date of Birth,Address Line 1,Postcode
9990000018,Ann,One,26/11/14,1 Long Road,SE1 9ZZ
";
    let inputs = Fixture::new("list.csv", text.as_bytes()).read().unwrap();
    assert_eq!(inputs.patients.len(), 0);
    let problems = rendered(&inputs.rejected_patients[0].problems);
    assert!(
        problems[0].contains("row 2, column \"Date of Birth\": the year must have four digits"),
        "{problems:?}"
    );
}

#[test]
fn a_column_named_in_closure_toml_is_read_by_that_name() {
    let text = "\
NHS Number,Forename,Pt Surname,Date of Birth,Address Line 1,Postcode,Date of last F2F
9990000018,Ann,One,26/11/2014,1 Long Road,SE1 9ZZ,01/03/2019
";
    let f = Fixture::new("list.csv", text.as_bytes());
    let toml = std::fs::read_to_string(f.closure_path()).unwrap();
    let mapped = toml.replace(
        "practices = \"practices.csv\"",
        "practices = \"practices.csv\"\ncolumns = { family_name = \"Pt Surname\", last_seen = \"Date of last F2F\" }",
    );
    f.write("closure.toml", mapped.as_bytes());
    let inputs = f.read().unwrap();
    assert_eq!(inputs.patients.get(0).unwrap().family_name, "One");
    assert_eq!(
        inputs.patients.get(0).unwrap().last_seen,
        Some(date(2019, 3, 1))
    );

    // A header the file does not have: named, with the file's headers listed.
    let wrong = toml.replace(
        "practices = \"practices.csv\"",
        "practices = \"practices.csv\"\ncolumns = { family_name = \"Patient Surname\" }",
    );
    f.write("closure.toml", wrong.as_bytes());
    let e = f.read().unwrap_err().to_string();
    assert!(
        e.contains("list.csv: closure.toml's [inputs.columns] reads family_name from the column \"Patient Surname\", which the file does not have"),
        "{e}"
    );
    assert!(e.contains("\"Pt Surname\""), "{e}");

    // A field the patients file does not have.
    let unknown = toml.replace(
        "practices = \"practices.csv\"",
        "practices = \"practices.csv\"\ncolumns = { surname = \"Pt Surname\" }",
    );
    f.write("closure.toml", unknown.as_bytes());
    let e = f.read().unwrap_err().to_string();
    assert!(
        e.contains("key \"inputs.columns.surname\": surname is not a field of the patients file"),
        "{e}"
    );
    assert!(e.contains("family_name"), "{e}");
}

//! Stage tests for input: closure.toml, patient and practice files (CSV and XLSX) and the
//! postcode lookup, read from synthetic fixtures in a temporary folder.

mod common;

use std::path::{Path, PathBuf};

use dispersal::input::{self, DiskFiles, InputError};
use dispersal::model::{Inputs, LetterFormat, PatientStatus, PracticeStatus, Problem};

const PRACTICES: &str = "\
ods_code,name,address_line_1,address_line_2,address_line_3,address_line_4,postcode,phone,email,capacity,status,latitude,longitude
G85001,Bermondsey Health Centre,1 Blue Lane,London,,,se1 3ab,020 7000 0001,bhc@nhs.net,300,open,51.49,-0.06
g85002,Peckham Surgery,2 Rye Lane,London,,,SE15 4AB,020 7000 0002,,150,Of Concern,,
";

const PATIENT_HEADER: &str = "NHS Number,Title,Given Name,Family Name,Date of Birth,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Postcode,Last Seen,Language,Format,Vulnerable,Status,Removed From,Allocated Practice";

/// A good patient row, for tests about something else.
const ONE_PATIENT: &str = "9990000018,Mr,A,One,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,";

/// A temporary folder holding `closure.toml`, the practices file and the patients file.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(patients_name: &str, patients: &[u8]) -> Fixture {
        Fixture::with_practices(
            patients_name,
            patients,
            "practices.csv",
            PRACTICES.as_bytes(),
        )
    }

    fn with_practices(
        patients_name: &str,
        patients: &[u8],
        practices_name: &str,
        practices: &[u8],
    ) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let closure = common::closure_toml(patients_name, practices_name);
        std::fs::write(dir.path().join("closure.toml"), closure).unwrap();
        std::fs::write(dir.path().join(patients_name), patients).unwrap();
        std::fs::write(dir.path().join(practices_name), practices).unwrap();
        Fixture { dir }
    }

    fn closure_path(&self) -> PathBuf {
        self.dir.path().join("closure.toml")
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[allow(clippy::result_large_err)]
    fn read(&self) -> Result<Inputs, InputError> {
        input::read(&self.closure_path(), &DiskFiles, None)
    }
}

fn patients_csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(PATIENT_HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text.into_bytes()
}

use common::date;
use common::ods::{ods_of_rows, ods_row};

fn rendered(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.location, p.message))
        .collect()
}

#[test]
fn csv_with_bom_and_crlf_is_read() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    let text = format!(
        "{PATIENT_HEADER}\r\n\
         999 000 0018,Mrs,Amina,Okafor,03/07/1961,Flat 2,,  12 River Street ,London,,se15  2ab,2024-05-01,pl,Large Print,Y,,g85002; G85003,g85001\r\n\
         9990000026,,Tom,Smith,1990-01-15,1 Long Road,London,,,,SE1 9ZZ,,,,,registered-elsewhere,,\r\n\
         ,,,,,,,,,,,,,,,,,\r\n\r\n"
    );
    bytes.extend(text.as_bytes());
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert!(
        inputs.rejected_patients.is_empty(),
        "{:?}",
        inputs.rejected_patients
    );
    assert!(inputs.warnings.is_empty(), "{:?}", inputs.warnings);
    let [amina, tom] = inputs.patients.as_slice() else {
        panic!("expected two patients: {:?}", inputs.patients);
    };
    assert_eq!(amina.row, 2);
    assert_eq!(amina.nhs_number.0, "9990000018");
    assert_eq!(amina.full_name(), "Mrs Amina Okafor");
    assert_eq!(amina.date_of_birth, date(1961, 7, 3));
    assert_eq!(amina.address_lines, ["Flat 2", "12 River Street", "London"]);
    assert_eq!(amina.postcode.text, "SE15 2AB");
    assert_eq!(amina.last_seen, Some(date(2024, 5, 1)));
    assert_eq!(amina.language, "pl");
    assert_eq!(amina.format, LetterFormat::LargePrint);
    assert!(amina.vulnerable);
    assert_eq!(amina.status, PatientStatus::Registered);
    assert_eq!(amina.removed_from, ["G85002", "G85003"]);
    assert_eq!(amina.allocated_practice.as_deref(), Some("G85001"));

    assert_eq!(tom.row, 3);
    assert_eq!(tom.title, "");
    assert_eq!(tom.last_seen, None);
    assert_eq!(tom.language, "en-GB");
    assert_eq!(tom.format, LetterFormat::Standard);
    assert!(!tom.vulnerable);
    assert_eq!(tom.status, PatientStatus::RegisteredElsewhere);

    assert_eq!(inputs.practices.len(), 2);
    assert_eq!(inputs.practices[0].postcode.text, "SE1 3AB");
    assert_eq!(inputs.practices[0].location, Some((51.49, -0.06)));
    assert_eq!(inputs.practices[1].ods_code, "G85002");
    assert_eq!(inputs.practices[1].status, PracticeStatus::OfConcern);
    assert_eq!(inputs.practices[1].location, None);
    assert_eq!(inputs.closure.lead().ods_code, "G85999");
    assert!(inputs.postcode_lookup.is_none());
}

#[test]
fn windows_1252_csv_is_decoded() {
    let mut bytes = patients_csv(&[]);
    bytes.extend(
        b"9990000018,Ms,Zo\xEB,Br\xFBl\xE9,01/02/1980,1 Long Road,London,,,,SE1 9ZZ,,,,,,,\n",
    );
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert_eq!(inputs.patients.len(), 1, "{:?}", inputs.rejected_patients);
    assert_eq!(inputs.patients[0].given_name, "Zoë");
    assert_eq!(inputs.patients[0].family_name, "Brûlé");
}

#[test]
fn utf16_csv_is_decoded() {
    let text = String::from_utf8(patients_csv(&[
        "9990000018,Ms,Zoë,Smith,01/02/1980,1 Long Road,London,,,,SE1 9ZZ,,,,,,,",
    ]))
    .unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert_eq!(inputs.patients[0].given_name, "Zoë");
}

#[test]
fn binary_garbage_is_refused() {
    let garbage: Vec<u8> = (0..2000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let err = Fixture::new("patients.csv", &garbage).read().unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, InputError::NotText { .. }), "{message}");
    assert!(
        message.contains("patients.csv: the file is not UTF-8 text"),
        "{message}"
    );
    assert!(
        message.contains(
            "hint: save the file as UTF-8: in Excel: File > Save As > CSV UTF-8 (Comma delimited)"
        ),
        "{message}"
    );
}

#[test]
fn xlsx_with_number_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Patient list").unwrap();
    let headers = [
        "NHS_NUMBER",
        "given name",
        "Family-Name",
        "date of birth",
        "address line 1",
        "postcode",
        "last seen",
        "vulnerable",
        "an extra column",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    // Row 2: a good patient, NHS number and dates as real number and date cells.
    sheet.write_number(1, 0, 9434765919.0).unwrap();
    sheet.write_string(1, 1, "Ada").unwrap();
    sheet.write_string(1, 2, "Lovelace").unwrap();
    sheet
        .write_datetime_with_format(
            1,
            3,
            ExcelDateTime::from_ymd(1955, 12, 10).unwrap(),
            &date_format,
        )
        .unwrap();
    sheet.write_string(1, 4, "3 Park Row").unwrap();
    sheet.write_string(1, 5, "SE5 8AB").unwrap();
    sheet
        .write_datetime_with_format(
            1,
            6,
            ExcelDateTime::from_ymd(2025, 3, 4).unwrap(),
            &date_format,
        )
        .unwrap();
    sheet.write_boolean(1, 7, true).unwrap();
    sheet.write_string(1, 8, "ignored").unwrap();
    // Row 3: a bad NHS number as a number cell.
    sheet.write_number(2, 0, 9434765918.0).unwrap();
    sheet.write_string(2, 1, "Bad").unwrap();
    sheet.write_string(2, 2, "Row").unwrap();
    sheet.write_string(2, 3, "01/01/1970").unwrap();
    sheet.write_string(2, 4, "4 Park Row").unwrap();
    sheet.write_string(2, 5, "SE5 8AB").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let inputs = Fixture::new("patients.xlsx", &bytes).read().unwrap();
    let [ada] = inputs.patients.as_slice() else {
        panic!(
            "expected one patient: {:?} {:?}",
            inputs.patients, inputs.rejected_patients
        );
    };
    assert_eq!(ada.row, 2);
    assert_eq!(ada.nhs_number.0, "9434765919");
    assert_eq!(ada.date_of_birth, date(1955, 12, 10));
    assert_eq!(ada.last_seen, Some(date(2025, 3, 4)));
    assert!(ada.vulnerable);
    let [bad] = inputs.rejected_patients.as_slice() else {
        panic!("expected one rejected row");
    };
    assert_eq!(bad.row, 3);
    assert_eq!(bad.nhs_number_given, "9434765918");
    assert_eq!(
        rendered(&bad.problems),
        [
            "patients.xlsx: sheet \"Patient list\": row 3, column \"NHS_NUMBER\": not a valid NHS number (the check digit does not match)"
        ]
    );
}

#[test]
fn practices_from_a_spreadsheet_sniffed_by_magic_bytes() {
    use rust_xlsxwriter::Workbook;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: Vec<Vec<&str>> = PRACTICES.lines().map(|l| l.split(',').collect()).collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if c == 9 && r > 0 {
                sheet
                    .write_number(r as u32, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let patients = patients_csv(&[ONE_PATIENT]);
    // The extension says nothing; the ZIP magic bytes do.
    let fixture = Fixture::with_practices("patients.csv", &patients, "practices.dat", &bytes);
    let inputs = fixture.read().unwrap();
    assert_eq!(inputs.practices.len(), 2, "{:?}", inputs.warnings);
    assert_eq!(inputs.practices[0].capacity, 300);
    assert_eq!(inputs.practices[1].capacity, 150);
}

#[test]
fn broken_rows_are_rejected_and_good_rows_go_on() {
    let bytes = patients_csv(&[
        // row 2: good
        "9990000018,Mr,Good,One,01/02/1980,1 Long Road,London,,,,SE1 9ZZ,,,,,,,",
        // row 3: check digit
        "9990000019,Mr,Bad,Check,01/02/1980,1 Long Road,London,,,,SE1 9ZZ,,,,,,,",
        // row 4: bad postcode and bad date of birth and empty given name
        "9990000026,Mr,,Many,31/02/1980,1 Long Road,London,,,,QQ1 1AA,,,,,,,",
        // row 5: good
        "9990000034,Ms,Good,Two,1980-02-01,1 Long Road,London,,,,SE1 9ZZ,,,,,,,",
        // row 6: no fixed abode
        "9990000042,Ms,Nfa,Patient,01/02/1980,NFA,,,,,SE1 9ZZ,,,,,,,",
        // row 7: born after the letter date, seen after the closure
        "9990000050,Ms,Late,Dates,25/11/2026,1 Long Road,,,,,SE1 9ZZ,01/10/2026,,,,,,",
        // row 8: unknown allocated practice, bad removed_from, bad format/vulnerable/status
        "9990000069,Ms,Odd,Flags,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,Polish,braille,maybe,moved,G85001;12345,G85077",
        // row 9: an address line starting with a forbidden character, empty first line
        "9990000077,Ms,Bad,Address,01/02/1980,,(rear),London,,,SE1 9ZZ,,,,,,,",
    ]);
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    let good: Vec<usize> = inputs.patients.iter().map(|p| p.row).collect();
    assert_eq!(good, [2, 5]);
    let rejected: Vec<usize> = inputs.rejected_patients.iter().map(|r| r.row).collect();
    assert_eq!(rejected, [3, 4, 6, 7, 8, 9]);
    let problems = |row: usize| {
        let r = inputs
            .rejected_patients
            .iter()
            .find(|r| r.row == row)
            .unwrap();
        rendered(&r.problems)
    };
    assert_eq!(
        problems(3),
        [
            "patients.csv: row 3, column \"NHS Number\": not a valid NHS number (the check digit does not match)"
        ]
    );
    assert_eq!(
        problems(4),
        [
            "patients.csv: row 4, column \"Given Name\": the given name is empty",
            "patients.csv: row 4, column \"Date of Birth\": not a real date (check the day and the month)",
            "patients.csv: row 4, column \"Postcode\": not a valid postcode (QQ is not a UK postcode area)",
        ]
    );
    assert_eq!(
        problems(6),
        [
            "patients.csv: row 6, column \"Address Line 1\": \"no fixed abode\" is not a postal address"
        ]
    );
    assert_eq!(
        problems(7),
        [
            "patients.csv: row 7, column \"Date of Birth\": the date of birth is after the date on the letters",
            "patients.csv: row 7, column \"Last Seen\": the last-seen date is after the practice's closure date",
        ]
    );
    assert_eq!(
        problems(8),
        [
            "patients.csv: row 8, column \"Language\": not a language tag",
            "patients.csv: row 8, column \"Format\": the format must be standard or large-print",
            "patients.csv: row 8, column \"Vulnerable\": the vulnerable flag must be Y or N",
            "patients.csv: row 8, column \"Status\": the status must be empty, deceased or registered-elsewhere",
            "patients.csv: row 8, column \"Removed From\": one of the codes is not an ODS code (a letter then 2 to 5 letters or digits, as in G85001)",
            "patients.csv: row 8, column \"Allocated Practice\": the allocated practice is not in the practices file",
        ]
    );
    assert_eq!(
        problems(9),
        [
            "patients.csv: row 9, column \"Address Line 2\": the address line starts with a character a printed address line cannot start with (@ ( ) = [ ] \" \\ / , < > ~)"
        ]
    );
    let allocated = &inputs.rejected_patients[4].problems[5];
    assert_eq!(
        allocated.hint.as_deref(),
        Some("add the practice to the practices file (or fix its row), or clear the cell")
    );
    // Messages never quote names, NHS numbers or addresses.
    for row in &inputs.rejected_patients {
        for p in &row.problems {
            for secret in ["999000", "Bad", "Check", "Many", "Long Road", "QQ1", "Late"] {
                assert!(!p.message.contains(secret), "{secret} in {}", p.message);
            }
        }
    }
}

#[test]
fn duplicate_nhs_numbers_reject_every_occurrence() {
    let bytes = patients_csv(&[
        "999 000 0018,Mr,A,One,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,",
        "9990000026,Mr,B,Two,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,",
        "9990000018,Mr,C,Three,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,",
        "999-000-0018,Mr,D,Four,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,",
    ]);
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    let good: Vec<usize> = inputs.patients.iter().map(|p| p.row).collect();
    assert_eq!(good, [3]);
    let messages: Vec<Vec<String>> = inputs
        .rejected_patients
        .iter()
        .map(|r| rendered(&r.problems))
        .collect();
    assert_eq!(
        messages,
        [
            [
                "patients.csv: row 2, column \"NHS Number\": the same NHS number is on more than one row (also on rows 4, 5)"
            ],
            [
                "patients.csv: row 4, column \"NHS Number\": the same NHS number is on more than one row (also on rows 2, 5)"
            ],
            [
                "patients.csv: row 5, column \"NHS Number\": the same NHS number is on more than one row (also on rows 2, 4)"
            ],
        ]
    );
    assert_eq!(inputs.rejected_patients[2].nhs_number_given, "999-000-0018");
}

#[test]
fn bfpo_address_is_accepted_with_a_warning() {
    let bytes =
        patients_csv(&["9990000018,Sgt,A,Soldier,01/02/1980,1 Regiment,,,,,bfpo123,,,,,,,"]);
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    assert!(inputs.patients[0].postcode.bfpo);
    assert_eq!(inputs.patients[0].postcode.text, "BFPO 123");
    assert_eq!(
        rendered(&inputs.warnings.kept),
        ["patients.csv: row 2, column \"Postcode\": BFPO address: handle this letter manually"]
    );
}

#[test]
fn missing_required_column_lists_the_expected_names() {
    let bytes =
        b"nhs_number,given_name,family_name,dob,address_line_1\n9990000018,A,B,01/01/1980,1 Road\n";
    let err = Fixture::new("patients.csv", bytes).read().unwrap_err();
    let message = err.to_string();
    assert!(
        message
            .contains("patients.csv: missing required columns \"date_of_birth\", \"postcode\"\n"),
        "{message}"
    );
    assert!(
        message.contains(
            "hint: the header row must have the columns nhs_number, given_name, family_name, date_of_birth, address_line_1, postcode;"
        ),
        "{message}"
    );
}

#[test]
fn unknown_toml_key_is_named() {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    let text = std::fs::read_to_string(fixture.closure_path())
        .unwrap()
        .replace("ods_code =", "odscode =");
    fixture.write("closure.toml", text.as_bytes());
    let message = fixture.read().unwrap_err().to_string();
    assert!(
        message.contains("closure.toml: unknown key \"closing_practice.odscode\""),
        "{message}"
    );
    assert!(
        message.contains("hint: the keys allowed in [closing_practice] are: ods_code, name, address, closure_date, patients"),
        "{message}"
    );
}

#[test]
fn closure_date_may_be_a_string() {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    let text = std::fs::read_to_string(fixture.closure_path())
        .unwrap()
        .replace("closure_date = 2026-09-30", "closure_date = \"30/09/2026\"")
        .replace("postage = \"second\"", "postage = \"first\"");
    fixture.write("closure.toml", text.as_bytes());
    let inputs = fixture.read().unwrap();
    assert_eq!(inputs.closure.lead().closure_date, date(2026, 9, 30));
    assert_eq!(
        inputs.closure.letters.postage,
        dispersal::model::Postage::First
    );
}

#[test]
fn missing_file_is_named() {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    std::fs::remove_file(fixture.dir.path().join("practices.csv")).unwrap();
    let message = fixture.read().unwrap_err().to_string();
    assert!(
        message.contains("practices.csv: cannot read the file"),
        "{message}"
    );
    assert!(
        message.contains("hint: the path is relative to the folder holding closure.toml"),
        "{message}"
    );
    let message = input::read(Path::new("/nonexistent/closure.toml"), &DiskFiles, None)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("/nonexistent/closure.toml: cannot read the file"),
        "{message}"
    );
}

#[test]
fn bad_practice_rows_become_warnings() {
    let practices = format!(
        "{PRACTICES}\
         G85001,Again Surgery,3 Road,London,,,SE1 3AB,,,100,open,,\n\
         G85003,Short Surgery,4 Road,London,,,SE1 3AB,,,-5,shut,51.5,\n\
         G85004,Other Surgery,5 Road,London,,,SE1 3AB,,,10,closing,,\n"
    );
    let patients =
        patients_csv(&["9990000018,Mr,A,One,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,G85003"]);
    let fixture = Fixture::with_practices(
        "patients.csv",
        &patients,
        "practices.csv",
        practices.as_bytes(),
    );
    let inputs = fixture.read().unwrap();
    let codes: Vec<&str> = inputs
        .practices
        .iter()
        .map(|p| p.ods_code.as_str())
        .collect();
    assert_eq!(codes, ["G85001", "G85002", "G85004"]);
    assert_eq!(inputs.practices[2].status, PracticeStatus::Closing);
    assert_eq!(
        rendered(&inputs.warnings.kept),
        [
            "practices.csv: row 4, column \"ods_code\": the same ODS code is on more than one row (G85001, also on row 2)",
            "practices.csv: row 5, column \"capacity\": the capacity cannot be negative",
            "practices.csv: row 5, column \"status\": the status must be open, of-concern or closing",
            "practices.csv: row 5, column \"longitude\": the longitude is empty but the other coordinate is given",
        ]
    );
    assert_eq!(
        rendered(&inputs.rejected_patients[0].problems),
        [
            "patients.csv: row 2, column \"Allocated Practice\": the allocated practice was left out (its row 5 in the practices file has problems)"
        ]
    );
}

#[test]
fn postcode_lookup_is_read() {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    let lookup = fixture.write(
        "onspd.csv",
        b"pcd,pcds,lat,long,extra\nSE1  9ZZ,SE1 9ZZ,51.5,-0.09,x\nbad,bad,1,1,x\n",
    );
    let inputs = input::read(&fixture.closure_path(), &DiskFiles, Some(&lookup)).unwrap();
    let centroids = inputs.postcode_lookup.unwrap().centroids;
    assert_eq!(centroids.get("SE1 9ZZ"), Some(&(51.5, -0.09)));
    assert_eq!(centroids.len(), 1);
    assert_eq!(
        rendered(&inputs.warnings.kept),
        [
            "onspd.csv: row 3, column \"pcds\": row skipped: not a valid postcode (a postcode has 5 to 7 letters and digits, not 3)"
        ]
    );
}

#[test]
fn files_can_come_from_memory() {
    struct Memory;
    impl input::Files for Memory {
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            match path.to_str() {
                Some("sample/closure.toml") => {
                    Ok(common::closure_toml("patients.csv", "practices.csv").into_bytes())
                }
                Some("sample/practices.csv") => Ok(PRACTICES.as_bytes().to_vec()),
                Some("sample/patients.csv") => Ok(patients_csv(&[
                    "9990000018,Mr,A,One,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,",
                ])),
                _ => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
            }
        }
    }
    let inputs = input::read(Path::new("sample/closure.toml"), &Memory, None).unwrap();
    assert_eq!(inputs.patients.len(), 1);
}

#[test]
fn odd_cells_never_panic() {
    // A small deterministic generator of awkward cells: multi-byte letters, quotes,
    // separators, forbidden first characters, numbers and dates.
    let pieces = [
        "",
        " ",
        "ë",
        "€",
        "\"",
        "'",
        ";",
        "/",
        "(",
        "@",
        "9",
        "0",
        "-",
        "SE1",
        " 9ZZ",
        "BFPO",
        "31/02",
        "2026",
        "1e308",
        "NaN",
        "Ü",
        "𝔘",
        "\t",
        "Y",
        "large print",
        "deceased",
        "G8",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut text = String::from(PATIENT_HEADER);
    for _ in 0..300 {
        text.push('\n');
        let cells: Vec<String> = (0..(next() % 22))
            .map(|_| {
                let cell: String = (0..(next() % 4))
                    .map(|_| pieces[next() % pieces.len()])
                    .collect();
                format!("\"{}\"", cell.replace('"', "\"\""))
            })
            .collect();
        text.push_str(&cells.join(","));
    }
    let inputs = Fixture::new("patients.csv", text.as_bytes())
        .read()
        .unwrap();
    assert_eq!(
        inputs.patients.len() + inputs.rejected_patients.len(),
        300 - blank_rows(&text)
    );
}

fn blank_rows(text: &str) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let records = reader.records().filter_map(Result::ok).count();
    let blank = reader_blank(text);
    300 - records + blank
}

fn reader_blank(text: &str) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| r.iter().all(|c| c.trim().is_empty()))
        .count()
}

#[test]
fn header_only_file_is_refused_by_name() {
    let err = Fixture::new("patients.csv", &patients_csv(&[]))
        .read()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("patients.csv: the file has a header row but no patient rows under it"),
        "{err}"
    );
    let err = Fixture::new("patients.csv", b"")
        .read()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("patients.csv: no header row (the file is empty)"),
        "{err}"
    );
}

#[test]
fn duplicate_used_column_is_refused_naming_both() {
    let mut text = String::from_utf8(patients_csv(&[ONE_PATIENT])).unwrap();
    text = text.replacen(PATIENT_HEADER, &format!("{PATIENT_HEADER},postcode"), 1);
    let err = Fixture::new("patients.csv", text.as_bytes())
        .read()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "patients.csv: the column \"postcode\" appears 2 times: K (\"Postcode\"), S (\"postcode\")"
        ),
        "{err}"
    );
}

#[test]
fn unknown_columns_are_named_in_a_warning() {
    let text = String::from_utf8(patients_csv(&[ONE_PATIENT]))
        .unwrap()
        .replacen(
            PATIENT_HEADER,
            &format!("{PATIENT_HEADER},Telephone,Adress line 6"),
            1,
        );
    let inputs = Fixture::new("patients.csv", text.as_bytes())
        .read()
        .unwrap();
    assert_eq!(inputs.patients.len(), 1);
    assert_eq!(
        rendered(&inputs.warnings.kept),
        ["patients.csv: row 1: columns \"Telephone\", \"Adress line 6\" are not used"]
    );
}

#[test]
fn semicolon_and_tab_delimited_files_are_read() {
    for delimiter in [";", "\t"] {
        let text = String::from_utf8(patients_csv(&[
            ONE_PATIENT,
            "9434765919,Ms,B,\"Two, Three\",02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,",
        ]))
        .unwrap()
        .replace(',', delimiter)
        .replace(&format!("Two{delimiter} Three"), "Two, Three");
        let inputs = Fixture::new("patients.csv", text.as_bytes())
            .read()
            .unwrap();
        assert_eq!(
            inputs.patients.len(),
            2,
            "{delimiter:?}: {:?}",
            inputs.rejected_patients
        );
        assert_eq!(inputs.patients[1].family_name, "Two, Three");
    }
}

#[test]
fn a_cell_of_900_kilobytes_rejects_its_row_and_the_others_go_on() {
    // Under the 1 MB a line that a CSV may have (a longer line refuses the file).
    let huge = "x".repeat(900 * 1024);
    let row = format!("9434765919,Ms,B,{huge},02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,");
    let bytes = patients_csv(&[ONE_PATIENT, &row]);
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let [rejected] = inputs.rejected_patients.as_slice() else {
        panic!("expected one rejected row");
    };
    assert_eq!(rejected.row, 3);
    assert!(
        rendered(&rejected.problems).contains(
            &"patients.csv: row 3, column \"Family Name\": the cell is too long (921600 characters; a cell may hold at most 200)".to_string()
        ),
        "{:?}",
        rendered(&rejected.problems)
    );
}

/// A workbook with a notes sheet first, then the patients, with a hidden row, merged cells, a
/// formula with no saved value and a date stored as a plain number.
fn awkward_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write_string(0, 0, "Exported from the clinical system")
        .unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Patients").unwrap();
    for (col, header) in PATIENT_HEADER.split(',').enumerate() {
        sheet.write_string(0, col as u16, header).unwrap();
    }
    let rows = [
        ONE_PATIENT,
        "9434765919,Ms,B,Two,02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,",
        "9434765927,Mr,C,Three,29252,3 Long Road,,,,,SE1 9ZZ,,,,,,,",
        "4010232137,Mx,D,Four,04/05/1983,4 Long Road,,,,,SE1 9ZZ,,,,,,,",
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.split(',').enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if c == 4 && cell.len() == 5 {
                sheet
                    .write_number(r, c, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    // Row 5's address line 2 is a formula; row 3 is hidden; two cells of
    // address line 3 are merged.
    sheet
        .write_formula(4, 6, Formula::new("=A2&\"x\""))
        .unwrap();
    sheet.set_row_hidden(2).unwrap();
    sheet
        .merge_range(3, 7, 4, 7, "Flat 1", &rust_xlsxwriter::Format::new())
        .unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn workbook_sheets_hidden_rows_merged_cells_formulas_and_serial_dates_are_reported() {
    let inputs = Fixture::new("patients.xlsx", &awkward_workbook())
        .read()
        .unwrap();
    let warnings = rendered(&inputs.warnings.kept);
    let expected = [
        "patients.xlsx: sheet \"Patients\": the workbook has 2 sheets with data; only sheet \"Patients\" was read, not \"Read me\"",
        "patients.xlsx: sheet \"Patients\": merged cells H4:H5: only the first cell of each holds the value, the others are read as empty",
        "patients.xlsx: sheet \"Patients\": row 3 is hidden in Excel (or filtered out); hidden rows are read like any other",
        "patients.xlsx: sheet \"Patients\": cell G5 holds a formula; the value Excel last saved is read (empty or 0 if the file was never opened in Excel)",
    ];
    for line in expected {
        assert!(
            warnings.contains(&line.to_string()),
            "{line}\n{warnings:#?}"
        );
    }
    // The hidden row is read; the serial-number date rejects its row, saying why.
    let rows: Vec<usize> = inputs.patients.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 3, 5]);
    let [serial] = inputs.rejected_patients.as_slice() else {
        panic!("expected one rejected row: {:?}", inputs.rejected_patients);
    };
    assert_eq!(serial.row, 4);
    let problems = rendered(&serial.problems).join("\n");
    assert!(
        problems.contains("row 4, column \"Date of Birth\": a number, not a date: it looks like a spreadsheet date serial number"),
        "{problems}"
    );
}

#[test]
fn characters_the_fuzzer_found_are_refused_naming_row_and_column() {
    // U+0004 and U+FEFF broke the PDF export of a whole print file; U+E000 is one of the
    // compose stage's own markers.
    let rows: Vec<String> = ["\u{4}", "\u{FEFF}", "\u{E000}"]
        .iter()
        .map(|c| format!("9434765919,Ms,An{c}n,Two,02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,"))
        .collect();
    for row in &rows {
        let inputs = Fixture::new("patients.csv", &patients_csv(&[row]))
            .read()
            .unwrap();
        let [rejected] = inputs.rejected_patients.as_slice() else {
            panic!("expected the row to be refused: {row:?}");
        };
        let problems = rendered(&rejected.problems).join("\n");
        assert!(
            problems.contains("patients.csv: row 2, column \"Given Name\": the cell holds an invisible or unprintable character (U+"),
            "{problems}"
        );
    }
}

#[test]
fn text_no_letter_font_has_or_too_wide_for_the_window_is_refused_and_good_rows_go_on() {
    // Found by the letters fuzz target: NKo U+07DD broke its print file's PDF export, and a
    // long unbroken family name wrapped out of the envelope window.
    let long_name = "Wolfeschlegelsteinhausenbergerdorff".repeat(3);
    let long_line = "Flat1234567890TheVeryLongNamedBuildingOfSomewhereQuiteFarAwayFromHere";
    let rows = [
        "9434765919,Mr\u{07DD},Ann,Two,02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,".to_string(),
        format!("9990000018,Ms,Bea,{long_name},02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,"),
        format!("9990000026,Ms,Cy,Three,02/03/1981,2 Long Road,{long_line},,,,SE1 9ZZ,,,,,,,"),
        "9990000034,Mx,Dee,Good,02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,".to_string(),
        // Also found by the fuzzer: Noto Sans has "L", Noto Naskh Arabic the maddah above
        // (U+0653), and no font both, so the cluster cannot print.
        "9990000042,Ms,AL\u{653}a,Four,02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,".to_string(),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let inputs = Fixture::new("patients.csv", &patients_csv(&rows))
        .read()
        .unwrap();
    assert_eq!(inputs.patients.len(), 1, "the good row goes on");
    assert_eq!(inputs.patients[0].family_name, "Good");
    let problems: Vec<String> = inputs
        .rejected_patients
        .iter()
        .flat_map(|r| rendered(&r.problems))
        .collect();
    let expected = [
        "patients.csv: row 2, column \"Title\": the cell holds a character the letters cannot print (U+07DD)",
        "patients.csv: row 3, column \"Family Name\": the name is too long for one line of the envelope window",
        "patients.csv: row 4, column \"Address Line 2\": the address line is too long for one line of the envelope window",
        "patients.csv: row 6, column \"Given Name\": the cell holds a character the letters cannot print (U+0653)",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (problem, expected) in problems.iter().zip(expected) {
        assert!(
            problem.starts_with(expected),
            "{problem}\nexpected {expected}"
        );
    }
}

/// The first line of an input error (the message; the hint follows).
fn first_line(e: &InputError) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}

#[test]
fn a_file_past_a_limit_is_refused_naming_the_file_the_limit_and_what_to_do() {
    // Lower limits than the real ones, so the files stay small.
    let limits = input::Limits {
        patient_rows: 3,
        practice_rows: 2,
        line_bytes: 400,
        columns: 20,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |f: &Fixture| input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits);

    let rows = [ONE_PATIENT; 4];
    let e = read(&Fixture::new("patients.csv", &patients_csv(&rows))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.csv: it has more than 3 data rows; the limit is 3 rows for a patients file"
        ),
        "{e}"
    );
    assert!(
        e.to_string()
            .ends_with("not a national extract or another file"),
        "{e}"
    );
    assert!(read(&Fixture::new("patients.csv", &patients_csv(&rows[..3]))).is_ok());

    let mut practices = PRACTICES.to_string();
    practices.push_str("G85003,Third Surgery,3 Road,London,,,SE1 3AC,020 7000 0003,,10,open,,\n");
    let f = Fixture::with_practices(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT]),
        "practices.csv",
        practices.as_bytes(),
    );
    let e = read(&f).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "practices.csv: it has more than 2 data rows; the limit is 2 rows for a practices file"
        ),
        "{e}"
    );

    let wide = format!("{PATIENT_HEADER},{}", ["extra"; 3].join(","));
    let e = read(&Fixture::new(
        "patients.csv",
        format!("{wide}\n{ONE_PATIENT}\n").as_bytes(),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with("patients.csv: row 1 has 21 columns; the limit is 20 columns"),
        "{e}"
    );
    let row = format!("{ONE_PATIENT},x,y,z");
    let e = read(&Fixture::new(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT, &row]),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with("row 3 has 21 columns; the limit is 20 columns"),
        "{e}"
    );

    let long = format!("{ONE_PATIENT}{}", " ".repeat(400));
    let e = read(&Fixture::new(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT, &long]),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with(&format!(
            "patients.csv: line 3 is {} bytes long; the limit is 400 bytes for one line",
            long.len()
        )),
        "{e}"
    );
}

#[test]
fn a_workbook_that_would_inflate_past_the_limits_is_refused_before_it_is_read() {
    use rust_xlsxwriter::Workbook;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in PATIENT_HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    // Many rows of the same text: a sheet that compresses very well.
    for r in 1..2_000u32 {
        for c in 0..10u16 {
            sheet.write_string(r, c, "the same words again").unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let f = Fixture::new("patients.xlsx", &bytes);
    let by_size = input::Limits {
        part_bytes: 100_000,
        ..input::Limits::default()
    };
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &by_size).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its part xl/worksheets/sheet1.xml would be")
            && first_line(&e).ends_with("the limit is 100,000 bytes for any part of a workbook"),
        "{e}"
    );
    let by_ratio = input::Limits {
        part_ratio: 5,
        ratio_above: 10_000,
        ..input::Limits::default()
    };
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &by_ratio).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its part xl/worksheets/sheet1.xml would inflate")
            && first_line(&e).ends_with("the limit is 5 times for a part over 10,000 bytes"),
        "{e}"
    );
    // Within the real limits the same workbook reads.
    assert!(f.read().is_ok());
}

#[test]
fn the_real_limits_refuse_a_wide_file_a_long_line_and_too_many_rows() {
    // The limits as the README states them: 256 columns, 1 MB a line, 500,000 patients,
    // 20,000 practices.
    let wide = format!("{PATIENT_HEADER},{}", ["extra"; 256 - 18 + 1].join(","));
    let f = Fixture::new(
        "patients.csv",
        format!("{wide}\n{ONE_PATIENT}\n").as_bytes(),
    );
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with("row 1 has 257 columns; the limit is 256 columns"),
        "{e}"
    );

    let long = format!("{ONE_PATIENT}{}", " ".repeat(1 << 20));
    let f = Fixture::new("patients.csv", &patients_csv(&[&long]));
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with("the limit is 1 MB for one line"),
        "{e}"
    );

    // 500,001 data rows (short broken ones: the limit counts rows, good or bad).
    let mut rows = String::from(PATIENT_HEADER);
    rows.push('\n');
    rows.push_str(&"1\n".repeat(500_001));
    let f = Fixture::new("patients.csv", rows.as_bytes());
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "it has more than 500,000 data rows; the limit is 500,000 rows for a patients file"
        ),
        "{e}"
    );

    let mut practices = String::from(PRACTICES.lines().next().unwrap());
    practices.push('\n');
    for i in 0..20_001 {
        practices.push_str(&format!(
            "G{:05},Surgery {i},1 Road,London,,,SE1 3AB,020 7000 0001,,10,open,,\n",
            i % 100_000
        ));
    }
    let f = Fixture::with_practices(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT]),
        "practices.csv",
        practices.as_bytes(),
    );
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "it has more than 20,000 data rows; the limit is 20,000 rows for a practices file"
        ),
        "{e}"
    );
}

/// A minimal XLSX workbook from its sheet's XML (rows inside `<sheetData>`) and, if given, its
/// table of texts, each part deflated.
fn workbook_of_parts(sheet_rows: &str, shared_strings: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let shared_type = r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#;
    let shared_rel = r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    let has_shared = shared_strings.is_some();
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{}</Types>"#,
                if has_shared { shared_type } else { "" }
            ),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Patients" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#,
                if has_shared { shared_rel } else { "" }
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts
        .iter()
        .map(|(n, t)| (*n, t.as_str()))
        .chain(shared_strings.map(|s| ("xl/sharedStrings.xml", s)))
    {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Inline-text cells for one row.
fn inline_row(number: usize, cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<c t="inlineStr"><is><t>{c}</t></is></c>"#))
        .collect();
    format!(r#"<row r="{number}">{cells}</row>"#)
}

fn workbook_header_and(rows: &str) -> String {
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    format!(
        "{}{}{rows}",
        inline_row(1, &header),
        inline_row(2, &patient)
    )
}

#[test]
fn a_workbook_is_read_within_the_limits_on_what_it_holds_not_what_it_says() {
    let limits = input::Limits {
        cell_bytes: 1_000,
        shared_strings_bytes: 20_000,
        part_bytes: 200_000,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |bytes: &[u8]| {
        let f = Fixture::new("patients.xlsx", bytes);
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let good = workbook_of_parts(&workbook_header_and(""), None);
    let inputs = read(&good).unwrap();
    assert_eq!(inputs.patients.len(), 1, "{:?}", inputs.rejected_patients);

    // One cell of more text than a cell may hold.
    let long = "x".repeat(1_001);
    let bytes = workbook_of_parts(&workbook_header_and(&inline_row(3, &[&long])), None);
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: a cell in its part xl/worksheets/sheet1.xml is too long; the limit is 1,000 bytes for one cell"
        ),
        "{e}"
    );

    // A table of texts bigger than the limit, and one that claims far more texts than it has
    // (the reader would set memory aside for them all).
    let texts: String = (0..2_000)
        .map(|i| format!("<si><t>text {i}</t></si>"))
        .collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="2000">{texts}</sst>"#
    );
    let bytes = workbook_of_parts(&workbook_header_and(""), Some(&shared));
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its table of texts (xl/sharedStrings.xml) is")
            && first_line(&e).ends_with("the limit is 20,000 bytes for the table of texts"),
        "{e}"
    );
    let claims = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>one</t></si></sst>"#;
    let bytes = workbook_of_parts(&workbook_header_and(""), Some(claims));
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).contains("says it holds 4,000,000,000 texts but holds 1"),
        "{e}"
    );

    // A part whose zip directory says it is small but that inflates to more: the zip reader
    // stops at the size the directory gives, and the file is refused as damaged.
    let filler: String = (3..400)
        .map(|r| inline_row(r, &["the same words again and again"; 10]))
        .collect();
    let mut bytes = workbook_of_parts(&workbook_header_and(&filler), None);
    let inflated = lie_about_sizes(&mut bytes, "xl/worksheets/sheet1.xml", 1_000);
    assert!(inflated > 200_000, "{inflated}");
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: cannot read the spreadsheet (Xml error: I/O error: File is larger than its declared uncompressed size)"
        ),
        "{e}"
    );
}

/// Writes `size` as the uncompressed size of a part in the zip's local header and central
/// directory; gives the part's real size.
fn lie_about_sizes(zip: &mut [u8], part: &str, size: u32) -> u32 {
    let mut real = 0;
    let name = part.as_bytes();
    for i in 0..zip.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = match &zip[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => (22, 26, 30),
            [0x50, 0x4b, 0x01, 0x02] => (24, 28, 46),
            _ => continue,
        };
        let name_len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]);
        if zip.get(i + name_at..i + name_at + name_len as usize) == Some(name) {
            let at = i + size_at;
            real = u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
            zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    real
}

#[test]
fn a_sheet_is_read_row_by_row_so_a_cell_far_away_costs_nothing() {
    // A grid from A1 to XFD1048576 would be 17 billion cells; streamed, the far cell is
    // refused by the column limit, naming its row.
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let bytes = workbook_of_parts(&workbook_header_and(far), None);
    let f = Fixture::new("patients.xlsx", &bytes);
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e)
            .ends_with("patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns"),
        "{e}"
    );
    // Far down but within the columns: read, and the rows between are not there.
    let down =
        r#"<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>9990000026</t></is></c></row>"#;
    let bytes = workbook_of_parts(&workbook_header_and(down), None);
    let f = Fixture::new("patients.xlsx", &bytes);
    let inputs = f.read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let rows: Vec<usize> = inputs.rejected_patients.iter().map(|r| r.row).collect();
    assert_eq!(rows, [1_000_000]);
}

#[test]
fn an_ods_workbook_is_read_unless_its_repeats_would_lay_out_a_huge_grid() {
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    // LibreOffice writes the empty rest of a sheet as repeats; they cost nothing.
    let tail = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let good = ods_of_rows(&format!("{}{}{tail}", ods_row(&header), ods_row(&patient)));
    let f = Fixture::new("patients.ods", &good);
    let inputs = f.read().unwrap();
    assert_eq!(inputs.patients.len(), 1, "{:?}", inputs.rejected_patients);

    // A value repeated across 100 columns and 200,000 rows (and the header): 20 million cells from a few bytes.
    let bomb = r#"<table:table-row table:number-rows-repeated="200000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods_of_rows(&format!("{}{bomb}", ods_row(&header)));
    let f = Fixture::new("patients.ods", &bytes);
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: its sheets would be 20,000,100 cells; the limit is 2,000,000 cells for an ODS workbook, which is read whole"
        ),
        "{e}"
    );
}

#[test]
fn an_ods_workbook_is_read_unless_its_repeated_texts_would_take_too_much_memory() {
    let limits = input::Limits {
        ods_bytes: 4 << 20,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |bytes: &[u8]| {
        let f = Fixture::new("patients.ods", bytes);
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    let list = format!("{}{}", ods_row(&header), ods_row(&patient));
    // A text of 1,000 bytes in a cell after the list, repeated across 10 columns of `rows`
    // rows (the reader copies it into each cell, in the sheet and in the copy it reads).
    let repeated = |rows: usize| {
        let text = "x".repeat(1_000);
        format!(
            r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="18"/><table:table-cell table:number-columns-repeated="10" office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        )
    };
    let inputs = read(&ods_of_rows(&format!("{list}{}", repeated(100)))).unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let e = read(&ods_of_rows(&format!("{list}{}", repeated(1_000)))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: reading it would take at least 20 MB of memory; the limit is 4 MB for an ODS workbook, which is read whole"
        ),
        "{e}"
    );
    assert!(e.to_string().contains("(.xlsx) or CSV UTF-8"), "{e}");

    // A formula is copied the same way, even in a cell with no value.
    let formula = format!("of:={}", "1".repeat(1_000));
    let formulas = format!(
        r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="10" table:formula="{formula}"/></table:table-row>"#
    );
    let e = read(&ods_of_rows(&format!("{list}{formulas}"))).unwrap_err();
    assert!(
        first_line(&e).contains("patients.ods: reading it would take at least"),
        "{e}"
    );

    // Spaces written as a count make a cell longer than the file.
    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="2000000"/></text:p></table:table-cell></table:table-row>"#;
    let e = read(&ods_of_rows(&format!("{list}{spaces}"))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: a cell in its part content.xml is too long; the limit is 1 MB for one cell"
        ),
        "{e}"
    );
}

#[test]
fn a_table_of_texts_holding_more_texts_than_the_limit_is_refused() {
    let limits = input::Limits {
        shared_strings_texts: 1_000,
        ..input::Limits::default()
    };
    let f = Fixture::new("patients.xlsx", b"");
    let texts: String = (0..1_001).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1001">{texts}</sst>"#
    );
    f.write(
        "patients.xlsx",
        &workbook_of_parts(&workbook_header_and(""), Some(&shared)),
    );
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: its table of texts (xl/sharedStrings.xml) holds more than 1,000 texts; the limit is 1,000 texts in the table of texts"
        ),
        "{e}"
    );
    // 1,000 are read.
    let texts: String = (0..1_000).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1000">{texts}</sst>"#
    );
    f.write(
        "patients.xlsx",
        &workbook_of_parts(&workbook_header_and(""), Some(&shared)),
    );
    let inputs = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits).unwrap();
    assert_eq!(inputs.patients.len(), 1);
}

#[test]
fn a_sheet_naming_one_long_text_down_every_row_is_refused_by_the_text_it_holds() {
    // XLSX keeps a text once however many cells name it: 600 rows naming one text of 1,000
    // bytes hold 600,000 bytes of text to copy and look through (500,000 rows naming a text
    // of 1 MB took minutes).
    let limits = input::Limits {
        sheet_text_bytes: 500_000,
        ..input::Limits::default()
    };
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>{}</t></si></sst>"#,
        "x".repeat(1_000)
    );
    let f = Fixture::new("patients.xlsx", b"");
    #[allow(clippy::result_large_err)]
    let read = |rows: usize| {
        let named: String = (3..3 + rows)
            .map(|r| format!(r#"<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        f.write(
            "patients.xlsx",
            &workbook_of_parts(&workbook_header_and(&named), Some(&shared)),
        );
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let inputs = read(400).unwrap();
    assert_eq!(inputs.rejected_patients.len(), 400);
    let e = read(600).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: its rows hold more than 500,000 bytes of text; the limit is 500,000 bytes of text in a sheet's rows"
        ),
        "{e}"
    );
}

/// A workbook of tests/fixtures/bombs (made by its make.py).
fn bomb(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bombs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each bomb (a patient list with one cell as far down and to the right as its format
/// allows, or with something else the reader would hold whole: see make.py), the name it is
/// read under, and how it is refused: by the column limit, naming the row, for the formats
/// read row by row; by the limit on what reading it whole would take for the others; by the
/// limits on a cell, the table of texts and a record.
const BOMBS: &[(&str, &str, &str)] = &[
    (
        "patients-bomb.xlsb",
        "patients.xlsb",
        "patients.xlsb: row 1048576 has 16,384 columns; the limit is 256 columns",
    ),
    (
        "patients-bomb.xlsx",
        "patients.xlsx",
        "patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns",
    ),
    (
        "patients-bomb.ods",
        "patients.ods",
        "patients.ods: its sheets would be 17,179,869,184 cells; the limit is 2,000,000 cells for an ODS workbook, which is read whole",
    ),
    (
        "patients-bomb-text.ods",
        "patients.ods",
        "patients.ods: reading it would take at least 3,809,105 MB of memory; the limit is 400 MB for an ODS workbook, which is read whole",
    ),
    (
        "patients-bomb-spaces.ods",
        "patients.ods",
        "patients.ods: a cell in its part content.xml is too long; the limit is 1 MB for one cell",
    ),
    (
        "patients-bomb-unended.ods",
        "patients.ods",
        "patients.ods: cannot read the spreadsheet (the workbook is damaged: its content.xml is not laid out as the reader expects)",
    ),
    (
        "patients-bomb-strings.xlsb",
        "patients.xlsb",
        "patients.xlsb: its table of texts (xl/sharedStrings.bin) holds more than 4,000,000 texts; the limit is 4,000,000 texts in the table of texts",
    ),
    (
        "patients-bomb-record.xlsb",
        "patients.xlsb",
        "patients.xlsb: a record in its part xl/worksheets/sheet1.bin is 268,435,455 bytes long; the limit is 2 MB for one record of an Excel binary workbook (.xlsb)",
    ),
    (
        "patients-bomb.xls",
        "patients.xls",
        "patients.xls: reading it would take at least 2,176 MB of memory; the limit is 480 MB for an Excel 97–2003 workbook (.xls), which is read whole",
    ),
    (
        "patients-bomb-3sheets.xls",
        "patients.xls",
        "patients.xls: reading it would take at least 2,176 MB of memory; the limit is 480 MB for an Excel 97–2003 workbook (.xls), which is read whole",
    ),
];

#[test]
fn a_workbook_bomb_is_refused_naming_the_file_and_the_limit() {
    for &(fixture, name, refused) in BOMBS {
        let f = Fixture::new(name, &bomb(fixture));
        let e = f.read().unwrap_err();
        assert!(first_line(&e).ends_with(refused), "{fixture}: {e}");
        if name.ends_with(".xls") {
            assert!(
                e.to_string()
                    .contains("save it as an Excel workbook (.xlsx) or CSV UTF-8"),
                "{e}"
            );
        }
    }
    // The same bomb named .xlsx (the page saves an upload under the name it gives it) is
    // told from its contents and refused the same way.
    let f = Fixture::new("patients.xlsx", &bomb("patients-bomb.xlsb"));
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e)
            .ends_with("patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns"),
        "{e}"
    );
}

#[test]
fn the_bombs_twins_without_the_far_cell_are_read() {
    for (fixture, name) in [
        ("patients-ok.xlsb", "patients.xlsb"),
        ("patients-ok.xls", "patients.xls"),
    ] {
        let inputs = Fixture::new(name, &bomb(fixture)).read().unwrap();
        assert_eq!(
            inputs.patients.len(),
            1,
            "{fixture}: {:?}",
            inputs.rejected_patients
        );
        let p = &inputs.patients[0];
        assert_eq!(
            (
                p.given_name.as_str(),
                p.family_name.as_str(),
                p.date_of_birth
            ),
            ("Hao", "Liu", date(2014, 11, 26)),
            "{fixture}"
        );
    }
}

/// Peak memory (resident set, MB) and seconds of `dispersal plan` on a closure whose patient
/// list is `bytes` named `name`, and what it wrote to stderr.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(clippy::zombie_processes)] // waited for by wait4, for its peak memory
fn plan_peak(name: &str, bytes: &[u8]) -> (u64, f64, String) {
    let f = Fixture::new(name, bytes);
    let out = f.dir.path().join("out");
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dispersal"))
        .arg("plan")
        .arg(f.closure_path())
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for the child this test started, which nothing else waits for.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32);
    let seconds = started.elapsed().as_secs_f64();
    (usage.ru_maxrss as u64 / 1024, seconds, stderr)
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn reading_a_workbook_bomb_takes_little_memory() {
    // The readers that lay a sheet out as a grid took 512 GB (XLSB: the process aborted),
    // 1.2 GB (XLS) and 3.4 GB (three XLS sheets) for these; calamine alone went past 4 GB
    // for the repeated text and the spaces and never finished the sheet that does not end
    // (ODS), and took 330 MB for the 6,000,000 texts and 260 MB for the record (XLSB). Refused, they cost what a small list costs; 600 MB
    // is the bound the README states for any file.
    for &(fixture, name, refused) in BOMBS {
        let (mb, seconds, stderr) = plan_peak(name, &bomb(fixture));
        assert!(stderr.contains(refused), "{fixture}: {stderr}");
        assert!(mb < 600, "{fixture}: {mb} MB");
        eprintln!("{fixture}: {mb} MB, {seconds:.2} s");
    }
}

#[test]
fn a_workbook_the_reader_panics_on_is_refused_as_damaged_and_the_panic_prints_nothing() {
    // calamine's XLSB reader panics on a workbook that names its sheet by a relationship it
    // does not have. A panic's message could quote the file; only the error is printed.
    let f = Fixture::new("patients.xlsb", &bomb("patients-damaged.xlsb"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispersal"))
        .arg("plan")
        .arg(f.closure_path())
        .arg("--out")
        .arg(f.dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: ")
            && stderr.lines().next().unwrap().ends_with(
                "patients.xlsb: cannot read the spreadsheet (the workbook is damaged: its records do not hold what they say)"
            ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
}

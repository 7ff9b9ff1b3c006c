//! Input tests: the files as officers save them (CSV with a BOM and CRLF, Windows-1252,
//! UTF-16, semicolons and tabs, garbage), read from disk or from memory, and closure.toml.

use super::*;

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
    let patients = inputs.patients.to_vec();
    let [amina, tom] = patients.as_slice() else {
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
    assert_eq!(
        inputs.practices[0].location,
        Some(Position::Degrees {
            lat: 51.49,
            long: -0.06
        })
    );
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
    assert_eq!(inputs.patients.get(0).unwrap().given_name, "Zoë");
    assert_eq!(inputs.patients.get(0).unwrap().family_name, "Brûlé");
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
    assert_eq!(inputs.patients.get(0).unwrap().given_name, "Zoë");
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
fn postcode_lookup_is_read() {
    let fixture = Fixture::new("patients.csv", &patients_csv(&[ONE_PATIENT]));
    let lookup = fixture.write(
        "onspd.csv",
        b"pcd,pcds,lat,long,extra\nSE1  9ZZ,SE1 9ZZ,51.5,-0.09,x\nbad,bad,1,1,x\n",
    );
    let inputs = input::read(&fixture.closure_path(), &DiskFiles, Some(&lookup)).unwrap();
    let positions = inputs.postcode_lookup.unwrap().positions;
    assert_eq!(
        positions.get("SE1 9ZZ"),
        Some(&Position::Degrees {
            lat: 51.5,
            long: -0.09
        })
    );
    assert_eq!(positions.len(), 1);
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
        assert_eq!(inputs.patients.get(1).unwrap().family_name, "Two, Three");
    }
}

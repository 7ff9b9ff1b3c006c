//! Input tests: every bad row rejected naming its row and column while the good rows go on;
//! columns missing, repeated or unknown; cells no letter can print.

use super::*;

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
        // (its language, Polish, is read as pl)
        "9990000069,Ms,Odd,Flags,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,Polish,brail,maybe,moved,G85001;12345,G85077",
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
            "patients.csv: row 8, column \"Format\": \"brail\" is not a letter format or an information need this tool knows",
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
    let allocated = &inputs.rejected_patients[4].problems[4];
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
    assert!(inputs.patients.get(0).unwrap().postcode.bfpo);
    assert_eq!(inputs.patients.get(0).unwrap().postcode.text, "BFPO 123");
    assert_eq!(
        rendered(&inputs.warnings.kept),
        ["patients.csv: row 2, column \"Postcode\": BFPO address: handle this letter manually"]
    );
}

#[test]
fn missing_required_column_lists_the_expected_names() {
    let bytes =
        b"nhs_number,given_name,family_name,born,address_line_1\n9990000018,A,B,01/01/1980,1 Road\n";
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
    assert_eq!(inputs.patients.get(0).unwrap().family_name, "Good");
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

//! Input tests: patient and practice lists as spreadsheets (XLSX and the others, told apart
//! by their first bytes): number and date cells, sheets, hidden rows, merged cells, formulas.

use super::*;

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
    let patients = inputs.patients.to_vec();
    let [ada] = patients.as_slice() else {
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

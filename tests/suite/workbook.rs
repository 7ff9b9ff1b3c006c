//! Package stage tests: the PCSE allocation workbook and a receiving practice's list, read
//! back with calamine (values, text and date cells, no formulas) and unzipped for styles.

use crate::common;

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use common::{date, inputs, patient, practice};
use dispersal::compose::{self, Wording};
use dispersal::package::{PackageError, allocation_workbook, practice_list_xlsx};
use dispersal::plan::{self, Plan};

const INJECTED_GIVEN: &str = "=HYPERLINK(\"http://x\")";
const INJECTED_FAMILY: &str = "+1";

/// Rows: 2 allocated by the officer to G85002; 3 and 4 a household; 5 vulnerable; 6 a name
/// that looks like formulas; 7 not seen (2b); 8 out of area (2c); 9 unallocated (removed
/// from both practices).
fn fixture() -> Plan {
    let mut officer = patient(2, "Amina", "Okafor", &["1 Bellenden Road"], "SE15 4QJ");
    officer.allocated_practice = Some("G85002".into());
    let jo = patient(
        3,
        "Jo",
        "Mensah",
        &["Flat 2", "5 Choumert Road"],
        "SE15 4AR",
    );
    let sam = patient(
        4,
        "Sam",
        "Mensah",
        &["Flat 2", "5 Choumert Road"],
        "SE15 4AR",
    );
    let mut vulnerable = patient(5, "Grace", "Adeyemi", &["7 Lyndhurst Way"], "SE15 4QL");
    vulnerable.vulnerable = true;
    vulnerable.date_of_birth = date(1941, 2, 3);
    let injected = patient(
        6,
        INJECTED_GIVEN,
        INJECTED_FAMILY,
        &["9 Oglander Road"],
        "SE15 4QN",
    );
    let mut unseen = patient(7, "Tom", "Reilly", &["11 Nutbrook Street"], "SE15 4QP");
    unseen.last_seen = None;
    let away = patient(
        8,
        "Rui",
        "Costa",
        &["3 Sangley Road", "Catford", "London"],
        "SE6 2JT",
    );
    let mut nowhere = patient(9, "Ada", "Price", &["13 Ryedale"], "SE15 4QR");
    nowhere.removed_from = vec!["G85001".into(), "G85002".into()];
    let practices = vec![
        practice(2, "G85001", "Bellenden Road Surgery", "SE15 4QK", 100),
        practice(3, "G85002", "Borough Medical Centre", "SE1 1AA", 100),
    ];
    plan::plan(&inputs(
        vec![
            officer, jo, sam, vulnerable, injected, unseen, away, nowhere,
        ],
        practices,
    ))
}

fn letters(plan: &Plan) -> Vec<compose::Letter> {
    compose::compose(plan, &Wording::load().expect("wording loads"))
        .expect("letters compose")
        .letters
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    open(bytes).worksheet_range(name).expect("sheet exists")
}

/// The sheet as text, one row per line, for readable assertions: dates as `date:<serial>`.
fn texts(range: &Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(d) => format!("date:{}", d.as_f64()),
                    other => format!("other:{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn column(range: &Range<Data>, header: &str) -> usize {
    texts(range)[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?}"))
}

/// The row whose "NHS number" cell is `nhs`.
fn row_of(range: &Range<Data>, nhs: &str) -> Vec<String> {
    let col = column(range, "NHS number");
    texts(range)
        .into_iter()
        .find(|r| r[col] == nhs)
        .unwrap_or_else(|| panic!("no row for {nhs}"))
}

fn nhs(plan: &Plan, row: usize) -> String {
    plan.entries
        .iter()
        .find(|e| e.row == row)
        .unwrap()
        .nhs_number()
        .to_string()
}

fn excel_serial(d: NaiveDate) -> f64 {
    (d - date(1899, 12, 30)).num_days() as f64
}

fn unzip(bytes: &[u8], path: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut text = String::new();
    zip.by_name(path)
        .expect("part exists")
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn allocation_workbook_has_the_three_pcse_tabs_in_order() {
    let plan = fixture();
    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    assert_eq!(
        open(&bytes).sheet_names(),
        ["Patients to write to", "Allocations", "Out of area"]
    );
}

#[test]
fn patients_to_write_to_lists_every_letter() {
    let plan = fixture();
    let letters = letters(&plan);
    assert_eq!(
        letters.len(),
        7,
        "rows 2-8 get letters, row 9 is unallocated"
    );
    let bytes = allocation_workbook(&plan, &letters, 0, None).unwrap();
    let range = sheet(&bytes, "Patients to write to");
    let rows = texts(&range);
    assert_eq!(
        rows[0],
        [
            "Letter ID",
            "Cohort",
            "NHS number",
            "Title",
            "Given name",
            "Family name",
            "Date of birth",
            "Address line 1",
            "Address line 2",
            "Address line 3",
            "Address line 4",
            "Address line 5",
            "Postcode",
            "Language",
            "Format",
            "Vulnerable",
            "Under 16",
        ]
    );
    assert_eq!(rows.len(), letters.len() + 1);
    for (letter, row) in letters.iter().zip(&rows[1..]) {
        assert_eq!(row[0], letter.letter_id);
        assert_eq!(row[1], letter.cohort.code());
        assert_eq!(row[2], letter.nhs_number.to_string());
    }
    let away = row_of(&range, &nhs(&plan, 8));
    assert_eq!(
        away,
        [
            letters[6].letter_id.as_str(),
            "2c",
            &nhs(&plan, 8),
            "Mx",
            "Rui",
            "Costa",
            &format!("date:{}", excel_serial(date(1980, 5, 17))),
            "3 Sangley Road",
            "Catford",
            "London",
            "",
            "",
            "SE6 2JT",
            "en-GB",
            "standard",
            "N",
            "N",
        ]
    );
    let cohorts: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(cohorts, ["2a", "2a", "2a", "2a", "2a", "2b", "2c"]);
    assert_eq!(row_of(&range, &nhs(&plan, 5))[15], "Y");
}

#[test]
fn nhs_numbers_and_postcodes_are_text_and_dates_are_dates() {
    let plan = fixture();
    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    for name in ["Patients to write to", "Allocations", "Out of area"] {
        let range = sheet(&bytes, name);
        let (nhs_col, dob_col, pc_col) = (
            column(&range, "NHS number"),
            column(&range, "Date of birth"),
            column(&range, "Postcode"),
        );
        assert!(range.height() > 1, "{name} has data rows");
        for row in range.rows().skip(1) {
            match &row[nhs_col] {
                Data::String(s) => {
                    assert!(s.starts_with("999 ") && s.len() == 12, "{name}: {s:?}")
                }
                other => panic!("{name}: NHS number cell is {other:?}"),
            }
            assert!(matches!(&row[pc_col], Data::String(_)), "{name}");
            assert!(row[dob_col].is_datetime(), "{name}: {:?}", row[dob_col]);
        }
    }
    let range = sheet(&bytes, "Allocations");
    let dob = &row_of(&range, &nhs(&plan, 5))[column(&range, "Date of birth")];
    assert_eq!(dob, &format!("date:{}", excel_serial(date(1941, 2, 3))));
    // Shown the UK way.
    assert!(unzip(&bytes, "xl/styles.xml").contains("formatCode=\"dd/mm/yyyy\""));
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let plan = fixture();
    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    let mut book = open(&bytes);
    let range = book.worksheet_range("Patients to write to").unwrap();
    let row = range
        .rows()
        .find(|r| r[2] == Data::String(nhs(&plan, 6)))
        .unwrap();
    assert_eq!(row[4], Data::String(INJECTED_GIVEN.into()));
    assert_eq!(row[5], Data::String(INJECTED_FAMILY.into()));
    let allocations = book.worksheet_range("Allocations").unwrap();
    let name = &row_of(&allocations, &nhs(&plan, 6))[1];
    assert_eq!(name, &format!("Mx {INJECTED_GIVEN} {INJECTED_FAMILY}"));
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has formulas"
        );
    }
    for part in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        assert!(!unzip(&bytes, part).contains("<f>"), "{part}");
    }

    let list = practice_list_xlsx(&plan, "G85001", None).unwrap();
    let mut book = open(&list);
    let range = book.worksheet_range("Allocated patients").unwrap();
    assert_eq!(
        row_of(&range, &nhs(&plan, 6))[1],
        format!("Mx {INJECTED_GIVEN} {INJECTED_FAMILY}")
    );
    let formulas = book.worksheet_formula("Allocated patients").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn allocations_list_practices_then_the_unallocated_with_reasons() {
    let plan = fixture();
    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    let range = sheet(&bytes, "Allocations");
    let rows = texts(&range);
    assert_eq!(
        rows[0],
        [
            "NHS number",
            "Name",
            "Date of birth",
            "Postcode",
            "Practice ODS code",
            "Practice name",
            "Practice address",
            "Practice postcode",
            "Practice phone",
            "Proximity",
            "Household",
            "Vulnerable",
            "Reason",
            "Under 16",
        ]
    );
    // Rows 2-6 allocated, then row 9 unallocated; 2b and 2c are not here.
    let order: Vec<String> = [2, 3, 4, 5, 6, 9].iter().map(|&r| nhs(&plan, r)).collect();
    let got: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(got, order.iter().collect::<Vec<_>>());

    let officer = row_of(&range, &nhs(&plan, 2));
    let entry = plan.entries.iter().find(|e| e.row == 2).unwrap();
    let proximity = entry.allocation.as_ref().unwrap().proximity.to_string();
    assert_eq!(
        officer[1..12],
        [
            "Mx Amina Okafor",
            &format!("date:{}", excel_serial(date(1980, 5, 17))),
            "SE15 4QJ",
            "G85002",
            "Borough Medical Centre",
            "1 Practice Road, London",
            "SE1 1AA",
            "020 7000 0000",
            &proximity,
            "",
            "N",
        ]
    );
    assert_eq!(officer[12], *entry.reason);

    let (jo, sam) = (
        row_of(&range, &nhs(&plan, 3)),
        row_of(&range, &nhs(&plan, 4)),
    );
    assert!(jo[10].starts_with('H'), "household id: {:?}", jo[10]);
    assert_eq!(jo[10], sam[10]);
    assert_eq!(jo[4], "G85001");
    assert_eq!(sam[4], "G85001");
    assert_eq!(row_of(&range, &nhs(&plan, 5))[11], "Y");

    let nowhere = row_of(&range, &nhs(&plan, 9));
    assert!(nowhere[4..10].iter().all(|c| c.is_empty()), "{nowhere:?}");
    let reason = &plan.entries.iter().find(|e| e.row == 9).unwrap().reason;
    assert!(reason.contains("unallocated"), "{reason}");
    assert_eq!(nowhere[12], **reason);
}

#[test]
fn out_of_area_lists_the_2c_patients() {
    let plan = fixture();
    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    let rows = texts(&sheet(&bytes, "Out of area"));
    let reason = &plan.entries.iter().find(|e| e.row == 8).unwrap().reason;
    assert_eq!(
        rows,
        [
            vec![
                "NHS number",
                "Name",
                "Date of birth",
                "Address",
                "Postcode",
                "Reason",
                "Under 16"
            ],
            vec![
                nhs(&plan, 8).as_str(),
                "Mx Rui Costa",
                &format!("date:{}", excel_serial(date(1980, 5, 17))),
                "3 Sangley Road, Catford, London",
                "SE6 2JT",
                reason,
                "N",
            ],
        ]
    );
}

#[test]
fn practice_list_holds_only_that_practices_patients_households_together() {
    let plan = fixture();
    let bytes = practice_list_xlsx(&plan, "G85001", None).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), ["Allocated patients"]);
    let range = book.worksheet_range("Allocated patients").unwrap();
    let rows = texts(&range);
    assert_eq!(
        rows[0],
        [
            "NHS number",
            "Name",
            "Date of birth",
            "Address",
            "Postcode",
            "Household",
            "Vulnerable",
            "Previous practice",
            "Under 16",
        ]
    );
    let mut expected: Vec<(Option<String>, String)> = plan
        .entries
        .iter()
        .filter(|e| plan.receiving_ods(e) == Some("G85001"))
        .map(|e| {
            (
                e.household.as_ref().map(|h| h.to_string()),
                e.nhs_number().to_string(),
            )
        })
        .collect();
    expected.sort();
    let got: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(got, expected.iter().map(|(_, n)| n).collect::<Vec<_>>());
    assert_eq!(rows.len(), 5, "rows 3, 4, 5 and 6");
    assert!(!got.contains(&&nhs(&plan, 2)), "row 2 went to G85002");

    let jo = rows.iter().position(|r| r[0] == nhs(&plan, 3)).unwrap();
    let sam = rows.iter().position(|r| r[0] == nhs(&plan, 4)).unwrap();
    assert_eq!(jo.abs_diff(sam), 1, "a household sits together");
    assert_eq!(
        rows[jo][3..6],
        ["Flat 2, 5 Choumert Road", "SE15 4AR", &rows[sam][5]]
    );
    assert!(range.get((jo, 2)).unwrap().is_datetime());
    assert!(matches!(range.get((jo, 0)), Some(Data::String(_))));

    let other = practice_list_xlsx(&plan, "G85002", None).unwrap();
    let rows = texts(&sheet(&other, "Allocated patients"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], nhs(&plan, 2));
}

#[test]
fn vulnerable_patients_are_bold_dark_red_on_the_practice_list() {
    let plan = fixture();
    let bytes = practice_list_xlsx(&plan, "G85001", None).unwrap();
    let styles = unzip(&bytes, "xl/styles.xml");
    let sheet_xml = unzip(&bytes, "xl/worksheets/sheet1.xml");

    // The fonts, in order; find the bold dark red one.
    let fonts: Vec<&str> = styles
        .split("<font>")
        .skip(1)
        .map(|f| f.split("</font>").next().unwrap())
        .collect();
    let emphasis_font = fonts
        .iter()
        .position(|f| f.contains("<b/>") && f.contains("rgb=\"FFC00000\""))
        .unwrap_or_else(|| panic!("no bold dark red font in {styles}"));
    // The cell formats, in order; those using that font.
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    let emphasis_xfs: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains(&format!("fontId=\"{emphasis_font}\"")))
        .map(|(i, _)| i)
        .collect();
    assert!(!emphasis_xfs.is_empty());

    let range = sheet(&bytes, "Allocated patients");
    let vulnerable_row = texts(&range)
        .iter()
        .position(|r| r[0] == nhs(&plan, 5))
        .unwrap();
    for (i, row_xml) in sheet_xml.split("<row ").skip(1).enumerate() {
        let row_xml = row_xml.split("</row>").next().unwrap();
        let styles: Vec<usize> = row_xml
            .split(" s=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        let cells = row_xml.matches("<c ").count();
        if i == vulnerable_row {
            assert_eq!(styles.len(), cells, "every cell styled: {row_xml}");
            assert!(styles.iter().all(|s| emphasis_xfs.contains(s)), "{row_xml}");
        } else {
            assert!(
                !styles.iter().any(|s| emphasis_xfs.contains(s)),
                "row {i} is not vulnerable: {row_xml}"
            );
        }
    }
}

#[test]
fn header_is_bold_frozen_and_filtered() {
    let plan = fixture();
    let bytes = practice_list_xlsx(&plan, "G85001", None).unwrap();
    let xml = unzip(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<autoFilter ref=\"A1:I5\"/>"), "{xml}");
    assert!(xml.contains("ySplit=\"1\""), "{xml}");
    assert!(xml.contains("state=\"frozen\""), "{xml}");
    assert!(xml.contains("customWidth=\"1\""), "{xml}");
    // Header cells use style 1: the bold font, not the coloured one.
    let header = xml.split("<row r=\"1\"").nth(1).unwrap();
    let header = header.split("</row>").next().unwrap();
    assert_eq!(header.matches(" s=\"1\"").count(), 9, "{header}");
    let styles = unzip(&bytes, "xl/styles.xml");
    let xf1 = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .nth(2)
        .unwrap();
    let font: usize = xf1
        .split("fontId=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let font = styles
        .split("<font>")
        .nth(font + 1)
        .unwrap()
        .split("</font>")
        .next()
        .unwrap();
    assert!(
        font.contains("<b/>") && !font.contains("FFC00000"),
        "{font}"
    );

    let bytes = allocation_workbook(&plan, letters(&plan), 0, None).unwrap();
    for (part, filter) in [
        ("xl/worksheets/sheet1.xml", "A1:Q8"),
        ("xl/worksheets/sheet2.xml", "A1:N7"),
        ("xl/worksheets/sheet3.xml", "A1:G2"),
    ] {
        let xml = unzip(&bytes, part);
        assert!(
            xml.contains(&format!("<autoFilter ref=\"{filter}\"/>")),
            "{part}: {xml}"
        );
        assert!(xml.contains("ySplit=\"1\""), "{part}");
    }
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let plan = fixture();
    let letters = letters(&plan);
    let a = allocation_workbook(&plan, &letters, 0, None).unwrap();
    let b = allocation_workbook(&plan, &letters, 0, None).unwrap();
    assert!(a == b, "allocation workbook differs between runs");
    let a = practice_list_xlsx(&plan, "G85001", None).unwrap();
    let b = practice_list_xlsx(&plan, "G85001", None).unwrap();
    assert!(a == b, "practice list differs between runs");
    assert!(unzip(&a, "docProps/core.xml").contains("2026-11-24T00:00:00Z"));
}

#[test]
fn an_unknown_practice_is_an_error() {
    let plan = fixture();
    let err = practice_list_xlsx(&plan, "Y99999", None).unwrap_err();
    assert!(matches!(err, PackageError::UnknownPractice { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "practice Y99999: not in the practices file"
    );
}

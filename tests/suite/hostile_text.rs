//! Property test: patient text is never code. Arbitrary names and addresses (typst and
//! handlebars markup, HTML, spreadsheet formulas, path pieces, quotes, bidi overrides, control
//! characters, accented letters) go through the real input → plan → compose → render → check
//! path. Each row is either refused with a message naming its row and column, or its letter is
//! one page (or a reported overflow), black and white, with the text printed as given; the
//! receiving practice's workbook holds it as plain text, never a formula.

use crate::common;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use dispersal::check;
use dispersal::compose::{self, Wording};
use dispersal::input::{self, Files};
use dispersal::package;
use dispersal::plan;
use dispersal::render::{self, PrintFileSpec, Typesetter};
use proptest::prelude::*;

/// The sample closure and practices, with the patients file given.
struct Closure {
    patients: Vec<u8>,
}

impl Files for Closure {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match path.file_name().and_then(|n| n.to_str()) {
            Some("patients.csv") => Ok(self.patients.clone()),
            Some("closure.toml") => {
                Ok(common::closure_toml("patients.csv", "practices.csv").into_bytes())
            }
            Some(name) => std::fs::read(Path::new("sample").join(name)),
            None => Err(std::io::ErrorKind::NotFound.into()),
        }
    }
}

/// Pieces that mean something to typst, handlebars, HTML, spreadsheets, shells or paths.
const HOSTILE: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "<",
    ">",
    "@",
    "\\",
    "//",
    "]",
    "[",
    "{{x}}",
    "{{{y}}}",
    "<script>",
    "</w:t>",
    "&amp;",
    "=SUM(A1)",
    "+1",
    "-2",
    "@cmd",
    "../",
    "/",
    "#set text(red)",
    "#import \"x\"",
    "`raw`",
    "'",
    "\"",
    "\u{202E}",
    "\u{200F}",
    "\t",
    "\r\n",
    "\u{7}",
    "Zoë",
    "Ó Súilleabháin",
    "Łukasz",
    "ß",
    " ",
    "-",
    "O'Brien",
];

fn cell() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(HOSTILE).prop_map(str::to_string),
        2 => "[A-Za-z]{1,6}",
        1 => "[ -~]{1,4}",
        1 => "[\u{a0}-\u{17f}]{1,3}",
    ];
    proptest::collection::vec(piece, 1..5).prop_map(|p| p.concat())
}

/// Cells that must be accepted: a letter first, then anything printable, markup included.
fn printable_cell() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(HOSTILE)
            .prop_filter("printable", |p| !p.chars().any(char::is_control) && !p.contains(['\u{202E}', '\u{200F}']))
            .prop_map(str::to_string),
        2 => "[A-Za-z]{1,6}",
        2 => "[ -~]{1,4}",
        // Latin-1 and Latin Extended-A, but not the soft hyphen (U+00AD), which is refused.
        1 => "[\u{a0}-\u{ac}\u{ae}-\u{17f}]{1,3}",
    ];
    ("[A-Z]", proptest::collection::vec(piece, 0..4)).prop_map(|(first, p)| first + &p.concat())
}

fn patients_csv(given: &str, family: &str, line_1: &str, line_2: &str) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "address_line_1",
        "address_line_2",
        "postcode",
        "last_seen",
    ])
    .unwrap();
    w.write_record([
        "9992234881",
        given,
        family,
        "08/10/1962",
        line_1,
        line_2,
        "SE1 3EP",
        "01/02/2026",
    ])
    .unwrap();
    w.into_inner().unwrap()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn patient_text_is_printed_literally_or_refused_with_a_message(
        given in cell(), family in cell(), line_1 in cell(), line_2 in cell()
    ) {
        letter_or_refusal(&given, &family, &line_1, &line_2, false)?;
    }

    #[test]
    fn printable_markup_is_accepted_and_printed_literally(
        given in printable_cell(), family in printable_cell(), line_1 in printable_cell(), line_2 in printable_cell()
    ) {
        letter_or_refusal(&given, &family, &line_1, &line_2, true)?;
    }
}

/// Read one patient row; check its refusal, or render its letter and check that.
fn letter_or_refusal(
    given: &str,
    family: &str,
    line_1: &str,
    line_2: &str,
    must_accept: bool,
) -> Result<(), TestCaseError> {
    {
        let files = Closure {
            patients: patients_csv(given, family, line_1, line_2),
        };
        let inputs = input::read(Path::new("closure.toml"), &files, None).unwrap();
        if let [rejected] = inputs.rejected_patients.as_slice() {
            prop_assert!(!must_accept, "refused: {:?}", rejected.problems);
            // Refused: every problem names row 2 and a column, and says what is wrong.
            prop_assert!(!rejected.problems.is_empty());
            for p in &rejected.problems {
                prop_assert_eq!(p.location.row, Some(2));
                prop_assert!(p.location.column.is_some());
                prop_assert!(!p.message.is_empty());
            }
            return Ok(());
        }
        prop_assert_eq!(inputs.patients.len(), 1);
        let patient = inputs.patients.get(0).unwrap();
        let plan = plan::plan_owned(inputs);
        let composed = compose::compose(&plan, &Wording::load().unwrap()).unwrap();
        let letter = &composed.letters[0];
        let spec = PrintFileSpec {
            title: "Property test".into(),
            author: "Test ICB".into(),
            language: "en-GB".into(),
            date: plan.closure.letters.date,
        };
        let file = render::print_file(&Typesetter::new(), &spec, &[letter]).unwrap();
        let c = check::check(
            letter,
            &file.letters[0],
            &file.pages,
            plan.closure.letters.postage,
        );
        prop_assert!(c.black_and_white, "{:?}", c.verdict.failures);
        prop_assert!(
            c.pages == 1 || !c.verdict.failures.is_empty(),
            "an overflow must be reported"
        );

        let text = collapse(&pdf_extract::extract_text_from_mem(&file.pdf).unwrap());
        let printed = [&patient.given_name, &patient.family_name]
            .into_iter()
            .chain(&patient.address_lines);
        for field in printed {
            let field = collapse(field);
            prop_assert!(
                text.contains(&field),
                "{:?} not printed literally in\n{}",
                field,
                text
            );
        }

        // The receiving practice's list holds the names as text cells, never formulas.
        if let Some(allocation) = &plan.entries[0].allocation {
            let bytes =
                package::practice_list_xlsx(&plan, &plan.practice(allocation).ods_code, None)
                    .unwrap();
            let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
            let sheet = book.sheet_names()[0].clone();
            let formulas = book.worksheet_formula(&sheet).unwrap();
            prop_assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
            let values = book.worksheet_range(&sheet).unwrap();
            let cells: Vec<String> = values
                .used_cells()
                .filter_map(|(_, _, d)| match d {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            prop_assert!(
                cells
                    .iter()
                    .any(|c| c
                        .contains(patient.family_name.trim_start_matches(['=', '+', '-', '@']))),
                "{:?} not in the practice list {:?}",
                patient.family_name,
                cells
            );
        }
    }
    Ok(())
}

//! A patient's information needs as the list gives them (the Accessible Information
//! Standard's terms, or the toolkit's own words): the letter each is sent, the needs met by
//! hand named by row in the warnings and listed in the summary, and a value that is neither
//! refused with its row.

use crate::common::{csv_rows, run_closure_in, sample_with_formats};

#[test]
fn needs_from_the_record_choose_the_letter_and_the_rest_are_listed_to_meet_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    sample_with_formats(
        dir.path(),
        &[
            (3, "Requires contact by letter"),
            (
                4,
                "936661000000109 | Requires information in contracted (Grade 2) Braille; Requires information verbally",
            ),
            (
                5,
                "Requires written information in at least 24 point sans serif font",
            ),
            (6, "large print"),
            (7, "larg print"),
        ],
    );
    let (said, entries) = run_closure_in(dir.path());
    // The summary lists who to meet by hand, by row, never by name or NHS number.
    assert!(
        said.contains(
            "Needs to meet by hand (2 patients; each is sent the nearest letter meanwhile):"
        ),
        "{said}"
    );
    assert!(
        said.contains("  row 4 of patients.csv: Requires information verbally"),
        "{said}"
    );
    assert!(
        said.contains("  row 5 of patients.csv: Requires written information in at least 24 point sans serif font"),
        "{said}"
    );
    // A value that is neither a format nor a need: the row is refused, naming it.
    assert!(
        said.contains(
            "\"larg print\" is not a letter format or an information need this tool knows"
        ),
        "{said}"
    );

    // The letters: the most accessible format each can use (meanwhile, for a need met by hand).
    let manifest = csv_rows(&entries["manifest.csv"]);
    let format_of = |nhs: &str| {
        manifest
            .iter()
            .find(|r| r["nhs_number"].replace(' ', "") == nhs)
            .map(|r| r["format"].clone())
    };
    let patients = std::fs::read_to_string(dir.path().join("patients.csv")).unwrap();
    let nhs = |row: usize| {
        patients
            .lines()
            .nth(row - 1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .replace(' ', "")
    };
    assert_eq!(format_of(&nhs(3)).as_deref(), Some("standard"));
    // Braille is made, so the braille need is met by the letter, not by hand.
    assert_eq!(format_of(&nhs(4)).as_deref(), Some("braille"));
    assert_eq!(format_of(&nhs(5)).as_deref(), Some("large-print"));
    assert_eq!(format_of(&nhs(6)).as_deref(), Some("large-print"));
    assert_eq!(format_of(&nhs(7)), None, "the refused row gets no letter");
    let summary = String::from_utf8_lossy(&entries["summary.json"]).to_string();
    assert!(summary.contains("\"needs_by_hand\""), "{summary}");
}

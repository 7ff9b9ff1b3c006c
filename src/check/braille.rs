//! Check stage: a letter in braille. Its BRF file must fit an embosser's page (no line over
//! [`CELLS_PER_LINE`] cells, no page over [`LINES_PER_PAGE`] lines), and must hold, in braille
//! by the same tables, what the patient most needs to read: the NHS Constitution's sentences,
//! their NHS number, and the practice they are sent to (its name, address and phone), or the
//! practices near them in letters 1 and 2. (The tests also translate every BRF back into print
//! with liblouis itself; louis-rs's back-translation of UEB is not yet reliable.)

use serde::Serialize;

use crate::compose::{CohortText, Letter, PracticeBlock};
use crate::render::braille::{self, Brf, CELLS_PER_LINE, FORM_FEED, LINES_PER_PAGE};

/// What was measured on a letter's BRF file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrailleFacts {
    /// The BRF's path in the batch.
    pub file: String,
    pub pages: usize,
    /// The most cells on one line.
    pub widest_line: usize,
    /// The most lines on one page.
    pub longest_page: usize,
}

/// What a reader must find in the braille, each with its name for a failure.
fn must_read(letter: &Letter) -> Vec<(&'static str, String)> {
    let d = &letter.content;
    let mut wanted = vec![
        (
            "the NHS Constitution's right to choose a practice",
            d.text.constitution_choose.plain(),
        ),
        ("the NHS number", letter.nhs_number.to_string()),
    ];
    if let CohortText::Allocate {
        constitution_doctor,
        ..
    } = &d.text.cohort
    {
        wanted.push((
            "the NHS Constitution's right to ask for a doctor",
            constitution_doctor.plain(),
        ));
    }
    let mut practice = |p: &PracticeBlock| {
        wanted.push(("the practice's name", p.name.clone()));
        wanted.extend(
            p.lines
                .iter()
                .map(|l| ("the practice's address", l.clone())),
        );
        wanted.push(("the practice's phone", p.phone.plain()));
    };
    if let Some(p) = &d.practice {
        practice(p);
    }
    d.nearby.iter().for_each(practice);
    wanted
}

/// Checks a letter's BRF: its measures, and every failure in words a person can act on.
pub fn check_brf(letter: &Letter, brf: &Brf, file: &str) -> (BrailleFacts, Vec<String>) {
    let text = String::from_utf8_lossy(&brf.bytes);
    let pages: Vec<&str> = text
        .split(FORM_FEED)
        .filter(|page| !page.is_empty())
        .collect();
    let lines = |page: &str| -> Vec<usize> {
        page.split("\r\n")
            .map(|line| line.chars().count())
            .collect::<Vec<_>>()
    };
    // Each page ends in CR LF before its form feed, so its last split is empty.
    let widest_line = pages.iter().flat_map(|page| lines(page)).max().unwrap_or(0);
    let longest_page = pages
        .iter()
        .map(|page| page.trim_end_matches("\r\n").split("\r\n").count())
        .max()
        .unwrap_or(0);
    let mut failures = Vec::new();
    if widest_line > CELLS_PER_LINE {
        failures.push(format!(
            "braille: a line of {widest_line} cells, over the embosser's {CELLS_PER_LINE}"
        ));
    }
    if longest_page > LINES_PER_PAGE {
        failures.push(format!(
            "braille: a page of {longest_page} lines, over the embosser's {LINES_PER_PAGE}"
        ));
    }
    match braille::letter_table(letter) {
        Ok(table) => {
            let cells = braille::cells_of(&brf.bytes);
            for (what, expected) in must_read(letter) {
                match braille::find(&cells, &expected, table) {
                    Ok(true) => {}
                    Ok(false) => failures.push(format!("braille: {what} is not in the braille")),
                    Err(e) => failures.push(format!("braille: {what}: {e}")),
                }
            }
        }
        Err(e) => failures.push(format!("braille: {e}")),
    }
    let facts = BrailleFacts {
        file: file.to_string(),
        pages: pages.len(),
        widest_line,
        longest_page,
    };
    (facts, failures)
}

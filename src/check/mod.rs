//! Check stage: is each rendered letter eligible for NHS England's 50p contribution — one
//! side of A4, black and white, sent second class — and does its address show in the
//! envelope window? Rules over the facts the render stage measured on every page.

mod any_pdf;

use std::collections::BTreeSet;

use serde::Serialize;

pub use any_pdf::{ColourKind, ColourUse, PdfError, PdfReport, check_pdf};

use crate::compose::Letter;
use crate::model::{LetterFormat, Postage};
use crate::render::{LetterPages, PageFacts, Rect};

/// A4 portrait in millimetres, and the tolerance the check allows.
pub const A4_MM: (f64, f64) = (210.0, 297.0);
pub const A4_TOLERANCE_MM: f64 = 0.5;

/// GOV.UK Notify's address window on a C5/DL window envelope, mm from the top-left.
pub const WINDOW: Rect = Rect {
    x0: 24.6,
    y0: 39.5,
    x1: 120.0,
    y1: 66.3,
};

/// The smallest body text a standard letter may use, in points.
pub const MIN_BODY_PT: f64 = 12.0;

/// The check of one letter, as the manifest reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterCheck {
    pub letter_id: String,
    pub first_page: usize,
    pub pages: usize,
    /// Printed one-sided: one sheet per page.
    pub sheets: usize,
    pub a4: bool,
    pub black_and_white: bool,
    pub address_in_window: bool,
    pub eligible_50p: bool,
    /// Why the letter failed a check (empty when it passed them all).
    pub failures: Vec<String>,
}

/// Checks one letter against the 50p rule and the envelope window.
pub fn check(
    letter: &Letter,
    placed: &LetterPages,
    pages: &[PageFacts],
    postage: Postage,
) -> LetterCheck {
    let start = placed.first_page.saturating_sub(1);
    let own: &[PageFacts] = pages.get(start..start + placed.pages).unwrap_or(&[]);
    let mut failures = Vec::new();

    let a4 = !own.is_empty()
        && own.iter().all(|p| {
            (p.width_mm - A4_MM.0).abs() <= A4_TOLERANCE_MM
                && (p.height_mm - A4_MM.1).abs() <= A4_TOLERANCE_MM
        });
    if !a4 {
        let sizes: Vec<String> = own
            .iter()
            .map(|p| format!("{:.1} x {:.1} mm", p.width_mm, p.height_mm))
            .collect();
        failures.push(format!("not A4 portrait ({})", sizes.join(", ")));
    }

    let colours: Vec<&String> = own.iter().flat_map(|p| &p.colours).collect();
    let black_and_white = colours.is_empty();
    if !black_and_white {
        failures.push(format!(
            "not black and white: {}",
            colours
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    let address_in_window = match own.first().and_then(|p| p.address_box) {
        Some(b) => {
            let inside =
                b.x0 >= WINDOW.x0 && b.x1 <= WINDOW.x1 && b.y0 >= WINDOW.y0 && b.y1 <= WINDOW.y1;
            let laid_out = line_characters(&own[0].address_text);
            let lines_match = laid_out == line_characters(&letter.address_block);
            if !inside {
                failures.push(format!(
                    "address block outside the envelope window (x {:.1}–{:.1} mm, y {:.1}–{:.1} mm)",
                    b.x0, b.x1, b.y0, b.y1
                ));
            }
            if !lines_match {
                let (found, expected) = (laid_out.len(), letter.address_block.len());
                failures.push(if found == expected {
                    format!(
                        "address block laid out as {found} lines, as expected, but not with the address's characters on each line (part of a line wrapped or went missing)"
                    )
                } else {
                    format!(
                        "address block laid out as {found} lines, expected {expected} (a line wrapped or went missing)"
                    )
                });
            }
            inside && lines_match
        }
        None => {
            failures.push("no address block found on the first page".into());
            false
        }
    };

    if letter.format == LetterFormat::Standard
        && let Some(smallest) = own
            .iter()
            .filter_map(|p| p.smallest_body_text_pt)
            .reduce(f64::min)
        && smallest < MIN_BODY_PT - 0.01
    {
        failures.push(format!(
            "body text at {smallest:.1} pt, smaller than {MIN_BODY_PT} pt"
        ));
    }

    let pages_n = own.len();
    let one_page = pages_n == 1;
    if !one_page && letter.format == LetterFormat::Standard {
        failures.push(format!(
            "{pages_n} pages: a standard letter must fit one side of A4"
        ));
    }
    let second_class = postage == Postage::Second;
    let eligible_50p = one_page
        && a4
        && black_and_white
        && second_class
        && letter.format == LetterFormat::Standard;
    LetterCheck {
        letter_id: letter.letter_id.clone(),
        first_page: placed.first_page,
        pages: pages_n,
        sheets: pages_n,
        a4,
        black_and_white,
        address_in_window,
        eligible_50p,
        failures,
    }
}

/// The characters on each address line (spaces left out, each once), to compare the laid-out
/// lines with the address: layout joins runs of text, gives the runs of a right-to-left line
/// (an Arabic name with vowel marks) in visual order, and repeats a cluster's text in the
/// item of a mark the font raises or lowers. Which characters are on which line is what tells
/// a wrapped or missing line.
fn line_characters(lines: &[String]) -> Vec<BTreeSet<char>> {
    lines
        .iter()
        .map(|line| line.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::LetterRecord;
    use crate::model::{NhsNumber, Postcode};
    use crate::plan::Cohort;

    fn letter() -> Letter {
        Letter {
            record: LetterRecord {
                letter_id: "G85999-2A-00002".into(),
                row: 2,
                nhs_number: NhsNumber("9990000018".into()),
                cohort: Cohort::Allocate,
                language: "en-GB".into(),
                translation_status: "source".into(),
                format: LetterFormat::Standard,
                postcode: Postcode {
                    text: "SE15 4QJ".into(),
                    bfpo: false,
                },
                manual_handling: None,
            },
            address_block: vec!["Mrs A Okafor".into(), "1 Road".into(), "SE15 4QJ".into()],
            qr_url: "https://example.org".into(),
            content: serde_json::Value::Null,
        }
    }

    fn page() -> PageFacts {
        PageFacts {
            width_mm: 210.0,
            height_mm: 297.0,
            colours: vec![],
            letter_start: Some("G85999-2A-00002".into()),
            address_box: Some(Rect {
                x0: 26.0,
                y0: 41.0,
                x1: 80.0,
                y1: 55.0,
            }),
            address_text: vec!["Mrs A Okafor".into(), "1 Road".into(), "SE15 4QJ".into()],
            smallest_body_text_pt: Some(12.0),
        }
    }

    fn placed(pages: usize) -> LetterPages {
        LetterPages {
            letter_id: "G85999-2A-00002".into(),
            first_page: 1,
            pages,
        }
    }

    #[test]
    fn a_good_letter_is_eligible() {
        let c = check(&letter(), &placed(1), &[page()], Postage::Second);
        assert!(c.eligible_50p && c.address_in_window, "{:?}", c.failures);
        assert!(c.failures.is_empty());
    }

    #[test]
    fn colour_anywhere_makes_it_ineligible() {
        let mut p = page();
        p.colours.push("text #ff0000".into());
        let c = check(&letter(), &placed(1), &[p], Postage::Second);
        assert!(!c.black_and_white && !c.eligible_50p);
        assert!(c.failures[0].contains("#ff0000"), "{:?}", c.failures);
    }

    #[test]
    fn two_pages_first_class_or_letter_size_are_ineligible() {
        let c = check(&letter(), &placed(2), &[page(), page()], Postage::Second);
        assert!(!c.eligible_50p && c.pages == 2 && c.sheets == 2);
        let c = check(&letter(), &placed(1), &[page()], Postage::First);
        assert!(!c.eligible_50p && c.failures.is_empty());
        let mut us = page();
        (us.width_mm, us.height_mm) = (215.9, 279.4);
        let c = check(&letter(), &placed(1), &[us], Postage::Second);
        assert!(
            !c.a4 && !c.eligible_50p && c.failures[0].contains("not A4"),
            "{:?}",
            c.failures
        );
        let mut landscape = page();
        (landscape.width_mm, landscape.height_mm) = (297.0, 210.0);
        assert!(!check(&letter(), &placed(1), &[landscape], Postage::Second).a4);
    }

    #[test]
    fn an_address_outside_the_window_or_wrapped_is_flagged() {
        let mut low = page();
        low.address_box = Some(Rect {
            x0: 26.0,
            y0: 50.0,
            x1: 80.0,
            y1: 68.0,
        });
        let c = check(&letter(), &placed(1), &[low], Postage::Second);
        assert!(
            !c.address_in_window && c.failures[0].contains("window"),
            "{:?}",
            c.failures
        );
        let mut wrapped = page();
        wrapped.address_text = vec![
            "Mrs A".into(),
            "Okafor".into(),
            "1 Road".into(),
            "SE15 4QJ".into(),
        ];
        let c = check(&letter(), &placed(1), &[wrapped], Postage::Second);
        assert!(
            !c.address_in_window && c.failures[0].contains("4 lines, expected 3"),
            "{:?}",
            c.failures
        );
        // Three lines, but a word of one on the next and the last line lost.
        let mut moved = page();
        moved.address_text = vec!["Mrs A".into(), "Okafor 1 Road".into(), "SE15".into()];
        let c = check(&letter(), &placed(1), &[moved], Postage::Second);
        assert!(
            !c.address_in_window && c.failures[0].contains("3 lines, as expected, but not"),
            "{:?}",
            c.failures
        );
        // A right-to-left line's runs come out in visual order: the same line.
        let mut visual = page();
        visual.address_text = vec!["Okafor Mrs A".into(), "Road 1".into(), "SE15 4QJ".into()];
        let c = check(&letter(), &placed(1), &[visual], Postage::Second);
        assert!(c.address_in_window, "{:?}", c.failures);
    }

    #[test]
    fn small_body_text_is_flagged() {
        let mut p = page();
        p.smallest_body_text_pt = Some(10.0);
        let c = check(&letter(), &placed(1), &[p], Postage::Second);
        assert!(
            c.failures.iter().any(|f| f.contains("10.0 pt")),
            "{:?}",
            c.failures
        );
    }
}

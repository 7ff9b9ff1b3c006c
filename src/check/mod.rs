//! Check stage: is each rendered letter eligible for NHS England's 50p contribution — one
//! side of A4, black and white, sent second class — and does its address show in the
//! envelope window? The 50p rules are in `eligibility.rs`, shared with [`check_pdf`], which
//! measures any PDF letter; here they judge the facts the render stage measured on every page
//! of a batch letter, and the envelope window and body size are checked besides.

mod any_pdf;
mod braille;
mod eligibility;

use std::collections::BTreeSet;

use serde::Serialize;

pub use any_pdf::{ColourKind, ColourUse, PdfError, PdfReport, check_pdf};
pub use braille::{BrailleFacts, check_brf};
pub use eligibility::{A4_MM, A4_TOLERANCE_MM, Judged, PageMeasure, Verdict, judge};

use crate::compose::{self, Letter};
use crate::envelope;
use crate::model::{LetterFormat, Postage};
use crate::render::{LetterPages, PageFacts};

/// The check of one letter, as the manifest reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterCheck {
    pub letter_id: compact_str::CompactString,
    pub first_page: usize,
    pub pages: usize,
    /// Printed one-sided: one sheet per page.
    pub sheets: usize,
    pub a4: bool,
    pub black_and_white: bool,
    pub address_in_window: bool,
    /// The smallest text size on the letter's pages outside the envelope window, in points
    /// (`None`: it could not be laid out).
    pub min_text_pt: Option<f64>,
    /// A braille letter's BRF file, as measured (the rest of the check is of its print cover
    /// letter). Boxed: a handful of a batch's letters have one, and each check is kept until
    /// the batch ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub braille: Option<Box<BrailleFacts>>,
    /// Eligible for the 50p contribution, and why the letter failed a check (no failures
    /// when it passed them all, the window's and the body size's included).
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// What the check compares a laid-out letter with.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub letter_id: &'a str,
    pub format: LetterFormat,
    /// The lines that must show in the envelope window.
    pub address: &'a [String],
    /// A letter NHS England's 50p contribution is for (2a, 2b, 2c); letters 1 and 2 are in
    /// PCSE's contract and never are, though every other check applies.
    pub contribution: bool,
    /// An easy-read letter's pictures, one beside each point, each with its alternative
    /// text: the letter must show them all (`None`: a letter without them).
    pub pictures: Option<usize>,
}

impl<'a> From<&'a Letter> for Expected<'a> {
    fn from(letter: &'a Letter) -> Self {
        Expected {
            letter_id: &letter.letter_id,
            format: letter.format,
            address: letter.address_block(),
            contribution: letter.cohort.is_allocation_letter(),
            pictures: letter.content.easy_read.as_ref().map(|e| e.pictures()),
        }
    }
}

/// Checks one letter against the 50p rules and the envelope window.
pub fn check<'a>(
    letter: impl Into<Expected<'a>>,
    placed: &LetterPages,
    pages: &[PageFacts],
    postage: Postage,
) -> LetterCheck {
    let letter = letter.into();
    let start = placed.first_page.saturating_sub(1);
    let own: &[PageFacts] = pages.get(start..start + placed.pages).unwrap_or(&[]);
    let measured: Vec<PageMeasure> = own
        .iter()
        .map(|p| PageMeasure {
            width_mm: p.width_mm,
            height_mm: p.height_mm,
            colour: p.colours.clone(),
            readable: true,
        })
        .collect();
    let Judged {
        a4,
        black_and_white,
        mut verdict,
    } = judge(&measured, letter.format, Some(postage));
    verdict.eligible_50p &= letter.contribution;
    let failures = &mut verdict.failures;

    let address_in_window = match own.first().and_then(|p| p.address_box) {
        Some(b) => {
            let inside = envelope::WINDOW.contains(&b);
            let laid_out = line_characters(&own[0].address_text);
            let lines_match = laid_out == line_characters(letter.address);
            if !inside {
                failures.push(format!(
                    "address block outside the envelope window (x {:.1}–{:.1} mm, y {:.1}–{:.1} mm)",
                    b.x0, b.x1, b.y0, b.y1
                ));
            }
            if !lines_match {
                let (found, expected) = (laid_out.len(), letter.address.len());
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

    failures.extend(size_failures(letter.format, own));

    if let Some(expected) = letter.pictures {
        let found: usize = own.iter().map(|p| p.pictures).sum();
        if found != expected {
            failures.push(format!(
                "{found} pictures with alternative text laid out, expected {expected} (one beside each point)"
            ));
        }
    }

    if let Some(b) = own.first().and_then(|p| p.other_text_in_window) {
        failures.push(format!(
            "text other than the address shows in the envelope window (x {:.1}–{:.1} mm, y {:.1}–{:.1} mm)",
            b.x0, b.x1, b.y0, b.y1
        ));
    }

    LetterCheck {
        letter_id: letter.letter_id.into(),
        first_page: placed.first_page,
        pages: own.len(),
        sheets: own.len(),
        a4,
        black_and_white,
        address_in_window,
        min_text_pt: own
            .iter()
            .filter_map(|p| p.smallest_text_pt)
            .reduce(f64::min),
        braille: None,
        verdict,
    }
}

/// Text smaller than its part of the letter may be ([`compose::letter_sizes`]): the body
/// under the body's size, the reference block under its size (the body's), and anything
/// outside the envelope window under the smallest size of any part (10 pt in standard
/// print, 16 pt in large print and easy read).
fn size_failures(format: LetterFormat, pages: &[PageFacts]) -> Vec<String> {
    let sizes = compose::letter_sizes(format);
    let smallest = |f: fn(&PageFacts) -> Option<f64>| pages.iter().filter_map(f).reduce(f64::min);
    let under = |found: f64, floor: f64| found < floor - 0.01;
    let print = format.printed().in_prose();
    let mut failures = Vec::new();
    if let Some(found) = smallest(|p| p.smallest_text_pt)
        && under(found, sizes.smallest())
    {
        failures.push(format!(
            "text at {found:.1} pt outside the envelope window, smaller than {print}'s {} pt",
            sizes.smallest()
        ));
    }
    if let Some(found) = smallest(|p| p.smallest_body_text_pt)
        && under(found, sizes.body)
    {
        failures.push(format!(
            "body text at {found:.1} pt, smaller than {print}'s {} pt",
            sizes.body
        ));
    }
    match smallest(|p| p.smallest_reference_pt) {
        Some(found) if under(found, sizes.reference) => failures.push(format!(
            "reference block (phone, email, date, NHS number, reference) at {found:.1} pt, smaller than {print}'s {} pt",
            sizes.reference
        )),
        Some(_) => {}
        None if !pages.is_empty() => {
            failures.push("no reference block found (phone, email, date, NHS number, reference)".into())
        }
        None => {}
    }
    failures
}

/// The check of a letter that could not be laid out: it fails every check, for `reason`.
pub fn unrendered<'a>(letter: impl Into<Expected<'a>>, reason: &str) -> LetterCheck {
    LetterCheck {
        letter_id: letter.into().letter_id.into(),
        first_page: 0,
        pages: 0,
        sheets: 0,
        a4: false,
        black_and_white: false,
        address_in_window: false,
        min_text_pt: None,
        braille: None,
        verdict: Verdict {
            eligible_50p: false,
            failures: vec![format!("could not be laid out: {reason}")],
        },
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
    use crate::envelope::Rect;

    const ADDRESS: &[&str] = &["Mrs A Okafor", "1 Road", "SE15 4QJ"];

    fn address() -> Vec<String> {
        ADDRESS.iter().map(|s| s.to_string()).collect()
    }

    fn letter(address: &[String]) -> Expected<'_> {
        Expected {
            letter_id: "G85999-2A-00002",
            format: LetterFormat::Standard,
            address,
            contribution: true,
            pictures: None,
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
            smallest_text_pt: Some(10.0),
            smallest_reference_pt: Some(12.0),
            other_text_in_window: None,
            pictures: 1,
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
        let c = check(letter(&address()), &placed(1), &[page()], Postage::Second);
        assert!(
            c.verdict.eligible_50p && c.address_in_window,
            "{:?}",
            c.verdict.failures
        );
        assert!(c.verdict.failures.is_empty());
    }

    #[test]
    fn colour_anywhere_makes_it_ineligible() {
        let mut p = page();
        p.colours.push("text #ff0000".into());
        let c = check(letter(&address()), &placed(1), &[p], Postage::Second);
        assert!(!c.black_and_white && !c.verdict.eligible_50p);
        assert!(
            c.verdict.failures[0].contains("#ff0000"),
            "{:?}",
            c.verdict.failures
        );
    }

    #[test]
    fn two_pages_first_class_or_letter_size_are_ineligible() {
        let c = check(
            letter(&address()),
            &placed(2),
            &[page(), page()],
            Postage::Second,
        );
        assert!(!c.verdict.eligible_50p && c.pages == 2 && c.sheets == 2);
        let c = check(letter(&address()), &placed(1), &[page()], Postage::First);
        assert!(!c.verdict.eligible_50p && c.verdict.failures.is_empty());
        let mut us = page();
        (us.width_mm, us.height_mm) = (215.9, 279.4);
        let c = check(letter(&address()), &placed(1), &[us], Postage::Second);
        assert!(
            !c.a4 && !c.verdict.eligible_50p && c.verdict.failures[0].contains("not A4"),
            "{:?}",
            c.verdict.failures
        );
        let mut landscape = page();
        (landscape.width_mm, landscape.height_mm) = (297.0, 210.0);
        assert!(
            !check(
                letter(&address()),
                &placed(1),
                &[landscape],
                Postage::Second
            )
            .a4
        );
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
        let c = check(letter(&address()), &placed(1), &[low], Postage::Second);
        assert!(
            !c.address_in_window && c.verdict.failures[0].contains("window"),
            "{:?}",
            c.verdict.failures
        );
        let mut wrapped = page();
        wrapped.address_text = vec![
            "Mrs A".into(),
            "Okafor".into(),
            "1 Road".into(),
            "SE15 4QJ".into(),
        ];
        let c = check(letter(&address()), &placed(1), &[wrapped], Postage::Second);
        assert!(
            !c.address_in_window && c.verdict.failures[0].contains("4 lines, expected 3"),
            "{:?}",
            c.verdict.failures
        );
        // Three lines, but a word of one on the next and the last line lost.
        let mut moved = page();
        moved.address_text = vec!["Mrs A".into(), "Okafor 1 Road".into(), "SE15".into()];
        let c = check(letter(&address()), &placed(1), &[moved], Postage::Second);
        assert!(
            !c.address_in_window && c.verdict.failures[0].contains("3 lines, as expected, but not"),
            "{:?}",
            c.verdict.failures
        );
        // A right-to-left line's runs come out in visual order: the same line.
        let mut visual = page();
        visual.address_text = vec!["Okafor Mrs A".into(), "Road 1".into(), "SE15 4QJ".into()];
        let c = check(letter(&address()), &placed(1), &[visual], Postage::Second);
        assert!(c.address_in_window, "{:?}", c.verdict.failures);
    }

    #[test]
    fn small_body_text_is_flagged() {
        let mut p = page();
        p.smallest_body_text_pt = Some(10.0);
        let c = check(letter(&address()), &placed(1), &[p], Postage::Second);
        assert!(
            c.verdict.failures.iter().any(|f| f.contains("10.0 pt")),
            "{:?}",
            c.verdict.failures
        );
    }

    #[test]
    fn small_letterhead_or_reference_text_is_flagged() {
        let lines = address();
        let failures = |p: PageFacts, format: LetterFormat| {
            let letter = Expected {
                format,
                ..letter(&lines)
            };
            check(letter, &placed(1), &[p], Postage::Second)
                .verdict
                .failures
        };
        let mut header = page();
        header.smallest_text_pt = Some(9.5);
        let found = failures(header, LetterFormat::Standard);
        assert!(
            found
                == [
                    "text at 9.5 pt outside the envelope window, smaller than standard print's 10 pt"
                ],
            "{found:?}"
        );
        let mut reference = page();
        reference.smallest_reference_pt = Some(10.5);
        let found = failures(reference, LetterFormat::Standard);
        assert!(
            found.len() == 1 && found[0].starts_with("reference block (phone, email, date, NHS number, reference) at 10.5 pt, smaller than standard print's 12 pt"),
            "{found:?}"
        );
        // The standard letter's sizes are too small for large print, everywhere.
        let found = failures(page(), LetterFormat::LargePrint);
        assert!(
            found.len() == 3
                && found[0].contains(
                    "text at 10.0 pt outside the envelope window, smaller than large print's 16 pt"
                )
                && found[1].contains("body text at 12.0 pt, smaller than large print's 16 pt")
                && found[2].contains("at 12.0 pt, smaller than large print's 16 pt"),
            "{found:?}"
        );
        let mut large = page();
        large.smallest_text_pt = Some(16.0);
        large.smallest_body_text_pt = Some(16.0);
        large.smallest_reference_pt = Some(16.0);
        assert!(failures(large, LetterFormat::LargePrint).is_empty());
        let mut none = page();
        none.smallest_reference_pt = None;
        assert!(failures(none, LetterFormat::Standard)[0].starts_with("no reference block"));
    }

    #[test]
    fn an_easy_read_letter_is_checked_at_its_sizes_and_for_its_pictures() {
        let lines = address();
        let easy = |pictures: usize| Expected {
            format: LetterFormat::EasyRead,
            pictures: Some(pictures),
            ..letter(&lines)
        };
        let mut large = page();
        large.smallest_text_pt = Some(16.0);
        large.smallest_body_text_pt = Some(16.0);
        large.smallest_reference_pt = Some(16.0);
        large.pictures = 12;
        let mut next = large.clone();
        next.address_box = None;
        next.pictures = 9;
        // Several pages: no failure, but never the 50p contribution.
        let c = check(
            easy(21),
            &placed(2),
            &[large.clone(), next.clone()],
            Postage::Second,
        );
        assert!(
            c.verdict.failures.is_empty() && !c.verdict.eligible_50p,
            "{:?}",
            c.verdict.failures
        );
        let c = check(easy(22), &placed(2), &[large, next], Postage::Second);
        assert_eq!(
            c.verdict.failures,
            ["21 pictures with alternative text laid out, expected 22 (one beside each point)"]
        );
        // The standard letter's sizes are too small for easy read.
        let c = check(easy(1), &placed(1), &[page()], Postage::Second);
        assert!(
            c.verdict.failures.len() == 3
                && c.verdict.failures[1] == "body text at 12.0 pt, smaller than easy read's 16 pt",
            "{:?}",
            c.verdict.failures
        );
    }

    #[test]
    fn other_text_in_the_window_is_flagged() {
        let mut p = page();
        p.other_text_in_window = Some(Rect {
            x0: 30.0,
            y0: 39.5,
            x1: 60.0,
            y1: 40.3,
        });
        let c = check(letter(&address()), &placed(1), &[p], Postage::Second);
        assert!(
            c.verdict.failures
                == [
                    "text other than the address shows in the envelope window (x 30.0–60.0 mm, y 39.5–40.3 mm)"
                ],
            "{:?}",
            c.verdict.failures
        );
    }
}

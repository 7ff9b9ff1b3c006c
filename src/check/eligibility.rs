//! Check stage: the one set of rules for NHS England's 50p contribution — one side of A4,
//! black and white, sent second class, standard print — with its tolerances and the verdict
//! they give. Every batch letter (measured from typst's layout) and every PDF checked with
//! `dispersal check` (measured by reading the file) is judged here, so the two always agree.

use serde::Serialize;

use crate::model::{LetterFormat, Postage};

/// A4 portrait in millimetres.
pub const A4_MM: (f64, f64) = (210.0, 297.0);
/// How far a page may be from A4 and still count as A4: Word's A4 is 210.02 × 297.01 mm, US
/// Letter is 6 mm narrower.
pub const A4_TOLERANCE_MM: f64 = 1.0;

/// One printed page, as measured (from the layout, or by reading a PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeasure {
    /// The page's size as printed (after any rotation).
    pub width_mm: f64,
    pub height_mm: f64,
    /// What on the page is in colour, one description each ("text #ff4136", "an image").
    pub colour: Vec<String>,
    /// False when the page's content could not be read, so its colours are unknown.
    pub readable: bool,
}

impl PageMeasure {
    fn is_a4_portrait(&self) -> bool {
        (self.width_mm - A4_MM.0).abs() <= A4_TOLERANCE_MM
            && (self.height_mm - A4_MM.1).abs() <= A4_TOLERANCE_MM
    }
}

/// A letter's verdict: whether it is eligible for the 50p contribution, and every check it
/// failed, each in words a person can act on (empty when it passed them all).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Verdict {
    pub eligible_50p: bool,
    pub failures: Vec<String>,
}

/// The 50p rules applied to a letter's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// Every page is A4 portrait (and there is at least one).
    pub a4: bool,
    /// Nothing on any page is in colour, and every page could be read.
    pub black_and_white: bool,
    pub verdict: Verdict,
}

/// Judges a letter's pages. `format` is the letter's print format (a PDF from elsewhere is
/// taken as standard print); `postage` is how it will be sent, `None` when it cannot be
/// known (a PDF cannot show it), and then the letter is judged as sent second class.
pub fn judge(pages: &[PageMeasure], format: LetterFormat, postage: Option<Postage>) -> Judged {
    let mut failures = Vec::new();
    let standard = format == LetterFormat::Standard;
    // A braille letter's print cover letter is held to one side like a standard letter, but
    // the letter it carries is braille, never eligible.
    if pages.len() != 1 && format.one_side() {
        failures.push(format!(
            "{} pages: an allocation letter must be one side of one sheet",
            pages.len()
        ));
    }
    let a4 = !pages.is_empty() && pages.iter().all(PageMeasure::is_a4_portrait);
    if !a4 && !pages.is_empty() {
        let sizes: Vec<String> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_a4_portrait())
            .map(|(i, p)| {
                format!(
                    "page {} is {:.0} × {:.0} mm",
                    i + 1,
                    p.width_mm,
                    p.height_mm
                )
            })
            .collect();
        failures.push(format!(
            "not A4 portrait (210 × 297 mm): {}",
            sizes.join(", ")
        ));
    }
    let colour: Vec<String> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.colour
                .iter()
                .map(move |c| format!("{c} on page {}", i + 1))
        })
        .collect();
    if !colour.is_empty() {
        failures.push(format!("in colour: {}", colour.join(", ")));
    }
    let unreadable: Vec<String> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.readable)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !unreadable.is_empty() {
        failures.push(format!(
            "the content of page {} cannot be read, so its colours cannot be checked",
            unreadable.join(", ")
        ));
    }
    let black_and_white = colour.is_empty() && unreadable.is_empty();
    let eligible_50p = pages.len() == 1
        && a4
        && black_and_white
        && standard
        && postage.is_none_or(|p| p == Postage::Second);
    Judged {
        a4,
        black_and_white,
        verdict: Verdict {
            eligible_50p,
            failures,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4() -> PageMeasure {
        PageMeasure {
            width_mm: 210.0,
            height_mm: 297.0,
            colour: vec![],
            readable: true,
        }
    }

    #[test]
    fn one_black_and_white_a4_page_second_class_is_eligible() {
        let j = judge(&[a4()], LetterFormat::Standard, Some(Postage::Second));
        assert!(j.a4 && j.black_and_white && j.verdict.eligible_50p);
        assert!(j.verdict.failures.is_empty());
        // Unknown postage is judged as second class.
        assert!(
            judge(&[a4()], LetterFormat::Standard, None)
                .verdict
                .eligible_50p
        );
    }

    #[test]
    fn first_class_and_large_print_are_never_eligible_but_fail_no_check() {
        let first = judge(&[a4()], LetterFormat::Standard, Some(Postage::First));
        assert!(!first.verdict.eligible_50p && first.verdict.failures.is_empty());
        let large = judge(
            &[a4(), a4()],
            LetterFormat::LargePrint,
            Some(Postage::Second),
        );
        assert!(!large.verdict.eligible_50p && large.verdict.failures.is_empty());
    }

    #[test]
    fn each_rule_says_why_it_failed() {
        let mut letter = a4();
        (letter.width_mm, letter.height_mm) = (215.9, 279.4);
        let mut red = a4();
        red.colour.push("text #ff0000".into());
        let mut unreadable = a4();
        unreadable.readable = false;
        let j = judge(
            &[letter, red, unreadable],
            LetterFormat::Standard,
            Some(Postage::Second),
        );
        assert!(!j.a4 && !j.black_and_white && !j.verdict.eligible_50p);
        assert_eq!(
            j.verdict.failures,
            [
                "3 pages: an allocation letter must be one side of one sheet",
                "not A4 portrait (210 × 297 mm): page 1 is 216 × 279 mm",
                "in colour: text #ff0000 on page 2",
                "the content of page 3 cannot be read, so its colours cannot be checked",
            ]
        );
    }

    #[test]
    fn a4_allows_a_millimetre_either_way_but_not_landscape() {
        let mut word = a4();
        (word.width_mm, word.height_mm) = (210.9, 296.1);
        assert!(judge(&[word], LetterFormat::Standard, None).a4);
        let mut landscape = a4();
        (landscape.width_mm, landscape.height_mm) = (297.0, 210.0);
        assert!(!judge(&[landscape], LetterFormat::Standard, None).a4);
        assert!(!judge(&[], LetterFormat::Standard, None).a4);
    }
}

//! Check stage: is each rendered letter eligible for NHS England's 50p contribution — one
//! side of A4, black and white, sent second class — and does its address show in the
//! envelope window? Rules over the facts the render stage measured on every page.

use serde::Serialize;

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
            let lines_match = normalise(&own[0].address_text) == normalise(&letter.address_block);
            if !inside {
                failures.push(format!(
                    "address block outside the envelope window (x {:.1}–{:.1} mm, y {:.1}–{:.1} mm)",
                    b.x0, b.x1, b.y0, b.y1
                ));
            }
            if !lines_match {
                failures.push(format!(
                    "address block laid out as {} lines, expected {} (a line wrapped or went missing)",
                    own[0].address_text.len(),
                    letter.address_block.len()
                ));
            }
            inside && lines_match
        }
        None => {
            failures.push("no address block found on the first page".into());
            false
        }
    };

    if letter.format == LetterFormat::Standard {
        if let Some(smallest) = own
            .iter()
            .filter_map(|p| p.smallest_body_text_pt)
            .reduce(f64::min)
        {
            if smallest < MIN_BODY_PT - 0.01 {
                failures.push(format!(
                    "body text at {smallest:.1} pt, smaller than {MIN_BODY_PT} pt"
                ));
            }
        }
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

/// Address lines compared without spacing differences (layout joins runs of text).
fn normalise(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

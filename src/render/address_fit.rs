//! Render stage: the size of each line of the recipient's address, so every line fits the
//! envelope window's width on one line. Measured here from the bundled fonts' advance widths,
//! not by typst at layout time (which cost a sixth of each letter's layout); the check stage
//! still measures the laid-out address against the window.

use crate::letter_fonts::{ADDRESS_LINE_WIDTH_PT, LetterFonts, SMALLEST_ADDRESS_PT};

/// Font sizes for an address block: the block's base size (by line count, so up to 7 lines
/// fit the window's height) and one size per line (smaller for a line too long for the width).
#[derive(Debug, Clone, PartialEq)]
pub struct AddressSizes {
    pub base: f64,
    pub lines: Vec<f64>,
}

/// Measures address lines set in the letter fonts (Noto Sans first, falling back to later
/// fonts for characters it lacks, as typst does).
pub struct AddressFit {
    fonts: &'static LetterFonts,
}

impl AddressFit {
    /// Measured with the fonts every letter is set in.
    pub fn shipped() -> AddressFit {
        AddressFit {
            fonts: LetterFonts::shipped(),
        }
    }

    pub fn sizes(&self, lines: &[String]) -> AddressSizes {
        let base = match lines.len() {
            0..=5 => 11.0,
            6 => 10.0,
            _ => 9.5,
        };
        let lines = lines
            .iter()
            .map(|line| {
                let natural = self.fonts.width_em(line) * base;
                if natural > ADDRESS_LINE_WIDTH_PT {
                    // Rounded down to 0.1 pt so the size is exact in the letter data.
                    ((base * ADDRESS_LINE_WIDTH_PT / natural * 10.0).floor() / 10.0)
                        .max(SMALLEST_ADDRESS_PT)
                } else {
                    base
                }
            })
            .collect();
        AddressSizes { base, lines }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit() -> AddressFit {
        AddressFit::shipped()
    }

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_lines_keep_the_base_size_for_their_count() {
        let five = fit().sizes(&lines(&["A", "B", "C", "D", "SE1 1AA"]));
        assert_eq!(five.base, 11.0);
        assert_eq!(five.lines, vec![11.0; 5]);
        assert_eq!(fit().sizes(&lines(&["a"; 6])).base, 10.0);
        assert_eq!(fit().sizes(&lines(&["a"; 7])).base, 9.5);
    }

    #[test]
    fn a_line_too_wide_for_the_window_is_set_smaller_but_not_below_7pt() {
        let long = "Flat 12, The Very Long Named Building Of Somewhere Quite Far Away";
        let sizes = fit().sizes(&lines(&["Ms A Patient", long, "SE1 1AA"]));
        assert_eq!(sizes.lines[0], 11.0);
        assert!(
            sizes.lines[1] < 11.0 && sizes.lines[1] >= 7.0,
            "{:?}",
            sizes
        );
        let huge = "W".repeat(300);
        assert_eq!(fit().sizes(&lines(&[&huge])).lines[0], 7.0);
    }
}

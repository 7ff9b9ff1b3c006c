//! The envelope window and the address block in it: where the window is, where the address
//! starts inside it, how the name line is shortened, and how large each line may be set so it
//! fits the window's width. The one home of these rules: the input stage refuses what cannot
//! fit, compose writes the name line, the typst layout and the Word writer place and size the
//! block, and the check stage measures the laid-out block against the window.
//! Not a stage itself: it knows nothing of patients or letters, only lines of text.

use serde::Serialize;

use crate::letter_fonts::{LetterFonts, pt_to_mm};

/// A rectangle on the page, mm from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// Whether `inner` lies wholly inside this rectangle.
    pub fn contains(&self, inner: &Rect) -> bool {
        inner.x0 >= self.x0 && inner.x1 <= self.x1 && inner.y0 >= self.y0 && inner.y1 <= self.y1
    }
}

/// GOV.UK Notify's address window on a C5/DL window envelope: x 24.6–120.0 mm, y 39.5–66.3 mm.
pub const WINDOW: Rect = Rect {
    x0: 24.6,
    y0: 39.5,
    x1: 120.0,
    y1: 66.3,
};

/// How far the address block's first line starts inside the window, mm: from its left edge
/// and from its top. The block is as much narrower than the window on the right.
pub const INSET_X_MM: f64 = 1.5;
pub const INSET_Y_MM: f64 = 1.2;

/// The address block's width: the window less the insets on both sides.
pub const BLOCK_WIDTH_MM: f64 = WINDOW.x1 - WINDOW.x0 - 2.0 * INSET_X_MM;

/// Width available to one address line, in points: the block, less 1 mm of slack because
/// kerning, which [`LetterFonts::width_em`] does not measure, can widen a line slightly.
pub const LINE_WIDTH_PT: f64 = (BLOCK_WIDTH_MM - 1.0) * 72.0 / 25.4;

/// The smallest size an address line is set at, in points.
pub const SMALLEST_PT: f64 = 7.0;

/// The most lines a patient's address block has: a name, five address lines and the postcode.
pub const MOST_LINES: usize = 7;

/// The most lines any address block has: a letter to a child's parent or guardian may take
/// a line more, its first line alone ([`Name::parent_lines`]).
pub const MOST_LINES_FOR_PARENT: usize = MOST_LINES + 1;

/// Longest name line written in full; longer names use initials for the given names.
pub const NAME_LINE_MAX: usize = 45;

/// The geometry the letter layouts place the address block by (`/envelope.json` for typst).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Geometry {
    pub window: Rect,
    pub inset_x_mm: f64,
    pub inset_y_mm: f64,
    pub block_width_mm: f64,
}

/// The envelope's geometry, for the layouts.
pub const GEOMETRY: Geometry = Geometry {
    window: WINDOW,
    inset_x_mm: INSET_X_MM,
    inset_y_mm: INSET_Y_MM,
    block_width_mm: BLOCK_WIDTH_MM,
};

/// The size, in points, of every line of an address block of `lines` lines when no line is
/// too wide: by line count, so up to [`MOST_LINES_FOR_PARENT`] lines fit the window's height.
pub fn base_size(lines: usize) -> f64 {
    match lines {
        0..=5 => 11.0,
        6 => 10.0,
        7 => 9.5,
        _ => 8.0,
    }
}

/// Font sizes for an address block: the block's base size and one size per line (smaller for
/// a line too long for the width, never below [`SMALLEST_PT`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddressSizes {
    pub base: f64,
    pub lines: Vec<f64>,
}

/// The window's height as seven lines at [`base_size`]`(7)` fill it, in points: each line a
/// capital's height (0.714 em) and the gap to the next (0.36 em), as the layout sets them.
const BLOCK_HEIGHT_PT: f64 = (MOST_LINES as f64 * LINE_PITCH_EM - GAP_EM) * 9.5;
const LINE_PITCH_EM: f64 = 0.714 + GAP_EM;
const GAP_EM: f64 = 0.36;

/// The size, in points, an address block of `lines` lines fills the window's height at,
/// rounded down to half a point, as big as `largest` (the letter's body size) but never
/// below [`base_size`]: an address is as large as the window allows, so a large-print
/// letter's three-line address is set at 16 pt, a seven-line one at 9.5 pt and an
/// eight-line one at 8 pt.
pub fn window_size(lines: usize, largest: f64) -> f64 {
    let n = lines.clamp(1, MOST_LINES_FOR_PARENT) as f64;
    let fills = BLOCK_HEIGHT_PT / (n * LINE_PITCH_EM - GAP_EM);
    ((fills.min(largest) * 2.0).floor() / 2.0).max(base_size(lines))
}

/// The line pitch, as a multiple of the size, a Word letter sets an address block of `lines`
/// lines at `size` with: Word's usual 1.2, closer when that would run below the window
/// (seven lines at 9.5 pt on 1.07 fill it in Word and LibreOffice; a bigger last line
/// reaches further below its baseline, half a point for each point above 9.5).
pub fn word_pitch(lines: usize, size: f64) -> f64 {
    const WORD_BLOCK_PT: f64 = MOST_LINES as f64 * 9.5 * 1.07;
    let room = WORD_BLOCK_PT - 0.5 * (size - 9.5).max(0.0);
    (room / (lines.max(1) as f64 * size)).min(1.2)
}

/// The sizes that fit each line of `lines` into the window's width, measured with the fonts
/// every letter is set in (Noto Sans first, falling back as typst does).
pub fn fit(lines: &[String]) -> AddressSizes {
    fit_up_to(lines, base_size(lines.len()))
}

/// [`fit`], with the block as large as the window allows up to `largest` ([`window_size`]);
/// a line too wide for that is set smaller, but never smaller than [`fit`] sets it.
pub fn fit_up_to(lines: &[String], largest: f64) -> AddressSizes {
    let fonts = LetterFonts::shipped();
    let base = window_size(lines.len(), largest);
    let lines = lines
        .iter()
        .map(|line| {
            let natural = fonts.width_em(line) * base;
            if natural > LINE_WIDTH_PT {
                // Rounded down to 0.1 pt so the size is exact in the letter data.
                ((base * LINE_WIDTH_PT / natural * 10.0).floor() / 10.0).max(SMALLEST_PT)
            } else {
                base
            }
        })
        .collect();
    AddressSizes { base, lines }
}

/// The width of `line` at the smallest address size, in millimetres, when that is still too
/// wide for one line of the window; `None` when it fits.
pub fn too_wide(line: &str) -> Option<f64> {
    let width_pt = LetterFonts::shipped().width_em(line) * SMALLEST_PT;
    (width_pt > LINE_WIDTH_PT).then(|| pt_to_mm(width_pt))
}

/// A person's name as the patient list gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name<'a> {
    pub title: &'a str,
    pub given: &'a str,
    pub family: &'a str,
}

impl Name<'_> {
    /// "Mrs Amina Okafor".
    pub fn full(&self) -> String {
        [self.title, self.given, self.family]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// With initials for the given names ("Mrs A M Montgomery-Fotheringham").
    pub fn initialled(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(initial)
            .collect();
        [
            self.title.to_string(),
            initials.join(" "),
            self.family.to_string(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The address block's name line: the full name, or with initials when the full name is
    /// too long for the window — more than [`NAME_LINE_MAX`] characters, or too wide even at
    /// the smallest size (a shorter name of wide letters). The input stage refuses names too
    /// wide even with initials ([`Name::too_wide`]).
    pub fn line(&self) -> String {
        let full = self.full();
        if full.chars().count() <= NAME_LINE_MAX && too_wide(&full).is_none() {
            return full;
        }
        self.initialled()
    }

    /// The address block's first lines for a letter to a child's parent or guardian:
    /// `prefix` ("The parent or guardian of") and the child's name, without its title, on one
    /// line, the name shortened to initials as [`Name::line`] shortens it when the line is
    /// too long. When even that is too wide for the window at the smallest size, `prefix` on
    /// a line of its own above the child's name line: nothing is refused (the input stage
    /// has made sure the name line alone fits).
    pub fn parent_lines(&self, prefix: &str) -> Vec<String> {
        let child = Name { title: "", ..*self };
        let full = format!("{prefix} {}", child.full());
        if full.chars().count() <= NAME_LINE_MAX && too_wide(&full).is_none() {
            return vec![full];
        }
        let initialled = format!("{prefix} {}", child.initialled());
        if too_wide(&initialled).is_none() {
            return vec![initialled];
        }
        vec![prefix.to_string(), child.line()]
    }

    /// The width in mm of the name line at its shortest (initials) and smallest size, when
    /// even that is too wide for the window.
    pub fn too_wide(&self) -> Option<f64> {
        too_wide(&self.initialled())
    }
}

/// A given name's initial: its first letter in capitals, or as written where no letter font
/// has the capital (`ɤ` has U+A7CB, new in Unicode 16, which Noto Sans lacks).
fn initial(word: &str) -> Option<String> {
    let first = word.chars().next()?;
    let capital = first.to_uppercase().to_string();
    Some(if LetterFonts::shipped().unprintable(&capital).is_none() {
        capital
    } else {
        first.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_block_is_the_window_less_its_insets() {
        assert!((WINDOW.width() - 95.4).abs() < 1e-9);
        assert!((WINDOW.height() - 26.8).abs() < 1e-9);
        assert!((BLOCK_WIDTH_MM - 92.4).abs() < 1e-9);
        assert!((LINE_WIDTH_PT - 91.4 * 72.0 / 25.4).abs() < 1e-9);
    }

    #[test]
    fn an_address_is_as_large_as_the_window_allows_up_to_the_body_size() {
        // Large print (16 pt body): short addresses at 16 pt, long ones as the height allows.
        let large: Vec<f64> = (3..=7).map(|n| window_size(n, 16.0)).collect();
        assert_eq!(large, [16.0, 16.0, 13.5, 11.0, 9.5]);
        // Standard print (12 pt body): 12 pt where the height allows, never below base_size.
        let standard: Vec<f64> = (3..=7).map(|n| window_size(n, 12.0)).collect();
        assert_eq!(standard, [12.0, 12.0, 12.0, 11.0, 9.5]);
        // A letter to a child's parent or guardian may have an eighth line.
        assert_eq!(window_size(8, 16.0), 8.0);
        assert_eq!(window_size(8, 12.0), 8.0);
        // Word's pitch closes up only as much as the window needs.
        assert_eq!(word_pitch(3, 16.0), 1.2);
        assert!((word_pitch(7, 9.5) - 1.07).abs() < 1e-9);
        assert!(word_pitch(5, 13.5) * 5.0 * 13.5 <= 7.0 * 9.5 * 1.07 + 1e-9);
    }

    #[test]
    fn short_lines_keep_the_base_size_for_their_count() {
        let five = fit(&lines(&["A", "B", "C", "D", "SE1 1AA"]));
        assert_eq!(five.base, 11.0);
        assert_eq!(five.lines, vec![11.0; 5]);
        assert_eq!(fit(&lines(&["a"; 6])).base, 10.0);
        assert_eq!(fit(&lines(&["a"; 7])).base, 9.5);
    }

    #[test]
    fn a_line_too_wide_for_the_window_is_set_smaller_but_not_below_7pt() {
        let long = "Flat 12, The Very Long Named Building Of Somewhere Quite Far Away";
        let sizes = fit(&lines(&["Ms A Patient", long, "SE1 1AA"]));
        assert_eq!(sizes.lines[0], 11.0);
        assert!(
            sizes.lines[1] < 11.0 && sizes.lines[1] >= 7.0,
            "{:?}",
            sizes
        );
        let huge = "W".repeat(300);
        assert_eq!(fit(&lines(&[&huge])).lines[0], 7.0);
    }

    #[test]
    fn a_line_too_wide_at_7pt_is_measured_in_millimetres() {
        assert_eq!(too_wide("Flat 12, The Very Long Named Building"), None);
        let wide = too_wide(&"W".repeat(60)).unwrap();
        assert!(wide > 91.4 && wide < 200.0, "{wide}");
    }

    #[test]
    fn a_long_name_line_uses_initials() {
        let name = Name {
            title: "Mrs",
            given: "Anna-Maria Josephine",
            family: "Montgomery-Fotheringham-Smythe",
        };
        assert_eq!(name.full().chars().count(), 55);
        assert_eq!(name.line(), "Mrs A M J Montgomery-Fotheringham-Smythe");
        let short = Name {
            title: "",
            given: "Li",
            family: "Chen",
        };
        assert_eq!(short.line(), "Li Chen");
        // Under 45 characters, but too wide for the window even at 7 pt.
        let wide = Name {
            title: "Mr",
            given: "ŴŴŴŴŴŴŴŴŴŴ",
            family: "ŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴŴ",
        };
        assert!(wide.full().chars().count() <= NAME_LINE_MAX);
        assert_eq!(wide.line(), wide.initialled());
    }

    #[test]
    fn a_letter_to_a_parent_names_the_child_without_a_title_shortened_as_the_window_needs() {
        let prefix = "The parent or guardian of";
        let short = Name {
            title: "Master",
            given: "Hao",
            family: "Liu",
        };
        assert_eq!(
            short.parent_lines(prefix),
            ["The parent or guardian of Hao Liu"]
        );
        // Over 45 characters with the prefix: initials, as for any long name line.
        let long = Name {
            title: "Miss",
            given: "Anna-Maria Josephine",
            family: "Fotheringham",
        };
        assert_eq!(
            long.parent_lines(prefix),
            ["The parent or guardian of A M J Fotheringham"]
        );
        // Too wide even with initials: the prefix on its own line, then the name line.
        let longest = Name {
            title: "Master",
            given: "Oluwaseun Alexandra-Marie",
            family: "Montgomery-Fotheringham-Oyelaran-Wickramasinghe",
        };
        let lines = longest.parent_lines(prefix);
        assert_eq!(
            lines,
            [
                "The parent or guardian of",
                "O A M Montgomery-Fotheringham-Oyelaran-Wickramasinghe"
            ]
        );
        assert!(lines.iter().all(|l| too_wide(l).is_none()));
    }

    #[test]
    fn an_initial_is_a_capital_the_letter_fonts_have() {
        assert_eq!(initial("anna").as_deref(), Some("A"));
        assert_eq!(initial("łucja").as_deref(), Some("Ł"));
        assert_eq!(
            initial("ɤa").as_deref(),
            Some("ɤ"),
            "its capital is too new"
        );
        assert_eq!(initial(""), None);
        let fonts = LetterFonts::shipped();
        let unprintable: Vec<String> = (0..=0x3_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| fonts.unprintable(&c.to_string()).is_none())
            .filter(|&c| {
                let initial = initial(&c.to_string()).unwrap_or_default();
                fonts.unprintable(&initial).is_some()
            })
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(unprintable.is_empty(), "{unprintable:?}");
    }
}

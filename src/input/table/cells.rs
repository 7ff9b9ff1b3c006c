//! Input stage: the rules every cell a reader uses must pass — not too long, no invisible
//! control characters, nothing the letter fonts cannot print.

use super::{Columns, TableRow};
use crate::letter_fonts::LetterFonts;
use crate::model::{Location, Problem};

/// The first character in a cell that must not reach a letter: C0 and C1 controls (a tab or
/// line break inside a name included), the bidirectional marks, overrides, embeddings and
/// isolates, U+FEFF, invisible breaks and the soft hyphen, private-use characters (the compose stage uses some as markers) and
/// noncharacters (PDF/UA forbids them).
pub(crate) fn control_character(cell: &str) -> Option<char> {
    cell.chars().find(|&c| {
        let n = c as u32;
        c.is_control()
            || matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
                    // Invisible breaks and hyphens: a soft hyphen prints as "-" where a line
                    // breaks and drops out of extracted text (found by tests/suite/hostile_text.rs).
                    | '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}'
            )
            || (0xE000..=0xF8FF).contains(&n)
            || n >= 0xF0000
            || (0xFDD0..=0xFDEF).contains(&n)
            || n & 0xFFFE == 0xFFFE
    })
}

/// A control character's code point and, for the usual ones, its name.
fn control_name(c: char) -> String {
    let name = match c {
        '\t' => " TAB",
        '\n' => " LINE FEED",
        '\r' => " CARRIAGE RETURN",
        '\u{202E}' => " RIGHT-TO-LEFT OVERRIDE",
        '\u{202D}' => " LEFT-TO-RIGHT OVERRIDE",
        '\u{200F}' => " RIGHT-TO-LEFT MARK",
        '\u{200E}' => " LEFT-TO-RIGHT MARK",
        '\u{FEFF}' => " ZERO WIDTH NO-BREAK SPACE",
        '\u{00AD}' => " SOFT HYPHEN",
        '\u{200B}' => " ZERO WIDTH SPACE",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// The most characters a cell the readers use may hold. The longest real names and address
/// lines are well under 100; anything longer is usually several cells run together.
pub(crate) const MAX_CELL_CHARS: usize = 200;

impl Columns {
    /// The used columns whose cell in `row` is longer than [`MAX_CELL_CHARS`], with the length.
    pub(crate) fn overlong(&self, row: &TableRow) -> Vec<(&'static str, usize)> {
        self.found
            .iter()
            .filter_map(|&(name, i)| {
                let cell = row.cells.get(i)?;
                // Bytes bound characters from above: count only when it may matter.
                (cell.len() > MAX_CELL_CHARS)
                    .then(|| cell.trim().chars().count())
                    .filter(|&n| n > MAX_CELL_CHARS)
                    .map(|n| (name, n))
            })
            .collect()
    }

    /// A problem for each used cell of the row that is too long or holds an invisible
    /// control character (which could reorder or hide text on a letter). A cell that is too
    /// long is not looked through for characters: it is refused anyway, and a workbook can
    /// repeat one text of a megabyte down every row.
    pub(crate) fn cell_problems(
        &self,
        row: &TableRow,
        location: &dyn Fn(usize, &str) -> Location,
    ) -> Vec<Problem> {
        let overlong = self.overlong(row);
        let mut problems: Vec<Problem> = overlong
            .iter()
            .copied()
            .map(|(name, n)| Problem {
                location: location(row.number, name),
                message: format!(
                    "the cell is too long ({n} characters; a cell may hold at most {MAX_CELL_CHARS})"
                ),
                hint: Some(
                    "check the cell: it may hold several cells' text run together".to_string(),
                ),
            })
            .collect();
        for &(name, i) in &self.found {
            let Some(cell) = row.cells.get(i).map(|cell| cell.trim()) else {
                continue;
            };
            if overlong.iter().any(|&(long, _)| long == name) {
                continue;
            }
            if let Some(c) = control_character(cell) {
                problems.push(Problem {
                    location: location(row.number, name),
                    message: format!(
                        "the cell holds an invisible or unprintable character ({})",
                        control_name(c)
                    ),
                    hint: Some(
                        "retype the cell: the character usually comes from copying text out of another program"
                            .to_string(),
                    ),
                });
            } else if let Some(c) = LetterFonts::shipped().unprintable(cell) {
                problems.push(Problem {
                    location: location(row.number, name),
                    message: format!(
                        "the cell holds a character the letters cannot print (U+{:04X}): no letter font has it, or has it with the character before it",
                        c as u32
                    ),
                    hint: Some(
                        "check the cell against the record it came from (names and addresses on the Spine are in Latin letters) and retype it"
                            .to_string(),
                    ),
                });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_must_not_reach_a_letter() {
        // Found by the letters fuzz target: each broke the PDF export of its print file, or
        // (private use) could pose as the compose stage's own markers.
        for c in [
            '\u{4}',
            '\u{FEFF}',
            '\u{E000}',
            '\u{E001}',
            '\u{FFFE}',
            '\u{FDD0}',
            '\u{10FFFD}',
            '\u{202E}',
            '\t',
            '\u{AD}', // soft hyphen: found by tests/suite/hostile_text.rs
            '\u{200B}',
        ] {
            let cell = format!("Ann{c}e");
            assert_eq!(control_character(&cell), Some(c), "{:?}", c);
        }
        for ok in [
            "Zoë",
            "O'Brien",
            "Łukasz",
            "محمد",
            "王",
            "Flat 3, 12 Road",
            "#set text(red)",
        ] {
            assert_eq!(control_character(ok), None, "{ok}");
        }
    }
}

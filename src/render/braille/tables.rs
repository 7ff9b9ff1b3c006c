//! liblouis's published tables, compiled in (`letter-templates/braille/`, LGPL-2.1+), read by
//! `louis-rs`: the translator each grade of braille uses, and the BRF display table. Each is compiled once per process, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use louis::{Direction, Translator};

/// Each table file by the name `include` lines use.
const FILES: &[(&str, &str)] = &[
    (
        "en-ueb-g2.ctb",
        include_str!("../../../letter-templates/braille/en-ueb-g2.ctb"),
    ),
    (
        "en-ueb-g1.ctb",
        include_str!("../../../letter-templates/braille/en-ueb-g1.ctb"),
    ),
    (
        "en-ueb-chardefs.uti",
        include_str!("../../../letter-templates/braille/en-ueb-chardefs.uti"),
    ),
    (
        "en-ueb-math.ctb",
        include_str!("../../../letter-templates/braille/en-ueb-math.ctb"),
    ),
    (
        "spaces.uti",
        include_str!("../../../letter-templates/braille/spaces.uti"),
    ),
    (
        "latinLetterDef6Dots.uti",
        include_str!("../../../letter-templates/braille/latinLetterDef6Dots.uti"),
    ),
    (
        "latinUppercaseComp6.uti",
        include_str!("../../../letter-templates/braille/latinUppercaseComp6.uti"),
    ),
    (
        "braille-patterns.cti",
        include_str!("../../../letter-templates/braille/braille-patterns.cti"),
    ),
];

/// North American braille ASCII: the character a BRF file holds for each cell.
const BRF_DISPLAY: &str = include_str!("../../../letter-templates/braille/en-us-brf.dis");

/// Which of liblouis's tables a grade of braille is translated with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// Unified English Braille, contracted.
    Two,
    /// Unified English Braille, uncontracted.
    One,
}

impl Grade {
    /// The table's file name in liblouis (`lou_translate` takes the same name).
    pub fn table(self) -> &'static str {
        match self {
            Grade::Two => "en-ueb-g2.ctb",
            Grade::One => "en-ueb-g1.ctb",
        }
    }
}

/// Why a table could not be read: a defect of the build, never of the input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the braille table {table} could not be read: {message}")]
pub struct TableError {
    pub table: &'static str,
    pub message: String,
}

/// A table with every `include` line replaced by the file it names, as liblouis reads it.
fn expanded(name: &str, depth: usize, out: &mut String) -> Result<(), String> {
    let Some((_, text)) = FILES.iter().find(|(file, _)| *file == name) else {
        return Err(format!("{name} is not compiled in"));
    };
    if depth > 8 {
        return Err(format!("{name} is included too deeply"));
    }
    for line in text.lines() {
        let mut words = line.split_whitespace();
        if words.next() == Some("include") {
            let included = words.next().ok_or("an include names no file")?;
            expanded(included, depth + 1, out)?;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Ok(())
}

fn compile(grade: Grade, direction: Direction) -> Result<Translator, TableError> {
    let error = |message: String| TableError {
        table: grade.table(),
        message,
    };
    let mut source = String::new();
    expanded(grade.table(), 0, &mut source).map_err(error)?;
    Translator::from_table_source(&source, direction).map_err(|e| error(format!("{e:?}")))
}

type Compiled = Result<Translator, TableError>;

/// The translator from print to braille for `grade`, compiled on first use.
pub fn forward(grade: Grade) -> Result<&'static Translator, TableError> {
    static TWO: OnceLock<Compiled> = OnceLock::new();
    static ONE: OnceLock<Compiled> = OnceLock::new();
    let cell = match grade {
        Grade::Two => &TWO,
        Grade::One => &ONE,
    };
    cell.get_or_init(|| compile(grade, Direction::Forward))
        .as_ref()
        .map_err(Clone::clone)
}

/// The BRF display table both ways: cell (as Unicode braille) to ASCII, and back.
pub struct Display {
    to_ascii: HashMap<char, char>,
    to_cell: HashMap<char, char>,
}

impl Display {
    /// The character a BRF file holds for `cell` (upper case, as BRF files are written).
    pub fn ascii(&self, cell: char) -> Option<char> {
        self.to_ascii.get(&cell).copied()
    }

    /// The cell a BRF character stands for, in either case.
    pub fn cell(&self, ascii: char) -> Option<char> {
        self.to_cell.get(&ascii.to_ascii_uppercase()).copied()
    }
}

/// `en-us-brf.dis`, read once: `display <char> <dots>` lines.
pub fn display() -> &'static Display {
    static DISPLAY: OnceLock<Display> = OnceLock::new();
    DISPLAY.get_or_init(|| {
        let mut to_ascii = HashMap::new();
        let mut to_cell = HashMap::new();
        for line in BRF_DISPLAY.lines() {
            let mut words = line.split_whitespace();
            let (Some("display"), Some(ch), Some(dots)) =
                (words.next(), words.next(), words.next())
            else {
                continue;
            };
            let ch = match ch {
                "\\s" => ' ',
                "\\\\" => '\\',
                other => match other.chars().next() {
                    Some(c) if other.chars().count() == 1 => c,
                    _ => continue,
                },
            };
            let bits = dots
                .chars()
                .filter_map(|d| d.to_digit(10))
                .filter(|d| (1..=8).contains(d))
                .fold(0u32, |bits, d| bits | 1 << (d - 1));
            let Some(cell) = char::from_u32(0x2800 + bits) else {
                continue;
            };
            let ch = ch.to_ascii_uppercase();
            to_ascii.insert(cell, ch);
            to_cell.insert(ch, cell);
        }
        Display { to_ascii, to_cell }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_of_six_dots_has_one_brf_character() {
        let display = display();
        for bits in 0..64u32 {
            let cell = char::from_u32(0x2800 + bits).unwrap();
            let ascii = display
                .ascii(cell)
                .unwrap_or_else(|| panic!("no BRF for {cell}"));
            assert!(ascii.is_ascii() && !ascii.is_ascii_lowercase(), "{ascii}");
            assert_eq!(display.cell(ascii), Some(cell));
        }
        assert_eq!(display.ascii('⠀'), Some(' '));
        assert_eq!(display.ascii('⠁'), Some('A'));
    }

    #[test]
    fn both_grades_translate_and_read_back() {
        let two = forward(Grade::Two).unwrap();
        assert_eq!(two.translate("the").unwrap(), "⠮");
        let one = forward(Grade::One).unwrap();
        assert_eq!(one.translate("the").unwrap(), "⠞⠓⠑");
    }
}

//! liblouis's published tables, compiled in (`letter-templates/braille/`, LGPL-2.1+), read by
//! `louis-rs`: the translator each grade of braille uses, and the BRF display table. Each is compiled once per process, on first use.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::model::BRAILLE_TABLES;

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
    (
        "es-g1.ctb",
        include_str!("../../../letter-templates/braille/es-g1.ctb"),
    ),
    (
        "es-chardefs.cti",
        include_str!("../../../letter-templates/braille/es-chardefs.cti"),
    ),
    (
        "litdigits6Dots.uti",
        include_str!("../../../letter-templates/braille/litdigits6Dots.uti"),
    ),
    (
        "loweredDigits6Dots.uti",
        include_str!("../../../letter-templates/braille/loweredDigits6Dots.uti"),
    ),
    (
        "pt-pt-g1.utb",
        include_str!("../../../letter-templates/braille/pt-pt-g1.utb"),
    ),
    (
        "digits6Dots.uti",
        include_str!("../../../letter-templates/braille/digits6Dots.uti"),
    ),
    (
        "text_nabcc.dis",
        include_str!("../../../letter-templates/braille/text_nabcc.dis"),
    ),
    (
        "lt-6dot.utb",
        include_str!("../../../letter-templates/braille/lt-6dot.utb"),
    ),
    (
        "fr-bfu-comp6.utb",
        include_str!("../../../letter-templates/braille/fr-bfu-comp6.utb"),
    ),
    (
        "IPA-unicode-range.uti",
        include_str!("../../../letter-templates/braille/IPA-unicode-range.uti"),
    ),
    (
        "digits6DotsPlusDot6.uti",
        include_str!("../../../letter-templates/braille/digits6DotsPlusDot6.uti"),
    ),
    (
        "fr-bfu-comp68.cti",
        include_str!("../../../letter-templates/braille/fr-bfu-comp68.cti"),
    ),
    (
        "litdigits6DotsPlusDot6.uti",
        include_str!("../../../letter-templates/braille/litdigits6DotsPlusDot6.uti"),
    ),
    (
        "zhcn-g1.ctb",
        include_str!("../../../letter-templates/braille/zhcn-g1.ctb"),
    ),
    (
        "Pl-Pl-g1.utb",
        include_str!("../../../letter-templates/braille/Pl-Pl-g1.utb"),
    ),
    (
        "ar-ar-g1.utb",
        include_str!("../../../letter-templates/braille/ar-ar-g1.utb"),
    ),
    (
        "ar-ar-g1-core.uti",
        include_str!("../../../letter-templates/braille/ar-ar-g1-core.uti"),
    ),
    (
        "ar-ar-math.uti",
        include_str!("../../../letter-templates/braille/ar-ar-math.uti"),
    ),
    (
        "en-chardefs.cti",
        include_str!("../../../letter-templates/braille/en-chardefs.cti"),
    ),
    (
        "en-us-emphasis.uti",
        include_str!("../../../letter-templates/braille/en-us-emphasis.uti"),
    ),
    (
        "ta-ta-g1.ctb",
        include_str!("../../../letter-templates/braille/ta-ta-g1.ctb"),
    ),
    (
        "en-us-g1.ctb",
        include_str!("../../../letter-templates/braille/en-us-g1.ctb"),
    ),
    (
        "en-us-compbrl.uti",
        include_str!("../../../letter-templates/braille/en-us-compbrl.uti"),
    ),
];

/// North American braille ASCII: the character a BRF file holds for each cell.
const BRF_DISPLAY: &str = include_str!("../../../letter-templates/braille/en-us-brf.dis");

/// Contracted or uncontracted braille.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// Contracted (grade 2).
    Two,
    /// Uncontracted (grade 1).
    One,
}

/// liblouis's table for `grade` braille in `language` (ISO 639: `en`, `pt`), from
/// [`BRAILLE_TABLES`]; `None` when there is none compiled in.
pub fn table(language: &str, grade: Grade) -> Option<&'static str> {
    BRAILLE_TABLES
        .iter()
        .find(|(l, _, _)| *l == language)
        .map(|&(_, two, one)| match grade {
            Grade::Two => two,
            Grade::One => one,
        })
}

/// Why a table could not be read: a defect of the build, never of the input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the braille table {table} could not be read: {message}")]
pub struct TableError {
    pub table: String,
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

fn compile(table: &str) -> Result<Translator, TableError> {
    let error = |message: String| TableError {
        table: table.to_string(),
        message,
    };
    let mut source = String::new();
    expanded(table, 0, &mut source).map_err(error)?;
    Translator::from_table_source(&source, Direction::Forward).map_err(|e| error(format!("{e:?}")))
}

/// The translator from print to braille by `table` (a name [`table`] gives), compiled on
/// first use and kept for the life of the process.
pub fn forward(table: &str) -> Result<&'static Translator, TableError> {
    static COMPILED: OnceLock<Mutex<HashMap<String, &'static Translator>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(Default::default);
    if let Some(translator) = compiled
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(table)
    {
        return Ok(translator);
    }
    // Compiled outside the lock: another thread may compile the same table meanwhile, and the
    // first kept wins (the few tables are small, and each is compiled at most a few times).
    let translator: &'static Translator = Box::leak(Box::new(compile(table)?));
    Ok(*compiled
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(table.to_string())
        .or_insert(translator))
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
    fn both_grades_translate() {
        let two = forward(table("en", Grade::Two).unwrap()).unwrap();
        assert_eq!(two.translate("the").unwrap(), "⠮");
        let one = forward(table("en", Grade::One).unwrap()).unwrap();
        assert_eq!(one.translate("the").unwrap(), "⠞⠓⠑");
    }

    #[test]
    fn every_language_s_tables_are_compiled_in_and_make_six_dot_braille() {
        // English text every letter holds, and the NHS Constitution's sentences in the
        // language (golden/nhs-constitution/, named by locale: `zh-Hans.txt`).
        let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/golden/nhs-constitution");
        for &(language, two, one) in BRAILLE_TABLES {
            let file = std::fs::read_dir(golden)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    p.extension().is_some_and(|e| e == "txt")
                        && p.file_stem()
                            .and_then(|s| s.to_str())
                            .is_some_and(|s| s.split('-').next() == Some(language))
                })
                .unwrap_or_else(|| panic!("no Constitution sentences in {language}"));
            let sentences = std::fs::read_to_string(file).unwrap();
            for name in [two, one] {
                let translator = forward(name).unwrap_or_else(|e| panic!("{language}: {e}"));
                for text in std::iter::once("Phone 020 7946 0000, Jane.")
                    .chain(sentences.lines().filter(|l| !l.trim().is_empty()))
                {
                    let cells = translator.translate(text).unwrap();
                    assert!(
                        cells.chars().all(|c| ('\u{2800}'..'\u{2840}').contains(&c)),
                        "{name}: {text}\n{cells}"
                    );
                }
            }
        }
    }
}

//! Input stage: a patient's information needs, as the patient list's `format` column gives
//! them: the toolkit's own words (`standard`, `large-print`, `braille`, `easy-read`), or the
//! Accessible Information Standard's coded terms (DCB1605) as EMIS Web and SystmOne export them,
//! by SNOMED CT term or code, one or several to a cell.
//!
//! The terms are the published ones of the Standard's "specific information format" and
//! "specific contact method" subsets, and of the communication needs a letter cannot meet
//! (NHS England's Reasonable Adjustments flag codes, `https://fhir.nhs.uk/England/ValueSet/
//! RA-FlagCode`). Each is met by a letter format the toolkit makes, or is a need to meet by
//! hand: the patient still gets the nearest letter they can use, and the summary lists them.
//! Several needs: the most accessible format wins; every need is kept.

use crate::model::LetterFormat;

/// How a need is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    /// By the letter in this format.
    Letter(LetterFormat),
    /// Not by a letter this tool makes: by hand, with this format sent meanwhile (the nearest
    /// the patient can use).
    ByHand(LetterFormat),
    /// By any letter (contact by letter, written communication).
    AnyLetter,
}

/// One published term: its SNOMED CT code, its words, and how the toolkit meets it.
#[derive(Debug, Clone, Copy)]
pub struct AisTerm {
    pub code: &'static str,
    pub term: &'static str,
    pub met: Met,
}

const fn term(code: &'static str, term: &'static str, met: Met) -> AisTerm {
    AisTerm { code, term, met }
}

use LetterFormat::{Braille, BrailleGrade1, EasyRead, LargePrint, Standard};
use Met::{AnyLetter, ByHand, Letter};

/// The terms the toolkit knows, as NHS England publishes them.
///
/// Large print here is 16 pt, so a need for 20 pt or larger is met by hand too.
pub const AIS_TERMS: &[AisTerm] = &[
    // Specific information format.
    term(
        "936661000000109",
        "Requires information in contracted (Grade 2) Braille",
        Letter(Braille),
    ),
    term(
        "936681000000100",
        "Requires information in uncontracted (Grade 1) Braille",
        Letter(BrailleGrade1),
    ),
    term(
        "796161000000101",
        "Requires information in Easyread",
        Letter(EasyRead),
    ),
    term(
        "957331000000109",
        "Requires written information in at least 20 point sans serif font",
        ByHand(LargePrint),
    ),
    term(
        "957351000000102",
        "Requires written information in at least 24 point sans serif font",
        ByHand(LargePrint),
    ),
    term(
        "957371000000106",
        "Requires written information in at least 28 point sans serif font",
        ByHand(LargePrint),
    ),
    term(
        "936601000000105",
        "Requires information in electronic audio format",
        ByHand(Standard),
    ),
    term(
        "945751000000106",
        "Requires information in electronic downloadable format",
        ByHand(Standard),
    ),
    term(
        "936641000000108",
        "Requires information in Makaton",
        ByHand(Standard),
    ),
    term(
        "936621000000101",
        "Requires information in Moon alphabet",
        ByHand(LargePrint),
    ),
    term(
        "1082551000000100",
        "Requires information in aphasia-accessible format",
        ByHand(LargePrint),
    ),
    term(
        "795801000000104",
        "Requires information on audio cassette tape",
        ByHand(Standard),
    ),
    term(
        "795731000000104",
        "Requires information on compact disc",
        ByHand(Standard),
    ),
    term(
        "795691000000105",
        "Requires information on digital versatile disc",
        ByHand(Standard),
    ),
    term(
        "945691000000105",
        "Requires information on universal serial bus mass storage device",
        ByHand(Standard),
    ),
    term(
        "936581000000101",
        "Requires information by email",
        ByHand(Standard),
    ),
    term(
        "367741000000102",
        "Requires information verbally",
        ByHand(Standard),
    ),
    term(
        "985021000000106",
        "Requires third party to read out written information",
        ByHand(Standard),
    ),
    term(
        "719758004",
        "Requires healthcare information recording on personal audio recording device",
        ByHand(Standard),
    ),
    // Specific contact method.
    term("936721000000107", "Requires contact by letter", AnyLetter),
    term(
        "795661000000104",
        "Requires contact by telephone",
        ByHand(Standard),
    ),
    term(
        "936741000000100",
        "Requires contact by email",
        ByHand(Standard),
    ),
    term(
        "936701000000103",
        "Requires contact by short message service text message",
        ByHand(Standard),
    ),
    term(
        "796081000000106",
        "Requires contact by text relay",
        ByHand(Standard),
    ),
    term("719561001", "Requires contact via carer", ByHand(Standard)),
    // Communication: what a letter alone cannot give.
    term(
        "204331000000107",
        "British Sign Language interpreter needed",
        ByHand(Standard),
    ),
    term(
        "520471000000105",
        "Preferred method of communication: British Sign Language",
        ByHand(Standard),
    ),
    term("415803005", "Uses British sign language", ByHand(Standard)),
    term(
        "520491000000109",
        "Preferred method of communication: written",
        AnyLetter,
    ),
];

/// A patient's needs as read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs {
    /// The letter the patient is sent: the most accessible format asked for.
    pub format: LetterFormat,
    /// The needs no letter this tool makes meets, in the published words (or as written, for
    /// a coded need this tool does not know), in the cell's order.
    pub by_hand: Vec<String>,
}

/// Lower case, letters and digits only: how a value is compared.
fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The toolkit's own words for a format.
fn own_word(part: &str) -> Option<Met> {
    match squash(part).as_str() {
        "standard" | "standardprint" => Some(Letter(Standard)),
        "largeprint" | "large" => Some(Letter(LargePrint)),
        "braille" | "braillegrade2" | "grade2braille" | "contractedbraille" => {
            Some(Letter(Braille))
        }
        "braillegrade1" | "grade1braille" | "uncontractedbraille" => Some(Letter(BrailleGrade1)),
        "easyread" => Some(Letter(EasyRead)),
        _ => None,
    }
}

/// Whether text no known term matches still reads as a coded need (a term of the Standard's
/// kind, or a SNOMED CT code): met by hand rather than refused.
fn looks_coded(part: &str) -> bool {
    let digits = part.trim().chars().all(|c| c.is_ascii_digit()) && part.trim().len() >= 6;
    let words = [
        "requires ",
        "uses ",
        "preferred method of communication",
        "needs ",
    ];
    let lower = part.trim().to_lowercase();
    digits || words.iter().any(|w| lower.starts_with(w))
}

/// The needs in a `format` cell: empty is standard print. Several are separated as exports
/// separate them (`;`, `|`, `,` or new lines; a code and its term, `936661000000109 |
/// Requires …`, count once). `Err`: the part that is neither a format nor a need.
pub fn read_needs(cell: &str) -> Result<Needs, String> {
    let mut format = Standard;
    let mut by_hand: Vec<String> = Vec::new();
    for part in cell.split([';', '|', ',', '\n']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let known = AIS_TERMS
            .iter()
            .find(|t| t.code == part || squash(t.term) == squash(part));
        let (met, words) = match (known, own_word(part)) {
            (Some(t), _) => (t.met, t.term.to_string()),
            (None, Some(met)) => (met, part.to_string()),
            (None, None) if looks_coded(part) => (ByHand(Standard), part.to_string()),
            (None, None) => return Err(part.to_string()),
        };
        let wanted = match met {
            Letter(f) => f,
            ByHand(f) => {
                if !by_hand.contains(&words) {
                    by_hand.push(words);
                }
                f
            }
            AnyLetter => Standard,
        };
        format = format.max(wanted);
    }
    Ok(Needs { format, by_hand })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(cell: &str) -> Needs {
        read_needs(cell).unwrap()
    }

    #[test]
    fn the_tools_own_words_and_an_empty_cell() {
        assert_eq!(needs("").format, Standard);
        assert_eq!(needs("standard").format, Standard);
        assert_eq!(needs("Large Print").format, LargePrint);
        assert_eq!(needs("large-print").by_hand, Vec::<String>::new());
        assert_eq!(needs("braille").format, Braille);
        assert_eq!(needs("Grade 1 braille").format, BrailleGrade1);
        assert_eq!(needs("braille").by_hand, Vec::<String>::new());
        // Easy read is a letter of its own.
        assert_eq!(needs("easy-read").format, EasyRead);
        assert_eq!(needs("Easy Read").by_hand, Vec::<String>::new());
    }

    #[test]
    fn every_published_term_is_read_by_its_words_and_its_code() {
        for t in AIS_TERMS {
            let by_words = needs(t.term);
            assert_eq!(needs(t.code), by_words, "{}", t.term);
            assert_eq!(needs(&t.term.to_uppercase()), by_words, "{}", t.term);
            match t.met {
                ByHand(f) => {
                    assert_eq!(by_words.format, f);
                    assert_eq!(by_words.by_hand, [t.term]);
                }
                Letter(f) => assert_eq!((by_words.format, by_words.by_hand.len()), (f, 0)),
                AnyLetter => assert_eq!((by_words.format, by_words.by_hand.len()), (Standard, 0)),
            }
        }
    }

    #[test]
    fn several_needs_the_most_accessible_format_wins_and_each_is_kept() {
        let read = needs(
            "Requires contact by letter; 936661000000109 | Requires information in contracted (Grade 2) Braille\nRequires information verbally",
        );
        assert_eq!(read.format, Braille);
        assert_eq!(read.by_hand, ["Requires information verbally"]);
        let print_and_braille = needs("large print; braille");
        assert_eq!(print_and_braille.format, Braille);
    }

    #[test]
    fn easy_read_wins_over_large_print_and_is_met_by_its_letter() {
        let read = needs("Requires information in Easyread; large-print");
        assert_eq!((read.format, read.by_hand.len()), (EasyRead, 0));
        assert_eq!(needs("796161000000101").format, EasyRead);
        // A need the easy-read letter does not meet is still listed.
        let read = needs("easy-read; Requires information verbally");
        assert_eq!(read.format, EasyRead);
        assert_eq!(read.by_hand, ["Requires information verbally"]);
    }

    #[test]
    fn a_coded_need_not_known_is_met_by_hand_and_a_typo_is_refused() {
        assert_eq!(
            needs("Requires information in Klingon").by_hand,
            ["Requires information in Klingon"]
        );
        assert_eq!(needs("123456789012").format, Standard);
        assert_eq!(read_needs("larg print"), Err("larg print".to_string()));
    }
}

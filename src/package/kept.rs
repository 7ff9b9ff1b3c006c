//! Package stage: what a batch keeps of every letter once it is typeset ([`BatchLetters`]),
//! for the manifest, the workbooks, the summary and the ledger.
//!
//! A batch keeps all its letters until it ends, so each is kept small: about 60 bytes where
//! its [`BatchLetter`] takes 330. The texts (NHS number, postcode, and the letter id when it
//! is not the one made from the closing practice, cohort and row) are kept one after another
//! in one string, and what many letters share (the closing practice, the locale, the print
//! file) once in a table. A letter that does not fit that shape (a check that failed, a
//! braille letter, a BFPO address, a number too large, a smallest text size that 32 bits do
//! not hold exactly) is kept whole. Each letter reads back exactly as it was kept.

use std::sync::Arc;

use compact_str::CompactString;

use crate::check::{LetterCheck, Verdict};
use crate::compose::{LetterRecord, made_letter_id};
use crate::model::{LetterFormat, NhsNumber, Postcode};
use crate::plan::Cohort;

/// One letter of a batch: what it is, how it checked, and where it was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLetter {
    pub record: LetterRecord,
    pub check: LetterCheck,
    /// Its print file in the zip (`print/2a-en-GB-standard-01.pdf`); empty when it could not
    /// be laid out.
    pub print_file: Arc<str>,
}

impl AsRef<LetterRecord> for BatchLetter {
    fn as_ref(&self) -> &LetterRecord {
        &self.record
    }
}

/// Every letter of a batch in print order, kept small; [`BatchLetters::iter`] reads each back
/// as its [`BatchLetter`].
#[derive(Debug, Clone, Default)]
pub struct BatchLetters {
    kept: Vec<Kept>,
    /// Every compact letter's texts, one after another.
    texts: String,
    /// The closing practices' indexes and ODS codes the letters have.
    closings: Vec<(usize, CompactString)>,
    /// The locales and their review status the letters have.
    locales: Vec<(CompactString, CompactString)>,
    /// The print files, each once for each run of letters in it.
    print_files: Vec<Arc<str>>,
}

/// One letter as kept: compact, or whole.
#[derive(Debug, Clone)]
enum Kept {
    Compact(Compact),
    /// A letter that does not fit the compact shape.
    Whole(Box<BatchLetter>),
}

/// A letter in its compact shape.
#[derive(Debug, Clone)]
struct Compact {
    /// Where its texts start in [`BatchLetters::texts`].
    text_at: u32,
    /// The lengths of its letter id, NHS number and postcode.
    lengths: [u8; 3],
    flags: u8,
    cohort: Cohort,
    format: LetterFormat,
    closing: u16,
    locale: u16,
    row: u32,
    print_file: u32,
    first_page: u32,
    pages: u16,
    sheets: u16,
    /// Exactly the check's (a size that 32 bits do not hold exactly is kept whole).
    min_text_pt: f32,
}

const BFPO: u8 = 1;
const A4: u8 = 1 << 1;
const BLACK_AND_WHITE: u8 = 1 << 2;
const ADDRESS_IN_WINDOW: u8 = 1 << 3;
const ELIGIBLE_50P: u8 = 1 << 4;
const HAS_MIN_TEXT: u8 = 1 << 5;
/// The letter id is the one made from the closing practice, cohort and row, and not kept.
const MADE_ID: u8 = 1 << 6;

impl BatchLetters {
    pub fn new() -> BatchLetters {
        BatchLetters::default()
    }

    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Keeps the next letter in print order.
    pub fn push(&mut self, letter: BatchLetter) {
        let kept = match self.compact(&letter) {
            Some(compact) => Kept::Compact(compact),
            None => Kept::Whole(Box::new(letter)),
        };
        self.kept.push(kept);
    }

    /// The letter in its compact shape, its texts and what it shares added to the tables;
    /// `None` when it does not fit that shape.
    fn compact(&mut self, letter: &BatchLetter) -> Option<Compact> {
        let BatchLetter {
            record:
                LetterRecord {
                    letter_id,
                    closing,
                    closing_ods,
                    row,
                    nhs_number,
                    cohort,
                    language,
                    translation_status,
                    format,
                    postcode,
                    manual_handling,
                },
            check:
                LetterCheck {
                    letter_id: checked_id,
                    first_page,
                    pages,
                    sheets,
                    a4,
                    black_and_white,
                    address_in_window,
                    min_text_pt,
                    braille,
                    verdict:
                        Verdict {
                            eligible_50p,
                            failures,
                        },
                },
            print_file,
        } = letter;
        if checked_id != letter_id
            || manual_handling.is_some()
            || braille.is_some()
            || !failures.is_empty()
        {
            return None;
        }
        let made_id = *letter_id == made_letter_id(closing_ods, *cohort, *row);
        let texts = [
            if made_id { "" } else { letter_id.as_str() },
            nhs_number.0.as_str(),
            &postcode.text,
        ];
        let lengths = [
            u8::try_from(texts[0].len()).ok()?,
            u8::try_from(texts[1].len()).ok()?,
            u8::try_from(texts[2].len()).ok()?,
        ];
        let text_at = u32::try_from(self.texts.len()).ok()?;
        let row = u32::try_from(*row).ok()?;
        let first_page = u32::try_from(*first_page).ok()?;
        let pages = u16::try_from(*pages).ok()?;
        let sheets = u16::try_from(*sheets).ok()?;
        let min_text = min_text_pt.unwrap_or(0.0) as f32;
        if f64::from(min_text) != min_text_pt.unwrap_or(0.0) {
            return None;
        }
        let closing = index_of(&mut self.closings, (*closing, closing_ods.clone()))?;
        let locale = index_of(
            &mut self.locales,
            (language.clone(), translation_status.clone()),
        )?;
        let print_file = match self.print_files.last() {
            Some(last) if last == print_file => self.print_files.len() - 1,
            _ => {
                self.print_files.push(print_file.clone());
                self.print_files.len() - 1
            }
        };
        let print_file = u32::try_from(print_file).ok()?;
        let flags = [
            (postcode.bfpo, BFPO),
            (*a4, A4),
            (*black_and_white, BLACK_AND_WHITE),
            (*address_in_window, ADDRESS_IN_WINDOW),
            (*eligible_50p, ELIGIBLE_50P),
            (min_text_pt.is_some(), HAS_MIN_TEXT),
            (made_id, MADE_ID),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .fold(0, |flags, (_, flag)| flags | flag);
        for text in texts {
            self.texts.push_str(text);
        }
        Some(Compact {
            text_at,
            lengths,
            flags,
            cohort: *cohort,
            format: *format,
            closing,
            locale,
            row,
            print_file,
            first_page,
            pages,
            sheets,
            min_text_pt: min_text,
        })
    }

    /// The `i`th letter in print order, as it was kept.
    pub fn get(&self, i: usize) -> Option<BatchLetter> {
        self.kept.get(i).map(|kept| self.read(kept))
    }

    /// Every letter in print order, each read back as it was kept.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = BatchLetter> + Clone + '_ {
        self.kept.iter().map(|kept| self.read(kept))
    }

    fn read(&self, kept: &Kept) -> BatchLetter {
        let kept = match kept {
            Kept::Compact(compact) => compact,
            Kept::Whole(whole) => return (**whole).clone(),
        };
        let mut at = kept.text_at as usize;
        let [id, nhs_number, postcode] = kept.lengths.map(|length| {
            let text = &self.texts[at..at + usize::from(length)];
            at += usize::from(length);
            CompactString::from(text)
        });
        let (closing, closing_ods) = self.closings[usize::from(kept.closing)].clone();
        let (language, translation_status) = self.locales[usize::from(kept.locale)].clone();
        let on = |flag: u8| kept.flags & flag != 0;
        let id = if on(MADE_ID) {
            made_letter_id(&closing_ods, kept.cohort, kept.row as usize)
        } else {
            id
        };
        BatchLetter {
            record: LetterRecord {
                letter_id: id.clone(),
                closing,
                closing_ods,
                row: kept.row as usize,
                nhs_number: NhsNumber(nhs_number),
                cohort: kept.cohort,
                language,
                translation_status,
                format: kept.format,
                postcode: Postcode {
                    text: postcode,
                    bfpo: on(BFPO),
                },
                manual_handling: None,
            },
            check: LetterCheck {
                letter_id: id,
                first_page: kept.first_page as usize,
                pages: kept.pages as usize,
                sheets: kept.sheets as usize,
                a4: on(A4),
                black_and_white: on(BLACK_AND_WHITE),
                address_in_window: on(ADDRESS_IN_WINDOW),
                min_text_pt: on(HAS_MIN_TEXT).then_some(f64::from(kept.min_text_pt)),
                braille: None,
                verdict: Verdict {
                    eligible_50p: on(ELIGIBLE_50P),
                    failures: Vec::new(),
                },
            },
            print_file: self.print_files[kept.print_file as usize].clone(),
        }
    }
}

impl FromIterator<BatchLetter> for BatchLetters {
    fn from_iter<I: IntoIterator<Item = BatchLetter>>(letters: I) -> Self {
        let mut kept = BatchLetters::new();
        for letter in letters {
            kept.push(letter);
        }
        kept
    }
}

/// `value`'s index in a small table, added when it is not there yet; `None` past `u16`.
fn index_of<T: PartialEq>(table: &mut Vec<T>, value: T) -> Option<u16> {
    let at = match table.iter().position(|x| *x == value) {
        Some(at) => at,
        None => {
            table.push(value);
            table.len() - 1
        }
    };
    u16::try_from(at).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::BrailleFacts;

    fn letter(row: usize, print_file: &str) -> BatchLetter {
        let id = CompactString::from(format!("G85999-2A-{row:05}"));
        BatchLetter {
            record: LetterRecord {
                letter_id: id.clone(),
                closing: 1,
                closing_ods: "G85999".into(),
                row,
                nhs_number: NhsNumber("943 476 5919".into()),
                cohort: Cohort::Allocate,
                language: "ur".into(),
                translation_status: "draft".into(),
                format: LetterFormat::LargePrint,
                postcode: Postcode {
                    text: "SE15 2AB".into(),
                    bfpo: false,
                },
                manual_handling: None,
            },
            check: LetterCheck {
                letter_id: id,
                first_page: row,
                pages: 1,
                sheets: 1,
                a4: true,
                black_and_white: true,
                address_in_window: false,
                min_text_pt: Some(16.5),
                braille: None,
                verdict: Verdict {
                    eligible_50p: true,
                    failures: Vec::new(),
                },
            },
            print_file: print_file.into(),
        }
    }

    #[test]
    fn every_letter_reads_back_as_it_was_kept() {
        let mut letters = vec![letter(1, "print/a.pdf"), letter(2, "print/a.pdf")];
        let mut other = letter(3, "print/b.pdf");
        other.record.closing = 0;
        other.record.closing_ods = "G85001".into();
        other.record.language = "en-GB".into();
        other.record.translation_status = "source".into();
        other.record.cohort = Cohort::NotSeen;
        other.record.format = LetterFormat::Standard;
        other.check.min_text_pt = None;
        other.check.a4 = false;
        other.check.verdict.eligible_50p = false;
        other.record.postcode.bfpo = true;
        letters.push(other);
        let mut failed = letter(4, "print/b.pdf");
        failed.check.verdict.failures = vec!["more than one page".into()];
        letters.push(failed);
        let mut braille = letter(5, "print/b.pdf");
        braille.check.braille = Some(Box::new(BrailleFacts {
            file: "braille/x.brf".into(),
            pages: 3,
            widest_line: 40,
            longest_page: 25,
        }));
        letters.push(braille);
        let mut by_hand = letter(6, "");
        by_hand.record.manual_handling = Some("BFPO address".into());
        letters.push(by_hand);
        let mut long = letter(7, "print/a.pdf");
        long.record.letter_id = "X".repeat(300).into();
        long.check.letter_id = long.record.letter_id.clone();
        letters.push(long);
        let mut other_id = letter(8, "print/a.pdf");
        other_id.check.letter_id = "another".into();
        letters.push(other_id);
        let mut huge = letter(9, "print/a.pdf");
        huge.record.row = usize::MAX;
        letters.push(huge);
        let mut long = letter(10, "print/a.pdf");
        long.check.pages = 70_000;
        letters.push(long);
        let mut inexact = letter(11, "print/a.pdf");
        inexact.check.min_text_pt = Some(10.1);
        letters.push(inexact);

        let kept: BatchLetters = letters.iter().cloned().collect();
        assert_eq!(kept.len(), letters.len());
        assert_eq!(kept.iter().collect::<Vec<_>>(), letters);
        assert_eq!(kept.get(2).as_ref(), letters.get(2));
        assert_eq!(kept.get(letters.len()), None);
        // The first three are compact, the others whole.
        let whole: Vec<bool> = kept
            .kept
            .iter()
            .map(|k| matches!(k, Kept::Whole(_)))
            .collect();
        assert_eq!(
            whole,
            [
                false, false, false, true, true, true, true, true, true, true, true
            ]
        );
        assert_eq!(kept.print_files.len(), 2, "{:?}", kept.print_files);
        // An id made from the closing practice, cohort and row is made again, not kept; the
        // third letter's (another practice and cohort than its id says) is kept.
        assert!(!kept.texts.contains("G85999-2A-00001"), "{}", kept.texts);
        assert!(kept.texts.contains("G85999-2A-00003"), "{}", kept.texts);
    }

    #[test]
    fn a_kept_letter_is_small() {
        assert!(
            std::mem::size_of::<Kept>() <= 40,
            "{}",
            std::mem::size_of::<Kept>()
        );
    }
}

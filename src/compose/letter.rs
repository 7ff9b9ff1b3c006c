//! Compose stage: the `Letter` — everything one patient's letter says, ready to lay out — and
//! its `LetterRecord`, the few facts about it the print batch keeps once it is typeset.

use std::ops::Deref;

use serde::Serialize;

use crate::model::{LetterFormat, NhsNumber, Postcode};
use crate::plan::Cohort;

/// What the batch keeps about a letter after typesetting (for the manifest, workbook and
/// summary): identity and print grouping, no wording. Small, so 100,000 of them fit in memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterRecord {
    /// `G85999-2A-00042`: closing practice, cohort, patient-file row. No patient data.
    pub letter_id: String,
    /// The patient-file row the letter came from.
    pub row: usize,
    pub nhs_number: NhsNumber,
    pub cohort: Cohort,
    /// The locale the letter is worded in (`en-GB`).
    pub language: String,
    /// That locale's review status (`source`, `draft`, `reviewed`).
    pub translation_status: String,
    pub format: LetterFormat,
    pub postcode: Postcode,
    /// Letters needing manual handling (BFPO) say why here.
    pub manual_handling: Option<String>,
}

/// One patient's letter: its record, and `content`, the structured data the typst layout
/// reads (patient text stays data, never markup). Reads as its record (`letter.letter_id`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
    #[serde(flatten)]
    pub record: LetterRecord,
    /// The lines that must show in the envelope window: name, address lines, postcode.
    pub address_block: Vec<String>,
    /// What the QR code points to.
    pub qr_url: String,
    /// The data the typst layout reads as `json("/batch.json").letters.at(i)`.
    pub content: serde_json::Value,
}

impl Deref for Letter {
    type Target = LetterRecord;

    fn deref(&self) -> &LetterRecord {
        &self.record
    }
}

impl AsRef<LetterRecord> for Letter {
    fn as_ref(&self) -> &LetterRecord {
        &self.record
    }
}

impl AsRef<LetterRecord> for LetterRecord {
    fn as_ref(&self) -> &LetterRecord {
        self
    }
}

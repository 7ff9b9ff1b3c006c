//! Compose stage: the `Letter` — everything one patient's letter says, ready to lay out.

use serde::Serialize;

use crate::model::{LetterFormat, NhsNumber, Postcode};
use crate::plan::Cohort;

/// One patient's letter: identity and print grouping for the batch, and `content`, the
/// structured data the typst layout reads (patient text stays data, never markup).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
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
    /// The lines that must show in the envelope window: name, address lines, postcode.
    pub address_block: Vec<String>,
    /// What the QR code points to.
    pub qr_url: String,
    /// Letters needing manual handling (BFPO) say why here.
    pub manual_handling: Option<String>,
    /// The data the typst layout reads as `json("/batch.json").letters.at(i)`.
    pub content: serde_json::Value,
}

//! Compose stage: the `Letter` — everything one patient's letter says, ready to lay out — and
//! its `LetterRecord`, the few facts about it the print batch keeps once it is typeset.
//!
//! [`LetterContent`] is the letter contract: the one typed structure every layout of a letter
//! reads, the typst templates (as JSON, `letter-templates/letter.typ`) and the Word writer
//! (`render/docx.rs`) alike. Patient text is data in it, never markup.

use std::ops::Deref;

use compact_str::CompactString;
use serde::Serialize;

use crate::model::{LetterFormat, NhsNumber, Postcode};
use crate::plan::Cohort;

use super::LetterSizes;
use super::easy_read::EasyRead;

/// What the batch keeps about a letter after typesetting (for the manifest, workbook and
/// summary): identity and print grouping, no wording. Small, so 100,000 of them fit in memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterRecord {
    /// `G85999-2A-00042`: closing practice, cohort, patient-file row. No patient data.
    pub letter_id: CompactString,
    /// The closing practice whose list the patient is on: its index in the closure, and its
    /// ODS code.
    pub closing: usize,
    pub closing_ods: CompactString,
    /// The patient-file row the letter came from.
    pub row: usize,
    pub nhs_number: NhsNumber,
    pub cohort: Cohort,
    /// The locale the letter is worded in (`en-GB`).
    pub language: CompactString,
    /// That locale's review status (`source`, `draft`, `reviewed`).
    pub translation_status: CompactString,
    pub format: LetterFormat,
    pub postcode: Postcode,
    /// Letters needing manual handling (BFPO) say why here.
    pub manual_handling: Option<String>,
}

/// One patient's letter: its record, and `content`, what the layouts read. Reads as its
/// record (`letter.letter_id`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
    #[serde(flatten)]
    pub record: LetterRecord,
    /// What the QR code points to.
    pub qr_url: String,
    pub content: LetterContent,
}

impl Letter {
    /// The lines that must show in the envelope window: name, address lines, postcode.
    pub fn address_block(&self) -> &[String] {
        &self.content.recipient
    }
}

/// A worded text: plain, or — when it holds left-to-right values (phone numbers, email
/// addresses, NHS numbers) inside right-to-left text — runs that keep their own direction.
/// The layouts read a plain text as a string and runs as a list of `{"t", "ltr"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Runs(Vec<TextRun>),
}

impl Text {
    /// The text with its runs joined.
    pub fn plain(&self) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Runs(runs) => runs.iter().map(|r| r.t.as_str()).collect(),
        }
    }

    /// The text as `(text, must stay left to right)` pieces.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        match self {
            Text::Plain(s) => vec![(s.as_str(), false)],
            Text::Runs(runs) => runs.iter().map(|r| (r.t.as_str(), r.ltr)).collect(),
        }
    }
}

/// One run of a [`Text`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextRun {
    pub t: String,
    /// Left to right whatever the letter's direction.
    pub ltr: bool,
}

/// Which way the letter's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The letter contract: everything a layout of one letter reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterContent {
    /// `G85999-2A-00042`.
    pub letter_id: String,
    pub cohort: Cohort,
    /// ISO 639 language (`en`, `zh`).
    pub lang: String,
    /// ISO 3166 region (`GB`), when the locale has one.
    pub region: Option<String>,
    pub dir: Direction,
    /// Font families for the letter's text, in fallback order.
    pub fonts: Vec<String>,
    pub format: LetterFormat,
    /// The size of each part, in points.
    pub sizes: LetterSizes,
    pub sender: Sender,
    /// Phone and email, each with its label: how the patient reaches the commissioner.
    pub contact: Vec<MetaItem>,
    /// The lines that must show in the envelope window: name, address lines, postcode.
    pub recipient: Vec<String>,
    /// Date, NHS number and reference, each with its label.
    pub meta: Vec<MetaItem>,
    /// What follows a label before its value, in the letter's language (`": "`, `"："`).
    pub label_separator: String,
    /// What goes between two sentences the layouts join (`" "`, or nothing in Chinese).
    pub sentence_separator: String,
    /// The space between lines of the body, in em (the locale's `leading`).
    pub leading: f64,
    /// 2a: the receiving practice.
    pub practice: Option<PracticeBlock>,
    /// Letters 1 and 2: the nearest practices taking patients, nearest first.
    pub nearby: Vec<PracticeBlock>,
    pub text: LetterText,
    /// An easy-read letter's body, which it has instead of the cohort's paragraphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub easy_read: Option<EasyRead>,
    pub signatory: String,
    pub signatory_role: String,
}

/// The commissioner's contact block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sender {
    /// The organisation (`NHS South East London Integrated Care Board`).
    pub name: String,
    /// The team, then the address on one line.
    pub lines: Vec<String>,
}

/// One line of the reference block: "Date: 24 November 2026".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaItem {
    pub label: String,
    pub value: String,
    /// The value reads left to right whatever the letter's direction (NHS number, reference).
    pub ltr: bool,
    /// The line differs from letter to letter (NHS number, reference), where the rest of the
    /// reference block is the same on every letter of a batch: the render stage lays out only
    /// these lines for each letter on a shared body.
    pub own: bool,
}

/// 2a: the practice the patient has been allocated to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeBlock {
    pub name: String,
    /// Address lines and postcode.
    pub lines: Vec<String>,
    /// "Phone: 020 7639 0000", labelled.
    pub phone: Text,
}

/// Every sentence of the letter, worded in its language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterText {
    /// The document's title (its PDF and Word properties).
    pub title: Text,
    pub heading: Text,
    pub salutation: Text,
    /// A child's letter, to their parent or guardian: whom the letter is about, and that
    /// "you" in it means the child. After the salutation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<Text>,
    /// Why the letter is sent: the practice has closed (or is closing), and we wrote before.
    pub reason_lead: Text,
    pub reason: Text,
    pub rights_heading: Text,
    /// The NHS Constitution's right to choose a practice.
    pub constitution_choose: Text,
    pub find_gp_heading: Text,
    pub find_gp: Text,
    /// How to ask for another language or format.
    pub other_formats: Text,
    pub sign_off: Text,
    /// The QR code's alternative text.
    pub qr_alt: Text,
    /// A braille letter's print cover letter: the sentence saying the letter is enclosed in
    /// braille. The cover carries the heading, this and `other_formats`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub braille_cover: Option<Text>,
    /// In a translated letter, an English line saying what it is and whom to call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_notice: Option<Text>,
    /// The sentences only the letter's cohort has.
    #[serde(flatten)]
    pub cohort: CohortText,
}

/// The sentences of one cohort's letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CohortText {
    /// 2a: allocated to a receiving practice.
    Allocate {
        new_practice: Text,
        records: Text,
        choice: Text,
        /// The NHS Constitution's right to ask for a particular doctor.
        constitution_doctor: Text,
    },
    /// 2b: not seen for five years; the registration ends.
    NotSeen { ends: Text, register: Text },
    /// 2c: lives out of area; register near home.
    OutOfArea { action: Text },
    /// Letters 1 and 2 before the closure: register with one of these practices; letter 2
    /// warns that those who do not will be allocated.
    Notice {
        nearby_practices: Text,
        #[serde(skip_serializing_if = "Option::is_none")]
        warning: Option<Text>,
    },
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

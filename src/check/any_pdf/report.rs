//! Check stage, any PDF: what the check of one PDF file reports — its pages, where colour
//! was found, the verdict — and why a file could not be checked.

use std::fmt;

use serde::Serialize;

use crate::check::eligibility::Verdict;
use crate::model::LetterFormat;

/// What was found in one PDF file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdfReport {
    pub pages: usize,
    /// Each page's size as printed (after /Rotate), in millimetres.
    pub page_sizes_mm: Vec<(f64, f64)>,
    /// Every page is A4 and upright.
    pub a4_portrait: bool,
    /// Where colour was found: one entry per page and kind.
    pub colour: Vec<ColourUse>,
    /// The title says large print (dispersal's large-print letters do): never counted for
    /// the 50p contribution, and it may take more than one page.
    pub large_print: bool,
    /// The letter's format as its title says (`easy-read` and `large-print` are never
    /// counted, and may take more than one page); standard print otherwise.
    pub format: LetterFormat,
    /// The smallest text size on any page outside the envelope window (where the address
    /// is), in points, as printed: `None` when the file shows no text.
    pub smallest_text_pt: Option<f64>,
    /// Eligible for the 50p contribution if sent second class (a PDF cannot show the
    /// postage), and why not, in plain words.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Colour on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ColourUse {
    /// 1-based page number.
    pub page: usize,
    pub kind: ColourKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColourKind {
    Text,
    VectorPaint,
    Image,
}

impl fmt::Display for ColourKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ColourKind::Text => "text",
            ColourKind::VectorPaint => "lines or shapes",
            ColourKind::Image => "an image",
        })
    }
}

/// A PDF that cannot be checked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}\n  hint: {}", self.problem(), self.fix())]
pub enum PdfError {
    Damaged { reason: String },
    Encrypted,
    NoPages,
}

impl PdfError {
    /// Why the file cannot be checked.
    pub fn problem(&self) -> String {
        match self {
            PdfError::Damaged { reason } => format!("the file is not a readable PDF ({reason})"),
            PdfError::Encrypted => {
                "the PDF is encrypted (password-protected), so it cannot be checked".to_string()
            }
            PdfError::NoPages => "the PDF has no pages".to_string(),
        }
    }

    /// What to do so that it can be.
    pub fn fix(&self) -> &'static str {
        match self {
            PdfError::Damaged { .. } => {
                "make the PDF again (in Word: File > Save As > PDF) and check the new file"
            }
            PdfError::Encrypted => {
                "save a copy without a password (in Word: File > Info > Protect Document, then Save As > PDF) and check that"
            }
            PdfError::NoPages => "make the PDF again from the letter",
        }
    }
}

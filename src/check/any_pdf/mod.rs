//! Check stage: measure any PDF letter (one written in Word, say) for the 50p rules of
//! [`super::eligibility`]: its pages' sizes, and whatever is painted in colour, whether text,
//! vector paint or images.
//!
//! The PDF is read with lopdf. Each page's content stream is interpreted just far enough to
//! know the fill and stroke colour whenever something is painted (graphics-state stack, colour
//! spaces from the page's resources, form XObjects, shading patterns), and images are decoded
//! to look at their pixels. A damaged or encrypted file is an error value, never a panic.
//!
//! `report.rs` holds what the check reports; `objects.rs` reads the file's objects;
//! `painter.rs` interprets a page's content; `space.rs` decides what a colour space paints, and
//! `images.rs` what an image does.

mod images;
mod objects;
mod painter;
mod report;
mod space;

use std::collections::HashSet;

use lopdf::{Document, Object};

pub use report::{ColourKind, ColourUse, PdfError, PdfReport};

use super::eligibility::{self, PageMeasure};
use crate::model::LetterFormat;
use objects::{inherited, page_size_mm, resolve};
use painter::{GraphicsState, Painter};

/// Check one PDF file's bytes.
pub fn check_pdf(bytes: &[u8]) -> Result<PdfReport, PdfError> {
    // lopdf is robust, but a hostile file must never take the process down.
    match std::panic::catch_unwind(|| check_pdf_inner(bytes)) {
        Ok(result) => result,
        Err(_) => Err(PdfError::Damaged {
            reason: "the PDF reader failed on its structure".to_string(),
        }),
    }
}

fn check_pdf_inner(bytes: &[u8]) -> Result<PdfReport, PdfError> {
    let has_encrypt = |doc: &Document| doc.trailer.get(b"Encrypt").is_ok();
    let doc = match Document::load_mem(bytes) {
        Ok(doc) if doc.was_encrypted() || has_encrypt(&doc) => return Err(PdfError::Encrypted),
        Ok(doc) => doc,
        Err(e) => {
            let text = e.to_string();
            if matches!(
                e,
                lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword
            ) || text.to_lowercase().contains("encrypt")
            {
                return Err(PdfError::Encrypted);
            }
            return Err(PdfError::Damaged {
                reason: short_reason(&text),
            });
        }
    };
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut page_sizes_mm = Vec::new();
    let mut colour = Vec::new();
    let mut measured = Vec::new();
    let mut smallest_text_pt: Option<f64> = None;
    for (&number, &page_id) in &pages {
        let number = number as usize;
        let (width_mm, height_mm) = page_size_mm(&doc, page_id);
        page_sizes_mm.push((width_mm, height_mm));
        let mut painter = Painter {
            doc: &doc,
            page: number,
            found: HashSet::new(),
            unreadable: false,
            height_pt: height_mm * 72.0 / 25.4,
            smallest_text_pt: None,
        };
        let resources = inherited(&doc, page_id, b"Resources")
            .and_then(|r| resolve(&doc, r).as_dict().ok().cloned())
            .unwrap_or_default();
        let content = doc.get_page_content(page_id);
        match content {
            Ok(content) => painter.paint(&content, &resources, GraphicsState::default(), 0),
            Err(_) => painter.unreadable = true,
        }
        if let Some(pt) = painter.smallest_text_pt {
            let smallest = smallest_text_pt.get_or_insert(pt);
            *smallest = f64::min(*smallest, pt);
        }
        let mut found: Vec<ColourUse> = painter.found.into_iter().collect();
        found.sort();
        measured.push(PageMeasure {
            width_mm,
            height_mm,
            colour: found.iter().map(|c| c.kind.to_string()).collect(),
            readable: !painter.unreadable,
        });
        colour.extend(found);
    }

    // A PDF does not say how it is posted: judged as sent second class. Its format is
    // standard print unless its title says large print or easy read, as dispersal's
    // letters do.
    let title = document_title(&doc).unwrap_or_default();
    let format = [LetterFormat::EasyRead, LetterFormat::LargePrint]
        .into_iter()
        .find(|f| title.contains(f.as_str()))
        .unwrap_or(LetterFormat::Standard);
    let judged = eligibility::judge(&measured, format, None);
    Ok(PdfReport {
        pages: pages.len(),
        page_sizes_mm,
        a4_portrait: judged.a4,
        colour,
        large_print: format == LetterFormat::LargePrint,
        format,
        smallest_text_pt,
        verdict: judged.verdict,
    })
}

/// The document's title from its information dictionary, when it has one.
fn document_title(doc: &Document) -> Option<String> {
    let info = resolve(doc, doc.trailer.get(b"Info").ok()?)
        .as_dict()
        .ok()?;
    let Object::String(bytes, _) = resolve(doc, info.get(b"Title").ok()?) else {
        return None;
    };
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

fn short_reason(text: &str) -> String {
    let text = text.trim();
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    if short.is_empty() {
        "no detail".to_string()
    } else {
        short
    }
}

//! Render stage, Word letter: what docx-rs cannot write, patched into its XML afterwards —
//! each at a marker docx-rs writes and patient text cannot contain (text is escaped, so `<`
//! never appears in it): the right-to-left run flag `w:rtl`, the languages `w:lang`, the QR
//! code's alternative text, the embedded fonts' names and the core properties (title,
//! language and a fixed date, so the same letter gives the same bytes).

use super::writer::{LATIN_FONT, Writer, font_slots};
use crate::render::{RenderError, docx_fonts};

/// The date written as the document's creation and modification date: fixed, so the same
/// letter always gives the same bytes (the letter's own date is in its text).
const FIXED_DATE: &str = "1980-01-01T00:00:00Z";

/// Character style ids used as markers in docx-rs's XML and replaced before packing.
pub(super) const MARK_RTL: &str = "DispersalMarkRtl";
pub(super) const MARK_ENGLISH: &str = "DispersalMarkEnglish";

/// The runs' fonts renamed to the embedded subsets' names (`w:ascii="Noto Sans"` becomes
/// `w:ascii="Noto Sans 1A2B3C"`). Patient text cannot match: its quotes are escaped.
pub(super) fn embedded_names(xml: Vec<u8>, fonts: &[docx_fonts::EmbeddedFont]) -> Vec<u8> {
    // UTF-8 already: finish_document and finish_styles made it a String.
    let mut xml = String::from_utf8_lossy(&xml).into_owned();
    for font in fonts.iter().filter(|f| !f.bold) {
        xml = xml.replace(
            &format!("=\"{}\"", font.shipped),
            &format!("=\"{}\"", font.family),
        );
    }
    xml.into_bytes()
}

impl Writer<'_> {
    /// Puts in what docx-rs cannot write: `w:rtl` on right-to-left runs, English as the
    /// translated notice's language, and each picture's alternative text (`alts`, in the
    /// document's order: the QR code's, or an easy-read letter's pictures').
    pub(super) fn finish_document(
        &self,
        xml: Vec<u8>,
        alts: &[String],
    ) -> Result<Vec<u8>, RenderError> {
        let xml = String::from_utf8(xml).map_err(|e| self.error(format!("document.xml: {e}")))?;
        let xml = xml
            .replace(&format!("<w:rStyle w:val=\"{MARK_RTL}\" />"), "<w:rtl />")
            .replace(
                &format!("<w:rStyle w:val=\"{MARK_ENGLISH}\" />"),
                "<w:lang w:val=\"en-GB\" w:bidi=\"en-GB\" />",
            );
        // Each picture (the QR code; an easy-read letter's pictures) gets its own id and
        // its alternative text, in the document's order.
        let doc_pr = "<wp:docPr id=\"1\" name=\"Figure\" />";
        let pieces: Vec<&str> = xml.split(doc_pr).collect();
        if pieces.len() != alts.len() + 1 {
            return Err(self.error(format!(
                "docx-rs wrote {} pictures, expected {}",
                pieces.len() - 1,
                alts.len()
            )));
        }
        let mut xml = String::with_capacity(xml.len());
        for (i, piece) in pieces.iter().enumerate() {
            xml.push_str(piece);
            if let Some(alt) = alts.get(i) {
                xml.push_str(&format!(
                    "<wp:docPr id=\"{}\" name=\"Picture {}\" descr=\"{}\" />",
                    i + 1,
                    i + 1,
                    escape(alt)
                ));
            }
        }
        if xml.contains("DispersalMark") {
            return Err(self.error("a text marker was left in document.xml".into()));
        }
        Ok(xml.into_bytes())
    }

    /// The document's language as the default for every run.
    pub(super) fn finish_styles(&self, xml: Vec<u8>) -> Result<Vec<u8>, RenderError> {
        let xml = String::from_utf8(xml).map_err(|e| self.error(format!("styles.xml: {e}")))?;
        // `w:val` is the language of Latin script, `w:bidi` of complex script (Arabic and
        // the Indic scripts) and `w:eastAsia` of Chinese: the letter's language for its
        // own script, English (names, addresses) for the rest.
        let lang = escape(&self.language);
        let (complex, east_asian) = font_slots(&self.fonts);
        let element = if east_asian != LATIN_FONT {
            format!("<w:lang w:val=\"en-GB\" w:eastAsia=\"{lang}\" w:bidi=\"en-GB\" />")
        } else if self.rtl || complex != LATIN_FONT {
            format!("<w:lang w:val=\"en-GB\" w:bidi=\"{lang}\" />")
        } else {
            format!("<w:lang w:val=\"{lang}\" w:bidi=\"en-GB\" />")
        };
        // Last in the run properties, where the schema puts it.
        let full = "</w:rPr></w:rPrDefault>";
        let empty = "<w:rPrDefault><w:rPr /></w:rPrDefault>";
        let xml = if xml.contains(full) {
            xml.replacen(full, &format!("{element}{full}"), 1)
        } else if xml.contains(empty) {
            xml.replacen(
                empty,
                &format!("<w:rPrDefault><w:rPr>{element}</w:rPr></w:rPrDefault>"),
                1,
            )
        } else {
            return Err(self.error("docx-rs wrote the default styles unexpectedly".into()));
        };
        Ok(xml.into_bytes())
    }

    /// `docProps/core.xml`: title, language, the sender as author, and a fixed date.
    pub(super) fn core_properties(&self) -> Result<String, RenderError> {
        let title = self.text.title.plain();
        let author = self.letter.content.sender.name.as_str();
        Ok(format!(
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
                "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
                "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
                "<dc:title>{title}</dc:title><dc:language>{lang}</dc:language>",
                "<dc:identifier>{id}</dc:identifier><dc:creator>{author}</dc:creator>",
                "<cp:lastModifiedBy>dispersal</cp:lastModifiedBy><cp:revision>1</cp:revision>",
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>",
                "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>",
                "</cp:coreProperties>"
            ),
            title = escape(&title),
            lang = escape(&self.language),
            id = escape(&self.letter.letter_id),
            author = escape(author),
            date = FIXED_DATE,
        ))
    }
}

/// Drops characters XML 1.0 cannot hold (control characters other than tab and newline).
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() && (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

/// Escapes text for an XML attribute or element written by hand.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_xml_is_escaped_and_clean() {
        assert_eq!(
            escape("<w:t>\"x\" & 'y'</w:t>\u{1}"),
            "&lt;w:t&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/w:t&gt;"
        );
        assert_eq!(clean("a\u{0}b\u{b}c\td"), "abc\td");
    }
}

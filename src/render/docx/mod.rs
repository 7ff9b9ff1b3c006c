//! Render stage: one letter as a Word document (.docx), laid out like its typst PDF.
//!
//! The letter reads the same letter contract (`letter.content`, a
//! [`LetterContent`](crate::compose::LetterContent)) as the typst layouts
//! (`letter-templates/letter.typ` and `2a.typ`, `2b.typ`, `2c.typ`) and follows their order:
//! an optional English notice above the header, the sender and reference blocks, the
//! recipient's address in a frame over the envelope window, then the cohort's body, the
//! rights sentences, how to find a GP beside the QR code, and the sign-off.
//!
//! docx-rs writes the document; [`patch`] adds to its XML what docx-rs cannot say.
//!
//! - [`writer`]: the writer every part is made with, and text as runs in the right fonts and
//!   direction.
//! - [`header`]: the top of the page, placed by [`crate::page`] and [`crate::envelope`].
//! - [`body`]: the rest, in the letter's rhythm; [`docx`] adds the parts in order.
//! - [`patch`]: the XML patched after docx-rs.
//! - [`units`]: millimetres and points in Word's units.

mod body;
mod easy_read;
mod header;
mod patch;
mod units;
mod writer;

use std::io::Cursor;

use docx_rs::{Docx, LineSpacing, PageMargin, RunFonts, Style, StyleType};

use super::{RenderError, docx_fonts};
use crate::compose::{CohortText, Letter, Text};
use crate::page::{self, MARGINS};
use body::{HEADING_AFTER, PARAGRAPH_AFTER, SECTION_AFTER, SECTION_BEFORE, SIGN_OFF_BEFORE};
use patch::embedded_names;
use units::{half_points, twips, twips_u};
use writer::{Fmt, LATIN_FONT, ParagraphExt, Writer, font_slots};

/// Writes `letter` as a .docx file: A4, the same wording and order as its PDF.
pub fn docx(letter: &Letter) -> Result<Vec<u8>, RenderError> {
    let d = &letter.content;
    let w = Writer::new(letter)?;

    // Word and LibreOffice pick a run's font by the kind of character: Latin (ascii,
    // hAnsi), complex script (cs: Arabic, the Indic scripts) or East Asian.
    let (complex, east_asian) = font_slots(&w.fonts);
    let mut fonts = RunFonts::new()
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(complex)
        .east_asia(east_asian);
    if east_asian != LATIN_FONT {
        // Punctuation both kinds share (quotes, the ideographic comma's neighbours) set in
        // the East Asian font, as the PDF does.
        fonts = fonts.hint("eastAsia");
    }
    let mut doc = Docx::new()
        .page_size(
            twips_u(page::WIDTH_MM) as u32,
            twips_u(page::HEIGHT_MM) as u32,
        )
        .page_margin(
            PageMargin::new()
                .top(twips(MARGINS.top))
                .bottom(twips(MARGINS.bottom))
                .left(twips(MARGINS.left))
                .right(twips(MARGINS.right))
                .header(twips(MARGINS.top / 2.0))
                .footer(twips(MARGINS.bottom / 2.0))
                .gutter(0),
        )
        .default_fonts(fonts)
        .default_size(w.body)
        .default_line_spacing(w.body_lines().before(0).after(0))
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .bold()
                .size(half_points(d.sizes.heading))
                .color("000000")
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(0).after(w.em(HEADING_AFTER))),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .bold()
                .size(half_points(d.sizes.section))
                .color("000000")
                .outline_lvl(1)
                .line_spacing(
                    LineSpacing::new()
                        .before(w.em(SECTION_BEFORE))
                        .after(w.em(SECTION_AFTER)),
                ),
        );

    let large = d.format.large_header();
    if let Some(notice) = &d.text.translated_notice
        && !large
    {
        // The anchor keeps the frame: LibreOffice drops a frame with a table right after it.
        doc = doc
            .add_paragraph(w.translated_notice(notice))
            .add_paragraph(w.anchor());
    }
    doc = doc
        .add_table(w.header()?)
        .add_paragraph(w.address()?)
        .add_paragraph(w.anchor());
    if large {
        for paragraph in w.large_print_details() {
            doc = doc.add_paragraph(paragraph);
        }
    }
    doc = doc
        .add_paragraph(
            w.dir_para()
                .style("Heading1")
                .keep_next(true)
                .add_runs(w.say(&d.text.heading, Fmt::default())),
        )
        .add_paragraph(w.body_para(w.say(&d.text.salutation, Fmt::default())));
    if let Some(child) = &d.text.child {
        doc = doc.add_paragraph(w.body_para(w.say(child, Fmt::default())));
    }

    // An easy-read letter: its points, each with its picture, then the sign-off.
    if let Some(body) = &d.easy_read {
        let (with_body, alts) = w.easy_read(doc, body, &letter.qr_url)?;
        doc = with_body;
        doc = sign_off(&w, doc);
        return finish(&w, doc, &alts);
    }

    let mut reason = w.say(&d.text.reason_lead, Fmt::default());
    reason.extend(w.runs(&d.sentence_separator, Fmt::default(), w.rtl));
    reason.extend(w.say(&d.text.reason, Fmt::default()));
    doc = doc.add_paragraph(w.body_para(reason));
    let bold = Fmt {
        bold: true,
        ..Fmt::default()
    };
    let text = &d.text;
    let sentences: Vec<&Text> = match &text.cohort {
        CohortText::Allocate {
            new_practice,
            records,
            choice,
            constitution_doctor,
        } => {
            if let Some(practice) = &d.practice {
                doc = doc.add_table(w.practice_box(new_practice, practice));
            }
            doc = doc
                .add_paragraph(w.after_table(w.say(records, Fmt::default())))
                .add_paragraph(w.body_para(w.say(choice, bold)));
            vec![&text.constitution_choose, constitution_doctor]
        }
        CohortText::NotSeen { ends, register } => {
            doc = doc
                .add_paragraph(w.body_para(w.say(ends, bold)))
                .add_paragraph(w.body_para(w.say(register, Fmt::default())));
            vec![&text.constitution_choose]
        }
        CohortText::OutOfArea { action } => {
            doc = doc.add_paragraph(w.body_para(w.say(action, bold)));
            vec![&text.constitution_choose]
        }
        CohortText::Notice {
            nearby_practices,
            warning,
        } => {
            doc = doc
                .add_paragraph(w.section(nearby_practices))
                .add_table(w.nearby_table(&d.nearby));
            if let Some(warning) = warning {
                doc = doc.add_paragraph(w.after_table(w.say(warning, bold)));
            }
            vec![&text.constitution_choose]
        }
    };
    doc = doc.add_paragraph(w.section(&text.rights_heading));
    for sentence in sentences {
        doc = doc.add_paragraph(w.body_para(w.say(sentence, Fmt::default())));
    }
    doc = doc
        .add_table(w.find_gp(letter)?)
        .add_paragraph(w.after_table(w.say(&text.other_formats, Fmt::default())));
    doc = sign_off(&w, doc);
    finish(&w, doc, &[text.qr_alt.plain()])
}

/// The sign-off and the signature.
fn sign_off(w: &Writer<'_>, doc: Docx) -> Docx {
    doc.add_paragraph(
        w.body_para(w.say(&w.text.sign_off, Fmt::default()))
            .line_spacing(
                LineSpacing::new()
                    .before(w.em(SIGN_OFF_BEFORE))
                    .after(w.em(PARAGRAPH_AFTER)),
            ),
    )
    .add_paragraph(w.signature())
}

/// The document's bytes, with what docx-rs cannot write patched in; `alts` is each
/// picture's alternative text, in the document's order.
fn finish(w: &Writer<'_>, doc: Docx, alts: &[String]) -> Result<Vec<u8>, RenderError> {
    let mut xml = doc.build();
    let fonts = docx_fonts::embed(&w.families(), &w.chars.borrow()).map_err(|e| w.error(e))?;
    xml.document = embedded_names(w.finish_document(xml.document, alts)?, &fonts);
    xml.styles = embedded_names(w.finish_styles(xml.styles)?, &fonts);
    xml.doc_props.core = w.core_properties()?.into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| w.error(e.to_string()))?;
    docx_fonts::repack(&out.into_inner(), &fonts).map_err(|e| w.error(e))
}

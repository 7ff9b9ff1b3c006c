//! Render stage: one letter as a Word document (.docx), laid out like its typst PDF.
//!
//! The letter reads the same letter contract (`letter.content`, a
//! [`LetterContent`](crate::compose::LetterContent)) as the typst layouts
//! (`letter-templates/letter.typ` and `2a.typ`, `2b.typ`, `2c.typ`) and follows their order:
//! an optional English notice above the header, the sender and reference blocks, the
//! recipient's address in a frame over the envelope window, then the cohort's body, the
//! rights sentences, how to find a GP beside the QR code, and the sign-off.
//!
//! docx-rs writes the document; a few things it cannot say are added to its XML afterwards,
//! each at a marker docx-rs writes and patient text cannot contain (text is escaped, so `<`
//! never appears in it): the right-to-left run flag `w:rtl`, the document language
//! `w:lang`, the QR code's alternative text, and the core properties (title, language and a
//! fixed date, so the same letter gives the same bytes).

use std::io::Cursor;

use super::{RenderError, docx_fonts, qr_png};
use crate::compose::{CohortText, Direction, Letter, LetterText, PracticeBlock, Text};
use crate::model::LetterFormat;
use crate::page::{self, MARGINS};
use crate::{envelope, letter_fonts};
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FrameProperty, HeightRule, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType, Table, TableCell,
    TableCellBorder, TableCellBorderPosition, TableCellBorders, TableCellMargins, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

/// The font of Latin-script text in every letter: names, addresses, and the English notice.
const LATIN_FONT: &str = "Noto Sans";

/// How far above its capitals the heading's first line starts, in em of the body size
/// (the font's ascent over its cap height, at the heading's 1.25 em, with the one-point
/// anchor paragraph under the address): the header row is that much shorter, so the
/// heading's capitals start at [`page::BODY_TOP_MM`] as in the PDF.
const HEADING_RISE: f64 = 0.56;

/// The height of the empty paragraph after a frame, twips.
const ANCHOR_HEIGHT: i32 = 20;

/// The QR code's side and the column it sits in, mm.
const QR_SIDE: f64 = 21.0;
const QR_COLUMN: f64 = 24.0;
const QR_GUTTER: f64 = 4.0;

/// The body's rhythm, in em of the body size: space after a paragraph, after the letter's
/// heading, around a section heading, and above the sign-off.
const PARAGRAPH_AFTER: f64 = 0.35;
const HEADING_AFTER: f64 = 0.5;
const SECTION_BEFORE: f64 = 0.6;
const SECTION_AFTER: f64 = 0.0;
const SIGN_OFF_BEFORE: f64 = 0.4;

/// The date written as the document's creation and modification date: fixed, so the same
/// letter always gives the same bytes (the letter's own date is in its text).
const FIXED_DATE: &str = "1980-01-01T00:00:00Z";

/// Character style ids used as markers in docx-rs's XML and replaced before packing.
const MARK_RTL: &str = "DispersalMarkRtl";
const MARK_ENGLISH: &str = "DispersalMarkEnglish";
/// The relationship id (and media name) of the QR code image.
const QR_ID: &str = "rIdImageQr";

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

    let large = d.format == LetterFormat::LargePrint;
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
        .add_paragraph(w.after_table(w.say(&text.other_formats, Fmt::default())))
        .add_paragraph(
            w.body_para(w.say(&text.sign_off, Fmt::default()))
                .line_spacing(
                    LineSpacing::new()
                        .before(w.em(SIGN_OFF_BEFORE))
                        .after(w.em(PARAGRAPH_AFTER)),
                ),
        )
        .add_paragraph(w.signature());

    let mut xml = doc.build();
    let fonts = docx_fonts::embed(&w.families(), &w.chars.borrow()).map_err(|e| w.error(e))?;
    xml.document = embedded_names(w.finish_document(xml.document)?, &fonts);
    xml.styles = embedded_names(w.finish_styles(xml.styles)?, &fonts);
    xml.doc_props.core = w.core_properties()?.into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| w.error(e.to_string()))?;
    docx_fonts::repack(&out.into_inner(), &fonts).map_err(|e| w.error(e))
}

/// The runs' fonts renamed to the embedded subsets' names (`w:ascii="Noto Sans"` becomes
/// `w:ascii="Noto Sans 1A2B3C"`). Patient text cannot match: its quotes are escaped.
fn embedded_names(xml: Vec<u8>, fonts: &[docx_fonts::EmbeddedFont]) -> Vec<u8> {
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

/// How a piece of text is set: size in half-points (`None`: the body size) and weight.
#[derive(Debug, Clone, Copy, Default)]
struct Fmt {
    size: Option<usize>,
    bold: bool,
}

/// What every part of the letter needs: its data, direction, sizes and paragraph ids.
struct Writer<'a> {
    letter: &'a Letter,
    text: &'a LetterText,
    rtl: bool,
    /// Body size in half-points.
    body: usize,
    /// `en-GB`, or just `ur` when the locale has no region.
    language: String,
    /// The letter's font families, in fallback order.
    fonts: Vec<String>,
    next_id: std::cell::Cell<u32>,
    /// The complex-script font (Arabic, Indic), to find the characters it lacks.
    complex_face: Option<ttf_parser::Face<'static>>,
    /// Every character the letter prints, for the subsets of its embedded fonts.
    chars: std::cell::RefCell<std::collections::BTreeSet<char>>,
}

/// What docx-rs's `Paragraph` builder lacks: several runs at once, and a frame.
trait ParagraphExt {
    fn add_runs(self, runs: Vec<Run>) -> Self;
    fn frame(self, frame: FrameProperty) -> Self;
}

impl ParagraphExt for Paragraph {
    fn add_runs(self, runs: Vec<Run>) -> Self {
        runs.into_iter().fold(self, Paragraph::add_run)
    }

    fn frame(mut self, frame: FrameProperty) -> Self {
        self.property = self.property.frame_property(frame);
        self
    }
}

impl<'a> Writer<'a> {
    fn new(letter: &'a Letter) -> Result<Self, RenderError> {
        let d = &letter.content;
        let body = half_points(d.sizes.body);
        let language = match &d.region {
            Some(region) => format!("{}-{region}", d.lang),
            None => d.lang.clone(),
        };
        Ok(Writer {
            letter,
            text: &d.text,
            rtl: d.dir == Direction::Rtl,
            body,
            language,
            fonts: d.fonts.clone(),
            next_id: std::cell::Cell::new(1),
            chars: Default::default(),
            complex_face: Some(font_slots(&d.fonts).0)
                .filter(|&f| f != LATIN_FONT)
                .and_then(|f| letter_fonts::font_file(f, false))
                .and_then(|data| ttf_parser::Face::parse(data, 0).ok()),
        })
    }

    fn error(&self, message: String) -> RenderError {
        RenderError::Docx {
            message: format!("{}: {message}", self.letter.letter_id),
        }
    }

    /// `em` of the body size, in twips.
    fn em(&self, em: f64) -> u32 {
        (em * self.body as f64 * 10.0).round() as u32
    }

    /// The body's line spacing: the font's single line height, scaled.
    fn body_lines(&self) -> LineSpacing {
        // Word and LibreOffice make a line as tall as the tallest font in it times this
        // multiple: the one that makes the tallest lines (those with the font of the
        // tallest single line, Noto Sans for a Latin name in a Tamil letter) as far apart
        // as the font that needs the most room needs.
        let fonts = || self.fonts.iter().map(String::as_str).chain([LATIN_FONT]);
        let tallest = fonts().map(|f| line_heights(f).0).fold(0.0, f64::max);
        let needed = fonts().map(|f| line_heights(f).1).fold(0.0, f64::max);
        let multiple = (needed / tallest).min(1.0);
        LineSpacing::new()
            .line((240.0 * multiple).round() as i32)
            .line_rule(LineSpacingType::Auto)
    }

    /// A new paragraph with a fixed id (docx-rs numbers them per thread otherwise, so the
    /// same letter would not give the same bytes twice).
    fn para(&self) -> Paragraph {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        Paragraph::new().id(format!("{:08X}", 0x1000_0000 + id))
    }

    /// A paragraph in the letter's direction.
    fn dir_para(&self) -> Paragraph {
        let mut p = self.para();
        if self.rtl {
            p.property = p.property.bidi(true);
        }
        p
    }

    /// The line spacing of a paragraph of Latin script only (a practice's name and address,
    /// the signatory) in any letter: the PDF's 1.22 em, whatever the letter's script needs.
    /// Exact, not a multiple: a right-to-left paragraph's end mark is in the complex-script
    /// font, whose single line (Nastaliq's 2.5 em) would set the height of every line.
    fn latin_lines(&self) -> LineSpacing {
        let (_, tightest) = line_heights(LATIN_FONT);
        LineSpacing::new()
            .line((tightest * self.body as f64 * 10.0).round() as i32)
            .line_rule(LineSpacingType::Exact)
    }

    /// A body paragraph: the letter's direction, 0.85 em after.
    fn body_para(&self, runs: Vec<Run>) -> Paragraph {
        self.dir_para()
            .line_spacing(LineSpacing::new().before(0).after(self.em(PARAGRAPH_AFTER)))
            .add_runs(runs)
    }

    /// A body paragraph after a table (the practice box, the QR code), spaced from it as
    /// from a paragraph.
    fn after_table(&self, runs: Vec<Run>) -> Paragraph {
        let space = self.em(PARAGRAPH_AFTER);
        self.body_para(runs)
            .line_spacing(LineSpacing::new().before(space).after(space))
    }

    /// A section heading, kept with what follows.
    fn section(&self, title: &Text) -> Paragraph {
        self.dir_para()
            .style("Heading2")
            .keep_next(true)
            .add_runs(self.say(title, Fmt::default()))
    }

    /// The font families the letter is set in, each once: the locale's, then Noto Sans
    /// (for Latin-script names and addresses).
    fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = self.fonts.iter().map(String::as_str).collect();
        if !families.contains(&LATIN_FONT) {
            families.push(LATIN_FONT);
        }
        families
    }

    /// `text` made safe for XML, its characters noted for the embedded fonts.
    fn text(&self, text: &str) -> String {
        let text = clean(text);
        self.chars.borrow_mut().extend(text.chars());
        text
    }

    /// Black text as runs; `rtl` marks them right to left. In a right-to-left letter a
    /// left-to-right run (a phone number, an NHS number, a postcode, a Latin-script
    /// address) is isolated, so that the paragraph's direction cannot reorder its parts:
    /// without it "020 3049 0000" reads "0000 3049 020" in Word and LibreOffice alike.
    /// Word sets all of a right-to-left run in the complex-script font, so characters that
    /// font lacks (Noto Naskh Arabic has no brackets or quotation marks) go in runs of their
    /// own set in the Latin font, as typst falls back to it in the PDF.
    fn runs(&self, text: &str, fmt: Fmt, rtl: bool) -> Vec<Run> {
        if self.rtl && !rtl {
            return vec![self.one_run(&isolate_ltr(text), fmt, false, false)];
        }
        let Some(face) = self.complex_face.as_ref().filter(|_| rtl) else {
            return vec![self.one_run(text, fmt, rtl, false)];
        };
        let lacks = |c: char| !c.is_whitespace() && face.glyph_index(c).is_none();
        let mut out = Vec::new();
        let mut start = 0;
        let mut fallback = false;
        for (at, c) in text.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            if lacks(c) != fallback {
                if at > start {
                    out.push(self.one_run(&text[start..at], fmt, rtl, fallback));
                }
                start = at;
                fallback = !fallback;
            }
        }
        if start < text.len() || out.is_empty() {
            out.push(self.one_run(&text[start..], fmt, rtl, fallback));
        }
        out
    }

    /// One run of black text; `latin` sets it in the Latin font whatever its kind.
    fn one_run(&self, text: &str, fmt: Fmt, rtl: bool, latin: bool) -> Run {
        let mut run = Run::new().add_text(self.text(text)).color("000000");
        if let Some(size) = fmt.size {
            run = run.size(size);
        }
        if fmt.bold {
            run = run.bold();
        }
        if rtl {
            run = run.style(MARK_RTL);
        }
        if latin {
            run = run.fonts(
                RunFonts::new()
                    .ascii(LATIN_FONT)
                    .hi_ansi(LATIN_FONT)
                    .cs(LATIN_FONT),
            );
        }
        run
    }

    /// A worded text's runs: plain text is one run in the letter's direction; of runs,
    /// the left-to-right ones (phone numbers, email addresses) stay left to right.
    fn say(&self, text: &Text, fmt: Fmt) -> Vec<Run> {
        text.pieces()
            .into_iter()
            .flat_map(|(t, ltr)| self.runs(t, fmt, self.rtl && !ltr))
            .collect()
    }

    /// Lines joined by line breaks, all in one paragraph's runs.
    fn lines(&self, lines: Vec<Vec<Run>>) -> Vec<Run> {
        let mut out = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if i > 0 {
                out.push(Run::new().add_break(BreakType::TextWrapping));
            }
            out.extend(line);
        }
        out
    }

    /// The English line of a translated letter, at the reference block's size.
    fn notice_run(&self, notice: &Text) -> Run {
        Run::new()
            .add_text(self.text(&notice.plain()))
            .color("000000")
            .size(half_points(self.letter.content.sizes.reference))
            .style(MARK_ENGLISH)
    }

    /// Standard print: the English notice of a translated letter, above the header (as in
    /// the PDF).
    fn translated_notice(&self, notice: &Text) -> Paragraph {
        self.para()
            .frame(page_frame(
                MARGINS.left,
                page::NOTICE_TOP_MM,
                page::CONTENT_WIDTH_MM,
            ))
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(self.notice_run(notice))
    }

    /// The letterhead's lines under the organisation's name (the team, the address on one
    /// line), at the letterhead's size.
    fn sender_lines(&self, before: u32) -> Paragraph {
        let d = &self.letter.content;
        let fmt = Fmt {
            size: Some(half_points(d.sizes.letterhead)),
            bold: false,
        };
        let lines = d
            .sender
            .lines
            .iter()
            .map(|l| self.runs(l, fmt, false))
            .collect();
        // In the letter's direction, its Latin lines isolated, as in the PDF.
        self.dir_para()
            .line_spacing(
                LineSpacing::new()
                    .line(pitch(d.sizes.letterhead))
                    .line_rule(LineSpacingType::Exact)
                    .before(before)
                    .after(0),
            )
            .add_runs(self.lines(lines))
    }

    /// The reference block: phone, email, date, NHS number and reference, each with its
    /// label in bold, at the reference block's size, in a column `width` mm wide. A value
    /// that would not fit beside its label starts a line of its own, as in the PDF (where
    /// typst keeps it whole): a reference would otherwise break at a hyphen.
    fn reference_block(&self, width: f64) -> Paragraph {
        let d = &self.letter.content;
        let size = d.sizes.reference;
        let fmt = Fmt {
            size: Some(half_points(size)),
            bold: false,
        };
        let bold = Fmt { bold: true, ..fmt };
        let fonts = letter_fonts::LetterFonts::shipped();
        let column_pt = width / 25.4 * 72.0;
        let lines = d
            .contact
            .iter()
            .chain(&d.meta)
            .map(|item| {
                let (label, value) = (item.label.as_str(), item.value.as_str());
                let mut line = self.runs(label, bold, self.rtl);
                line.extend(self.runs(&d.label_separator, fmt, self.rtl));
                // Bold is up to 10 % wider than the regular widths measured, and Word's
                // lines are a little less full than the measure: 3 % to spare, or
                // LibreOffice breaks "G85999-1-00002" at a hyphen.
                let em = fonts.width_em(label) * 1.1
                    + fonts.width_em(&d.label_separator)
                    + fonts.width_em(value);
                if em * size * 1.03 > column_pt {
                    line.push(Run::new().add_break(BreakType::TextWrapping));
                }
                line.extend(self.runs(value, fmt, self.rtl && !item.ltr));
                line
            })
            .collect();
        self.dir_para()
            .line_spacing(
                LineSpacing::new()
                    .line(pitch(size))
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .add_runs(self.lines(lines))
    }

    /// The organisation's name at the top left, then in standard print the team and address
    /// under it and the reference block in the right-hand column; in large print the name
    /// alone, across the page (the rest follows the window: [`Writer::large_print_details`]).
    /// The row is at least as tall as the space above the body, so the body starts where
    /// the PDF's does.
    fn header(&self) -> Result<Table, RenderError> {
        let d = &self.letter.content;
        let large = d.format == LetterFormat::LargePrint;
        let name = self
            .para()
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_runs(self.runs(
                &d.sender.name,
                Fmt {
                    size: Some(half_points(d.sizes.organisation)),
                    bold: true,
                },
                false,
            ));
        let left_width = if large {
            page::CONTENT_WIDTH_MM
        } else {
            page::SENDER_WIDTH_MM
        };
        let mut left = TableCell::new()
            .width(twips_u(left_width), WidthType::Dxa)
            .add_paragraph(name);
        let mut cells = Vec::new();
        let mut grid = vec![twips_u(left_width)];
        // How far the first line of the flow after the header starts above its capitals.
        let rise = if large {
            let (ascent, cap) = (1.069, 0.714);
            twips_u(letter_fonts::pt_to_mm((ascent - cap) * d.sizes.reference)) as i32
        } else {
            self.em(HEADING_RISE) as i32
        };
        let mut row_height = twips(page::BODY_TOP_MM - MARGINS.top) - rise;
        if large {
            cells.push(left);
        } else {
            left = left.add_paragraph(self.sender_lines(self.em(0.35)));
            let right = TableCell::new()
                .width(twips_u(page::REFERENCE_WIDTH_MM), WidthType::Dxa)
                .add_paragraph(self.reference_block(page::REFERENCE_WIDTH_MM));
            let gutter = TableCell::new()
                .width(twips_u(page::HEADER_GUTTER_MM), WidthType::Dxa)
                .add_paragraph(self.para());
            cells.extend([left, gutter, right]);
            grid.extend([
                twips_u(page::HEADER_GUTTER_MM),
                twips_u(page::REFERENCE_WIDTH_MM),
            ]);
            // Less the anchor paragraph above the table when there is a translated notice.
            if self.text.translated_notice.is_some() {
                row_height -= ANCHOR_HEIGHT;
            }
        }
        Ok(Table::without_borders(vec![
            TableRow::new(cells)
                .row_height(row_height as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split(),
        ])
        .set_grid(grid)
        .width(content_width(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(0))
    }

    /// Large print: what follows the window before the heading, across the page, each at
    /// the body's size: a translated letter's English notice, the team and address, and the
    /// reference block.
    fn large_print_details(&self) -> Vec<Paragraph> {
        let d = &self.letter.content;
        let mut out = Vec::new();
        if let Some(notice) = &d.text.translated_notice {
            out.push(
                self.para()
                    .line_spacing(self.latin_lines().before(0).after(self.em(0.6)))
                    .add_run(self.notice_run(notice)),
            );
        }
        out.push(self.sender_lines(0));
        out.push(
            self.reference_block(page::CONTENT_WIDTH_MM).line_spacing(
                LineSpacing::new()
                    .line(pitch(d.sizes.reference))
                    .line_rule(LineSpacingType::Exact)
                    .before(self.em(0.35))
                    .after(self.em(0.9)),
            ),
        );
        out
    }

    /// The recipient's address in a frame over the envelope window, placed and sized by the
    /// envelope rules as in the PDF: each line at the size that fits the window's width,
    /// rounded down to Word's half points.
    fn address(&self) -> Result<Paragraph, RenderError> {
        let recipient = self.letter.address_block();
        if recipient.is_empty() {
            return Err(self.error("no \"recipient\" address lines in the letter data".into()));
        }
        let sizes = envelope::fit_up_to(recipient, self.letter.content.sizes.body);
        let half_points = |pt: f64| (pt * 2.0).floor() as usize;
        let size = half_points(sizes.base);
        let pitch = envelope::word_pitch(recipient.len(), sizes.base);
        let lines = recipient
            .iter()
            .zip(&sizes.lines)
            .map(|(line, &line_size)| {
                let size = half_points(line_size);
                // A left-to-right paragraph: nothing to isolate.
                vec![self.one_run(
                    line,
                    Fmt {
                        size: Some(size),
                        bold: false,
                    },
                    false,
                    false,
                )]
            })
            .collect();
        Ok(self
            .para()
            .frame(page_frame(
                envelope::WINDOW.x0 + envelope::INSET_X_MM,
                envelope::WINDOW.y0 + envelope::INSET_Y_MM,
                envelope::BLOCK_WIDTH_MM,
            ))
            .line_spacing(
                LineSpacing::new()
                    .line((size as f64 * 10.0 * pitch).round() as i32)
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .add_runs(self.lines(lines)))
    }

    /// An empty left-to-right paragraph a point high after a frame. LibreOffice anchors a
    /// frame to the paragraph after it: it drops the frame when a table follows instead, and
    /// measures "from the page's left" from the right when that paragraph runs right to
    /// left, which would move the address out of the window in an Arabic or Urdu letter.
    fn anchor(&self) -> Paragraph {
        self.para()
            .line_spacing(
                LineSpacing::new()
                    .line(ANCHOR_HEIGHT)
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .size(2)
    }

    /// 2a: the receiving practice in a box (a one-cell table with a black border).
    fn practice_box(&self, heading: &Text, practice: &PracticeBlock) -> Table {
        let bold = Fmt {
            bold: true,
            ..Fmt::default()
        };
        let spacing = || LineSpacing::new().before(0).after(0);
        let name = practice.name.as_str();
        let lines = practice.lines.join(", ");
        let phone = self.say(&practice.phone, Fmt::default());
        let inset = twips_u(3.0);
        let cell = boxed_cell(content_width())
            .add_paragraph(
                self.dir_para()
                    .line_spacing(spacing())
                    .add_runs(self.say(heading, bold)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(self.latin_lines().before(0).after(0))
                    .add_runs(self.runs(name, bold, false)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(self.latin_lines().before(0).after(0))
                    .add_runs(self.runs(&lines, Fmt::default(), false)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_runs(phone),
            );
        Table::without_borders(vec![TableRow::new(vec![cell]).cant_split()])
            .set_grid(vec![content_width()])
            .width(content_width(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(inset, inset, inset, inset))
            .indent(0)
    }

    /// Letters 1 and 2: the nearest practices side by side, as the PDF's grid has them, each
    /// in a bordered cell (name in bold, address, phone).
    fn nearby_table(&self, practices: &[PracticeBlock]) -> Table {
        let bold = Fmt {
            bold: true,
            ..Fmt::default()
        };
        let n = practices.len().max(1);
        let width = content_width() / n;
        let inset = twips_u(2.0);
        let cells: Vec<TableCell> = practices
            .iter()
            .map(|p| {
                boxed_cell(width)
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(self.latin_lines().before(0).after(0))
                            .add_runs(self.runs(&p.name, bold, false)),
                    )
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(self.latin_lines().before(0).after(0))
                            .add_runs(self.runs(&p.lines.join(", "), Fmt::default(), false)),
                    )
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(LineSpacing::new().before(0).after(0))
                            .add_runs(self.say(&p.phone, Fmt::default())),
                    )
            })
            .collect();
        Table::without_borders(vec![TableRow::new(cells).cant_split()])
            .set_grid(vec![width; n])
            .width(content_width(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(inset, inset, inset, inset))
            .indent(0)
    }

    /// How to find a GP, with the QR code in a narrow column beside it (on the left in a
    /// right-to-left letter, as typst's grid puts it).
    fn find_gp(&self, letter: &Letter) -> Result<Table, RenderError> {
        let text_width = content_width() - twips_u(QR_COLUMN);
        let text = TableCell::new()
            .width(text_width, WidthType::Dxa)
            // No space above, as at the top of the PDF's grid cell.
            .add_paragraph(
                self.section(&self.text.find_gp_heading)
                    .line_spacing(LineSpacing::new().before(0).after(self.em(SECTION_AFTER))),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_runs(self.say(&self.text.find_gp, Fmt::default())),
            );
        let png = qr_png(&letter.qr_url)?;
        let (w, h) = png_size(&png).ok_or_else(|| self.error("the QR code is not a PNG".into()))?;
        let side = (QR_SIDE * 36_000.0).round() as u32;
        let pic = Pic::new_with_dimensions(png, w, h)
            .id(QR_ID)
            .size(side, side);
        let qr = TableCell::new()
            .width(twips_u(QR_COLUMN), WidthType::Dxa)
            .vertical_align(VAlignType::Bottom)
            .add_paragraph(
                self.para()
                    .align(AlignmentType::Right)
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_run(Run::new().add_image(pic)),
            );
        let gutter = twips_u(QR_GUTTER);
        let (cells, grid) = if self.rtl {
            (vec![qr, text], vec![twips_u(QR_COLUMN), text_width])
        } else {
            (vec![text, qr], vec![text_width, twips_u(QR_COLUMN)])
        };
        let margins = if self.rtl {
            TableCellMargins::new().margin(0, 0, 0, gutter / 2)
        } else {
            TableCellMargins::new().margin(0, gutter / 2, 0, 0)
        };
        Ok(
            Table::without_borders(vec![TableRow::new(cells).cant_split()])
                .set_grid(grid)
                .width(content_width(), WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .margins(margins)
                .indent(0),
        )
    }

    /// The signatory's name and role.
    fn signature(&self) -> Paragraph {
        let d = &self.letter.content;
        self.dir_para()
            .line_spacing(self.latin_lines().before(self.em(0.4)).after(0))
            .add_runs(self.runs(&d.signatory, Fmt::default(), false))
            .add_run(Run::new().add_break(BreakType::TextWrapping))
            .add_runs(self.runs(&d.signatory_role, Fmt::default(), self.rtl))
    }

    /// Puts in what docx-rs cannot write: `w:rtl` on right-to-left runs, English as the
    /// translated notice's language, and the QR code's alternative text.
    fn finish_document(&self, xml: Vec<u8>) -> Result<Vec<u8>, RenderError> {
        let xml = String::from_utf8(xml).map_err(|e| self.error(format!("document.xml: {e}")))?;
        let xml = xml
            .replace(&format!("<w:rStyle w:val=\"{MARK_RTL}\" />"), "<w:rtl />")
            .replace(
                &format!("<w:rStyle w:val=\"{MARK_ENGLISH}\" />"),
                "<w:lang w:val=\"en-GB\" w:bidi=\"en-GB\" />",
            );
        let doc_pr = "<wp:docPr id=\"1\" name=\"Figure\" />";
        if !xml.contains(doc_pr) {
            return Err(self.error("docx-rs wrote the QR code image unexpectedly".into()));
        }
        let alt = self.text.qr_alt.plain();
        let xml = xml.replacen(
            doc_pr,
            &format!(
                "<wp:docPr id=\"1\" name=\"QR code\" descr=\"{}\" />",
                escape(&alt)
            ),
            1,
        );
        if xml.contains("DispersalMark") {
            return Err(self.error("a text marker was left in document.xml".into()));
        }
        Ok(xml.into_bytes())
    }

    /// The document's language as the default for every run.
    fn finish_styles(&self, xml: Vec<u8>) -> Result<Vec<u8>, RenderError> {
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
    fn core_properties(&self) -> Result<String, RenderError> {
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

/// The letter's complex-script font and its East Asian font, from the locale's fonts: the
/// first that prints Chinese is the East Asian one, the first other than the Latin font is
/// the complex-script one; the Latin font where the locale has none.
fn font_slots(fonts: &[String]) -> (&str, &str) {
    let prints = |family: &str, c: char| {
        letter_fonts::font_file(family, false)
            .and_then(|data| ttf_parser::Face::parse(data, 0).ok())
            .is_some_and(|face| face.glyph_index(c).is_some())
    };
    let others = || {
        fonts
            .iter()
            .map(String::as_str)
            .filter(|&f| f != LATIN_FONT)
    };
    let east_asian = others().find(|f| prints(f, '中')).unwrap_or(LATIN_FONT);
    let complex = others().find(|&f| f != east_asian).unwrap_or(LATIN_FONT);
    (complex, east_asian)
}

/// A frame placed from the page's top-left corner (mm), text flowing around it.
fn page_frame(x: f64, y: f64, width: f64) -> FrameProperty {
    FrameProperty::new()
        .h_anchor("page")
        .v_anchor("page")
        .x(twips(x))
        .y(twips(y))
        .width(twips_u(width) as u32)
        .wrap("none")
}

/// For the fonts in `letter-templates/fonts`, in em: the single line height (ascent and
/// descent from the OS/2 table, as Word and LibreOffice measure a line), and the tightest
/// line pitch the letter uses — the PDF's 1.22 em for Latin script, Arabic at 80 % of its
/// tall line, and the Indic scripts, whose fonts' lines are no taller than their glyphs,
/// at 100 %.
fn line_heights(font: &str) -> (f64, f64) {
    match font {
        "Noto Naskh Arabic" => (1.703, 1.36),
        // Nastaliq climbs high and sinks low: the PDF's lines are 1.61 em apart (the
        // locale's leading of 0.9 em).
        "Noto Nastaliq Urdu" => (2.5, 1.62),
        "Noto Sans Bengali" => (1.325, 1.325),
        "Noto Sans Gujarati" | "Noto Sans Gurmukhi" => (1.304, 1.304),
        // As in the PDF, whose lines of Tamil are 1.21 em apart.
        "Noto Sans Tamil" => (1.24, 1.214),
        "Noto Sans CJK SC" => (1.448, 1.3),
        _ => (1.362, 1.22),
    }
}

/// Left-to-right text isolated for a right-to-left paragraph (Unicode's bidi algorithm,
/// UAX #9): LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE, with a LEFT-TO-RIGHT MARK
/// inside each end for a reader that predates isolates (the mark makes the digits after
/// it left to right, and keeps trailing punctuation with them).
fn isolate_ltr(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("\u{2066}\u{200E}{text}\u{200E}\u{2069}")
}

/// Drops characters XML 1.0 cannot hold (control characters other than tab and newline).
fn clean(text: &str) -> String {
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

/// Points to Word's half points.
fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// The exact line pitch of the letterhead's and reference block's lines at `pt`, twips:
/// 1.29 em, room for the scripts' labels (the PDF's lines are 1.16 em of Latin apart).
fn pitch(pt: f64) -> i32 {
    (pt * 20.0 * 1.29).round() as i32
}

/// mm to twentieths of a point.
fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

fn twips_u(mm: f64) -> usize {
    twips(mm).max(0) as usize
}

/// The text width between the margins, in twips.
fn content_width() -> usize {
    twips_u(page::CONTENT_WIDTH_MM)
}

/// Width and height from a PNG's header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

/// A table cell `width` twips wide inside a thin black box, as the PDF draws a practice.
fn boxed_cell(width: usize) -> TableCell {
    let border = |position| {
        TableCellBorder::new(position)
            .border_type(BorderType::Single)
            .size(6)
            .color("000000")
    };
    TableCell::new().width(width, WidthType::Dxa).set_borders(
        TableCellBorders::new()
            .set(border(TableCellBorderPosition::Top))
            .set(border(TableCellBorderPosition::Left))
            .set(border(TableCellBorderPosition::Bottom))
            .set(border(TableCellBorderPosition::Right)),
    )
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

    #[test]
    fn sizes_convert_to_twips() {
        assert_eq!(twips(25.4), 1440);
        assert_eq!(content_width(), 9751);
        assert_eq!(
            png_size(&qr_png("x").unwrap()).map(|(w, h)| w == h),
            Some(true)
        );
    }
}

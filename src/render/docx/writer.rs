//! Render stage, Word letter: the writer every part of a letter is made with — the letter's
//! data, direction and body size, new paragraphs with fixed ids, and text as runs: in the
//! right fonts for its script, right to left with Latin text isolated, and line spacing that
//! makes room for the tallest script.

use docx_rs::{BreakType, FrameProperty, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts};

use super::patch::{MARK_RTL, clean};
use super::units::half_points;
use crate::compose::{Direction, Letter, LetterText, Text};
use crate::letter_fonts;
use crate::render::RenderError;

/// The font of Latin-script text in every letter: names, addresses, and the English notice.
pub(super) const LATIN_FONT: &str = "Noto Sans";

/// How a piece of text is set: size in half-points (`None`: the body size) and weight.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Fmt {
    pub(super) size: Option<usize>,
    pub(super) bold: bool,
}

/// What every part of the letter needs: its data, direction, sizes and paragraph ids.
pub(super) struct Writer<'a> {
    pub(super) letter: &'a Letter,
    pub(super) text: &'a LetterText,
    pub(super) rtl: bool,
    /// Body size in half-points.
    pub(super) body: usize,
    /// `en-GB`, or just `ur` when the locale has no region.
    pub(super) language: String,
    /// The letter's font families, in fallback order.
    pub(super) fonts: Vec<String>,
    next_id: std::cell::Cell<u32>,
    /// The complex-script font (Arabic, Indic), to find the characters it lacks.
    complex_face: Option<ttf_parser::Face<'static>>,
    /// Every character the letter prints, for the subsets of its embedded fonts.
    pub(super) chars: std::cell::RefCell<std::collections::BTreeSet<char>>,
}

/// What docx-rs's `Paragraph` builder lacks: several runs at once, and a frame.
pub(super) trait ParagraphExt {
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
    pub(super) fn new(letter: &'a Letter) -> Result<Self, RenderError> {
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

    pub(super) fn error(&self, message: String) -> RenderError {
        RenderError::Docx {
            message: format!("{}: {message}", self.letter.letter_id),
        }
    }

    /// `em` of the body size, in twips.
    pub(super) fn em(&self, em: f64) -> u32 {
        (em * self.body as f64 * 10.0).round() as u32
    }

    /// The body's line spacing: the font's single line height, scaled.
    pub(super) fn body_lines(&self) -> LineSpacing {
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
    pub(super) fn para(&self) -> Paragraph {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        Paragraph::new().id(format!("{:08X}", 0x1000_0000 + id))
    }

    /// A paragraph in the letter's direction.
    pub(super) fn dir_para(&self) -> Paragraph {
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
    pub(super) fn latin_lines(&self) -> LineSpacing {
        let (_, tightest) = line_heights(LATIN_FONT);
        LineSpacing::new()
            .line((tightest * self.body as f64 * 10.0).round() as i32)
            .line_rule(LineSpacingType::Exact)
    }

    /// The font families the letter is set in, each once: the locale's, then Noto Sans
    /// (for Latin-script names and addresses).
    pub(super) fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = self.fonts.iter().map(String::as_str).collect();
        if !families.contains(&LATIN_FONT) {
            families.push(LATIN_FONT);
        }
        families
    }

    /// `text` made safe for XML, its characters noted for the embedded fonts.
    pub(super) fn text(&self, text: &str) -> String {
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
    pub(super) fn runs(&self, text: &str, fmt: Fmt, rtl: bool) -> Vec<Run> {
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
    pub(super) fn one_run(&self, text: &str, fmt: Fmt, rtl: bool, latin: bool) -> Run {
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
    pub(super) fn say(&self, text: &Text, fmt: Fmt) -> Vec<Run> {
        text.pieces()
            .into_iter()
            .flat_map(|(t, ltr)| self.runs(t, fmt, self.rtl && !ltr))
            .collect()
    }

    /// Lines joined by line breaks, all in one paragraph's runs.
    pub(super) fn lines(&self, lines: Vec<Vec<Run>>) -> Vec<Run> {
        let mut out = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if i > 0 {
                out.push(Run::new().add_break(BreakType::TextWrapping));
            }
            out.extend(line);
        }
        out
    }
}

/// The letter's complex-script font and its East Asian font, from the locale's fonts: the
/// first that prints Chinese is the East Asian one, the first other than the Latin font is
/// the complex-script one; the Latin font where the locale has none.
pub(super) fn font_slots(fonts: &[String]) -> (&str, &str) {
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

/// For the fonts in `letter-templates/fonts`, in em: the single line height (ascent and
/// descent from the OS/2 table, as Word and LibreOffice measure a line), and the tightest
/// line pitch the letter uses — the PDF's 1.22 em for Latin script, Arabic at 80 % of its
/// tall line, and the Indic scripts, whose fonts' lines are no taller than their glyphs,
/// at 100 %.
pub(super) fn line_heights(font: &str) -> (f64, f64) {
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
pub(super) fn isolate_ltr(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("\u{2066}\u{200E}{text}\u{200E}\u{2069}")
}

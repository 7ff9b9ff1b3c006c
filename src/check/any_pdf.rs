//! Check stage: measure any PDF letter (one written in Word, say) for the 50p rules of
//! [`super::eligibility`]: its pages' sizes, and whatever is painted in colour, whether text,
//! vector paint or images.
//!
//! The PDF is read with lopdf. Each page's content stream is interpreted just far enough to
//! know the fill and stroke colour whenever something is painted (graphics-state stack, colour
//! spaces from the page's resources, form XObjects, shading patterns), and images are decoded
//! to look at their pixels. A damaged or encrypted file is an error value, never a panic.

use std::collections::HashSet;
use std::fmt;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use serde::Serialize;

use super::eligibility::{self, PageMeasure, Verdict};
use crate::model::LetterFormat;
/// How far apart the red, green and blue of a lossless pixel or colour may be and still be grey.
const GREY_TOLERANCE: f64 = 1.5 / 255.0;
/// The same for JPEG images, whose compression tints greys slightly.
const JPEG_GREY_TOLERANCE: u8 = 12;
/// Form XObjects nest at most this deep (a file that loops is refused, not followed forever).
const MAX_DEPTH: usize = 12;

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
pub enum PdfError {
    #[error(
        "the file is not a readable PDF ({reason})\n  hint: make the PDF again (in Word: File > Save As > PDF) and check the new file"
    )]
    Damaged { reason: String },
    #[error(
        "the PDF is encrypted (password-protected), so it cannot be checked\n  hint: save a copy without a password (in Word: File > Info > Protect Document, then Save As > PDF) and check that"
    )]
    Encrypted,
    #[error("the PDF has no pages\n  hint: make the PDF again from the letter")]
    NoPages,
}

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
    // standard print unless its title says large print, as dispersal's letters do.
    let format = match document_title(&doc) {
        Some(title) if title.contains(LetterFormat::LargePrint.as_str()) => {
            LetterFormat::LargePrint
        }
        _ => LetterFormat::Standard,
    };
    let judged = eligibility::judge(&measured, format, None);
    Ok(PdfReport {
        pages: pages.len(),
        page_sizes_mm,
        a4_portrait: judged.a4,
        colour,
        large_print: format == LetterFormat::LargePrint,
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

/// Follow a reference (a few steps at most); anything else is itself.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    let mut object = object;
    for _ in 0..8 {
        match object {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => object = next,
                Err(_) => return &Object::Null,
            },
            _ => return object,
        }
    }
    &Object::Null
}

/// A page attribute that may be inherited from the page tree (MediaBox, Resources, Rotate…).
fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page_id;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The printed size of a page in millimetres: the crop box (else the media box), turned by
/// /Rotate. A page without a usable box is given US Letter's size, as PDF readers assume.
fn page_size_mm(doc: &Document, page_id: ObjectId) -> (f64, f64) {
    let rect = |key: &[u8]| -> Option<(f64, f64)> {
        let array = resolve(doc, inherited(doc, page_id, key)?)
            .as_array()
            .ok()?;
        let n: Vec<f64> = array
            .iter()
            .map(|o| number(resolve(doc, o)))
            .collect::<Option<_>>()?;
        let [x0, y0, x1, y1] = n.as_slice() else {
            return None;
        };
        Some(((x1 - x0).abs(), (y1 - y0).abs()))
    };
    let (w, h) = rect(b"CropBox")
        .or_else(|| rect(b"MediaBox"))
        .unwrap_or((612.0, 792.0));
    let rotate = inherited(doc, page_id, b"Rotate")
        .and_then(|r| number(resolve(doc, r)))
        .unwrap_or(0.0) as i64;
    let (w, h) = if rotate.rem_euclid(180) == 90 {
        (h, w)
    } else {
        (w, h)
    };
    let mm = 25.4 / 72.0;
    (w * mm, h * mm)
}

/// What a colour space can paint.
#[derive(Debug, Clone, PartialEq)]
enum Space {
    /// Only greys (DeviceGray, CalGray, one-component ICC, a black separation).
    Grey,
    Rgb,
    Cmyk,
    /// Indexed colours: whether each palette entry is grey.
    Indexed(Vec<bool>),
    /// Pattern: the colour depends on the pattern named when it is set.
    Pattern,
    /// Spot colours and anything else that is not grey (Lab, DeviceN, a named separation).
    Colour,
}

/// The part of the graphics state that decides colour.
#[derive(Debug, Clone, PartialEq)]
struct GraphicsState {
    fill_space: Space,
    stroke_space: Space,
    fill_is_colour: bool,
    stroke_is_colour: bool,
    text_render_mode: i64,
    /// The current transformation matrix (`cm`), `[a b c d e f]`.
    ctm: [f64; 6],
    /// The text font size (`Tf`) and leading (`TL`): text state, saved with `q`.
    font_size: f64,
    leading: f64,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            fill_space: Space::Grey,
            stroke_space: Space::Grey,
            fill_is_colour: false,
            stroke_is_colour: false,
            text_render_mode: 0,
            ctm: IDENTITY,
            font_size: 0.0,
            leading: 0.0,
        }
    }
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n` for PDF matrices `[a b c d e f]` (row vectors: apply `m`, then `n`).
fn concat(m: [f64; 6], n: [f64; 6]) -> [f64; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn matrix(nums: &[f64]) -> Option<[f64; 6]> {
    match nums {
        [a, b, c, d, e, f] => Some([*a, *b, *c, *d, *e, *f]),
        _ => None,
    }
}

/// Walks one page's content and records where colour is painted, and the smallest text.
struct Painter<'a> {
    doc: &'a Document,
    page: usize,
    found: HashSet<ColourUse>,
    unreadable: bool,
    /// The page's height in points, to place text from the top as the envelope window is.
    height_pt: f64,
    /// The smallest text shown outside the envelope window, in points.
    smallest_text_pt: Option<f64>,
}

impl Painter<'_> {
    fn mark(&mut self, kind: ColourKind) {
        self.found.insert(ColourUse {
            page: self.page,
            kind,
        });
    }

    fn paint(
        &mut self,
        content: &[u8],
        resources: &Dictionary,
        start: GraphicsState,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.unreadable = true;
            return;
        }
        let Ok(content) = lopdf::content::Content::decode(content) else {
            self.unreadable = true;
            return;
        };
        let mut state = start;
        let mut stack: Vec<GraphicsState> = Vec::new();
        // The text matrix and text line matrix, set in each text object.
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        for op in &content.operations {
            let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
            match op.operator.as_str() {
                "cm" => {
                    if let Some(m) = matrix(&nums) {
                        state.ctm = concat(m, state.ctm);
                    }
                }
                "BT" => (tm, tlm) = (IDENTITY, IDENTITY),
                "Tm" => {
                    if let Some(m) = matrix(&nums) {
                        (tm, tlm) = (m, m);
                    }
                }
                "Td" | "TD" => {
                    if let [tx, ty] = nums[..] {
                        if op.operator == "TD" {
                            state.leading = -ty;
                        }
                        tlm = concat([1.0, 0.0, 0.0, 1.0, tx, ty], tlm);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = concat([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                    tm = tlm;
                }
                "TL" => state.leading = nums.first().copied().unwrap_or(0.0),
                "Tf" => state.font_size = nums.first().copied().unwrap_or(0.0),
                "q" => stack.push(state.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "g" => {
                    state.fill_space = Space::Grey;
                    state.fill_is_colour = false;
                }
                "G" => {
                    state.stroke_space = Space::Grey;
                    state.stroke_is_colour = false;
                }
                "rg" => {
                    state.fill_space = Space::Rgb;
                    state.fill_is_colour = !is_grey(&Space::Rgb, &nums);
                }
                "RG" => {
                    state.stroke_space = Space::Rgb;
                    state.stroke_is_colour = !is_grey(&Space::Rgb, &nums);
                }
                "k" => {
                    state.fill_space = Space::Cmyk;
                    state.fill_is_colour = !is_grey(&Space::Cmyk, &nums);
                }
                "K" => {
                    state.stroke_space = Space::Cmyk;
                    state.stroke_is_colour = !is_grey(&Space::Cmyk, &nums);
                }
                "cs" | "CS" => {
                    let space = op
                        .operands
                        .first()
                        .map(|name| self.space(name, resources, 0))
                        .unwrap_or(Space::Colour);
                    // A new colour space starts at its initial colour: black, or the first
                    // palette entry.
                    let is_colour = match &space {
                        Space::Indexed(grey) => !grey.first().copied().unwrap_or(true),
                        Space::Colour => true,
                        _ => false,
                    };
                    if op.operator == "cs" {
                        state.fill_space = space;
                        state.fill_is_colour = is_colour;
                    } else {
                        state.stroke_space = space;
                        state.stroke_is_colour = is_colour;
                    }
                }
                "sc" | "scn" | "SC" | "SCN" => {
                    let fill = op.operator.starts_with('s');
                    let space = if fill {
                        state.fill_space.clone()
                    } else {
                        state.stroke_space.clone()
                    };
                    let is_colour = match &space {
                        Space::Pattern => match op.operands.last() {
                            Some(Object::Name(name)) => self.pattern_is_colour(name, resources),
                            _ => true,
                        },
                        other => !is_grey(other, &nums),
                    };
                    if fill {
                        state.fill_is_colour = is_colour;
                    } else {
                        state.stroke_is_colour = is_colour;
                    }
                }
                "Tr" => state.text_render_mode = nums.first().copied().unwrap_or(0.0) as i64,
                "Tj" | "TJ" | "'" | "\"" => {
                    if matches!(op.operator.as_str(), "'" | "\"") {
                        tlm = concat([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                        tm = tlm;
                    }
                    self.text_shown(&state, tm);
                    let mode = state.text_render_mode;
                    let fills = matches!(mode, 0 | 2 | 4 | 6);
                    let strokes = matches!(mode, 1 | 2 | 5 | 6);
                    if (fills && state.fill_is_colour) || (strokes && state.stroke_is_colour) {
                        self.mark(ColourKind::Text);
                    }
                }
                "f" | "F" | "f*" if state.fill_is_colour => self.mark(ColourKind::VectorPaint),
                "S" | "s" if state.stroke_is_colour => self.mark(ColourKind::VectorPaint),
                "B" | "B*" | "b" | "b*" if state.fill_is_colour || state.stroke_is_colour => {
                    self.mark(ColourKind::VectorPaint)
                }
                "sh" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        let shading = dict_entry(self.doc, resources, b"Shading", name);
                        if self.shading_is_colour(shading, resources) {
                            self.mark(ColourKind::VectorPaint);
                        }
                    }
                }
                "Do" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        self.xobject(name, resources, &state, depth);
                    }
                }
                "BI" => {
                    if let Some(Object::Stream(image)) = op.operands.first()
                        && self.image_is_colour(image, resources, &state)
                    {
                        self.mark(ColourKind::Image);
                    }
                }
                _ => {}
            }
        }
    }

    /// Text shown at the text matrix `tm`: its size as printed (the font size scaled by the
    /// text and transformation matrices), counted unless it sits in the envelope window.
    fn text_shown(&mut self, state: &GraphicsState, tm: [f64; 6]) {
        let m = concat(tm, state.ctm);
        let size = state.font_size.abs() * (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
        if size <= 0.0 {
            return;
        }
        let mm = |pt: f64| pt * 25.4 / 72.0;
        let (x, y) = (mm(m[4]), mm(self.height_pt - m[5]));
        let w = crate::envelope::WINDOW;
        if (w.x0..=w.x1).contains(&x) && (w.y0..=w.y1).contains(&y) {
            return;
        }
        let smallest = self.smallest_text_pt.get_or_insert(size);
        *smallest = smallest.min(size);
    }

    fn xobject(
        &mut self,
        name: &[u8],
        resources: &Dictionary,
        state: &GraphicsState,
        depth: usize,
    ) {
        let Some(Object::Stream(stream)) = dict_entry(self.doc, resources, b"XObject", name) else {
            return;
        };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        match subtype {
            Some(b"Image") if self.image_is_colour(stream, resources, state) => {
                self.mark(ColourKind::Image);
            }
            Some(b"Form") => {
                let Ok(content) = stream.decompressed_content().or_else(|_| {
                    // An uncompressed stream has no filter to undo.
                    if stream.dict.get(b"Filter").is_err() {
                        Ok(stream.content.clone())
                    } else {
                        Err(())
                    }
                }) else {
                    self.unreadable = true;
                    return;
                };
                let own = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| resolve(self.doc, r).as_dict().ok())
                    .cloned();
                let resources = own.unwrap_or_else(|| resources.clone());
                let mut inner = state.clone();
                if let Ok(Object::Array(m)) = stream.dict.get(b"Matrix") {
                    let nums: Vec<f64> = m.iter().filter_map(number).collect();
                    if let Some(m) = matrix(&nums) {
                        inner.ctm = concat(m, inner.ctm);
                    }
                }
                self.paint(&content, &resources, inner, depth + 1);
            }
            _ => {}
        }
    }

    /// The colour space an operand or a dictionary entry names.
    fn space(&self, object: &Object, resources: &Dictionary, depth: usize) -> Space {
        if depth > 4 {
            return Space::Colour;
        }
        match resolve(self.doc, object) {
            Object::Name(name) => match name.as_slice() {
                b"DeviceGray" | b"G" | b"CalGray" => Space::Grey,
                b"DeviceRGB" | b"RGB" => Space::Rgb,
                b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
                b"Pattern" => Space::Pattern,
                other => match dict_entry(self.doc, resources, b"ColorSpace", other) {
                    Some(defined) if !matches!(defined, Object::Name(n) if n == other) => {
                        self.space(defined, resources, depth + 1)
                    }
                    _ => Space::Colour,
                },
            },
            Object::Array(array) => {
                let family = array.first().and_then(|f| f.as_name().ok()).unwrap_or(b"");
                match family {
                    b"CalGray" => Space::Grey,
                    b"CalRGB" => Space::Rgb,
                    b"ICCBased" => {
                        let n = array
                            .get(1)
                            .map(|s| resolve(self.doc, s))
                            .and_then(|s| s.as_stream().ok())
                            .and_then(|s| s.dict.get(b"N").ok().and_then(number));
                        match n {
                            Some(1.0) => Space::Grey,
                            Some(3.0) => Space::Rgb,
                            Some(4.0) => Space::Cmyk,
                            _ => Space::Colour,
                        }
                    }
                    b"Indexed" | b"I" => {
                        let base = array
                            .get(1)
                            .map(|b| self.space(b, resources, depth + 1))
                            .unwrap_or(Space::Colour);
                        let table: Vec<u8> = match array.get(3).map(|t| resolve(self.doc, t)) {
                            Some(Object::String(bytes, _)) => bytes.clone(),
                            Some(Object::Stream(s)) => s
                                .decompressed_content()
                                .unwrap_or_else(|_| s.content.clone()),
                            _ => Vec::new(),
                        };
                        let per = match base {
                            Space::Grey => 1,
                            Space::Rgb => 3,
                            Space::Cmyk => 4,
                            _ => return Space::Colour,
                        };
                        let grey = table
                            .chunks(per)
                            .map(|entry| {
                                let values: Vec<f64> =
                                    entry.iter().map(|&b| f64::from(b) / 255.0).collect();
                                is_grey(&base, &values)
                            })
                            .collect();
                        Space::Indexed(grey)
                    }
                    b"Separation" => {
                        let name = array.get(1).and_then(|n| n.as_name().ok()).unwrap_or(b"");
                        if name == b"Black" || name == b"All" {
                            Space::Grey
                        } else {
                            Space::Colour
                        }
                    }
                    b"DeviceN" => {
                        let all_black = array
                            .get(1)
                            .map(|n| resolve(self.doc, n))
                            .and_then(|n| n.as_array().ok())
                            .is_some_and(|names| {
                                names
                                    .iter()
                                    .all(|n| matches!(n.as_name(), Ok(b"Black" | b"None")))
                            });
                        if all_black {
                            Space::Grey
                        } else {
                            Space::Colour
                        }
                    }
                    b"Pattern" => Space::Pattern,
                    _ => match array.first() {
                        Some(first @ Object::Name(_)) if array.len() == 1 => {
                            self.space(first, resources, depth + 1)
                        }
                        _ => Space::Colour,
                    },
                }
            }
            _ => Space::Colour,
        }
    }

    fn pattern_is_colour(&self, name: &[u8], resources: &Dictionary) -> bool {
        let Some(pattern) = dict_entry(self.doc, resources, b"Pattern", name) else {
            return true;
        };
        let dict = match pattern {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => return true,
        };
        match dict.get(b"PatternType").ok().and_then(number) {
            // A shading pattern is as colourful as its shading.
            Some(2.0) => {
                let shading = dict.get(b"Shading").ok().map(|s| resolve(self.doc, s));
                self.shading_is_colour(shading, resources)
            }
            // A tiling pattern paints its own content: be safe and call it colour unless it
            // is uncoloured (PaintType 2), which takes the colour of the operands.
            _ => dict.get(b"PaintType").ok().and_then(number) != Some(2.0),
        }
    }

    fn shading_is_colour(&self, shading: Option<&Object>, resources: &Dictionary) -> bool {
        let dict = match shading {
            Some(Object::Dictionary(d)) => d,
            Some(Object::Stream(s)) => &s.dict,
            _ => return true,
        };
        match dict.get(b"ColorSpace") {
            Ok(space) => self.space(space, resources, 0) != Space::Grey,
            Err(_) => true,
        }
    }

    fn image_is_colour(
        &self,
        image: &Stream,
        resources: &Dictionary,
        state: &GraphicsState,
    ) -> bool {
        let dict = &image.dict;
        let flag = |long: &[u8], short: &[u8]| {
            dict.get(long)
                .or_else(|_| dict.get(short))
                .ok()
                .map(|o| resolve(self.doc, o))
                .and_then(|o| o.as_bool().ok())
                .unwrap_or(false)
        };
        // A stencil mask paints with the current fill colour.
        if flag(b"ImageMask", b"IM") {
            return state.fill_is_colour;
        }
        let space = match dict.get(b"ColorSpace").or_else(|_| dict.get(b"CS")) {
            Ok(space) => self.space(space, resources, 0),
            // JPEG 2000 images may carry their own colour space; they cannot be decoded here.
            Err(_) => return true,
        };
        let filters: Vec<Vec<u8>> = image
            .filters()
            .map(|f| f.iter().map(|n| n.to_vec()).collect())
            .unwrap_or_default();
        match space {
            Space::Grey => false,
            Space::Colour | Space::Pattern => true,
            Space::Indexed(grey) => {
                if grey.iter().all(|&g| g) {
                    return false;
                }
                // Only the palette entries the pixels use matter.
                match decoded_samples(image, &filters) {
                    Some(samples) if bits(dict) == 8 => samples
                        .iter()
                        .any(|&i| !grey.get(i as usize).copied().unwrap_or(true)),
                    _ => true,
                }
            }
            Space::Rgb | Space::Cmyk => {
                let channels = if space == Space::Rgb { 3 } else { 4 };
                if filters
                    .last()
                    .is_some_and(|f| f == b"DCTDecode" || f == b"DCT")
                {
                    return jpeg_is_colour(image, &filters);
                }
                match decoded_samples(image, &filters) {
                    Some(samples) if bits(dict) == 8 => samples.chunks(channels).any(|px| {
                        let values: Vec<f64> = px.iter().map(|&b| f64::from(b) / 255.0).collect();
                        !is_grey(&space, &values)
                    }),
                    Some(samples) if bits(dict) == 16 => samples.chunks(2 * channels).any(|px| {
                        let values: Vec<f64> =
                            px.chunks(2).map(|b| f64::from(b[0]) / 255.0).collect();
                        !is_grey(&space, &values)
                    }),
                    _ => true,
                }
            }
        }
    }
}

fn bits(dict: &Dictionary) -> i64 {
    dict.get(b"BitsPerComponent")
        .or_else(|_| dict.get(b"BPC"))
        .ok()
        .and_then(number)
        .unwrap_or(8.0) as i64
}

/// An image's samples with its filters undone, when they are ones we can undo here.
fn decoded_samples(image: &Stream, filters: &[Vec<u8>]) -> Option<Vec<u8>> {
    if filters.is_empty() {
        return Some(image.content.clone());
    }
    let lossless = filters.iter().all(|f| {
        matches!(
            f.as_slice(),
            b"FlateDecode"
                | b"Fl"
                | b"LZWDecode"
                | b"LZW"
                | b"ASCIIHexDecode"
                | b"AHx"
                | b"ASCII85Decode"
                | b"A85"
                | b"RunLengthDecode"
                | b"RL"
        )
    });
    if !lossless {
        return None;
    }
    image.decompressed_content().ok()
}

/// Whether a JPEG image has any pixel that is not grey.
fn jpeg_is_colour(image: &Stream, filters: &[Vec<u8>]) -> bool {
    let data = if filters.len() > 1 {
        // Other filters first (e.g. ASCII85), then the JPEG: undo those with lopdf.
        let mut without = image.clone();
        let rest: Vec<Object> = filters[..filters.len() - 1]
            .iter()
            .map(|f| Object::Name(f.clone()))
            .collect();
        without.dict.set("Filter", Object::Array(rest));
        match without.decompressed_content() {
            Ok(data) => data,
            Err(_) => return true,
        }
    } else {
        image.content.clone()
    };
    match image::load_from_memory_with_format(&data, image::ImageFormat::Jpeg) {
        Ok(decoded) => match decoded {
            image::DynamicImage::ImageLuma8(_) | image::DynamicImage::ImageLuma16(_) => false,
            other => other.to_rgb8().pixels().any(|p| {
                let [r, g, b] = p.0;
                r.abs_diff(g) > JPEG_GREY_TOLERANCE
                    || g.abs_diff(b) > JPEG_GREY_TOLERANCE
                    || r.abs_diff(b) > JPEG_GREY_TOLERANCE
            }),
        },
        Err(_) => true,
    }
}

/// Whether colour components in a space are a grey.
fn is_grey(space: &Space, values: &[f64]) -> bool {
    match space {
        Space::Grey => true,
        Space::Rgb => match values {
            [r, g, b, ..] => {
                (r - g).abs() <= GREY_TOLERANCE
                    && (g - b).abs() <= GREY_TOLERANCE
                    && (r - b).abs() <= GREY_TOLERANCE
            }
            _ => false,
        },
        // Neutral in CMYK: no cyan, magenta or yellow, or the same of each.
        Space::Cmyk => match values {
            [c, m, y, ..] => (c - m).abs() <= GREY_TOLERANCE && (m - y).abs() <= GREY_TOLERANCE,
            _ => false,
        },
        Space::Indexed(grey) => values
            .first()
            .map(|&i| grey.get(i as usize).copied().unwrap_or(false))
            .unwrap_or(false),
        Space::Pattern | Space::Colour => false,
    }
}

/// `resources[category][name]`, references followed.
fn dict_entry<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let category = resolve(doc, resources.get(category).ok()?).as_dict().ok()?;
    Some(resolve(doc, category.get(name).ok()?))
}

//! Check stage, any PDF: the content-stream interpreter — walks one page's operators with
//! the graphics state (colours, matrices, text size) and records where colour is painted and
//! the smallest text outside the envelope window.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object};

use super::images::image_is_colour;
use super::objects::{dict_entry, number, resolve};
use super::report::{ColourKind, ColourUse};
use super::space::{Space, is_grey, pattern_is_colour, shading_is_colour};

/// Form XObjects nest at most this deep (a file that loops is refused, not followed forever).
const MAX_DEPTH: usize = 12;

/// The part of the graphics state that decides colour.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GraphicsState {
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
pub(super) struct Painter<'a> {
    pub(super) doc: &'a Document,
    pub(super) page: usize,
    pub(super) found: HashSet<ColourUse>,
    pub(super) unreadable: bool,
    /// The page's height in points, to place text from the top as the envelope window is.
    pub(super) height_pt: f64,
    /// The smallest text shown outside the envelope window, in points.
    pub(super) smallest_text_pt: Option<f64>,
}

impl Painter<'_> {
    fn mark(&mut self, kind: ColourKind) {
        self.found.insert(ColourUse {
            page: self.page,
            kind,
        });
    }

    pub(super) fn paint(
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
                        .map(|name| Space::of(self.doc, name, resources, 0))
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
                            Some(Object::Name(name)) => {
                                pattern_is_colour(self.doc, name, resources)
                            }
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
                        if shading_is_colour(self.doc, shading, resources) {
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
                        && image_is_colour(self.doc, image, resources, state.fill_is_colour)
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
            Some(b"Image")
                if image_is_colour(self.doc, stream, resources, state.fill_is_colour) =>
            {
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
}

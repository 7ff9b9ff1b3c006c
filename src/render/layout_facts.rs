//! Render stage: measure what was laid out, page by page — size, every paint's colour, where
//! the address block's glyphs sit, the smallest text size — straight from typst's frames, so
//! the checks are exact without rasterising the page.

use serde::Serialize;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::{Color, ImageKind, Paint};
use typst_layout::Page;

pub use crate::envelope::Rect;
use crate::{envelope, page};

impl Rect {
    fn empty() -> Rect {
        Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }
    fn include(&mut self, x: f64, y: f64) {
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }
    fn is_empty(&self) -> bool {
        self.x0 > self.x1
    }
}

/// What one laid-out page holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageFacts {
    pub width_mm: f64,
    pub height_mm: f64,
    /// Every paint that is not black, white or grey, described ("text #ff0000").
    pub colours: Vec<String>,
    /// The letter that starts on this page, if one does.
    pub letter_start: Option<String>,
    /// The ink box of the recipient address block, if it is on this page.
    pub address_box: Option<Rect>,
    /// The address block's text, line by line as laid out.
    pub address_text: Vec<String>,
    /// The smallest text size on the page outside the header and address block, in points.
    pub smallest_body_text_pt: Option<f64>,
    /// The smallest text size anywhere on the page but the address block (the envelope
    /// window's), in points: the header, the reference block and the body.
    pub smallest_text_pt: Option<f64>,
    /// The smallest text size in the reference block (phone, email, date, NHS number and
    /// reference), in points.
    pub smallest_reference_pt: Option<f64>,
    /// Where text other than the address shows in the envelope window: the box of its
    /// glyphs there, if any does.
    pub other_text_in_window: Option<Rect>,
    /// The pictures on the page that have alternative text (the QR code, the easy-read
    /// letter's pictures): each is a tagged figure a screen reader can name.
    pub pictures: usize,
}

const LETTER_START: &str = "letter-start";
const ADDRESS_START: &str = "address-start";
const ADDRESS_END: &str = "address-end";
const REFERENCE_START: &str = "reference-start";
const REFERENCE_END: &str = "reference-end";

/// Where the body starts for the size checks, mm from the page's top: text whose baseline is
/// above this line (header, address, reference block) may be smaller. 2 mm above where the
/// layout starts the body ([`page::BODY_TOP_MM`]), to spare.
pub const BODY_TOP_MM: f64 = page::BODY_TOP_MM - 2.0;

struct Walker {
    facts: PageFacts,
    in_address: bool,
    in_reference: bool,
    /// The glyphs of text other than the address that fall in the window.
    intrusion: Rect,
    address: Rect,
    last_baseline: Option<f64>,
    /// Whether `last_baseline` is that of an item with an advance (not of marks alone).
    baseline_has_advance: bool,
}

/// Measures one page.
pub fn page_facts(page: &Page) -> PageFacts {
    let size = page.frame.size();
    let mut walker = Walker {
        facts: PageFacts {
            width_mm: size.x.to_mm(),
            height_mm: size.y.to_mm(),
            colours: Vec::new(),
            letter_start: None,
            address_box: None,
            address_text: Vec::new(),
            smallest_body_text_pt: None,
            smallest_text_pt: None,
            smallest_reference_pt: None,
            other_text_in_window: None,
            pictures: 0,
        },
        in_address: false,
        in_reference: false,
        intrusion: Rect::empty(),
        address: Rect::empty(),
        last_baseline: None,
        baseline_has_advance: false,
    };
    if let typst::foundations::Smart::Custom(Some(fill)) = &page.fill {
        walker.paint("page background", fill);
    }
    walker.frame(&page.frame, Transform::identity());
    if !walker.address.is_empty() {
        walker.facts.address_box = Some(walker.address);
    }
    if !walker.intrusion.is_empty() {
        walker.facts.other_text_in_window = Some(walker.intrusion);
    }
    walker.facts.colours.sort();
    walker.facts.colours.dedup();
    walker.facts
}

impl Walker {
    fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    let inner = ts
                        .pre_concat(Transform::translate(pos.x, pos.y))
                        .pre_concat(group.transform);
                    self.frame(&group.frame, inner);
                }
                FrameItem::Text(text) => self.text(*pos, text, ts),
                FrameItem::Shape(shape, _) => {
                    if let Some(fill) = &shape.fill {
                        self.paint("shape fill", fill);
                    }
                    if let Some(stroke) = &shape.stroke {
                        self.paint("shape stroke", &stroke.paint);
                    }
                }
                FrameItem::Image(image, _, _) => self.image(image),
                FrameItem::Link(_, _) => {}
                FrameItem::Tag(tag) => {
                    if let typst::introspection::Tag::Start(content, _) = tag {
                        match content.label().map(|l| l.resolve().to_string()).as_deref() {
                            Some(LETTER_START) => {
                                if let Some(value) = content
                                    .to_packed::<typst::introspection::MetadataElem>()
                                    .map(|m| m.value.clone())
                                    && let typst::foundations::Value::Str(s) = value
                                {
                                    self.facts.letter_start = Some(s.to_string());
                                }
                            }
                            Some(ADDRESS_START) => self.in_address = true,
                            Some(ADDRESS_END) => self.in_address = false,
                            Some(REFERENCE_START) => self.in_reference = true,
                            Some(REFERENCE_END) => self.in_reference = false,
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    fn text(&mut self, pos: Point, text: &TextItem, ts: Transform) {
        self.paint("text", &text.fill);
        if let Some(stroke) = &text.stroke {
            self.paint("text stroke", &stroke.paint);
        }
        let origin = pos.transform(ts);
        if self.in_address {
            let ink = glyph_box(pos, text, ts);
            if !ink.is_empty() {
                self.address.include(ink.x0, ink.y0);
                self.address.include(ink.x1, ink.y1);
            }
            // A line may be in several items (a font that falls back for some characters).
            // Glyphs the font moves up or down (a combining mark, an Arabic letter's cursive
            // attachment) keep their shift in the glyph (the patched typst-layout in
            // `vendor/`), so items of one line share a baseline; shifts well under half an em
            // are taken as the same line all the same (lines are about 1.1 em apart), and a
            // line's baseline is its first item's with an advance.
            let baseline = origin.y.to_mm();
            let advances = text.glyphs.iter().any(|g| g.x_advance.get() != 0.0);
            let same_line = self
                .last_baseline
                .is_some_and(|b| (b - baseline).abs() < 0.5 * text.size.to_mm());
            match self.facts.address_text.last_mut() {
                Some(line) if same_line => {
                    line.push_str(&text.text);
                    if advances && !self.baseline_has_advance {
                        self.last_baseline = Some(baseline);
                        self.baseline_has_advance = true;
                    }
                }
                _ => {
                    self.facts.address_text.push(text.text.to_string());
                    self.last_baseline = Some(baseline);
                    self.baseline_has_advance = advances;
                }
            }
        } else {
            let size = text.size.to_pt();
            let smallest = self.facts.smallest_text_pt.get_or_insert(size);
            *smallest = smallest.min(size);
            if self.in_reference {
                let smallest = self.facts.smallest_reference_pt.get_or_insert(size);
                *smallest = smallest.min(size);
            }
            // Only text whose line is near the window can reach into it: the glyph boxes
            // of the rest are not worth measuring.
            let window = envelope::WINDOW;
            let (baseline, em) = (origin.y.to_mm(), text.size.to_mm());
            if baseline > window.y0 - em && baseline < window.y1 + 2.0 * em {
                let ink = glyph_box(pos, text, ts);
                let (x0, x1) = (ink.x0.max(window.x0), ink.x1.min(window.x1));
                let (y0, y1) = (ink.y0.max(window.y0), ink.y1.min(window.y1));
                if x0 < x1 && y0 < y1 {
                    self.intrusion.include(x0, y0);
                    self.intrusion.include(x1, y1);
                }
            }
            if origin.y.to_mm() > BODY_TOP_MM {
                let smallest = self.facts.smallest_body_text_pt.get_or_insert(size);
                *smallest = smallest.min(size);
            }
        }
    }

    fn paint(&mut self, what: &str, paint: &Paint) {
        match paint {
            Paint::Solid(color) => {
                if !is_neutral(color) {
                    let [r, g, b] = rgb8(color);
                    self.facts
                        .colours
                        .push(format!("{what} #{r:02x}{g:02x}{b:02x}"));
                }
            }
            Paint::Gradient(gradient) => {
                if gradient.stops_ref().iter().any(|(c, _)| !is_neutral(c)) {
                    self.facts.colours.push(format!("{what} gradient"));
                }
            }
            Paint::Tiling(_) => self.facts.colours.push(format!("{what} tiling pattern")),
        }
    }

    fn image(&mut self, image: &typst::visualize::Image) {
        if image.alt().is_some_and(|alt| !alt.trim().is_empty()) {
            self.facts.pictures += 1;
        }
        match image.kind() {
            ImageKind::Raster(raster) => {
                let dynamic = raster.dynamic();
                let grey_format = matches!(
                    dynamic.color(),
                    image::ColorType::L8
                        | image::ColorType::La8
                        | image::ColorType::L16
                        | image::ColorType::La16
                );
                if !grey_format
                    && dynamic
                        .to_rgba8()
                        .pixels()
                        .any(|p| p[0] != p[1] || p[1] != p[2])
                {
                    self.facts.colours.push("raster image in colour".into());
                }
            }
            // The easy-read letter's drawings: every paint in them is read.
            ImageKind::Svg(svg) => self
                .facts
                .colours
                .extend(super::pictures::svg_colours(svg.tree())),
            // PDF images are not used by the letters; treat them as unverifiable.
            ImageKind::Pdf(_) => self.facts.colours.push("PDF image (not verifiable)".into()),
        }
    }
}

/// A glyph's outline bounds (font units): (x min, y min, x max, y max).
type Bounds = Option<[i16; 4]>;

/// A font instance: its font's data, face index and variations' hash.
type FaceKey = (usize, u32, u64);

std::thread_local! {
    /// Each glyph's outline bounds, by its font instance and glyph id, kept while a batch runs
    /// for as long as the thread lives (a batch's typesetting thread): ttf-parser finds them
    /// by reading the whole outline, and a batch measures the same few hundred glyphs on every
    /// page. The fonts are compiled into the binary, so their data never moves.
    static BOUNDS: std::cell::RefCell<std::collections::HashMap<(FaceKey, u16), Bounds>> =
        Default::default();
}

/// Glyphs a thread keeps the bounds of (about 2 MB): more than every glyph of the scripts a
/// batch uses, fewer than every glyph of every font.
const MAX_BOUNDS: usize = 50_000;

fn face_key(font: &typst::text::FontInstance) -> FaceKey {
    use std::hash::{Hash, Hasher};
    let mut variations = std::collections::hash_map::DefaultHasher::new();
    font.variations().hash(&mut variations);
    (
        font.data().as_ptr() as usize,
        font.index(),
        variations.finish(),
    )
}

/// A glyph's outline bounds, read from its font once a thread while a batch runs (and each
/// time outside one, see [`super::shared_body::keeping`]).
fn bounds(font: &typst::text::FontInstance, face: FaceKey, id: u16) -> Bounds {
    let read = || {
        let bb = font.ttf().glyph_bounding_box(ttf_parser::GlyphId(id))?;
        Some([bb.x_min, bb.y_min, bb.x_max, bb.y_max])
    };
    if !super::shared_body::keeping() {
        return read();
    }
    BOUNDS.with_borrow_mut(|known| {
        if known.len() >= MAX_BOUNDS {
            known.clear();
        }
        *known.entry((face, id)).or_insert_with(read)
    })
}

/// The ink box of a text item's glyphs on the page, mm, from each glyph's outline bounds.
fn glyph_box(pos: Point, text: &TextItem, ts: Transform) -> Rect {
    let upem = text.font.units_per_em();
    let face = face_key(&text.font);
    let mut ink = Rect::empty();
    let mut x = Abs::zero();
    for glyph in &text.glyphs {
        let gx = x + glyph.x_offset.at(text.size);
        // Raised or lowered by the font (a mark, a Nastaliq letter's cascade); y is up.
        let gy = pos.y - glyph.y_offset.at(text.size);
        if let Some([x_min, y_min, x_max, y_max]) = bounds(&text.font, face, glyph.id) {
            let scale = |v: i16| Abs::pt(f64::from(v) / upem * text.size.to_pt());
            let corners = [
                Point::new(pos.x + gx + scale(x_min), gy - scale(y_max)),
                Point::new(pos.x + gx + scale(x_max), gy - scale(y_min)),
            ];
            for c in corners {
                let p = c.transform(ts);
                ink.include(p.x.to_mm(), p.y.to_mm());
            }
        }
        x += glyph.x_advance.at(text.size);
    }
    ink
}

/// Black, white or grey: equal red, green and blue (to 8 bits), or a Luma colour.
fn is_neutral(color: &Color) -> bool {
    match color {
        Color::Process(typst::visualize::ProcessColor::Luma(_)) => return true,
        // A spot colour is its own printing plate: never black and white.
        Color::Spot(_) => return false,
        Color::Process(_) => {}
    }
    let [r, g, b] = rgb8(color);
    r == g && g == b
}

/// The colour as 8-bit sRGB.
fn rgb8(color: &Color) -> [u8; 3] {
    let rgb = color.to_rgb();
    let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [q(rgb.red), q(rgb.green), q(rgb.blue)]
}

//! Render stage: lay out each shared letter body once. Letters of one print file with the same
//! cohort, language, format, practice and wording differ only in their own parts: the address,
//! the reference block's NHS number and reference, the greeting and a child's line. The first
//! such letter is laid out whole; the others' own parts are laid out alone (`parts.typ`: `letter-parts`, the same
//! pieces of `letter.typ` without the rest of the page) and put in its place on a copy of the
//! first one's page, which the PDF export then takes as it took a page typst laid out: the
//! same frames, the same tags in the same order, so the same text, checks and tagged
//! structure.
//!
//! A letter whose own parts would move anything else (a greeting that wraps onto another line,
//! a reference that wraps, a letter of more than one page) and every large-print letter (its
//! reference block is in the flow; tried, its tags did not come out whole) are laid out whole,
//! as before; [`paths`] counts both.

use std::cell::RefCell;
use std::collections::HashMap;

use typst_layout::PagedDocument;

use super::RenderError;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use serde_json::Value;
use typst::introspection::{Location, Tag};
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Size};
use typst::model::{Destination, HeadingElem, ParElem};
use typst_layout::Page;

static COMPOSED: AtomicU64 = AtomicU64::new(0);
static WHOLE: AtomicU64 = AtomicU64::new(0);
static MOVED: AtomicU64 = AtomicU64::new(0);

/// How many letters, in this process, were made from a shared body, how many were laid out
/// whole, and how many of those were laid out whole because their own parts would have moved
/// the rest of the letter (counted in the second number too).
pub fn paths() -> (u64, u64, u64) {
    (
        COMPOSED.load(Ordering::Relaxed),
        WHOLE.load(Ordering::Relaxed),
        MOVED.load(Ordering::Relaxed),
    )
}

fn count(composed: usize, whole: usize, moved: usize) {
    COMPOSED.fetch_add(composed as u64, Ordering::Relaxed);
    WHOLE.fetch_add(whole as u64, Ordering::Relaxed);
    MOVED.fetch_add(moved as u64, Ordering::Relaxed);
}

/// The letter data's fields that only the letter's own parts read.
const OWN_FIELDS: &[&str] = &["letter_id", "recipient", "address_size", "address_sizes"];
/// The same, in its `text`.
const OWN_TEXT: &[&str] = &["salutation", "child"];
/// The field whose lines (the reference block's last) are the letter's own when marked `own`.
const META: &str = "meta";

/// Whether a reference block's line is the letter's own (`MetaItem::own`).
fn own_line(item: &Value) -> bool {
    item.get("own").and_then(Value::as_bool) == Some(true)
}

/// What letters with the same body share: their data without their own parts (and whether
/// they have a child's line). `None` for a letter always laid out whole: every format but
/// standard print (large print's tags do not survive the copy; easy read has its own layout
/// and pages; a braille letter's print cover is a handful a batch).
fn body_key(data: &Value) -> Option<Vec<u8>> {
    if data.get("format").and_then(Value::as_str) != Some("standard") {
        return None;
    }
    // What is serialised: the data as it is, less the own parts (without copying it).
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Shared<'a> {
        Value(&'a Value),
        Lines(Vec<&'a Value>),
        Fields(std::collections::BTreeMap<&'a str, Shared<'a>>),
    }
    let object = data.as_object()?;
    let text = object.get("text")?.as_object()?;
    let mut shared = std::collections::BTreeMap::new();
    for (field, value) in object {
        let value = match field.as_str() {
            field if OWN_FIELDS.contains(&field) => continue,
            META => Shared::Lines(value.as_array()?.iter().filter(|i| !own_line(i)).collect()),
            "text" => Shared::Fields(
                text.iter()
                    .filter(|(field, _)| !OWN_TEXT.contains(&field.as_str()))
                    .map(|(field, value)| (field.as_str(), Shared::Value(value)))
                    .collect(),
            ),
            _ => Shared::Value(value),
        };
        shared.insert(field.as_str(), value);
    }
    let mut key = serde_json::to_vec(&shared).ok()?;
    key.push(u8::from(text.contains_key("child")));
    Some(key)
}

/// Whether a letter's data has a child's line.
fn has_child(data: &Value) -> bool {
    data.get("text").is_some_and(|t| t.get("child").is_some())
}

/// The letter's data fields `letter-parts` reads (`letter.typ`): its page's settings, the
/// reference block's, the address's and the greeting's.
const PARTS_FIELDS: &[&str] = &[
    "letter_id",
    "lang",
    "region",
    "dir",
    "fonts",
    "sizes",
    "leading",
    "tight",
    "label_separator",
    "recipient",
    "address_size",
    "address_sizes",
];

/// The letter's data for `parts.typ`: only what `letter-parts` reads, its own parts as they
/// are (of the reference block, only its own lines). typst hashes a closure's arguments at
/// every call, and `letter-parts` hands the letter's data to each of its pieces, so what is
/// left out is neither parsed nor hashed for each letter.
fn parts_data(data: &Value) -> Value {
    let mut parts = serde_json::Map::new();
    for field in PARTS_FIELDS {
        if let Some(value) = data.get(*field) {
            parts.insert((*field).to_string(), value.clone());
        }
    }
    let own: Vec<Value> = data
        .get(META)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|item| own_line(item))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    parts.insert(META.to_string(), Value::Array(own));
    let mut text = serde_json::Map::new();
    for field in OWN_TEXT {
        if let Some(value) = data.get("text").and_then(|t| t.get(*field)) {
            text.insert((*field).to_string(), value.clone());
        }
    }
    parts.insert("text".to_string(), Value::Object(text));
    Value::Object(parts)
}

/// A letter's own parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The letter's id (the tag the checks find each letter by).
    Letter,
    Address,
    /// The reference block's own lines (`own-reference-lines`).
    Reference,
    Salutation,
    Child,
}

/// Where one of a letter's own parts is on its page.
#[derive(Debug, Clone)]
struct Slot {
    part: Part,
    /// The item indices from the page's frame down to the frame that holds the part.
    path: Vec<usize>,
    /// The part's items in that frame.
    range: Range<usize>,
    /// Where the part starts in that frame: the tag that opens it.
    anchor: Point,
    /// From the tag that opens it to the one that closes it, down the frame. typst puts a
    /// paragraph's closing tag where the next block starts, so this is its height and the
    /// space below it.
    extent: Abs,
    /// Where the tag that closes it is.
    end: Point,
    /// The size of the frame that holds it, and whether the frame holds nothing else.
    frame: Size,
    alone: bool,
}

/// Where a page's own parts are.
#[derive(Debug, Clone)]
struct Slots(Vec<Slot>);

/// Finds a letter's own parts on its (only) page: `None` unless each is found once, whole,
/// in one frame.
fn find_slots(page: &Page, child: bool) -> Option<Slots> {
    let mut slots = Vec::new();
    let mut path = Vec::new();
    find_in(&page.frame, &mut path, child, &mut slots)?;
    let expected: &[Part] = if child {
        &[
            Part::Letter,
            Part::Address,
            Part::Reference,
            Part::Salutation,
            Part::Child,
        ]
    } else {
        &[
            Part::Letter,
            Part::Address,
            Part::Reference,
            Part::Salutation,
        ]
    };
    let found = |part: Part| slots.iter().filter(|s| s.part == part).count();
    if slots.len() != expected.len() || expected.iter().any(|&part| found(part) != 1) {
        return None;
    }
    Some(Slots(slots))
}

fn label_of(content: &typst::foundations::Content) -> Option<String> {
    content.label().map(|l| l.resolve().to_string())
}

/// Finds the parts in one frame and those below it; `None` when one is opened and not closed
/// in the same frame. The greeting and a child's line are the paragraphs after the heading
/// (on a parts page, after its `greeting` mark).
fn find_in(frame: &Frame, path: &mut Vec<usize>, child: bool, slots: &mut Vec<Slot>) -> Option<()> {
    let items: Vec<&(Point, FrameItem)> = frame.items().collect();
    // (part, index of the opening tag, its position)
    let mut open: Option<(Part, usize, Point, Location)> = None;
    let mut heading: Option<Location> = None;
    let mut after_heading = false;
    let mut pars_wanted = 0;
    for (i, (pos, item)) in items.iter().enumerate() {
        match item {
            FrameItem::Group(group) => {
                path.push(i);
                find_in(&group.frame, path, child, slots)?;
                path.pop();
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                let label = label_of(content);
                let marker = match label.as_deref() {
                    Some("letter-start") => Some((Part::Letter, true)),
                    Some("address-start") => Some((Part::Address, false)),
                    Some("own-reference-start") => Some((Part::Reference, false)),
                    _ => None,
                };
                if let Some((part, whole)) = marker {
                    if open.is_some() {
                        return None;
                    }
                    // A marker's own tags are kept (`whole` is false) or replaced with it.
                    let start = if whole { i } else { i + 2 };
                    open = Some((part, start, *pos, content.location()?));
                    continue;
                }
                let closing = match label.as_deref() {
                    Some("address-end") => Some(Part::Address),
                    Some("own-reference-end") => Some(Part::Reference),
                    _ => None,
                };
                if let Some(part) = closing {
                    let (opened, start, anchor, _) = open.take()?;
                    if opened != part || start > i {
                        return None;
                    }
                    // Everything in the frame but the two markers' four tags?
                    let alone = start == 2 && i + 2 == items.len();
                    slots.push(Slot {
                        part,
                        path: path.clone(),
                        range: start..i,
                        anchor,
                        extent: pos.y - anchor.y,
                        end: *pos,
                        frame: frame.size(),
                        alone,
                    });
                    continue;
                }
                if content.is::<HeadingElem>() || label.as_deref() == Some("greeting") {
                    heading = content.location();
                } else if content.is::<ParElem>() && after_heading && pars_wanted > 0 {
                    if open.is_some() {
                        return None;
                    }
                    let part = if pars_wanted == 2 || !child {
                        Part::Salutation
                    } else {
                        Part::Child
                    };
                    pars_wanted -= 1;
                    open = Some((part, i, *pos, content.location()?));
                }
            }
            FrameItem::Tag(Tag::End(location, _, _)) => {
                if heading == Some(*location) {
                    after_heading = true;
                    pars_wanted = if child { 2 } else { 1 };
                    continue;
                }
                if let Some((part, start, anchor, opened)) = open
                    && opened == *location
                    && matches!(part, Part::Letter | Part::Salutation | Part::Child)
                {
                    open = None;
                    slots.push(Slot {
                        part,
                        path: path.clone(),
                        range: start..i + 1,
                        anchor,
                        extent: pos.y - anchor.y,
                        end: *pos,
                        frame: frame.size(),
                        alone: false,
                    });
                }
            }
            _ => {}
        }
    }
    if open.is_some() {
        return None;
    }
    Some(())
}

impl Slots {
    /// The heights of the parts that are in the flow or beside the letterhead: letters of
    /// one body whose parts have the same heights have the same layout but for those parts.
    fn heights(&self) -> Vec<i64> {
        self.0
            .iter()
            .filter(|s| matches!(s.part, Part::Reference | Part::Salutation | Part::Child))
            .map(|s| (s.extent.to_pt() * 1e4).round() as i64)
            .collect()
    }

    fn get(&self, part: Part) -> Option<&Slot> {
        self.0.iter().find(|s| s.part == part)
    }

    /// Whether another letter's parts, found on its parts page, take exactly the room these
    /// take on this letter's page: then nothing else on the page moves.
    fn fit(&self, parts: &Slots) -> bool {
        self.0.len() == parts.0.len()
            && self.0.iter().all(|mine| {
                parts.get(mine.part).is_some_and(|theirs| match mine.part {
                    // Placed where the window is, whatever its height; its own frame (if it
                    // has one) takes its size.
                    Part::Address => mine.alone == theirs.alone,
                    Part::Letter => true,
                    Part::Reference => {
                        same(mine.extent, theirs.extent) && same(mine.anchor.x, theirs.anchor.x)
                    }
                    Part::Salutation | Part::Child => same(mine.extent, theirs.extent),
                })
            })
    }
}

/// Equal but for rounding (positions are sums in a different order on each page): heights
/// that differ at all differ by far more.
fn same(a: Abs, b: Abs) -> bool {
    (a - b).abs() < Abs::pt(1e-6)
}

/// The frame at `path` below `frame`.
fn frame_at<'a>(frame: &'a Frame, path: &[usize]) -> Option<&'a Frame> {
    let mut frame = frame;
    for &i in path {
        match frame.items().nth(i) {
            Some((_, FrameItem::Group(group))) => frame = &group.frame,
            _ => return None,
        }
    }
    Some(frame)
}

/// One part moved from a parts page onto a body page.
struct Splice<'a> {
    path: &'a [usize],
    range: Range<usize>,
    items: &'a [(Point, FrameItem)],
    shift: Point,
    /// Where the tags that open and close a paragraph go (this page's own places).
    tags_at: Option<(Point, Point)>,
    size: Option<Size>,
}

/// A copy of `body` (a letter's page, with its slots) with the own parts found on `parts`
/// instead of its own, every location made this page's own with `salt`.
fn compose(body: &Page, slots: &Slots, parts: &Page, their: &Slots, salt: u128) -> Option<Page> {
    let mut splices = Vec::new();
    for mine in &slots.0 {
        let theirs = their.get(mine.part)?;
        let frame = frame_at(&parts.frame, &theirs.path)?;
        // Only the part's own items (its frame may hold the rest of the parts page too).
        let own = frame.items().as_slice().get(theirs.range.clone())?;
        splices.push(Splice {
            path: &mine.path,
            range: mine.range.clone(),
            items: own,
            shift: match mine.part {
                // Lines down the flow: only down (each line is where its own layout put it
                // across the same width).
                Part::Salutation | Part::Child => Point::with_y(mine.anchor.y - theirs.anchor.y),
                _ => mine.anchor - theirs.anchor,
            },
            tags_at: matches!(mine.part, Part::Salutation | Part::Child)
                .then_some((mine.anchor, mine.end)),
            size: (mine.part == Part::Address && mine.alone).then_some(theirs.frame),
        });
    }
    let mut path = Vec::new();
    let frame = rebuild(
        &body.frame,
        &mut path,
        &splices,
        salt,
        salt.rotate_left(64) ^ 1,
    );
    Some(Page {
        frame,
        ..body.clone()
    })
}

/// A copy of `page` with every location made this page's own with `salt`.
fn relocate(page: &Page, salt: u128) -> Page {
    let mut path = Vec::new();
    Page {
        frame: rebuild(&page.frame, &mut path, &[], salt, salt),
        ..page.clone()
    }
}

fn rebuild(
    frame: &Frame,
    path: &mut Vec<usize>,
    splices: &[Splice],
    salt: u128,
    parts_salt: u128,
) -> Frame {
    let here: Vec<&Splice> = splices
        .iter()
        .filter(|s| s.path == path.as_slice())
        .collect();
    let mut out = Frame::new(
        here.iter().find_map(|s| s.size).unwrap_or(frame.size()),
        frame.kind(),
    );
    if frame.has_baseline() {
        out.set_baseline(frame.baseline());
    }
    let items: Vec<&(Point, FrameItem)> = frame.items().collect();
    let mut new = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if let Some(splice) = here
            .iter()
            .find(|s| s.range.start == i && !s.range.is_empty())
        {
            put(splice, &mut new, parts_salt);
            i = splice.range.end;
            continue;
        }
        if let Some(splice) = here.iter().find(|s| s.range.start == i) {
            // An empty part of this page: the other letter's goes where it was.
            put(splice, &mut new, parts_salt);
        }
        let (pos, item) = items[i];
        path.push(i);
        new.push((*pos, relocated(item, path, splices, salt, parts_salt)));
        path.pop();
        i += 1;
    }
    // An empty part at the very end of the frame.
    if let Some(splice) = here
        .iter()
        .find(|s| s.range.start == items.len() && s.range.is_empty())
    {
        put(splice, &mut new, parts_salt);
    }
    out.push_multiple(new);
    out
}

/// Puts a part's items where they go on this page.
fn put(splice: &Splice, new: &mut Vec<(Point, FrameItem)>, parts_salt: u128) {
    let last = splice.items.len().saturating_sub(1);
    for (j, (pos, item)) in splice.items.iter().enumerate() {
        let at = match splice.tags_at {
            Some((start, _)) if j == 0 => start,
            Some((_, end)) if j == last => end,
            _ => *pos + splice.shift,
        };
        let mut inner = Vec::new();
        new.push((at, relocated(item, &mut inner, &[], parts_salt, parts_salt)));
    }
}

fn relocated(
    item: &FrameItem,
    path: &mut Vec<usize>,
    splices: &[Splice],
    salt: u128,
    parts_salt: u128,
) -> FrameItem {
    let move_ = |location: Location| Location::new(location.hash() ^ salt);
    match item {
        // Nothing in it to move or replace (a paragraph's lines, say): shared, not copied.
        FrameItem::Group(group)
            if group.parent.is_none()
                && !splices.iter().any(|s| s.path.starts_with(path))
                && !has_locations(&group.frame) =>
        {
            FrameItem::Group(group.clone())
        }
        FrameItem::Group(group) => FrameItem::Group(GroupItem {
            frame: rebuild(&group.frame, path, splices, salt, parts_salt),
            transform: group.transform,
            clip: group.clip.clone(),
            label: group.label,
            parent: group.parent.map(|mut parent| {
                parent.location = move_(parent.location);
                parent
            }),
        }),
        FrameItem::Tag(Tag::Start(content, flags)) => {
            let mut content = content.clone();
            if let Some(location) = content.location() {
                content.set_location(move_(location));
            }
            FrameItem::Tag(Tag::Start(content, *flags))
        }
        FrameItem::Tag(Tag::End(location, key, flags)) => {
            FrameItem::Tag(Tag::End(move_(*location), *key, *flags))
        }
        FrameItem::Link(Destination::Location(location), size) => {
            FrameItem::Link(Destination::Location(move_(*location)), *size)
        }
        other => other.clone(),
    }
}

/// Whether anything in `frame`, at any depth, has a location [`relocated`] would move: a tag,
/// a link to a location, a group with a logical parent.
fn has_locations(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => group.parent.is_some() || has_locations(&group.frame),
        FrameItem::Tag(_) | FrameItem::Link(Destination::Location(_), _) => true,
        _ => false,
    })
}

/// The salt that makes a page's locations its own: `source` tells a body's from its parts'.
fn salt(page: usize, source: u8) -> u128 {
    typst::utils::hash128(&(page, source, "dispersal shared body"))
}

/// Each letter's pages in a document of letters: a letter starts on the page with its
/// `letter-start` tag. Empty when the first page starts none.
pub(super) fn letters_pages(pages: &[Page]) -> Vec<Range<usize>> {
    let mut letters: Vec<Range<usize>> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if starts_letter(&page.frame) {
            letters.push(i..i + 1);
        } else if let Some(last) = letters.last_mut() {
            last.end = i + 1;
        } else {
            return Vec::new();
        }
    }
    letters
}

fn starts_letter(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => starts_letter(&group.frame),
        FrameItem::Tag(Tag::Start(content, _)) => {
            label_of(content).as_deref() == Some("letter-start")
        }
        _ => false,
    })
}

/// Bodies kept per thread while a batch runs ([`Keep`]), from one print file to the next: a
/// few dozen letters' pages (about 0.35 MB each), emptied when full.
const KEPT_BODIES: usize = 32;

/// How many [`Keep`] scopes are alive.
static SCOPES: AtomicUsize = AtomicUsize::new(0);

/// A body laid out: its key, its own parts' heights and what else it was laid out with.
type BodyId = (Vec<u8>, Vec<i64>, u128);

thread_local! {
    static KEPT: RefCell<HashMap<BodyId, (Page, Slots)>> = RefCell::new(HashMap::new());
}

/// While one lives, each thread keeps the bodies it laid out for its next print files.
#[must_use = "bodies are kept only while this lives"]
pub struct Keep(());

impl Keep {
    pub fn start() -> Keep {
        SCOPES.fetch_add(1, Ordering::Relaxed);
        Keep(())
    }
}

impl Drop for Keep {
    fn drop(&mut self) {
        SCOPES.fetch_sub(1, Ordering::Relaxed);
        KEPT.with_borrow_mut(HashMap::clear);
    }
}

/// Whether a [`Keep`] scope is alive: what a thread keeps for its next print file (bodies
/// here, glyph bounds and the QR code elsewhere in the render stage) is kept only while one is,
/// so a letter made outside one (`bench`'s naive baseline) is made alone.
pub(super) fn keeping() -> bool {
    SCOPES.load(Ordering::Relaxed) > 0
}

fn kept(id: &BodyId) -> Option<(Page, Slots)> {
    if !keeping() {
        return None;
    }
    KEPT.with_borrow(|kept| kept.get(id).cloned())
}

fn keep(id: BodyId, body: (Page, Slots)) {
    if !keeping() {
        return;
    }
    KEPT.with_borrow_mut(|kept| {
        if kept.len() >= KEPT_BODIES {
            kept.clear();
        }
        kept.insert(id, body);
    });
}

/// The letters at `indices` laid out whole as one document, with each one's pages (none when
/// there are none).
fn laid_out_whole(
    data: &[Value],
    indices: &[usize],
    compile: &impl Fn(&[&Value], bool) -> Result<PagedDocument, RenderError>,
) -> Result<(Option<PagedDocument>, Vec<Range<usize>>), RenderError> {
    if indices.is_empty() {
        return Ok((None, Vec::new()));
    }
    let letters: Vec<&Value> = indices.iter().map(|&i| &data[i]).collect();
    let document = compile(&letters, false)?;
    let pages = letters_pages(document.pages());
    Ok((Some(document), pages))
}

/// Typesets letters (their data, in print order) as one document, each shared body laid out
/// once: `compile` lays out a document of letters, whole or (`true`) only their own parts;
/// `context` is what else the layout depends on (the QR code, the file's language).
pub(super) fn typeset(
    data: &[Value],
    context: u128,
    compile: impl Fn(&[&Value], bool) -> Result<PagedDocument, RenderError>,
) -> Result<PagedDocument, RenderError> {
    let n = data.len();
    let keys: Vec<Option<Vec<u8>>> = data.iter().map(body_key).collect();
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    for key in keys.iter().flatten() {
        *seen.entry(key).or_default() += 1;
    }
    // Letters that share their body with another of the file, or may with one kept.
    let kept_any = SCOPES.load(Ordering::Relaxed) > 0;
    let shared: Vec<usize> = (0..n)
        .filter(|&i| keys[i].as_deref().is_some_and(|k| kept_any || seen[k] > 1))
        .collect();
    let whole = |data: &[Value]| {
        count(0, n, 0);
        compile(&data.iter().collect::<Vec<_>>(), false)
    };
    if shared.is_empty() {
        return whole(data);
    }

    // 1. Their own parts, laid out alone; letters of one body whose parts have the same
    // heights are one group, laid out as its first letter is.
    let parts: Vec<Value> = shared.iter().map(|&i| parts_data(&data[i])).collect();
    let parts_document = compile(&parts.iter().collect::<Vec<_>>(), true)?;
    drop(parts);
    if parts_document.pages().len() != shared.len() {
        return whole(data);
    }
    let mut parts: Vec<Option<Slots>> = (0..n).map(|_| None).collect();
    let mut parts_page = vec![usize::MAX; n];
    for (k, &i) in shared.iter().enumerate() {
        parts[i] = find_slots(&parts_document.pages()[k], has_child(&data[i]));
        parts_page[i] = k;
    }
    let mut groups: HashMap<(&[u8], Vec<i64>), usize> = HashMap::new();
    let mut bodies_of_key: HashMap<&[u8], usize> = HashMap::new();
    let mut template_of: Vec<Option<usize>> = vec![None; n];
    // Each group's body: its first letter's page (kept from an earlier file, or laid out).
    let mut body: HashMap<usize, (Page, Slots)> = HashMap::new();
    let mut ids: HashMap<usize, BodyId> = HashMap::new();
    let mut moved = 0;
    for &i in &shared {
        let (Some(key), Some(slots)) = (keys[i].as_deref(), &parts[i]) else {
            continue;
        };
        let heights = slots.heights();
        match groups.entry((key, heights.clone())) {
            std::collections::hash_map::Entry::Occupied(first) => {
                template_of[i] = Some(*first.get());
            }
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(i);
                let id = (key.to_vec(), heights, context);
                if let Some(kept) = kept(&id) {
                    body.insert(i, kept);
                    template_of[i] = Some(i);
                    continue;
                }
                ids.insert(i, id);
                let bodies = bodies_of_key.entry(key).or_default();
                if *bodies > 0 {
                    // The first letter of another group of the same body: its own parts
                    // would have moved the rest of the body's first letter.
                    moved += 1;
                }
                *bodies += 1;
            }
        }
    }

    // 2. Each new group's first letter, and every other letter, laid out whole.
    let firsts: Vec<usize> = (0..n).filter(|&i| template_of[i].is_none()).collect();
    let (whole_document, whole_pages) = laid_out_whole(data, &firsts, &compile)?;
    if whole_pages.len() != firsts.len() {
        return whole(data);
    }
    for (&i, pages) in firsts.iter().zip(&whole_pages) {
        let (Some(own), Some(document)) = (&parts[i], &whole_document) else {
            continue;
        };
        let page = &document.pages()[pages.start];
        if pages.len() == 1
            && let Some(slots) = find_slots(page, has_child(&data[i]))
            && slots.fit(own)
        {
            if let Some(id) = ids.remove(&i) {
                keep(id, (page.clone(), slots.clone()));
            }
            body.insert(i, (page.clone(), slots));
        }
    }

    // 3. Letters whose group's first letter did not come out as its parts did (more than a
    // page, say): laid out whole after all.
    let unshared: Vec<usize> = (0..n)
        .filter(|&i| template_of[i].is_some_and(|t| !body.contains_key(&t)))
        .collect();
    let (unshared_document, unshared_pages) = laid_out_whole(data, &unshared, &compile)?;
    if unshared_pages.len() != unshared.len() {
        return whole(data);
    }

    // 4. The document, letter by letter in print order, every location its page's own.
    let mut pages: Vec<Page> = Vec::with_capacity(n);
    let mut composed = 0;
    for i in 0..n {
        let template = template_of[i].and_then(|t| body.get(&t));
        if let (Some((page, slots)), Some(own)) = (template, &parts[i]) {
            let page = compose(
                page,
                slots,
                &parts_document.pages()[parts_page[i]],
                own,
                salt(pages.len(), 0),
            )
            .ok_or_else(|| RenderError::Layout {
                message: "a letter's own parts could not be put on its body".into(),
            })?;
            pages.push(page);
            composed += 1;
        } else if let (Ok(k), Some(document)) = (firsts.binary_search(&i), &whole_document) {
            for p in whole_pages[k].clone() {
                pages.push(relocate(&document.pages()[p], salt(pages.len(), 0)));
            }
        } else if let (Ok(k), Some(document)) = (unshared.binary_search(&i), &unshared_document) {
            for p in unshared_pages[k].clone() {
                pages.push(relocate(&document.pages()[p], salt(pages.len(), 0)));
            }
        }
    }
    for (number, page) in pages.iter_mut().enumerate() {
        page.number = number as u64 + 1;
    }
    count(composed, n - composed, moved);
    let info = whole_document
        .as_ref()
        .map(|d| typst::model::Document::info(d).clone())
        .unwrap_or_else(|| typst::model::Document::info(&parts_document).clone());
    Ok(PagedDocument::new(pages.into_iter().collect(), info))
}

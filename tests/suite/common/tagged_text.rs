//! The text of a letter PDF as a screen reader or a copy gets it: each glyph run's text from
//! the font's ToUnicode map, or from the `/ActualText` of the marked content around it, which
//! typst writes for every cluster of several glyphs (Urdu's Nastaliq joins and stacks letters
//! into such clusters, placing each glyph on its own, so poppler's pdftotext, which reads
//! glyphs by position, returns fragments in visual order).
//!
//! typst writes a line's text items in reading order, and each item's glyphs left to right on
//! the page: so a right-to-left item's glyphs come last letter first. The items are found
//! again (one font, glyphs going rightwards on one line) and a right-to-left item's pieces
//! reversed.

use std::collections::BTreeMap;

use lopdf::{Document, Object};

/// One run of text: where it starts on the page (PDF points, y up) and its text.
#[derive(Debug, Clone)]
struct Run {
    x: f64,
    y: f64,
    size: f64,
    font: Vec<u8>,
    /// Text pieces in content order (one per glyph or cluster).
    pieces: Vec<String>,
}

/// Whether a character is of a right-to-left script.
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// A font's ToUnicode map, two-byte codes to text.
fn to_unicode(doc: &Document, font: &lopdf::Dictionary) -> BTreeMap<u16, String> {
    let mut map = BTreeMap::new();
    let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
        return map;
    };
    let Ok(Object::Stream(stream)) = doc.get_object(*id) else {
        return map;
    };
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    let utf16 = |s: &str| -> String {
        let units: Vec<u16> = (0..s.len() / 4)
            .filter_map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let tokens: Vec<&str> = text
        .split(|c: char| c == '<' || c == '>' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut i = 0;
    let mut mode = "";
    while i < tokens.len() {
        match tokens[i] {
            "beginbfchar" | "beginbfrange" => mode = tokens[i],
            "endbfchar" | "endbfrange" => mode = "",
            t if mode == "beginbfchar" && i + 1 < tokens.len() => {
                if let Some(code) = hex(t) {
                    map.insert(code as u16, utf16(tokens[i + 1]));
                }
                i += 1;
            }
            t if mode == "beginbfrange" && i + 2 < tokens.len() => {
                if let (Some(first), Some(last)) = (hex(t), hex(tokens[i + 1])) {
                    let start = tokens[i + 2];
                    let base: Vec<u16> = (0..start.len() / 4)
                        .filter_map(|k| u16::from_str_radix(&start[k * 4..k * 4 + 4], 16).ok())
                        .collect();
                    for code in first..=last {
                        let mut units = base.clone();
                        if let Some(last_unit) = units.last_mut() {
                            *last_unit += (code - first) as u16;
                        }
                        map.insert(code as u16, String::from_utf16_lossy(&units));
                    }
                }
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    map
}

fn number(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => 0.0,
    }
}

/// The text runs of one page, in content order.
fn page_runs(doc: &Document, page: lopdf::ObjectId) -> Vec<Run> {
    let fonts: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = doc
        .get_page_fonts(page)
        .expect("the page's fonts")
        .into_iter()
        .map(|(name, font)| (name, to_unicode(doc, font)))
        .collect();
    let content = doc
        .get_and_decode_page_content(page)
        .expect("the page's content");
    let mut runs = Vec::new();
    // The current transformation's translation (typst places each run with `cm`).
    let mut stack: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    let mut font: Option<&BTreeMap<u16, String>> = None;
    let mut font_name: Vec<u8> = Vec::new();
    let mut size = 0.0;
    // Marked content: whether each open span carries ActualText.
    let mut marked: Vec<bool> = Vec::new();
    let mut current: Option<Run> = None;
    let flush = |current: &mut Option<Run>, runs: &mut Vec<Run>| {
        if let Some(run) = current.take()
            && !run.pieces.is_empty()
        {
            runs.push(run);
        }
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(*stack.last().unwrap()),
            "Q" => {
                stack.pop();
            }
            "cm" if op.operands.len() == 6 => {
                let (x, y) = stack.last_mut().unwrap();
                *x += number(&op.operands[4]);
                *y += number(&op.operands[5]);
            }
            "Tf" => {
                if let Some(Object::Name(name)) = op.operands.first() {
                    font = fonts.get(name);
                    font_name = name.clone();
                }
                size = op.operands.get(1).map_or(0.0, number);
                if let Some(run) = current.as_mut() {
                    run.font = font_name.clone();
                    run.size = size;
                }
            }
            "BT" => {
                flush(&mut current, &mut runs);
                let (x, y) = *stack.last().unwrap();
                current = Some(Run {
                    x,
                    y,
                    size,
                    font: font_name.clone(),
                    pieces: Vec::new(),
                });
            }
            "BDC" => {
                let actual = op.operands.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => d.get(b"ActualText").ok().cloned(),
                    _ => None,
                });
                let has = actual.is_some();
                if let Some(Object::String(bytes, _)) = actual {
                    let text = if bytes.starts_with(&[0xFE, 0xFF]) {
                        let units: Vec<u16> = bytes[2..]
                            .chunks(2)
                            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                            .collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        String::from_utf8_lossy(&bytes).into_owned()
                    };
                    if let Some(run) = current.as_mut() {
                        run.pieces.push(text);
                    }
                }
                marked.push(has);
            }
            "BMC" => marked.push(false),
            "EMC" => {
                marked.pop();
            }
            "Tj" | "TJ" => {
                if marked.contains(&true) {
                    continue;
                }
                let (Some(map), Some(run)) = (font, current.as_mut()) else {
                    continue;
                };
                let strings: Vec<&Vec<u8>> = match op.operands.first() {
                    Some(Object::String(s, _)) => vec![s],
                    Some(Object::Array(items)) => items
                        .iter()
                        .filter_map(|o| match o {
                            Object::String(s, _) => Some(s),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                for s in strings {
                    for code in s.chunks(2) {
                        let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                        if let Some(text) = map.get(&code) {
                            run.pieces.push(text.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut runs);
    runs
}

/// The PDF's text in reading order, a line break where the text moves to a new line,
/// whitespace collapsed.
pub fn tagged_text(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("a PDF");
    let mut out = String::new();
    for (_, page) in doc.get_pages() {
        let runs = page_runs(&doc, page);
        // Items: consecutive runs in one font going rightwards on one line.
        let mut items: Vec<Vec<Run>> = Vec::new();
        for run in runs {
            // The glyphs of one cluster (a letter and its dots, placed one by one at the same
            // x) each map to the cluster's text, as PDF/UA has every glyph map to some text:
            // the text counts once.
            if let Some(last) = items.last().and_then(|item| item.last())
                && last.font == run.font
                && (last.x - run.x).abs() < 0.01
                && last.pieces == run.pieces
            {
                continue;
            }
            match items.last_mut() {
                Some(item)
                    if {
                        let last = item.last().unwrap();
                        last.font == run.font
                            && run.x >= last.x - 0.05 * run.size
                            && (run.y - item[0].y).abs() < 1.2 * run.size
                    } =>
                {
                    item.push(run)
                }
                _ => items.push(vec![run]),
            }
        }
        let mut previous_y: Option<f64> = None;
        for item in items {
            let mut pieces: Vec<String> = item.iter().flat_map(|r| r.pieces.clone()).collect();
            if pieces.concat().chars().any(is_rtl) {
                pieces.reverse();
            }
            let y = item[0].y;
            if previous_y.is_some_and(|p| (p - y).abs() > 1.2 * item[0].size) {
                out.push('\n');
            }
            previous_y = Some(y);
            out.push_str(&pieces.concat());
        }
        out.push('\n');
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

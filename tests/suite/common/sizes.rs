//! Reading a letter's text sizes back from its PDF, as PDF text tools see them: the smallest
//! size outside the envelope window from the PDF's content streams (`dispersal check`'s
//! reader), and the size of each detail the letter asks the patient to use (phone, email,
//! NHS number, reference) from poppler's `pdftotext -bbox` word boxes.
//!
//! poppler makes a word's box as tall as its font's ascent less its descent, times the size.
//! The details and the window's postcode are both set in Noto Sans regular, so a detail's
//! size is the postcode's (which the envelope rules give) times the ratio of their heights.
//! That holds in the typst PDF and in LibreOffice's PDF of the Word letter alike.

#![allow(dead_code)]

use std::path::Path;

use dispersal::compose::{Letter, letter_sizes};
use dispersal::envelope;

/// A word from `pdftotext -bbox`, its box in mm from the page's top-left.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Word {
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// XML's escapes undone (poppler's and Word's text).
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The words of a PDF with their boxes (`pdftotext -bbox` gives them in points).
pub fn pdf_words(pdf: &Path) -> Vec<Word> {
    let html = super::pdf::pdftotext(pdf, &["-bbox"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = at + tag[at..].find('"').unwrap();
        tag[at..end].parse::<f64>().unwrap() * 25.4 / 72.0
    };
    let mut words = Vec::new();
    let mut page = 0;
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            page += 1;
        } else if let Some(word) = piece.strip_prefix("word ") {
            let (tag, text) = word.split_once('>').unwrap();
            // LibreOffice writes the bidi controls around a left-to-right value (LRI, LRM
            // ... LRM, PDI) into the PDF's text, though it draws nothing for them.
            let text: String = unescape(text)
                .chars()
                .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'))
                .collect();
            if text.is_empty() {
                continue;
            }
            words.push(Word {
                page,
                text,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            });
        }
    }
    words
}

/// Runs of consecutive words whose text, joined, is `line` without its spaces (so a line
/// that wraps, or whose words are split differently, is still found).
pub fn find_line<'a>(words: &'a [Word], line: &str) -> Vec<&'a [Word]> {
    let target: String = line.split_whitespace().collect();
    let mut found = Vec::new();
    for start in 0..words.len() {
        let mut joined = String::new();
        for end in start..words.len() {
            joined.push_str(&words[end].text);
            if joined == target {
                found.push(&words[start..=end]);
            }
            if !target.starts_with(&joined) {
                break;
            }
        }
    }
    found
}

/// The words that spell `value` wherever it is printed, as [`find_line`] finds them, but
/// where the first word may begin with the text before the value (poppler joins "号码：999"
/// into one word when no space parts them). Only words wholly of the value count: a word
/// that mixes fonts is as tall as its first font's.
/// Each place it is printed gives its words (none when the value shares its only word).
pub fn value_words<'a>(words: &'a [Word], value: &str) -> Vec<Vec<&'a Word>> {
    let target: String = value.split_whitespace().collect();
    let mut found = Vec::new();
    for start in 0..words.len() {
        let first = &words[start].text;
        for (at, _) in first.char_indices() {
            let head = &first[at..];
            if !target.starts_with(head) {
                continue;
            }
            let mut joined = head.to_string();
            let mut end = start;
            while joined.len() < target.len() && end + 1 < words.len() {
                end += 1;
                joined.push_str(&words[end].text);
                if !target.starts_with(&joined) {
                    break;
                }
            }
            if joined == target {
                let whole = if at == 0 { start } else { start + 1 };
                found.push(words[whole..=end].iter().collect());
            }
            break;
        }
    }
    found
}

/// What the sizes read back from a letter's PDF are.
#[derive(Debug, Clone, PartialEq)]
pub struct SizesRead {
    /// The smallest text outside the envelope window, from the content streams.
    pub smallest_pt: f64,
    /// The smallest size of each detail the letter asks the patient to use, wherever it
    /// is printed (phone, email, NHS number, reference), from poppler's word boxes.
    pub details_pt: Vec<(String, f64)>,
}

/// Reads `pdf` (one letter: `letter`'s) back.
pub fn read_sizes(pdf: &Path, letter: &Letter) -> Result<SizesRead, String> {
    let bytes = std::fs::read(pdf).map_err(|e| e.to_string())?;
    let report = dispersal::check::check_pdf(&bytes).map_err(|e| format!("{e:?}"))?;
    let smallest_pt = report
        .smallest_text_pt
        .ok_or("no text outside the window")?;
    let words = pdf_words(pdf);
    // The postcode: the window's last line; its first word as the yardstick.
    let address = letter.address_block();
    let postcode = address.last().ok_or("no address")?;
    let first = postcode.split_whitespace().next().ok_or("empty postcode")?;
    let yardstick = words
        .iter()
        .find(|w| {
            w.page == 1
                && w.text == first
                && w.y0 > envelope::WINDOW.y0
                && w.y1 < envelope::WINDOW.y1
        })
        .ok_or_else(|| format!("the postcode {first:?} is not in the PDF's words"))?;
    let postcode_pt = *envelope::fit_up_to(address, letter.content.sizes.body)
        .lines
        .last()
        .unwrap();
    let d = &letter.content;
    let mut details_pt = Vec::new();
    for item in d.contact.iter().chain(&d.meta).filter(|m| m.ltr) {
        let places = value_words(&words, &item.value);
        if places.is_empty() {
            return Err(format!(
                "{} {:?} is not in the PDF's words",
                item.label, item.value
            ));
        }
        // A value printed only inside a word with its label ("参考编号：G85999-2A-00002")
        // cannot be measured apart from it.
        if let Some(size) = places
            .iter()
            .flatten()
            .map(|w| w.height() / yardstick.height() * postcode_pt)
            .reduce(f64::min)
        {
            details_pt.push((item.label.clone(), size));
        }
    }
    Ok(SizesRead {
        smallest_pt,
        details_pt,
    })
}

/// What is wrong with the sizes of `letter`'s PDF against its format's rules
/// ([`letter_sizes`]): text outside the window under the smallest, a detail under the
/// reference block's size.
pub fn size_problems(name: &str, pdf: &Path, letter: &Letter) -> Vec<String> {
    let sizes = letter_sizes(letter.content.format);
    let read = match read_sizes(pdf, letter) {
        Ok(read) => read,
        Err(e) => return vec![format!("{name}: sizes not read back: {e}")],
    };
    let mut problems = Vec::new();
    if read.details_pt.len() < 2 {
        problems.push(format!(
            "{name}: only {:?} of the details could be measured apart from their labels",
            read.details_pt
        ));
    }
    if read.smallest_pt < sizes.smallest() - 0.05 {
        problems.push(format!(
            "{name}: text at {:.2} pt outside the window, under {} pt",
            read.smallest_pt,
            sizes.smallest()
        ));
    }
    for (label, pt) in &read.details_pt {
        // poppler's boxes are in hundredths of a point: a few tenths of a point of slack.
        if *pt < sizes.reference - 0.3 {
            problems.push(format!(
                "{name}: {label} at {pt:.2} pt, under the reference block's {} pt",
                sizes.reference
            ));
        }
    }
    problems
}

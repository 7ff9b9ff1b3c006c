//! Render stage: a letter in braille, as a BRF file ready for an embosser.
//!
//! The letter's words, in reading order ([`blocks`]), are translated with liblouis's Unified
//! English Braille tables ([`tables`]) and laid out on braille pages of [`CELLS_PER_LINE`]
//! cells by [`LINES_PER_PAGE`] lines: the page number at the top right of every page,
//! headings centred, a blank line between paragraphs, words never split unless one is longer
//! than a line. The file holds North American braille ASCII in upper case, lines end in CR LF
//! and every page ends in a form feed: the BRF convention embossers read.

pub mod tables;

use crate::compose::{CohortText, Letter, LetterContent, Text};
use crate::model::LetterFormat;

pub use tables::{Grade, TableError, table};

/// Cells on a braille line (a standard embosser's 11 by 11½ inch page).
pub const CELLS_PER_LINE: usize = 40;
/// Lines on a braille page.
pub const LINES_PER_PAGE: usize = 25;
/// Ends each BRF page.
pub const FORM_FEED: char = '\u{0C}';
/// The blank cell: liblouis writes a space as this.
const BLANK: char = '\u{2800}';

/// The grade of braille a letter format is transcribed in (`None`: not a braille format).
pub fn grade(format: LetterFormat) -> Option<Grade> {
    match format {
        LetterFormat::Braille => Some(Grade::Two),
        LetterFormat::BrailleGrade1 => Some(Grade::One),
        LetterFormat::Standard | LetterFormat::LargePrint | LetterFormat::EasyRead => None,
    }
}

/// A letter transcribed into braille.
#[derive(Debug, Clone, PartialEq)]
pub struct Brf {
    /// The file: upper-case braille ASCII, CR LF line ends, a form feed after every page.
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Why a letter could not be transcribed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BrailleError {
    #[error("{0} is not a braille format")]
    NotBraille(&'static str),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("the braille tables have no cell for {0}")]
    NoCell(String),
    #[error("there are no braille tables for language {0:?}")]
    NoTable(String),
}

/// One block of the letter in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Centred, with the next block kept on its page.
    Heading(String),
    /// Running text.
    Paragraph(String),
    /// Lines kept as lines (an address, the reference block), each wrapped on its own.
    Lines(Vec<String>),
}

/// The letter's words in the order a reader meets them in print: who writes, the date and
/// references, the heading, then the body as the letter's layout has it. The envelope address
/// is on the print cover letter that goes with it, so it is left out here.
pub fn blocks(d: &LetterContent) -> Vec<Block> {
    let mut out = Vec::new();
    let mut from = vec![d.sender.name.clone()];
    from.extend(d.sender.lines.iter().cloned());
    from.extend(
        d.contact
            .iter()
            .map(|m| format!("{}{}{}", m.label, d.label_separator, m.value)),
    );
    out.push(Block::Lines(from));
    out.push(Block::Lines(
        d.meta
            .iter()
            .map(|m| format!("{}{}{}", m.label, d.label_separator, m.value))
            .collect(),
    ));
    let t = &d.text;
    let para = |text: &Text| Block::Paragraph(text.plain());
    out.push(Block::Heading(t.heading.plain()));
    out.push(para(&t.salutation));
    if let Some(child) = &t.child {
        out.push(para(child));
    }
    out.push(Block::Paragraph(format!(
        "{}{}{}",
        t.reason_lead.plain(),
        d.sentence_separator,
        t.reason.plain()
    )));
    let practice = |name: &str, lines: &[String], phone: &Text| {
        let mut all = vec![name.to_string()];
        all.extend(lines.iter().cloned());
        all.push(phone.plain());
        Block::Lines(all)
    };
    let constitution: Vec<&Text> = match &t.cohort {
        CohortText::Allocate {
            new_practice,
            records,
            choice,
            constitution_doctor,
        } => {
            out.push(Block::Heading(new_practice.plain()));
            if let Some(p) = &d.practice {
                out.push(practice(&p.name, &p.lines, &p.phone));
            }
            out.push(para(records));
            out.push(para(choice));
            vec![&t.constitution_choose, constitution_doctor]
        }
        CohortText::NotSeen { ends, register } => {
            out.push(para(ends));
            out.push(para(register));
            vec![&t.constitution_choose]
        }
        CohortText::OutOfArea { action } => {
            out.push(para(action));
            vec![&t.constitution_choose]
        }
        CohortText::Notice {
            nearby_practices,
            warning,
        } => {
            out.push(Block::Heading(nearby_practices.plain()));
            for p in &d.nearby {
                out.push(practice(&p.name, &p.lines, &p.phone));
            }
            if let Some(warning) = warning {
                out.push(para(warning));
            }
            vec![&t.constitution_choose]
        }
    };
    out.push(Block::Heading(t.rights_heading.plain()));
    out.extend(constitution.into_iter().map(para));
    out.push(Block::Heading(t.find_gp_heading.plain()));
    out.push(para(&t.find_gp));
    out.push(para(&t.other_formats));
    out.push(para(&t.sign_off));
    out.push(Block::Lines(vec![
        d.signatory.clone(),
        d.signatory_role.clone(),
    ]));
    out
}

/// Braille pages being filled, line by line, each line a string of cells.
struct Pages {
    pages: Vec<Vec<String>>,
    table: &'static str,
}

impl Pages {
    fn new(table: &'static str) -> Result<Pages, BrailleError> {
        let mut pages = Pages {
            pages: Vec::new(),
            table,
        };
        pages.new_page()?;
        Ok(pages)
    }

    /// Starts a page: its number at the right of its first line.
    fn new_page(&mut self) -> Result<(), BrailleError> {
        let number = translate(&(self.pages.len() + 1).to_string(), self.table)?;
        let width = number.chars().count();
        let line: String = std::iter::repeat_n(BLANK, CELLS_PER_LINE.saturating_sub(width))
            .chain(number.chars())
            .collect();
        self.pages.push(vec![line]);
        Ok(())
    }

    fn page(&self) -> &Vec<String> {
        self.pages.last().expect("a page is always started")
    }

    fn lines_left(&self) -> usize {
        LINES_PER_PAGE - self.page().len()
    }

    fn push(&mut self, line: String) -> Result<(), BrailleError> {
        if self.lines_left() == 0 {
            self.new_page()?;
        }
        self.pages
            .last_mut()
            .expect("a page is always started")
            .push(line);
        Ok(())
    }

    /// A blank line between blocks, unless the page has only its number so far.
    fn gap(&mut self) -> Result<(), BrailleError> {
        if self.page().len() > 1 && self.lines_left() > 0 {
            self.push(String::new())?;
        }
        Ok(())
    }
}

/// Print to braille cells (Unicode braille, a blank cell for a space), trimmed.
fn translate(text: &str, table: &str) -> Result<String, BrailleError> {
    let braille = tables::forward(table)?
        .translate(text)
        .map_err(|e| BrailleError::NoCell(format!("{e:?}")))?;
    Ok(braille.trim_matches(|c| c == BLANK || c == ' ').to_string())
}

/// Cells wrapped at blank cells into lines of at most [`CELLS_PER_LINE`]; a word longer than
/// a line is cut.
fn wrap(cells: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line: Vec<char> = Vec::new();
    for word in cells.split([BLANK, ' ']).filter(|w| !w.is_empty()) {
        let word: Vec<char> = word.chars().collect();
        let needed = if line.is_empty() {
            word.len()
        } else {
            line.len() + 1 + word.len()
        };
        if needed > CELLS_PER_LINE && !line.is_empty() {
            lines.push(line.drain(..).collect());
        }
        if !line.is_empty() {
            line.push(BLANK);
        }
        line.extend(word);
        while line.len() > CELLS_PER_LINE {
            let rest = line.split_off(CELLS_PER_LINE);
            lines.push(line.iter().collect());
            line = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line.into_iter().collect());
    }
    lines
}

/// Lays the blocks out on braille pages.
pub fn pages(blocks: &[Block], table: &'static str) -> Result<Vec<Vec<String>>, BrailleError> {
    let mut pages = Pages::new(table)?;
    for block in blocks {
        match block {
            Block::Heading(text) => {
                let lines = wrap(&translate(text, table)?);
                pages.gap()?;
                // A heading and at least two lines of what follows it share a page.
                if pages.lines_left() < lines.len() + 3 {
                    pages.new_page()?;
                }
                for line in lines {
                    let indent = (CELLS_PER_LINE - line.chars().count()) / 2;
                    pages.push(
                        std::iter::repeat_n(BLANK, indent)
                            .chain(line.chars())
                            .collect(),
                    )?;
                }
            }
            Block::Paragraph(text) => {
                pages.gap()?;
                for line in wrap(&translate(text, table)?) {
                    pages.push(line)?;
                }
            }
            Block::Lines(texts) => {
                pages.gap()?;
                for text in texts.iter().filter(|t| !t.trim().is_empty()) {
                    for line in wrap(&translate(text, table)?) {
                        pages.push(line)?;
                    }
                }
            }
        }
    }
    Ok(pages.pages)
}

/// The pages as a BRF file.
fn brf_bytes(pages: &[Vec<String>]) -> Result<Vec<u8>, BrailleError> {
    let display = tables::display();
    let mut out = String::new();
    for page in pages {
        for line in page {
            for cell in line.trim_end_matches(BLANK).chars() {
                let ascii = display
                    .ascii(cell)
                    .ok_or_else(|| BrailleError::NoCell(format!("U+{:04X}", u32::from(cell))))?;
                out.push(ascii);
            }
            out.push_str("\r\n");
        }
        out.push(FORM_FEED);
    }
    Ok(out.into_bytes())
}

/// The table a braille letter is transcribed with: its language's, in its format's grade.
pub fn letter_table(letter: &Letter) -> Result<&'static str, BrailleError> {
    let grade = grade(letter.format).ok_or(BrailleError::NotBraille(letter.format.as_str()))?;
    table(&letter.content.lang, grade)
        .ok_or_else(|| BrailleError::NoTable(letter.content.lang.clone()))
}

/// The letter transcribed into braille in its language and its format's grade.
pub fn brf(letter: &Letter) -> Result<Brf, BrailleError> {
    let pages = pages(&blocks(&letter.content), letter_table(letter)?)?;
    Ok(Brf {
        bytes: brf_bytes(&pages)?,
        pages: pages.len(),
    })
}

/// The cells a BRF file holds, page numbers and blank cells left out, in reading order: what
/// a check looks for text in ([`find`]).
pub fn cells_of(bytes: &[u8]) -> String {
    let display = tables::display();
    String::from_utf8_lossy(bytes)
        .split(FORM_FEED)
        // Each page's first line holds only its number.
        .flat_map(|page| page.split("\r\n").skip(1))
        .flat_map(|line| line.chars().map(|c| display.cell(c).unwrap_or(c)))
        .filter(|&c| c != BLANK)
        .collect()
}

/// Whether `text`, put into braille with the same tables, is among `cells` ([`cells_of`]):
/// wherever lines or pages break it.
pub fn find(cells: &str, text: &str, table: &str) -> Result<bool, BrailleError> {
    let wanted: String = translate(text, table)?
        .chars()
        .filter(|&c| c != BLANK)
        .collect();
    Ok(!wanted.is_empty() && cells.contains(&wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_lines_within_forty_cells() {
        let long = "⠁⠃⠉ ".repeat(30);
        let lines = wrap(&long);
        assert!(lines.iter().all(|l| l.chars().count() <= CELLS_PER_LINE));
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(BLANK) && !l.ends_with(BLANK))
        );
        let words: usize = lines.iter().map(|l| l.split(BLANK).count()).sum();
        assert_eq!(words, 30);
        let word = "⠁".repeat(90);
        let cut = wrap(&word);
        assert_eq!(
            cut.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            [40, 40, 10]
        );
    }

    #[test]
    fn pages_hold_at_most_twenty_five_lines_with_the_number_top_right() {
        let blocks: Vec<Block> = (0..40)
            .map(|i| {
                Block::Paragraph(format!(
                    "Paragraph {i} of a long letter about your practice."
                ))
            })
            .collect();
        let en = table("en", Grade::Two).unwrap();
        let pages = pages(&blocks, en).unwrap();
        assert!(pages.len() > 2);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.len() <= LINES_PER_PAGE);
            let number = translate(&(i + 1).to_string(), en).unwrap();
            assert!(page[0].ends_with(&number) && page[0].chars().count() == CELLS_PER_LINE);
        }
        let bytes = brf_bytes(&pages).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(text.matches(FORM_FEED).count(), pages.len());
        assert!(!text.chars().any(|c| c.is_ascii_lowercase()));
        let cells = cells_of(&bytes);
        assert!(
            find(
                &cells,
                "Paragraph 39 of a long letter about your practice.",
                en
            )
            .unwrap()
        );
        assert!(!find(&cells, "Paragraph 41 of a long letter", en).unwrap());
    }
}

//! Render stage: lay letters out with typst, in-process, and export them.
//!
//! [`print_file`] typesets a group of letters as one document (each letter on its own page or
//! pages) and exports one accessible PDF, measuring every page as it goes; [`preview_png`]
//! rasterises one letter for a look before sending thousands; [`docx`] writes the same letter
//! as a Word document for officers who edit or print from Word.

pub mod braille;
mod docx;
mod docx_fonts;
mod email;
mod layout_facts;
mod memo_evictor;
mod pictures;
mod qr;
mod report;
mod shared_body;
mod typesetter;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::utils::Scalar;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use docx::docx;
pub use email::{RenderedEmail, email, previous_practice_email, survey_email};
pub use layout_facts::{BODY_TOP_MM, PageFacts, Rect};
pub use memo_evictor::MemoEvictor;
pub use qr::qr_png;
pub use report::{ReportBin, ReportClosure, ReportData, ReportLine, ReportPractice, report_pdf};
pub use shared_body::paths as shared_body_paths;
pub use typesetter::{Typesetter, layouts_sha256};

use crate::compose::{Letter, LetterContent};
use crate::envelope;

/// While this lives, shaped text is reused across letters (a batch holds one for its run):
/// typst shapes every paragraph of every letter again, though most are the same words in the
/// same styles. The patched typst-layout in `vendor/` keeps each thread's shaping results
/// while it typesets one print file and hands back copies; the PDF is byte-identical either
/// way (tested). Safe because every typesetter has the same fonts. Nothing stays switched on
/// once the last one is dropped.
/// Each thread also keeps the letter bodies it laid out ([`shared_body`]), the outline bounds
/// of the glyphs it measured and its last QR code for its next print files while this lives;
/// without one, each letter is made alone (`bench`'s naive baseline).
#[must_use = "shaped text is reused only while this lives"]
pub struct ShapedTextReuse(
    #[allow(dead_code)] typst_layout::shape_cache::Reuse,
    #[allow(dead_code)] shared_body::Keep,
);

impl ShapedTextReuse {
    pub fn start() -> ShapedTextReuse {
        ShapedTextReuse(
            typst_layout::shape_cache::reuse(),
            shared_body::Keep::start(),
        )
    }
}

/// How many times, in this process, shaped text was reused and how many times it was shaped
/// afresh while reuse was on.
pub fn shaped_text_reuse() -> (u64, u64) {
    typst_layout::shape_cache::hits_and_misses()
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum RenderError {
    #[error("letter layout failed: {message}")]
    Layout { message: String },
    #[error("PDF export failed: {message}")]
    Pdf { message: String },
    #[error("could not make the QR code: {message}")]
    Qr { message: String },
    #[error("could not render the practice email: {message}")]
    Email { message: String },
    #[error("could not write the PNG preview: {message}")]
    Png { message: String },
    #[error("could not write the Word letter: {message}")]
    Docx { message: String },
}

/// What a print file is: its title and the letters' date (the PDF's creation date).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrintFileSpec {
    /// Document title, e.g. "Allocation letters (2a, en-GB, standard) 1 of 1".
    pub title: String,
    pub author: String,
    /// The language of the file's letters (`en-GB`).
    pub language: String,
    pub date: NaiveDate,
}

/// Where one letter sits in a typeset document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterPages {
    pub letter_id: String,
    /// 1-based page number of its first page.
    pub first_page: usize,
    pub pages: usize,
}

/// A typeset print file: the PDF and what was measured on each page.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintFile {
    pub pdf: Vec<u8>,
    pub pages: Vec<PageFacts>,
    pub letters: Vec<LetterPages>,
}

/// Typesets `letters` as one document and exports it as a PDF/UA-1 (and PDF/A-2b) file.
pub fn print_file(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letters: &[&Letter],
) -> Result<PrintFile, RenderError> {
    let document = typeset(typesetter, spec, letters)?;
    finish(document, spec, letters)
}

/// [`print_file`] with every letter laid out whole, its body again each time, as typst makes
/// it by itself: what the shared bodies must match, byte for byte (tested).
pub fn print_file_whole(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letters: &[&Letter],
) -> Result<PrintFile, RenderError> {
    let (qr, data) = qr_and_data(letters)?;
    let document = fitted(letters, data, |data| {
        compile(
            typesetter,
            spec,
            &qr,
            &data.iter().collect::<Vec<_>>(),
            false,
        )
    })?;
    finish(document, spec, letters)
}

/// Lays letters out with `lay_out`, and again any one-sided letter that ran onto a second
/// page, tighter and tighter (`letter.typ`'s `tight`: less space between paragraphs, then
/// around headings and boxes, then a little less between lines; the same text at the same
/// sizes). A letter still too long for one side is
/// left as it comes out, for the checks to flag.
fn fitted(
    letters: &[&Letter],
    mut data: Vec<serde_json::Value>,
    lay_out: impl Fn(&[serde_json::Value]) -> Result<PagedDocument, RenderError>,
) -> Result<PagedDocument, RenderError> {
    let mut document = lay_out(&data)?;
    for tight in 1..=TIGHTEST {
        let pages = shared_body::letters_pages(document.pages());
        if pages.len() != letters.len() {
            break;
        }
        let long: Vec<usize> = (0..letters.len())
            .filter(|&i| pages[i].len() > 1 && letters[i].format.one_side())
            .collect();
        if long.is_empty() {
            break;
        }
        for i in long {
            if let Some(object) = data[i].as_object_mut() {
                object.insert("tight".into(), tight.into());
            }
        }
        drop(document);
        document = lay_out(&data)?;
    }
    Ok(document)
}

/// The tightest a letter is laid out (`letter.typ`'s `tight`).
const TIGHTEST: u8 = 3;

/// A print file's QR code (its letters share it) and each letter's data, as the layouts read
/// them.
fn qr_and_data(letters: &[&Letter]) -> Result<(Bytes, Vec<serde_json::Value>), RenderError> {
    let qr = Bytes::new(qr_png(
        letters.first().map(|l| l.qr_url.as_str()).unwrap_or(""),
    )?);
    let data = letters
        .iter()
        .map(|l| letter_data(l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((qr, data))
}

/// Exports and measures a typeset print file.
fn finish(
    document: PagedDocument,
    spec: &PrintFileSpec,
    letters: &[&Letter],
) -> Result<PrintFile, RenderError> {
    // A print file's letters share their wording; the next file's may not. Emptying this
    // thread's shaped text here keeps no long-lived allocation between files, so the memory
    // of a finished file can go back to the system.
    typst_layout::shape_cache::clear();
    let pdf = export_pdf(&document, spec)?;
    let (pages, placed) = measure(&document);
    // Each letter must have been found once, in order.
    if placed.len() != letters.len()
        || placed
            .iter()
            .zip(letters)
            .any(|(p, l)| p.letter_id != l.letter_id)
    {
        return Err(RenderError::Layout {
            message: format!(
                "expected {} letters in the laid-out document, found {}",
                letters.len(),
                placed.len()
            ),
        });
    }
    Ok(PrintFile {
        pdf,
        pages,
        letters: placed,
    })
}

/// Rasterises the first page of one letter as a PNG at `ppi` pixels per inch.
pub fn preview_png(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letter: &Letter,
    ppi: f64,
) -> Result<Vec<u8>, RenderError> {
    let document = typeset(typesetter, spec, &[letter])?;
    let page = document
        .pages()
        .first()
        .ok_or_else(|| RenderError::Layout {
            message: "no page".into(),
        })?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(ppi / 72.0),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    pixmap.encode_png().map_err(|e| RenderError::Png {
        message: e.to_string(),
    })
}

/// Measures every page of a letter's document: facts per page, and each letter's pages.
fn measure(document: &PagedDocument) -> (Vec<PageFacts>, Vec<LetterPages>) {
    let pages: Vec<PageFacts> = document
        .pages()
        .iter()
        .map(layout_facts::page_facts)
        .collect();
    let mut letters: Vec<LetterPages> = Vec::new();
    for (i, facts) in pages.iter().enumerate() {
        if let Some(id) = &facts.letter_start {
            letters.push(LetterPages {
                letter_id: id.clone(),
                first_page: i + 1,
                pages: 0,
            });
        }
        if let Some(last) = letters.last_mut() {
            last.pages += 1;
        }
    }
    (pages, letters)
}

/// Typesets `letters` as one document, each shared body laid out once ([`shared_body`]).
fn typeset(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letters: &[&Letter],
) -> Result<PagedDocument, RenderError> {
    let (qr, data) = qr_and_data(letters)?;
    let context = typst::utils::hash128(&(&qr, &spec.language));
    fitted(letters, data, |data| {
        shared_body::typeset(data, context, |letters, parts| {
            compile(typesetter, spec, &qr, letters, parts)
        })
    })
}

/// Compiles one document of letters (`parts`: only their own parts, [`shared_body`]).
fn compile(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    qr: &Bytes,
    letters: &[&serde_json::Value],
    parts: bool,
) -> Result<PagedDocument, RenderError> {
    // The letters are serialised where they are, not copied into a new JSON value first.
    // Fields in the order `json!` gave them (sorted).
    #[derive(Serialize)]
    struct Date {
        day: u32,
        month: u32,
        year: i32,
    }
    #[derive(Serialize)]
    struct Batch<'a> {
        author: &'a str,
        date: Date,
        lang: String,
        letters: &'a [&'a serde_json::Value],
        title: &'a str,
    }
    let batch = Batch {
        author: &spec.author,
        date: Date {
            day: spec.date.day(),
            month: spec.date.month(),
            year: spec.date.year(),
        },
        lang: spec
            .language
            .split('-')
            .next()
            .unwrap_or("en")
            .to_lowercase(),
        letters,
        title: &spec.title,
    };
    let bytes = serde_json::to_vec(&batch).map_err(|e| RenderError::Layout {
        message: e.to_string(),
    })?;
    let world = if parts {
        typesetter.parts_world(Bytes::new(bytes), qr.clone())
    } else {
        typesetter.world(Bytes::new(bytes), qr.clone())
    };
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(&world);
    let result = output.map_err(|errors| RenderError::Layout {
        message: describe(&errors),
    });
    // typst memoises across compiles: ~0.7 MB a letter, so a 500-letter print file leaves
    // hundreds of MB behind. Letters never repeat, so keep nothing (measured: no slower).
    typst::comemo::evict(0);
    result
}

/// A letter's data as the layouts read it.
fn letter_data(letter: &Letter) -> Result<serde_json::Value, RenderError> {
    serde_json::to_value(LaidOutLetter::new(letter)).map_err(|e| RenderError::Layout {
        message: e.to_string(),
    })
}

/// A letter's data as the typst layouts read it: the letter contract plus the address's font
/// sizes, which the envelope rules fit to the window.
#[derive(Serialize)]
struct LaidOutLetter<'a> {
    #[serde(flatten)]
    content: &'a LetterContent,
    address_size: f64,
    address_sizes: Vec<f64>,
}

impl<'a> LaidOutLetter<'a> {
    fn new(letter: &'a Letter) -> LaidOutLetter<'a> {
        // As large as the window allows, up to the body's size.
        let sizes = envelope::fit_up_to(letter.address_block(), letter.content.sizes.body);
        LaidOutLetter {
            content: &letter.content,
            address_size: sizes.base,
            address_sizes: sizes.lines,
        }
    }
}

fn export_pdf(document: &PagedDocument, spec: &PrintFileSpec) -> Result<Vec<u8>, RenderError> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2b])
        .or_else(|_| PdfStandards::new(&[PdfStandard::Ua_1]))
        .map_err(|e| RenderError::Pdf {
            message: e.message().to_string(),
        })?;
    let date = Datetime::from_ymd(
        spec.date.year(),
        spec.date.month() as u8,
        spec.date.day() as u8,
    );
    let options = PdfOptions {
        ident: Smart::Custom(spec.title.clone()),
        creator: Smart::Custom(Some("dispersal".into())),
        timestamp: date.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| RenderError::Pdf {
        message: describe(&errors),
    })
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    const SHOWN: usize = 5;
    let mut messages: Vec<String> = Vec::new();
    for e in errors {
        let mut s = e.message.to_string();
        for hint in &e.hints {
            s.push_str(&format!(" (hint: {})", hint.v));
        }
        if !messages.contains(&s) {
            messages.push(s);
        }
    }
    let more = messages.len().saturating_sub(SHOWN);
    messages.truncate(SHOWN);
    let mut out = messages.join("; ");
    if more > 0 {
        out.push_str(&format!("; and {more} more"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(source: &str) -> Vec<PageFacts> {
        let ts = Typesetter::with_main_source(source);
        let world = ts.world(Bytes::new(b"{}".to_vec()), Bytes::new(qr_png("x").unwrap()));
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .expect("compiles");
        measure(&document).0
    }

    #[test]
    fn colour_is_found_in_text_shapes_strokes_and_images() {
        let plain =
            facts("#set page(paper: \"a4\")\nHello #rect(fill: luma(50%))[x] #line(stroke: gray)");
        assert_eq!(plain[0].colours, Vec::<String>::new());
        assert!(
            (plain[0].width_mm - 210.0).abs() < 0.01 && (plain[0].height_mm - 297.0).abs() < 0.01
        );
        let red = facts("#text(fill: red)[x]");
        assert_eq!(red[0].colours, vec!["text #ff4136".to_string()]);
        let stroke = facts("#rect(stroke: blue)[x]");
        assert!(
            stroke[0].colours[0].starts_with("shape stroke"),
            "{:?}",
            stroke[0].colours
        );
        let fill = facts("#rect(fill: rgb(10, 200, 10))[x]");
        assert!(
            fill[0].colours[0].starts_with("shape fill"),
            "{:?}",
            fill[0].colours
        );
        let gradient = facts("#rect(fill: gradient.linear(red, blue))[x]");
        assert!(
            gradient[0].colours[0].contains("gradient"),
            "{:?}",
            gradient[0].colours
        );
        let grey_image = facts("#image(\"/qr.png\", width: 2cm)");
        assert_eq!(grey_image[0].colours, Vec::<String>::new());
        let background = facts("#set page(fill: yellow)\nx");
        assert!(
            background[0].colours[0].starts_with("page background"),
            "{:?}",
            background[0].colours
        );
    }

    #[test]
    fn page_size_and_count_are_measured() {
        let pages = facts("#set page(paper: \"us-letter\")\na #pagebreak() b");
        assert_eq!(pages.len(), 2);
        assert!(
            (pages[0].width_mm - 215.9).abs() < 0.1,
            "{}",
            pages[0].width_mm
        );
    }
}

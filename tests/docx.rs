//! Render stage tests for Word letters: real composed letters written as .docx, unzipped, and
//! their `word/document.xml` read back.

mod common;

use std::io::Read;

use dispersal::compose::{self, Direction, Letter, Text, TextRun, Wording};
use dispersal::envelope;
use dispersal::plan;
use dispersal::render;

/// The shared fixture letters, one per cohort (2a, 2b, 2c).
fn fixture_letters() -> Vec<Letter> {
    common::fixture_letters().1
}

use common::constitution;

/// One part of the .docx archive, as bytes.
fn part(docx: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the .docx"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

fn part_names(docx: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    archive
        .file_names()
        .map(|n| n.expect("a file name").to_string())
        .collect()
}

fn document_xml(docx: &[u8]) -> String {
    String::from_utf8(part(docx, "word/document.xml")).expect("UTF-8 XML")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of every `<w:t>` element: runs joined within a paragraph, one line per
/// paragraph or line break.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<w:t>") || rest.starts_with("<w:t ") {
            let open_end = rest.find('>').unwrap();
            if rest[..open_end].ends_with('/') {
                rest = &rest[open_end + 1..];
                continue;
            }
            let close = rest.find("</w:t>").expect("closed w:t");
            out.push_str(&unescape(&rest[open_end + 1..close]));
            rest = &rest[close + "</w:t>".len()..];
        } else {
            if rest.starts_with("<w:br") || rest.starts_with("</w:p>") {
                out.push('\n');
            }
            rest = &rest[1..];
        }
    }
    out
}

#[test]
fn each_cohort_letter_carries_its_heading_address_nhs_number_and_rights() {
    let sentences = constitution();
    assert_eq!(sentences.len(), 2);
    for letter in &fixture_letters() {
        let docx = render::docx(letter).unwrap();
        let text = text_of(&document_xml(&docx));
        let id = &letter.letter_id;
        let heading = letter.content.text.heading.plain();
        assert!(
            text.contains(&heading),
            "{id}: heading missing from\n{text}"
        );
        let name_line = &letter.address_block()[0];
        assert!(text.contains(name_line.as_str()), "{id}: no {name_line}");
        assert!(
            text.contains(letter.postcode.text.as_str()),
            "{id}: no postcode in\n{text}"
        );
        let nhs = letter.content.meta[1].value.as_str();
        assert!(text.contains(nhs), "{id}: no NHS number {nhs} in\n{text}");
        assert!(text.contains(&sentences[0]), "{id}: first sentence missing");
        assert_eq!(
            text.contains(&sentences[1]),
            letter.cohort.code() == "2a",
            "{id}: the second sentence is in 2a letters only"
        );
        assert_eq!(
            text.contains("Bellenden Road Surgery"),
            letter.cohort.code() == "2a",
            "{id}: the receiving practice is named in 2a letters only"
        );
        // The address block is one line per address line, in order.
        let block = letter.address_block().join("\n");
        assert!(text.contains(&block), "{id}: address block not together");
    }
}

#[test]
fn the_page_is_a4_and_the_qr_code_is_a_png_with_alternative_text() {
    let letter = &fixture_letters()[0];
    let docx = render::docx(letter).unwrap();
    let xml = document_xml(&docx);
    assert!(
        xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "not A4: {}",
        &xml[xml.find("<w:pgSz").unwrap_or(0)..][..60]
    );
    let images: Vec<String> = part_names(&docx)
        .into_iter()
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .collect();
    assert_eq!(images.len(), 1, "{images:?}");
    let png = part(&docx, &images[0]);
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().expect("the image decodes as a PNG");
    assert!(reader.info().width > 100);
    let alt = letter.content.text.qr_alt.plain();
    assert!(!alt.is_empty());
    assert!(xml.contains(&format!("descr=\"{alt}\"")), "no alt text");
    // The address sits in a frame placed from the page's corner, inside the window.
    let frame = xml
        .split("<w:framePr ")
        .skip(1)
        .map(|f| &f[..f.find("/>").unwrap()])
        .find(|f| f.contains(r#"w:x="1480""#))
        .expect("an address frame at x 26.1 mm");
    assert!(frame.contains(r#"w:hAnchor="page""#) && frame.contains(r#"w:vAnchor="page""#));
}

#[test]
fn core_properties_carry_title_and_language_and_the_bytes_repeat() {
    let letter = &fixture_letters()[1];
    let docx = render::docx(letter).unwrap();
    let core = String::from_utf8(part(&docx, "docProps/core.xml")).unwrap();
    let title = letter.content.text.title.plain();
    assert!(
        core.contains(&format!("<dc:title>{title}</dc:title>")),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
    let styles = String::from_utf8(part(&docx, "word/styles.xml")).unwrap();
    assert!(
        styles.contains(r#"<w:lang w:val="en-GB""#),
        "no language in styles"
    );
    assert_eq!(
        render::docx(letter).unwrap(),
        docx,
        "same letter, same bytes"
    );
}

#[test]
fn markup_in_patient_names_is_written_literally() {
    let hostile = "<script>&amp; #set text(red)";
    let mut a = common::patient(2, hostile, "</w:t>Okafor", &["1 <w:p/> Road"], "SE15 4QJ");
    a.title = "Mrs".into();
    let plan = plan::plan(&common::inputs(
        vec![a],
        vec![common::practice(2, "G85001", "Surgery", "SE15 4QK", 5)],
    ));
    let composed = compose::compose(&plan, &Wording::load().unwrap()).unwrap();
    let docx = render::docx(&composed.letters[0]).unwrap();
    let xml = document_xml(&docx);
    let text = text_of(&xml);
    assert!(text.contains(hostile), "name not literal in\n{text}");
    assert!(text.contains("</w:t>Okafor"), "family name not literal");
    assert!(text.contains("1 <w:p/> Road"), "address line not literal");
    assert!(!xml.contains("<script>"), "markup leaked into the XML");
}

#[test]
fn right_to_left_letters_mark_paragraphs_and_runs_but_keep_numbers_left_to_right() {
    let mut letter = fixture_letters()[2].clone();
    letter.content.dir = Direction::Rtl;
    letter.content.lang = "ar".into();
    letter.content.region = None;
    let run = |t: &str, ltr: bool| TextRun { t: t.into(), ltr };
    letter.content.text.other_formats = Text::Runs(vec![
        run("للحصول على نسخة أخرى اتصل ", false),
        run("020 7946 0999", true),
        run(".", false),
    ]);
    let docx = render::docx(&letter).unwrap();
    let xml = document_xml(&docx);
    assert!(xml.contains("<w:bidi />"), "no bidi paragraphs");
    let styles = String::from_utf8(part(&docx, "word/styles.xml")).unwrap();
    assert!(styles.contains(r#"<w:lang w:val="en-GB" w:bidi="ar" />"#));
    let run_of = |t: &str| {
        let at = xml.find(t).unwrap_or_else(|| panic!("{t} not in the XML"));
        let start = xml[..at].rfind("<w:r>").unwrap();
        xml[start..at].to_string()
    };
    assert!(run_of("للحصول على").contains("<w:rtl />"));
    assert!(!run_of("020 7946 0999").contains("<w:rtl />"));
    assert!(!xml.contains("DispersalMark"));
}

#[test]
fn large_print_and_a_translated_notice_are_set_as_in_the_pdf() {
    let mut letter = fixture_letters()[1].clone();
    letter.content.body_size = 16.0;
    letter.content.text.translated_notice = Some(Text::Plain(
        "This letter is in Polish. For English, call 020 3049 0000.".into(),
    ));
    let docx = render::docx(&letter).unwrap();
    let styles = String::from_utf8(part(&docx, "word/styles.xml")).unwrap();
    assert!(styles.contains(r#"<w:sz w:val="32" />"#), "body not 16 pt");
    let xml = document_xml(&docx);
    let text = text_of(&xml);
    assert!(
        text.starts_with("This letter is in Polish. For English, call 020 3049 0000.\n"),
        "the notice comes first: {text}"
    );
    assert!(xml.contains(r#"<w:sz w:val="19" />"#), "notice not 9.5 pt");
    assert!(xml.contains(r#"<w:lang w:val="en-GB" w:bidi="en-GB" />"#));
}

/// Every cohort's letter for the worst-case patients (long names, 7-line address, long
/// practice name), worded in `tag`.
fn worst_case_letters(tag: &str) -> Vec<Letter> {
    let inputs = common::worst_case_inputs();
    let plan = plan::plan(&inputs);
    let wording = Wording::load().unwrap();
    let locale = wording.get(tag).unwrap();
    plan.entries
        .iter()
        .filter(|e| e.gets_letter())
        .map(|e| {
            let p = e.patient.as_ref().unwrap();
            compose::compose_letter(&plan, e, p, locale, p.format, &wording).unwrap()
        })
        .collect()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}

fn run(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} did not run: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A word from `pdftotext -bbox`, its box in mm from the page's top-left.
#[derive(Debug)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// The words of a PDF with their boxes (`pdftotext -bbox` gives them in points).
fn pdf_words(pdf: &std::path::Path) -> Vec<Word> {
    let html = run(
        "pdftotext",
        &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
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
            words.push(Word {
                page,
                text: unescape(text),
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
fn find_line<'a>(words: &'a [Word], line: &str) -> Vec<&'a [Word]> {
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

/// LibreOffice's layout of the Word letters: one side of A4, the address in the window.
/// Needs `soffice` and poppler's `pdfinfo` and `pdftotext` (`.ci/run` installs them); fails
/// without them rather than passing untested.
#[test]
fn libreoffice_sets_each_letter_on_one_page_with_the_address_in_the_window() {
    for program in ["soffice", "pdfinfo", "pdftotext"] {
        assert!(
            on_path(program),
            "{program} is not on PATH: install libreoffice-writer-nogui and poppler-utils (Debian), as .ci/run does"
        );
    }
    // GOV.UK Notify's address window, mm from the page's top-left.
    let w = envelope::WINDOW;
    let window = (w.x0, w.y0, w.x1, w.y1);
    let mut letters: Vec<(String, Letter)> = fixture_letters()
        .into_iter()
        .map(|l| (format!("fixture-{}", l.cohort.code()), l))
        .chain(
            worst_case_letters("en-GB")
                .into_iter()
                .map(|l| (format!("en-GB-{}", l.cohort.code()), l)),
        )
        .collect();
    // The longest translations (Polish, Tamil) and a right-to-left one, in the longest cohort.
    for tag in ["pl", "ar", "ta"] {
        let letter = worst_case_letters(tag).remove(0);
        assert_eq!(letter.cohort.code(), "2a");
        letters.push((format!("{tag}-2a"), letter));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<std::ffi::OsString> = vec![
        // A profile of its own, so a LibreOffice already running elsewhere is not used.
        format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        )
        .into(),
        "--headless".into(),
        "--convert-to".into(),
        "pdf".into(),
        "--outdir".into(),
        dir.path().into(),
    ];
    for (name, letter) in &letters {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, render::docx(letter).unwrap()).unwrap();
        args.push(path.into());
    }
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    run("soffice", &args);
    // DISPERSAL_KEEP_DOCX_PDF=dir keeps the letters and their PDFs there, to look at.
    if let Some(keep) = std::env::var_os("DISPERSAL_KEEP_DOCX_PDF") {
        let keep = std::path::Path::new(&keep);
        std::fs::create_dir_all(keep).unwrap();
        for (name, _) in &letters {
            for ext in ["docx", "pdf"] {
                let file = format!("{name}.{ext}");
                let _ = std::fs::copy(dir.path().join(&file), keep.join(&file));
            }
        }
    }
    for (name, letter) in &letters {
        let pdf = dir.path().join(format!("{name}.pdf"));
        assert!(pdf.is_file(), "{name}: LibreOffice wrote no PDF");
        let info = run("pdfinfo", &[pdf.as_os_str()]);
        let pages = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().to_string());
        assert_eq!(pages.as_deref(), Some("1"), "{name}: not one page");
        let words = pdf_words(&pdf);
        let inside = |w: &Word| {
            w.page == 1
                && w.x0 >= window.0
                && w.x1 <= window.2
                && w.y0 >= window.1
                && w.y1 <= window.3
        };
        // A translated letter's English notice is kept, above the header (12 mm).
        if let Some(notice) = &letter.content.text.translated_notice {
            let notice = notice.plain();
            let found = find_line(&words, &notice);
            assert!(
                found
                    .iter()
                    .any(|ws| ws.iter().all(|w| w.page == 1 && w.y1 <= 12.5)),
                "{name}: the notice {notice:?} is not above the header: {found:?}"
            );
        }
        let mut lines = vec![
            letter.address_block()[0].as_str(),
            letter.postcode.text.as_str(),
        ];
        lines.extend(letter.address_block().iter().map(String::as_str));
        for line in lines {
            let found = find_line(&words, line);
            assert!(!found.is_empty(), "{name}: {line:?} not in the PDF");
            assert!(
                found.iter().any(|ws| ws.iter().all(inside)),
                "{name}: {line:?} not inside the window x {}–{} mm, y {}–{} mm: {:?}",
                window.0,
                window.2,
                window.1,
                window.3,
                found
            );
        }
    }
}

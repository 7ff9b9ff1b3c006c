//! Render stage tests for Word letters: real composed letters written as .docx, unzipped, and
//! their `word/document.xml` read back.

mod common;

use std::io::Read;

use dispersal::compose::{self, Letter, Wording};
use dispersal::plan;
use dispersal::render;

/// The shared fixture letters, one per cohort (2a, 2b, 2c).
fn fixture_letters() -> Vec<Letter> {
    common::fixture_letters().1
}

fn constitution() -> Vec<String> {
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/golden/nhs-constitution/en-GB.txt"
    ))
    .unwrap();
    golden
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

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

fn text_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(runs) => runs.iter().filter_map(|r| r["t"].as_str()).collect(),
        other => panic!("not a worded value: {other}"),
    }
}

#[test]
fn each_cohort_letter_carries_its_heading_address_nhs_number_and_rights() {
    let sentences = constitution();
    assert_eq!(sentences.len(), 2);
    for letter in &fixture_letters() {
        let docx = render::docx(letter).unwrap();
        let text = text_of(&document_xml(&docx));
        let id = &letter.letter_id;
        let heading = text_value(&letter.content["text"]["heading"]);
        assert!(
            text.contains(&heading),
            "{id}: heading missing from\n{text}"
        );
        let name_line = &letter.address_block[0];
        assert!(text.contains(name_line.as_str()), "{id}: no {name_line}");
        assert!(
            text.contains(&letter.postcode.text),
            "{id}: no postcode in\n{text}"
        );
        let nhs = letter.content["meta"][1]["value"].as_str().unwrap();
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
        let block = letter.address_block.join("\n");
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
    let alt = text_value(&letter.content["text"]["qr_alt"]);
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
    let title = text_value(&letter.content["text"]["title"]);
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
    letter.content["dir"] = "rtl".into();
    letter.content["lang"] = "ar".into();
    letter.content["region"] = serde_json::Value::Null;
    letter.content["text"]["other_formats"] = serde_json::json!([
        {"t": "للحصول على نسخة أخرى اتصل ", "ltr": false},
        {"t": "020 7946 0999", "ltr": true},
        {"t": ".", "ltr": false},
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
    letter.content["body_size"] = 16.0.into();
    letter.content["text"]["translated_notice"] =
        "This letter is in Polish. For English, call 020 3049 0000.".into();
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

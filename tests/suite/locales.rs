//! Locale tests: every translation is complete (same messages, same variables), declares its
//! review status, has a glyph for every character in the fonts it names, and — rendered with
//! worst-case data — fits one side of A4 and carries its NHS Constitution sentences.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use fluent_syntax::parser;

/// Messages only the source locale has (the English line on top of translated letters).
const SOURCE_ONLY: &[&str] = dispersal::compose::SOURCE_ONLY;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn locale_tags() -> Vec<String> {
    let mut tags: Vec<String> = std::fs::read_dir(root().join("locales"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    tags
}

/// Message id → the variables it uses, for one locale's letters.ftl.
fn messages(tag: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text =
        std::fs::read_to_string(root().join("locales").join(tag).join("letters.ftl")).unwrap();
    let resource = parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{tag}: letters.ftl does not parse: {errors:?}"));
    for entry in &resource.body {
        if let ast::Entry::Junk { content } = entry {
            panic!("{tag}: letters.ftl has unparsable text: {content}")
        }
    }
    dispersal::compose::message_variables(&resource)
}

#[test]
fn every_locale_has_every_message_with_the_same_variables() {
    let source = messages("en-GB");
    let mut problems = Vec::new();
    for tag in locale_tags().iter().filter(|t| *t != "en-GB") {
        let translated = messages(tag);
        for (id, vars) in &source {
            if SOURCE_ONLY.contains(&id.as_str()) {
                continue;
            }
            match translated.get(id) {
                None => problems.push(format!("{tag}: message {id:?} is missing")),
                Some(v) if v != vars => problems.push(format!(
                    "{tag}: message {id:?} uses {v:?}, en-GB uses {vars:?}"
                )),
                Some(_) => {}
            }
        }
        for id in translated.keys().filter(|id| !source.contains_key(*id)) {
            problems.push(format!("{tag}: message {id:?} is not in en-GB"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_locale_declares_its_review_status_and_loads() {
    let wording = dispersal::compose::Wording::load().expect("every locale loads");
    for tag in locale_tags() {
        let locale = wording
            .get(&tag)
            .unwrap_or_else(|| panic!("{tag} is compiled in"));
        let allowed: &[&str] = if tag == "en-GB" {
            &["source"]
        } else {
            &["draft", "reviewed"]
        };
        assert!(
            allowed.contains(&locale.status.as_str()),
            "{tag}: status {:?}",
            locale.status
        );
        assert!(
            ["ltr", "rtl"].contains(&locale.direction.as_str()),
            "{tag}: direction"
        );
    }
}

/// Family name → font files in letter-templates/fonts.
fn fonts_by_family() -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut out: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("letter-templates/fonts")).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ttf" | "otf")
        ) {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let family = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap();
        out.entry(family).or_default().push(data);
    }
    out
}

#[test]
fn every_character_of_every_locale_has_a_glyph_in_its_fonts() {
    let fonts = fonts_by_family();
    let wording = dispersal::compose::Wording::load().unwrap();
    let mut missing = Vec::new();
    for tag in locale_tags() {
        let locale = wording.get(&tag).unwrap();
        let text =
            std::fs::read_to_string(root().join("locales").join(&tag).join("letters.ftl")).unwrap();
        let values: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let faces: Vec<Vec<u8>> = locale
            .fonts
            .iter()
            .flat_map(|f| {
                fonts
                    .get(f)
                    .unwrap_or_else(|| panic!("{tag}: font {f:?} is not in letter-templates/fonts"))
                    .clone()
            })
            .collect();
        let mut seen = BTreeSet::new();
        for c in values.chars().filter(|c| !c.is_control() && *c != ' ') {
            if !seen.insert(c) {
                continue;
            }
            let covered = faces.iter().any(|data| {
                let face = ttf_parser::Face::parse(data, 0).unwrap();
                face.glyph_index(c).is_some()
            });
            if !covered {
                missing.push(format!(
                    "{tag}: U+{:04X} {c:?} has no glyph in {:?}",
                    c as u32, locale.fonts
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn every_locale_has_its_constitution_golden() {
    for tag in locale_tags() {
        let path = root()
            .join("golden/nhs-constitution")
            .join(format!("{tag}.txt"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing", path.display()));
        assert_eq!(
            text.lines().filter(|l| !l.trim().is_empty()).count(),
            2,
            "{}",
            path.display()
        );
    }
    let _ = Path::new("");
}

/// Characters that must never reach the PDF text: bidi controls and marks, zero-width
/// characters, byte order marks and the compose stage's private-use run markers.
fn is_stray_control(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xE000..=0xF8FF)
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every cohort's letter, with worst-case data (long names, 7-line addresses, long practice
/// name), worded in `tag`.
/// (Letters 1 and 2 too: with three such practices listed.)
fn worst_case_letters(tag: &str) -> (dispersal::plan::Plan, Vec<dispersal::compose::Letter>) {
    let plan = dispersal::batch::worst_case_plans()[0].clone();
    let letters = common::worst_case_letters(tag, dispersal::model::LetterFormat::Standard);
    (plan, letters)
}

fn spec(tag: &str) -> dispersal::render::PrintFileSpec {
    dispersal::render::PrintFileSpec {
        title: format!("Test letters {tag}"),
        author: "Test ICB".into(),
        language: tag.into(),
        date: common::date(2026, 11, 24),
    }
}

/// Every cohort in every locale, with worst-case data, in standard print and large print:
/// passes every check of the batch (the 50p rules, the window, and the sizes by role); the
/// standard letter on one page. Then the sizes as PDF text tools read them back from the
/// PDF: nothing outside the window under 10 pt (16 in large print), and the phone, email,
/// NHS number and reference at the body's size wherever they are printed.
#[test]
fn every_cohort_in_every_locale_passes_its_checks_and_reads_back_at_its_sizes() {
    use dispersal::model::LetterFormat;
    let ts = dispersal::render::Typesetter::new();
    let dir = tempfile::tempdir().unwrap();
    let postage = dispersal::batch::worst_case_plans()[0]
        .closure
        .letters
        .postage;
    let mut problems = Vec::new();
    let mut pages = BTreeMap::new();
    for tag in locale_tags() {
        for format in [LetterFormat::Standard, LetterFormat::LargePrint] {
            let letters = common::worst_case_letters(&tag, format);
            assert_eq!(letters.len(), 5, "{tag}: 2a, 2b, 2c, 1 and 2");
            for letter in &letters {
                let name = format!("{tag} {} {}", letter.cohort.code(), format.as_str());
                let file = dispersal::render::print_file(&ts, &spec(&tag), &[letter]).unwrap();
                let check = dispersal::check::check(letter, &file.letters[0], &file.pages, postage);
                pages.insert(name.clone(), check.pages);
                if !check.verdict.failures.is_empty()
                    || (check.pages != 1 && format == LetterFormat::Standard)
                {
                    problems.push(format!(
                        "{name}: {} pages; {:?}",
                        check.pages, check.verdict.failures
                    ));
                }
                let path = dir.path().join(format!("{}.pdf", name.replace(' ', "-")));
                std::fs::write(&path, &file.pdf).unwrap();
                problems.extend(common::sizes::size_problems(&name, &path, letter));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    // Large print takes the pages it needs: two at most with worst-case data.
    let most = pages.values().max().copied().unwrap_or(0);
    assert!(most <= 2, "a letter takes {most} pages: {pages:?}");
}

#[test]
fn every_locale_prints_its_constitution_sentences_and_no_stray_controls() {
    let ts = dispersal::render::Typesetter::new();
    let mut problems = Vec::new();
    for tag in locale_tags() {
        let golden = std::fs::read_to_string(
            root()
                .join("golden/nhs-constitution")
                .join(format!("{tag}.txt")),
        )
        .unwrap();
        let sentences: Vec<String> = golden
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(normalise)
            .collect();
        let (_, letters) = worst_case_letters(&tag);
        for letter in &letters {
            let file = dispersal::render::print_file(&ts, &spec(&tag), &[letter]).unwrap();
            let text = pdf_text_for(&file.pdf, &tag);
            let expected: &[String] = if letter.cohort.code() == "2a" {
                &sentences
            } else {
                &sentences[..1]
            };
            // Extraction tools place spaces around left-to-right words (GP, NHS) in
            // right-to-left lines unreliably, and add one where a Chinese line wraps, so
            // those scripts compare without spaces.
            let squeeze = |s: &str| -> String {
                if COMPLEX.contains(&tag.as_str()) || tag == "zh-Hans" {
                    s.split_whitespace().collect()
                } else {
                    s.to_string()
                }
            };
            let squeezed = squeeze(&text);
            for s in expected {
                if !squeezed.contains(&squeeze(s)) {
                    problems.push(format!(
                        "{tag} {}: sentence not found: {s}\n--- text ---\n{text}",
                        letter.cohort.code()
                    ));
                }
            }
            if let Some(c) = raw_pdf_text(&file.pdf)
                .chars()
                .find(|c| is_stray_control(*c))
            {
                problems.push(format!(
                    "{tag} {}: stray U+{:04X} in the PDF text",
                    letter.cohort.code(),
                    c as u32
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Locales whose text a pure-Rust extractor returns in visual order (right-to-left scripts,
/// and Indic scripts whose vowel signs are drawn before their consonant). Their PDFs are read
/// with poppler's pdftotext, which follows the PDF's ActualText and the bidi algorithm.
const COMPLEX: &[&str] = &["ar", "ur", "bn", "gu", "pa", "ta"];

/// Locales set in Nastaliq, whose glyphs typst places one by one (stacked along each word),
/// so pdftotext's reading by position returns fragments: their text is read from the PDF's
/// marked content instead, each cluster's ActualText and each text item put back in reading
/// order (`common/tagged_text.rs`).
const NASTALIQ: &[&str] = &["ur"];

/// The PDF's text as raw bytes give it (pdf-extract), whitespace collapsed.
fn raw_pdf_text(pdf: &[u8]) -> String {
    normalise(&pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted"))
}

/// The PDF's text in reading order, whitespace collapsed.
fn pdf_text_for(pdf: &[u8], tag: &str) -> String {
    if !COMPLEX.contains(&tag) {
        return raw_pdf_text(pdf);
    }
    // Arabic too: pdftotext orders the runs of a line that mixes directions (a sentence with
    // "GP" in it) by where the line happens to wrap, so a sentence read back depends on the
    // layout; the PDF's tagged text is in reading order.
    if NASTALIQ.contains(&tag) || tag == "ar" {
        return normalise(&common::tagged_text::tagged_text(pdf));
    }
    // pdftotext marks the direction of each run with U+202A/U+202B/U+202C: its own, not the PDF's.
    let text: String = common::pdf::pdftotext_bytes(pdf, &[])
        .chars()
        .filter(|c| !matches!(*c as u32, 0x202A..=0x202C))
        .collect();
    normalise(&text)
}

/// Writes each locale's worst-case letters to `target/letters/<tag>/` for a look by eye.
#[test]
#[ignore]
fn write_locale_letters_for_review() {
    let ts = dispersal::render::Typesetter::new();
    let only = std::env::var("LOCALE").ok();
    for tag in locale_tags()
        .into_iter()
        .filter(|t| only.as_deref().is_none_or(|o| o == t))
    {
        let dir = root().join("target/letters").join(&tag);
        std::fs::create_dir_all(&dir).unwrap();
        let (_, letters) = worst_case_letters(&tag);
        for letter in &letters {
            let file = dispersal::render::print_file(&ts, &spec(&tag), &[letter]).unwrap();
            std::fs::write(dir.join(format!("{}.pdf", letter.cohort.code())), &file.pdf).unwrap();
            std::fs::write(
                dir.join(format!("{}.txt", letter.cohort.code())),
                pdf_text_for(&file.pdf, &tag),
            )
            .unwrap();
        }
    }
}

#[test]
fn bengali_conjuncts_and_vowel_signs_come_out_in_logical_order() {
    let (_, letters) = worst_case_letters("bn");
    let file = dispersal::render::print_file(
        &dispersal::render::Typesetter::new(),
        &spec("bn"),
        &[&letters[0]],
    )
    .unwrap();
    let text = pdf_text_for(&file.pdf, "bn");
    // "অন্য" (other): NA + VIRAMA + YA; "রেজিস্ট্রেশন" (registration): a three-consonant
    // conjunct STTA-RA with the pre-base vowel sign E, which is drawn before its consonant.
    for word in ["অন্য", "রেজিস্ট্রেশন"] {
        assert!(
            text.contains(word),
            "{word} not in the bn letter's text:\n{text}"
        );
    }
}

#[test]
fn right_to_left_letters_keep_numbers_and_addresses_in_order() {
    for tag in ["ar", "ur"] {
        let (plan, letters) = worst_case_letters(tag);
        let file = dispersal::render::print_file(
            &dispersal::render::Typesetter::new(),
            &spec(tag),
            &[&letters[0]],
        )
        .unwrap();
        let text = pdf_text_for(&file.pdf, tag);
        let phone = &plan.closure.commissioner.phone;
        for expected in [
            phone.as_str(),
            &letters[0].nhs_number.to_string(),
            "SE15 5QJ",
            "160 Tooley Street",
            &letters[0].letter_id,
        ] {
            assert!(
                text.contains(expected),
                "{tag}: {expected:?} not in reading order in:\n{text}"
            );
        }
    }
}

#[test]
fn urdu_is_set_in_nastaliq_and_arabic_in_naskh() {
    for (tag, font) in [("ur", "NotoNastaliqUrdu"), ("ar", "NotoNaskhArabic")] {
        let (_, doc) = first_worst_case_letter(tag);
        let page = *doc.get_pages().values().next().unwrap();
        let fonts: Vec<String> = doc
            .get_page_fonts(page)
            .unwrap()
            .values()
            .filter_map(|f| f.get(b"BaseFont").ok())
            .filter_map(|n| n.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        assert!(
            fonts.iter().any(|f| f.contains(font)),
            "{tag}: not set in {font}: {fonts:?}"
        );
        if tag == "ur" {
            assert!(
                !fonts.iter().any(|f| f.contains("Naskh")),
                "ur: Naskh used: {fonts:?}"
            );
        }
    }
}

/// The first worst-case letter in `tag`, typeset alone: its PDF, and the PDF read.
fn first_worst_case_letter(tag: &str) -> (Vec<u8>, lopdf::Document) {
    let (_, letters) = worst_case_letters(tag);
    let file = dispersal::render::print_file(
        &dispersal::render::Typesetter::new(),
        &spec(tag),
        &[&letters[0]],
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&file.pdf).unwrap();
    (file.pdf, doc)
}

/// The text objects (`BT` … `ET`) on a letter's first page, and its text read back.
fn text_objects_and_text(tag: &str) -> (usize, String) {
    let (pdf, doc) = first_worst_case_letter(tag);
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
    let objects = content
        .operations
        .iter()
        .filter(|op| op.operator == "BT")
        .count();
    (objects, common::pdf::pdftotext_bytes(&pdf, &[]))
}

/// Noto Nastaliq Urdu raises or lowers nearly every letter of a word. Each such glyph keeps
/// its shift in the run it belongs to (the patched typst-layout in `vendor/`), so an Urdu page
/// is drawn in a few text objects a line, as an English one is, and a raised letter's text is
/// not repeated. It was one text object a glyph (1,536 on this page against 59 in English), and
/// words read back with doubled letters.
#[test]
fn an_urdu_line_is_drawn_in_a_few_text_objects_not_one_a_glyph() {
    let (english, _) = text_objects_and_text("en-GB");
    let (urdu, text) = text_objects_and_text("ur");
    assert!(
        urdu < 3 * english,
        "an Urdu page has {urdu} text objects against {english} in English"
    );
    for repeated in ["ننن", "ببب", "ییی"] {
        assert!(
            !text.contains(repeated),
            "{repeated} in the Urdu text:\n{text}"
        );
    }
}

/// Rows of ink in the letter body whose text touches only the right margin, and only the left.
fn margin_rows(tag: &str) -> (usize, usize) {
    let (_, letters) = worst_case_letters(tag);
    let png = dispersal::render::preview_png(
        &dispersal::render::Typesetter::new(),
        &spec(tag),
        &letters[0],
        72.0,
    )
    .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h, channels) = (
        info.width as usize,
        info.height as usize,
        info.color_type.samples(),
    );
    let mm = |v: f64| (v / 25.4 * 72.0) as usize;
    let (mut right_only, mut left_only) = (0, 0);
    for y in mm(75.0)..mm(160.0).min(h) {
        let dark: Vec<usize> = (mm(15.0)..mm(196.0).min(w))
            .filter(|&x| buf[(y * w + x) * channels] < 128)
            .collect();
        let (Some(&first), Some(&last)) = (dark.first(), dark.last()) else {
            continue;
        };
        let (at_left, at_right) = (first <= mm(23.0), last >= mm(188.0));
        if at_right && !at_left {
            right_only += 1;
        }
        if at_left && !at_right {
            left_only += 1;
        }
    }
    (right_only, left_only)
}

#[test]
fn arabic_and_urdu_letters_are_laid_out_right_to_left() {
    for tag in ["ar", "ur"] {
        let (right, left) = margin_rows(tag);
        assert!(
            right > 3 * left.max(1),
            "{tag}: {right} rows flush right, {left} flush left"
        );
    }
    let (right, left) = margin_rows("en-GB");
    assert!(
        left > 3 * right.max(1),
        "en-GB: {left} rows flush left, {right} flush right"
    );
}

/// Chinese typography: a full-width colon after each label, and no space between the
/// sentences the layouts join; read back from the PDF. The other locales keep ": ".
#[test]
fn chinese_letters_take_a_full_width_colon_and_no_sentence_space() {
    let (_, letters) = worst_case_letters("zh-Hans");
    let typesetter = dispersal::render::Typesetter::new();
    for letter in &letters {
        let file = dispersal::render::print_file(&typesetter, &spec("zh-Hans"), &[letter]).unwrap();
        let text = pdf_text_for(&file.pdf, "zh-Hans");
        // The text extractor puts spaces between runs (a bold label and its value): compare
        // without them for the labels.
        let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for label in ["电话：", "电子邮件：", "日期：", "参考编号："] {
            assert!(squashed.contains(label), "{label} not in:\n{text}");
        }
        assert!(
            !squashed.contains("电话:") && !squashed.contains("日期:"),
            "{text}"
        );
        // The reason's two sentences, joined on one line: no space after the first's 。.
        let (_, after) = text
            .split_once("关闭。")
            .expect("the reason's first sentence");
        assert!(!after.starts_with(' '), "a space after 关闭。 in:\n{text}");
    }
    let (_, english) = worst_case_letters("en-GB");
    let file = dispersal::render::print_file(&typesetter, &spec("en-GB"), &[&english[0]]).unwrap();
    assert!(pdf_text_for(&file.pdf, "en-GB").contains("Phone: "));
}

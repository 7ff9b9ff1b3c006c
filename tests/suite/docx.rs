//! Render stage tests for Word letters: real composed letters written as .docx, unzipped, and
//! their `word/document.xml` read back.

use crate::common;

use std::io::Read;

use dispersal::compose::{self, Direction, Letter, Text, TextRun, Wording};
use dispersal::envelope;
use dispersal::model::LetterFormat;
use dispersal::plan;
use dispersal::render;

use common::sizes::{Word, find_line, pdf_words, size_problems, unescape};

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
    // Left-to-right values are isolated (LRI, LRM ... LRM, PDI), so the paragraph's direction
    // cannot reorder their parts.
    assert!(
        xml.contains("\u{2066}\u{200E}020 7946 0999\u{200E}\u{2069}"),
        "phone number not isolated"
    );
    let nhs = letter.content.meta[1].value.clone();
    assert!(
        xml.contains(&format!("\u{2066}\u{200E}{nhs}\u{200E}\u{2069}")),
        "NHS number not isolated"
    );
    assert!(!xml.contains("DispersalMark"));
}

#[test]
fn every_word_letter_embeds_its_fonts_as_small_obfuscated_subsets() {
    for tag in ["en-GB", "bn", "zh-Hans", "ur"] {
        let letter = common::worst_case_letters(tag, LetterFormat::Standard).remove(0);
        let docx = render::docx(&letter).unwrap();
        let names = part_names(&docx);
        let table = String::from_utf8(part(&docx, "word/fontTable.xml")).unwrap();
        let rels = String::from_utf8(part(&docx, "word/_rels/fontTable.xml.rels")).unwrap();
        let settings = String::from_utf8(part(&docx, "word/settings.xml")).unwrap();
        let types = String::from_utf8(part(&docx, "[Content_Types].xml")).unwrap();
        assert!(settings.contains("<w:embedTrueTypeFonts />"), "{tag}");
        assert!(types.contains("Extension=\"odttf\""), "{tag}");
        let mut families = letter.content.fonts.clone();
        if !families.iter().any(|f| f == "Noto Sans") {
            families.push("Noto Sans".into());
        }
        for family in &families {
            assert!(
                table.contains(&format!("<w:font w:name=\"{family} "))
                    || table.contains(&format!("<w:font w:name=\"{family}\">")),
                "{tag}: {family} not in the font table:\n{table}"
            );
        }
        let fonts: Vec<&String> = names.iter().filter(|n| n.ends_with(".odttf")).collect();
        assert_eq!(
            fonts.len(),
            families.len() * 2,
            "{tag}: regular and bold of each"
        );
        for font in fonts {
            let target = font.strip_prefix("word/").unwrap();
            assert!(
                rels.contains(&format!("Target=\"{target}\"")),
                "{tag}: {font}"
            );
            let bytes = part(&docx, font);
            // Obfuscated: the first bytes are not a font's header (0x00010000 for TrueType).
            assert_ne!(bytes[..4], [0, 1, 0, 0], "{tag}: {font} not obfuscated");
            // Subsets, but for Nastaliq (embedded whole: subset, it loses its joining).
            let limit = if tag == "ur" { 700_000 } else { 200_000 };
            assert!(
                bytes.len() < limit,
                "{tag}: {font} is {} bytes",
                bytes.len()
            );
        }
        let limit = if tag == "ur" { 1_200_000 } else { 400_000 };
        assert!(
            docx.len() < limit,
            "{tag}: the letter is {} bytes",
            docx.len()
        );
        assert_eq!(
            render::docx(&letter).unwrap(),
            docx,
            "{tag}: same bytes twice"
        );
    }
}

#[test]
fn large_print_and_a_translated_notice_are_set_as_in_the_pdf() {
    let notice = "This letter is in Polish. For English, call 020 3049 0000.";
    let mut letter = fixture_letters()[1].clone();
    letter.content.text.translated_notice = Some(Text::Plain(notice.into()));

    // Standard print: the notice first, above the header, at the reference block's 12 pt.
    let xml = document_xml(&render::docx(&letter).unwrap());
    let text = text_of(&xml);
    assert!(
        text.starts_with(&format!("{notice}\n")),
        "the notice comes first: {text}"
    );
    assert!(xml.contains(r#"<w:sz w:val="24" />"#), "notice not 12 pt");
    assert!(xml.contains(r#"<w:lang w:val="en-GB" w:bidi="en-GB" />"#));

    // Large print: the body at 16 pt, section headings at 18, the letter's heading at 20,
    // and nothing smaller outside the window. The notice follows the window, before the
    // reference block and the heading.
    letter.content.format = LetterFormat::LargePrint;
    letter.content.sizes = dispersal::compose::letter_sizes(LetterFormat::LargePrint);
    let docx = render::docx(&letter).unwrap();
    let styles = String::from_utf8(part(&docx, "word/styles.xml")).unwrap();
    assert!(styles.contains(r#"<w:sz w:val="32" />"#), "body not 16 pt");
    assert!(
        styles.contains(r#"<w:sz w:val="36" />"#) && styles.contains(r#"<w:sz w:val="40" />"#),
        "headings not 18 and 20 pt: {styles}"
    );
    let xml = document_xml(&docx);
    let text = text_of(&xml);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the letter: {text}"))
    };
    assert!(
        at(&letter.content.sender.name) < at(notice)
            && at(notice) < at(&letter.content.meta[2].value)
            && at(&letter.content.meta[2].value) < at(&letter.content.text.heading.plain()),
        "large print: name, notice, reference, heading: {text}"
    );
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}

fn run(program: &str, args: &[&std::ffi::OsStr]) -> String {
    run_with(program, args, &[])
}

fn run_with(program: &str, args: &[&std::ffi::OsStr], env: &[(&str, &std::ffi::OsStr)]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("{program} did not run: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The locales shipped in `locales/`.
fn locale_tags() -> Vec<String> {
    let mut tags: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    tags
}

/// The golden Constitution sentences of a locale, whitespace collapsed.
fn constitution_for(tag: &str) -> Vec<String> {
    let path = format!(
        "{}/golden/nhs-constitution/{tag}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Whether `value`'s words stand left to right, next to each other, on one line of the
/// PDF (by their boxes, whatever order the extractor lists them in). The first word may end
/// a longer word and the last begin one ("电话：020", "0000."), as labels and punctuation
/// join them.
fn reads_left_to_right(words: &[Word], value: &str) -> bool {
    let tokens: Vec<&str> = value.split_whitespace().collect();
    if tokens.is_empty() {
        return true;
    }
    let fits = |word: &str, i: usize| {
        let last = i == tokens.len() - 1;
        match (i == 0, last) {
            (true, true) => word.contains(tokens[i]),
            (true, false) => word.ends_with(tokens[i]),
            (false, true) => word.starts_with(tokens[i]),
            (false, false) => word == tokens[i],
        }
    };
    words.iter().filter(|w| fits(&w.text, 0)).any(|start| {
        let mut at = start;
        (1..tokens.len()).all(|i| {
            // The next word to the right on the same line; or, where the value wraps, the
            // word on the next line (below, within two lines) that is next in the value.
            let right = words
                .iter()
                .filter(|w| w.page == at.page && (w.y0 - at.y0).abs() < 1.0 && w.x0 >= at.x1 - 0.3)
                .min_by(|a, b| a.x0.total_cmp(&b.x0));
            let next = match right {
                Some(w) if fits(&w.text, i) => Some(w),
                Some(_) => None,
                None => words.iter().find(|w| {
                    w.page == at.page
                        && w.y0 > at.y0 + 1.0
                        && w.y0 < at.y0 + 2.0 * (at.y1 - at.y0) + 1.0
                        && fits(&w.text, i)
                }),
            };
            match next {
                Some(w) => {
                    at = w;
                    true
                }
                None => false,
            }
        })
    })
}

/// The values a patient reads or dials, which must keep their order in any direction: the
/// commissioner's address lines, phone and email, the date, NHS number and reference, and
/// in 2a the new practice's first address line, postcode and phone.
fn ordered_values(letter: &Letter) -> Vec<String> {
    let d = &letter.content;
    let ltr = |t: &Text| -> Vec<String> {
        t.pieces()
            .into_iter()
            .filter(|(_, ltr)| *ltr)
            .map(|(t, _)| t.trim().trim_end_matches('.').to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    let mut values: Vec<String> = d.sender.lines.clone();
    values.extend(
        d.contact
            .iter()
            .chain(&d.meta)
            .filter(|m| m.ltr)
            .map(|m| m.value.clone()),
    );
    if let Some(practice) = &d.practice {
        values.extend(practice.lines.first().cloned());
        values.extend(practice.lines.last().cloned());
        values.extend(ltr(&practice.phone));
    }
    values
}

/// The fonts of a PDF as `pdffonts` lists them: (name without its subset tag, embedded).
fn pdf_fonts(pdf: &std::path::Path) -> Vec<(String, bool)> {
    let out = run("pdffonts", &[pdf.as_os_str()]);
    out.lines()
        .skip(2)
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let name = fields.next()?;
            let name = name.split_once('+').map_or(name, |(_, n)| n).to_string();
            // The columns after the type: encoding, emb, sub, uni, object, generation.
            let cols: Vec<&str> = line.split_whitespace().collect();
            let emb = cols.get(cols.len().checked_sub(5)?)? == &"yes";
            Some((name, emb))
        })
        .collect()
}

/// A fontconfig file that shows a program (LibreOffice) the machine's fonts less any Noto
/// font, as on an NHS PC: it includes the system's configuration and rejects every Noto file.
fn fonts_conf_without_noto(dir: &std::path::Path) -> std::path::PathBuf {
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            concat!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n",
                "<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>",
                "<cachedir>{}</cachedir>",
                "<selectfont><rejectfont><glob>*/Noto*</glob><glob>*/noto*</glob></rejectfont></selectfont>",
                "</fontconfig>\n"
            ),
            dir.join("fontconfig-cache").display()
        ),
    )
    .unwrap();
    conf
}

/// Converts `files` with LibreOffice to `format` in `out`, in a profile of its own under
/// `work` (so a LibreOffice already running elsewhere is not used) and seeing no Noto font.
fn libreoffice_convert(
    work: &std::path::Path,
    format: &str,
    out: &std::path::Path,
    files: &[std::path::PathBuf],
) {
    let mut args: Vec<std::ffi::OsString> = vec![
        format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        )
        .into(),
        "--headless".into(),
        "--convert-to".into(),
        format.into(),
        "--outdir".into(),
        out.into(),
    ];
    args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let fonts_conf = fonts_conf_without_noto(work);
    run_with(
        "soffice",
        &args,
        &[("FONTCONFIG_FILE", fonts_conf.as_os_str())],
    );
}

/// LibreOffice's layout of the Word letters, on a machine with no Noto fonts installed (as an
/// NHS PC, and CI): every locale in every cohort, with worst-case data, opens in the fonts the
/// letter embeds, on one side of A4, with the address in the window, the Constitution
/// sentences, and every number and Latin-script address in reading order.
/// Needs `soffice` and poppler's `pdfinfo`, `pdffonts` and `pdftotext` (`.ci/run` installs
/// them); fails without them rather than passing untested.
#[test]
fn libreoffice_opens_every_locale_and_cohort_in_its_own_fonts_on_one_page() {
    for program in ["soffice", "pdfinfo", "pdffonts", "pdftotext"] {
        assert!(
            on_path(program),
            "{program} is not on PATH: install libreoffice-writer-nogui and poppler-utils (Debian), as .ci/run does"
        );
    }
    // GOV.UK Notify's address window, mm from the page's top-left.
    let w = envelope::WINDOW;
    let window = (w.x0, w.y0, w.x1, w.y1);
    let mut letters: Vec<(String, String, Letter)> = fixture_letters()
        .into_iter()
        .map(|l| {
            (
                format!("fixture-{}", l.cohort.code()),
                "en-GB".to_string(),
                l,
            )
        })
        .collect();
    for tag in locale_tags() {
        for format in [LetterFormat::Standard, LetterFormat::LargePrint] {
            for letter in common::worst_case_letters(&tag, format) {
                letters.push((
                    format!("{tag}-{}-{}", letter.cohort.code(), format.as_str()),
                    tag.clone(),
                    letter,
                ));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut docx_files = Vec::new();
    for (name, _, letter) in &letters {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, render::docx(letter).unwrap()).unwrap();
        docx_files.push(path);
    }
    libreoffice_convert(dir.path(), "pdf", dir.path(), &docx_files);
    // DISPERSAL_KEEP_DOCX_PDF=dir keeps the letters and their PDFs there, to look at.
    if let Some(keep) = std::env::var_os("DISPERSAL_KEEP_DOCX_PDF") {
        let keep = std::path::Path::new(&keep);
        std::fs::create_dir_all(keep).unwrap();
        for (name, _, _) in &letters {
            for ext in ["docx", "pdf"] {
                let file = format!("{name}.{ext}");
                let _ = std::fs::copy(dir.path().join(&file), keep.join(&file));
            }
        }
    }
    // The Urdu letters' text as LibreOffice reads it (see below).
    let text_dir = dir.path().join("text");
    let urdu: Vec<std::path::PathBuf> = letters
        .iter()
        .filter(|(_, tag, _)| tag == "ur" || tag == "ar")
        .map(|(name, _, _)| dir.path().join(format!("{name}.docx")))
        .collect();
    libreoffice_convert(dir.path(), "txt:Text (encoded):UTF8", &text_dir, &urdu);
    let mut problems = Vec::new();
    for (name, tag, letter) in &letters {
        let pdf = dir.path().join(format!("{name}.pdf"));
        assert!(pdf.is_file(), "{name}: LibreOffice wrote no PDF");
        let info = run("pdfinfo", &[pdf.as_os_str()]);
        let pages = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().to_string());
        let large = letter.content.format == LetterFormat::LargePrint;
        if pages.as_deref() != Some("1") && !large {
            problems.push(format!("{name}: {pages:?} pages, not one"));
        }
        problems.extend(size_problems(name, &pdf, letter));

        // Only the letter's own fonts, all embedded; its script's font among them.
        let families: Vec<String> = letter
            .content
            .fonts
            .iter()
            .chain(std::iter::once(&"Noto Sans".to_string()))
            .map(|f| f.replace(' ', "").to_lowercase())
            .collect();
        let fonts = pdf_fonts(&pdf);
        for (font, embedded) in &fonts {
            // The subset's name: the family, then its tag (NotoSansBengali1A2B3C-Bold).
            let family = font.split('-').next().unwrap().to_lowercase();
            if !families.iter().any(|f| family.starts_with(f.as_str())) || !embedded {
                problems.push(format!(
                    "{name}: font {font} (embedded: {embedded}) is not one of the letter's {families:?}"
                ));
            }
        }
        let own = &families[0];
        if !fonts
            .iter()
            .any(|(f, _)| f.to_lowercase().starts_with(own.as_str()))
        {
            problems.push(format!("{name}: not set in {own}: {fonts:?}"));
        }

        // The Constitution sentences (compared without spaces in scripts whose extraction
        // places them unreliably, as the PDF tests do).
        let text: String = common::pdf::pdftotext(&pdf, &[])
            .chars()
            .filter(|c| !matches!(*c as u32, 0x202A..=0x202C | 0x200E | 0x200F | 0x2066..=0x2069))
            .collect();
        // LibreOffice's PDF maps Nastaliq's joined forms to no text at all (its ToUnicode
        // covers the isolated letters only), so the Urdu sentences are read from the text
        // LibreOffice itself took from the Word file (saved as plain text).
        // Arabic too: pdftotext orders the runs of a line that mixes directions (a sentence
        // with "GP" in it) by where the line wraps.
        let text = if tag == "ur" || tag == "ar" {
            std::fs::read_to_string(text_dir.join(format!("{name}.txt")))
                .unwrap_or_else(|e| panic!("{name}: LibreOffice wrote no text: {e}"))
        } else {
            text
        };
        let squeeze = |s: &str| -> String {
            if ["ar", "ur", "bn", "gu", "pa", "ta", "zh-Hans"].contains(&tag.as_str()) {
                s.split_whitespace().collect()
            } else {
                s.split_whitespace().collect::<Vec<_>>().join(" ")
            }
        };
        let squeezed = squeeze(&text);
        let sentences = constitution_for(tag);
        let expected = if letter.cohort.code() == "2a" {
            &sentences[..]
        } else {
            &sentences[..1]
        };
        for sentence in expected {
            if !squeezed.contains(&squeeze(sentence)) {
                problems.push(format!(
                    "{name}: Constitution sentence not found: {sentence}"
                ));
            }
        }

        let words = pdf_words(&pdf);
        for value in ordered_values(letter) {
            if !reads_left_to_right(&words, &value) {
                problems.push(format!("{name}: {value:?} does not read left to right"));
            }
        }

        let inside = |w: &Word| {
            w.page == 1
                && w.x0 >= window.0
                && w.x1 <= window.2
                && w.y0 >= window.1
                && w.y1 <= window.3
        };
        // A translated letter's English notice is kept: above the header (12 mm), or in
        // large print under the window.
        if let Some(notice) = &letter.content.text.translated_notice {
            let notice = notice.plain();
            let found = find_line(&words, &notice);
            let placed = |w: &Word| {
                w.page == 1
                    && if large {
                        w.y0 >= window.3
                    } else {
                        w.y1 <= 12.5
                    }
            };
            if !found.iter().any(|ws| ws.iter().all(placed)) {
                problems.push(format!(
                    "{name}: the notice {notice:?} is not where it goes: {found:?}"
                ));
            }
        }
        for line in letter.address_block() {
            let found = find_line(&words, line);
            if !found.iter().any(|ws| ws.iter().all(inside)) {
                problems.push(format!(
                    "{name}: {line:?} not inside the window x {}–{} mm, y {}–{} mm: {found:?}",
                    window.0, window.2, window.1, window.3
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Easy-read letters (issue 33, points 3 and 5): the sample run with some patients' `format`
//! cells asking for easy read, by the toolkit's word and by the Accessible Information
//! Standard's term and code. Each cohort's easy-read letters (2a, 2b, 2c, letters 1 and 2) are
//! read back from their own print files with pdftotext: the NHS Constitution's sentences in
//! their exact words and in order, each followed by what it means; the pictures, one tagged
//! figure with alternative text beside each point; nothing under 16 pt, nothing in colour, as
//! the check module measures them; the manifest's format; the Word letter's pictures. Each
//! letter's first pages are drawn as PNGs in `target/easy-read-pages/` to look at.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

use crate::common::cli::{Dispersal, stdout};
use crate::common::pdf::pdftotext_bytes;
use crate::common::{constitution, csv_rows, zip_entries};
use dispersal::compose::{EasyItem, EasyLine, Text};
use dispersal::model::LetterFormat;
use dispersal::plan::Cohort;

/// The sample, copied, with these `format` (and `language`) cells by row (the header is row
/// 1). Returns closure.toml's path.
fn sample_with(dir: &Path, cells: &[(usize, &str, Option<&str>)]) -> PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    for name in ["closure.toml", "practices.csv", "postcodes.csv"] {
        std::fs::copy(sample.join(name), dir.join(name)).unwrap();
    }
    let text = std::fs::read_to_string(sample.join("patients.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let format = header.iter().position(|h| *h == "format").unwrap();
    let language = header.iter().position(|h| *h == "language").unwrap();
    for (row, value, lang) in cells {
        let mut cells: Vec<String> = lines[row - 1].split(',').map(str::to_string).collect();
        cells[format] = format!("\"{value}\"");
        if let Some(lang) = lang {
            cells[language] = lang.to_string();
        }
        lines[row - 1] = cells.join(",");
    }
    std::fs::write(dir.join("patients.csv"), lines.join("\n") + "\n").unwrap();
    dir.join("closure.toml")
}

/// The sample's rows of each cohort at the closure (each letter's), and the first child's
/// who gets a letter.
fn rows_by_cohort() -> (BTreeMap<Cohort, Vec<usize>>, usize) {
    // The sample's files as a run reads them (`--sample` adds a postcode lookup of its own).
    let dir = tempfile::tempdir().unwrap();
    let plan = dispersal::plan::plan(&read(&sample_with(dir.path(), &[])));
    let mut rows: BTreeMap<Cohort, Vec<usize>> = BTreeMap::new();
    let mut child = None;
    for e in plan.entries.iter().filter(|e| e.gets_letter()) {
        rows.entry(e.cohort).or_default().push(e.row);
        let born = e.patient().unwrap().date_of_birth;
        if child.is_none() && dispersal::compose::is_child(born, plan.closure.letters.date) {
            child = Some(e.row);
        }
    }
    (rows, child.expect("the sample has children"))
}

/// The patients' rows, each with its language: an English 2a, 2b and 2c patient each, a
/// child's, and a Polish patient, who gets the English easy-read letter. Different spellings
/// of the need.
fn easy_read_rows() -> Vec<(usize, &'static str, Option<&'static str>)> {
    let (rows, child) = rows_by_cohort();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample/patients.csv"))
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let english = |row: usize| lines[row - 1].split(',').nth(12) == Some("");
    let first = |cohort: Cohort| {
        *rows[&cohort]
            .iter()
            .find(|&&r| r != child && english(r))
            .unwrap_or_else(|| panic!("the sample has an English {cohort:?} patient"))
    };
    let polish = *rows[&Cohort::Allocate]
        .iter()
        .find(|&&r| r != child && english(r) && r != first(Cohort::Allocate))
        .unwrap();
    vec![
        (first(Cohort::Allocate), "easy-read", None),
        (
            first(Cohort::NotSeen),
            "Requires information in Easyread",
            None,
        ),
        (first(Cohort::OutOfArea), "796161000000101", None),
        (child, "Easy Read", None),
        (polish, "easy read", Some("pl")),
    ]
}

/// The easy-read letters the library composes for this closure: letter id → its pictures
/// and its lines, as the compose stage made them.
fn composed(
    closure: &Path,
    cohort: Option<Cohort>,
) -> BTreeMap<String, dispersal::compose::Letter> {
    let inputs = read(closure);
    let plan = match cohort {
        Some(c) => dispersal::plan::plan_for(inputs, dispersal::plan::Purpose::Notice(c)),
        None => dispersal::plan::plan(&inputs),
    };
    let wording = dispersal::compose::Wording::load().unwrap();
    dispersal::compose::compose(&plan, &wording)
        .unwrap()
        .letters
        .into_iter()
        .filter(|l| l.format == LetterFormat::EasyRead)
        .map(|l| (l.letter_id.to_string(), l))
        .collect()
}

/// The closure's inputs, as `dispersal run CLOSURE` reads them.
fn read(closure: &Path) -> dispersal::model::Inputs {
    dispersal::cli::read_inputs(&dispersal::cli::ClosureArgs {
        closure: Some(closure.to_path_buf()),
        sample: false,
        postcode_lookup: None,
        locales: None,
        capacity_replies: None,
    })
    .unwrap()
}

/// The zip a run wrote in `out`.
fn the_zip(out: &Path) -> PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("the run wrote a zip")
}

/// The patient-file row a letter id ends with (`G85999-2A-00042` is row 42).
fn row_of(letter_id: &str) -> usize {
    letter_id.rsplit('-').next().unwrap().parse().unwrap()
}

/// Whitespace collapsed: pdftotext breaks lines where the layout does.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One letter's pages of a print file, as text on one line.
fn letter_text(pdf: &[u8], first: usize, pages: usize) -> String {
    words(&pdftotext_bytes(
        pdf,
        &[
            "-f",
            &first.to_string(),
            "-l",
            &(first + pages - 1).to_string(),
        ],
    ))
}

/// The alternative texts of the tagged figures on pages `first..first + pages` of a PDF (its
/// structure tree's `/Figure` elements, each on the page it names), in reading order.
fn figures(pdf: &[u8], first: usize, pages: usize) -> Vec<String> {
    let doc = Document::load_mem(pdf).unwrap();
    let page_ids: BTreeMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let resolve = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let text = |bytes: &[u8]| match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks_exact(2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    };
    let mut found: Vec<(u32, String)> = Vec::new();
    // Depth first through the structure tree, in its order.
    let root = resolve(doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let mut stack: Vec<Object> = vec![root];
    while let Some(object) = stack.pop() {
        match resolve(&object) {
            Object::Array(items) => stack.extend(items.into_iter().rev()),
            Object::Dictionary(dict) => {
                let figure =
                    dict.get(b"S").and_then(Object::as_name).ok() == Some(b"Figure".as_slice());
                if figure && let Ok(Object::String(alt, _)) = dict.get(b"Alt") {
                    let page = dict
                        .get(b"Pg")
                        .and_then(Object::as_reference)
                        .ok()
                        .and_then(|id| page_ids.get(&id).copied())
                        .expect("a figure names its page");
                    found.push((page, text(alt)));
                }
                if let Ok(kids) = dict.get(b"K") {
                    stack.push(kids.clone());
                }
            }
            _ => {}
        }
    }
    found
        .into_iter()
        .filter(|(page, _)| (first as u32..(first + pages) as u32).contains(page))
        .map(|(_, alt)| alt)
        .collect()
}

/// The pictures' alternative texts a letter was composed with, in order.
fn alts(letter: &dispersal::compose::Letter) -> Vec<String> {
    let body = letter
        .content
        .easy_read
        .as_ref()
        .expect("an easy-read body");
    body.items
        .iter()
        .filter_map(|i| match i {
            EasyItem::Point { alt, .. } => Some(alt.clone()),
            EasyItem::Section { .. } => None,
        })
        .collect()
}

/// Checks one easy-read letter read back from its print file against what was composed: the
/// Constitution's sentences exact and in order, each followed by its explanation; every
/// sentence of the body; its pictures.
fn read_back(
    pdf: &[u8],
    row: &BTreeMap<String, String>,
    letter: &dispersal::compose::Letter,
) -> String {
    let first: usize = row["first_page"].parse().unwrap();
    let pages: usize = row["pages"].parse().unwrap();
    let text = letter_text(pdf, first, pages);
    let id = &row["letter_id"];
    let body = letter.content.easy_read.as_ref().unwrap();

    // The Constitution's sentences, word for word from the golden file, in order, each
    // followed by its explanation.
    let golden = constitution();
    let quoted: Vec<String> = body.constitution().iter().map(|t| t.plain()).collect();
    let expected = if letter.cohort == Cohort::Allocate {
        &golden[..]
    } else {
        &golden[..1]
    };
    assert_eq!(quoted, expected, "{id}: the Constitution's sentences");
    let mut at = 0;
    for (sentence, means) in expected.iter().zip([
        "This means you can choose your GP practice.",
        "This means you can ask to see a doctor you choose at your GP practice.",
    ]) {
        let found = text[at..]
            .find(sentence.as_str())
            .unwrap_or_else(|| panic!("{id}: {sentence:?} in order in {text}"));
        let after = at + found + sentence.len();
        assert!(
            text[after..].trim_start().starts_with(means),
            "{id}: {sentence:?} is followed by its explanation: {}",
            &text[after..(after + 120).min(text.len())]
        );
        at = after;
    }

    // Every sentence the body says is on the letter's pages, in order.
    let mut at = 0;
    for line in body.lines() {
        let said = match line {
            EasyLine::Say { text, .. } | EasyLine::Constitution { text } => words(&text.plain()),
            EasyLine::Practice { practice } => words(&practice.name),
        };
        let found = text[at..]
            .find(&said)
            .unwrap_or_else(|| panic!("{id}: {said:?} in order in {text}"));
        at += found + said.len();
    }

    // One tagged picture with its alternative text beside each point, in order.
    assert_eq!(
        figures(pdf, first, pages),
        alts(letter),
        "{id}: the pictures' figures"
    );
    text
}

/// Draws the first pages of a print file as PNGs to look at.
fn draw(pdf: &[u8], name: &str, pages: usize) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/easy-read-pages");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", &pages.to_string()])
        .arg(&file)
        .arg(folder.join(name))
        .output()
        .expect("pdftoppm runs: install poppler-utils, as .ci/run does");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the check module measures in a print file of easy-read letters: its format from
/// its title, nothing in colour, nothing under 16 pt outside the envelope window, never the
/// 50p contribution, and no failure (several pages are allowed).
fn checked(pdf: &[u8], name: &str) {
    let report = dispersal::check::check_pdf(pdf).unwrap();
    assert_eq!(report.format, LetterFormat::EasyRead, "{name}");
    assert!(report.colour.is_empty(), "{name}: {:?}", report.colour);
    let smallest = report.smallest_text_pt.unwrap();
    assert!(smallest >= 16.0 - 0.01, "{name}: text at {smallest} pt");
    assert!(
        !report.verdict.eligible_50p && report.verdict.failures.is_empty(),
        "{name}: {:?}",
        report.verdict
    );
}

#[test]
fn easy_read_letters_for_2a_2b_2c_in_print_files_of_their_own_with_their_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let rows = easy_read_rows();
    let closure = sample_with(dir.path(), &rows);
    let out = dir.path().join("out");
    let o = Dispersal::new(["run"])
        .arg(&closure)
        .args(["--docx", "--out"])
        .arg(&out)
        .output();
    let said = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    // Exit 0: every letter passed its checks, the easy-read letters at their own sizes.
    assert_eq!(o.status.code(), Some(0), "{said}");
    let polish = rows[4].0;
    assert!(
        said.contains(&format!(
            "easy-read letters are in English only, not in language \"pl\": the patient on row {polish} gets the en-GB easy-read letter"
        )),
        "{said}"
    );
    assert!(
        !said.contains("Needs to meet by hand"),
        "easy read is met by its letter: {said}"
    );

    let entries = zip_entries(&the_zip(&out));
    let manifest = csv_rows(&entries["manifest.csv"]);
    let letters = composed(&closure, None);
    let easy: Vec<&BTreeMap<String, String>> = manifest
        .iter()
        .filter(|r| r["format"] == "easy-read")
        .collect();
    assert_eq!(
        {
            let mut found: Vec<usize> = easy.iter().map(|r| row_of(&r["letter_id"])).collect();
            found.sort();
            found
        },
        {
            let mut asked: Vec<usize> = rows.iter().map(|r| r.0).collect();
            asked.sort();
            asked
        },
        "one easy-read letter a patient: {rows:?}"
    );
    assert_eq!(letters.len(), rows.len());
    let mut cohorts = std::collections::BTreeSet::new();
    for row in &easy {
        let id = &row["letter_id"];
        let cohort = &row["cohort"];
        cohorts.insert(cohort.clone());
        // In print files of their own, in English; checked, never counted for 50p.
        assert_eq!(
            row["print_file"],
            format!("print/{cohort}-en-GB-easy-read-01.pdf"),
            "{id}"
        );
        assert_eq!(row["language"], "en-GB", "{id}");
        assert_eq!(row["eligible_50p"], "N", "{id}");
        assert_eq!(row["check_failures"], "", "{id}");
        let pdf = &entries[&row["print_file"]];
        let text = read_back(pdf, row, &letters[id.as_str()]);
        // Short sentences at the body's size; the patient's details in the reference block.
        assert!(
            text.contains(&format!("Our reference: {id}")),
            "{id}: {text}"
        );
        if row_of(id) == rows[3].0 {
            assert!(
                text.contains("Dear parent or guardian of"),
                "a child's easy-read letter goes to their parent or guardian: {text}"
            );
        }
        // The Word letter: every picture, each with its alternative text.
        let docx = &entries[&format!("docx/{id}.docx")];
        let document = docx_part(docx, "word/document.xml");
        for alt in alts(&letters[id.as_str()]) {
            assert!(
                document.contains(&format!("descr=\"{alt}\"")),
                "{id}: {alt}"
            );
        }
        // One drawing a point; the same picture's image is stored once.
        let pictures = alts(&letters[id.as_str()]);
        assert_eq!(
            document.matches("<wp:docPr ").count(),
            pictures.len(),
            "{id}: the Word letter's pictures"
        );
        let distinct: std::collections::BTreeSet<&String> = pictures.iter().collect();
        assert_eq!(
            docx_media(docx),
            distinct.len(),
            "{id}: the Word letter's images"
        );
        for sentence in letters[id.as_str()]
            .content
            .easy_read
            .as_ref()
            .unwrap()
            .constitution()
        {
            assert!(
                document.contains(&sentence.plain()),
                "{id}: {}",
                sentence.plain()
            );
        }
    }
    assert_eq!(
        cohorts.into_iter().collect::<Vec<_>>(),
        ["2a", "2b", "2c"],
        "every allocation cohort"
    );
    for cohort in ["2a", "2b", "2c"] {
        let name = format!("print/{cohort}-en-GB-easy-read-01.pdf");
        checked(&entries[&name], &name);
        draw(&entries[&name], &format!("{cohort}-easy-read"), 4);
    }
    // The summary counts them; nothing else is in an easy-read print file.
    for (name, pdf) in entries.iter().filter(|(n, _)| n.contains("easy-read")) {
        let in_file = easy.iter().filter(|r| &r["print_file"] == name).count();
        let pages: usize = manifest
            .iter()
            .filter(|r| &r["print_file"] == name)
            .map(|r| r["pages"].parse::<usize>().unwrap())
            .sum();
        assert_eq!(
            Document::load_mem(pdf).unwrap().get_pages().len(),
            pages,
            "{name}: {in_file} letters"
        );
    }
}

#[test]
fn easy_read_letters_1_and_2_before_the_closure() {
    let dir = tempfile::tempdir().unwrap();
    let rows = easy_read_rows();
    let closure = sample_with(dir.path(), &rows);
    for (letter, cohort, date) in [
        ("1", Cohort::Notice1, "24/07/2026"),
        ("2", Cohort::Notice2, "24/08/2026"),
    ] {
        let out = dir.path().join(format!("out-{letter}"));
        let o = Dispersal::new(["notice"])
            .arg(&closure)
            .args(["--letter", letter, "--date", date, "--out"])
            .arg(&out)
            .output();
        let said = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert_eq!(o.status.code(), Some(0), "letter {letter}: {said}");
        let entries = zip_entries(&the_zip(&out));
        let manifest = csv_rows(&entries["manifest.csv"]);
        let easy: Vec<&BTreeMap<String, String>> = manifest
            .iter()
            .filter(|r| r["format"] == "easy-read")
            .collect();
        assert_eq!(easy.len(), rows.len(), "letter {letter}");
        let mut letters = composed(&closure, Some(cohort));
        // The letter's date is the notice's, not the closure's: compose the text the
        // run's way by reading its ids only.
        letters.retain(|id, _| easy.iter().any(|r| &r["letter_id"] == id));
        let name = format!("print/{letter}-en-GB-easy-read-01.pdf");
        for row in &easy {
            assert_eq!(row["print_file"], name);
            assert_eq!(row["check_failures"], "", "{}", row["letter_id"]);
            let pdf = &entries[&name];
            let first: usize = row["first_page"].parse().unwrap();
            let pages: usize = row["pages"].parse().unwrap();
            let text = letter_text(pdf, first, pages);
            let golden = constitution();
            let at = text
                .find(&golden[0])
                .unwrap_or_else(|| panic!("letter {letter}: {text}"));
            assert!(
                text[at + golden[0].len()..]
                    .trim_start()
                    .starts_with("This means you can choose your GP practice."),
                "{text}"
            );
            assert!(
                text.contains("These GP practices take new patients:"),
                "{text}"
            );
            if cohort == Cohort::Notice2 {
                assert!(
                    text.contains("we will sign you up with one near you"),
                    "{text}"
                );
            }
            let letter = &letters[row["letter_id"].as_str()];
            assert_eq!(
                figures(pdf, first, pages),
                alts(letter),
                "letter {letter:?}"
            );
        }
        checked(&entries[&name], &name);
        draw(&entries[&name], &format!("{letter}-easy-read"), 4);
    }
}

#[test]
fn easy_read_says_each_point_beside_its_picture_in_short_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let closure = sample_with(dir.path(), &easy_read_rows());
    for letter in composed(&closure, None).values() {
        let body = letter.content.easy_read.as_ref().unwrap();
        assert_eq!(letter.content.sizes.body, 16.0);
        assert!(letter.content.sizes.smallest() >= 16.0);
        // Every point has a picture and at least one line; each sentence is short.
        for item in &body.items {
            if let EasyItem::Point { alt, lines, .. } = item {
                assert!(!alt.is_empty() && !lines.is_empty());
            }
        }
        for line in body.lines() {
            if let EasyLine::Say { text, .. } = line {
                let text: &Text = text;
                let plain = text.plain();
                let sentences = plain.matches(['.', ':']).count().max(1);
                let words = plain.split_whitespace().count();
                assert!(
                    words / sentences <= 20,
                    "{}: {plain:?} is not short",
                    letter.letter_id
                );
            }
        }
    }
}

/// One part of a Word document, as text.
fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// How many images a Word document holds.
fn docx_media(docx: &[u8]) -> usize {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    archive
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("word/media/")))
        .count()
}

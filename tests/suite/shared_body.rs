//! Render stage: each shared letter body laid out once (issue 34). A print file made so must
//! be, byte for byte, the print file typst makes laying every letter out whole.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common;

use dispersal::compose::{self, Letter, Text, Wording};
use dispersal::render::{self, PrintFileSpec, Typesetter};
use dispersal::{batch, input, plan};

fn spec(language: &str) -> PrintFileSpec {
    PrintFileSpec {
        title: "Test letters".into(),
        author: "Test ICB".into(),
        language: language.into(),
        date: common::date(2026, 11, 24),
    }
}

/// The synthetic closure `dispersal bench` runs (every cohort, language and format, children,
/// large print), its letters grouped as print files group them.
fn synthetic_groups(patients: usize) -> Vec<(String, Vec<Letter>)> {
    let inputs = input::read(
        &PathBuf::from("bench/closure.toml"),
        &batch::synthetic(patients),
        None,
    )
    .expect("the synthetic closure reads");
    let plan = plan::plan_owned(inputs);
    let wording = Wording::load().expect("the locales load");
    let letters = compose::compose(&plan, &wording)
        .expect("the letters compose")
        .letters;
    let mut groups: BTreeMap<String, Vec<Letter>> = BTreeMap::new();
    for letter in letters {
        let key = format!(
            "{} {} {}",
            letter.cohort.code(),
            letter.language,
            letter.content.format.as_str()
        );
        groups.entry(key).or_default().push(letter);
    }
    groups.into_iter().collect()
}

fn assert_same_as_whole(name: &str, language: &str, letters: &[&Letter]) {
    let ts = Typesetter::new();
    let spec = spec(language);
    let shared = render::print_file(&ts, &spec, letters).expect("the shared path lays out");
    let whole = render::print_file_whole(&ts, &spec, letters).expect("the whole path lays out");
    assert_eq!(shared.letters, whole.letters, "{name}: letters placed");
    assert_eq!(shared.pages, whole.pages, "{name}: pages measured");
    assert!(
        shared.pdf == whole.pdf,
        "{name}: the PDF differs from the one laid out whole ({} and {} bytes)",
        shared.pdf.len(),
        whole.pdf.len()
    );
}

#[test]
fn a_print_file_of_shared_bodies_is_byte_for_byte_the_one_laid_out_whole() {
    let (composed_before, _, _) = render::shared_body_paths();
    let mut letters_made = 0;
    for (name, letters) in synthetic_groups(1500) {
        let language = letters[0].language.to_string();
        let chunk: Vec<&Letter> = letters.iter().take(50).collect();
        letters_made += chunk.len();
        assert_same_as_whole(&name, &language, &chunk);
    }
    let (composed, _, _) = render::shared_body_paths();
    // Most letters share a body with another of their print file (other tests running at the
    // same time may add to the count, never take from it).
    assert!(
        composed - composed_before > letters_made as u64 / 2,
        "{} of {letters_made} letters were made from a shared body",
        composed - composed_before
    );
}

/// krilla, as patched (vendor/PATCHED.md), writes a text object drawn again in the same PDF (a
/// shared body's lines on each of its letters' pages) as it wrote it the first time. Every
/// print file of every cohort, language and format must be byte for byte the one krilla writes
/// drawing each text object afresh.
#[test]
fn a_text_object_written_again_gives_the_pdf_written_afresh() {
    let ts = Typesetter::new();
    let groups = synthetic_groups(600);
    let files: Vec<(&str, String, Vec<&Letter>)> = groups
        .iter()
        .map(|(name, letters)| {
            let language = letters[0].language.to_string();
            (name.as_str(), language, letters.iter().take(20).collect())
        })
        .collect();
    let written_before = krilla::kept_glyph_runs_written();
    let kept: Vec<Vec<u8>> = files
        .iter()
        .map(|(_, language, letters)| {
            render::print_file(&ts, &spec(language), letters)
                .expect("the print file lays out")
                .pdf
        })
        .collect();
    let written = krilla::kept_glyph_runs_written() - written_before;
    krilla::keep_glyph_runs(false);
    let afresh: Vec<Vec<u8>> = files
        .iter()
        .map(|(_, language, letters)| {
            render::print_file(&ts, &spec(language), letters).map(|f| f.pdf)
        })
        .collect::<Result<_, _>>()
        .expect("the print files lay out");
    krilla::keep_glyph_runs(true);
    // Many of each page's lines are the same as the page before's.
    assert!(
        written > 1_000,
        "only {written} text objects were written again"
    );
    for (((name, _, letters), kept), afresh) in files.iter().zip(&kept).zip(&afresh) {
        assert!(
            kept == afresh,
            "{name} ({} letters): the PDF differs when text objects are written again ({} and {} bytes)",
            letters.len(),
            kept.len(),
            afresh.len()
        );
    }
}

#[test]
fn a_greeting_that_wraps_takes_the_whole_path_and_the_letter_is_the_same() {
    let groups = synthetic_groups(300);
    let (_, letters) = groups
        .iter()
        .find(|(name, letters)| name == "2a en-GB standard" && letters.len() >= 3)
        .expect("a print file of 2a letters in English");
    // Three letters of one body (the first letter's, under other ids).
    let mut letters: Vec<Letter> = (0..3)
        .map(|k| {
            let mut letter = letters[0].clone();
            let id = format!("{}-{k}", letter.letter_id);
            letter.record.letter_id = id.as_str().into();
            letter.content.letter_id = id;
            letter
        })
        .collect();
    letters[1].content.text.salutation = Text::Plain(format!(
        "Dear {}",
        "Mx Anastasia-Maria Montgomery-Fotheringham-Smythe ".repeat(3)
    ));
    let borrowed: Vec<&Letter> = letters.iter().collect();
    let (_, _, moved_before) = render::shared_body_paths();
    assert_same_as_whole("a wrapped greeting", "en-GB", &borrowed);
    let (_, _, moved) = render::shared_body_paths();
    assert!(
        moved > moved_before,
        "the wrapped greeting took the shared path"
    );
}

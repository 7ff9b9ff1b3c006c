//! Children's letters (issue 33, point 6): a patient under 16 on the letters' date gets a
//! letter addressed to their parent or guardian, in the envelope window and the greeting,
//! that names the child — in every cohort and locale, read back from the real PDF and the
//! Word letter. The window's rules still hold for a very long name; adults' letters are as
//! they were; the receiving practice's email and list mark the children.

use crate::common;
use crate::common::pdf::pdftotext_bytes;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{date, inputs, patient, practice};
use dispersal::compose::{self, Letter, Wording};
use dispersal::envelope;
use dispersal::model::{Inputs, LetterFormat};
use dispersal::plan::{self, Cohort, Plan, Purpose};
use dispersal::render::{self, PrintFileSpec, Typesetter};

/// The letters' date of the fixture closure.
const LETTERS_DATE: (i32, u32, u32) = (2026, 11, 24);

/// Rows: 2 Hao Liu, 11, allocated (2a); 3 a child not seen for 5 years (2b); 4 a child out of
/// area (2c); 5 an adult, allocated; 6 sixteen on the letters' date (an adult); 7 sixteen the
/// day after (a child).
fn fixture_inputs() -> Inputs {
    let (y, m, d) = LETTERS_DATE;
    assert_eq!(common::closure().letters.date, date(y, m, d));
    let mut hao = patient(2, "Hao", "Liu", &["14 Choumert Road", "London"], "SE15 4AR");
    hao.title = "Master".into();
    hao.date_of_birth = date(2015, 3, 4);
    let mut unseen = patient(3, "Maya", "Okafor", &["2 Bellenden Road"], "SE15 4QJ");
    unseen.title = "Miss".into();
    unseen.date_of_birth = date(2013, 6, 1);
    unseen.last_seen = None;
    let mut away = patient(
        4,
        "Tomás",
        "Costa",
        &["3 Sangley Road", "Catford"],
        "SE6 2JT",
    );
    away.date_of_birth = date(2019, 1, 9);
    let mut adult = patient(5, "Ada", "Price", &["13 Ryedale"], "SE15 4QR");
    adult.title = "Ms".into();
    let mut sixteen = patient(6, "Sam", "Reilly", &["11 Nutbrook Street"], "SE15 4QP");
    sixteen.date_of_birth = date(y - 16, m, d);
    let mut fifteen = patient(7, "Jo", "Reilly", &["11 Nutbrook Street"], "SE15 4QP");
    fifteen.date_of_birth = date(y - 16, m, d + 1);
    inputs(
        vec![hao, unseen, away, adult, sixteen, fifteen],
        vec![practice(
            2,
            "G85001",
            "Bellenden Road Surgery",
            "SE15 4QK",
            100,
        )],
    )
}

/// The allocation plan (2a, 2b, 2c) and the plans for letters 1 and 2.
fn plans() -> Vec<Plan> {
    let inputs = fixture_inputs();
    vec![
        plan::plan_for(inputs.clone(), Purpose::Allocation),
        plan::plan_for(inputs.clone(), Purpose::Notice(Cohort::Notice1)),
        plan::plan_for(inputs, Purpose::Notice(Cohort::Notice2)),
    ]
}

/// The letter of the patient on `row` in `plan`, worded in `tag`.
fn letter(plan: &Plan, row: usize, tag: &str, format: LetterFormat) -> Letter {
    let wording = Wording::load().unwrap();
    let entry = plan
        .entries
        .iter()
        .find(|e| e.row == row && e.gets_letter())
        .unwrap_or_else(|| panic!("row {row} gets a letter"));
    let patient = &entry.patient().unwrap();
    let locale = wording.get(tag).unwrap();
    compose::compose_letter(plan, entry, patient, locale, format, &wording).unwrap()
}

fn spec(tag: &str) -> PrintFileSpec {
    let (y, m, d) = LETTERS_DATE;
    PrintFileSpec {
        title: "children".into(),
        author: "Test ICB".into(),
        language: tag.into(),
        date: date(y, m, d),
    }
}

/// Whitespace made single spaces, as text wraps differently on the page.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Page 1's text as pdftotext reads it: all of it, and only what is inside the envelope
/// window (pdftotext's crop box, in points at 72 dpi).
fn read_back(pdf: &[u8]) -> (String, String) {
    let pt = |mm: f64| format!("{:.0}", mm * 72.0 / 25.4);
    let w = envelope::WINDOW;
    let window = pdftotext_bytes(
        pdf,
        &[
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "72",
            "-x",
            &pt(w.x0),
            "-y",
            &pt(w.y0),
            "-W",
            &pt(w.width()),
            "-H",
            &pt(w.height()),
        ],
    );
    (words(&pdftotext_bytes(pdf, &[])), words(&window))
}

#[test]
fn a_childs_letter_is_to_the_parent_or_guardian_and_names_the_child_in_every_cohort() {
    let plans = plans();
    let ts = Typesetter::new();
    let wording = Wording::load().unwrap();
    for tag in ["en-GB", "pl"] {
        let locale = wording.get(tag).unwrap();
        // 2a, 2b and 2c from the allocation plan; letters 1 and 2 to Hao.
        let letters: Vec<Letter> = [(0, 2), (0, 3), (0, 4), (1, 2), (2, 2)]
            .into_iter()
            .map(|(p, row)| letter(&plans[p], row, tag, LetterFormat::Standard))
            .collect();
        let codes: Vec<&str> = letters.iter().map(|l| l.cohort.code()).collect();
        assert_eq!(codes, ["2a", "2b", "2c", "1", "2"]);
        for l in &letters {
            let child = match l.row {
                2 => "Hao Liu",
                3 => "Maya Okafor",
                _ => "Tomás Costa",
            };
            let name = format!("{tag} {} {child}", l.cohort.code());
            let file = render::print_file(&ts, &spec(tag), &[l]).unwrap();
            let check = dispersal::check::check(
                l,
                &file.letters[0],
                &file.pages,
                common::closure().letters.postage,
            );
            assert!(
                check.verdict.failures.is_empty(),
                "{name}: {:?}",
                check.verdict.failures
            );
            assert_eq!(check.pages, 1, "{name}");
            let (text, window) = read_back(&file.pdf);
            // The window: to the parent or guardian, in English as the address is, naming
            // the child without the title ("Master").
            assert!(
                window.starts_with(&format!("The parent or guardian of {child} ")),
                "{name}: window {window:?}"
            );
            assert!(
                !text.contains("Master") && !text.contains("Miss"),
                "{name}: {text}"
            );
            // The greeting and the sentence after it, in the letter's language.
            let greeting = locale
                .text("salutation-child", &[("child", child.into())])
                .unwrap();
            let about = locale
                .text("child-about", &[("child", child.into())])
                .unwrap();
            assert!(
                text.contains(&words(&greeting)),
                "{name}: no {greeting:?} in {text}"
            );
            assert!(
                text.contains(&words(&about)),
                "{name}: no {about:?} in {text}"
            );
            if tag == "en-GB" {
                assert!(
                    text.contains(&format!("Dear parent or guardian of {child}")),
                    "{name}"
                );
                assert!(
                    text.contains(&format!("This letter is about {child}, who is under 16.")),
                    "{name}: {text}"
                );
            } else {
                assert!(text.contains(&format!("rodzicu lub opiekunie prawny dziecka {child}")));
                assert!(
                    text.contains(&format!("Ten list dotyczy dziecka {child}")),
                    "{name}"
                );
            }
            // The greeting comes before the sentence naming the child, and that before the body.
            let at = |s: &str| text.find(&words(s)).unwrap();
            assert!(at(&greeting) < at(&about), "{name}");
        }
    }
}

#[test]
fn a_childs_letter_reads_back_from_its_pdf_as_its_snapshot() {
    let plans = plans();
    let l = letter(&plans[0], 2, "en-GB", LetterFormat::Standard);
    let file = render::print_file(&Typesetter::new(), &spec("en-GB"), &[&l]).unwrap();
    let text = pdftotext_bytes(&file.pdf, &["-layout"]);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    insta::assert_snapshot!("child_letter_text_en-GB_2a", lines.join("\n"));
}

#[test]
fn under_16_is_on_the_letters_date_and_an_adults_letter_is_to_the_adult() {
    let plan = &plans()[0];
    let wording = Wording::load().unwrap();
    let source = wording.source();
    let prefix = source.text("window-child", &[]).unwrap();
    assert_eq!(prefix, "The parent or guardian of");
    // Sixteen on the letters' date: an adult, the letter as it always was.
    for (row, window, greeting) in [
        (5, "Ms Ada Price", "Dear Ms Price"),
        (6, "Mx Sam Reilly", "Dear Mx Reilly"),
    ] {
        let l = letter(plan, row, "en-GB", LetterFormat::Standard);
        assert_eq!(l.address_block()[0], window);
        assert_eq!(l.content.text.salutation.plain(), greeting);
        assert_eq!(l.content.text.child, None);
        let json = serde_json::to_value(&l.content).unwrap();
        assert!(json["text"].get("child").is_none(), "{json}");
    }
    // Sixteen tomorrow: still a child today.
    let l = letter(plan, 7, "en-GB", LetterFormat::Standard);
    assert_eq!(l.address_block()[0], "The parent or guardian of Jo Reilly");
    assert_eq!(
        l.content.text.salutation.plain(),
        "Dear parent or guardian of Jo Reilly"
    );
    assert!(
        l.content
            .text
            .child
            .as_ref()
            .unwrap()
            .plain()
            .contains("Jo Reilly, who is under 16"),
        "{:?}",
        l.content.text.child
    );
}

/// The worst case's patients (the longest names and addresses) made children.
fn worst_case_children() -> Plan {
    worst_case_children_for(Purpose::Allocation)
}

fn worst_case_children_for(purpose: Purpose) -> Plan {
    let mut inputs = dispersal::batch::worst_case_inputs();
    inputs
        .patients
        .change(|p| p.date_of_birth = date(2015, 5, 17));
    plan::plan_for(inputs, purpose)
}

#[test]
fn a_very_long_childs_name_is_shortened_or_put_below_the_window_line_and_fits_the_window() {
    // The worst case's 2b patient as a child: the longest name and a 7-line address.
    let worst = worst_case_children();
    let l = letter(&worst, 3, "en-GB", LetterFormat::Standard);
    assert_eq!(l.cohort, Cohort::NotSeen);
    assert_eq!(
        l.address_block()[..2],
        [
            "The parent or guardian of",
            "O A M Montgomery-Fotheringham-Oyelaran-Wickramasinghe"
        ]
    );
    assert_eq!(l.address_block().len(), envelope::MOST_LINES_FOR_PARENT);
    assert_eq!(
        l.content.text.salutation.plain(),
        "Dear parent or guardian of O A M Montgomery-Fotheringham-Oyelaran-Wickramasinghe"
    );
    // A long name, not that long: initials, on the one line.
    let mut inputs = fixture_inputs();
    let mut first = true;
    inputs.patients.change(|p| {
        if std::mem::take(&mut first) {
            p.given_name = "Alexander Benedict".into();
            p.family_name = "Fotheringham-Smythe".into();
        }
    });
    let plan = plan::plan_for(inputs, Purpose::Allocation);
    let short = letter(&plan, 2, "en-GB", LetterFormat::Standard);
    assert_eq!(
        short.address_block()[0],
        "The parent or guardian of A B Fotheringham-Smythe"
    );
    assert_eq!(
        short.content.text.salutation.plain(),
        "Dear parent or guardian of Alexander Benedict Fotheringham-Smythe"
    );
    // Both in standard and large print: every line inside the window, read back.
    let ts = Typesetter::new();
    for format in [LetterFormat::Standard, LetterFormat::LargePrint] {
        for l in [
            letter(&worst, 3, "en-GB", format),
            letter(&plan, 2, "en-GB", format),
        ] {
            let file = render::print_file(&ts, &spec("en-GB"), &[&l]).unwrap();
            let check = dispersal::check::check(
                &l,
                &file.letters[0],
                &file.pages,
                common::closure().letters.postage,
            );
            assert!(
                check.verdict.failures.is_empty(),
                "{:?}: {:?}",
                l.address_block(),
                check.verdict.failures
            );
            let (_, window) = read_back(&file.pdf);
            assert_eq!(window, words(&l.address_block().join(" ")), "{format:?}");
        }
    }
}

#[test]
fn every_childs_letter_fits_one_page_in_every_locale() {
    // The worst case's patients as children (the longest name and address, and in 2a the
    // longest practice name): laid out tighter where they would run onto a second side. And
    // Hao's 2a letter and letters 1 and 2.
    let worst = worst_case_children();
    let worst_notices = [Cohort::Notice1, Cohort::Notice2]
        .map(|cohort| worst_case_children_for(Purpose::Notice(cohort)));
    let plans = plans();
    let wording = Wording::load().unwrap();
    let ts = Typesetter::new();
    let mut problems = Vec::new();
    for locale in wording.locales() {
        for format in [LetterFormat::Standard, LetterFormat::LargePrint] {
            let letters = [
                letter(&worst, 2, &locale.tag, format),
                letter(&worst, 3, &locale.tag, format),
                letter(&worst, 4, &locale.tag, format),
                letter(&worst_notices[0], 2, &locale.tag, format),
                letter(&worst_notices[1], 2, &locale.tag, format),
                letter(&plans[0], 2, &locale.tag, format),
                letter(&plans[1], 2, &locale.tag, format),
                letter(&plans[2], 2, &locale.tag, format),
            ];
            for l in &letters {
                assert!(l.content.text.child.is_some());
                let file = render::print_file(&ts, &spec(&locale.tag), &[l]).unwrap();
                let check = dispersal::check::check(
                    l,
                    &file.letters[0],
                    &file.pages,
                    worst.closure.letters.postage,
                );
                let name = format!("{} {} {}", locale.tag, l.cohort.code(), format.as_str());
                if !check.verdict.failures.is_empty()
                    || (format == LetterFormat::Standard && check.pages != 1)
                {
                    problems.push(format!(
                        "{name}: {} pages, {:?}",
                        check.pages, check.verdict.failures
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The text of a Word document's body.
fn docx_text(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some((_, rest)) = piece.split_once('>') else {
            continue;
        };
        if let Some((t, _)) = rest.split_once("</w:t>") {
            out.push_str(t);
        }
        out.push(' ');
    }
    words(&out.replace("&quot;", "\"").replace("&amp;", "&"))
}

#[test]
fn the_word_letter_is_to_the_parent_or_guardian_too() {
    let plan = &plans()[0];
    for format in [LetterFormat::Standard, LetterFormat::LargePrint] {
        let l = letter(plan, 2, "en-GB", format);
        let text = docx_text(&render::docx(&l).unwrap());
        for expected in [
            "The parent or guardian of Hao Liu",
            "Dear parent or guardian of Hao Liu",
            "This letter is about Hao Liu, who is under 16. Where it says \"you\", it means Hao Liu.",
        ] {
            assert!(
                text.contains(expected),
                "{format:?}: no {expected:?} in {text}"
            );
        }
        assert!(!text.contains("Master"), "{text}");
    }
}

#[test]
fn the_receiving_practice_is_told_which_patients_are_children_and_to_register_a_parent() {
    let plan = &plans()[0];
    let emails = compose::practice_emails(plan);
    let email = emails
        .iter()
        .find(|e| e.practice.ods_code == "G85001")
        .unwrap();
    // Allocated: Hao (11), Ada (adult), Sam (16 today), Jo (16 tomorrow).
    assert_eq!((email.patients, email.children), (4, 2));
    let rendered = render::email(email).unwrap();
    for text in [&rendered.text, &rendered.html] {
        assert!(text.contains("2 of the patients are under 16"), "{text}");
        assert!(text.contains("\"Under 16\" column"), "{text}");
        assert!(text.contains("their letters were addressed to their parent or guardian"));
        assert!(
            text.contains(
                "The SEL process asks you to make sure each child's parent or guardian is registered with your practice too."
            ),
            "{text}"
        );
    }
    // The list marks them, and so does PCSE's workbook.
    let sheet = |bytes: &[u8], name: &str| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        book.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect()
    };
    let under_16_by_name = |rows: Vec<Vec<String>>, name_col: &[&str]| -> Vec<(String, String)> {
        let col = |h: &str| rows[0].iter().position(|c| c == h).unwrap();
        let under = col("Under 16");
        let names: Vec<usize> = name_col.iter().map(|h| col(h)).collect();
        rows[1..]
            .iter()
            .map(|r| {
                let name: Vec<&str> = names.iter().map(|&i| r[i].as_str()).collect();
                (name.join(" "), r[under].clone())
            })
            .collect()
    };
    let list = dispersal::package::practice_list_xlsx(plan, "G85001", None).unwrap();
    let mut marked = under_16_by_name(sheet(&list, "Allocated patients"), &["Name"]);
    marked.sort();
    assert_eq!(
        marked,
        [
            ("Master Hao Liu".to_string(), "Y".to_string()),
            ("Ms Ada Price".into(), "N".into()),
            ("Mx Jo Reilly".into(), "Y".into()),
            ("Mx Sam Reilly".into(), "N".into()),
        ]
    );
    let wording = Wording::load().unwrap();
    let letters = compose::compose(plan, &wording).unwrap().letters;
    let pcse = dispersal::package::allocation_workbook(plan, &letters, 0, None).unwrap();
    let marked = under_16_by_name(
        sheet(&pcse, "Patients to write to"),
        &["Given name", "Family name"],
    );
    assert_eq!(
        marked,
        [
            ("Hao Liu".to_string(), "Y".to_string()),
            ("Maya Okafor".into(), "Y".into()),
            ("Tomás Costa".into(), "Y".into()),
            ("Ada Price".into(), "N".into()),
            ("Sam Reilly".into(), "N".into()),
            ("Jo Reilly".into(), "Y".into()),
        ]
    );
}

#[test]
fn the_translators_review_workbook_has_the_childrens_messages() {
    let wording = Wording::load().unwrap();
    let rows = compose::export_rows(&wording, "pl").unwrap();
    let row = |id: &str| rows.iter().find(|r| r.id == id);
    let about = row("child-about").expect("child-about is exported");
    assert!(about.english.contains("{ $child }"), "{about:?}");
    assert!(about.current.contains("{ $child }"), "{about:?}");
    assert!(
        about
            .notes
            .contains("{ $child } is the child's given and family name"),
        "{about:?}"
    );
    assert!(row("salutation-child").is_some());
    // The window's line is English only, like the address: not the translator's.
    assert!(row("window-child").is_none());
    assert!(compose::SOURCE_ONLY.contains(&"window-child"));
    // Every translation's new messages are drafts, marked as the locale is.
    for locale in wording
        .locales()
        .filter(|l| l.tag != compose::SOURCE_LOCALE)
    {
        assert_eq!(locale.status, "draft", "{}", locale.tag);
        assert!(
            locale
                .letters_ftl
                .contains("## DRAFT (unreviewed, 2026-12-06): a child's letter"),
            "{}",
            locale.tag
        );
    }
}

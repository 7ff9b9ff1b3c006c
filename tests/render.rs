//! Render and check stage tests: real letters laid out by typst, measured, and read back
//! from the PDF bytes.

mod common;

use dispersal::check;
use dispersal::compose::{self, Wording};
use dispersal::plan;
use dispersal::render::{self, PrintFileSpec, Typesetter};

fn spec() -> PrintFileSpec {
    PrintFileSpec {
        title: "Test letters".into(),
        author: "Test ICB".into(),
        language: "en-GB".into(),
        date: common::date(2026, 11, 24),
    }
}

#[test]
fn worst_case_letters_fit_one_page_and_pass_every_check() {
    let inputs = common::worst_case_inputs();
    let plan = plan::plan(&inputs);
    let wording = Wording::load().unwrap();
    let composed = compose::compose(&plan, &wording).unwrap();
    assert_eq!(composed.letters.len(), 3);
    let ts = Typesetter::new();
    for letter in &composed.letters {
        let file = render::print_file(&ts, &spec(), &[letter]).unwrap();
        std::fs::write(format!("/tmp/{}.pdf", letter.letter_id), &file.pdf).unwrap();
        let c = check::check(
            letter,
            &file.letters[0],
            &file.pages,
            inputs.closure.letters.postage,
        );
        assert_eq!(
            c.failures,
            Vec::<String>::new(),
            "{}: {:?}",
            letter.letter_id,
            file.pages
        );
        assert!(c.eligible_50p);
    }
}

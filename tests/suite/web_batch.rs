//! The officers' web page around a batch: a batch stopped from its progress page (no zip, no
//! partial file, nothing in the ledger), progress in words with real counts, and every page
//! of a closure after its batches in an officer's words (no commands, flags, `hint:`, TOML,
//! "(s)" plurals or raw UTC stamps), with a bad date refused in the form's own terms.

use std::path::Path;
use std::time::{Duration, Instant};

use dispersal::input::Files;
use fantoccini::Locator;

use crate::web::{Browser, Officer, Server, sample_closure, settings_form};

/// The text of a page's `<main>`, its tags taken out and its entities read.
fn main_text(page: &str) -> String {
    let start = page.find("<main").unwrap_or(0);
    let end = page.find("</main>").unwrap_or(page.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// "0 of 0" as a count of its own (not the end of "10 of 0..." nor "0 of 0" in "20 of 0,5").
fn says_0_of_0(text: &str) -> bool {
    text.match_indices("0 of 0").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + "0 of 0".len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == ',')
            && !after.is_some_and(|c| c.is_ascii_digit() || c == ',')
    })
}

/// A moment as the ledger stamps it (`2026-12-06T15:09:04`), which no page shows.
fn has_raw_stamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(16).any(|w| {
        let d = |i: usize| w[i].is_ascii_digit();
        d(0) && d(1)
            && d(2)
            && d(3)
            && w[4] == b'-'
            && d(5)
            && d(6)
            && w[7] == b'-'
            && d(8)
            && d(9)
            && w[10] == b'T'
            && d(11)
            && d(12)
            && w[13] == b':'
            && d(14)
            && d(15)
    })
}

/// A line of TOML, `date = 2026-11-24`: a key's name, then " = " (not the "=" in a list of
/// characters, `( ) = [`).
fn has_toml(text: &str) -> bool {
    text.match_indices(" = ").any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// What a page of the officer's must never say: the command line's words.
fn command_line_words(text: &str) -> Vec<&'static str> {
    // "dispersal" is an officer's word (a dispersal of closing practices); a command is not.
    let command = [
        "plan",
        "run",
        "notice",
        "survey",
        "status",
        "history",
        "letter",
        "reallocate",
        "ledger",
        "serve",
        "preview",
        "check",
        "translations",
        "bench",
    ]
    .iter()
    .any(|c| text.contains(&format!("dispersal {c}")));
    ["(s)", "--", "hint:", "`"]
        .into_iter()
        .filter(|w| text.contains(w))
        .chain(command.then_some("dispersal "))
        .chain(has_toml(text).then_some("TOML"))
        .chain(has_raw_stamp(text).then_some("a raw UTC stamp"))
        .collect()
}

#[test]
fn the_words_checks_can_fail() {
    assert!(says_0_of_0("The batch is being made: plan, 0 of 0."));
    assert!(!says_0_of_0("Making the letters: 10 of 0,5 and 20 of 100"));
    assert!(has_raw_stamp("sent 2026-12-06T15:09:04Z"));
    assert!(!has_raw_stamp("sent 6 December 2026 at 15:09"));
    assert_eq!(
        command_line_words(
            "3 patient(s) were sent (the ledger has it; `dispersal history` shows it; run with --resend)"
        ),
        ["(s)", "--", "`", "dispersal "]
    );
    assert_eq!(command_line_words("write date = 2026-11-24"), ["TOML"]);
    assert_eq!(
        command_line_words("cannot start with (@ ( ) = [ ] ~)"),
        Vec::<&str>::new()
    );
    assert_eq!(
        command_line_words("Start a new dispersal. A dispersal of 2 closing practices"),
        Vec::<&str>::new()
    );
    assert_eq!(command_line_words("use dispersal status"), ["dispersal "]);
    assert_eq!(
        main_text("<main><p>Tom &amp; Jo&#39;s</p></main>").trim(),
        "Tom & Jo's"
    );
}

/// The batch page, polled until it says `what`; its HTML.
fn batch_page_saying(officer: &Officer, what: &str) -> String {
    let start = Instant::now();
    loop {
        let (_, page) = officer.get("/c/G85999/batch");
        if page.contains(what) {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "the batch page never said {what}: {page}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Every page of the sample closure after a batch and a second one with nobody new to write
/// to: the closure, check, survey, plan (and a search), batch, patient lookup and a patient's
/// own page, and the settings; then the settings sent with a bad date. None says what the
/// command line says.
#[test]
fn every_page_after_a_batch_is_in_an_officers_words() {
    let server = Server::start();
    let officer = Officer::new(&server);
    sample_closure(&officer);
    let (status, response) = officer.post("/c/G85999/batch", "passphrase=&passphrase_again=");
    assert_eq!(status, 303, "{response}");
    batch_page_saying(&officer, "The batch is ready");
    // A second batch: everybody was sent their letter, and the page says so in its words.
    let (status, response) = officer.post("/c/G85999/batch", "passphrase=&passphrase_again=");
    assert_eq!(status, 303, "{response}");
    let page = batch_page_saying(&officer, "Nobody to write to");
    let text = main_text(&page);
    assert!(
        text.contains("sent their letter by an earlier batch and are not written to again"),
        "{text}"
    );
    assert!(
        text.contains("A patient's own page shows what was sent to them"),
        "{text}"
    );

    // A patient the batch wrote to, looked up: their page's address.
    let (status, response) = officer.post("/c/G85999/patient", "nhs=999+202+9943");
    assert_eq!(status, 303, "{response}");
    let patient = response
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_else(|| panic!("{response}"))
        .trim()
        .to_string();

    let mut pages: Vec<(String, String)> = [
        "/",
        "/c/G85999",
        "/c/G85999/files",
        "/c/G85999/check",
        "/c/G85999/survey",
        "/c/G85999/plan",
        "/c/G85999/preview",
        "/c/G85999/batch",
        "/c/G85999/patient",
        patient.as_str(),
        "/c/G85999/settings",
    ]
    .iter()
    .map(|path| {
        let (status, page) = officer.get(path);
        assert_eq!(status, 200, "{path}: {page}");
        (path.to_string(), page)
    })
    .collect();
    // The plan's search answers with the address of what it found (Post/Redirect/Get).
    let (status, answer) = officer.post("/c/G85999/plan", "q=Liu");
    assert_eq!(status, 303, "{answer}");
    let found = answer
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .and_then(|l| l.split('#').next())
        .unwrap()
        .trim()
        .to_string();
    let (status, page) = officer.get(&found);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Liu"), "{page}");
    pages.push(("the plan's search".into(), page));
    let bad_date = settings_form().replace("letters.date=24/11/2026", "letters.date=31/02/2026");
    let (status, page) = officer.post("/new", &bad_date);
    assert_eq!(status, 422, "{page}");
    pages.push(("the settings with a bad date".into(), page));

    for (path, page) in &pages {
        let text = main_text(page);
        assert_eq!(
            command_line_words(&text),
            Vec::<&str>::new(),
            "{path}: {text}"
        );
    }
    // The batch page never counts nothing (the plan's chart is another matter: point 9).
    let batch = main_text(&pages[7].1);
    assert!(!says_0_of_0(&batch), "{batch}");
    let closure = main_text(&pages[1].1);
    assert!(closure.contains("Second class"), "{closure}");
    assert!(closure.contains("24 November 2026"), "{closure}");
}

/// A bad date in the settings form is named in the form's own terms (day/month/year, with an
/// example in that form), beside its field and in the summary that links to it.
#[test]
fn a_bad_date_is_refused_beside_its_field_in_the_forms_terms() {
    let server = Server::start();
    let officer = Officer::new(&server);
    let said = "Enter the date on the letters as day/month/year, for example 24/11/2026";
    for typed in ["31/02/2026", "2026-13-01", "next Tuesday", "24/11/26"] {
        let form = settings_form().replace(
            "letters.date=24/11/2026",
            &format!("letters.date={}", typed.replace(' ', "+")),
        );
        let (status, page) = officer.post("/new", &form);
        assert_eq!(status, 422, "{typed}: {page}");
        // Beside the field: its error message, then the field, which keeps what was typed.
        let message = format!(
            "<span class=\"nhsuk-error-message\" id=\"letters-date-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {said}</span>"
        );
        let at = page
            .find(&message)
            .unwrap_or_else(|| panic!("{typed}: {page}"));
        let field = page[at..].find("id=\"letters-date\"").unwrap();
        assert!(
            !page[at..at + field].contains("nhsuk-form-group"),
            "{typed}: the message is in the field's group"
        );
        assert!(
            page[at..].contains(&format!("value=\"{typed}\"")),
            "{typed}: {page}"
        );
        // In the summary, linked to the field.
        assert!(
            page.contains(&format!("<a href=\"#letters-date\">{said}</a>")),
            "{typed}: {page}"
        );
        assert!(!page.contains("write date"), "{typed}: {page}");
        assert!(!page.contains("2026-11-24"), "{typed}: {page}");
    }
}

/// Writes a synthetic list of `patients` (and its practices) for the files page.
fn synthetic_files(patients: usize) -> (Vec<u8>, Vec<u8>) {
    let closure = dispersal::batch::synthetic(patients);
    (
        closure.read(Path::new("bench-patients.csv")).unwrap(),
        closure.read(Path::new("bench-practices.csv")).unwrap(),
    )
}

/// The runs a closure's ledger has, in any state; none when there is no ledger.
fn ledger_runs(ws: &Path) -> i64 {
    let path = ws.join("G85999/dispersal.sqlite");
    if !path.exists() {
        return 0;
    }
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .unwrap()
}

/// A batch of a big list started by mistake, stopped from its progress page: the page showed
/// real progress in words (never "0 of 0"), and once stopped it says so; no zip and no
/// partial file are left, and the ledger records nothing. A refresh sends nothing again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_stops_a_batch_in_the_browser() {
    let server = Server::start();
    let officer = Officer::new(&server);
    officer.new_closure();
    let (patients, practices) = synthetic_files(8_000);
    let (status, response) = officer.upload(
        "/c/G85999/files",
        &[
            ("practices", "practices.csv", &practices),
            ("patients", "patients.csv", &patients),
        ],
    );
    assert_eq!(status, 303, "{response}");

    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path()).await;
    let c = &b.client;
    let base = format!("http://127.0.0.1:{}", server.port);
    c.goto(&server.url).await.unwrap();
    c.goto(&format!("{base}/c/G85999/batch")).await.unwrap();
    b.click("#make").await;
    // Progress in words, read as the page reloads itself, until the letters are being made.
    let start = Instant::now();
    let mut said: Vec<String> = Vec::new();
    loop {
        let text = b.text().await;
        assert!(!says_0_of_0(&text), "{text}");
        assert!(
            !text.contains("The batch is ready"),
            "it finished before it was stopped"
        );
        let doing = text
            .lines()
            .find(|l| l.starts_with("Making the letters: "))
            .map(str::to_string);
        if let Some(doing) = doing {
            said.push(doing);
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "the letters were never being made: {text}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let doing = said.last().unwrap();
    let total: usize = doing
        .rsplit(" of ")
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{doing}"));
    assert!(total > 1_000, "the letters are counted: {doing}");
    assert!(
        c.find(Locator::Id("progress")).await.is_ok(),
        "a bar for the letters"
    );
    b.shot("web-batch-01-running").await;

    b.click("#stop").await;
    b.assert_at(&base, "/c/G85999/batch").await;
    let start = Instant::now();
    while c.find(Locator::Id("stopped")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the batch did not stop: {}",
            b.text().await
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let text = b.text().await;
    assert!(text.contains("The batch was stopped"), "{text}");
    assert!(
        text.contains("No zip was made and nothing was recorded in the ledger"),
        "{text}"
    );
    assert!(!text.contains("could not be made"), "no error: {text}");
    assert!(c.find(Locator::Id("download")).await.is_err());
    assert!(
        c.find(Locator::Id("make")).await.is_ok(),
        "it can be made again"
    );
    b.look("web-batch-02-stopped").await;

    // Nothing left: no zip, no partial file, no scratch folder, no run in the ledger.
    let batches = server.ws().join("G85999/batches");
    let left: Vec<String> = std::fs::read_dir(&batches)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(left, Vec::<String>::new(), "{batches:?}");
    assert_eq!(ledger_runs(&server.ws()), 0);

    // Refreshing the page after stopping sends nothing again: it is the page, got.
    c.refresh().await.unwrap();
    assert!(b.text().await.contains("The batch was stopped"));
    assert_eq!(officer.get("/c/G85999/batch").0, 200);
}

//! The patient page, as an officer answering a patient's call uses it after an encrypted
//! batch (issue 32, points 6 and 7): a deceased patient's page explains why there is no
//! letter and offers nothing; a refusal keeps what was typed; the reallocation and the letter
//! made again are encrypted with the passphrase the page asks for; a refresh after any form
//! sends nothing again; every file the page wrote is its owner's only. And a later batch's
//! plan.csv holds only the rows that batch is about.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::web::{Browser, Officer, Server, sample_closure};
use dispersal::batch::{self, BatchOptions};

const PASSPHRASE: &str = "correct horse battery staple";

/// A deceased patient on the sample's list.
const DECEASED: &str = "999 443 1773";

/// How many runs the closure's ledger has recorded.
fn runs(ws: &Path) -> i64 {
    rusqlite::Connection::open(ws.join("G85999/dispersal.sqlite"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM runs WHERE state = 'recorded'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A patient the batch sent letter 2a, and the practice it allocated them to.
fn allocated_patient(ws: &Path) -> (String, String) {
    rusqlite::Connection::open(ws.join("G85999/dispersal.sqlite"))
        .unwrap()
        .query_row(
            "SELECT nhs_number, receiving_ods FROM letters WHERE cohort = '2a' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Every entry of the zip is encrypted; their names.
fn encrypted_entries(zip: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    assert!(!archive.is_empty(), "{}", zip.display());
    (0..archive.len())
        .map(|i| {
            let entry = archive.by_index_raw(i).unwrap();
            let name = entry.name().unwrap().to_string();
            assert!(
                entry.encrypted(),
                "{}: {name} is not encrypted",
                zip.display()
            );
            name
        })
        .collect()
}

/// Every file under `dir` is 0600 and every folder 0700; how many there are.
fn all_private(dir: &Path) -> usize {
    use std::os::unix::fs::PermissionsExt;
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        if path.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            seen += all_private(&path);
        } else {
            assert_eq!(mode, 0o600, "{}", path.display());
        }
        seen += 1;
    }
    seen
}

/// The options of the new-practice list: (ODS code, text).
async fn choices(b: &Browser) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for option in b.client.find_all(Locator::Css("#to option")).await.unwrap() {
        found.push((
            option.attr("value").await.unwrap().unwrap_or_default(),
            option.text().await.unwrap(),
        ));
    }
    found
}

async fn has(b: &Browser, css: &str) -> bool {
    !b.client
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .is_empty()
}

/// Looks a patient up from the look-up form.
async fn look_up(b: &Browser, base: &str, nhs: &str) {
    b.client
        .goto(&format!("{base}/c/G85999/patient"))
        .await
        .unwrap();
    b.fill("nhs", nhs).await;
    b.click("main form button").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_patient_page_offers_only_what_can_be_done_and_keeps_data_encrypted() {
    let server = Server::start();
    let officer = Officer::new(&server);
    sample_closure(&officer);
    let (status, response) = officer.post(
        "/c/G85999/batch",
        "passphrase=correct+horse+battery+staple&passphrase_again=correct+horse+battery+staple",
    );
    assert_eq!(status, 303, "{response}");
    let start = Instant::now();
    while !officer
        .get("/c/G85999/batch")
        .1
        .contains("The batch is ready")
    {
        assert!(start.elapsed() < Duration::from_secs(600), "no batch");
        std::thread::sleep(Duration::from_millis(300));
    }
    let ws = server.ws();
    assert_eq!(runs(&ws), 1);
    let (nhs, allocated) = allocated_patient(&ws);

    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path()).await;
    let c = &b.client;
    let base = format!("http://127.0.0.1:{}", server.port);
    c.goto(&server.url).await.unwrap();

    // A deceased patient: why there is no letter, and no form to make one or move them.
    look_up(&b, &base, DECEASED).await;
    let page = b.text().await;
    assert!(
        page.contains("No letter can be made for this patient"),
        "{page}"
    );
    assert!(page.contains("deceased"), "{page}");
    for button in ["#reissue", "#reallocate", "#lang", "#to"] {
        assert!(
            !has(&b, button).await,
            "{button} on a deceased patient's page"
        );
    }
    b.look("p01-deceased").await;

    // The allocated patient: the choices are the engine's eligible practices, nearest first,
    // with places left, never the current one; both forms ask for the passphrase.
    look_up(&b, &base, &nhs).await;
    let patient_url = c.current_url().await.unwrap().to_string();
    assert!(has(&b, "#letter_passphrase").await && has(&b, "#change_passphrase").await);
    let offered = choices(&b).await;
    assert!(!offered.is_empty());
    assert!(
        offered
            .iter()
            .all(|(ods, text)| *ods != allocated && text.contains("left)")),
        "{offered:?}"
    );
    let inputs = crate::common::sample_inputs();
    let patient = inputs
        .patients
        .iter()
        .find(|p| p.nhs_number.to_string() == nhs)
        .unwrap();
    let eligible: Vec<String> = dispersal::plan::eligible_practices(&patient, &inputs)
        .into_iter()
        .map(|(i, _)| inputs.practices[i].ods_code.clone())
        .filter(|ods| *ods != allocated)
        .collect();
    let offered_codes: Vec<String> = offered.iter().map(|(ods, _)| ods.clone()).collect();
    // (The nearer ones left out are full.)
    assert!(
        offered_codes.iter().all(|o| eligible.contains(o)),
        "offered {offered_codes:?}, eligible nearest first {eligible:?}"
    );
    let order: Vec<usize> = offered_codes
        .iter()
        .map(|o| eligible.iter().position(|e| e == o).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "nearest first: {order:?}"
    );
    b.look("p02-allocated").await;

    // A refusal (a passphrase too short) keeps the reason typed and the practice chosen, and
    // sends nothing.
    let reason = "The practice removed this patient in 2024";
    let second = offered_codes.get(1).unwrap_or(&offered_codes[0]).clone();
    b.select("to", &second).await;
    b.fill("reason", reason).await;
    b.fill("change_passphrase", "short").await;
    b.fill("change_passphrase_again", "short").await;
    b.click("#reallocate").await;
    let page = b.text().await;
    assert!(page.contains("at least 12 characters"), "{page}");
    let typed = c
        .find(Locator::Id("reason"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some(reason));
    let chosen = c
        .find(Locator::Id("to"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(chosen.as_deref(), Some(second.as_str()));
    assert_eq!(
        c.title().await.unwrap().split(" - ").next(),
        Some("Error: A patient")
    );
    assert_eq!(runs(&ws), 1, "a refusal records nothing");
    b.look("p03-refused").await;
    c.refresh().await.unwrap();
    assert_eq!(runs(&ws), 1, "a refresh of a refusal sends nothing");

    // The reallocation, encrypted with the passphrase asked for.
    b.fill("reason", reason).await;
    b.fill("change_passphrase", PASSPHRASE).await;
    b.fill("change_passphrase_again", PASSPHRASE).await;
    b.click("#reallocate").await;
    let page = b.text().await;
    assert!(page.contains(&format!("Reallocated to {second}")), "{page}");
    assert!(page.contains("The zip is encrypted"), "{page}");
    assert_eq!(runs(&ws), 2);
    assert!(
        b.text().await.contains("reallocation ("),
        "the history shows it"
    );
    b.look("p04-reallocated").await;
    c.refresh().await.unwrap();
    assert!(b.text().await.contains(&format!("Reallocated to {second}")));
    assert_eq!(
        runs(&ws),
        2,
        "a refresh after the reallocation sends nothing"
    );
    b.click_download("#reallocated-download").await;
    let zip = b.downloaded(".zip");
    let entries = encrypted_entries(&zip);
    assert!(
        entries.iter().any(|e| e.starts_with("letter/"))
            && entries.iter().any(|e| e.starts_with("emails/")),
        "{entries:?}"
    );
    // Now allocated to the new practice: it is no longer offered.
    c.goto(&patient_url).await.unwrap();
    assert!(choices(&b).await.iter().all(|(ods, _)| *ods != second));

    // The letter made again, in Polish: encrypted too, confirmed on the page with the history
    // updated, without a reload.
    b.select("lang", "pl").await;
    b.fill("letter_passphrase", PASSPHRASE).await;
    b.fill("letter_passphrase_again", PASSPHRASE).await;
    b.click("#reissue").await;
    let page = b.text().await;
    assert!(page.contains("made"), "{page}");
    assert!(
        page.contains("A PDF to print, in Polish, standard print."),
        "the language by its name: {page}"
    );
    assert!(page.contains("encrypted with the passphrase"), "{page}");
    let history = b.text_of("//*[@id='history']").await;
    assert!(history.contains("reissue"), "{history}");
    assert!(history.contains("pl, standard"), "{history}");
    assert_eq!(runs(&ws), 3);
    b.look("p05-letter-made").await;
    c.refresh().await.unwrap();
    assert_eq!(runs(&ws), 3, "a refresh after the letter sends nothing");
    b.click_download("#made-download").await;
    let letter = b.downloaded("-pl-standard.pdf.zip");
    let entries = encrypted_entries(&letter);
    assert!(
        entries.iter().any(|e| e.ends_with("-pl-standard.pdf")),
        "{entries:?}"
    );

    // The same letter in braille, for a patient who reads it: a BRF with its print cover
    // letter, both in the encrypted zip, recorded in braille.
    b.select("lang", "en-GB").await;
    c.find(Locator::Id("print-braille"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.fill("letter_passphrase", PASSPHRASE).await;
    b.fill("letter_passphrase_again", PASSPHRASE).await;
    b.click("#reissue").await;
    let page = b.text().await;
    assert!(
        page.contains("A braille file (BRF) for an embosser, with its cover letter to print, in English, braille."),
        "{page}"
    );
    let history = b.text_of("//*[@id='history']").await;
    assert!(history.contains("en-GB, braille"), "{history}");
    b.look("p06-braille-made").await;
    b.click_download("#made-download").await;
    let letter = b.downloaded("-en-GB-braille.brf.zip");
    let entries = encrypted_entries(&letter);
    for part in ["-en-GB-braille-cover.pdf", "-en-GB-braille.brf"] {
        assert!(entries.iter().any(|e| e.ends_with(part)), "{entries:?}");
    }

    // Every file the page wrote is its owner's only.
    assert!(all_private(&ws) > 10);
    c.clone().close().await.unwrap();
}

/// A later batch's plan.csv holds the rows it is about: its letters and what is new, not the
/// excluded and rejected rows the first batch's plan.csv gave.
#[test]
fn a_later_batch_s_plan_csv_holds_only_the_rows_it_is_about() {
    let dir = tempfile::tempdir().unwrap();
    let options = BatchOptions {
        ledger: Some(dir.path().join("ledger.sqlite")),
        ..BatchOptions::default()
    };
    let first = batch::run(
        crate::common::sample_inputs(),
        dir.path(),
        &options,
        &mut |_| {},
    )
    .unwrap();
    let plan_csv = |zip: &Path| {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        let mut text = String::new();
        archive
            .by_name("plan.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let first_plan = plan_csv(first.zip.as_deref().unwrap());
    assert!(first_plan.contains(",excluded,") && first_plan.contains(",rejected,"));

    // PCSE's refreshed list: one patient more, not seen for years like the second (2b: no
    // place needed).
    let mut inputs = crate::common::sample_inputs();
    let mut newcomer = inputs.patients.get(1).unwrap();
    newcomer.nhs_number = batch::test_nhs_number(424_242);
    newcomer.row = 999;
    inputs.patients.push(&newcomer);
    let second = batch::run(inputs, dir.path(), &options, &mut |_| {}).unwrap();
    assert_eq!(second.letters.len(), 1, "{}", second.summary_text);
    let second_plan = plan_csv(second.zip.as_deref().unwrap());
    // The newcomer, and the patients still to be placed (no practice had room): nobody the
    // first plan.csv gave as excluded or rejected.
    let number = batch::test_nhs_number(424_242).to_string();
    let rows: Vec<&str> = second_plan.lines().skip(1).collect();
    let (new, rest): (Vec<&str>, Vec<&str>) = rows.iter().partition(|r| r.contains(&number));
    assert_eq!(new.len(), 1, "{second_plan}");
    assert!(new[0].contains(",2b,"), "{second_plan}");
    assert!(
        rest.iter()
            .all(|r| r.contains(",2a,") && r.contains("unallocated")),
        "{second_plan}"
    );
    assert!(!second_plan.contains(DECEASED), "{second_plan}");
    assert!(
        !second_plan.contains(",excluded,") && !second_plan.contains(",rejected,"),
        "{second_plan}"
    );
}

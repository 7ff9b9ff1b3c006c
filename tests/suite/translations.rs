//! Translation review tests, through the real binary: `translations export` writes the
//! translator's workbook, a translator's reviewed cell comes back through `translations
//! import`, and `letter`, `run` and `plan --locales` use it; a broken message is refused with
//! exit 2, naming its sheet, row and column and the message id, and no other message. Needs
//! poppler's `pdftotext` (`.ci/run` installs it); fails without it rather than passing
//! untested.

use crate::common;
use crate::common::pdf::pdftotext;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::cli::dispersal;
use calamine::{Reader, Xlsx};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}

/// The Polish patient of the bundled sample.
const POLISH_PATIENT: &str = "9991861343";

/// A sheet of a workbook as rows of text.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names().to_vec()
}

/// The exported workbook as a translator sends it back: `reviewed` filled in for `id`.
/// Written with the project's XLSX writer crate, as Excel would save it.
fn reviewed_workbook(exported: &Path, out: &Path, changes: &[(&str, &str)]) {
    edited_workbook(exported, out, changes, &[]);
}

/// The exported workbook with `reviewed` filled in for each id of `changes`, and the id
/// column of each row of `ids` (old, new) changed.
fn edited_workbook(exported: &Path, out: &Path, changes: &[(&str, &str)], ids: &[(&str, &str)]) {
    let rows = sheet(exported, "Messages");
    let reviewed = rows[0].iter().position(|h| h == "reviewed").unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Messages").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
        if let Some((_, new)) = changes.iter().find(|(id, _)| *id == row[0]) {
            sheet.write_string(r as u32, reviewed as u16, *new).unwrap();
        }
        if let Some((_, new)) = ids.iter().find(|(id, _)| *id == row[0]) {
            sheet.write_string(r as u32, 0, *new).unwrap();
        }
    }
    book.save(out).unwrap();
}

/// The row of message `id` in an exported workbook, 1-based as the translator sees it.
fn row_of(exported: &Path, id: &str) -> usize {
    sheet(exported, "Messages")
        .iter()
        .position(|r| r[0] == id)
        .unwrap()
        + 1
}

fn export_pl(dir: &Path) -> PathBuf {
    let path = dir.join("pl-review.xlsx");
    let out = dispersal(&[
        "translations",
        "export",
        "--lang",
        "pl",
        "--out",
        path.to_str().unwrap(),
    ]);
    ok(&out);
    path
}

fn import(dir: &Path, workbook: &Path) -> Output {
    dispersal(&[
        "translations",
        "import",
        workbook.to_str().unwrap(),
        "--reviewer",
        "Anna Kowalska",
        "--out",
        dir.join("locales").to_str().unwrap(),
    ])
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const REVIEWED: &str = "Pisaliśmy już do Państwa wcześniej z prośbą o zapisanie się do innej przychodni lekarza rodzinnego.";

#[test]
fn the_workbook_has_one_row_per_message_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let path = export_pl(dir.path());
    assert_eq!(sheet_names(&path), ["Messages", "Instructions"]);
    let rows = sheet(&path, "Messages");
    assert_eq!(
        rows[0],
        ["id", "english", "current", "notes", "reviewed", "comments"]
    );
    let wording = dispersal::compose::Wording::load().unwrap();
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, wording.get("pl").unwrap().message_ids());
    let closure = rows.iter().find(|r| r[0] == "practice-closure").unwrap();
    assert!(
        closure[1].contains("{ $practice } closed on { $date }."),
        "{closure:?}"
    );
    assert!(closure[2].contains("{ $practice }"), "{closure:?}");
    assert!(
        closure[3].contains("{ $practice } is the name of the practice that is closing"),
        "{closure:?}"
    );
    assert!(rows[1..].iter().all(|r| r.len() < 5 || r[4].is_empty()));
    let instructions: Vec<String> = sheet(&path, "Instructions")
        .into_iter()
        .map(|r| r.join(""))
        .collect();
    insta::assert_snapshot!("review_instructions", instructions.join("\n"));
}

#[test]
fn a_reviewed_sentence_reaches_the_letter_and_the_manifest_says_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let exported = export_pl(dir.path());
    let back = dir.path().join("pl-review-back.xlsx");
    reviewed_workbook(&exported, &back, &[("wrote-before", REVIEWED)]);
    let out = dispersal(&[
        "translations",
        "import",
        back.to_str().unwrap(),
        "--lang",
        "pl",
        "--reviewer",
        "Anna Kowalska",
        "--out",
        dir.path().join("locales").to_str().unwrap(),
    ]);
    ok(&out);
    let locales = dir.path().join("locales");
    let toml = std::fs::read_to_string(locales.join("pl/locale.toml")).unwrap();
    assert!(toml.contains("status = \"reviewed\""), "{toml}");
    assert!(toml.contains("reviewer = \"Anna Kowalska\""), "{toml}");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    assert!(toml.contains(&format!("reviewed_on = {today}")), "{toml}");
    let ftl = std::fs::read_to_string(locales.join("pl/letters.ftl")).unwrap();
    assert!(ftl.contains(&format!("wrote-before = {REVIEWED}")), "{ftl}");
    assert!(!ftl.contains("DRAFT"), "{ftl}");

    let pdf = dir.path().join("pl.pdf");
    let out = dispersal(&[
        "letter",
        "--sample",
        "--locales",
        locales.to_str().unwrap(),
        "--nhs-number",
        POLISH_PATIENT,
        "--lang",
        "pl",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(
        text(&out.stdout).contains("translation reviewed"),
        "{}",
        text(&out.stdout)
    );
    let letter = normalise(&pdftotext(&pdf, &[]));
    assert!(letter.contains(REVIEWED), "{letter}");

    let out = dispersal(&[
        "run",
        "--sample",
        "--locales",
        locales.to_str().unwrap(),
        "--out",
        dir.path().join("batch").to_str().unwrap(),
    ]);
    ok(&out);
    let zip_path = PathBuf::from(text(&out.stdout).lines().last().unwrap());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut manifest = String::new();
    zip.by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let language = headers.iter().position(|h| h == "language").unwrap();
    let status = headers
        .iter()
        .position(|h| h == "translation_status")
        .unwrap();
    let statuses: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[language].to_string(), r[status].to_string()))
        .collect();
    assert!(
        statuses.contains(&("pl".into(), "reviewed".into())),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&("ro".into(), "draft".into())),
        "{statuses:?}"
    );
}

/// The import of one broken reviewed cell: exit 2, the row and message named, nothing
/// written.
fn refused(id: &str, reviewed: &str) -> String {
    let stderr = refused_edits(&[(id, reviewed)], &[]);
    assert!(stderr.contains(&format!("message \"{id}\"")), "{stderr}");
    stderr
}

/// The import of a workbook with these reviewed cells and ids changed (see
/// [`edited_workbook`]): exit 2, nothing written; its stderr.
fn refused_edits(changes: &[(&str, &str)], ids: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let exported = export_pl(dir.path());
    edited_workbook(&exported, &exported, changes, ids);
    let out = import(dir.path(), &exported);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(!dir.path().join("locales").exists(), "nothing written");
    text(&out.stderr).replace(&dir.path().display().to_string(), "[DIR]")
}

/// The message ids an import's errors name, in the order they name them.
fn named(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .filter_map(|l| l.split("message \"").nth(1)?.split('"').next())
        .collect()
}

/// Issue 29: an unclosed `{` in `salutation`'s reviewed cell was blamed on `sign-off`
/// (row 21, untouched), and `salutation` called missing. The steps, as typed.
#[test]
fn a_broken_reviewed_cell_is_blamed_on_its_own_row_and_no_other_message() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("pl-review.xlsx");
    let out = dispersal(&[
        "translations",
        "export",
        "--lang",
        "pl",
        "--out",
        workbook.to_str().unwrap(),
    ]);
    ok(&out);
    let row = row_of(&workbook, "salutation");
    assert_eq!(row_of(&workbook, "sign-off"), row + 1);
    reviewed_workbook(&workbook, &workbook, &[("salutation", "Szanowny { $nam")]);
    let out_dir = dir.path().join("out");
    let out = dispersal(&[
        "translations",
        "import",
        workbook.to_str().unwrap(),
        "--reviewer",
        "A N Other",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(!out_dir.exists(), "nothing written");
    let stderr = text(&out.stderr).replace(&dir.path().display().to_string(), "[DIR]");
    assert_eq!(named(&stderr), ["salutation"], "{stderr}");
    assert!(
        stderr.contains(&format!(
            "sheet \"Messages\": row {row}, column \"reviewed\", message \"salutation\": "
        )),
        "{stderr}"
    );
    assert!(stderr.contains("\n  hint: "), "{stderr}");
    assert!(!stderr.contains("sign-off"), "{stderr}");
    assert!(!stderr.contains("missing"), "{stderr}");
    insta::assert_snapshot!("review_unclosed_brace_blamed", stderr);
}

#[test]
fn two_broken_reviewed_cells_are_each_named_once_in_row_order() {
    let stderr = refused_edits(
        &[
            ("heading-2b", "Państwa rejestracja } wygasła"),
            ("salutation", "Szanowny { $nam"),
        ],
        &[],
    );
    assert_eq!(named(&stderr), ["salutation", "heading-2b"], "{stderr}");
    assert!(!stderr.contains("sign-off"), "{stderr}");
    assert!(!stderr.contains("missing"), "{stderr}");
    insta::assert_snapshot!("review_two_broken", stderr);
}

#[test]
fn an_edited_id_is_blamed_on_the_row_that_was_edited() {
    let stderr = refused_edits(&[], &[("salutation", "sign-off")]);
    assert_eq!(named(&stderr), ["sign-off"], "{stderr}");
    insta::assert_snapshot!("review_edited_id", stderr);
}

#[test]
fn a_removed_variable_is_refused() {
    insta::assert_snapshot!(
        "review_removed_variable",
        refused("heading-2b", "Państwa rejestracja w przychodni wygasła")
    );
}

#[test]
fn a_fluent_syntax_error_is_refused() {
    insta::assert_snapshot!(
        "review_syntax_error",
        refused("heading-2b", "Państwa rejestracja w { $practice wygasła")
    );
}

#[test]
fn a_character_no_letter_font_has_is_refused() {
    insta::assert_snapshot!(
        "review_emoji",
        refused("wrote-before", "Pisaliśmy już do Państwa \u{1F600}.")
    );
    insta::assert_snapshot!(
        "review_georgian",
        refused("sign-off", "Z poważaniem \u{10D0}")
    );
}

#[test]
fn a_message_that_pushes_a_letter_to_two_pages_is_refused() {
    let long = [REVIEWED; 12].join(" ");
    insta::assert_snapshot!("review_too_long", refused("wrote-before", &long));
}

#[test]
fn a_text_message_over_notifys_limit_is_refused() {
    let long = format!(
        "{{ $practice }} zostanie zamknięta {{ $date }}. {} Telefon: {{ $phone }}.",
        "Prosimy o rejestrację w innej przychodni. ".repeat(25)
    );
    let stderr = refused("sms-1", &long);
    assert!(
        stderr.contains("the text message is")
            && stderr.contains("GOV.UK Notify sends at most 918"),
        "{stderr}"
    );
}

#[test]
fn a_bad_locales_folder_stops_run_letter_and_plan_at_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let locales = dir.path().join("locales");
    std::fs::create_dir_all(locales.join("pl")).unwrap();
    std::fs::write(
        locales.join("pl/locale.toml"),
        include_str!("../../locales/pl/locale.toml"),
    )
    .unwrap();
    std::fs::write(
        locales.join("pl/letters.ftl"),
        include_str!("../../locales/pl/letters.ftl").replace("{ $practice }", "{ $praktyka }"),
    )
    .unwrap();
    let locales = locales.to_str().unwrap();
    let out_dir = dir.path().join("out");
    let out_dir = out_dir.to_str().unwrap();
    for args in [
        vec!["plan", "--sample", "--locales", locales, "--out", out_dir],
        vec!["run", "--sample", "--locales", locales, "--out", out_dir],
        vec![
            "letter",
            "--sample",
            "--locales",
            locales,
            "--nhs-number",
            POLISH_PATIENT,
            "--out",
            out_dir,
        ],
    ] {
        let out = dispersal(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr).replace(&dir.path().display().to_string(), "[DIR]");
        assert!(
            stderr.starts_with("error: [DIR]/locales/pl/letters.ftl: line "),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "message \"heading-2b\": it lacks { $practice } and it has { $praktyka }"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn closure_toml_names_a_locales_folder_and_a_new_locale_can_be_added() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["patients.csv", "practices.csv"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sample")
                .join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    // A new locale: Polish wording under another tag, with its own locale.toml.
    let new = dir.path().join("reviewed/szl");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(
        new.join("locale.toml"),
        include_str!("../../locales/pl/locale.toml")
            .replace("name = \"Polski\"", "name = \"Ślōnsko godka\"")
            .replace("english_name = \"Polish\"", "english_name = \"Silesian\""),
    )
    .unwrap();
    std::fs::write(
        new.join("letters.ftl"),
        include_str!("../../locales/pl/letters.ftl"),
    )
    .unwrap();
    // `[letters] locales`, relative to the folder holding closure.toml.
    let closure = common::closure_toml("patients.csv", "practices.csv")
        .replace("qr_url =", "locales = \"reviewed\"\nqr_url =");
    let path = dir.path().join("closure.toml");
    std::fs::write(&path, closure).unwrap();
    let pdf = dir.path().join("szl.pdf");
    let out = dispersal(&[
        "letter",
        path.to_str().unwrap(),
        "--nhs-number",
        POLISH_PATIENT,
        "--lang",
        "szl",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(
        text(&out.stdout).contains("szl, standard, translation draft"),
        "{}",
        text(&out.stdout)
    );
}

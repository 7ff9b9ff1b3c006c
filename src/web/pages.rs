//! Web page: one handler per page, in the officer's order — the closure's settings, its
//! files, the check of the list, the plan, a letter's preview, the batch, one patient, and
//! the check of any PDFs. Each reads the workspace, calls the batch engine off the async
//! threads, and fills in a template; a bad request gets a page that says what to do.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::views;
use super::workspace::{Upload, valid_id};
use super::{App, UPLOAD_LIMIT, UPLOAD_LIMIT_TEXT};
use crate::batch::{self, BatchOptions, LetterFile, LetterRequest, ReallocateRequest, Who};
use crate::check::check_pdf;
use crate::input::{ClosureForm, FORM_FIELDS, FieldKind, FieldProblem, parse_nhs_number};
use crate::ledger::Ledger;
use crate::package::{AuditSheet, audit_workbook};

type AppState = State<Arc<App>>;
type Params = Query<HashMap<String, String>>;

/// The engine's threads need large stacks (typst lays out recursively).
const STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on a thread of its own, away from the server's async threads. `None`: it
/// stopped (internal error).
async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("page".into())
        .stack_size(STACK)
        .spawn(move || {
            let _ = tx.send(work());
        })
        .ok()?;
    rx.await.ok()
}

fn internal(app: &App, back: &str) -> Response {
    app.problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The page could not be made (internal error). Nothing was changed.",
        back,
    )
}

fn no_closure(app: &App) -> Response {
    app.problem(
        StatusCode::NOT_FOUND,
        "There is no such closure",
        "There is no closure with that ODS code in the workspace. Choose one from the start page.",
        "/",
    )
}

pub async fn not_found(State(app): AppState) -> Response {
    app.problem(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address.",
        "/",
    )
}

pub async fn home(State(app): AppState) -> Response {
    let closures = app.workspace.list();
    let running = app.jobs.running();
    app.page(
        "home",
        "Dispersal of a practice list",
        json!({ "closures": closures, "running": running, "limit": UPLOAD_LIMIT_TEXT }),
    )
}

/// The settings form's fields, with their values and problems.
fn form_fields(form: &ClosureForm, problems: &[FieldProblem]) -> Vec<Value> {
    FORM_FIELDS
        .iter()
        .map(|f| {
            let value = form.value(f.key);
            json!({
                "key": f.key,
                "id": f.key.replace(['.', '_'], "-"),
                "label": f.label,
                "hint": f.hint,
                "value": value,
                "lines": f.kind == FieldKind::Lines,
                "postage": f.kind == FieldKind::Postage,
                "first": value == "first",
                "second": value != "first",
                "error": problems.iter().find(|p| p.key == f.key).map(|p| &p.message),
            })
        })
        .collect()
}

fn errors_summary(problems: &[FieldProblem]) -> Vec<Value> {
    let errors: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.key.replace(['.', '_'], "-"), p.message.clone()))
        .collect();
    summary(&errors)
}

/// An error summary's links: each to its field's id, with the message.
fn summary(errors: &[(String, String)]) -> Vec<Value> {
    errors
        .iter()
        .map(|(id, message)| json!({ "href": format!("#{id}"), "message": message }))
        .collect()
}

fn settings_page(
    app: &App,
    form: &ClosureForm,
    problems: &[FieldProblem],
    editing: Option<&str>,
) -> Response {
    let title = match editing {
        Some(_) => "Change the closure's settings",
        None => "Start a new closure",
    };
    app.form_page(
        "settings",
        title,
        !problems.is_empty(),
        json!({
            "fields": form_fields(form, problems),
            "errors": errors_summary(problems),
            "editing": editing,
        }),
    )
}

pub async fn new_form(State(app): AppState) -> Response {
    let form = ClosureForm::from_pairs([
        ("letters.postage", "second"),
        (
            "letters.qr_url",
            "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/",
        ),
    ]);
    settings_page(&app, &form, &[], None)
}

pub async fn edit_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    match app.workspace.closure(&id) {
        Ok(closure) => settings_page(&app, &ClosureForm::from_closure(&closure), &[], Some(&id)),
        Err(_) => no_closure(&app),
    }
}

pub async fn save_settings(
    State(app): AppState,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = ClosureForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let problems = form.problems();
    let editing = pairs
        .iter()
        .find(|(k, _)| k == "editing")
        .map(|(_, v)| v.as_str())
        .filter(|v| valid_id(v));
    if !problems.is_empty() {
        return settings_page(&app, &form, &problems, editing);
    }
    match app.workspace.save_settings(&form) {
        Ok(id) => Redirect::to(&format!("/c/{id}/files")).into_response(),
        Err(_) => internal(&app, "/new"),
    }
}

/// Every part of a multipart form: its name, the file name it gave (if a file) and its
/// bytes. `Err` is the page to show.
async fn parts(
    app: &App,
    mut form: Multipart,
    back: &str,
) -> Result<Vec<(String, Option<String>, Vec<u8>)>, Response> {
    let mut parts = Vec::new();
    let mut total = 0usize;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(upload_error(app, e.status(), back)),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return Err(upload_error(app, e.status(), back)),
        };
        total += bytes.len();
        if total > UPLOAD_LIMIT {
            return Err(upload_error(app, StatusCode::PAYLOAD_TOO_LARGE, back));
        }
        parts.push((name, file_name, bytes.to_vec()));
    }
    Ok(parts)
}

/// A closure's form's parts; `Err` is the page to show (no such closure, a bad upload).
async fn closure_parts(
    app: &App,
    id: &str,
    form: Multipart,
    back: &str,
) -> Result<Vec<(String, Option<String>, Vec<u8>)>, Response> {
    if app.workspace.folder(id).is_none() {
        return Err(no_closure(app));
    }
    parts(app, form, back).await
}

fn upload_error(app: &App, status: StatusCode, back: &str) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        app.problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The file is too large",
            &format!("The files sent together must be smaller than {UPLOAD_LIMIT_TEXT}. A patient list of 100,000 rows is about 15 MB as CSV; save the sheet as CSV, or send the files one at a time."),
            back,
        )
    } else {
        app.problem(
            StatusCode::BAD_REQUEST,
            "The upload did not arrive whole",
            "The browser's upload was cut short or is not a form. Choose the file again and send it.",
            back,
        )
    }
}

pub async fn upload_closure(State(app): AppState, form: Multipart) -> Response {
    let parts = match parts(&app, form, "/new").await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let Some((_, _, bytes)) = parts
        .into_iter()
        .find(|(n, _, b)| n == "closure" && !b.is_empty())
    else {
        return app.problem(
            StatusCode::BAD_REQUEST,
            "Choose a closure.toml file",
            "No file was chosen. Choose the closure.toml file and send it again.",
            "/new",
        );
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return app.problem(StatusCode::BAD_REQUEST, "The file is not closure.toml", "The file is not text. Choose the closure.toml file (it is a text file) and send it again.", "/new");
    };
    let closure = match crate::input::read_closure_text(Path::new("closure.toml"), &text) {
        Ok(c) => c,
        Err(e) => {
            return app.problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The closure.toml file has a problem",
                &e.to_string(),
                "/new",
            );
        }
    };
    if let Err(why) = super::workspace::one_closing_practice(&closure) {
        return app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The closure.toml file lists several closing practices",
            &format!("{}{}", why[..1].to_uppercase(), &why[1..]),
            "/new",
        );
    }
    let form = ClosureForm::from_closure(&closure);
    match app.workspace.save_settings(&form) {
        Ok(id) => Redirect::to(&format!("/c/{id}/files")).into_response(),
        Err(_) => internal(&app, "/new"),
    }
}

pub async fn closure(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let Ok(closure) = app.workspace.closure(&id) else {
        return no_closure(&app);
    };
    let form = ClosureForm::from_closure(&closure);
    let settings: Vec<Value> = FORM_FIELDS
        .iter()
        .map(|f| json!({"label": f.label, "lines": form.value(f.key).lines().collect::<Vec<_>>()}))
        .collect();
    let has_files = app.workspace.has_files(&closure);
    app.page(
        "closure",
        &closure.lead().name,
        json!({
            "id": id, "name": closure.lead().name, "settings": settings,
            "has_files": has_files,
            "postcodes": app.workspace.postcodes(&id).is_some(),
            "batch": app.jobs.state(&id),
        }),
    )
}

pub async fn closure_toml(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    match app
        .workspace
        .closure_toml(&id)
        .and_then(|p| std::fs::read(p).ok())
    {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "application/toml; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"closure.toml\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        None => no_closure(&app),
    }
}

fn files_page(app: &App, id: &str, errors: &[(String, String)]) -> Response {
    let error = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    };
    let closure = app.workspace.closure(id).ok();
    app.form_page(
        "files",
        "Upload the patient list and the practices",
        !errors.is_empty(),
        json!({
            "id": id,
            "name": closure.as_ref().map(|c| c.lead().name.clone()),
            "has_files": closure.as_ref().is_some_and(|c| app.workspace.has_files(c)),
            "errors": summary(errors),
            "patients_error": error("patients"),
            "practices_error": error("practices"),
            "postcodes_error": error("postcodes"),
            "limit": UPLOAD_LIMIT_TEXT,
        }),
    )
}

pub async fn files_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    files_page(&app, &id, &[])
}

pub async fn upload_files(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = format!("/c/{id}/files");
    let parts = match closure_parts(&app, &id, form, &back).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let mut errors = Vec::new();
    let mut saved = 0;
    for (name, file_name, bytes) in &parts {
        let upload = match name.as_str() {
            "patients" => Upload::Patients,
            "practices" => Upload::Practices,
            "postcodes" => Upload::Postcodes,
            _ => continue,
        };
        let Some(file_name) = file_name.as_deref().filter(|_| !bytes.is_empty()) else {
            continue;
        };
        match app.workspace.save_upload(&id, upload, file_name, bytes) {
            Ok(()) => saved += 1,
            Err(message) => errors.push((name.clone(), message)),
        }
    }
    if saved == 0 && errors.is_empty() {
        errors.push((
            "patients".to_string(),
            "Choose the patients file, the practices file or both".to_string(),
        ));
    }
    if !errors.is_empty() {
        return files_page(&app, &id, &errors);
    }
    Redirect::to(&format!("/c/{id}/check")).into_response()
}

/// The closure's inputs read, off the async threads; `Err` is the page to show.
async fn read_inputs(app: &Arc<App>, id: &str) -> Result<crate::model::Inputs, Response> {
    if app.workspace.folder(id).is_none() {
        return Err(no_closure(app));
    }
    let (ws, owned) = (app.workspace.clone(), id.to_string());
    match off_thread(move || ws.inputs(&owned)).await {
        Some(Ok(inputs)) => Ok(inputs),
        Some(Err(message)) => Err(app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "A file cannot be used",
            &format!("{message}\nUpload the file again once it is fixed."),
            &format!("/c/{id}/files"),
        )),
        None => Err(internal(app, &format!("/c/{id}"))),
    }
}

pub async fn check(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let (rejected, warnings) = views::problems(&inputs);
    app.page(
        "check",
        "Check the patient list",
        json!({
            "id": id,
            "patients": inputs.patients.len(),
            "rejected_rows": inputs.rejected_patients.len(),
            "practices": inputs.practices.len(),
            "rejected": rejected,
            "warnings": warnings,
            "warnings_total": inputs.warnings.log.total,
            "more_warnings": inputs.warnings.log.total > inputs.warnings.kept.len(),
        }),
    )
}

pub async fn check_xlsx(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let (rejected, warnings) = views::problems(&inputs);
    let headers: Vec<String> = ["file", "row", "column", "problem", "how to fix"]
        .map(String::from)
        .to_vec();
    let sheet = |name: &str, rows: &[views::ProblemRow]| AuditSheet {
        name: name.to_string(),
        headers: headers.clone(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.file.clone(),
                    r.row.clone(),
                    r.column.clone(),
                    r.problem.clone(),
                    r.fix.clone(),
                ]
            })
            .collect(),
    };
    let today = chrono::Local::now().date_naive();
    match audit_workbook(
        &[
            sheet("Rejected rows", &rejected),
            sheet("Warnings", &warnings),
        ],
        today,
    ) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, crate::package::XLSX_MIME),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rejected-rows.xlsx\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => internal(&app, &format!("/c/{id}/check")),
    }
}

pub async fn plan(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    plan_page(app, id, String::new()).await
}

/// The plan with the patients a search finds. The search is sent in the form's body (a
/// POST), so what was searched for stays out of the browser's history.
pub async fn search_plan(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let query = form.get("q").cloned().unwrap_or_default();
    plan_page(app, id, query).await
}

async fn plan_page(app: Arc<App>, id: String, query: String) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let ledger = app.workspace.ledger(&id);
    let made = off_thread(move || {
        batch::plan_only(inputs, ledger.as_deref())
            .map(|(plan, notes)| views::plan_view(&plan, &notes, &query))
    })
    .await;
    match made {
        Some(Ok(mut view)) => {
            view["id"] = json!(id);
            // Each patient found links to their page by its reference.
            if let Some(found) = view.get_mut("found").and_then(Value::as_array_mut) {
                for row in found {
                    let nhs = row["nhs_number"].as_str().unwrap_or("").to_string();
                    row["reference"] = json!(app.patients.reference(&id, &nhs));
                }
            }
            app.page("plan", "The plan", view)
        }
        Some(Err(e)) => app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The plan cannot be made",
            &e.to_string(),
            &format!("/c/{id}"),
        ),
        None => internal(&app, &format!("/c/{id}")),
    }
}

/// The locales a letter can be made in: (tag, name in English, status).
fn locale_options(inputs: &crate::model::Inputs, chosen: &str) -> Vec<Value> {
    match batch::load_wording(&inputs.locales) {
        Ok(wording) => wording
            .locales()
            .map(|l| json!({"tag": l.tag, "name": format!("{} ({})", l.english_name, l.tag), "selected": l.tag == chosen}))
            .collect(),
        Err(_) => Vec::new(),
    }
}

pub async fn preview(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Query(mut q): Params,
) -> Response {
    // An NHS number comes only in the form's body (see `preview_patient`).
    q.remove("nhs");
    preview_page(app, id, q).await
}

/// A preview of one patient's letter: the form is a POST, so the NHS number stays out of
/// the browser's history.
pub async fn preview_patient(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    preview_page(app, id, form).await
}

async fn preview_page(app: Arc<App>, id: String, q: HashMap<String, String>) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let cohort = q.get("cohort").cloned().unwrap_or_else(|| "2a".into());
    let nhs = q.get("nhs").cloned().unwrap_or_default();
    let lang = q.get("lang").cloned().unwrap_or_default();
    let large = q.get("large").is_some_and(|v| v == "yes");
    let locales = locale_options(&inputs, &lang);
    let request = LetterRequest {
        who: if nhs.trim().is_empty() {
            Who::FirstInCohort(cohort.clone())
        } else {
            Who::NhsNumber(nhs.clone())
        },
        language: Some(lang.clone()).filter(|l| !l.is_empty()),
        large_print: large,
        file: LetterFile::Png,
        ledger: None,
    };
    let made = off_thread(move || batch::letter(&inputs, &request)).await;
    let (image, letter, error) = match made {
        Some(Ok(made)) => (
            Some(format!(
                "data:image/png;base64,{}",
                views::base64(&made.bytes)
            )),
            Some(json!({
                "letter_id": made.letter.letter_id.as_str(),
                "cohort": made.letter.cohort.code(),
                "language": made.letter.language.as_str(),
                "format": match made.letter.format {
                    crate::model::LetterFormat::Standard => "standard print",
                    crate::model::LetterFormat::LargePrint => "large print",
                },
                "status": made.letter.translation_status.as_str(),
            })),
            None,
        ),
        Some(Err(e)) => (None, None, Some(e.to_string())),
        None => return internal(&app, &format!("/c/{id}")),
    };
    let cohorts: Vec<Value> = ["2a", "2b", "2c"]
        .iter()
        .map(|c| json!({"code": c, "selected": *c == cohort}))
        .collect();
    app.page(
        "preview",
        if error.is_some() {
            "Error: Preview a letter"
        } else {
            "Preview a letter"
        },
        json!({
            "id": id, "image": image, "letter": letter, "error": error, "cohorts": cohorts,
            "locales": locales, "nhs": nhs, "large": large, "any_language": lang.is_empty(),
        }),
    )
}

fn zips(app: &App, id: &str) -> Vec<String> {
    let mut names: Vec<String> = app
        .workspace
        .batches(id)
        .and_then(|d| std::fs::read_dir(d).ok())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".zip") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

fn batch_page(app: &App, id: &str, errors: &[(String, String)]) -> Response {
    let state = app.jobs.state(id);
    let running = state.as_ref().is_some_and(|s| s.running);
    let other = app.jobs.running().filter(|other| other != id);
    app.form_page(
        "batch",
        "Make a print batch",
        !errors.is_empty(),
        json!({
            "id": id,
            "state": state,
            "running": running,
            "refresh": running.then_some(2),
            "other_running": other,
            "zips": zips(app, id),
            "errors": summary(errors),
            "passphrase_error": errors.iter().find(|(f, _)| f == "passphrase").map(|(_, m)| m),
            "notice_date_error": errors.iter().find(|(f, _)| f == "notice_date").map(|(_, m)| m),
        }),
    )
}

pub async fn batch(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    batch_page(&app, &id, &[])
}

pub async fn start_batch(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    let passphrase = form.get("passphrase").cloned().unwrap_or_default();
    let again = form.get("passphrase_again").cloned().unwrap_or_default();
    if !passphrase.is_empty() && passphrase.chars().count() < 12 {
        return batch_page(&app, &id, &[("passphrase".into(), "Enter a passphrase of at least 12 characters, for example four random words, or leave it empty".into())]);
    }
    if passphrase != again {
        return batch_page(
            &app,
            &id,
            &[(
                "passphrase".into(),
                "The two passphrases are different: enter the same passphrase twice".into(),
            )],
        );
    }
    // Which letters: those at closure (2a, 2b, 2c), or letter 1 or 2 before it, dated as
    // the officer says (or as the settings' letter date).
    let letter = match form.get("letters").map(String::as_str) {
        Some("1") => Some(crate::plan::Cohort::Notice1),
        Some("2") => Some(crate::plan::Cohort::Notice2),
        _ => None,
    };
    let notice_date = match form
        .get("notice_date")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(text) => match crate::input::parse_date(text) {
            Ok(date) => Some(date),
            Err(why) => {
                return batch_page(
                    &app,
                    &id,
                    &[(
                        "notice_date".into(),
                        format!(
                            "The date of letters 1 and 2 is not a date ({why}): write it as 24/07/2026, or leave it empty"
                        ),
                    )],
                );
            }
        },
    };
    let (ws, owned) = (app.workspace.clone(), id.clone());
    let options = BatchOptions {
        passphrase: Some(passphrase).filter(|p| !p.is_empty()),
        docx: form.get("docx").is_some_and(|v| v == "yes"),
        threads: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        ledger: app.workspace.ledger(&id),
        ..BatchOptions::default()
    };
    let started = app.jobs.start(&id, move |report| {
        let mut inputs = ws.inputs(&owned)?;
        let out = ws.batches(&owned).ok_or("there is no such closure")?;
        crate::private_files::own_folder(&out).map_err(|e| e.to_string())?;
        let mut sink = |p| report(p);
        let outcome = match letter {
            Some(letter) => {
                if let Some(date) = notice_date {
                    inputs.closure.letters.date = date;
                }
                batch::notice(inputs, &out, &options, letter, &mut sink)
            }
            None => batch::run(inputs, &out, &options, &mut sink),
        }
        .map_err(|e| e.to_string())?;
        Ok(views::batch_view(&outcome))
    });
    match started {
        Ok(()) => Redirect::to(&format!("/c/{id}/batch")).into_response(),
        Err(other) => app.problem(
            StatusCode::CONFLICT,
            "A batch is already being made",
            &format!("The batch for {other} is being made. One batch is made at a time; wait until it has finished, then start this one."),
            &format!("/c/{id}/batch"),
        ),
    }
}

pub async fn download_zip(
    State(app): AppState,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response {
    // Only a zip the folder lists is sent; the name is never joined as given.
    let Some(name) = zips(&app, &id).into_iter().find(|n| *n == name) else {
        return app.problem(
            StatusCode::NOT_FOUND,
            "There is no such zip",
            "Choose a zip from the batch page.",
            &format!("/c/{id}/batch"),
        );
    };
    let Some(path) = app.workspace.batches(&id).map(|d| d.join(&name)) else {
        return no_closure(&app);
    };
    match off_thread(move || std::fs::read(path)).await {
        Some(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => internal(&app, &format!("/c/{id}/batch")),
    }
}

/// The look-up form, with nothing looked up.
pub async fn patient_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    app.page("patient", "A patient", json!({ "id": id }))
}

/// The NHS number from the look-up form (a POST, so it stays out of the browser's history),
/// sent on to the patient's page, whose address carries only a reference.
pub async fn find_patient(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    let given = form.get("nhs").cloned().unwrap_or_default();
    match parse_nhs_number(&given) {
        Ok(number) => {
            let reference = app.patients.reference(&id, &number.to_string());
            Redirect::to(&format!("/c/{id}/patient/{reference}")).into_response()
        }
        Err(why) => app.form_page(
            "patient",
            "A patient",
            true,
            json!({ "id": id, "nhs": given, "error": format!("Enter a valid NHS number: {why}") }),
        ),
    }
}

/// The address of a patient's page: a reference, never the NHS number.
fn patient_address(app: &App, id: &str, nhs: &str) -> String {
    let number = parse_nhs_number(nhs)
        .map(|n| n.to_string())
        .unwrap_or_else(|_| nhs.to_string());
    format!("/c/{id}/patient/{}", app.patients.reference(id, &number))
}

pub async fn patient(
    State(app): AppState,
    UrlPath((id, reference)): UrlPath<(String, String)>,
) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let Some(number) = app.patients.number(&id, &reference) else {
        return app.form_page(
            "patient",
            "A patient",
            true,
            json!({ "id": id, "error": "Look the patient up again: this page's address was made by the server before it last started" }),
        );
    };
    let Ok(number) = parse_nhs_number(&number) else {
        return internal(&app, &format!("/c/{id}/patient"));
    };
    let mut data = json!({ "id": id, "reference": reference });
    let ledger = app.workspace.ledger(&id).filter(|p| p.exists());
    let history = ledger
        .as_deref()
        .and_then(|p| Ledger::open(p).ok())
        .and_then(|l| l.history(&number.to_string()).ok())
        .unwrap_or_default();
    data["number"] = json!(number.to_string());
    data["history"] = json!(history);
    data["sent"] = json!(!history.is_empty());
    data["locales"] = json!(locale_options(&inputs, ""));
    data["practices"] = json!(
        inputs
            .practices
            .iter()
            .map(|p| json!({"ods": p.ods_code, "name": p.name}))
            .collect::<Vec<_>>()
    );
    let on_list = inputs.patients.iter().any(|p| p.nhs_number == number);
    data["on_list"] = json!(on_list);
    if !on_list && history.is_empty() {
        data["error"] = json!(
            "No patient with this NHS number is on the list, and no letter was recorded for them"
        );
    }
    let title = if data.get("error").is_some() {
        "Error: A patient"
    } else {
        "A patient"
    };
    app.page("patient", title, data)
}

pub async fn patient_letter(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let nhs = form.get("nhs").cloned().unwrap_or_default();
    let docx = form.get("format").is_some_and(|f| f == "docx");
    let request = LetterRequest {
        who: Who::NhsNumber(nhs.clone()),
        language: form.get("lang").cloned().filter(|l| !l.is_empty()),
        large_print: form.get("large").is_some_and(|v| v == "yes"),
        file: if docx {
            LetterFile::Docx
        } else {
            LetterFile::Pdf
        },
        ledger: app.workspace.ledger(&id).filter(|p| p.exists()),
    };
    let folder = app.workspace.folder(&id).map(|f| f.join("letters"));
    let made = off_thread(move || -> Result<(String, Vec<u8>), String> {
        let made = batch::letter(&inputs, &request).map_err(|e| e.to_string())?;
        let name = format!(
            "{}-{}-{}.{}",
            made.letter.letter_id,
            made.letter.language,
            made.letter.format.as_str(),
            if docx { "docx" } else { "pdf" }
        );
        if let Some(folder) = folder {
            crate::private_files::own_folder(&folder).map_err(|e| e.to_string())?;
            let path = folder.join(&name);
            crate::private_files::write(&path, &made.bytes).map_err(|e| e.to_string())?;
            if let (Some(_), Some(ledger)) = (&made.reissue, &request.ledger) {
                let kind = if docx {
                    "docx"
                } else {
                    made.letter.format.as_str()
                };
                batch::record_reissue(ledger, &inputs, &made, &path, kind)
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok((name, made.bytes))
    })
    .await;
    match made {
        Some(Ok((name, bytes))) => (
            [
                (
                    header::CONTENT_TYPE,
                    if docx {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            .to_string()
                    } else {
                        "application/pdf".to_string()
                    },
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Some(Err(message)) => app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The letter cannot be made",
            &message,
            &patient_address(&app, &id, &nhs),
        ),
        None => internal(&app, &format!("/c/{id}/patient")),
    }
}

pub async fn reallocate(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let nhs = form.get("nhs").cloned().unwrap_or_default();
    let back = patient_address(&app, &id, &nhs);
    let reason = form.get("reason").cloned().unwrap_or_default();
    if reason.trim().is_empty() {
        return app.problem(StatusCode::UNPROCESSABLE_ENTITY, "Enter why the allocation changes", "The reason goes in the email to the previous practice. Go back, enter it and send the form again.", &back);
    }
    let Some(ledger) = app.workspace.ledger(&id).filter(|p| p.exists()) else {
        return app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "No letter has been sent yet",
            "A patient is reallocated after their letter was sent. Make the batch first.",
            &back,
        );
    };
    let request = ReallocateRequest {
        nhs_number: nhs.clone(),
        to: form.get("to").cloned().unwrap_or_default(),
        reason,
        ledger,
    };
    let Some(out) = app.workspace.batches(&id) else {
        return no_closure(&app);
    };
    let done = off_thread(move || {
        crate::private_files::own_folder(&out).map_err(|e| e.to_string())?;
        batch::reallocate(&inputs, &request, &out).map_err(|e| e.to_string())
    })
    .await;
    match done {
        Some(Ok(made)) => {
            let zip = super::workspace::file_name(&made.zip);
            app.page(
                "patient",
                "A patient",
                json!({"id": id, "nhs": nhs, "reallocated": {"zip": zip, "letter_id": made.letter_id, "replaces": made.replaces, "from": made.from, "to": made.to}}),
            )
        }
        Some(Err(message)) => app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The patient cannot be reallocated",
            &message,
            &back,
        ),
        None => internal(&app, &back),
    }
}

pub async fn check_pdfs_form(State(app): AppState) -> Response {
    app.page(
        "check_pdfs",
        "Check letters for the 50p contribution",
        json!({"limit": UPLOAD_LIMIT_TEXT}),
    )
}

pub async fn check_pdfs(State(app): AppState, form: Multipart) -> Response {
    let parts = match parts(&app, form, "/check-pdfs").await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let files: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .filter(|(n, f, b)| n == "pdfs" && f.is_some() && !b.is_empty())
        .map(|(_, f, b)| (f.unwrap_or_default(), b))
        .collect();
    if files.is_empty() {
        return app.form_page(
            "check_pdfs",
            "Check letters for the 50p contribution",
            true,
            json!({"limit": UPLOAD_LIMIT_TEXT, "error": "Choose one or more PDF files"}),
        );
    }
    let rows = off_thread(move || {
        files
            .iter()
            .map(|(name, bytes)| match check_pdf(bytes) {
                Ok(r) => json!({
                    "name": name, "pages": r.pages, "a4": r.a4_portrait,
                    "black_and_white": r.colour.is_empty(), "large_print": r.large_print,
                    "eligible": r.verdict.eligible_50p, "why": r.verdict.failures.join("; "),
                }),
                Err(e) => json!({"name": name, "error": e.to_string().replace('\n', " ")}),
            })
            .collect::<Vec<_>>()
    })
    .await;
    match rows {
        Some(rows) => {
            let eligible = rows.iter().filter(|r| r["eligible"] == json!(true)).count();
            app.page(
                "check_pdfs",
                "Check letters for the 50p contribution",
                json!({"limit": UPLOAD_LIMIT_TEXT, "rows": rows, "checked": true, "eligible": eligible, "count": rows.len()}),
            )
        }
        None => internal(&app, "/check-pdfs"),
    }
}

fn survey_page(app: &App, id: &str, made: Option<Value>, errors: &[(String, String)]) -> Response {
    app.form_page(
        "survey",
        "The capacity survey",
        !errors.is_empty(),
        json!({
            "id": id,
            "made": made,
            "replies": app.workspace.reply_files(id).len(),
            "errors": summary(errors),
            "replies_error": errors.iter().find(|(f, _)| f == "replies").map(|(_, m)| m),
            "reply_by_error": errors.iter().find(|(f, _)| f == "reply_by").map(|(_, m)| m),
            "limit": UPLOAD_LIMIT_TEXT,
        }),
    )
}

pub async fn survey(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    survey_page(&app, &id, None, &[])
}

pub async fn make_survey(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let given = form.get("reply_by").map(|s| s.trim()).unwrap_or("");
    let reply_by = if given.is_empty() {
        None
    } else {
        match crate::input::parse_date(given) {
            Ok(date) => Some(date),
            Err(why) => {
                return survey_page(
                    &app,
                    &id,
                    None,
                    &[(
                        "reply_by".into(),
                        format!("Enter the reply date as a date, for example 30/10/2026 ({why})"),
                    )],
                );
            }
        }
    };
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let Some(out) = app.workspace.batches(&id) else {
        return no_closure(&app);
    };
    let today = chrono::Local::now().date_naive();
    let made = off_thread(move || {
        crate::private_files::own_folder(&out).map_err(|e| e.to_string())?;
        batch::survey(&inputs, &out, today, reply_by).map_err(|e| e.to_string())
    })
    .await;
    match made {
        Some(Ok(outcome)) => {
            let zip = super::workspace::file_name(&outcome.zip);
            let made = json!({
                "zip": zip,
                "reply_by": outcome.reply_by.format("%d/%m/%Y").to_string(),
                "candidates": outcome.candidates,
            });
            survey_page(&app, &id, Some(made), &[])
        }
        Some(Err(message)) => app.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The survey cannot be made",
            &message,
            &format!("/c/{id}/survey"),
        ),
        None => internal(&app, &format!("/c/{id}/survey")),
    }
}

pub async fn upload_replies(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = format!("/c/{id}/survey");
    let parts = match closure_parts(&app, &id, form, &back).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let files: Vec<_> = parts
        .iter()
        .filter(|(n, f, b)| n == "replies" && f.is_some() && !b.is_empty())
        .collect();
    if files.is_empty() {
        return survey_page(
            &app,
            &id,
            None,
            &[("replies".into(), "Choose one or more reply forms".into())],
        );
    }
    let mut saved = Vec::new();
    for (_, name, bytes) in files {
        let uploaded = name.as_deref().unwrap_or("");
        match app.workspace.save_reply(&id, uploaded, bytes) {
            Ok(stored) => saved.push((stored, uploaded.to_string())),
            Err(message) => return survey_page(&app, &id, None, &[("replies".into(), message)]),
        }
    }
    // The replies are read now, so a bad one is named at once, not at the next plan.
    let (ws, owned) = (app.workspace.clone(), id.clone());
    match off_thread(move || ws.inputs(&owned)).await {
        Some(Ok(_)) => Redirect::to(&format!("/c/{id}/plan")).into_response(),
        Some(Err(message)) => {
            // The problem, named by the file the officer chose, without the command line's
            // hint.
            let mut problem = message.split("\n  hint:").next().unwrap_or("").to_string();
            for (stored, uploaded) in &saved {
                problem = problem.replace(&format!("{stored}:"), &format!("{uploaded}:"));
            }
            // What was just uploaded is not kept, so the replies before it still count.
            if let Some(dir) = app.workspace.replies(&id) {
                for (stored, _) in &saved {
                    let _ = std::fs::remove_file(dir.join(stored));
                }
            }
            let message = format!(
                "{problem}. The forms just chosen were not kept: fix that one and upload them again"
            );
            survey_page(&app, &id, None, &[("replies".into(), message)])
        }
        None => internal(&app, &back),
    }
}

pub async fn clear_replies(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if let Some(dir) = app.workspace.replies(&id) {
        let _ = std::fs::remove_dir_all(dir);
    }
    Redirect::to(&format!("/c/{id}/survey")).into_response()
}

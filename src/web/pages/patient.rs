//! Web page: `/c/{id}/patient` — one patient: what the ledger says they were sent, where they
//! stand now, their letter again, and a change of allocation, offering only what the engine
//! says can be done ([`crate::batch::patient_standing`]). Every form answers with a redirect to the
//! patient's page (Post/Redirect/Get), which then shows what was made, or what was refused
//! beside the fields as they were typed; a refresh sends nothing again.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::{
    AppState, internal, locale_options, no_closure, off_thread, own_folder, read_inputs, refused,
    sentence,
};
use crate::batch;
use crate::batch::request::{
    self, PASSPHRASE_MIN_CHARS, PassphraseProblem, RequestError, check_passphrase,
};
use crate::batch::{LetterFile, LetterRequest, ReallocateRequest, Who};
use crate::input::parse_nhs_number;
use crate::model::LetterFormat;
use crate::web::App;

/// The folder of a closure's letters made on the patient page.
const LETTERS: &str = "letters";

/// The look-up form, with nothing looked up (or what a refused look-up typed).
pub async fn patient_form(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    let said = said(&app, &id, "", &params);
    let error = said.get("error").cloned();
    let mut data = json!({ "id": id, "nhs": said.get("nhs") });
    if let Some(error) = error {
        data["lookup_error"] = error;
        return app.form_page("patient", "A patient", true, data);
    }
    app.page("patient", "A patient", data)
}

/// What a form's answer kept for this page, named by the address's `said`.
fn said(app: &App, id: &str, reference: &str, params: &HashMap<String, String>) -> Value {
    params
        .get("said")
        .and_then(|key| app.patients.said(id, reference, key))
        .unwrap_or_else(|| json!({}))
}

/// The page after a form: the patient's page (or the look-up form) with what the answer says.
fn answer(app: &App, id: &str, reference: &str, what: Value, anchor: &str) -> Response {
    let key = app.patients.keep(id, reference, what);
    let page = if reference.is_empty() {
        format!("/c/{id}/patient")
    } else {
        format!("/c/{id}/patient/{reference}")
    };
    Redirect::to(&format!("{page}?said={key}{anchor}")).into_response()
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
        Err(why) => answer(
            &app,
            &id,
            "",
            json!({ "nhs": given, "error": format!("Enter a valid NHS number: {why}") }),
            "",
        ),
    }
}

/// The patient a form names by its page's reference: (reference, NHS number).
fn patient_of(app: &App, id: &str, form: &HashMap<String, String>) -> Option<(String, String)> {
    let reference = form.get("reference").cloned().unwrap_or_default();
    let nhs = app.patients.number(id, &reference)?;
    Some((reference, nhs))
}

/// The page for a form whose patient this server does not know (it started again since).
fn look_up_again(app: &App, id: &str) -> Response {
    app.problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Look the patient up again",
        "This page was made by the server before it last started, so it no longer knows the patient. Nothing was made or sent.",
        &format!("/c/{id}/patient"),
    )
}

/// What the page knows of a patient: their letters, where they stand, and whether the
/// dispersal's files are encrypted.
struct Known {
    history: Vec<crate::ledger::HistoryRow>,
    standing: Option<batch::PatientStanding>,
    encrypted: bool,
    locales: Vec<Value>,
}

pub async fn patient(
    State(app): AppState,
    UrlPath((id, reference)): UrlPath<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
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
            json!({ "id": id, "lookup_error": "Look the patient up again: this page's address was made by the server before it last started" }),
        );
    };
    let Ok(number) = parse_nhs_number(&number) else {
        return internal(&app, &format!("/c/{id}/patient"));
    };
    let said = said(&app, &id, &reference, &params);
    let typed = said.get("typed").cloned().unwrap_or_else(|| json!({}));
    let typed_lang = typed.get("lang").and_then(Value::as_str).unwrap_or("");
    let locales = locale_options(&inputs, typed_lang);
    // A ledger that cannot be read is said so, never shown as "nothing sent".
    let ledger = app.workspace.ledger(&id);
    let nhs = number.to_string();
    let on_list = inputs.patients.iter().any(|p| p.nhs_number == number);
    let known = off_thread(move || -> Result<Known, RequestError> {
        let opened = ledger
            .as_deref()
            .map(request::open_ledger)
            .transpose()?
            .flatten();
        let history = match opened {
            Some(ledger) => ledger.history(&nhs)?,
            None => Vec::new(),
        };
        let encrypted = match ledger.as_deref() {
            Some(path) => request::batches_encrypted(path, &inputs)?,
            None => false,
        };
        let standing = if on_list {
            Some(batch::patient_standing(&inputs, ledger.as_deref(), &nhs)?)
        } else {
            None
        };
        Ok(Known {
            history,
            standing,
            encrypted,
            locales,
        })
    })
    .await;
    let known = match known {
        Some(Ok(known)) => known,
        Some(Err(error)) => {
            let back = format!("/c/{id}/patient");
            return refused(
                &app,
                &id,
                "The patient's letters cannot be shown",
                &error,
                &back,
            );
        }
        None => return internal(&app, &format!("/c/{id}/patient")),
    };
    let mut data = json!({
        "id": id,
        "reference": reference,
        "number": number.to_string(),
        "history": &known.history,
        "sent": !known.history.is_empty(),
        "on_list": on_list,
        "encrypted": known.encrypted,
        "locales": known.locales,
        "made": said.get("made"),
        "reallocated": said.get("reallocated"),
        "prints": prints(typed.get("print").and_then(Value::as_str).unwrap_or("")),
        "typed": typed,
    });
    if let Some(standing) = &known.standing {
        let chosen = typed.get("to").and_then(Value::as_str).unwrap_or("");
        data["standing"] = json!({
            "letter": standing.cohort.label(),
            "reason": standing.reason,
            "no_letter": standing.no_letter.as_deref().map(sentence),
            "can_reallocate": standing.can_reallocate,
            "choices": standing.choices.iter().map(|c| json!({
                "ods": c.ods_code,
                "name": c.name,
                "proximity": c.proximity,
                "places": places(c.places_left),
                "selected": c.ods_code == chosen,
            })).collect::<Vec<_>>(),
        });
    }
    let errors: Vec<(String, String)> = said
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| Some((e[0].as_str()?.to_string(), e[1].as_str()?.to_string())))
        .collect();
    data["errors"] = json!(super::summary(&errors));
    for (field, message) in &errors {
        data[format!("{field}_error").as_str()] = json!(message);
    }
    if !on_list && known.history.is_empty() {
        data["lookup_error"] = json!(
            "No patient with this NHS number is on the list, and no letter was recorded for them"
        );
    }
    let has_errors = !errors.is_empty() || data.get("lookup_error").is_some();
    if has_errors {
        // Sent back as the form's own page (422), with "Error:" in its title.
        return app.form_page("patient", "A patient", true, data);
    }
    app.page("patient", "A patient", data)
}

/// A practice's places left, in words.
fn places(n: u32) -> String {
    if n == 1 {
        "1 place left".into()
    } else {
        format!("{n} places left")
    }
}

/// The passphrase a form gave for an encrypted file, checked; `Err`: the field and message.
/// `needed`: the dispersal's batches were encrypted, so it must be given.
fn passphrase_of(
    form: &HashMap<String, String>,
    prefix: &str,
    needed: bool,
) -> Result<Option<String>, (String, String)> {
    let passphrase = form
        .get(&format!("{prefix}passphrase"))
        .cloned()
        .unwrap_or_default();
    let again = form
        .get(&format!("{prefix}passphrase_again"))
        .cloned()
        .unwrap_or_default();
    if !needed && passphrase.is_empty() && again.is_empty() {
        return Ok(None);
    }
    let field = format!("{prefix}passphrase");
    match check_passphrase(&passphrase, Some(&again)) {
        Ok(()) => Ok(Some(passphrase)),
        Err(PassphraseProblem::TooShort) => Err((
            field,
            format!(
                "Enter a passphrase of at least {PASSPHRASE_MIN_CHARS} characters, for example four random words: this dispersal's batches were encrypted, so this file is too"
            ),
        )),
        Err(PassphraseProblem::Differs) => Err((
            field,
            "The two passphrases are different: enter the same passphrase twice".to_string(),
        )),
    }
}

/// Whether the dispersal's batches were encrypted, off the async threads.
async fn encrypted(app: &App, id: &str, inputs: &crate::model::Inputs) -> Result<bool, Response> {
    let Some(ledger) = app.workspace.ledger(id) else {
        return Err(no_closure(app));
    };
    let closure = inputs.clone();
    match off_thread(move || request::batches_encrypted(&ledger, &closure)).await {
        Some(Ok(encrypted)) => Ok(encrypted),
        Some(Err(error)) => Err(refused(
            app,
            id,
            "The ledger cannot be read",
            &error,
            &format!("/c/{id}/patient"),
        )),
        None => Err(internal(app, &format!("/c/{id}/patient"))),
    }
}

/// A refusal of the engine's as the form's error: what went wrong, then what to do.
fn engine_refusal(error: &RequestError) -> String {
    super::said(error).replace('\n', " ")
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
    let Some((reference, nhs)) = patient_of(&app, &id, &form) else {
        return look_up_again(&app, &id);
    };
    let docx = form.get("format").is_some_and(|f| f == "docx");
    let print = form.get("print").cloned().unwrap_or_default();
    let typed = json!({
        "lang": form.get("lang").cloned().unwrap_or_default(),
        "print": print,
        "docx": docx,
    });
    let refuse = |field: &str, message: String| {
        answer(
            &app,
            &id,
            &reference,
            json!({ "typed": typed, "errors": [[field, message]] }),
            "#letter",
        )
    };
    let letter_format = match print.as_str() {
        "" => None,
        name => match LetterFormat::parse(name) {
            Some(format) => Some(format),
            None => return refuse("print", "Choose how the letter is printed".into()),
        },
    };
    let needed = match encrypted(&app, &id, &inputs).await {
        Ok(needed) => needed,
        Err(page) => return page,
    };
    let passphrase = match passphrase_of(&form, "letter_", needed) {
        Ok(p) => p,
        Err((field, message)) => return refuse(&field, message),
    };
    let request = LetterRequest {
        who: Who::NhsNumber(nhs),
        language: form.get("lang").cloned().filter(|l| !l.is_empty()),
        letter_format,
        file: if docx {
            LetterFile::Docx
        } else {
            LetterFile::Pdf
        },
        ledger: app.workspace.ledger(&id).filter(|p| p.exists()),
    };
    let Some(folder) = app.workspace.folder(&id).map(|f| f.join(LETTERS)) else {
        return no_closure(&app);
    };
    let made = off_thread(move || -> Result<Value, RequestError> {
        let made = batch::letter(&inputs, &request)?;
        let name = format!(
            "{}-{}-{}.{}",
            made.letter.letter_id,
            made.letter.language,
            made.letter.format.as_str(),
            if made.cover.is_some() {
                "brf"
            } else if docx {
                "docx"
            } else {
                "pdf"
            }
        );
        own_folder(&folder)?;
        let written = request::save_letter(
            &inputs,
            &made,
            &request,
            &folder.join(&name),
            passphrase.as_deref(),
            &batch::Now::system(),
        )?;
        // The language by its name in English, as the form lists it.
        let tag = made.letter.language.to_string();
        let language = batch::load_wording(&inputs.locales)
            .ok()
            .and_then(|w| {
                w.locales()
                    .find(|l| l.tag == tag)
                    .map(|l| l.english_name.to_string())
            })
            .unwrap_or(tag);
        Ok(json!({
            "file": super::super::workspace::file_name(&written),
            "letter_id": made.letter.letter_id.to_string(),
            "language": language,
            "format": made.letter.format.in_prose(),
            "braille": made.cover.is_some(),
            // Beside the BRF unless both are in the encrypted zip.
            "cover": (made.cover.is_some() && passphrase.is_none()).then(|| {
                super::super::workspace::file_name(&batch::cover_path(&written))
            }),
            "word": docx,
            "encrypted": passphrase.is_some(),
            "reissue": made.reissue.as_ref().map(|r| r.zip_name.clone()),
        }))
    })
    .await;
    match made {
        Some(Ok(made)) => answer(&app, &id, &reference, json!({ "made": made }), "#made"),
        Some(Err(error)) if matches!(error.kind, request::ErrorKind::Request) => {
            refuse("lang", engine_refusal(&error))
        }
        Some(Err(error)) => refused(
            &app,
            &id,
            "The letter cannot be made",
            &error,
            &format!("/c/{id}/patient/{reference}"),
        ),
        None => internal(&app, &format!("/c/{id}/patient/{reference}")),
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
    let Some((reference, nhs)) = patient_of(&app, &id, &form) else {
        return look_up_again(&app, &id);
    };
    let to = form.get("to").cloned().unwrap_or_default();
    let reason = form.get("reason").cloned().unwrap_or_default();
    let typed = json!({ "to": to, "reason": reason });
    let refuse = |field: &str, message: String| {
        answer(
            &app,
            &id,
            &reference,
            json!({ "typed": typed, "errors": [[field, message]] }),
            "#change",
        )
    };
    if reason.trim().is_empty() {
        return refuse(
            "reason",
            "Enter why the practice changes: it goes in the email to the previous practice".into(),
        );
    }
    let Some(ledger) = app.workspace.ledger(&id).filter(|p| p.exists()) else {
        return refuse(
            "to",
            "No letter has been sent yet: a patient is reallocated after their letter was sent. Make the batch first.".into(),
        );
    };
    let needed = match encrypted(&app, &id, &inputs).await {
        Ok(needed) => needed,
        Err(page) => return page,
    };
    let passphrase = match passphrase_of(&form, "change_", needed) {
        Ok(p) => p,
        Err((field, message)) => return refuse(&field, message),
    };
    let request = ReallocateRequest {
        nhs_number: nhs,
        to,
        reason,
        ledger,
        now: batch::Now::system(),
        passphrase,
    };
    let Some(out) = app.workspace.batches(&id) else {
        return no_closure(&app);
    };
    let done = off_thread(move || -> Result<_, RequestError> {
        own_folder(&out)?;
        Ok(batch::reallocate(&inputs, &request, &out)?)
    })
    .await;
    match done {
        Some(Ok(made)) => {
            let zip = super::super::workspace::file_name(&made.zip);
            let what = json!({
                "reallocated": {
                    "zip": zip,
                    "letter_id": made.letter_id,
                    "replaces": made.replaces,
                    "from": made.from,
                    "to": made.to,
                    "encrypted": made.encrypted,
                }
            });
            answer(&app, &id, &reference, what, "#reallocated")
        }
        Some(Err(error)) if matches!(error.kind, request::ErrorKind::Request) => {
            refuse("to", engine_refusal(&error))
        }
        Some(Err(error)) => refused(
            &app,
            &id,
            "The patient cannot be reallocated",
            &error,
            &format!("/c/{id}/patient/{reference}"),
        ),
        None => internal(&app, &format!("/c/{id}/patient/{reference}")),
    }
}

/// A letter made on the patient page, downloaded (only one the folder lists; the name is
/// never joined as given).
pub async fn download_letter(
    State(app): AppState,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response {
    let Some(folder) = app.workspace.folder(&id).map(|f| f.join(LETTERS)) else {
        return no_closure(&app);
    };
    let listed = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| *n == name && !n.starts_with('.'));
    let Some(name) = listed else {
        return app.problem(
            StatusCode::NOT_FOUND,
            "There is no such letter",
            "Make the letter again from the patient's page.",
            &format!("/c/{id}/patient"),
        );
    };
    let kind = match name.rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    };
    let path = folder.join(&name);
    match off_thread(move || std::fs::read(path)).await {
        Some(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, kind.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => internal(&app, &format!("/c/{id}/patient")),
    }
}

/// The print choices of the letter form: the patient's own, then every format, `typed` chosen.
fn prints(typed: &str) -> Vec<Value> {
    std::iter::once(
        json!({ "value": "", "label": "As the patient list says", "checked": typed.is_empty() }),
    )
    .chain(LetterFormat::ALL.iter().map(|f| {
        let prose = f.in_prose();
        let label = format!("{}{}", prose[..1].to_uppercase(), &prose[1..]);
        json!({ "value": f.as_str(), "label": label, "checked": typed == f.as_str() })
    }))
    .collect()
}

//! Web page: `/c/{id}/patient` — one patient: what the ledger says they were sent, their
//! letter again, and a change of allocation.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::{
    AppState, internal, locale_options, no_closure, off_thread, own_folder, read_inputs, refused,
    write_file,
};
use crate::batch;
use crate::batch::request::RequestError;
use crate::batch::{LetterFile, LetterRequest, ReallocateRequest, Who, request};
use crate::input::parse_nhs_number;
use crate::web::App;

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
    // A ledger that cannot be read is said so, never shown as "nothing sent".
    let ledger = app.workspace.ledger(&id);
    let nhs = number.to_string();
    let history = off_thread(move || -> Result<_, RequestError> {
        match ledger
            .as_deref()
            .map(request::open_ledger)
            .transpose()?
            .flatten()
        {
            Some(ledger) => Ok(ledger.history(&nhs)?),
            None => Ok(Vec::new()),
        }
    })
    .await;
    let history = match history {
        Some(Ok(history)) => history,
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
    let made = off_thread(move || -> Result<(String, Vec<u8>), RequestError> {
        let made = batch::letter(&inputs, &request)?;
        let name = format!(
            "{}-{}-{}.{}",
            made.letter.letter_id,
            made.letter.language,
            made.letter.format.as_str(),
            if docx { "docx" } else { "pdf" }
        );
        if let Some(folder) = folder {
            own_folder(&folder)?;
            let path = folder.join(&name);
            write_file(&path, &made.bytes)?;
            if let (Some(_), Some(ledger)) = (&made.reissue, &request.ledger) {
                request::record_reissue(
                    ledger,
                    &inputs,
                    &made,
                    &path,
                    request.file,
                    &batch::Now::system(),
                )?;
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
        Some(Err(error)) => refused(
            &app,
            &id,
            "The letter cannot be made",
            &error,
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
        now: batch::Now::system(),
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
            app.page(
                "patient",
                "A patient",
                json!({"id": id, "nhs": nhs, "reallocated": {"zip": zip, "letter_id": made.letter_id, "replaces": made.replaces, "from": made.from, "to": made.to}}),
            )
        }
        Some(Err(error)) => refused(
            &app,
            &id,
            "The patient cannot be reallocated",
            &error,
            &back,
        ),
        None => internal(&app, &back),
    }
}

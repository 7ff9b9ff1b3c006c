//! Web page: `/c/{id}/preview` — one letter as an image, of a cohort or of one patient.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path as UrlPath, Query, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::{AppState, Params, internal, locale_options, off_thread, read_inputs};
use crate::batch;
use crate::batch::request::RequestError;
use crate::batch::{LetterFile, LetterRequest, Who};
use crate::web::{App, views};

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
    let (image, letter, error) = match made.map(|made| made.map_err(RequestError::from)) {
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
                    crate::model::LetterFormat::EasyRead => "easy read",
                },
                "status": made.letter.translation_status.as_str(),
            })),
            None,
        ),
        Some(Err(error)) => (None, None, Some(error)),
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
            "id": id, "image": image, "letter": letter, "cohorts": cohorts,
            "error": error.as_ref().map(|e| &e.problem),
            "fix": error.as_ref().map(|e| &e.fix),
            "locales": locales, "nhs": nhs, "large": large, "any_language": lang.is_empty(),
        }),
    )
}

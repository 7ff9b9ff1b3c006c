//! Web page: `/c/{id}/files` — the patients, practices and postcode files uploaded.

use axum::extract::{Multipart, Path as UrlPath, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::uploads::closure_parts;
use super::{AppState, no_closure, summary};
use crate::web::workspace::Upload;
use crate::web::{App, UPLOAD_LIMIT_TEXT};

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
            "details_error": error("practice-details"),
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
            "practice-details" => Upload::PracticeDetails,
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

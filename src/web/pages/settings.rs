//! Web page: `/new`, `/upload-closure` and `/c/{id}/settings` — a closure's settings, typed
//! into the form or sent as a closure.toml, checked key by key.

use std::path::Path;

use axum::Form;
use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::uploads::parts;
use super::{AppState, internal, no_closure, said, summary};
use crate::input::closure_keys::{LETTERS_POSTAGE, LETTERS_QR_URL};
use crate::input::{ClosureForm, FORM_FIELDS, FieldKind, FieldProblem};
use crate::web::App;
use crate::web::workspace::valid_id;

/// The settings form's fields, with their values and problems.
fn form_fields(form: &ClosureForm, problems: &[FieldProblem]) -> Vec<Value> {
    fields_of(form, problems, |_| true)
}

/// The form's fields that `asked` keeps, with their values and problems.
pub(super) fn fields_of(
    form: &ClosureForm,
    problems: &[FieldProblem],
    asked: impl Fn(&crate::input::FormField) -> bool,
) -> Vec<Value> {
    FORM_FIELDS
        .iter()
        .filter(|f| asked(f))
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

pub(super) fn errors_summary(problems: &[FieldProblem]) -> Vec<Value> {
    let errors: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.key.replace(['.', '_'], "-"), p.message.clone()))
        .collect();
    summary(&errors)
}

fn settings_page(
    app: &App,
    form: &ClosureForm,
    problems: &[FieldProblem],
    editing: Option<&str>,
) -> Response {
    let title = match editing {
        Some(_) => "Change the dispersal's settings",
        None => "Start a new dispersal",
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
        (LETTERS_POSTAGE.key, "second"),
        (
            LETTERS_QR_URL.key,
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
    match app.workspace.save_settings(&form, None) {
        Ok(id) => Redirect::to(&format!("/c/{id}/files")).into_response(),
        Err(_) => internal(&app, "/new"),
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
                &said(&e.into()),
                "/new",
            );
        }
    };
    let form = ClosureForm::from_closure(&closure);
    // A dispersal of several closing practices keeps them all, each with its own list.
    match app
        .workspace
        .save_settings(&form, Some(&closure.closing_practices[1..]))
    {
        Ok(id) => Redirect::to(&format!("/c/{id}/files")).into_response(),
        Err(_) => internal(&app, "/new"),
    }
}

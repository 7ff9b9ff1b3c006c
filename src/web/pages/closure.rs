//! Web page: `/c/{id}` and `/c/{id}/closure.toml` — a closure's page, and its settings as a
//! file.

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{AppState, no_closure, sentence as capitalise};
use crate::input::{ClosureForm, FORM_FIELDS, FieldKind, FormField};
use crate::model::date_in_words;

pub async fn closure(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let Ok(closure) = app.workspace.closure(&id) else {
        return no_closure(&app);
    };
    let form = ClosureForm::from_closure(&closure);
    // Each setting as the officer reads it: dates in words, postage as its class.
    let shown = |f: &FormField| -> Vec<String> {
        let value = form.value(f.key);
        match f.kind {
            FieldKind::Date => match crate::input::parse_date(value) {
                Ok(date) => vec![date_in_words(date)],
                Err(_) => vec![value.to_string()],
            },
            FieldKind::Postage => vec![capitalise(closure.letters.postage.in_words())],
            _ => value.lines().map(str::to_string).collect(),
        }
    };
    let settings: Vec<Value> = FORM_FIELDS
        .iter()
        .map(|f| json!({"label": f.label, "lines": shown(f)}))
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

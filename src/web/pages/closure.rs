//! Web page: `/c/{id}` and `/c/{id}/closure.toml` — a closure's page, and its settings as a
//! file.

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{AppState, no_closure};
use crate::input::{ClosureForm, FORM_FIELDS};

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

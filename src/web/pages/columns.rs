//! Web page: `/c/{id}/columns` — the column step. When a required field's column in the
//! patient list cannot be found by any name it goes by, the officer chooses it from the file's
//! headers, with the first rows shown beside them. The choice is kept in the closure's
//! `closure.toml` (`[inputs.columns]`), so the command line reads the file the same way.

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::{AppState, internal, no_closure, off_thread, refused, summary};
use crate::batch::request::{ErrorKind, RequestError};
use crate::input::column_choice::{ColumnChoices, column_choices};
use crate::input::headers::label_of;
use crate::input::{InputError, InputFiles};
use crate::web::App;

/// Whether `error` is the patient list's missing column: the column step can fix it.
pub(super) fn missing_in_patients(app: &App, id: &str, error: &RequestError) -> bool {
    let Ok(closure) = app.workspace.closure(id) else {
        return false;
    };
    matches!(
        error.input_error(),
        Some(InputError::MissingColumn { file, .. } | InputError::MappedColumn { file, .. })
            if closure.closing_practices.iter().any(|c| *file == c.patients.display().to_string())
    )
}

/// The form's id for a field's choice.
fn field_id(field: &str) -> String {
    format!("column-{}", field.replace('_', "-"))
}

fn columns_page(
    app: &App,
    id: &str,
    choices: &ColumnChoices,
    chosen: &[(String, String)],
    errors: &[(String, String)],
) -> Response {
    let fields: Vec<Value> = choices
        .missing
        .iter()
        .map(|field| {
            let picked = chosen.iter().find(|(f, _)| f == field).map(|(_, h)| h);
            let options: Vec<Value> = choices
                .headers
                .iter()
                .map(|h| json!({"header": h, "selected": picked == Some(h)}))
                .collect();
            json!({
                "field": field,
                "id": field_id(field),
                "label": label_of(field),
                "options": options,
                "error": errors.iter().find(|(f, _)| *f == field_id(field)).map(|(_, m)| m),
            })
        })
        .collect();
    let shown: Vec<Value> = choices
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cells: Vec<&str> = choices
                .rows
                .iter()
                .map(|r| r.get(i).map(String::as_str).unwrap_or(""))
                .collect();
            json!({"header": h, "cells": cells})
        })
        .collect();
    let rows: Vec<usize> = (1..=choices.rows.len()).collect();
    app.form_page(
        "columns",
        "Choose the patient list's columns",
        !errors.is_empty(),
        json!({
            "id": id,
            "fields": fields,
            "shown": shown,
            "rows": rows,
            "errors": summary(errors),
        }),
    )
}

/// The choices for the closure's patient list, read off the async threads.
async fn choices(app: &App, id: &str) -> Result<(crate::model::Closure, ColumnChoices), Response> {
    let Ok(closure) = app.workspace.closure(id) else {
        return Err(no_closure(app));
    };
    let (lists, mapped): (Vec<_>, _) = (
        closure
            .closing_practices
            .iter()
            .map(|c| c.patients.clone())
            .collect(),
        closure.inputs.columns.clone(),
    );
    // The first patient list with a column to choose (each list is read by the same names).
    let chosen = off_thread(move || -> Result<ColumnChoices, InputError> {
        let mut first = None;
        for path in &lists {
            let choices = column_choices(path, &mapped)?;
            if !choices.missing.is_empty() {
                return Ok(choices);
            }
            first.get_or_insert(choices);
        }
        Ok(first.unwrap_or_default())
    });
    match chosen.await {
        Some(Ok(choices)) => Ok((closure, choices)),
        Some(Err(e)) => Err(refused(
            app,
            id,
            "A file cannot be used",
            &RequestError::from(e),
            "",
        )),
        None => Err(internal(app, &format!("/c/{id}/files"))),
    }
}

pub async fn columns_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    match choices(&app, &id).await {
        Ok((_, choices)) if choices.missing.is_empty() => {
            Redirect::to(&format!("/c/{id}/check")).into_response()
        }
        Ok((_, choices)) => columns_page(&app, &id, &choices, &[], &[]),
        Err(page) => page,
    }
}

pub async fn save_columns(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (closure, choices) = match choices(&app, &id).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let mut chosen = Vec::new();
    let mut errors = Vec::new();
    for field in &choices.missing {
        let given = pairs
            .iter()
            .find(|(k, _)| *k == field_id(field))
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        if choices.headers.iter().any(|h| h == given) {
            chosen.push((field.to_string(), given.to_string()));
        } else {
            errors.push((
                field_id(field),
                format!(
                    "Choose the column that holds the {}",
                    label_of(field).to_lowercase()
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return columns_page(&app, &id, &choices, &chosen, &errors);
    }
    let mut files = InputFiles::of(&closure);
    for (field, header) in chosen {
        files.columns.retain(|(f, _)| *f != field);
        files.columns.push((field, header));
    }
    match app.workspace.write_closure(&id, &closure, &files) {
        Ok(()) => Redirect::to(&format!("/c/{id}/check")).into_response(),
        Err(why) => refused(
            &app,
            &id,
            "The settings cannot be saved",
            &RequestError::new(ErrorKind::Request, why, &[]),
            &format!("/c/{id}/columns"),
        ),
    }
}

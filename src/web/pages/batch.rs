//! Web page: `/c/{id}/batch`, `/c/{id}/batch/stop` and `/c/{id}/batches/{name}` — a print
//! batch (the letters at closure, or letter 1 or 2) started, followed, stopped if need be, and
//! its zips downloaded.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::{AppState, internal, no_closure, no_such_closure, off_thread, own_folder, summary};
use crate::batch::request::{
    NoticeRequest, PASSPHRASE_MIN_CHARS, PassphraseProblem, check_passphrase,
};
use crate::batch::{BatchOptions, Cancel, request};
use crate::web::{App, views};

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
    // No passphrase: the zip is not encrypted.
    if !passphrase.is_empty() || !again.is_empty() {
        let problem = match check_passphrase(&passphrase, Some(&again)) {
            Ok(()) => None,
            Err(PassphraseProblem::TooShort) if !passphrase.is_empty() => Some(format!(
                "Enter a passphrase of at least {PASSPHRASE_MIN_CHARS} characters, for example four random words, or leave it empty"
            )),
            Err(_) => Some(
                "The two passphrases are different: enter the same passphrase twice".to_string(),
            ),
        };
        if let Some(problem) = problem {
            return batch_page(&app, &id, &[("passphrase".into(), problem)]);
        }
    }
    // Which letters: those at closure (2a, 2b, 2c), or letter 1 or 2 before it, dated as
    // the officer says (or as the settings' letter date).
    let letter = form
        .get("letters")
        .and_then(|n| n.parse().ok())
        .and_then(request::notice_letter);
    let date = match form
        .get("notice_date")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(text) => match crate::input::parse_date(text) {
            Ok(date) => Some(date),
            Err(_) => {
                return batch_page(
                    &app,
                    &id,
                    &[(
                        "notice_date".into(),
                        "Enter the date on letter 1 or 2 as day/month/year, for example 24/07/2026, or leave it empty".into(),
                    )],
                );
            }
        },
    };
    let notice = letter.map(|letter| NoticeRequest { letter, date });
    let (ws, owned) = (app.workspace.clone(), id.clone());
    let cancel = Cancel::new();
    let options = BatchOptions {
        passphrase: Some(passphrase).filter(|p| !p.is_empty()),
        docx: form.get("docx").is_some_and(|v| v == "yes"),
        threads: request::default_threads(),
        ledger: app.workspace.ledger(&id),
        cancel: cancel.clone(),
        ..BatchOptions::default()
    };
    let started = app.jobs.start(&id, cancel, move |report| {
        let inputs = ws.inputs(&owned)?;
        let out = ws.batches(&owned).ok_or_else(no_such_closure)?;
        own_folder(&out)?;
        let mut sink = |p| report(p);
        let outcome = match notice {
            Some(notice) => request::notice(inputs, &out, &options, &notice, &mut sink)?,
            None => crate::batch::run(inputs, &out, &options, &mut sink)?,
        };
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

/// "Stop the batch": the running batch stops through the engine's cancel, and the page says
/// so once it has (no zip, nothing in the ledger). Post/Redirect/Get: a refresh sends nothing.
pub async fn stop_batch(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    app.jobs.stop(&id);
    Redirect::to(&format!("/c/{id}/batch")).into_response()
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

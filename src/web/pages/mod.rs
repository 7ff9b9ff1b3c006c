//! Web page: the pages, one file per group of routes in the router's order (`super::router`),
//! which is the officer's: the start page, a closure's settings, the check of any PDFs, the
//! closure's page, its files, the check of the list, the capacity survey, the plan, a letter's
//! preview, the batch, and one patient. Each handler parses the request, calls the request
//! layer or the batch engine off the async threads, and fills in a template; what could not
//! be done gets a page that says what went wrong and what to do ([`refused`]). Here: what the
//! pages share; `uploads.rs`: the forms that send files.

mod uploads;

/// `/`
pub(super) mod home;

/// `/new`, `/upload-closure`, `/c/{id}/settings`
pub(super) mod settings;

/// `/check-pdfs`
pub(super) mod check_pdfs;

/// `/c/{id}`, `/c/{id}/closure.toml`
pub(super) mod closure;

/// `/c/{id}/practices`, `/c/{id}/practices/remove`
pub(super) mod practices;

/// `/c/{id}/files`
pub(super) mod files;

/// `/c/{id}/columns`
pub(super) mod columns;

/// `/c/{id}/check`, `/c/{id}/check.xlsx`
pub(super) mod check;

/// `/c/{id}/survey`
pub(super) mod survey;

/// `/c/{id}/plan`
pub(super) mod plan;

/// `/c/{id}/preview`
pub(super) mod preview;

/// `/c/{id}/batch`, `/c/{id}/batch/stop`, `/c/{id}/batches/{name}`
pub(super) mod batch;

/// `/c/{id}/patient`
pub(super) mod patient;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::App;
use crate::batch::request::{ErrorKind, RequestError};
use crate::model::Inputs;

pub(super) type AppState = State<Arc<App>>;

pub(super) type Params = Query<HashMap<String, String>>;

/// The engine's threads need large stacks (typst lays out recursively).
const STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on a thread of its own, away from the server's async threads. `None`: it
/// stopped (internal error).
pub(super) async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
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

pub(super) fn internal(app: &App, back: &str) -> Response {
    app.problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The page could not be made (internal error). Nothing was changed.",
        back,
    )
}

pub(super) fn no_closure(app: &App) -> Response {
    app.problem(
        StatusCode::NOT_FOUND,
        "There is no such closure",
        "There is no closure with that ODS code in the workspace. Choose one from the start page.",
        "/",
    )
}

/// A closure that is not in the workspace, as a request's error.
pub(super) fn no_such_closure() -> RequestError {
    RequestError::new(ErrorKind::Request, "there is no such closure", &[])
}

/// Makes a folder of the workspace (0700), or says why it cannot be made.
pub(super) fn own_folder(folder: &Path) -> Result<(), RequestError> {
    crate::private_files::own_folder(folder).map_err(|e| written_error(folder, &e))
}

fn written_error(path: &Path, error: &std::io::Error) -> RequestError {
    RequestError::new(
        ErrorKind::Engine,
        format!("{}: cannot be written ({error})", path.display()),
        &["check that the disk is not full, and that the server may write in the workspace"],
    )
    .about(path)
}

/// An error summary's links: each to its field's id, with the message.
pub(super) fn summary(errors: &[(String, String)]) -> Vec<Value> {
    errors
        .iter()
        .map(|(id, message)| json!({ "href": format!("#{id}"), "message": message }))
        .collect()
}

/// The closure's inputs read, off the async threads; `Err` is the page to show.
pub(super) async fn read_inputs(app: &Arc<App>, id: &str) -> Result<Inputs, Response> {
    if app.workspace.folder(id).is_none() {
        return Err(no_closure(app));
    }
    let (ws, owned) = (app.workspace.clone(), id.to_string());
    match off_thread(move || ws.inputs(&owned)).await {
        Some(Ok(inputs)) => Ok(inputs),
        Some(Err(error)) if columns::missing_in_patients(app, id, &error) => {
            Err(Redirect::to(&format!("/c/{id}/columns")).into_response())
        }
        Some(Err(error)) => Err(refused(app, id, "A file cannot be used", &error, "")),
        None => Err(internal(app, &format!("/c/{id}"))),
    }
}

/// The page for what the workspace or the engine could not do: what went wrong (a file named
/// by its place in the workspace; [`App::problem`] leaves out the folders above it), then what
/// to do. A closure's file that cannot be used and a ledger that cannot be opened have their
/// own titles on every page; `title` and `back` are for the rest.
pub(super) fn refused(
    app: &App,
    id: &str,
    title: &str,
    error: &RequestError,
    back: &str,
) -> Response {
    let (title, back, then) = match error.kind {
        ErrorKind::Input => (
            "A file cannot be used",
            format!("/c/{id}/files"),
            Some("Upload the file again once it is fixed."),
        ),
        ErrorKind::Ledger => (
            "The ledger cannot be opened",
            back.to_string(),
            Some("Until it can be opened, this page cannot show or record what was sent."),
        ),
        ErrorKind::Engine | ErrorKind::Request | ErrorKind::Cancelled => {
            (title, back.to_string(), None)
        }
    };
    let mut lines = said(error);
    if let Some(then) = then {
        lines = format!("{lines}\n{then}");
    }
    app.problem(StatusCode::UNPROCESSABLE_ENTITY, title, &lines, &back)
}

/// An error as a problem page's lines: what went wrong, then what to do.
pub(super) fn said(error: &RequestError) -> String {
    let mut lines = vec![error.problem.clone()];
    lines.extend(error.fix.iter().map(|fix| sentence(fix)));
    lines.join("\n")
}

/// A sentence of the engine's, which starts in lower case, as a line of its own.
pub(super) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The locales a letter can be made in: (tag, name in English, status).
pub(super) fn locale_options(inputs: &Inputs, chosen: &str) -> Vec<Value> {
    match crate::batch::load_wording(&inputs.locales) {
        Ok(wording) => wording
            .locales()
            .map(|l| json!({"tag": l.tag, "name": format!("{} ({})", l.english_name, l.tag), "selected": l.tag == chosen}))
            .collect(),
        Err(_) => Vec::new(),
    }
}

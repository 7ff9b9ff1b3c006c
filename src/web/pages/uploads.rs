//! Web page: the forms that send files — every part of a multipart form read within the
//! upload limit, and the page for an upload that is too large or cut short.

use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::Response;

use super::no_closure;
use crate::web::{App, UPLOAD_LIMIT, UPLOAD_LIMIT_TEXT};

/// Every part of a multipart form: its name, the file name it gave (if a file) and its
/// bytes. `Err` is the page to show.
pub(super) async fn parts(
    app: &App,
    mut form: Multipart,
    back: &str,
) -> Result<Vec<(String, Option<String>, Vec<u8>)>, Response> {
    let mut parts = Vec::new();
    let mut total = 0usize;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(upload_error(app, e.status(), back)),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return Err(upload_error(app, e.status(), back)),
        };
        total += bytes.len();
        if total > UPLOAD_LIMIT {
            return Err(upload_error(app, StatusCode::PAYLOAD_TOO_LARGE, back));
        }
        parts.push((name, file_name, bytes.to_vec()));
    }
    Ok(parts)
}

/// A closure's form's parts; `Err` is the page to show (no such closure, a bad upload).
pub(super) async fn closure_parts(
    app: &App,
    id: &str,
    form: Multipart,
    back: &str,
) -> Result<Vec<(String, Option<String>, Vec<u8>)>, Response> {
    if app.workspace.folder(id).is_none() {
        return Err(no_closure(app));
    }
    parts(app, form, back).await
}

pub(super) fn upload_error(app: &App, status: StatusCode, back: &str) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        app.problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The file is too large",
            &format!("The files sent together must be smaller than {UPLOAD_LIMIT_TEXT}. A patient list of 100,000 rows is about 15 MB as CSV; save the sheet as CSV, or send the files one at a time."),
            back,
        )
    } else {
        app.problem(
            StatusCode::BAD_REQUEST,
            "The upload did not arrive whole",
            "The browser's upload was cut short or is not a form. Choose the file again and send it.",
            back,
        )
    }
}

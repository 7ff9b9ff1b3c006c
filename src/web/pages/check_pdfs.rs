//! Web page: `/check-pdfs` — PDF letters made anywhere checked for the 50p contribution.

use axum::extract::{Multipart, State};
use axum::response::Response;
use serde_json::json;

use super::uploads::parts;
use super::{AppState, internal, off_thread};
use crate::check::check_pdf;
use crate::web::UPLOAD_LIMIT_TEXT;

pub async fn check_pdfs_form(State(app): AppState) -> Response {
    app.page(
        "check_pdfs",
        "Check letters for the 50p contribution",
        json!({"limit": UPLOAD_LIMIT_TEXT}),
    )
}

pub async fn check_pdfs(State(app): AppState, form: Multipart) -> Response {
    let parts = match parts(&app, form, "/check-pdfs").await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let files: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .filter(|(n, f, b)| n == "pdfs" && f.is_some() && !b.is_empty())
        .map(|(_, f, b)| (f.unwrap_or_default(), b))
        .collect();
    if files.is_empty() {
        return app.form_page(
            "check_pdfs",
            "Check letters for the 50p contribution",
            true,
            json!({"limit": UPLOAD_LIMIT_TEXT, "error": "Choose one or more PDF files"}),
        );
    }
    let rows = off_thread(move || {
        files
            .iter()
            .map(|(name, bytes)| match check_pdf(bytes) {
                Ok(r) => json!({
                    "name": name, "pages": r.pages, "a4": r.a4_portrait,
                    "black_and_white": r.colour.is_empty(), "format": (r.format != crate::model::LetterFormat::Standard).then(|| r.format.in_prose()),
                    "eligible": r.verdict.eligible_50p, "why": r.verdict.failures.join("; "),
                }),
                Err(e) => json!({"name": name, "error": e.problem(), "fix": e.fix()}),
            })
            .collect::<Vec<_>>()
    })
    .await;
    match rows {
        Some(rows) => {
            let eligible = rows.iter().filter(|r| r["eligible"] == json!(true)).count();
            app.page(
                "check_pdfs",
                "Check letters for the 50p contribution",
                json!({"limit": UPLOAD_LIMIT_TEXT, "rows": rows, "checked": true, "eligible": eligible, "count": rows.len()}),
            )
        }
        None => internal(&app, "/check-pdfs"),
    }
}

//! Web page: `/c/{id}/check` and `check.xlsx` — the patient list's rejected rows and warnings,
//! on the page and as a workbook.

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{AppState, internal, read_inputs};
use crate::package::{AuditSheet, audit_workbook};
use crate::web::views;

pub async fn check(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let (rejected, warnings) = views::problems(&inputs);
    app.page(
        "check",
        "Check the patient list",
        json!({
            "id": id,
            "patients": inputs.patients.len(),
            "rejected_rows": inputs.rejected_patients.len(),
            "practices": inputs.practices.len(),
            "rejected": rejected,
            "warnings": warnings,
            "warnings_total": inputs.warnings.log.total,
            "more_warnings": inputs.warnings.log.total > inputs.warnings.kept.len(),
        }),
    )
}

pub async fn check_xlsx(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let (rejected, warnings) = views::problems(&inputs);
    let headers: Vec<String> = ["file", "row", "column", "problem", "how to fix"]
        .map(String::from)
        .to_vec();
    let sheet = |name: &str, rows: &[views::ProblemRow]| AuditSheet {
        name: name.to_string(),
        headers: headers.clone(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.file.clone(),
                    r.row.clone(),
                    r.column.clone(),
                    r.problem.clone(),
                    r.fix.clone(),
                ]
            })
            .collect(),
    };
    let today = crate::batch::Now::system().today();
    match audit_workbook(
        &[
            sheet("Rejected rows", &rejected),
            sheet("Warnings", &warnings),
        ],
        today,
    ) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, crate::package::XLSX_MIME),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rejected-rows.xlsx\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => internal(&app, &format!("/c/{id}/check")),
    }
}

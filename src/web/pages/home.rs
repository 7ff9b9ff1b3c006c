//! Web page: `/`, the start page listing the workspace's closures, and the page for an
//! address that is none.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::AppState;
use crate::web::UPLOAD_LIMIT_TEXT;

pub async fn home(State(app): AppState) -> Response {
    let closures = app.workspace.list();
    let running = app.jobs.running();
    app.page(
        "home",
        "Dispersal of a practice list",
        json!({ "closures": closures, "running": running, "limit": UPLOAD_LIMIT_TEXT }),
    )
}

pub async fn not_found(State(app): AppState) -> Response {
    app.problem(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address.",
        "/",
    )
}

//! Web page: `/`, the start page listing the workspace's closures, and the page for an
//! address that is none.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::{AppState, off_thread};
use crate::web::UPLOAD_LIMIT_TEXT;

pub async fn home(State(app): AppState) -> Response {
    let ws = app.workspace.clone();
    let today = crate::batch::Now::system().today();
    // Each dispersal with its next step, by the timeline's rules.
    let closures = off_thread(move || {
        ws.list()
            .into_iter()
            .map(|listed| {
                let next = ws.closure(&listed.id).ok().and_then(|closure| {
                    let kept = crate::batch::Kept {
                        survey_made: ws.survey_made(&listed.id),
                        replies: ws.reply_files(&listed.id).len(),
                    };
                    let ledger = ws.ledger(&listed.id);
                    let steps =
                        crate::batch::timeline(&closure, ledger.as_deref(), &kept, today).ok()?;
                    let next = steps.iter().find(|s| s.next)?;
                    let late = next.state == crate::batch::StepState::Late;
                    Some(json!({"step": next.step.name(), "late": late}))
                });
                json!({
                    "id": listed.id, "names": listed.names, "closure_date": listed.closure_date,
                    "has_files": listed.has_files, "next": next,
                })
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
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

//! Web page: `/c/{id}/plan` — the plan the batch would make, and the patients a search
//! finds in it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::{AppState, internal, off_thread, read_inputs, refused};
use crate::batch;
use crate::batch::request::RequestError;
use crate::web::{App, views};

pub async fn view_plan(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    plan_page(app, id, String::new()).await
}

/// The plan with the patients a search finds. The search is sent in the form's body (a
/// POST), so what was searched for stays out of the browser's history.
pub async fn search_plan(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let query = form.get("q").cloned().unwrap_or_default();
    plan_page(app, id, query).await
}

async fn plan_page(app: Arc<App>, id: String, query: String) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let ledger = app.workspace.ledger(&id);
    let made = off_thread(move || -> Result<_, RequestError> {
        let (plan, notes) = batch::plan_only(inputs, ledger.as_deref())?;
        Ok(views::plan_view(&plan, &batch::page_words(&notes), &query))
    })
    .await;
    match made {
        Some(Ok(mut view)) => {
            view["id"] = json!(id);
            // Each patient found links to their page by its reference.
            if let Some(found) = view.get_mut("found").and_then(Value::as_array_mut) {
                for row in found {
                    let nhs = row["nhs_number"].as_str().unwrap_or("").to_string();
                    row["reference"] = json!(app.patients.reference(&id, &nhs));
                }
            }
            app.page("plan", "The plan", view)
        }
        Some(Err(error)) => refused(
            &app,
            &id,
            "The plan cannot be made",
            &error,
            &format!("/c/{id}"),
        ),
        None => internal(&app, &format!("/c/{id}")),
    }
}

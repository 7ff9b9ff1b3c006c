//! Web page: `/c/{id}/plan` — the plan the batch would make, and the patients a search
//! finds in it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::{AppState, internal, off_thread, read_inputs, refused};
use crate::batch;
use crate::batch::request::RequestError;
use crate::web::{App, views};

pub async fn view_plan(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    plan_page(app, id, String::new()).await
}

/// A search of the plan. It is sent in the form's body (a POST), so what was searched for
/// stays out of the browser's history, and answered with a redirect to the page of what it
/// found, whose address carries only a reference (so refreshing it sends nothing again).
pub async fn search_plan(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let query = form.get("q").map(|q| q.trim()).unwrap_or_default();
    if query.is_empty() {
        return Redirect::to(&format!("/c/{id}/plan")).into_response();
    }
    let reference = app.searches.reference(&id, query);
    Redirect::to(&format!("/c/{id}/plan/found/{reference}#found")).into_response()
}

/// `/c/{id}/plan/found/{reference}`: the plan with the patients a search found.
pub async fn found(
    State(app): AppState,
    UrlPath((id, reference)): UrlPath<(String, String)>,
) -> Response {
    match app.searches.number(&id, &reference) {
        Some(query) => plan_page(app, id, query).await,
        // Made by the server before it last started: the plain plan, to search again.
        None => Redirect::to(&format!("/c/{id}/plan#search")).into_response(),
    }
}

async fn plan_page(app: Arc<App>, id: String, query: String) -> Response {
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let ledger = app.workspace.ledger(&id);
    let made = off_thread(move || -> Result<_, RequestError> {
        let standing = batch::standing(inputs, ledger.as_deref())?;
        Ok(views::plan_view(&standing, &query))
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

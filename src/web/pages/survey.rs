//! Web page: `/c/{id}/survey` — the capacity survey made, and its replies uploaded (each
//! read at once, so a bad one is named) or cleared.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Multipart, Path as UrlPath, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::uploads::closure_parts;
use super::{
    AppState, internal, no_closure, off_thread, own_folder, read_inputs, refused, summary,
};
use crate::batch::request;
use crate::batch::request::SurveyRequest;
use crate::web::{App, UPLOAD_LIMIT_TEXT};

fn survey_page(app: &App, id: &str, made: Option<Value>, errors: &[(String, String)]) -> Response {
    app.form_page(
        "survey",
        "The capacity survey",
        !errors.is_empty(),
        json!({
            "id": id,
            "made": made,
            "replies": app.workspace.reply_files(id).len(),
            "errors": summary(errors),
            "replies_error": errors.iter().find(|(f, _)| f == "replies").map(|(_, m)| m),
            "reply_by_error": errors.iter().find(|(f, _)| f == "reply_by").map(|(_, m)| m),
            "limit": UPLOAD_LIMIT_TEXT,
        }),
    )
}

pub async fn survey(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    survey_page(&app, &id, None, &[])
}

pub async fn make_survey(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let given = form.get("reply_by").map(|s| s.trim()).unwrap_or("");
    let reply_by = if given.is_empty() {
        None
    } else {
        match crate::input::parse_date(given) {
            Ok(date) => Some(date),
            Err(_) => {
                return survey_page(
                    &app,
                    &id,
                    None,
                    &[(
                        "reply_by".into(),
                        "Enter the reply date as day/month/year, for example 30/10/2026, or leave it empty".into(),
                    )],
                );
            }
        }
    };
    let inputs = match read_inputs(&app, &id).await {
        Ok(i) => i,
        Err(page) => return page,
    };
    let Some(out) = app.workspace.batches(&id) else {
        return no_closure(&app);
    };
    // The emails are dated today (see `SurveyRequest`).
    let today = crate::batch::Now::system().today();
    let request = SurveyRequest {
        reply_by,
        sent: None,
    };
    let made = off_thread(move || {
        own_folder(&out)?;
        request::make_survey(&inputs, &out, &request, today)
    })
    .await;
    match made {
        Some(Ok(outcome)) => {
            let zip = super::super::workspace::file_name(&outcome.zip);
            let made = json!({
                "zip": zip,
                "reply_by": crate::model::date_in_words(outcome.reply_by),
                "candidates": outcome.candidates,
            });
            survey_page(&app, &id, Some(made), &[])
        }
        Some(Err(error)) => refused(
            &app,
            &id,
            "The survey cannot be made",
            &error,
            &format!("/c/{id}/survey"),
        ),
        None => internal(&app, &format!("/c/{id}/survey")),
    }
}

pub async fn upload_replies(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = format!("/c/{id}/survey");
    let parts = match closure_parts(&app, &id, form, &back).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let files: Vec<_> = parts
        .iter()
        .filter(|(n, f, b)| n == "replies" && f.is_some() && !b.is_empty())
        .collect();
    if files.is_empty() {
        return survey_page(
            &app,
            &id,
            None,
            &[("replies".into(), "Choose one or more reply forms".into())],
        );
    }
    let mut saved = Vec::new();
    for (_, name, bytes) in files {
        let uploaded = name.as_deref().unwrap_or("");
        match app.workspace.save_reply(&id, uploaded, bytes) {
            Ok(stored) => saved.push((stored, uploaded.to_string())),
            Err(message) => return survey_page(&app, &id, None, &[("replies".into(), message)]),
        }
    }
    // The replies are read now, so a bad one is named at once, not at the next plan.
    let (ws, owned) = (app.workspace.clone(), id.clone());
    match off_thread(move || ws.inputs(&owned)).await {
        Some(Ok(_)) => Redirect::to(&format!("/c/{id}/plan")).into_response(),
        Some(Err(error)) => {
            // The problem, named by the file the officer chose.
            let mut problem = error.problem;
            for (stored, uploaded) in &saved {
                problem = problem.replace(&format!("{stored}:"), &format!("{uploaded}:"));
            }
            // What was just uploaded is not kept, so the replies before it still count.
            if let Some(dir) = app.workspace.replies(&id) {
                for (stored, _) in &saved {
                    let _ = std::fs::remove_file(dir.join(stored));
                }
            }
            let message = format!(
                "{problem}. The forms just chosen were not kept: fix that one and upload them again"
            );
            survey_page(&app, &id, None, &[("replies".into(), message)])
        }
        None => internal(&app, &back),
    }
}

pub async fn clear_replies(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if let Some(dir) = app.workspace.replies(&id) {
        let _ = std::fs::remove_dir_all(dir);
    }
    Redirect::to(&format!("/c/{id}/survey")).into_response()
}

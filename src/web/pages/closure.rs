//! Web page: `/c/{id}` and `/c/{id}/closure.toml` — a closure's page, and its settings as a
//! file.

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{AppState, internal, no_closure, off_thread, refused, sentence as capitalise};
use crate::batch;
use crate::batch::request::RequestError;
use crate::input::{ClosureForm, FORM_FIELDS, FieldKind, FormField};
use crate::model::date_in_words;

pub async fn closure(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let Ok(closure) = app.workspace.closure(&id) else {
        return no_closure(&app);
    };
    let form = ClosureForm::from_closure(&closure);
    // Each setting as the officer reads it: dates in words, postage as its class.
    let shown = |f: &FormField| -> Vec<String> {
        let value = form.value(f.key);
        match f.kind {
            FieldKind::Date => match crate::input::parse_date(value) {
                Ok(date) => vec![date_in_words(date)],
                Err(_) => vec![value.to_string()],
            },
            FieldKind::Postage => vec![capitalise(closure.letters.postage.in_words())],
            _ => value.lines().map(str::to_string).collect(),
        }
    };
    let settings: Vec<Value> = FORM_FIELDS
        .iter()
        .map(|f| json!({"label": f.label, "lines": shown(f)}))
        .collect();
    let has_files = app.workspace.has_files(&closure);
    let kept = batch::Kept {
        survey_made: app.workspace.survey_made(&id),
        replies: app.workspace.reply_files(&id).len(),
    };
    let (ledger, owned) = (app.workspace.ledger(&id), closure.clone());
    let today = batch::Now::system().today();
    let steps =
        match off_thread(move || batch::timeline(&owned, ledger.as_deref(), &kept, today)).await {
            Some(Ok(steps)) => steps,
            Some(Err(error)) => {
                let error = RequestError::from(error);
                return refused(&app, &id, "The dispersal cannot be shown", &error, "/");
            }
            None => return internal(&app, "/"),
        };
    let allocated = steps
        .iter()
        .any(|s| s.step == batch::StepKind::Allocation && !s.done.is_empty());
    let practices: Vec<Value> = closure
        .closing_practices
        .iter()
        .map(|c| {
            json!({
                "name": c.name, "ods_code": c.ods_code,
                "closes": batch::date_in_words(c.closure_date),
                "uploaded": c.patients.is_file(),
            })
        })
        .collect();
    let names: Vec<&str> = closure
        .closing_practices
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let title = names_in_words(&names);
    app.page(
        "closure",
        &title,
        json!({
            "id": id, "name": title, "settings": settings,
            "has_files": has_files,
            "several": closure.several(),
            "practice_count": practices.len(),
            "practices": practices,
            "can_add": !allocated,
            "steps": steps.iter().map(step_view).collect::<Vec<_>>(),
            "postcodes": app.workspace.postcodes(&id).is_some(),
            "batch": app.jobs.state(&id),
        }),
    )
}

/// Names joined as a sentence joins them: `A`, `A and B`, `A, B and C`.
pub(super) fn names_in_words(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A step of the timeline: the engine's words, with the tag's colour.
fn step_view(step: &batch::Step) -> Value {
    use batch::StepState;
    let colour = match step.state {
        StepState::Done => "green",
        StepState::DoneLate => "orange",
        StepState::Late => "red",
        StepState::Later if step.next => "blue",
        StepState::Later | StepState::Passed | StepState::AsNeeded => "grey",
    };
    let tag = step.state_in_words();
    json!({
        "name": step.step.name(), "due": step.due_in_words(), "tag": tag, "colour": colour,
        "also_next": step.next && tag != "Next",
        "done": step.done.iter().map(batch::Done::in_words).collect::<Vec<_>>(),
    })
}

pub async fn closure_toml(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    match app
        .workspace
        .closure_toml(&id)
        .and_then(|p| std::fs::read(p).ok())
    {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "application/toml; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"closure.toml\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        None => no_closure(&app),
    }
}

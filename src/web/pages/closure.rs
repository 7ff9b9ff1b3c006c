//! Web page: `/c/{id}` and `/c/{id}/closure.toml` — a closure's page, and its settings as a
//! file.

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{AppState, internal, no_closure, off_thread, refused};
use crate::batch;
use crate::batch::request::RequestError;
use crate::input::{ClosureForm, FORM_FIELDS};

pub async fn closure(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    let Ok(closure) = app.workspace.closure(&id) else {
        return no_closure(&app);
    };
    let form = ClosureForm::from_closure(&closure);
    let settings: Vec<Value> = FORM_FIELDS
        .iter()
        .map(|f| json!({"label": f.label, "lines": form.value(f.key).lines().collect::<Vec<_>>()}))
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

/// A step's name in the officer's words.
pub(super) fn step_name(step: batch::StepKind) -> &'static str {
    use batch::StepKind;
    match step {
        StepKind::Letter1 => "Letter 1: the practice is closing",
        StepKind::Letter2 => "Letter 2: the reminder",
        StepKind::Survey => "The capacity survey of nearby practices",
        StepKind::Allocation => "The allocation letters and the practices' emails",
        StepKind::Changes => "Letters sent again and changes of practice",
    }
}

/// A step of the timeline in the officer's words.
fn step_view(step: &batch::Step) -> Value {
    use batch::{StepKind, StepState};
    let day = |d: Option<chrono::NaiveDate>| d.map(batch::date_in_words).unwrap_or_default();
    let name = step_name(step.step);
    let due = match step.step {
        StepKind::Letter1 => format!(
            "Send by {}, at least two months before the closure",
            day(step.due)
        ),
        StepKind::Letter2 => format!(
            "Send from {}, a month after letter 1, before the closure",
            day(step.due)
        ),
        StepKind::Survey => format!("Replies wanted by {}", day(step.due)),
        StepKind::Allocation => format!("The letters are dated {}", day(step.due)),
        StepKind::Changes => "When a patient asks".to_string(),
    };
    let (tag, colour) = match step.state {
        StepState::Done => ("Done", "green"),
        StepState::DoneLate => ("Done late", "orange"),
        StepState::Late => ("Late", "red"),
        StepState::Later if step.next => ("Next", "blue"),
        StepState::Later => ("Not yet", "grey"),
        StepState::Passed => ("Not sent", "grey"),
        StepState::AsNeeded => ("When needed", "grey"),
    };
    let done: Vec<String> = step
        .done
        .iter()
        .map(|d| {
            let what = match (step.step, d.kind.as_str()) {
                (_, "survey") => format!(
                    "Made on {}; {}",
                    batch::date_in_words(d.date),
                    count(d.count, "reply form uploaded", "reply forms uploaded")
                ),
                (_, "reissue") => format!("{} sent again", count(d.count, "letter", "letters")),
                (_, "reallocation") => format!(
                    "Practice changed: {} dated {}",
                    count(d.count, "letter", "letters"),
                    batch::date_in_words(d.date)
                ),
                _ => format!(
                    "{} dated {}",
                    count(d.count, "letter", "letters"),
                    batch::date_in_words(d.date)
                ),
            };
            match d.at.as_deref().and_then(batch::uk_time_in_words) {
                Some(at) => format!("{what} (made {at})"),
                None => what,
            }
        })
        .collect();
    json!({
        "name": name, "due": due, "tag": tag, "colour": colour,
        "also_next": step.next && tag != "Next",
        "done": done,
    })
}

/// A count with its noun: `1 letter`, `2 letters`.
fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

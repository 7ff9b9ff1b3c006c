//! Web page: `/c/{id}/practices` — a closing practice added to the dispersal (or taken out),
//! until its allocation letters are made. Practices closing together are planned together, as
//! `[[closing_practice]]` tables are in `closure.toml`, so the places nearby practices offer
//! are shared between all their patients, never offered twice.

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::settings::{errors_summary, fields_of};
use super::{AppState, internal, no_closure, off_thread, refused};
use crate::batch;
use crate::batch::request::RequestError;
use crate::input::closure_keys::{
    CLOSING_PRACTICE_ADDRESS, CLOSING_PRACTICE_CLOSURE_DATE, CLOSING_PRACTICE_NAME,
    CLOSING_PRACTICE_ODS_CODE,
};
use crate::input::{ClosureForm, FORM_FIELDS, FieldProblem};
use crate::model::ClosingPractice;
use crate::web::App;

/// The form's keys: a closing practice's own.
const ASKED: [&str; 4] = [
    CLOSING_PRACTICE_ODS_CODE.key,
    CLOSING_PRACTICE_NAME.key,
    CLOSING_PRACTICE_ADDRESS.key,
    CLOSING_PRACTICE_CLOSURE_DATE.key,
];

fn practices_page(app: &App, id: &str, form: &ClosureForm, problems: &[FieldProblem]) -> Response {
    let Ok(closure) = app.workspace.closure(id) else {
        return no_closure(app);
    };
    let practices: Vec<_> = closure
        .closing_practices
        .iter()
        .enumerate()
        .map(|(n, c)| {
            json!({
                "name": c.name, "ods_code": c.ods_code,
                "closes": batch::date_in_words(c.closure_date),
                "removable": n > 0,
            })
        })
        .collect();
    app.form_page(
        "practices",
        "Add a closing practice",
        !problems.is_empty(),
        json!({
            "id": id,
            "practices": practices,
            "fields": fields_of(form, problems, |f| ASKED.contains(&f.key)),
            "errors": errors_summary(problems),
        }),
    )
}

/// `Ok(())` while practices can be added; the page that says why not otherwise.
async fn still_open(app: &std::sync::Arc<App>, id: &str) -> Result<(), Response> {
    let Ok(closure) = app.workspace.closure(id) else {
        return Err(no_closure(app));
    };
    let ledger = app.workspace.ledger(id);
    match off_thread(move || batch::allocation_made(&closure, ledger.as_deref())).await {
        Some(Ok(false)) => Ok(()),
        Some(Ok(true)) => Err(app.problem(
            StatusCode::CONFLICT,
            "Closing practices cannot be changed now",
            "The allocation letters of this dispersal have been made: the places nearby practices offered were shared out between the patients of the practices already in it.\nStart a new dispersal for a practice that closes later.",
            &format!("/c/{id}"),
        )),
        Some(Err(error)) => Err(refused(
            app,
            id,
            "The dispersal cannot be shown",
            &RequestError::from(error),
            &format!("/c/{id}"),
        )),
        None => Err(internal(app, &format!("/c/{id}"))),
    }
}

pub async fn practices_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if let Err(page) = still_open(&app, &id).await {
        return page;
    }
    practices_page(&app, &id, &ClosureForm::default(), &[])
}

pub async fn add_practice(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(page) = still_open(&app, &id).await {
        return page;
    }
    let Ok(closure) = app.workspace.closure(&id) else {
        return no_closure(&app);
    };
    // The practice typed in, checked by the settings' own rules: each field in a closure
    // whose other fields are this dispersal's.
    let kept = ClosureForm::from_closure(&closure);
    let typed: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| ASKED.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let form = ClosureForm::from_pairs(typed.iter().copied());
    let checked = ClosureForm::from_pairs(
        FORM_FIELDS
            .iter()
            .map(|f| (f.key, kept.value(f.key)))
            .chain(typed.iter().copied()),
    );
    let mut problems: Vec<FieldProblem> = checked
        .problems()
        .into_iter()
        .filter(|p| ASKED.contains(&p.key.as_str()))
        .collect();
    let ods_code = form
        .value(CLOSING_PRACTICE_ODS_CODE.key)
        .trim()
        .to_uppercase();
    if problems.is_empty()
        && closure
            .closing_practices
            .iter()
            .any(|c| c.ods_code == ods_code)
    {
        problems.push(FieldProblem {
            key: CLOSING_PRACTICE_ODS_CODE.key.to_string(),
            message: format!("{ods_code} is already a closing practice of this dispersal"),
        });
    }
    let closure_date = crate::input::parse_date(form.value(CLOSING_PRACTICE_CLOSURE_DATE.key)).ok();
    let Some(closure_date) = closure_date.filter(|_| problems.is_empty()) else {
        return practices_page(&app, &id, &form, &problems);
    };
    let practice = ClosingPractice {
        ods_code,
        name: form.value(CLOSING_PRACTICE_NAME.key).trim().to_string(),
        address: form
            .value(CLOSING_PRACTICE_ADDRESS.key)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        closure_date,
        patients: Default::default(),
    };
    match app.workspace.add_closing(&id, &practice) {
        Ok(()) => Redirect::to(&format!("/c/{id}/files")).into_response(),
        Err(_) => internal(&app, &format!("/c/{id}")),
    }
}

pub async fn remove_practice(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(page) = still_open(&app, &id).await {
        return page;
    }
    let ods_code = pairs
        .iter()
        .find(|(k, _)| k == "ods_code")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let (ws, owned) = (app.workspace.clone(), id.clone());
    match off_thread(move || ws.remove_closing(&owned, &ods_code)).await {
        Some(Ok(())) => Redirect::to(&format!("/c/{id}")).into_response(),
        Some(Err(_)) | None => internal(&app, &format!("/c/{id}")),
    }
}

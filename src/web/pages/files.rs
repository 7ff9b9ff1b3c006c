//! Web page: `/c/{id}/files` — the patients, practices and postcode files uploaded.

use axum::extract::{Multipart, Path as UrlPath, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use axum::http::StatusCode;

use super::uploads::{closure_parts, upload_error};
use super::{AppState, internal, no_closure, off_thread, summary};
use crate::web::workspace::Upload;
use crate::web::{App, UPLOAD_LIMIT_TEXT};

fn files_page(app: &App, id: &str, errors: &[(String, String)]) -> Response {
    let error = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    };
    let closure = app.workspace.closure(id).ok();
    // One patient list for each closing practice of the dispersal.
    let lists: Vec<_> = closure
        .iter()
        .flat_map(|c| {
            c.closing_practices.iter().enumerate().map(|(n, practice)| {
                let field = Upload::Patients(n).stem_in(c);
                json!({
                    "field": field,
                    "name": practice.name,
                    "ods_code": practice.ods_code,
                    "uploaded": practice.patients.is_file(),
                    "error": error(&field),
                })
            })
        })
        .collect();
    let several = closure.as_ref().is_some_and(crate::model::Closure::several);
    let names: Vec<&str> = closure
        .iter()
        .flat_map(|c| c.closing_practices.iter().map(|p| p.name.as_str()))
        .collect();
    let heading = if several {
        "Upload the patient lists and the practices"
    } else {
        "Upload the patient list and the practices"
    };
    app.form_page(
        "files",
        heading,
        !errors.is_empty(),
        json!({
            "id": id,
            "heading": heading,
            "name": super::closure::names_in_words(&names),
            "has_files": closure.as_ref().is_some_and(|c| app.workspace.has_files(c)),
            "several": several,
            "lists": lists,
            "errors": summary(errors),
            "practices_error": error("practices"),
            "details_error": error("practice-details"),
            "postcodes_error": error("postcodes"),
            "limit": UPLOAD_LIMIT_TEXT,
        }),
    )
}

pub async fn files_form(State(app): AppState, UrlPath(id): UrlPath<String>) -> Response {
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    files_page(&app, &id, &[])
}

pub async fn upload_files(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = format!("/c/{id}/files");
    let parts = match closure_parts(&app, &id, form, &back).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    // Saving reads the lists to keep the closure's postcodes: off the async threads.
    let (ws, owned) = (app.workspace.clone(), id.clone());
    let saved = off_thread(move || {
        let mut errors = Vec::new();
        let mut saved = 0;
        let Ok(closure) = ws.closure(&owned) else {
            return (saved, errors);
        };
        for (name, file_name, bytes) in &parts {
            let list = (0..closure.closing_practices.len())
                .map(Upload::Patients)
                .find(|u| u.stem_in(&closure) == *name);
            let upload = match (list, name.as_str()) {
                (Some(list), _) => list,
                (None, "practices") => Upload::Practices,
                (None, "practice-details") => Upload::PracticeDetails,
                (None, "postcodes") => Upload::Postcodes,
                (None, _) => continue,
            };
            let Some(file_name) = file_name.as_deref().filter(|_| !bytes.is_empty()) else {
                continue;
            };
            match ws.save_upload(&owned, upload, file_name, bytes) {
                Ok(()) => saved += 1,
                Err(message) => errors.push((name.clone(), message)),
            }
        }
        (saved, errors)
    })
    .await;
    let Some((saved, mut errors)) = saved else {
        return internal(&app, &back);
    };
    if saved == 0 && errors.is_empty() {
        errors.push((
            "patients".to_string(),
            "Choose a patient list, the practices file or both".to_string(),
        ));
    }
    if !errors.is_empty() {
        return files_page(&app, &id, &errors);
    }
    Redirect::to(&format!("/c/{id}/check")).into_response()
}

/// The largest postcode file the page takes on its own: the whole ONS Postcode Directory (or
/// the National Statistics Postcode Lookup) is about 1.4 GB.
pub const POSTCODES_LIMIT: usize = 3 << 30;

/// `POST /c/{id}/postcodes`: the postcode file on its own, however large: streamed to disk as
/// it arrives (never held), then only the positions of the closure's own postcodes are kept.
pub async fn upload_postcodes(
    State(app): AppState,
    UrlPath(id): UrlPath<String>,
    mut form: Multipart,
) -> Response {
    use std::io::Write;
    if app.workspace.folder(&id).is_none() {
        return no_closure(&app);
    }
    let back = format!("/c/{id}/files");
    let refuse =
        |message: &str| files_page(&app, &id, &[("postcodes".to_string(), message.to_string())]);
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return refuse("Choose the postcode file"),
            Err(e) => return upload_error(&app, e.status(), &back),
        };
        if field.name() != Some("postcodes") {
            continue;
        }
        let ext = field
            .file_name()
            .and_then(|n| std::path::Path::new(n).extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !["csv", "zip"].contains(&ext.as_str()) {
            return refuse("The postcode file must be CSV, or OS Code-Point Open's ZIP");
        }
        let Ok(path) = app.workspace.postcodes_source_path(&id, &ext) else {
            return no_closure(&app);
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partial = path.with_file_name(format!(".{name}.part"));
        let Ok(mut file) = crate::private_files::create(&partial) else {
            return internal(&app, &back);
        };
        let mut total = 0usize;
        let written = loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    total += chunk.len();
                    if total > POSTCODES_LIMIT {
                        break Err(StatusCode::PAYLOAD_TOO_LARGE);
                    }
                    if tokio::task::block_in_place(|| file.write_all(&chunk)).is_err() {
                        break Err(StatusCode::INTERNAL_SERVER_ERROR);
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e.status()),
            }
        };
        let synced = written.and_then(|()| {
            tokio::task::block_in_place(|| {
                file.sync_all()
                    .and_then(|()| std::fs::rename(&partial, &path))
            })
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
        });
        if let Err(status) = synced {
            let _ = std::fs::remove_file(&partial);
            return match status {
                StatusCode::INTERNAL_SERVER_ERROR => internal(&app, &back),
                status => upload_error(&app, status, &back),
            };
        }
        let (ws, owned) = (app.workspace.clone(), id.clone());
        return match off_thread(move || ws.keep_postcodes(&owned)).await {
            Some(Ok(())) => Redirect::to(&format!("/c/{id}/check")).into_response(),
            Some(Err(message)) => refuse(&message),
            None => internal(&app, &back),
        };
    }
}

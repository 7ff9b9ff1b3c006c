//! Web page: `dispersal serve`, the officers' page in their own browser. It reads and writes
//! the workspace (the closures' files and ledgers), calls the batch engine for every plan,
//! letter and batch, and shows what came back; it decides nothing itself, so the page and the
//! CLI always agree.
//!
//! - `guard.rs`: who may use it (127.0.0.1 only, token then cookie, Host, Origin, CSRF, CSP).
//! - `workspace.rs`: the closures' folders, the edge where files are kept.
//! - `pages/`: the pages, one file per group of routes, in the router's (the officer's) order.
//! - `views.rs`: what the pages show of a plan, a batch or a check, as plain data, and the
//!   charts (SVG made here).
//! - `jobs.rs`: the one batch that runs at a time, on its own threads.
//! - `connections/`: the connections held, and when an idle or slow one is closed.
//!
//! Pages are handlebars templates (`web/templates/`), compiled in and escaping every value;
//! the NHS.UK frontend's CSS is compiled in too. No page needs JavaScript.

mod connections;
mod file_check;
mod guard;
mod jobs;
mod pages;
mod patients;
mod views;
mod workspace;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use handlebars::Handlebars;
use serde_json::{Value, json};

pub use connections::IDLE_TIMEOUT;
pub use file_check::SCAN_LIMITS_NOT_SET;
pub use workspace::Workspace;

/// The largest upload the page takes, in bytes.
pub const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;
/// The same, in words.
pub const UPLOAD_LIMIT_TEXT: &str = "50 MB";

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// 0: any free port.
    pub port: u16,
    pub workspace: PathBuf,
}

/// The server's state, shared by every request.
pub struct App {
    pub port: u16,
    token: String,
    csrf: String,
    workspace: Workspace,
    templates: Handlebars<'static>,
    jobs: jobs::Jobs,
    /// What the start found of batches an earlier server left unfinished, by closure.
    interrupted: std::collections::BTreeMap<String, Vec<String>>,
    /// The patients looked up, by the opaque reference their page's address carries.
    patients: patients::PatientRefs,
    /// What was searched for on the plan page, likewise (a search is a name or an NHS number).
    searches: patients::PatientRefs,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../web/templates/layout.hbs")),
    (
        "error_summary",
        include_str!("../../web/templates/error_summary.hbs"),
    ),
    (
        "interrupted",
        include_str!("../../web/templates/interrupted.hbs"),
    ),
    (
        "form_fields",
        include_str!("../../web/templates/form_fields.hbs"),
    ),
    ("home", include_str!("../../web/templates/home.hbs")),
    ("settings", include_str!("../../web/templates/settings.hbs")),
    ("columns", include_str!("../../web/templates/columns.hbs")),
    ("closure", include_str!("../../web/templates/closure.hbs")),
    (
        "practices",
        include_str!("../../web/templates/practices.hbs"),
    ),
    ("files", include_str!("../../web/templates/files.hbs")),
    ("check", include_str!("../../web/templates/check.hbs")),
    ("plan", include_str!("../../web/templates/plan.hbs")),
    ("survey", include_str!("../../web/templates/survey.hbs")),
    ("preview", include_str!("../../web/templates/preview.hbs")),
    ("batch", include_str!("../../web/templates/batch.hbs")),
    ("patient", include_str!("../../web/templates/patient.hbs")),
    (
        "check_pdfs",
        include_str!("../../web/templates/check_pdfs.hbs"),
    ),
    ("problem", include_str!("../../web/templates/problem.hbs")),
];

/// A template helper that writes its one text parameter as `change` makes it, escaped.
fn text_helper(change: fn(&str) -> String) -> Box<dyn handlebars::HelperDef + Send + Sync> {
    Box::new(
        move |h: &handlebars::Helper<'_>,
              _: &Handlebars<'_>,
              _: &handlebars::Context,
              _: &mut handlebars::RenderContext<'_, '_>,
              out: &mut dyn handlebars::Output|
              -> handlebars::HelperResult {
            let text = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
            out.write(&handlebars::html_escape(&change(text)))?;
            Ok(())
        },
    )
}

/// The text with its first letter in capitals.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn templates() -> Result<Handlebars<'static>, handlebars::TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    // A sentence from the engine, which starts in lower case, as a line of its own.
    hb.register_helper("capitalise", text_helper(capitalise));
    // A moment the ledger recorded, in UK time and in words (`6 July 2026 at 16:09`).
    hb.register_helper(
        "uk_time",
        text_helper(|stamp| {
            crate::batch::uk_time_in_words(stamp).unwrap_or_else(|| stamp.to_string())
        }),
    );
    for (name, text) in TEMPLATES {
        if matches!(
            *name,
            "layout" | "error_summary" | "interrupted" | "form_fields"
        ) {
            hb.register_partial(name, *text)?;
        } else {
            hb.register_template_string(name, *text)?;
        }
    }
    Ok(hb)
}

impl App {
    /// A page: the template with `data`, plus what every page needs.
    fn page(&self, template: &str, title: &str, mut data: Value) -> Response {
        self.page_with_status(StatusCode::OK, template, title, &mut data)
    }

    fn page_with_status(
        &self,
        status: StatusCode,
        template: &str,
        title: &str,
        data: &mut Value,
    ) -> Response {
        if let Value::Object(map) = data {
            map.insert("title".into(), json!(title));
            map.insert("csrf".into(), json!(self.csrf));
            // A batch the start found interrupted, on the closure's own pages.
            if let Some(said) = map
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| self.interrupted.get(id))
            {
                map.insert("interrupted".into(), json!(said));
            }
            if !map.contains_key("back")
                && let Some(id) = map.get("id").and_then(Value::as_str)
            {
                let back = format!("/c/{id}");
                map.insert("back".into(), json!(back));
            }
        }
        match self.templates.render(template, data) {
            Ok(html) => (status, Html(self.workspace.without_paths(&html))).into_response(),
            Err(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page could not be made (internal error).",
            )
                .into_response(),
        }
    }

    /// A form's page: sent back with 422 and its title marked "Error:" when it has errors
    /// (GOV.UK's pattern, so a screen reader hears it first).
    fn form_page(
        &self,
        template: &str,
        title: &str,
        has_errors: bool,
        mut data: Value,
    ) -> Response {
        if has_errors {
            let title = format!("Error: {title}");
            self.page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                template,
                &title,
                &mut data,
            )
        } else {
            self.page_with_status(StatusCode::OK, template, title, &mut data)
        }
    }

    /// A page that says what went wrong and what to do, and links back.
    fn problem(&self, status: StatusCode, title: &str, message: &str, back: &str) -> Response {
        let lines: Vec<&str> = message.lines().map(str::trim).collect();
        self.page_with_status(
            status,
            "problem",
            title,
            &mut json!({ "lines": lines, "back": back }),
        )
    }
}

fn router(app: Arc<App>) -> Router {
    use pages::{batch, check, check_pdfs, closure, files, home, patient, plan, preview};
    use pages::{columns, practices, settings, survey};
    Router::new()
        .route("/", get(home::home))
        .route("/assets/nhsuk-frontend.min.css", get(css))
        .route("/assets/images/{name}", get(image))
        .route(
            "/new",
            get(settings::new_form).post(settings::save_settings),
        )
        .route("/upload-closure", post(settings::upload_closure))
        .route("/c/{id}/settings", get(settings::edit_form))
        .route(
            "/check-pdfs",
            get(check_pdfs::check_pdfs_form).post(check_pdfs::check_pdfs),
        )
        .route("/c/{id}", get(closure::closure))
        .route("/c/{id}/closure.toml", get(closure::closure_toml))
        .route(
            "/c/{id}/practices",
            get(practices::practices_form).post(practices::add_practice),
        )
        .route("/c/{id}/practices/remove", post(practices::remove_practice))
        .route(
            "/c/{id}/files",
            get(files::files_form).post(files::upload_files),
        )
        .route(
            "/c/{id}/postcodes",
            post(files::upload_postcodes)
                .layer(DefaultBodyLimit::max(pages::files::POSTCODES_LIMIT)),
        )
        .route(
            "/c/{id}/columns",
            get(columns::columns_form).post(columns::save_columns),
        )
        .route("/c/{id}/check", get(check::check))
        .route("/c/{id}/check.xlsx", get(check::check_xlsx))
        .route(
            "/c/{id}/survey",
            get(survey::survey).post(survey::make_survey),
        )
        .route("/c/{id}/survey/replies", post(survey::upload_replies))
        .route("/c/{id}/survey/clear", post(survey::clear_replies))
        .route("/c/{id}/plan", get(plan::view_plan).post(plan::search_plan))
        .route("/c/{id}/plan/found/{reference}", get(plan::found))
        .route(
            "/c/{id}/preview",
            get(preview::preview).post(preview::preview_patient),
        )
        .route("/c/{id}/batch", get(batch::batch).post(batch::start_batch))
        .route("/c/{id}/batch/stop", post(batch::stop_batch))
        .route("/c/{id}/batches/{name}", get(batch::download_zip))
        .route(
            "/c/{id}/patient",
            get(patient::patient_form).post(patient::find_patient),
        )
        .route("/c/{id}/patient/{reference}", get(patient::patient))
        .route("/c/{id}/patient/letter", post(patient::patient_letter))
        .route("/c/{id}/patient/reallocate", post(patient::reallocate))
        .route("/c/{id}/letters/{name}", get(patient::download_letter))
        .fallback(home::not_found)
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT + 64 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../web/assets/nhsuk-frontend.min.css"),
    )
        .into_response()
}

/// The images the CSS names, by file name.
const IMAGES: &[(&str, &str)] = &[
    (
        "nhsuk-icon-arrow-down.svg",
        include_str!("../../web/assets/images/nhsuk-icon-arrow-down.svg"),
    ),
    (
        "nhsuk-icon-arrow-up-down.svg",
        include_str!("../../web/assets/images/nhsuk-icon-arrow-up-down.svg"),
    ),
    (
        "nhsuk-icon-arrow-up.svg",
        include_str!("../../web/assets/images/nhsuk-icon-arrow-up.svg"),
    ),
    (
        "nhsuk-icon-cross.svg",
        include_str!("../../web/assets/images/nhsuk-icon-cross.svg"),
    ),
];

async fn image(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match IMAGES.iter().find(|(n, _)| *n == name) {
        Some((_, svg)) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "max-age=3600"),
            ],
            *svg,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Each closure's batches that an earlier server left unfinished (killed, or the computer
/// stopped), finished or forgotten so that zips and ledger agree, in the officer's words.
fn interrupted_batches(workspace: &Workspace) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut found = std::collections::BTreeMap::new();
    for id in workspace.ids() {
        workspace.remove_unfinished(&id);
        let Some(batches) = workspace.batches(&id).filter(|d| d.is_dir()) else {
            continue;
        };
        let said: Vec<String> =
            match crate::batch::recover_folder(&batches, workspace.ledger(&id).as_deref()) {
                Ok(done) => done.iter().map(ToString::to_string).collect(),
                Err(e) => {
                    let e = crate::batch::request::RequestError::from(e);
                    std::iter::once(format!(
                    "the batches of this closure could not be checked after the server stopped: {}",
                    workspace.without_paths(&e.problem)
                ))
                .chain(e.fix.iter().map(|fix| workspace.without_paths(fix)))
                .collect()
                }
            };
        if !said.is_empty() {
            found.insert(id, said);
        }
    }
    found
}

/// Starts the server and serves until Ctrl-C. Prints the address to open as its last line.
pub fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    let workspace = Workspace::open(&options.workspace).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot make the workspace folder ({e})\nhint: give another folder with --workspace DIR",
            options.workspace.display()
        )
    })?;
    // Uploaded lists are read first in a child process of this binary.
    let workspace = workspace.with_file_check(std::env::current_exe()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = connections::listen(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot listen on 127.0.0.1:{} ({e})\nhint: another program uses the port; give another with --port N",
                    options.port
                )
            })?;
        let port = listener.local_addr()?.port();
        let interrupted = interrupted_batches(&workspace);
        let app = Arc::new(App {
            port,
            token: guard::random_token(),
            csrf: guard::random_token(),
            workspace,
            templates: templates()?,
            jobs: jobs::Jobs::default(),
            interrupted,
            patients: patients::PatientRefs::default(),
            searches: patients::PatientRefs::default(),
        });
        println!(
            "dispersal: serving the workspace {} on this computer only; press Ctrl-C to stop",
            options.workspace.display()
        );
        println!("Open this address in your browser:");
        println!("http://127.0.0.1:{port}/?token={}", app.token);
        use std::io::Write;
        std::io::stdout().flush()?;
        connections::serve(listener, router(app), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        anyhow::Ok(())
    })
}

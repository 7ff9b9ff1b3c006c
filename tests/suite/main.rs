//! The integration tests, in one binary (each file links the whole library with typst, so one
//! binary links it once). Each module tests one concern from outside the library, as a user
//! or the CLI would use it; `common` holds the fixtures and helpers they share.
//!
//! Run one module with `cargo test --test suite cli::`, one test by its name.

mod common;

mod architecture;
mod batch;
mod braille;
mod check_pdf;
mod children;
mod cli;
mod cli_seen;
mod closures;
mod docx;
mod easy_read;
mod hostile_text;
mod input;
mod interrupted;
mod ledger;
mod locales;
mod needs;
mod notice;
mod plan;
mod readme;
mod render;
mod report;
mod sample_rules;
mod shared_body;
mod snapshots;
mod survey;
mod translations;
mod web;
mod web_assets;
mod web_batch;
mod web_patient;
mod workbook;

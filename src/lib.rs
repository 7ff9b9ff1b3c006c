//! dispersal: letters, allocations and print batches for a GP practice list dispersal.
//!
//! # Steps
//! - **input**: read `closure.toml`, the patient list and the practices (CSV or XLSX), validate
//!   every row; bad rows become [`model::RejectedRow`]s and the good rows go on.
//! - **plan**: put each patient in a cohort (2a allocate, 2b not seen for 5 years, 2c out of
//!   area, excluded) and allocate the 2a patients to receiving practices within capacity.
//! - **compose**: build each letter's model, every sentence worded through Fluent.
//! - **render**: lay the letter out with typst, in-process, and export PDF or PNG.
//! - **check**: measure each rendered letter for the 50p contribution (pages, A4, black and
//!   white, address in the envelope window).
//! - **package**: write the print batch: PDFs, manifest, plan and summaries in one zip.
//!
//! A stage never uses a later one. [`batch`], the batch engine, runs them all in order for
//! one batch or one letter; [`cli`] parses arguments, calls the engine and prints. [`model`]
//! (the domain types), [`private_files`] (how a file or folder holding patient data is made, 0600/0700), [`letter_fonts`] (the fonts letters are set in), [`envelope`] (the
//! envelope window, the address block and its name line) and [`page`] (A4, its margins, the
//! body's top and the header's columns) are shared by every stage.
//! [`ledger`], the record of what was sent, is an edge the engine writes and reads, as it
//! does the file system. [`web`], the officers' page (`dispersal serve`), sits on the engine
//! beside the CLI.

pub mod batch;
pub mod check;
pub mod cli;
pub mod compose;
pub mod envelope;
pub mod input;
pub mod ledger;
pub mod letter_fonts;
pub mod model;
pub mod package;
pub mod page;
pub mod plan;
pub mod private_files;
pub mod render;
pub mod web;

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
//! A stage never uses a later one; `cli` drives them all. [`model`] (the domain types) and
//! [`letter_fonts`] (the fonts letters are set in) are shared by every stage.

pub mod check;
pub mod cli;
pub mod compose;
pub mod input;
pub mod letter_fonts;
pub mod model;
pub mod package;
pub mod plan;
pub mod render;

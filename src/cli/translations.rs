//! CLI: `dispersal translations export` and `import` — a translation handed to a translator
//! as a workbook and taken back as a reviewed locale folder, through the batch engine.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use crate::batch;
use crate::input::{self, DiskFiles};

use super::EXIT_OK;

/// Today, for the review's date (the only clock the translations commands read).
fn today() -> NaiveDate {
    crate::batch::Now::system().today()
}

/// `dispersal translations export`: the translator's workbook for one language.
pub fn export(lang: &str, out: &Path) -> anyhow::Result<u8> {
    let bytes = batch::export_review(lang, today())?;
    super::commands::write(out, &bytes)?;
    println!(
        "wrote the review workbook for {lang}: send it to the translator; when it comes back, run\n  dispersal translations import {} --reviewer \"NAME\" --out DIR",
        out.display()
    );
    println!("{}", out.display());
    Ok(EXIT_OK)
}

/// The language of a review workbook from its name: `pl-review.xlsx` is `pl`.
fn lang_from_name(workbook: &Path) -> anyhow::Result<String> {
    let stem = workbook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tag = stem.strip_suffix("-review").unwrap_or(&stem);
    if tag.is_empty() {
        anyhow::bail!(
            "{}: cannot tell the workbook's language from its name\nhint: give it with --lang (e.g. --lang pl)",
            workbook.display()
        );
    }
    Ok(tag.to_string())
}

/// `dispersal translations import`: the reviewed locale, written to `out/<lang>/`.
pub fn import(
    workbook: &Path,
    reviewer: &str,
    lang: Option<&str>,
    out: &Path,
) -> anyhow::Result<u8> {
    let tag = match lang {
        Some(tag) => tag.to_string(),
        None => lang_from_name(workbook)?,
    };
    let (sheet, rows) = input::read_review(workbook, &DiskFiles)?;
    let reviewed = batch::import_review(
        workbook,
        sheet.as_deref(),
        &rows,
        &tag,
        reviewer,
        today(),
        out,
    )?;
    let dir = batch::write_locale(&reviewed.files)
        .with_context(|| format!("{}: the reviewed locale was not written", out.display()))?;
    println!(
        "{tag}: {} of {} messages changed by the review; status reviewed",
        reviewed.changed.len(),
        crate::compose::message_sources(&reviewed.files.letters_ftl).len()
    );
    println!(
        "use it with --locales {} (or [letters] locales in closure.toml)",
        out.display()
    );
    println!("{}", dir.display());
    Ok(EXIT_OK)
}

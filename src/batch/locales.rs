//! Batch engine: translations reviewed without a programmer. [`export_review`] makes a
//! translator's workbook for a locale; [`import_review`] turns the workbook they send back
//! into a reviewed locale folder; [`load_wording`] loads the built-in locales and a folder's,
//! refusing any that fail [`check_locale`] — the same checks for both: the compose stage's
//! message checks, then every cohort's worst-case letter still fitting one page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::BatchError;
use super::worst_case::{worst_case_entries, worst_case_plans};
use crate::check;
use crate::compose::{self, Locale, MessageProblem, Review, ReviewError, SOURCE_LOCALE, Wording};
use crate::model::{LetterFormat, LocaleFiles, ReviewRow};
use crate::package;
use crate::render::{self, PrintFileSpec, Typesetter};

/// The translator's review workbook for the built-in locale `tag` (see
/// [`package::review_workbook`]), created on `today`.
pub fn export_review(tag: &str, today: NaiveDate) -> Result<Vec<u8>, BatchError> {
    let wording = Wording::load()?;
    let rows = compose::export_rows(&wording, tag)?;
    Ok(package::review_workbook(&rows, today)?)
}

/// A reviewed translation, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedLocale {
    pub files: LocaleFiles,
    /// Messages whose text the review changed.
    pub changed: Vec<String>,
}

/// The reviewed locale the workbook's rows make of the built-in locale `tag`: reviewed text
/// where a row gives it, the current text elsewhere, `status = "reviewed"`, the reviewer and
/// the date; its folder will be `out/<tag>`. `sheet` is the workbook's sheet the rows came
/// from. Refused, naming the workbook's sheet, row and column and the message id, when a
/// message fails [`compose::reviewed_files`]'s checks or [`check_locale`].
pub fn import_review(
    workbook: &Path,
    sheet: Option<&str>,
    rows: &[ReviewRow],
    tag: &str,
    reviewer: &str,
    today: NaiveDate,
    out: &Path,
) -> Result<ReviewedLocale, BatchError> {
    let wording = Wording::load()?;
    let name = workbook.display().to_string();
    let review = Review {
        workbook: &name,
        sheet,
        rows,
        reviewer,
        date: today,
        dir: out.join(tag),
    };
    let files = compose::reviewed_files(&wording, tag, &review)?;
    let problems: Vec<MessageProblem> = check_locale(&files)?
        .into_iter()
        .map(|p| review.blame(p))
        .collect();
    if !problems.is_empty() {
        return Err(ReviewError::Messages { problems }.into());
    }
    let before: BTreeMap<String, String> = compose::message_sources(
        &wording
            .get(tag)
            .map(|l| l.letters_ftl.clone())
            .unwrap_or_default(),
    )
    .into_iter()
    .map(|m| (m.id, m.text))
    .collect();
    let changed = compose::message_sources(&files.letters_ftl)
        .into_iter()
        .filter(|m| before.get(&m.id) != Some(&m.text))
        .map(|m| m.id)
        .collect();
    Ok(ReviewedLocale { files, changed })
}

/// Writes a reviewed locale's `letters.ftl` and `locale.toml` into its folder.
pub fn write_locale(files: &LocaleFiles) -> Result<PathBuf, BatchError> {
    let file_error = |path: &Path, what| {
        let path = path.to_path_buf();
        move |source| BatchError::File { path, what, source }
    };
    std::fs::create_dir_all(&files.dir)
        .map_err(file_error(&files.dir, "cannot create the folder"))?;
    for (name, text) in [
        ("letters.ftl", &files.letters_ftl),
        ("locale.toml", &files.locale_toml),
    ] {
        let path = files.dir.join(name);
        std::fs::write(&path, text).map_err(file_error(&path, "cannot write"))?;
    }
    Ok(files.dir.clone())
}

/// The built-in locales with `extra` (from a locales folder) over them, each of `extra`
/// checked first ([`check_locale`]): the first that fails stops the run, naming its file and
/// messages.
pub fn load_wording(extra: &[LocaleFiles]) -> Result<Wording, BatchError> {
    for files in extra {
        let problems = check_locale(files)?;
        if !problems.is_empty() {
            return Err(ReviewError::Messages { problems }.into());
        }
    }
    Ok(Wording::load_with(extra)?)
}

/// Every problem with one locale's files: the compose stage's message checks
/// ([`compose::review_problems`]) and, when they pass, whether each cohort's worst-case
/// standard-print letter still fits one page. A letter that does not is put down to the
/// message the locale made longest against the built-in text of its tag (or English, for a
/// new locale). Problems name the locale's `letters.ftl`.
pub fn check_locale(files: &LocaleFiles) -> Result<Vec<MessageProblem>, BatchError> {
    let source = match Wording::built_in(SOURCE_LOCALE) {
        Some(locale) => locale?,
        None => return Ok(Vec::new()),
    };
    let problems = compose::review_problems(files, &source.letters_ftl);
    if !problems.is_empty() {
        return Ok(problems);
    }
    let wording = Wording::load_with(std::slice::from_ref(files))?;
    let Some(locale) = wording.get(&files.tag) else {
        return Ok(Vec::new());
    };
    let base = match Wording::built_in(&files.tag) {
        Some(built_in) => built_in?,
        None => source,
    };
    let file = files.dir.join("letters.ftl").display().to_string();
    let mut problems = Vec::new();
    // The text messages with letters 1 and 2, worded with the worst-case closure.
    for plan in worst_case_plans().iter().skip(1) {
        let Some(cohort) = plan
            .entries
            .iter()
            .map(|e| e.cohort)
            .find(|c| c.is_notice())
        else {
            continue;
        };
        if let Err(compose::TextMessageError::TooLong {
            id, length, limit, ..
        }) = compose::word_text_message(plan, locale, 0, cohort)
        {
            problems.push(MessageProblem {
                file: file.clone(),
                place: None,
                id,
                problem: format!(
                    "the text message is {length} characters with the worst-case practice name: GOV.UK Notify sends at most {limit}; shorten it"
                ),
                hint: None,
            });
        }
    }
    for (cohort, pages) in overflowing_cohorts(&wording, locale)? {
        let id = longest_growth(locale, &base, cohort);
        problems.push(MessageProblem {
            file: file.clone(),
            place: None,
            id,
            problem: format!(
                "the worst-case letter {cohort} no longer fits one page ({pages} pages): this is the message made longest; shorten it"
            ),
            hint: None,
        });
    }
    Ok(problems)
}

/// The cohorts whose worst-case standard-print letter takes more than one page in `locale`,
/// with its pages.
fn overflowing_cohorts(
    wording: &Wording,
    locale: &Locale,
) -> Result<Vec<(&'static str, usize)>, BatchError> {
    let plans = worst_case_plans();
    let typesetter = Typesetter::new();
    let mut out = Vec::new();
    for (plan, entry) in worst_case_entries(&plans) {
        let Some(patient) = &entry.patient() else {
            continue;
        };
        let letter = compose::compose_letter(
            plan,
            entry,
            patient,
            locale,
            LetterFormat::Standard,
            wording,
        )?;
        let spec = PrintFileSpec {
            title: format!(
                "Worst-case letter ({}, {})",
                entry.cohort.code(),
                locale.tag
            ),
            author: plan.closure.commissioner.name.clone(),
            language: locale.tag.clone(),
            date: plan.closure.letters.date,
        };
        let file = render::print_file(&typesetter, &spec, &[&letter])?;
        let pages = file
            .letters
            .first()
            .map(|placed| {
                check::check(&letter, placed, &file.pages, plan.closure.letters.postage).pages
            })
            .unwrap_or(0);
        if pages > 1 {
            out.push((entry.cohort.code(), pages));
        }
    }
    Ok(out)
}

/// The message of `locale` a `cohort` letter prints that grew most against `base`.
fn longest_growth(locale: &Locale, base: &Locale, cohort: &str) -> String {
    let before: BTreeMap<String, usize> = compose::message_sources(&base.letters_ftl)
        .into_iter()
        .map(|m| (m.id, m.text.chars().count()))
        .collect();
    let other_cohort = |id: &str| {
        ["-2a", "-2b", "-2c"]
            .iter()
            .any(|suffix| id.ends_with(suffix) && !id.ends_with(&format!("-{cohort}")))
    };
    compose::message_sources(&locale.letters_ftl)
        .into_iter()
        .filter(|m| !other_cohort(&m.id))
        .max_by_key(|m| {
            m.text.chars().count() as i64 - before.get(&m.id).copied().unwrap_or(0) as i64
        })
        .map(|m| m.id)
        .unwrap_or_default()
}

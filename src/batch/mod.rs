//! Batch engine: runs a whole print batch — read inputs in, then plan → compose → render →
//! check → package — and hands back a typed outcome. The CLI, and later the officers' web
//! page, start batches here and only translate requests and print results.
//!
//! [`run`] is the whole job. Print files are made on [`BatchOptions::threads`] threads, each
//! wording, typesetting, checking and compressing its own file (`print_files.rs`); they are
//! written into the zip in print order as they finish (`pool.rs`), so memory holds a few print
//! files at a time, never the whole batch, and the zip is the same whatever the thread count.
//! A print file that cannot be typeset is tried letter by letter (`fallback.rs`). [`letter`]
//! makes one patient's letter on request, through the same wording, layout and
//! checks. Progress is reported as data ([`Progress`]) and a run can be stopped from another
//! thread ([`Cancel`]); a stopped or failed run leaves no zip under its final name.

mod audit;
mod batch_error;
mod encryption;
mod entries;
mod fallback;
mod locales;
mod memory;
mod naive;
mod note;
mod notice;
mod now;
mod one_letter;
mod options;
mod outcome;
mod patient_standing;
mod pool;
mod print_files;
mod progress;
mod publish;
mod reallocate;
mod record;
mod report;
pub mod request;
mod run;
mod sent_before;
mod standing;
mod survey;
mod synthetic;
mod worst_case;

use std::path::Path;

pub use crate::model::date_in_words;
pub use crate::package::{BatchLetter, BatchLetters};
pub use audit::{ZipCheck, ZipState, export_ledger, verify_ledger};
pub use batch_error::BatchError;
pub use encryption::{batches_encrypted, batches_encrypted_at};
pub use locales::{
    ReviewedLocale, check_locale, export_review, import_review, load_wording, write_locale,
};
pub use naive::naive_letters_per_second;
pub use note::{Note, cli_words, page_words};
pub use now::{Now, uk_time_in_words};
pub use one_letter::{
    LetterFile, LetterRequest, LetterSaving, MadeLetter, Reissue, Who, cover_path, letter,
    save_letter,
};
pub use options::BatchOptions;
pub use outcome::{BatchOutcome, PlanOutcome, Timings};
pub use patient_standing::{Choice, PatientStanding, patient_standing};
pub use print_files::default_letters_per_file;
pub use progress::{Cancel, Progress, ProgressSink, Stage};
pub use publish::{KILL_AT, Recovered, recover, recover_folder};
pub use reallocate::{ReallocateRequest, Reallocated, reallocate};
pub use standing::{
    Done, Kept, OnList, Standing, Step, StepKind, StepState, Written, allocation_made, standing,
    timeline,
};
pub use survey::{REPLY_DAYS_BEFORE_LETTERS, SurveyOutcome, survey};
pub use synthetic::{SyntheticClosure, synthetic, synthetic_closures};
pub use worst_case::{
    test_nhs_number, worst_case_closure, worst_case_entries, worst_case_inputs, worst_case_plans,
};

use crate::ledger::Ledger;
use crate::model::Inputs;
use crate::package;
use crate::plan::{self, Cohort, Purpose};

/// Plans, composes, renders, checks and packs one print batch into the folder `out`.
///
/// Takes the inputs by value: the plan keeps the patients without a second copy.
pub fn run(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    run::run_for(inputs, out, options, Purpose::Allocation, progress)
}

/// Letter 1 or 2 before the closure ([`Cohort::Notice1`], [`Cohort::Notice2`]) as a print
/// batch, through the same engine, checks, ledger and package as [`run`]: print files, the
/// manifest, `sms.csv` and the summary (and the Word letters with [`BatchOptions::docx`]).
pub fn notice(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    letter: Cohort,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    if !letter.is_notice() {
        return Err(BatchError::request(
            format!(
                "there is no letter {} before the closure (letters 1 and 2)",
                letter.code()
            ),
            None,
        ));
    }
    run::run_for(inputs, out, options, Purpose::Notice(letter), progress)
}

/// Decides every patient's cohort and receiving practice, as [`plan_csv`] and [`run`] do
/// (with a ledger, leaving out the patients an earlier run sent their letter), and hands back
/// the plan with notes on what was left out. The web page shows it.
pub fn plan_only(
    mut inputs: Inputs,
    ledger: Option<&Path>,
) -> Result<(plan::Plan, Vec<Note>), BatchError> {
    // The letters' locales are checked as a run checks them, so a bad folder shows now.
    load_wording(&inputs.locales)?;
    let ledger = ledger
        .filter(|p| p.exists())
        .map(Ledger::open)
        .transpose()?;
    let before = sent_before::apply(&mut inputs, ledger.as_ref(), Purpose::Allocation, false)?;
    Ok((plan::plan_owned(inputs), before.notes))
}

/// Decides every patient's cohort and receiving practice and writes `out/plan.csv`, row by
/// row.
///
/// With a ledger, the patients an earlier run sent their letter are left out as a run would
/// leave them out (see [`BatchOptions::resend`]), so the plan shows what `run` would do.
pub fn plan_csv(
    inputs: Inputs,
    out: &Path,
    ledger: Option<&Path>,
) -> Result<PlanOutcome, BatchError> {
    let (plan, notes) = plan_only(inputs, ledger)?;
    let file_error = |path: &Path, what| {
        let path = path.to_path_buf();
        move |source| BatchError::File { path, what, source }
    };
    crate::private_files::folder(out).map_err(file_error(out, "cannot create the folder"))?;
    let path = out.join("plan.csv");
    let file = crate::private_files::create(&path).map_err(file_error(&path, "cannot write"))?;
    let mut file = package::write_plan_csv(&plan, std::io::BufWriter::new(file))?;
    std::io::Write::flush(&mut file).map_err(file_error(&path, "cannot write"))?;
    let mut summary_text = package::plan_summary_text(&plan);
    for note in notes {
        summary_text.push_str(&format!("note: {}\n", note.cli));
    }
    Ok(PlanOutcome {
        path,
        summary_text,
        rejected: plan.rejections.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_never_show_the_passphrase() {
        let options = BatchOptions {
            passphrase: Some("correct horse battery staple".into()),
            ..BatchOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("horse"), "{shown}");
        assert!(shown.contains("(set)"), "{shown}");
    }
}

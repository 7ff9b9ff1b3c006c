//! Batch engine: what a finished run tells the ledger — the closure, its input files' SHA-256
//! and rows (as the input stage read them), every plan entry, every letter with its print file's SHA-256 and first page, and
//! the zip's — made from the run's plain data once the zip is complete, before it is named.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{BatchError, BatchLetters};
use crate::compose::Wording;
use crate::ledger::{ClosureFacts, InputFacts, LetterFacts, PlanFacts, RunRecord};
use crate::model::InputSource;
use crate::package::CompleteZip;
use crate::plan::Plan;
use crate::render;

/// The hex SHA-256 of a file, read in pieces (a zip can be gigabytes).
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
    }
    Ok(hex(&hash.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The input files as the ledger records them.
pub(super) fn input_facts(sources: &[InputSource]) -> Vec<InputFacts> {
    sources
        .iter()
        .map(|i| InputFacts {
            role: i.role.to_string(),
            path: i.path.display().to_string(),
            sha256: i.sha256.clone(),
            rows: i.rows,
        })
        .collect()
}

/// What a letter was made with: the first 16 hex digits of the SHA-256 of the layouts and the
/// locale's `letters.ftl` and `locale.toml`.
pub(super) fn wording_fingerprint(wording: &Wording, language: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(render::layouts_sha256());
    if let Some(locale) = wording.get(language) {
        hash.update(locale.letters_ftl.as_bytes());
        hash.update([0]);
        hash.update(locale.locale_toml.as_bytes());
    }
    hex(&hash.finalize()[..8])
}

/// What the ledger keeps of a closing practice, for a run dated `letter_date`.
pub(super) fn closure_facts(
    closing: &crate::model::ClosingPractice,
    letter_date: chrono::NaiveDate,
) -> ClosureFacts {
    ClosureFacts {
        ods_code: closing.ods_code.clone(),
        name: closing.name.clone(),
        closure_date: closing.closure_date.to_string(),
        letter_date: letter_date.to_string(),
    }
}

/// Every patient the ledger says a batch or reallocation sent a letter to, for any of the
/// closure's closing practices, with the receiving practice of the last one.
pub(super) fn sent_for(
    ledger: &crate::ledger::Ledger,
    closure: &crate::model::Closure,
) -> Result<Vec<(String, Option<String>)>, crate::ledger::LedgerError> {
    let mut sent = Vec::new();
    for c in &closure.closing_practices {
        sent.extend(ledger.sent(&c.ods_code)?);
    }
    Ok(sent)
}

/// A run's record for the ledger.
pub(super) fn run_record(
    plan: &Plan,
    sources: &[InputSource],
    letters: &BatchLetters,
    sums: &HashMap<String, String>,
    zip: &CompleteZip,
    wording: &Wording,
    now: &super::Now,
) -> Result<RunRecord, BatchError> {
    let closure = &plan.closure;
    let (zip_name, zip_path, zip_sha256) = super::publish::zip_facts(zip)?;
    let inputs = input_facts(sources);
    let practice_name = |i: usize| plan.practices.get(i).map(|p| p.name.clone());
    let entries: Vec<PlanFacts> = plan
        .entries
        .iter()
        .map(|e| PlanFacts {
            closing_ods: plan.closing(e).ods_code.clone(),
            row: e.row,
            nhs_number: e.nhs_number.to_string(),
            cohort: e.cohort.code().to_string(),
            reason: e.reason.to_string(),
            receiving_ods: e.allocation.as_ref().map(|a| a.ods_code.to_string()),
            receiving_name: e
                .allocation
                .as_ref()
                .and_then(|a| practice_name(a.practice)),
            proximity: e.allocation.as_ref().map(|a| a.proximity.to_string()),
        })
        .collect();
    let receiving: HashMap<(usize, usize), (String, Option<String>)> = plan
        .entries
        .iter()
        .filter_map(|e| {
            let a = e.allocation.as_ref()?;
            Some((
                (e.closing, e.row),
                (a.ods_code.to_string(), practice_name(a.practice)),
            ))
        })
        .collect();
    // Each language's fingerprint, made once.
    let mut fingerprints: HashMap<String, String> = HashMap::new();
    let mut fingerprint = |language: &str| -> String {
        fingerprints
            .entry(language.to_string())
            .or_insert_with(|| wording_fingerprint(wording, language))
            .clone()
    };
    let letters: Vec<LetterFacts> = letters
        .iter()
        .map(|l| {
            let r = &l.record;
            LetterFacts {
                letter_id: r.letter_id.to_string(),
                closing_ods: r.closing_ods.to_string(),
                nhs_number: r.nhs_number.to_string(),
                cohort: r.cohort.code().to_string(),
                language: r.language.to_string(),
                format: r.format.as_str().to_string(),
                receiving_ods: receiving
                    .get(&(r.closing, r.row))
                    .map(|(ods, _)| ods.clone()),
                receiving_name: receiving
                    .get(&(r.closing, r.row))
                    .and_then(|(_, name)| name.clone()),
                translation_status: r.translation_status.to_string(),
                wording_fingerprint: fingerprint(&r.language),
                pages: l.check.pages,
                eligible_50p: l.check.verdict.eligible_50p,
                print_file: l.print_file.to_string(),
                print_file_sha256: sums.get(&*l.print_file).cloned().unwrap_or_default(),
                first_page: l.check.first_page,
            }
        })
        .collect();
    Ok(RunRecord {
        kind: "batch".into(),
        closure: closure_facts(closure.lead(), closure.letters.date),
        also: closure.closing_practices[1..]
            .iter()
            .map(|c| closure_facts(c, closure.letters.date))
            .collect(),
        inputs,
        plan: entries,
        letters,
        zip_name,
        zip_path,
        zip_sha256,
        encrypted: zip.encrypted(),
        os_user: crate::ledger::os_user(),
        at: now.stamp(),
    })
}

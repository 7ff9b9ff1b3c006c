//! Batch engine: what a finished run tells the ledger — the closure, its input files' SHA-256
//! and rows (as the input stage read them), every plan entry, every letter with its print file's SHA-256 and first page, and
//! the zip's — made from the run's plain data once the zip is complete, before it is named.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{BatchError, BatchLetters};
use crate::compose::Wording;
use crate::ledger::{
    ClosureFacts, InputFacts, LedgerError, LetterFacts, PlanFacts, RunRecord, RunRows,
};
use crate::model::InputSource;
use crate::package::CompleteZip;
use crate::plan::{Allocation, Plan, PlanEntry};
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

/// A run's record for the ledger. Its plan entries and letters are [`BatchRows`]'.
pub(super) fn run_record(
    plan: &Plan,
    sources: &[InputSource],
    zip: &CompleteZip,
    now: &super::Now,
) -> Result<RunRecord, BatchError> {
    let closure = &plan.closure;
    let (zip_name, zip_path, zip_sha256) = super::publish::zip_facts(zip)?;
    let inputs = input_facts(sources);
    Ok(RunRecord {
        kind: "batch".into(),
        closure: closure_facts(closure.lead(), closure.letters.date),
        also: closure.closing_practices[1..]
            .iter()
            .map(|c| closure_facts(c, closure.letters.date))
            .collect(),
        inputs,
        plan: Vec::new(),
        letters: Vec::new(),
        zip_name,
        zip_path,
        zip_sha256,
        encrypted: zip.encrypted(),
        os_user: crate::ledger::os_user(),
        at: now.stamp(),
    })
}

/// A batch's plan entries and letters for the ledger, each made from the plan and the kept
/// letters as it is recorded (whole, a national batch's would be about 400 MB).
pub(super) struct BatchRows<'a> {
    plan: &'a Plan,
    letters: &'a BatchLetters,
    /// Each print file's SHA-256, by its path in the zip.
    sums: &'a HashMap<String, String>,
    wording: &'a Wording,
    /// Each language's fingerprint, made once.
    fingerprints: RefCell<HashMap<String, String>>,
    /// The allocated entries by closing practice and row, when the plan's entries are not in
    /// that order (they are found by binary search when they are).
    allocated: Option<HashMap<(usize, usize), usize>>,
}

impl<'a> BatchRows<'a> {
    pub(super) fn new(
        plan: &'a Plan,
        letters: &'a BatchLetters,
        sums: &'a HashMap<String, String>,
        wording: &'a Wording,
    ) -> BatchRows<'a> {
        let key = |e: &PlanEntry| (e.closing, e.row);
        let in_order = plan.entries.windows(2).all(|w| key(&w[0]) < key(&w[1]));
        let allocated = (!in_order).then(|| {
            plan.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.allocation.is_some())
                .map(|(i, e)| (key(e), i))
                .collect()
        });
        BatchRows {
            plan,
            letters,
            sums,
            wording,
            fingerprints: RefCell::default(),
            allocated,
        }
    }

    /// The receiving practice of the patient on `row` of closing practice `closing`'s list.
    fn allocation(&self, closing: usize, row: usize) -> Option<&Allocation> {
        let entries = &self.plan.entries;
        let at = match &self.allocated {
            Some(allocated) => *allocated.get(&(closing, row))?,
            None => entries
                .binary_search_by_key(&(closing, row), |e| (e.closing, e.row))
                .ok()?,
        };
        entries[at].allocation.as_ref()
    }

    fn practice_name(&self, i: usize) -> Option<String> {
        self.plan.practices.get(i).map(|p| p.name.clone())
    }

    fn fingerprint(&self, language: &str) -> String {
        self.fingerprints
            .borrow_mut()
            .entry(language.to_string())
            .or_insert_with(|| wording_fingerprint(self.wording, language))
            .clone()
    }
}

impl RunRows for BatchRows<'_> {
    fn each_plan_entry(
        &self,
        each: &mut dyn FnMut(&PlanFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        let plan = self.plan;
        plan.entries.iter().try_for_each(|e| {
            each(&PlanFacts {
                closing_ods: plan.closing(e).ods_code.clone(),
                row: e.row,
                nhs_number: e.nhs_number().to_string(),
                cohort: e.cohort.code().to_string(),
                reason: e.reason.to_string(),
                receiving_ods: plan.receiving_ods(e).map(str::to_string),
                receiving_name: e
                    .allocation
                    .as_ref()
                    .and_then(|a| self.practice_name(a.practice)),
                proximity: e.allocation.as_ref().map(|a| a.proximity.to_string()),
            })
        })
    }

    fn each_letter(
        &self,
        each: &mut dyn FnMut(&LetterFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        self.letters.iter().try_for_each(|l| {
            let r = &l.record;
            let allocation = self.allocation(r.closing, r.row);
            each(&LetterFacts {
                letter_id: r.letter_id.to_string(),
                closing_ods: r.closing_ods.to_string(),
                nhs_number: r.nhs_number.to_string(),
                cohort: r.cohort.code().to_string(),
                language: r.language.to_string(),
                format: r.format.as_str().to_string(),
                receiving_ods: allocation.map(|a| self.plan.practice(a).ods_code.clone()),
                receiving_name: allocation.and_then(|a| self.practice_name(a.practice)),
                translation_status: r.translation_status.to_string(),
                wording_fingerprint: self.fingerprint(&r.language),
                pages: l.check.pages,
                eligible_50p: l.check.verdict.eligible_50p,
                print_file: l.print_file.to_string(),
                print_file_sha256: self.sums.get(&*l.print_file).cloned().unwrap_or_default(),
                first_page: l.check.first_page,
            })
        })
    }
}

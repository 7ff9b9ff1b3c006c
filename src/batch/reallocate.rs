//! Batch engine: a changed allocation (section 4 of the SEL process: a practice reports it
//! had removed the patient before, say). Only a patient the ledger says has had their letter
//! can be reallocated, to an open practice that has not removed them and has a place left.
//! The zip holds the new 2a letter (a new reference), an email to the new practice with the
//! patient's row, and an email to the previous practice not to register them; the ledger keeps
//! both allocations.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::BatchError;
use super::one_letter::{as_sent, letter_spec, pick};
use super::record::wording_fingerprint;
use crate::check;
use crate::compose;
use crate::ledger::{Ledger, LetterFacts, PlanFacts, RunRecord, os_user};
use crate::model::{Inputs, PracticeStatus};
use crate::package::{self, BatchWriter};
use crate::plan::{
    self, Allocation, Cohort, Plan, PlanEntry, PostcodeLevel, PracticeLoad, Proximity,
};
use crate::render::{self, Typesetter};

/// A reallocation asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReallocateRequest {
    pub nhs_number: String,
    /// The new receiving practice's ODS code.
    pub to: String,
    /// Why, in the officer's words (it goes in the email to the previous practice).
    pub reason: String,
    pub ledger: PathBuf,
    /// The moment it is asked for: the new letter's date and the run's time.
    pub now: super::Now,
    /// The zip's passphrase; needed once the dispersal's batches were encrypted
    /// ([`super::batches_encrypted`]).
    pub passphrase: Option<String>,
}

/// What a reallocation made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reallocated {
    pub zip: PathBuf,
    /// The new letter's reference, and the letter it replaces.
    pub letter_id: String,
    pub replaces: String,
    pub from: Option<String>,
    pub to: String,
    /// Whether the zip's entries are encrypted.
    pub encrypted: bool,
}

fn refuse(problem: String) -> BatchError {
    BatchError::request(problem, None)
}

/// Reallocates one patient and writes the zip into `out`.
pub fn reallocate(
    inputs: &Inputs,
    request: &ReallocateRequest,
    out: &Path,
) -> Result<Reallocated, BatchError> {
    let mut ledger = Ledger::open_existing(&request.ledger)?;
    // A batch an earlier process left unfinished counts (or not) before this one is made.
    super::publish::recover(&mut ledger)?;
    super::encryption::require_passphrase(
        super::batches_encrypted(&ledger, &inputs.closure)?,
        request.passphrase.as_deref(),
    )?;
    let wording = super::load_wording(&inputs.locales)?;
    let mut plan = plan::plan(inputs);
    let index = pick(&plan, &super::Who::NhsNumber(request.nhs_number.clone()))?;
    let closing = plan.closing(&plan.entries[index]).ods_code.clone();
    let nhs = plan.entries[index].nhs_number().to_string();
    let Some(sent) = ledger.last_letter(&closing, &nhs)? else {
        return Err(BatchError::request_worded(
            "the ledger has no letter sent to this patient: an allocation can be changed only once the patient has had their letter (SEL process, section 4)",
            "run the batch first, or give the ledger with --ledger FILE",
            "make the print batch first",
        ));
    };
    if let Some(why) = super::patient_standing::no_letter_now(&plan.entries[index]) {
        return Err(BatchError::request(
            format!("{why}, so their allocation is not changed"),
            None,
        ));
    }
    as_sent(&mut plan, index, &sent)?;
    let to = request.to.trim().to_uppercase();
    let from = sent.receiving_ods.clone();
    if from.as_deref() == Some(to.as_str()) {
        return Err(BatchError::request_worded(
            format!("the patient is already allocated to {to}"),
            "give another practice with --to",
            "choose another practice",
        ));
    }
    let Some(target) = plan.practices.iter().position(|p| p.ods_code == to) else {
        return Err(BatchError::request(
            format!("{to} is not in the practices file"),
            Some("give the ODS code of a practice in the practices file".into()),
        ));
    };
    let practice = &plan.practices[target];
    if practice.status != PracticeStatus::Open {
        return Err(BatchError::request(
            format!("{to} ({}) is not open to new patients", practice.name),
            Some("choose an open practice".into()),
        ));
    }
    let patient = plan.entries[index].patient().ok_or_else(|| {
        refuse("that patient's row was rejected; fix it first (see plan.csv)".into())
    })?;
    if patient
        .removed_from
        .iter()
        .any(|code| code.eq_ignore_ascii_case(&to))
    {
        return Err(BatchError::request(
            format!("{to} ({}) removed this patient before", practice.name),
            Some("choose a practice that has not".into()),
        ));
    }
    // Places taken: every patient's latest allocation in the ledger.
    let taken = super::patient_standing::places_taken(&ledger, &plan.closure)?;
    let used = taken.get(&to).copied().unwrap_or(0);
    if used >= practice.capacity {
        return Err(BatchError::request(
            format!(
                "{to} ({}) has no place left ({used} of {} taken)",
                practice.name, practice.capacity
            ),
            Some("choose a practice with room, or raise its capacity in the practices file".into()),
        ));
    }

    // The new letter: 2a, to the new practice, dated today, with a new reference.
    let count = ledger
        .history(&nhs)?
        .iter()
        .filter(|h| h.kind == "reallocation")
        .count();
    let letter_id = format!("{}-R{}", sent.letter_id, count + 1);
    plan.closure.letters.date = request.now.today();
    {
        let entry = &mut plan.entries[index];
        entry.cohort = Cohort::Allocate;
        entry.allocation = Some(Allocation {
            practice: target,
            proximity: Proximity::Postcode {
                level: PostcodeLevel::SameArea,
            },
        });
        entry.set_reference(&letter_id);
        entry.reason = Arc::new(request.reason.clone());
    }
    let entry = plan.entries[index].clone();
    let Some(patient) = &entry.patient() else {
        return Err(refuse(
            "that patient's row was rejected; fix it first (see plan.csv)".into(),
        ));
    };
    let (locale, _) = wording.resolve(&patient.language);
    let letter = compose::compose_letter(&plan, &entry, patient, locale, patient.format, &wording)?;
    let spec = letter_spec(&plan, &letter);
    let file = render::print_file(&Typesetter::new(), &spec, &[&letter])?;
    let checked = file
        .letters
        .first()
        .map(|placed| check::check(&letter, placed, &file.pages, plan.closure.letters.postage));

    // The emails: each practice sees only this patient.
    let new_plan = one_patient(&plan, &entry, &to);
    let new_email = compose::practice_emails(&new_plan)
        .into_iter()
        .next()
        .ok_or_else(|| BatchError::Internal {
            what: "the new practice's email".into(),
        })?;
    let new_list = package::practice_list_xlsx(&new_plan, &to, None)?;
    let new_eml = package::eml(
        &new_email,
        &render::email(&new_email)?,
        (&format!("{to}-allocated-patients.xlsx"), &new_list),
    )?;
    let previous = match &from {
        Some(from) if plan.practices.iter().any(|p| p.ods_code == *from) => {
            let mut before = entry.clone();
            if let Some(a) = before.allocation.as_mut() {
                a.practice = plan
                    .practices
                    .iter()
                    .position(|p| p.ods_code == *from)
                    .unwrap_or(target);
            }
            let old_plan = one_patient(&plan, &before, from);
            let email = compose::practice_emails(&old_plan).into_iter().next();
            match email {
                Some(email) => {
                    let list = package::practice_list_xlsx(&old_plan, from, None)?;
                    let rendered = render::previous_practice_email(
                        &email,
                        &format!("{} ({to})", plan.practices[target].name),
                        &request.reason,
                    )?;
                    Some((
                        from.clone(),
                        package::eml(&email, &rendered, (&format!("{from}-patient.xlsx"), &list))?,
                    ))
                }
                None => None,
            }
        }
        _ => None,
    };

    let mut writer = BatchWriter::create(
        out,
        &format!("reallocation-{letter_id}.zip"),
        request.passphrase.as_deref(),
    )?;
    writer.add(&format!("letter/{letter_id}.pdf"), &file.pdf)?;
    writer.add(&format!("emails/{to}.eml"), &new_eml)?;
    if let Some((from, eml)) = &previous {
        writer.add(&format!("emails/{from}-do-not-register.eml"), eml)?;
    }
    let sums = writer.entry_sums();
    let complete = writer.complete()?;
    let (zip_name, zip_path, zip_sha256) = super::publish::zip_facts(&complete)?;

    let letter_path = format!("letter/{letter_id}.pdf");
    let record = RunRecord {
        kind: "reallocation".into(),
        closure: super::record::closure_facts(plan.closing(&entry), plan.closure.letters.date),
        also: Vec::new(),
        inputs: super::record::input_facts(&inputs.sources),
        plan: vec![PlanFacts {
            closing_ods: closing.clone(),
            row: entry.row,
            nhs_number: nhs.clone(),
            cohort: Cohort::Allocate.code().into(),
            reason: request.reason.clone(),
            receiving_ods: Some(to.clone()),
            receiving_name: Some(plan.practices[target].name.clone()),
            proximity: None,
        }],
        letters: vec![LetterFacts {
            letter_id: letter_id.clone(),
            closing_ods: closing.clone(),
            nhs_number: nhs,
            cohort: Cohort::Allocate.code().into(),
            language: letter.language.to_string(),
            format: letter.format.as_str().into(),
            receiving_ods: Some(to.clone()),
            receiving_name: Some(plan.practices[target].name.clone()),
            translation_status: letter.translation_status.to_string(),
            wording_fingerprint: wording_fingerprint(&wording, &letter.language),
            pages: checked.as_ref().map_or(0, |c| c.pages),
            eligible_50p: checked.as_ref().is_some_and(|c| c.verdict.eligible_50p),
            print_file_sha256: sums.get(&letter_path).cloned().unwrap_or_default(),
            print_file: letter_path,
            first_page: 1,
        }],
        zip_name,
        zip_path,
        zip_sha256,
        encrypted: complete.encrypted(),
        os_user: os_user(),
        at: request.now.stamp(),
    };
    let zip = super::publish::publish_recorded(&mut ledger, complete, &record, &record)?;
    Ok(Reallocated {
        zip,
        letter_id,
        replaces: sent.letter_id,
        from,
        to,
        encrypted: request.passphrase.is_some(),
    })
}

/// The plan cut down to one patient allocated to `ods`, for that practice's email and list.
fn one_patient(plan: &Plan, entry: &PlanEntry, ods: &str) -> Plan {
    let mut one = plan.clone();
    one.entries = vec![entry.clone()];
    one.loads = plan
        .practices
        .iter()
        .filter(|p| p.ods_code == ods)
        .map(|p| PracticeLoad {
            ods_code: p.ods_code.clone(),
            name: p.name.clone(),
            capacity: p.capacity,
            allocated: 1,
        })
        .collect();
    one
}

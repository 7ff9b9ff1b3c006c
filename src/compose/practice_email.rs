//! Compose stage: the email each receiving practice gets (Annex 3 of the SEL process) — who
//! it is for, what it says about the closure, and counts from its list of allocated patients.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Closure;
use crate::plan::Plan;

/// Age under which a patient is a child whose parent or guardian should register too.
pub const CHILD_UNDER: u32 = 16;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailPractice {
    pub ods_code: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailClosing {
    pub ods_code: String,
    pub name: String,
    /// "closed on" or "is closing on".
    pub closed_phrase: String,
    pub closure_date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailCommissioner {
    pub name: String,
    pub team: String,
    pub phone: String,
    pub email: String,
    pub signatory: String,
    pub signatory_role: String,
}

/// The data one receiving practice's email template reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeEmail {
    pub practice: EmailPractice,
    pub closing: EmailClosing,
    pub commissioner: EmailCommissioner,
    pub letters_date: String,
    /// The letters' date, for the email's Date header.
    pub date: NaiveDate,
    pub patients: usize,
    pub patients_noun: String,
    pub them: String,
    pub vulnerable: usize,
    pub vulnerable_noun: String,
    pub children: usize,
    pub children_verb: String,
}

/// One email per receiving practice with at least one allocated patient, in ODS code order.
pub fn practice_emails(plan: &Plan) -> Vec<PracticeEmail> {
    let closure = &plan.closure;
    let mut emails = Vec::new();
    for load in plan.loads.iter().filter(|l| l.allocated > 0) {
        let Some(practice) = plan.practices.iter().find(|p| p.ods_code == load.ods_code) else {
            continue;
        };
        let allocated: Vec<_> = plan
            .entries
            .iter()
            .filter(|e| {
                e.allocation
                    .as_ref()
                    .is_some_and(|a| a.ods_code == load.ods_code)
            })
            .filter_map(|e| e.patient.as_ref())
            .collect();
        let vulnerable = allocated.iter().filter(|p| p.vulnerable).count();
        let children = allocated
            .iter()
            .filter(|p| age(p.date_of_birth, closure.letters.date) < CHILD_UNDER)
            .count();
        let n = allocated.len();
        emails.push(PracticeEmail {
            practice: EmailPractice {
                ods_code: practice.ods_code.clone(),
                name: practice.name.clone(),
                email: practice.email.clone(),
            },
            closing: closing(closure),
            commissioner: commissioner(closure),
            letters_date: uk_date(closure.letters.date),
            date: closure.letters.date,
            patients: n,
            patients_noun: if n == 1 { "patient" } else { "patients" }.into(),
            them: "them".into(),
            vulnerable,
            vulnerable_noun: if vulnerable == 1 {
                "patient is"
            } else {
                "patients are"
            }
            .into(),
            children,
            children_verb: if children == 1 { "is" } else { "are" }.into(),
        });
    }
    emails
}

/// What an email says of the commissioner, who sends it.
pub(super) fn commissioner(closure: &Closure) -> EmailCommissioner {
    let c = &closure.commissioner;
    EmailCommissioner {
        name: c.name.clone(),
        team: c.team.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        signatory: c.signatory.clone(),
        signatory_role: c.signatory_role.clone(),
    }
}

/// An email to a practice: who it is to, who from, and its date (for its headers).
pub trait Addressed {
    fn practice(&self) -> &EmailPractice;
    fn commissioner(&self) -> &EmailCommissioner;
    fn date(&self) -> NaiveDate;
}

impl Addressed for PracticeEmail {
    fn practice(&self) -> &EmailPractice {
        &self.practice
    }
    fn commissioner(&self) -> &EmailCommissioner {
        &self.commissioner
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
}

pub(super) fn closing(closure: &Closure) -> EmailClosing {
    closing_as_of(closure, closure.letters.date)
}

/// The closing practice as an email dated `date` speaks of it ("closed on" once past).
pub(super) fn closing_as_of(closure: &Closure, date: NaiveDate) -> EmailClosing {
    let cp = &closure.closing_practice;
    EmailClosing {
        ods_code: cp.ods_code.clone(),
        name: cp.name.clone(),
        closed_phrase: if cp.closure_date <= date {
            "closed on"
        } else {
            "is closing on"
        }
        .into(),
        closure_date: uk_date(cp.closure_date),
    }
}

/// Whole years from `born` to `on`.
pub fn age(born: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

pub(super) fn uk_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

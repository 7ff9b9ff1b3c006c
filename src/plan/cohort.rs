//! Plan stage: the cohort rules of the SEL process (sections 2–3). Precedence:
//! excluded > 2c out of area > 2b not seen for 5 years > 2a allocate; a vulnerable patient is
//! never put in 2b or 2c by rule.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::{Closure, Patient, PatientStatus};

/// Which letter a patient gets, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Cohort {
    /// 2a: allocated to a receiving practice.
    #[serde(rename = "2a")]
    Allocate,
    /// 2b: not seen or treated for 5 years or more: registration ends at closure.
    #[serde(rename = "2b")]
    NotSeen,
    /// 2c: lives outside the area: register near home within 30 days.
    #[serde(rename = "2c")]
    OutOfArea,
    /// Letter 1, at least two months before the closure: the practice is closing; please
    /// register with one of the nearest practices taking patients.
    #[serde(rename = "1")]
    Notice1,
    /// Letter 2, a month later, to the patients still on the list: the same, and the warning
    /// that those who neither register nor opt out will be allocated.
    #[serde(rename = "2")]
    Notice2,
    /// No letter: deceased or already registered elsewhere.
    #[serde(rename = "excluded")]
    Excluded,
    /// The row could not be used; see its error.
    #[serde(rename = "rejected")]
    Rejected,
}

impl Cohort {
    pub fn code(self) -> &'static str {
        match self {
            Cohort::Allocate => "2a",
            Cohort::NotSeen => "2b",
            Cohort::OutOfArea => "2c",
            Cohort::Notice1 => "1",
            Cohort::Notice2 => "2",
            Cohort::Excluded => "excluded",
            Cohort::Rejected => "rejected",
        }
    }

    /// The cohort of a code ([`Cohort::code`]), as the ledger records it.
    pub fn from_code(code: &str) -> Option<Cohort> {
        [
            Cohort::Allocate,
            Cohort::NotSeen,
            Cohort::OutOfArea,
            Cohort::Notice1,
            Cohort::Notice2,
            Cohort::Excluded,
            Cohort::Rejected,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }

    /// The cohort in a few words, as summaries and pages name it: the one home of these
    /// words ("2b not seen for 5 years", "excluded (no letter)").
    pub fn label(self) -> &'static str {
        match self {
            Cohort::Allocate => "2a allocate",
            Cohort::NotSeen => "2b not seen for 5 years",
            Cohort::OutOfArea => "2c out of area",
            Cohort::Notice1 => "letter 1",
            Cohort::Notice2 => "letter 2",
            Cohort::Excluded => "excluded (no letter)",
            Cohort::Rejected => "rejected (fix and re-run)",
        }
    }

    /// Cohorts that get a letter.
    pub fn gets_letter(self) -> bool {
        self.is_allocation_letter() || self.is_notice()
    }

    /// The letters at closure (2a, 2b, 2c): the ones NHS England's 50p contribution is for,
    /// and the ones a patient is not written to twice.
    pub fn is_allocation_letter(self) -> bool {
        matches!(self, Cohort::Allocate | Cohort::NotSeen | Cohort::OutOfArea)
    }

    /// Letters 1 and 2, before the closure (in PCSE's contract: no contribution).
    pub fn is_notice(self) -> bool {
        matches!(self, Cohort::Notice1 | Cohort::Notice2)
    }
}

/// A patient's cohort and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub cohort: Cohort,
    pub reason: String,
}

/// The date before which a last consultation counts as "5 years or more" before closure.
pub fn five_years_before(closure_date: NaiveDate) -> NaiveDate {
    closure_date
        .checked_sub_months(Months::new(60))
        .unwrap_or(NaiveDate::MIN)
}

/// Decides the cohort for one valid patient row.
/// A patient's letter before the closure (`notice`: [`Cohort::Notice1`] or
/// [`Cohort::Notice2`]): everyone still registered gets it, whatever their cohort at closure
/// will be.
pub fn decide_notice(patient: &Patient, closure: &Closure, notice: Cohort) -> Decision {
    let at_closure = decide(patient, closure);
    if at_closure.cohort == Cohort::Excluded {
        return at_closure;
    }
    Decision {
        cohort: notice,
        reason: format!(
            "letter {}: still registered at the closing practice; the {NEARBY} nearest practices taking patients are listed",
            notice.code()
        ),
    }
}

/// How many practices letters 1 and 2 list: the nearest open practices taking patients.
pub const NEARBY: usize = 3;

pub fn decide(patient: &Patient, closure: &Closure) -> Decision {
    let decision = |cohort, reason: String| Decision { cohort, reason };
    match patient.status {
        PatientStatus::Deceased => {
            return decision(Cohort::Excluded, "deceased: no letter".into());
        }
        PatientStatus::RegisteredElsewhere => {
            return decision(
                Cohort::Excluded,
                "already registered with another practice: no letter".into(),
            );
        }
        PatientStatus::Registered => {}
    }

    let district = patient.postcode.district();
    let in_area = !patient.postcode.bfpo
        && closure
            .area
            .postcode_districts
            .iter()
            .any(|d| d == district);
    let closure_date = closure.closing(patient.closing).closure_date;
    let cutoff = five_years_before(closure_date);
    let not_seen = match patient.last_seen {
        None => Some("no record of a consultation or treatment".to_string()),
        Some(seen) if seen < cutoff => Some(format!(
            "last seen {} (more than 5 years before closure on {})",
            seen.format("%d/%m/%Y"),
            closure_date.format("%d/%m/%Y")
        )),
        Some(_) => None,
    };
    let where_ = if patient.postcode.bfpo {
        "BFPO address (handle manually)".to_string()
    } else {
        format!(
            "postcode district {district} is outside {}",
            closure.area.name
        )
    };

    if !in_area {
        if patient.vulnerable {
            return decision(
                Cohort::Allocate,
                format!(
                    "vulnerable: allocated although {where_}; check the address with the patient"
                ),
            );
        }
        return decision(Cohort::OutOfArea, format!("out of area: {where_}"));
    }
    if let Some(why) = not_seen {
        if patient.vulnerable {
            return decision(
                Cohort::Allocate,
                format!("vulnerable: allocated although {why}"),
            );
        }
        return decision(Cohort::NotSeen, format!("not seen for 5 years: {why}"));
    }
    decision(
        Cohort::Allocate,
        "seen in the last 5 years and lives in the area".into(),
    )
}

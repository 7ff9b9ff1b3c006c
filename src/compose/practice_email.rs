//! Compose stage: the email each receiving practice gets (Annex 3 of the SEL process) — who
//! it is for, what it says about the closure, and counts from its list of allocated patients.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Closure;
use crate::plan::Plan;

/// Age under which a patient is a child: their letter goes to their parent or guardian, and
/// the receiving practice is asked to make sure a parent or guardian is registered too.
pub const CHILD_UNDER: u32 = 16;

/// Whether a patient born on `born` is a child ([`CHILD_UNDER`]) on `on`, the letters' date.
pub fn is_child(born: NaiveDate, on: NaiveDate) -> bool {
    age(born, on) < CHILD_UNDER
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailPractice {
    pub ods_code: String,
    pub name: String,
    pub email: String,
}

/// What an email says of the closing practice, or of the closing practices it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailClosing {
    /// `Maddock Way Surgery (G85001)`, or several: `A (G85001), B (G85002) and C (G85003)`.
    pub names: String,
    /// Each with when it closes: `Maddock Way Surgery (G85001) is closing on 31 March 2026.`
    /// ("closed on" once past).
    pub sentence: String,
    /// With several: how many of the patients come from each, ` (12 from Maddock Way
    /// Surgery, 18 from Dr Sharma's Surgery)`; empty with one.
    pub from_each: String,
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
    /// Patients under [`CHILD_UNDER`] on the letters' date, which the email names.
    pub children: usize,
    pub children_verb: String,
    pub child_under: u32,
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
            .filter(|e| plan.receiving_ods(e) == Some(load.ods_code.as_str()))
            .filter_map(|e| e.patient())
            .collect();
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for p in &allocated {
            match counts.iter_mut().find(|(i, _)| *i == p.closing) {
                Some((_, n)) => *n += 1,
                None => counts.push((p.closing, 1)),
            }
        }
        counts.sort();
        let vulnerable = allocated.iter().filter(|p| p.vulnerable).count();
        let children = allocated
            .iter()
            .filter(|p| is_child(p.date_of_birth, closure.letters.date))
            .count();
        let n = allocated.len();
        emails.push(PracticeEmail {
            practice: EmailPractice {
                ods_code: practice.ods_code.clone(),
                name: practice.name.clone(),
                email: practice.email.clone(),
            },
            closing: closing_as_of(closure, &counts, closure.letters.date),
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
            child_under: CHILD_UNDER,
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

/// The closing practices, each with how many of the patients spoken of are on its list
/// (`(index, patients)`, in closure order), as an email dated `date` speaks of them.
pub(super) fn closing_as_of(
    closure: &Closure,
    counts: &[(usize, usize)],
    date: NaiveDate,
) -> EmailClosing {
    let practices: Vec<&crate::model::ClosingPractice> =
        counts.iter().map(|&(i, _)| closure.closing(i)).collect();
    let named = |p: &crate::model::ClosingPractice| format!("{} ({})", p.name, p.ods_code);
    let when = |p: &crate::model::ClosingPractice| {
        let phrase = if p.closure_date <= date {
            "closed on"
        } else {
            "is closing on"
        };
        format!("{} {phrase} {}", named(p), uk_date(p.closure_date))
    };
    let from_each = if counts.len() > 1 {
        let each: Vec<String> = counts
            .iter()
            .map(|&(i, n)| format!("{n} from {}", closure.closing(i).name))
            .collect();
        format!(" ({})", each.join(", "))
    } else {
        String::new()
    };
    let names = and_list(practices.iter().map(|p| named(p)).collect());
    let sentence = match practices.as_slice() {
        [first, rest @ ..]
            if !rest.is_empty() && rest.iter().all(|p| p.closure_date == first.closure_date) =>
        {
            let phrase = if first.closure_date <= date {
                "closed on"
            } else {
                "are closing on"
            };
            format!("{names} {phrase} {}.", uk_date(first.closure_date))
        }
        _ => format!("{}.", and_list(practices.iter().map(|p| when(p)).collect())),
    };
    EmailClosing {
        names,
        sentence,
        from_each,
    }
}

/// Every closing practice of the closure, for an email about them all (the survey).
pub(super) fn every_closing(closure: &Closure, date: NaiveDate) -> EmailClosing {
    let all: Vec<(usize, usize)> = (0..closure.closing_practices.len())
        .map(|i| (i, 0))
        .collect();
    closing_as_of(closure, &all, date)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
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

/// A day in words, as officers and practices read it: `6 December 2026`.
pub(super) fn uk_date(d: NaiveDate) -> String {
    crate::model::date_in_words(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closure(dates: &[(u32, u32)]) -> Closure {
        use crate::model::*;
        Closure {
            closing_practices: dates
                .iter()
                .enumerate()
                .map(|(i, &(month, day))| ClosingPractice {
                    ods_code: format!("G8599{i}"),
                    name: ["Maddock Way", "Dr Sharma", "Dr Misra"][i].into(),
                    address: vec!["1 Maddock Way".into()],
                    closure_date: NaiveDate::from_ymd_opt(2020, month, day).unwrap(),
                    patients: format!("list-{i}.csv").into(),
                })
                .collect(),
            commissioner: Commissioner {
                name: "NHS South East London".into(),
                team: "Primary Care".into(),
                address: vec![],
                phone: "020 3049 0000".into(),
                email: "team@nhs.net".into(),
                signatory: "Jane Doe".into(),
                signatory_role: "Head of Primary Care".into(),
            },
            area: Area {
                name: "Southwark".into(),
                postcode_districts: vec!["SE17".into()],
            },
            letters: LetterSettings {
                date: NaiveDate::from_ymd_opt(2020, 2, 1).unwrap(),
                postage: Postage::Second,
                qr_url: "https://www.nhs.uk/".into(),
                locales: None,
            },
            inputs: InputPaths {
                practices: "practices.csv".into(),
                practice_details: None,
                columns: Vec::new(),
                postcodes: None,
            },
        }
    }

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, month, day).unwrap()
    }

    #[test]
    fn one_closing_practice_is_closing_then_closed() {
        let c = closure(&[(3, 31)]);
        let before = closing_as_of(&c, &[(0, 4)], on(2, 1));
        assert_eq!(before.names, "Maddock Way (G85990)");
        assert_eq!(
            before.sentence,
            "Maddock Way (G85990) is closing on 31 March 2020."
        );
        assert_eq!(before.from_each, "");
        let after = closing_as_of(&c, &[(0, 4)], on(3, 31));
        assert_eq!(
            after.sentence,
            "Maddock Way (G85990) closed on 31 March 2020."
        );
    }

    #[test]
    fn several_on_one_date_share_it_and_several_dates_are_given_each() {
        let c = closure(&[(3, 31), (3, 31), (3, 31)]);
        let e = closing_as_of(&c, &[(0, 5), (2, 1)], on(2, 1));
        assert_eq!(e.names, "Maddock Way (G85990) and Dr Misra (G85992)");
        assert_eq!(
            e.sentence,
            "Maddock Way (G85990) and Dr Misra (G85992) are closing on 31 March 2020."
        );
        assert_eq!(e.from_each, " (5 from Maddock Way, 1 from Dr Misra)");
        let c = closure(&[(3, 31), (4, 30), (3, 31)]);
        let e = every_closing(&c, on(4, 1));
        assert_eq!(
            e.names,
            "Maddock Way (G85990), Dr Sharma (G85991) and Dr Misra (G85992)"
        );
        assert_eq!(
            e.sentence,
            "Maddock Way (G85990) closed on 31 March 2020, Dr Sharma (G85991) is closing on 30 April 2020 and Dr Misra (G85992) closed on 31 March 2020."
        );
    }
}

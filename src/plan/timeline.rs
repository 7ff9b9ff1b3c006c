//! Plan stage: when letters 1 and 2 go out (SEL process, section 2): letter 1 at least two
//! months before the closure, letter 2 a month after letter 1. A letter sent sooner is the
//! officer's call: it gets a warning that says the dates and the rule, and the run goes on.

use chrono::{Months, NaiveDate};

use super::Cohort;
use crate::model::ClosingPractice;

/// Letter 1 goes at least this many months before the closure.
pub const LETTER_1_MONTHS_BEFORE: u32 = 2;
/// Letter 2 goes at least this many months after letter 1.
pub const LETTER_2_MONTHS_AFTER: u32 = 1;

/// The last day letter 1 can be dated for a practice closing on `closes`.
pub fn letter_1_due(closes: NaiveDate) -> NaiveDate {
    closes
        .checked_sub_months(Months::new(LETTER_1_MONTHS_BEFORE))
        .unwrap_or(NaiveDate::MIN)
}

/// The first day letter 2 can be dated after letter 1 dated `letter_1`.
pub fn letter_2_due(letter_1: NaiveDate) -> NaiveDate {
    letter_1
        .checked_add_months(Months::new(LETTER_2_MONTHS_AFTER))
        .unwrap_or(NaiveDate::MAX)
}

fn uk(d: NaiveDate) -> String {
    crate::model::date_in_words(d)
}

/// The warnings for a letter before the closure dated `date`; `letter_1` is when letter 1
/// went to this closing practice's patients (letter 2 only; `None` when nothing records it).
pub fn timing_warnings(
    cohort: Cohort,
    date: NaiveDate,
    closing: &ClosingPractice,
    letter_1: Option<NaiveDate>,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let closes = closing.closure_date;
    let who = format!("{} ({})", closing.name, closing.ods_code);
    if date >= closes {
        warnings.push(format!(
            "letter {} is dated {}, but {who} closes on {}: letters 1 and 2 go before the closure",
            cohort.code(),
            uk(date),
            uk(closes)
        ));
        return warnings;
    }
    match cohort {
        Cohort::Notice1 => {
            let latest = letter_1_due(closes);
            if date > latest {
                warnings.push(format!(
                    "letter 1 is dated {}, less than {LETTER_1_MONTHS_BEFORE} months before {who} closes on {}: the SEL process sends letter 1 at least {LETTER_1_MONTHS_BEFORE} months before the closure (by {})",
                    uk(date),
                    uk(closes),
                    uk(latest)
                ));
            }
        }
        Cohort::Notice2 => match letter_1 {
            Some(first) => {
                let earliest = letter_2_due(first);
                if date < earliest {
                    warnings.push(format!(
                        "letter 2 is dated {}, less than a month after letter 1 to {who} patients (dated {}): the SEL process sends letter 2 a month after letter 1 (from {})",
                        uk(date),
                        uk(first),
                        uk(earliest)
                    ));
                }
            }
            None => warnings.push(format!(
                "the ledger records no letter 1 to {who} patients, so the month between letters 1 and 2 cannot be checked"
            )),
        },
        _ => {}
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn riverside() -> ClosingPractice {
        ClosingPractice {
            ods_code: "G85999".into(),
            name: "Riverside Medical Centre".into(),
            address: vec![],
            closure_date: on(2026, 9, 30),
            patients: "patients.csv".into(),
        }
    }

    #[test]
    fn letter_1_two_months_before_is_on_time_and_a_day_later_is_not() {
        let c = riverside();
        assert_eq!(
            timing_warnings(Cohort::Notice1, on(2026, 7, 30), &c, None),
            Vec::<String>::new()
        );
        let late = timing_warnings(Cohort::Notice1, on(2026, 7, 31), &c, None);
        assert_eq!(
            late,
            [
                "letter 1 is dated 31 July 2026, less than 2 months before Riverside Medical Centre (G85999) closes on 30 September 2026: the SEL process sends letter 1 at least 2 months before the closure (by 30 July 2026)"
            ]
        );
    }

    #[test]
    fn letter_2_a_month_after_letter_1() {
        let c = riverside();
        let first = Some(on(2026, 7, 1));
        assert!(timing_warnings(Cohort::Notice2, on(2026, 8, 1), &c, first).is_empty());
        let soon = timing_warnings(Cohort::Notice2, on(2026, 7, 20), &c, first);
        assert!(
            soon[0].starts_with("letter 2 is dated 20 July 2026, less than a month after letter 1"),
            "{soon:?}"
        );
        assert!(
            soon[0].contains("(dated 1 July 2026)") && soon[0].contains("(from 1 August 2026)"),
            "{soon:?}"
        );
        let unknown = timing_warnings(Cohort::Notice2, on(2026, 8, 1), &c, None);
        assert!(unknown[0].contains("records no letter 1"), "{unknown:?}");
        let after = timing_warnings(Cohort::Notice2, on(2026, 10, 1), &c, first);
        assert!(
            after[0].contains("letters 1 and 2 go before the closure"),
            "{after:?}"
        );
    }
}

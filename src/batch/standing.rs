//! Batch engine: a dispersal as it stands, for the officer who answers a patient's call or
//! comes back after three weeks: who the ledger says was written to, with which letter and
//! where each 2a patient was allocated (a reallocation's practice when there was one), the plan
//! of who is still to write to, and the SEL process's steps with what was done, when, and what
//! comes next. The rules for when a step is due are the plan stage's
//! ([`crate::plan::letter_1_due`], [`crate::plan::letter_2_due`]) and the survey's
//! ([`super::REPLY_DAYS_BEFORE_LETTERS`]): the page only shows them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::BatchError;
use crate::ledger::{Ledger, RunSummary, WrittenTo};
use crate::model::{Closure, Inputs};
use crate::plan::Plan;

/// The dispersal as it stands.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The next allocation batch's plan: the patients not written to yet.
    pub plan: Plan,
    /// What the plan left out and why (patients written to before).
    pub notes: Vec<super::Note>,
    /// Every patient an allocation letter was sent to, in the order first written to.
    pub written: Vec<Written>,
    /// Each practice's places as offered, before the letters sent took theirs.
    pub offered: BTreeMap<String, u32>,
}

/// A patient the ledger says was written to, with the list's row when still on it.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    #[serde(flatten)]
    pub letter: WrittenTo,
    pub closing_name: String,
    pub on_list: Option<OnList>,
}

/// A patient as the list has them now.
#[derive(Debug, Clone, Serialize)]
pub struct OnList {
    pub row: usize,
    pub name: String,
    pub postcode: String,
}

impl Standing {
    /// Allocation letters sent, by cohort code (`2a`, `2b`, `2c`).
    pub fn written_by_cohort(&self, cohort: &str) -> usize {
        self.written
            .iter()
            .filter(|w| w.letter.cohort == cohort)
            .count()
    }

    /// Patients allocated to each practice by the letters sent (the last letter's practice).
    pub fn written_by_practice(&self) -> BTreeMap<&str, u32> {
        let mut by = BTreeMap::new();
        for w in &self.written {
            if let Some(ods) = &w.letter.receiving_ods {
                *by.entry(ods.as_str()).or_default() += 1;
            }
        }
        by
    }
}

/// The dispersal as it stands: the ledger's letters and the plan of the rest.
pub fn standing(inputs: Inputs, ledger: Option<&Path>) -> Result<Standing, BatchError> {
    let offered = inputs
        .practices
        .iter()
        .map(|p| (p.ods_code.clone(), p.capacity))
        .collect();
    let listed: HashMap<(usize, String), OnList> = inputs
        .patients
        .iter()
        .map(|p| {
            (
                (p.closing, p.nhs_number.to_string()),
                OnList {
                    row: p.row,
                    name: p.full_name(),
                    postcode: p.postcode.text.to_string(),
                },
            )
        })
        .collect();
    let closure = inputs.closure.clone();
    let mut written = Vec::new();
    if let Some(ledger) = open(ledger)? {
        for (index, closing) in closure.closing_practices.iter().enumerate() {
            for letter in ledger.written_to(&closing.ods_code)? {
                let on_list = listed.get(&(index, letter.nhs_number.clone())).cloned();
                written.push(Written {
                    letter,
                    closing_name: closing.name.clone(),
                    on_list,
                });
            }
        }
    }
    let (plan, notes) = super::plan_only(inputs, ledger)?;
    Ok(Standing {
        plan,
        notes,
        written,
        offered,
    })
}

fn open(ledger: Option<&Path>) -> Result<Option<Ledger>, BatchError> {
    Ok(ledger
        .filter(|p| p.exists())
        .map(Ledger::open_existing)
        .transpose()?)
}

/// One step of the SEL process, as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub step: StepKind,
    pub state: StepState,
    /// When it is due: letter 1 by, letter 2 from, the survey's replies by, the allocation
    /// letters' date.
    pub due: Option<NaiveDate>,
    /// What was done for it, oldest first.
    pub done: Vec<Done>,
    /// The first step not done: what to do next.
    pub next: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Letter1,
    Letter2,
    Survey,
    Allocation,
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Done on time.
    Done,
    /// Done, but later than the SEL process asks.
    DoneLate,
    /// Not done, and its day has passed.
    Late,
    /// Not done yet, and not late.
    Later,
    /// Not done, and a later step was: passed over (letters 1 and 2 when the notice is short).
    Passed,
    /// Optional and not needed yet (re-issues and reallocations).
    AsNeeded,
}

/// One thing done: a run of the ledger, or the survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Done {
    /// When it was recorded (UTC, RFC 3339), for runs.
    pub at: Option<String>,
    /// The day it is dated (the letters' date; the survey's day).
    pub date: NaiveDate,
    /// `batch`, `reissue`, `reallocation`, `survey`.
    pub kind: String,
    /// Letters (or, for the survey, replies) counted.
    pub count: i64,
}

impl StepKind {
    /// The step's name in the officer's words.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Letter1 => "Letter 1: the practice is closing",
            StepKind::Letter2 => "Letter 2: the reminder",
            StepKind::Survey => "The capacity survey of nearby practices",
            StepKind::Allocation => "The allocation letters and the practices' emails",
            StepKind::Changes => "Letters sent again and changes of practice",
        }
    }
}

impl Step {
    /// When the step is due, in words.
    pub fn due_in_words(&self) -> String {
        let day = self.due.map(super::date_in_words).unwrap_or_default();
        match self.step {
            StepKind::Letter1 => {
                format!("Send by {day}, at least two months before the closure")
            }
            StepKind::Letter2 => {
                format!("Send from {day}, a month after letter 1, before the closure")
            }
            StepKind::Survey => format!("Replies wanted by {day}"),
            StepKind::Allocation => format!("The letters are dated {day}"),
            StepKind::Changes => "When a patient asks".to_string(),
        }
    }

    /// Its state in a word or two: `Done`, `Late`, `Next`, ...
    pub fn state_in_words(&self) -> &'static str {
        match self.state {
            StepState::Done => "Done",
            StepState::DoneLate => "Done late",
            StepState::Late => "Late",
            StepState::Later if self.next => "Next",
            StepState::Later => "Not yet",
            StepState::Passed => "Not sent",
            StepState::AsNeeded => "When needed",
        }
    }
}

impl Done {
    /// What was done, in words, with when it was made in UK time.
    pub fn in_words(&self) -> String {
        let date = super::date_in_words(self.date);
        let letters = count(self.count, "letter", "letters");
        let what = match self.kind.as_str() {
            "survey" => format!(
                "Made on {date}; {}",
                count(self.count, "reply form uploaded", "reply forms uploaded")
            ),
            "reissue" => format!("{letters} sent again"),
            "reallocation" => format!("Practice changed: {letters} dated {date}"),
            _ => format!("{letters} dated {date}"),
        };
        match self.at.as_deref().and_then(super::uk_time_in_words) {
            Some(at) => format!("{what} (made {at})"),
            None => what,
        }
    }
}

/// A count with its noun ([`crate::model::count`]).
fn count(n: i64, one: &str, many: &str) -> String {
    crate::model::count(usize::try_from(n).unwrap_or(0), one, many)
}

/// What the timeline is made from besides the closure: what the officer's folder holds.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The day the capacity survey was last made, if it was.
    pub survey_made: Option<NaiveDate>,
    /// Reply forms uploaded.
    pub replies: usize,
}

/// The SEL process's steps for a dispersal, from its ledger, on `today`.
pub fn timeline(
    closure: &Closure,
    ledger: Option<&Path>,
    kept: &Kept,
    today: NaiveDate,
) -> Result<Vec<Step>, BatchError> {
    let codes: Vec<&str> = closure
        .closing_practices
        .iter()
        .map(|c| c.ods_code.as_str())
        .collect();
    let runs = match open(ledger)? {
        Some(ledger) => ledger.run_summaries(&codes)?,
        None => Vec::new(),
    };
    Ok(steps(closure, &runs, kept, today))
}

/// Whether the dispersal's allocation letters were made (then no closing practice can be
/// added: the places were shared out).
pub fn allocation_made(closure: &Closure, ledger: Option<&Path>) -> Result<bool, BatchError> {
    let steps = timeline(closure, ledger, &Kept::default(), closure.letters.date)?;
    Ok(steps
        .iter()
        .any(|s| s.step == StepKind::Allocation && !s.done.is_empty()))
}

/// The steps from the runs recorded.
fn steps(closure: &Closure, runs: &[RunSummary], kept: &Kept, today: NaiveDate) -> Vec<Step> {
    let closes = closure
        .closing_practices
        .iter()
        .map(|c| c.closure_date)
        .min()
        .unwrap_or(closure.lead().closure_date);
    let done_with = |kinds: &[&str], cohorts: &[&str]| -> Vec<Done> {
        runs.iter()
            .filter(|r| kinds.contains(&r.kind.as_str()))
            .filter_map(|r| {
                let count: i64 = r
                    .letters
                    .iter()
                    .filter(|(c, _)| cohorts.contains(&c.as_str()))
                    .map(|(_, n)| n)
                    .sum();
                let date = NaiveDate::parse_from_str(&r.letter_date, "%Y-%m-%d").ok()?;
                (count > 0).then(|| Done {
                    at: Some(r.at.clone()),
                    date,
                    kind: r.kind.clone(),
                    count,
                })
            })
            .collect()
    };
    let letter_1 = done_with(&["batch"], &["1"]);
    let letter_2 = done_with(&["batch"], &["2"]);
    let allocation = done_with(&["batch"], &["2a", "2b", "2c"]);
    let changes = done_with(&["reissue", "reallocation"], &["2a", "2b", "2c", "1", "2"]);
    let survey: Vec<Done> = kept
        .survey_made
        .map(|date| Done {
            at: None,
            date,
            kind: "survey".to_string(),
            count: kept.replies as i64,
        })
        .into_iter()
        .collect();

    let letter_1_due = crate::plan::letter_1_due(closes);
    let letter_2_due = letter_1
        .first()
        .map(|d| crate::plan::letter_2_due(d.date))
        .unwrap_or_else(|| crate::plan::letter_2_due(letter_1_due));
    let replies_due = closure.letters.date - chrono::Days::new(super::REPLY_DAYS_BEFORE_LETTERS);
    let mut steps = vec![
        Step {
            step: StepKind::Letter1,
            state: StepState::Later,
            due: Some(letter_1_due),
            done: letter_1,
            next: false,
        },
        Step {
            step: StepKind::Letter2,
            state: StepState::Later,
            due: Some(letter_2_due),
            done: letter_2,
            next: false,
        },
        Step {
            step: StepKind::Survey,
            state: StepState::Later,
            due: Some(replies_due),
            done: survey,
            next: false,
        },
        Step {
            step: StepKind::Allocation,
            state: StepState::Later,
            due: Some(closure.letters.date),
            done: allocation,
            next: false,
        },
        Step {
            step: StepKind::Changes,
            state: StepState::AsNeeded,
            due: None,
            done: changes,
            next: false,
        },
    ];
    // The day after which each step is late.
    let late_after = |step: StepKind| match step {
        StepKind::Letter1 => letter_1_due,
        StepKind::Letter2 => closes.pred_opt().unwrap_or(closes),
        StepKind::Survey => replies_due,
        StepKind::Allocation => closure.letters.date,
        StepKind::Changes => NaiveDate::MAX,
    };
    let done_kinds = steps_done(&steps);
    let mut next_found = false;
    for step in &mut steps {
        step.state = if step.step == StepKind::Changes {
            if step.done.is_empty() {
                StepState::AsNeeded
            } else {
                StepState::Done
            }
        } else if let Some(first) = step.done.first() {
            if first.date > late_after(step.step) {
                StepState::DoneLate
            } else {
                StepState::Done
            }
        } else if later_done(step.step, &done_kinds) {
            StepState::Passed
        } else {
            step.next = !next_found;
            next_found = true;
            if today > late_after(step.step) {
                StepState::Late
            } else {
                StepState::Later
            }
        };
    }
    steps
}

/// The steps that have something done.
fn steps_done(steps: &[Step]) -> Vec<StepKind> {
    steps
        .iter()
        .filter(|s| !s.done.is_empty())
        .map(|s| s.step)
        .collect()
}

/// Whether a step after `step` was done: then `step` was passed over on purpose (the letters
/// 1 and 2 are optional when a closure is short notice), and it is neither next nor late.
fn later_done(step: StepKind, done: &[StepKind]) -> bool {
    let order = [
        StepKind::Letter1,
        StepKind::Letter2,
        StepKind::Survey,
        StepKind::Allocation,
    ];
    let at = order.iter().position(|s| *s == step).unwrap_or(0);
    order[at + 1..].iter().any(|s| done.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The sample: Riverside closes on 30/09/2026; the allocation letters are dated 24/11/2026.
    fn closure() -> Closure {
        let text =
            String::from_utf8(super::super::request::sample::closure_toml().to_vec()).unwrap();
        crate::input::read_closure_text(Path::new("/s/closure.toml"), &text).unwrap()
    }

    fn run(kind: &str, letter_date: &str, cohort: &str, n: i64) -> RunSummary {
        RunSummary {
            run_id: 1,
            kind: kind.to_string(),
            at: format!("{letter_date}T10:00:00Z"),
            letter_date: letter_date.to_string(),
            letters: vec![(cohort.to_string(), n)],
        }
    }

    fn states(steps: &[Step]) -> Vec<(StepKind, StepState, bool)> {
        steps.iter().map(|s| (s.step, s.state, s.next)).collect()
    }

    #[test]
    fn before_anything_letter_1_is_next_and_due_two_months_before_the_closure() {
        let steps = steps(&closure(), &[], &Kept::default(), on(2026, 6, 1));
        use {StepKind::*, StepState::*};
        assert_eq!(
            states(&steps),
            [
                (Letter1, Later, true),
                (Letter2, Later, false),
                (Survey, Later, false),
                (Allocation, Later, false),
                (Changes, AsNeeded, false)
            ]
        );
        assert_eq!(steps[0].due, Some(on(2026, 7, 30)));
        assert_eq!(steps[2].due, Some(on(2026, 11, 10)));
        assert_eq!(steps[3].due, Some(on(2026, 11, 24)));
    }

    #[test]
    fn a_step_past_its_day_is_late_and_letter_2_is_due_a_month_after_letter_1() {
        use {StepKind::*, StepState::*};
        let late = steps(&closure(), &[], &Kept::default(), on(2026, 8, 1));
        assert_eq!(states(&late)[0], (Letter1, Late, true));
        let runs = [run("batch", "2026-07-20", "1", 40)];
        let after = steps(&closure(), &runs, &Kept::default(), on(2026, 8, 1));
        assert_eq!(
            states(&after)[..2],
            [(Letter1, Done, false), (Letter2, Later, true)]
        );
        assert_eq!(after[1].due, Some(on(2026, 8, 20)));
        assert_eq!(after[0].done[0].count, 40);
        let sent_late = [run("batch", "2026-08-10", "1", 40)];
        let after = steps(&closure(), &sent_late, &Kept::default(), on(2026, 8, 11));
        assert_eq!(states(&after)[0], (Letter1, DoneLate, false));
    }

    #[test]
    fn steps_passed_over_for_a_later_one_are_neither_next_nor_late() {
        use {StepKind::*, StepState::*};
        let runs = [
            run("batch", "2026-11-24", "2a", 300),
            run("reallocation", "2026-12-01", "2a", 1),
        ];
        let kept = Kept {
            survey_made: Some(on(2026, 10, 1)),
            replies: 3,
        };
        let steps = steps(&closure(), &runs, &kept, on(2026, 12, 6));
        assert_eq!(
            states(&steps),
            [
                (Letter1, Passed, false),
                (Letter2, Passed, false),
                (Survey, Done, false),
                (Allocation, Done, false),
                (Changes, Done, false)
            ]
        );
        assert_eq!(steps[2].done[0].count, 3);
    }
}

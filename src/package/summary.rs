//! Package stage: the run's summary, for people (`summary.txt`, printed at the end of a run)
//! and for machines (`summary.json`). Row numbers and letter ids only: no patient data.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{BatchLetter, BatchLetters};
use crate::model::{KindCount, LetterFormat, Problem, ProblemLog};
use crate::plan::{Cohort, Plan};

/// NHS England's contribution per eligible allocation letter, in pence.
pub const CONTRIBUTION_PENCE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedCheck {
    pub letter_id: String,
    pub reasons: Vec<String>,
}

/// Problems as `summary.json` gives them: the first ones in full, how many more, and all of
/// them counted by kind (most common first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemReport {
    pub total: usize,
    /// The first [`ProblemLog::KEPT`], in full.
    pub problems: Vec<Problem>,
    /// How many more there were.
    pub more: usize,
    pub by_kind: Vec<KindCount>,
}

impl ProblemReport {
    pub fn new<'a>(kept: impl IntoIterator<Item = &'a Problem>, log: &ProblemLog) -> Self {
        let problems: Vec<Problem> = kept.into_iter().cloned().collect();
        let mut by_kind = log.kinds.clone();
        by_kind.sort_by_key(|k| std::cmp::Reverse(k.count));
        ProblemReport {
            total: log.total,
            more: log.total.saturating_sub(problems.len()),
            problems,
            by_kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeSummary {
    pub ods_code: String,
    pub name: String,
    pub capacity: u32,
    pub allocated: u32,
    /// How far its allocated patients are, in words ("0.42 km", "same postcode district"):
    /// the median and the largest; `None` with no patients.
    pub median_distance: Option<String>,
    pub largest_distance: Option<String>,
}

/// How many allocated patients are this far from their new practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistanceCount {
    pub distance: String,
    pub patients: u32,
}

/// One closing practice's row of Appendix 1: what became of the patients on its list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosureSummary {
    pub ods_code: String,
    pub name: String,
    /// `dd/mm/yyyy`.
    pub closure_date: String,
    /// Rows on its list, rejected ones included.
    pub patients: usize,
    /// Deceased or registered elsewhere: no letter.
    pub excluded: usize,
    pub not_seen: usize,
    pub out_of_area: usize,
    pub allocated: usize,
    pub unallocated: usize,
    pub rejected: usize,
    /// Rows of its list (not the others') that were rejected, and 2a patients left
    /// unallocated.
    pub rejected_rows: Vec<usize>,
    pub unallocated_rows: Vec<usize>,
}

/// The machine-readable summary (`summary.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// `G85999 Riverside Medical Centre`; several are joined by `; `.
    pub closing_practice: String,
    /// Appendix 1: one row for each closing practice, in closure.toml's order.
    pub closures: Vec<ClosureSummary>,
    pub patients: usize,
    pub letters: usize,
    pub by_cohort: BTreeMap<String, usize>,
    /// The letters by format, each format made at least once.
    pub by_format: BTreeMap<LetterFormat, usize>,
    pub excluded: usize,
    pub eligible_50p: usize,
    pub contribution_gbp: f64,
    pub failed_checks: Vec<FailedCheck>,
    pub rejected: usize,
    /// The problems of the rejected rows.
    pub rejections: ProblemReport,
    /// Problems that rejected no patient: practice rows left out, BFPO addresses, notes.
    pub warnings: ProblemReport,
    pub unallocated: usize,
    pub manual_handling: Vec<String>,
    /// The patients sent a letter whose needs no letter this tool makes meets, by where they
    /// are on their list and what they need (`row 12 of patients.csv: Requires information
    /// verbally`): the officer meets them by hand. Never their names or NHS numbers.
    pub needs_by_hand: Vec<String>,
    pub unreviewed_translations: usize,
    /// The patients sent a letter, by the language they asked for: a tag, or the name of a
    /// language there are no letters in yet (they are sent the English letter). Which
    /// translations are used, and which to commission.
    pub languages_asked: BTreeMap<String, usize>,
    /// Practices among patients' nearest whose capacity no file gives (`G85001 Name`): whom
    /// to survey.
    pub capacity_unknown: Vec<String>,
    pub receiving_practices: Vec<PracticeSummary>,
    pub print_files: usize,
    pub proximity: String,
    /// The allocated patients by distance (or postcode level), nearest first.
    pub distances: Vec<DistanceCount>,
    /// Letters 1 and 2: the text messages in `sms.csv` (`None` for the letters at closure).
    pub text_messages: Option<usize>,
    pub notes: Vec<String>,
}

impl Summary {
    pub fn new(
        plan: &Plan,
        letters: &BatchLetters,
        print_files: usize,
        notes: &[String],
    ) -> Summary {
        let mut by_cohort = BTreeMap::new();
        // Letters 1 and 2 count their own letter; a batch at closure counts 2a, 2b and 2c.
        let notices: Vec<Cohort> = [Cohort::Notice1, Cohort::Notice2]
            .into_iter()
            .filter(|c| plan.entries.iter().any(|e| e.cohort == *c))
            .collect();
        let cohorts = if notices.is_empty() {
            vec![Cohort::Allocate, Cohort::NotSeen, Cohort::OutOfArea]
        } else {
            notices
        };
        // The letters, read once in print order.
        let mut cohort_counts: BTreeMap<Cohort, usize> = BTreeMap::new();
        let mut by_format = BTreeMap::new();
        let mut eligible = 0;
        let mut failed_checks = Vec::new();
        let mut manual_handling = Vec::new();
        let mut unreviewed_translations = 0;
        for BatchLetter { record, check, .. } in letters.iter() {
            *cohort_counts.entry(record.cohort).or_default() += 1;
            *by_format.entry(record.format).or_default() += 1;
            eligible += usize::from(check.verdict.eligible_50p);
            if !check.verdict.failures.is_empty() {
                failed_checks.push(FailedCheck {
                    letter_id: check.letter_id.to_string(),
                    reasons: check.verdict.failures,
                });
            }
            if record.manual_handling.is_some() {
                manual_handling.push(record.letter_id.to_string());
            }
            unreviewed_translations += usize::from(record.translation_status == "draft");
        }
        for cohort in cohorts {
            by_cohort.insert(
                cohort.code().to_string(),
                cohort_counts.get(&cohort).copied().unwrap_or(0),
            );
        }
        Summary {
            closing_practice: plan
                .closure
                .closing_practices
                .iter()
                .map(|c| format!("{} {}", c.ods_code, c.name))
                .collect::<Vec<_>>()
                .join("; "),
            closures: closure_summaries(plan),
            patients: plan.entries.len(),
            letters: letters.len(),
            by_cohort,
            by_format,
            excluded: plan.count(Cohort::Excluded),
            eligible_50p: eligible,
            contribution_gbp: (eligible as u64 * CONTRIBUTION_PENCE) as f64 / 100.0,
            failed_checks,
            rejected: plan.rejected_rows(),
            rejections: ProblemReport::new(&plan.rejections, &plan.rejection_counts),
            warnings: ProblemReport::new(plan.warnings.iter(), &plan.warnings.log),
            unallocated: plan.unallocated().count(),
            manual_handling,
            needs_by_hand: plan
                .entries
                .iter()
                .filter(|e| e.gets_letter())
                .filter_map(|e| Some((e, e.patient()?)))
                .filter(|(_, p)| !p.needs_by_hand.is_empty())
                .map(|(e, p)| {
                    let list = plan.closure.closing(e.closing).patients.file_name();
                    format!(
                        "row {} of {}: {}",
                        e.row,
                        list.map(|n| n.to_string_lossy()).unwrap_or_default(),
                        p.needs_by_hand.join("; ")
                    )
                })
                .collect(),
            unreviewed_translations,
            languages_asked: plan
                .entries
                .iter()
                .filter(|e| e.gets_letter())
                .filter_map(|e| e.patient())
                .fold(BTreeMap::new(), |mut counts, p| {
                    *counts.entry(p.language.to_string()).or_default() += 1;
                    counts
                }),
            capacity_unknown: plan
                .capacity_unknown
                .iter()
                .map(|c| format!("{} {}", c.ods_code, c.name))
                .collect(),
            receiving_practices: plan
                .loads
                .iter()
                .map(|l| {
                    let distances = crate::plan::median_and_largest(plan, &l.ods_code);
                    PracticeSummary {
                        ods_code: l.ods_code.clone(),
                        name: l.name.clone(),
                        capacity: l.capacity,
                        allocated: l.allocated,
                        median_distance: distances.map(|(m, _)| m.to_string()),
                        largest_distance: distances.map(|(_, x)| x.to_string()),
                    }
                })
                .collect(),
            print_files,
            proximity: plan.proximity_basis.clone(),
            distances: crate::plan::distance_bins(plan)
                .into_iter()
                .map(|(distance, patients)| DistanceCount { distance, patients })
                .collect(),
            text_messages: None,
            notes: notes.to_vec(),
        }
    }
}

/// Appendix 1's rows: each closing practice's patients by what became of them.
pub fn closure_summaries(plan: &Plan) -> Vec<ClosureSummary> {
    plan.closure
        .closing_practices
        .iter()
        .enumerate()
        .map(|(i, cp)| {
            let entries = || plan.entries.iter().filter(move |e| e.closing == i);
            let count = |cohort: Cohort| entries().filter(|e| e.cohort == cohort).count();
            let unallocated_rows: Vec<usize> = entries()
                .filter(|e| e.is_unallocated())
                .map(|e| e.row)
                .collect();
            ClosureSummary {
                ods_code: cp.ods_code.clone(),
                name: cp.name.clone(),
                closure_date: cp.closure_date.format("%d/%m/%Y").to_string(),
                patients: entries().count(),
                excluded: count(Cohort::Excluded),
                not_seen: count(Cohort::NotSeen),
                out_of_area: count(Cohort::OutOfArea),
                allocated: count(Cohort::Allocate) - unallocated_rows.len(),
                unallocated: unallocated_rows.len(),
                rejected: count(Cohort::Rejected),
                rejected_rows: entries()
                    .filter(|e| e.cohort == Cohort::Rejected)
                    .map(|e| e.row)
                    .collect(),
                unallocated_rows,
            }
        })
        .collect()
}

/// The plan's summary for people: counts per cohort, per receiving practice against its
/// capacity, unallocated patients and the first 20 rejected rows.
pub fn plan_summary_text(plan: &Plan) -> String {
    let mut s = String::new();
    if plan.closure.several() {
        let _ = writeln!(
            s,
            "Plan for {} closing practices, planned together:",
            plan.closure.closing_practices.len()
        );
        for c in closure_summaries(plan) {
            let _ = writeln!(
                s,
                "  {} {} (closing {}): {} patients",
                c.ods_code, c.name, c.closure_date, c.patients
            );
        }
    } else {
        let cp = plan.closure.lead();
        let _ = writeln!(
            s,
            "Plan for {} {} (closing {})",
            cp.ods_code,
            cp.name,
            cp.closure_date.format("%d/%m/%Y")
        );
    }
    let _ = writeln!(s, "Patients read: {}", plan.entries.len());
    let notice = [Cohort::Notice1, Cohort::Notice2]
        .into_iter()
        .find(|c| plan.entries.iter().any(|e| e.cohort == *c));
    if let Some(notice) = notice {
        // Letters 1 and 2: who gets one, and the practices they are pointed to.
        for cohort in [notice, Cohort::Excluded, Cohort::Rejected] {
            let _ = writeln!(s, "  {:<28} {:>6}", cohort.label(), plan.count(cohort));
        }
        let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &plan.entries {
            for &p in e.nearby() {
                if let Some(p) = plan.practices.get(p) {
                    *listed.entry(p.ods_code.as_str()).or_default() += 1;
                }
            }
        }
        let _ = writeln!(
            s,
            "\nPractices named in the letters (among a patient's {} nearest taking patients), proximity by {}:",
            crate::plan::NEARBY,
            plan.proximity_basis
        );
        for p in plan
            .practices
            .iter()
            .filter(|p| listed.contains_key(p.ods_code.as_str()))
        {
            let _ = writeln!(
                s,
                "  {:<8} {:<50} {:>6}",
                p.ods_code,
                p.name,
                listed[p.ods_code.as_str()]
            );
        }
    } else {
        for cohort in [
            Cohort::Allocate,
            Cohort::NotSeen,
            Cohort::OutOfArea,
            Cohort::Excluded,
            Cohort::Rejected,
        ] {
            let _ = writeln!(s, "  {:<28} {:>6}", cohort.label(), plan.count(cohort));
        }
        let unallocated: Vec<_> = plan.unallocated().collect();
        let _ = writeln!(s, "  {:<28} {:>6}", "of 2a, unallocated", unallocated.len());
        let _ = writeln!(
            s,
            "\nReceiving practices (allocated / capacity), proximity by {}:",
            plan.proximity_basis
        );
        if plan.loads.is_empty() {
            let _ = writeln!(s, "  (none: no practice has a capacity yet)");
        }
        for load in &plan.loads {
            let full = if load.allocated >= load.capacity {
                "  full"
            } else {
                ""
            };
            let name = shortened_name(&load.name);
            let _ = writeln!(
                s,
                "  {:<8} {name:<50} {:>4} / {:<4}{full}",
                load.ods_code, load.allocated, load.capacity
            );
        }
        if !plan.capacity_unknown.is_empty() {
            let _ = writeln!(
                s,
                "\nPractices among patients' {} nearest whose capacity no file gives: they take no patients until the practice details file or a survey reply gives one (survey them, most potential patients first):",
                crate::plan::CANDIDATES
            );
            for c in &plan.capacity_unknown {
                let _ = writeln!(
                    s,
                    "  {:<8} {:<50} {:>4} potential patients",
                    c.ods_code,
                    shortened_name(&c.name),
                    c.potential
                );
            }
        }
        if !unallocated.is_empty() {
            let _ = writeln!(
                s,
                "\nUnallocated 2a patients (the officer decides; no letter is sent):"
            );
            for e in unallocated.iter().take(20) {
                let why = e.reason.split("unallocated: ").nth(1).unwrap_or(&e.reason);
                let _ = writeln!(s, "  {}: {why}", plan.row_label(e));
            }
            if unallocated.len() > 20 {
                let _ = writeln!(
                    s,
                    "  ... and {} more (see plan.csv)",
                    unallocated.len() - 20
                );
            }
        }
    }
    problems_text(
        &mut s,
        ("Rejected rows", "problem"),
        &plan.rejections,
        &plan.rejection_counts,
        " (see plan.csv)",
    );
    problems_text(
        &mut s,
        ("Warnings", "warning"),
        &plan.warnings.kept,
        &plan.warnings.log,
        "",
    );
    s
}

/// How many problems a summary lists in full before "and N more".
const LISTED: usize = 20;

/// The first [`LISTED`] problems, then how many more and, when there are more, every kind
/// with its count, most common first.
fn problems_text(
    s: &mut String,
    (title, noun): (&str, &str),
    kept: &[Problem],
    log: &ProblemLog,
    see: &str,
) {
    if log.total == 0 {
        return;
    }
    let plural = if log.total == 1 { "" } else { "s" };
    let first = if log.total > LISTED {
        format!("; the first {LISTED}")
    } else {
        String::new()
    };
    let _ = writeln!(s, "\n{title} ({} {noun}{plural}{first}):", log.total);
    for p in kept.iter().take(LISTED) {
        let _ = writeln!(s, "  {p}");
    }
    let shown = kept.len().min(LISTED);
    if log.total > shown {
        let _ = writeln!(s, "  ... and {} more{see}", log.total - shown);
        let _ = writeln!(s, "  All {} by kind:", log.total);
        let mut kinds: Vec<&KindCount> = log.kinds.iter().collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.count));
        for k in kinds.iter().take(LISTED) {
            let _ = writeln!(s, "  {:>8}  {}", k.count, k.kind);
        }
        if kinds.len() > LISTED {
            let rest: usize = kinds[LISTED..].iter().map(|k| k.count).sum();
            let _ = writeln!(s, "  {rest:>8}  of {} other kinds", kinds.len() - LISTED);
        }
    }
}

/// A practice's name in at most 50 characters, for a column of the summary.
fn shortened_name(name: &str) -> String {
    if name.chars().count() > 50 {
        format!("{}…", name.chars().take(49).collect::<String>())
    } else {
        name.to_string()
    }
}

/// The run's summary for people: the plan, then the letters and their checks.
pub fn run_summary_text(plan: &Plan, summary: &Summary) -> String {
    let mut s = plan_summary_text(plan);
    let _ = writeln!(s, "\nLetters: {}", summary.letters);
    for (cohort, n) in &summary.by_cohort {
        let _ = writeln!(s, "  {cohort}: {n}");
    }
    if summary.by_format.len() > 1 {
        let _ = writeln!(
            s,
            "Letters by format: {}",
            summary
                .by_format
                .iter()
                .map(|(format, n)| format!("{} {n}", format.in_prose()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        s,
        "Eligible for the 50p contribution (one side of A4, black and white, second class): {}",
        summary.eligible_50p
    );
    let _ = writeln!(s, "Contribution: £{:.2}", summary.contribution_gbp);
    if summary.unreviewed_translations > 0 {
        let _ = writeln!(
            s,
            "Letters using an unreviewed translation: {}",
            summary.unreviewed_translations
        );
    }
    if summary.languages_asked.len() > 1 {
        let mut asked: Vec<(&String, &usize)> = summary.languages_asked.iter().collect();
        asked.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
        let _ = writeln!(
            s,
            "Patients by the language they asked for: {}",
            asked
                .iter()
                .map(|(language, n)| format!("{language} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !summary.manual_handling.is_empty() {
        let _ = writeln!(
            s,
            "Letters to handle manually (BFPO), in print/manual-*.pdf: {}",
            summary.manual_handling.join(", ")
        );
    }
    if !summary.needs_by_hand.is_empty() {
        let _ = writeln!(
            s,
            "Needs to meet by hand ({}; each is sent the nearest letter meanwhile):",
            crate::model::count(summary.needs_by_hand.len(), "patient", "patients")
        );
        for need in &summary.needs_by_hand {
            let _ = writeln!(s, "  {need}");
        }
    }
    if summary.failed_checks.is_empty() {
        let _ = writeln!(s, "Every letter passed its checks.");
    } else {
        let _ = writeln!(
            s,
            "Letters that failed a check: {}",
            summary.failed_checks.len()
        );
        for f in &summary.failed_checks {
            let _ = writeln!(s, "  {}: {}", f.letter_id, f.reasons.join("; "));
        }
    }
    if let Some(n) = summary.text_messages {
        let _ = writeln!(s, "Text messages in sms.csv: {n}");
    }
    for note in &summary.notes {
        let _ = writeln!(s, "note: {note}");
    }
    let _ = writeln!(s, "Print files: {}", summary.print_files);
    s
}

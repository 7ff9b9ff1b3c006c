//! Batch engine: the committee report's figures, taken from the batch's summary (and the
//! plan for Appendix 1's counts), so `report.pdf` and `summary.json` say the same.

use crate::package::Summary;
use crate::plan::Plan;
use crate::render::{ReportBin, ReportClosure, ReportData, ReportLine, ReportPractice};

/// What the report shows of this batch.
pub fn report_data(plan: &Plan, summary: &Summary) -> ReportData {
    let closure = &plan.closure;
    // Excluded, as Appendix 1 counts it: deceased, registered elsewhere, or a row that
    // could not be used.
    let mut rows: Vec<ReportClosure> = summary
        .closures
        .iter()
        .map(|c| ReportClosure {
            name: c.name.clone(),
            ods_code: c.ods_code.clone(),
            closure_date: c.closure_date.clone(),
            patients: c.patients,
            excluded: c.excluded + c.rejected,
            not_seen: c.not_seen,
            out_of_area: c.out_of_area,
            allocated: c.allocated,
            unallocated: c.unallocated,
        })
        .collect();
    if rows.len() > 1 {
        let sum = |f: fn(&ReportClosure) -> usize| rows.iter().map(f).sum();
        let total = ReportClosure {
            name: "Total".into(),
            ods_code: String::new(),
            closure_date: String::new(),
            patients: sum(|c| c.patients),
            excluded: sum(|c| c.excluded),
            not_seen: sum(|c| c.not_seen),
            out_of_area: sum(|c| c.out_of_area),
            allocated: sum(|c| c.allocated),
            unallocated: sum(|c| c.unallocated),
        };
        rows.push(total);
    }
    let dash = || "-".to_string();
    let practices = summary
        .receiving_practices
        .iter()
        .map(|p| ReportPractice {
            ods_code: p.ods_code.clone(),
            name: p.name.clone(),
            allocated: p.allocated,
            capacity: p.capacity,
            median: p.median_distance.clone().unwrap_or_else(dash),
            largest: p.largest_distance.clone().unwrap_or_else(dash),
        })
        .collect();
    let line = |label: &str, value: String| ReportLine {
        label: label.to_string(),
        value,
    };
    let mut letters = vec![line("Letters", summary.letters.to_string())];
    for (cohort, n) in &summary.by_cohort {
        letters.push(line(&format!("Letter {cohort}"), n.to_string()));
    }
    for (format, n) in &summary.by_format {
        letters.push(line(
            &format!("Letters in {}", format.in_prose()),
            n.to_string(),
        ));
    }
    letters.push(line(
        "Eligible for NHS England's 50p contribution (one side of A4, black and white, second class)",
        summary.eligible_50p.to_string(),
    ));
    letters.push(line(
        "Contribution",
        format!("£{:.2}", summary.contribution_gbp),
    ));
    letters.push(line(
        "Letters that failed a check",
        summary.failed_checks.len().to_string(),
    ));
    ReportData {
        title: if closure.several() {
            format!(
                "Dispersal of {} closing practices in {}: allocations",
                closure.closing_practices.len(),
                closure.area.name
            )
        } else {
            let cp = closure.lead();
            format!("Dispersal of {} ({}): allocations", cp.name, cp.ods_code)
        },
        author: closure.commissioner.name.clone(),
        commissioner: closure.commissioner.name.clone(),
        area: closure.area.name.clone(),
        date: super::date_in_words(closure.letters.date),
        closures: rows,
        rejected: plan.rejected_rows(),
        proximity: plan.proximity_basis.clone(),
        practices,
        distances: summary
            .distances
            .iter()
            .map(|d| ReportBin {
                label: d.distance.clone(),
                count: d.patients,
            })
            .collect(),
        letters,
    }
}

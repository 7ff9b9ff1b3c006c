//! Batch engine: the committee report's figures, taken from the batch's summary (and the
//! plan for Appendix 1's counts), so `report.pdf` and `summary.json` say the same.

use crate::package::Summary;
use crate::plan::{Cohort, Plan};
use crate::render::{ReportBin, ReportClosure, ReportData, ReportLine, ReportPractice};

/// What the report shows of this batch.
pub fn report_data(plan: &Plan, summary: &Summary) -> ReportData {
    let closure = &plan.closure;
    let cp = &closure.closing_practice;
    let allocated = plan
        .entries
        .iter()
        .filter(|e| e.cohort == Cohort::Allocate && e.allocation.is_some())
        .count();
    let unallocated = plan.unallocated().count();
    let (not_seen, out_of_area) = (plan.count(Cohort::NotSeen), plan.count(Cohort::OutOfArea));
    let patients = plan.entries.len();
    let row = ReportClosure {
        name: cp.name.clone(),
        ods_code: cp.ods_code.clone(),
        closure_date: cp.closure_date.format("%d/%m/%Y").to_string(),
        patients,
        excluded: patients.saturating_sub(allocated + unallocated + not_seen + out_of_area),
        not_seen,
        out_of_area,
        allocated,
        unallocated,
    };
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
        title: format!("Dispersal of {} ({}): allocations", cp.name, cp.ods_code),
        author: closure.commissioner.name.clone(),
        commissioner: closure.commissioner.name.clone(),
        area: closure.area.name.clone(),
        date: closure.letters.date.format("%-d %B %Y").to_string(),
        closures: vec![row],
        rejected: plan.rejections.len(),
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

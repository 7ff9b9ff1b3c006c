//! Plan stage: how far the allocated patients are from their new practices, as the plan page
//! and the committee report show it — counted in bins, and each practice's median and largest.

use super::{Plan, PostcodeLevel, Proximity};

/// The bins a distance falls in, in order.
const KM_BINS: &[(f64, &str)] = &[
    (0.5, "under 0.5 km"),
    (1.0, "0.5 to 1 km"),
    (2.0, "1 to 2 km"),
    (3.0, "2 to 3 km"),
    (5.0, "3 to 5 km"),
    (f64::INFINITY, "5 km or more"),
];

const LEVELS: &[PostcodeLevel] = &[
    PostcodeLevel::SameUnitGroup,
    PostcodeLevel::SameSector,
    PostcodeLevel::SameDistrict,
    PostcodeLevel::SameArea,
    PostcodeLevel::Elsewhere,
];

/// How far the allocated patients are from their practices, counted in bins: by distance,
/// and by postcode level for those measured without the lookup. Only kinds that occur are
/// listed.
pub fn distance_bins(plan: &Plan) -> Vec<(String, u32)> {
    let mut km = vec![0u32; KM_BINS.len()];
    let mut levels = vec![0u32; LEVELS.len()];
    for allocation in plan.entries.iter().filter_map(|e| e.allocation.as_ref()) {
        match allocation.proximity {
            Proximity::Distance { km: d } => {
                let i = KM_BINS.iter().position(|(upto, _)| d < *upto).unwrap_or(0);
                km[i] += 1;
            }
            Proximity::Postcode { level } => {
                let i = LEVELS.iter().position(|l| *l == level).unwrap_or(0);
                levels[i] += 1;
            }
        }
    }
    let mut bins = Vec::new();
    if km.iter().any(|&n| n > 0) {
        bins.extend(
            KM_BINS
                .iter()
                .zip(&km)
                .map(|((_, l), n)| (l.to_string(), *n)),
        );
    }
    if levels.iter().any(|&n| n > 0) {
        bins.extend(
            LEVELS
                .iter()
                .zip(&levels)
                .map(|(l, n)| (Proximity::Postcode { level: *l }.to_string(), *n)),
        );
    }
    bins
}

/// The median and the largest distance (or postcode level) of the patients allocated to the
/// practice with this ODS code; `None` when it has none. Of an even number, the nearer of the
/// two middle ones is the median.
pub fn median_and_largest(plan: &Plan, ods_code: &str) -> Option<(Proximity, Proximity)> {
    let mut proximities: Vec<Proximity> = plan
        .entries
        .iter()
        .filter_map(|e| e.allocation.as_ref())
        .filter(|a| plan.practice(a).ods_code == ods_code)
        .map(|a| a.proximity)
        .collect();
    proximities.sort_by_key(Proximity::cost);
    let largest = *proximities.last()?;
    let median = proximities[(proximities.len() - 1) / 2];
    Some((median, largest))
}

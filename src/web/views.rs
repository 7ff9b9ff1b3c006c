//! Web page: what the pages show — a plan, the rows a check rejected, a finished batch — as
//! plain data for the templates, and the charts, SVG made here. Every text put into a chart
//! is escaped here, because a chart goes into the page as markup.

use serde::Serialize;
use serde_json::{Value, json};

use crate::batch::{BatchOutcome, Standing, Written};
use crate::model::{Inputs, Problem};
use crate::plan::{Cohort, Plan, PlanEntry, distance_bins};

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64, for a preview image in the page.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A problem as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemRow {
    pub file: String,
    pub row: String,
    pub column: String,
    pub problem: String,
    pub fix: String,
}

impl From<&Problem> for ProblemRow {
    fn from(p: &Problem) -> Self {
        ProblemRow {
            file: p.location.file.clone(),
            row: p.location.row.map(|r| r.to_string()).unwrap_or_default(),
            column: p.location.column.clone().unwrap_or_default(),
            problem: p.message.clone(),
            fix: p.hint.clone().unwrap_or_default(),
        }
    }
}

/// The rows a check rejected and its warnings, each problem a row.
pub fn problems(inputs: &Inputs) -> (Vec<ProblemRow>, Vec<ProblemRow>) {
    let rejected = inputs
        .rejected_patients
        .iter()
        .flat_map(|r| r.problems.iter())
        .map(ProblemRow::from)
        .collect();
    let warnings = inputs.warnings.kept.iter().map(ProblemRow::from).collect();
    (rejected, warnings)
}

/// Bars, one per label, drawn against a second value (capacity) when there is one.
struct Bar {
    label: String,
    value: u32,
    limit: Option<u32>,
}

/// A horizontal bar chart: each bar's value, and its limit as an outline behind it. Black,
/// dark blue and grey only, with its numbers written beside the bars.
fn bar_chart(title: &str, bars: &[Bar], unit: &str) -> String {
    let row = 28;
    let label_w = 300;
    let bar_w = 380;
    let width = label_w + bar_w + 120;
    let height = 30 + row * bars.len().max(1) + 10;
    let max = bars
        .iter()
        .map(|b| b.value.max(b.limit.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |v: u32| (f64::from(v) / f64::from(max) * bar_w as f64).round() as usize;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-{id}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" font-family=\"Arial, sans-serif\" font-size=\"14\"><title id=\"chart-{id}\">{t}</title>",
        id = esc(&title.to_lowercase().replace(' ', "-")),
        t = esc(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 20 + i * row;
        let label = shortened(&bar.label, LABEL_CHARS);
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\" fill=\"#212b32\">{l}</text>",
            x = label_w - 8,
            ty = y + 15,
            l = esc(&label)
        ));
        if let Some(limit) = bar.limit {
            svg.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"20\" fill=\"#ffffff\" stroke=\"#4c6272\" stroke-width=\"1\"/>",
                w = scale(limit).max(1)
            ));
        }
        let over = bar.limit.is_some_and(|l| bar.value > l);
        svg.push_str(&format!(
            "<rect x=\"{label_w}\" y=\"{y1}\" width=\"{w}\" height=\"14\" fill=\"{fill}\"/>",
            y1 = y + 3,
            w = scale(bar.value),
            fill = if over { "#d5281b" } else { "#005eb8" }
        ));
        let text = match bar.limit {
            Some(limit) => format!("{} of {limit}{unit}", bar.value),
            None => format!("{}{unit}", bar.value),
        };
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" fill=\"#212b32\">{t}</text>",
            x = label_w + scale(bar.value.max(bar.limit.unwrap_or(0))) + 6,
            ty = y + 15,
            t = esc(&text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The most characters a chart's label shows.
const LABEL_CHARS: usize = 40;

/// `text` in at most `most` characters: cut, with an ellipsis, when longer.
fn shortened(text: &str, most: usize) -> String {
    if text.chars().count() > most {
        text.chars()
            .take(most.saturating_sub(1))
            .collect::<String>()
            + "…"
    } else {
        text.to_string()
    }
}

fn cohort_name(entry: &PlanEntry) -> &'static str {
    if entry.rejected().is_some() {
        return "row rejected";
    }
    match entry.cohort {
        Cohort::Allocate if entry.allocation.is_none() => "2a, not allocated",
        Cohort::Allocate => "2a allocated",
        Cohort::NotSeen | Cohort::OutOfArea => entry.cohort.label(),
        _ => "no letter",
    }
}

/// A patient as the plan's list shows them.
fn patient_row(plan: &Plan, entry: &PlanEntry) -> Value {
    let (name, postcode) = match &entry.patient() {
        Some(p) => (
            format!("{} {}", p.given_name, p.family_name),
            p.postcode.text.to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let practice = entry
        .allocation
        .as_ref()
        .map(|a| format!("{} {}", plan.practice(a).ods_code, plan.practice(a).name));
    json!({
        "row": entry.row,
        "nhs_number": entry.nhs_number().as_str(),
        "name": name,
        "postcode": postcode,
        "cohort": cohort_name(entry),
        "practice": practice,
        "proximity": entry.allocation.as_ref().map(|a| a.proximity.to_string()),
        "reason": entry.reason.as_ref(),
        "closing": plan.closure.several().then(|| plan.closure.closing(entry.closing).name.clone()),
    })
}

/// The patients a search finds: by NHS number (spaces ignored), name or postcode.
fn matches(nhs_number: &str, name_and_postcode: Option<(&str, &str)>, query: &str) -> bool {
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 3 && digits.len() == query.chars().filter(|c| !c.is_whitespace()).count() {
        let number: String = nhs_number.chars().filter(char::is_ascii_digit).collect();
        return number.contains(&digits);
    }
    let q = query.trim().to_lowercase();
    match name_and_postcode {
        Some((name, postcode)) => {
            name.to_lowercase().contains(&q)
                || postcode
                    .to_lowercase()
                    .replace(' ', "")
                    .contains(&q.replace(' ', ""))
        }
        None => false,
    }
}

fn entry_matches(entry: &PlanEntry, query: &str) -> bool {
    let name = entry.patient().map(|p| {
        (
            format!("{} {}", p.given_name, p.family_name),
            p.postcode.text.to_string(),
        )
    });
    matches(
        &entry.nhs_number(),
        name.as_ref().map(|(n, p)| (n.as_str(), p.as_str())),
        query,
    )
}

fn written_matches(written: &Written, query: &str) -> bool {
    matches(
        &written.letter.nhs_number,
        written
            .on_list
            .as_ref()
            .map(|l| (l.name.as_str(), l.postcode.as_str())),
        query,
    )
}

/// What a letter sent was, in words: `2a allocated`, `2b not seen for 5 years`.
fn letter_name(cohort: &str) -> String {
    match Cohort::from_code(cohort) {
        Some(Cohort::Allocate) => "2a allocated".to_string(),
        Some(c) => c.label().to_string(),
        None => cohort.to_string(),
    }
}

/// A patient written to, as the plan page lists them.
fn written_row(written: &Written, several: bool) -> Value {
    let w = &written.letter;
    let practice = match (&w.receiving_ods, &w.receiving_name) {
        (Some(ods), Some(name)) => Some(format!("{ods} {name}")),
        (Some(ods), None) => Some(ods.clone()),
        _ => None,
    };
    json!({
        "row": written.on_list.as_ref().map(|l| l.row),
        "nhs_number": w.nhs_number,
        "name": written.on_list.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
        "postcode": written.on_list.as_ref().map(|l| l.postcode.clone()).unwrap_or_default(),
        "cohort": letter_name(&w.cohort),
        "practice": practice,
        "reallocated": w.kind == "reallocation",
        "sent": crate::batch::uk_time_in_words(&w.at).unwrap_or_else(|| w.at.clone()),
        "off_list": written.on_list.is_none(),
        "closing": several.then(|| written.closing_name.clone()),
        "written": true,
    })
}

/// At most this many patients are listed for a search.
pub const SEARCH_LIMIT: usize = 50;

/// The plan page's data: who was written to (the ledger), and the plan of the rest.
pub fn plan_view(standing: &Standing, query: &str) -> Value {
    let plan = &standing.plan;
    let several = plan.closure.several();
    let count = |c: Cohort| plan.count(c);
    let unallocated: Vec<Value> = plan.unallocated().map(|e| patient_row(plan, e)).collect();
    let allocated = count(Cohort::Allocate) - unallocated.len();
    let by_practice = standing.written_by_practice();
    // Each practice: its load now, the patients allocated to it by letters sent, its places.
    let loads: Vec<(&crate::plan::PracticeLoad, u32, u32)> = plan
        .loads
        .iter()
        .map(|l| {
            let written = by_practice.get(l.ods_code.as_str()).copied().unwrap_or(0);
            let offered = standing
                .offered
                .get(&l.ods_code)
                .copied()
                .unwrap_or(l.capacity + written);
            (l, written, offered)
        })
        .collect();
    let full = |taken: u32, offered: u32| offered > 0 && taken >= offered;
    let practices: Vec<Value> = loads
        .iter()
        .map(|(l, written, offered)| {
            let taken = written + l.allocated;
            json!({
                "ods_code": l.ods_code, "name": l.name, "written": written,
                "allocated": l.allocated, "capacity": offered, "over": taken > *offered,
                "left": offered.saturating_sub(taken),
                "full": full(taken, *offered),
                "no_places": *offered == 0,
            })
        })
        .collect();
    let bars: Vec<Bar> = loads
        .iter()
        .map(|(l, written, offered)| {
            let taken = written + l.allocated;
            let mark = match (*offered, full(taken, *offered)) {
                (0, _) => ", no places offered",
                (_, true) => ", full",
                _ => "",
            };
            // The mark is never cut off a long name.
            let name = format!("{} {}", l.ods_code, l.name);
            Bar {
                label: shortened(&name, LABEL_CHARS - mark.chars().count()) + mark,
                value: taken,
                limit: Some(*offered),
            }
        })
        .collect();
    let bins = distance_bins(plan);
    let distance_bars: Vec<Bar> = bins
        .iter()
        .map(|(label, n)| Bar {
            label: label.clone(),
            value: *n,
            limit: None,
        })
        .collect();
    let query = query.trim();
    let found: Vec<Value> = if query.is_empty() {
        Vec::new()
    } else {
        standing
            .written
            .iter()
            .filter(|w| written_matches(w, query))
            .map(|w| written_row(w, several))
            .chain(
                plan.entries
                    .iter()
                    .filter(|e| entry_matches(e, query))
                    .map(|e| patient_row(plan, e)),
            )
            .take(SEARCH_LIMIT + 1)
            .collect()
    };
    let written = |c: &str| standing.written_by_cohort(c);
    json!({
        "patients": plan.entries.len(),
        "allocated": allocated,
        "unallocated_count": unallocated.len(),
        "not_seen": count(Cohort::NotSeen),
        "out_of_area": count(Cohort::OutOfArea),
        "excluded": plan.entries.iter().filter(|e| e.rejected().is_none() && !e.cohort.gets_letter()).count(),
        "rejected": plan.rejected_rows(),
        "letters": plan.entries.iter().filter(|e| e.gets_letter()).count(),
        "written": !standing.written.is_empty(),
        "written_2a": written("2a"),
        "written_2b": written("2b"),
        "written_2c": written("2c"),
        "written_total": standing.written.len(),
        "reallocated": standing.written.iter().filter(|w| w.letter.kind == "reallocation").count(),
        "written_off_list": standing.written.iter().filter(|w| w.on_list.is_none()).count(),
        "practices": practices,
        "capacity_chart": bar_chart("Patients allocated against capacity", &bars, ""),
        "distance_chart": bar_chart("How far patients are from their new practice", &distance_bars, " patients"),
        "distances": bins.iter().map(|(l, n)| json!({"label": l, "count": n})).collect::<Vec<_>>(),
        "proximity": plan.proximity_basis,
        "unallocated": unallocated,
        "notes": crate::batch::page_words(&standing.notes),
        "query": query,
        "found": found.iter().take(SEARCH_LIMIT).collect::<Vec<_>>(),
        "searched": !query.is_empty(),
        "more_found": found.len() > SEARCH_LIMIT,
        "search_limit": SEARCH_LIMIT,
    })
}

/// The finished batch's data: what was made, what it earns, what failed.
pub fn batch_view(outcome: &BatchOutcome) -> Value {
    let s = &outcome.summary;
    let zip = outcome.zip.as_deref().map(super::workspace::file_name);
    json!({
        "zip": zip,
        "encrypted": outcome.encrypted,
        "letters": s.letters,
        "by_cohort": s.by_cohort.iter().map(|(c, n)| json!({"cohort": c, "count": n})).collect::<Vec<_>>(),
        // Letters by format, when there is more than one.
        "by_format": (s.by_format.len() > 1).then(|| s.by_format.iter().map(|(f, n)| json!({"format": f.in_prose(), "count": n})).collect::<Vec<_>>()),
        "eligible_50p": s.eligible_50p,
        "contribution": format!("£{:.2}", s.contribution_gbp),
        "failed": s.failed_checks.iter().map(|f| json!({"letter_id": f.letter_id, "reasons": f.reasons.join("; ")})).collect::<Vec<_>>(),
        "failed_count": s.failed_checks.len(),
        "rejected": s.rejected,
        "unallocated": s.unallocated,
        "unreviewed": s.unreviewed_translations,
        "needs_by_hand": s.needs_by_hand,
        "text_messages": s.text_messages,
        "notes": crate::batch::page_words(&outcome.notes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = bar_chart(
            "t",
            &[Bar {
                label: "<script>alert(1)</script> & Co".into(),
                value: 3,
                limit: Some(2),
            }],
            "",
        );
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.contains("#d5281b"), "over capacity shows: {svg}");
    }
}

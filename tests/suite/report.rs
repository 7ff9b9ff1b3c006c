//! The committee report in every batch zip (`report.pdf`): one A4 page, black on white, with
//! Appendix 1's figures, each receiving practice against its capacity, the distances, and
//! the letters and their 50p contribution — the same figures as `summary.json`, read back
//! from the PDF with pdftotext.

use crate::common;
use crate::common::pdf::pdftotext;

use std::io::Read;

#[test]
fn the_report_says_what_the_summary_says_on_one_black_and_white_page() {
    let out = tempfile::tempdir().unwrap();
    let outcome = dispersal::batch::run(
        common::sample_inputs(),
        out.path(),
        &dispersal::batch::BatchOptions::default(),
        &mut (),
    )
    .unwrap();
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(outcome.zip.as_deref().expect("a zip")).unwrap())
            .unwrap();
    let mut pdf = Vec::new();
    zip.by_name("report.pdf")
        .unwrap()
        .read_to_end(&mut pdf)
        .unwrap();
    let mut json = String::new();
    zip.by_name("summary.json")
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();

    let report = dispersal::check::check_pdf(&pdf).unwrap();
    assert_eq!(report.pages, 1);
    assert!(report.a4_portrait);
    assert_eq!(report.colour, vec![], "black on white");

    let path = out.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = pdftotext(&path, &["-layout"]);
    for heading in [
        "Allocations (Appendix 1)",
        "Receiving practices: allocated against capacity",
        "How far patients were allocated",
        "Letters",
    ] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    // Appendix 1's row: the closure and its counts, which add up to the list.
    let row = text
        .lines()
        .find(|l| l.contains("30/09/2026"))
        .expect("the closure's row");
    let numbers: Vec<usize> = row
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 6, "{row}");
    assert_eq!(numbers[0], 300, "{row}");
    assert_eq!(numbers[1..].iter().sum::<usize>(), 300, "{row}");
    assert_eq!(
        numbers[5],
        summary["unallocated"].as_u64().unwrap() as usize,
        "{row}"
    );
    // Every receiving practice, with its allocated and capacity as the summary has them.
    for p in summary["receiving_practices"].as_array().unwrap() {
        let ods = p["ods_code"].as_str().unwrap();
        let line = text.lines().find(|l| l.contains(ods)).expect(ods);
        let figures = format!(
            "{}    {}",
            p["allocated"].as_u64().unwrap(),
            p["capacity"].as_u64().unwrap()
        );
        let squeezed: String = line.split_whitespace().collect::<Vec<_>>().join("    ");
        assert!(squeezed.contains(&figures), "{ods}: {line}");
        for key in ["median_distance", "largest_distance"] {
            let distance = p[key].as_str().unwrap();
            assert!(distance.ends_with(" km"), "{distance}");
            assert!(line.contains(distance), "{ods} {key} {distance}: {line}");
        }
    }
    // The distances chart's table, bin by bin, as summary.json counts them.
    let distances = summary["distances"].as_array().unwrap();
    assert!(!distances.is_empty());
    let total: u64 = distances
        .iter()
        .map(|d| d["patients"].as_u64().unwrap())
        .sum();
    assert_eq!(
        total as usize, numbers[4],
        "every allocated patient is in a bin"
    );
    for d in distances {
        let label = d["distance"].as_str().unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .expect(label);
        let count: String = line[line.find(label).unwrap() + label.len()..]
            .split_whitespace()
            .take(1)
            .collect();
        assert_eq!(count, d["patients"].as_u64().unwrap().to_string(), "{line}");
    }
    let contribution = format!("£{:.2}", summary["contribution_gbp"].as_f64().unwrap());
    assert!(text.contains(&contribution), "{contribution}: {text}");
    let eligible = summary["eligible_50p"].as_u64().unwrap().to_string();
    assert!(
        text.lines()
            .any(|l| l.contains("Eligible for NHS England") && l.trim_end().ends_with(&eligible)),
        "{text}"
    );
}

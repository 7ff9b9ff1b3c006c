//! Package stage: write `plan.csv` (one row per patient row) and `manifest.csv` (one row per
//! letter in print order) to any writer.

use std::io::Write;

use super::{BatchLetters, PackageError, csv_cell};
use crate::plan::{Plan, PlanEntry};

/// `plan.csv`: one row per patient row, in file order.
pub fn plan_csv(plan: &Plan) -> Result<Vec<u8>, PackageError> {
    write_plan_csv(plan, Vec::new())
}

/// [`plan_csv`] written to any writer (a file, without holding it all in memory), which is
/// given back.
pub fn write_plan_csv<W: std::io::Write>(plan: &Plan, out: W) -> Result<W, PackageError> {
    write_plan_csv_rows(plan, plan.entries.iter(), out)
}

/// [`write_plan_csv`] of some of the plan's rows (a later batch's: those it is about).
pub fn write_plan_csv_rows<'a, W: std::io::Write>(
    plan: &Plan,
    rows: impl Iterator<Item = &'a PlanEntry>,
    out: W,
) -> Result<W, PackageError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "closing_practice",
        "row",
        "nhs_number",
        "cohort",
        "reason",
        "allocated_practice",
        "allocated_practice_name",
        "proximity",
        "household",
        "vulnerable",
        "manual_handling",
        "error",
    ])?;
    for e in rows {
        let (code, name, proximity) = match &e.allocation {
            Some(a) => (
                plan.practice(a).ods_code.clone(),
                plan.practice(a).name.clone(),
                a.proximity.to_string(),
            ),
            None => Default::default(),
        };
        w.write_record([
            plan.closing(e).ods_code.clone(),
            e.row.to_string(),
            csv_cell(&e.nhs_number()),
            e.cohort.code().to_string(),
            csv_cell(&e.reason),
            code,
            csv_cell(&name),
            proximity,
            e.household.map(|h| h.to_string()).unwrap_or_default(),
            yes_no(e.vulnerable).into(),
            yes_no(e.manual_handling).into(),
            csv_cell(&plan.error_text(e)),
        ])?;
    }
    w.into_inner()
        .map_err(|e| PackageError::Csv(e.into_error().into()))
}

fn yes_no(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

/// The manifest's format of a braille letter's print cover letter.
pub const BRAILLE_COVER: &str = "braille-cover";

/// `manifest.csv`, one row per letter in print order (a braille letter has two: its BRF, with
/// the braille's pages and no print measures, then its print cover letter), written to any writer (straight into
/// the batch, without holding it all in memory), which is given back.
pub fn write_manifest_csv<W: Write>(letters: &BatchLetters, out: W) -> Result<W, PackageError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "letter_id",
        "closing_practice",
        "nhs_number",
        "cohort",
        "language",
        "format",
        "print_file",
        "first_page",
        "pages",
        "sheets",
        "a4",
        "black_and_white",
        "address_in_window",
        "min_text_pt",
        "eligible_50p",
        "postcode",
        "translation_status",
        "manual_handling",
        "check_failures",
    ])?;
    for letter in letters.iter() {
        let (l, c) = (&letter.record, &letter.check);
        let row = |format: &str, file: &str, measures: [String; 7], eligible: bool| {
            let mut cells = vec![
                l.letter_id.to_string(),
                l.closing_ods.to_string(),
                l.nhs_number.to_string(),
                l.cohort.code().to_string(),
                l.language.to_string(),
                format.to_string(),
                file.to_string(),
            ];
            cells.extend(measures);
            cells.extend([
                yes_no(eligible).to_string(),
                csv_cell(&l.postcode.text),
                l.translation_status.to_string(),
                csv_cell(l.manual_handling.as_deref().unwrap_or("")),
                csv_cell(&c.verdict.failures.join("; ")),
            ]);
            cells
        };
        // A braille letter is two rows: its BRF (its braille pages, no print measures), then
        // its print cover letter.
        if let Some(b) = &c.braille {
            let pages = b.pages.to_string();
            let none = String::new;
            let measures = [
                "1".into(),
                pages.clone(),
                pages,
                none(),
                none(),
                none(),
                none(),
            ];
            w.write_record(row(l.format.as_str(), &b.file, measures, false))?;
        }
        let format = if l.format.is_braille() {
            BRAILLE_COVER
        } else {
            l.format.as_str()
        };
        let measures = [
            c.first_page.to_string(),
            c.pages.to_string(),
            c.sheets.to_string(),
            yes_no(c.a4).into(),
            yes_no(c.black_and_white).into(),
            yes_no(c.address_in_window).into(),
            c.min_text_pt
                .map(|pt| format!("{pt:.1}"))
                .unwrap_or_default(),
        ];
        w.write_record(row(
            format,
            &letter.print_file,
            measures,
            c.verdict.eligible_50p,
        ))?;
    }
    w.into_inner()
        .map_err(|e| PackageError::Csv(e.into_error().into()))
}

/// `sms.csv`: one text message per row, for a bulk-SMS service's upload (GOV.UK Notify takes
/// the `mobile` column as the phone number). The number is written as checked, `+447…`:
/// digits after a plus, never patient text, so it is not made into text with `'` (that would
/// break the upload).
pub fn write_sms_csv<W: Write>(
    messages: &[crate::compose::TextMessage],
    out: W,
) -> Result<W, PackageError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "mobile",
        "language",
        "text",
        "encoding",
        "characters",
        "segments",
    ])?;
    for m in messages {
        w.write_record([
            m.mobile.clone(),
            m.language.clone(),
            csv_cell(&m.text),
            m.count.encoding.as_str().to_string(),
            m.count.characters.to_string(),
            m.count.segments.to_string(),
        ])?;
    }
    w.into_inner()
        .map_err(|e| PackageError::Csv(e.into_error().into()))
}

/// `survey.csv`: one row per candidate practice, in contact order.
pub fn survey_csv(candidates: &[crate::plan::Candidate]) -> Result<Vec<u8>, PackageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "ods_code",
        "name",
        "potential_patients",
        "nearest_first",
        "contact_order",
    ])?;
    for c in candidates {
        w.write_record([
            csv_cell(&c.ods_code),
            csv_cell(&c.name),
            c.potential.to_string(),
            c.nearest_first.to_string(),
            c.contact_order.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| PackageError::Io {
        path: "survey.csv".into(),
        source: e.into_error(),
    })
}

//! Render stage: the committee report (`report.pdf`), typeset by typst like the letters from
//! `letter-templates/report.typ`, black on white on A4. Its figures come in as data.

use chrono::NaiveDate;
use serde::Serialize;
use typst::diag::Warned;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::{PrintFileSpec, RenderError, Typesetter, describe, export_pdf};

/// One closing practice's row of Appendix 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportClosure {
    pub name: String,
    pub ods_code: String,
    pub closure_date: String,
    pub patients: usize,
    pub excluded: usize,
    pub not_seen: usize,
    pub out_of_area: usize,
    pub allocated: usize,
    pub unallocated: usize,
}

/// One receiving practice: allocated against capacity, and how far its patients are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPractice {
    pub ods_code: String,
    pub name: String,
    pub allocated: u32,
    pub capacity: u32,
    /// In words ("0.42 km", "same postcode district"); "-" with no patients.
    pub median: String,
    pub largest: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportBin {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    pub label: String,
    pub value: String,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportData {
    pub title: String,
    pub author: String,
    pub commissioner: String,
    pub area: String,
    /// The letters' date, written out.
    pub date: String,
    pub closures: Vec<ReportClosure>,
    pub rejected: usize,
    pub proximity: String,
    pub practices: Vec<ReportPractice>,
    pub distances: Vec<ReportBin>,
    pub letters: Vec<ReportLine>,
}

/// Typesets the report as a PDF dated `date`.
pub fn report_pdf(
    typesetter: &Typesetter,
    data: &ReportData,
    date: NaiveDate,
) -> Result<Vec<u8>, RenderError> {
    let bytes = serde_json::to_vec(data).map_err(|e| RenderError::Layout {
        message: e.to_string(),
    })?;
    let world = typesetter.report_world(Bytes::new(bytes));
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| RenderError::Layout {
        message: describe(&errors),
    })?;
    typst::comemo::evict(0);
    let spec = PrintFileSpec {
        title: data.title.clone(),
        author: data.author.clone(),
        language: "en-GB".into(),
        date,
    };
    export_pdf(&document, &spec)
}

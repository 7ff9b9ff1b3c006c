//! CLI: `dispersal check FILE.pdf ...` — report each PDF letter's pages, size and colour
//! against the 50p rules, as text for an officer or as JSON, and set the exit code.

use std::path::PathBuf;

use serde::Serialize;

use crate::check::{PdfReport, check_pdf};

use super::{EXIT_CHECK_FAILED, EXIT_OK};

/// One file in the JSON output: the report, or an error (and then not eligible).
#[derive(Serialize)]
#[serde(untagged)]
enum FileResult<'a> {
    Checked {
        file: &'a str,
        #[serde(flatten)]
        report: &'a PdfReport,
    },
    Unreadable {
        file: &'a str,
        eligible_50p: bool,
        error: &'a str,
    },
}

/// Reads a PDF to check, no further than [`MAX_PDF_BYTES`].
fn read_pdf(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PDF_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read the file ({e})\n  hint: check the path"))?;
    if bytes.len() as u64 > MAX_PDF_BYTES {
        return Err(format!(
            "the file is more than {} MB; the limit is {} MB for a letter\n  hint: check that it is a letter: a one-page letter saved as PDF from Word is well under 1 MB",
            MAX_PDF_BYTES >> 20,
            MAX_PDF_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// The biggest PDF `dispersal check` reads.
pub const MAX_PDF_BYTES: u64 = 64 << 20;

pub(super) fn check_pdfs(files: &[PathBuf], json: bool) -> anyhow::Result<u8> {
    let mut results = Vec::new();
    for path in files {
        let outcome = read_pdf(path).and_then(|bytes| check_pdf(&bytes).map_err(|e| e.to_string()));
        results.push((path.display().to_string(), outcome));
    }
    let all_eligible = results
        .iter()
        .all(|(_, r)| r.as_ref().is_ok_and(|r| r.verdict.eligible_50p));

    if json {
        let lines: Vec<FileResult<'_>> = results
            .iter()
            .map(|(file, r)| match r {
                Ok(report) => FileResult::Checked { file, report },
                Err(error) => FileResult::Unreadable {
                    file,
                    eligible_50p: false,
                    error,
                },
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&lines)?);
    } else {
        for (file, result) in &results {
            match result {
                Ok(r) if r.verdict.eligible_50p => println!(
                    "{file}: eligible for the 50p contribution (1 page, A4 portrait, black and white)"
                ),
                Ok(r) => {
                    println!("{file}: NOT eligible for the 50p contribution");
                    if r.format != crate::model::LetterFormat::Standard {
                        println!(
                            "  - {} letters (its title says so) are never counted",
                            r.format.in_words()
                        );
                    }
                    for reason in &r.verdict.failures {
                        println!("  - {reason}");
                    }
                }
                Err(e) => println!("{file}: cannot be checked: {e}"),
            }
            if let Ok(r) = result {
                match r.smallest_text_pt {
                    Some(pt) => println!(
                        "  smallest text outside the envelope window: {pt:.1} pt (large print needs 16 pt; standard print 10 pt, and 12 pt for the body and what the patient quotes)"
                    ),
                    None => println!(
                        "  no text found (a scanned letter?): text sizes cannot be checked"
                    ),
                }
            }
        }
        let eligible = results
            .iter()
            .filter(|(_, r)| r.as_ref().is_ok_and(|r| r.verdict.eligible_50p))
            .count();
        println!(
            "\n{eligible} of {} eligible. A PDF cannot show the postage: send eligible letters second class.",
            results.len()
        );
    }
    Ok(if all_eligible {
        EXIT_OK
    } else {
        EXIT_CHECK_FAILED
    })
}

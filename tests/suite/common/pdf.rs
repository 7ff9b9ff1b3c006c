//! Reading a PDF back as a reader's software does: poppler's `pdftotext` (`.ci/run` installs
//! poppler-utils). The one place the tests run it.

use std::path::Path;
use std::process::Command;

/// The PDF's text as `pdftotext OPTIONS PDF -` prints it, in UTF-8: `&[]` for reading order,
/// `&["-layout"]` for the page's layout, `&["-f", "2", "-l", "2"]` for page 2, `&["-bbox"]`
/// for each word's box as HTML.
#[track_caller]
pub fn pdftotext(pdf: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(options)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: install poppler-utils (Debian: apt-get install poppler-utils), as .ci/run does");
    assert!(
        out.status.success(),
        "pdftotext failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8 when asked to")
}

/// [`pdftotext`] of a PDF held in memory.
#[track_caller]
pub fn pdftotext_bytes(pdf: &[u8], options: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("the temporary folder is writable");
    pdftotext(&path, options)
}

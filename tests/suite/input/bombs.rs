//! Input tests: workbook bombs (tests/fixtures/bombs) refused by their limits, in little
//! memory, and a workbook the reader panics on refused as damaged.

use super::*;

/// A workbook of tests/fixtures/bombs (made by its make.py).
fn bomb(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bombs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each bomb (a patient list with one cell as far down and to the right as its format
/// allows, or with something else the reader would hold whole: see make.py), the name it is
/// read under, and how it is refused: by the column limit, naming the row, for the formats
/// read row by row; by the limit on what reading it whole would take for the others; by the
/// limits on a cell, the table of texts and a record.
const BOMBS: &[(&str, &str, &str)] = &[
    (
        "patients-bomb.xlsb",
        "patients.xlsb",
        "patients.xlsb: row 1048576 has 16,384 columns; the limit is 256 columns",
    ),
    (
        "patients-bomb.xlsx",
        "patients.xlsx",
        "patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns",
    ),
    (
        "patients-bomb.ods",
        "patients.ods",
        "patients.ods: its sheets would be 17,179,869,184 cells; the limit is 2,000,000 cells for an ODS workbook, which is read whole",
    ),
    (
        "patients-bomb-text.ods",
        "patients.ods",
        "patients.ods: reading it would take at least 3,809,105 MB of memory; the limit is 400 MB for an ODS workbook, which is read whole",
    ),
    (
        "patients-bomb-spaces.ods",
        "patients.ods",
        "patients.ods: a cell in its part content.xml is too long; the limit is 1 MB for one cell",
    ),
    (
        "patients-bomb-unended.ods",
        "patients.ods",
        "patients.ods: cannot read the spreadsheet (the workbook is damaged: its content.xml is not laid out as the reader expects)",
    ),
    (
        "patients-bomb-strings.xlsb",
        "patients.xlsb",
        "patients.xlsb: its table of texts (xl/sharedStrings.bin) holds more than 4,000,000 texts; the limit is 4,000,000 texts in the table of texts",
    ),
    (
        "patients-bomb-record.xlsb",
        "patients.xlsb",
        "patients.xlsb: a record in its part xl/worksheets/sheet1.bin is 268,435,455 bytes long; the limit is 2 MB for one record of an Excel binary workbook (.xlsb)",
    ),
    (
        "patients-bomb.xls",
        "patients.xls",
        "patients.xls: reading it would take at least 2,176 MB of memory; the limit is 480 MB for an Excel 97–2003 workbook (.xls), which is read whole",
    ),
    (
        "patients-bomb-3sheets.xls",
        "patients.xls",
        "patients.xls: reading it would take at least 2,176 MB of memory; the limit is 480 MB for an Excel 97–2003 workbook (.xls), which is read whole",
    ),
];

#[test]
fn a_workbook_bomb_is_refused_naming_the_file_and_the_limit() {
    for &(fixture, name, refused) in BOMBS {
        let f = Fixture::new(name, &bomb(fixture));
        let e = f.read().unwrap_err();
        assert!(first_line(&e).ends_with(refused), "{fixture}: {e}");
        if name.ends_with(".xls") {
            assert!(
                e.to_string()
                    .contains("save it as an Excel workbook (.xlsx) or CSV UTF-8"),
                "{e}"
            );
        }
    }
    // The same bomb named .xlsx (the page saves an upload under the name it gives it) is
    // told from its contents and refused the same way.
    let f = Fixture::new("patients.xlsx", &bomb("patients-bomb.xlsb"));
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e)
            .ends_with("patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns"),
        "{e}"
    );
}

#[test]
fn the_bombs_twins_without_the_far_cell_are_read() {
    for (fixture, name) in [
        ("patients-ok.xlsb", "patients.xlsb"),
        ("patients-ok.xls", "patients.xls"),
    ] {
        let inputs = Fixture::new(name, &bomb(fixture)).read().unwrap();
        assert_eq!(
            inputs.patients.len(),
            1,
            "{fixture}: {:?}",
            inputs.rejected_patients
        );
        let p = &inputs.patients.get(0).unwrap();
        assert_eq!(
            (
                p.given_name.as_str(),
                p.family_name.as_str(),
                p.date_of_birth
            ),
            ("Hao", "Liu", date(2014, 11, 26)),
            "{fixture}"
        );
    }
}

/// Peak memory (resident set, MB) and seconds of `dispersal plan` on a closure whose patient
/// list is `bytes` named `name`, and what it wrote to stderr.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(clippy::zombie_processes)] // waited for by wait4, for its peak memory
fn plan_peak(name: &str, bytes: &[u8]) -> (u64, f64, String) {
    let f = Fixture::new(name, bytes);
    let out = f.dir.path().join("out");
    let started = std::time::Instant::now();
    let mut child = Dispersal::bare()
        .arg("plan")
        .arg(f.closure_path())
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for the child this test started, which nothing else waits for.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32);
    let seconds = started.elapsed().as_secs_f64();
    (usage.ru_maxrss as u64 / 1024, seconds, stderr)
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn reading_a_workbook_bomb_takes_little_memory() {
    // The readers that lay a sheet out as a grid took 512 GB (XLSB: the process aborted),
    // 1.2 GB (XLS) and 3.4 GB (three XLS sheets) for these; calamine alone went past 4 GB
    // for the repeated text and the spaces and never finished the sheet that does not end
    // (ODS), and took 330 MB for the 6,000,000 texts and 260 MB for the record (XLSB). Refused, they cost what a small list costs; 600 MB
    // is the bound the README states for any file.
    for &(fixture, name, refused) in BOMBS {
        let (mb, seconds, stderr) = plan_peak(name, &bomb(fixture));
        assert!(stderr.contains(refused), "{fixture}: {stderr}");
        assert!(mb < 600, "{fixture}: {mb} MB");
        eprintln!("{fixture}: {mb} MB, {seconds:.2} s");
    }
}

#[test]
fn a_workbook_the_reader_panics_on_is_refused_as_damaged_and_the_panic_prints_nothing() {
    // calamine's XLSB reader panics on a workbook that names its sheet by a relationship it
    // does not have. A panic's message could quote the file; only the error is printed.
    let f = Fixture::new("patients.xlsb", &bomb("patients-damaged.xlsb"));
    let out = Dispersal::bare()
        .arg("plan")
        .arg(f.closure_path())
        .arg("--out")
        .arg(f.dir.path().join("out"))
        .output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: ")
            && stderr.lines().next().unwrap().ends_with(
                "patients.xlsb: cannot read the spreadsheet (the workbook is damaged: its records do not hold what they say)"
            ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
}

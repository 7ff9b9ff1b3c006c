//! Stage tests for input: closure.toml, patient and practice files (CSV and XLSX) and the
//! postcode lookup, read from synthetic fixtures in a temporary folder.

use crate::common;

use std::path::{Path, PathBuf};

use dispersal::input::{self, DiskFiles, InputError};

use dispersal::model::{Inputs, LetterFormat, PatientStatus, Position, PracticeStatus, Problem};

const PRACTICES: &str = "\
ods_code,name,address_line_1,address_line_2,address_line_3,address_line_4,postcode,phone,email,capacity,status,latitude,longitude
G85001,Bermondsey Health Centre,1 Blue Lane,London,,,se1 3ab,020 7000 0001,bhc@nhs.net,300,open,51.49,-0.06
g85002,Peckham Surgery,2 Rye Lane,London,,,SE15 4AB,020 7000 0002,,150,Of Concern,,
";

const PATIENT_HEADER: &str = "NHS Number,Title,Given Name,Family Name,Date of Birth,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Postcode,Last Seen,Language,Format,Vulnerable,Status,Removed From,Allocated Practice";

/// A good patient row, for tests about something else.
const ONE_PATIENT: &str = "9990000018,Mr,A,One,01/02/1980,1 Long Road,,,,,SE1 9ZZ,,,,,,,";

/// A temporary folder holding `closure.toml`, the practices file and the patients file.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(patients_name: &str, patients: &[u8]) -> Fixture {
        Fixture::with_practices(
            patients_name,
            patients,
            "practices.csv",
            PRACTICES.as_bytes(),
        )
    }

    fn with_practices(
        patients_name: &str,
        patients: &[u8],
        practices_name: &str,
        practices: &[u8],
    ) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let closure = common::closure_toml(patients_name, practices_name);
        std::fs::write(dir.path().join("closure.toml"), closure).unwrap();
        std::fs::write(dir.path().join(patients_name), patients).unwrap();
        std::fs::write(dir.path().join(practices_name), practices).unwrap();
        Fixture { dir }
    }

    fn closure_path(&self) -> PathBuf {
        self.dir.path().join("closure.toml")
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[allow(clippy::result_large_err)]
    fn read(&self) -> Result<Inputs, InputError> {
        input::read(&self.closure_path(), &DiskFiles, None)
    }
}

fn patients_csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(PATIENT_HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text.into_bytes()
}

use crate::common::cli::Dispersal;

use common::date;

use common::ods::{ods_of_rows, ods_row};

fn rendered(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.location, p.message))
        .collect()
}

/// The first line of an input error (the message; the hint follows).
fn first_line(e: &InputError) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}

mod bombs;
mod epraccur;
mod exports;
mod files;
mod limits;
mod postcodes;
mod rows;
mod shaped;
mod workbooks;

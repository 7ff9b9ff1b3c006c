//! Shared pieces of the fuzz targets: input files served from memory, and the sample closure.
//!
//! Every target goes through the public API of `dispersal` only; the letters target runs whole
//! batches through the library's batch engine (`dispersal::batch`), as the CLI does.

use std::path::Path;

use dispersal::input::{self, Files, InputError};
use dispersal::model::Inputs;

/// The bundled sample closure (patients = "patients.csv", practices = "practices.csv").
pub const SAMPLE_CLOSURE: &[u8] = include_bytes!("../../sample/closure.toml");
/// The sample's practices file.
pub const SAMPLE_PRACTICES: &[u8] = include_bytes!("../../sample/practices.csv");
/// The sample's postcode lookup.
pub const SAMPLE_POSTCODES: &[u8] = include_bytes!("../../sample/postcodes.csv");
/// 27 rows of the sample patient list (one of each language, format, status, flag, BFPO),
/// so a target that fuzzes another file spends its time there, not reading 300 patients.
pub const SMALL_PATIENTS: &[u8] = include_bytes!("patients-small.csv");

/// Files found by file name (the folder part of the path is ignored, as in `--sample`).
pub struct MemFiles<'a> {
    pub files: Vec<(&'a str, &'a [u8])>,
}

impl<'a> MemFiles<'a> {
    /// `closure.toml`, `practices.csv` and `postcodes.csv` from the sample, plus `extra`
    /// (which wins over the sample's file of the same name).
    pub fn sample_with(extra: Vec<(&'a str, &'a [u8])>) -> MemFiles<'a> {
        let mut files = extra;
        files.extend([
            ("closure.toml", SAMPLE_CLOSURE),
            ("practices.csv", SAMPLE_PRACTICES),
            ("postcodes.csv", SAMPLE_POSTCODES),
            ("patients.csv", SMALL_PATIENTS),
        ]);
        MemFiles { files }
    }
}

impl Files for MemFiles<'_> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.to_vec())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not in memory"))
    }
}

/// The sample closure.toml with `[inputs] patients` pointing at `patients_name`.
pub fn closure_with_patients(patients_name: &str) -> Vec<u8> {
    let text = std::str::from_utf8(SAMPLE_CLOSURE).expect("the sample closure is UTF-8");
    text.replace(
        "patients = \"patients.csv\"",
        &format!("patients = {patients_name:?}"),
    )
    .into_bytes()
}

/// `input::read` on `closure.toml` from `files`.
pub fn read(files: &MemFiles<'_>) -> Result<Inputs, InputError> {
    input::read(Path::new("closure/closure.toml"), files, None)
}

/// Exercises what the CLI does with the result of the input stage: the error message (the
/// CLI prints it), and for good inputs the plan (cheap for the small lists a fuzzer makes).
pub fn use_inputs(result: Result<Inputs, InputError>) {
    match result {
        Err(e) => {
            let _ = e.to_string();
        }
        Ok(inputs) => {
            for rejected in &inputs.rejected_patients {
                let _ = format!("{rejected:?}");
            }
            let plan = dispersal::plan::plan_owned(inputs);
            let _ = dispersal::package::plan_csv(&plan);
            let _ = dispersal::package::plan_summary_text(&plan);
        }
    }
}

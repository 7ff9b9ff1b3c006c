//! Batch engine (requests): the bundled sample closure (synthetic patients, 999 test-range NHS
//! numbers), compiled into the binary so `--sample` works from anywhere.

use std::path::Path;

use crate::input::Files;

/// The virtual path of the sample's closure file.
pub const CLOSURE: &str = "sample/closure.toml";
/// The sample's postcode lookup (an ONS-style extract), used with `--sample`.
pub const POSTCODES: &str = "sample/postcodes.csv";

const FILES: &[(&str, &[u8])] = &[
    (
        "closure.toml",
        include_bytes!("../../../sample/closure.toml"),
    ),
    (
        "patients.csv",
        include_bytes!("../../../sample/patients.csv"),
    ),
    (
        "practices.csv",
        include_bytes!("../../../sample/practices.csv"),
    ),
    (
        "postcodes.csv",
        include_bytes!("../../../sample/postcodes.csv"),
    ),
];

/// The sample files, found by file name.
pub struct SampleFiles;

impl Files for SampleFiles {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.to_vec())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not part of the bundled sample",
                )
            })
    }
}

/// The sample's closure.toml (the synthetic benchmark closure reuses it).
pub fn closure_toml() -> &'static [u8] {
    FILES[0].1
}

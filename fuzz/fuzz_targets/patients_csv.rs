//! Arbitrary bytes as the patients file `patients.csv`, next to the sample closure.toml and
//! practices → `input::read` (CSV, or a spreadsheet if the bytes start like a zip) → plan.
#![no_main]

use dispersal_fuzz::{MemFiles, read, use_inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = MemFiles::sample_with(vec![("patients.csv", data)]);
    use_inputs(read(&files));
});

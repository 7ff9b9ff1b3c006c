//! Arbitrary bytes as the patients file `patients.xlsx` (closure.toml names it) → calamine via
//! `input::read` → plan. Seeded with real workbooks made by `seedgen/`.
#![no_main]

use std::sync::LazyLock;

use dispersal_fuzz::{MemFiles, closure_with_patients, read, use_inputs};
use libfuzzer_sys::fuzz_target;

static CLOSURE: LazyLock<Vec<u8>> = LazyLock::new(|| closure_with_patients("patients.xlsx"));

fuzz_target!(|data: &[u8]| {
    let files = MemFiles::sample_with(vec![
        ("closure.toml", CLOSURE.as_slice()),
        ("patients.xlsx", data),
    ]);
    use_inputs(read(&files));
});

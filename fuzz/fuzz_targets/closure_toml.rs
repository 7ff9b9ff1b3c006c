//! Arbitrary bytes as `closure.toml`, with the sample practices, postcodes and 27 sample
//! patients servable by file name → `input::read` → plan.
#![no_main]

use dispersal_fuzz::{MemFiles, read, use_inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = MemFiles::sample_with(vec![("closure.toml", data)]);
    use_inputs(read(&files));
});

//! Input stage: a postcode file cut down to one closure. The whole ONS Postcode Directory is
//! over a gigabyte; a closure needs a few hundred of its rows. The web page streams the file
//! to disk as it is uploaded, then keeps only the positions of the postcodes the closure's
//! patients and practices have, in a small file the postcode reader reads like any other.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use super::input_error::InputError;
use super::limits::Limits;
use super::{DiskFiles, Files, read};
use crate::model::Problem;

/// What was kept: how many of the closure's postcodes the file placed, of how many, and the
/// problems reading it (rows skipped, postcodes not placed).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptPostcodes {
    pub placed: usize,
    pub needed: usize,
    pub problems: Vec<Problem>,
}

/// Reads the postcode file `full` for the postcodes of the closure at `closure_toml` (its
/// patients and practices are read first) and writes the positions found to `out`.
pub fn keep_postcodes(
    full: &Path,
    closure_toml: &Path,
    out: &Path,
) -> Result<KeptPostcodes, InputError> {
    let inputs = read(closure_toml, &DiskFiles, None)?;
    let needed: HashSet<&str> = inputs
        .patients
        .iter()
        .map(|p| p.postcode.text.as_str())
        .chain(inputs.practices.iter().map(|p| p.postcode.text.as_str()))
        .collect();
    let file = DiskFiles.open(full).map_err(|source| InputError::Read {
        file: full.display().to_string(),
        source,
        hint: "upload the postcode file again".to_string(),
    })?;
    let (lookup, problems) =
        super::postcode_lookup::read_postcode_lookup(full, file, &needed, &Limits::default())?;
    let mut text = String::from("postcode,latitude,longitude\n");
    for (postcode, (lat, long)) in &lookup.centroids {
        let _ = writeln!(text, "{postcode},{lat},{long}");
    }
    crate::private_files::write(out, text.as_bytes()).map_err(|source| InputError::Read {
        file: out.display().to_string(),
        source,
        hint: "check that the workspace folder can be written to".to_string(),
    })?;
    Ok(KeptPostcodes {
        placed: lookup.centroids.len(),
        needed: needed.len(),
        problems,
    })
}

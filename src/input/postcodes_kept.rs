//! Input stage: a postcode file cut down to one closure. The whole ONS Postcode Directory is
//! over a gigabyte; a closure needs a few hundred of its rows. The web page streams the file
//! to disk as it is uploaded, then keeps only the positions of the postcodes the closure's
//! patients and practices have, in a small file the postcode reader reads like any other.

use std::fmt::Write as _;
use std::path::Path;

use super::input_error::InputError;
use super::limits::Limits;
use super::{DiskFiles, read};
use crate::model::{Position, Problem};

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
    let needed = super::needed_postcodes(&inputs.patients, &inputs.practices);
    let (lookup, problems) = super::postcodes::read_postcodes(
        full,
        &DiskFiles,
        &needed,
        &Limits::default(),
        "upload the postcode file again",
    )?;
    // On the grid when the file was (ONSPD's column names, which the reader knows), with
    // latitude and longitude for a postcode it gave in degrees (Northern Ireland's).
    let mut text = String::new();
    if lookup.format.on_grid() {
        text.push_str("pcds,east1m,north1m,lat,long\n");
        for (postcode, position) in &lookup.positions {
            let _ = match position {
                Position::Grid { east, north } => writeln!(text, "{postcode},{east},{north},,"),
                Position::Degrees { lat, long } => writeln!(text, "{postcode},,,{lat},{long}"),
            };
        }
    } else {
        text.push_str("postcode,latitude,longitude\n");
        for (postcode, position) in &lookup.positions {
            if let Position::Degrees { lat, long } = position {
                let _ = writeln!(text, "{postcode},{lat},{long}");
            }
        }
    }
    crate::private_files::write(out, text.as_bytes()).map_err(|source| InputError::Read {
        file: out.display().to_string(),
        source,
        hint: "check that the workspace folder can be written to".to_string(),
    })?;
    Ok(KeptPostcodes {
        placed: lookup.positions.len(),
        needed: needed.len(),
        problems,
    })
}

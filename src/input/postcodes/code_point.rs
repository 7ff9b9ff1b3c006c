//! Input stage: OS Code-Point Open, from the OS Data Hub, as downloaded: a zip holding one
//! headerless CSV per postcode area (`Data/CSV/se.csv`), whose 10 columns are named in
//! `Doc/Code-Point_Open_Column_Headers.csv`: `PC` (postcode), `PQ` (positional quality),
//! `EA`, `NO` (eastings and northings, on the grid), then country and health and
//! administrative area codes. The zip is read in place, each area file as it inflates; one
//! area file on its own is read too. Positional quality 90, with eastings and northings of 0,
//! means no position. Great Britain only: no Northern Ireland, Channel Islands or Isle of Man.

use std::path::{Path, PathBuf};

use super::rows::Rows;
use super::{At, Collect, Layout, Skip, cell, grid_position, read_rows, row_postcode};
use crate::input::ReadSeek;
use crate::input::input_error::InputError;
use crate::input::limits::Limits;
use crate::input::table::file_name;
use crate::model::PostcodeFormat;

const PC: (usize, &str) = (0, "PC (column 1)");
const PQ: (usize, &str) = (1, "PQ (column 2)");
const EA: (usize, &str) = (2, "EA (column 3)");
const NO: (usize, &str) = (3, "NO (column 4)");

/// The positional quality of a postcode with no position.
const NO_POSITION: &str = "90";

const ZIP_HINT: &str = "give the Code-Point Open zip as downloaded from the OS Data Hub (CSV format), the ONS Postcode Directory or the NHS Postcode Directory's gridall.csv";

/// Whether a headerless row is a Code-Point Open row: a postcode (checked by the caller),
/// a positional quality, and its eastings and northings, in at most 10 columns.
pub(super) fn is_area_row(record: &csv::ByteRecord) -> bool {
    (4..=10).contains(&record.len()) && cell(record, PQ.0).parse::<u8>().is_ok()
}

/// Whether a zip member is an area file: `Data/CSV/<area>.csv`, at the top or in a folder.
fn is_area_file(name: &str) -> bool {
    let name = name.replace('\\', "/").to_ascii_lowercase();
    name.ends_with(".csv") && (name.starts_with("data/csv/") || name.contains("/data/csv/"))
}

/// Reads every area file of a Code-Point Open zip, in the order of their names.
pub(super) fn read_zip(
    path: &Path,
    zip: Box<dyn ReadSeek + '_>,
    collect: &mut Collect,
    limits: &Limits,
) -> Result<(), InputError> {
    let refused = |reason: String| InputError::NotText {
        file: path.display().to_string(),
        reason,
        hint: ZIP_HINT.to_string(),
    };
    let mut archive =
        zip::ZipArchive::new(zip).map_err(|e| refused(format!("the zip cannot be read ({e})")))?;
    let mut areas: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|i| {
            let name = archive.name_for_index(i)?.ok()?.into_owned();
            is_area_file(&name).then_some((name, i))
        })
        .collect();
    areas.sort();
    if areas.is_empty() {
        return Err(refused(
            "the zip holds no Code-Point Open area files (Data/CSV/<area>.csv)".to_string(),
        ));
    }
    let zip_name = file_name(path);
    for (name, i) in areas {
        let member = archive
            .by_index(i)
            .map_err(|e| refused(format!("{name} cannot be read from the zip ({e})")))?;
        // Named as "codepo_gb.zip (Data/CSV/se.csv)" in problems and errors.
        let shown = format!("{zip_name} ({name})");
        let mut rows = Rows::new(
            member,
            PathBuf::from(format!("{} ({name})", path.display())),
            limits,
            Some(limits.part_bytes),
        );
        read_rows(&mut rows, &CodePoint, &shown, collect)?;
    }
    Ok(())
}

/// The layout of a Code-Point Open area file.
pub(super) struct CodePoint;

impl Layout for CodePoint {
    fn read(&self, record: &csv::ByteRecord, at: &At, collect: &mut Collect) {
        let postcode = match row_postcode(record, PC.0, PC.1, collect) {
            Ok(Some(postcode)) => postcode,
            Ok(None) => return,
            Err(skip) => return collect.skip(at, skip),
        };
        if record.len() < 4 {
            return collect.skip(
                at,
                Skip {
                    column: Some(EA.1),
                    message: format!(
                    "the row has {} columns; a Code-Point Open row has 10, eastings in column 3 and northings in 4",
                    record.len()
                ),
                },
            );
        }
        let no_position =
            "positional quality 90, eastings and northings of 0: the file's marker for none";
        if cell(record, PQ.0) == NO_POSITION {
            return collect.unplaced(&postcode, at.location(PQ.1), no_position);
        }
        match grid_position(record, (EA.0, NO.0), (EA.1, NO.1)) {
            Err(skip) => collect.skip(at, skip),
            Ok(None) => collect.unplaced(&postcode, at.location(EA.1), no_position),
            Ok(Some(position)) => collect.place(&postcode, position, None),
        }
    }

    fn format(&self) -> PostcodeFormat {
        PostcodeFormat::CodePoint
    }
}

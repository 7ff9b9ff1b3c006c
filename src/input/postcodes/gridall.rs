//! Input stage: the NHS Postcode Directory's `gridall.csv` (from the ONS Open Geography
//! Portal, and NHS Digital's ODS/TRUD): no header row, 49 columns, read by position. Column
//! 1 is the postcode in 8 characters (`PCD2`), 2 with one space (`PCDS`), 4 the date of
//! termination (`DOTERM`), 37 and 38 the eastings and northings (`OSEAST1M`, `OSNRTH1M`), on
//! the grid. It has no latitude and longitude.

use super::{At, Collect, Layout, Skip, cell, grid_position, row_postcode, terminated_warning};
use crate::model::PostcodeFormat;

/// Columns a row must reach (to its northings); the file has 49.
pub(super) const COLUMNS: usize = 38;

/// The columns read, 0-based, and their names in the directory's documentation, with their
/// 1-based place (a problem names the column so).
const PCD2: (usize, &str) = (0, "PCD2 (column 1)");
const PCDS: (usize, &str) = (1, "PCDS (column 2)");
const DOTERM: (usize, &str) = (3, "DOTERM (column 4)");
const EAST: (usize, &str) = (36, "OSEAST1M (column 37)");
const NORTH: (usize, &str) = (37, "OSNRTH1M (column 38)");

/// The layout of `gridall.csv`.
pub(super) struct Gridall;

impl Layout for Gridall {
    fn read(&self, record: &csv::ByteRecord, at: &At, collect: &mut Collect) {
        let column = if cell(record, PCDS.0).is_empty() {
            PCD2
        } else {
            PCDS
        };
        let postcode = match row_postcode(record, column.0, column.1, collect) {
            Ok(Some(postcode)) => postcode,
            Ok(None) => return,
            Err(skip) => return collect.skip(at, skip),
        };
        if record.len() < COLUMNS {
            return collect.skip(
                at,
                Skip {
                    column: Some(EAST.1),
                    message: format!(
                    "the row has {} columns; gridall.csv has 49, eastings in column 37 and northings in 38",
                    record.len()
                ),
                },
            );
        }
        if postcode.area() == "BT" {
            return collect.unplaced(
                &postcode,
                at.location(EAST.1),
                "a Northern Ireland postcode: its eastings and northings here are on the Irish Grid; the ONS Postcode Directory gives its latitude and longitude",
            );
        }
        match grid_position(record, (EAST.0, NORTH.0), (EAST.1, NORTH.1)) {
            Err(skip) => collect.skip(at, skip),
            Ok(None) => collect.unplaced(
                &postcode,
                at.location(EAST.1),
                "eastings and northings of 0 or empty: the file's marker for none",
            ),
            Ok(Some(position)) => {
                let doterm = cell(record, DOTERM.0);
                let warning =
                    (!doterm.is_empty()).then(|| terminated_warning(at, DOTERM.1, doterm));
                collect.place(&postcode, position, warning);
            }
        }
    }

    fn format(&self) -> PostcodeFormat {
        PostcodeFormat::Gridall
    }
}

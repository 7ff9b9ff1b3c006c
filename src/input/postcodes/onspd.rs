//! Input stage: a postcode CSV with a header row. The ONS Postcode Directory (ONSPD) and the
//! National Statistics Postcode Lookup (NSPL), from the ONS Open Geography Portal, as
//! downloaded, with the column names of either generation (up to 2024: `pcd`, `pcd2`, `pcds`,
//! `oseast1m`, `osnrth1m`; from 2025: `pcd7`, `pcd8`, `pcds`, `east1m`, `north1m`; both: `lat`,
//! `long`, `doterm`), or our own `postcode,latitude,longitude`.
//!
//! Only the names that have stayed put are matched: the geography codes beside them
//! (`lad25cd`, `icb26cd`, ...) change with every release and are not read. With eastings and
//! northings the positions are on the grid; without, in degrees.

use std::path::Path;

use super::{
    At, Collect, Layout, Skip, cell, coordinate, grid_position, row_postcode, terminated_warning,
};
use crate::input::input_error::InputError;
use crate::input::table::header_key;
use crate::model::{Position, Postcode, PostcodeFormat};

/// The names each column may have (as [`header_key`] makes them), preferred first: `pcds`
/// has the postcode with one space, as it is written.
const POSTCODE: &[&str] = &["pcds", "pcd8", "pcd2", "pcd7", "pcd", "postcode"];
const LATITUDE: &[&str] = &["lat", "latitude"];
const LONGITUDE: &[&str] = &["long", "longitude", "lon", "lng"];
const EASTING: &[&str] = &["oseast1m", "east1m", "easting", "eastings"];
const NORTHING: &[&str] = &["osnrth1m", "north1m", "northing", "northings"];
const TERMINATED: &[&str] = &["doterm"];

/// ONSPD's latitude for a postcode with no position (its longitude is then 0).
const NO_LATITUDE: f64 = 99.999_999;

/// A column: where it is and its header as the file writes it.
type Column = (usize, String);

/// The columns read from a header row.
#[derive(Debug)]
pub(super) struct Columns {
    postcode: Column,
    degrees: Option<(Column, Column)>,
    grid: Option<(Column, Column)>,
    doterm: Option<Column>,
}

impl Columns {
    /// The columns of a header row, or the error naming those missing.
    pub(super) fn find(path: &Path, header: &csv::ByteRecord) -> Result<Columns, InputError> {
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let keys: Vec<String> = names.iter().map(|h| header_key(h)).collect();
        let find = |wanted: &[&str]| -> Option<Column> {
            wanted.iter().find_map(|name| {
                let i = keys.iter().position(|k| k == name)?;
                Some((i, names[i].clone()))
            })
        };
        let pair = |a: &[&str], b: &[&str]| Some((find(a)?, find(b)?));
        let missing = |columns: &[&str]| {
            InputError::MissingColumn {
            file: path.display().to_string(),
            sheet: None,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            expected: "a postcode (pcds, pcd, pcd2, pcd7, pcd8 or postcode) and its position: eastings and northings (oseast1m and osnrth1m, or east1m and north1m) or latitude and longitude (lat and long)".to_string(),
            optional: "doterm, and any others, which are ignored; a file without a header row is read if it is the NHS Postcode Directory's gridall.csv or an OS Code-Point Open file".to_string(),
        }
        };
        let postcode = find(POSTCODE).ok_or_else(|| missing(&["postcode"]))?;
        let columns = Columns {
            postcode,
            degrees: pair(LATITUDE, LONGITUDE),
            grid: pair(EASTING, NORTHING),
            doterm: find(TERMINATED),
        };
        if columns.degrees.is_none() && columns.grid.is_none() {
            return Err(missing(&["latitude", "longitude"]));
        }
        Ok(columns)
    }

    /// The row's position: on the grid when the file has eastings and northings, except in
    /// Northern Ireland, whose are on the Irish Grid; otherwise from the latitude and
    /// longitude. `None` when the row has none (ONSPD marks it with latitude 99.999999 and
    /// eastings and northings of 0 or empty).
    fn position(
        &self,
        record: &csv::ByteRecord,
        postcode: &Postcode,
    ) -> Result<Option<Position>, Skip<'_>> {
        if let Some(((east, east_name), (north, north_name))) = &self.grid
            && postcode.area() != "BT"
            && let Some(position) = grid_position(record, (*east, *north), (east_name, north_name))?
        {
            return Ok(Some(position));
        }
        let Some(((lat, lat_name), (long, long_name))) = &self.degrees else {
            return Ok(None);
        };
        let latitude = coordinate(record, *lat, -90.0..=90.0, ("latitude", lat_name));
        if cell(record, *lat).parse::<f64>() == Ok(NO_LATITUDE) {
            return Ok(None);
        }
        let longitude = coordinate(record, *long, -180.0..=180.0, ("longitude", long_name));
        Ok(match (latitude?, longitude?) {
            (Some(lat), Some(long)) => Some(Position::Degrees { lat, long }),
            _ => None,
        })
    }
}

impl Layout for Columns {
    fn read(&self, record: &csv::ByteRecord, at: &At, collect: &mut Collect) {
        let postcode = match row_postcode(record, self.postcode.0, &self.postcode.1, collect) {
            Ok(Some(postcode)) => postcode,
            Ok(None) => return,
            Err(skip) => return collect.skip(at, skip),
        };
        match self.position(record, &postcode) {
            Err(skip) => collect.skip(at, skip),
            Ok(None) => {
                let (column, why) = match (&self.grid, &self.degrees) {
                    (Some(((_, east), _)), _) if postcode.area() != "BT" => (
                        east,
                        "eastings and northings of 0 or empty, latitude 99.999999: the file's marker for none",
                    ),
                    (_, Some(((_, lat), _))) => (
                        lat,
                        "latitude 99.999999 or empty: the file's marker for none",
                    ),
                    _ => (
                        &self.postcode.1,
                        "a Northern Ireland postcode: its eastings and northings are on the Irish Grid, and the file has no latitude and longitude",
                    ),
                };
                collect.unplaced(&postcode, at.location(column), why);
            }
            Ok(Some(position)) => {
                let warning = self.doterm.as_ref().and_then(|(i, name)| {
                    let doterm = cell(record, *i);
                    (!doterm.is_empty()).then(|| terminated_warning(at, name, doterm))
                });
                collect.place(&postcode, position, warning);
            }
        }
    }

    fn format(&self) -> PostcodeFormat {
        if self.grid.is_some() {
            PostcodeFormat::Onspd
        } else {
            PostcodeFormat::LatLong
        }
    }
}

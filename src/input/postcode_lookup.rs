//! Input stage: read a postcode centroid file (an ONS Postcode Directory extract or a plain
//! `postcode,latitude,longitude` CSV) into a [`PostcodeLookup`].

use std::path::Path;

use super::input_error::InputError;
use super::postcode::parse_postcode;
use super::table::{decode_text, file_name, header_key};
use crate::model::{Location, PostcodeLookup, Problem};

/// Bad rows reported one by one before the rest are summed up in one problem.
const REPORTED_ROWS: usize = 20;

const POSTCODE_NAMES: &[&str] = &["postcode", "pcds", "pcd", "pcd2", "pcd7", "pcd8"];
const LATITUDE_NAMES: &[&str] = &["latitude", "lat"];
const LONGITUDE_NAMES: &[&str] = &["longitude", "long", "lon", "lng"];

/// Read the lookup. Unusable rows (bad postcode, missing or out-of-range coordinates, such as
/// the ONS placeholder 99.999999) are skipped and reported in the returned problems.
pub(crate) fn read_postcode_lookup(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(PostcodeLookup, Vec<Problem>), InputError> {
    let text = decode_text(path, bytes)?;
    let file = file_name(path);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            return Err(InputError::Csv {
                file: path.display().to_string(),
                row: 1,
                message: e.to_string().to_lowercase(),
            });
        }
        None => {
            return Err(InputError::Empty {
                file: path.display().to_string(),
                sheet: None,
                hint: "the first row must name the columns: postcode,latitude,longitude"
                    .to_string(),
            });
        }
    };
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| keys.iter().position(|k| k == name))
    };
    let missing_column = |column: &str| InputError::MissingColumn {
        file: path.display().to_string(),
        sheet: None,
        columns: vec![column.to_string()],
        expected: "postcode (or pcds, pcd), latitude (or lat), longitude (or long)".to_string(),
        optional: "any other columns, which are ignored".to_string(),
    };
    let postcode_col = find(POSTCODE_NAMES).ok_or_else(|| missing_column("postcode"))?;
    let lat_col = find(LATITUDE_NAMES).ok_or_else(|| missing_column("latitude"))?;
    let long_col = find(LONGITUDE_NAMES).ok_or_else(|| missing_column("longitude"))?;
    let column_name = |i: usize| header.get(i).unwrap_or("").trim().to_string();

    let mut lookup = PostcodeLookup::default();
    let mut problems = Vec::new();
    let mut skipped = 0usize;
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let result = match &record {
            Ok(record) => read_row(record, postcode_col, lat_col, long_col),
            Err(e) => Err((postcode_col, format!("the row cannot be read ({e})"))),
        };
        match result {
            Ok(Some((postcode, lat, long))) => {
                lookup.centroids.insert(postcode, (lat, long));
            }
            Ok(None) => {}
            Err((column, message)) => {
                skipped += 1;
                if skipped <= REPORTED_ROWS {
                    problems.push(Problem {
                        location: Location {
                            file: file.clone(),
                            sheet: None,
                            row: Some(row),
                            column: Some(column_name(column)),
                        },
                        message: format!("row skipped: {message}"),
                        hint: None,
                    });
                }
            }
        }
    }
    if skipped > REPORTED_ROWS {
        problems.push(Problem {
            location: Location {
                file,
                sheet: None,
                row: None,
                column: None,
            },
            message: format!(
                "{} more rows were skipped ({skipped} in all)",
                skipped - REPORTED_ROWS
            ),
            hint: Some(
                "patients at the skipped postcodes are placed by postcode district instead"
                    .to_string(),
            ),
        });
    }
    Ok((lookup, problems))
}

type LookupRow = Option<(String, f64, f64)>;

fn read_row(
    record: &csv::StringRecord,
    postcode_col: usize,
    lat_col: usize,
    long_col: usize,
) -> Result<LookupRow, (usize, String)> {
    if record.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let postcode = parse_postcode(cell(postcode_col))
        .map_err(|m| (postcode_col, format!("not a valid postcode ({m})")))?;
    if postcode.bfpo {
        return Err((postcode_col, "a BFPO number has no location".to_string()));
    }
    let coordinate = |i: usize, limit: f64, what: &str| match cell(i).parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        Ok(_) => Err((i, format!("the {what} is out of range"))),
        Err(_) => Err((i, format!("the {what} is not a number"))),
    };
    let lat = coordinate(lat_col, 90.0, "latitude")?;
    let long = coordinate(long_col, 180.0, "longitude")?;
    Ok(Some((postcode.text, lat, long)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_file() {
        let (lookup, problems) = read_postcode_lookup(
            Path::new("lookup.csv"),
            b"Postcode,Latitude,Longitude\nse152ab,51.47,-0.07\n".to_vec(),
        )
        .unwrap();
        assert!(problems.is_empty());
        assert_eq!(lookup.centroids.get("SE15 2AB"), Some(&(51.47, -0.07)));
    }

    #[test]
    fn ons_extract_with_placeholders() {
        let mut text = String::from("pcd,pcd2,pcds,dointr,lat,long\n");
        text.push_str("SE1  9ZZ,SE1  9ZZ,SE1 9ZZ,199801,51.50,-0.09\n");
        for _ in 0..25 {
            text.push_str("SE1  9ZY,SE1  9ZY,SE1 9ZY,199801,99.999999,0.000000\n");
        }
        let (lookup, problems) =
            read_postcode_lookup(Path::new("ONSPD.csv"), text.into_bytes()).unwrap();
        assert_eq!(lookup.centroids.len(), 1);
        assert_eq!(problems.len(), 21);
        assert_eq!(
            problems[0].to_string(),
            "ONSPD.csv: row 3, column \"lat\": row skipped: the latitude is out of range"
        );
        assert!(
            problems[20]
                .message
                .contains("5 more rows were skipped (25 in all)")
        );
    }

    #[test]
    fn missing_column() {
        let e = read_postcode_lookup(Path::new("l.csv"), b"postcode,x,y\n".to_vec()).unwrap_err();
        assert!(
            e.to_string()
                .contains("missing required column \"latitude\""),
            "{e}"
        );
    }
}

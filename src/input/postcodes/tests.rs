//! Unit tests of reading postcode files: each shape recognised, the no-position markers,
//! terminated postcodes, and every refusal naming the file, the row or column, and the fix.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use super::*;

/// Files held in memory, by name.
struct Memory(Vec<(&'static str, Vec<u8>)>);

impl Files for Memory {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.0
            .iter()
            .find(|(name, _)| Path::new(name) == path)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

#[allow(clippy::result_large_err)]
fn read(
    name: &'static str,
    bytes: &[u8],
    needed: &[&str],
) -> Result<(PostcodeLookup, Vec<Problem>), InputError> {
    let needed: HashSet<CompactString> = needed.iter().map(|n| CompactString::from(*n)).collect();
    let files = Memory(vec![(name, bytes.to_vec())]);
    read_postcodes(
        Path::new(name),
        &files,
        &needed,
        &Limits::default(),
        "check the --postcode-lookup path",
    )
}

fn rendered(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

fn grid(east: f64, north: f64) -> Position {
    Position::Grid { east, north }
}

fn degrees(lat: f64, long: f64) -> Position {
    Position::Degrees { lat, long }
}

#[test]
fn a_plain_file_is_in_degrees_and_keeps_only_the_postcodes_needed() {
    let (lookup, problems) = read(
        "lookup.csv",
        b"Postcode,Latitude,Longitude\nse152ab,51.47,-0.07\nSE1 9ZZ,51.5,-0.1\n",
        &["SE15 2AB"],
    )
    .unwrap();
    assert_eq!(lookup.format, PostcodeFormat::LatLong);
    assert_eq!(
        lookup.positions.into_iter().collect::<Vec<_>>(),
        [("SE15 2AB".to_string(), degrees(51.47, -0.07))]
    );
    assert!(problems.is_empty());
}

/// The older ONSPD/NSPL names, then the 2025 ones: the same rows.
const OLD_HEADER: &str =
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,laua,lat,long";
const NEW_HEADER: &str =
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,lad25cd,lat,long";
const ONS_ROWS: &str = "\
SE1 4JU,SE1  4JU,SE1 4JU,198001,,0,532654,179078,1,E09000028,51.495086,-0.090491
SE1 9XX,SE1  9XX,SE1 9XX,198001,,0,,,9,E09000028,99.999999,0.000000
SE1 2DH,SE1  2DH,SE1 2DH,198001,202001,0,533455,180082,1,E09000028,51.503922,-0.078579
BT1 1AA,BT1  1AA,BT1 1AA,198001,,0,333900,374400,1,N09000003,54.599,-5.930
SE5 8BE,SE5  8BE,SE5 8BE,198001,,0,532113,176540,1,E09000028,51.472405,-0.099228
";

#[test]
fn the_ons_directory_is_read_on_the_grid_with_either_generation_of_names() {
    for header in [OLD_HEADER, NEW_HEADER] {
        let text = format!("{header}\r\n{ONS_ROWS}");
        let needed = ["SE1 4JU", "SE1 9XX", "SE1 2DH", "BT1 1AA"];
        let (lookup, problems) = read("ONSPD_NOV_2025_UK.csv", text.as_bytes(), &needed).unwrap();
        assert_eq!(lookup.format, PostcodeFormat::Onspd, "{header}");
        assert_eq!(
            lookup.positions.into_iter().collect::<Vec<_>>(),
            [
                // Northern Ireland's eastings are on the Irish Grid: its degrees are taken.
                ("BT1 1AA".to_string(), degrees(54.599, -5.930)),
                ("SE1 2DH".to_string(), grid(533_455.0, 180_082.0)),
                ("SE1 4JU".to_string(), grid(532_654.0, 179_078.0)),
            ],
            "{header}"
        );
        let east = if header == OLD_HEADER {
            "oseast1m"
        } else {
            "east1m"
        };
        assert_eq!(
            rendered(&problems),
            [
                format!(
                    "ONSPD_NOV_2025_UK.csv: row 3, column \"{east}\": no position for this postcode (eastings and northings of 0 or empty, latitude 99.999999: the file's marker for none): it counts as not found\n  hint: {NOT_FOUND}"
                ),
                "ONSPD_NOV_2025_UK.csv: row 4, column \"doterm\": the postcode was terminated (date of termination 202001); it is still placed from this row\n  hint: check the addresses at this postcode: a terminated postcode is often an old address".to_string(),
            ],
            "{header}"
        );
    }
}

#[test]
fn markers_and_terminations_of_postcodes_not_needed_are_not_reported() {
    let text = format!("{NEW_HEADER}\n{ONS_ROWS}");
    let (lookup, problems) = read("nspl.csv", text.as_bytes(), &["SE5 8BE"]).unwrap();
    assert_eq!(lookup.positions.len(), 1);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_live_row_wins_over_a_terminated_one_and_the_first_live_row_over_later_ones() {
    let text = format!(
        "{NEW_HEADER}\n\
         SE1 2DH,,SE1 2DH,,201001,,1,2,,,,\n\
         SE1 2DH,,SE1 2DH,,,,3,4,,,,\n\
         SE1 2DH,,SE1 2DH,,,,5,6,,,,\n\
         SE1 2DH,,SE1 2DH,,202001,,7,8,,,,\n"
    );
    let (lookup, problems) = read("nspl.csv", text.as_bytes(), &["SE1 2DH"]).unwrap();
    assert_eq!(lookup.positions["SE1 2DH"], grid(3.0, 4.0));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn an_ons_extract_without_eastings_is_in_degrees_and_its_marker_is_not_found() {
    let text = "pcds,doterm,lat,long\nSE1 9ZZ,,51.50,-0.09\nSE1 9ZY,,99.999999,0.000000\n";
    let (lookup, problems) = read("extract.csv", text.as_bytes(), &["SE1 9ZZ", "SE1 9ZY"]).unwrap();
    assert_eq!(lookup.format, PostcodeFormat::LatLong);
    assert_eq!(lookup.positions.len(), 1);
    assert_eq!(
        rendered(&problems),
        [format!(
            "extract.csv: row 3, column \"lat\": no position for this postcode (latitude 99.999999 or empty: the file's marker for none): it counts as not found\n  hint: {NOT_FOUND}"
        )]
    );
}

#[test]
fn bad_rows_are_skipped_the_first_named_and_the_rest_counted() {
    let mut text = String::from("pcds,east1m,north1m\nSE1 4JU,532654,179078\n");
    for _ in 0..25 {
        text.push_str("not a postcode,1,1\n");
    }
    text.push_str("SE1 2DH,a lot,180082\nSE5 8BE,800000,1\n");
    let (lookup, problems) = read("nspl.csv", text.as_bytes(), &["SE1 2DH", "SE5 8BE"]).unwrap();
    assert!(lookup.positions.is_empty());
    assert_eq!(problems.len(), 21);
    assert_eq!(
        problems[0].to_string(),
        "nspl.csv: row 3, column \"pcds\": row skipped: not a valid postcode (a postcode has 5 to 7 letters and digits, not 12)"
    );
    assert_eq!(
        problems[20].to_string(),
        "nspl.csv: 7 more rows were skipped (27 in all)\n  hint: patients and practices at the skipped postcodes are measured by the postcode hierarchy instead (same sector, district, area)"
    );
    // The bad coordinates, seen apart.
    let text = "pcds,east1m,north1m\nSE1 2DH,a lot,180082\nSE5 8BE,800000,1\n";
    let (_, problems) = read("nspl.csv", text.as_bytes(), &["SE1 2DH", "SE5 8BE"]).unwrap();
    assert_eq!(
        rendered(&problems),
        [
            "nspl.csv: row 2, column \"east1m\": row skipped: the easting is not a number",
            "nspl.csv: row 3, column \"east1m\": row skipped: the easting is out of range",
        ]
    );
}

/// A `gridall.csv` row: 49 columns, postcode in 1 and 2, DOTERM in 4, eastings and
/// northings in 37 and 38.
fn gridall_row(pcd2: &str, pcds: &str, doterm: &str, east: &str, north: &str) -> String {
    let mut cells = vec![""; 49];
    cells[0] = pcd2;
    cells[1] = pcds;
    cells[2] = "198001";
    cells[3] = doterm;
    cells[4] = "E18000007";
    cells[36] = east;
    cells[37] = north;
    cells[38] = "1";
    cells.join(",") + "\r\n"
}

#[test]
fn gridall_is_read_by_position_on_the_grid() {
    let text = [
        gridall_row("SE1  4JU", "SE1 4JU", "", "532654", "0179078"),
        gridall_row("SE1  2DH", "", "202001", "533455", "0180082"),
        gridall_row("SE1  9XX", "SE1 9XX", "", "", ""),
        gridall_row("BT1  1AA", "BT1 1AA", "", "333900", "0374400"),
        gridall_row("ZZ99 3VZ", "ZZ99 3VZ", "", "", ""),
        "SE5  8BE,SE5 8BE,198001\n".to_string(),
    ]
    .concat();
    let needed = ["SE1 4JU", "SE1 2DH", "SE1 9XX", "BT1 1AA", "SE5 8BE"];
    let (lookup, problems) = read("gridall.csv", text.as_bytes(), &needed).unwrap();
    assert_eq!(lookup.format, PostcodeFormat::Gridall);
    assert_eq!(
        lookup.positions.into_iter().collect::<Vec<_>>(),
        [
            ("SE1 2DH".to_string(), grid(533_455.0, 180_082.0)),
            ("SE1 4JU".to_string(), grid(532_654.0, 179_078.0)),
        ]
    );
    assert_eq!(
        rendered(&problems),
        [
            "gridall.csv: row 6, column \"OSEAST1M (column 37)\": row skipped: the row has 3 columns; gridall.csv has 49, eastings in column 37 and northings in 38".to_string(),
            "gridall.csv: row 2, column \"DOTERM (column 4)\": the postcode was terminated (date of termination 202001); it is still placed from this row\n  hint: check the addresses at this postcode: a terminated postcode is often an old address".to_string(),
            format!("gridall.csv: row 3, column \"OSEAST1M (column 37)\": no position for this postcode (eastings and northings of 0 or empty: the file's marker for none): it counts as not found\n  hint: {NOT_FOUND}"),
            format!("gridall.csv: row 4, column \"OSEAST1M (column 37)\": no position for this postcode (a Northern Ireland postcode: its eastings and northings here are on the Irish Grid; the ONS Postcode Directory gives its latitude and longitude): it counts as not found\n  hint: {NOT_FOUND}"),
        ]
    );
}

const CODE_POINT_ROWS: &str = "\
\"SE1 4JU\",10,532654,179078,\"E92000001\",\"E19000003\",\"E18000007\",\"\",\"E09000028\",\"E05011095\"\r
\"SE1 9XX\",90,0,0,\"E92000001\",\"\",\"\",\"\",\"\",\"\"\r
\"SE154AB\",10,534500,176300,\"E92000001\",\"E19000003\",\"E18000007\",\"\",\"E09000028\",\"E05011095\"\r
";

/// A zip as OS ships Code-Point Open: the column headers under `Doc/`, an area file for each
/// postcode area under `Data/CSV/`.
fn code_point_zip(areas: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("Doc/Code-Point_Open_Column_Headers.csv", options)
        .unwrap();
    zip.write_all(b"PC,PQ,EA,NO,CY,RH,LH,CC,DC,WC\r\n").unwrap();
    for (name, text) in areas {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn code_point_open_is_read_from_its_zip_or_an_area_file() {
    let needed = ["SE1 4JU", "SE1 9XX", "SE15 4AB", "M1 1AA"];
    let zip = code_point_zip(&[
        ("Data/CSV/se.csv", CODE_POINT_ROWS),
        (
            "Data/CSV/m.csv",
            "\"M1  1AA\",10,384205,397920,\"E92000001\",\"\",\"\",\"\",\"\",\"\"\r\n",
        ),
    ]);
    let (lookup, problems) = read("codepo_gb.zip", &zip, &needed).unwrap();
    assert_eq!(lookup.format, PostcodeFormat::CodePoint);
    assert_eq!(
        lookup.positions.into_iter().collect::<Vec<_>>(),
        [
            ("M1 1AA".to_string(), grid(384_205.0, 397_920.0)),
            ("SE1 4JU".to_string(), grid(532_654.0, 179_078.0)),
            ("SE15 4AB".to_string(), grid(534_500.0, 176_300.0)),
        ]
    );
    assert_eq!(
        rendered(&problems),
        [format!(
            "codepo_gb.zip (Data/CSV/se.csv): row 2, column \"PQ (column 2)\": no position for this postcode (positional quality 90, eastings and northings of 0: the file's marker for none): it counts as not found\n  hint: {NOT_FOUND}"
        )]
    );
    let (lookup, _) = read("se.csv", CODE_POINT_ROWS.as_bytes(), &needed).unwrap();
    assert_eq!(lookup.format, PostcodeFormat::CodePoint);
    assert_eq!(lookup.positions.len(), 2);
}

#[test]
fn refusals_name_the_file_the_row_or_column_and_the_fix() {
    let problem_and_fix = |name: &'static str, bytes: &[u8]| {
        let e = read(name, bytes, &[]).unwrap_err();
        (e.problem(), e.fix())
    };
    let (problem, fix) = problem_and_fix("l.csv", b"postcode,x,y\n");
    assert_eq!(
        problem,
        "l.csv: missing required columns \"latitude\", \"longitude\""
    );
    assert!(
        fix[0].contains("eastings and northings (oseast1m and osnrth1m, or east1m and north1m)"),
        "{fix:?}"
    );
    let (problem, _) = problem_and_fix("l.csv", b"code,lat,long\n");
    assert_eq!(problem, "l.csv: missing required column \"postcode\"");
    let (problem, fix) = problem_and_fix("l.csv", b"SE1 4JU,51.5,-0.09\n");
    assert_eq!(
        problem,
        "l.csv: row 1: the file has no header row, and its 3 columns are not the NHS Postcode Directory's gridall.csv (49 columns, eastings in column 37) or an OS Code-Point Open area file (10 columns: postcode, quality, eastings, northings, ...)"
    );
    assert_eq!(
        fix,
        [
            "give the postcode file as downloaded, or add a first row naming its columns: postcode,latitude,longitude"
        ]
    );
    let (problem, fix) = problem_and_fix("l.csv", b"");
    assert_eq!(problem, "l.csv: no header row (the file is empty)");
    assert!(
        fix[0].starts_with("give the postcode file as downloaded"),
        "{fix:?}"
    );
    let zip = code_point_zip(&[("readme.txt", "hello")]);
    let (problem, fix) = problem_and_fix("codepo_gb.zip", &zip);
    assert_eq!(
        problem,
        "codepo_gb.zip: the zip holds no Code-Point Open area files (Data/CSV/<area>.csv)"
    );
    assert!(fix[0].starts_with("give the Code-Point Open zip as downloaded from the OS Data Hub"));
    let (problem, _) = problem_and_fix("codepo_gb.zip", b"PK\x03\x04 and then nothing");
    assert!(
        problem.starts_with("codepo_gb.zip: the zip cannot be read ("),
        "{problem}"
    );
    let e = read_postcodes(
        Path::new("missing.csv"),
        &Memory(Vec::new()),
        &HashSet::new(),
        &Limits::default(),
        "the path is relative to the folder holding closure.toml; check postcodes in [inputs]",
    )
    .unwrap_err();
    assert!(e.problem().starts_with("missing.csv: cannot read the file"));
    assert_eq!(
        e.fix(),
        ["the path is relative to the folder holding closure.toml; check postcodes in [inputs]"]
    );
}

#[test]
fn a_zip_member_that_inflates_past_the_limit_is_refused_naming_it() {
    let big = "\"SE1 4JU\",10,532654,179078\r\n".repeat(100);
    let zip = code_point_zip(&[("Data/CSV/se.csv", &big)]);
    let limits = Limits {
        part_bytes: 1_000,
        ..Limits::default()
    };
    let e = read_postcodes(
        Path::new("codepo_gb.zip"),
        &Memory(vec![("codepo_gb.zip", zip)]),
        &HashSet::new(),
        &limits,
        "",
    )
    .unwrap_err();
    assert_eq!(
        e.problem(),
        "codepo_gb.zip (Data/CSV/se.csv): it inflates to more than 1,000 bytes; the limit is 1,000 bytes for any file in a zip"
    );
}

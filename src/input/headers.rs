//! Input stage: what a column may be called, and where the header row is.
//!
//! Clinical systems and PCSE name the same column differently (`Forename`, `Calling Name`,
//! `First Names`), and put lines about the search above the header (EMIS Web writes nine).
//! This is the one place that knows the names: [`PATIENT_COLUMNS`], each patients-file field
//! with the other names it goes by, and [`ADDRESS_PARTS`], the parts of an address as EMIS and
//! SystmOne export them. Names compare by [`header_key`]: case, spaces, hyphens, underscores,
//! `/`, full stops and a plural `(s)` are ignored. The README prints the table.
//!
//! [`header_row`] finds the header among a file's first [`HEADER_SEARCH_ROWS`] rows: the first
//! row that holds the required fields.

/// A field of a file and the other names its column goes by, in order of preference: when a
/// file has two of them (`Forename` and `Calling Name`), the first named here is read.
#[derive(Debug, Clone, Copy)]
pub struct ColumnNames {
    /// The field's own name, as in our CSV (`given_name`).
    pub field: &'static str,
    /// What the field is, in words, for the web page (`Given name`).
    pub label: &'static str,
    /// What clinical systems and PCSE call it.
    pub aliases: &'static [&'static str],
}

const fn names(
    field: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
) -> ColumnNames {
    ColumnNames {
        field,
        label,
        aliases,
    }
}

/// What a field of the patients file is, in words (its own name for a field not in the
/// tables).
pub fn label_of(field: &str) -> &str {
    PATIENT_COLUMNS
        .iter()
        .chain(ADDRESS_PARTS)
        .find(|c| c.field == field)
        .map_or(field, |c| c.label)
}

/// The patients file's fields and the names clinical systems give their columns.
pub const PATIENT_COLUMNS: &[ColumnNames] = &[
    names(
        "nhs_number",
        "NHS number",
        &["NHS Number", "NHS No", "NHSNumber"],
    ),
    names("title", "Title", &["Title"]),
    names(
        "given_name",
        "Given name",
        &[
            "Given Name",
            "Forename",
            "Forenames",
            "First Name",
            "First Names",
            "GivenName",
            "FirstName",
            "Calling Name",
        ],
    ),
    names(
        "family_name",
        "Family name",
        &["Family Name", "Surname", "Last Name", "FamilyName"],
    ),
    names(
        "date_of_birth",
        "Date of birth",
        &["Date of Birth", "DOB", "DateBirth"],
    ),
    names(
        "address_line_1",
        "Address line 1",
        &["Address Line 1", "Address 1"],
    ),
    names(
        "address_line_2",
        "Address line 2",
        &["Address Line 2", "Address 2"],
    ),
    names(
        "address_line_3",
        "Address line 3",
        &["Address Line 3", "Address 3"],
    ),
    names(
        "address_line_4",
        "Address line 4",
        &["Address Line 4", "Address 4"],
    ),
    names(
        "address_line_5",
        "Address line 5",
        &["Address Line 5", "Address 5"],
    ),
    names(
        "postcode",
        "Postcode",
        &["Postcode", "Post Code", "Full Postcode"],
    ),
    names(
        "last_seen",
        "Date last seen",
        &[
            "Last Seen",
            "Date of Last Consultation",
            "Last Consultation Date",
            "Last Appointment Date",
        ],
    ),
    names(
        "language",
        "Language",
        &[
            "Language",
            "Main Spoken Language",
            "Preferred Language",
            "First Language",
        ],
    ),
    names("format", "Letter format", &[]),
    names("vulnerable", "Vulnerable", &[]),
    names("status", "Status", &[]),
    names("removed_from", "Removed from", &[]),
    names("allocated_practice", "Allocated practice", &[]),
    names(
        "mobile",
        "Mobile number",
        &[
            "Mobile",
            "Mobile Telephone",
            "Mobile Number",
            "Mobile Phone",
            "MobilePhone",
        ],
    ),
];

/// The parts of an address as EMIS Web (`House Name / Flat Number`, `Number and Street`,
/// `Village`, `Locality`, `Town`, `County`) and SystmOne (`House Name`, `Name of Building`,
/// `Road`, `Street`, `Name of Road`, `Locality`, `Town`, `County`) export them, in the order
/// they are printed. A list with these and no address lines has its lines made from them, empty
/// parts dropped.
pub const ADDRESS_PARTS: &[ColumnNames] = &[
    names(
        "house_name_flat_number",
        "House name or flat number",
        &[
            "House Name / Flat Number",
            "House Name/Flat",
            "HouseNameFlatNumber",
        ],
    ),
    names("house_name", "House name", &["House Name"]),
    names(
        "name_of_building",
        "Name of building",
        &["Name of Building", "NameOfBuilding"],
    ),
    names(
        "number_and_street",
        "Number and street",
        &["Number and Street", "NumberAndStreet"],
    ),
    names("road", "Road", &["Road"]),
    names("street", "Street", &["Street"]),
    names(
        "name_of_road",
        "Name of road",
        &["Name of Road", "NameOfRoad"],
    ),
    names("village", "Village", &["Village"]),
    names("locality", "Locality", &["Locality", "NameOfLocality"]),
    names("town", "Town", &["Town", "Post Town", "NameOfTown"]),
    names("county", "County", &["County", "NameOfCounty"]),
];

/// The field an address is read from when there are no address parts.
pub const FIRST_ADDRESS_LINE: &str = "address_line_1";

/// How many of a file's first rows are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// How header names compare: case, spaces, hyphens, underscores, `/`, full stops, a plural
/// `(s)` and a BOM are ignored (`Forename(s)` = `forename`, `NHS No.` = `nhs_no`).
pub fn header_key(header: &str) -> String {
    header
        .to_lowercase()
        .replace("(s)", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '/' | '.' | '\u{feff}'))
        .collect()
}

/// The names a field's column goes by, its own first (for a field not in the tables, its own
/// name only).
pub fn names_of(field: &str) -> Vec<&str> {
    let aliases = PATIENT_COLUMNS
        .iter()
        .chain(ADDRESS_PARTS)
        .find(|c| c.field == field)
        .map(|c| c.aliases)
        .unwrap_or(&[]);
    std::iter::once(field)
        .chain(aliases.iter().copied())
        .collect()
}

/// Where the column of `field` is among `headers`, and the name it was found by: the first of
/// its names (see [`names_of`]) that a header has. `None` when no header has any.
pub fn find(field: &str, headers: &[String]) -> Option<Vec<usize>> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    names_of(field).into_iter().find_map(|name| {
        let key = header_key(name);
        let at: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
        (!at.is_empty()).then_some(at)
    })
}

/// Whether a file's address is in parts (EMIS, SystmOne) rather than lines: it has at least one
/// part's column and no first address line.
pub fn address_in_parts(headers: &[String]) -> bool {
    find(FIRST_ADDRESS_LINE, headers).is_none()
        && ADDRESS_PARTS
            .iter()
            .any(|part| find(part.field, headers).is_some())
}

/// Whether `headers` hold every one of `required`, by any of their names; the first address
/// line may be given as address parts instead.
pub fn holds(headers: &[String], required: &[&str]) -> bool {
    required.iter().all(|field| {
        find(field, headers).is_some()
            || (*field == FIRST_ADDRESS_LINE && address_in_parts(headers))
    })
}

/// The index, among `rows` (a file's first rows, in order), of the first that holds the
/// `required` fields: the header row. `None` when none does.
pub fn header_row(rows: &[Vec<String>], required: &[&str]) -> Option<usize> {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|row| holds(row, required))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn names_compare_ignoring_case_spacing_slashes_stops_and_plurals() {
        assert_eq!(header_key("Date of Birth"), "dateofbirth");
        assert_eq!(header_key("date_of_birth"), "dateofbirth");
        assert_eq!(header_key("Forename(s)"), header_key("Forename"));
        assert_eq!(header_key("NHS No."), header_key("nhs_no"));
        assert_eq!(
            header_key("House Name / Flat Number"),
            header_key("house_name_flat_number")
        );
        assert_eq!(header_key("\u{feff} NHS Number "), "nhsnumber");
    }

    #[test]
    fn a_field_is_found_by_its_first_name_a_header_has() {
        let headers = row(&["Calling Name", "Forename", "Surname"]);
        assert_eq!(find("given_name", &headers), Some(vec![1]));
        assert_eq!(find("family_name", &headers), Some(vec![2]));
        assert_eq!(find("postcode", &headers), None);
        let twice = row(&["Surname", "surname"]);
        assert_eq!(find("family_name", &twice), Some(vec![0, 1]));
    }

    #[test]
    fn the_header_is_the_first_row_holding_the_required_fields() {
        let required = ["nhs_number", "given_name", "address_line_1", "postcode"];
        let rows = [
            row(&["Search: Registered patients", ""]),
            row(&["Run on 01/12/2026", "by Dr A"]),
            row(&[
                "NHS Number",
                "Calling Name",
                "House Name / Flat Number",
                "Number and Street",
                "Postcode",
                "",
            ]),
            row(&["9990000018", "Ann", "", "1 Long Road", "SE1 9ZZ", ""]),
        ];
        assert_eq!(header_row(&rows, &required), Some(2));
        assert!(address_in_parts(&rows[2]));
        assert_eq!(header_row(&rows[..2], &required), None);
    }

    #[test]
    fn every_name_is_unique_across_the_tables() {
        let mut seen = std::collections::BTreeMap::new();
        for c in PATIENT_COLUMNS.iter().chain(ADDRESS_PARTS) {
            for name in names_of(c.field) {
                if let Some(other) = seen.insert(header_key(name), c.field) {
                    assert_eq!(other, c.field, "{name} names both {other} and {}", c.field);
                }
            }
        }
    }
}

//! Input stage: read `closure.toml` into a [`Closure`], naming any unknown, missing or
//! wrongly typed key.
//!
//! The keys are checked against [`super::closure_keys::CLOSURE_KEYS`] first, for messages
//! that name the dotted key; then, every value being known to be of its key's type, the
//! values are read by those keys and converted to the model types.

use std::path::Path;

use chrono::NaiveDate;

use super::closure_keys::{
    AREA_NAME, AREA_POSTCODE_DISTRICTS, CLOSING_PRACTICE_ADDRESS, CLOSING_PRACTICE_CLOSURE_DATE,
    CLOSING_PRACTICE_NAME, CLOSING_PRACTICE_ODS_CODE, CLOSING_PRACTICE_PATIENTS,
    COMMISSIONER_ADDRESS, COMMISSIONER_EMAIL, COMMISSIONER_NAME, COMMISSIONER_PHONE,
    COMMISSIONER_SIGNATORY, COMMISSIONER_SIGNATORY_ROLE, COMMISSIONER_TEAM, ClosureKey,
    INPUTS_COLUMNS, INPUTS_PATIENTS, INPUTS_POSTCODES, INPUTS_PRACTICE_DETAILS, INPUTS_PRACTICES,
    LETTERS_DATE, LETTERS_LOCALES, LETTERS_POSTAGE, LETTERS_QR_URL, SEVERAL, TomlType, keys_in,
    tables,
};
use super::date::parse_date;
use super::input_error::InputError;
use super::postcode::check_outward;
use super::practices::parse_ods_code;
use crate::model::{
    Area, ClosingPractice, Closure, Commissioner, InputPaths, LetterSettings, Postage,
};

/// Parse the text of `closure.toml`; `path` names the file in errors and its folder is where
/// the input paths are resolved from.
pub(crate) fn parse_closure(path: &Path, text: &str) -> Result<Closure, InputError> {
    let file = path.display().to_string();
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, column) = e
            .span()
            .map(|s| line_column(text, s.start))
            .unwrap_or((1, 1));
        InputError::TomlSyntax {
            file: file.clone(),
            line,
            column,
            message: first_line_lowercase(e.message()),
        }
    })?;
    check_schema(&file, &table)?;
    convert(&file, path, &table)
}

fn first_line_lowercase(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    let mut chars = line.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid TOML".to_string(),
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "a number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true/false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

fn check_schema(file: &str, table: &toml::Table) -> Result<(), InputError> {
    let sections = tables();
    for name in table.keys() {
        if !sections.contains(&name.as_str()) {
            return Err(InputError::UnknownKey {
                file: file.to_string(),
                key: name.clone(),
                place: "at the top level".to_string(),
                expected: sections
                    .iter()
                    .map(|s| format!("[{s}]"))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    for section in &sections {
        let keys = keys_in(section);
        let keys = keys.as_slice();
        let Some(value) = table.get(*section) else {
            return Err(InputError::MissingKey {
                file: file.to_string(),
                key: section.to_string(),
                example: format!("a [{section}] table with {}", key_names(keys)),
            });
        };
        // `[[closing_practice]]`: several tables, each checked as one, and named by number.
        if let (toml::Value::Array(items), SEVERAL) = (value, *section) {
            if items.is_empty() {
                return Err(InputError::MissingKey {
                    file: file.to_string(),
                    key: section.to_string(),
                    example: format!("a [[{section}]] table with {}", key_names(keys)),
                });
            }
            for (i, item) in items.iter().enumerate() {
                let name = format!("{section}[{}]", i + 1);
                let toml::Value::Table(inner) = item else {
                    return Err(InputError::WrongType {
                        file: file.to_string(),
                        key: name,
                        expected: "a table".to_string(),
                        found: type_name(item).to_string(),
                        example: format!("[[{section}]]"),
                    });
                };
                check_table(file, &name, &format!("[[{section}]]"), keys, inner)?;
            }
            continue;
        }
        let toml::Value::Table(inner) = value else {
            return Err(InputError::WrongType {
                file: file.to_string(),
                key: section.to_string(),
                expected: "a table".to_string(),
                found: type_name(value).to_string(),
                example: format!("[{section}]"),
            });
        };
        check_table(file, section, &format!("[{section}]"), keys, inner)?;
    }
    Ok(())
}

/// Closing practices one plan takes at most (each has its own list to read and check).
pub const MOST_CLOSING_PRACTICES: usize = 20;

/// One table's keys against the schema; `section` is its dotted name
/// (`closing_practice[2]`), `header` how it is written (`[[closing_practice]]`).
fn check_table(
    file: &str,
    section: &str,
    header: &str,
    keys: &[&ClosureKey],
    inner: &toml::Table,
) -> Result<(), InputError> {
    {
        for (name, value) in inner {
            let Some(key) = keys.iter().find(|k| k.name() == name) else {
                return Err(InputError::UnknownKey {
                    file: file.to_string(),
                    key: format!("{section}.{name}"),
                    place: format!("in {header}"),
                    expected: key_names(keys),
                });
            };
            let fits = match key.toml_type {
                TomlType::Text => value.is_str(),
                TomlType::TextList => value
                    .as_array()
                    .is_some_and(|items| items.iter().all(toml::Value::is_str)),
                TomlType::Date => value.is_str() || value.is_datetime(),
                TomlType::TextTable => value
                    .as_table()
                    .is_some_and(|items| items.values().all(toml::Value::is_str)),
            };
            if !fits {
                let expected = match key.toml_type {
                    TomlType::Text => "a string in double quotes",
                    TomlType::TextList => "a list of strings",
                    TomlType::Date => "a date (2026-09-30) or a string (\"30/09/2026\")",
                    TomlType::TextTable => "a table of strings",
                };
                let found = match value.as_array() {
                    Some(_) if key.toml_type == TomlType::TextList => {
                        "a list with something other than strings in it"
                    }
                    _ => type_name(value),
                };
                return Err(InputError::WrongType {
                    file: file.to_string(),
                    key: format!("{section}.{name}"),
                    expected: expected.to_string(),
                    found: found.to_string(),
                    example: key.example.to_string(),
                });
            }
        }
        if let Some(key) = keys
            .iter()
            .find(|k| k.required && !inner.contains_key(k.name()))
        {
            return Err(InputError::MissingKey {
                file: file.to_string(),
                key: format!("{section}.{}", key.name()),
                example: format!("{} in {header}", key.example),
            });
        }
    }
    Ok(())
}

fn key_names(keys: &[&ClosureKey]) -> String {
    keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

/// One table of a `closure.toml` that has passed [`check_schema`], read by its keys: each
/// value is known to be of its key's type, and a key left out reads as nothing.
#[derive(Clone, Copy)]
struct Checked<'a>(Option<&'a toml::Table>);

impl<'a> Checked<'a> {
    /// The table at the top of the file that holds `key`.
    fn table_of(file: &'a toml::Table, key: &ClosureKey) -> Checked<'a> {
        Checked(file.get(key.table()).and_then(toml::Value::as_table))
    }

    /// The key's value, if the table has it.
    fn value(self, key: &ClosureKey) -> Option<&'a toml::Value> {
        self.0?.get(key.name())
    }

    /// A text key's value (empty when left out).
    fn text(self, key: &ClosureKey) -> &'a str {
        self.optional_text(key).unwrap_or("")
    }

    /// A text key's value, if the table has it.
    fn optional_text(self, key: &ClosureKey) -> Option<&'a str> {
        self.value(key).and_then(toml::Value::as_str)
    }

    /// A list key's items.
    fn list(self, key: &ClosureKey) -> impl Iterator<Item = &'a str> {
        self.value(key)
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
    }

    /// A date key's value, or what is wrong with it.
    fn date(self, key: &ClosureKey) -> Result<NaiveDate, String> {
        match self.value(key) {
            Some(value) => toml_date(value),
            None => Err("not a date".to_string()),
        }
    }
}

fn convert(file: &str, path: &Path, table: &toml::Table) -> Result<Closure, InputError> {
    let bad = |key: &str, message: String, hint: &str| InputError::BadValue {
        file: file.to_string(),
        key: key.to_string(),
        message,
        hint: hint.to_string(),
    };
    let commissioner = Checked::table_of(table, &COMMISSIONER_NAME);
    let area = Checked::table_of(table, &AREA_NAME);
    let letters = Checked::table_of(table, &LETTERS_DATE);
    let inputs = Checked::table_of(table, &INPUTS_PRACTICES);
    let letter_date = letters.date(&LETTERS_DATE).map_err(|m| {
        bad(
            LETTERS_DATE.key,
            m,
            &format!("write {}", LETTERS_DATE.example),
        )
    })?;
    let postage = match letters
        .optional_text(&LETTERS_POSTAGE)
        .map(|p| p.trim().to_lowercase())
        .as_deref()
    {
        None | Some("") | Some("second") => Postage::Second,
        Some("first") => Postage::First,
        Some(_) => {
            return Err(bad(
                LETTERS_POSTAGE.key,
                "postage must be \"first\" or \"second\"".to_string(),
                &format!("write {} (or leave the key out)", LETTERS_POSTAGE.example),
            ));
        }
    };
    let mut districts = Vec::new();
    for district in area.list(&AREA_POSTCODE_DISTRICTS) {
        let district = district.trim().to_uppercase();
        check_outward(&district).map_err(|m| {
            bad(
                AREA_POSTCODE_DISTRICTS.key,
                format!("\"{district}\" is not a postcode district: {m}"),
                "list outward codes such as \"SE1\", \"SE15\", \"BR1\"",
            )
        })?;
        if !districts.contains(&district) {
            districts.push(district);
        }
    }
    if districts.is_empty() {
        return Err(bad(
            AREA_POSTCODE_DISTRICTS.key,
            "the list is empty".to_string(),
            "list the area's postcode districts, e.g. [\"SE1\", \"SE5\"]",
        ));
    }
    let qr_url = letters.text(&LETTERS_QR_URL).trim().to_string();
    if !(qr_url.starts_with("https://") || qr_url.starts_with("http://")) {
        return Err(bad(
            LETTERS_QR_URL.key,
            "the QR code link must start with https://".to_string(),
            "write the full web address, e.g. \"https://www.nhs.uk/...\"",
        ));
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let input_path = |key: &str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            Err(bad(
                key,
                "the file name is empty".to_string(),
                "write the file name, relative to the folder holding closure.toml",
            ))
        } else {
            Ok(folder.join(value))
        }
    };
    let locales = match letters.optional_text(&LETTERS_LOCALES).map(str::trim) {
        None => None,
        Some("") => {
            return Err(bad(
                LETTERS_LOCALES.key,
                "the folder name is empty".to_string(),
                "name the folder of reviewed locales, relative to the folder holding closure.toml, or leave the key out",
            ));
        }
        Some(dir) => Some(folder.join(dir)),
    };
    // `[closing_practice]` is one table, `[[closing_practice]]` a list of them.
    let (several, closings): (bool, Vec<Checked>) = match table.get(SEVERAL) {
        Some(toml::Value::Array(items)) => (
            true,
            items.iter().map(|item| Checked(item.as_table())).collect(),
        ),
        one => (false, vec![Checked(one.and_then(toml::Value::as_table))]),
    };
    let shared_patients = inputs.optional_text(&INPUTS_PATIENTS);
    let count = closings.len();
    if count > MOST_CLOSING_PRACTICES {
        return Err(bad(
            SEVERAL,
            format!(
                "{count} closing practices are listed; one plan takes at most {MOST_CLOSING_PRACTICES}"
            ),
            "plan the closures in groups of neighbouring practices, one closure.toml for each",
        ));
    }
    if count > 1 && shared_patients.is_some() {
        return Err(bad(
            INPUTS_PATIENTS.key,
            format!("with several [[{SEVERAL}]] tables, each names its own patients file"),
            &format!(
                "move {} = \"...\" from [{}] into each [[{SEVERAL}]]",
                INPUTS_PATIENTS.name(),
                INPUTS_PATIENTS.table()
            ),
        ));
    }
    let mut closing_practices: Vec<ClosingPractice> = Vec::with_capacity(count);
    for (i, closing) in closings.into_iter().enumerate() {
        let section = if several {
            format!("{SEVERAL}[{}]", i + 1)
        } else {
            SEVERAL.to_string()
        };
        let key = |key: &ClosureKey| format!("{section}.{}", key.name());
        let ods_code = parse_ods_code(closing.text(&CLOSING_PRACTICE_ODS_CODE)).map_err(|m| {
            bad(
                &key(&CLOSING_PRACTICE_ODS_CODE),
                m,
                "use the practice's ODS code, e.g. \"G85999\"",
            )
        })?;
        if let Some(earlier) = closing_practices
            .iter()
            .position(|c| c.ods_code == ods_code)
        {
            return Err(bad(
                &key(&CLOSING_PRACTICE_ODS_CODE),
                format!("{ods_code} is already {SEVERAL}[{}]", earlier + 1),
                "list each closing practice once",
            ));
        }
        let closure_date = closing.date(&CLOSING_PRACTICE_CLOSURE_DATE).map_err(|m| {
            bad(
                &key(&CLOSING_PRACTICE_CLOSURE_DATE),
                m,
                &format!("write {}", CLOSING_PRACTICE_CLOSURE_DATE.example),
            )
        })?;
        let patients = match (
            closing.optional_text(&CLOSING_PRACTICE_PATIENTS),
            shared_patients,
        ) {
            (Some(own), _) => input_path(&key(&CLOSING_PRACTICE_PATIENTS), own)?,
            (None, Some(shared)) if count == 1 => input_path(INPUTS_PATIENTS.key, shared)?,
            (None, _) => {
                return Err(InputError::MissingKey {
                    file: file.to_string(),
                    key: key(&CLOSING_PRACTICE_PATIENTS),
                    example: if count > 1 {
                        format!(
                            "{} in each [[{SEVERAL}]]: every closing practice has its own patient list",
                            CLOSING_PRACTICE_PATIENTS.example
                        )
                    } else {
                        format!(
                            "{} in [{}]",
                            INPUTS_PATIENTS.example,
                            INPUTS_PATIENTS.table()
                        )
                    },
                });
            }
        };
        if let Some(earlier) = closing_practices
            .iter()
            .position(|c| c.patients == patients)
        {
            return Err(bad(
                &key(&CLOSING_PRACTICE_PATIENTS),
                format!("{SEVERAL}[{}] has the same patients file", earlier + 1),
                "give each closing practice its own patient list from PCSE",
            ));
        }
        closing_practices.push(ClosingPractice {
            ods_code,
            name: closing.text(&CLOSING_PRACTICE_NAME).trim().to_string(),
            address: trim_all(closing.list(&CLOSING_PRACTICE_ADDRESS)),
            closure_date,
            patients,
        });
    }
    Ok(Closure {
        closing_practices,
        commissioner: Commissioner {
            name: commissioner.text(&COMMISSIONER_NAME).trim().to_string(),
            team: commissioner.text(&COMMISSIONER_TEAM).trim().to_string(),
            address: trim_all(commissioner.list(&COMMISSIONER_ADDRESS)),
            phone: commissioner.text(&COMMISSIONER_PHONE).trim().to_string(),
            email: commissioner.text(&COMMISSIONER_EMAIL).trim().to_string(),
            signatory: commissioner
                .text(&COMMISSIONER_SIGNATORY)
                .trim()
                .to_string(),
            signatory_role: commissioner
                .text(&COMMISSIONER_SIGNATORY_ROLE)
                .trim()
                .to_string(),
        },
        area: Area {
            name: area.text(&AREA_NAME).trim().to_string(),
            postcode_districts: districts,
        },
        letters: LetterSettings {
            date: letter_date,
            postage,
            qr_url,
            locales,
        },
        inputs: InputPaths {
            practices: input_path(INPUTS_PRACTICES.key, inputs.text(&INPUTS_PRACTICES))?,
            postcodes: inputs
                .optional_text(&INPUTS_POSTCODES)
                .map(|path| input_path(INPUTS_POSTCODES.key, path))
                .transpose()?,
            practice_details: inputs
                .optional_text(&INPUTS_PRACTICE_DETAILS)
                .map(|name| input_path(INPUTS_PRACTICE_DETAILS.key, name))
                .transpose()?,
            columns: mapped_columns(file, inputs)?,
        },
    })
}

/// `[inputs.columns]`: each field named must be a field of the patients file, and its header
/// not empty.
fn mapped_columns(file: &str, inputs: Checked<'_>) -> Result<Vec<(String, String)>, InputError> {
    use super::headers::{ADDRESS_PARTS, PATIENT_COLUMNS};
    let Some(table) = inputs
        .value(&INPUTS_COLUMNS)
        .and_then(toml::Value::as_table)
    else {
        return Ok(Vec::new());
    };
    let fields: Vec<&str> = PATIENT_COLUMNS
        .iter()
        .chain(ADDRESS_PARTS)
        .map(|c| c.field)
        .collect();
    let mut columns = Vec::new();
    for (field, header) in table {
        let key = format!("{}.{field}", INPUTS_COLUMNS.key);
        let bad = |message: String, hint: String| InputError::BadValue {
            file: file.to_string(),
            key: key.clone(),
            message,
            hint,
        };
        if !fields.contains(&field.as_str()) {
            return Err(bad(
                format!("{field} is not a field of the patients file"),
                format!("name one of its fields: {}", fields.join(", ")),
            ));
        }
        let header = header.as_str().unwrap_or("").trim();
        if header.is_empty() {
            return Err(bad(
                "the column's name is empty".to_string(),
                format!(
                    "write the column's header as the file has it, e.g. {field} = \"Pt Surname\""
                ),
            ));
        }
        columns.push((field.clone(), header.to_string()));
    }
    Ok(columns)
}

/// The lines of a list (an address), trimmed, without the empty ones.
fn trim_all<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    lines
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// A TOML date or a string date, read by [`parse_date`]. A TOML date-time is read as it is
/// written (`2026-09-30T10:00:00`), so a time after the date is ignored as in a string, and a
/// time alone is not a date.
fn toml_date(value: &toml::Value) -> Result<NaiveDate, String> {
    match value {
        toml::Value::String(s) => parse_date(s),
        toml::Value::Datetime(dt) => parse_date(&dt.to_string()),
        _ => Err("not a date".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::closure_keys::CLOSURE_KEYS;
    use super::*;

    pub(crate) const EXAMPLE: &str = r#"
[closing_practice]
ods_code = "G85999"
name = "Riverside Medical Centre"
address = ["12 River Street", "London", "SE1 9ZZ"]
closure_date = 2026-09-30
[commissioner]
name = "NHS South East London Integrated Care Board"
team = "Primary Care Commissioning Team"
address = ["160 Tooley Street", "London", "SE1 2TZ"]
phone = "020 3049 0000"
email = "selicb.primarycare@nhs.net"
signatory = "Jane Doe"
signatory_role = "Head of Primary Care"
[area]
name = "Southwark"
postcode_districts = [" se1", "SE5 ", "SE15"]
[letters]
date = "24/11/2026"
qr_url = "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/"
[inputs]
patients = "patients.csv"
practices = "practices.csv"
"#;

    fn parse(text: &str) -> Result<Closure, InputError> {
        parse_closure(Path::new("/data/closure.toml"), text)
    }

    #[test]
    fn example_parses() {
        let c = parse(EXAMPLE).unwrap();
        assert_eq!(
            c.lead().closure_date,
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
        assert_eq!(
            c.letters.date,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(c.letters.postage, Postage::Second);
        assert_eq!(c.area.postcode_districts, ["SE1", "SE5", "SE15"]);
        assert_eq!(c.lead().patients, Path::new("/data/patients.csv"));
    }

    #[test]
    fn unknown_key_is_named() {
        let text = EXAMPLE.replace("ods_code = ", "odscode = ");
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.starts_with("/data/closure.toml: unknown key \"closing_practice.odscode\""),
            "{e}"
        );
        assert!(e.contains("hint: the keys allowed in [closing_practice] are: ods_code, name, address, closure_date, patients"), "{e}");
    }

    #[test]
    fn unknown_table_is_named() {
        let e = parse(&format!("{EXAMPLE}\n[extra]\nx = 1\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown key \"extra\""), "{e}");
    }

    #[test]
    fn wrong_type_is_named() {
        let text = EXAMPLE.replace("phone = \"020 3049 0000\"", "phone = 2030490000");
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.contains(
                "key \"commissioner.phone\" should be a string in double quotes, not a number"
            ),
            "{e}"
        );
        let text = EXAMPLE.replace("closure_date = 2026-09-30", "closure_date = 20260930");
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.contains("key \"closing_practice.closure_date\" should be a date"),
            "{e}"
        );
    }

    #[test]
    fn missing_key_is_named() {
        let text = EXAMPLE.replace("signatory_role = \"Head of Primary Care\"", "");
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.contains("missing key \"commissioner.signatory_role\""),
            "{e}"
        );
    }

    #[test]
    fn bad_values() {
        let e = parse(&EXAMPLE.replace("date = \"24/11/2026\"", "date = \"31/11/2026\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("key \"letters.date\": not a real date"), "{e}");
        let e = parse(&EXAMPLE.replace("qr_url =", "postage = \"third\"\nqr_url ="))
            .unwrap_err()
            .to_string();
        assert!(e.contains("key \"letters.postage\""), "{e}");
        let e = parse(&EXAMPLE.replace("\"SE15\"", "\"XX15\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("area.postcode_districts"), "{e}");
    }

    /// `closure.toml` written from the keys' examples alone, table by table, leaving out the
    /// key `without`.
    fn from_examples(without: &str) -> String {
        let mut text = String::new();
        for table in tables() {
            text.push_str(&format!("[{table}]\n"));
            for key in keys_in(table).into_iter().filter(|k| k.key != without) {
                text.push_str(key.example);
                text.push('\n');
            }
        }
        text
    }

    #[test]
    fn a_closure_of_the_keys_examples_reads() {
        let c = parse(&from_examples("")).unwrap();
        assert_eq!(c.lead().ods_code, "G85999");
        assert_eq!(c.lead().address, ["12 River Street", "London", "SE1 9ZZ"]);
        assert_eq!(
            c.lead().closure_date,
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
        assert_eq!(
            c.lead().patients,
            Path::new("/data/maddock-way-patients.csv")
        );
        assert_eq!(c.commissioner.signatory_role, "Head of Primary Care");
        assert_eq!(c.area.postcode_districts, ["SE1", "SE5", "SE15"]);
        assert_eq!(
            c.letters.date,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            c.letters.locales.as_deref(),
            Some(Path::new("/data/reviewed-locales"))
        );
        assert_eq!(c.inputs.practices, Path::new("/data/practices.csv"));
    }

    #[test]
    fn each_required_key_left_out_is_named_with_its_example() {
        for key in CLOSURE_KEYS.iter().filter(|k| k.required) {
            let e = parse(&from_examples(key.key)).unwrap_err();
            let InputError::MissingKey {
                key: named,
                example,
                ..
            } = e
            else {
                panic!("{}: {e}", key.key);
            };
            assert_eq!(
                (named, example),
                (
                    key.key.to_string(),
                    format!("{} in [{}]", key.example, key.table())
                )
            );
        }
    }

    #[test]
    fn each_key_of_the_wrong_type_is_named_with_its_example() {
        for key in CLOSURE_KEYS {
            let text = from_examples("").replace(
                &format!("\n{}\n", key.example),
                &format!("\n{} = true\n", key.name()),
            );
            let e = parse(&text).unwrap_err();
            let InputError::WrongType {
                key: named,
                found,
                example,
                ..
            } = e
            else {
                panic!("{}: {e}", key.key);
            };
            assert_eq!(
                (named.as_str(), found.as_str(), example.as_str()),
                (key.key, "true/false", key.example)
            );
        }
    }

    #[test]
    fn a_time_after_a_date_is_ignored_and_a_time_alone_is_not_a_date() {
        let c = parse(&EXAMPLE.replace("2026-09-30", "2026-09-30T10:00:00")).unwrap();
        assert_eq!(
            c.lead().closure_date,
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
        let e = parse(&EXAMPLE.replace("2026-09-30", "10:00:00"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("key \"closing_practice.closure_date\": not a date (write it as"),
            "{e}"
        );
    }

    #[test]
    fn syntax_error_has_line() {
        let e = parse("[closing_practice]\nods_code = \"G85999\nname = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/data/closure.toml: line 2"), "{e}");
    }
}

//! Input stage: read `closure.toml` into a [`Closure`], naming any unknown, missing or
//! wrongly typed key.
//!
//! The keys are checked against [`SCHEMA`] first, for messages that name the dotted key; then
//! serde (with `deny_unknown_fields`) fills private raw structs, which are converted to the
//! model types.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::date::parse_date;
use super::input_error::InputError;
use super::postcode::check_outward;
use super::practices::parse_ods_code;
use crate::model::{
    Area, ClosingPractice, Closure, Commissioner, InputPaths, LetterSettings, Postage,
};

/// The TOML type a key needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    TextList,
    /// A TOML date (`2026-09-30`) or a string (`"30/09/2026"`).
    Date,
}

struct Key {
    name: &'static str,
    kind: Kind,
    required: bool,
    example: &'static str,
}

const fn key(name: &'static str, kind: Kind, example: &'static str) -> Key {
    Key {
        name,
        kind,
        required: true,
        example,
    }
}

/// The tables of `closure.toml` and their keys, in the order they are documented.
const SCHEMA: &[(&str, &[Key])] = &[
    (
        "closing_practice",
        &[
            key("ods_code", Kind::Text, "ods_code = \"G85999\""),
            key("name", Kind::Text, "name = \"Riverside Medical Centre\""),
            key(
                "address",
                Kind::TextList,
                "address = [\"12 River Street\", \"London\", \"SE1 9ZZ\"]",
            ),
            key("closure_date", Kind::Date, "closure_date = 2026-09-30"),
            Key {
                name: "patients",
                kind: Kind::Text,
                required: false,
                example: "patients = \"maddock-way-patients.csv\"",
            },
        ],
    ),
    (
        "commissioner",
        &[
            key(
                "name",
                Kind::Text,
                "name = \"NHS South East London Integrated Care Board\"",
            ),
            key(
                "team",
                Kind::Text,
                "team = \"Primary Care Commissioning Team\"",
            ),
            key(
                "address",
                Kind::TextList,
                "address = [\"160 Tooley Street\", \"London\", \"SE1 2TZ\"]",
            ),
            key("phone", Kind::Text, "phone = \"020 3049 0000\""),
            key("email", Kind::Text, "email = \"team@nhs.net\""),
            key("signatory", Kind::Text, "signatory = \"Jane Doe\""),
            key(
                "signatory_role",
                Kind::Text,
                "signatory_role = \"Head of Primary Care\"",
            ),
        ],
    ),
    (
        "area",
        &[
            key("name", Kind::Text, "name = \"Southwark\""),
            key(
                "postcode_districts",
                Kind::TextList,
                "postcode_districts = [\"SE1\", \"SE5\", \"SE15\"]",
            ),
        ],
    ),
    (
        "letters",
        &[
            key("date", Kind::Date, "date = 2026-11-24"),
            Key {
                name: "postage",
                kind: Kind::Text,
                required: false,
                example: "postage = \"second\"",
            },
            key(
                "qr_url",
                Kind::Text,
                "qr_url = \"https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/\"",
            ),
            Key {
                name: "locales",
                kind: Kind::Text,
                required: false,
                example: "locales = \"reviewed-locales\"",
            },
        ],
    ),
    (
        "inputs",
        &[
            Key {
                name: "patients",
                kind: Kind::Text,
                required: false,
                example: "patients = \"patients.csv\"",
            },
            key("practices", Kind::Text, "practices = \"practices.csv\""),
        ],
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClosure {
    closing_practice: OneOrMore,
    commissioner: RawCommissioner,
    area: RawArea,
    letters: RawLetters,
    inputs: RawInputs,
}

/// `[closing_practice]` (one) or `[[closing_practice]]` (several).
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(RawClosingPractice),
    More(Vec<RawClosingPractice>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClosingPractice {
    ods_code: String,
    name: String,
    address: Vec<String>,
    closure_date: toml::Value,
    patients: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommissioner {
    name: String,
    team: String,
    address: Vec<String>,
    phone: String,
    email: String,
    signatory: String,
    signatory_role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    name: String,
    postcode_districts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLetters {
    date: toml::Value,
    postage: Option<String>,
    qr_url: String,
    locales: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInputs {
    patients: Option<String>,
    practices: String,
}

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
    let raw: RawClosure = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| InputError::BadValue {
            file: file.clone(),
            key: "(file)".to_string(),
            message: first_line_lowercase(e.message()),
            hint: "compare the file with the example closure.toml in the README".to_string(),
        })?;
    convert(&file, path, raw)
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
    let sections: Vec<&str> = SCHEMA.iter().map(|(name, _)| *name).collect();
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
    for (section, keys) in SCHEMA {
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

/// The table that may be given several times, as `[[closing_practice]]`.
const SEVERAL: &str = "closing_practice";

/// One table's keys against the schema; `section` is its dotted name
/// (`closing_practice[2]`), `header` how it is written (`[[closing_practice]]`).
fn check_table(
    file: &str,
    section: &str,
    header: &str,
    keys: &[Key],
    inner: &toml::Table,
) -> Result<(), InputError> {
    {
        for (name, value) in inner {
            let Some(key) = keys.iter().find(|k| k.name == name) else {
                return Err(InputError::UnknownKey {
                    file: file.to_string(),
                    key: format!("{section}.{name}"),
                    place: format!("in {header}"),
                    expected: key_names(keys),
                });
            };
            let fits = match key.kind {
                Kind::Text => value.is_str(),
                Kind::TextList => value
                    .as_array()
                    .is_some_and(|items| items.iter().all(toml::Value::is_str)),
                Kind::Date => value.is_str() || value.is_datetime(),
            };
            if !fits {
                let expected = match key.kind {
                    Kind::Text => "a string in double quotes",
                    Kind::TextList => "a list of strings",
                    Kind::Date => "a date (2026-09-30) or a string (\"30/09/2026\")",
                };
                let found = match value.as_array() {
                    Some(_) if key.kind == Kind::TextList => {
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
            .find(|k| k.required && !inner.contains_key(k.name))
        {
            return Err(InputError::MissingKey {
                file: file.to_string(),
                key: format!("{section}.{}", key.name),
                example: format!("{} in {header}", key.example),
            });
        }
    }
    Ok(())
}

fn key_names(keys: &[Key]) -> String {
    keys.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

fn convert(file: &str, path: &Path, raw: RawClosure) -> Result<Closure, InputError> {
    let bad = |key: &str, message: String, hint: &str| InputError::BadValue {
        file: file.to_string(),
        key: key.to_string(),
        message,
        hint: hint.to_string(),
    };
    let letter_date = toml_date(&raw.letters.date)
        .map_err(|m| bad("letters.date", m, "write date = 2026-11-24"))?;
    let postage = match raw
        .letters
        .postage
        .as_deref()
        .map(|p| p.trim().to_lowercase())
        .as_deref()
    {
        None | Some("") | Some("second") => Postage::Second,
        Some("first") => Postage::First,
        Some(_) => {
            return Err(bad(
                "letters.postage",
                "postage must be \"first\" or \"second\"".to_string(),
                "write postage = \"second\" (or leave the key out)",
            ));
        }
    };
    let mut districts = Vec::new();
    for district in &raw.area.postcode_districts {
        let district = district.trim().to_uppercase();
        check_outward(&district).map_err(|m| {
            bad(
                "area.postcode_districts",
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
            "area.postcode_districts",
            "the list is empty".to_string(),
            "list the area's postcode districts, e.g. [\"SE1\", \"SE5\"]",
        ));
    }
    let qr_url = raw.letters.qr_url.trim().to_string();
    if !(qr_url.starts_with("https://") || qr_url.starts_with("http://")) {
        return Err(bad(
            "letters.qr_url",
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
    let locales = match raw.letters.locales.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(bad(
                "letters.locales",
                "the folder name is empty".to_string(),
                "name the folder of reviewed locales, relative to the folder holding closure.toml, or leave the key out",
            ));
        }
        Some(dir) => Some(folder.join(dir)),
    };
    let trim_all = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (several, raws) = match raw.closing_practice {
        OneOrMore::One(one) => (false, vec![one]),
        OneOrMore::More(more) => (true, more),
    };
    let shared_patients = raw.inputs.patients;
    let count = raws.len();
    if count > MOST_CLOSING_PRACTICES {
        return Err(bad(
            "closing_practice",
            format!(
                "{count} closing practices are listed; one plan takes at most {MOST_CLOSING_PRACTICES}"
            ),
            "plan the closures in groups of neighbouring practices, one closure.toml for each",
        ));
    }
    if count > 1 && shared_patients.is_some() {
        return Err(bad(
            "inputs.patients",
            "with several [[closing_practice]] tables, each names its own patients file"
                .to_string(),
            "move patients = \"...\" from [inputs] into each [[closing_practice]]",
        ));
    }
    let mut closing_practices: Vec<ClosingPractice> = Vec::with_capacity(raws.len());
    for (i, closing) in raws.into_iter().enumerate() {
        let section = if several {
            format!("closing_practice[{}]", i + 1)
        } else {
            "closing_practice".to_string()
        };
        let ods_code = parse_ods_code(&closing.ods_code).map_err(|m| {
            bad(
                &format!("{section}.ods_code"),
                m,
                "use the practice's ODS code, e.g. \"G85999\"",
            )
        })?;
        if let Some(earlier) = closing_practices
            .iter()
            .position(|c| c.ods_code == ods_code)
        {
            return Err(bad(
                &format!("{section}.ods_code"),
                format!("{ods_code} is already closing_practice[{}]", earlier + 1),
                "list each closing practice once",
            ));
        }
        let closure_date = toml_date(&closing.closure_date).map_err(|m| {
            bad(
                &format!("{section}.closure_date"),
                m,
                "write closure_date = 2026-09-30",
            )
        })?;
        let patients = match (&closing.patients, &shared_patients) {
            (Some(own), _) => input_path(&format!("{section}.patients"), own)?,
            (None, Some(shared)) if count == 1 => input_path("inputs.patients", shared)?,
            (None, _) => {
                return Err(InputError::MissingKey {
                    file: file.to_string(),
                    key: format!("{section}.patients"),
                    example: if count > 1 {
                        "patients = \"maddock-way-patients.csv\" in each [[closing_practice]]: every closing practice has its own patient list".to_string()
                    } else {
                        "patients = \"patients.csv\" in [inputs]".to_string()
                    },
                });
            }
        };
        if let Some(earlier) = closing_practices
            .iter()
            .position(|c| c.patients == patients)
        {
            return Err(bad(
                &format!("{section}.patients"),
                format!(
                    "closing_practice[{}] has the same patients file",
                    earlier + 1
                ),
                "give each closing practice its own patient list from PCSE",
            ));
        }
        closing_practices.push(ClosingPractice {
            ods_code,
            name: closing.name.trim().to_string(),
            address: trim_all(closing.address),
            closure_date,
            patients,
        });
    }
    Ok(Closure {
        closing_practices,
        commissioner: Commissioner {
            name: raw.commissioner.name.trim().to_string(),
            team: raw.commissioner.team.trim().to_string(),
            address: trim_all(raw.commissioner.address),
            phone: raw.commissioner.phone.trim().to_string(),
            email: raw.commissioner.email.trim().to_string(),
            signatory: raw.commissioner.signatory.trim().to_string(),
            signatory_role: raw.commissioner.signatory_role.trim().to_string(),
        },
        area: Area {
            name: raw.area.name.trim().to_string(),
            postcode_districts: districts,
        },
        letters: LetterSettings {
            date: letter_date,
            postage,
            qr_url,
            locales,
        },
        inputs: InputPaths {
            practices: input_path("inputs.practices", &raw.inputs.practices)?,
        },
    })
}

/// A TOML date (no time) or a string date.
fn toml_date(value: &toml::Value) -> Result<NaiveDate, String> {
    match value {
        toml::Value::String(s) => parse_date(s),
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
                    .ok_or_else(|| "not a real date".to_string())
            }
            _ => Err("give a date without a time".to_string()),
        },
        _ => Err("not a date".to_string()),
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn syntax_error_has_line() {
        let e = parse("[closing_practice]\nods_code = \"G85999\nname = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/data/closure.toml: line 2"), "{e}");
    }
}

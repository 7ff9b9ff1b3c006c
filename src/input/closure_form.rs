//! Input stage: `closure.toml` as a form of plain text fields (the officers' web page fills
//! one in), checked field by field by the same rules as the file, and written out as the
//! file.
//!
//! Each field is checked on its own: it is put into a closure whose every other field is
//! known to be good and read by [`super::closure::parse_closure`], so the rules stay in one
//! place and every wrong field is named at once, not only the first.

use std::path::Path;

use super::input_error::InputError;
use crate::model::{Closure, Postage};

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines, one list item each (an address).
    Lines,
    /// A list on one line, separated by commas or spaces (postcode districts).
    List,
    /// A date, `30/09/2026` or `2026-09-30`.
    Date,
    /// `first` or `second`.
    Postage,
}

/// One field of the form: its `closure.toml` key (`closing_practice.ods_code`), what it is
/// called, how it is entered, and an example.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct FormField {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// A good value, used when the other fields are checked.
    #[serde(skip)]
    good: &'static str,
}

const fn field(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: FieldKind,
    good: &'static str,
) -> FormField {
    FormField {
        key,
        label,
        hint,
        kind,
        required: true,
        good,
    }
}

/// Every field, in the order the form asks for them.
pub const FORM_FIELDS: &[FormField] = &[
    field(
        "closing_practice.ods_code",
        "ODS code of the closing practice",
        "For example, G85999",
        FieldKind::Line,
        "G85999",
    ),
    field(
        "closing_practice.name",
        "Name of the closing practice",
        "As patients know it, for example, Riverside Medical Centre",
        FieldKind::Line,
        "Riverside Medical Centre",
    ),
    field(
        "closing_practice.address",
        "Address of the closing practice",
        "One line of the address on each line",
        FieldKind::Lines,
        "12 River Street\nLondon\nSE1 3QW",
    ),
    field(
        "closing_practice.closure_date",
        "Date the practice closes",
        "For example, 30/09/2026",
        FieldKind::Date,
        "30/09/2026",
    ),
    field(
        "commissioner.name",
        "Commissioner's name",
        "For example, NHS South East London Integrated Care Board",
        FieldKind::Line,
        "NHS South East London Integrated Care Board",
    ),
    field(
        "commissioner.team",
        "Team's name",
        "The team patients contact, for example, Primary Care Commissioning Team",
        FieldKind::Line,
        "Primary Care Commissioning Team",
    ),
    field(
        "commissioner.address",
        "Commissioner's address",
        "One line of the address on each line",
        FieldKind::Lines,
        "160 Tooley Street\nLondon\nSE1 2TZ",
    ),
    field(
        "commissioner.phone",
        "Phone number for patients",
        "For example, 020 3049 0000",
        FieldKind::Line,
        "020 3049 0000",
    ),
    field(
        "commissioner.email",
        "Email address for patients",
        "For example, team@nhs.net",
        FieldKind::Line,
        "team@nhs.net",
    ),
    field(
        "commissioner.signatory",
        "Signatory's name",
        "The full name of who signs the letters",
        FieldKind::Line,
        "Jane Doe",
    ),
    field(
        "commissioner.signatory_role",
        "Signatory's role",
        "For example, Head of Primary Care",
        FieldKind::Line,
        "Head of Primary Care",
    ),
    field(
        "area.name",
        "Name of the area",
        "For example, Southwark",
        FieldKind::Line,
        "Southwark",
    ),
    field(
        "area.postcode_districts",
        "Postcode districts in the area",
        "Separated by commas, for example, SE1, SE5, SE15. Patients living elsewhere get the out-of-area letter",
        FieldKind::List,
        "SE1",
    ),
    field(
        "letters.date",
        "Date on the letters",
        "For example, 24/11/2026",
        FieldKind::Date,
        "24/11/2026",
    ),
    field(
        "letters.postage",
        "Postage",
        "NHS England pays 50p towards each one-page letter sent second class",
        FieldKind::Postage,
        "second",
    ),
    field(
        "letters.qr_url",
        "Link in the letters' QR code",
        "For example, https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/",
        FieldKind::Line,
        "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/",
    ),
];

/// The form's values, by key, as the officer typed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosureForm {
    values: Vec<(String, String)>,
}

/// A field that is wrong: its key, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldProblem {
    pub key: String,
    pub message: String,
}

impl ClosureForm {
    /// The form from `(key, value)` pairs; keys that are not fields are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ClosureForm {
        let mut values = Vec::new();
        for (key, value) in pairs {
            if FORM_FIELDS.iter().any(|f| f.key == key) {
                values.retain(|(k, _): &(String, String)| k != key);
                values.push((key.to_string(), value.to_string()));
            }
        }
        ClosureForm { values }
    }

    /// The form filled in from a closure already read.
    pub fn from_closure(closure: &Closure) -> ClosureForm {
        let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
        let c = closure.lead();
        let m = &closure.commissioner;
        let pairs = [
            ("closing_practice.ods_code", c.ods_code.clone()),
            ("closing_practice.name", c.name.clone()),
            ("closing_practice.address", c.address.join("\n")),
            ("closing_practice.closure_date", date(c.closure_date)),
            ("commissioner.name", m.name.clone()),
            ("commissioner.team", m.team.clone()),
            ("commissioner.address", m.address.join("\n")),
            ("commissioner.phone", m.phone.clone()),
            ("commissioner.email", m.email.clone()),
            ("commissioner.signatory", m.signatory.clone()),
            ("commissioner.signatory_role", m.signatory_role.clone()),
            ("area.name", closure.area.name.clone()),
            (
                "area.postcode_districts",
                closure.area.postcode_districts.join(", "),
            ),
            ("letters.date", date(closure.letters.date)),
            (
                "letters.postage",
                match closure.letters.postage {
                    Postage::First => "first".to_string(),
                    Postage::Second => "second".to_string(),
                },
            ),
            ("letters.qr_url", closure.letters.qr_url.clone()),
        ];
        ClosureForm {
            values: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    /// A field's value as typed (empty when not given).
    pub fn value(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every wrong field, in the form's order; empty when the form makes a good closure.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        for field in FORM_FIELDS {
            let value = self.value(field.key);
            if field.required && value.trim().is_empty() {
                problems.push(FieldProblem {
                    key: field.key.to_string(),
                    message: format!("Enter the {}", lower_first(field.label)),
                });
                continue;
            }
            let text = toml_text(
                |key| {
                    if key == field.key {
                        value
                    } else {
                        FORM_FIELDS
                            .iter()
                            .find(|f| f.key == key)
                            .map_or("", |f| f.good)
                    }
                },
                "patients.csv",
                "practices.csv",
            );
            if let Err(error) = super::closure::parse_closure(Path::new("closure.toml"), &text) {
                problems.push(FieldProblem {
                    key: field.key.to_string(),
                    message: field_message(&error),
                });
            }
        }
        problems
    }

    /// The form as `closure.toml`, its patients and practices files named as given.
    pub fn to_toml(&self, patients: &str, practices: &str) -> String {
        toml_text(|key| self.value(key), patients, practices)
    }
}

/// The label with its first letter in lower case, unless it starts an abbreviation (ODS).
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    let second_upper = label.chars().nth(1).is_some_and(char::is_uppercase);
    match chars.next() {
        Some(c) if !second_upper => c.to_lowercase().chain(chars).collect(),
        _ => label.to_string(),
    }
}

/// What is wrong with the one field a closure was checked for, in a sentence.
fn field_message(error: &InputError) -> String {
    let sentence = |message: &str, hint: &str| {
        let mut text = lower_first(message);
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        if hint.is_empty() {
            text
        } else {
            format!("{text}: {hint}")
        }
    };
    match error {
        InputError::BadValue { message, hint, .. } => sentence(message, hint),
        other => sentence(&other.to_string().replace('\n', " "), ""),
    }
}

/// `closure.toml`'s text from a value for every field.
fn toml_text<'a>(value: impl Fn(&str) -> &'a str, patients: &str, practices: &str) -> String {
    let mut tables: Vec<(&str, toml::Table)> = Vec::new();
    for field in FORM_FIELDS {
        let (table, key) = field.key.split_once('.').unwrap_or(("", field.key));
        let text = value(field.key);
        let item = match field.kind {
            FieldKind::Lines => toml::Value::Array(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| toml::Value::String(l.to_string()))
                    .collect(),
            ),
            FieldKind::List => toml::Value::Array(
                text.split([',', ' ', ';', '\n'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| toml::Value::String(l.to_string()))
                    .collect(),
            ),
            FieldKind::Line | FieldKind::Date | FieldKind::Postage => {
                toml::Value::String(text.trim().to_string())
            }
        };
        match tables.iter_mut().find(|(name, _)| *name == table) {
            Some((_, t)) => {
                t.insert(key.to_string(), item);
            }
            None => {
                let mut t = toml::Table::new();
                t.insert(key.to_string(), item);
                tables.push((table, t));
            }
        }
    }
    let mut inputs = toml::Table::new();
    inputs.insert("patients".into(), toml::Value::String(patients.into()));
    inputs.insert("practices".into(), toml::Value::String(practices.into()));
    tables.push(("inputs", inputs));
    let mut text = String::from("# Made by dispersal's web page.\n");
    for (name, table) in tables {
        let mut top = toml::Table::new();
        top.insert(name.to_string(), toml::Value::Table(table));
        text.push('\n');
        text.push_str(&toml::to_string(&top).unwrap_or_default());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ClosureForm {
        ClosureForm::from_pairs(FORM_FIELDS.iter().map(|f| (f.key, f.good)))
    }

    #[test]
    fn a_good_form_has_no_problems_and_reads_back_as_the_same_closure() {
        let form = good();
        assert_eq!(form.problems(), vec![]);
        let text = form.to_toml("patients.xlsx", "practices.csv");
        let closure =
            super::super::closure::parse_closure(Path::new("/w/closure.toml"), &text).unwrap();
        assert_eq!(closure.lead().address.len(), 3);
        assert_eq!(closure.lead().patients, Path::new("/w/patients.xlsx"));
        assert_eq!(
            ClosureForm::from_closure(&closure).to_toml("patients.xlsx", "practices.csv"),
            text
        );
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let mut pairs: Vec<(&str, &str)> = FORM_FIELDS.iter().map(|f| (f.key, f.good)).collect();
        pairs.push(("closing_practice.ods_code", "not a code!"));
        pairs.push(("letters.date", "31/02/2026"));
        pairs.push(("commissioner.phone", " "));
        pairs.push(("letters.qr_url", "www.nhs.uk"));
        let problems = ClosureForm::from_pairs(pairs).problems();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "closing_practice.ods_code",
                "commissioner.phone",
                "letters.date",
                "letters.qr_url"
            ]
        );
        assert_eq!(problems[1].message, "Enter the phone number for patients");
        assert!(problems[3].message.contains("https://"), "{problems:?}");
    }

    #[test]
    fn quotes_and_markup_in_a_value_stay_text() {
        let mut pairs: Vec<(&str, &str)> = FORM_FIELDS.iter().map(|f| (f.key, f.good)).collect();
        pairs.push(("closing_practice.name", "St \"Mary's\" ]]\n[x] <b>"));
        let form = ClosureForm::from_pairs(pairs);
        let text = form.to_toml("p.csv", "q.csv");
        let closure = super::super::closure::parse_closure(Path::new("c.toml"), &text).unwrap();
        assert_eq!(closure.lead().name, "St \"Mary's\" ]]\n[x] <b>");
    }
}

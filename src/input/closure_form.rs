//! Input stage: `closure.toml` as a form of plain text fields (the officers' web page fills
//! one in), checked field by field by the same rules as the file, and written out as the
//! file.
//!
//! Each field is checked on its own: it is put into a closure whose every other field is
//! known to be good and read by [`super::closure::parse_closure`], so the rules stay in one
//! place and every wrong field is named at once, not only the first.
//!
//! The fields are the keys of [`super::closure_keys::CLOSURE_KEYS`] that the form asks for,
//! with their labels and hints from there.

use std::path::Path;

use super::closure_keys::{
    AREA_NAME, AREA_POSTCODE_DISTRICTS, CLOSING_PRACTICE_ADDRESS, CLOSING_PRACTICE_CLOSURE_DATE,
    CLOSING_PRACTICE_NAME, CLOSING_PRACTICE_ODS_CODE, CLOSING_PRACTICE_PATIENTS, CLOSURE_KEYS,
    COMMISSIONER_ADDRESS, COMMISSIONER_EMAIL, COMMISSIONER_NAME, COMMISSIONER_PHONE,
    COMMISSIONER_SIGNATORY, COMMISSIONER_SIGNATORY_ROLE, COMMISSIONER_TEAM, ClosureKey, FieldKind,
    INPUTS_COLUMNS, INPUTS_PATIENTS, INPUTS_PRACTICE_DETAILS, INPUTS_PRACTICES, LETTERS_DATE,
    LETTERS_POSTAGE, LETTERS_QR_URL,
};
use super::input_error::InputError;
use crate::model::{Closure, Postage};

/// One field of the form: its `closure.toml` key (`closing_practice.ods_code`), what it is
/// called, how it is entered, and an example; made from a key's [`ClosureKey::form`].
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct FormField {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: FieldKind,
    /// Whether the field needs a value: every field of the form does (postage is always
    /// first or second).
    pub required: bool,
    /// A good value, used when the other fields are checked.
    #[serde(skip)]
    good: &'static str,
}

/// Every field, in the order the form asks for them: the keys of [`CLOSURE_KEYS`] that have
/// a [`ClosureKey::form`], in their order (worked out when the crate is compiled).
pub const FORM_FIELDS: &[FormField] = &form_fields::<{ asked_count(CLOSURE_KEYS) }>(CLOSURE_KEYS);

/// How many of `keys` the form asks for.
const fn asked_count(keys: &[&ClosureKey]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < keys.len() {
        if keys[i].form.is_some() {
            count += 1;
        }
        i += 1;
    }
    count
}

/// The form's fields for the `N` of `keys` it asks for, in their order.
const fn form_fields<const N: usize>(keys: &[&ClosureKey]) -> [FormField; N] {
    let mut fields = [FormField {
        key: "",
        label: "",
        hint: "",
        kind: FieldKind::Line,
        required: true,
        good: "",
    }; N];
    let mut n = 0;
    let mut i = 0;
    while i < keys.len() {
        if let Some(question) = keys[i].form {
            fields[n] = FormField {
                key: keys[i].key,
                label: question.label,
                hint: question.hint,
                kind: question.kind,
                required: true,
                good: question.good,
            };
            n += 1;
        }
        i += 1;
    }
    fields
}

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
            (CLOSING_PRACTICE_ODS_CODE, c.ods_code.clone()),
            (CLOSING_PRACTICE_NAME, c.name.clone()),
            (CLOSING_PRACTICE_ADDRESS, c.address.join("\n")),
            (CLOSING_PRACTICE_CLOSURE_DATE, date(c.closure_date)),
            (COMMISSIONER_NAME, m.name.clone()),
            (COMMISSIONER_TEAM, m.team.clone()),
            (COMMISSIONER_ADDRESS, m.address.join("\n")),
            (COMMISSIONER_PHONE, m.phone.clone()),
            (COMMISSIONER_EMAIL, m.email.clone()),
            (COMMISSIONER_SIGNATORY, m.signatory.clone()),
            (COMMISSIONER_SIGNATORY_ROLE, m.signatory_role.clone()),
            (AREA_NAME, closure.area.name.clone()),
            (
                AREA_POSTCODE_DISTRICTS,
                closure.area.postcode_districts.join(", "),
            ),
            (LETTERS_DATE, date(closure.letters.date)),
            (
                LETTERS_POSTAGE,
                match closure.letters.postage {
                    Postage::First => "first".to_string(),
                    Postage::Second => "second".to_string(),
                },
            ),
            (LETTERS_QR_URL, closure.letters.qr_url.clone()),
        ];
        ClosureForm {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.key.to_string(), v))
                .collect(),
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
            // A date in the form's own terms: the form asks for day/month/year.
            if field.kind == FieldKind::Date && super::date::parse_date(value).is_err() {
                problems.push(FieldProblem {
                    key: field.key.to_string(),
                    message: format!(
                        "Enter the {} as day/month/year, for example {}",
                        lower_first(field.label),
                        field.good
                    ),
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
                &InputFiles {
                    patients: "patients.csv".to_string(),
                    practices: "practices.csv".to_string(),
                    ..InputFiles::default()
                },
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
        self.to_toml_with(&InputFiles {
            patients: patients.to_string(),
            practices: practices.to_string(),
            ..InputFiles::default()
        })
    }

    /// The form as `closure.toml`, with its `[inputs]` as given.
    pub fn to_toml_with(&self, files: &InputFiles) -> String {
        toml_text(|key| self.value(key), files)
    }
}

/// `closure.toml`'s `[inputs]` as the web page keeps them: file names in the closure's folder,
/// and the columns the officer named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputFiles {
    pub patients: String,
    pub practices: String,
    pub practice_details: Option<String>,
    /// `[inputs.columns]`: field, header.
    pub columns: Vec<(String, String)>,
    /// The dispersal's other closing practices, planned with the form's one; with any, the
    /// file has `[[closing_practice]]` tables, each naming its own patient list.
    pub also_closing: Vec<AlsoClosing>,
}

/// A closing practice of the dispersal after the first (which the form holds), with its
/// patient list's file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlsoClosing {
    pub ods_code: String,
    pub name: String,
    pub address: Vec<String>,
    pub closure_date: chrono::NaiveDate,
    pub patients: String,
}

impl AlsoClosing {
    /// The practice as a `[[closing_practice]]` table.
    fn to_table(&self) -> toml::Table {
        let text = |t: &str| toml::Value::String(t.to_string());
        let mut table = toml::Table::new();
        table.insert(
            CLOSING_PRACTICE_ODS_CODE.name().into(),
            text(&self.ods_code),
        );
        table.insert(CLOSING_PRACTICE_NAME.name().into(), text(&self.name));
        table.insert(
            CLOSING_PRACTICE_ADDRESS.name().into(),
            toml::Value::Array(self.address.iter().map(|l| text(l)).collect()),
        );
        table.insert(
            CLOSING_PRACTICE_CLOSURE_DATE.name().into(),
            text(&self.closure_date.format("%d/%m/%Y").to_string()),
        );
        table.insert(
            CLOSING_PRACTICE_PATIENTS.name().into(),
            text(&self.patients),
        );
        table
    }
}

impl InputFiles {
    /// A closure's `[inputs]`, its files named without their folder.
    pub fn of(closure: &Closure) -> InputFiles {
        let name = |path: &Path| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        InputFiles {
            patients: name(&closure.lead().patients),
            practices: name(&closure.inputs.practices),
            practice_details: closure.inputs.practice_details.as_deref().map(name),
            columns: closure.inputs.columns.clone(),
            also_closing: closure.closing_practices[1..]
                .iter()
                .map(|c| AlsoClosing {
                    ods_code: c.ods_code.clone(),
                    name: c.name.clone(),
                    address: c.address.clone(),
                    closure_date: c.closure_date,
                    patients: name(&c.patients),
                })
                .collect(),
        }
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
fn toml_text<'a>(value: impl Fn(&str) -> &'a str, files: &InputFiles) -> String {
    let mut tables: Vec<(&str, toml::Table)> = Vec::new();
    for closure_key in CLOSURE_KEYS {
        let Some(question) = closure_key.form else {
            continue;
        };
        let (table, key) = (closure_key.table(), closure_key.name());
        let text = value(closure_key.key);
        let item = match question.kind {
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
    if files.also_closing.is_empty() {
        inputs.insert(
            INPUTS_PATIENTS.name().into(),
            toml::Value::String(files.patients.clone()),
        );
    }
    inputs.insert(
        INPUTS_PRACTICES.name().into(),
        toml::Value::String(files.practices.clone()),
    );
    if let Some(details) = &files.practice_details {
        inputs.insert(
            INPUTS_PRACTICE_DETAILS.name().into(),
            toml::Value::String(details.clone()),
        );
    }
    if !files.columns.is_empty() {
        let columns: toml::Table = files
            .columns
            .iter()
            .map(|(field, header)| (field.clone(), toml::Value::String(header.clone())))
            .collect();
        inputs.insert(INPUTS_COLUMNS.name().into(), toml::Value::Table(columns));
    }
    tables.push((INPUTS_PRACTICES.table(), inputs));
    let mut text = String::from("# Made by dispersal's web page.\n");
    for (name, mut table) in tables {
        let mut top = toml::Table::new();
        if name == CLOSING_PRACTICE_ODS_CODE.table() && !files.also_closing.is_empty() {
            // Several closing practices: each names its own patient list.
            table.insert(
                CLOSING_PRACTICE_PATIENTS.name().into(),
                toml::Value::String(files.patients.clone()),
            );
            let several = std::iter::once(table)
                .chain(files.also_closing.iter().map(AlsoClosing::to_table))
                .map(toml::Value::Table)
                .collect();
            top.insert(name.to_string(), toml::Value::Array(several));
        } else {
            top.insert(name.to_string(), toml::Value::Table(table));
        }
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
    fn a_dispersal_of_several_practices_reads_back_as_the_same_closure() {
        let files = InputFiles {
            patients: "patients.xlsx".to_string(),
            practices: "practices.csv".to_string(),
            also_closing: vec![AlsoClosing {
                ods_code: "G85002".to_string(),
                name: "Maddock Way \"Surgery\"".to_string(),
                address: vec!["1 Maddock Way".to_string(), "London SE17 3NH".to_string()],
                closure_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                patients: "patients-G85002.csv".to_string(),
            }],
            ..InputFiles::default()
        };
        let text = good().to_toml_with(&files);
        assert!(text.contains("[[closing_practice]]"), "{text}");
        let closure =
            super::super::closure::parse_closure(Path::new("/w/closure.toml"), &text).unwrap();
        assert_eq!(closure.closing_practices.len(), 2);
        assert_eq!(closure.lead().patients, Path::new("/w/patients.xlsx"));
        assert_eq!(
            closure.closing_practices[1].patients,
            Path::new("/w/patients-G85002.csv")
        );
        assert_eq!(closure.closing_practices[1].name, "Maddock Way \"Surgery\"");
        assert_eq!(InputFiles::of(&closure), files);
        assert_eq!(
            ClosureForm::from_closure(&closure).to_toml_with(&InputFiles::of(&closure)),
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
        assert_eq!(
            problems[2].message,
            "Enter the date on the letters as day/month/year, for example 24/11/2026"
        );
        assert!(problems[3].message.contains("https://"), "{problems:?}");
    }

    #[test]
    fn the_fields_are_the_keys_the_form_asks_for_and_a_closure_fills_each() {
        let asked: Vec<&str> = CLOSURE_KEYS
            .iter()
            .filter(|k| k.form.is_some())
            .map(|k| k.key)
            .collect();
        let fields: Vec<&str> = FORM_FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(fields, asked);
        for field in FORM_FIELDS {
            let key = CLOSURE_KEYS.iter().find(|k| k.key == field.key).unwrap();
            let question = key.form.unwrap();
            assert_eq!(
                (field.label, field.hint, field.kind, field.good),
                (question.label, question.hint, question.kind, question.good)
            );
        }
        let closure = super::super::closure::parse_closure(
            Path::new("/w/closure.toml"),
            &good().to_toml("p.csv", "q.csv"),
        )
        .unwrap();
        let form = ClosureForm::from_closure(&closure);
        let filled: Vec<&str> = form.values.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(filled, fields);
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

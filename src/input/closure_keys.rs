//! Input stage: the keys of `closure.toml`, each written once: its table and name, its TOML
//! type, whether the file needs it, an example line, and how the web page's form asks for it.
//!
//! [`super::closure`] checks a file against [`CLOSURE_KEYS`] and reads its values by these
//! keys; [`super::closure_form`] makes its fields from the keys the form asks for.

/// The TOML type a key needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlType {
    /// A string in double quotes.
    Text,
    /// A list of strings.
    TextList,
    /// A TOML date (`2026-09-30`) or a string (`"30/09/2026"`).
    Date,
    /// A table of strings (`[inputs.columns]`: `family_name = "Pt Surname"`).
    TextTable,
}

/// How a field of the web page's form is entered.
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

/// How the web page's form asks for a key: what the field is called, the hint under it, how
/// it is entered, and a good value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormQuestion {
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: FieldKind,
    /// A good value, used when the form's other fields are checked.
    pub good: &'static str,
}

/// One key of `closure.toml`: its dotted name (`closing_practice.ods_code`), its TOML type,
/// whether the file must have it, a line showing it (`ods_code = "G85999"`), and how the web
/// page's form asks for it (`None` when the form does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosureKey {
    pub key: &'static str,
    pub toml_type: TomlType,
    pub required: bool,
    pub example: &'static str,
    pub form: Option<FormQuestion>,
}

impl ClosureKey {
    /// The table the key is in (`closing_practice`).
    pub fn table(&self) -> &'static str {
        self.key.split_once('.').map_or("", |(table, _)| table)
    }

    /// The key's name within its table (`ods_code`).
    pub fn name(&self) -> &'static str {
        self.key.split_once('.').map_or(self.key, |(_, name)| name)
    }
}

/// The table that may be given several times, as `[[closing_practice]]`.
pub const SEVERAL: &str = "closing_practice";

pub const CLOSING_PRACTICE_ODS_CODE: ClosureKey = ClosureKey {
    key: "closing_practice.ods_code",
    toml_type: TomlType::Text,
    required: true,
    example: "ods_code = \"G85999\"",
    form: Some(FormQuestion {
        label: "ODS code of the closing practice",
        hint: "For example, G85999",
        kind: FieldKind::Line,
        good: "G85999",
    }),
};

pub const CLOSING_PRACTICE_NAME: ClosureKey = ClosureKey {
    key: "closing_practice.name",
    toml_type: TomlType::Text,
    required: true,
    example: "name = \"Riverside Medical Centre\"",
    form: Some(FormQuestion {
        label: "Name of the closing practice",
        hint: "As patients know it, for example, Riverside Medical Centre",
        kind: FieldKind::Line,
        good: "Riverside Medical Centre",
    }),
};

pub const CLOSING_PRACTICE_ADDRESS: ClosureKey = ClosureKey {
    key: "closing_practice.address",
    toml_type: TomlType::TextList,
    required: true,
    example: "address = [\"12 River Street\", \"London\", \"SE1 9ZZ\"]",
    form: Some(FormQuestion {
        label: "Address of the closing practice",
        hint: "One line of the address on each line",
        kind: FieldKind::Lines,
        good: "12 River Street\nLondon\nSE1 3QW",
    }),
};

pub const CLOSING_PRACTICE_CLOSURE_DATE: ClosureKey = ClosureKey {
    key: "closing_practice.closure_date",
    toml_type: TomlType::Date,
    required: true,
    example: "closure_date = 2026-09-30",
    form: Some(FormQuestion {
        label: "Date the practice closes",
        hint: "For example, 30/09/2026",
        kind: FieldKind::Date,
        good: "30/09/2026",
    }),
};

/// The closing practice's own patient list; needed with several `[[closing_practice]]`
/// tables, otherwise [`INPUTS_PATIENTS`] may name it instead.
pub const CLOSING_PRACTICE_PATIENTS: ClosureKey = ClosureKey {
    key: "closing_practice.patients",
    toml_type: TomlType::Text,
    required: false,
    example: "patients = \"maddock-way-patients.csv\"",
    form: None,
};

pub const COMMISSIONER_NAME: ClosureKey = ClosureKey {
    key: "commissioner.name",
    toml_type: TomlType::Text,
    required: true,
    example: "name = \"NHS South East London Integrated Care Board\"",
    form: Some(FormQuestion {
        label: "Commissioner's name",
        hint: "For example, NHS South East London Integrated Care Board",
        kind: FieldKind::Line,
        good: "NHS South East London Integrated Care Board",
    }),
};

pub const COMMISSIONER_TEAM: ClosureKey = ClosureKey {
    key: "commissioner.team",
    toml_type: TomlType::Text,
    required: true,
    example: "team = \"Primary Care Commissioning Team\"",
    form: Some(FormQuestion {
        label: "Team's name",
        hint: "The team patients contact, for example, Primary Care Commissioning Team",
        kind: FieldKind::Line,
        good: "Primary Care Commissioning Team",
    }),
};

pub const COMMISSIONER_ADDRESS: ClosureKey = ClosureKey {
    key: "commissioner.address",
    toml_type: TomlType::TextList,
    required: true,
    example: "address = [\"160 Tooley Street\", \"London\", \"SE1 2TZ\"]",
    form: Some(FormQuestion {
        label: "Commissioner's address",
        hint: "One line of the address on each line",
        kind: FieldKind::Lines,
        good: "160 Tooley Street\nLondon\nSE1 2TZ",
    }),
};

pub const COMMISSIONER_PHONE: ClosureKey = ClosureKey {
    key: "commissioner.phone",
    toml_type: TomlType::Text,
    required: true,
    example: "phone = \"020 3049 0000\"",
    form: Some(FormQuestion {
        label: "Phone number for patients",
        hint: "For example, 020 3049 0000",
        kind: FieldKind::Line,
        good: "020 3049 0000",
    }),
};

pub const COMMISSIONER_EMAIL: ClosureKey = ClosureKey {
    key: "commissioner.email",
    toml_type: TomlType::Text,
    required: true,
    example: "email = \"team@nhs.net\"",
    form: Some(FormQuestion {
        label: "Email address for patients",
        hint: "For example, team@nhs.net",
        kind: FieldKind::Line,
        good: "team@nhs.net",
    }),
};

pub const COMMISSIONER_SIGNATORY: ClosureKey = ClosureKey {
    key: "commissioner.signatory",
    toml_type: TomlType::Text,
    required: true,
    example: "signatory = \"Jane Doe\"",
    form: Some(FormQuestion {
        label: "Signatory's name",
        hint: "The full name of who signs the letters",
        kind: FieldKind::Line,
        good: "Jane Doe",
    }),
};

pub const COMMISSIONER_SIGNATORY_ROLE: ClosureKey = ClosureKey {
    key: "commissioner.signatory_role",
    toml_type: TomlType::Text,
    required: true,
    example: "signatory_role = \"Head of Primary Care\"",
    form: Some(FormQuestion {
        label: "Signatory's role",
        hint: "For example, Head of Primary Care",
        kind: FieldKind::Line,
        good: "Head of Primary Care",
    }),
};

pub const AREA_NAME: ClosureKey = ClosureKey {
    key: "area.name",
    toml_type: TomlType::Text,
    required: true,
    example: "name = \"Southwark\"",
    form: Some(FormQuestion {
        label: "Name of the area",
        hint: "For example, Southwark",
        kind: FieldKind::Line,
        good: "Southwark",
    }),
};

pub const AREA_POSTCODE_DISTRICTS: ClosureKey = ClosureKey {
    key: "area.postcode_districts",
    toml_type: TomlType::TextList,
    required: true,
    example: "postcode_districts = [\"SE1\", \"SE5\", \"SE15\"]",
    form: Some(FormQuestion {
        label: "Postcode districts in the area",
        hint: "Separated by commas, for example, SE1, SE5, SE15. Patients living elsewhere get the out-of-area letter",
        kind: FieldKind::List,
        good: "SE1",
    }),
};

pub const LETTERS_DATE: ClosureKey = ClosureKey {
    key: "letters.date",
    toml_type: TomlType::Date,
    required: true,
    example: "date = 2026-11-24",
    form: Some(FormQuestion {
        label: "Date on the letters",
        hint: "For example, 24/11/2026",
        kind: FieldKind::Date,
        good: "24/11/2026",
    }),
};

/// `first` or `second`; second class when the key is left out.
pub const LETTERS_POSTAGE: ClosureKey = ClosureKey {
    key: "letters.postage",
    toml_type: TomlType::Text,
    required: false,
    example: "postage = \"second\"",
    form: Some(FormQuestion {
        label: "Postage",
        hint: "NHS England pays 50p towards each one-page letter sent second class",
        kind: FieldKind::Postage,
        good: "second",
    }),
};

pub const LETTERS_QR_URL: ClosureKey = ClosureKey {
    key: "letters.qr_url",
    toml_type: TomlType::Text,
    required: true,
    example: "qr_url = \"https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/\"",
    form: Some(FormQuestion {
        label: "Link in the letters' QR code",
        hint: "For example, https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/",
        kind: FieldKind::Line,
        good: "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/",
    }),
};

/// The folder of reviewed translations; the letters are in English only when it is left out.
pub const LETTERS_LOCALES: ClosureKey = ClosureKey {
    key: "letters.locales",
    toml_type: TomlType::Text,
    required: false,
    example: "locales = \"reviewed-locales\"",
    form: None,
};

/// The patient list of the one closing practice (with several, each names its own in
/// [`CLOSING_PRACTICE_PATIENTS`]).
pub const INPUTS_PATIENTS: ClosureKey = ClosureKey {
    key: "inputs.patients",
    toml_type: TomlType::Text,
    required: false,
    example: "patients = \"patients.csv\"",
    form: None,
};

pub const INPUTS_PRACTICES: ClosureKey = ClosureKey {
    key: "inputs.practices",
    toml_type: TomlType::Text,
    required: true,
    example: "practices = \"practices.csv\"",
    form: None,
};

/// Where the closure's postcodes are: the ONS Postcode Directory or NSPL, the NHS Postcode
/// Directory's `gridall.csv`, OS Code-Point Open's zip, or a `postcode,latitude,longitude`
/// CSV (`--postcode-lookup` wins over it).
pub const INPUTS_POSTCODES: ClosureKey = ClosureKey {
    key: "inputs.postcodes",
    toml_type: TomlType::Text,
    required: false,
    example: "postcodes = \"ONSPD_NOV_2025_UK.csv\"",
    form: None,
};

/// What no national file holds about a practice: `ods_code`, and any of `email`, `capacity`,
/// `status`, `name`, `phone`, laid over the practices file (an `epraccur` from NHS ODS, say).
pub const INPUTS_PRACTICE_DETAILS: ClosureKey = ClosureKey {
    key: "inputs.practice_details",
    toml_type: TomlType::Text,
    required: false,
    example: "practice_details = \"practice-details.csv\"",
    form: None,
};

/// The columns of the patients file named by the officer: a field (`family_name`) and its
/// header in the file (`"Pt Surname"`), for a header no clinical system's name matches.
pub const INPUTS_COLUMNS: ClosureKey = ClosureKey {
    key: "inputs.columns",
    toml_type: TomlType::TextTable,
    required: false,
    example: "columns = { family_name = \"Pt Surname\" }",
    form: None,
};

/// Every key of `closure.toml`, table by table, in the order they are documented (and the
/// form asks for them).
pub const CLOSURE_KEYS: &[&ClosureKey] = &[
    &CLOSING_PRACTICE_ODS_CODE,
    &CLOSING_PRACTICE_NAME,
    &CLOSING_PRACTICE_ADDRESS,
    &CLOSING_PRACTICE_CLOSURE_DATE,
    &CLOSING_PRACTICE_PATIENTS,
    &COMMISSIONER_NAME,
    &COMMISSIONER_TEAM,
    &COMMISSIONER_ADDRESS,
    &COMMISSIONER_PHONE,
    &COMMISSIONER_EMAIL,
    &COMMISSIONER_SIGNATORY,
    &COMMISSIONER_SIGNATORY_ROLE,
    &AREA_NAME,
    &AREA_POSTCODE_DISTRICTS,
    &LETTERS_DATE,
    &LETTERS_POSTAGE,
    &LETTERS_QR_URL,
    &LETTERS_LOCALES,
    &INPUTS_PATIENTS,
    &INPUTS_PRACTICES,
    &INPUTS_POSTCODES,
    &INPUTS_PRACTICE_DETAILS,
    &INPUTS_COLUMNS,
];

/// The tables of `closure.toml`, in the order they are documented.
pub fn tables() -> Vec<&'static str> {
    let mut tables: Vec<&'static str> = Vec::new();
    for key in CLOSURE_KEYS {
        if !tables.contains(&key.table()) {
            tables.push(key.table());
        }
    }
    tables
}

/// The keys of one table, in the order they are documented.
pub fn keys_in(table: &str) -> Vec<&'static ClosureKey> {
    CLOSURE_KEYS
        .iter()
        .copied()
        .filter(|k| k.table() == table)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_written_once_in_a_table_and_its_example_names_it() {
        for (i, key) in CLOSURE_KEYS.iter().enumerate() {
            assert!(!key.table().is_empty(), "{}", key.key);
            assert!(
                key.example.starts_with(&format!("{} = ", key.name())),
                "{}: {}",
                key.key,
                key.example
            );
            assert!(
                CLOSURE_KEYS[..i].iter().all(|k| k.key != key.key),
                "{} twice",
                key.key
            );
        }
    }

    #[test]
    fn each_table_is_written_in_one_run() {
        let tables = tables();
        assert_eq!(
            tables,
            [
                "closing_practice",
                "commissioner",
                "area",
                "letters",
                "inputs"
            ]
        );
        assert!(tables.contains(&SEVERAL));
        let grouped: Vec<&str> = tables
            .iter()
            .flat_map(|t| keys_in(t))
            .map(|k| k.key)
            .collect();
        let listed: Vec<&str> = CLOSURE_KEYS.iter().map(|k| k.key).collect();
        assert_eq!(grouped, listed);
    }
}

//! Compose stage: turn the plan into letters — the letter model with every sentence worded
//! through Fluent in the patient's locale. Nothing here knows about layout or files.

mod letter;
mod practice_email;
mod wording;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;
use serde_json::json;

pub use letter::Letter;
pub use practice_email::{CHILD_UNDER, PracticeEmail, age, practice_emails};
pub use wording::{Locale, SOURCE_LOCALE, Wording, WordingError};

use crate::model::{Closure, LetterFormat, Patient};
use crate::plan::{Cohort, Plan, PlanEntry};

/// Body text size in points for each format (UKAAF large print is 16 pt or more).
pub fn body_size(format: LetterFormat) -> f64 {
    match format {
        LetterFormat::Standard => 12.0,
        LetterFormat::LargePrint => 16.0,
    }
}

/// Letters for everyone in the plan who gets one, in plan (file) order, plus one note per
/// language tag that has no locale yet (those patients get the en-GB letter).
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    pub letters: Vec<Letter>,
    pub notes: Vec<String>,
}

/// Composes every letter in the plan.
pub fn compose(plan: &Plan, wording: &Wording) -> Result<Composed, WordingError> {
    let mut letters = Vec::new();
    let mut unmatched: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for entry in plan.entries.iter().filter(|e| e.gets_letter()) {
        let Some(patient) = &entry.patient else {
            continue;
        };
        let (locale, matched) = wording.resolve(&patient.language);
        if !matched {
            unmatched
                .entry(patient.language.as_str())
                .or_default()
                .push(entry.row);
        }
        letters.push(compose_letter(
            plan,
            entry,
            patient,
            locale,
            patient.format,
        )?);
    }
    let notes = unmatched
        .into_iter()
        .map(|(tag, rows)| {
            let rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
            format!(
                "no letters in language \"{tag}\" yet: {} {} {} the {SOURCE_LOCALE} letter",
                if rows.len() == 1 {
                    "the patient on row"
                } else {
                    "the patients on rows"
                },
                rows.join(", "),
                if rows.len() == 1 { "gets" } else { "get" }
            )
        })
        .collect();
    Ok(Composed { letters, notes })
}

/// Composes one patient's letter in a given locale and format (the on-request path).
pub fn compose_letter(
    plan: &Plan,
    entry: &PlanEntry,
    patient: &Patient,
    locale: &Locale,
    format: LetterFormat,
) -> Result<Letter, WordingError> {
    let closure = &plan.closure;
    let cohort = entry.cohort;
    let letter_id = format!(
        "{}-{}-{:05}",
        closure.closing_practice.ods_code,
        cohort.code().to_uppercase(),
        entry.row
    );
    let t = |id: &str, args: &[(&str, FluentValue<'_>)]| locale.text(id, args);
    let date = |d: NaiveDate| long_date(locale, d);

    let closing = closure.closing_practice.name.as_str();
    let closed = if closure.closing_practice.closure_date <= closure.letters.date {
        "yes"
    } else {
        "no"
    };
    let mut address_block = vec![address_name(patient)];
    address_block.extend(patient.address_lines.iter().cloned());
    address_block.push(patient.postcode.text.clone());

    let reason_lead = format!(
        "{} {}",
        t(
            "practice-closure",
            &[
                ("closed", closed.into()),
                ("practice", closing.into()),
                ("date", date(closure.closing_practice.closure_date)?.into()),
            ],
        )?,
        t("wrote-before", &[])?
    );
    let commissioner = &closure.commissioner;
    let contact = [
        ("phone", commissioner.phone.as_str().into()),
        ("email", commissioner.email.as_str().into()),
    ];
    let code = cohort.code();

    let mut text = serde_json::Map::new();
    let mut put = |key: &str, value: String| {
        text.insert(key.to_string(), json!(value));
    };
    put("title", t(&format!("title-{code}"), &[])?);
    put(
        "heading",
        t(&format!("heading-{code}"), &[("practice", closing.into())])?,
    );
    put(
        "salutation",
        t("salutation", &[("name", salutation_name(patient).into())])?,
    );
    put("reason_lead", reason_lead);
    put(
        "reason",
        t(
            &format!("reason-{code}"),
            &[("area", closure.area.name.as_str().into())],
        )?,
    );
    put("rights_heading", t("rights-heading", &[])?);
    put("constitution_choose", t("constitution-choose", &[])?);
    put("find_gp_heading", t("find-gp-heading", &[])?);
    put("find_gp", t("find-gp", &[])?);
    put("other_formats", t("other-formats", &contact)?);
    put("sign_off", t("sign-off", &[])?);
    put(
        "qr_alt",
        t("qr-alt", &[("url", closure.letters.qr_url.as_str().into())])?,
    );
    let mut practice = serde_json::Value::Null;
    match cohort {
        Cohort::Allocate => {
            put("new_practice", t("new-practice", &[])?);
            put("records", t("records-2a", &[])?);
            put("choice", t("choice-2a", &[])?);
            put("constitution_doctor", t("constitution-doctor", &[])?);
            if let Some(allocation) = &entry.allocation {
                let p = plan.practice(allocation);
                let mut lines = p.address_lines.clone();
                lines.push(p.postcode.text.clone());
                practice = json!({
                    "name": p.name,
                    "lines": lines,
                    "phone": format!("{}: {}", t("label-phone", &[])?, p.phone),
                });
            }
        }
        Cohort::NotSeen => {
            put("ends", t("ends-2b", &[])?);
            put("register", t("register-2b", &[])?);
        }
        Cohort::OutOfArea => {
            put("action", t("action-2c", &[])?);
        }
        Cohort::Excluded | Cohort::Rejected => {}
    }

    let (lang, region) = split_tag(&locale.tag);
    let content = json!({
        "letter_id": letter_id,
        "cohort": code,
        "lang": lang,
        "region": region,
        "dir": "ltr",
        "format": format.as_str(),
        "body_size": body_size(format),
        "sender": sender(closure, locale)?,
        "recipient": address_block,
        "meta": [
            {"label": t("label-date", &[])?, "value": date(closure.letters.date)?},
            {"label": t("label-nhs-number", &[])?, "value": patient.nhs_number.to_string()},
            {"label": t("label-reference", &[])?, "value": letter_id},
        ],
        "practice": practice,
        "text": text,
        "signatory": commissioner.signatory,
        "signatory_role": commissioner.signatory_role,
    });

    Ok(Letter {
        letter_id,
        row: entry.row,
        nhs_number: patient.nhs_number.clone(),
        cohort,
        language: locale.tag.clone(),
        translation_status: locale.status.clone(),
        format,
        postcode: patient.postcode.clone(),
        address_block,
        qr_url: closure.letters.qr_url.clone(),
        manual_handling: patient
            .postcode
            .bfpo
            .then(|| "BFPO address: post by hand".to_string()),
        content,
    })
}

/// Longest name line written in full; longer names use initials for the given names.
pub const NAME_LINE_MAX: usize = 45;

/// The name line of the address block: the full name, or with initials when it is too long
/// for the envelope window ("Mrs A M Montgomery-Fotheringham").
fn address_name(patient: &Patient) -> String {
    let full = patient.full_name();
    if full.chars().count() <= NAME_LINE_MAX {
        return full;
    }
    let initials: Vec<String> = patient
        .given_name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_uppercase().to_string())
        .collect();
    [
        patient.title.clone(),
        initials.join(" "),
        patient.family_name.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// "Dear Mrs Okafor": title and family name when there is a title, else the full name.
fn salutation_name(patient: &Patient) -> String {
    if patient.title.is_empty() {
        format!("{} {}", patient.given_name, patient.family_name)
            .trim()
            .to_string()
    } else {
        format!("{} {}", patient.title, patient.family_name)
    }
}

fn sender(closure: &Closure, locale: &Locale) -> Result<serde_json::Value, WordingError> {
    let c = &closure.commissioner;
    let mut lines = vec![c.team.clone()];
    lines.extend(c.address.iter().cloned());
    Ok(json!({
        "name": c.name,
        "lines": lines,
        "phone": format!("{}: {}", locale.text("label-phone", &[])?, c.phone),
        "email": format!("{}: {}", locale.text("label-email", &[])?, c.email),
    }))
}

/// "24 November 2026", worded by the locale.
pub fn long_date(locale: &Locale, date: NaiveDate) -> Result<String, WordingError> {
    let month = locale.text(&format!("month-{}", date.month()), &[])?;
    locale.text(
        "date-long",
        &[
            ("day", FluentValue::from(date.day().to_string())),
            ("month", month.into()),
            ("year", FluentValue::from(date.year().to_string())),
        ],
    )
}

/// `en-GB` → ("en", "GB"); `zh-Hans` → ("zh", null).
fn split_tag(tag: &str) -> (String, serde_json::Value) {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("en").to_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|r| json!(r.to_uppercase()))
        .unwrap_or(serde_json::Value::Null);
    (lang, region)
}

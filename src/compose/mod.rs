//! Compose stage: turn the plan into letters — the letter model with every sentence worded
//! through Fluent in the patient's locale. Nothing here knows about layout or files.

mod easy_read;
mod letter;
mod practice_email;
mod review;
pub mod sms;
mod survey_email;
mod text_message;
mod wording;

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use fluent_bundle::FluentValue;
use serde::Serialize;

pub use easy_read::{EasyItem, EasyLine, EasyRead, Picture};
pub use letter::{
    CohortText, Direction, Letter, LetterContent, LetterRecord, LetterText, MetaItem,
    PracticeBlock, Sender, Text, TextRun,
};
pub use practice_email::{Addressed, CHILD_UNDER, PracticeEmail, age, is_child, practice_emails};
pub use review::{
    ExportRow, INSTRUCTIONS, MessageProblem, NOTES, Place, Review, ReviewError, SOURCE_ONLY,
    VARIABLES, export_rows, message_sources, message_variables, review_problems, reviewed_files,
};
pub use survey_email::{SurveyEmail, survey_emails};
pub use text_message::{TextMessage, TextMessageError, text_messages, word as word_text_message};
pub use wording::{Locale, SOURCE_LOCALE, Wording, WordingError};

use crate::model::{ClosingPractice, Closure, LetterFormat, PackedPatient, Patient, Postcode};
use crate::plan::{Cohort, Plan, PlanEntry};

/// The size of each part of a letter, in points, by its role: the one home of these
/// numbers. The typst layout and the Word writer set each part at its size, and the check
/// stage holds every laid-out letter to [`LetterSizes::smallest`] and
/// [`LetterSizes::reference`].
///
/// Standard print: the body at 12 pt, and the details the letter asks the patient to use
/// (phone, email, date, NHS number, reference) at the body's size; the rest of the
/// letterhead (the commissioner's team and address) at 10 pt, UKAAF's clear-print floor
/// being 12 pt for running text. Large print: nothing under 16 pt (UKAAF and NHS Notify),
/// headings larger than the body. The envelope window's address is sized by
/// [`crate::envelope::fit_up_to`], up to the body's size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LetterSizes {
    pub body: f64,
    /// The letter's heading ("You have been allocated to a new GP practice").
    pub heading: f64,
    /// Section headings ("Your rights"): bold at the body's size in standard print, larger
    /// in large print.
    pub section: f64,
    /// The commissioner's name at the top of the letterhead.
    pub organisation: f64,
    /// The rest of the letterhead: the commissioner's team and address.
    pub letterhead: f64,
    /// The reference block: phone, email, date, NHS number and reference, each labelled,
    /// and a translated letter's English notice (it gives the phone number to call).
    pub reference: f64,
}

impl LetterSizes {
    /// The smallest size any text outside the envelope window may have.
    pub fn smallest(&self) -> f64 {
        [
            self.body,
            self.heading,
            self.section,
            self.organisation,
            self.letterhead,
            self.reference,
        ]
        .into_iter()
        .fold(f64::INFINITY, f64::min)
    }
}

/// The sizes of a letter's parts for each format (UKAAF large print is 16 pt or more, and
/// so is easy read).
pub fn letter_sizes(format: LetterFormat) -> LetterSizes {
    match format {
        // A braille letter's printed part, its cover letter, is standard print.
        LetterFormat::Standard | LetterFormat::Braille | LetterFormat::BrailleGrade1 => {
            LetterSizes {
                body: 12.0,
                heading: 15.0,
                section: 12.0,
                organisation: 13.0,
                letterhead: 10.0,
                reference: 12.0,
            }
        }
        LetterFormat::LargePrint => LetterSizes {
            body: 16.0,
            heading: 20.0,
            section: 18.0,
            organisation: 18.0,
            letterhead: 16.0,
            reference: 16.0,
        },
        // Easy read: large print's floor, and headings larger still (Mencap and CHANGE's
        // guides: 16 pt or more, clear headings).
        LetterFormat::EasyRead => LetterSizes {
            body: 16.0,
            heading: 22.0,
            section: 20.0,
            organisation: 18.0,
            letterhead: 16.0,
            reference: 16.0,
        },
    }
}

/// Letters for everyone in the plan who gets one, in plan (file) order, plus one note per
/// language tag that has no locale yet (those patients get the en-GB letter).
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    pub letters: Vec<Letter>,
    pub notes: Vec<String>,
}

/// Composes every letter in the plan at once (a run composes each print file's letters as it
/// typesets them instead; see [`letter_orders`]).
pub fn compose(plan: &Plan, wording: &Wording) -> Result<Composed, WordingError> {
    let orders = letter_orders(plan, wording);
    let letters = orders
        .letters
        .iter()
        .map(|order| order.compose(plan, wording))
        .collect::<Result<_, _>>()?;
    Ok(Composed {
        letters,
        notes: orders.notes,
    })
}

/// Why a BFPO letter is left out of the print run.
pub const MANUAL_HANDLING_BFPO: &str = "BFPO address: post by hand";

/// A letter the run will write, decided from the plan before any wording: which patient, in
/// which locale and format, and where it sorts in the print batch.
#[derive(Debug, Clone)]
pub struct LetterOrder<'a> {
    pub entry: &'a PlanEntry,
    /// The entry's patient, packed: [`LetterOrder::patient`] unpacks it while the letter is
    /// made, so a run's orders hold no patient unpacked.
    pub packed: &'a PackedPatient,
    pub locale: &'a Locale,
    pub format: LetterFormat,
    /// The closing practice whose list the patient is on (a thin pointer: a run keeps every
    /// letter's order).
    pub closing: &'a ClosingPractice,
}

/// What the batch keeps about a letter: the same whether the letter is worded or not.
fn letter_record(
    closing_ods: &str,
    letter_id: CompactString,
    entry: &PlanEntry,
    patient: &Patient,
    locale: &Locale,
    format: LetterFormat,
) -> LetterRecord {
    LetterRecord {
        letter_id,
        closing: entry.closing,
        closing_ods: closing_ods.into(),
        row: entry.row,
        nhs_number: patient.nhs_number.clone(),
        cohort: entry.cohort,
        language: locale.tag.as_str().into(),
        translation_status: locale.status.as_str().into(),
        format,
        postcode: patient.postcode.clone(),
        manual_handling: patient
            .postcode
            .bfpo
            .then(|| MANUAL_HANDLING_BFPO.to_string()),
    }
}

impl LetterOrder<'_> {
    /// The letter's patient, unpacked.
    pub fn patient(&self) -> Patient {
        self.packed.unpack()
    }

    /// The letter's id, made when asked for (a run keeps every letter's order).
    pub fn letter_id(&self) -> CompactString {
        letter_id_at(&self.closing.ods_code, self.entry)
    }

    /// The letter's record (identity and print grouping), without wording it: the same as
    /// the composed letter's.
    pub fn record(&self) -> LetterRecord {
        letter_record(
            &self.closing.ods_code,
            self.letter_id(),
            self.entry,
            &self.patient(),
            self.locale,
            self.format,
        )
    }

    /// The patient's postcode (print files are in postcode order), without unpacking the
    /// rest.
    pub fn postcode(&self) -> Postcode {
        self.packed.postcode()
    }

    /// Letters to BFPO addresses are posted by hand, not in the print run.
    pub fn manual_handling(&self) -> bool {
        self.postcode().bfpo
    }

    /// Words the letter.
    pub fn compose(&self, plan: &Plan, wording: &Wording) -> Result<Letter, WordingError> {
        compose_letter(
            plan,
            self.entry,
            &self.patient(),
            self.locale,
            self.format,
            wording,
        )
    }
}

/// Every letter the plan calls for, in plan (file) order, with the notes [`Composed`] has.
#[derive(Debug, Clone)]
pub struct LetterOrders<'a> {
    pub letters: Vec<LetterOrder<'a>>,
    pub notes: Vec<String>,
}

/// Decides every letter the plan calls for (who, locale, format) without wording any.
pub fn letter_orders<'a>(plan: &'a Plan, wording: &'a Wording) -> LetterOrders<'a> {
    let mut letters = Vec::new();
    type Rows = std::collections::BTreeMap<String, Vec<String>>;
    // Language tags with no letters; tags whose patients read braille with no braille tables
    // for it; tags whose patients need easy read, which is in English only: each tag's rows.
    let (mut unmatched, mut no_braille, mut easy_in_english): (Rows, Rows, Rows) =
        Default::default();
    for entry in plan.entries.iter().filter(|e| e.gets_letter()) {
        let Some(packed) = &entry.packed else {
            continue;
        };
        // Unpacked only while its order is decided.
        let patient = &packed.unpack();
        let (locale, matched) = wording.resolve(&patient.language);
        let locale = if patient.format == LetterFormat::EasyRead {
            if locale.tag != SOURCE_LOCALE || !matched {
                easy_in_english
                    .entry(patient.language.to_string())
                    .or_default()
                    .push(row_name(plan, entry));
            }
            wording.easy_read()
        } else if patient.format.is_braille() && !has_braille(locale) {
            no_braille
                .entry(patient.language.to_string())
                .or_default()
                .push(row_name(plan, entry));
            wording.source()
        } else {
            if !matched {
                unmatched
                    .entry(patient.language.to_string())
                    .or_default()
                    .push(row_name(plan, entry));
            }
            locale
        };
        letters.push(LetterOrder {
            entry,
            packed,
            locale,
            format: patient.format,
            closing: plan.closing(entry),
        });
    }
    let rows_get = |rows: &[String]| {
        format!(
            "{} {} {}",
            if rows.len() == 1 {
                "the patient on row"
            } else {
                "the patients on rows"
            },
            rows.join(", "),
            if rows.len() == 1 { "gets" } else { "get" }
        )
    };
    let notes = unmatched
        .iter()
        .map(|(tag, rows)| {
            format!(
                "no letters in language \"{tag}\" yet: {} the {SOURCE_LOCALE} letter",
                rows_get(rows)
            )
        })
        .chain(no_braille.iter().map(|(tag, rows)| {
            format!(
                "no braille tables for language \"{tag}\" yet: {} the letter in English braille",
                rows_get(rows)
            )
        }))
        .chain(easy_in_english.iter().map(|(tag, rows)| {
            format!(
                "easy-read letters are in English only, not in language \"{tag}\": {} the {SOURCE_LOCALE} easy-read letter",
                rows_get(rows)
            )
        }))
        .collect();
    LetterOrders { letters, notes }
}

/// A patient's row as notes name it: with its closing practice when there are several.
fn row_name(plan: &Plan, entry: &PlanEntry) -> String {
    if plan.closure.several() {
        format!("{} {}", plan.closing(entry).ods_code, entry.row)
    } else {
        entry.row.to_string()
    }
}

/// Whether braille letters can be made in the locale's language (its liblouis tables are
/// compiled in: [`crate::model::BRAILLE_TABLES`]).
pub fn has_braille(locale: &Locale) -> bool {
    let language = locale.tag.split('-').next().unwrap_or_default();
    crate::model::BRAILLE_TABLES
        .iter()
        .any(|(l, _, _)| *l == language)
}

/// `G85999-2A-00042`: closing practice, cohort, patient-file row. No patient data. A letter
/// sent before keeps its reference ([`PlanEntry::reference`]).
fn letter_id(closure: &Closure, entry: &PlanEntry) -> String {
    letter_id_at(&closure.closing(entry.closing).ods_code, entry).into()
}

/// [`letter_id`], for the closing practice `closing_ods`.
fn letter_id_at(closing_ods: &str, entry: &PlanEntry) -> CompactString {
    if let Some(reference) = entry.reference() {
        return reference.into();
    }
    made_letter_id(closing_ods, entry.cohort, entry.row)
}

/// A letter's id made from its closing practice, cohort and row (`G85999-2A-00042`): every
/// letter's but a re-issue's, which keeps the one sent.
pub fn made_letter_id(closing_ods: &str, cohort: Cohort, row: usize) -> CompactString {
    compact_str::format_compact!(
        "{}-{}-{:05}",
        closing_ods,
        cohort.code().to_uppercase(),
        row
    )
}

/// Days a 2c patient has to register with a practice near home.
pub const OUT_OF_AREA_DAYS: i64 = 30;

/// Private-use marks the compose stage puts around left-to-right values (phone numbers, email
/// addresses, NHS numbers) in right-to-left text; they become separate runs in the letter data
/// and never reach the PDF.
const LTR_START: char = '\u{E000}';
const LTR_END: char = '\u{E001}';

/// Composes one patient's letter in a given locale and format (the on-request path).
pub fn compose_letter(
    plan: &Plan,
    entry: &PlanEntry,
    patient: &Patient,
    locale: &Locale,
    format: LetterFormat,
    wording: &Wording,
) -> Result<Letter, WordingError> {
    // Easy read is in English only.
    let easy = format == LetterFormat::EasyRead;
    let locale = if easy { wording.easy_read() } else { locale };
    let closure = &plan.closure;
    let cohort = entry.cohort;
    let code = cohort.code();
    let letter_id = letter_id(closure, entry);
    // A value that must read left to right even inside right-to-left text.
    // Also keeps a phone number from breaking across lines in left-to-right letters.
    let ltr = |v: &str| -> String { format!("{LTR_START}{v}{LTR_END}") };
    let t = |id: &str, args: &[(&str, FluentValue<'_>)]| locale.text(id, args);
    let date = |d: NaiveDate| long_date(locale, d);

    let closing_practice = closure.closing(entry.closing);
    let closing = closing_practice.name.as_str();
    let closed = if closing_practice.closure_date <= closure.letters.date {
        "yes"
    } else {
        "no"
    };
    // A child's letter goes to their parent or guardian, and names the child without a title,
    // as the window's name line would (initials for a very long name): in English in the
    // window, for the post, like the address.
    let child = is_child(patient.date_of_birth, closure.letters.date).then(|| {
        crate::envelope::Name {
            title: "",
            ..patient.name()
        }
        .line()
    });
    let mut recipient = match &child {
        Some(_) => patient
            .name()
            .parent_lines(&wording.source().text("window-child", &[])?),
        None => vec![patient.name().line()],
    };
    recipient.extend(patient.address_lines.iter().map(|l| l.to_string()));
    recipient.push(patient.postcode.text.to_string());

    let commissioner = &closure.commissioner;
    let days = FluentValue::from(OUT_OF_AREA_DAYS);
    // Chinese and Japanese put no space between sentences.
    let sentence_gap = if matches!(locale.tag.split('-').next(), Some("zh" | "ja")) {
        ""
    } else {
        " "
    };
    let say = |id: &str, args: &[(&str, FluentValue<'_>)]| t(id, args).map(|s| runs(&s));
    let cohort_text = match cohort {
        Cohort::Allocate => CohortText::Allocate {
            new_practice: say("new-practice", &[])?,
            records: say("records-2a", &[])?,
            choice: say("choice-2a", &[])?,
            constitution_doctor: say("constitution-doctor", &[])?,
        },
        Cohort::NotSeen => CohortText::NotSeen {
            ends: say("ends-2b", &[])?,
            register: say("register-2b", &[])?,
        },
        Cohort::OutOfArea => CohortText::OutOfArea {
            action: say("action-2c", &[("days", days.clone())])?,
        },
        Cohort::Notice1 | Cohort::Notice2 => CohortText::Notice {
            nearby_practices: say("nearby-practices", &[])?,
            warning: match cohort {
                Cohort::Notice2 => Some(say("warning-2", &[])?),
                _ => None,
            },
        },
        Cohort::Excluded | Cohort::Rejected => {
            return Err(WordingError::NoLetter { cohort: code });
        }
    };
    let translated_notice = if locale.tag != SOURCE_LOCALE {
        let source = wording.source();
        Some(runs(&source.text(
            "translated-notice",
            &[
                ("language", locale.english_name.as_str().into()),
                ("phone", commissioner.phone.as_str().into()),
            ],
        )?))
    } else {
        None
    };
    let text = LetterText {
        title: say(&format!("title-{code}"), &[("days", days.clone())])?,
        heading: say(
            &if easy {
                format!("easy-heading-{code}")
            } else {
                format!("heading-{code}")
            },
            &[("practice", closing.into()), ("days", days.clone())],
        )?,
        salutation: match &child {
            Some(name) => say("salutation-child", &[("child", name.as_str().into())])?,
            None => say("salutation", &[("name", salutation_name(patient).into())])?,
        },
        child: child
            .as_ref()
            .map(|name| say("child-about", &[("child", name.as_str().into())]))
            .transpose()?,
        reason_lead: runs(
            format!(
                "{}{}{}",
                t(
                    "practice-closure",
                    &[
                        ("closed", closed.into()),
                        ("practice", closing.into()),
                        ("date", date(closing_practice.closure_date)?.into()),
                    ],
                )?,
                sentence_gap,
                // Letter 1 is the first we write; every later letter says we wrote before.
                if cohort == Cohort::Notice1 {
                    String::new()
                } else {
                    t("wrote-before", &[])?
                }
            )
            .trim_end(),
        ),
        reason: say(
            &format!("reason-{code}"),
            &[
                ("area", closure.area.name.as_str().into()),
                ("practice", closing.into()),
            ],
        )?,
        rights_heading: say("rights-heading", &[])?,
        constitution_choose: say("constitution-choose", &[])?,
        find_gp_heading: say("find-gp-heading", &[])?,
        find_gp: say("find-gp", &[])?,
        other_formats: say(
            "other-formats",
            &[
                ("phone", ltr(&commissioner.phone).into()),
                ("email", ltr(&commissioner.email).into()),
            ],
        )?,
        sign_off: say("sign-off", &[])?,
        qr_alt: say("qr-alt", &[("url", closure.letters.qr_url.as_str().into())])?,
        braille_cover: format
            .is_braille()
            .then(|| {
                let grade = if format == LetterFormat::BrailleGrade1 {
                    "one"
                } else {
                    "two"
                };
                say("braille-cover", &[("grade", grade.into())])
            })
            .transpose()?,
        translated_notice,
        cohort: cohort_text,
    };
    // A practice's name, address and phone, as the letter shows it.
    let block = |p: &crate::model::Practice| -> Result<PracticeBlock, WordingError> {
        // Practices often repeat their name as the first address line.
        let mut lines: Vec<String> = p
            .address_lines
            .iter()
            .filter(|l| l.trim() != p.name.trim())
            .cloned()
            .collect();
        lines.push(p.postcode.text.to_string());
        Ok(PracticeBlock {
            name: p.name.clone(),
            lines,
            phone: runs(&format!(
                "{}{}{}",
                t("label-phone", &[])?,
                locale.label_separator,
                ltr(&p.phone)
            )),
        })
    };
    let practice = match (cohort, &entry.allocation) {
        (Cohort::Allocate, Some(allocation)) => Some(block(plan.practice(allocation))?),
        _ => None,
    };
    let nearby = entry
        .nearby()
        .iter()
        .filter_map(|&i| plan.practices.get(i))
        .map(block)
        .collect::<Result<Vec<_>, _>>()?;

    let easy_read = if easy {
        Some(easy_read::easy_read(
            locale,
            easy_read::EasyFacts {
                cohort,
                closing,
                closed,
                closure_date: date(closing_practice.closure_date)?,
                area: &closure.area.name,
                days: OUT_OF_AREA_DAYS,
                phone: ltr(&commissioner.phone),
                email: ltr(&commissioner.email),
                practice: practice.clone(),
                nearby: nearby.clone(),
                qr_url: &closure.letters.qr_url,
            },
            &say,
        )?)
    } else {
        None
    };

    let (lang, region) = split_tag(&locale.tag);
    let content = LetterContent {
        letter_id: letter_id.clone(),
        cohort,
        lang,
        region,
        dir: if locale.direction == "rtl" {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        fonts: locale.fonts.clone(),
        format,
        sizes: letter_sizes(format),
        label_separator: locale.label_separator.clone(),
        sentence_separator: locale.sentence_separator.clone(),
        leading: locale.leading,
        sender: sender(closure),
        contact: vec![
            MetaItem {
                label: t("label-phone", &[])?,
                value: commissioner.phone.clone(),
                ltr: true,
                own: false,
            },
            MetaItem {
                label: t("label-email", &[])?,
                value: commissioner.email.clone(),
                ltr: true,
                own: false,
            },
        ],
        recipient,
        meta: vec![
            MetaItem {
                label: t("label-date", &[])?,
                value: date(closure.letters.date)?,
                ltr: false,
                own: false,
            },
            MetaItem {
                label: t("label-nhs-number", &[])?,
                value: patient.nhs_number.to_string(),
                ltr: true,
                own: true,
            },
            MetaItem {
                label: t("label-reference", &[])?,
                value: letter_id.clone(),
                ltr: true,
                own: true,
            },
        ],
        practice,
        nearby,
        text,
        easy_read,
        signatory: commissioner.signatory.clone(),
        signatory_role: commissioner.signatory_role.clone(),
    };

    Ok(Letter {
        record: letter_record(
            &closing_practice.ods_code,
            letter_id.into(),
            entry,
            patient,
            locale,
            format,
        ),
        qr_url: closure.letters.qr_url.clone(),
        content,
    })
}

/// A worded text for the layout: plain, or — when it holds left-to-right values marked for
/// right-to-left text — runs.
fn runs(text: &str) -> Text {
    if !text.contains(LTR_START) {
        return Text::Plain(text.to_string());
    }
    let mut out = Vec::new();
    let mut rest = text;
    let run = |t: &str, ltr: bool| TextRun {
        t: t.to_string(),
        ltr,
    };
    while let Some(start) = rest.find(LTR_START) {
        if start > 0 {
            out.push(run(&rest[..start], false));
        }
        let after = &rest[start + LTR_START.len_utf8()..];
        let end = after.find(LTR_END).unwrap_or(after.len());
        out.push(run(&after[..end], true));
        rest = after.get(end + LTR_END.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(run(rest, false));
    }
    Text::Runs(out)
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

/// The letterhead: the commissioner's name, then its team, then its address on one line.
fn sender(closure: &Closure) -> Sender {
    let c = &closure.commissioner;
    Sender {
        name: c.name.clone(),
        lines: vec![c.team.clone(), c.address.join(", ")],
    }
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

/// `en-GB` → ("en", Some("GB")); `zh-Hans` → ("zh", None).
fn split_tag(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("en").to_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|r| r.to_uppercase());
    (lang, region)
}

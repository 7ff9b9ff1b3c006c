//! Compose stage: the text message sent with letter 1 or 2 to each patient with a mobile
//! number — worded by the locale's `sms-1` or `sms-2`, with Notify's replacements of smart
//! quotes, dashes and ellipses, and counted as a bulk-SMS service counts it.

use std::collections::HashMap;

use super::sms::{self, SmsCount};
use super::{LetterOrder, Locale, WordingError, long_date};
use crate::plan::Plan;

/// One text message, for `sms.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMessage {
    /// `+447…`.
    pub mobile: String,
    /// The locale the text is worded in (the letter's).
    pub language: String,
    pub text: String,
    pub count: SmsCount,
}

/// A text message too long to send, or not worded.
#[derive(Debug, thiserror::Error)]
pub enum TextMessageError {
    #[error("{}\nhint: {}", self.problem(), self.fix().join("\nhint: "))]
    TooLong {
        id: String,
        language: String,
        length: usize,
        limit: usize,
    },
    #[error(transparent)]
    Wording(#[from] WordingError),
}

impl TextMessageError {
    /// What is wrong.
    pub fn problem(&self) -> String {
        match self {
            TextMessageError::TooLong {
                id,
                language,
                length,
                limit,
            } => format!(
                "the {id} text message in {language} is {length} characters: GOV.UK Notify sends at most {limit}"
            ),
            TextMessageError::Wording(e) => e.to_string(),
        }
    }

    /// What to do.
    pub fn fix(&self) -> Vec<String> {
        match self {
            TextMessageError::TooLong { id, language, .. } => vec![format!(
                "shorten {id} in locales/{language}/letters.ftl (or the reviewed locale's), or the closing practice's name"
            )],
            TextMessageError::Wording(_) => vec![],
        }
    }
}

/// The messages for every letter whose patient has a mobile number, in print order, and
/// notes for the officer: which languages Notify itself cannot send.
pub fn text_messages(
    plan: &Plan,
    orders: &[LetterOrder<'_>],
) -> Result<(Vec<TextMessage>, Vec<String>), TextMessageError> {
    // The text is the same for every patient of one closing practice in one language.
    let mut texts: HashMap<(&str, usize), (String, SmsCount)> = HashMap::new();
    let mut messages = Vec::new();
    let mut unsendable: std::collections::BTreeMap<String, usize> = Default::default();
    for order in orders {
        let Some(mobile) = order.patient().mobile else {
            continue;
        };
        let key = (order.locale.tag.as_str(), order.entry.closing);
        let (text, count) = match texts.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(word(
                plan,
                order.locale,
                order.entry.closing,
                order.entry.cohort,
            )?),
        };
        if !sms::notify_unsendable(text).is_empty() {
            *unsendable.entry(order.locale.tag.to_string()).or_default() += 1;
        }
        messages.push(TextMessage {
            mobile: mobile.to_string(),
            language: order.locale.tag.to_string(),
            text: text.clone(),
            count: *count,
        });
    }
    let notes = unsendable
        .into_iter()
        .map(|(tag, n)| {
            format!(
                "{} in {tag} {} characters GOV.UK Notify cannot send (it would turn them into question marks): send them through a service that sends UCS-2 text, or send the en-GB text",
                crate::model::count(n, "text message", "text messages"),
                if n == 1 { "uses" } else { "use" }
            )
        })
        .collect();
    Ok((messages, notes))
}

/// One locale's message for one closing practice's patients (`closing`, an index into the
/// closure's), for letter `cohort`: the text as sent and its count, or why it cannot be sent.
pub fn word(
    plan: &Plan,
    locale: &Locale,
    closing: usize,
    cohort: crate::plan::Cohort,
) -> Result<(String, SmsCount), TextMessageError> {
    let closure = &plan.closure;
    let practice = closure.closing(closing);
    let id = format!("sms-{}", cohort.code());
    let raw = locale.text(
        &id,
        &[
            ("practice", practice.name.as_str().into()),
            ("date", long_date(locale, practice.closure_date)?.into()),
            ("phone", closure.commissioner.phone.as_str().into()),
        ],
    )?;
    // One line: a line break in a message would split the CSV row for some services.
    let text = sms::punctuation_replacements(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
    let length = text.encode_utf16().count();
    if length > sms::MAX_CHARACTERS {
        return Err(TextMessageError::TooLong {
            id,
            language: locale.tag.to_string(),
            length,
            limit: sms::MAX_CHARACTERS,
        });
    }
    let count = sms::count(&text);
    Ok((text, count))
}

//! Compose stage, translation review: what the translator is told. Each message's note
//! ([`NOTES`]), what each variable holds ([`VARIABLES`]), the workbook's instructions sheet
//! ([`INSTRUCTIONS`]), and the two put together as a row's `notes` cell.

use std::collections::BTreeSet;

/// What each message is for in the letter, for the translator (the `notes` column). Every
/// en-GB message has one; a unit test holds them to that.
pub const NOTES: &[(&str, &str)] = &[
    (
        "date-long",
        "A date written out in full, as on the letter's date line and in the sentence about the closure.",
    ),
    (
        "month-1",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-2",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-3",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-4",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-5",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-6",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-7",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-8",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-9",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-10",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-11",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "month-12",
        "The month's name as it appears inside a full date (date-long).",
    ),
    (
        "translated-notice",
        "The one English line at the top of every translated letter (English only).",
    ),
    (
        "label-phone",
        "Label before the commissioner's (and the new practice's) phone number.",
    ),
    (
        "label-email",
        "Label before the commissioner's email address.",
    ),
    ("label-date", "Label before the date of the letter."),
    ("label-nhs-number", "Label before the patient's NHS number."),
    (
        "label-reference",
        "Label before the letter's reference, which the patient quotes when they call.",
    ),
    ("salutation", "The greeting at the start of the letter."),
    ("sign-off", "The closing words above the signatory's name."),
    (
        "salutation-child",
        "The greeting of a letter about a child under 16, which goes to the child's parent or guardian.",
    ),
    (
        "child-about",
        "A letter about a child under 16, after the greeting: whom the letter is about, and that where the letter speaks to the patient (\"you\"), it means the child. Say it in the way your translation speaks to the patient. Keep it short: the letter must still fit one page.",
    ),
    (
        "window-child",
        "Before a child's name in the envelope window, addressing the letter to their parent or guardian (English only).",
    ),
    (
        "braille-cover",
        "The one sentence of the printed cover letter that goes with a letter in braille, in the language of the braille. [one] is for uncontracted braille (every letter in braille, no short forms); [two] for braille as usual.",
    ),
    (
        "practice-closure",
        "First sentence of every letter: the patient's GP practice has closed or is closing. The first line chooses by whether the closure date has passed: [yes] it has closed, [no] it is closing.",
    ),
    (
        "wrote-before",
        "Reminds the patient that we wrote before, asking them to register elsewhere.",
    ),
    (
        "title-2a",
        "Title at the top of the letter to patients we have registered with a new practice (letter 2a).",
    ),
    (
        "heading-2a",
        "Heading of letter 2a (registered with a new practice).",
    ),
    (
        "reason-2a",
        "Letter 2a: why we registered the patient with a new practice.",
    ),
    (
        "new-practice",
        "Letter 2a: heading above the new practice's name, address and phone.",
    ),
    (
        "records-2a",
        "Letter 2a: what happens to the patient's medical records, and what to do next.",
    ),
    (
        "choice-2a",
        "Letter 2a: the patient may choose another practice.",
    ),
    (
        "title-2b",
        "Title of the letter to patients whose registration has ended (letter 2b: not seen for 5 years or more).",
    ),
    ("heading-2b", "Heading of letter 2b (registration ended)."),
    ("reason-2b", "Letter 2b: why the registration ended."),
    (
        "ends-2b",
        "Letter 2b: the patient is not registered with any practice now.",
    ),
    ("register-2b", "Letter 2b: how to register again."),
    (
        "title-2c",
        "Title of the letter to patients who live outside the area (letter 2c).",
    ),
    (
        "heading-2c",
        "Heading of letter 2c (lives outside the area): register within a number of days. The number chooses the form: [one] for 1, [other] for any other number; add the plural forms your language needs (e.g. [few], [many]).",
    ),
    (
        "reason-2c",
        "Letter 2c: why we cannot register the patient here.",
    ),
    (
        "action-2c",
        "Letter 2c: what the patient must do, and what happens if they do not. Plural forms as in heading-2c.",
    ),
    (
        "rights-heading",
        "Heading above the two NHS Constitution sentences.",
    ),
    (
        "constitution-choose",
        "The NHS Constitution's right to choose a GP practice. Keep the meaning exact: it is a legal right.",
    ),
    (
        "constitution-doctor",
        "The NHS Constitution's right to prefer a particular doctor. Keep the meaning exact: it is a legal right.",
    ),
    ("find-gp-heading", "Heading above how to find a GP."),
    (
        "find-gp",
        "How to find and register with a GP. Keep \"find a GP\", www.nhs.uk and NHS 111 as they are: they are what the patient searches for or calls.",
    ),
    (
        "other-formats",
        "How to ask for the letter in another language or format.",
    ),
    (
        "qr-alt",
        "Read aloud by screen readers in place of the QR code's picture.",
    ),
    (
        "title-1",
        "Title at the top of letter 1, sent at least two months before the practice closes.",
    ),
    (
        "heading-1",
        "Heading of letter 1: please register with another practice.",
    ),
    (
        "reason-1",
        "Letter 1, after practice-closure: why and how soon to register elsewhere.",
    ),
    (
        "nearby-practices",
        "Letters 1 and 2: above the names, addresses and phone numbers of the 3 nearest practices taking patients.",
    ),
    (
        "title-2",
        "Title at the top of letter 2, the reminder sent a month after letter 1.",
    ),
    ("heading-2", "Heading of letter 2 (the reminder)."),
    (
        "reason-2",
        "Letter 2, after wrote-before: the patient has not registered elsewhere yet.",
    ),
    (
        "warning-2",
        "Letter 2, in bold: patients who neither register nor opt out will be allocated to a practice.",
    ),
    (
        "sms-1",
        "Text message sent with letter 1. One line; as short as the language allows (160 plain characters or 70 in other scripts is one message).",
    ),
    (
        "sms-2",
        "Text message sent with letter 2 (the reminder). One line; as short as the language allows.",
    ),
];

/// What each variable holds, for the translator's notes.
pub const VARIABLES: &[(&str, &str)] = &[
    ("day", "the day of the month, a number (24)"),
    ("month", "the month's name, from the month messages"),
    ("year", "the year, a number (2026)"),
    ("language", "the letter's language, in English (\"Polish\")"),
    ("phone", "the commissioner's phone number"),
    ("email", "the commissioner's email address"),
    (
        "name",
        "the patient's title and name (\"Mrs Amina Okafor\")",
    ),
    (
        "closed",
        "yes if the practice has already closed, no if not: choose the sentence, do not print it",
    ),
    (
        "practice",
        "the name of the practice that is closing (\"Riverside Medical Centre\")",
    ),
    ("date", "the closure date, written out in full (date-long)"),
    (
        "days",
        "a number of days (30): choose the plural form with it",
    ),
    (
        "area",
        "the name of the commissioner's area (\"Southwark\")",
    ),
    ("url", "the web address the QR code opens"),
    (
        "child",
        "the child's given and family name, without a title (\"Hao Liu\"; initials for very long given names)",
    ),
    (
        "grade",
        "one for uncontracted (grade 1) braille, two for contracted: choose the sentence, do not print it",
    ),
];

/// The instructions sheet of the review workbook, one paragraph a row, in plain English.
pub const INSTRUCTIONS: &[&str] = &[
    "How to review this translation",
    "Thank you for checking these letters. Each row of the first sheet (\"Messages\") is one sentence, heading or label that patients read in a letter about their GP practice closing.",
    "1. Read the English text (column \"english\") and the current translation (column \"current\"). Column \"notes\" says what the text is for and what each { $variable } holds.",
    "2. If the current translation is right, leave \"reviewed\" empty: the current text is kept.",
    "3. If it needs changing, write the whole corrected text in \"reviewed\". Write the full sentence, not only the changed words.",
    "4. Keep every { $variable } exactly as it is written in the English text, with its braces and dollar sign, for example { $practice }. Move it to where your language needs it, but do not translate, remove or add one. The letter fills it in (a name, a date, a number).",
    "5. Some texts choose between forms, for example { $days -> [one] ... *[other] ... }. Keep the structure: the line starting with * is the default. Translate only the words inside each [ ] form. You may add the plural forms your language needs, such as [few] or [many].",
    "6. Do not change the \"id\" column or the order of the columns. Do not add or remove rows.",
    "7. Use \"comments\" for anything you want to tell us; comments do not go into the letters.",
    "8. Keep the texts about as long as they are: every letter must fit on one side of A4. We check this when you send the file back and tell you which text is too long.",
    "9. Save the file as an Excel workbook (.xlsx) with the same name, and send it back.",
    "This file holds no patient data: only the wording of the letters.",
];

/// The translator's note for a message: what it is for, then what each variable holds.
pub(super) fn notes(id: &str, vars: Option<&BTreeSet<String>>) -> String {
    let mut out = NOTES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.to_string())
        .unwrap_or_default();
    for var in vars.into_iter().flatten() {
        let what = VARIABLES
            .iter()
            .find(|(v, _)| v == var)
            .map(|(_, w)| *w)
            .unwrap_or("filled in by the letter");
        out.push_str(&format!("\n{{ ${var} }} is {what}."));
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use fluent_syntax::parser;

    use super::super::messages::variables;
    use super::*;
    use crate::compose::Wording;

    #[test]
    fn every_english_message_has_a_note_and_every_variable_a_meaning() {
        let wording = Wording::load().unwrap();
        let source = wording.source();
        let resource = parser::parse(source.letters_ftl.as_str()).unwrap();
        for (id, vars) in variables(&resource) {
            assert!(NOTES.iter().any(|(i, _)| *i == id), "{id} has no note");
            for var in vars {
                assert!(
                    VARIABLES.iter().any(|(v, _)| *v == var),
                    "${var} has no meaning"
                );
            }
        }
    }
}

//! Render stage: a receiving practice's email as subject, plain text and HTML, from the
//! handlebars templates in `letter-templates/email/`. The HTML template escapes every value,
//! so no practice or closure text can become markup.

use handlebars::Handlebars;
use serde::Serialize;

use crate::compose::PracticeEmail;

use super::RenderError;

const TEXT: &str = include_str!("../../letter-templates/email/receiving-practice.txt.hbs");
const HTML: &str = include_str!("../../letter-templates/email/receiving-practice.html.hbs");
const SUBJECT: &str = include_str!("../../letter-templates/email/subject.txt.hbs");

const SURVEY_TEXT: &str = include_str!("../../letter-templates/email/survey.txt.hbs");
const SURVEY_HTML: &str = include_str!("../../letter-templates/email/survey.html.hbs");
const SURVEY_SUBJECT: &str =
    "Capacity survey: how many patients from {{closing.names}} can you take? Reply by {{reply_by}}";

const PREVIOUS_TEXT: &str = include_str!("../../letter-templates/email/previous-practice.txt.hbs");
const PREVIOUS_HTML: &str = include_str!("../../letter-templates/email/previous-practice.html.hbs");
const PREVIOUS_SUBJECT: &str =
    "Allocation changed: please do not register the patient from {{closing.names}}";

/// A rendered email, ready to be built into a MIME message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders one receiving practice's email.
pub fn email(data: &PracticeEmail) -> Result<RenderedEmail, RenderError> {
    let value = serde_json::to_value(data).map_err(|e| RenderError::Email {
        message: e.to_string(),
    })?;
    render(&value, (SUBJECT, TEXT, HTML))
}

/// Renders the email to the practice a patient was allocated to before a reallocation: do not
/// register them. `data` is that practice's email data; the new practice's name and the
/// officer's reason are added.
pub fn previous_practice_email(
    data: &PracticeEmail,
    new_practice: &str,
    reason: &str,
) -> Result<RenderedEmail, RenderError> {
    let mut value = serde_json::to_value(data).map_err(|e| RenderError::Email {
        message: e.to_string(),
    })?;
    if let Some(map) = value.as_object_mut() {
        map.insert("new_practice".into(), new_practice.into());
        map.insert("reason".into(), reason.into());
    }
    render(&value, (PREVIOUS_SUBJECT, PREVIOUS_TEXT, PREVIOUS_HTML))
}

/// Renders one candidate practice's capacity survey email.
pub fn survey_email(data: &crate::compose::SurveyEmail) -> Result<RenderedEmail, RenderError> {
    let value = serde_json::to_value(data).map_err(|e| RenderError::Email {
        message: e.to_string(),
    })?;
    render(&value, (SURVEY_SUBJECT, SURVEY_TEXT, SURVEY_HTML))
}

/// One email from its (subject, text, HTML) templates: the text unescaped, the HTML with every
/// value escaped.
fn render(
    data: &serde_json::Value,
    (subject, text, html): (&str, &str, &str),
) -> Result<RenderedEmail, RenderError> {
    let fail = |e: handlebars::RenderError| RenderError::Email {
        message: e.to_string(),
    };
    let mut plain = Handlebars::new();
    plain.set_strict_mode(true);
    plain.register_escape_fn(handlebars::no_escape);
    let subject = plain
        .render_template(subject, data)
        .map_err(fail)?
        .trim()
        .replace(['\r', '\n'], " ");
    let text = plain.render_template(text, data).map_err(fail)?;

    let mut escaping = Handlebars::new();
    escaping.set_strict_mode(true);
    let mut value = data.clone();
    if let Some(map) = value.as_object_mut() {
        map.insert("subject".into(), serde_json::Value::String(subject.clone()));
    }
    let html = escaping.render_template(html, &value).map_err(fail)?;
    Ok(RenderedEmail {
        subject,
        text,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::PracticeEmail;

    fn data(name: &str) -> PracticeEmail {
        let value = serde_json::json!({
            "practice": {"ods_code": "G85001", "name": name, "email": "x@nhs.net"},
            "closing": {"names": "Riverside (G85999)", "sentence": "Riverside (G85999) closed on 30 September 2026.", "from_each": ""},
            "commissioner": {"name": "ICB", "team": "Team", "phone": "020", "email": "icb@nhs.net", "signatory": "S", "signatory_role": "R"},
            "letters_date": "24 November 2026", "date": "2026-11-24",
            "patients": 2, "patients_noun": "patients", "them": "them",
            "vulnerable": 1, "vulnerable_noun": "patient is", "children": 0, "children_verb": "are", "child_under": 16
        });
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_previous_practice_is_told_not_to_register_with_the_reason_escaped() {
        let e = previous_practice_email(
            &data("Old Surgery"),
            "New <b>Practice</b>",
            "removed <i>before</i>",
        )
        .unwrap();
        assert!(
            e.text.contains("Reason: removed <i>before</i>"),
            "{}",
            e.text
        );
        assert!(
            e.html.contains("removed &lt;i&gt;before&lt;/i&gt;"),
            "{}",
            e.html
        );
        assert!(!e.html.contains("<b>Practice</b>"));
        assert!(e.text.contains("Please do not register this patient."));
        assert!(e.subject.starts_with("Allocation changed"), "{}", e.subject);
    }

    #[test]
    fn html_escapes_every_value_and_text_keeps_it_plain() {
        let e = email(&data("<script>alert(1)</script> & {{x}}")).unwrap();
        assert!(
            e.html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{x}}"),
            "{}",
            e.html
        );
        assert!(!e.html.contains("<script>"));
        assert!(e.text.contains("<script>alert(1)</script> & {{x}}"));
        assert!(
            e.subject.starts_with("2 patients allocated to"),
            "{}",
            e.subject
        );
        assert!(
            e.text.contains("1 patient is flagged as vulnerable"),
            "{}",
            e.text
        );
    }
}

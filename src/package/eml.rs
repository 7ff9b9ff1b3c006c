//! Package stage: a receiving practice's email as a standard RFC 5322 / MIME message
//! (`emails/<ODS code>.eml`): From the commissioner, To the practice, plain text and HTML
//! alternatives, and the practice's patient list attached. Boundaries, Date and Message-ID
//! are derived from the content, so the same inputs give the same bytes.

use chrono::NaiveTime;
use mail_builder::MessageBuilder;
use mail_builder::headers::content_type::ContentType;
use mail_builder::mime::MimePart;
use sha2::{Digest, Sha256};

use crate::compose::Addressed;
use crate::render::RenderedEmail;

use super::PackageError;

/// The MIME type of an XLSX attachment.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Builds the message. `attachment` is the practice's patient list (`name`, XLSX bytes).
pub fn eml(
    email: &impl Addressed,
    rendered: &RenderedEmail,
    attachment: (&str, &[u8]),
) -> Result<Vec<u8>, PackageError> {
    let digest = Sha256::digest(
        [
            rendered.subject.as_bytes(),
            rendered.text.as_bytes(),
            attachment.1,
        ]
        .concat(),
    );
    let tag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let alternative = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", format!("alt_{tag}")),
        vec![
            MimePart::new("text/plain", rendered.text.as_str()),
            MimePart::new("text/html", rendered.html.as_str()),
        ],
    );
    let body = MimePart::new(
        ContentType::new("multipart/mixed").attribute("boundary", format!("mixed_{tag}")),
        vec![
            alternative,
            MimePart::new(XLSX_MIME, attachment.1).attachment(attachment.0.to_string()),
        ],
    );
    let (practice, commissioner) = (email.practice(), email.commissioner());
    let date = email
        .date()
        .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
        .and_utc()
        .timestamp();
    let domain = commissioner
        .email
        .split('@')
        .nth(1)
        .unwrap_or("dispersal.invalid")
        .to_string();
    MessageBuilder::new()
        .from((commissioner.name.as_str(), commissioner.email.as_str()))
        .to((practice.name.as_str(), practice.email.as_str()))
        .subject(rendered.subject.as_str())
        .date(date)
        .message_id(format!("{tag}.{}@{domain}", practice.ods_code))
        .body(body)
        .write_to_vec()
        .map_err(|source| PackageError::Io {
            path: format!("emails/{}.eml", practice.ods_code).into(),
            source,
        })
}

//! Compose stage: the easy-read letter's body — short sentences, one idea each, grouped in
//! points with a picture beside each — for every cohort, in English
//! (`locales/en-GB/easy-read.ftl`). The NHS Constitution's sentences keep their exact words
//! (the letters' own `constitution-*` messages), each followed by what it means.
//!
//! The pictures are the project's own drawings (`letter-templates/easy-read/`); [`Picture`]
//! names them, and the layouts (typst and Word) place them.

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::letter::{PracticeBlock, Text};
use super::wording::{Locale, WordingError};
use crate::plan::Cohort;

/// A picture beside a point: one of the project's drawings, or the letter's QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Picture {
    Letter,
    Practice,
    Doctor,
    Calendar,
    Phone,
    House,
    Tick,
    Cross,
    Records,
    Search,
    Rights,
    Choice,
    Question,
    /// The letter's QR code, beside the sentence that says to scan it.
    Qr,
}

impl Picture {
    /// Every drawing, as its file is named (`letter-templates/easy-read/<name>.svg`); not
    /// the QR code, which is made for each letter.
    pub const DRAWINGS: [Picture; 13] = [
        Picture::Letter,
        Picture::Practice,
        Picture::Doctor,
        Picture::Calendar,
        Picture::Phone,
        Picture::House,
        Picture::Tick,
        Picture::Cross,
        Picture::Records,
        Picture::Search,
        Picture::Rights,
        Picture::Choice,
        Picture::Question,
    ];

    /// Its name: the drawing's file stem, and its alternative text's message
    /// (`easy-picture-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Picture::Letter => "letter",
            Picture::Practice => "practice",
            Picture::Doctor => "doctor",
            Picture::Calendar => "calendar",
            Picture::Phone => "phone",
            Picture::House => "house",
            Picture::Tick => "tick",
            Picture::Cross => "cross",
            Picture::Records => "records",
            Picture::Search => "search",
            Picture::Rights => "rights",
            Picture::Choice => "choice",
            Picture::Question => "question",
            Picture::Qr => "qr",
        }
    }
}

/// The easy-read letter's body, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EasyRead {
    pub items: Vec<EasyItem>,
}

impl EasyRead {
    /// The pictures the letter shows, one beside each point (the QR code among them).
    pub fn pictures(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i, EasyItem::Point { .. }))
            .count()
    }

    /// The NHS Constitution's sentences the letter quotes, in order.
    pub fn constitution(&self) -> Vec<&Text> {
        self.lines()
            .filter_map(|l| match l {
                EasyLine::Constitution { text } => Some(text),
                _ => None,
            })
            .collect()
    }

    /// Every line of every point, in order.
    pub fn lines(&self) -> impl Iterator<Item = &EasyLine> {
        self.items.iter().flat_map(|i| match i {
            EasyItem::Point { lines, .. } => lines.as_slice(),
            EasyItem::Section { .. } => &[],
        })
    }
}

/// A section heading, or a point: a picture with its few sentences beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EasyItem {
    Section {
        text: Text,
    },
    Point {
        picture: Picture,
        /// The picture's alternative text.
        alt: String,
        lines: Vec<EasyLine>,
    },
}

/// One line of a point.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EasyLine {
    /// A sentence, in bold when it is what the patient must do.
    Say { text: Text, strong: bool },
    /// An NHS Constitution sentence, in its exact words.
    Constitution { text: Text },
    /// A practice's name, address and phone.
    Practice { practice: PracticeBlock },
}

/// Words a message of the letter's locale as the letter's text (runs for left-to-right
/// values).
pub type Say<'s> = dyn Fn(&str, &[(&str, FluentValue<'_>)]) -> Result<Text, WordingError> + 's;

/// What the easy-read letter needs besides its messages.
pub struct EasyFacts<'a> {
    pub cohort: Cohort,
    pub closing: &'a str,
    /// Whether the closing practice has closed by the letter's date (`yes`, `no`).
    pub closed: &'a str,
    /// The closure date in words.
    pub closure_date: String,
    pub area: &'a str,
    pub days: i64,
    /// The commissioner's phone and email, marked to read left to right.
    pub phone: String,
    pub email: String,
    /// 2a: the receiving practice; letters 1 and 2: the nearby practices.
    pub practice: Option<PracticeBlock>,
    pub nearby: Vec<PracticeBlock>,
    /// What the QR code opens.
    pub qr_url: &'a str,
}

/// Words the easy-read letter's body. `say` words a message of `locale` as the letter's
/// text (runs for left-to-right values).
pub fn easy_read(
    locale: &Locale,
    facts: EasyFacts<'_>,
    say: &Say<'_>,
) -> Result<EasyRead, WordingError> {
    let mut items = Vec::new();
    let plain = |id: &str| -> Result<EasyLine, WordingError> {
        Ok(EasyLine::Say {
            text: say(id, &[])?,
            strong: false,
        })
    };
    let strong = |id: &str, args: &[(&str, FluentValue<'_>)]| -> Result<EasyLine, WordingError> {
        Ok(EasyLine::Say {
            text: say(id, args)?,
            strong: true,
        })
    };
    let with = |id: &str, args: &[(&str, FluentValue<'_>)]| -> Result<EasyLine, WordingError> {
        Ok(EasyLine::Say {
            text: say(id, args)?,
            strong: false,
        })
    };
    let point = |picture: Picture, lines: Vec<EasyLine>| -> Result<EasyItem, WordingError> {
        let alt = match picture {
            Picture::Qr => say("qr-alt", &[("url", facts.qr_url.into())])?.plain(),
            _ => locale.text(&format!("easy-picture-{}", picture.name()), &[])?,
        };
        Ok(EasyItem::Point {
            picture,
            alt,
            lines,
        })
    };
    let section = |id: &str| -> Result<EasyItem, WordingError> {
        Ok(EasyItem::Section {
            text: say(id, &[])?,
        })
    };
    let practice = |p: &PracticeBlock| EasyLine::Practice {
        practice: p.clone(),
    };
    let cohort = facts.cohort;
    let days = FluentValue::from(facts.days);

    items.push(point(
        Picture::Letter,
        vec![plain("easy-about")?, plain("easy-about-practice")?],
    )?);
    items.push(point(
        Picture::Practice,
        vec![with(
            "easy-closure",
            &[
                ("closed", facts.closed.into()),
                ("practice", facts.closing.into()),
                ("date", facts.closure_date.as_str().into()),
            ],
        )?],
    )?);
    if cohort != Cohort::Notice1 {
        items.push(point(
            Picture::Letter,
            vec![plain("easy-wrote-before")?, plain("easy-asked-before")?],
        )?);
    }
    match cohort {
        Cohort::Allocate => {
            items.push(point(Picture::Cross, vec![plain("easy-not-joined-2a")?])?);
            let mut lines = vec![
                strong("easy-registered-2a", &[])?,
                plain("easy-new-practice-2a")?,
            ];
            lines.extend(facts.practice.iter().map(practice));
            items.push(point(Picture::Doctor, lines)?);
            items.push(point(
                Picture::Records,
                vec![plain("easy-records-2a")?, plain("easy-no-form-2a")?],
            )?);
            items.push(point(Picture::Phone, vec![plain("easy-book-2a")?])?);
            items.push(point(
                Picture::Choice,
                vec![plain("easy-change-2a")?, plain("easy-no-gp-2a")?],
            )?);
        }
        Cohort::NotSeen => {
            items.push(point(
                Picture::Calendar,
                vec![with(
                    "easy-not-seen-2b",
                    &[("practice", facts.closing.into())],
                )?],
            )?);
            items.push(point(
                Picture::Cross,
                vec![plain("easy-ended-2b")?, strong("easy-no-practice-2b", &[])?],
            )?);
            items.push(point(Picture::House, vec![plain("easy-register-2b")?])?);
        }
        Cohort::OutOfArea => {
            items.push(point(
                Picture::House,
                vec![
                    with("easy-outside-2c", &[("area", facts.area.into())])?,
                    plain("easy-cannot-2c")?,
                ],
            )?);
            items.push(point(
                Picture::Calendar,
                vec![
                    strong("easy-action-2c", &[("days", days.clone())])?,
                    with("easy-ends-2c", &[("days", days.clone())])?,
                ],
            )?);
        }
        Cohort::Notice1 | Cohort::Notice2 => {
            if cohort == Cohort::Notice2 {
                items.push(point(Picture::Cross, vec![plain("easy-not-yet-2")?])?);
            }
            items.push(point(
                Picture::Doctor,
                vec![strong("easy-register-1", &[])?, plain("easy-choose-1")?],
            )?);
            items.push(section("easy-nearby-heading")?);
            let mut lines = vec![plain("easy-nearby")?];
            lines.extend(facts.nearby.iter().map(practice));
            items.push(point(Picture::Practice, lines)?);
            if cohort == Cohort::Notice2 {
                items.push(point(
                    Picture::Choice,
                    vec![strong("easy-warning-2", &[])?, plain("easy-no-gp-2")?],
                )?);
            }
        }
        Cohort::Excluded | Cohort::Rejected => {
            return Err(WordingError::NoLetter {
                cohort: cohort.code(),
            });
        }
    }

    // Your rights: each Constitution sentence in its exact words, then what it means.
    items.push(section("easy-rights-heading")?);
    items.push(point(
        Picture::Rights,
        vec![
            plain("easy-rights-intro")?,
            EasyLine::Constitution {
                text: say("constitution-choose", &[])?,
            },
            plain("easy-choose-means-1")?,
            plain("easy-choose-means-2")?,
            plain("easy-choose-means-3")?,
        ],
    )?);
    if cohort == Cohort::Allocate {
        items.push(point(
            Picture::Doctor,
            vec![
                EasyLine::Constitution {
                    text: say("constitution-doctor", &[])?,
                },
                plain("easy-doctor-means-1")?,
                plain("easy-doctor-means-2")?,
            ],
        )?);
    }

    items.push(section("easy-find-heading")?);
    items.push(point(Picture::Search, vec![plain("easy-find-web")?])?);
    items.push(point(Picture::Qr, vec![plain("easy-find-qr")?])?);
    items.push(point(Picture::Phone, vec![plain("easy-find-call")?])?);
    items.push(point(
        Picture::Tick,
        vec![plain("easy-join")?, plain("easy-no-id")?],
    )?);

    items.push(section("easy-questions-heading")?);
    items.push(point(
        Picture::Question,
        vec![
            with(
                "easy-questions-call",
                &[("phone", facts.phone.as_str().into())],
            )?,
            with(
                "easy-questions-email",
                &[("email", facts.email.as_str().into())],
            )?,
            plain("easy-reference")?,
        ],
    )?);
    items.push(point(Picture::Letter, vec![plain("easy-other-formats")?])?);
    Ok(EasyRead { items })
}

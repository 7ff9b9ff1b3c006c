//! Compose stage: the Fluent wording of every sentence a patient reads, per locale, loaded
//! from the `locales/` folder compiled into the binary.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

// `LOCALES`: (tag, locale.toml, letters.ftl) for every folder in `locales/` (see build.rs).
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The source locale every translation follows.
pub const SOURCE_LOCALE: &str = "en-GB";

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum WordingError {
    #[error("locales/{locale}/letters.ftl: {message}")]
    Resource { locale: String, message: String },
    #[error("locales/{locale}/letters.ftl: message \"{id}\" is missing")]
    Missing { locale: String, id: String },
    #[error("locales/{locale}/letters.ftl: message \"{id}\": {message}")]
    Format {
        locale: String,
        id: String,
        message: String,
    },
    #[error("locales/{locale}/locale.toml: {message}")]
    Meta { locale: String, message: String },
    #[error("cohort {cohort} gets no letter")]
    NoLetter { cohort: &'static str },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleMeta {
    status: String,
    name: String,
    english_name: String,
    direction: String,
    #[serde(default = "default_fonts")]
    fonts: Vec<String>,
    #[serde(default = "default_label_separator")]
    label_separator: String,
    #[serde(default = "default_sentence_separator")]
    sentence_separator: String,
}

fn default_fonts() -> Vec<String> {
    vec!["Noto Sans".to_string()]
}

fn default_label_separator() -> String {
    ": ".to_string()
}

fn default_sentence_separator() -> String {
    " ".to_string()
}

/// One locale's bundle and review status.
pub struct Locale {
    pub tag: String,
    pub name: String,
    /// `source`, `draft` or `reviewed`.
    pub status: String,
    /// The locale's name in English ("Polish").
    pub english_name: String,
    /// "ltr" or "rtl".
    pub direction: String,
    /// Font families for the locale's text, in fallback order.
    pub fonts: Vec<String>,
    /// What follows a label before its value (`": "`; Chinese `"："`).
    pub label_separator: String,
    /// What goes between two sentences the layouts join (`" "`; Chinese nothing).
    pub sentence_separator: String,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("tag", &self.tag)
            .field("status", &self.status)
            .finish()
    }
}

impl Locale {
    /// Formats message `id` with `args`. Fluent's bidi isolation marks are off: the typst
    /// layout handles direction, and stray U+2068/U+2069 would reach the PDF text.
    pub fn text(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> Result<String, WordingError> {
        let message = self
            .bundle
            .get_message(id)
            .ok_or_else(|| WordingError::Missing {
                locale: self.tag.clone(),
                id: id.to_string(),
            })?;
        let pattern = message.value().ok_or_else(|| WordingError::Missing {
            locale: self.tag.clone(),
            id: id.to_string(),
        })?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if let Some(error) = errors.first() {
            return Err(WordingError::Format {
                locale: self.tag.clone(),
                id: id.to_string(),
                message: error.to_string(),
            });
        }
        Ok(text.into_owned())
    }

    /// The ids of every message in this locale.
    pub fn message_ids(&self) -> Vec<String> {
        let source = LOCALES
            .iter()
            .find(|(t, _, _)| *t == self.tag)
            .map(|(_, _, f)| *f);
        source
            .map(|ftl| {
                ftl.lines()
                    .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim()))
                    .filter(|id| {
                        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    })
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// All shipped locales.
#[derive(Debug)]
pub struct Wording {
    locales: BTreeMap<String, Locale>,
}

impl Wording {
    /// Loads the locales compiled into the binary.
    pub fn load() -> Result<Wording, WordingError> {
        let mut locales = BTreeMap::new();
        for (tag, meta, ftl) in LOCALES {
            let meta: LocaleMeta = toml::from_str(meta).map_err(|e| WordingError::Meta {
                locale: tag.to_string(),
                message: e.to_string(),
            })?;
            let resource = FluentResource::try_new(ftl.to_string()).map_err(|(_, errors)| {
                WordingError::Resource {
                    locale: tag.to_string(),
                    message: errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
            let langid: LanguageIdentifier = tag.parse().map_err(|_| WordingError::Meta {
                locale: tag.to_string(),
                message: "not a valid language tag".into(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| WordingError::Resource {
                    locale: tag.to_string(),
                    message: errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                })?;
            locales.insert(
                tag.to_string(),
                Locale {
                    tag: tag.to_string(),
                    name: meta.name,
                    status: meta.status,
                    english_name: meta.english_name,
                    direction: meta.direction,
                    fonts: meta.fonts,
                    label_separator: meta.label_separator,
                    sentence_separator: meta.sentence_separator,
                    bundle,
                },
            );
        }
        Ok(Wording { locales })
    }

    /// The locale for a patient's language tag: exact match, then same language, then en-GB.
    /// The second value is false when the tag was not matched (the caller reports it).
    pub fn resolve(&self, tag: &str) -> (&Locale, bool) {
        if let Some(l) = self.locales.get(tag) {
            return (l, true);
        }
        let wanted: Option<LanguageIdentifier> = tag.parse().ok();
        if let Some(wanted) = wanted
            && let Some(l) = self.locales.values().find(|l| {
                l.tag
                    .parse::<LanguageIdentifier>()
                    .map(|id| id.language == wanted.language)
                    .unwrap_or(false)
            })
        {
            return (l, true);
        }
        (&self.locales[SOURCE_LOCALE], false)
    }

    /// The source locale (en-GB).
    pub fn source(&self) -> &Locale {
        &self.locales[SOURCE_LOCALE]
    }

    pub fn locales(&self) -> impl Iterator<Item = &Locale> {
        self.locales.values()
    }

    pub fn get(&self, tag: &str) -> Option<&Locale> {
        self.locales.get(tag)
    }
}

//! Compose stage: the Fluent wording of every sentence a patient reads, per locale, loaded
//! from the `locales/` folder compiled into the binary.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::model::LocaleFiles;

// `LOCALES`: (tag, locale.toml, letters.ftl) for every folder in `locales/` (see build.rs).
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The source locale every translation follows.
pub const SOURCE_LOCALE: &str = "en-GB";

/// The easy-read letter's own messages (English only, so not in the translators' review):
/// read with the source locale's, in one bundle ([`Wording::easy_read`]).
const EASY_READ_FTL: &str = include_str!("../../locales/en-GB/easy-read.ftl");

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum WordingError {
    #[error("{dir}/letters.ftl: {message}")]
    Resource { dir: String, message: String },
    #[error("{dir}/letters.ftl: message \"{id}\" is missing")]
    Missing { dir: String, id: String },
    #[error("{dir}/letters.ftl: message \"{id}\": {message}")]
    Format {
        dir: String,
        id: String,
        message: String,
    },
    #[error("{dir}/locale.toml: {message}")]
    Meta { dir: String, message: String },
    #[error("cohort {cohort} gets no letter")]
    NoLetter { cohort: &'static str },
}

/// A locale's `locale.toml`.
#[derive(Debug, Clone, Deserialize)]
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
    #[serde(default = "default_leading")]
    leading: f64,
    /// Who reviewed the wording (`status = "reviewed"`; written by `translations import`).
    #[serde(default)]
    reviewer: Option<String>,
    /// When it was reviewed, a TOML date.
    #[serde(default)]
    reviewed_on: Option<toml::value::Datetime>,
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

/// The space between the lines of a paragraph, in em, from the baseline of one to the
/// capitals of the next (typst's leading).
fn default_leading() -> f64 {
    0.5
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
    /// The space between lines in em (0.5; Urdu's Nastaliq, which climbs above its
    /// capitals' height and sinks below the baseline, more).
    pub leading: f64,
    /// Who reviewed the wording, and when (`2026-12-01`), for a reviewed locale.
    pub reviewer: Option<String>,
    pub reviewed_on: Option<String>,
    /// The folder its files came from, as errors name it: `locales/pl` for a built-in
    /// locale, the folder read for one from `--locales`.
    pub dir: String,
    /// Whether it is compiled into the binary (not read from a locales folder).
    pub built_in: bool,
    /// The text of its `letters.ftl` and `locale.toml`.
    pub letters_ftl: String,
    pub locale_toml: String,
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
                dir: self.dir.clone(),
                id: id.to_string(),
            })?;
        let pattern = message.value().ok_or_else(|| WordingError::Missing {
            dir: self.dir.clone(),
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
                dir: self.dir.clone(),
                id: id.to_string(),
                message: error.to_string(),
            });
        }
        Ok(text.into_owned())
    }

    /// The ids of every message in this locale, in file order.
    pub fn message_ids(&self) -> Vec<String> {
        match fluent_syntax::parser::parse(self.letters_ftl.as_str()) {
            Ok(resource) => resource
                .body
                .iter()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Parses one locale from its two files. `dir` names the folder in errors; `built_in`
    /// says whether it is compiled in.
    pub fn parse(
        tag: &str,
        dir: &str,
        locale_toml: &str,
        letters_ftl: &str,
        built_in: bool,
    ) -> Result<Locale, WordingError> {
        let meta: LocaleMeta = toml::from_str(locale_toml).map_err(|e| WordingError::Meta {
            dir: dir.to_string(),
            message: e.message().to_string(),
        })?;
        let joined = |errors: Vec<String>| errors.join("; ");
        let resource =
            FluentResource::try_new(letters_ftl.to_string()).map_err(|(_, errors)| {
                WordingError::Resource {
                    dir: dir.to_string(),
                    message: joined(errors.iter().map(|e| e.to_string()).collect()),
                }
            })?;
        let langid: LanguageIdentifier = tag.parse().map_err(|_| WordingError::Meta {
            dir: dir.to_string(),
            message: format!("{tag:?} (the folder's name) is not a valid language tag"),
        })?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| WordingError::Resource {
                dir: dir.to_string(),
                message: joined(errors.iter().map(|e| e.to_string()).collect()),
            })?;
        Ok(Locale {
            tag: tag.to_string(),
            name: meta.name,
            status: meta.status,
            english_name: meta.english_name,
            direction: meta.direction,
            fonts: meta.fonts,
            label_separator: meta.label_separator,
            sentence_separator: meta.sentence_separator,
            leading: meta.leading,
            reviewer: meta.reviewer,
            reviewed_on: meta.reviewed_on.map(|d| d.to_string()),
            dir: dir.to_string(),
            built_in,
            letters_ftl: letters_ftl.to_string(),
            locale_toml: locale_toml.to_string(),
            bundle,
        })
    }
}

/// All shipped locales.
#[derive(Debug)]
pub struct Wording {
    locales: BTreeMap<String, Locale>,
    /// The source locale with the easy-read letter's messages besides.
    easy_read: Locale,
}

impl Wording {
    /// Loads the locales compiled into the binary.
    pub fn load() -> Result<Wording, WordingError> {
        Wording::load_with(&[])
    }

    /// Loads the locales compiled into the binary, then `extra` (read from a locales folder),
    /// each replacing a built-in locale of its tag or adding one. They are parsed, not
    /// checked: see [`crate::compose::review_problems`].
    pub fn load_with(extra: &[LocaleFiles]) -> Result<Wording, WordingError> {
        let mut locales = BTreeMap::new();
        for (tag, meta, ftl) in LOCALES {
            let dir = format!("locales/{tag}");
            locales.insert(tag.to_string(), Locale::parse(tag, &dir, meta, ftl, true)?);
        }
        for files in extra {
            let dir = files.dir.display().to_string();
            let locale = Locale::parse(
                &files.tag,
                &dir,
                &files.locale_toml,
                &files.letters_ftl,
                false,
            )?;
            locales.insert(files.tag.clone(), locale);
        }
        let source = locales
            .get(SOURCE_LOCALE)
            .ok_or_else(|| WordingError::Meta {
                dir: format!("locales/{SOURCE_LOCALE}"),
                message: "the source locale is missing".to_string(),
            })?;
        let easy_read = Locale::parse(
            SOURCE_LOCALE,
            &source.dir,
            &source.locale_toml,
            &format!("{}\n{EASY_READ_FTL}", source.letters_ftl),
            source.built_in,
        )?;
        Ok(Wording { locales, easy_read })
    }

    /// The locale easy-read letters are worded in: the source locale's messages and the
    /// easy-read letter's (`locales/en-GB/easy-read.ftl`). Easy read is in English only.
    pub fn easy_read(&self) -> &Locale {
        &self.easy_read
    }

    /// The locale compiled into the binary for `tag`, if there is one.
    pub fn built_in(tag: &str) -> Option<Result<Locale, WordingError>> {
        LOCALES
            .iter()
            .find(|(t, _, _)| *t == tag)
            .map(|(t, meta, ftl)| Locale::parse(t, &format!("locales/{t}"), meta, ftl, true))
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

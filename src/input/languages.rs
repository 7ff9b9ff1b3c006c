//! Input stage: the language a patient asked for, as clinical systems record it — a name
//! (`Polish`, `Panjabi`), SNOMED CT's display text (`Main spoken language Polish (finding)`) or a
//! BCP 47 tag (`pl`) — as the tag of the letters we have in it.
//!
//! [`LANGUAGE_NAMES`] is the one table of names. A language we have no letters in (`Cantonese`,
//! `Farsi`) is kept as written: the patient gets the English letter, and the officer is told
//! which translations to commission.

/// A language's names as clinical systems write them, and the tag of our letters in it.
pub const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("English", "en-GB"),
    ("Arabic", "ar"),
    ("Bengali", "bn"),
    ("Bangla", "bn"),
    // Sylheti has no written standard of its own: its speakers read Bengali.
    ("Sylheti", "bn"),
    ("Chinese", "zh-Hans"),
    ("Mandarin", "zh-Hans"),
    ("French", "fr"),
    ("Gujarati", "gu"),
    ("Lithuanian", "lt"),
    ("Panjabi", "pa"),
    ("Punjabi", "pa"),
    ("Polish", "pl"),
    ("Portuguese", "pt"),
    ("Romanian", "ro"),
    ("Somali", "so"),
    ("Spanish", "es"),
    ("Tamil", "ta"),
    ("Turkish", "tr"),
    ("Urdu", "ur"),
];

/// The language a patient asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// A BCP 47 tag, as written (`pa-IN`), or the tag of a name we know (`Polish` → `pl`).
    Tag(String),
    /// A language's name we have no letters in, as written (`Cantonese`).
    Unknown(String),
}

/// The language in a cell, or `None` for an empty one (English).
pub fn language_asked(cell: &str) -> Option<Asked> {
    let text = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if is_language_tag(&text) {
        return Some(Asked::Tag(text.replace('_', "-")));
    }
    let name = snomed_name(&text);
    let key = squash(name);
    match LANGUAGE_NAMES.iter().find(|(n, _)| squash(n) == key) {
        Some((_, tag)) => Some(Asked::Tag(tag.to_string())),
        None => Some(Asked::Unknown(name.to_string())),
    }
}

/// SNOMED CT's display text for a main spoken language (`Main spoken language Polish
/// (finding)`) without its words around the name; other text as it is.
fn snomed_name(text: &str) -> &str {
    let lower = text.to_lowercase();
    let mut name = text;
    for prefix in [
        "main spoken language",
        "preferred language",
        "first language",
    ] {
        if lower.starts_with(prefix) {
            name = &text[prefix.len()..];
            break;
        }
    }
    let name = name.trim_start_matches([':', ' ', '-']);
    let name = match name.to_lowercase().rfind("(finding)") {
        Some(at) => &name[..at],
        None => name,
    };
    name.trim()
}

/// Letters only, in lower case.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A BCP 47 tag in shape: a language of 2 or 3 letters, then subtags of 1 to 8 letters or
/// digits (`pl`, `pa-IN`, `zh-Hant-HK`).
pub(crate) fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> Option<Asked> {
        Some(Asked::Tag(t.to_string()))
    }

    #[test]
    fn names_and_snomed_text_become_our_tags() {
        assert_eq!(language_asked("Polish"), tag("pl"));
        assert_eq!(language_asked(" punjabi "), tag("pa"));
        assert_eq!(language_asked("Panjabi"), tag("pa"));
        assert_eq!(language_asked("Sylheti"), tag("bn"));
        assert_eq!(language_asked("Mandarin"), tag("zh-Hans"));
        assert_eq!(
            language_asked("Main spoken language Polish (finding)"),
            tag("pl")
        );
        assert_eq!(language_asked("pa_IN"), tag("pa-IN"));
        assert_eq!(language_asked("ENGLISH"), tag("en-GB"));
        assert_eq!(language_asked(""), None);
    }

    #[test]
    fn a_language_we_have_no_letters_in_is_kept_as_written() {
        assert_eq!(
            language_asked("Cantonese"),
            Some(Asked::Unknown("Cantonese".to_string()))
        );
        assert_eq!(
            language_asked("Main spoken language Tigrinya (finding)"),
            Some(Asked::Unknown("Tigrinya".to_string()))
        );
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("pl"));
        assert!(is_language_tag("pa-IN"));
        assert!(is_language_tag("zh-Hant-HK"));
        assert!(!is_language_tag("Polish"));
        assert!(!is_language_tag("p"));
        assert!(!is_language_tag("en--GB"));
    }
}

//! Input stage: names and addresses NHS ODS writes in capitals (`THE DENSHAM SURGERY`,
//! `STOCKTON-ON-TEES`), in the NHS's usual title case for letters and emails (`The Densham
//! Surgery`, `Stockton-on-Tees`). Abbreviations (`NHS`, `GP`, `PCN`) and postcodes stay in
//! capitals.

/// Words kept in capitals.
const CAPITALS: &[&str] = &[
    "NHS", "GP", "GPS", "PCN", "UK", "ICB", "CCG", "HC", "MC", "PMS", "GMS", "APMS", "NW", "NE",
    "SW", "SE", "WC", "EC", "II", "III", "IV",
];

/// Small words in lower case, except at the start of the text.
const SMALL: &[&str] = &[
    "and", "of", "the", "on", "in", "at", "by", "upon", "under", "le", "la",
];

/// `text` in title case if it is written all in capitals; text in mixed case is left as the
/// publisher wrote it.
pub fn title_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut first_word = true;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            word.push(c);
        } else {
            out.push_str(&cased(&word, first_word));
            if !word.is_empty() {
                first_word = false;
            }
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&cased(&word, first_word));
    out
}

/// One word of a text in capitals, cased.
fn cased(word: &str, first: bool) -> String {
    if word.is_empty() {
        return String::new();
    }
    if CAPITALS.contains(&word) || looks_like_postcode_part(word) {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    if !first && SMALL.contains(&lower.as_str()) {
        return lower;
    }
    let mut chars = lower.chars();
    let mut cased: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    // McDonald, O'Brien.
    if cased.starts_with("Mc") && cased.len() > 2 {
        let (head, tail) = cased.split_at(2);
        let mut tail = tail.chars();
        if let Some(c) = tail.next() {
            cased = format!("{head}{}{}", c.to_uppercase(), tail.as_str());
        }
    }
    if let Some(at) = cased.find(['\'', '’'])
        && at == 1
        && cased.len() > 2
    {
        let (head, tail) = cased.split_at(2);
        let mut tail = tail.chars();
        if let Some(c) = tail.next() {
            cased = format!("{head}{}{}", c.to_uppercase(), tail.as_str());
        }
    }
    // Possessive 's stays lower case (St John's).
    if let Some(stem) = cased.strip_suffix("'S") {
        cased = format!("{stem}'s");
    }
    cased
}

/// A word with letters and digits both (`SE1`, `9ZZ`, `B12`): part of a postcode or a unit
/// number, kept as written.
fn looks_like_postcode_part(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_become_title_case_keeping_abbreviations_and_postcodes() {
        assert_eq!(title_case("THE DENSHAM SURGERY"), "The Densham Surgery");
        assert_eq!(title_case("STOCKTON-ON-TEES"), "Stockton-on-Tees");
        assert_eq!(title_case("NHS GP PRACTICE"), "NHS GP Practice");
        assert_eq!(
            title_case("ST JOHN'S MEDICAL CENTRE"),
            "St John's Medical Centre"
        );
        assert_eq!(title_case("MCDONALD AND O'BRIEN"), "McDonald and O'Brien");
        assert_eq!(
            title_case("UNIT 2B, LONDON SE1 9ZZ"),
            "Unit 2B, London SE1 9ZZ"
        );
        assert_eq!(title_case("HEALTH CENTRE"), "Health Centre");
        assert_eq!(title_case("Already Mixed"), "Already Mixed");
        assert_eq!(title_case(""), "");
    }
}

//! Input stage: parse UK mobile numbers as GOV.UK Notify checks them, written `+447…`.
//!
//! Rules from alphagov/notifications-utils, `notifications_utils/recipient_validation/
//! phone_number.py`: `normalise_phone_number` and `validate_uk_phone_number` as they stood
//! before their removal (commit `d207c601`, January 2025), and the libphonenumber-based
//! `PhoneNumber` class that replaced them (read at `a9af02ae`, August 2026).
//!
//! - Notify drops whitespace (ASCII, no-break and zero-width spaces), `(`, `)`, `-` and `+`
//!   anywhere; since `99.1.2` it also reads `‑ – — −` as hyphens. Anything else, dots
//!   included, is refused (its tests refuse `07723 456789...`).
//! - It drops leading `0`s, a leading `44`, then any `0`s again, and what is left must start
//!   with `7` and have exactly 10 digits. So `0044 7…`, `+44 (0)7…`, `447…` and even `7…`
//!   (a spreadsheet that lost the 0) are all accepted.
//! - Now Notify checks with libphonenumber: a `+` or `00` number from another
//!   country is not a UK mobile, and the `076` pager range (bar `07624`, the Isle of Man) is
//!   refused. Its other range checks are not copied, so Notify may still refuse a number
//!   this accepts.
//!
//! Judgement calls: `44` is dropped once (Notify's old `lstrip("44")` dropped every leading
//! `4`), and only ASCII digits count as digits.

/// The characters Notify ignores in a phone number: its `ALL_WHITESPACE + "()-+"`, and the
/// dashes its `SanitiseASCII` turns into hyphens.
#[rustfmt::skip]
const IGNORED: [char; 24] = [
    ' ', '\t', '\n', '\r', '\u{b}', '\u{c}',                                // ASCII whitespace
    '\u{a0}', '\u{202f}',                                                   // no-break spaces
    '\u{180e}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', // zero width
    '\u{2028}', '\u{2029}',                                                 // line, paragraph
    '(', ')', '+', '-',
    '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}',                         // dashes, minus
];

fn ignored(c: char) -> bool {
    IGNORED.contains(&c)
}

/// Parse a UK mobile number (`07700 900123`, `+44 (0)7700-900123`, `447700900123`) into
/// `+447700900123`.
///
/// The error says what is wrong without repeating the number: it is patient-identifiable.
pub fn parse_uk_mobile(text: &str) -> Result<String, String> {
    if text.chars().all(ignored) {
        return Err("the mobile number is empty".to_string());
    }
    if !text.chars().all(|c| c.is_ascii_digit() || ignored(c)) {
        return Err(
            "the mobile number has characters other than digits, spaces, brackets, hyphens and +"
                .to_string(),
        );
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let plus = text.chars().find(|c| c.is_ascii_digit() || *c == '+') == Some('+');
    // `+7…` is foreign, but `+07…` is a stray plus before a UK number, as Notify reads it.
    let international = digits.starts_with("00") || (plus && !digits.starts_with('0'));
    let national = digits.trim_start_matches('0');
    let number = match national.strip_prefix("44") {
        Some(rest) => rest.trim_start_matches('0'),
        // Notify falls back to reading a number as UK when it cannot be foreign: `+7` (Russia,
        // Kazakhstan) needs 10 more digits, so `+7` and 9 digits is a UK mobile that lost its 0.
        None if international && !(national.len() == 10 && national.starts_with('7')) => {
            return Err(
                "an international number outside the UK (only UK mobiles, starting 07, can be used)"
                    .to_string(),
            );
        }
        None => national,
    };
    if number.is_empty() {
        return Err("not enough digits for a UK mobile number (07 and 9 more digits)".to_string());
    }
    if !number.starts_with('7') {
        let landline = number.starts_with(['1', '2', '3']) && (9..=10).contains(&number.len());
        return Err(if landline {
            "a landline, not a mobile (UK mobiles start 07)"
        } else {
            "not a UK mobile number (UK mobiles start 07)"
        }
        .to_string());
    }
    if number.len() > 10 {
        return Err("too many digits for a UK mobile number (07 and 9 more digits)".to_string());
    }
    if number.len() < 10 {
        return Err("not enough digits for a UK mobile number (07 and 9 more digits)".to_string());
    }
    if number.starts_with("76") && !number.starts_with("7624") {
        return Err("a pager number (076), not a mobile".to_string());
    }
    Ok(format!("+44{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_uk_mobile(s).unwrap()
    }

    fn err(s: &str) -> String {
        parse_uk_mobile(s).unwrap_err()
    }

    #[test]
    fn accepted_forms() {
        for s in [
            "07700 900123",
            "07700900123",
            "+44 7700 900123",
            "+44 (0)7700-900123",
            "+44(0)7700900123",
            "447700900123",
            "0044 7700 900123",
            "00 44 (0) 7700 900 123",
            "7700900123",
            "+07700 900123",
            "0+447700900123",
            "(07700) 900-123",
            "07700\u{2013}900\u{2014}123",
            "\u{200b}\t\t+44 (0)7700 900 123\u{feff} \r\n",
            "+7700 900123",
        ] {
            assert_eq!(ok(s), "+447700900123", "{s:?}");
        }
        // Isle of Man mobiles are +44 too.
        assert_eq!(ok("07624 123456"), "+447624123456");
    }

    #[test]
    fn landlines_and_other_numbers() {
        let landline = "a landline, not a mobile (UK mobiles start 07)";
        assert_eq!(err("020 7946 0000"), landline);
        assert_eq!(err("+44 117 496 0860"), landline);
        assert_eq!(err("0044 1632 960000"), landline);
        assert_eq!(err("016064 1234"), landline);
        assert!(err("0800 123 4567").contains("not a UK mobile"));
        assert!(err("0900 123 4567").contains("not a UK mobile"));
        assert_eq!(err("07623 456789"), "a pager number (076), not a mobile");
    }

    #[test]
    fn international() {
        for s in [
            "+33 6 12 34 56 78",
            "0033 612345678",
            "+1 202 555 0104",
            "+7 916 123 45 67",
        ] {
            assert!(err(s).starts_with("an international number"), "{s:?}");
        }
    }

    #[test]
    fn wrong_length() {
        assert!(err("07700 90012").starts_with("not enough digits"));
        assert!(err("+44 (0)7700 900 12").starts_with("not enough digits"));
        assert!(err("+44").starts_with("not enough digits"));
        assert!(err("0").starts_with("not enough digits"));
        assert!(err("07700 9001234").starts_with("too many digits"));
        assert!(err("0044 7700 900 123 4").starts_with("too many digits"));
    }

    #[test]
    fn bad_characters_and_empty() {
        for s in [
            "07700 9OO123",
            "07700.900.123",
            "07700 900123...",
            "ALPHANUM3R1C",
            "٠٧٧٠٠٩٠٠١٢٣",
        ] {
            assert!(err(s).contains("other than digits"), "{s:?}");
        }
        assert_eq!(err(""), "the mobile number is empty");
        assert_eq!(err(" \t "), "the mobile number is empty");
        assert_eq!(err("( ) -"), "the mobile number is empty");
    }

    #[test]
    fn error_never_repeats_the_number() {
        for bad in [
            "07700 90012",
            "07700900123456",
            "02079460000",
            "+33612345678",
            "0770090012x",
        ] {
            let e = err(bad);
            let digits: String = bad.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !e.contains(&digits) && !e.contains(bad) && !e.contains("900"),
                "{e}"
            );
        }
    }
}

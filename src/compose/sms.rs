//! Compose stage: count a text message's characters and parts as GOV.UK Notify does.
//!
//! Rules read in alphagov/notifications-utils at `a9af02ae` (August 2026):
//! `notifications_utils/sanitise_text.py` (`SanitiseSMS`: the replacement table and the
//! accent downgrade), `notifications_utils/template.py` (`BaseSMSTemplate::content_count`,
//! `fragment_count`, `is_message_too_long`) and `notifications_utils/__init__.py`
//! (`SMS_CHAR_COUNT_LIMIT`).
//!
//! Notify never sends a character it cannot send: before counting it replaces smart quotes,
//! dashes and odd spaces, strips accents it can, and turns anything else (Chinese, Urdu,
//! emoji…) into `?`. Only the Welsh letters outside GSM-7 (ŵ, ŷ, â, ë…) make it send UCS-2.
//! So `count(&notify_replacements(text))` is how Notify counts it; `count(text)` is the plain
//! GSM 03.38 count of the text as written. Notify also tidies whitespace first (runs of
//! spaces, spaces at line ends, more than one blank line), which this module does not do.

/// Notify refuses a text message longer than this (6 parts of 153).
///
/// Notify measures it on the message after [`notify_replacements`], in UTF-16 code units,
/// with each extension character (`€`, `[`…) counting once, not twice as in
/// [`SmsCount::characters`]; the service-name prefix (`Service name: `) is left out. So the
/// check is `notify_replacements(text).encode_utf16().count() > MAX_CHARACTERS`, and a text
/// within the limit can still take 7 parts if it has extension characters.
pub const MAX_CHARACTERS: usize = 918;

/// The GSM 03.38 default alphabet in table order, so the index is the septet
/// (3GPP TS 23.038, §6.2.1). 0x1B is the escape to the extension table; Notify allows it as
/// a character and so does [`count`] (it counts 1).
#[rustfmt::skip]
const GSM7_BASIC: [char; 128] = [
    '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u{1b}', 'Æ', 'æ', 'ß', 'É',
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
    '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/// The GSM 03.38 extension table, septet after the escape (3GPP TS 23.038, §6.2.1.1).
/// Each is sent as two septets. Notify's table lacks the form feed.
#[rustfmt::skip]
const GSM7_EXTENSION: [(u8, char); 10] = [
    (0x0A, '\u{c}'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'),
    (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x65, '€'),
];

/// Welsh letters Notify keeps (`SanitiseSMS.WELSH_DIACRITICS`); those outside GSM-7 make
/// it send UCS-2.
const WELSH: &str = "àèìòùẁỳÀÈÌÒÙẀỲáéíóúẃýÁÉÍÓÚẂÝäëïöüẅÿÄËÏÖÜẄŸâêîôûŵŷÂÊÎÔÛŴŶ";

/// `SanitiseText.REPLACEMENT_CHARACTERS`, in Notify's order.
#[rustfmt::skip]
const REPLACEMENTS: [(char, &str); 24] = [
    ('\u{2011}', "-"), ('\u{2013}', "-"), ('\u{2014}', "-"), ('\u{2212}', "-"),   // dashes, minus
    ('\u{2026}', "..."),                                                          // ellipsis
    ('\u{2018}', "'"), ('\u{2019}', "'"), ('\u{201c}', "\""), ('\u{201d}', "\""), // smart quotes
    ('\u{201a}', "'"), ('\u{201e}', "\""),                                        // low-9 quotes
    ('\u{180e}', ""), ('\u{200b}', ""), ('\u{200c}', ""), ('\u{200d}', ""),       // zero width
    ('\u{2060}', ""), ('\u{feff}', ""), ('\u{2028}', ""), ('\u{2029}', ""),       // and separators
    ('\u{a0}', " "), ('\u{202f}', " "), ('\t', " "),                              // no-break, tab
    ('Ł', "L"), ('ł', "l"),
];

/// Notify's accent downgrade: a character whose canonical decomposition starts with a
/// character Notify keeps becomes that character (`SanitiseText.downgrade_character`). Each
/// string is the kept character, then every character that downgrades to it. Generated from
/// Python's `unicodedata` (Unicode 14.0), the table Notify reads; 372 characters.
#[rustfmt::skip]
const DOWNGRADES: [&str; 76] = [
    ";\u{37e}", "<≮", "=≠", ">≯", "AÃĀĂĄǍȀȂȦḀẠẢ", "BḂḄḆ", "CĆĈĊČ", "DĎḊḌḎḐḒ", "EĒĔĖĘĚȄȆȨḘḚẸẺẼ",
    "FḞ", "GĜĞĠĢǦǴḠ", "HĤȞḢḤḦḨḪ", "IĨĪĬĮİǏȈȊḬỈỊ", "JĴ", "KĶǨḰḲḴ\u{212a}", "LĹĻĽḶḺḼ", "MḾṀṂ",
    "NŃŅŇǸṄṆṈṊ", "OÕŌŎŐƠǑǪȌȎȮỌỎ", "PṔṖ", "RŔŖŘȐȒṘṚṞ", "SŚŜŞŠȘṠṢ", "TŢŤȚṪṬṮṰ", "UŨŪŬŮŰŲƯǓȔȖṲṴṶỤỦ",
    "VṼṾ", "WẆẈ", "XẊẌ", "YȲẎỴỶỸ", "ZŹŻŽẐẒẔ", "aãāăąǎȁȃȧḁạả", "bḃḅḇ", "cçćĉċč", "dďḋḍḏḑḓ",
    "eēĕėęěȅȇȩḙḛẹẻẽ", "fḟ", "gĝğġģǧǵḡ", "hĥȟḣḥḧḩḫẖ", "iĩīĭįǐȉȋḭỉị", "jĵǰ", "kķǩḱḳḵ", "lĺļľḷḻḽ",
    "mḿṁṃ", "nńņňǹṅṇṉṋ", "oõōŏőơǒǫȍȏȯọỏ", "pṕṗ", "rŕŗřȑȓṙṛṟ", "sśŝşšșṡṣ", "tţťțṫṭṯṱẗ",
    "uũūŭůűųưǔȕȗṳṵṷụủ", "vṽṿ", "wẇẉẘ", "xẋẍ", "yȳẏẙỵỷỹ", "zźżžẑẓẕ", "ÂẤẦẨẪ", "ÄǞ", "ÅǺ\u{212b}",
    "ÆǢǼ", "ÇḈ", "ÊẾỀỂỄ", "ÏḮ", "ÔỐỒỔỖ", "ÖȪ", "ØǾ", "ÜǕǗǙǛ", "âấầẩẫ", "äǟ", "åǻ", "æǣǽ",
    "êếềểễ", "ïḯ", "ôốồổỗ", "öȫ", "øǿ", "üǖǘǚǜ", "ΩΏὨὩῺῼ\u{2126}",
];

/// How a text message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The GSM 03.38 7-bit alphabet: 160 characters in one part, 153 a part after that.
    Gsm7,
    /// UCS-2 (UTF-16 code units): 70 in one part, 67 a part after that.
    Ucs2,
}

impl Encoding {
    /// `"GSM-7"` or `"UCS-2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// The size of a text message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsCount {
    pub encoding: Encoding,
    /// Septets for GSM-7 (an extension character counts 2), UTF-16 code units for UCS-2
    /// (an emoji counts 2).
    pub characters: usize,
    /// Message parts. At least 1, as in Notify, even for an empty text (which Notify refuses).
    pub segments: usize,
}

/// Count a text as written: GSM-7 if every character is in the GSM 03.38 default alphabet or
/// its extension table, otherwise UCS-2. Notify counts its service-name prefix in the parts,
/// so include it to match Notify's figure.
pub fn count(text: &str) -> SmsCount {
    let mut septets = 0;
    for c in text.chars() {
        if GSM7_BASIC.contains(&c) {
            septets += 1;
        } else if in_extension(c) {
            septets += 2;
        } else {
            return sized(Encoding::Ucs2, text.encode_utf16().count());
        }
    }
    sized(Encoding::Gsm7, septets)
}

fn sized(encoding: Encoding, characters: usize) -> SmsCount {
    let (single, part) = match encoding {
        Encoding::Gsm7 => (160, 153),
        Encoding::Ucs2 => (70, 67),
    };
    let segments = if characters <= single {
        1
    } else {
        characters.div_ceil(part)
    };
    SmsCount {
        encoding,
        characters,
        segments,
    }
}

/// Apply Notify's character replacements, as it does before sending (`SanitiseSMS.encode`):
/// GSM-7 characters (except the form feed) and Welsh letters stay; an accented letter becomes
/// its base letter (`ç` → `c`); smart quotes, dashes, `…`, odd spaces and `Ł` follow Notify's
/// table; anything else becomes `?`.
pub fn notify_replacements(text: &str) -> String {
    text.chars()
        .map(|c| replace(c).unwrap_or_else(|| "?".to_string()))
        .collect()
}

/// Only Notify's replacement table (smart quotes, dashes, `…`, odd and zero-width spaces,
/// `Ł`), every other character kept: the text a bulk-SMS service that sends UCS-2 is given,
/// so a Polish, Urdu or Chinese message keeps its letters while a curly quote does not make
/// an English one UCS-2.
pub fn punctuation_replacements(text: &str) -> String {
    text.chars()
        .map(|c| {
            REPLACEMENTS
                .iter()
                .find(|&&(from, _)| from == c)
                .map_or_else(|| c.to_string(), |&(_, to)| to.to_string())
        })
        .collect()
}

/// The characters Notify cannot send at all and turns into `?`, each once, in order of
/// first appearance (Notify's `get_non_gsm_characters`), for warning that a text in, say,
/// Urdu or Chinese will arrive as question marks.
pub fn notify_unsendable(text: &str) -> Vec<char> {
    let mut found = Vec::new();
    for c in text.chars() {
        if replace(c).is_none() && !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

fn replace(c: char) -> Option<String> {
    if kept(c) {
        return Some(c.to_string());
    }
    if let Some(base) = DOWNGRADES
        .iter()
        .find(|d| d.chars().skip(1).any(|x| x == c))
    {
        return base.chars().next().map(String::from);
    }
    REPLACEMENTS
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to.to_string())
}

/// Notify's `SanitiseSMS.ALLOWED_CHARACTERS`.
fn kept(c: char) -> bool {
    GSM7_BASIC.contains(&c) || (c != '\u{c}' && in_extension(c)) || WELSH.contains(c)
}

fn in_extension(c: char) -> bool {
    GSM7_EXTENSION.iter().any(|&(_, e)| e == c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::select;

    #[test]
    fn punctuation_is_replaced_and_scripts_are_kept() {
        let english = punctuation_replacements("Dr O\u{2019}Neil\u{2019}s \u{2013} call\u{2026}");
        assert_eq!(english, "Dr O'Neil's - call...");
        assert_eq!(count(&english).encoding, Encoding::Gsm7);
        let urdu = "\u{0645}\u{0637}\u{0644}\u{0639} \u{201c}GP\u{201d}";
        let kept = punctuation_replacements(urdu);
        assert_eq!(kept, "\u{0645}\u{0637}\u{0644}\u{0639} \"GP\"");
        assert_eq!(count(&kept).encoding, Encoding::Ucs2);
        assert_eq!(punctuation_replacements("Łódź"), "Lódź");
    }

    /// A GSM-7 character and whether it is from the extension table.
    fn gsm_char() -> impl Strategy<Value = (char, bool)> {
        prop_oneof![
            3 => select(GSM7_BASIC.to_vec()).prop_map(|c| (c, false)),
            1 => select(GSM7_EXTENSION.map(|(_, c)| c).to_vec()).prop_map(|c| (c, true)),
        ]
    }

    fn outside_both() -> impl Strategy<Value = char> {
        any::<char>().prop_filter("outside GSM-7", |&c| {
            !GSM7_BASIC.contains(&c) && !in_extension(c)
        })
    }

    fn expected_segments(c: SmsCount) -> usize {
        match (c.encoding, c.characters) {
            (Encoding::Gsm7, n) if n <= 160 => 1,
            (Encoding::Gsm7, n) => n.div_ceil(153),
            (Encoding::Ucs2, n) if n <= 70 => 1,
            (Encoding::Ucs2, n) => n.div_ceil(67),
        }
    }

    proptest! {
        #[test]
        fn basic_counts_one_each(s in vec(select(GSM7_BASIC.to_vec()), 0..500)) {
            let text: String = s.into_iter().collect();
            let c = count(&text);
            prop_assert_eq!(c.encoding, Encoding::Gsm7);
            prop_assert_eq!(c.characters, text.chars().count());
        }

        #[test]
        fn extension_counts_two(s in vec(gsm_char(), 0..500)) {
            let text: String = s.iter().map(|&(c, _)| c).collect();
            let ext = s.iter().filter(|&&(_, e)| e).count();
            let c = count(&text);
            prop_assert_eq!(c.encoding, Encoding::Gsm7);
            prop_assert_eq!(c.characters, s.len() - ext + 2 * ext);
        }

        #[test]
        fn one_foreign_char_means_ucs2(
            s in vec(any::<char>(), 0..300), odd in outside_both(), at in any::<usize>()
        ) {
            let mut chars = s;
            chars.insert(at % (chars.len() + 1), odd);
            let text: String = chars.into_iter().collect();
            let c = count(&text);
            prop_assert_eq!(c.encoding, Encoding::Ucs2);
            prop_assert_eq!(c.characters, text.encode_utf16().count());
        }

        #[test]
        fn segments_follow_formula_and_grow(s in vec(prop_oneof![
            gsm_char().prop_map(|(c, _)| c), any::<char>()
        ], 0..400)) {
            let mut last = 1;
            for n in 0..=s.len() {
                let prefix: String = s[..n].iter().collect();
                let c = count(&prefix);
                prop_assert_eq!(c.segments, expected_segments(c));
                prop_assert!(c.segments >= last, "{} parts after {}", c.segments, last);
                last = c.segments;
            }
        }

        #[test]
        fn replacements_give_only_what_notify_sends(s in vec(any::<char>(), 0..200)) {
            let text: String = s.into_iter().collect();
            let out = notify_replacements(&text);
            prop_assert!(out.chars().all(kept), "{out:?}");
            prop_assert_eq!(notify_replacements(&out), out.clone());
            let welsh_ucs2 = out.chars().any(|c| WELSH.contains(c) && !GSM7_BASIC.contains(&c));
            let expected = if welsh_ucs2 { Encoding::Ucs2 } else { Encoding::Gsm7 };
            prop_assert_eq!(count(&out).encoding, expected);
            // Only the ellipsis grows: every other character becomes at most one.
            if !text.contains('\u{2026}') {
                prop_assert!(out.chars().count() <= text.chars().count());
            }
        }

        #[test]
        fn notify_leaves_gsm_text_alone(s in vec(gsm_char(), 0..200)) {
            let text: String = s.iter().map(|&(c, _)| c).filter(|&c| c != '\u{c}').collect();
            prop_assert_eq!(notify_replacements(&text), text.clone());
            prop_assert!(notify_unsendable(&text).is_empty());
        }
    }

    #[test]
    fn tables() {
        assert_eq!(GSM7_BASIC[0x1B], '\u{1b}');
        assert_eq!(
            (GSM7_BASIC[0x00], GSM7_BASIC[0x40], GSM7_BASIC[0x7F]),
            ('@', '¡', 'à')
        );
        let downgraded: usize = DOWNGRADES.iter().map(|d| d.chars().count() - 1).sum();
        assert_eq!(downgraded, 372);
        assert!(
            DOWNGRADES
                .iter()
                .all(|d| d.chars().next().is_some_and(kept))
        );
        assert_eq!(
            WELSH.chars().filter(|&c| !GSM7_BASIC.contains(&c)).count(),
            43
        );
        assert_eq!(Encoding::Gsm7.as_str(), "GSM-7");
        assert_eq!(Encoding::Ucs2.as_str(), "UCS-2");
    }

    #[test]
    fn boundaries() {
        let gsm = |n| count(&"a".repeat(n)).segments;
        assert_eq!(
            (gsm(0), gsm(160), gsm(161), gsm(306), gsm(307)),
            (1, 1, 2, 2, 3)
        );
        assert_eq!(count("").characters, 0);
        let ucs = |n| count(&"ŵ".repeat(n)).segments;
        assert_eq!((ucs(70), ucs(71), ucs(134), ucs(135)), (1, 2, 2, 3));
        // An extension character takes two septets.
        let a159 = "a".repeat(159);
        assert_eq!(count(&format!("{a159}€")).characters, 161);
        assert_eq!(count(&format!("{a159}€")).segments, 2);
        assert_eq!(count(&format!("{}€", &a159[1..])).segments, 1);
        // An emoji is two UTF-16 code units.
        assert_eq!(count("👍").characters, 2);
    }

    #[test]
    fn languages() {
        let english = count("Your GP practice is closing on 31 March. Reply STOP to opt out.");
        assert_eq!(english.encoding, Encoding::Gsm7);
        let welsh = "Bydd y feddygfa yn cau ym mis Mawrth. Cysylltwch â ni.";
        assert_eq!(count(welsh).encoding, Encoding::Ucs2);
        assert_eq!(count(&notify_replacements(welsh)).encoding, Encoding::Ucs2);
        let urdu = "آپ کی سرجری بند ہو رہی ہے";
        assert_eq!(count(urdu).encoding, Encoding::Ucs2);
        assert_eq!(count(urdu).characters, urdu.chars().count());
        let chinese = "您的诊所即将关闭";
        assert_eq!(count(chinese), sized(Encoding::Ucs2, 8));
        // Notify cannot send these scripts: they arrive as question marks.
        assert_eq!(notify_replacements(chinese), "????????");
        assert_eq!(count(&notify_replacements(urdu)).encoding, Encoding::Gsm7);
        assert_eq!(
            notify_unsendable("您的诊所关闭了诊所"),
            "您的诊所关闭了".chars().collect::<Vec<_>>()
        );
    }

    #[test]
    fn notify_table() {
        let text = "Dr Smith’s practice – “Park Lane Surgery” – closes…";
        assert_eq!(count(text).encoding, Encoding::Ucs2);
        let sent = notify_replacements(text);
        assert_eq!(
            sent,
            "Dr Smith's practice - \"Park Lane Surgery\" - closes..."
        );
        assert_eq!(count(&sent).encoding, Encoding::Gsm7);
        assert_eq!(notify_replacements("Łōdź ç"), "Lodz c");
        assert_eq!(notify_replacements("a\u{a0}b\u{200b}c\td"), "a bc d");
        assert_eq!(notify_replacements("It Just Works™ 😬"), "It Just Works? ?");
        assert_eq!(
            notify_replacements("Zoë, ẃ, é, €, \u{c}"),
            "Zoë, ẃ, é, €, ?"
        );
        // Three dots for one ellipsis can add a part.
        let dots = notify_replacements(&"…".repeat(70));
        assert_eq!(
            (count(&"…".repeat(70)).segments, count(&dots).segments),
            (1, 2)
        );
    }

    #[test]
    fn limit_counts_extension_once() {
        let text = "€".repeat(MAX_CHARACTERS);
        let sent = notify_replacements(&text);
        assert_eq!(sent.encode_utf16().count(), MAX_CHARACTERS);
        assert_eq!(count(&sent).segments, 12);
    }
}

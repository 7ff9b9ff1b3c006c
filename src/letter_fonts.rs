//! The fonts every letter is set in: which characters they can print and how wide text is in
//! them. Shared by the input stage, which refuses patient text no letter font can print, the
//! envelope rules, which size address lines by these widths, and the render stage, which gives
//! the fonts to typst. Not a stage itself: it knows nothing of patients, letters or pages.

use std::sync::OnceLock;

use ttf_parser::Face;
use unicode_segmentation::UnicodeSegmentation;

/// The fonts compiled into the binary, in typst's fallback order; no system font is ever used.
pub const FONTS: &[&[u8]] = &[
    include_bytes!("../letter-templates/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoNaskhArabic-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoNastaliqUrdu-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoNastaliqUrdu-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansBengali-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansGujarati-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansGujarati-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansGurmukhi-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansGurmukhi-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansTamil-Regular.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansTamil-Bold.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansCJKsc-Regular-subset.ttf"),
    include_bytes!("../letter-templates/fonts/NotoSansCJKsc-Bold-subset.ttf"),
];

/// The file of one shipped font, by family name (as `locale.toml` names it) and weight: for
/// the Word letters, which embed the fonts they use.
pub fn font_file(family: &str, bold: bool) -> Option<&'static [u8]> {
    static FAMILIES: OnceLock<Vec<(String, bool, &'static [u8])>> = OnceLock::new();
    FAMILIES
        .get_or_init(|| {
            FONTS
                .iter()
                .filter_map(|&data| {
                    let face = Face::parse(data, 0).ok()?;
                    Some((family_name(&face)?, face.is_bold(), data))
                })
                .collect()
        })
        .iter()
        .find(|(name, is_bold, _)| name == family && *is_bold == bold)
        .map(|&(_, _, data)| data)
}

/// A face's family name: the typographic family (name 16) where there is one, as in
/// "Noto Sans CJK SC" for its bold face too, else the family (name 1).
fn family_name(face: &Face) -> Option<String> {
    let name = |id| {
        face.names()
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| name(ttf_parser::name_id::FAMILY))
}

/// Width assumed for a character no bundled font has, in ems (typst shows a missing glyph box).
const UNKNOWN_EM: f64 = 0.6;

/// Characters a font need not have for its cluster to print: joiners and variation selectors,
/// which shaping drops when the font does not use them.
fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{034F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Points to millimetres.
pub fn pt_to_mm(pt: f64) -> f64 {
    pt * 25.4 / 72.0
}

/// The letter fonts' character maps and advance widths.
pub struct LetterFonts {
    faces: Vec<Face<'static>>,
}

impl LetterFonts {
    /// The fonts every letter is set in ([`FONTS`]), parsed once per process.
    pub fn shipped() -> &'static LetterFonts {
        static SHIPPED: OnceLock<LetterFonts> = OnceLock::new();
        SHIPPED.get_or_init(|| LetterFonts::new(FONTS))
    }

    /// Fonts from raw font files, first to last in fallback order (for tests of one font).
    pub fn new(fonts: &[&'static [u8]]) -> LetterFonts {
        LetterFonts {
            faces: fonts
                .iter()
                .filter_map(|data| Face::parse(data, 0).ok())
                .collect(),
        }
    }

    /// The first character of `text` that the letters could not print (typst's PDF/A export
    /// refuses the whole file): one no letter font has, or a combining mark that the font
    /// printing its base character lacks. typst shapes a cluster in one font, the first in
    /// fallback order that has its base (Noto Sans for any Latin letter or digit), so "L" or
    /// "2" with an Arabic mark above fails although another font has the mark. ASCII text,
    /// which Noto Sans has throughout, is not looked up.
    pub fn unprintable(&self, text: &str) -> Option<char> {
        if text.is_ascii() {
            return None;
        }
        let has = |face: &Face, c: char| face.glyph_index(c).is_some_and(|g| g.0 != 0);
        text.graphemes(true).find_map(|cluster| {
            let mut chars = cluster.chars().filter(|&c| !is_ignorable(c));
            let base = chars.next()?;
            let Some(face) = self.faces.iter().find(|face| has(face, base)) else {
                return Some(base);
            };
            chars.find(|&c| !has(face, c))
        })
    }

    /// The width of `text` in ems: the sum of its characters' advances, each from the first
    /// font that has it, as typst falls back.
    pub fn width_em(&self, text: &str) -> f64 {
        text.chars()
            .map(|c| {
                self.faces
                    .iter()
                    .find_map(|face| {
                        let glyph = face.glyph_index(c)?;
                        let advance = face.glyph_hor_advance(glyph)?;
                        Some(f64::from(advance) / f64::from(face.units_per_em()))
                    })
                    .unwrap_or(if c.is_control() { 0.0 } else { UNKNOWN_EM })
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_no_letter_font_has_are_found() {
        let fonts = LetterFonts::shipped();
        for printable in [
            "Mrs Amina Okafor",
            "Zoë Łukasiewicz-Núñez",
            "Μαρία",
            "Сергей",
            "محمد",
            "সালমা",
            "ਹਰਪ੍ਰੀਤ",
            "தமிழ்",
            "ગુજરાત",
        ] {
            assert_eq!(fonts.unprintable(printable), None, "{printable}");
        }
        for family in [
            "Noto Sans",
            "Noto Naskh Arabic",
            "Noto Nastaliq Urdu",
            "Noto Sans CJK SC",
        ] {
            for bold in [false, true] {
                assert!(font_file(family, bold).is_some(), "{family} {bold}");
            }
        }
        assert_ne!(font_file("Noto Sans", false), font_file("Noto Sans", true));
        assert_eq!(font_file("Arial", false), None);
        assert_eq!(fonts.unprintable("Mr\u{07DD}"), Some('\u{07DD}'));
        assert_eq!(fonts.unprintable("A \u{1F600} B"), Some('\u{1F600}'));
        // Found by the letters fuzz target: Noto Sans has the letter or digit, only Noto
        // Naskh Arabic the mark above.
        assert_eq!(fonts.unprintable("AL\u{653}a"), Some('\u{653}'));
        assert_eq!(fonts.unprintable("12\u{6DA}"), Some('\u{6DA}'));
        assert_eq!(
            fonts.unprintable("\u{644}\u{653}"),
            None,
            "maddah on an Arabic letter"
        );
        assert_eq!(
            fonts.unprintable("Zoe\u{308}"),
            None,
            "combining diaeresis on Latin"
        );
    }
}

//! Lettersign braille indication
//!
//! Sometimes a sequence of letters happens to be the same as a braille contraction. In that case an
//! indication is needed to clarify the meaning. The lettersign indicator signals that the following
//! braille cells are not a contraction.
//!
//! [`Indicator`] analyses the full input text in a single pass before translation begins. At each
//! position it checks whether the remaining input matches a known contraction and, if so, emits the
//! lettersign translation at that position.
//!
//! In addition, the indicator fires for any isolated letter (not followed by another letter)
//! whose preceding character is neither a space nor a letter — for example, a letter at string
//! start before punctuation (`b:`), or a Tamil consonant followed by a vowel sign or virama.
//! Letters preceded by a space (word boundary) or by another letter (tail of a letter run) do not fire.
//! PATCH (dispersal): as in liblouis, a letter preceded by a space (or at the start) fires too,
//! and so does a letter preceded by a digit even when another letter follows; only a letter
//! preceded by a letter never does.
//! The `noletsignafter` and `noletsignbefore` opcodes list characters adjacent to a letter that
//! suppress the indicator. The `noletsign` opcode lists letters that must never themselves be
//! preceded by a letter sign, regardless of context.

use std::collections::HashSet;

use crate::parser::CharacterClass;
use crate::translator::TranslationStage;
use crate::translator::table::TableContext;
use crate::translator::trie::Transition;
use crate::{
    parser::{AnchoredRule, Direction, Precedence},
    translator::{ResolvedTranslation, trie::Trie},
};

use log::warn;

use std::collections::HashMap;

/// A builder for [`Indicator`]
#[derive(Debug)]
pub struct IndicatorBuilder {
    lettersign: Option<(String, AnchoredRule)>,
    contractions: HashMap<String, AnchoredRule>,
    noletsign_chars: HashSet<char>,
    noletsignafter_chars: HashSet<char>,
    noletsignbefore_chars: HashSet<char>,
}

impl IndicatorBuilder {
    pub fn new() -> Self {
        Self {
            lettersign: None,
            contractions: HashMap::new(),
            noletsign_chars: HashSet::new(),
            noletsignafter_chars: HashSet::new(),
            noletsignbefore_chars: HashSet::new(),
        }
    }

    /// Build an [`Indicator`]
    pub fn build(self, ctx: &TableContext) -> Option<Indicator> {
        if self.lettersign.is_none() {
            if !self.contractions.is_empty() {
                warn!("Table contains contractions but no letsign");
            }
            return None;
        }

        let (lettersign, origin) = self.lettersign.unwrap();
        let start_translation =
            ResolvedTranslation::new("", &lettersign, 1, TranslationStage::Main, origin.clone());

        let cc = ctx.character_classes();
        let mut trie = Trie::new().with_context(cc.clone());
        let word_boundary = vec![CharacterClass::Space, CharacterClass::Punctuation];
        for (contraction, _origin) in self.contractions {
            trie.insert(
                &contraction,
                &lettersign,
                Some(Transition::Start(word_boundary.clone())),
                Some(Transition::End(word_boundary.clone())),
                Direction::Forward,
                Precedence::Default,
                vec![],
                TranslationStage::Main,
                &origin,
            );
        }

        // Collect letter and numeric character sets from the character class context.
        let letter_chars: HashSet<char> = [
            CharacterClass::Letter,
            CharacterClass::Uppercase,
            CharacterClass::Lowercase,
        ]
        .iter()
        .filter_map(|class| cc.get(class))
        .flatten()
        .collect();

        // PATCH (dispersal): digits, for liblouis's "a letter after a digit" case below, in
        // place of the spaces (a letter after a space gets the sign too).
        let digit_chars: HashSet<char> = [CharacterClass::Digit, CharacterClass::Litdigit]
            .iter()
            .filter_map(|class| cc.get(class))
            .flatten()
            .collect();

        Some(Indicator {
            contractions: trie,
            start_translation,
            letter_chars,
            digit_chars,
            noletsign_chars: self.noletsign_chars,
            noletsignafter_chars: self.noletsignafter_chars,
            noletsignbefore_chars: self.noletsignbefore_chars,
        })
    }

    pub fn letsign(&mut self, s: &str, origin: &AnchoredRule) {
        self.lettersign = Some((s.to_string(), origin.clone()));
    }

    pub fn contraction(&mut self, s: &str, origin: &AnchoredRule) {
        self.contractions.insert(s.to_string(), origin.clone());
    }

    pub fn noletsign(&mut self, s: &str) {
        self.noletsign_chars.extend(s.chars());
    }

    pub fn noletsignafter(&mut self, s: &str) {
        self.noletsignafter_chars.extend(s.chars());
    }

    pub fn noletsignbefore(&mut self, s: &str) {
        self.noletsignbefore_chars.extend(s.chars());
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    contractions: Trie,
    start_translation: ResolvedTranslation,
    /// Characters that are considered letters (Letter + Uppercase + Lowercase classes).
    letter_chars: HashSet<char>,
    /// PATCH (dispersal): characters that are digits (Digit and Litdigit classes), in place
    /// of the spaces (Space class).
    digit_chars: HashSet<char>,
    /// These letters must never themselves be preceded by a letter sign.
    noletsign_chars: HashSet<char>,
    /// When one of these characters follows a single letter the letsign must NOT be inserted.
    noletsignafter_chars: HashSet<char>,
    /// When one of these characters precedes a single letter the letsign must NOT be inserted.
    noletsignbefore_chars: HashSet<char>,
}

impl Indicator {
    /// Returns sparse `(position, translation)` pairs.
    pub fn precompute(&self, input: &str) -> Vec<(usize, ResolvedTranslation)> {
        let chars: Vec<char> = input.chars().collect();
        let n = chars.len();

        // Collect positions where letsign should fire (deduplicated via HashSet).
        let mut fire: HashSet<usize> = HashSet::new();

        // ── Isolation-based letsign ───────────────────────────────────────────
        // Fires for a letter that is isolated (not followed by another letter)
        // AND whose preceding character, if any, is neither a space nor a letter.
        // This covers:
        //   - letters at string start before punctuation (e.g. `b:`, prev=None)
        //   - Tamil consonants followed by vowel signs or virama (prev=digit/punct)
        //   - letters that immediately follow a digit or other non-letter, non-space char
        // It does NOT fire when preceded by a space (word boundary: "a", "I'm")
        // or by another letter (tail of a word: `:bc` — 'c' has prev='b').
        // PATCH (dispersal): it does fire after a space, and after a digit even before
        // another letter; see below.
        for (i, &c) in chars.iter().enumerate() {
            if !self.letter_chars.contains(&c) || self.noletsign_chars.contains(&c) {
                continue;
            }
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            let next = if i + 1 < n { Some(chars[i + 1]) } else { None };

            // Skip if preceded by a noletsignbefore character.
            if prev.is_some_and(|p| self.noletsignbefore_chars.contains(&p)) {
                continue;
            }
            // Skip if followed by a noletsignafter character.
            if next.is_some_and(|n| self.noletsignafter_chars.contains(&n)) {
                continue;
            }

            let isolated = next.is_none_or(|n| !self.letter_chars.contains(&n));
            // PATCH (dispersal): liblouis's condition (`insertLetterSign` in
            // lou_translateString.c, 3.24): a letter not preceded by a letter, and either not
            // followed by one or preceded by a digit. A letter after a space, or at the start,
            // gets the sign too (liblouis reads the start as a space): `x y` is `⠰⠭⠀⠰⠽`
            // in en-us-g1.ctb, and a Tamil consonant starting a word before a vowel sign
            // gets it in ta-ta-g1.ctb. (Was: not after a space, and never after a digit when
            // a letter follows.)
            let prev_is_letter = prev.is_some_and(|p| self.letter_chars.contains(&p));
            let prev_is_digit = prev.is_some_and(|p| self.digit_chars.contains(&p));
            if (isolated || prev_is_digit) && !prev_is_letter {
                fire.insert(i);
            }
        }

        // ── Contraction-based letsign ──────────────────────────────────────────
        // Fires when a known contraction is found at a word boundary (grade 2 tables).
        {
            let mut prev: Option<char> = None;
            let mut char_pos = 0;
            for (byte_pos, c) in input.char_indices() {
                if !self.noletsign_chars.contains(&c)
                    && self.next(&input[byte_pos..], prev).is_some()
                {
                    fire.insert(char_pos);
                }
                prev = Some(c);
                char_pos += 1;
            }
        }

        let mut result: Vec<(usize, ResolvedTranslation)> = fire
            .into_iter()
            .map(|pos| (pos, self.start_translation.clone()))
            .collect();
        result.sort_by_key(|(pos, _)| *pos);
        result
    }

    pub fn next(&self, s: &str, prev: Option<char>) -> Option<ResolvedTranslation> {
        let translations = self.contractions.find_translations(s, prev);
        if !translations.is_empty() {
            let translation = translations.first().unwrap();
            Some(translation.clone().with_input("").with_weight(1))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        parser::{CharacterClass, CharacterClasses, RuleParser},
        translator::{TranslationStage, table::TableContext},
    };

    fn rule(rule: &str) -> AnchoredRule {
        let rule = RuleParser::new(rule).rule().unwrap();
        AnchoredRule::new(rule, None, 0)
    }

    fn pairs(t: &[(usize, ResolvedTranslation)]) -> Vec<(usize, String)> {
        t.iter()
            .map(|(pos, r)| (*pos, r.output().to_string()))
            .collect()
    }

    fn build_indicator(
        letter_chars: &[char],
        noletsignbefore: &[char],
        contraction: Option<&str>,
    ) -> Indicator {
        let mut builder = IndicatorBuilder::new();
        builder.letsign("⠠", &rule("letsign 6"));
        let noletsignbefore_str: String = noletsignbefore.iter().collect();
        builder.noletsignbefore(&noletsignbefore_str);
        if let Some(c) = contraction {
            builder.contraction(c, &rule(&format!("contraction {}", c)));
        }
        let cc = CharacterClasses::new(&[
            (CharacterClass::Letter, letter_chars),
            (CharacterClass::Space, &[' ']),
        ]);
        let ctx = TableContext::new(cc, CharacterClasses::default(), Default::default());
        builder.build(&ctx).unwrap()
    }

    #[test]
    fn contraction_indicator() {
        let indicator = build_indicator(&['a', 'b', 'c', 'd'], &[], Some("ab"));
        assert_eq!(indicator.next("aa", None), None);
        assert_eq!(
            indicator.next("ab", None),
            Some(ResolvedTranslation::new(
                "",
                "⠠",
                1,
                TranslationStage::Main,
                rule("letsign 6")
            ))
        );
    }

    #[test]
    fn isolated_letter_fires_when_not_preceded_by_space() {
        let indicator = build_indicator(&['a', 'b', 'c'], &[], None);
        // isolated letter at string start (prev=None): fires
        assert_eq!(
            pairs(&indicator.precompute("b:")),
            vec![(0, "⠠".to_string())]
        );
        // isolated letter after punctuation (prev is non-space, non-letter): fires
        assert_eq!(
            pairs(&indicator.precompute("2b")),
            vec![(1, "⠠".to_string())]
        );
        // PATCH (dispersal): isolated letter preceded by space: fires, as in liblouis
        // (was: does NOT fire)
        assert_eq!(
            pairs(&indicator.precompute(" b ")),
            vec![(1, "⠠".to_string())]
        );
        // letter followed by another letter (not isolated): does NOT fire
        assert_eq!(pairs(&indicator.precompute(":bc")), vec![]);
        // multi-letter word: no letsign
        assert_eq!(pairs(&indicator.precompute("abc")), vec![]);
    }

    #[test]
    fn noletsign_suppresses_isolation_letsign() {
        let mut builder = IndicatorBuilder::new();
        builder.letsign("⠠", &rule("letsign 6"));
        builder.noletsign("i");
        let cc = CharacterClasses::new(&[
            (CharacterClass::Letter, &['a', 'b', 'i']),
            (CharacterClass::Space, &[' ']),
        ]);
        let ctx = TableContext::new(cc, CharacterClasses::default(), Default::default());
        let indicator = builder.build(&ctx).unwrap();

        // 'i' is listed in noletsign: never gets a letsign, even isolated after a
        // non-space, non-letter character.
        assert_eq!(pairs(&indicator.precompute("2i")), vec![]);
        // other isolated letters are unaffected.
        assert_eq!(
            pairs(&indicator.precompute("2b")),
            vec![(1, "⠠".to_string())]
        );
    }

    #[test]
    fn noletsign_suppresses_contraction_letsign() {
        let mut builder = IndicatorBuilder::new();
        builder.letsign("⠠", &rule("letsign 6"));
        builder.contraction("ab", &rule("contraction ab"));
        builder.noletsign("a");
        let cc = CharacterClasses::new(&[(CharacterClass::Letter, &['a', 'b'])]);
        let ctx = TableContext::new(cc, CharacterClasses::default(), Default::default());
        let indicator = builder.build(&ctx).unwrap();

        // "ab" is a contraction, but 'a' is listed in noletsign, so no letsign fires.
        assert_eq!(pairs(&indicator.precompute("ab")), vec![]);
    }

    #[test]
    fn noletsignbefore_suppresses_isolation_letsign() {
        let indicator = build_indicator(&['a', 'b', 'c'], &['2'], None);
        // noletsignbefore '2' suppresses the letsign for "2b" -- '2' precedes the letter
        assert_eq!(pairs(&indicator.precompute("2b")), vec![]);
        // other non-space, non-letter chars still trigger it
        assert_eq!(
            pairs(&indicator.precompute("3b")),
            vec![(1, "⠠".to_string())]
        );
    }

    #[test]
    fn noletsignafter_suppresses_isolation_letsign() {
        let mut builder = IndicatorBuilder::new();
        builder.letsign("⠠", &rule("letsign 6"));
        builder.noletsignafter("2");
        let cc = CharacterClasses::new(&[
            (CharacterClass::Letter, &['a', 'b', 'c']),
            (CharacterClass::Space, &[' ']),
        ]);
        let ctx = TableContext::new(cc, CharacterClasses::default(), Default::default());
        let indicator = builder.build(&ctx).unwrap();

        // noletsignafter '2' suppresses the letsign for "3b2" -- '2' follows the letter
        assert_eq!(pairs(&indicator.precompute("3b2")), vec![]);
        // a different following char leaves it in place
        assert_eq!(
            pairs(&indicator.precompute("3b3")),
            vec![(1, "⠠".to_string())]
        );
    }

    #[test]
    fn precompute_contraction() {
        let mut builder = IndicatorBuilder::new();
        builder.letsign("⠠", &rule("letsign 6"));
        builder.contraction("ab", &rule("contraction ab"));
        builder.contraction("cd", &rule("contraction cd"));
        let cc = CharacterClasses::new(&[(CharacterClass::Letter, &['a', 'b', 'c', 'd'])]);
        let ctx = TableContext::new(cc, CharacterClasses::default(), Default::default());
        let indicator = builder.build(&ctx).unwrap();

        assert_eq!(pairs(&indicator.precompute("aa")), vec![]);
        assert_eq!(
            pairs(&indicator.precompute("ab")),
            vec![(0, "⠠".to_string())]
        );
    }
}

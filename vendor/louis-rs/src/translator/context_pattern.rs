//! Store and find context rules using a simple regexp engine ([`Regexp`](crate::translator::regexp))

use std::collections::HashSet;

use crate::parser::multipass::test::Operator;
use crate::parser::{Action, ActionInstruction, HasPrecedence, Quantifier, Test, TestInstruction};

use crate::parser::{AnchoredRule, Attribute, CharacterClass, CharacterClasses};
use crate::translator::effect::{Effect, Environment};
use crate::translator::regexp::{self, CompiledRegexp, Regexp};
use crate::translator::swap::SwapClasses;
use crate::translator::table::TableContext;
use crate::translator::translation::{
    Translation, TranslationTarget, TranslationTargets, UnresolvedTranslation,
};
use crate::translator::{ResolvedTranslation, TranslationError, TranslationStage};

impl Regexp {
    fn from_test(test: &Test, whole_match: bool, ctx: &CharacterClasses) -> Self {
        let regexp = Regexp::from_instructions(test.tests(), whole_match, ctx);
        if whole_match {
            Regexp::Consume(Box::new(regexp))
        } else {
            regexp
        }
    }

    fn from_instructions(
        instructions: &[TestInstruction],
        whole_match: bool,
        ctx: &CharacterClasses,
    ) -> Self {
        match instructions.len() {
            0 => Regexp::Empty,
            1 => Regexp::from_instruction(&instructions[0], whole_match, ctx),
            _ => {
                let mut ast = Regexp::from_instruction(&instructions[0], whole_match, ctx);
                for instruction in &instructions[1..] {
                    let other = Regexp::from_instruction(instruction, whole_match, ctx);
                    ast = Regexp::Concat(Box::new(ast), Box::new(other));
                }
                ast
            }
        }
    }

    fn from_instruction(
        instruction: &TestInstruction,
        whole_match: bool,
        ctx: &CharacterClasses,
    ) -> Self {
        match instruction {
            // liblouis' `_N` rewinds a single mutable cursor by N so a later test can peek at
            // already-consumed (or, at the end of a test, not-yet-consumed) text without that
            // text becoming part of the replaceable span — its own matcher needs this because it
            // has no other way to look outside the span it's currently walking. We don't: (1)
            // `ResolvedTranslation::resolve` sets the reported length to the *captured bracket's*
            // length alone, never however much surrounding "before"/"after" content was checked,
            // so a check placed before or after the bracket is never mistakenly swallowed into
            // the consumed span regardless of `_N`'s value; and (2) `context_candidates` is
            // queried at every cursor position (like `match`'s `pre`), so a check placed before
            // the bracket is naturally discovered starting at the earlier position and held via
            // `delayed_translations`/`offset()` until the cursor catches up. Dropping `_N`
            // entirely and just compiling the surrounding checks in place is therefore already
            // correct, not a stand-in for a real implementation — hence `Empty`, not some
            // "unimplemented" marker.
            TestInstruction::Lookback { .. } => Regexp::Empty,
            TestInstruction::Variable { var, op, operand } => match op {
                Operator::Eq => Regexp::VariableEqual(*var, *operand),
                // FIXME: operands other than equal do not seem to exist in the wild (at least not
                // in the tables that are shipped with liblouis), so maybe that feature should be
                // removed
                _ => todo!(),
            },
            TestInstruction::String { s } => Regexp::String(s.to_string()),
            TestInstruction::Dots { dots } => Regexp::String(dots.to_string()),
            TestInstruction::Attributes { attrs, quantifier } => {
                Regexp::from_multipass_attributes(attrs, quantifier, ctx)
            }
            TestInstruction::Class { name, quantifier } => {
                Regexp::from_class(name, quantifier, ctx)
            }
            TestInstruction::Negate { test } => {
                Regexp::from_instruction(test, whole_match, ctx).negate()
            }
            TestInstruction::Replace { tests } => {
                let regexp =
                    Regexp::Capture(Box::new(Regexp::from_instructions(tests, whole_match, ctx)));
                if whole_match {
                    regexp
                } else {
                    Regexp::Consume(Box::new(regexp))
                }
            }
            TestInstruction::AtBeginning => Regexp::StartAnchor,
            TestInstruction::AtEnd => Regexp::EndAnchor,
        }
    }

    fn quantified(self, quantifier: &Option<Quantifier>) -> Self {
        match quantifier {
            None => self,
            Some(Quantifier::Number(n)) => Regexp::RepeatExactly(*n, Box::new(self)),
            Some(Quantifier::Range(min, max)) => {
                Regexp::RepeatAtLeastAtMost(*min, *max, Box::new(self))
            }
            Some(Quantifier::OneOrMore) => Regexp::OneOrMore(Box::new(self)),
        }
    }

    fn from_class(name: &str, quantifier: &Option<Quantifier>, ctx: &CharacterClasses) -> Self {
        let class = CharacterClass::from(name);
        let characters = ctx.get(&class).unwrap_or_default(); // FIXME: should probably fail if we cannot find the class
        Regexp::CharacterClass(characters).quantified(quantifier)
    }

    fn from_multipass_attributes(
        attrs: &HashSet<Attribute>,
        quantifier: &Option<Quantifier>,
        ctx: &CharacterClasses,
    ) -> Self {
        // liblouis compiles `a` to the full attribute mask, so it matches any character no
        // matter what else is in the list -- an alternative with everything else is pointless
        if attrs.contains(&Attribute::Any) {
            return Regexp::Any.quantified(quantifier);
        }
        let mut characters: HashSet<char> = HashSet::default();
        for attr in attrs {
            match attr {
                Attribute::Class(class) => {
                    if let Some(chars) = ctx.get(class) {
                        characters.extend(chars);
                    }
                }
                Attribute::Boundary => (),   // TODO
                Attribute::ByOrder(_) => (), // TODO
                Attribute::Any => unreachable!("handled above"),
            }
        }
        Regexp::CharacterClass(characters).quantified(quantifier)
    }
}

impl TranslationTarget {
    fn from_instruction(
        value: ActionInstruction,
        ctx: &SwapClasses,
    ) -> Result<Self, TranslationError> {
        match value {
            ActionInstruction::String { s } => Ok(TranslationTarget::Literal(s)),
            ActionInstruction::Dots { dots } => Ok(TranslationTarget::Literal(dots.to_string())),
            ActionInstruction::SwapClass { name } => {
                let swapper = ctx
                    .get(&name)
                    .ok_or(TranslationError::SwapClassNotDefined(name))?;
                Ok(TranslationTarget::Swap(swapper))
            }
            ActionInstruction::Replace => Ok(TranslationTarget::Capture),
            ActionInstruction::Ignore => Ok(TranslationTarget::Literal("".to_string())),
            // ignore instructions that change the environment
            ActionInstruction::Assignment { .. }
            | ActionInstruction::Increment { .. }
            | ActionInstruction::Decrement { .. } => Ok(TranslationTarget::Literal("".to_string())),
        }
    }
}

impl TranslationTargets {
    fn from_instructions(
        values: &[ActionInstruction],
        ctx: &SwapClasses,
    ) -> Result<Vec<TranslationTarget>, TranslationError> {
        values
            .iter()
            .cloned()
            .map(|instruction| TranslationTarget::from_instruction(instruction, ctx))
            .collect()
    }
}

/// A sequence of [`Effect`]
#[derive(Debug, Clone)]
pub struct Effects(Vec<Effect>);

impl Effects {
    fn from_instructions(values: &[ActionInstruction]) -> Vec<Effect> {
        values
            .iter()
            .cloned()
            .flat_map(Effects::from_instruction)
            .collect()
    }

    fn from_instruction(value: ActionInstruction) -> Option<Effect> {
        if let ActionInstruction::Assignment { variable, value } = value {
            Some(Effect::new(variable, value))
        } else {
            None
        }
    }
}

#[derive(Debug)]
pub struct ContextPatternsBuilder {
    regexps: Vec<CompiledRegexp>,
}

impl ContextPatternsBuilder {
    pub fn new() -> Self {
        Self {
            regexps: Vec::new(),
        }
    }

    /// Create a translation based on `test`, `action`, `origin` and `swap_classes`
    fn translation(
        &self,
        action: &Action,
        origin: &AnchoredRule,
        stage: TranslationStage,
        swap_classes: &SwapClasses,
    ) -> Result<UnresolvedTranslation, TranslationError> {
        let targets = TranslationTargets::from_instructions(&action.actions(), swap_classes)?;
        let effects = Effects::from_instructions(&action.actions());
        Ok(UnresolvedTranslation::new(
            &targets,
            origin.precedence(),
            stage,
            &effects,
            origin.clone(),
        ))
    }

    pub fn insert(
        &mut self,
        test: &Test,
        action: &Action,
        origin: &AnchoredRule,
        stage: TranslationStage,
        ctx: &TableContext,
    ) -> Result<(), TranslationError> {
        let translation =
            Translation::Unresolved(self.translation(action, origin, stage, ctx.swap_classes())?);
        let test = test.clone().add_implicit_replace();
        // for the multipass stages where we translate from braille to braille the character classes
        // need to be the dots_classes
        let character_classes = match stage {
            TranslationStage::Pre | TranslationStage::Main => ctx.character_classes(),
            TranslationStage::Post1 | TranslationStage::Post2 | TranslationStage::Post3 => {
                ctx.dots_classes()
            }
            // a display table is a plain character mapping, it has no context rules
            TranslationStage::Display => unreachable!(),
        };
        let regexp = Regexp::from_test(&test, action.consumes_whole_match(), character_classes)
            .compile_with_payload(translation);
        self.regexps.push(regexp);
        Ok(())
    }

    pub fn build(self) -> ContextPatterns {
        ContextPatterns {
            regexps: self.regexps,
        }
    }
}

#[derive(Debug)]
pub struct ContextPatterns {
    regexps: Vec<CompiledRegexp>,
}

impl ContextPatterns {
    /// `at_start` tells whether `input` begins at position 0 of the whole string being
    /// translated — needed to honor liblouis' `` ` `` ("beginning of input") test anchor,
    /// which can appear anywhere in a compiled pattern (see [`Regexp::StartAnchor`]).
    pub fn find(&self, input: &str, env: &Environment, at_start: bool) -> Vec<ResolvedTranslation> {
        self.regexps
            .iter()
            .flat_map(|r| r.find_anchored(input, env, at_start))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::Precedence;
    use crate::parser::RuleParser;
    use crate::parser::multipass::action;
    use crate::parser::multipass::test;

    fn context(class: CharacterClass, chars: &[char]) -> CharacterClasses {
        let mut ctx = CharacterClasses::default();
        for ch in chars {
            ctx.insert(class.clone(), *ch);
        }
        ctx
    }

    #[test]
    fn find_string() {
        let env = Environment::new();
        let tests = test::Parser::new("\"abc\"").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = CharacterClasses::default();
        let re = Regexp::from_test(&tests, true, &ctx).compile();
        assert_eq!(
            re.find("abc", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_attribute_digit() {
        let env = Environment::new();
        let tests = test::Parser::new("$d").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = context(CharacterClass::Digit, &['1', '2', '3']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("1", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("2", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("3", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("def", &env), None);
    }

    /// `$a` is liblouis' "any character": it matches whatever is there, even with no
    /// character classes defined at all
    #[test]
    fn find_attribute_any() {
        let env = Environment::new();
        let tests = test::Parser::new("$a").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = CharacterClasses::default();
        let re = Regexp::from_test(&tests, true, &ctx).compile();
        assert_eq!(
            re.find("x", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("", &env), None);
    }

    #[test]
    fn find_attribute_uppercase() {
        let env = Environment::new();
        let tests = test::Parser::new("$U").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = context(CharacterClass::Uppercase, &['A', 'B', 'C']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("A", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("A", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("C", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_attribute_uppercase_punctuation_or_sign() {
        let env = Environment::new();
        let tests = test::Parser::new("$USp").tests().unwrap();
        let mut ctx = CharacterClasses::default();
        let stage = TranslationStage::Main;
        for c in ['A', 'B', 'C'] {
            ctx.insert(CharacterClass::Uppercase, c);
        }
        for c in ['.', ',', '!'] {
            ctx.insert(CharacterClass::Punctuation, c);
        }
        for c in ['%', '&', '/'] {
            ctx.insert(CharacterClass::Sign, c);
        }
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("%", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find(".", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("A", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_character_class() {
        let env = Environment::new();
        let tests = test::Parser::new("%letter").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = context(CharacterClass::Letter, &['a', 'b', 'c']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("a", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("b", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("c", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_character_class_three() {
        let env = Environment::new();
        let tests = test::Parser::new("%letter3").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = context(CharacterClass::Letter, &['a', 'b', 'c']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("abc", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(
            re.find("bbb", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(
            re.find("ccc", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(re.find("a", &env), None);
        assert_eq!(re.find("aa", &env), None);
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_character_class_any() {
        let env = Environment::new();
        let tests = test::Parser::new("%letter.").tests().unwrap();
        let stage = TranslationStage::Main;
        let ctx = context(CharacterClass::Letter, &['a', 'b', 'c']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            stage,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("a", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("b", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(
            re.find("c", &env).unwrap(),
            ResolvedTranslation::new("", "", 1, stage, None).with_length(1)
        );
        assert_eq!(re.find("y", &env), None);
        assert_eq!(
            re.find("bbb", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(
            re.find("ccc", &env).unwrap(),
            ResolvedTranslation::new("", "", 3, stage, None).with_length(3)
        );
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_capture_with_character_class() {
        let env = Environment::new();
        let tests = test::Parser::new("\"a\"[%digit]\"b\"").tests().unwrap();
        let ctx = context(CharacterClass::Digit, &['1', '2', '3']);
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            TranslationStage::Main,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("a1b", &env).unwrap(),
            ResolvedTranslation::new("1", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("a2b", &env).unwrap(),
            ResolvedTranslation::new("2", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("a3b", &env).unwrap(),
            ResolvedTranslation::new("3", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(re.find("bbb", &env), None);
        assert_eq!(re.find("ccc", &env), None);
        assert_eq!(re.find("a", &env), None);
        assert_eq!(re.find("aa", &env), None);
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_capture_with_attribute() {
        let env = Environment::new();
        let tests = test::Parser::new("\"a\"[$dU]\"b\"").tests().unwrap();
        let mut ctx = context(CharacterClass::Digit, &['1', '2', '3']);
        for c in ['A', 'B', 'C'] {
            ctx.insert(CharacterClass::Uppercase, c);
        }
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            TranslationStage::Main,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(
            re.find("a1b", &env).unwrap(),
            ResolvedTranslation::new("1", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("a2b", &env).unwrap(),
            ResolvedTranslation::new("2", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("a3b", &env).unwrap(),
            ResolvedTranslation::new("3", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("aAb", &env).unwrap(),
            ResolvedTranslation::new("A", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("aBb", &env).unwrap(),
            ResolvedTranslation::new("B", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(
            re.find("aCb", &env).unwrap(),
            ResolvedTranslation::new("C", "", 3, TranslationStage::Main, None).with_length(3)
        );
        assert_eq!(re.find("bbb", &env), None);
        assert_eq!(re.find("ccc", &env), None);
        assert_eq!(re.find("a", &env), None);
        assert_eq!(re.find("aa", &env), None);
        assert_eq!(re.find("def", &env), None);
    }

    #[test]
    fn find_capture_with_attribute_and_quantifier() {
        let env = Environment::new();
        let tests = test::Parser::new("\"a\"[$dU3]\"b\"").tests().unwrap();
        let mut ctx = context(CharacterClass::Digit, &['1', '2', '3']);
        for c in ['A', 'B', 'C'] {
            ctx.insert(CharacterClass::Uppercase, c);
        }
        let translation = Translation::Unresolved(UnresolvedTranslation::new(
            &[TranslationTarget::Literal("".to_string())],
            Precedence::Default,
            TranslationStage::Main,
            &[],
            None,
        ));
        let regexp = Regexp::from_test(&tests, true, &ctx);
        let re = regexp.compile_with_payload(translation);
        assert_eq!(re.find("a1b", &env), None);
        assert_eq!(re.find("a22b", &env), None);
        assert_eq!(re.find("a31b", &env), None);
        assert_eq!(
            re.find("a123b", &env).unwrap(),
            ResolvedTranslation::new("123", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(
            re.find("a222b", &env).unwrap(),
            ResolvedTranslation::new("222", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(
            re.find("a321b", &env).unwrap(),
            ResolvedTranslation::new("321", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(
            re.find("aABCb", &env).unwrap(),
            ResolvedTranslation::new("ABC", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(
            re.find("aBBBb", &env).unwrap(),
            ResolvedTranslation::new("BBB", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(
            re.find("aCBAb", &env).unwrap(),
            ResolvedTranslation::new("CBA", "", 5, TranslationStage::Main, None).with_length(5)
        );
        assert_eq!(re.find("bbb", &env), None);
        assert_eq!(re.find("ccc", &env), None);
        assert_eq!(re.find("a", &env), None);
        assert_eq!(re.find("aa", &env), None);
        assert_eq!(re.find("def", &env), None);
    }

    // just create some fake anchored rule for testing purposes
    fn origin(line: &str) -> AnchoredRule {
        let rule = RuleParser::new(line).rule().unwrap();
        AnchoredRule::new(rule, None, 0)
    }

    #[test]
    fn context_simple() {
        let env = Environment::new();
        let tests = test::Parser::new("\"abc\"").tests().unwrap();
        let action = action::Parser::new("\"A_B_C\"").actions().unwrap();
        let origin = origin("context \"abc\" \"A_B_C\"");
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("abc", "A_B_C", 3, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        assert_eq!(patterns.find("abc", &env, true), [translation]);
        assert_eq!(patterns.find("def", &env, true), []);
    }

    #[test]
    fn context_capture() {
        let env = Environment::new();
        let tests = test::Parser::new(r#"["abc"]"#).tests().unwrap();
        let action = action::Parser::new(r#""<"*">""#).actions().unwrap();
        let origin = origin(r#"context "abc" "<"*">""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("abc", "<abc>", 3, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        assert_eq!(patterns.find("abc", &env, true), [translation]);
        assert!(patterns.find("def", &env, true).is_empty());
    }

    #[test]
    fn context_at_beginning_anchor() {
        let env = Environment::new();
        let tests = test::Parser::new(r#"`"a""#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context `"a" "X""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("a", "X", 1, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        // matches when `input` truly starts at position 0 of the whole string being translated
        assert_eq!(patterns.find("a", &env, true), [translation]);
        // does not match when we are mid-string, even though the substring looks identical
        assert!(patterns.find("a", &env, false).is_empty());
    }

    #[test]
    fn context_at_end_anchor() {
        let env = Environment::new();
        let tests = test::Parser::new(r#""a"~"#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context "a"~ "X""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("a", "X", 1, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        // matches when "a" is exactly the whole remaining input
        assert_eq!(patterns.find("a", &env, true), [translation]);
        // does not match when there is trailing input after "a"
        assert!(patterns.find("ab", &env, true).is_empty());
    }

    #[test]
    fn context_at_beginning_anchor_after_other_test() {
        // liblouis/liblouis#2071: `quotation-marks.uti:26` places `` ` `` after `#1=0` rather
        // than first. The manual says it must be first, but the compiler doesn't enforce that,
        // and both `` ` `` and `#1=0` are zero-width test-phase conditions, so this must behave
        // identically to `context_at_beginning_anchor` above.
        let mut env = Environment::new();
        env.apply(&Effect::new(1, 0));
        let tests = test::Parser::new(r#"#1=0`"a""#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context #1=0`"a" "X""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("a", "X", 1, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        assert_eq!(patterns.find("a", &env, true), [translation]);
        assert!(patterns.find("a", &env, false).is_empty());
    }

    #[test]
    fn context_negated_beginning_and_end_anchor() {
        let env = Environment::new();
        let tests = test::Parser::new(r#"!`"a""#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context !`"a" "X""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("a", "X", 1, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        // "not at the beginning" -- opposite of `context_at_beginning_anchor`
        assert!(patterns.find("a", &env, true).is_empty());
        assert_eq!(patterns.find("a", &env, false), [translation]);
    }

    #[test]
    fn context_lookback_before_bracket_is_ignored_not_consumed() {
        // liblouis' `_1$d[...]` rewinds 1, checks the preceding char is a digit, then advances
        // back to the bracket. We drop the `_1` (see the comment at
        // `TestInstruction::Lookback`'s match arm) and just check `$d` in place instead. This
        // still requires a digit immediately before the bracket — discovered when the cursor
        // sits at that digit, held via `offset()`/`delayed_translations` until it catches up —
        // and the reported length only ever covers the bracket itself, never the digit.
        let env = Environment::new();
        let tests = test::Parser::new(r#"_1$d["b"]"#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context _1$d["b"] "X""#);
        let stage = TranslationStage::Main;
        let ctx = TableContext::new(
            CharacterClasses::new(&[(CharacterClass::Digit, &['a'])]),
            CharacterClasses::default(),
            SwapClasses::default(),
        );
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &ctx)
            .unwrap();
        let patterns = builder.build();
        // "a" is a digit here, so the rule fires on "b" once found starting at "a"; the digit
        // itself is not part of the reported match: `length()` is 1 (just "b", derived from
        // `input`/capture below), even though `weight()` — used only to rank competing
        // candidates, per the established convention in `context_capture_advanced` above —
        // reflects the whole 2-char span that was actually checked ("a" + "b")
        let translation =
            ResolvedTranslation::new("b", "X", 2, stage, origin.clone()).with_offset(1);
        assert_eq!(patterns.find("ab", &env, true), [translation]);
        // does not fire when the preceding character isn't a digit
        assert!(patterns.find("bb", &env, true).is_empty());
    }

    #[test]
    fn context_lookback_after_bracket_is_ignored_not_consumed() {
        // liblouis' `[...]!$d_` checks the trailing character then rewinds so it isn't counted
        // as part of the consumed span. We drop the trailing `_` and just check `!$d` in place —
        // the reported length is always the bracket's own length (see
        // `ResolvedTranslation::resolve`), never however much trailing context was checked, so
        // the checked-but-not-bracketed character is correctly left for the next position to
        // translate on its own.
        let env = Environment::new();
        let tests = test::Parser::new(r#"["b"]!$d_"#).tests().unwrap();
        let action = action::Parser::new(r#""X""#).actions().unwrap();
        let origin = origin(r#"context ["b"]!$d_ "X""#);
        let stage = TranslationStage::Main;
        let ctx = TableContext::new(
            CharacterClasses::new(&[(CharacterClass::Digit, &['1'])]),
            CharacterClasses::default(),
            SwapClasses::default(),
        );
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &ctx)
            .unwrap();
        let patterns = builder.build();
        // matches, and only consumes "b" (`length()` 1), when followed by a non-digit; `weight()`
        // is 2, reflecting the whole "b"+"z" span that was checked
        let translation = ResolvedTranslation::new("b", "X", 2, stage, origin.clone());
        assert_eq!(patterns.find("bz", &env, true), [translation]);
        // does not fire when followed by a digit
        assert!(patterns.find("b1", &env, true).is_empty());
    }

    #[test]
    fn context_beginning_and_end_anchor_regression() {
        // Regression test for da-dk-g26.ctb's `["-"]~ @36-36: a hyphen that is both anchored to
        // the beginning and the end of input (i.e. the whole input is exactly "-") must not match
        // when there is trailing text after the hyphen, e.g. "-0". Before this fix, the `~`
        // anchor was silently ignored, so this rule matched "-0" and doubled the hyphen cell.
        let env = Environment::new();
        let tests = test::Parser::new(r#"`["-"]~"#).tests().unwrap();
        let action = action::Parser::new("*").actions().unwrap();
        let origin = origin(r#"context `["-"]~ *"#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &TableContext::default())
            .unwrap();
        let translation =
            ResolvedTranslation::new("-", "-", 1, TranslationStage::Main, origin.clone());
        let patterns = builder.build();
        assert_eq!(patterns.find("-", &env, true), [translation]);
        assert!(patterns.find("-0", &env, true).is_empty());
        assert!(patterns.find("-", &env, false).is_empty());
    }

    #[test]
    fn context_capture_with_class() {
        let env = Environment::new();
        let tests = test::Parser::new("@135[%accent]@13456").tests().unwrap();
        let action = action::Parser::new("*@136").actions().unwrap();
        let origin = origin("pass2 @135[%accent]@13456 *@136");
        let stage = TranslationStage::Post1;
        let ctx = TableContext::new(
            CharacterClasses::new(&[(CharacterClass::UserDefined("accent".to_string()), &['΄'])]),
            CharacterClasses::new(&[(CharacterClass::UserDefined("accent".to_string()), &['⠐'])]),
            SwapClasses::default(),
        );
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &ctx)
            .unwrap();
        let translation =
            // `*@136` copies the bracket and advances to `endMatch`, so all three cells go
            ResolvedTranslation::new("⠐", "⠐⠥", 3, TranslationStage::Post1, origin.clone())
	    .with_length(3);
        let patterns = builder.build();
        assert_eq!(patterns.find("⠕⠐⠽", &env, true), [translation]);
        assert!(patterns.find("⠕", &env, true).is_empty());
    }

    #[test]
    fn context_capture_advanced() {
        let env = Environment::new();
        let tests = test::Parser::new(r#"$p3["abc"]$p3"#).tests().unwrap();
        let action = action::Parser::new(r#""<"*">""#).actions().unwrap();
        let context = TableContext::new(
            CharacterClasses::new(&[(CharacterClass::Punctuation, &['{', '}'])]),
            CharacterClasses::default(),
            SwapClasses::default(),
        );
        let origin = origin(r#"context $p3"abc"$p3 "<"*">""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &context)
            .unwrap();
        let translation =
            // `"<"*">"` copies the bracket and advances to `endMatch`, eating both `$p3`s
            ResolvedTranslation::new("abc", "<abc>", 9, TranslationStage::Main, origin.clone())
                .with_length(9);
        let patterns = builder.build();
        assert_eq!(patterns.find("{{{abc}}}", &env, true), [translation]);
        assert!(patterns.find("def", &env, true).is_empty());
    }

    #[test]
    fn context_swap() {
        let env = Environment::new();
        let tests = test::Parser::new(r#"$p3["abc"]$p3"#).tests().unwrap();
        let action = action::Parser::new(r#""<"%foo">""#).actions().unwrap();
        let context = TableContext::new(
            CharacterClasses::new(&[(CharacterClass::Punctuation, &['{', '}'])]),
            CharacterClasses::default(),
            SwapClasses::new(&[("foo", &[('a', "A"), ('b', "B"), ('c', "C")])]),
        );
        let origin = origin(r#"context $p3"abc"$p3 "<"%foo">""#);
        let stage = TranslationStage::Main;
        let mut builder = ContextPatternsBuilder::new();
        builder
            .insert(&tests, &action, &origin, stage, &context)
            .unwrap();
        let translation =
            ResolvedTranslation::new("abc", "<ABC>", 9, TranslationStage::Main, origin.clone())
                .with_offset(3)
                .with_length(3);
        let patterns = builder.build();
        assert_eq!(patterns.find("{{{abc}}}", &env, true), [translation]);
        assert!(patterns.find("def", &env, true).is_empty());
    }
}

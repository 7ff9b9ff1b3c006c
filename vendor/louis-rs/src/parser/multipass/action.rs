//! A Parser for the action operand of context and multipass opcodes
use std::{iter::Peekable, str::Chars};

use super::braille::{self, BrailleChars, is_braille_dot};
use crate::parser::multipass::ConsumesInput;
use crate::parser::multipass::ConversionError;
use crate::parser::multipass::IsLiteral;
use crate::parser::multipass::ParseError;

#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Action {
    actions: Vec<ActionInstruction>,
}

impl Action {
    pub fn new(actions: Vec<ActionInstruction>) -> Self {
        Self { actions }
    }

    pub fn actions(&self) -> Vec<ActionInstruction> {
        self.actions.clone()
    }

    /// If the action contains a `*` the rule consumes the whole match instead of just
    /// what is inside the `[]` replacement
    pub fn consumes_whole_match(&self) -> bool {
        self.actions
            .iter()
            .any(|t| matches!(t, ActionInstruction::Replace { .. }))
    }
}

impl IsLiteral for Action {
    fn is_literal(&self) -> bool {
        self.actions
            .iter()
            .all(|instruction| instruction.is_literal())
    }
}

impl ConsumesInput for Action {
    fn consumes_input(&self) -> bool {
        self.actions
            .iter()
            .any(|instruction| instruction.consumes_input())
    }
}

impl TryFrom<&Action> for String {
    type Error = ConversionError;

    fn try_from(action: &Action) -> Result<String, Self::Error> {
        if action.is_literal() {
            Ok(action
                .actions
                .iter()
                .map(|instruction| instruction.try_into().unwrap())
                .collect::<Vec<String>>()
                .join(""))
        } else {
            Err(ConversionError::ActionNotLiteral)
        }
    }
}

#[derive(Debug, PartialEq, Eq, Clone)]
pub enum ActionInstruction {
    String { s: String },
    Dots { dots: BrailleChars },
    SwapClass { name: String },
    Assignment { variable: u8, value: u8 },
    Increment { variable: u8 },
    Decrement { variable: u8 },
    Replace,
    Ignore,
}

impl IsLiteral for ActionInstruction {
    fn is_literal(&self) -> bool {
        matches!(
            self,
            ActionInstruction::String { .. }
                | ActionInstruction::Dots { .. }
                | ActionInstruction::Ignore
        )
    }
}

impl ConsumesInput for ActionInstruction {
    fn consumes_input(&self) -> bool {
        match self {
            ActionInstruction::String { .. } => true,
            ActionInstruction::Dots { .. } => true,
            // Ignore drops the matched input when forward translating. This does not consume any
            // input when backwards translating
            ActionInstruction::Ignore => false,
            // FIXME: TBH I'm not sure if back-translation of a Replace is possible. How do we know
            // what to match when translating backwards?
            ActionInstruction::Replace => false,
            // FIXME: Swap is a specialized form of Replace and as such has the same problems when
            // translating backwards
            ActionInstruction::SwapClass { .. } => false,
            ActionInstruction::Assignment { .. }
            | ActionInstruction::Increment { .. }
            | ActionInstruction::Decrement { .. } => false,
        }
    }
}

impl TryFrom<&ActionInstruction> for String {
    type Error = ConversionError;

    fn try_from(instruction: &ActionInstruction) -> Result<String, Self::Error> {
        match instruction {
            ActionInstruction::String { s } => Ok(s.clone()),
            ActionInstruction::Dots { dots } => Ok(dots.to_string()),
            ActionInstruction::Ignore => Ok("".to_string()),
            _ => Err(ConversionError::ActionNotLiteral),
        }
    }
}

fn is_action(c: &char) -> bool {
    matches!(c, '@' | '"' | '%' | '#' | '*' | '?')
}

pub struct Parser<'a> {
    chars: Peekable<Chars<'a>>,
}

impl<'a> Parser<'a> {
    pub fn new(source: &'a str) -> Self {
        Self {
            chars: source.chars().peekable(),
        }
    }

    fn consume(&mut self, expected: char) -> Result<(), ParseError> {
        match self.chars.next() {
            Some(e) if e == expected => Ok(()),
            Some(c) => Err(ParseError::CharExpected {
                expected,
                found: Some(c),
            }),
            _ => Err(ParseError::CharExpected {
                expected,
                found: None,
            }),
        }
    }

    fn dots(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('@')?;
        let mut dots = String::new();
        while self
            .chars
            .peek()
            .filter(|c| is_braille_dot(**c) || **c == '-')
            .is_some()
        {
            dots.push(self.chars.next().unwrap());
        }
        if dots.is_empty() {
            Err(ParseError::InvalidBraille(
                braille::ParseError::InvalidBraille { character: None },
            ))
        } else {
            Ok(ActionInstruction::Dots {
                dots: BrailleChars::try_from(dots.as_str())?,
            })
        }
    }

    fn handle_escape_sequence(&mut self, c: char) -> Result<char, ParseError> {
        if c != '\\' {
            Ok(c)
        } else {
            match self.chars.peek() {
                Some('s') => {
                    self.chars.next();
                    Ok(' ')
                }
                Some('"') => {
                    self.chars.next();
                    Ok('"')
                }
                Some('x') => {
                    self.chars.next();
                    self.unescape_unicode(4)
                }
                Some('y') => {
                    self.chars.next();
                    self.unescape_unicode(5)
                }
                // pass through any other escape chars
                Some(_) => Ok(c),
                _ => Err(ParseError::InvalidEscapeSequence { found: None }),
            }
        }
    }

    fn unescape_unicode(&mut self, len: usize) -> Result<char, ParseError> {
        let mut s = String::new();
        for _ in 0..len {
            match self.chars.next() {
                Some(c) => s.push(c),
                None => return Err(ParseError::InvalidEscapeSequence { found: None }),
            }
        }
        u32::from_str_radix(&s, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or(ParseError::InvalidEscapeSequence { found: None })
    }

    fn string(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('"')?;
        let mut s = String::new();
        while self.chars.peek().filter(|&c| *c != '"').is_some() {
            let raw = self.chars.next().unwrap();
            let c = self.handle_escape_sequence(raw)?;
            s.push(c);
        }
        self.consume('"')?;
        Ok(ActionInstruction::String { s })
    }

    fn replace(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('*')?;
        Ok(ActionInstruction::Replace)
    }

    fn ignore(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('?')?;
        Ok(ActionInstruction::Ignore)
    }

    fn ascii_number(&mut self) -> Result<u8, ParseError> {
        let mut s = String::new();
        while self.chars.peek().filter(|c| c.is_ascii_digit()).is_some() {
            s.push(self.chars.next().unwrap());
        }
        let number = s.parse::<u8>()?;
        Ok(number)
    }

    fn variable(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('#')?;
        let variable = self
            .ascii_number()
            .map_err(|_| ParseError::InvalidVariableName)?;
        match self.chars.peek() {
            Some('=') => {
                self.consume('=')?;
                Ok(ActionInstruction::Assignment {
                    variable,
                    value: self.ascii_number()?,
                })
            }
            Some('+') => Ok(ActionInstruction::Increment { variable }),
            Some('-') => Ok(ActionInstruction::Decrement { variable }),
            c => Err(ParseError::InvalidOperator { found: c.copied() }),
        }
    }

    fn class(&mut self) -> Result<ActionInstruction, ParseError> {
        self.consume('%')?;
        let mut name = String::new();
        while self
            .chars
            .peek()
            .filter(|c| c.is_ascii_alphabetic())
            .is_some()
        {
            name.push(self.chars.next().unwrap());
        }
        if name.is_empty() {
            Err(ParseError::InvalidClass)
        } else {
            Ok(ActionInstruction::SwapClass { name })
        }
    }

    fn action(&mut self) -> Result<ActionInstruction, ParseError> {
        match self.chars.peek() {
            Some('@') => Ok(self.dots()?),
            Some('"') => Ok(self.string()?),
            Some('*') => Ok(self.replace()?),
            Some('?') => Ok(self.ignore()?),
            Some('#') => Ok(self.variable()?),
            Some('%') => Ok(self.class()?),
            Some(c) => Err(ParseError::InvalidAction { found: Some(*c) }),
            _ => Err(ParseError::InvalidAction { found: None }),
        }
    }

    fn many_actions(&mut self) -> Result<Vec<ActionInstruction>, ParseError> {
        let mut actions: Vec<ActionInstruction> = Vec::new();
        while self.chars.peek().filter(|&c| is_action(c)).is_some() {
            actions.push(self.action()?);
        }
        if actions.is_empty() {
            Err(ParseError::EmptyAction)
        } else if let Some(c) = self.chars.next() {
            // we haven't consumed all the input. There are some invalid chars
            Err(ParseError::InvalidAction { found: Some(c) })
        } else {
            Ok(actions)
        }
    }

    pub fn actions(&mut self) -> Result<Action, ParseError> {
        let actions = self.many_actions()?;
        Ok(Action { actions })
    }
}

/// `Display` implementation for [`Action`]
mod display {
    use super::*;

    impl std::fmt::Display for Action {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            for instruction in &self.actions {
                write!(f, "{}", instruction)?;
            }
            Ok(())
        }
    }

    impl std::fmt::Display for ActionInstruction {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ActionInstruction::String { s } => write!(f, "{}", s),
                ActionInstruction::Dots { dots } => write!(f, "{}", dots),
                ActionInstruction::Replace => write!(f, "*"),
                ActionInstruction::Ignore => write!(f, "?"),
                ActionInstruction::SwapClass { name } => write!(f, "%{}", name),
                ActionInstruction::Assignment { variable, value } => {
                    write!(f, "#{}={}", variable, value)
                }
                ActionInstruction::Increment { variable } => write!(f, "#{}+", variable),
                ActionInstruction::Decrement { variable } => write!(f, "#{}-", variable),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use enumset::enum_set;

    use crate::parser::braille::BrailleChar;

    use super::braille::BrailleDot;
    use super::*;

    #[test]
    fn dots() {
        assert_eq!(
            Parser::new("@123").dots(),
            Ok(ActionInstruction::Dots {
                dots: BrailleChars::from(vec![BrailleChar::from(enum_set!(
                    BrailleDot::Dot1 | BrailleDot::Dot2 | BrailleDot::Dot3
                ))])
            })
        );
        assert_eq!(
            Parser::new("@").dots(),
            Err(ParseError::InvalidBraille(
                braille::ParseError::InvalidBraille { character: None }
            ))
        );
        assert_eq!(
            Parser::new("@-").dots(),
            Err(ParseError::InvalidBraille(
                braille::ParseError::InvalidBraille { character: None }
            ))
        );
        assert_eq!(
            Parser::new("@1-2").dots(),
            Ok(ActionInstruction::Dots {
                dots: BrailleChars::from(vec![
                    BrailleChar::from(enum_set!(BrailleDot::Dot1)),
                    BrailleChar::from(enum_set!(BrailleDot::Dot2))
                ])
            })
        );
    }

    #[test]
    fn string() {
        assert_eq!(
            Parser::new(r#""test""#).string(),
            Ok(ActionInstruction::String { s: "test".into() })
        );
        assert_eq!(
            Parser::new(r#"",_""#).string(),
            Ok(ActionInstruction::String { s: ",_".into() })
        );
        assert_eq!(
            Parser::new(r#"", ""#).string(),
            Ok(ActionInstruction::String { s: ", ".into() })
        );
        assert_eq!(
            Parser::new(r#""-\"""#).string(),
            Ok(ActionInstruction::String { s: "-\"".into() })
        );
        assert_eq!(
            Parser::new(r#"".\s\"""#).string(),
            Ok(ActionInstruction::String { s: ". \"".into() })
        );
    }

    #[test]
    fn replace() {
        assert_eq!(Parser::new("*").replace(), Ok(ActionInstruction::Replace));
    }

    #[test]
    fn ignore() {
        assert_eq!(Parser::new("?").ignore(), Ok(ActionInstruction::Ignore));
    }

    #[test]
    fn variable() {
        assert_eq!(
            Parser::new("#1=42").action(),
            Ok(ActionInstruction::Assignment {
                variable: 1,
                value: 42
            })
        );
        assert_eq!(
            Parser::new("#42=1").action(),
            Ok(ActionInstruction::Assignment {
                variable: 42,
                value: 1
            })
        );
        assert_eq!(
            Parser::new("#5+").action(),
            Ok(ActionInstruction::Increment { variable: 5 })
        );
        assert_eq!(
            Parser::new("#5-").action(),
            Ok(ActionInstruction::Decrement { variable: 5 })
        );
        assert_ne!(
            Parser::new("#1=").action(),
            //Err(ParseError::InvalidNumber(ParseIntError { kind: Empty })),
            Ok(ActionInstruction::Assignment {
                variable: 1,
                value: 42
            })
        );
        assert_eq!(
            Parser::new("#5<").action(),
            Err(ParseError::InvalidOperator { found: Some('<') }),
        );
        assert_eq!(
            Parser::new("#a=1").action(),
            Err(ParseError::InvalidVariableName),
        );
    }

    #[test]
    fn swap_class() {
        assert_eq!(
            Parser::new("%foo").action(),
            Ok(ActionInstruction::SwapClass { name: "foo".into() })
        );
        assert_ne!(
            Parser::new("%hallöchen").action(),
            Ok(ActionInstruction::SwapClass {
                name: "hallöchen".into()
            })
        );
        assert_eq!(Parser::new("%京").action(), Err(ParseError::InvalidClass));
        assert_eq!(Parser::new("%42").action(), Err(ParseError::InvalidClass));
    }

    #[test]
    fn action() {
        assert_eq!(
            Parser::new(r#"?"haha""#).actions(),
            Ok(Action {
                actions: vec![
                    ActionInstruction::Ignore,
                    ActionInstruction::String {
                        s: "haha".to_string()
                    }
                ]
            })
        );
    }

    #[test]
    fn consume_all() {
        assert_eq!(
            Parser::new("@123#1=0_too much input").actions(),
            Err(ParseError::InvalidAction { found: Some('_') }),
        );
    }
}

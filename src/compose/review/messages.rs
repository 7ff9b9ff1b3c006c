//! Compose stage, translation review: a `letters.ftl` read message by message, as the
//! translator sees it: each message's source text and lines ([`message_sources`]), and the
//! variables and printable text Fluent finds in it.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

/// One message of a locale as the translator sees it: its Fluent source text.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageSource {
    pub id: String,
    /// The text after `id =`, continuation lines included as written.
    pub text: String,
    /// Its first and last line in `letters.ftl`, 0-based.
    pub(super) lines: (usize, usize),
}

/// Every message of a `letters.ftl`, in file order, with its source text. A message starts
/// at a line `id = …` and runs until the next message, comment or end of file.
pub fn message_sources(ftl: &str) -> Vec<MessageSource> {
    let lines: Vec<&str> = ftl.lines().collect();
    let starts: Vec<(usize, &str, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| message_start(line).map(|(id, rest)| (i, id, rest)))
        .collect();
    let mut out = Vec::new();
    for (n, &(first, id, rest)) in starts.iter().enumerate() {
        let limit = starts.get(n + 1).map(|s| s.0).unwrap_or(lines.len());
        let mut last = first;
        for (i, line) in lines.iter().enumerate().take(limit).skip(first + 1) {
            if line.starts_with('#') {
                break;
            }
            if !line.trim().is_empty() {
                last = i;
            }
        }
        let mut text = rest.trim_start().to_string();
        for line in &lines[first + 1..=last] {
            text.push('\n');
            text.push_str(line.trim_end());
        }
        out.push(MessageSource {
            id: id.to_string(),
            text: text.trim().to_string(),
            lines: (first, last),
        });
    }
    out
}

/// `id = rest` when the line starts a message.
fn message_start(line: &str) -> Option<(&str, &str)> {
    let (id, rest) = line.split_once('=')?;
    let id = id.trim_end();
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some((id, rest))
}

/// The variables a message's pattern uses.
fn variables_in_pattern(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => variables_in_inline(inline, out),
    }
}

fn variables_in_inline(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
            for a in &arguments.named {
                variables_in_inline(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        _ => {}
    }
}

/// The text a patient can read in a pattern (its literal text, in every variant).
pub(super) fn literal_text(pattern: &ast::Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable { expression } => literal_in_expression(expression, out),
        }
    }
}

fn literal_in_expression(expression: &ast::Expression<&str>, out: &mut String) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for v in variants {
                literal_text(&v.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            out.push_str(value)
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            literal_in_expression(expression, out)
        }
        ast::Expression::Inline(_) => {}
    }
}

/// Message id → its variables, for a parsed `letters.ftl` (messages only).
pub fn variables(resource: &ast::Resource<&str>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                variables_in_pattern(value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_sources_keep_select_expressions_whole() {
        let ftl = "## c\na = One\nb = { $n ->\n    [one] x\n   *[other] y\n}\n\n# c\nc = Z\n";
        let m = message_sources(ftl);
        assert_eq!(m.len(), 3);
        assert_eq!(m[1].id, "b");
        assert_eq!(m[1].text, "{ $n ->\n    [one] x\n   *[other] y\n}");
        assert_eq!(m[2].text, "Z");
    }
}

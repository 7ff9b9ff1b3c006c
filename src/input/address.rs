//! Input stage: check address blocks against GOV.UK Notify's rules for postal letters.
//!
//! The block is the name line, the non-empty address lines and the postcode: 3 to 7 lines, so
//! 1 to 5 address lines. No line starts with a character Notify refuses, the first address line
//! has a letter or digit, and "no fixed abode" is not an address.

/// Characters a line of a Notify address block may not start with.
pub(crate) const FORBIDDEN_FIRST: &[char] = &[
    '@', '(', ')', '=', '[', ']', '"', '\\', '/', ',', '<', '>', '~',
];

/// The most address lines between the name line and the postcode.
pub(crate) const MAX_ADDRESS_LINES: usize = 5;

/// One thing wrong with an address; `column` is the index into the lines given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddressProblem {
    pub column: usize,
    pub message: String,
    pub hint: String,
}

/// Whether a line starts with a character Notify refuses.
pub(crate) fn starts_badly(line: &str) -> bool {
    line.trim_start().starts_with(FORBIDDEN_FIRST)
}

pub(crate) fn forbidden_first_message() -> String {
    "starts with a character a printed address line cannot start with (@ ( ) = [ ] \" \\ / , < > ~)"
        .to_string()
}

/// The address lines of one row (`cells` of the `columns` named, in order), each problem
/// reported through `problem(column, message, hint)` against the column it was found in.
pub(crate) fn read_address_lines(
    cells: &[&str],
    columns: &[&str],
    problem: &mut impl FnMut(&str, String, &str),
) -> Option<Vec<String>> {
    match address_lines(cells) {
        Ok(lines) => Some(lines),
        Err(found) => {
            for p in found {
                problem(
                    columns.get(p.column).copied().unwrap_or("address_line_1"),
                    p.message,
                    &p.hint,
                );
            }
            None
        }
    }
}

/// Check the address lines (the cells of `address_line_1`.. in order) and return the trimmed,
/// non-empty lines in order, or every problem found.
pub(crate) fn address_lines(cells: &[&str]) -> Result<Vec<String>, Vec<AddressProblem>> {
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for (column, cell) in cells.iter().enumerate() {
        let line = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if is_no_fixed_abode(&line) {
            problems.push(AddressProblem {
                column,
                message: "\"no fixed abode\" is not a postal address".to_string(),
                hint: "take this patient off the list and contact them another way".to_string(),
            });
        } else if starts_badly(&line) {
            problems.push(AddressProblem {
                column,
                message: format!("the address line {}", forbidden_first_message()),
                hint: "remove the character at the start of the line".to_string(),
            });
        }
        if lines.is_empty() && !line.chars().any(char::is_alphanumeric) {
            problems.push(AddressProblem {
                column,
                message: "the first address line has no letters or digits".to_string(),
                hint: "put the house number or name and street in the first address line"
                    .to_string(),
            });
        }
        lines.push((column, line));
    }
    if lines.is_empty() {
        problems.push(AddressProblem {
            column: 0,
            message: "the address is empty".to_string(),
            hint: "fill in at least the first address line".to_string(),
        });
    }
    if lines.len() > MAX_ADDRESS_LINES {
        problems.push(AddressProblem {
            column: lines.last().map(|(c, _)| *c).unwrap_or(0),
            message: format!(
                "the address has too many lines ({}; a letter can print at most {MAX_ADDRESS_LINES} between the name and the postcode)",
                lines.len()
            ),
            hint: "join two of the lines".to_string(),
        });
    }
    if problems.is_empty() {
        Ok(lines.into_iter().map(|(_, line)| line).collect())
    } else {
        Err(problems)
    }
}

/// "NFA", "N.F.A." or "no fixed abode" as a whole line, in any case.
fn is_no_fixed_abode(line: &str) -> bool {
    let squashed: String = line
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let squashed = squashed.split_whitespace().collect::<Vec<_>>().join(" ");
    squashed == "nfa" || squashed == "n f a" || squashed == "no fixed abode"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_drops_empty_lines() {
        let lines = address_lines(&["  Flat 2 ", "", "12  River Street", "London", ""]).unwrap();
        assert_eq!(lines, ["Flat 2", "12 River Street", "London"]);
    }

    #[test]
    fn empty_address() {
        let e = address_lines(&["", " ", ""]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].column, 0);
        assert!(e[0].message.contains("empty"));
    }

    #[test]
    fn first_line_needs_a_letter_or_digit() {
        let e = address_lines(&["", "-", "London"]).unwrap_err();
        assert_eq!(e[0].column, 1);
        assert!(e[0].message.contains("no letters or digits"));
    }

    #[test]
    fn forbidden_first_characters() {
        let e = address_lines(&["12 River Street", "(rear)", "London"]).unwrap_err();
        assert_eq!(e[0].column, 1);
        assert!(e[0].message.contains("cannot start with"));
        assert!(address_lines(&["12 River Street", "London (rear)"]).is_ok());
    }

    #[test]
    fn no_fixed_abode() {
        for nfa in [
            "NFA",
            "nfa",
            "N.F.A.",
            "No Fixed Abode",
            " no  fixed abode ",
        ] {
            let e = address_lines(&[nfa, "London"]).unwrap_err();
            assert!(e[0].message.contains("no fixed abode"), "{nfa}");
        }
        assert!(address_lines(&["Nfa House", "London"]).is_ok());
    }

    #[test]
    fn too_many_lines() {
        let e = address_lines(&["a", "b", "c", "d", "e", "f"]).unwrap_err();
        assert!(e[0].message.contains("at most 5"));
        assert!(address_lines(&["a", "b", "c", "d", "e"]).is_ok());
    }
}

//! Package stage: make a value safe for a CSV cell that a spreadsheet will open — text that
//! would start a formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'`.

/// The cell as plain text a spreadsheet will not evaluate.
pub fn csv_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_become_text() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("SE1 2AB"), "SE1 2AB");
        assert_eq!(csv_cell(""), "");
    }
}

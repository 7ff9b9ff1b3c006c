//! Input stage: parse and check NHS numbers (10 digits, Modulus 11 check digit).

use crate::model::NhsNumber;

/// Parse an NHS number, ignoring spaces and hyphens (`943 476 5919`, `943-476-5919`).
///
/// The error says what is wrong without repeating the number: it is patient-identifiable.
pub fn parse_nhs_number(s: &str) -> Result<NhsNumber, String> {
    let digits: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        return Err("the NHS number is empty".to_string());
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("an NHS number has only digits".to_string());
    }
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 {
        return Err(format!("an NHS number has 10 digits, not {}", d.len()));
    }
    if d.iter().all(|&x| Some(&x) == d.first()) {
        return Err("all ten digits are the same".to_string());
    }
    if d.first().is_some_and(|&first| first < 3) {
        return Err(
            "NHS numbers start with a digit from 3 to 9 (a Scottish CHI number is not an NHS number)"
                .to_string(),
        );
    }
    let sum: u32 = d
        .iter()
        .take(9)
        .zip((2..=10).rev())
        .map(|(x, w)| x * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => {
            return Err("the check digit cannot be valid for these first nine digits".to_string());
        }
        c => c,
    };
    if d.get(9) != Some(&check) {
        return Err("the check digit does not match".to_string());
    }
    Ok(NhsNumber(digits.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers() {
        assert_eq!(parse_nhs_number("9434765919").unwrap().0, "9434765919");
        assert_eq!(parse_nhs_number("999 000 0018").unwrap().0, "9990000018");
        assert_eq!(parse_nhs_number(" 999-000-0026 ").unwrap().0, "9990000026");
        // check digit 11 → 0
        assert_eq!(parse_nhs_number("9990000050").unwrap().0, "9990000050");
    }

    #[test]
    fn wrong_check_digit() {
        let e = parse_nhs_number("9434765918").unwrap_err();
        assert_eq!(e, "the check digit does not match");
    }

    #[test]
    fn remainder_ten_is_never_valid() {
        for last in 0..=9 {
            let e = parse_nhs_number(&format!("400000008{last}")).unwrap_err();
            assert!(e.contains("cannot be valid"), "{e}");
        }
    }

    #[test]
    fn shape_errors() {
        assert!(parse_nhs_number("").unwrap_err().contains("empty"));
        assert!(parse_nhs_number("94347659").unwrap_err().contains("not 8"));
        assert!(
            parse_nhs_number("94347659190")
                .unwrap_err()
                .contains("not 11")
        );
        assert!(
            parse_nhs_number("943476591X")
                .unwrap_err()
                .contains("only digits")
        );
        assert!(parse_nhs_number("4444444444").unwrap_err().contains("same"));
        // 0123456789-shaped CHI numbers are refused even when the check digit fits.
        assert!(
            parse_nhs_number("0101010006")
                .unwrap_err()
                .contains("3 to 9")
        );
    }

    #[test]
    fn error_never_repeats_the_number() {
        for bad in ["9434765918", "94347659", "943476591X", "0101010006"] {
            let e = parse_nhs_number(bad).unwrap_err();
            assert!(!e.contains(bad), "{e}");
        }
    }
}

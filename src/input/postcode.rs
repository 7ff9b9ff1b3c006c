//! Input stage: parse and normalise UK postcodes (shape and postcode area), and BFPO numbers.

use crate::model::Postcode;

/// The UK postcode areas (the letters at the start of the outward code).
const AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
    "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL",
    "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM",
    "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// Parse a postcode: upper case, all whitespace removed, one space before the inward code.
/// `BFPO 123` (or `BFPO123`) gives a BFPO postcode.
pub fn parse_postcode(s: &str) -> Result<Postcode, String> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if compact.is_empty() {
        return Err("the postcode is empty".to_string());
    }
    if let Some(number) = compact.strip_prefix("BFPO") {
        if (1..=4).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Postcode {
                text: compact_str::format_compact!("BFPO {number}"),
                bfpo: true,
            });
        }
        return Err("a BFPO number has 1 to 4 digits (BFPO 123)".to_string());
    }
    if compact == "GIR0AA" {
        return Ok(Postcode {
            text: "GIR 0AA".into(),
            bfpo: false,
        });
    }
    let chars: Vec<char> = compact.chars().collect();
    if !chars.iter().all(|c| c.is_ascii_alphanumeric()) {
        return Err("a postcode has only letters and digits".to_string());
    }
    if !(5..=7).contains(&chars.len()) {
        return Err(format!(
            "a postcode has 5 to 7 letters and digits, not {}",
            chars.len()
        ));
    }
    let (outward, inward) = chars.split_at(chars.len() - 3);
    let outward: String = outward.iter().collect();
    check_outward(&outward)?;
    match inward {
        [d, a, b] if d.is_ascii_digit() && a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            if [a, b].iter().any(|c| "CIKMOV".contains(**c)) {
                return Err(
                    "the last two letters of a postcode are never C, I, K, M, O or V (is a 0 or 1 typed as a letter?)"
                        .to_string(),
                );
            }
        }
        _ => {
            return Err(
                "the last part of a postcode is a digit and two letters (as in SE15 2AB)"
                    .to_string(),
            );
        }
    }
    let inward: String = inward.iter().collect();
    Ok(Postcode {
        text: compact_str::format_compact!("{outward} {inward}"),
        bfpo: false,
    })
}

/// Check an outward code (postcode district) such as `SE1`, `SE15`, `W1A`, `EC1V`.
pub(crate) fn check_outward(outward: &str) -> Result<(), String> {
    let shape: String = outward
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_uppercase() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    if !matches!(
        shape.as_str(),
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
    ) {
        return Err(
            "the first part of a postcode is 1 or 2 letters, then a digit, then an optional letter or digit (as in SE1, SE15, W1A, EC1V)"
                .to_string(),
        );
    }
    let area: String = outward
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if !AREAS.contains(&area.as_str()) {
        return Err(format!("{area} is not a UK postcode area"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_postcode(s).unwrap().text.to_string()
    }

    #[test]
    fn shapes() {
        assert_eq!(ok("M1 1AE"), "M1 1AE"); // A9 9AA
        assert_eq!(ok("b338th"), "B33 8TH"); // A99 9AA
        assert_eq!(ok("CR2 6XH"), "CR2 6XH"); // AA9 9AA
        assert_eq!(ok(" se15  2ab "), "SE15 2AB"); // AA99 9AA
        assert_eq!(ok("W1A 0AX"), "W1A 0AX"); // A9A 9AA
        assert_eq!(ok("EC1V\t9LB"), "EC1V 9LB"); // AA9A 9AA
        assert_eq!(ok("GIR 0AA"), "GIR 0AA");
    }

    #[test]
    fn parts() {
        let p = parse_postcode("se152ab").unwrap();
        assert_eq!(p.area(), "SE");
        assert_eq!(p.district(), "SE15");
        assert!(!p.bfpo);
    }

    #[test]
    fn bfpo() {
        let p = parse_postcode("bfpo123").unwrap();
        assert_eq!(p.text, "BFPO 123");
        assert!(p.bfpo);
        assert_eq!(parse_postcode("BFPO 12").unwrap().text, "BFPO 12");
        assert!(parse_postcode("BFPO").is_err());
        assert!(parse_postcode("BFPO 12345").is_err());
    }

    #[test]
    fn bad_shapes() {
        assert!(parse_postcode("").unwrap_err().contains("empty"));
        assert!(parse_postcode("SE1").unwrap_err().contains("5 to 7"));
        assert!(parse_postcode("SE15 2ABC").unwrap_err().contains("5 to 7"));
        assert!(
            parse_postcode("1E15 2AB")
                .unwrap_err()
                .contains("first part")
        );
        assert!(
            parse_postcode("SE15 AAB")
                .unwrap_err()
                .contains("last part")
        );
        assert!(parse_postcode("SE15 2OB").unwrap_err().contains("never"));
        assert!(
            parse_postcode("SE-15 2AB")
                .unwrap_err()
                .contains("only letters")
        );
        assert!(
            parse_postcode("SÉ15 2AB")
                .unwrap_err()
                .contains("only letters")
        );
    }

    #[test]
    fn unknown_areas() {
        assert_eq!(
            parse_postcode("QQ1 1AA").unwrap_err(),
            "QQ is not a UK postcode area"
        );
        assert!(parse_postcode("XY15 2AB").is_err());
        assert!(parse_postcode("ZE1 0AA").is_ok());
        assert_eq!(AREAS.len(), 124);
    }
}

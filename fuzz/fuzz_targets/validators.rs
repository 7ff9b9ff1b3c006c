//! Arbitrary text → `parse_postcode` and `parse_nhs_number`, with the invariants of what they
//! accept: the normalised form is canonical (re-parses to itself), and the accessors and
//! display forms work on it.
#![no_main]

use dispersal::input::{parse_nhs_number, parse_postcode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(p) = parse_postcode(text) {
        assert!(p.text.is_ascii(), "postcode not ASCII: {:?}", p.text);
        assert_eq!(p.text, p.text.to_ascii_uppercase());
        assert_eq!(p.text.matches(' ').count(), 1, "{:?}", p.text);
        assert_eq!(parse_postcode(&p.text).as_ref(), Ok(&p), "not canonical");
        assert_eq!(parse_postcode(&p.to_string()).as_ref(), Ok(&p));
        let (outward, inward, area) = (p.outward(), p.inward(), p.area());
        let _ = (p.district(), p.sector(), p.sector_unit());
        if p.bfpo {
            assert_eq!(outward, "BFPO");
            assert!(inward.is_empty());
        } else {
            assert_eq!(format!("{outward} {inward}"), p.text);
            assert_eq!(inward.len(), 3, "{:?}", p.text);
            assert!(!area.is_empty() && area.len() <= 3, "{:?}", p.text);
            assert!(outward.starts_with(area));
        }
    }
    match parse_nhs_number(text) {
        Ok(n) => {
            assert_eq!(n.0.len(), 10, "{:?}", n.0);
            assert!(n.0.bytes().all(|b| b.is_ascii_digit()), "{:?}", n.0);
            assert_eq!(parse_nhs_number(&n.0).as_ref(), Ok(&n), "not canonical");
            assert_eq!(parse_nhs_number(&n.to_string()).as_ref(), Ok(&n), "3-3-4 form");
            assert!(n.masked().ends_with(&n.0[6..]));
        }
        Err(message) => {
            // The message must not repeat the number (it is patient-identifiable).
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() >= 6 {
                assert!(!message.contains(&digits), "{message}");
            }
        }
    }
});

//! Input stage: parse dates from cells as clinical systems and spreadsheets write them
//! (`dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`, `26-Nov-2014`, `26 November 2014`,
//! `20141126`, spreadsheet dates). A two-digit year is never guessed.

use chrono::NaiveDate;

/// What a date cell may look like, for messages.
pub(crate) const DATE_FORMATS: &str = "dd/mm/yyyy or yyyy-mm-dd";

/// Parse a date written as `dd/mm/yyyy`, `d/m/yyyy` (also with `-` or `.`), `yyyy-mm-dd`,
/// `yyyymmdd`, or with the month's name (`26-Nov-2014`, `26 Nov 2014`, `26 November 2014`).
/// A time after the date (`2026-09-30T00:00:00`, `30/09/2026 00:00`) is ignored.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    if let Some(date) = with_month_name(s) {
        return date;
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let (year, month, day) = (&s[..4], &s[4..6], &s[6..]);
        return match (year.parse(), month.parse(), day.parse()) {
            (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d)
                .ok_or_else(|| "not a real date (check the day and the month)".to_string()),
            _ => Err(format!("not a date (write it as {DATE_FORMATS})")),
        };
    }
    if s.len() == 5 && s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "a number, not a date: it looks like a spreadsheet date serial number (format the column as a date in Excel: Home > Number > Short Date, or write it as {DATE_FORMATS})"
        ));
    }
    let date_part = s.split(['T', ' ']).next().unwrap_or("");
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(format!("not a date (write it as {DATE_FORMATS})"));
    };
    let num = |p: &str| -> Option<u32> {
        if !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return Err(format!("not a date (write it as {DATE_FORMATS})"));
    };
    let (year, month, day, year_len) = if a.len() == 4 {
        (x, y, z, a.len())
    } else {
        (z, y, x, c.len())
    };
    if year_len != 4 {
        return Err(format!(
            "the year must have four digits (write the date as {DATE_FORMATS})"
        ));
    }
    let year = i32::try_from(year).map_err(|_| "not a date".to_string())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| "not a real date (check the day and the month)".to_string())
}

/// A date with the month's name or its first three letters, day first (`26-Nov-2014`,
/// `26 Nov 2014`, `26 November 2014`, a time after it ignored); `None` when the second word is
/// not a month.
fn with_month_name(s: &str) -> Option<Result<NaiveDate, String>> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<&str> = s
        .split([' ', '-', '/', '.', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let [day, month, year, ..] = words.as_slice() else {
        return None;
    };
    let month = month.to_lowercase();
    let number = MONTHS
        .iter()
        .position(|m| month.len() >= 3 && m.starts_with(month.as_str()))?;
    let day: u32 = match day.parse() {
        Ok(number) if day.len() <= 2 => number,
        _ => return Some(Err(format!("not a date (write it as {DATE_FORMATS})"))),
    };
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Some(Err(format!(
            "the year must have four digits (write the date as {DATE_FORMATS})"
        )));
    }
    let year: i32 = year.parse().ok()?;
    Some(
        NaiveDate::from_ymd_opt(year, number as u32 + 1, day)
            .ok_or_else(|| "not a real date (check the day and the month)".to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_clinical_systems_write_them() {
        for text in [
            "26/11/2014",
            "2014-11-26",
            "26-Nov-2014",
            "26 Nov 2014",
            "26-11-2014",
            "26 November 2014",
            "26-NOV-2014 00:00",
            "20141126",
        ] {
            assert_eq!(parse_date(text), Ok(d(2014, 11, 26)), "{text}");
        }
        for text in ["26/11/14", "26-Nov-14", "26 Nov 14"] {
            let e = parse_date(text).unwrap_err();
            assert!(e.contains("four digits"), "{text}: {e}");
        }
        assert!(
            parse_date("31-Feb-2014")
                .unwrap_err()
                .contains("not a real date")
        );
    }

    #[test]
    fn formats() {
        assert_eq!(parse_date("30/09/2026"), Ok(d(2026, 9, 30)));
        assert_eq!(parse_date("3/9/2026"), Ok(d(2026, 9, 3)));
        assert_eq!(parse_date("2026-09-30"), Ok(d(2026, 9, 30)));
        assert_eq!(parse_date(" 2026-09-30T00:00:00 "), Ok(d(2026, 9, 30)));
        assert_eq!(parse_date("30/09/2026 00:00"), Ok(d(2026, 9, 30)));
        assert_eq!(parse_date("30.09.2026"), Ok(d(2026, 9, 30)));
    }

    #[test]
    fn bad_dates() {
        assert!(parse_date("").unwrap_err().contains("not a date"));
        assert!(parse_date("yesterday").unwrap_err().contains("not a date"));
        assert!(parse_date("30/09/26").unwrap_err().contains("four digits"));
        assert!(
            parse_date("31/02/2026")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            parse_date("09/30/2026")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(parse_date("1/2/3/2026").is_err());
    }
}

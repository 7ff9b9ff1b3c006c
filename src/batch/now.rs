//! Batch engine: the one clock. The engine never reads the computer's clock: the moment a
//! request is made ([`Now`]) comes from its caller — the CLI and the web page read the clock
//! once per request with [`Now::system`], and tests pin it with [`Now::at`] or
//! `SOURCE_DATE_EPOCH` — and every date
//! and time the engine writes (a run's record, a reallocation's letter date, the audit
//! workbook's date) is taken from it.

use chrono::{DateTime, Datelike, Local, NaiveDate, SecondsFormat, Utc};

/// The moment a request is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    at: DateTime<Utc>,
}

impl Now {
    /// The computer's clock, now: for the front ends, once per request. `SOURCE_DATE_EPOCH`
    /// (seconds since 1970, the reproducible-builds convention) pins it, for tests and for
    /// making the same record again.
    pub fn system() -> Now {
        let pinned = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| DateTime::from_timestamp(s, 0));
        Now {
            at: pinned.unwrap_or_else(Utc::now),
        }
    }

    /// A moment given (tests pin the clock with it).
    pub fn at(at: DateTime<Utc>) -> Now {
        Now { at }
    }

    /// The day it is where the officer is (the computer's time zone).
    pub fn today(&self) -> NaiveDate {
        self.at.with_timezone(&Local).date_naive()
    }

    /// The moment as the ledger records it: `2026-12-06T15:09:04Z`.
    pub fn stamp(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// A moment the ledger recorded (`2026-07-06T15:09:04Z`) in UK time, in words, as an officer
/// reads it: `6 July 2026 at 16:09` (British Summer Time runs from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October). `None` for text that is not
/// such a moment.
pub fn uk_time_in_words(stamp: &str) -> Option<String> {
    let at: DateTime<Utc> = stamp.parse().ok()?;
    let summer = |month: u32| {
        let last_day = NaiveDate::from_ymd_opt(at.year(), month + 1, 1)?.pred_opt()?;
        let sunday =
            last_day - chrono::Days::new(u64::from(last_day.weekday().num_days_from_sunday()));
        sunday.and_hms_opt(1, 0, 0).map(|t| t.and_utc())
    };
    let (starts, ends) = (summer(3)?, summer(10)?);
    let offset = if at >= starts && at < ends { 1 } else { 0 };
    let local = at + chrono::Duration::hours(offset);
    Some(format!(
        "{} {} at {}",
        local.day(),
        local.format("%B %Y"),
        local.format("%H:%M")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_moment_reads_in_uk_time() {
        assert_eq!(
            uk_time_in_words("2026-12-06T15:09:04Z").as_deref(),
            Some("6 December 2026 at 15:09")
        );
        assert_eq!(
            uk_time_in_words("2026-07-06T15:09:04Z").as_deref(),
            Some("6 July 2026 at 16:09")
        );
        // 2026's summer time starts on 29 March and ends on 25 October, at 01:00 UTC.
        assert_eq!(
            uk_time_in_words("2026-03-29T00:59:00Z").as_deref(),
            Some("29 March 2026 at 00:59")
        );
        assert_eq!(
            uk_time_in_words("2026-03-29T01:00:00Z").as_deref(),
            Some("29 March 2026 at 02:00")
        );
        assert_eq!(
            uk_time_in_words("2026-10-25T00:59:00Z").as_deref(),
            Some("25 October 2026 at 01:59")
        );
        assert_eq!(
            uk_time_in_words("2026-10-25T01:00:00Z").as_deref(),
            Some("25 October 2026 at 01:00")
        );
        assert_eq!(uk_time_in_words("yesterday"), None);
    }

    #[test]
    fn a_pinned_moment_is_written_as_the_ledger_keeps_it() {
        let now = Now::at("2026-12-06T15:09:04Z".parse().unwrap());
        assert_eq!(now.stamp(), "2026-12-06T15:09:04Z");
        assert_eq!(now.today().format("%Y").to_string(), "2026");
    }
}

//! Batch engine: the one clock. The engine never reads the computer's clock: the moment a
//! request is made ([`Now`]) comes from its caller — the CLI and the web page read the clock
//! once per request with [`Now::system`], and tests pin it with [`Now::at`] or
//! `SOURCE_DATE_EPOCH` — and every date
//! and time the engine writes (a run's record, a reallocation's letter date, the audit
//! workbook's date) is taken from it.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_moment_is_written_as_the_ledger_keeps_it() {
        let now = Now::at("2026-12-06T15:09:04Z".parse().unwrap());
        assert_eq!(now.stamp(), "2026-12-06T15:09:04Z");
        assert_eq!(now.today().format("%Y").to_string(), "2026");
    }
}

//! Time: the injectable [`TimeSource`], Unix-second conversions and overflow-free deadlines.
//! The Linkhub timestamp format (`x-lh-date`, `/Time`, token `expiration`) is
//! `popbill_model::format_utc` / `parse_utc_millis`.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the client reads "now" from. The default is the system clock; tests inject a manual
/// clock to move time without sleeping.
pub trait TimeSource: Send + Sync + fmt::Debug + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Whole Unix seconds of a time (times before 1970 are negative).
pub(crate) fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// The time at whole Unix seconds.
#[cfg(test)]
pub(crate) fn from_unix_seconds(secs: i64) -> SystemTime {
    use std::time::Duration;
    if secs >= 0 {
        UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
    }
}

/// Unix seconds of a Linkhub UTC timestamp (the token `expiration`, the `/Time` body);
/// fractions are dropped. The format itself lives in `popbill_model`, shared with the sandbox.
pub(crate) fn parse_utc(s: &str) -> Option<i64> {
    popbill_model::parse_utc_millis(s).map(|ms| ms.div_euclid(1000))
}

/// The latest instant used for deadlines: about 30 years ahead, as tokio does for timers.
/// Durations beyond it (`Duration::MAX` as "no limit", a huge `Retry-After`) mean "never".
const FAR_FUTURE: std::time::Duration = std::time::Duration::from_secs(86_400 * 365 * 30);

/// `start + d`, or about 30 years after `start` when `d` is longer than that: adding a
/// duration to an instant panics on overflow, and the duration may come from a user or
/// from the network.
pub(crate) fn instant_after(
    start: tokio::time::Instant,
    d: std::time::Duration,
) -> tokio::time::Instant {
    start + d.min(FAR_FUTURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_utc_gives_whole_seconds() {
        assert_eq!(parse_utc("2025-01-01T01:00:00.999Z"), Some(1_735_693_200));
        assert_eq!(parse_utc("2025-01-01T01:00:00"), None);
    }

    #[test]
    fn unix_seconds_conversions() {
        assert_eq!(
            unix_seconds(from_unix_seconds(1_735_689_600)),
            1_735_689_600
        );
        assert_eq!(unix_seconds(from_unix_seconds(-5)), -5);
    }

    #[test]
    fn instants_saturate_instead_of_overflowing() {
        use std::time::Duration;
        let now = tokio::time::Instant::now();
        assert_eq!(
            instant_after(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
        assert_eq!(instant_after(now, Duration::MAX), now + FAR_FUTURE);
        assert!(
            instant_after(now, Duration::MAX)
                > instant_after(now, Duration::from_secs(86_400 * 365))
        );
    }
}

//! Time: the injectable [`TimeSource`], the Linkhub `x-lh-date` format and the token
//! `expiration` parser. No date library is needed: the few conversions are done here from
//! Unix seconds.

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

/// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a calendar date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC: the `x-lh-date` format of the official SDKs.
///
/// ```ignore
/// assert_eq!(format_lh_date(1_735_689_600), "2025-01-01T00:00:00Z");
/// ```
pub(crate) fn format_lh_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses a UTC time `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (the token `expiration`, the `/Time` body,
/// an `x-lh-date`) into Unix seconds. Fractions are dropped. `None` for anything else.
pub(crate) fn parse_utc(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix('z'))?;
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let time = time.split_once('.').map_or(time, |(t, _)| t);
    let mut dp = date.split('-');
    let (y, mo, d) = (dp.next()?, dp.next()?, dp.next()?);
    let mut tp = time.split(':');
    let (h, mi, se) = (tp.next()?, tp.next()?, tp.next()?);
    if dp.next().is_some() || tp.next().is_some() || y.len() != 4 {
        return None;
    }
    let (y, mo, d) = (i64::from(digits(y)?), digits(mo)?, digits(d)?);
    let (h, mi, se) = (digits(h)?, digits(mi)?, digits(se)?);
    if !(1..=12).contains(&mo) || d == 0 || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if civil_from_days(days) != (y, mo, d) {
        return None; // e.g. February 30th
    }
    Some(days * 86_400 + i64::from(h * 3600 + mi * 60 + se))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_x_lh_date() {
        assert_eq!(format_lh_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_lh_date(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(format_lh_date(1_735_787_045), "2025-01-02T03:04:05Z");
        assert_eq!(format_lh_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_lh_date(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn parses_expiration_with_and_without_millis() {
        assert_eq!(parse_utc("2025-01-01T01:00:00.000Z"), Some(1_735_693_200));
        assert_eq!(parse_utc("2025-01-01T01:00:00Z"), Some(1_735_693_200));
        assert_eq!(parse_utc(" 2025-01-01T01:00:00.5Z\n"), Some(1_735_693_200));
        assert_eq!(parse_utc("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        for bad in [
            "",
            "2025-01-01",
            "2025-01-01T01:00:00",
            "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "25-01-01T00:00:00Z",
            "2025-01-01T00:00:0xZ",
            "2025-01-01T00:00:00+09:00",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_trips_over_a_long_range() {
        let mut t = -2_000_000_000i64;
        while t < 4_000_000_000 {
            assert_eq!(parse_utc(&format_lh_date(t)), Some(t), "{t}");
            t += 86_399 * 37 + 11;
        }
    }

    #[test]
    fn unix_seconds_conversions() {
        assert_eq!(
            unix_seconds(from_unix_seconds(1_735_689_600)),
            1_735_689_600
        );
        assert_eq!(unix_seconds(from_unix_seconds(-5)), -5);
    }
}

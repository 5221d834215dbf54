//! `Date8` (`yyyyMMdd`) and `DateTime14` (`yyyyMMddHHmmss`), and Korean-time helpers.
//!
//! POPBiLL compares issuance deadlines and trade dates with "today" in Korean time (UTC+9).
//! This crate does no I/O, so it never reads the clock: callers pass Unix seconds to
//! [`kst_date_from_unix`] / [`kst_datetime_from_unix`].

use std::fmt;
use std::str::FromStr;

/// Why a date was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Wrong length or a non-digit.
    #[error("expected {expected} digits ({pattern})")]
    Format {
        /// Digit count expected.
        expected: usize,
        /// The pattern, e.g. `yyyyMMdd`.
        pattern: &'static str,
    },
    /// Digits that do not form a calendar date or time.
    #[error("{0} is not a valid calendar date or time")]
    Invalid(String),
}

/// A calendar date on the wire as `yyyyMMdd`.
///
/// ```
/// use popbill_model::Date8;
/// let d: Date8 = "20240229".parse().unwrap();
/// assert_eq!(d.add_days(1).to_string(), "20240301");
/// assert!("20230229".parse::<Date8>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date8 {
    year: u16,
    month: u8,
    day: u8,
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digits(s: &str, n: usize, pattern: &'static str) -> Result<Vec<u32>, DateError> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format {
            expected: n,
            pattern,
        });
    }
    Ok(s.bytes().map(|b| u32::from(b - b'0')).collect())
}

fn num(d: &[u32]) -> u32 {
    d.iter().fold(0, |acc, x| acc * 10 + x)
}

impl Date8 {
    /// A date from its parts, if it exists in the calendar (years 1000-9999).
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Self> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(i64::from(year), month) {
            return None;
        }
        Some(Date8 { year, month, day })
    }

    /// Parses `yyyyMMdd`.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let d = digits(s, 8, "yyyyMMdd")?;
        let (y, m, dd) = (num(&d[..4]), num(&d[4..6]), num(&d[6..8]));
        Date8::from_ymd(y as u16, m as u8, dd as u8).ok_or_else(|| DateError::Invalid(s.to_owned()))
    }

    /// Year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// Month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of month, 1-31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `n` days later (earlier for negative `n`), clamped to the supported years.
    pub fn add_days(self, n: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch().saturating_add(n))
    }

    /// The date of a day count since 1970-01-01, clamped to years 1000-9999.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let min = days_from_civil(1000, 1, 1);
        let max = days_from_civil(9999, 12, 31);
        let (y, m, d) = civil_from_days(days.clamp(min, max));
        Date8 {
            year: y as u16,
            month: m,
            day: d,
        }
    }

    /// Signed number of days from `self` to `other`.
    pub fn days_until(self, other: Date8) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day `n` months later (clamped to the month's last day).
    pub fn add_months(self, n: i32) -> Self {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(n);
        let y = total.div_euclid(12).clamp(1000, 9999);
        let m = (total.rem_euclid(12) + 1) as u8;
        let d = self.day.min(days_in_month(y, m));
        Date8 {
            year: y as u16,
            month: m,
            day: d,
        }
    }

    /// The 10th of the month after this date: the nominal deadline for issuing an e-Tax
    /// invoice written on this date. The law moves it to the next business day when it is
    /// not one: [`crate::calendar::issuance_deadline`] gives the real deadline.
    pub fn issuance_deadline(self) -> Self {
        let next = Date8 { day: 1, ..self }.add_months(1);
        Date8 { day: 10, ..next }
    }
}

impl FromStr for Date8 {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        Self::parse(s)
    }
}

impl fmt::Display for Date8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date8({self})")
    }
}

/// A date and time on the wire as `yyyyMMddHHmmss`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime14 {
    date: Date8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateTime14 {
    /// A date-time from parts, if valid.
    pub fn new(date: Date8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        (hour < 24 && minute < 60 && second < 60).then_some(DateTime14 {
            date,
            hour,
            minute,
            second,
        })
    }

    /// Parses `yyyyMMddHHmmss`.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let d = digits(s, 14, "yyyyMMddHHmmss")?;
        let date = Date8::parse(&s[..8])?;
        DateTime14::new(
            date,
            num(&d[8..10]) as u8,
            num(&d[10..12]) as u8,
            num(&d[12..14]) as u8,
        )
        .ok_or_else(|| DateError::Invalid(s.to_owned()))
    }

    /// The date part.
    pub fn date(self) -> Date8 {
        self.date
    }

    /// Hour, minute and second.
    pub fn hms(self) -> (u8, u8, u8) {
        (self.hour, self.minute, self.second)
    }

    /// Seconds since 1970-01-01T00:00:00 of this wall-clock time (no time zone applied).
    pub fn seconds_since_epoch(self) -> i64 {
        self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The wall-clock time for a second count since the epoch (no time zone applied).
    pub fn from_seconds_since_epoch(secs: i64) -> Self {
        let date = Date8::from_days_since_epoch(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        DateTime14 {
            date,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }
}

impl FromStr for DateTime14 {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        Self::parse(s)
    }
}

impl fmt::Display for DateTime14 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{:02}{:02}{:02}",
            self.date, self.hour, self.minute, self.second
        )
    }
}

impl fmt::Debug for DateTime14 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime14({self})")
    }
}

const KST_OFFSET_SECS: i64 = 9 * 3600;

/// The Korean (UTC+9) calendar date at a Unix time.
///
/// ```
/// use popbill_model::kst_date_from_unix;
/// // 2025-01-01T15:00:00Z is already 2 January in Seoul.
/// assert_eq!(kst_date_from_unix(1_735_743_600).to_string(), "20250102");
/// ```
pub fn kst_date_from_unix(unix_secs: i64) -> Date8 {
    kst_datetime_from_unix(unix_secs).date()
}

/// The Korean (UTC+9) wall-clock time at a Unix time.
pub fn kst_datetime_from_unix(unix_secs: i64) -> DateTime14 {
    DateTime14::from_seconds_since_epoch(unix_secs.saturating_add(KST_OFFSET_SECS))
}

macro_rules! text_serde {
    ($t:ty, $name:literal, $pattern:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string", "pattern": $pattern})
            }
        }
    };
}

text_serde!(Date8, "Date8", "^[0-9]{8}$");
text_serde!(DateTime14, "DateTime14", "^[0-9]{14}$");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_rules() {
        assert!(Date8::parse("20240229").is_ok());
        assert!(Date8::parse("20230229").is_err());
        assert!(Date8::parse("19000229").is_err());
        assert!(Date8::parse("20000229").is_ok());
        assert!(Date8::parse("20251301").is_err());
        assert!(Date8::parse("2025010").is_err());
        assert!(Date8::parse("2025-1-1").is_err());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date8::parse("19991231").expect("valid");
        assert_eq!(d.add_days(1).to_string(), "20000101");
        assert_eq!(d.add_days(1).add_days(-1), d);
        assert_eq!(
            Date8::parse("19700101").expect("valid").days_since_epoch(),
            0
        );
    }

    #[test]
    fn deadline_is_tenth_of_next_month() {
        let d = Date8::parse("20251231").expect("valid");
        assert_eq!(d.issuance_deadline().to_string(), "20260110");
        let d = Date8::parse("20250131").expect("valid");
        assert_eq!(d.issuance_deadline().to_string(), "20250210");
        assert_eq!(d.add_months(1).to_string(), "20250228");
    }

    #[test]
    fn kst_midnight_boundary() {
        // 2024-12-31T14:59:59Z = 23:59:59 KST, still the 31st.
        assert_eq!(kst_date_from_unix(1_735_657_199).to_string(), "20241231");
        assert_eq!(kst_date_from_unix(1_735_657_200).to_string(), "20250101");
        assert_eq!(
            kst_datetime_from_unix(1_735_657_200).to_string(),
            "20250101000000"
        );
    }

    #[test]
    fn datetime_rules() {
        assert!(DateTime14::parse("20250101235959").is_ok());
        assert!(DateTime14::parse("20250101240000").is_err());
    }
}

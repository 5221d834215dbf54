//! UTC timestamps as Linkhub writes them: `x-lh-date`, the `/Time` body and a session token's
//! `expiration` (`YYYY-MM-DDTHH:MM:SSZ`, the last two with optional fractional seconds).
//! The client signs and parses them, the sandbox verifies and answers them: one format, one
//! implementation. Pure functions: the caller supplies the time.

use super::{Date8, DateTime14};

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time in seconds (years clamped to 1000-9999).
///
/// ```
/// assert_eq!(popbill_model::format_utc(1_735_689_600), "2025-01-01T00:00:00Z");
/// ```
pub fn format_utc(unix_secs: i64) -> String {
    let t = DateTime14::from_seconds_since_epoch(unix_secs);
    let d = t.date();
    let (h, m, s) = t.hms();
    format!(
        "{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}Z",
        d.year(),
        d.month(),
        d.day()
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` (1-9 fraction digits; the
/// Node SDK sends milliseconds, POPBiLL's expirations end in `.000Z`) into Unix milliseconds.
/// Surrounding white space is ignored; anything else (no `Z`, an offset, a date that does not
/// exist) is `None`.
///
/// ```
/// use popbill_model::parse_utc_millis;
/// assert_eq!(parse_utc_millis("2025-01-01T00:00:00.123Z"), Some(1_735_689_600_123));
/// assert_eq!(parse_utc_millis("2025-02-30T00:00:00Z"), None);
/// ```
pub fn parse_utc_millis(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let date = Date8::from_ymd(
        u16::try_from(num(0..4)?).ok()?,
        u8::try_from(num(5..7)?).ok()?,
        u8::try_from(num(8..10)?).ok()?,
    )?;
    let t = DateTime14::new(
        date,
        u8::try_from(num(11..13)?).ok()?,
        u8::try_from(num(14..16)?).ok()?,
        u8::try_from(num(17..19)?).ok()?,
    )?;
    let rest = s.get(19..)?;
    let millis = if rest == "Z" {
        0
    } else {
        let frac = rest.strip_prefix('.')?.strip_suffix('Z')?;
        if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let ms: String = frac.chars().chain("00".chars()).take(3).collect();
        ms.parse::<i64>().ok()?
    };
    Some(t.seconds_since_epoch() * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_x_lh_date() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(format_utc(1_735_787_045), "2025-01-02T03:04:05Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn parses_with_and_without_fractions() {
        assert_eq!(
            parse_utc_millis("2025-01-01T01:00:00.000Z"),
            Some(1_735_693_200_000)
        );
        assert_eq!(
            parse_utc_millis("2025-01-01T01:00:00Z"),
            Some(1_735_693_200_000)
        );
        assert_eq!(
            parse_utc_millis(" 2025-01-01T01:00:00.5Z\n"),
            Some(1_735_693_200_500)
        );
        assert_eq!(
            parse_utc_millis("2025-01-01T00:00:00.123456789Z"),
            Some(1_735_689_600_123)
        );
        assert_eq!(
            parse_utc_millis("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
        for bad in [
            "",
            "2025-01-01",
            "2025-01-01T01:00:00",
            "2025-01-01 00:00:00Z",
            "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "25-01-01T00:00:00Z",
            "2025-01-01T00:00:0xZ",
            "2025-01-01T00:00:00+09:00",
            "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00.1234567890Z",
            "２０25-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_utc_millis(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_trips_over_a_long_range() {
        let mut t = -2_000_000_000i64;
        while t < 4_000_000_000 {
            assert_eq!(parse_utc_millis(&format_utc(t)), Some(t * 1000), "{t}");
            t += 86_399 * 37 + 11;
        }
    }
}

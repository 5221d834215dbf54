//! Wall-clock helpers: stored times are milliseconds since the Unix epoch; people read and type
//! Korean time (UTC+9) as `yyyyMMddHHmmss`, like every POPBiLL time.

use popbill_model::common::{DateTime14, kst_datetime_from_unix};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

const KST_OFFSET_SECS: i64 = 9 * 3600;

/// Formats epoch milliseconds as Korean time `yyyyMMddHHmmss`.
pub fn format_kst(ms: i64) -> String {
    kst_datetime_from_unix(ms.div_euclid(1000)).to_string()
}

/// Parses Korean time `yyyyMMddHHmmss` into epoch milliseconds.
pub fn parse_kst(s: &str) -> Option<i64> {
    let dt = DateTime14::parse(s).ok()?;
    Some((dt.seconds_since_epoch() - KST_OFFSET_SECS) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kst_round_trip() {
        // 2025-03-01 00:00:00 UTC is 09:00 in Korea.
        let ms = 1_740_787_200_000;
        assert_eq!(format_kst(ms), "20250301090000");
        assert_eq!(parse_kst("20250301090000"), Some(ms));
        assert_eq!(parse_kst("2025"), None);
    }
}

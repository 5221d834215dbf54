//! The sandbox clock: system time plus an offset that tests can move forward, so token expiry,
//! `--nts-delay`, bulk processing and URL validity are testable without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use popbill_model::{Date8, kst_date_from_unix, kst_datetime_from_unix};

/// Longest span the sandbox computes with, in milliseconds (about 31,700 years). Configured
/// durations are capped to it ([`millis`]) so `now + duration` can never overflow.
pub(crate) const MAX_SPAN_MS: i64 = 1_000_000_000_000_000;

/// The clock's range: 1000-01-01T00:00:00Z ..= 9999-12-31T23:59:59.999Z (the years of `Date8`).
/// `setUnix`/`advance` beyond it are clamped, so time arithmetic never overflows.
pub(crate) const MIN_UNIX_MS: i64 = -30_610_224_000_000;
/// See [`MIN_UNIX_MS`].
pub(crate) const MAX_UNIX_MS: i64 = 253_402_300_799_999;

/// A duration in milliseconds, capped at [`MAX_SPAN_MS`] (no wrapping `as` cast).
pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).map_or(MAX_SPAN_MS, |m| m.min(MAX_SPAN_MS))
}

fn system_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A shared, adjustable clock. Cloning shares the offset.
#[derive(Clone, Debug, Default)]
pub struct SandboxClock {
    offset_ms: Arc<AtomicI64>,
}

impl SandboxClock {
    /// A clock that starts at system time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Milliseconds since the Unix epoch, as the sandbox sees it (within years 1000-9999).
    pub fn now_millis(&self) -> i64 {
        system_millis()
            .saturating_add(self.offset_ms.load(Ordering::SeqCst))
            .clamp(MIN_UNIX_MS, MAX_UNIX_MS)
    }

    /// Whole seconds since the Unix epoch.
    pub fn now_secs(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    /// Moves the clock forward (it stops at the end of year 9999).
    pub fn advance(&self, by: Duration) {
        let by = millis(by);
        // The closure always returns Some, so this cannot fail.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
                Some(o.saturating_add(by).min(MAX_UNIX_MS))
            });
    }

    /// Sets the clock so that "now" is the given Unix time (seconds), clamped to years
    /// 1000-9999.
    pub fn set_unix(&self, secs: i64) {
        let target = secs.saturating_mul(1000).clamp(MIN_UNIX_MS, MAX_UNIX_MS);
        self.offset_ms
            .store(target.saturating_sub(system_millis()), Ordering::SeqCst);
    }

    /// Current offset from system time, in milliseconds.
    pub fn offset_millis(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }

    /// Today in Korea (UTC+9).
    pub fn today_kst(&self) -> Date8 {
        kst_date_from_unix(self.now_secs())
    }
}

/// `yyyyMMddHHmmss` in Korean time for a Unix time in milliseconds.
pub(crate) fn dt14_kst(ms: i64) -> String {
    kst_datetime_from_unix(ms.div_euclid(1000)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_advances() {
        let c = SandboxClock::new();
        let a = c.now_secs();
        c.advance(Duration::from_secs(3600));
        assert!(c.now_secs() >= a + 3600);
        c.set_unix(1_735_689_600);
        assert!((c.now_secs() - 1_735_689_600).abs() <= 1);
        assert_eq!(dt14_kst(1_735_689_600_000), "20250101090000");
    }

    #[test]
    fn extreme_settings_clamp_instead_of_overflowing() {
        let c = SandboxClock::new();
        c.set_unix(i64::MAX);
        assert_eq!(c.now_millis(), MAX_UNIX_MS);
        c.advance(Duration::MAX);
        c.advance(Duration::MAX);
        assert_eq!(c.now_millis(), MAX_UNIX_MS);
        c.set_unix(i64::MIN);
        assert_eq!(c.now_millis(), MIN_UNIX_MS);
        assert_eq!(c.today_kst().to_string(), "10000101");
        assert_eq!(millis(Duration::MAX), MAX_SPAN_MS);
        assert_eq!(millis(Duration::from_millis(1500)), 1500);
    }
}

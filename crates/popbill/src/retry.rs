//! Retries: a small classifier plus exponential back-off with full jitter.
//!
//! What is retried (style.md #10, issue 3 item 10):
//!
//! | Failure | Idempotent operation | Other operation |
//! |---|---|---|
//! | DNS / TCP connect failure (nothing sent) | retry | retry |
//! | timeout, reset after sending | retry | no |
//! | HTTP 5xx, 429, with or without a POPBiLL code (an overloaded server, maintenance) | retry (honouring `Retry-After`) | no |
//! | POPBiLL code with any other status (4xx: the server's verdict on the request) | no | no |
//! | token expired / invalid (`-10000033`, `-10000034`, HTTP 401) | drop the token, retry once (not counted) | same |
//! | any failure while obtaining the token | retry when transient (the API call was not sent yet) | same |
//!
//! Attempts are bounded by [`RetryPolicy::max_attempts`] and by the operation timeout: no
//! back-off sleep is started that would end after the deadline.

use std::time::Duration;

use popbill_transport::TransportError;

use crate::error::{Error, TimeoutKind, transient_status};

/// How often and how patiently to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    honor_retry_after: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryPolicy {
    /// 3 attempts, back-off up to 200 ms, 400 ms, … capped at 5 s (full jitter), honouring
    /// `Retry-After`.
    pub fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            honor_retry_after: true,
        }
    }

    /// One attempt, no retries. (The single retry after an expired token still happens: it is
    /// part of authentication, not of the retry policy.)
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the maximum number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the upper bound of the first back-off.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the cap of every back-off.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Whether a `Retry-After: <seconds>` answer header sets the delay (default true).
    pub fn with_retry_after(mut self, honor: bool) -> Self {
        self.honor_retry_after = honor;
        self
    }

    /// Maximum attempts, first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Upper bound of the first back-off.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Cap of every back-off.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Upper bound of the back-off after failed attempt `n` (1-based):
    /// `min(max_backoff, initial_backoff * 2^(n-1))`.
    pub(crate) fn backoff_ceiling(&self, failed_attempt: u32) -> Duration {
        let shift = failed_attempt.saturating_sub(1).min(30);
        self.initial_backoff
            .checked_mul(1u32 << shift)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The delay before the next attempt: full jitter (uniform in `0..=ceiling`), or
    /// `Retry-After` when the server sent one and the policy honours it.
    pub(crate) fn delay(&self, failed_attempt: u32, retry_after: Option<Duration>) -> Duration {
        if self.honor_retry_after {
            if let Some(d) = retry_after {
                return d;
            }
        }
        let ceiling = self.backoff_ceiling(failed_attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Where in an attempt a failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Obtaining the session token (or the server time): the API request was not sent.
    Token,
    /// The API request itself.
    Send,
}

/// Whether the failure of one attempt should be retried (the attempt budget and the deadline
/// are checked by the caller).
pub(crate) fn should_retry(idempotent: bool, phase: Phase, error: &Error) -> bool {
    let idempotent = idempotent || phase == Phase::Token;
    match error {
        Error::Transport(e) => transport_retryable(idempotent, e),
        Error::Timeout(t) => t.kind() == TimeoutKind::Attempt && idempotent,
        Error::Api(e) => idempotent && transient_status(e.status()),
        Error::Decode(e) => idempotent && transient_status(e.status()),
        Error::Auth(e) => {
            idempotent
                && e.status().is_some_and(transient_status)
                && e.clock_skew_seconds().is_none()
        }
        Error::Validation(_) => false,
    }
}

fn transport_retryable(idempotent: bool, e: &TransportError) -> bool {
    if e.is_connect() || e.is_dns() {
        // Nothing reached the server.
        return true;
    }
    (e.is_timeout() || e.is_io()) && idempotent
}

/// `Retry-After` in delta-seconds form (the HTTP-date form is ignored).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, ErrorCode, TimeoutError};
    use popbill_transport::TransportErrorKind;

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(TransportError::new(kind, "x"))
    }

    #[test]
    fn classifier_table() {
        use TransportErrorKind as K;
        for (err, idem, other) in [
            (transport(K::Connect), true, true),
            (transport(K::Dns), true, true),
            (transport(K::Timeout), true, false),
            (transport(K::Io), true, false),
            (transport(K::Tls), false, false),
            (
                Error::Api(ApiError::new(502, ErrorCode(-1), "")),
                true,
                false,
            ),
            (
                Error::Api(ApiError::new(429, ErrorCode(-1), "")),
                true,
                false,
            ),
            (
                Error::Api(ApiError::new(400, ErrorCode(-11000005), "")),
                false,
                false,
            ),
            (
                Error::Timeout(TimeoutError::new(
                    TimeoutKind::Attempt,
                    Duration::from_secs(1),
                )),
                true,
                false,
            ),
            (
                Error::Timeout(TimeoutError::new(
                    TimeoutKind::Operation,
                    Duration::from_secs(1),
                )),
                false,
                false,
            ),
        ] {
            assert_eq!(should_retry(true, Phase::Send, &err), idem, "{err:?}");
            assert_eq!(should_retry(false, Phase::Send, &err), other, "{err:?}");
        }
        // A reset while fetching the token: the API call itself was not sent yet.
        assert!(should_retry(false, Phase::Token, &transport(K::Io)));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::standard();
        assert_eq!(p.backoff_ceiling(1), Duration::from_millis(200));
        assert_eq!(p.backoff_ceiling(2), Duration::from_millis(400));
        assert_eq!(p.backoff_ceiling(5), Duration::from_millis(3200));
        assert_eq!(p.backoff_ceiling(6), Duration::from_secs(5));
        assert_eq!(p.backoff_ceiling(100), Duration::from_secs(5));
        for n in 1..10 {
            assert!(p.delay(n, None) <= p.backoff_ceiling(n));
        }
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        let no_ra = p.clone().with_retry_after(false);
        assert!(no_ra.delay(1, Some(Duration::from_secs(7))) <= Duration::from_millis(200));
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn retry_after_seconds_only() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}

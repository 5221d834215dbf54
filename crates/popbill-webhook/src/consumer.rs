//! At-least-once delivery of stored events to user code.
//!
//! A consumer claims a batch of due events under a lease, calls the handler for each in order,
//! and acknowledges the ones that succeeded. A failed handler call puts the event back with an
//! exponential back-off; after `max_attempts` failures the event becomes a dead letter (see
//! [`Store::replay`] to try again). If the consumer dies mid-batch, its lease expires and the
//! events are claimed again: a handler may see an event more than once, never zero times, so
//! handlers should be idempotent (the MID is a natural key).
//!
//! With PostgreSQL several consumer processes share the work (claims use
//! `FOR UPDATE SKIP LOCKED`); with SQLite run one consumer per database file.

use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::store::{Release, Store, StoreError, StoredEvent};
use crate::time::now_ms;

/// Consumer settings.
#[derive(Clone, Debug)]
pub struct ConsumerConfig {
    /// Events claimed at once (default 32).
    pub batch: u32,
    /// How long a claim is exclusive (default 60 s); a batch should be handled well within it.
    pub lease: Duration,
    /// Handler attempts before an event becomes a dead letter (default 8).
    pub max_attempts: u32,
    /// Back-off after the first failure (default 1 s); doubles with each further failure.
    pub backoff_base: Duration,
    /// Longest back-off (default 10 min).
    pub backoff_max: Duration,
    /// Pause when nothing is due (default 250 ms).
    pub idle_poll: Duration,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            batch: 32,
            lease: Duration::from_secs(60),
            max_attempts: 8,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(600),
            idle_poll: Duration::from_millis(250),
        }
    }
}

impl ConsumerConfig {
    /// The back-off after the `attempts`-th failed attempt (1-based):
    /// `base * 2^(attempts-1)`, at most `backoff_max`.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let shift = attempts.saturating_sub(1).min(30);
        self.backoff_base
            .saturating_mul(1u32 << shift)
            .min(self.backoff_max)
    }
}

/// What one [`Consumer::run_once`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Events claimed.
    pub claimed: usize,
    /// Handled and acknowledged.
    pub acked: usize,
    /// Handler failed; scheduled again.
    pub retried: usize,
    /// Handler failed for the last allowed time; now a dead letter.
    pub dead: usize,
    /// Lease lost before the acknowledgement (another consumer has the event now).
    pub lease_lost: usize,
}

/// Delivers stored events to a handler, at least once.
#[derive(Clone)]
pub struct Consumer {
    store: Arc<dyn Store>,
    config: ConsumerConfig,
}

impl std::fmt::Debug for Consumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consumer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Consumer {
    /// A consumer of `store`.
    pub fn new(store: Arc<dyn Store>, config: ConsumerConfig) -> Self {
        Consumer { store, config }
    }

    /// Claims one batch and hands each event to `handler`, in order.
    pub async fn run_once<F, Fut, E>(&self, handler: &F) -> Result<BatchReport, StoreError>
    where
        F: Fn(StoredEvent) -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: Display,
    {
        let lease_ms = i64::try_from(self.config.lease.as_millis()).unwrap_or(i64::MAX);
        let claimed = self
            .store
            .claim(self.config.batch, lease_ms, now_ms())
            .await?;
        let mut report = BatchReport {
            claimed: claimed.len(),
            ..BatchReport::default()
        };
        for c in claimed {
            let id = c.event.id;
            let attempts = u32::try_from(c.event.attempts).unwrap_or(u32::MAX);
            match handler(c.event).await {
                Ok(()) => {
                    if self.store.ack(id, c.lease_token).await? {
                        report.acked += 1;
                    } else {
                        report.lease_lost += 1;
                    }
                }
                Err(e) => {
                    let error = e.to_string();
                    let release = if attempts >= self.config.max_attempts {
                        Release::Dead
                    } else {
                        let wait = self.config.backoff(attempts);
                        let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                        Release::RetryAt(now_ms().saturating_add(wait_ms))
                    };
                    let dead = release == Release::Dead;
                    if self
                        .store
                        .release(id, c.lease_token, &error, release)
                        .await?
                    {
                        if dead {
                            report.dead += 1;
                        } else {
                            report.retried += 1;
                        }
                    } else {
                        report.lease_lost += 1;
                    }
                }
            }
        }
        Ok(report)
    }

    /// Runs batches until `shutdown` completes, pausing `idle_poll` when nothing was due. A
    /// store error is logged and retried after the idle pause.
    pub async fn run<F, Fut, E>(&self, handler: F, shutdown: impl Future<Output = ()>)
    where
        F: Fn(StoredEvent) -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: Display,
    {
        tokio::pin!(shutdown);
        loop {
            let idle = match self.run_once(&handler).await {
                Ok(r) => r.claimed == 0,
                Err(e) => {
                    tracing::warn!(error = %e, "consumer: store error");
                    true
                }
            };
            if idle {
                tokio::select! {
                    () = &mut shutdown => return,
                    () = tokio::time::sleep(self.config.idle_poll) => {}
                }
            } else if futures_util::FutureExt::now_or_never(&mut shutdown).is_some() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let c = ConsumerConfig {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(1000),
            ..ConsumerConfig::default()
        };
        assert_eq!(c.backoff(1), Duration::from_millis(100));
        assert_eq!(c.backoff(2), Duration::from_millis(200));
        assert_eq!(c.backoff(4), Duration::from_millis(800));
        assert_eq!(c.backoff(5), Duration::from_millis(1000));
        assert_eq!(c.backoff(100), Duration::from_millis(1000));
    }
}

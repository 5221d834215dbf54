//! [`Poll`]: call a lookup until its answer says the work is done, with back-off and a
//! deadline (bulk results, NTS filing, later HomeTax jobs).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::call::{CallOptions, call_options};
use crate::error::{Error, Result, TimeoutError, TimeoutKind};
use crate::pipeline::Call;

/// Defaults of [`Poll`].
pub mod defaults {
    use std::time::Duration;

    /// The first pause between two polls.
    pub const INITIAL_INTERVAL: Duration = Duration::from_millis(500);
    /// The longest pause between two polls.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(10);
    /// How long to wait for completion in total.
    pub const DEADLINE: Duration = Duration::from_secs(300);
}

/// Waits for a condition on a lookup's answer.
///
/// Calls the lookup immediately, then after pauses that double from `initial_interval` up
/// to `max_interval`, until the answer is done and returns its result. When `deadline`
/// passes first, the wait fails with [`Error::Timeout`] ([`TimeoutKind::Operation`]); the
/// work itself goes on, and waiting again later is harmless. Errors of a lookup end the
/// wait (each lookup is retried under the retry policy first, as every lookup).
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct Poll<T, O = T> {
    lookup: Arc<dyn Fn() -> Call<T> + Send + Sync>,
    done: fn(&T) -> bool,
    finish: fn(T) -> O,
    what: &'static str,
    pub(crate) initial_interval: Duration,
    pub(crate) max_interval: Duration,
    pub(crate) deadline: Duration,
    opts: CallOptions,
}

impl<T, O> fmt::Debug for Poll<T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poll")
            .field("what", &self.what)
            .field("initial_interval", &self.initial_interval)
            .field("max_interval", &self.max_interval)
            .field("deadline", &self.deadline)
            .field("opts", &self.opts)
            .finish()
    }
}

impl<T: Send + 'static, O: Send + 'static> Poll<T, O> {
    /// A wait on `lookup` until `done` says an answer is final; `finish` makes the output of
    /// that answer. `what` names the wait in logs.
    pub(crate) fn new(
        what: &'static str,
        lookup: impl Fn() -> Call<T> + Send + Sync + 'static,
        done: fn(&T) -> bool,
        finish: fn(T) -> O,
    ) -> Self {
        Poll {
            lookup: Arc::new(lookup),
            done,
            finish,
            what,
            initial_interval: defaults::INITIAL_INTERVAL,
            max_interval: defaults::MAX_INTERVAL,
            deadline: defaults::DEADLINE,
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// The first pause between polls (default 500 ms).
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest pause between polls (default 10 s).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long to wait in total (default 5 minutes).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Polls until done or the deadline.
    pub async fn send(self) -> Result<O> {
        let until = crate::clock::instant_after(tokio::time::Instant::now(), self.deadline);
        let mut pause = self.initial_interval;
        loop {
            let poll = self.opts.apply((self.lookup)());
            let answer = match tokio::time::timeout_at(until, poll.send()).await {
                Ok(r) => r?,
                Err(_) => return Err(deadline_error(self.deadline)),
            };
            if (self.done)(&answer) {
                return Ok((self.finish)(answer));
            }
            tracing::debug!(what = self.what, "not done yet");
            if crate::clock::instant_after(tokio::time::Instant::now(), pause) >= until {
                return Err(deadline_error(self.deadline));
            }
            tokio::time::sleep(pause).await;
            pause = pause
                .saturating_mul(2)
                .min(self.max_interval.max(self.initial_interval));
        }
    }
}

impl<T: Send + 'static, O: Send + 'static> std::future::IntoFuture for Poll<T, O> {
    type Output = Result<O>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<O>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn deadline_error(limit: Duration) -> Error {
    Error::Timeout(TimeoutError::new(TimeoutKind::Operation, limit))
}

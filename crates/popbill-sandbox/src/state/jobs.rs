//! Timed work on the sandbox clock, in two small pieces every timed feature uses:
//!
//! - [`Steps`]: a job that moves through numbered steps, one `step_ms` apart from the moment
//!   it was received (bulk submissions: txState 0 received → 1 processing → 2 done; HomeTax
//!   collection jobs use the same shape).
//! - [`Timers`]: a due-time queue. [`State::tick`](crate::state::State::tick) pops what is due
//!   on every state access, so nothing runs on its own thread and a paused or advanced sandbox
//!   clock drives everything. Entries may go stale (the thing changed meanwhile): the owner
//!   re-checks an entry against its current due time before acting.
//!
//! How a new kind of job plugs in: keep `Steps` in the job record, put `(steps.done_at(step),
//! key)` into a `Timers` of the state when it is received, and in `tick` pop the due keys and
//! finish those jobs; answer a status query with `steps.step_at(now, step)`. After loading a
//! state file, put every unfinished job back into its queue.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A job's position in time: received at `received_ms`, one step every `step_ms`, done after
/// `last` steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Steps {
    pub received_ms: i64,
    pub last: u8,
}

impl Steps {
    /// A job received at `received_ms` that is done at step `last`.
    pub(crate) fn new(received_ms: i64, last: u8) -> Steps {
        Steps { received_ms, last }
    }

    /// The step reached at `now_ms` (0 at reception, at most `last`).
    pub(crate) fn step_at(&self, now_ms: i64, step_ms: i64) -> u8 {
        let step_ms = step_ms.max(1);
        let n = now_ms.saturating_sub(self.received_ms).max(0) / step_ms;
        n.min(i64::from(self.last)) as u8
    }

    /// When step `n` starts.
    pub(crate) fn at(&self, n: u8, step_ms: i64) -> i64 {
        self.received_ms
            .saturating_add(step_ms.max(1).saturating_mul(i64::from(n)))
    }

    /// When the job is done.
    pub(crate) fn done_at(&self, step_ms: i64) -> i64 {
        self.at(self.last, step_ms)
    }
}

/// A due-time queue of keys (see the module docs). O(log n) per entry, nothing when idle.
#[derive(Clone, Debug)]
pub(crate) struct Timers<K: Ord + Clone> {
    due: BTreeSet<(i64, K)>,
}

impl<K: Ord + Clone> Default for Timers<K> {
    fn default() -> Self {
        Timers {
            due: BTreeSet::new(),
        }
    }
}

impl<K: Ord + Clone> Timers<K> {
    /// Queues `key` for `due_ms`.
    pub(crate) fn add(&mut self, due_ms: i64, key: K) {
        self.due.insert((due_ms, key));
    }

    /// Removes and returns the earliest entry due by `now_ms`.
    pub(crate) fn pop_due(&mut self, now_ms: i64) -> Option<(i64, K)> {
        if self.due.first().is_some_and(|(t, _)| *t <= now_ms) {
            self.due.pop_first()
        } else {
            None
        }
    }

    /// Number of queued entries (stale ones included).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.due.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_advance_one_step_apart_and_stop_at_the_last() {
        let s = Steps::new(1_000, 2);
        assert_eq!(
            s.step_at(999, 500),
            0,
            "before reception counts as received"
        );
        assert_eq!(s.step_at(1_000, 500), 0);
        assert_eq!(s.step_at(1_499, 500), 0);
        assert_eq!(s.step_at(1_500, 500), 1);
        assert_eq!(s.step_at(2_000, 500), 2);
        assert_eq!(s.step_at(99_000, 500), 2);
        assert_eq!((s.at(1, 500), s.done_at(500)), (1_500, 2_000));
        // A zero step counts as one millisecond, never a division by zero.
        assert_eq!(s.step_at(1_001, 0), 1);
    }

    #[test]
    fn timers_pop_in_due_order_and_only_when_due() {
        let mut t = Timers::default();
        t.add(30, "c");
        t.add(10, "a");
        t.add(20, "b");
        assert_eq!(t.pop_due(5), None);
        assert_eq!(t.pop_due(25), Some((10, "a")));
        assert_eq!(t.pop_due(25), Some((20, "b")));
        assert_eq!(t.pop_due(25), None);
        assert_eq!(t.len(), 1);
        assert_eq!(t.pop_due(30), Some((30, "c")));
    }
}

//! An append-only list that is cheap to clone however long it grows: a member's point history
//! gains an entry with every charge, and the persisted state copies the member record under
//! the state lock after each change. Entries are kept in sealed, shared chunks plus a short
//! open tail, so a copy clones the chunk handles and at most one tail, not every entry.
//!
//! On the wire it is a plain JSON array, exactly like a `Vec`. The state file keeps each entry
//! as its own row; the log remembers how many of its entries are stored already, so each
//! change writes only the new ones.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Entries per sealed chunk.
const CHUNK: usize = 256;

/// An append-only list with cheap clones (see the module docs).
#[derive(Clone)]
pub(crate) struct AppendLog<T> {
    /// Full chunks of exactly [`CHUNK`] entries, shared between copies.
    sealed: Vec<Arc<[T]>>,
    /// The newest entries, fewer than [`CHUNK`].
    tail: Vec<T>,
    /// How many entries (oldest first) the state file holds already.
    stored: usize,
}

impl<T> Default for AppendLog<T> {
    fn default() -> Self {
        AppendLog {
            sealed: Vec::new(),
            tail: Vec::new(),
            stored: 0,
        }
    }
}

/// Equal entries (what is stored already does not matter).
impl<T: PartialEq> PartialEq for AppendLog<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T> AppendLog<T> {
    /// An empty log.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends an entry.
    pub(crate) fn push(&mut self, value: T) {
        self.tail.push(value);
        if self.tail.len() == CHUNK {
            let full: Arc<[T]> = std::mem::take(&mut self.tail).into();
            self.sealed.push(full);
        }
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.sealed.len() * CHUNK + self.tail.len()
    }

    /// Whether there is no entry.
    #[allow(dead_code)] // the counterpart of `len`, for clippy's `len_without_is_empty`
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries from index `start` on, oldest first (without walking the earlier ones).
    pub(crate) fn iter_from(&self, start: usize) -> impl Iterator<Item = &T> {
        let first_chunk = start / CHUNK;
        let skip_in_chunk = start % CHUNK;
        let from_sealed = self
            .sealed
            .get(first_chunk..)
            .unwrap_or_default()
            .iter()
            .flat_map(|c| c.iter())
            .skip(skip_in_chunk);
        let tail_start = start.saturating_sub(self.sealed.len() * CHUNK);
        from_sealed.chain(self.tail.get(tail_start..).unwrap_or_default().iter())
    }

    /// Index of the first entry the state file does not hold yet.
    pub(crate) fn stored(&self) -> usize {
        self.stored.min(self.len())
    }

    /// Records that the state file holds the first `n` entries.
    pub(crate) fn set_stored(&mut self, n: usize) {
        self.stored = n.min(self.len());
    }

    /// Whether both logs hold the same sealed chunks (one is a copy of the other).
    #[cfg(test)]
    pub(crate) fn shares_chunks_with(&self, other: &Self) -> bool {
        !self.sealed.is_empty()
            && self.sealed.len() == other.sealed.len()
            && self
                .sealed
                .iter()
                .zip(&other.sealed)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }

    /// The entries, oldest first.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }
}

impl<T> FromIterator<T> for AppendLog<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut log = AppendLog::new();
        for v in iter {
            log.push(v);
        }
        log
    }
}

impl<T: fmt::Debug> fmt::Debug for AppendLog<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for AppendLog<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for AppendLog<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<T>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_counts_across_chunks() {
        let n = CHUNK * 2 + 7;
        let log: AppendLog<usize> = (0..n).collect();
        assert_eq!(log.len(), n);
        assert!(!log.is_empty() && AppendLog::<u8>::new().is_empty());
        assert!(log.iter().copied().eq(0..n));
        assert!(log.iter().rev().copied().eq((0..n).rev()));
        assert_eq!(log.sealed.len(), 2);
        assert_eq!(log.tail.len(), 7);
    }

    #[test]
    fn copies_share_sealed_chunks() {
        let mut log: AppendLog<String> = (0..CHUNK + 1).map(|i| i.to_string()).collect();
        let copy = log.clone();
        assert!(Arc::ptr_eq(&log.sealed[0], &copy.sealed[0]));
        // Appending to one does not change the other.
        log.push("new".into());
        assert_eq!((log.len(), copy.len()), (CHUNK + 2, CHUNK + 1));
        assert_eq!(copy.iter().last().map(String::as_str), Some("256"));
    }

    #[test]
    fn iter_from_starts_anywhere() {
        let n = CHUNK * 2 + 7;
        let log: AppendLog<usize> = (0..n).collect();
        for start in [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 3,
            2 * CHUNK,
            n - 1,
            n,
            n + 5,
        ] {
            assert!(
                log.iter_from(start).copied().eq(start.min(n)..n),
                "from {start}"
            );
        }
        let mut log = log;
        assert_eq!(log.stored(), 0);
        log.set_stored(n + 10);
        assert_eq!(log.stored(), n);
    }

    #[test]
    fn json_is_a_plain_array() {
        let entries: Vec<u32> = (0..600).collect();
        let log: AppendLog<u32> = entries.iter().copied().collect();
        let json = serde_json::to_string(&log).expect("serialises");
        assert_eq!(json, serde_json::to_string(&entries).expect("serialises"));
        let back: AppendLog<u32> = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, log);
        let empty: AppendLog<u32> = serde_json::from_str("[]").expect("parses");
        assert!(empty.is_empty());
    }
}

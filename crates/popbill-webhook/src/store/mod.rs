//! Durable event stores behind one trait: [`SqliteStore`] (embedded, the default) and, with the
//! `postgres` feature, [`PostgresStore`] (several receivers and consumers on one database).
//!
//! An event row is unique by `Pb-Webhook-MID`: inserting a MID twice stores it once, whether
//! the copies arrive one after another, concurrently, or at different receiver instances
//! sharing the store. Rows move `pending` → (claimed with a lease) → `done`, or back to
//! `pending` with a later `next_attempt_at` when the handler fails, or to `dead` after the
//! configured number of attempts.

use async_trait::async_trait;
use serde::Serialize;

pub(crate) mod sqlite;
pub use sqlite::{SqliteOptions, SqliteStore, Synchronous};

#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;

/// A store failure. Receivers answer 503 so that POPBiLL retries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[cfg(feature = "postgres")]
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// The PostgreSQL pool failed to hand out a connection.
    #[cfg(feature = "postgres")]
    #[error("postgres pool: {0}")]
    Pool(String),
    /// The group commit that carried this operation failed; nothing of it was stored.
    #[error("commit failed: {0}")]
    Commit(String),
    /// The store's writer is gone (the store was shut down or its thread died).
    #[error("store writer stopped")]
    Closed,
    /// A store address that is neither `sqlite:PATH` nor `postgres://…`.
    #[error("store must be sqlite:PATH or postgres://URL (got a {0:?} address)")]
    BadSpec(String),
    /// Other I/O.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// An accepted webhook, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    /// `Pb-Webhook-MID`, the dedupe key.
    pub mid: String,
    /// `Pb-Webhook-Type`.
    pub webhook_type: String,
    /// `Pb-Webhook-Corpnum` (empty when absent).
    pub corp_num: String,
    /// Event type (header, else body `eventType`; empty when none).
    pub event_type: String,
    /// Reception time, milliseconds since the Unix epoch.
    pub received_at_ms: i64,
    /// The body as received (valid UTF-8 JSON).
    pub body: String,
}

/// Result of [`Store::insert`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, with this row id.
    New(i64),
    /// The MID was already stored; nothing changed.
    Duplicate,
}

/// A request refused as unparseable, kept for inspection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// Reception time, milliseconds since the Unix epoch.
    pub received_at_ms: i64,
    /// `Pb-Webhook-MID`, when present.
    pub mid: String,
    /// `Pb-Webhook-Type`, when present.
    pub webhook_type: String,
    /// Why it was refused.
    pub reason: String,
    /// The body, lossily decoded as UTF-8 (at most the receiver's body limit).
    pub body: String,
}

/// Delivery state of a stored event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for (or being handled by) a consumer.
    Pending,
    /// Handled and acknowledged.
    Done,
    /// Gave up after the configured number of attempts.
    Dead,
}

impl Status {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Done => "done",
            Status::Dead => "dead",
        }
    }

    pub(crate) fn parse(s: &str) -> Status {
        match s {
            "done" => Status::Done,
            "dead" => Status::Dead,
            _ => Status::Pending,
        }
    }
}

/// A stored event as read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredEvent {
    /// Row id (increasing in insertion order within one store).
    pub id: i64,
    /// `Pb-Webhook-MID`.
    pub mid: String,
    /// `Pb-Webhook-Type`.
    #[serde(rename = "type")]
    pub webhook_type: String,
    /// `Pb-Webhook-Corpnum`.
    #[serde(rename = "corp")]
    pub corp_num: String,
    /// Event type.
    #[serde(rename = "eventType")]
    pub event_type: String,
    /// Reception time, milliseconds since the Unix epoch.
    #[serde(rename = "receivedAtMs")]
    pub received_at_ms: i64,
    /// Delivery state.
    pub status: Status,
    /// Handler attempts so far.
    pub attempts: i32,
    /// Last handler error, if any.
    #[serde(rename = "lastError", skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// The body as received.
    #[serde(skip)]
    pub body: String,
}

impl StoredEvent {
    /// The typed event (headers as stored plus the body). Never fails for a stored row: the
    /// body was validated on reception.
    pub fn parse(&self) -> popbill_model::webhook::WebhookEvent {
        use popbill_model::webhook::{WebhookEvent, WebhookHeaders, WebhookType};
        let headers = WebhookHeaders {
            webhook_type: WebhookType::from(self.webhook_type.as_str()),
            mid: self.mid.clone(),
            corp_num: (!self.corp_num.is_empty()).then(|| self.corp_num.clone()),
            event_type: (!self.event_type.is_empty()).then(|| self.event_type.clone()),
        };
        let body = serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null);
        WebhookEvent::from_parts(headers, body)
    }

    /// The body as JSON (`null` if it somehow is not).
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// An event handed to a consumer under a lease.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// The event (its `attempts` already counts this delivery).
    pub event: StoredEvent,
    /// Proves the lease when acknowledging; a stale token (lease expired and re-claimed) is
    /// ignored.
    pub lease_token: i64,
}

/// What to do with a claimed event whose handler failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Release {
    /// Try again not before this time (milliseconds since the epoch).
    RetryAt(i64),
    /// Give up: move to the dead letters.
    Dead,
}

/// Which events [`Store::list`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only this `Pb-Webhook-Type`.
    pub webhook_type: Option<String>,
    /// Only this `Pb-Webhook-Corpnum`.
    pub corp_num: Option<String>,
    /// Only events received at or after this time (ms since the epoch).
    pub since_ms: Option<i64>,
    /// Only events received before this time (ms since the epoch).
    pub until_ms: Option<i64>,
    /// Only this MID.
    pub mid: Option<String>,
    /// Only in this state.
    pub status: Option<Status>,
    /// At most this many (oldest first); `None` for all.
    pub limit: Option<u32>,
}

/// Which events [`Store::replay`] puts back to pending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replay {
    /// The event with this MID.
    Mid(String),
    /// Every event received in `[from_ms, to_ms)`.
    Received {
        /// Inclusive start, ms since the epoch.
        from_ms: i64,
        /// Exclusive end, ms since the epoch.
        to_ms: i64,
    },
}

/// Counts by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Stored events.
    pub events: u64,
    /// Not yet acknowledged.
    pub pending: u64,
    /// Acknowledged.
    pub done: u64,
    /// Dead letters.
    pub dead: u64,
    /// Rejected requests kept for inspection.
    pub rejects: u64,
}

/// A durable event store. Every method is async and never blocks the runtime's workers.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores an event unless its MID is already stored. Returns only once the row is durable.
    async fn insert(&self, event: NewEvent) -> Result<Inserted, StoreError>;
    /// Keeps a refused request for inspection.
    async fn reject(&self, reject: Reject) -> Result<(), StoreError>;
    /// Claims up to `max` due events for `lease_ms` milliseconds; `now_ms` is the current time.
    async fn claim(&self, max: u32, lease_ms: i64, now_ms: i64)
    -> Result<Vec<Claimed>, StoreError>;
    /// Marks a claimed event handled. False when the lease was lost (token no longer current).
    async fn ack(&self, id: i64, lease_token: i64) -> Result<bool, StoreError>;
    /// Releases a claimed event whose handler failed. False when the lease was lost.
    async fn release(
        &self,
        id: i64,
        lease_token: i64,
        error: &str,
        release: Release,
    ) -> Result<bool, StoreError>;
    /// Puts matching events (done or dead included) back to pending with zero attempts.
    /// Returns how many.
    async fn replay(&self, which: Replay) -> Result<u64, StoreError>;
    /// Lists events, oldest first.
    async fn list(&self, filter: ListFilter) -> Result<Vec<StoredEvent>, StoreError>;
    /// The most recent rejects, newest first.
    async fn rejects(&self, limit: u32) -> Result<Vec<Reject>, StoreError>;
    /// Counts by state.
    async fn stats(&self) -> Result<Stats, StoreError>;
}

/// Opens a store from `sqlite:PATH` or `postgres://…` (`postgresql://…` too).
pub async fn open(spec: &str) -> Result<std::sync::Arc<dyn Store>, StoreError> {
    if let Some(path) = spec.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        return Ok(std::sync::Arc::new(SqliteStore::open(
            path,
            SqliteOptions::default(),
        )?));
    }
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        {
            return Ok(std::sync::Arc::new(
                PostgresStore::connect(spec, "popbill_webhook").await?,
            ));
        }
        #[cfg(not(feature = "postgres"))]
        {
            return Err(StoreError::BadSpec(
                "postgres:// (this build has no `postgres` feature)".into(),
            ));
        }
    }
    // Only the scheme is echoed: the rest may hold a password.
    Err(StoreError::BadSpec(
        spec.split(':')
            .next()
            .unwrap_or_default()
            .chars()
            .take(20)
            .collect(),
    ))
}

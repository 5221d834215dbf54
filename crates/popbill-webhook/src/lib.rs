//! A POPBiLL webhook receiver that loses nothing and stores nothing twice.
//!
//! - [`auth`]: none, HTTP Basic or `X-Api-Key`, compared in constant time.
//! - [`ip`]: optional source-IP allow-list (POPBiLL's two addresses as a preset), trusting
//!   `X-Forwarded-For` only from configured proxies.
//! - [`receiver`]: the HTTP side, usable as an axum `Router`, a tower service, or through the
//!   `popbill-webhook` binary. It answers `200 {"result":"OK"}` only after the event is durably
//!   committed, and deduplicates on `Pb-Webhook-MID`.
//! - [`store`]: SQLite (embedded, group commit on one writer thread) and PostgreSQL (feature
//!   `postgres`, several receivers and consumers on one database) behind one trait.
//! - [`consumer`]: at-least-once delivery to user code with leases, back-off, dead letters and
//!   replay; [`forward`] is a consumer that POSTs events on to another URL.
//!
//! Events are typed by [`popbill_model::webhook`]. See `docs/webhook.md` in the repository for
//! running the binary and the delivery guarantees.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use popbill_webhook::{Auth, Receiver, ReceiverConfig, SqliteOptions, SqliteStore};
//! let store = Arc::new(SqliteStore::open("webhooks.db", SqliteOptions::default())?);
//! let receiver = Receiver::new(store, ReceiverConfig { auth: Auth::api_key("KEY"), ..Default::default() });
//! let app = axum::Router::new().nest_service("/popbill/webhook", receiver.service());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```

pub mod auth;
pub mod consumer;
pub mod forward;
pub mod ip;
pub mod receiver;
pub mod store;
pub mod time;

pub use auth::{Auth, AuthSpecError, Secret, constant_time_eq};
pub use consumer::{BatchReport, Consumer, ConsumerConfig};
pub use forward::{ForwardError, Forwarder};
pub use ip::{BadCidr, IpAllowList};
pub use receiver::{Outcome, PeerAddr, Receiver, ReceiverConfig, ReceiverService};
#[cfg(feature = "postgres")]
pub use store::PostgresStore;
pub use store::{
    Claimed, Inserted, ListFilter, NewEvent, Reject, Release, Replay, SqliteOptions, SqliteStore,
    Stats, Status, Store, StoreError, StoredEvent, Synchronous,
};

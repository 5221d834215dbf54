//! Rust client for POPBiLL (팝빌): e-Tax invoices (issue, file with the NTS, search) and the
//! member / point API shared by every service.
//!
//! ```no_run
//! use popbill::{Config, Popbill};
//! use popbill::model::CorpNum;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::builder("MY_LINK_ID", "MY_SECRET_KEY_BASE64=")
//!     .test(true)                // POPBILL_TEST, popbill-test.linkhub.co.kr
//!     .build()?;
//! let client = Popbill::new(config); // cheap to clone; one per process
//!
//! let corp = CorpNum::parse_unchecked("1234567890")?;
//! let member = client.member().check_is_member(&corp).await?;
//! println!("member: {}", member.code == 1);
//!
//! let balance = client.member().get_balance(&corp).await?;
//! let info = client.member().get_corp_info(&corp).user_id("testkorea").send().await?;
//! println!("{balance} points, {:?}", info.corp_name);
//! # Ok(()) }
//! ```
//!
//! # How it works
//!
//! - [`Config`] holds the LinkID, the [`SecretKey`] (never printed, zeroed on drop), the
//!   environment, hosts, time mode, timeouts, [`RetryPolicy`] and optionally your own
//!   [`HttpClient`]; without one, a pooled hyper + rustls client is built on first use.
//! - Every call is a [`Call`]: required arguments in the method, per-call options
//!   (`.user_id()`, `.timeout()`, `.no_retry()`, `.idempotent()`) on the call, then `.await`.
//! - Linkhub session tokens are fetched lazily per (environment, CorpNum, scopes), shared by
//!   concurrent callers (one token request for any number of simultaneous calls), renewed
//!   [`Config::token_refresh_margin`] before they expire, and renewed once more when the API
//!   says a token is expired. A local clock that is off is detected and corrected (see
//!   [`auth`]).
//! - Requests are validated before anything is sent ([`Error::Validation`]); retries follow
//!   [`retry`]'s classifier: connection failures always, timeouts / resets / 5xx only for
//!   idempotent operations, POPBiLL codes never.
//! - [`Error`] keeps POPBiLL's code and message ([`ErrorCode`]); nothing ever prints the
//!   SecretKey or a session token.
//! - Tracing: a span `popbill` per operation (`op`, `corp`) and `popbill.attempt` per
//!   attempt (`attempt`, `http.status`, `popbill.code`).
//!
//! The client runs on the caller's tokio runtime (time driver required) and starts no runtime
//! or background task of its own.

pub mod auth;
mod client;
mod clock;
pub mod config;
pub mod error;
mod error_code;
pub mod pipeline;
#[cfg(test)]
mod proptests;
pub mod retry;
pub mod services;

pub use client::Popbill;
pub use clock::{SystemClock, TimeSource};
pub use config::{
    Config, ConfigBuilder, ConfigError, DEFAULT_USER_AGENT, Environment, HostMode, SecretKey,
    TimeMode, Timeouts,
};
pub use error::{
    ApiError, AuthError, DecodeError, Error, ErrorCode, Result, TimeoutError, TimeoutKind,
};
pub use pipeline::{Call, CallFuture};
pub use retry::RetryPolicy;
pub use services::Service;
pub use services::member::MemberService;
pub use services::taxinvoice::{self, TaxinvoiceService};

/// The wire types, code tables and validation rules (the `popbill-model` crate).
pub use popbill_model as model;

/// The HTTP seam (the `popbill-transport` crate): bring your own [`HttpClient`].
pub use popbill_transport as transport;
pub use popbill_transport::{
    HttpClient, HttpRequest, HttpResponse, SharedHttpClient, TransportError,
};

/// The Rust snippets of the README compile (checked by `cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

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
//!
//! # The invoice types
//!
//! [`model`] is the `popbill-model` crate, rendered here in full: the e-Tax invoice
//! ([`model::taxinvoice::Taxinvoice`] and its lines, totals and validation), the code tables
//! ([`model::codes`]), the checked newtypes ([`model::CorpNum`], [`model::MgtKey`],
//! [`model::Date8`], [`model::Amount`]), the Korean business-day calendar of tax deadlines
//! ([`model::calendar`]) and POPBiLL's result codes ([`ErrorCode`]).
//!
//! # Errors
//!
//! Every call returns [`Result<T, Error>`](Result). [`Error`] has one variant per kind of
//! failure, and predicates for the questions a caller asks:
//!
//! | question | ask |
//! |---|---|
//! | was anything sent? | [`Error::request_may_have_been_sent`] (false for validation, token and connect failures) |
//! | may it go away on its own? | [`Error::is_retryable`] (connection failures, timeouts, 5xx, 429) |
//! | which POPBiLL code? | [`Error::api_code`] → [`ErrorCode`], with [`ErrorCode::description`] |
//! | does the document exist? | [`Error::is_not_found`] |
//! | is the document number taken? | [`Error::is_mgt_key_in_use`] |
//! | is the issuance late? | [`Error::is_late_issuance`] (POPBiLL's refusal or the client-side `late` rule) |
//! | are points missing? | [`Error::is_insufficient_points`] |
//! | which fields are wrong? | [`Error::Validation`] → [`model::ValidationErrors::violations`] (path, rule, message) |
//! | is the local clock off? | [`AuthError::clock_skew_seconds`] |
//!
//! ```no_run
//! # use popbill::{Error, Popbill};
//! # use popbill::model::{CorpNum, MgtKey, codes::MgtKeyType};
//! # async fn run(client: Popbill, corp: CorpNum, key: MgtKey) -> Result<(), Error> {
//! match client.taxinvoice().get_info(&corp, MgtKeyType::Sell, &key).await {
//!     Ok(info) => println!("state {:?}", info.state_code),
//!     Err(e) if e.is_not_found() => println!("no such invoice"),
//!     Err(e) if e.is_retryable() => println!("try again later: {e}"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! Errors keep POPBiLL's code and message; messages are excerpts (at most 500 characters,
//! credentials a gateway may echo replaced by `***`), and no error, `Debug` output or log
//! event contains the SecretKey or a session token. `examples/error_handling.rs` shows the
//! advice for each case.

pub mod auth;
mod call;
mod client;
mod clock;
pub mod config;
pub mod error;
mod error_code;
pub mod paging;
pub mod pipeline;
pub mod poll;
#[cfg(test)]
mod proptests;
pub mod retry;
mod service;
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
pub use paging::{SearchPage, SearchPager};
pub use pipeline::{Call, CallFuture};
pub use poll::Poll;
pub use retry::RetryPolicy;
pub use service::Service;
pub use services::cashbill::{self, CashbillService};
pub use services::member::MemberService;
pub use services::reconcile::{
    DocumentInfo, Filing, FilingWait, IssueAnswer, IssueOutcome, IssuePath, outcome_unknown,
};
pub use services::taxinvoice::{self, TaxinvoiceService};

/// The wire types, code tables, validation rules and the business-day calendar (the
/// `popbill-model` crate, rendered inline).
#[doc(inline)]
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

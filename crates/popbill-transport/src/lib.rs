//! Bytes over HTTP for the POPBiLL client.
//!
//! This crate knows HTTP, not POPBiLL. It offers:
//! - [`HttpClient`], a small object-safe async trait over fully buffered
//!   [`HttpRequest`]/[`HttpResponse`] values, held behind the cheap [`SharedHttpClient`]
//!   handle so the POPBiLL client is not generic and every retry can resend the body;
//! - [`TransportError`], opaque, with predicates such as
//!   [`TransportError::request_may_have_been_sent`];
//! - the default client on hyper 1 + rustls (feature `hyper-client`, module `hyper_client`);
//! - replay and capture test doubles (feature `test-util`, module `test_util`).
//!
//! No hyper, http or serde_json type appears in the public API, so those can be upgraded
//! without breaking users.
//!
//! # Bring your own client
//!
//! Anything implementing [`HttpClient`] can carry POPBiLL traffic, e.g. a wrapper adding
//! metrics around the default client, or a client built on another HTTP stack:
//!
//! ```
//! use popbill_transport::{
//!     HttpClient, HttpRequest, HttpResponse, Method, SharedHttpClient, TransportError,
//! };
//!
//! /// Answers everything with `{"code":1}`; a real client would do I/O here.
//! #[derive(Debug)]
//! struct Canned;
//!
//! #[async_trait::async_trait]
//! impl HttpClient for Canned {
//!     async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
//!         // Debug output never shows the Authorization value.
//!         assert!(!format!("{req:?}").contains("token"));
//!         Ok(HttpResponse::new(200, r#"{"code":1}"#).with_header("content-type", "application/json"))
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), TransportError> {
//! let client = SharedHttpClient::new(Canned);
//! let req = HttpRequest::new(Method::Post, "https://popbill-test.linkhub.co.kr/Taxinvoice")
//!     .with_sensitive_header("Authorization", "Bearer token")
//!     .with_header("Content-Type", "application/json; charset=utf8")
//!     .with_body(r#"{"memo":"x"}"#);
//! let resp = client.send(req).await?;
//! assert_eq!(resp.status, 200);
//! assert_eq!(resp.header("Content-Type"), Some("application/json"));
//! # Ok(())
//! # }
//! ```
//!
//! The default client lives in `hyper_client` (`HyperClient::new()` or
//! `HyperClient::builder()`), documented there with its own example.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod response_headers;
mod text;
mod types;

#[cfg(feature = "hyper-client")]
pub mod hyper_client;
#[cfg(feature = "test-util")]
pub mod test_util;

pub use error::{TransportError, TransportErrorKind};
pub use text::HeaderText;
pub use types::{HttpClient, HttpRequest, HttpResponse, Method, SharedHttpClient};

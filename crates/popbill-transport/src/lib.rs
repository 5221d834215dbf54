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

#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod types;

#[cfg(feature = "hyper-client")]
pub mod hyper_client;
#[cfg(feature = "test-util")]
pub mod test_util;

pub use error::{TransportError, TransportErrorKind};
pub use types::{HttpClient, HttpRequest, HttpResponse, Method, SharedHttpClient};

//! Test doubles for [`HttpClient`](crate::HttpClient) (feature `test-util`).
//!
//! - [`ReplayClient`]: canned results in order, then
//!   [`assert_requests_match`](ReplayClient::assert_requests_match) against the expected
//!   requests (JSON-aware body comparison, ignorable headers).
//! - [`CaptureClient`] ([`capture_request`], [`infallible_fn`], [`scripted_fn`],
//!   [`CaptureClient::sequence`]): records requests, answers from a fixed response or a
//!   closure that may inject transport errors on chosen attempts.
//! - [`NeverClient`]: never answers (honours the per-request timeout), for timeout tests.
//! - [`compare_requests`] with [`MatchOptions`]: the comparison on its own, e.g. against
//!   captured golden requests.
//!
//! All doubles are cheap to clone and clones share state, so a test can hand one clone to
//! the code under test (inside a [`SharedHttpClient`](crate::SharedHttpClient)) and inspect
//! the other.

mod capture;
mod compare;
mod never;
mod replay;

pub use capture::{CaptureClient, capture_request, infallible_fn, scripted_fn};
pub use compare::{MatchOptions, compare_requests};
pub use never::NeverClient;
pub use replay::{ReplayClient, ReplayEvent};

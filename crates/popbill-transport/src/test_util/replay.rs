//! [`ReplayClient`]: canned responses in order, plus a check that the requests sent were
//! the expected ones.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::compare::{MatchOptions, compare_requests};
use crate::{HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind};

/// One expected request and the result to answer it with.
pub type ReplayEvent = (HttpRequest, Result<HttpResponse, TransportError>);

/// Answers requests with canned results, in order, and records what was actually sent.
///
/// The answer does not depend on the request: the n-th request gets the n-th result. After
/// the run, [`assert_requests_match`](Self::assert_requests_match) compares the recorded
/// requests with the expected ones. Once the events are used up, `send` returns a
/// [`TransportErrorKind::Other`] error (never panics), and the extra request shows up in the
/// comparison. Clones share the same state.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use popbill_transport::test_util::ReplayClient;
/// use popbill_transport::{HttpClient, HttpRequest, HttpResponse, Method};
///
/// let expected = HttpRequest::new(Method::Get, "https://popbill-test.linkhub.co.kr/Join?CorpNum=1234567890")
///     .with_header("x-pb-version", "1.0");
/// let replay = ReplayClient::new(vec![(expected, Ok(HttpResponse::new(200, r#"{"code":1}"#)))]);
///
/// let sent = HttpRequest::new(Method::Get, "https://popbill-test.linkhub.co.kr/Join?CorpNum=1234567890")
///     .with_header("X-PB-Version", "1.0")
///     .with_header("User-Agent", "RUST POPBILL SDK");
/// let resp = replay.send(sent).await.expect("canned");
/// assert_eq!(resp.status, 200);
/// replay.assert_requests_match(&["user-agent"]);
/// # }
/// ```
#[derive(Clone)]
pub struct ReplayClient {
    state: Arc<Mutex<State>>,
}

struct State {
    expected: Vec<HttpRequest>,
    results: VecDeque<Result<HttpResponse, TransportError>>,
    actual: Vec<HttpRequest>,
}

impl ReplayClient {
    /// A client that expects exactly these requests, in this order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> Self {
        let (expected, results) = events.into_iter().unzip();
        ReplayClient {
            state: Arc::new(Mutex::new(State {
                expected,
                results,
                actual: Vec::new(),
            })),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The requests sent so far, in order.
    pub fn actual_requests(&self) -> Vec<HttpRequest> {
        self.state().actual.clone()
    }

    /// The requests this client was built to expect.
    pub fn expected_requests(&self) -> Vec<HttpRequest> {
        self.state().expected.clone()
    }

    /// How many canned results have not been used yet.
    pub fn remaining(&self) -> usize {
        self.state().results.len()
    }

    /// Compares the actual requests with the expected ones (same count, then each pair
    /// with [`compare_requests`]). `Err` describes the first mismatching request.
    pub fn compare(&self, options: &MatchOptions) -> Result<(), String> {
        let state = self.state();
        let (expected, actual) = (&state.expected, &state.actual);
        for i in 0..expected.len().max(actual.len()) {
            match (expected.get(i), actual.get(i)) {
                (Some(e), Some(a)) => {
                    if let Err(diff) = compare_requests(e, a, options) {
                        return Err(format!(
                            "request #{i} ({} {}) does not match:\n{diff}",
                            e.method, e.url
                        ));
                    }
                }
                (Some(e), None) => {
                    return Err(format!(
                        "request #{i} ({} {}) was expected but never sent ({} of {} sent)",
                        e.method,
                        e.url,
                        actual.len(),
                        expected.len()
                    ));
                }
                (None, Some(a)) => {
                    return Err(format!(
                        "request #{i} ({} {}) was sent but not expected ({} expected)",
                        a.method,
                        a.url,
                        expected.len()
                    ));
                }
                (None, None) => break,
            }
        }
        Ok(())
    }

    /// Panics with a description of the first mismatch unless the actual requests match
    /// the expected ones, ignoring the named headers (case-insensitive).
    #[track_caller]
    pub fn assert_requests_match(&self, ignore_headers: &[&str]) {
        self.assert_requests_match_with(&MatchOptions::new().ignore_headers(ignore_headers));
    }

    /// Like [`assert_requests_match`](Self::assert_requests_match) with full
    /// [`MatchOptions`].
    #[track_caller]
    pub fn assert_requests_match_with(&self, options: &MatchOptions) {
        if let Err(diff) = self.compare(options) {
            panic!("ReplayClient: {diff}");
        }
    }
}

impl fmt::Debug for ReplayClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("ReplayClient")
            .field("expected", &state.expected.len())
            .field("sent", &state.actual.len())
            .field("remaining", &state.results.len())
            .finish()
    }
}

#[async_trait::async_trait]
impl HttpClient for ReplayClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = self.state();
        state.actual.push(req);
        let n = state.actual.len();
        state.results.pop_front().unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Other,
                format!("ReplayClient has no canned result for request #{}", n - 1),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    fn get(path: &str) -> HttpRequest {
        HttpRequest::new(Method::Get, format!("https://h{path}"))
    }

    #[tokio::test]
    async fn answers_in_order_and_records() {
        let replay = ReplayClient::new(vec![
            (get("/a"), Ok(HttpResponse::new(200, "a"))),
            (
                get("/b"),
                Err(TransportError::new(TransportErrorKind::Connect, "refused")),
            ),
        ]);
        let clone = replay.clone();
        assert_eq!(&clone.send(get("/a")).await.expect("a").body[..], b"a");
        let err = clone.send(get("/b")).await.expect_err("b");
        assert!(err.is_connect());
        assert_eq!(replay.remaining(), 0);
        assert_eq!(replay.actual_requests(), vec![get("/a"), get("/b")]);
        replay.assert_requests_match(&[]);
    }

    #[tokio::test]
    async fn running_out_is_an_error_and_a_mismatch() {
        let replay = ReplayClient::new(vec![(get("/a"), Ok(HttpResponse::new(200, "")))]);
        replay.send(get("/a")).await.expect("first");
        let err = replay
            .send(get("/extra"))
            .await
            .expect_err("no more events");
        assert_eq!(err.kind(), TransportErrorKind::Other);
        let diff = replay
            .compare(&MatchOptions::new())
            .expect_err("extra request");
        assert_eq!(
            diff,
            "request #1 (GET https://h/extra) was sent but not expected (1 expected)"
        );
    }

    #[tokio::test]
    async fn missing_requests_are_reported() {
        let replay = ReplayClient::new(vec![
            (get("/a"), Ok(HttpResponse::new(200, ""))),
            (get("/b"), Ok(HttpResponse::new(200, ""))),
        ]);
        replay.send(get("/a")).await.expect("first");
        let diff = replay.compare(&MatchOptions::new()).expect_err("missing");
        assert_eq!(
            diff,
            "request #1 (GET https://h/b) was expected but never sent (1 of 2 sent)"
        );
    }

    #[tokio::test]
    async fn mismatch_panics_naming_the_request() {
        let replay = ReplayClient::new(vec![(
            get("/a").with_header("x-pb-userid", "admin"),
            Ok(HttpResponse::new(200, "")),
        )]);
        replay
            .send(get("/a").with_header("x-pb-userid", "other"))
            .await
            .expect("sent");
        let diff = replay
            .compare(&MatchOptions::new())
            .expect_err("header differs");
        assert!(
            diff.starts_with("request #0 (GET https://h/a) does not match:\n"),
            "{diff}"
        );
        assert!(
            diff.ends_with(r#"header x-pb-userid: expected "admin", got "other""#),
            "{diff}"
        );
        let caught = std::panic::catch_unwind(|| replay.assert_requests_match(&[]));
        assert!(caught.is_err());
        replay.assert_requests_match(&["X-PB-UserID"]);
    }
}

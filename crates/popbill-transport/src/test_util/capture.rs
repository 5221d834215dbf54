//! [`CaptureClient`]: records every request and answers from a fixed response, a closure,
//! or a script that may fail on chosen attempts.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::{HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind};

type Responder =
    dyn Fn(usize, &HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static;

/// Records every request and answers it without any network.
///
/// Build it with [`capture_request`], [`infallible_fn`], [`scripted_fn`] or
/// [`CaptureClient::sequence`]. Clones share the recorded requests.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use popbill_transport::test_util::scripted_fn;
/// use popbill_transport::{HttpClient, HttpRequest, HttpResponse, Method, TransportError, TransportErrorKind};
///
/// // First attempt: connection refused; later attempts: 200.
/// let client = scripted_fn(|attempt, _req| match attempt {
///     0 => Err(TransportError::new(TransportErrorKind::Connect, "refused")),
///     _ => Ok(HttpResponse::new(200, r#"{"code":1}"#)),
/// });
/// let req = HttpRequest::new(Method::Post, "https://popbill-test.linkhub.co.kr/Taxinvoice");
/// assert!(client.send(req.clone()).await.unwrap_err().is_connect());
/// assert_eq!(client.send(req).await.unwrap().status, 200);
/// assert_eq!(client.request_count(), 2);
/// # }
/// ```
#[derive(Clone)]
pub struct CaptureClient {
    responder: Arc<Responder>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

/// A [`CaptureClient`] answering every request with `response`, or with an empty `200` when
/// `None`.
pub fn capture_request(response: Option<HttpResponse>) -> CaptureClient {
    let response = response.unwrap_or_else(|| HttpResponse::new(200, ""));
    CaptureClient::scripted(move |_, _| Ok(response.clone()))
}

/// A [`CaptureClient`] answering each request with `f(&request)`.
pub fn infallible_fn<F>(f: F) -> CaptureClient
where
    F: Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static,
{
    CaptureClient::scripted(move |_, req| Ok(f(req)))
}

/// A [`CaptureClient`] answering the request with 0-based index `n` with `f(n, &request)`;
/// return an `Err` to inject a transport failure on a chosen attempt.
pub fn scripted_fn<F>(f: F) -> CaptureClient
where
    F: Fn(usize, &HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
{
    CaptureClient::scripted(f)
}

impl CaptureClient {
    /// Answers every request with a clone of `response`.
    pub fn new(response: HttpResponse) -> Self {
        capture_request(Some(response))
    }

    /// See [`scripted_fn`].
    pub fn scripted<F>(f: F) -> Self
    where
        F: Fn(usize, &HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    {
        CaptureClient {
            responder: Arc::new(f),
            requests: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Answers the n-th request with the n-th result, whatever the request. Requests beyond
    /// the list get a [`TransportErrorKind::Other`] error.
    pub fn sequence(
        results: impl IntoIterator<Item = Result<HttpResponse, TransportError>>,
    ) -> Self {
        let queue: Mutex<VecDeque<_>> = Mutex::new(results.into_iter().collect());
        CaptureClient::scripted(move |n, _| {
            queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front()
                .unwrap_or_else(|| {
                    Err(TransportError::new(
                        TransportErrorKind::Other,
                        format!("CaptureClient sequence has no result for request #{n}"),
                    ))
                })
        })
    }

    fn recorded(&self) -> MutexGuard<'_, Vec<HttpRequest>> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.recorded().clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.recorded().len()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<HttpRequest> {
        self.recorded().last().cloned()
    }

    /// The only request received; panics (naming the count) unless exactly one was.
    #[track_caller]
    pub fn expect_single_request(&self) -> HttpRequest {
        let recorded = self.recorded();
        match recorded.as_slice() {
            [one] => one.clone(),
            other => panic!(
                "CaptureClient: expected exactly 1 request, got {}",
                other.len()
            ),
        }
    }
}

impl fmt::Debug for CaptureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaptureClient")
            .field("requests", &self.request_count())
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl HttpClient for CaptureClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let index = {
            let mut recorded = self.recorded();
            recorded.push(req.clone());
            recorded.len() - 1
        };
        // The lock is released: the closure may inspect this client.
        (self.responder)(index, &req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    fn req(path: &str) -> HttpRequest {
        HttpRequest::new(Method::Get, format!("https://h{path}"))
    }

    #[tokio::test]
    async fn fixed_response_and_recording() {
        let client = capture_request(Some(HttpResponse::new(201, "x").with_header("a", "b")));
        let resp = client.send(req("/1")).await.expect("ok");
        assert_eq!((resp.status, resp.header("A")), (201, Some("b")));
        client.send(req("/2")).await.expect("ok");
        assert_eq!(client.requests(), vec![req("/1"), req("/2")]);
        assert_eq!(client.last_request(), Some(req("/2")));

        let default = capture_request(None);
        let resp = default.send(req("/")).await.expect("ok");
        assert_eq!((resp.status, resp.body.len()), (200, 0));
        assert_eq!(default.expect_single_request(), req("/"));
    }

    #[tokio::test]
    async fn closure_sees_the_request() {
        let client = infallible_fn(|r| HttpResponse::new(200, r.url.clone()));
        let resp = client.send(req("/echo")).await.expect("ok");
        assert_eq!(&resp.body[..], b"https://h/echo");
    }

    #[tokio::test]
    async fn sequence_then_exhaustion() {
        let client = CaptureClient::sequence(vec![
            Err(TransportError::new(TransportErrorKind::Timeout, "slow")),
            Ok(HttpResponse::new(200, "")),
        ]);
        assert!(client.send(req("/")).await.expect_err("first").is_timeout());
        assert_eq!(client.send(req("/")).await.expect("second").status, 200);
        let err = client.send(req("/")).await.expect_err("exhausted");
        assert_eq!(err.kind(), TransportErrorKind::Other);
        assert_eq!(client.request_count(), 3);
    }

    #[tokio::test]
    async fn responder_may_inspect_the_client() {
        let client =
            scripted_fn(|n, _| Ok(HttpResponse::new(200 + u16::try_from(n).unwrap_or(0), "")));
        let shared = client.clone();
        assert_eq!(shared.send(req("/")).await.expect("0").status, 200);
        assert_eq!(shared.send(req("/")).await.expect("1").status, 201);
        assert_eq!(client.request_count(), 2);
    }
}

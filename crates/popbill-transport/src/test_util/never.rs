//! [`NeverClient`]: a server that accepts requests and never answers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind};

/// Never answers, like a server that accepted the request and hung.
///
/// It honours [`HttpRequest::timeout`] the way the real client does: after that long it
/// fails with a [`TransportErrorKind::Timeout`] error whose
/// `request_may_have_been_sent()` is `true`. Without a per-request timeout it waits forever,
/// so callers must bound it themselves. Clones share the call counter.
#[derive(Clone, Debug, Default)]
pub struct NeverClient {
    calls: Arc<AtomicUsize>,
}

impl NeverClient {
    /// A new client.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests were sent to it.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl HttpClient for NeverClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match req.timeout {
            Some(timeout) => {
                tokio::time::sleep(timeout).await;
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    "request timed out (NeverClient)",
                ))
            }
            None => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::Method;

    #[tokio::test(start_paused = true)]
    async fn times_out_after_the_request_timeout() {
        let client = NeverClient::new();
        let req = HttpRequest::new(Method::Get, "https://h/").with_timeout(Duration::from_secs(5));
        let started = tokio::time::Instant::now();
        let err = client.send(req).await.expect_err("timeout");
        assert!(err.is_timeout() && err.request_may_have_been_sent());
        assert_eq!(started.elapsed(), Duration::from_secs(5));
        assert_eq!(client.calls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn without_timeout_it_never_answers() {
        let client = NeverClient::new();
        let pending = client.send(HttpRequest::new(Method::Get, "https://h/"));
        let outer = tokio::time::timeout(Duration::from_secs(3600), pending).await;
        assert!(outer.is_err(), "NeverClient answered");
        assert_eq!(client.calls(), 1);
    }
}

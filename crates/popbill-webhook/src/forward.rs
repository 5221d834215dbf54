//! Forwarding stored events to an HTTP endpoint of the user's, with consumer semantics: each
//! event is POSTed with its original `Pb-Webhook-*` headers and body; a 2xx answer
//! acknowledges it, anything else (or no answer within the timeout) is retried with back-off
//! and finally dead-lettered.

use std::time::Duration;

use bytes::Bytes;
use http::{Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use popbill_model::webhook::{HEADER_CORPNUM, HEADER_EVENT_TYPE, HEADER_MID, HEADER_TYPE};

use crate::store::StoredEvent;

/// Why a forward failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ForwardError {
    /// The target is not an `http://` URL.
    #[error("forward target must be an http:// URL")]
    BadTarget,
    /// The request could not be sent or no answer came.
    #[error("forward failed: {0}")]
    Transport(String),
    /// The target answered with a non-2xx status.
    #[error("target answered {0}")]
    Status(http::StatusCode),
    /// No answer within the timeout.
    #[error("target did not answer within {0:?}")]
    Timeout(Duration),
}

/// POSTs stored events to one URL.
#[derive(Clone, Debug)]
pub struct Forwarder {
    client: Client<HttpConnector, Full<Bytes>>,
    target: Uri,
    timeout: Duration,
}

impl Forwarder {
    /// A forwarder to `target` (`http://…`), waiting at most `timeout` for each answer.
    pub fn new(target: &str, timeout: Duration) -> Result<Self, ForwardError> {
        let target: Uri = target.parse().map_err(|_| ForwardError::BadTarget)?;
        if target.scheme_str() != Some("http") || target.host().is_none() {
            return Err(ForwardError::BadTarget);
        }
        let client = Client::builder(TokioExecutor::new()).build_http();
        Ok(Forwarder {
            client,
            target,
            timeout,
        })
    }

    /// Delivers one event; `Ok` only for a 2xx answer.
    pub async fn deliver(&self, event: &StoredEvent) -> Result<(), ForwardError> {
        let mut req = Request::post(self.target.clone())
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(HEADER_TYPE, &event.webhook_type)
            .header(HEADER_MID, &event.mid);
        if !event.corp_num.is_empty() {
            req = req.header(HEADER_CORPNUM, &event.corp_num);
        }
        if !event.event_type.is_empty() {
            req = req.header(HEADER_EVENT_TYPE, &event.event_type);
        }
        let req = req
            .body(Full::new(Bytes::from(event.body.clone())))
            .map_err(|e| ForwardError::Transport(e.to_string()))?;
        let send = async {
            let resp = self
                .client
                .request(req)
                .await
                .map_err(|e| ForwardError::Transport(e.to_string()))?;
            let status = resp.status();
            // Drain the answer so the connection can be reused.
            let _ = resp.into_body().collect().await;
            if status.is_success() {
                Ok(())
            } else {
                Err(ForwardError::Status(status))
            }
        };
        tokio::time::timeout(self.timeout, send)
            .await
            .map_err(|_| ForwardError::Timeout(self.timeout))?
    }
}

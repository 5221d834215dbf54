//! The HTTP receiver: checks the source address and credentials from the headers, reads at most
//! the configured number of body bytes, validates the JSON, stores the event (deduplicated on
//! `Pb-Webhook-MID`) and answers `200 {"result":"OK"}` only once the store has committed it.
//!
//! | Condition | Answer |
//! |---|---|
//! | not `POST` | 405 |
//! | source address not allowed | 403 |
//! | credentials missing or wrong | 401 (the body is not read) |
//! | `Content-Length` above the limit, or more bytes than the limit arrive | 413 |
//! | missing `Pb-Webhook-Type`/`Pb-Webhook-MID`, body not UTF-8 JSON object/array | 400, kept in the rejects table |
//! | store failure | 503, so POPBiLL retries |
//! | stored now, or already stored (same MID) | 200 `{"result":"OK"}` |
//!
//! Use it as an axum [`Router`] ([`Receiver::router`]), as a tower service
//! ([`Receiver::service`], any `http_body::Body` request), or through the `popbill-webhook serve`
//! binary.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Limited};
use popbill_model::webhook::{ACK_BODY, WebhookHeaders, WebhookParseError, parse_body};

use crate::auth::Auth;
use crate::ip::IpAllowList;
use crate::store::{Inserted, NewEvent, Reject, Store};
use crate::time::now_ms;

/// Receiver settings.
#[derive(Clone, Debug)]
pub struct ReceiverConfig {
    /// Required credentials (default: none).
    pub auth: Auth,
    /// Source-address allow-list; `None` allows every address.
    pub allow: Option<IpAllowList>,
    /// Largest accepted body in bytes (default 1 MiB).
    pub max_body_bytes: usize,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig {
            auth: Auth::None,
            allow: None,
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// The peer address of a request, for transports other than axum's `ConnectInfo`: insert it
/// as a request extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerAddr(pub SocketAddr);

/// What happened to one request (also the status it was answered with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Stored now.
    Stored,
    /// Already stored (same MID): acknowledged, not stored again.
    Duplicate,
    /// Refused before reading the body or as unparseable; the status says why.
    Refused(StatusCode),
    /// The store failed; answered 503.
    StoreFailed,
}

/// A webhook receiver over a [`Store`]. Cheap to clone.
#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Inner>,
}

struct Inner {
    config: ReceiverConfig,
    store: Arc<dyn Store>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

fn respond(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let ct = if body.starts_with('{') {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    r.headers_mut()
        .insert(header::CONTENT_TYPE, http::HeaderValue::from_static(ct));
    r
}

impl Receiver {
    /// A receiver storing into `store`.
    pub fn new(store: Arc<dyn Store>, config: ReceiverConfig) -> Self {
        Receiver {
            inner: Arc::new(Inner { config, store }),
        }
    }

    /// The store events go to.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// An axum router answering every path with the receiver (mount it with
    /// `Router::nest_service("/popbill/webhook", receiver.service())` to use one path, or
    /// `merge` it as the fallback). Serve it with
    /// `into_make_service_with_connect_info::<SocketAddr>()` when an IP allow-list is set.
    pub fn router(&self) -> Router {
        Router::new().fallback_service(self.service())
    }

    /// The receiver as a tower service over any request body.
    pub fn service(&self) -> ReceiverService {
        ReceiverService {
            receiver: self.clone(),
        }
    }

    /// Handles one request. The peer address comes from the request's [`PeerAddr`] or axum
    /// `ConnectInfo<SocketAddr>` extension.
    pub async fn handle<B>(&self, req: Request<B>) -> Response<Body>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.handle_with_outcome(req).await.0
    }

    /// Like [`Receiver::handle`], also telling what happened.
    pub async fn handle_with_outcome<B>(&self, req: Request<B>) -> (Response<Body>, Outcome)
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let cfg = &self.inner.config;
        let refuse = |status, body| (respond(status, body), Outcome::Refused(status));
        if req.method() != Method::POST {
            return refuse(StatusCode::METHOD_NOT_ALLOWED, "POST only");
        }
        if let Some(allow) = &cfg.allow {
            let peer = req.extensions().get::<PeerAddr>().map(|p| p.0).or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0)
            });
            match peer {
                Some(peer) if allow.permits(peer, req.headers()) => {}
                _ => return refuse(StatusCode::FORBIDDEN, "source address not allowed"),
            }
        }
        if !cfg.auth.verify(req.headers()) {
            return refuse(StatusCode::UNAUTHORIZED, "unauthorized");
        }
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > cfg.max_body_bytes as u64) {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
        }
        let received_at_ms = now_ms();
        let (parts, body) = req.into_parts();
        let body = match Limited::new(body, cfg.max_body_bytes).collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
            }
            Err(_) => return refuse(StatusCode::BAD_REQUEST, "body could not be read"),
        };
        let headers = WebhookHeaders::from_pairs(
            parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes())),
        );
        let parsed = headers.and_then(|h| parse_body(&body).map(|v| (h, v)));
        let (headers, value) = match parsed {
            Ok(ok) => ok,
            Err(e) => return self.reject(&parts.headers, &body, e, received_at_ms).await,
        };
        let event_type = headers.event_type.clone().unwrap_or_else(|| {
            let first = match &value {
                serde_json::Value::Array(items) => items.first(),
                other => Some(other),
            };
            first
                .and_then(|v| v.get("eventType"))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        });
        // Valid UTF-8: parse_body checked.
        let body = String::from_utf8_lossy(&body).into_owned();
        let event = NewEvent {
            mid: headers.mid,
            webhook_type: headers.webhook_type.as_str().into_owned(),
            corp_num: headers.corp_num.unwrap_or_default(),
            event_type,
            received_at_ms,
            body,
        };
        match self.inner.store.insert(event).await {
            Ok(Inserted::New(_)) => (respond(StatusCode::OK, ACK_BODY), Outcome::Stored),
            Ok(Inserted::Duplicate) => (respond(StatusCode::OK, ACK_BODY), Outcome::Duplicate),
            Err(e) => {
                tracing::error!(error = %e, "webhook not stored; answering 503 so it is retried");
                (
                    respond(StatusCode::SERVICE_UNAVAILABLE, "store unavailable"),
                    Outcome::StoreFailed,
                )
            }
        }
    }

    async fn reject(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        error: WebhookParseError,
        received_at_ms: i64,
    ) -> (Response<Body>, Outcome) {
        let text = |name: &str| {
            headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default()
        };
        let reject = Reject {
            received_at_ms,
            mid: text(popbill_model::webhook::HEADER_MID),
            webhook_type: text(popbill_model::webhook::HEADER_TYPE),
            reason: error.to_string(),
            body: String::from_utf8_lossy(body).into_owned(),
        };
        if let Err(e) = self.inner.store.reject(reject).await {
            tracing::warn!(error = %e, "could not keep a rejected webhook");
        }
        (
            respond(StatusCode::BAD_REQUEST, "unparseable webhook"),
            Outcome::Refused(StatusCode::BAD_REQUEST),
        )
    }
}

/// [`Receiver`] as a `tower::Service` over requests with any body.
#[derive(Clone, Debug)]
pub struct ReceiverService {
    receiver: Receiver,
}

impl<B> tower::Service<Request<B>> for ReceiverService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let receiver = self.receiver.clone();
        Box::pin(async move { Ok(receiver.handle(req).await) })
    }
}

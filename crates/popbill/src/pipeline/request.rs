//! One attempt: the session token, the HTTP request with the official SDKs' headers, the
//! send under the attempt's timeout, and the first look at the answer.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use popbill_transport::{HeaderText, HttpRequest, HttpResponse, Method, SharedHttpClient};
use sha1::{Digest, Sha1};

use super::Failure;
use super::answer::{answer_failure, negative_code};
use super::body::Body;
use super::operation::{Host, Operation};
use crate::auth::cache::{SessionToken, TokenKey};
use crate::client::Popbill;
use crate::error::{Error, TimeoutError, TimeoutKind};

pub(crate) async fn attempt(
    client: &Popbill,
    http: &SharedHttpClient,
    op: &Operation,
    key: Option<&TokenKey>,
    user_id: Option<&str>,
    timeout: Duration,
) -> Result<HttpResponse, Failure> {
    let config = client.config();
    let bearer = match key {
        // Fast path: a cached token, no timer armed.
        Some(k) => match client.auth().cached(config, k) {
            Some(t) => Some(t),
            None => Some(fetch_token(client, http, k, timeout).await?),
        },
        None => None,
    };
    let req = build_request(client, op, bearer.as_ref(), user_id, timeout);
    // One timer per attempt: a client that enforces `HttpRequest::timeout` (the default
    // hyper client) needs no second one around it; any other client gets ours.
    let sent = if http.enforces_request_timeout() {
        Ok(http.send(req).await)
    } else {
        // Boxed: a timer is large, and only clients without their own need this one.
        Box::pin(tokio::time::timeout(timeout, http.send(req))).await
    };
    let resp = match sent {
        Ok(Ok(resp)) => resp,
        Ok(Err(e)) => return Err(Failure::send(Error::Transport(e), bearer)),
        Err(_) => return Err(Failure::send(attempt_timed_out(timeout), bearer)),
    };
    if tracing::level_enabled!(tracing::Level::DEBUG) {
        tracing::Span::current().record("http.status", resp.status);
    }
    let negative = if resp.status == 200 {
        match negative_code(&resp.body) {
            None => return Ok(resp),
            found => found,
        }
    } else {
        None
    };
    Err(answer_failure(&resp, negative, bearer))
}

/// Fetches a session token (none cached), bounded by the attempt's timeout. Boxed: the
/// token exchange is a large future and rare (once per token lifetime), so it should not
/// enlarge every call's future.
#[inline(never)]
pub(crate) fn fetch_token<'a>(
    client: &'a Popbill,
    http: &'a SharedHttpClient,
    key: &'a TokenKey,
    timeout: Duration,
) -> Pin<Box<dyn Future<Output = Result<SessionToken, Failure>> + Send + 'a>> {
    Box::pin(async move {
        let config = client.config();
        match tokio::time::timeout(timeout, client.auth().token(config, http, key, timeout)).await {
            Ok(Ok(t)) => Ok(t),
            Ok(Err(e)) => Err(Failure::token(e)),
            Err(_) => Err(Failure::token(attempt_timed_out(timeout))),
        }
    })
}

#[cold]
#[inline(never)]
pub(crate) fn attempt_timed_out(timeout: Duration) -> Error {
    Error::Timeout(TimeoutError::new(TimeoutKind::Attempt, timeout))
}

/// The most headers [`build_request`] sends: `x-pb-version`, `content-type`, the two bulk
/// headers, `authorization`, `x-pb-userid`, `x-http-method-override`, `accept-encoding`,
/// `user-agent`, `accept-language`.
pub(crate) const MAX_HEADERS: usize = 10;

/// Builds the HTTP request of one attempt, headers in the official Python SDK's order.
///
/// The common case (a lookup: no body, no user ID) stays in this short function; body
/// headers, user IDs and bodies are added by separate functions, so the instructions every
/// call runs sit together instead of between rarely taken branches.
pub(crate) fn build_request(
    client: &Popbill,
    op: &Operation,
    bearer: Option<&SessionToken>,
    user_id: Option<&str>,
    timeout: Duration,
) -> HttpRequest {
    let config = client.config();
    let mut req = HttpRequest::new(op.method, request_url(config, op)).with_timeout(timeout);
    // Every header below in one allocation; names and fixed values are static text, the
    // user agent and the token's `Authorization` value are shared, not copied.
    let headers = &mut req.headers;
    headers.reserve_exact(MAX_HEADERS);
    match op.host {
        Host::Api => {
            headers.push((HeaderText::from_static("x-pb-version"), "1.0".into()));
            if op.method != Method::Get {
                push_content_type(headers, &op.body);
            }
            if let Body::Bulk { json, submit_id } = &op.body {
                push_bulk_headers(headers, json, submit_id);
            }
            if let Some(b) = bearer {
                // `Authorization` is always sensitive (`HttpRequest::is_sensitive`): never
                // printed, marked sensitive on the wire; no need to list it.
                headers.push(("authorization".into(), b.authorization()));
            }
            if let Some(u) = user_id {
                push_user_id(headers, u);
            }
            if let Some(verb) = op.method_override {
                headers.push(("x-http-method-override".into(), verb.into()));
            }
            headers.push(("accept-encoding".into(), "gzip".into()));
        }
        Host::Auth => {
            if let Some(b) = bearer {
                headers.push(("authorization".into(), b.authorization()));
            }
        }
    }
    headers.push(("user-agent".into(), config.user_agent.clone()));
    if let Some(lang) = &config.accept_language {
        headers.push(("accept-language".into(), lang.clone()));
    }
    if !matches!(op.body, Body::Empty) {
        req.body = body_bytes(&op.body);
    }
    req
}

/// Base URL, path and query, in one exactly sized allocation (the transport then takes the
/// URL over without copying it).
pub(crate) fn request_url(config: &crate::config::Config, op: &Operation) -> String {
    let base = match op.host {
        Host::Api => config.api_base_url(),
        Host::Auth => config.auth_base_url(),
    };
    let query_len: usize = op.query.iter().map(|q| q.len() + 1).sum();
    let mut url = String::with_capacity(base.len() + op.path.len() + query_len);
    url.push_str(base);
    url.push_str(&op.path);
    for (i, q) in op.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(q);
    }
    url
}

/// `content-type` of a request other than GET.
#[inline(never)]
pub(crate) fn push_content_type(headers: &mut Vec<(HeaderText, HeaderText)>, body: &Body) {
    let content_type: HeaderText = match body {
        Body::Form(_) => "application/x-www-form-urlencoded; charset=utf-8".into(),
        Body::Multipart { boundary, .. } => {
            format!("multipart/form-data; boundary={boundary}").into()
        }
        Body::Empty | Body::Json(_) | Body::Bulk { .. } => "application/json; charset=utf8".into(),
    };
    headers.push(("content-type".into(), content_type));
}

/// The bulk headers: `x-pb-message-digest`, the base64 SHA-1 of the exact body bytes, and
/// `x-pb-submit-id`.
#[inline(never)]
pub(crate) fn push_bulk_headers(
    headers: &mut Vec<(HeaderText, HeaderText)>,
    json: &[u8],
    submit_id: &str,
) {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha1::digest(json));
    headers.push(("x-pb-message-digest".into(), digest.into()));
    headers.push(("x-pb-submit-id".into(), submit_id.to_owned().into()));
}

#[inline(never)]
pub(crate) fn push_user_id(headers: &mut Vec<(HeaderText, HeaderText)>, user_id: &str) {
    headers.push(("x-pb-userid".into(), user_id.to_owned().into()));
}

/// The body bytes of a request (shared, not copied).
#[inline(never)]
pub(crate) fn body_bytes(body: &Body) -> Bytes {
    match body {
        Body::Empty => Bytes::new(),
        Body::Json(b) | Body::Form(b) => b.clone(),
        Body::Multipart { bytes, .. } => bytes.clone(),
        Body::Bulk { json, .. } => json.clone(),
    }
}

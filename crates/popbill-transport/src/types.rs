//! Owned, fully buffered request and response types and the [`HttpClient`] trait.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use crate::response_headers::ResponseHeaders;
use crate::{HeaderText, TransportError};

/// HTTP method. POPBiLL only ever uses GET and POST on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
}

impl Method {
    /// The method as it appears on the request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fully buffered HTTP request.
///
/// `url` is absolute (`https://host/path?query`). Headers keep their order and case as
/// given; names are compared case-insensitively by [`HttpRequest::header`]. Names and values
/// are [`HeaderText`], so static and shared text is sent without copying.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Request method.
    pub method: Method,
    /// Absolute URL, including the query string.
    pub url: String,
    /// Header name/value pairs in send order.
    pub headers: Vec<(HeaderText, HeaderText)>,
    /// Body bytes (empty for none).
    pub body: Bytes,
    /// Per-attempt timeout; `None` uses the client's default.
    pub timeout: Option<Duration>,
    /// Header names whose values must never be printed (e.g. `authorization`).
    pub sensitive_headers: Vec<String>,
}

impl HttpRequest {
    /// A request with no headers and an empty body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Bytes::new(),
            timeout: None,
            sensitive_headers: Vec::new(),
        }
    }

    /// Appends a header.
    pub fn with_header(
        mut self,
        name: impl Into<HeaderText>,
        value: impl Into<HeaderText>,
    ) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Appends a header whose value is never printed by `Debug`.
    pub fn with_sensitive_header(
        mut self,
        name: impl Into<HeaderText>,
        value: impl Into<HeaderText>,
    ) -> Self {
        let name = name.into();
        self.sensitive_headers.push(name.to_ascii_lowercase());
        self.headers.push((name, value.into()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the per-attempt timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name).map(HeaderText::as_str)
    }

    /// Whether the value of header `name` must never be printed: `authorization` and
    /// `proxy-authorization` always, plus names added with
    /// [`HttpRequest::with_sensitive_header`] or listed in `sensitive_headers`
    /// (all matched case-insensitively).
    pub fn is_sensitive(&self, name: &str) -> bool {
        is_sensitive_name(name, &self.sensitive_headers)
    }
}

/// [`HttpRequest::is_sensitive`] on the parts of a request taken apart.
pub(crate) fn is_sensitive_name(name: &str, sensitive_headers: &[String]) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
        || sensitive_headers
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let v = if self.is_sensitive(n) {
                    "***"
                } else {
                    v.as_str()
                };
                (n.as_str(), v)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A fully buffered HTTP response. The body is already decompressed.
///
/// Headers are read with [`header`](Self::header), [`header_bytes`](Self::header_bytes) and
/// [`headers`](Self::headers); the default client keeps them as hyper parsed them, so reading
/// a response's headers costs nothing unless asked for.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    headers: ResponseHeaders,
    /// Decoded body bytes.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with the given status and body and no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers: ResponseHeaders::default(),
            body: body.into(),
        }
    }

    /// The response as received by the default client.
    #[cfg(feature = "hyper-client")]
    pub(crate) fn from_parts(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        HttpResponse {
            status,
            headers: ResponseHeaders::Map(headers),
            body,
        }
    }

    /// Appends a header.
    pub fn with_header(
        mut self,
        name: impl Into<HeaderText>,
        value: impl Into<HeaderText>,
    ) -> Self {
        self.headers.push(name.into(), value.into());
        self
    }

    /// The first value of a header, matched case-insensitively; `None` when absent or not
    /// UTF-8 (see [`header_bytes`](Self::header_bytes)).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// The first value of a header as received, matched case-insensitively.
    pub fn header_bytes(&self, name: &str) -> Option<&[u8]> {
        self.headers.get_bytes(name)
    }

    /// Every header in order (a repeated name once per value); names as received by the
    /// default client are lower-case.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> + '_ {
        self.headers.iter()
    }

    /// Removes every value of a header, matched case-insensitively.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.remove(name);
    }
}

/// Prints the status, the headers and the body length; the values of `authorization` and
/// `proxy-authorization` (a server or gateway echoing the request's) are printed as `***`.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let v = if is_sensitive_name(n, &[]) {
                    "***".to_owned()
                } else {
                    String::from_utf8_lossy(v).into_owned()
                };
                (n, v)
            })
            .collect();
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The first value of header `name` (any case) in a list of pairs.
pub(crate) fn find_header<'a>(
    headers: &'a [(HeaderText, HeaderText)],
    name: &str,
) -> Option<&'a HeaderText> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Sends one buffered request and returns one buffered response.
///
/// Implementations must not retry on their own: retries are the POPBiLL client's
/// decision, because only it knows whether an operation is idempotent.
#[async_trait::async_trait]
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `req` and waits for the whole response.
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Whether [`send`](Self::send) bounds the whole exchange by [`HttpRequest::timeout`]
    /// itself, failing with a [`TransportErrorKind::Timeout`](crate::TransportErrorKind)
    /// error when it passes.
    ///
    /// Callers may then skip arming a timer of their own around `send` (one timer per
    /// attempt instead of two). The default, `false`, makes no such promise, so callers keep
    /// their own timer; only return `true` if every request's timeout is really enforced.
    fn enforces_request_timeout(&self) -> bool {
        false
    }
}

/// A cheap, clonable handle to any [`HttpClient`].
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Wraps a client.
    pub fn new(client: impl HttpClient) -> Self {
        SharedHttpClient(Arc::new(client))
    }

    /// Wraps an already shared client.
    pub fn from_arc(client: Arc<dyn HttpClient>) -> Self {
        SharedHttpClient(client)
    }

    /// Sends a request through the wrapped client (its future as is, not wrapped again).
    pub fn send(
        &self,
        req: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send + '_ {
        self.0.send(req)
    }

    /// [`HttpClient::enforces_request_timeout`] of the wrapped client.
    pub fn enforces_request_timeout(&self) -> bool {
        self.0.enforces_request_timeout()
    }
}

#[async_trait::async_trait]
impl HttpClient for SharedHttpClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.send(req).await
    }

    fn enforces_request_timeout(&self) -> bool {
        self.0.enforces_request_timeout()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_sensitive_headers_case_insensitively() {
        let mut req = HttpRequest::new(Method::Post, "https://h/Token")
            .with_header("AUTHORIZATION", "Bearer secret-1")
            .with_sensitive_header("x-lh-Secret", "secret-2")
            .with_header("X-LH-SECRET", "secret-3")
            .with_header("Proxy-Authorization", "Basic secret-4")
            .with_header("x-pb-version", "1.0")
            .with_body("secret-body");
        req.sensitive_headers.push("X-Custom".into());
        req.headers
            .push(("x-custom".into(), String::from("secret-5").into()));
        let printed = format!("{req:?}");
        assert!(!printed.contains("secret"), "{printed}");
        assert!(
            printed.contains("1.0") && printed.contains("body_len: 11"),
            "{printed}"
        );
        assert!(req.is_sensitive("x-custom") && !req.is_sensitive("x-pb-version"));
    }

    #[test]
    fn response_debug_redacts_credential_headers() {
        let resp = HttpResponse::new(401, "secret-body")
            .with_header("WWW-Authenticate", "Bearer realm=\"popbill\"")
            .with_header("Authorization", "Bearer secret-1")
            .with_header("proxy-authorization", "Basic secret-2");
        let printed = format!("{resp:?}");
        assert!(!printed.contains("secret"), "{printed}");
        assert!(
            printed.contains("realm") && printed.contains("body_len: 11"),
            "{printed}"
        );
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let resp =
            HttpResponse::new(200, "").with_header("content-type", "application/pdf;charset=utf-8");
        assert_eq!(
            resp.header("Content-Type"),
            Some("application/pdf;charset=utf-8")
        );
        assert_eq!(resp.header("x-missing"), None);
        let req = HttpRequest::new(Method::Get, "https://h/").with_header("X-PB-UserID", "admin");
        assert_eq!(req.header("x-pb-userid"), Some("admin"));
        assert_eq!(Method::Post.to_string(), "POST");
    }
}

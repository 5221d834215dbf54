//! The default [`HttpClient`]: hyper 1 with a pooled hyper-util client, rustls (aws-lc-rs) and
//! webpki roots.
//!
//! ```no_run
//! # async fn demo() -> Result<(), popbill_transport::TransportError> {
//! use std::time::Duration;
//! use popbill_transport::hyper_client::HyperClient;
//! use popbill_transport::{HttpClient, HttpRequest, Method};
//!
//! let client = HyperClient::builder()
//!     .connect_timeout(Duration::from_secs(5))
//!     .pool_idle_timeout(Duration::from_secs(20))
//!     // A corporate TLS-inspection CA, on top of the bundled webpki roots:
//!     // .extra_root_pem(&std::fs::read("corp-ca.pem")?)
//!     .proxy("http://proxy.corp.example:3128")
//!     .build()?;
//! let req = HttpRequest::new(Method::Get, "https://popbill-test.linkhub.co.kr/")
//!     .with_header("Accept-Encoding", "gzip")
//!     .with_timeout(Duration::from_secs(30));
//! let resp = client.send(req).await?;
//! println!("{} ({} bytes, already decompressed)", resp.status, resp.body.len());
//! # Ok(()) }
//! ```
//!
//! Behaviour in short:
//! - runs on the caller's tokio runtime (it never creates one); clones share one pool;
//! - `https://` URLs always use TLS; plain `http://` is used only when the URL says so;
//! - HTTP/2 is offered through ALPN next to HTTP/1.1 (see [`HyperClientBuilder::http2`]);
//! - the whole exchange, including reading the body, is bounded by the per-attempt timeout
//!   ([`HttpRequest::timeout`] or [`HyperClientBuilder::timeout`]); connecting (DNS, TCP,
//!   proxy tunnel, TLS) is additionally bounded by [`HyperClientBuilder::connect_timeout`];
//! - gzip and deflate bodies are decoded (the `content-encoding` header is then removed); the
//!   client does not add `Accept-Encoding` itself, the caller decides;
//! - it never retries: that is the caller's decision.

mod connect;
mod decode;
mod proxy;

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::capture_connection;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use self::connect::{ConnectFailure, Connector, TcpConnector};
use self::proxy::{Proxies, ProxySetting};
use crate::types::is_sensitive_name;
use crate::{
    HeaderText, HttpClient, HttpRequest, HttpResponse, Method, TransportError, TransportErrorKind,
};

/// Default connect timeout (DNS + TCP + proxy tunnel + TLS handshake), as in the official SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default per-attempt timeout, the official SDKs' read timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);
/// Default idle time after which a pooled connection is closed; kept below the ~60 s
/// keep-alive of typical load balancers so we do not reuse a connection they just closed.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body, before and after decompression.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

type HyperInner = Client<Connector, Full<Bytes>>;

/// The default [`HttpClient`] on hyper 1 + hyper-rustls. Cheap to clone: clones share one
/// connection pool.
#[derive(Clone)]
pub struct HyperClient {
    inner: Arc<Inner>,
}

struct Inner {
    client: HyperInner,
    proxies: Arc<Proxies>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_body: usize,
    http2: bool,
}

impl HyperClient {
    /// A client with the default settings (see [`HyperClientBuilder`]).
    ///
    /// Proxy settings are read from the environment now. Unlike
    /// [`HyperClientBuilder::build`] this cannot fail: the defaults involve no
    /// user-supplied certificate or proxy URL.
    pub fn new() -> Self {
        HyperClient::builder()
            .build()
            .expect("the default HyperClient configuration is always valid")
    }

    /// A builder to configure timeouts, pool, TLS roots and proxy.
    pub fn builder() -> HyperClientBuilder {
        HyperClientBuilder::default()
    }

    /// The default per-attempt timeout used when a request sets none.
    pub fn default_timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Converts a request, moving its URL, header values and body instead of copying them.
    fn to_hyper(&self, req: HttpRequest) -> Result<http::Request<Full<Bytes>>, TransportError> {
        let HttpRequest {
            method,
            url,
            headers: fields,
            body,
            timeout: _,
            sensitive_headers,
        } = req;
        // Error cases are built by separate cold functions: the common path stays compact.
        let uri = http::Uri::from_maybe_shared(Bytes::from(url)).map_err(invalid_url)?;
        match uri.scheme_str() {
            Some("https" | "http") => {}
            _ => {
                return Err(invalid_request(
                    "url must be absolute and start with https:// or http://",
                ));
            }
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid_request("url has no host"));
        }
        let mut headers = http::HeaderMap::with_capacity(fields.len() + 1);
        for (name, value) in fields {
            let header_name =
                header_name(&name).map_err(|e| invalid_header("header name", &name, e))?;
            // Checked on the parsed name: it is plain text already (the `HeaderText` would
            // validate its UTF-8 again on every read).
            let sensitive = is_sensitive_name(header_name.as_str(), &sensitive_headers);
            let mut header_value =
                header_value(value).map_err(|e| invalid_header("value for header", &name, e))?;
            header_value.set_sensitive(sensitive);
            headers.append(header_name, header_value);
        }
        if let Some(auth) = self.inner.proxies.forward_authorization(&uri) {
            if !headers.contains_key(http::header::PROXY_AUTHORIZATION) {
                if let Ok(mut v) = HeaderValue::from_str(&auth) {
                    v.set_sensitive(true);
                    headers.insert(http::header::PROXY_AUTHORIZATION, v);
                }
            }
        }
        let mut request = http::Request::new(Full::new(body));
        *request.method_mut() = hyper_method(method);
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }

    /// Waits for the answer and buffers and decodes the whole response.
    ///
    /// A hand-written loop over the body's frames rather than `http_body_util`'s `Limited`
    /// and `collect`: those keep a trailer map and a buffer list in the future, which made
    /// the whole send future too large for the allocator's per-thread cache (the future is
    /// allocated once per request). A body that arrives in one frame is kept as it is, not
    /// copied.
    async fn read(
        &self,
        response: hyper_util::client::legacy::ResponseFuture,
    ) -> Result<HttpResponse, TransportError> {
        let response = response.await.map_err(map_client_error)?;
        // Only the status and headers outlive this statement (the headers stay in hyper's
        // map: nothing is converted per response).
        let (
            http::response::Parts {
                status,
                mut headers,
                ..
            },
            mut body,
        ) = response.into_parts();
        let limit = self.inner.max_response_body;
        let mut collected = BodyBuffer::Empty;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(map_body_error)?;
            if let Ok(data) = frame.into_data() {
                collected.push(data, limit)?;
            }
        }
        let body = decode::decode_body(&mut headers, collected.into_bytes(), limit)?;
        Ok(HttpResponse::from_parts(status.as_u16(), headers, body))
    }
}

#[cold]
#[inline(never)]
fn body_too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::Body,
        format!("response body exceeds the {limit}-byte limit"),
    )
}

/// A response body being buffered: usually one frame, kept without copying.
enum BodyBuffer {
    Empty,
    One(Bytes),
    Many(bytes::BytesMut),
}

impl BodyBuffer {
    /// Appends a data frame, failing once the body passes `limit` bytes.
    fn push(&mut self, data: Bytes, limit: usize) -> Result<(), TransportError> {
        if data.is_empty() {
            return Ok(());
        }
        let held = match self {
            BodyBuffer::Empty => 0,
            BodyBuffer::One(b) => b.len(),
            BodyBuffer::Many(b) => b.len(),
        };
        if data.len() > limit.saturating_sub(held) {
            return Err(body_too_large(limit));
        }
        match std::mem::replace(self, BodyBuffer::Empty) {
            BodyBuffer::Empty => *self = BodyBuffer::One(data),
            BodyBuffer::One(first) => {
                let mut all = bytes::BytesMut::with_capacity(first.len() + data.len());
                all.extend_from_slice(&first);
                all.extend_from_slice(&data);
                *self = BodyBuffer::Many(all);
            }
            BodyBuffer::Many(mut all) => {
                all.extend_from_slice(&data);
                *self = BodyBuffer::Many(all);
            }
        }
        Ok(())
    }

    fn into_bytes(self) -> Bytes {
        match self {
            BodyBuffer::Empty => Bytes::new(),
            BodyBuffer::One(b) => b,
            BodyBuffer::Many(b) => b.freeze(),
        }
    }
}

impl Default for HyperClient {
    fn default() -> Self {
        HyperClient::new()
    }
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient")
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("http2", &self.inner.http2)
            .field("proxy_configured", &self.inner.proxies.is_configured())
            .finish_non_exhaustive()
    }
}

#[cold]
#[inline(never)]
fn invalid_request(message: &'static str) -> TransportError {
    TransportError::new(TransportErrorKind::InvalidRequest, message)
}

#[cold]
#[inline(never)]
fn invalid_url(e: http::uri::InvalidUri) -> TransportError {
    invalid_request("url is not a valid URL").with_source(e)
}

/// A header that `http` refuses, named by `what` ("header name", "value for header") and the
/// header's name, never its value (it may be a token).
#[cold]
#[inline(never)]
fn invalid_header(
    what: &str,
    name: &HeaderText,
    e: impl StdError + Send + Sync + 'static,
) -> TransportError {
    TransportError::new(
        TransportErrorKind::InvalidRequest,
        format!("invalid {what} {name:?}"),
    )
    .with_source(e)
}

/// Longest static `x-` name taken by the fast path of [`header_name`]; longer ones are
/// parsed (and refused beyond `http`'s limit) by `HeaderName::from_bytes`.
const FAST_HEADER_NAME_MAX: usize = 256;

/// A header name for hyper. The common static standard names map to `http`'s constants; a
/// custom static lower-case name (`x-pb-version`) is used in place instead of copied;
/// anything else is checked and lower-cased by `http`.
fn header_name(name: &HeaderText) -> Result<HeaderName, http::header::InvalidHeaderName> {
    use http::header;
    match name.as_static() {
        // Common standard names, as the constants `http` would return (without parsing and
        // lower-casing the text again on every request).
        Some("authorization") => Ok(header::AUTHORIZATION),
        Some("accept-encoding") => Ok(header::ACCEPT_ENCODING),
        Some("user-agent") => Ok(header::USER_AGENT),
        Some("content-type") => Ok(header::CONTENT_TYPE),
        Some("accept-language") => Ok(header::ACCEPT_LANGUAGE),
        // `from_static` panics on an invalid name; these bytes are all valid and the length
        // is far below `http`'s 65,535-byte limit, so it cannot.
        Some(s)
            if s.starts_with("x-")
                && s.len() <= FAST_HEADER_NAME_MAX
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            Ok(HeaderName::from_static(s))
        }
        _ => HeaderName::from_bytes(name.as_bytes()),
    }
}

/// A header value for hyper, sharing the text's bytes (static text included).
fn header_value(value: HeaderText) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
    HeaderValue::from_maybe_shared(value.into_bytes())
}

/// The error of an attempt that ran out of time. Nothing was written unless a connection
/// had been handed to the request (when it was not watched, see `send`, it had).
#[cold]
#[inline(never)]
fn attempt_timed_out(
    connection: Option<&hyper_util::client::legacy::connect::CaptureConnection>,
) -> TransportError {
    let connected = connection.is_none_or(|c| c.connection_metadata().is_some());
    TransportError::new(
        TransportErrorKind::Timeout,
        if connected {
            "request timed out"
        } else {
            "request timed out before a connection was established"
        },
    )
    .with_request_sent(connected)
}

/// Slack between the start of an attempt and the start of its connector.
const CONNECT_MARGIN: Duration = Duration::from_secs(1);

impl HttpClient for HyperClient {
    // Written out rather than with `#[async_trait]`: the request is converted and handed
    // to the pool's client before the future is built, so the future (allocated once per
    // request) holds only what lives across the wait, not the request's moved-out locals.
    // The pool's client does nothing until its future is polled.
    fn send<'life0, 'async_trait>(
        &'life0 self,
        req: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        // Clock and log fields only when a debug event can be recorded at all.
        let log = debug_enabled().then(|| {
            let (host, path) = host_and_path(&req.url);
            Box::new((req.method, host, path, Instant::now()))
        });
        let attempt_timeout = req.timeout.unwrap_or(self.inner.timeout);
        let started = self.to_hyper(req).map(|mut request| {
            // Whether a timed-out request may have been sent depends on whether a
            // connection had been handed to it. The connector fails by itself once its
            // whole budget (DNS, TCP, proxy, TLS) is spent, so when the attempt outlasts
            // that budget (with a margin for the pool checkout before the connector
            // starts) a timeout can only strike after a connection was obtained: the
            // answer is "sent" without watching the connection (which costs a channel and
            // several allocations per request).
            // Saturating: the connect timeout may be `Duration::MAX` ("no limit").
            let watch =
                attempt_timeout <= self.inner.connect_timeout.saturating_add(CONNECT_MARGIN);
            let connection = watch.then(|| capture_connection(&mut request));
            (self.inner.client.request(request), connection)
        });
        Box::pin(async move {
            let outcome = match started {
                Err(e) => Err(e),
                Ok((response, connection)) => {
                    match tokio::time::timeout(attempt_timeout, self.read(response)).await {
                        Ok(result) => result,
                        Err(_) => Err(attempt_timed_out(connection.as_ref())),
                    }
                }
            };
            if let Some(log) = log {
                let (method, host, path, started) = *log;
                log_exchange(method, &host, &path, started, &outcome);
            }
            outcome
        })
    }

    fn enforces_request_timeout(&self) -> bool {
        true
    }
}

/// Whether a `DEBUG` event of this crate could be recorded by any subscriber (cheap: the
/// static and the global maximum level).
fn debug_enabled() -> bool {
    tracing::Level::DEBUG <= tracing::level_filters::STATIC_MAX_LEVEL
        && tracing::Level::DEBUG <= tracing::level_filters::LevelFilter::current()
}

/// The one debug event per exchange: method, host, path (never the query), status or error
/// kind, elapsed time. No header values, no bodies.
fn log_exchange(
    method: Method,
    host: &str,
    path: &str,
    started: Instant,
    outcome: &Result<HttpResponse, TransportError>,
) {
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(resp) => tracing::debug!(
            method = method.as_str(),
            host,
            path,
            status = resp.status,
            elapsed_ms,
            "http exchange"
        ),
        Err(err) => tracing::debug!(
            method = method.as_str(),
            host,
            path,
            error_kind = ?err.kind(),
            request_may_have_been_sent = err.request_may_have_been_sent(),
            elapsed_ms,
            "http exchange failed"
        ),
    }
}

/// Configures a [`HyperClient`].
///
/// | Option | Default |
/// |---|---|
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`timeout`](Self::timeout) (per attempt) | 180 s |
/// | [`pool_idle_timeout`](Self::pool_idle_timeout) | 30 s |
/// | [`pool_max_idle_per_host`](Self::pool_max_idle_per_host) | unlimited |
/// | [`http2`](Self::http2) | offered via ALPN |
/// | roots | webpki roots, plus any [`extra_root_pem`](Self::extra_root_pem) |
/// | proxy | from the environment ([`proxy_from_env`](Self::proxy_from_env)) |
/// | [`max_response_body`](Self::max_response_body) | 64 MiB |
#[derive(Clone)]
pub struct HyperClientBuilder {
    connect_timeout: Duration,
    timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    http2: bool,
    webpki_roots: bool,
    #[cfg(feature = "native-roots")]
    native_roots: bool,
    extra_root_pems: Vec<Vec<u8>>,
    proxy: ProxySetting,
    proxy_bypass: Option<String>,
    max_response_body: usize,
}

impl Default for HyperClientBuilder {
    fn default() -> Self {
        HyperClientBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
            http2: true,
            webpki_roots: true,
            #[cfg(feature = "native-roots")]
            native_roots: false,
            extra_root_pems: Vec::new(),
            proxy: ProxySetting::Env,
            proxy_bypass: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}

impl fmt::Debug for HyperClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            ProxySetting::Env => "env",
            ProxySetting::Disabled => "disabled",
            // The URL may carry credentials: do not print it.
            ProxySetting::Explicit(_) => "explicit",
        };
        let mut d = f.debug_struct("HyperClientBuilder");
        d.field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("http2", &self.http2)
            .field("webpki_roots", &self.webpki_roots);
        #[cfg(feature = "native-roots")]
        d.field("native_roots", &self.native_roots);
        d.field("extra_root_pems", &self.extra_root_pems.len())
            .field("proxy", &proxy)
            .field("proxy_bypass", &self.proxy_bypass)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

impl HyperClientBuilder {
    /// A builder with the defaults listed on [`HyperClientBuilder`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Bound on establishing a new connection: DNS, TCP, proxy tunnel and TLS handshake.
    /// Exceeding it fails with [`TransportErrorKind::Timeout`] and
    /// `request_may_have_been_sent() == false`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Default per-attempt timeout for requests whose [`HttpRequest::timeout`] is `None`.
    /// It covers the whole exchange including reading the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long an unused pooled connection is kept. Keep it below the server side's
    /// keep-alive (about 60 s behind common load balancers). Anything beyond about 30 years
    /// (e.g. `Duration::MAX`) keeps idle connections indefinitely.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Maximum number of idle connections kept per host (0 disables reuse).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Whether to offer HTTP/2 through ALPN on TLS connections (default `true`). HTTP/1.1 is
    /// always offered; plain `http://` always uses HTTP/1.1.
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = enabled;
        self
    }

    /// Whether to trust the bundled Mozilla (webpki) roots (default `true`). Turn it off to
    /// trust only [`extra_root_pem`](Self::extra_root_pem) certificates.
    pub fn webpki_roots(mut self, enabled: bool) -> Self {
        self.webpki_roots = enabled;
        self
    }

    /// Whether to also trust the operating system's root store (default `false`).
    /// Certificates the OS store holds that rustls cannot parse are skipped.
    #[cfg(feature = "native-roots")]
    pub fn native_roots(mut self, enabled: bool) -> Self {
        self.native_roots = enabled;
        self
    }

    /// Also trusts every `CERTIFICATE` in this PEM text (e.g. a corporate TLS-inspection
    /// CA, or a self-signed test server). May be called several times. The PEM is checked
    /// by [`build`](Self::build).
    pub fn extra_root_pem(mut self, pem: &[u8]) -> Self {
        self.extra_root_pems.push(pem.to_vec());
        self
    }

    /// Sends every request through this HTTP proxy (`http://[user:pass@]host[:port]`),
    /// tunnelling `https://` targets with `CONNECT`. Userinfo becomes
    /// `Proxy-Authorization: Basic`. Only `http://` proxy URLs are supported.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Explicit(url.into());
        self
    }

    /// Hosts that bypass the explicit [`proxy`](Self::proxy), in `NO_PROXY` syntax
    /// (comma-separated domains, which also match subdomains, IPs or CIDR ranges, or `*`).
    /// Only used with an explicit proxy (the environment has its own `NO_PROXY`); may be
    /// called before or after [`proxy`](Self::proxy).
    pub fn proxy_bypass(mut self, no_proxy: impl Into<String>) -> Self {
        self.proxy_bypass = Some(no_proxy.into());
        self
    }

    /// Takes proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` (either
    /// case), read when [`build`](Self::build) runs. This is the default. Environment
    /// proxies never apply to loopback hosts (`localhost`, `127.0.0.0/8`, `::1`), and are
    /// ignored in CGI contexts (`REQUEST_METHOD` set). Unparsable values are ignored.
    pub fn proxy_from_env(mut self) -> Self {
        self.proxy = ProxySetting::Env;
        self
    }

    /// Never uses a proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Disabled;
        self
    }

    /// Cap on a response body, both as received and after decompression (default 64 MiB).
    /// Larger bodies fail with [`TransportErrorKind::Body`].
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Builds the client. Fails with [`TransportErrorKind::Config`] if a PEM holds no usable
    /// certificate, the proxy URL is unusable, or no root certificate is trusted at all.
    ///
    /// Needs no runtime; the client must then be used inside a tokio runtime.
    pub fn build(self) -> Result<HyperClient, TransportError> {
        let tls = self.tls_config()?;
        let proxies = Arc::new(Proxies::from_setting(
            &self.proxy,
            self.proxy_bypass.as_deref(),
        )?);
        let tcp = TcpConnector::new(Arc::clone(&proxies), self.connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http();
        let https = if self.http2 {
            https.enable_all_versions().wrap_connector(tcp)
        } else {
            https.enable_http1().wrap_connector(tcp)
        };
        let connector = Connector::new(https, self.connect_timeout);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(idle_timeout(self.pool_idle_timeout))
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);
        Ok(HyperClient {
            inner: Arc::new(Inner {
                client,
                proxies,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                max_response_body: self.max_response_body,
                http2: self.http2,
            }),
        })
    }

    fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        let mut roots = rustls::RootCertStore::empty();
        if self.webpki_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        #[cfg(feature = "native-roots")]
        if self.native_roots {
            let loaded = rustls_native_certs::load_native_certs();
            // Unparsable OS certificates are skipped, as browsers do.
            let _ = roots.add_parsable_certificates(loaded.certs);
        }
        for pem in &self.extra_root_pems {
            let mut found = 0usize;
            for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
                let cert = cert.map_err(|e| {
                    TransportError::new(TransportErrorKind::Config, "extra_root_pem: invalid PEM")
                        .with_source(e)
                })?;
                roots.add(cert).map_err(|e| {
                    TransportError::new(
                        TransportErrorKind::Config,
                        "extra_root_pem: certificate not usable as a trust anchor",
                    )
                    .with_source(e)
                })?;
                found += 1;
            }
            if found == 0 {
                return Err(TransportError::new(
                    TransportErrorKind::Config,
                    "extra_root_pem: no CERTIFICATE block found",
                ));
            }
        }
        if roots.is_empty() {
            return Err(TransportError::new(
                TransportErrorKind::Config,
                "no trusted root certificates configured",
            ));
        }
        let config = rustls::ClientConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Config, "tls protocol setup failed")
                    .with_source(e)
            })?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(config)
    }
}

/// The TLS crypto provider: the one the application installed as the process default
/// (`CryptoProvider::install_default`), else rustls's default provider, aws-lc-rs (with
/// post-quantum key exchange; rustls deprecates its *ring* provider).
fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// The longest idle timeout handed to the pool: about 30 years, as tokio caps its timers.
const LONGEST_IDLE_TIMEOUT: Duration = Duration::from_secs(86_400 * 365 * 30);

/// The pool's idle timeout: `None` (connections never expire) beyond
/// [`LONGEST_IDLE_TIMEOUT`], because the pool's idle sweeper adds the timeout to an
/// `Instant`, which panics on overflow (e.g. for `Duration::MAX`).
fn idle_timeout(timeout: Duration) -> Option<Duration> {
    (timeout <= LONGEST_IDLE_TIMEOUT).then_some(timeout)
}

fn hyper_method(method: Method) -> http::Method {
    match method {
        Method::Get => http::Method::GET,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Delete => http::Method::DELETE,
        Method::Head => http::Method::HEAD,
    }
}

/// Host and path of a URL for logging; never the query string.
fn host_and_path(url: &str) -> (String, String) {
    match url.parse::<http::Uri>() {
        Ok(uri) => (
            uri.host().unwrap_or_default().to_owned(),
            uri.path().to_owned(),
        ),
        Err(_) => (String::new(), String::new()),
    }
}

fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// Maps an error of the pooled client to a [`TransportError`].
#[cold]
#[inline(never)]
fn map_client_error(err: hyper_util::client::legacy::Error) -> TransportError {
    if let Some(failure) = find_source::<ConnectFailure>(&err) {
        let (kind, message) = (failure.kind, failure.message);
        return TransportError::new(kind, message)
            .with_request_sent(false)
            .with_source(err);
    }
    if err.is_connect() {
        return TransportError::new(TransportErrorKind::Connect, "connect failed")
            .with_request_sent(false)
            .with_source(err);
    }
    let (kind, message) = match find_source::<hyper::Error>(&err) {
        Some(e) if e.is_timeout() => (TransportErrorKind::Timeout, "request timed out"),
        Some(e) if e.is_incomplete_message() => (
            TransportErrorKind::Io,
            "connection closed before the response was complete",
        ),
        Some(e) if e.is_parse() => (TransportErrorKind::Io, "server sent a malformed response"),
        Some(e) if e.is_canceled() || e.is_closed() => {
            (TransportErrorKind::Io, "connection closed")
        }
        Some(e) if e.is_user() => (
            TransportErrorKind::InvalidRequest,
            "request rejected by the http stack",
        ),
        Some(_) => (TransportErrorKind::Io, "connection error"),
        None if find_source::<std::io::Error>(&err).is_some() => {
            (TransportErrorKind::Io, "connection error")
        }
        None => (TransportErrorKind::Other, "request failed"),
    };
    // Past connect we cannot prove the request stayed unsent.
    TransportError::new(kind, message)
        .with_request_sent(true)
        .with_source(err)
}

/// Maps a failure while reading the response body.
#[cold]
#[inline(never)]
fn map_body_error(err: hyper::Error) -> TransportError {
    let kind = if err.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, "connection failed while reading the response body")
        .with_request_sent(true)
        .with_source(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_builder_builds_and_debug_hides_proxy_credentials() {
        let builder = HyperClient::builder().proxy("http://user:secret@proxy.corp:3128");
        let printed = format!("{builder:?}");
        assert!(!printed.contains("secret"), "{printed}");
        let client = builder.build().expect("valid config");
        assert!(!format!("{client:?}").contains("secret"));
        assert_eq!(client.default_timeout(), DEFAULT_TIMEOUT);
    }

    #[test]
    fn bad_pem_and_empty_roots_are_config_errors() {
        let err = HyperClient::builder()
            .extra_root_pem(b"not a pem")
            .build()
            .expect_err("no cert");
        assert_eq!(err.kind(), TransportErrorKind::Config);
        assert!(!err.request_may_have_been_sent());

        let err = HyperClient::builder()
            .webpki_roots(false)
            .build()
            .expect_err("no roots");
        assert_eq!(err.kind(), TransportErrorKind::Config);

        let err = HyperClient::builder()
            .proxy("socks5://proxy:1080")
            .build()
            .expect_err("socks");
        assert_eq!(err.kind(), TransportErrorKind::Config);
    }

    #[test]
    fn invalid_requests_are_rejected_before_sending() {
        let client = HyperClient::builder().no_proxy().build().expect("client");
        for url in [
            "/relative/path",
            "ftp://example.com/x",
            "https://",
            "not a url",
        ] {
            let err = client
                .to_hyper(HttpRequest::new(Method::Get, url))
                .expect_err(url);
            assert_eq!(err.kind(), TransportErrorKind::InvalidRequest, "{url}");
            assert!(!err.request_may_have_been_sent());
        }
        let err = client
            .to_hyper(
                HttpRequest::new(Method::Get, "https://example.com/")
                    .with_sensitive_header("Authorization", "Bearer top\nsecret"),
            )
            .expect_err("newline in value");
        assert_eq!(err.kind(), TransportErrorKind::InvalidRequest);
        let text = format!("{err} {err:?}");
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("Authorization"), "{text}");

        let err = client
            .to_hyper(
                HttpRequest::new(Method::Get, "https://example.com/").with_header("bad name", "v"),
            )
            .expect_err("bad header name");
        assert_eq!(err.kind(), TransportErrorKind::InvalidRequest);
    }

    #[test]
    fn sensitive_headers_are_marked_and_order_kept() {
        let client = HyperClient::builder().no_proxy().build().expect("client");
        let req = client
            .to_hyper(
                HttpRequest::new(Method::Post, "https://example.com/a?b=c")
                    .with_sensitive_header("Authorization", "Bearer t")
                    .with_header("x-pb-userid", "u1")
                    .with_header("X-Multi", "1")
                    .with_header("x-multi", "2")
                    .with_body("{}"),
            )
            .expect("request");
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(
            req.uri().path_and_query().map(|p| p.as_str()),
            Some("/a?b=c")
        );
        let auth = req.headers().get("authorization").expect("auth");
        assert!(auth.is_sensitive());
        assert!(
            !req.headers()
                .get("x-pb-userid")
                .expect("uid")
                .is_sensitive()
        );
        let multi: Vec<_> = req.headers().get_all("x-multi").iter().collect();
        assert_eq!(multi, ["1", "2"]);
    }

    #[test]
    fn log_fields_omit_the_query() {
        assert_eq!(
            host_and_path("https://popbill.linkhub.co.kr/Taxinvoice/1?MgtKey=secret"),
            (
                "popbill.linkhub.co.kr".to_owned(),
                "/Taxinvoice/1".to_owned()
            )
        );
    }

    #[test]
    fn received_headers_keep_order_repeats_and_bytes() {
        let mut map = http::HeaderMap::new();
        map.append("content-type", HeaderValue::from_static("application/json"));
        map.append("set-cookie", HeaderValue::from_static("a=1"));
        map.append("x-trace", HeaderValue::from_static("t-9"));
        map.append("set-cookie", HeaderValue::from_static("b=2"));
        map.append(
            "x-latin1",
            HeaderValue::from_bytes(b"caf\xe9").expect("obs-text is a valid value"),
        );
        let mut resp = HttpResponse::from_parts(200, map, Bytes::new());
        let pairs: Vec<(&str, &[u8])> = resp.headers().collect();
        assert_eq!(
            pairs,
            [
                ("content-type", &b"application/json"[..]),
                ("set-cookie", b"a=1"),
                ("set-cookie", b"b=2"),
                ("x-trace", b"t-9"),
                ("x-latin1", b"caf\xe9"),
            ]
        );
        assert_eq!(resp.header("Content-Type"), Some("application/json"));
        assert_eq!(resp.header("x-latin1"), None, "not UTF-8");
        assert_eq!(resp.header_bytes("X-Latin1"), Some(&b"caf\xe9"[..]));
        // The same headers built by hand compare equal; adding one converts the map.
        let by_hand = HttpResponse::new(200, Bytes::new())
            .with_header("content-type", "application/json")
            .with_header("set-cookie", "a=1")
            .with_header("set-cookie", "b=2")
            .with_header("x-trace", "t-9");
        resp.remove_header("X-LATIN1");
        assert_eq!(resp, by_hand);
        let resp = resp.with_header("retry-after", "5");
        assert_eq!(resp.header("retry-after"), Some("5"));
        assert_eq!(resp.header("set-cookie"), Some("a=1"));
        assert_eq!(resp.headers().count(), 5);
    }

    #[test]
    fn header_names_static_or_checked() {
        let name = header_name(&HeaderText::from_static("x-pb-version")).expect("valid");
        assert_eq!(name.as_str(), "x-pb-version");
        let name = header_name(&HeaderText::from_static("Authorization")).expect("valid");
        assert_eq!(name, http::header::AUTHORIZATION);
        let name = header_name(&HeaderText::from(String::from("X-PB-UserID"))).expect("valid");
        assert_eq!(name.as_str(), "x-pb-userid");
        // The names mapped to constants are exactly what `http` parses them to.
        for known in [
            "authorization",
            "accept-encoding",
            "user-agent",
            "content-type",
            "accept-language",
        ] {
            let fast = header_name(&HeaderText::from_static(known)).expect("valid");
            assert_eq!(
                fast,
                HeaderName::from_bytes(known.as_bytes()).expect("valid")
            );
            assert_eq!(fast.as_str(), known);
        }
        for bad in ["", "bad name", "x\npb"] {
            assert!(
                header_name(&HeaderText::from_static(bad)).is_err(),
                "{bad:?}"
            );
        }
        // A static name too long for `http` (over 65,535 bytes) is an error, not a panic in
        // `HeaderName::from_static`.
        let long: &'static str = Box::leak(format!("x-{}", "a".repeat(70_000)).into_boxed_str());
        assert!(header_name(&HeaderText::from_static(long)).is_err());
        assert!(header_value(HeaderText::from_static("line\nbreak")).is_err());
        assert_eq!(
            header_value(HeaderText::from_static("1.0")).expect("valid"),
            "1.0"
        );
    }
}

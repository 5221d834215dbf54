//! Establishing connections: DNS, TCP, optional proxy (CONNECT tunnel or forwarding),
//! TLS, all under one connect timeout, with every failure tagged by stage.
//!
//! The hyper-util legacy client only sees a `Service<Uri>`; the stage tags travel inside
//! its error's source chain as [`ConnectFailure`] so `HyperClient::send` can map them to
//! the right [`TransportErrorKind`].

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::proxy::{Proxies, ProxyRoute};
use crate::TransportErrorKind;

type BoxError = Box<dyn StdError + Send + Sync>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A connect-stage failure, tagged with the kind it maps to. Its message never contains
/// header values.
#[derive(Debug)]
pub(super) struct ConnectFailure {
    pub(super) kind: TransportErrorKind,
    pub(super) message: &'static str,
    pub(super) source: Option<BoxError>,
}

impl ConnectFailure {
    fn new(kind: TransportErrorKind, message: &'static str) -> Self {
        ConnectFailure {
            kind,
            message,
            source: None,
        }
    }

    fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl StdError for ConnectFailure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// A TCP connection, possibly to a forwarding proxy (then requests use absolute-form).
#[derive(Debug)]
pub(super) struct TcpConn {
    io: TokioIo<TcpStream>,
    forwarded_by_proxy: bool,
}

impl Connection for TcpConn {
    fn connected(&self) -> Connected {
        Connected::new().proxy(self.forwarded_by_proxy)
    }
}

impl Read for TcpConn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl Write for TcpConn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

/// DNS + TCP (+ proxy). TLS is layered on top by hyper-rustls.
#[derive(Clone, Debug)]
pub(super) struct TcpConnector {
    proxies: Arc<Proxies>,
    connect_timeout: Duration,
}

impl TcpConnector {
    pub(super) fn new(proxies: Arc<Proxies>, connect_timeout: Duration) -> Self {
        TcpConnector {
            proxies,
            connect_timeout,
        }
    }
}

impl tower_service::Service<Uri> for TcpConnector {
    type Response = TcpConn;
    type Error = ConnectFailure;
    type Future = BoxFuture<Result<TcpConn, ConnectFailure>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let route = self.proxies.route(&dst);
        let budget = self.connect_timeout;
        Box::pin(async move {
            let is_https = dst.scheme() == Some(&http::uri::Scheme::HTTPS);
            let (host, port) = host_and_port(&dst)?;
            match route {
                ProxyRoute::Direct => {
                    let io = tcp_connect(&host, port, budget).await?;
                    Ok(TcpConn {
                        io: TokioIo::new(io),
                        forwarded_by_proxy: false,
                    })
                }
                ProxyRoute::Via(proxy) => {
                    let mut io =
                        tcp_connect(&proxy.host, proxy.port, budget)
                            .await
                            .map_err(|mut e| {
                                e.message = match e.kind {
                                    TransportErrorKind::Dns => "could not resolve the proxy host",
                                    _ => "could not connect to the proxy",
                                };
                                e
                            })?;
                    if is_https {
                        tunnel(&mut io, &host, port, proxy.authorization.as_deref()).await?;
                    }
                    Ok(TcpConn {
                        io: TokioIo::new(io),
                        forwarded_by_proxy: !is_https,
                    })
                }
                ProxyRoute::Unsupported => Err(ConnectFailure::new(
                    TransportErrorKind::Connect,
                    "unsupported proxy scheme (only http:// proxies are supported)",
                )),
            }
        })
    }
}

fn host_and_port(dst: &Uri) -> Result<(String, u16), ConnectFailure> {
    let host = dst.host().ok_or_else(|| {
        ConnectFailure::new(TransportErrorKind::InvalidRequest, "url has no host")
    })?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = match dst.port_u16() {
        Some(port) => port,
        None if dst.scheme() == Some(&http::uri::Scheme::HTTPS) => 443,
        None => 80,
    };
    Ok((host, port))
}

/// Resolves `host` and tries each address in turn, each with an equal share of `budget`.
async fn tcp_connect(host: &str, port: u16, budget: Duration) -> Result<TcpStream, ConnectFailure> {
    let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((host, port)).await {
        Ok(addrs) => addrs.collect(),
        Err(e) => {
            return Err(
                ConnectFailure::new(TransportErrorKind::Dns, "could not resolve the host")
                    .with_source(e),
            );
        }
    };
    if addrs.is_empty() {
        return Err(ConnectFailure::new(
            TransportErrorKind::Dns,
            "the host resolved to no address",
        ));
    }
    let share = budget / u32::try_from(addrs.len()).unwrap_or(u32::MAX);
    let share = share.max(Duration::from_millis(500)).min(budget);
    let mut last = None;
    for addr in addrs {
        match tokio::time::timeout(share, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                // Small request/response exchanges: do not wait for Nagle.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Ok(Err(e)) => {
                last = Some(
                    ConnectFailure::new(TransportErrorKind::Connect, "tcp connect failed")
                        .with_source(e),
                );
            }
            Err(_) => {
                last = Some(
                    ConnectFailure::new(TransportErrorKind::Timeout, "tcp connect timed out")
                        .with_source(io::Error::from(io::ErrorKind::TimedOut)),
                );
            }
        }
    }
    Err(last
        .unwrap_or_else(|| ConnectFailure::new(TransportErrorKind::Connect, "tcp connect failed")))
}

/// Largest CONNECT response head we accept from a proxy.
const MAX_PROXY_RESPONSE: usize = 8 * 1024;

/// Opens an HTTP CONNECT tunnel to `host:port` through an already connected proxy.
async fn tunnel(
    io: &mut TcpStream,
    host: &str,
    port: u16,
    authorization: Option<&str>,
) -> Result<(), ConnectFailure> {
    let authority = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = authorization {
        head.push_str("Proxy-Authorization: ");
        head.push_str(auth);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let proxy_io = |e: io::Error| {
        ConnectFailure::new(TransportErrorKind::Connect, "proxy connection failed").with_source(e)
    };
    io.write_all(head.as_bytes()).await.map_err(proxy_io)?;

    let mut buf = Vec::with_capacity(256);
    let mut chunk = [0u8; 512];
    loop {
        let n = io.read(&mut chunk).await.map_err(proxy_io)?;
        if n == 0 {
            return Err(ConnectFailure::new(
                TransportErrorKind::Connect,
                "proxy closed the connection during CONNECT",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find_head_end(&buf) {
            if end != buf.len() {
                return Err(ConnectFailure::new(
                    TransportErrorKind::Connect,
                    "proxy sent data after its CONNECT response",
                ));
            }
            break;
        }
        if buf.len() > MAX_PROXY_RESPONSE {
            return Err(ConnectFailure::new(
                TransportErrorKind::Connect,
                "proxy CONNECT response head too long",
            ));
        }
    }
    match connect_status(&buf) {
        Some(200..=299) => Ok(()),
        Some(407) => Err(ConnectFailure::new(
            TransportErrorKind::Connect,
            "proxy requires authentication (407)",
        )),
        Some(_) => Err(ConnectFailure::new(
            TransportErrorKind::Connect,
            "proxy refused the CONNECT tunnel",
        )),
        None => Err(ConnectFailure::new(
            TransportErrorKind::Connect,
            "proxy sent a malformed CONNECT response",
        )),
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// Status code of an `HTTP/1.x NNN reason` line.
fn connect_status(head: &[u8]) -> Option<u16> {
    let line_end = head.iter().position(|&b| b == b'\r')?;
    let line = std::str::from_utf8(&head[..line_end]).ok()?;
    let mut parts = line.split(' ');
    let version = parts.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

/// TLS over [`TcpConnector`], all under the connect timeout. Anything that fails after TCP
/// (and the proxy tunnel) succeeded is a TLS failure.
///
/// The pooled client clones its connector for every request, even one served by an idle
/// pooled connection, so the clone is a single reference count; the parts are only cloned
/// when a connection is really opened.
#[derive(Clone, Debug)]
pub(super) struct Connector {
    shared: Arc<ConnectorParts>,
}

#[derive(Debug)]
struct ConnectorParts {
    https: HttpsConnector<TcpConnector>,
    connect_timeout: Duration,
}

impl Connector {
    pub(super) fn new(inner: HttpsConnector<TcpConnector>, connect_timeout: Duration) -> Self {
        Connector {
            shared: Arc::new(ConnectorParts {
                https: inner,
                connect_timeout,
            }),
        }
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = MaybeHttpsStream<TcpConn>;
    type Error = ConnectFailure;
    type Future = BoxFuture<Result<Self::Response, ConnectFailure>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Both layers (hyper-rustls over `TcpConnector`) are always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let mut https = self.shared.https.clone();
        let connecting = https.call(dst);
        let budget = self.shared.connect_timeout;
        Box::pin(async move {
            match tokio::time::timeout(budget, connecting).await {
                Ok(result) => result.map_err(classify_connect_error),
                Err(_) => Err(ConnectFailure::new(
                    TransportErrorKind::Timeout,
                    "connect timed out",
                )
                .with_source(io::Error::from(io::ErrorKind::TimedOut))),
            }
        })
    }
}

/// Errors from the TCP stage carry their own tag; everything else came from TLS.
fn classify_connect_error(err: BoxError) -> ConnectFailure {
    match err.downcast::<ConnectFailure>() {
        Ok(tagged) => *tagged,
        Err(other) => {
            ConnectFailure::new(TransportErrorKind::Tls, "tls handshake failed").with_source(other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_connect_status_lines() {
        assert_eq!(
            connect_status(b"HTTP/1.1 200 Connection established\r\n\r\n"),
            Some(200)
        );
        assert_eq!(
            connect_status(b"HTTP/1.0 407 Proxy Auth\r\n\r\n"),
            Some(407)
        );
        assert_eq!(connect_status(b"SSH-2.0-OpenSSH\r\n\r\n"), None);
        assert_eq!(connect_status(b"HTTP/1.1 2000 x\r\n\r\n"), None);
        assert_eq!(connect_status(b"no line end"), None);
    }

    #[test]
    fn finds_head_end() {
        assert_eq!(find_head_end(b"HTTP/1.1 200 OK\r\n\r\n"), Some(19));
        assert_eq!(find_head_end(b"HTTP/1.1 200 OK\r\n"), None);
    }

    #[test]
    fn default_ports_follow_scheme() {
        let https: Uri = "https://example.com/x".parse().expect("uri");
        let http: Uri = "http://example.com/x".parse().expect("uri");
        let v6: Uri = "http://[::1]:8080/".parse().expect("uri");
        assert_eq!(
            host_and_port(&https).expect("hp"),
            ("example.com".into(), 443)
        );
        assert_eq!(
            host_and_port(&http).expect("hp"),
            ("example.com".into(), 80)
        );
        assert_eq!(host_and_port(&v6).expect("hp"), ("::1".into(), 8080));
    }
}

//! `HyperClient` against tiny local servers on 127.0.0.1: error classification, timeouts,
//! decoding, connection reuse, TLS with an extra root, HTTP/2 via ALPN and proxies.
#![cfg(feature = "hyper-client")]
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use popbill_transport::hyper_client::HyperClient;
use popbill_transport::{HttpClient, HttpRequest, Method, TransportErrorKind};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CA_PEM: &[u8] = include_bytes!("fixtures/test-ca.pem");
const SERVER_CERT_PEM: &[u8] = include_bytes!("fixtures/test-server.pem");
const SERVER_KEY_PEM: &[u8] = include_bytes!("fixtures/test-server.key");

/// A received request: the head (request line + headers) and the body.
#[derive(Clone, Debug)]
struct Received {
    head: String,
    body: Vec<u8>,
}

impl Received {
    fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// Reads one HTTP/1.1 request; `None` when the peer closed the connection first.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut received = Received {
        head,
        body: buf[head_end..].to_vec(),
    };
    let len: usize = received
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while received.body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        received.body.extend_from_slice(&chunk[..n]);
    }
    Some(received)
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A server counting accepted connections; `handle` runs once per connection.
struct Server {
    addr: SocketAddr,
    accepts: Arc<AtomicUsize>,
}

async fn serve<F, Fut>(handle: F) -> Server
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    serve_on("127.0.0.1:0", handle).await
}

async fn serve_on<F, Fut>(bind: &str, handle: F) -> Server
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind(bind).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepts);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handle(stream));
        }
    });
    Server { addr, accepts }
}

/// Answers every request on a connection with `reply`, keeping the connection open.
async fn keep_alive_server(reply: Vec<u8>) -> (Server, Arc<Mutex<Vec<Received>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = serve(move |mut stream| {
        let reply = reply.clone();
        let log = Arc::clone(&log);
        async move {
            while let Some(req) = read_request(&mut stream).await {
                log.lock().unwrap().push(req);
                if stream.write_all(&reply).await.is_err() {
                    break;
                }
            }
        }
    })
    .await;
    (server, seen)
}

fn client() -> HyperClient {
    HyperClient::builder().no_proxy().build().unwrap()
}

fn get(addr: SocketAddr, path: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, format!("http://{addr}{path}"))
        .with_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn connection_refused_is_connect_and_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = client().send(get(addr, "/")).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err:?}");
    assert!(err.is_connect());
    assert!(!err.request_may_have_been_sent());
}

#[tokio::test]
async fn unresolvable_host_is_dns_and_not_sent() {
    let req = HttpRequest::new(Method::Get, "http://popbill-transport-test.invalid/")
        .with_timeout(Duration::from_secs(20));
    let err = client().send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Dns, "{err:?}");
    assert!(err.is_dns() && err.is_connect());
    assert!(!err.request_may_have_been_sent());
}

#[tokio::test]
async fn connection_dropped_after_request_is_io_and_maybe_sent() {
    let server = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        drop(stream);
    })
    .await;
    let req = HttpRequest::new(Method::Post, format!("http://{}/Taxinvoice", server.addr))
        .with_body("{}")
        .with_timeout(Duration::from_secs(5));
    let err = client().send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err:?}");
    assert!(err.request_may_have_been_sent());
    assert_eq!(
        server.accepts.load(Ordering::SeqCst),
        1,
        "the client must not retry"
    );
}

#[tokio::test]
async fn slow_answer_hits_the_per_attempt_timeout() {
    let server = slow_server().await;
    let started = std::time::Instant::now();
    let req = get(server.addr, "/slow").with_timeout(Duration::from_millis(200));
    let err = client().send(req).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.request_may_have_been_sent());
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// An attempt that outlasts the connect budget is not watched for its connection: when it
/// times out, a connection must have been obtained, so it counts as possibly sent.
#[tokio::test]
async fn slow_answer_after_the_connect_budget_is_a_timeout_that_may_have_been_sent() {
    let server = slow_server().await;
    let client = HyperClient::builder()
        .no_proxy()
        .connect_timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let req = get(server.addr, "/slow").with_timeout(Duration::from_millis(1_200));
    let err = client.send(req).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.request_may_have_been_sent());
}

#[tokio::test]
async fn client_default_timeout_applies_when_the_request_has_none() {
    let server = slow_server().await;
    let client = HyperClient::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let req = HttpRequest::new(Method::Get, format!("http://{}/", server.addr));
    let err = client.send(req).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

/// Reads the request, then answers nothing for 10 s.
async fn slow_server() -> Server {
    serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(stream);
    })
    .await
}

/// Accepts TCP but never answers the TLS ClientHello.
async fn silent_server() -> Server {
    serve(|stream| async move {
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(stream);
    })
    .await
}

#[tokio::test]
async fn attempt_timeout_during_handshake_is_not_sent() {
    let server = silent_server().await;
    let req = HttpRequest::new(
        Method::Post,
        format!("https://127.0.0.1:{}/", server.addr.port()),
    )
    .with_timeout(Duration::from_millis(200));
    let err = client().send(req).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        !err.request_may_have_been_sent(),
        "no connection was established"
    );
}

/// `Duration::MAX` as a connect timeout means "no limit": the client must not overflow when it
/// compares the attempt timeout with the connect budget plus its margin.
#[tokio::test]
async fn huge_connect_timeout_does_not_overflow() {
    let (server, _) = keep_alive_server(response("200 OK", &[], b"ok")).await;
    let client = HyperClient::builder()
        .no_proxy()
        .connect_timeout(Duration::MAX)
        .build()
        .unwrap();
    let resp = client.send(get(server.addr, "/")).await.unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(&resp.body[..], b"ok");
}

#[tokio::test]
async fn connect_timeout_is_a_timeout_that_was_not_sent() {
    let server = silent_server().await;
    let client = HyperClient::builder()
        .no_proxy()
        .connect_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let req = HttpRequest::new(
        Method::Post,
        format!("https://127.0.0.1:{}/", server.addr.port()),
    )
    .with_timeout(Duration::from_secs(5));
    let started = std::time::Instant::now();
    let err = client.send(req).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(!err.request_may_have_been_sent());
    assert!(started.elapsed() < Duration::from_secs(4));
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[tokio::test]
async fn gzip_response_is_decoded() {
    let json = br#"{"code":1,"message":"\xec\x84\xb1\xea\xb3\xb5"}"#;
    let reply = response(
        "200 OK",
        &[
            ("content-type", "application/json;charset=utf-8"),
            ("Content-Encoding", "gzip"),
        ],
        &gzip(json),
    );
    let (server, _) = keep_alive_server(reply).await;
    let resp = client().send(get(server.addr, "/")).await.unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(&resp.body[..], &json[..]);
    assert_eq!(resp.header("content-encoding"), None);
    assert_eq!(
        resp.header("Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert!(resp.headers().all(|(n, _)| n == n.to_ascii_lowercase()));
}

#[tokio::test]
async fn broken_gzip_is_a_body_error() {
    let reply = response(
        "200 OK",
        &[("content-encoding", "gzip")],
        b"\x1f\x8b\x08\x00garbage!",
    );
    let (server, _) = keep_alive_server(reply).await;
    let err = client().send(get(server.addr, "/")).await.unwrap_err();
    assert!(err.is_body(), "{err:?}");
}

#[tokio::test]
async fn oversized_body_is_a_body_error() {
    let reply = response("200 OK", &[], &[b'x'; 2000]);
    let (server, _) = keep_alive_server(reply).await;
    let small = HyperClient::builder()
        .no_proxy()
        .max_response_body(1000)
        .build()
        .unwrap();
    let err = small.send(get(server.addr, "/")).await.unwrap_err();
    assert!(err.is_body(), "{err:?}");
    let ok = client().send(get(server.addr, "/")).await.unwrap();
    assert_eq!(ok.body.len(), 2000);
}

/// Answers once with a chunked body whose chunks arrive separately (several body frames).
async fn chunked_server(chunks: &'static [&'static [u8]]) -> Server {
    serve(move |mut stream| async move {
        while read_request(&mut stream).await.is_some() {
            let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head).await.is_err() {
                return;
            }
            for chunk in chunks {
                let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
                if stream.write_all(&framed).await.is_err() {
                    return;
                }
                stream.flush().await.ok();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            if stream.write_all(b"0\r\n\r\n").await.is_err() {
                return;
            }
        }
    })
    .await
}

#[tokio::test]
async fn body_in_several_frames_is_joined_and_limited() {
    const CHUNKS: &[&[u8]] = &[b"{\"a\":", b"\"first\",", b"\"b\":\"second\"}"];
    let whole: Vec<u8> = CHUNKS.concat();
    let server = chunked_server(CHUNKS).await;
    let exact = HyperClient::builder()
        .no_proxy()
        .max_response_body(whole.len())
        .build()
        .unwrap();
    let resp = exact.send(get(server.addr, "/")).await.unwrap();
    assert_eq!(&resp.body[..], &whole[..]);
    // One byte less: the last frame passes the limit.
    let short = HyperClient::builder()
        .no_proxy()
        .max_response_body(whole.len() - 1)
        .build()
        .unwrap();
    let err = short.send(get(server.addr, "/")).await.unwrap_err();
    assert!(err.is_body(), "{err:?}");
    assert!(err.to_string().contains("limit"), "{err}");
}

#[tokio::test]
async fn html_error_page_is_a_normal_response() {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let reply = response("502 Bad Gateway", &[("content-type", "text/html")], html);
    let (server, _) = keep_alive_server(reply).await;
    let resp = client().send(get(server.addr, "/")).await.unwrap();
    assert_eq!(resp.status, 502);
    assert_eq!(&resp.body[..], &html[..]);
    assert_eq!(resp.header("content-type"), Some("text/html"));
}

#[tokio::test]
async fn request_is_sent_as_given() {
    let (server, seen) = keep_alive_server(response("200 OK", &[], b"")).await;
    let body = r#"{"invoicerCorpNum":"1234567890","memo":"한글"}"#;
    let req = HttpRequest::new(
        Method::Post,
        format!("http://{}/Taxinvoice/SELL?MgtKey=K%201&x=y", server.addr),
    )
    .with_sensitive_header("Authorization", "Bearer token")
    .with_header("x-pb-version", "1.0")
    .with_header("X-HTTP-Method-Override", "ISSUE")
    .with_header("Content-Type", "application/json; charset=utf8")
    .with_body(body)
    .with_timeout(Duration::from_secs(5));
    client().send(req).await.unwrap();
    client()
        .send(get(server.addr, "/Join?CorpNum=1"))
        .await
        .unwrap();

    let seen = seen.lock().unwrap().clone();
    let post = &seen[0];
    assert_eq!(
        post.request_line(),
        "POST /Taxinvoice/SELL?MgtKey=K%201&x=y HTTP/1.1"
    );
    assert_eq!(
        post.header("authorization").as_deref(),
        Some("Bearer token")
    );
    assert_eq!(post.header("x-pb-version").as_deref(), Some("1.0"));
    assert_eq!(
        post.header("x-http-method-override").as_deref(),
        Some("ISSUE")
    );
    assert_eq!(post.header("host"), Some(server.addr.to_string()));
    assert_eq!(post.header("content-length"), Some(body.len().to_string()));
    assert_eq!(post.body, body.as_bytes());
    assert_eq!(
        post.header("accept-encoding"),
        None,
        "the client adds no Accept-Encoding"
    );

    let get = &seen[1];
    assert_eq!(get.request_line(), "GET /Join?CorpNum=1 HTTP/1.1");
    assert_eq!(get.header("content-length"), None);
    assert!(get.body.is_empty());
}

#[tokio::test]
async fn sequential_requests_reuse_one_connection() {
    let (server, seen) = keep_alive_server(response("200 OK", &[], b"ok")).await;
    let client = client();
    let clone = client.clone();
    client.send(get(server.addr, "/1")).await.unwrap();
    clone.send(get(server.addr, "/2")).await.unwrap();
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert_eq!(
        server.accepts.load(Ordering::SeqCst),
        1,
        "clones share one pool"
    );

    // Control: without pooling every request opens a connection.
    let (server, _) = keep_alive_server(response("200 OK", &[], b"ok")).await;
    let no_pool = HyperClient::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    no_pool.send(get(server.addr, "/1")).await.unwrap();
    no_pool.send(get(server.addr, "/2")).await.unwrap();
    assert_eq!(server.accepts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn stale_pooled_connection_is_replaced_transparently() {
    // The server answers once per connection and then closes it without saying so
    // (no `Connection: close`), like a load balancer dropping an idle keep-alive.
    let server = serve(|mut stream| async move {
        if read_request(&mut stream).await.is_some() {
            let _ = stream.write_all(&response("200 OK", &[], b"once")).await;
        }
        drop(stream);
    })
    .await;
    let client = client();
    client.send(get(server.addr, "/1")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let resp = client.send(get(server.addr, "/2")).await.unwrap();
    assert_eq!(&resp.body[..], b"once");
    assert_eq!(server.accepts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn https_is_never_downgraded_to_plain_http() {
    // A plain-HTTP server: it records the first bytes it gets and answers in clear text.
    let first_bytes = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&first_bytes);
    let server = serve(move |mut stream| {
        let log = Arc::clone(&log);
        async move {
            let mut buf = [0u8; 512];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            log.lock().unwrap().push(buf[..n].to_vec());
            let _ = stream
                .write_all(&response("400 Bad Request", &[], b"plain"))
                .await;
        }
    })
    .await;
    let req = HttpRequest::new(
        Method::Get,
        format!("https://127.0.0.1:{}/", server.addr.port()),
    )
    .with_timeout(Duration::from_secs(5));
    let err = client().send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err:?}");
    assert!(!err.request_may_have_been_sent());
    let first = first_bytes.lock().unwrap().clone();
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].first(),
        Some(&0x16),
        "expected a TLS handshake record, not plain HTTP"
    );
}

#[tokio::test]
async fn idle_connections_are_dropped_after_the_idle_timeout() {
    let (server, _) = keep_alive_server(response("200 OK", &[], b"ok")).await;
    let client = HyperClient::builder()
        .no_proxy()
        .pool_idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    client.send(get(server.addr, "/1")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    client.send(get(server.addr, "/2")).await.unwrap();
    assert_eq!(server.accepts.load(Ordering::SeqCst), 2);
}

fn tls_acceptor(alpn: &[&[u8]]) -> tokio_rustls::TlsAcceptor {
    let certs: Vec<_> = rustls_pemfile::certs(&mut &SERVER_CERT_PEM[..])
        .collect::<Result<_, _>>()
        .unwrap();
    let key = rustls_pemfile::private_key(&mut &SERVER_KEY_PEM[..])
        .unwrap()
        .unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// HTTP/1.1 over TLS, one fixed answer per request.
async fn tls_server(reply: Vec<u8>) -> Server {
    tls_server_on("127.0.0.1:0", reply).await
}

async fn tls_server_on(bind: &str, reply: Vec<u8>) -> Server {
    let acceptor = tls_acceptor(&[b"http/1.1"]);
    serve_on(bind, move |stream| {
        let acceptor = acceptor.clone();
        let reply = reply.clone();
        async move {
            let Ok(mut tls) = acceptor.accept(stream).await else {
                return;
            };
            while read_request(&mut tls).await.is_some() {
                if tls.write_all(&reply).await.is_err() {
                    break;
                }
            }
        }
    })
    .await
}

fn tls_client() -> HyperClient {
    HyperClient::builder()
        .no_proxy()
        .webpki_roots(false)
        .extra_root_pem(CA_PEM)
        .build()
        .unwrap()
}

#[tokio::test]
async fn tls_server_trusted_through_extra_root_pem() {
    let server = tls_server(response("200 OK", &[], b"secure")).await;
    let req = HttpRequest::new(
        Method::Get,
        format!("https://localhost:{}/", server.addr.port()),
    )
    .with_timeout(Duration::from_secs(5));
    let resp = tls_client().send(req).await.unwrap();
    assert_eq!((resp.status, &resp.body[..]), (200, &b"secure"[..]));

    // Without the extra root the handshake fails: a TLS error, nothing sent.
    let req = HttpRequest::new(
        Method::Get,
        format!("https://localhost:{}/", server.addr.port()),
    )
    .with_timeout(Duration::from_secs(5));
    let err = client().send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err:?}");
    assert!(err.is_tls() && !err.request_may_have_been_sent());
}

#[tokio::test]
async fn tls_host_name_is_verified() {
    // Listen on every address so 127.0.0.2 (loopback on Linux) reaches the server; the
    // certificate names localhost and 127.0.0.1 only.
    let server = tls_server_on("0.0.0.0:0", response("200 OK", &[], b"")).await;
    let port = server.addr.port();
    let ok = HttpRequest::new(Method::Get, format!("https://127.0.0.1:{port}/"))
        .with_timeout(Duration::from_secs(5));
    assert_eq!(tls_client().send(ok).await.unwrap().status, 200);
    let req = HttpRequest::new(Method::Get, format!("https://127.0.0.2:{port}/"))
        .with_timeout(Duration::from_secs(5));
    let err = tls_client().send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err:?}");
    assert!(!err.request_may_have_been_sent());
}

#[tokio::test]
async fn http2_is_negotiated_through_alpn() {
    use http_body_util::Full;
    use hyper::service::service_fn;
    use hyper_util::rt::{TokioExecutor, TokioIo};

    let acceptor = tls_acceptor(&[b"h2", b"http/1.1"]);
    let server = serve(move |stream| {
        let acceptor = acceptor.clone();
        async move {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            let service = service_fn(|req: hyper::Request<hyper::body::Incoming>| async move {
                let version = format!("{:?}", req.version());
                Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(
                    bytes::Bytes::from(version),
                )))
            });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(tls), service)
                .await;
        }
    })
    .await;
    let url = format!("https://localhost:{}/h2", server.addr.port());
    let client = tls_client();
    for _ in 0..2 {
        let req = HttpRequest::new(Method::Get, url.clone()).with_timeout(Duration::from_secs(5));
        let resp = client.send(req).await.unwrap();
        assert_eq!(&resp.body[..], b"HTTP/2.0");
    }
    assert_eq!(server.accepts.load(Ordering::SeqCst), 1);

    let h1_only = HyperClient::builder()
        .no_proxy()
        .webpki_roots(false)
        .extra_root_pem(CA_PEM)
        .http2(false)
        .build()
        .unwrap();
    let req = HttpRequest::new(Method::Get, url).with_timeout(Duration::from_secs(5));
    let resp = h1_only.send(req).await.unwrap();
    assert_eq!(&resp.body[..], b"HTTP/1.1");
}

/// A CONNECT proxy recording each request head; `status` is its answer to CONNECT.
async fn connect_proxy(status: &'static str) -> (Server, Arc<Mutex<Vec<Received>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = serve(move |mut stream| {
        let log = Arc::clone(&log);
        async move {
            let Some(req) = read_request(&mut stream).await else {
                return;
            };
            log.lock().unwrap().push(req.clone());
            let line = req.request_line().to_owned();
            if let Some(target) = line.strip_prefix("CONNECT ") {
                let target = target.trim_end_matches(" HTTP/1.1").to_owned();
                if status != "200" {
                    let _ = stream.write_all(&response(status, &[], b"")).await;
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(target).await else {
                    return;
                };
                let _ = stream
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            } else {
                // Forwarding proxy for plain http: answer directly.
                let _ = stream
                    .write_all(&response("200 OK", &[], b"via proxy"))
                    .await;
            }
        }
    })
    .await;
    (server, seen)
}

#[tokio::test]
async fn https_goes_through_a_connect_proxy_with_credentials() {
    let target = tls_server(response("200 OK", &[], b"tunnelled")).await;
    let (proxy, seen) = connect_proxy("200").await;
    let client = HyperClient::builder()
        .webpki_roots(false)
        .extra_root_pem(CA_PEM)
        .proxy(format!("http://user:pass@{}", proxy.addr))
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/Taxinvoice", target.addr.port());
    let resp = client
        .send(HttpRequest::new(Method::Get, url).with_timeout(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(&resp.body[..], b"tunnelled");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line(),
        format!("CONNECT localhost:{} HTTP/1.1", target.addr.port())
    );
    // base64("user:pass")
    assert_eq!(
        seen[0].header("proxy-authorization").as_deref(),
        Some("Basic dXNlcjpwYXNz")
    );
}

#[tokio::test]
async fn proxy_refusing_the_tunnel_is_a_connect_error() {
    let (proxy, _) = connect_proxy("407 Proxy Authentication Required").await;
    let client = HyperClient::builder()
        .proxy(format!("http://{}", proxy.addr))
        .build()
        .unwrap();
    let req =
        HttpRequest::new(Method::Post, "https://localhost:1/").with_timeout(Duration::from_secs(5));
    let err = client.send(req).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err:?}");
    assert!(!err.request_may_have_been_sent());
    assert!(err.to_string().contains("407"), "{err}");
}

#[tokio::test]
async fn plain_http_is_forwarded_in_absolute_form_and_bypass_list_works() {
    let (proxy, seen) = connect_proxy("200").await;
    let (direct, _) = keep_alive_server(response("200 OK", &[], b"direct")).await;
    let client = HyperClient::builder()
        .proxy_bypass("localhost")
        .proxy(format!("http://u:p@{}", proxy.addr))
        .build()
        .unwrap();
    let url = format!("http://127.0.0.1:{}/Join?CorpNum=1", direct.addr.port());
    let resp = client
        .send(HttpRequest::new(Method::Get, url.clone()).with_timeout(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(&resp.body[..], b"via proxy");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].request_line(), format!("GET {url} HTTP/1.1"));
    assert_eq!(
        seen[0].header("proxy-authorization").as_deref(),
        Some("Basic dTpw")
    );

    // `localhost` is in the bypass list: straight to the server.
    let url = format!("http://localhost:{}/", direct.addr.port());
    let resp = client
        .send(HttpRequest::new(Method::Get, url).with_timeout(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(&resp.body[..], b"direct");
}

/// Collects every tracing event as `name=value` text.
#[derive(Clone, Default)]
struct EventLog(Arc<Mutex<Vec<String>>>);

struct FieldText<'a>(&'a mut String);

impl tracing::field::Visit for FieldText<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for EventLog {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = String::new();
        event.record(&mut FieldText(&mut text));
        self.0.lock().unwrap().push(text);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn one_debug_event_per_request_without_query_or_header_values() {
    let log = EventLog::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(log.clone(), || {
        // Other tests in this binary may have registered the callsite while no subscriber
        // was set; recompute every callsite's interest now that ours is in scope.
        tracing::callsite::rebuild_interest_cache();
        runtime.block_on(async {
            let (server, _) = keep_alive_server(response("201 Created", &[], b"{}")).await;
            let req = HttpRequest::new(
                Method::Post,
                format!("http://{}/Taxinvoice/SELL?MgtKey=query-secret", server.addr),
            )
            .with_sensitive_header("Authorization", "Bearer header-secret")
            .with_header("x-pb-userid", "header-value-secret")
            .with_body("body-secret")
            .with_timeout(Duration::from_secs(5));
            client().send(req).await.unwrap();
        });
    });
    let events = log.0.lock().unwrap().clone();
    let ours: Vec<&String> = events
        .iter()
        .filter(|e| e.contains("http exchange"))
        .collect();
    assert_eq!(ours.len(), 1, "{events:#?}");
    let event = ours[0];
    assert!(event.contains("method=\"POST\""), "{event}");
    assert!(event.contains("host=\"127.0.0.1\""), "{event}");
    assert!(event.contains("path=\"/Taxinvoice/SELL\""), "{event}");
    assert!(event.contains("status=201"), "{event}");
    assert!(event.contains("elapsed_ms="), "{event}");
    for e in &events {
        assert!(!e.contains("secret"), "leaked into a log event: {e}");
    }
}

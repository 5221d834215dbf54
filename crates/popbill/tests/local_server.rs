//! The client over real HTTP with the default hyper client, against a tiny server on
//! 127.0.0.1:0: connection refused (retried), reset after the request was sent (not retried
//! for a POST, retried for a GET), slow answer (attempt timeout), gzip answer, HTML 502 page.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{KEY, corp};
use popbill::model::member::JoinForm;
use popbill::transport::hyper_client::HyperClient;
use popbill::{
    Config, ConfigBuilder, Error, HttpClient, HttpRequest, HttpResponse, Popbill, RetryPolicy,
    TimeoutKind, TransportError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
enum Action {
    Respond(Vec<u8>),
    /// Close the connection without answering (after reading the whole request).
    Drop,
    /// Wait, then answer.
    Delay(Duration, Vec<u8>),
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn ok_json(body: &str) -> Vec<u8> {
    response(
        "200 OK",
        &[("Content-Type", "application/json; charset=utf-8")],
        body.as_bytes(),
    )
}

struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Request heads received (request line + headers), in order.
    fn heads(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
    fn count(&self, path_prefix: &str) -> usize {
        self.heads()
            .iter()
            .filter(|h| {
                h.split(' ')
                    .nth(1)
                    .is_some_and(|p| p.starts_with(path_prefix))
            })
            .count()
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
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
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(head)
}

async fn serve<F>(handler: F) -> Server
where
    F: Fn(&str) -> Action + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let handler = Arc::new(handler);
    let log = Arc::clone(&requests);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let handler = Arc::clone(&handler);
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                while let Some(head) = read_request(&mut stream).await {
                    log.lock().unwrap().push(head.clone());
                    match handler(&head) {
                        Action::Respond(bytes) => {
                            if stream.write_all(&bytes).await.is_err() {
                                return;
                            }
                        }
                        Action::Drop => return,
                        Action::Delay(d, bytes) => {
                            tokio::time::sleep(d).await;
                            let _ = stream.write_all(&bytes).await;
                        }
                    }
                }
            });
        }
    });
    Server { addr, requests }
}

/// Counts attempts that reach the transport (the server cannot see refused connections).
#[derive(Debug, Clone)]
struct Counting {
    inner: HyperClient,
    calls: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl HttpClient for Counting {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.send(req).await
    }
}

fn builder(base: &str) -> ConfigBuilder {
    Config::builder("TESTER", KEY)
        .test(true)
        .auth_url(base)
        .api_url(base)
        .connect_timeout(Duration::from_secs(2))
        .attempt_timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
}

fn join_form() -> JoinForm {
    JoinForm::default()
        .set_id("newuser01")
        .set_password("asdf1234!@")
        .set_corp_num("0000000001")
        .set_ceo_name("대표자")
        .set_corp_name("상호")
        .set_addr("주소")
        .set_biz_type("업태")
        .set_biz_class("종목")
        .set_contact_name("담당자")
        .set_contact_email("a@test.com")
        .set_contact_tel("070-0000-0000")
}

#[tokio::test]
async fn connection_refused_is_retried() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let calls = Arc::new(AtomicUsize::new(0));
    let http = Counting {
        inner: HyperClient::builder()
            .connect_timeout(Duration::from_secs(2))
            .build()
            .unwrap(),
        calls: Arc::clone(&calls),
    };
    let client = Popbill::new(builder(&base).http_client(http).build().unwrap());
    // Even a non-idempotent POST: nothing reached the server.
    let err = client.member().join_member(&join_form()).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.is_connect(), "{t:?}");
    assert!(!err.request_may_have_been_sent());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn reset_after_sending_is_retried_only_for_idempotent_calls() {
    let server = serve(|_| Action::Drop).await;
    let client = Popbill::new(builder(&server.url()).build().unwrap());

    let err = client.member().join_member(&join_form()).await.unwrap_err();
    assert!(err.request_may_have_been_sent(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.count("/Join"), 1, "POST /Join must not be repeated");

    let err = client.member().check_is_member(&corp()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        server.count("/Join?"),
        3,
        "GET /Join retried up to 3 attempts"
    );
}

#[tokio::test]
async fn slow_answer_hits_the_attempt_timeout() {
    let server = serve(|_| {
        Action::Delay(
            Duration::from_secs(3),
            ok_json(r#"{"code":1,"message":"late"}"#),
        )
    })
    .await;
    let client = Popbill::new(
        builder(&server.url())
            .attempt_timeout(Duration::from_millis(200))
            .build()
            .unwrap(),
    );
    let started = std::time::Instant::now();
    let err = client
        .member()
        .check_is_member(&corp())
        .no_retry()
        .await
        .unwrap_err();
    let is_attempt_timeout = matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Attempt)
        || matches!(&err, Error::Transport(t) if t.is_timeout());
    assert!(is_attempt_timeout, "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.count("/Join?"), 1);
}

#[tokio::test]
async fn gzip_answers_are_decoded_and_tokens_work_over_http() {
    let server = serve(|head| {
        let path = head.split(' ').nth(1).unwrap_or("");
        if path == "/POPBILL_TEST/Token" {
            return Action::Respond(ok_json(
                r#"{"session_token":"tok-http","expiration":"2099-01-01T00:00:00.000Z"}"#,
            ));
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(r#"{"ceoname":"대표자","corpName":"상호","addr":"주소"}"#.as_bytes())
            .unwrap();
        let body = gz.finish().unwrap();
        Action::Respond(response(
            "200 OK",
            &[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Encoding", "gzip"),
            ],
            &body,
        ))
    })
    .await;
    // No HTTP client configured: the default hyper client is built on first use.
    let client = Popbill::new(builder(&server.url()).build().unwrap());
    let info = client
        .member()
        .get_corp_info(&corp())
        .user_id("testkorea")
        .await
        .unwrap();
    assert_eq!(info.ceo_name.as_deref(), Some("대표자"));
    assert_eq!(info.corp_name.as_deref(), Some("상호"));
    let heads = server.heads();
    assert_eq!(heads.len(), 2);
    let api = heads[1].to_ascii_lowercase();
    assert!(api.starts_with("get /corpinfo http/1.1"), "{api}");
    assert!(api.contains("accept-encoding: gzip"), "{api}");
    assert!(api.contains("authorization: bearer tok-http"), "{api}");
    assert!(api.contains("x-pb-userid: testkorea"), "{api}");
}

#[tokio::test]
async fn html_error_page_keeps_status_and_snippet() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>";
    let server = serve(move |_| {
        Action::Respond(response(
            "502 Bad Gateway",
            &[("Content-Type", "text/html")],
            page.as_bytes(),
        ))
    })
    .await;
    let client = Popbill::new(builder(&server.url()).build().unwrap());
    let err = client.member().check_is_member(&corp()).await.unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.status(), 502);
    assert!(
        d.snippet()
            .starts_with("<html> <head><title>502 Bad Gateway"),
        "{}",
        d.snippet()
    );
    assert!(err.to_string().contains("HTTP 502"), "{err}");
    assert_eq!(server.count("/Join?"), 3, "a GET is retried on 502");

    client.member().join_member(&join_form()).await.unwrap_err();
    assert_eq!(server.count("/Join"), 4, "a POST is not");
}

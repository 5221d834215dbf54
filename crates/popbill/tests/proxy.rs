//! The default HTTP client honours the proxy set on the configuration, and the proxy URL's
//! credentials are never printed.
#![allow(clippy::unwrap_used)]

use popbill::model::CorpNum;
use popbill::{Config, Popbill};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// A one-shot forward proxy: records the request head, answers a POPBiLL-shaped 200.
async fn one_shot_proxy() -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let body = r#"{"code":1,"message":"member"}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        sock.write_all(answer.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&head).into_owned()
    });
    (format!("http://user:hunter2@{addr}"), task)
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy() {
    let (proxy_url, proxy) = one_shot_proxy().await;
    // The API host does not resolve: only the proxy can answer.
    let config = Config::builder("TESTER", KEY)
        .test(true)
        .auth_url("http://auth.popbill-rs.invalid")
        .api_url("http://api.popbill-rs.invalid")
        .proxy(proxy_url)
        .build()
        .unwrap();
    let client = Popbill::new(config);
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    let answer = client.member().check_is_member(&corp).await.unwrap();
    assert_eq!(answer.code, 1);
    let head = proxy.await.unwrap();
    let request_line = head.lines().next().unwrap_or_default();
    assert!(
        request_line.starts_with("GET http://api.popbill-rs.invalid/Join?CorpNum=1234567890"),
        "{request_line}"
    );
    // Basic credentials from the URL are sent to the proxy.
    assert!(
        head.to_ascii_lowercase()
            .contains("proxy-authorization: basic "),
        "{head}"
    );
}

#[tokio::test]
async fn without_a_proxy_the_unresolvable_host_fails_before_sending() {
    let config = Config::builder("TESTER", KEY)
        .test(true)
        .auth_url("http://auth.popbill-rs.invalid")
        .api_url("http://api.popbill-rs.invalid")
        .no_proxy()
        .retry_policy(popbill::RetryPolicy::disabled())
        .build()
        .unwrap();
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    let err = Popbill::new(config)
        .member()
        .check_is_member(&corp)
        .await
        .unwrap_err();
    assert!(!err.request_may_have_been_sent(), "{err:?}");
}

#[test]
fn proxy_credentials_are_never_printed() {
    let config = Config::builder("TESTER", KEY)
        .test(true)
        .proxy("http://user:hunter2@proxy.example:3128")
        .proxy_bypass("localhost")
        .build()
        .unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("proxy.example:3128"), "{debug}");
    let client = Popbill::new(config);
    assert!(!format!("{client:?}").contains("hunter2"));
}

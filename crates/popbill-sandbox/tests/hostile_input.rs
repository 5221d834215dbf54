//! Work an unauthenticated client can make the sandbox do is bounded by what it has already
//! bounded (the request head): a route that needs a session token refuses before reading the
//! body, token-free routes take small bodies only, and a multipart boundary longer than RFC
//! 2046's 70 characters is refused without parsing the body.
#![allow(clippy::unwrap_used)]

mod support;

use popbill_sandbox::{Sandbox, SandboxHandle};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn sandbox() -> SandboxHandle {
    Sandbox::builder().start().await.unwrap()
}

/// Sends only a request head announcing `content_length` bytes of body, sends no body, and
/// reads the answer: a server that waited for the body would never answer (the helper gives up
/// after 20 s and the test fails).
async fn head_only(sb: &SandboxHandle, head: &str) -> Resp {
    let mut s = TcpStream::connect(sb.addr()).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = Vec::new();
    let read = async {
        loop {
            let n = s.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            // One complete answer is enough (the server may keep the connection open).
            if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                if got.len() >= end + 4 + len {
                    break;
                }
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .expect("the server answered without waiting for the body");
    let mut bytes = got;
    // Re-parse with the shared helper's rules via a raw copy.
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = bytes.split_off(end + 4);
    Resp {
        status,
        headers: head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect(),
        body,
    }
}

#[tokio::test]
async fn unauthenticated_multipart_with_a_huge_boundary_is_refused_before_the_body_is_read() {
    let sb = sandbox().await;
    let boundary = "x".repeat(60 * 1024);
    let head = format!(
        "POST /Taxinvoice/SELL/K1/Files HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        sb.addr(),
        4 * 1024 * 1024
    );
    let r = head_only(&sb, &head).await;
    assert_eq!(r.status, 401, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), -10000034, "token missing");
    // A wrong token is refused the same way, still without the body.
    let head = head.replace(
        "\r\nContent-Length",
        "\r\nAuthorization: Bearer not-a-token\r\nContent-Length",
    );
    let r = head_only(&sb, &head).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), -10000033, "unknown token");
}

#[tokio::test]
async fn an_authenticated_multipart_with_a_boundary_over_70_characters_is_not_parsed() {
    let sb = sandbox().await;
    let tok = token(&sb, CORP, &["member", "110"]).await;
    let boundary = "x".repeat(60 * 1024);
    // The old attack: a 60 KB boundary and a 4 MB body of near-matches.
    let mut body = Vec::with_capacity(4 * 1024 * 1024);
    while body.len() < 4 * 1024 * 1024 {
        body.extend_from_slice(b"\n--");
        body.extend_from_slice(&boundary.as_bytes()[..boundary.len() - 1]);
        body.push(b'y');
    }
    let auth = format!("Bearer {tok}");
    let ct = format!("multipart/form-data; boundary={boundary}");
    let r = req(
        sb.addr(),
        "POST",
        "/Taxinvoice/SELL/K1/Files",
        &[("Authorization", &auth), ("Content-Type", &ct)],
        &body,
    )
    .await;
    // 415 names the content type rule; a parsed body would have given 400 (-10000035).
    assert_eq!(r.status, 415, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), -10000051);
    let msg = r.json()["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("70"), "{msg}");
    assert!(msg.len() < 1_000, "the refusal does not echo the boundary");
}

#[tokio::test]
async fn token_free_routes_take_small_bodies_only() {
    let sb = sandbox().await;
    // joinMember and token requests are small; 1 MB is refused from the declared length.
    for path in ["/Join", "/POPBILL_TEST/Token"] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            sb.addr(),
            1024 * 1024
        );
        let r = head_only(&sb, &head).await;
        assert_eq!(
            r.status,
            413,
            "{path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(r.code(), -10000052);
    }
    // Still served with an ordinary body.
    let r = token_request(
        &sb,
        r#"{"access_id":"1234567890","scope":["member","110"]}"#,
        &iso(sb.clock().now_secs()),
        None,
        "POPBILL_TEST",
    )
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn a_large_authenticated_body_is_still_served() {
    // Bodies above the inline limit are routed on a blocking thread: same answers.
    let sb = sandbox().await;
    let tok = token(&sb, CORP, &["member", "110"]).await;
    let data = vec![b'A'; 512 * 1024];
    let mut body = Vec::new();
    body.extend_from_slice(b"--B\r\nContent-Disposition: form-data; name=\"Filedata\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.extend_from_slice(&data);
    body.extend_from_slice(b"\r\n--B--\r\n");
    let auth = format!("Bearer {tok}");
    let r = api(
        &sb,
        &tok,
        "POST",
        "/Taxinvoice",
        None,
        Some(&invoice("BIG-1", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = req(
        sb.addr(),
        "POST",
        "/Taxinvoice/SELL/BIG-1/Files",
        &[
            ("Authorization", &auth),
            ("Content-Type", "multipart/form-data; boundary=B"),
        ],
        &body,
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let doc = sb.document(CORP, "SELL", "BIG-1").unwrap();
    assert_eq!(doc.files, vec![("big.bin".to_owned(), data)]);
}

#[tokio::test]
async fn connections_beyond_the_cap_are_answered_503_and_closed() {
    let sb = Sandbox::builder().max_connections(2).start().await.unwrap();
    // Two idle connections take the two permits (accepted in order, before the third).
    let idle1 = TcpStream::connect(sb.addr()).await.unwrap();
    let idle2 = TcpStream::connect(sb.addr()).await.unwrap();
    let r = req(sb.addr(), "GET", "/Time", &[], b"").await;
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), -10000056);
    assert_eq!(r.header("connection"), Some("close"));
    // Once an idle client leaves, requests are served again.
    drop(idle1);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = req(sb.addr(), "GET", "/Time", &[], b"").await;
        if r.status == 200 {
            break;
        }
        assert_eq!(r.status, 503);
        assert!(std::time::Instant::now() < deadline, "the permit came back");
        tokio::task::yield_now().await;
    }
    drop(idle2);
}

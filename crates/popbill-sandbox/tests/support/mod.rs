//! Test support: a raw HTTP/1.1 client over TcpStream (so tests control every byte), token
//! helpers and a sample invoice.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::time::Duration;

use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, SandboxHandle};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The POPBiLL error code of an error answer.
    pub fn code(&self) -> i64 {
        self.json()["code"].as_i64().expect("code")
    }
}

/// Sends raw bytes (a complete request with `Connection: close`) and reads the answer.
/// `Err` when the server closed the connection without answering.
pub async fn raw(addr: SocketAddr, bytes: &[u8]) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr).await?;
    s.write_all(bytes).await?;
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut buf))
        .await
        .map_err(|_| std::io::Error::other("timed out"))??;
    parse(&buf)
}

fn parse(buf: &[u8]) -> std::io::Result<Resp> {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no response ({} bytes)", buf.len())))?;
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = buf[end + 4..].to_vec();
    let resp = Resp {
        status,
        headers,
        body,
    };
    // Every answer carries a Content-Type and a Content-Length.
    assert!(
        resp.header("content-type").is_some(),
        "no Content-Type: {head}"
    );
    let len: usize = resp
        .header("content-length")
        .expect("Content-Length")
        .parse()
        .unwrap();
    assert_eq!(len, resp.body.len(), "Content-Length matches the body");
    Ok(resp)
}

/// One request with the given headers and body (Content-Length set when there is a body).
pub async fn req(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    try_req(addr, method, path, headers, body).await.unwrap()
}

pub async fn try_req(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes).await
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time.
pub fn iso(secs: i64) -> String {
    popbill_model::format_utc(secs)
}

/// Today in Korea as yyyyMMdd, by the sandbox clock.
pub fn today(sb: &SandboxHandle) -> String {
    sb.clock().today_kst().to_string()
}

/// A signed token request; returns the raw answer.
pub async fn token_request(
    sb: &SandboxHandle,
    body: &str,
    date: &str,
    forwarded: Option<&str>,
    service: &str,
) -> Resp {
    token_request_as(
        sb,
        (DEFAULT_LINK_ID, DEFAULT_SECRET_KEY),
        body,
        date,
        forwarded,
        service,
    )
    .await
}

/// A token request signed by the partner `(LinkID, SecretKey)`; returns the raw answer.
pub async fn token_request_as(
    sb: &SandboxHandle,
    (link_id, secret): (&str, &str),
    body: &str,
    date: &str,
    forwarded: Option<&str>,
    service: &str,
) -> Resp {
    let path = format!("/{service}/Token");
    let sig =
        popbill_sandbox::auth::sign_token_request(secret, body.as_bytes(), date, forwarded, &path)
            .unwrap();
    let auth = format!("LINKHUB {link_id} {sig}");
    let mut h = vec![
        ("x-lh-date", date),
        ("x-lh-version", "2.0"),
        ("Authorization", auth.as_str()),
        ("Content-Type", "Application/json"),
    ];
    if let Some(f) = forwarded {
        h.push(("x-lh-forwarded", f));
    }
    req(sb.addr(), "POST", &path, &h, body.as_bytes()).await
}

/// A bearer token for `corp` with `scopes`.
pub async fn token(sb: &SandboxHandle, corp: &str, scopes: &[&str]) -> String {
    let body = json!({"access_id": corp, "scope": scopes}).to_string();
    let r = token_request(sb, &body, &iso(sb.clock().now_secs()), None, "POPBILL_TEST").await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["session_token"].as_str().unwrap().to_owned()
}

/// Taxinvoice call with a bearer token.
pub async fn api(
    sb: &SandboxHandle,
    tok: &str,
    method: &str,
    path: &str,
    verb: Option<&str>,
    body: Option<&Value>,
) -> Resp {
    let auth = format!("Bearer {tok}");
    let mut h = vec![
        ("Authorization", auth.as_str()),
        ("x-pb-version", "1.0"),
        ("Content-Type", "application/json; charset=utf8"),
    ];
    if let Some(v) = verb {
        h.push(("X-HTTP-Method-Override", v));
    }
    let b = body
        .map(|v| serde_json::to_vec(v).unwrap())
        .unwrap_or_default();
    req(sb.addr(), method, path, &h, &b).await
}

pub const CORP: &str = "1234567890";
pub const BUYER: &str = "8888888888";

/// A valid 정발행 invoice from CORP to BUYER written `write_date`.
pub fn invoice(mgt_key: &str, write_date: &str) -> Value {
    json!({
        "writeDate": write_date,
        "chargeDirection": "정과금",
        "issueType": "정발행",
        "purposeType": "영수",
        "taxType": "과세",
        "invoicerCorpNum": CORP,
        "invoicerMgtKey": mgt_key,
        "invoicerCorpName": "공급자 상호",
        "invoicerCEOName": "공급자 대표자",
        "invoiceeType": "사업자",
        "invoiceeCorpNum": BUYER,
        "invoiceeCorpName": "공급받는자 상호",
        "invoiceeCEOName": "공급받는자 대표자",
        "invoiceeEmail1": "buyer@test.com",
        "supplyCostTotal": "100000",
        "taxTotal": "10000",
        "totalAmount": "110000",
        "detailList": [{"serialNum": 1, "purchaseDT": write_date, "itemName": "품목", "qty": "1",
                        "unitCost": "100000", "supplyCost": "100000", "tax": "10000"}]
    })
}

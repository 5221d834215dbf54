//! Shared test helpers: throw-away store paths, webhook requests, a tiny HTTP client.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh directory under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!(
        "popbill-webhook-{tag}-{}-{n}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A unique lower-case suffix (for PostgreSQL table prefixes).
pub fn unique_suffix() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}_{}_{}", std::process::id(), n, fastrand::u32(..))
}

pub const ISSUE_BODY: &str = r#"{"eventType":"Issue","eventDT":"20250301093000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-1","stateCode":300}"#;

/// A TAXINVOICE.STATE Issue webhook request with this MID.
pub fn webhook(mid: &str, body: &str) -> Request<Full<Bytes>> {
    Request::post("/")
        .header("Content-Type", "application/json")
        .header("Pb-Webhook-Type", "TAXINVOICE.STATE")
        .header("Pb-Webhook-MID", mid)
        .header("Pb-Webhook-Corpnum", "1234567890")
        .header("Pb-Webhook-EventType", "Issue")
        .body(Full::new(Bytes::from(body.to_owned())))
        .expect("request")
}

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Sends a request to `base` (http://host:port) and returns (status, body).
pub async fn send(
    client: &HttpClient,
    base: &str,
    mut req: Request<Full<Bytes>>,
) -> Result<(u16, String), String> {
    let uri: http::Uri = format!("{base}{}", req.uri().path())
        .parse()
        .map_err(|e| format!("{e}"))?;
    *req.uri_mut() = uri;
    let resp = client.request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

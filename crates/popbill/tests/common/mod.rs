//! Helpers shared by the integration tests: a fake Linkhub + POPBiLL answering in memory, a
//! manual clock, and a transport that adds latency.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub mod golden;

use popbill::transport::test_util::CaptureClient;
use popbill::{
    Config, ConfigBuilder, HttpClient, HttpRequest, HttpResponse, RetryPolicy, TimeSource,
    TransportError,
};

/// The fake SecretKey of the spec vectors and the golden run (bytes 0..=31).
pub const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
/// Where the tests pretend both hosts are.
pub const BASE: &str = "http://127.0.0.1:18765";
/// 2025-01-01T00:00:00Z, the golden run's frozen clock.
pub const T0: i64 = 1_735_689_600;

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn at(unix: i64) -> Arc<Self> {
        Arc::new(ManualClock(AtomicI64::new(unix)))
    }
    pub fn set(&self, unix: i64) {
        self.0.store(unix, Ordering::SeqCst);
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst) as u64)
    }
}

/// A test configuration: test bed, both hosts on [`BASE`], no jitter, fast retries.
pub fn config_builder(http: impl HttpClient) -> ConfigBuilder {
    Config::builder("TESTER", KEY)
        .test(true)
        .auth_url(BASE)
        .api_url(BASE)
        .token_refresh_jitter(Duration::ZERO)
        .retry_policy(
            RetryPolicy::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .http_client(http)
}

pub fn client(http: impl HttpClient) -> popbill::Popbill {
    popbill::Popbill::new(config_builder(http).build().unwrap())
}

pub fn corp() -> popbill::model::CorpNum {
    popbill::model::CorpNum::parse_unchecked("1234567890").unwrap()
}

/// Path plus query of a request URL (scheme and host removed).
pub fn target(req: &HttpRequest) -> String {
    let rest = req
        .url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(&req.url);
    match rest.find('/') {
        Some(i) => rest[i..].to_owned(),
        None => "/".to_owned(),
    }
}

pub fn is_token_request(req: &HttpRequest) -> bool {
    target(req).ends_with("/Token")
}

pub fn is_time_request(req: &HttpRequest) -> bool {
    target(req) == "/Time"
}

pub fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body.to_owned()).with_header("content-type", "application/json")
}

pub fn token_answer(token: &str, expiration: &str) -> HttpResponse {
    json(
        200,
        &format!(
            r#"{{"session_token":"{token}","serviceID":"POPBILL_TEST","linkID":"TESTER","usercode":"u","ipaddress":"*","expiration":"{expiration}","scope":["member","110"]}}"#
        ),
    )
}

/// The default answer of the fake POPBiLL for a non-token request.
pub fn popbill_answer(req: &HttpRequest) -> HttpResponse {
    let t = target(req);
    if t == "/Time" {
        return HttpResponse::new(200, "2025-01-01T00:00:00Z");
    }
    if t == "/IDs" && req.method == popbill::transport::Method::Get {
        return json(
            200,
            r#"[{"id":"testkorea","personName":"담당자","state":1}]"#,
        );
    }
    if t.ends_with("/Point") || t.ends_with("/PartnerPoint") {
        return json(200, r#"{"remainPoint":1000.5}"#);
    }
    if t.contains("TG=") {
        return json(200, r#"{"url":"https://popbill.example/popup"}"#);
    }
    if t == "/RefundPoint" {
        return json(200, r#"{"refundableBalance":2000}"#);
    }
    json(200, r#"{"code":1,"message":"OK"}"#)
}

/// A fake Linkhub + POPBiLL: token requests get `tok-<n>` valid until `expiration`, the rest
/// get [`popbill_answer`]. Returns the client and the token-request counter.
pub fn fake_popbill(expiration: &'static str) -> (CaptureClient, Arc<AtomicUsize>) {
    let tokens = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&tokens);
    let client = CaptureClient::scripted(move |_, req| {
        if is_token_request(req) {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            return Ok(token_answer(&format!("tok-{n}"), expiration));
        }
        Ok(popbill_answer(req))
    });
    (client, tokens)
}

/// The `Authorization` Bearer value of a request, if any.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    req.header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
}

/// Wraps a client and sleeps before every answer (async), so that concurrent callers really
/// overlap.
#[derive(Debug, Clone)]
pub struct Slow<C> {
    pub inner: C,
    pub delay: Duration,
}

#[async_trait::async_trait]
impl<C: HttpClient + Clone> HttpClient for Slow<C> {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        tokio::time::sleep(self.delay).await;
        self.inner.send(req).await
    }
}

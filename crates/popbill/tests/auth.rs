//! Linkhub authentication through the whole client: single-flight token requests, refresh
//! at the margin, renewal after an expired-token answer, failures not cached, clock-skew
//! recovery via `GET /Time`, server-time mode, signatures end to end, quitMember.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{
    KEY, ManualClock, Slow, T0, bearer, client, config_builder, corp, fake_popbill,
    is_time_request, is_token_request, json, popbill_answer, target, token_answer,
};
use popbill::transport::test_util::CaptureClient;
use popbill::{
    Config, Environment, Error, ErrorCode, HttpClient, HttpRequest, HttpResponse, Popbill, Service,
    TimeMode, TransportError,
};

async fn concurrent_calls(n: usize) {
    let (fake, tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(Slow {
        inner: fake.clone(),
        delay: Duration::from_millis(20),
    });
    let corp = corp();
    let mut tasks = Vec::with_capacity(n);
    for _ in 0..n {
        let client = client.clone();
        let corp = corp.clone();
        tasks.push(tokio::spawn(async move {
            client.member().get_corp_info(&corp).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        tokens.load(Ordering::SeqCst),
        1,
        "token requests for {n} calls"
    );
    let api_calls = fake
        .requests()
        .iter()
        .filter(|r| !is_token_request(r))
        .count();
    assert_eq!(api_calls, n);
    assert!(
        fake.requests()
            .iter()
            .filter(|r| !is_token_request(r))
            .all(|r| bearer(r).as_deref() == Some("tok-1"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundred_concurrent_calls_make_one_token_request() {
    concurrent_calls(100).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousand_concurrent_calls_make_one_token_request() {
    concurrent_calls(1000).await;
}

#[tokio::test]
async fn tokens_are_per_corp_and_per_scope_set() {
    let (fake, tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(fake.clone());
    let a = corp();
    let b = popbill::model::CorpNum::parse_unchecked("9876543210").unwrap();
    client.member().get_corp_info(&a).await.unwrap();
    client.member().get_corp_info(&a).await.unwrap();
    client.member().get_corp_info(&b).await.unwrap();
    client
        .member_for(Service::Cashbill)
        .get_corp_info(&a)
        .await
        .unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 3);
    let scopes: Vec<String> = fake
        .requests()
        .iter()
        .filter(|r| is_token_request(r))
        .map(|r| String::from_utf8(r.body.to_vec()).unwrap())
        .collect();
    assert_eq!(
        scopes,
        [
            r#"{"access_id":"1234567890","scope":["member","110"]}"#,
            r#"{"access_id":"9876543210","scope":["member","110"]}"#,
            r#"{"access_id":"1234567890","scope":["member","140"]}"#,
        ]
    );

    // A second client with its own configuration never sees the first one's tokens.
    let other = common::client(fake.clone());
    other.member().get_corp_info(&a).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 4);
}

/// Holds the token request of one business number open until released; everything else
/// goes straight to the inner fake.
#[derive(Debug, Clone)]
struct HoldTokenOf {
    inner: CaptureClient,
    access_id: &'static str,
    arrived: Arc<tokio::sync::Notify>,
    release: Arc<tokio::sync::Notify>,
}

#[async_trait::async_trait]
impl HttpClient for HoldTokenOf {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let body = String::from_utf8_lossy(&req.body);
        if is_token_request(&req) && body.contains(&format!(r#""access_id":"{}""#, self.access_id))
        {
            self.arrived.notify_one();
            self.release.notified().await;
        }
        self.inner.send(req).await
    }
}

/// The token cache is single-flight per key, not one lock for every member: while one
/// member's token request hangs, another member's call gets its own token and finishes.
/// With the clock paused, a shared lock would only let the second call through after the
/// first one's attempt timeout, which the elapsed-time and still-pending checks catch.
#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_hanging_token_request_does_not_hold_up_another_corps() {
    let (fake, tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let hold = HoldTokenOf {
        inner: fake.clone(),
        access_id: "1234567890",
        arrived: Arc::new(tokio::sync::Notify::new()),
        release: Arc::new(tokio::sync::Notify::new()),
    };
    let client = client(hold.clone());
    let started = tokio::time::Instant::now();
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.member().get_corp_info(&corp()).await }
    });
    hold.arrived.notified().await;

    let other = popbill::model::CorpNum::parse_unchecked("9876543210").unwrap();
    client.member().get_corp_info(&other).await.unwrap();
    assert!(
        !first.is_finished(),
        "the first member's call is still held"
    );
    assert_eq!(started.elapsed(), Duration::ZERO, "no timer had to fire");
    assert_eq!(
        tokens.load(Ordering::SeqCst),
        1,
        "only the second member's token so far"
    );

    hold.release.notify_one();
    first.await.unwrap().unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_is_renewed_at_the_margin() {
    let clock = ManualClock::at(T0);
    // Expires one hour after T0; margin 60 s, no jitter: renew from T0 + 3540.
    let (fake, tokens) = fake_popbill("2025-01-01T01:00:00.000Z");
    let client = Popbill::new(
        config_builder(fake.clone())
            .shared_time_source(clock.clone())
            .build()
            .unwrap(),
    );
    let corp = corp();
    client.member().get_corp_info(&corp).await.unwrap();
    clock.set(T0 + 3539);
    client.member().get_corp_info(&corp).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 1);
    clock.set(T0 + 3540);
    client.member().get_corp_info(&corp).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    let last = fake.last_request().unwrap();
    assert_eq!(bearer(&last).as_deref(), Some("tok-2"));

    // An expiration without milliseconds is understood too.
    let (fake, tokens) = fake_popbill("2025-01-01T01:00:00Z");
    let clock = ManualClock::at(T0);
    let client = Popbill::new(
        config_builder(fake)
            .shared_time_source(clock.clone())
            .token_refresh_margin(Duration::from_secs(300))
            .build()
            .unwrap(),
    );
    client.member().get_corp_info(&corp).await.unwrap();
    clock.set(T0 + 3299);
    client.member().get_corp_info(&corp).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 1);
    clock.set(T0 + 3300);
    client.member().get_corp_info(&corp).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
}

/// The fake answers requests carrying `tok-1` with an expired-token error.
fn expiring_fake(code: i64, status: u16) -> (CaptureClient, Arc<AtomicUsize>) {
    let tokens = Arc::new(AtomicUsize::new(0));
    let t = Arc::clone(&tokens);
    let fake = CaptureClient::scripted(move |_, req| {
        if is_token_request(req) {
            let n = t.fetch_add(1, Ordering::SeqCst) + 1;
            return Ok(token_answer(
                &format!("tok-{n}"),
                "2099-01-01T00:00:00.000Z",
            ));
        }
        if bearer(req).as_deref() == Some("tok-1") {
            return Ok(json(
                status,
                &format!(r#"{{"code":{code},"message":"토큰 만료"}}"#),
            ));
        }
        Ok(popbill_answer(req))
    });
    (fake, tokens)
}

#[tokio::test]
async fn expired_token_answer_renews_and_retries_once() {
    for (code, status) in [(-10000033, 400), (-10000034, 400), (-1, 401)] {
        let (fake, tokens) = expiring_fake(code, status);
        let client = client(fake.clone());
        // A POST that is not idempotent is still retried: the server refused the token, so
        // the operation was not executed. Retries are disabled to show this is separate.
        let form = popbill::model::member::PaymentForm::default()
            .set_settler_name("a")
            .set_settler_email("a@b.c")
            .set_payment_name("a")
            .set_settle_cost("1000");
        client
            .member()
            .payment_request(&corp(), &form)
            .no_retry()
            .await
            .unwrap();
        assert_eq!(tokens.load(Ordering::SeqCst), 2, "code {code}");
        let api: Vec<_> = fake
            .requests()
            .into_iter()
            .filter(|r| !is_token_request(r))
            .collect();
        assert_eq!(api.len(), 2);
        assert_eq!(bearer(&api[0]).as_deref(), Some("tok-1"));
        assert_eq!(bearer(&api[1]).as_deref(), Some("tok-2"));
    }
}

#[tokio::test]
async fn expired_token_is_retried_only_once() {
    let fake = CaptureClient::scripted(|_, req| {
        if is_token_request(req) {
            return Ok(token_answer("tok", "2099-01-01T00:00:00.000Z"));
        }
        Ok(json(400, r#"{"code":-10000033,"message":"token"}"#))
    });
    let client = client(fake.clone());
    let err = client.member().get_corp_info(&corp()).await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::TOKEN_INVALID));
    let api = fake
        .requests()
        .iter()
        .filter(|r| !is_token_request(r))
        .count();
    assert_eq!(api, 2, "one renewal, no retry loop");
}

#[tokio::test]
async fn token_failures_are_not_cached() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let a = Arc::clone(&attempts);
    let fake = CaptureClient::scripted(move |_, req| {
        if is_token_request(req) {
            return Ok(if a.fetch_add(1, Ordering::SeqCst) == 0 {
                json(403, r#"{"code":-99010013,"message":"거부"}"#)
            } else {
                token_answer("tok-ok", "2099-01-01T00:00:00.000Z")
            });
        }
        Ok(popbill_answer(req))
    });
    let client = client(fake.clone());
    let err = client.member().get_corp_info(&corp()).await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected Auth, got {err:?}")
    };
    assert_eq!(auth.code(), Some(ErrorCode(-99010013)));
    assert_eq!(auth.status(), Some(403));
    assert!(!err.request_may_have_been_sent());
    assert!(err.to_string().contains("거부"), "{err}");
    // Nothing reached the API, and the next call asks again and succeeds.
    assert!(fake.requests().iter().all(is_token_request));
    client.member().get_corp_info(&corp()).await.unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    assert_eq!(
        bearer(&fake.last_request().unwrap()).as_deref(),
        Some("tok-ok")
    );
}

/// A Linkhub that accepts only token requests dated with its own clock.
fn strict_linkhub(server_time: &'static str, accept: bool) -> CaptureClient {
    CaptureClient::scripted(move |_, req| {
        if is_time_request(req) {
            return Ok(popbill::HttpResponse::new(200, server_time));
        }
        if is_token_request(req) {
            if accept && req.header("x-lh-date") == Some(server_time) {
                return Ok(token_answer("tok-skew", "2025-01-01T01:00:00.000Z"));
            }
            return Ok(json(
                401,
                r#"{"code":-99010004,"message":"요청 시간이 유효하지 않습니다"}"#,
            ));
        }
        Ok(popbill_answer(req))
    })
}

fn paths(fake: &CaptureClient) -> Vec<String> {
    fake.requests().iter().map(target).collect()
}

#[tokio::test]
async fn clock_skew_is_corrected_with_server_time() {
    // The local clock is 10 minutes ahead of Linkhub's.
    let clock = ManualClock::at(T0 + 600);
    let fake = strict_linkhub("2025-01-01T00:00:00Z", true);
    let client = Popbill::new(
        config_builder(fake.clone())
            .shared_time_source(clock.clone())
            .build()
            .unwrap(),
    );
    client.member().get_corp_info(&corp()).await.unwrap();
    assert_eq!(
        paths(&fake),
        [
            "/POPBILL_TEST/Token",
            "/Time",
            "/POPBILL_TEST/Token",
            "/CorpInfo"
        ]
    );
    let dates: Vec<String> = fake
        .requests()
        .iter()
        .filter(|r| is_token_request(r))
        .map(|r| r.header("x-lh-date").unwrap().to_owned())
        .collect();
    assert_eq!(dates, ["2025-01-01T00:10:00Z", "2025-01-01T00:00:00Z"]);

    // The measured offset is kept. Expiry checks use the corrected clock: the token expires
    // at 01:00 server time (renewal from 00:59:00), so at local 01:08:59 (server 00:58:59)
    // it is still used.
    clock.set(T0 + 600 + 3539);
    client.member().get_corp_info(&corp()).await.unwrap();
    assert_eq!(
        fake.requests()
            .iter()
            .filter(|r| is_token_request(r))
            .count(),
        2
    );
    client.invalidate_tokens(&corp());
    clock.set(T0 + 600 + 5);
    let before = fake.request_count();
    let fake2 = fake.clone();
    // The next token request is dated with the corrected clock directly (server 00:00:05),
    // without asking /Time first. (This strict fake wants 00:00:00 exactly, so it refuses and
    // the client measures again; only the first request matters here.)
    let _ = client.member().get_corp_info(&corp()).await;
    let later: Vec<String> = fake2.requests()[before..].iter().map(target).collect();
    assert_eq!(later[0], "/POPBILL_TEST/Token");
    assert_eq!(
        fake2.requests()[before].header("x-lh-date"),
        Some("2025-01-01T00:00:05Z"),
        "corrected clock used directly"
    );
}

#[tokio::test]
async fn clock_skew_that_persists_is_reported_with_the_measured_skew() {
    let clock = ManualClock::at(T0 + 600);
    let fake = strict_linkhub("2025-01-01T00:00:00Z", false);
    let client = Popbill::new(
        config_builder(fake.clone())
            .shared_time_source(clock)
            .build()
            .unwrap(),
    );
    let err = client
        .member()
        .get_corp_info(&corp())
        .no_retry()
        .await
        .unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected Auth, got {err:?}")
    };
    assert_eq!(auth.clock_skew_seconds(), Some(600));
    assert_eq!(auth.code(), Some(ErrorCode::LINKHUB_REQUEST_TIME_REJECTED));
    assert!(err.to_string().contains("off by 600 s"), "{err}");
    assert_eq!(
        paths(&fake),
        ["/POPBILL_TEST/Token", "/Time", "/POPBILL_TEST/Token"]
    );
}

#[tokio::test]
async fn small_difference_means_the_date_was_not_the_problem() {
    let clock = ManualClock::at(T0 + 2);
    let fake = strict_linkhub("2025-01-01T00:00:00Z", false);
    let client = Popbill::new(
        config_builder(fake.clone())
            .shared_time_source(clock)
            .build()
            .unwrap(),
    );
    let err = client
        .member()
        .get_corp_info(&corp())
        .no_retry()
        .await
        .unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected Auth, got {err:?}")
    };
    assert_eq!(auth.clock_skew_seconds(), None);
    assert_eq!(paths(&fake), ["/POPBILL_TEST/Token", "/Time"]);
}

#[tokio::test]
async fn server_time_mode_dates_every_token_request_with_time() {
    let clock = ManualClock::at(T0 + 3600 * 5);
    let fake = strict_linkhub("2025-01-01T00:00:00Z", true);
    let client = Popbill::new(
        config_builder(fake.clone())
            .shared_time_source(clock)
            .time_mode(TimeMode::Server)
            .build()
            .unwrap(),
    );
    client.member().get_corp_info(&corp()).await.unwrap();
    // Expiry is checked against the server's clock: the token (until 01:00 server time) is
    // still used although the local clock says 05:00.
    client.member().get_corp_info(&corp()).await.unwrap();
    assert_eq!(
        paths(&fake),
        ["/Time", "/POPBILL_TEST/Token", "/CorpInfo", "/CorpInfo"]
    );
    let time_req = &fake.requests()[0];
    assert!(time_req.header("authorization").is_none());
}

#[tokio::test]
async fn signature_end_to_end_matches_spec_vectors() {
    // V1: test bed, IP restriction on, Taxinvoice scopes, 2025-01-02T03:04:05Z.
    // V2: production, IP restriction off (x-lh-forwarded: *), Cashbill, 2025-06-30T23:59:59Z.
    for (env, ip_restriction, service, unix, expected) in [
        (
            Environment::Test,
            true,
            Service::Taxinvoice,
            1_735_787_045,
            "LINKHUB TESTLINK 4YMi6eiLqY4HpmjEbeWkPxE4Aqq9254m6B/mSaelPqA=",
        ),
        (
            Environment::Production,
            false,
            Service::Cashbill,
            1_751_327_999,
            "LINKHUB TESTLINK WTQ2oM/dDdYG27zVGwt/qkUb5nt2bB4Ifz6BpvyTl1I=",
        ),
    ] {
        let (fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
        let config = Config::builder("TESTLINK", KEY)
            .environment(env)
            .ip_restriction(ip_restriction)
            .auth_url(common::BASE)
            .api_url(common::BASE)
            .time_source_at(unix)
            .http_client(fake.clone())
            .build()
            .unwrap();
        Popbill::new(config)
            .member_for(service)
            .get_corp_info(&corp())
            .await
            .unwrap();
        let token = &fake.requests()[0];
        assert_eq!(token.header("authorization"), Some(expected));
        assert_eq!(
            token.header("x-lh-forwarded"),
            (!ip_restriction).then_some("*")
        );
        assert_eq!(
            target(token),
            format!("/{}/Token", env.service_id()),
            "token path"
        );
        // The Authorization value is marked sensitive: Debug never shows it.
        assert!(!format!("{token:?}").contains("TESTLINK "));
    }
}

trait AtUnix {
    fn time_source_at(self, unix: i64) -> Self;
}

impl AtUnix for popbill::ConfigBuilder {
    fn time_source_at(self, unix: i64) -> Self {
        self.shared_time_source(ManualClock::at(unix))
    }
}

#[tokio::test]
async fn quit_member_drops_the_cached_token() {
    let (fake, tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(fake.clone());
    let corp = corp();
    client.member().get_corp_info(&corp).await.unwrap();
    client
        .member_for(Service::Cashbill)
        .get_corp_info(&corp)
        .await
        .unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    let r = client
        .member()
        .quit_member(&corp, "테스트 탈퇴 사유")
        .user_id("testkorea")
        .await
        .unwrap();
    assert_eq!(r.code, 1);
    client.member().get_corp_info(&corp).await.unwrap();
    client
        .member_for(Service::Cashbill)
        .get_corp_info(&corp)
        .await
        .unwrap();
    assert_eq!(
        tokens.load(Ordering::SeqCst),
        4,
        "both services re-authenticate"
    );
}

#[tokio::test]
async fn token_answer_without_token_is_an_auth_error() {
    let fake = CaptureClient::scripted(|_, req| {
        if is_token_request(req) {
            return Ok(json(200, r#"{"expiration":"2099-01-01T00:00:00.000Z"}"#));
        }
        Ok(popbill_answer(req))
    });
    let err = client(fake)
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("no session_token"), "{err}");
}

/// A clock at one fixed time.
#[derive(Debug)]
struct FixedClock(std::time::SystemTime);

impl popbill::TimeSource for FixedClock {
    fn now(&self) -> std::time::SystemTime {
        self.0
    }
}

/// The extremes a `SystemTime` can hold: about ±292 billion years around 1970.
fn extreme_times() -> [std::time::SystemTime; 2] {
    let span = Duration::from_secs(i64::MAX.unsigned_abs());
    [std::time::UNIX_EPOCH + span, std::time::UNIX_EPOCH - span]
}

#[tokio::test]
async fn extreme_local_clock_with_token_without_expiration_does_not_overflow() {
    for at in extreme_times() {
        let fake = CaptureClient::scripted(|_, req| {
            if is_token_request(req) {
                return Ok(json(200, r#"{"session_token":"tok-1"}"#));
            }
            Ok(popbill_answer(req))
        });
        let client = Popbill::new(
            config_builder(fake)
                .time_source(FixedClock(at))
                .build()
                .unwrap(),
        );
        client.member().get_corp_info(&corp()).await.unwrap();
    }
}

#[tokio::test]
async fn extreme_local_clock_refused_as_skewed_does_not_overflow() {
    for at in extreme_times() {
        let fake = strict_linkhub("2025-01-01T00:00:00Z", true);
        let client = Popbill::new(
            config_builder(fake.clone())
                .time_source(FixedClock(at))
                .build()
                .unwrap(),
        );
        client.member().get_corp_info(&corp()).await.unwrap();
        // Later calls read the corrected clock (local time plus the measured offset).
        client.member().get_corp_info(&corp()).await.unwrap();
    }
}

//! The request pipeline with in-memory transports: validation before sending, headers,
//! retries by classifier, deadlines, error mapping, decoding, tracing without secrets.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{
    client, config_builder, corp, fake_popbill, is_token_request, json, target, token_answer,
};
use popbill::model::member::{JoinForm, Paging};
use popbill::model::{Date8, rule};
use popbill::transport::test_util::{CaptureClient, NeverClient};
use popbill::transport::{TransportErrorKind, test_util::scripted_fn};
use popbill::{Error, ErrorCode, HttpResponse, Popbill, RetryPolicy, TimeoutKind, TransportError};

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

fn api_requests(fake: &CaptureClient) -> Vec<popbill::HttpRequest> {
    fake.requests()
        .into_iter()
        .filter(|r| !is_token_request(r))
        .collect()
}

/// Answers token requests; API requests get `api(n)` where n counts API requests from 0.
fn api_script<F>(api: F) -> CaptureClient
where
    F: Fn(usize) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
{
    let n = Arc::new(Mutex::new(0usize));
    scripted_fn(move |_, req| {
        if is_token_request(req) {
            return Ok(token_answer("tok", "2099-01-01T00:00:00.000Z"));
        }
        let mut guard = n.lock().unwrap();
        let i = *guard;
        *guard += 1;
        api(i)
    })
}

fn transport(kind: TransportErrorKind) -> TransportError {
    TransportError::new(kind, "injected")
}

#[tokio::test]
async fn validation_errors_are_returned_before_sending() {
    let (fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(fake.clone());
    let err = client
        .member()
        .join_member(&JoinForm::default().set_id("abc"))
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert!(v.has("ID", rule::MIN_LENGTH));
    assert!(v.has("Password", rule::REQUIRED));
    assert!(
        !v.has("LinkID", rule::REQUIRED),
        "LinkID is filled from the config"
    );
    assert!(!err.request_may_have_been_sent());

    let d = |s| Date8::parse(s).unwrap();
    let err = client
        .member()
        .get_use_history(
            &corp(),
            d("20250201"),
            d("20250101"),
            Paging::new().per_page(5000),
            None,
        )
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert!(v.has("SDate", rule::RANGE), "{v}");
    assert!(v.has("PerPage", rule::RANGE), "{v}");

    let err = client
        .member()
        .get_corp_info(&corp())
        .user_id("x".repeat(51))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Validation(v) if v.has("UserID", rule::MAX_LENGTH)));
    let err = client
        .member()
        .get_refund_info(&corp(), " ")
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Validation(v) if v.has("RefundCode", rule::REQUIRED)));

    assert_eq!(
        fake.request_count(),
        0,
        "nothing was sent, not even a token request"
    );
}

#[tokio::test]
async fn headers_follow_the_official_sdk() {
    let (fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = Popbill::new(
        config_builder(fake.clone())
            .accept_language("en-US")
            .user_agent("my-app/1.0")
            .build()
            .unwrap(),
    );
    let corp = corp();
    client
        .member()
        .get_corp_info(&corp)
        .user_id("testkorea")
        .await
        .unwrap();
    client
        .member()
        .delete_contact(&corp, "a b&c")
        .await
        .unwrap();
    client.member().get_balance(&corp).await.unwrap();
    let api = api_requests(&fake);

    let names = |r: &popbill::HttpRequest| -> Vec<String> {
        r.headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect()
    };
    assert_eq!(
        names(&api[0]),
        [
            "x-pb-version",
            "authorization",
            "x-pb-userid",
            "accept-encoding",
            "user-agent",
            "accept-language"
        ]
    );
    assert_eq!(api[0].header("x-pb-version"), Some("1.0"));
    assert_eq!(api[0].header("accept-encoding"), Some("gzip"));
    assert_eq!(api[0].header("user-agent"), Some("my-app/1.0"));
    assert_eq!(api[0].header("accept-language"), Some("en-US"));
    assert!(api[0].body.is_empty());

    // Empty-body POST: JSON content type all the same; query values that would break the
    // URL are encoded.
    assert_eq!(target(&api[1]), "/Contact/Delete?ContactID=a%20b%26c");
    assert_eq!(
        api[1].header("content-type"),
        Some("application/json; charset=utf8")
    );
    assert!(api[1].body.is_empty());
    assert!(api[1].header("x-pb-userid").is_none());

    // Linkhub host: Bearer and User-Agent only.
    assert_eq!(target(&api[2]), "/POPBILL_TEST/Point");
    assert!(api[2].header("x-pb-version").is_none());
    assert_eq!(api[2].header("authorization"), Some("Bearer tok-1"));

    // Bearer values never show in Debug.
    for r in &api {
        assert!(!format!("{r:?}").contains("tok-1"), "{r:?}");
    }
}

#[tokio::test]
async fn connect_failures_are_retried_even_for_posts() {
    let fake = api_script(|i| match i {
        0 | 1 => Err(transport(TransportErrorKind::Connect)),
        _ => Ok(json(200, r#"{"code":1,"message":"OK"}"#)),
    });
    let client = client(fake.clone());
    let r = client.member().join_member(&join_form()).await.unwrap();
    assert_eq!(r.code, 1);
    assert_eq!(api_requests(&fake).len(), 3);
}

#[tokio::test]
async fn resets_after_sending_are_retried_only_when_idempotent() {
    // POST joinMember: not idempotent, the request may have been executed.
    let fake = api_script(|_| Err(transport(TransportErrorKind::Io)));
    let err = client(fake.clone())
        .member()
        .join_member(&join_form())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.is_io()), "{err:?}");
    assert!(err.request_may_have_been_sent());
    assert!(err.is_retryable());
    assert_eq!(api_requests(&fake).len(), 1);

    // GET checkIsMember: retried, and succeeds on the third attempt.
    let fake = api_script(|i| match i {
        0 | 1 => Err(transport(TransportErrorKind::Io)),
        _ => Ok(json(200, r#"{"code":1,"message":"회원"}"#)),
    });
    let r = client(fake.clone())
        .member()
        .check_is_member(&corp())
        .await
        .unwrap();
    assert_eq!(r.code, 1);
    assert_eq!(api_requests(&fake).len(), 3);

    // The per-call idempotent override makes a POST retryable...
    let fake = api_script(|i| match i {
        0 => Err(transport(TransportErrorKind::Timeout)),
        _ => Ok(json(200, r#"{"code":1,"message":"OK"}"#)),
    });
    client(fake.clone())
        .member()
        .join_member(&join_form())
        .idempotent(true)
        .await
        .unwrap();
    assert_eq!(api_requests(&fake).len(), 2);

    // ...and no_retry turns retries off for a GET.
    let fake = api_script(|_| Err(transport(TransportErrorKind::Io)));
    client(fake.clone())
        .member()
        .check_is_member(&corp())
        .no_retry()
        .await
        .unwrap_err();
    assert_eq!(api_requests(&fake).len(), 1);
}

#[tokio::test]
async fn server_errors_retry_for_gets_and_keep_status_and_snippet() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let fake = api_script(move |_| {
        Ok(HttpResponse::new(502, html).with_header("content-type", "text/html"))
    });
    let err = client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.status(), 502);
    assert!(d.snippet().contains("502 Bad Gateway"), "{}", d.snippet());
    assert_eq!(err.http_status(), Some(502));
    assert!(err.is_retryable());
    assert_eq!(api_requests(&fake).len(), 3, "retried up to max attempts");

    // The same answer to a POST is not retried.
    let fake = api_script(move |_| Ok(HttpResponse::new(502, html)));
    client(fake.clone())
        .member()
        .join_member(&join_form())
        .await
        .unwrap_err();
    assert_eq!(api_requests(&fake).len(), 1);

    // A JSON 503 becomes an Api error, retried for GETs, then reported.
    let fake = api_script(|i| match i {
        0 => Ok(json(503, r#"{"code":-99999999,"message":"점검 중"}"#)),
        _ => Ok(json(200, "{}")),
    });
    client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap();
    assert_eq!(api_requests(&fake).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured() {
    let fake = api_script(|i| match i {
        0 => Ok(json(429, r#"{"code":-1,"message":"slow down"}"#).with_header("retry-after", "7")),
        _ => Ok(json(200, "{}")),
    });
    let started = tokio::time::Instant::now();
    client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(api_requests(&fake).len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_ends_the_call_without_a_panic() {
    // A `Retry-After` too large to add to the clock comes from the network: the call fails
    // with the answer's error instead of waiting or panicking.
    let fake = api_script(|_| {
        Ok(json(503, r#"{"code":-1,"message":"busy"}"#)
            .with_header("retry-after", u64::MAX.to_string()))
    });
    let err = client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap_err();
    assert_eq!(err.as_api().map(|a| a.status()), Some(503));
    assert_eq!(api_requests(&fake).len(), 1);
}

#[tokio::test]
async fn popbill_codes_are_never_retried() {
    let fake = api_script(|_| Ok(json(400, r#"{"code":-11000005,"message":"없는 문서"}"#)));
    let err = client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap_err();
    assert_eq!(
        err.api_code(),
        Some(ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND)
    );
    assert_eq!(err.to_string(), "POPBiLL error -11000005: 없는 문서");
    let api = err.as_api().unwrap();
    assert_eq!((api.status(), api.message()), (400, "없는 문서"));
    assert!(!err.is_retryable());
    assert_eq!(api_requests(&fake).len(), 1);
}

#[tokio::test]
async fn success_status_with_negative_code_is_an_api_error() {
    let fake = api_script(|_| Ok(json(200, r#"{"code":-10001000,"message":"이미 가입"}"#)));
    let err = client(fake)
        .member()
        .join_member(&join_form())
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.status(), 200);
    assert_eq!(api.code(), ErrorCode::ALREADY_MEMBER);
}

#[tokio::test]
async fn decode_errors_name_the_path() {
    let fake = api_script(|_| {
        Ok(json(
            200,
            r#"[{"id":"a"},{"id":"b","searchRole":2},7,{"session_token":"leak-me"}]"#,
        ))
    });
    let err = client(fake)
        .member()
        .list_contact(&corp())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.path(), Some("[2]"));
    assert_eq!(d.status(), 200);
    assert!(!d.snippet().contains("leak-me"), "{}", d.snippet());
    assert!(!err.to_string().contains("leak-me"));
}

#[tokio::test(start_paused = true)]
async fn attempt_and_operation_timeouts() {
    // Each attempt hangs; the attempt timeout ends it, GETs are retried, and the operation
    // deadline ends the whole call.
    let never = NeverClient::new();
    let client = Popbill::new(
        common::config_builder(never.clone())
            .attempt_timeout(Duration::from_millis(100))
            .operation_timeout(Duration::from_millis(250))
            .build()
            .unwrap(),
    );
    let err = client.member().check_is_member(&corp()).await.unwrap_err();
    match &err {
        Error::Timeout(t) => assert_eq!(t.kind(), TimeoutKind::Operation),
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(never.calls(), 3);

    // A POST stops after the first attempt timeout.
    let never = NeverClient::new();
    let client = Popbill::new(
        common::config_builder(never.clone())
            .attempt_timeout(Duration::from_millis(100))
            .build()
            .unwrap(),
    );
    let err = client.member().join_member(&join_form()).await.unwrap_err();
    let attempt_timeout = matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Attempt)
        || matches!(&err, Error::Transport(t) if t.is_timeout());
    assert!(attempt_timeout, "{err:?}");
    assert!(err.request_may_have_been_sent());
    assert_eq!(never.calls(), 1);

    // A per-call timeout overrides the configured one.
    let never = NeverClient::new();
    let client = common::client(never.clone());
    let started = tokio::time::Instant::now();
    client
        .member()
        .check_is_member(&corp())
        .timeout(Duration::from_secs(2))
        .no_retry()
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test]
async fn huge_timeouts_mean_no_limit_rather_than_a_panic() {
    // `Duration::MAX` cannot be added to an instant; the call must still run.
    let (fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = Popbill::new(
        common::config_builder(fake.clone())
            .attempt_timeout(Duration::MAX)
            .operation_timeout(Duration::MAX)
            .build()
            .unwrap(),
    );
    assert_eq!(client.member().get_balance(&corp()).await.unwrap(), 1000.5);
    let client = common::client(fake);
    let balance = client
        .member()
        .get_balance(&corp())
        .timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .await
        .unwrap();
    assert_eq!(balance, 1000.5);
}

#[tokio::test]
async fn answers_are_decoded_into_outputs() {
    let (fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(fake);
    let m = client.member();
    let c = corp();
    assert_eq!(m.get_balance(&c).await.unwrap(), 1000.5);
    assert_eq!(m.get_partner_balance(&c).await.unwrap(), 1000.5);
    assert_eq!(m.get_refundable_balance(&c).await.unwrap(), 2000.0);
    assert_eq!(
        m.get_access_url(&c).await.unwrap(),
        "https://popbill.example/popup"
    );
    let contacts = m.list_contact(&c).await.unwrap();
    assert_eq!(contacts[0].id.as_deref(), Some("testkorea"));
    assert_eq!(contacts[0].state, Some(1));
}

#[tokio::test]
async fn several_clients_with_different_configs_coexist() {
    let (a_fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let (b_fake, _) = fake_popbill("2099-01-01T00:00:00.000Z");
    let a = client(a_fake.clone());
    let b = Popbill::new(
        popbill::Config::builder("OTHER", common::KEY)
            .test(false)
            .auth_url("http://auth.b")
            .api_url("http://api.b")
            .retry_policy(RetryPolicy::disabled())
            .http_client(b_fake.clone())
            .build()
            .unwrap(),
    );
    a.member().check_is_member(&corp()).await.unwrap();
    b.member().check_is_member(&corp()).await.unwrap();
    b.member().get_balance(&corp()).await.unwrap();
    assert_eq!(
        a_fake.requests()[0].url,
        "http://127.0.0.1:18765/Join?CorpNum=1234567890&LID=TESTER"
    );
    assert_eq!(
        b_fake.requests()[0].url,
        "http://api.b/Join?CorpNum=1234567890&LID=OTHER"
    );
    assert_eq!(b_fake.requests()[1].url, "http://auth.b/POPBILL/Token");
    assert_eq!(b_fake.requests()[2].url, "http://auth.b/POPBILL/Point");
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Popbill>();
}

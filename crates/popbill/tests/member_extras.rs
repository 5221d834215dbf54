//! Member calls beyond the golden captures: `getPointInfo` (Java/.NET only, so no Python
//! capture exists), which host each Linkhub call goes to when the auth and API hosts differ,
//! a truncated 200 answer, and `getPointInfo` against the embedded sandbox.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{corp, is_token_request, json, popbill_answer, token_answer};
use popbill::model::CorpNum;
use popbill::transport::Method;
use popbill::transport::test_util::CaptureClient;
use popbill::{Config, Error, HttpRequest, HttpResponse, Popbill};
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox};

const AUTH: &str = "http://auth.test";
const API: &str = "http://api.test";

/// A fake Linkhub + POPBiLL: token requests get `tok`, every other request gets `answer(req)`.
fn fake_hosts(answer: fn(&HttpRequest) -> HttpResponse) -> CaptureClient {
    CaptureClient::scripted(move |_, req| {
        if is_token_request(req) {
            return Ok(token_answer("tok", "2099-01-01T00:00:00.000Z"));
        }
        Ok(answer(req))
    })
}

/// The common test client, with distinct auth and API hosts.
fn two_host_client(http: CaptureClient) -> Popbill {
    Popbill::new(
        common::config_builder(http)
            .auth_url(AUTH)
            .api_url(API)
            .build()
            .unwrap(),
    )
}

/// The requests that are not token requests.
fn calls(fake: &CaptureClient) -> Vec<HttpRequest> {
    fake.requests()
        .into_iter()
        .filter(|r| !is_token_request(r))
        .collect()
}

fn point_info_strings(req: &HttpRequest) -> HttpResponse {
    if common::target(req).ends_with("/TotalPoint") {
        json(
            200,
            r#"{"totalPoint":"1000","chargePoint":"800","bonusPoint":"200","unknown":"x"}"#,
        )
    } else {
        popbill_answer(req)
    }
}

fn point_info_numbers(req: &HttpRequest) -> HttpResponse {
    if common::target(req).ends_with("/TotalPoint") {
        json(
            200,
            r#"{"totalPoint":1000.5,"chargePoint":800,"bonusPoint":200.5}"#,
        )
    } else {
        popbill_answer(req)
    }
}

#[tokio::test]
async fn get_point_info_goes_to_the_auth_host_with_the_bearer_token() {
    let fake = fake_hosts(point_info_strings);
    let client = two_host_client(fake.clone());
    let info = client.member().get_point_info(&corp()).await.unwrap();
    assert_eq!(info.total_point, 1000.0);
    assert_eq!(info.charge_point, 800.0);
    assert_eq!(info.bonus_point, 200.0);

    let all = fake.requests();
    assert_eq!(all.len(), 2, "one token request, one call: {all:?}");
    assert_eq!(all[0].url, format!("{AUTH}/POPBILL_TEST/Token"));
    let req = &all[1];
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, format!("{AUTH}/POPBILL_TEST/TotalPoint"));
    assert_eq!(common::bearer(req).as_deref(), Some("tok"));
    assert!(req.body.is_empty(), "a GET without body");
    assert!(
        req.header("x-pb-userid").is_none(),
        "getPointInfo takes no UserID"
    );
}

#[tokio::test]
async fn get_point_info_reads_numbers_as_well_as_strings() {
    let fake = fake_hosts(point_info_numbers);
    let client = two_host_client(fake.clone());
    let info = client.member().get_point_info(&corp()).await.unwrap();
    assert_eq!(
        (info.total_point, info.charge_point, info.bonus_point),
        (1000.5, 800.0, 200.5)
    );
    assert_eq!(
        calls(&fake)[0].url,
        format!("{AUTH}/POPBILL_TEST/TotalPoint")
    );
}

#[tokio::test]
async fn linkhub_member_calls_go_to_the_auth_host_and_the_rest_to_the_api_host() {
    let fake = fake_hosts(popbill_answer);
    let client = two_host_client(fake.clone());
    let m = client.member();
    let c = corp();
    assert_eq!(m.get_partner_balance(&c).await.unwrap(), 1000.5);
    assert_eq!(
        m.get_partner_url(&c, "CHRG").await.unwrap(),
        "https://popbill.example/popup"
    );
    assert_eq!(m.get_balance(&c).await.unwrap(), 1000.5);
    // A POPBiLL call with the same token goes to the API host: the two bases are really used.
    m.get_corp_info(&c).await.unwrap();

    let urls: Vec<String> = calls(&fake).into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        [
            format!("{AUTH}/POPBILL_TEST/PartnerPoint"),
            format!("{AUTH}/POPBILL_TEST/URL?TG=CHRG"),
            format!("{AUTH}/POPBILL_TEST/Point"),
            format!("{API}/CorpInfo"),
        ]
    );
    for req in calls(&fake) {
        assert_eq!(common::bearer(&req).as_deref(), Some("tok"), "{}", req.url);
    }
    // Every token request went to the auth host too.
    assert!(
        fake.requests()
            .iter()
            .filter(|r| is_token_request(r))
            .all(|r| r.url.starts_with(AUTH))
    );
}

fn truncated_corp_info(req: &HttpRequest) -> HttpResponse {
    if common::target(req) == "/CorpInfo" {
        json(200, r#"{"ceoname":"홍길"#)
    } else {
        popbill_answer(req)
    }
}

fn corp_info_cut_inside_a_character(_: &HttpRequest) -> HttpResponse {
    let full = r#"{"ceoname":"홍길"#.as_bytes();
    // Drop the last byte: the body ends inside the three-byte UTF-8 sequence of '길'.
    HttpResponse::new(200, full[..full.len() - 1].to_vec())
        .with_header("content-type", "application/json")
}

/// getCorpInfo answered by `answer`: its decode error's status and snippet, and how many
/// API requests were sent.
async fn corp_info_decode_error(answer: fn(&HttpRequest) -> HttpResponse) -> (Error, usize) {
    let fake = fake_hosts(answer);
    let err = two_host_client(fake.clone())
        .member()
        .get_corp_info(&corp())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    (err, calls(&fake).len())
}

fn snippet(err: &Error) -> &str {
    match err {
        Error::Decode(d) => d.snippet(),
        _ => unreachable!("checked by corp_info_decode_error"),
    }
}

#[tokio::test]
async fn a_truncated_200_answer_is_a_decode_error_and_is_not_retried() {
    let (err, sent) = corp_info_decode_error(truncated_corp_info).await;
    assert_eq!(err.http_status(), Some(200));
    assert!(
        snippet(&err).starts_with(r#"{"ceoname":"홍길"#),
        "{}",
        snippet(&err)
    );
    assert!(!err.is_retryable());
    assert_eq!(sent, 1, "a 200 that does not decode is not retried");

    // Cut inside a multi-byte character: still a decode error with a readable snippet.
    let (err, sent) = corp_info_decode_error(corp_info_cut_inside_a_character).await;
    assert_eq!(err.http_status(), Some(200));
    assert!(
        snippet(&err).starts_with(r#"{"ceoname":"홍"#),
        "{}",
        snippet(&err)
    );
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn get_point_info_against_the_sandbox() {
    let sb = Sandbox::builder()
        .initial_points(12_345)
        .start()
        .await
        .unwrap();
    let client = Popbill::new(
        Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
            .test(true)
            .auth_url(sb.base_url())
            .api_url(sb.base_url())
            .attempt_timeout(Duration::from_secs(5))
            .build()
            .unwrap(),
    );
    let c = CorpNum::parse_unchecked("1234567890").unwrap();
    let m = client.member();

    let info = m.get_point_info(&c).await.unwrap();
    assert_eq!(
        (info.total_point, info.charge_point, info.bonus_point),
        (12_345.0, 12_345.0, 0.0)
    );
    assert_eq!(m.get_balance(&c).await.unwrap(), info.total_point);

    assert!(sb.set_points("1234567890", 777));
    let info = m.get_point_info(&c).await.unwrap();
    assert_eq!(info.total_point, 777.0);
    assert_eq!(info.charge_point, 777.0);
    assert_eq!(sb.points("1234567890"), Some(777));
    sb.shutdown().await;
}

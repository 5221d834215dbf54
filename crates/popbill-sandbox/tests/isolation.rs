//! Partner isolation on the Linkhub side: a member belongs to the partner (LinkID) that
//! registered it. Another partner cannot get a token for it (Linkhub answers as for a business
//! number that is not a member), with and without `--strict-members`, and `UserPointInfo` needs
//! a partner token and answers only for the partner's own members.
#![allow(clippy::unwrap_used)]

mod support;

use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox, SandboxHandle};
use serde_json::json;
use support::*;

/// A second partner's LinkID and SecretKey (Base64 of 32 bytes of 0x01; fake).
const OTHER: (&str, &str) = (
    "OTHERPARTNER",
    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
);
const TESTER: (&str, &str) = (DEFAULT_LINK_ID, DEFAULT_SECRET_KEY);
/// Linkhub's answer for a business number that is not a member (of this partner).
const LH_NOT_MEMBER: i64 = -99003008;

async fn two_partners(strict: bool) -> SandboxHandle {
    Sandbox::builder()
        .partner(TESTER.0, TESTER.1)
        .partner(OTHER.0, OTHER.1)
        .strict_members(strict)
        .start()
        .await
        .unwrap()
}

async fn token_for(sb: &SandboxHandle, partner: (&str, &str), body: serde_json::Value) -> Resp {
    let date = iso(sb.clock().now_secs());
    token_request_as(sb, partner, &body.to_string(), &date, None, "POPBILL_TEST").await
}

fn join_form(link_id: &str, corp: &str, id: &str) -> serde_json::Value {
    json!({
        "LinkID": link_id, "CorpNum": corp, "ID": id, "Password": "asdf1234!@",
        "CEOName": "대표", "CorpName": "상호", "Addr": "주소", "BizType": "업태",
        "BizClass": "종목", "ContactName": "담당", "ContactEmail": "a@b.c", "ContactTEL": "02-1-2",
    })
}

#[tokio::test]
async fn another_partner_cannot_get_a_token_for_an_auto_joined_member() {
    let sb = two_partners(false).await;
    // TESTER's first token request makes CORP TESTER's member.
    let r = token_for(
        &sb,
        TESTER,
        json!({"access_id": CORP, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = token_for(
        &sb,
        OTHER,
        json!({"access_id": CORP, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 401, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), LH_NOT_MEMBER);
    // The refusal does not say which partner serves the member.
    let msg = r.json()["message"].as_str().unwrap().to_owned();
    assert!(!msg.contains(DEFAULT_LINK_ID), "{msg}");
    // OTHER's own members still work, and TESTER still gets its token.
    let r = token_for(
        &sb,
        OTHER,
        json!({"access_id": BUYER, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = token_for(
        &sb,
        TESTER,
        json!({"access_id": CORP, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = token_for(
        &sb,
        TESTER,
        json!({"access_id": BUYER, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 401, "BUYER is OTHER's member now");
    assert_eq!(r.code(), LH_NOT_MEMBER);
}

#[tokio::test]
async fn another_partner_cannot_get_a_token_for_a_joined_member_with_strict_members() {
    let sb = two_partners(true).await;
    let r = req(
        sb.addr(),
        "POST",
        "/Join",
        &[("Content-Type", "application/json")],
        join_form(TESTER.0, CORP, "testerjoin1")
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = token_for(
        &sb,
        OTHER,
        json!({"access_id": CORP, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), LH_NOT_MEMBER);
    let r = token_for(
        &sb,
        TESTER,
        json!({"access_id": CORP, "scope": ["member", "110"]}),
    )
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn user_point_info_needs_a_partner_token_and_answers_only_own_members() {
    let sb = two_partners(false).await;
    // CORP is TESTER's, BUYER is OTHER's.
    let member_tok = {
        let r = token_for(&sb, TESTER, json!({"access_id": CORP, "scope": ["member"]})).await;
        r.json()["session_token"].as_str().unwrap().to_owned()
    };
    let r = token_for(&sb, OTHER, json!({"access_id": BUYER, "scope": ["member"]})).await;
    assert_eq!(r.status, 200);
    let partner_tok = {
        let r = token_for(&sb, TESTER, json!({"scope": ["partner"]})).await;
        assert_eq!(r.status, 200);
        r.json()["session_token"].as_str().unwrap().to_owned()
    };
    let ask = |tok: String| {
        let addr = sb.addr();
        async move {
            let auth = format!("Bearer {tok}");
            req(
                addr,
                "POST",
                "/POPBILL_TEST/UserPointInfo",
                &[
                    ("Authorization", &auth),
                    ("Content-Type", "application/json"),
                ],
                json!([CORP, BUYER]).to_string().as_bytes(),
            )
            .await
        }
    };
    // A member token is refused.
    let r = ask(member_tok).await;
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), -10000031);
    // The partner token sees its own member only.
    let r = ask(partner_tok).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let list = r.json();
    let corps: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["corpNum"].as_str().unwrap())
        .collect();
    assert_eq!(corps, vec![CORP]);
}

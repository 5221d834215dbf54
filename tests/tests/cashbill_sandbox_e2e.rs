//! End to end: the Cashbill life cycle through the sandbox over HTTP (issue, filing on the
//! sandbox clock, revocation rules, search, outbox, points, validation, member isolation,
//! persistence). The requests are the official SDKs' wire form (the conformance run drives the
//! same server with the official Python SDK).
#![allow(clippy::unwrap_used)]

#[path = "../../crates/popbill-sandbox/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use popbill_sandbox::{OutboxKind, Sandbox, SandboxHandle};
use serde_json::{Value, json};
use support::{CORP, Resp, api, today, token};

const OTHER: &str = "8888888888";
const HP: &str = "01011112222";

fn cashbill(mgt: &str) -> Value {
    json!({
        "mgtKey": mgt, "tradeType": "승인거래", "tradeUsage": "소득공제용", "tradeOpt": "일반",
        "taxationType": "과세", "supplyCost": "10000", "tax": "1000", "serviceFee": "0",
        "totalAmount": "11000", "franchiseCorpNum": CORP, "franchiseCorpName": "가맹점",
        "identityNum": HP, "email": "consumer@test.com", "hp": HP, "smssendYN": true,
        "itemName": "상품",
    })
}

fn with(mut v: Value, k: &str, x: Value) -> Value {
    v[k] = x;
    v
}

async fn tok(sb: &SandboxHandle, corp: &str) -> String {
    token(sb, corp, &["member", "140"]).await
}

async fn issue(sb: &SandboxHandle, t: &str, body: &Value) -> Resp {
    api(sb, t, "POST", "/Cashbill", Some("ISSUE"), Some(body)).await
}

async fn info(sb: &SandboxHandle, t: &str, mgt: &str) -> Resp {
    api(sb, t, "GET", &format!("/Cashbill/{mgt}"), None, None).await
}

async fn revoke(sb: &SandboxHandle, t: &str, body: &Value) -> Resp {
    api(sb, t, "POST", "/Cashbill", Some("REVOKEISSUE"), Some(body)).await
}

fn ok(r: &Resp) -> Value {
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

fn err(r: &Resp, code: i64) {
    assert!(r.status >= 400, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), code, "{}", String::from_utf8_lossy(&r.body));
}

/// Moves the sandbox clock past the next day's automatic filing (15:00 KST), applies it and
/// returns a fresh token (the old one expired meanwhile).
async fn pass_filing(sb: &SandboxHandle) -> String {
    sb.clock().advance(Duration::from_secs(2 * 86_400));
    sb.tick();
    tok(sb, CORP).await
}

#[tokio::test]
async fn issue_file_and_revoke_with_cumulative_partial_cancels() {
    let sb = Sandbox::builder()
        .cashbill_unit_cost(7)
        .start()
        .await
        .unwrap();
    let t = tok(&sb, CORP).await;
    let before = sb.points(CORP).unwrap();
    let r = ok(&issue(&sb, &t, &with(cashbill("E2E-1"), "memo", json!("메모"))).await);
    let confirm = r["confirmNum"].as_str().unwrap().to_owned();
    let trade_date = r["tradeDate"].as_str().unwrap().to_owned();
    assert!(confirm.len() == 9 && confirm.starts_with("TB"), "{confirm}");
    assert!(
        confirm[2..].bytes().all(|b| b.is_ascii_digit()),
        "{confirm}"
    );
    assert_eq!(trade_date, today(&sb));
    assert_eq!(sb.points(CORP).unwrap(), before - 7, "Cashbill unit cost");
    let i = ok(&info(&sb, &t, "E2E-1").await);
    assert_eq!(
        (i["stateCode"].as_i64(), i["confirmNum"].as_str()),
        (Some(300), Some(confirm.as_str()))
    );
    // Outbox: the issuance mail and SMS went to the consumer.
    let out = sb.outbox();
    assert!(out.iter().any(|m| m.kind == OutboxKind::Email
        && m.reason == "CSH_ISSUE"
        && m.receiver == "consumer@test.com"));
    assert!(
        out.iter()
            .any(|m| m.kind == OutboxKind::Sms && m.receiver == HP)
    );

    // Revocation needs a filed original.
    let rv = |mgt: &str, part: Option<[&str; 4]>| {
        let mut v = json!({"mgtKey": mgt, "orgConfirmNum": confirm, "orgTradeDate": trade_date,
                           "isPartCancel": part.is_some(), "cancelType": 1});
        if let Some([s, x, f, tot]) = part {
            v["supplyCost"] = json!(s);
            v["tax"] = json!(x);
            v["serviceFee"] = json!(f);
            v["totalAmount"] = json!(tot);
        }
        v
    };
    err(&revoke(&sb, &t, &rv("E2E-R1", None)).await, -14001021);
    let t = pass_filing(&sb).await;
    let i = ok(&info(&sb, &t, "E2E-1").await);
    assert_eq!(i["stateCode"].as_i64(), Some(304));
    assert_eq!(i["ntsresultCode"].as_str(), Some("0000"));
    assert!(i["ntssendDT"].as_str().is_some() && i["ntsresultDT"].as_str().is_some());

    // Partial, over the limit, full for the rest, nothing left.
    ok(&revoke(&sb, &t, &rv("E2E-R1", Some(["4000", "400", "0", "4400"]))).await);
    err(
        &revoke(&sb, &t, &rv("E2E-R2", Some(["7000", "700", "0", "7700"]))).await,
        -14001023,
    );
    let full = ok(&revoke(&sb, &t, &rv("E2E-R3", None)).await);
    assert_ne!(full["confirmNum"], json!(confirm));
    let r3 = ok(&info(&sb, &t, "E2E-R3").await);
    assert_eq!(r3["tradeType"].as_str(), Some("취소거래"));
    assert_eq!(r3["totalAmount"].as_str(), Some("6600"));
    assert_eq!(r3["orgConfirmNum"].as_str(), Some(confirm.as_str()));
    err(&revoke(&sb, &t, &rv("E2E-R4", None)).await, -14001023);
    err(
        &revoke(
            &sb,
            &t,
            &with(rv("E2E-R4", None), "orgConfirmNum", json!("TB9999999")),
        )
        .await,
        -14001020,
    );
    assert_eq!(
        sb.points(CORP).unwrap(),
        before - 3 * 7,
        "three receipts charged, refusals free"
    );

    // Search: revocations by TradeType C on the sandbox's today.
    let d = today(&sb);
    let s = ok(&api(
        &sb,
        &t,
        "GET",
        &format!("/Cashbill/Search?DType=I&SDate={d}&EDate={d}&TradeType=C&Order=A"),
        None,
        None,
    )
    .await);
    let keys: Vec<&str> = s["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["mgtKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["E2E-R1", "E2E-R3"]);
}

#[tokio::test]
async fn a_filing_failure_trigger_ends_in_305_and_frees_the_key_on_delete() {
    let sb = Sandbox::builder().start().await.unwrap();
    let t = tok(&sb, CORP).await;
    ok(&issue(
        &sb,
        &t,
        &with(cashbill("E2E-F1"), "memo", json!("TS3 test")),
    )
    .await);
    // supplyCost < tax: the NTS answers TS4.
    let low = with(
        with(
            with(cashbill("E2E-F2"), "supplyCost", json!("500")),
            "tax",
            json!("1000"),
        ),
        "totalAmount",
        json!("1500"),
    );
    ok(&issue(&sb, &t, &low).await);
    err(
        &api(&sb, &t, "POST", "/Cashbill/E2E-F1", Some("DELETE"), None).await,
        -14000010,
    );
    let t = pass_filing(&sb).await;
    for (k, code) in [("E2E-F1", "TS3"), ("E2E-F2", "TS4")] {
        let i = ok(&info(&sb, &t, k).await);
        assert_eq!(
            (i["stateCode"].as_i64(), i["ntsresultCode"].as_str()),
            (Some(305), Some(code))
        );
    }
    ok(&api(&sb, &t, "POST", "/Cashbill/E2E-F1", Some("DELETE"), None).await);
    err(&info(&sb, &t, "E2E-F1").await, -14000003);
    ok(&issue(&sb, &t, &cashbill("E2E-F1")).await);
}

#[tokio::test]
async fn unknown_codes_and_wrong_types_are_refused_without_charging() {
    let sb = Sandbox::builder().start().await.unwrap();
    let t = tok(&sb, CORP).await;
    let before = sb.points(CORP).unwrap();
    let cases: [(&str, Value, i64); 9] = [
        ("tradeType", json!("xxxxx"), -14001098),
        ("tradeUsage", json!("zzz"), -14001098),
        ("tradeOpt", json!("기타"), -14001098),
        ("taxationType", json!(true), -14001099),
        ("franchiseCorpName", json!({}), -14001099),
        ("customerName", json!([]), -14001099),
        ("cancelType", json!(9), -14001098),
        ("totalAmount", json!("99999"), -14001099),
        ("identityNum", json!("010-1111-2222"), -14001099),
    ];
    for (i, (field, value, code)) in cases.into_iter().enumerate() {
        let mgt = format!("E2E-V{i}");
        let r = issue(&sb, &t, &with(cashbill(&mgt), field, value.clone())).await;
        err(&r, code);
        assert!(
            r.json()["message"].as_str().unwrap().contains(field),
            "{field}"
        );
        err(&info(&sb, &t, &mgt).await, -14000003);
    }
    assert_eq!(
        sb.points(CORP).unwrap(),
        before,
        "no point charged for a refused receipt"
    );
}

#[tokio::test]
async fn members_see_only_their_receipts_and_keys() {
    let sb = Sandbox::builder().start().await.unwrap();
    let a = tok(&sb, CORP).await;
    let b = tok(&sb, OTHER).await;
    ok(&issue(&sb, &a, &cashbill("SHARED-1")).await);
    // Another member neither sees the receipt nor finds its key taken.
    err(&info(&sb, &b, "SHARED-1").await, -14000003);
    let theirs = with(cashbill("SHARED-1"), "franchiseCorpNum", json!(OTHER));
    ok(&issue(&sb, &b, &theirs).await);
    // A receipt names the caller as franchise, never another member.
    err(&issue(&sb, &b, &cashbill("SHARED-2")).await, -14001002);
    // A token without the Cashbill scope is refused.
    let ti_only = token(&sb, CORP, &["member", "110"]).await;
    err(&info(&sb, &ti_only, "SHARED-1").await, -10000031);
}

#[tokio::test]
async fn receipts_and_their_filing_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("cbsandbox-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.sqlite");
    let _ = std::fs::remove_file(&path);
    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let t = tok(&sb, CORP).await;
    ok(&issue(&sb, &t, &cashbill("KEEP-1")).await);
    let offset = sb.clock().offset_millis();
    sb.shutdown().await;

    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    sb.clock()
        .advance(Duration::from_millis(offset.max(0) as u64));
    let t = tok(&sb, CORP).await;
    let i = ok(&info(&sb, &t, "KEEP-1").await);
    assert_eq!(i["stateCode"].as_i64(), Some(300));
    err(&issue(&sb, &t, &cashbill("KEEP-1")).await, -14000004);
    let t = pass_filing(&sb).await;
    assert_eq!(
        ok(&info(&sb, &t, "KEEP-1").await)["stateCode"].as_i64(),
        Some(304)
    );
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

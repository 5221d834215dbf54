//! Robustness and protocol tests over real HTTP against an in-process sandbox: bad input gets
//! the documented error shape with a 4xx, SDK wire habits are tolerated, tokens are checked,
//! concurrent changes to one document are atomic, faults are injected as configured.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Read;
use std::time::Duration;

use popbill_sandbox::{FaultAction, FaultRule, NtsDelay, OutboxKind, Sandbox, SandboxHandle};
use serde_json::{Value, json};
use support::*;

async fn sandbox() -> SandboxHandle {
    Sandbox::builder().start().await.unwrap()
}

fn assert_error(r: &Resp, status: u16, code: i64) {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "error answers are JSON"
    );
    let v = r.json();
    assert_eq!(v["code"].as_i64(), Some(code), "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
}

// ------------------------------------------------------------------ malformed input

#[tokio::test]
async fn malformed_json_is_a_400_in_the_documented_shape() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let auth = format!("Bearer {t}");
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    for bad in [&b"{not json"[..], b"{\"a\":", b"\xff\xfe", b"[1,2"] {
        let r = req(sb.addr(), "POST", "/Taxinvoice", &h, bad).await;
        assert_error(&r, 400, -10000050);
    }
    // a JSON value of the wrong kind
    let r = req(sb.addr(), "POST", "/Taxinvoice", &h, b"[1,2]").await;
    assert_error(&r, 400, -10000050);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let auth = format!("Bearer {t}");
    let body = invoice("CT-1", &today(&sb)).to_string();
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/xml"),
    ];
    let r = req(sb.addr(), "POST", "/Taxinvoice", &h, body.as_bytes()).await;
    assert_error(&r, 415, -10000051);
    // attachFile without multipart
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice",
        None,
        Some(&invoice("CT-2", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200);
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let r = req(sb.addr(), "POST", "/Taxinvoice/SELL/CT-2/Files", &h, b"{}").await;
    assert_error(&r, 415, -10000051);
}

#[tokio::test]
async fn oversized_bodies_are_413_declared_or_chunked() {
    let sb = Sandbox::builder().max_body(1024).start().await.unwrap();
    let big = vec![b'a'; 4096];
    let r = req(
        sb.addr(),
        "POST",
        "/Join",
        &[("Content-Type", "application/json")],
        &big,
    )
    .await;
    assert_error(&r, 413, -10000052);
    // chunked, no Content-Length: the limit applies while reading
    let mut bytes = format!(
        "POST /Join HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n{:x}\r\n",
        big.len()
    )
    .into_bytes();
    bytes.extend_from_slice(&big);
    bytes.extend_from_slice(b"\r\n0\r\n\r\n");
    let r = raw(sb.addr(), &bytes).await.unwrap();
    assert_error(&r, 413, -10000052);
}

#[tokio::test]
async fn unknown_routes_and_verbs() {
    let sb = sandbox().await;
    let r = req(sb.addr(), "GET", "/Nothing/Here", &[], b"").await;
    assert_error(&r, 404, -10000053);
    let r = req(sb.addr(), "GET", "/Statement/X", &[], b"").await;
    assert_error(&r, 404, -10000053);
    let r = req(sb.addr(), "POST", "/Time", &[], b"").await;
    assert_error(&r, 405, -10000055);
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice/SELL/K1",
        Some("EXPLODE"),
        None,
    )
    .await;
    assert_error(&r, 405, -10000055);
}

#[tokio::test]
async fn bad_query_values_are_400() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let d = today(&sb);
    for q in [
        format!("DType=W&SDate={d}&EDate={d}&Page=abc"),
        format!("DType=W&SDate={d}&EDate={d}&PerPage=5000"),
        format!("DType=Q&SDate={d}&EDate={d}"),
        format!("DType=W&SDate=2025-01-01&EDate={d}"),
        format!("DType=W&SDate={d}"),
        format!("DType=W&SDate={d}&EDate={d}&State=9"),
        format!("DType=W&SDate={d}&EDate={d}&QString=%FF"),
    ] {
        let r = api(&sb, &t, "GET", &format!("/Taxinvoice/SELL?{q}"), None, None).await;
        assert_error(&r, 400, -10000054);
    }
    let r = api(&sb, &t, "GET", "/Taxinvoice?cfg=NOPE", None, None).await;
    assert_error(&r, 400, -10000054);
}

// ------------------------------------------------------------------ SDK wire habits

#[tokio::test]
async fn chunked_body_raw_utf8_nulls_and_no_version_header() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let mut inv = invoice("CH-1", &today(&sb));
    inv["invoicerTaxRegID"] = Value::Null; // Python sends null
    inv["cash"] = json!(""); // examples send ""
    let body = serde_json::to_vec(&inv).unwrap(); // raw UTF-8 Korean
    let mut bytes = format!(
        "POST /Taxinvoice HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json;charset=utf-8\r\nX-HTTP-Method-Override: ISSUE\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(100) {
        bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        bytes.extend_from_slice(chunk);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    let r = raw(sb.addr(), &bytes).await.unwrap();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["ntsConfirmNum"].as_str().unwrap().len(), 24);
    // the same body with \uXXXX escapes (Python) under another key
    let escaped = serde_json::to_string(&invoice("CH-2", &today(&sb)))
        .unwrap()
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect::<String>();
    let auth = format!("Bearer {t}");
    let r = req(
        sb.addr(),
        "POST",
        "/Taxinvoice",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "Application/json"),
        ],
        escaped.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200);
    let d = sb.document(CORP, "SELL", "CH-2").unwrap();
    assert_eq!(d.state_code, 100);
    let info = api(&sb, &t, "GET", "/Taxinvoice/SELL/CH-2?Detail", None, None).await;
    assert_eq!(info.json()["invoicerCorpName"], "공급자 상호");
}

#[tokio::test]
async fn empty_or_absent_override_and_raw_or_encoded_query() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let d = today(&sb);
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice",
        Some(""),
        Some(&invoice("OV-1", &d)),
    )
    .await;
    assert_eq!(r.status, 200, "empty override = plain POST (register)");
    assert_eq!(sb.document(CORP, "SELL", "OV-1").unwrap().state_code, 100);
    let raw_q =
        format!("/Taxinvoice/SELL?DType=W&SDate={d}&EDate={d}&State=1**&QString=공급받는자");
    let enc_q = format!(
        "/Taxinvoice/SELL?DType=W&SDate={d}&EDate={d}&State=1%2A%2A&QString=%EA%B3%B5%EA%B8%89%EB%B0%9B%EB%8A%94%EC%9E%90"
    );
    // raw Korean in the request line is sent as UTF-8 bytes
    for q in [raw_q, enc_q] {
        let r = api(&sb, &t, "GET", &q, None, None).await;
        assert_eq!(r.status, 200, "{q}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.json()["total"], 1, "{q}");
    }
}

#[tokio::test]
async fn single_quoted_contact_body_is_accepted() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let admin = format!("{{'id':'sandbox{CORP}'}}");
    let auth = format!("Bearer {t}");
    let r = req(
        sb.addr(),
        "POST",
        "/Contact",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json; charset=utf8"),
        ],
        admin.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["mgrYN"], true);
}

#[tokio::test]
async fn gzip_only_when_asked() {
    let sb = sandbox().await;
    let plain = req(sb.addr(), "GET", "/Time", &[], b"").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert!(
        plain
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    let zipped = req(
        sb.addr(),
        "GET",
        "/Time",
        &[("Accept-Encoding", "gzip,deflate")],
        b"",
    )
    .await;
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text.len(), 20, "{text}");
    assert!(text.ends_with('Z'));
    let refused = req(
        sb.addr(),
        "GET",
        "/Time",
        &[("Accept-Encoding", "gzip;q=0")],
        b"",
    )
    .await;
    assert_eq!(refused.header("content-encoding"), None);
}

// ------------------------------------------------------------------ Linkhub tokens

#[tokio::test]
async fn token_requests_both_body_styles_forwarded_and_millis() {
    let sb = sandbox().await;
    let now = sb.clock().now_secs();
    let date = iso(now);
    let py = r#"{"access_id": "1234567890", "scope": ["member", "110"]}"#;
    let compact = r#"{"access_id":"1234567890","scope":["member","110"]}"#;
    for (body, fwd) in [
        (py, None),
        (compact, None),
        (py, Some("*")),
        (compact, Some("10.0.0.1")),
    ] {
        let r = token_request(&sb, body, &date, fwd, "POPBILL_TEST").await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let v = r.json();
        assert_eq!(v["serviceID"], "POPBILL_TEST");
        assert_eq!(v["linkID"], "TESTER");
        assert_eq!(v["scope"], json!(["member", "110"]));
        let exp = v["expiration"].as_str().unwrap();
        assert!(exp.ends_with(".000Z") && exp.len() == 24, "{exp}");
        // Python's check: expiration minus 5 chars, compared as text with now
        assert!(exp[..exp.len() - 5] > *date.trim_end_matches('Z'));
        if let Some(f) = fwd {
            assert_eq!(v["ipaddress"], f);
        }
    }
    // Node sends milliseconds
    let millis = format!("{}.123Z", date.trim_end_matches('Z'));
    let r = token_request(&sb, compact, &millis, None, "POPBILL").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["serviceID"], "POPBILL");
    // Java partner token without access_id
    let r = token_request(&sb, r#"{"scope":["partner"]}"#, &date, None, "POPBILL_TEST").await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn token_request_refusals() {
    let sb = sandbox().await;
    let date = iso(sb.clock().now_secs());
    let body = r#"{"access_id":"1234567890","scope":["member","110"]}"#;
    // outside the ±5 minute window
    let r = token_request(
        &sb,
        body,
        &iso(sb.clock().now_secs() - 600),
        None,
        "POPBILL_TEST",
    )
    .await;
    assert_error(&r, 401, -99010004);
    // malformed date
    let r = token_request(&sb, body, "2025-01-01 00:00:00", None, "POPBILL_TEST").await;
    assert_error(&r, 401, -99010004);
    // signature over other bytes (a forwarded header that was not signed)
    let sig = popbill_sandbox::auth::sign_token_request(
        popbill_sandbox::DEFAULT_SECRET_KEY,
        body.as_bytes(),
        &date,
        None,
        "/POPBILL_TEST/Token",
    )
    .unwrap();
    let auth = format!("LINKHUB TESTER {sig}");
    let r = req(
        sb.addr(),
        "POST",
        "/POPBILL_TEST/Token",
        &[
            ("x-lh-date", &date),
            ("x-lh-version", "2.0"),
            ("x-lh-forwarded", "*"),
            ("Authorization", &auth),
        ],
        body.as_bytes(),
    )
    .await;
    assert_error(&r, 401, -99010007);
    // unknown LinkID
    let auth = format!("LINKHUB NOBODY {sig}");
    let r = req(
        sb.addr(),
        "POST",
        "/POPBILL_TEST/Token",
        &[
            ("x-lh-date", &date),
            ("x-lh-version", "2.0"),
            ("Authorization", &auth),
        ],
        body.as_bytes(),
    )
    .await;
    assert_error(&r, 401, -99004021);
    // no Authorization
    let r = req(
        sb.addr(),
        "POST",
        "/POPBILL_TEST/Token",
        &[],
        body.as_bytes(),
    )
    .await;
    assert_error(&r, 401, -99003002);
    // unsupported version
    let auth = format!("LINKHUB TESTER {sig}");
    let r = req(
        sb.addr(),
        "POST",
        "/POPBILL_TEST/Token",
        &[
            ("x-lh-date", &date),
            ("x-lh-version", "1.0"),
            ("Authorization", &auth),
        ],
        body.as_bytes(),
    )
    .await;
    assert_error(&r, 400, -99003005);
    // bad body (signed correctly)
    let r = token_request(
        &sb,
        r#"{"access_id":"12","scope":[]}"#,
        &date,
        None,
        "POPBILL_TEST",
    )
    .await;
    assert_error(&r, 400, -99003006);
}

#[tokio::test]
async fn bearer_token_checks() {
    let sb = Sandbox::builder()
        .token_ttl(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let r = req(sb.addr(), "GET", "/Taxinvoice/SELL/K", &[], b"").await;
    assert_error(&r, 401, -10000034);
    let r = req(
        sb.addr(),
        "GET",
        "/Taxinvoice/SELL/K",
        &[("Authorization", "Bearer not-a-token")],
        b"",
    )
    .await;
    assert_error(&r, 401, -10000033);
    // a Cashbill token cannot call Taxinvoice
    let cash = token(&sb, CORP, &["member", "140"]).await;
    let r = api(&sb, &cash, "GET", "/Taxinvoice/SELL/K", None, None).await;
    assert_error(&r, 403, -10000031);
    // ... but may call the member API
    let r = api(&sb, &cash, "GET", "/CorpInfo", None, None).await;
    assert_eq!(r.status, 200);
    // a test-environment token cannot read production points
    let r = api(&sb, &cash, "GET", "/POPBILL/Point", None, None).await;
    assert_error(&r, 403, -10000031);
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/K", None, None).await;
    assert_error(&r, 404, -11000005);
    let debug = format!("{sb:?}");
    assert!(!debug.contains(&t), "session tokens never appear in Debug");
    assert!(!debug.contains(popbill_sandbox::DEFAULT_SECRET_KEY));
    sb.clock().advance(Duration::from_secs(61));
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/K", None, None).await;
    assert_error(&r, 401, -10000033);
    assert!(r.json()["message"].as_str().unwrap().contains("만료"));
    // a fresh token works again
    let t2 = token(&sb, CORP, &["member", "110"]).await;
    let r = api(&sb, &t2, "GET", "/Taxinvoice/SELL/K", None, None).await;
    assert_error(&r, 404, -11000005);
}

#[tokio::test]
async fn strict_members_need_join_first() {
    let sb = Sandbox::builder()
        .strict_members(true)
        .start()
        .await
        .unwrap();
    let body = r#"{"access_id":"1234567890","scope":["member","110"]}"#;
    let r = token_request(&sb, body, &iso(sb.clock().now_secs()), None, "POPBILL_TEST").await;
    assert_error(&r, 401, -99003008);
    let r = req(
        sb.addr(),
        "GET",
        "/Join?CorpNum=1234567890&LID=TESTER",
        &[],
        b"",
    )
    .await;
    assert_eq!(r.json()["code"], 0);
    let join = json!({"ID": "joiner01", "Password": "asdf1234!@", "CorpNum": CORP,
        "CEOName": "대표", "CorpName": "상호", "Addr": "주소", "BizType": "업태",
        "BizClass": "종목", "ContactName": "담당", "ContactEmail": "a@b.c",
        "ContactTEL": "02-1", "LinkID": "TESTER"});
    let r = req(
        sb.addr(),
        "POST",
        "/Join",
        &[("Content-Type", "application/json")],
        join.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = req(
        sb.addr(),
        "GET",
        "/Join?CorpNum=1234567890&LID=TESTER",
        &[],
        b"",
    )
    .await;
    assert_eq!(r.json()["code"], 1);
    let r = token_request(&sb, body, &iso(sb.clock().now_secs()), None, "POPBILL_TEST").await;
    assert_eq!(r.status, 200);
    assert_eq!(sb.points(CORP), Some(100_000));
}

// ------------------------------------------------------------------ atomicity

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_issue_of_one_draft_has_exactly_one_winner() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice",
        None,
        Some(&invoice("RACE-1", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200);
    let before = sb.points(CORP).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let addr = sb.addr();
        let auth = format!("Bearer {t}");
        tasks.push(tokio::spawn(async move {
            req(
                addr,
                "POST",
                "/Taxinvoice/SELL/RACE-1",
                &[
                    ("Authorization", auth.as_str()),
                    ("X-HTTP-Method-Override", "ISSUE"),
                    ("Content-Type", "application/json"),
                ],
                b"{\"forceIssue\":false}",
            )
            .await
        }));
    }
    let mut ok = 0;
    let mut refused = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => ok += 1,
            409 => {
                assert_eq!(r.code(), -11000001);
                refused += 1
            }
            s => panic!("unexpected {s}"),
        }
    }
    assert_eq!((ok, refused), (1, 15));
    assert_eq!(sb.points(CORP).unwrap(), before - 10, "charged once");
    let mails = sb
        .outbox()
        .into_iter()
        .filter(|m| m.reason == "TAX_ISSUE" && m.mgt_key.as_deref() == Some("RACE-1"))
        .count();
    assert_eq!(mails, 1);
    let d = sb.document(CORP, "SELL", "RACE-1").unwrap();
    assert_eq!(d.log_types.iter().filter(|t| **t == 230).count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registration_of_one_mgt_key_has_exactly_one_winner() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let body = invoice("RACE-2", &today(&sb));
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let addr = sb.addr();
        let auth = format!("Bearer {t}");
        let b = body.to_string();
        tasks.push(tokio::spawn(async move {
            req(
                addr,
                "POST",
                "/Taxinvoice",
                &[
                    ("Authorization", auth.as_str()),
                    ("X-HTTP-Method-Override", "ISSUE"),
                    ("Content-Type", "application/json"),
                ],
                b.as_bytes(),
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        11,
        "{statuses:?}"
    );
    assert_eq!(sb.document_count(), 1);
}

// ------------------------------------------------------------------ fault injection

#[tokio::test]
async fn injected_5xx_latency_and_dropped_connections() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    // 5xx for the next request only
    sb.faults()
        .add(FaultRule::new("/Taxinvoice*", FaultAction::Status { status: 503 }).times(1));
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/F", None, None).await;
    assert_error(&r, 503, -10000099);
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/F", None, None).await;
    assert_eq!(r.status, 404, "the rule is spent");
    // drop before processing: nothing registered, no answer
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::DropBefore)
            .verb("ISSUE")
            .times(1),
    );
    let b = serde_json::to_vec(&invoice("F-1", &today(&sb))).unwrap();
    let auth = format!("Bearer {t}");
    let h = [
        ("Authorization", auth.as_str()),
        ("X-HTTP-Method-Override", "ISSUE"),
        ("Content-Type", "application/json"),
    ];
    assert!(
        try_req(sb.addr(), "POST", "/Taxinvoice", &h, &b)
            .await
            .is_err()
    );
    assert!(sb.document(CORP, "SELL", "F-1").is_none());
    // drop after commit: the invoice is issued, the client hears nothing
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::DropAfterCommit)
            .verb("ISSUE")
            .times(1),
    );
    assert!(
        try_req(sb.addr(), "POST", "/Taxinvoice", &h, &b)
            .await
            .is_err()
    );
    assert_eq!(sb.document(CORP, "SELL", "F-1").unwrap().state_code, 300);
    // a blind retry is refused: the MgtKey is taken
    let r = req(sb.addr(), "POST", "/Taxinvoice", &h, &b).await;
    assert_error(&r, 409, -11000004);
    // latency
    sb.faults()
        .add(FaultRule::new("/Time", FaultAction::Latency { ms: 300 }).times(1));
    let start = std::time::Instant::now();
    let r = req(sb.addr(), "GET", "/Time", &[], b"").await;
    assert_eq!(r.status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    // control endpoint
    let rule = json!({"route": "/Join*", "action": {"kind": "status", "status": 500}, "count": 1});
    let r = req(
        sb.addr(),
        "POST",
        "/__control/faults",
        &[("Content-Type", "application/json")],
        rule.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = req(sb.addr(), "GET", "/Join?CorpNum=1&LID=TESTER", &[], b"").await;
    assert_error(&r, 500, -10000099);
    let bad = json!({"route": "*", "action": {"kind": "status", "status": 200}});
    let r = req(
        sb.addr(),
        "POST",
        "/__control/faults",
        &[("Content-Type", "application/json")],
        bad.to_string().as_bytes(),
    )
    .await;
    assert_error(&r, 400, -10000050);
}

// ------------------------------------------------------------------ timed behaviour

#[tokio::test]
async fn nts_delay_files_without_send_to_nts() {
    let sb = Sandbox::builder()
        .nts_delay(NtsDelay::After(Duration::from_secs(60)))
        .filing_step(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice",
        Some("ISSUE"),
        Some(&invoice("D-1", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200);
    sb.clock().advance(Duration::from_secs(30));
    assert_eq!(sb.document(CORP, "SELL", "D-1").unwrap().state_code, 300);
    sb.clock().advance(Duration::from_millis(30_500));
    assert_eq!(sb.document(CORP, "SELL", "D-1").unwrap().state_code, 301);
    sb.clock().advance(Duration::from_secs(1));
    assert_eq!(sb.document(CORP, "SELL", "D-1").unwrap().state_code, 302);
    sb.clock().advance(Duration::from_secs(5));
    let d = sb.document(CORP, "SELL", "D-1").unwrap();
    assert_eq!(d.state_code, 304);
    assert_eq!(d.nts_send_err_code.as_deref(), Some("SUC001"));
    let tail: Vec<u16> = d.log_types[d.log_types.len() - 5..].to_vec();
    assert_eq!(tail, vec![250, 251, 252, 254, 253]);
}

#[tokio::test]
async fn default_filing_is_next_day_15h_kst_and_remark1_triggers_failure() {
    let sb = Sandbox::builder().start().await.unwrap();
    let t = token(&sb, CORP, &["member", "110"]).await;
    let mut inv = invoice("D-2", &today(&sb));
    inv["remark1"] = json!("please fail ERR007");
    inv["invoicerEmail"] = json!("seller@test.com");
    let r = api(&sb, &t, "POST", "/Taxinvoice", Some("ISSUE"), Some(&inv)).await;
    assert_eq!(r.status, 200);
    sb.clock().advance(Duration::from_secs(3600));
    assert_eq!(sb.document(CORP, "SELL", "D-2").unwrap().state_code, 300);
    sb.clock().advance(Duration::from_secs(2 * 86_400));
    let d = sb.document(CORP, "SELL", "D-2").unwrap();
    assert_eq!(d.state_code, 305);
    assert_eq!(d.nts_send_err_code.as_deref(), Some("ERR007"));
    let fail_mail = sb.outbox().into_iter().any(|m| {
        m.reason == "TAX_NTSFAIL_INVOICER"
            && m.kind == OutboxKind::Email
            && m.receiver == "seller@test.com"
    });
    assert!(fail_mail, "the seller is told about the failed filing");
}

#[tokio::test]
async fn bulk_moves_through_tx_states() {
    let sb = Sandbox::builder()
        .bulk_step(Duration::from_secs(10))
        .start()
        .await
        .unwrap();
    let t = token(&sb, CORP, &["member", "110"]).await;
    let d = today(&sb);
    let body = json!({"forceIssue": false, "invoices": [invoice("B-1", &d), invoice("B-2", &d), invoice("B-1", &d)]});
    let bytes = serde_json::to_vec(&body).unwrap();
    let auth = format!("Bearer {t}");
    let send = |submit: &'static str, digest: Option<String>| {
        let addr = sb.addr();
        let auth = auth.clone();
        let bytes = bytes.clone();
        async move {
            let mut h = vec![
                ("Authorization", auth.clone()),
                ("X-HTTP-Method-Override", "BULKISSUE".to_owned()),
                ("Content-Type", "application/json".to_owned()),
                ("x-pb-submit-id", submit.to_owned()),
            ];
            if let Some(d) = digest {
                h.push(("x-pb-message-digest", d));
            }
            let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
            req(addr, "POST", "/Taxinvoice", &h, &bytes).await
        }
    };
    let r = send("SUB-1", Some("wrong".into())).await;
    assert_error(&r, 400, -11000014);
    let r = send("bad id!", None).await;
    assert_error(&r, 400, -11000012);
    let r = send("SUB-1", None).await;
    assert_eq!(r.status, 200);
    let receipt = r.json()["receiptID"].as_str().unwrap().to_owned();
    let again = send("SUB-1", None).await;
    assert_eq!(again.json()["receiptID"], receipt.as_str());
    let state = |sb: &SandboxHandle, t: String| {
        let addr = sb.addr();
        async move {
            let auth = format!("Bearer {t}");
            req(
                addr,
                "GET",
                "/Taxinvoice/BULK/SUB-1/State",
                &[("Authorization", &auth)],
                b"",
            )
            .await
            .json()
        }
    };
    assert_eq!(state(&sb, t.clone()).await["txState"], 0);
    sb.clock().advance(Duration::from_secs(10));
    assert_eq!(state(&sb, t.clone()).await["txState"], 1);
    sb.clock().advance(Duration::from_secs(10));
    let done = state(&sb, t.clone()).await;
    assert_eq!(done["txState"], 2);
    assert_eq!(done["submitCount"], 3);
    assert_eq!(done["successCount"], 2);
    assert_eq!(done["failCount"], 1);
    assert_eq!(done["issueResult"][2]["code"], -11000004, "{done}");
    assert_eq!(sb.document(CORP, "SELL", "B-2").unwrap().state_code, 300);
    let r = api(&sb, &t, "GET", "/Taxinvoice/BULK/NOPE/State", None, None).await;
    assert_error(&r, 404, -11000015);
}

#[tokio::test]
async fn view_urls_expire_after_30_seconds_except_mail() {
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(
        &sb,
        &t,
        "POST",
        "/Taxinvoice",
        Some("ISSUE"),
        Some(&invoice("U-1", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200);
    let url = |tg: &str| {
        let tg = tg.to_owned();
        let t = t.clone();
        let sb = &sb;
        async move {
            let r = api(
                sb,
                &t,
                "GET",
                &format!("/Taxinvoice/SELL/U-1?TG={tg}"),
                None,
                None,
            )
            .await;
            r.json()["url"].as_str().unwrap().to_owned()
        }
    };
    let view = url("VIEW").await;
    let mail = url("MAIL").await;
    let path = |u: &str| {
        u.split_once("/__view/")
            .map(|(_, k)| format!("/__view/{k}"))
            .unwrap()
    };
    assert!(view.starts_with(sb.base_url()));
    let r = req(sb.addr(), "GET", &path(&view), &[], b"").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    sb.clock().advance(Duration::from_secs(31));
    let r = req(sb.addr(), "GET", &path(&view), &[], b"").await;
    assert_eq!(r.status, 410);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let r = req(sb.addr(), "GET", &path(&mail), &[], b"").await;
    assert_eq!(r.status, 200);
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/U-1?PDF", None, None).await;
    assert_eq!(
        r.header("content-type"),
        Some("application/pdf;charset=utf-8")
    );
    assert!(r.body.starts_with(b"%PDF-1.4"));
}

// ------------------------------------------------------------------ persistence

#[tokio::test]
async fn state_file_survives_restart() {
    let dir = std::env::temp_dir().join(format!("pbsb-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.sqlite");
    let _ = std::fs::remove_file(&path);
    let (tok, item_key) = {
        let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
        let t = token(&sb, CORP, &["member", "110"]).await;
        let r = api(
            &sb,
            &t,
            "POST",
            "/Taxinvoice",
            Some("ISSUE"),
            Some(&invoice("S-1", &today(&sb))),
        )
        .await;
        assert_eq!(r.status, 200);
        let ik = sb.document(CORP, "SELL", "S-1").unwrap().item_key;
        sb.shutdown().await;
        (t, ik)
    };
    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let r = api(&sb, &tok, "GET", "/Taxinvoice/SELL/S-1", None, None).await;
    assert_eq!(r.status, 200, "token and document survive a restart");
    assert_eq!(r.json()["itemKey"], item_key.as_str());
    assert_eq!(r.json()["stateCode"], 300);
    assert_eq!(sb.points(CORP), Some(100_000 - 10));
    // counters survive too: the next document gets a new ItemKey
    let r = api(
        &sb,
        &tok,
        "POST",
        "/Taxinvoice",
        None,
        Some(&invoice("S-2", &today(&sb))),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_ne!(sb.document(CORP, "SELL", "S-2").unwrap().item_key, item_key);
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn expect_100_continue_is_honoured() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // .NET's HttpWebRequest and PHP's curl send `Expect: 100-continue` and wait before the body.
    let sb = sandbox().await;
    let t = token(&sb, CORP, &["member", "110"]).await;
    let body = serde_json::to_vec(&invoice("EX-1", &today(&sb))).unwrap();
    let mut s = tokio::net::TcpStream::connect(sb.addr()).await.unwrap();
    let head = format!(
        "POST /Taxinvoice HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json;\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut first = [0u8; 25];
    tokio::time::timeout(Duration::from_secs(5), s.read_exact(&mut first))
        .await
        .expect("100 Continue arrives without the body")
        .unwrap();
    assert_eq!(&first, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(&body).await.unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).await.unwrap();
    assert!(
        rest.starts_with(b"HTTP/1.1 200 OK"),
        "{}",
        String::from_utf8_lossy(&rest)
    );
    assert_eq!(sb.document(CORP, "SELL", "EX-1").unwrap().state_code, 100);
}

/// A negative unit cost is refused when the sandbox starts: before, it was accepted and the
/// first issuance overflowed the member's balance in `charge` (the handler panicked, HTTP 500).
#[tokio::test]
async fn negative_unit_cost_is_refused_at_start() {
    for cost in [-1, i64::MIN] {
        let err = Sandbox::builder()
            .unit_cost(cost)
            .start()
            .await
            .expect_err("refused");
        assert!(
            err.to_string()
                .contains(&format!("unit_cost must not be negative, got {cost}")),
            "{err}"
        );
    }
    assert!(Sandbox::builder().unit_cost(0).start().await.is_ok());
}

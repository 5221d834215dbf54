//! What the sandbox's load benchmarks share: a keep-alive HTTP client, one session token taken
//! over the wire, and the registIssue request they drive.
#![allow(dead_code, unreachable_pub)] // each benchmark uses a different part

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, SandboxHandle};
use serde_json::{Value, json};

/// The load generator's HTTP/1.1 client.
pub type Http = Client<HttpConnector, Full<Bytes>>;

/// A client keeping up to `connections` idle connections to the sandbox.
pub fn http(connections: usize) -> Http {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(connections)
        .build_http()
}

/// One request; the status and the whole body.
pub async fn send(
    http: &Http,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, Bytes) {
    let mut b = http::Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let req = b.body(Full::new(Bytes::from(body))).expect("request");
    let resp = http.request(req).await.expect("response");
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, body)
}

/// `Bearer <token>` of a session for member 1234567890, signed as the sandbox's default partner.
pub async fn bearer(http: &Http, sb: &SandboxHandle) -> String {
    let base = sb.base_url();
    let body = json!({"access_id": "1234567890", "scope": ["member", "110"]}).to_string();
    let date = popbill_model::format_utc(sb.clock().now_secs());
    let sig = popbill_sandbox::auth::sign_token_request(
        DEFAULT_SECRET_KEY,
        body.as_bytes(),
        &date,
        None,
        "/POPBILL_TEST/Token",
    )
    .expect("sign");
    let auth = format!("LINKHUB {DEFAULT_LINK_ID} {sig}");
    let (status, tok) = send(
        http,
        "POST",
        &format!("{base}/POPBILL_TEST/Token"),
        &[
            ("x-lh-date", &date),
            ("x-lh-version", "2.0"),
            ("Authorization", &auth),
        ],
        body.into_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    let tok: Value = serde_json::from_slice(&tok).expect("token json");
    format!("Bearer {}", tok["session_token"].as_str().expect("token"))
}

/// registIssue of a 110,000 won invoice written `today` under `mgt_key`; panics unless 200.
pub async fn regist_issue(http: &Http, base: &str, bearer: &str, mgt_key: &str, today: &str) {
    let body = serde_json::to_vec(&invoice(mgt_key, today)).expect("json");
    let (status, body) = send(
        http,
        "POST",
        &format!("{base}/Taxinvoice"),
        &[
            ("Authorization", bearer),
            ("X-HTTP-Method-Override", "ISSUE"),
            ("Content-Type", "application/json; charset=utf8"),
        ],
        body,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
}

fn invoice(mgt_key: &str, today: &str) -> Value {
    json!({
        "writeDate": today, "chargeDirection": "정과금", "issueType": "정발행",
        "purposeType": "영수", "taxType": "과세",
        "invoicerCorpNum": "1234567890", "invoicerMgtKey": mgt_key,
        "invoicerCorpName": "공급자", "invoicerCEOName": "대표",
        "invoiceeType": "사업자", "invoiceeCorpNum": "8888888888",
        "invoiceeCorpName": "공급받는자", "invoiceeCEOName": "대표",
        "invoiceeEmail1": "buyer@test.com",
        "supplyCostTotal": "100000", "taxTotal": "10000", "totalAmount": "110000",
        "detailList": [{"serialNum": 1, "itemName": "품목", "qty": "1", "unitCost": "100000",
                        "supplyCost": "100000", "tax": "10000"}]
    })
}

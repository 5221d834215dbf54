//! Audit tests over real HTTP: arbitrary query strings, JSON bodies and headers never make a
//! handler panic (the server would answer 500 / -99999998), amounts from the network cannot
//! overflow a balance, the control clock refuses out-of-range times, and secrets (bearer tokens,
//! SecretKeys) are not echoed in errors.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use popbill_sandbox::{DEFAULT_SECRET_KEY, Sandbox, SandboxHandle};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::*;

/// The code of an answer produced by a panicking handler.
const INTERNAL: i64 = -99999998;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Panics (fails the property) when the answer says a handler panicked.
fn no_internal_error(r: &Resp, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        r.status != 500,
        "{what}: HTTP 500: {}",
        String::from_utf8_lossy(&r.body)
    );
    if r.status >= 400 {
        prop_assert!(
            r.code() != INTERNAL,
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    Ok(())
}

/// Query text biased toward separators, escapes and numbers at the edges of i64.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just("%".to_owned()),
        Just("%FF".to_owned()),
        Just("%EA%B3%B5".to_owned()),
        Just("+".to_owned()),
        Just(",".to_owned()),
        Just("Page=".to_owned()),
        Just("PerPage=".to_owned()),
        Just("SDate=".to_owned()),
        Just("EDate=".to_owned()),
        Just("Order=".to_owned()),
        Just("TG=".to_owned()),
        Just("State=".to_owned()),
        Just("Type=".to_owned()),
        Just("DType=".to_owned()),
        Just("QString=".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("20250101".to_owned()),
        Just("0".to_owned()),
        "[A-Za-z0-9*]{0,6}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// Arbitrary JSON whose object keys are mostly the field names handlers look for.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(i64::MAX.to_string())),
        Just(json!("")),
        Just(json!("20250101")),
        Just(json!("1234567890")),
        any::<String>().prop_map(Value::String),
    ];
    let key = prop_oneof![
        prop::sample::select(vec![
            "settleCost",
            "requestPoint",
            "accountBank",
            "accountNum",
            "accountName",
            "contactName",
            "tel",
            "settlerName",
            "settlerEmail",
            "paymentName",
            "reason",
            "id",
            "ID",
            "CorpNum",
            "LinkID",
            "CorpName",
            "CEOName",
            "Addr",
            "BizType",
            "BizClass",
            "ContactName",
            "ContactEmail",
            "ContactTEL",
            "PWD",
            "Password",
            "quitReason",
            "searchAllAllowYN",
            "role",
            "personName",
            "email",
            "writeDate",
            "issueType",
            "taxType",
            "chargeDirection",
            "purposeType",
            "invoicerCorpNum",
            "invoicerMgtKey",
            "invoiceeCorpNum",
            "invoiceeType",
            "supplyCostTotal",
            "taxTotal",
            "totalAmount",
            "detailList",
            "addContactList",
            "serialNum",
            "qty",
            "unitCost",
            "supplyCost",
            "tax",
            "purchaseDT",
            "modifyCode",
            "orgNTSConfirmNum",
            "memo",
            "forceIssue",
            "invoices",
            "mgtKeyList",
            "advanceSecs",
            "setUnix",
            "points",
            "corpNum",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z]{0,8}",
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

struct Bed {
    rt: tokio::runtime::Runtime,
    sb: SandboxHandle,
    token: String,
}

fn bed() -> Bed {
    let rt = runtime();
    let (sb, token) = rt.block_on(async {
        let sb = Sandbox::builder().start().await.unwrap();
        let t = token(&sb, CORP, &["member", "110"]).await;
        (sb, t)
    });
    Bed { rt, sb, token }
}

impl Bed {
    fn call(&self, method: &str, path: &str, verb: Option<&str>, body: &[u8]) -> Resp {
        let auth = format!("Bearer {}", self.token);
        let mut h = vec![
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(v) = verb {
            h.push(("X-HTTP-Method-Override", v));
        }
        self.rt
            .block_on(req(self.sb.addr(), method, path, &h, body))
    }
}

const GET_ROUTES: [&str; 12] = [
    "/UseHistory",
    "/PaymentHistory",
    "/RefundHistory",
    "/Member",
    "/Join",
    "/IDCheck",
    "/IDs",
    "/Taxinvoice/SELL",
    "/Taxinvoice/BUY",
    "/Taxinvoice",
    "/Taxinvoice/SELL/K1/Logs",
    "/Taxinvoice/SELL/K1",
];

const POST_ROUTES: [(&str, Option<&str>); 14] = [
    ("/Payment", None),
    ("/Refund", None),
    ("/Join", None),
    ("/CorpInfo", None),
    ("/IDs/New", None),
    ("/IDs", None),
    ("/Contact", None),
    ("/QuitRequest", None),
    ("/Taxinvoice", None),
    ("/Taxinvoice", Some("ISSUE")),
    ("/Taxinvoice", Some("BULKISSUE")),
    ("/Taxinvoice/SELL", None),
    ("/Taxinvoice/SELL/K1", Some("ISSUE")),
    ("/__control/clock", None),
];

#[test]
fn arbitrary_query_strings_never_crash_a_handler() {
    let bed = bed();
    proptest!(ProptestConfig::with_cases(128), |(route in prop::sample::select(GET_ROUTES.to_vec()), q in query_text())| {
        let path = format!("{route}?{q}");
        // Some generated texts are not a valid request target: the HTTP layer refuses those.
        if path.bytes().all(|b| b.is_ascii_graphic()) {
            let r = bed.call("GET", &path, None, b"");
            no_internal_error(&r, &path)?;
        }
    });
}

#[test]
fn arbitrary_json_bodies_never_crash_a_handler() {
    let bed = bed();
    proptest!(ProptestConfig::with_cases(128), |(route in prop::sample::select(POST_ROUTES.to_vec()), v in json_value())| {
        let (path, verb) = route;
        let body = serde_json::to_vec(&v).unwrap();
        let r = bed.call("POST", path, verb, &body);
        no_internal_error(&r, path)?;
    });
}

#[test]
fn one_bad_field_in_a_valid_invoice_never_crashes_a_handler() {
    let bed = bed();
    let fields = [
        "writeDate",
        "issueType",
        "taxType",
        "chargeDirection",
        "purposeType",
        "invoicerCorpNum",
        "invoicerMgtKey",
        "invoiceeCorpNum",
        "invoiceeType",
        "supplyCostTotal",
        "taxTotal",
        "totalAmount",
        "detailList",
        "modifyCode",
        "orgNTSConfirmNum",
        "addContactList",
    ];
    let today = today(&bed.sb);
    proptest!(ProptestConfig::with_cases(128), |(
        field in prop::sample::select(fields.to_vec()),
        v in json_value(),
        n in 0u32..1_000_000,
        verb in prop::sample::select(vec![None, Some("ISSUE")]),
    )| {
        let mut inv = invoice(&format!("AUD-{n}"), &today);
        inv[field] = v;
        let r = bed.call("POST", "/Taxinvoice", verb, inv.to_string().as_bytes());
        no_internal_error(&r, field)?;
    });
}

#[tokio::test]
async fn a_huge_payment_cannot_overflow_the_balance() {
    let sb = Sandbox::builder().start().await.unwrap();
    let t = token(&sb, CORP, &["member", "110"]).await;
    let before = sb.points(CORP).unwrap();
    let body = json!({
        "settleCost": i64::MAX.to_string(),
        "settlerName": "홍길동",
        "settlerEmail": "a@b.c",
        "paymentName": "입금자",
    });
    let r = api(&sb, &t, "POST", "/Payment", None, Some(&body)).await;
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.code(), -10001003);
    assert!(
        r.json()["message"].as_str().unwrap().contains("settleCost"),
        "the error names the field"
    );
    assert_eq!(sb.points(CORP), Some(before), "balance unchanged");
    assert!(sb.set_points(CORP, 0));
    // The largest payment still fits when the balance is 0.
    let r = api(&sb, &t, "POST", "/Payment", None, Some(&body)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(sb.points(CORP), Some(i64::MAX));
    // ... and one more won is refused, not wrapped.
    let one =
        json!({"settleCost": "1", "settlerName": "a", "settlerEmail": "a@b.c", "paymentName": "b"});
    let r = api(&sb, &t, "POST", "/Payment", None, Some(&one)).await;
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(sb.points(CORP), Some(i64::MAX));
}

#[tokio::test]
async fn control_clock_refuses_times_outside_the_calendar() {
    let sb = Sandbox::builder().start().await.unwrap();
    let h = [("Content-Type", "application/json")];
    for bad in [i64::MAX, i64::MIN, 253_402_300_800, -30_610_224_001] {
        let body = json!({ "setUnix": bad }).to_string();
        let r = req(sb.addr(), "POST", "/__control/clock", &h, body.as_bytes()).await;
        assert_eq!(r.status, 400, "{bad}: {}", String::from_utf8_lossy(&r.body));
        assert!(r.json()["message"].as_str().unwrap().contains("setUnix"));
    }
    // The last second of year 9999 is accepted, and requests keep working there.
    let body = json!({ "setUnix": 253_402_300_799i64 }).to_string();
    let r = req(sb.addr(), "POST", "/__control/clock", &h, body.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["now"], "9999-12-31T23:59:59Z");
    let t = token(&sb, CORP, &["member", "110"]).await;
    let r = api(&sb, &t, "GET", "/RefundPoint", None, None).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // Moving past the end is clamped rather than overflowing.
    sb.clock().advance(Duration::MAX);
    sb.clock().advance(Duration::MAX);
    let r = api(&sb, &t, "GET", "/RefundPoint", None, None).await;
    assert_ne!(r.status, 500, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn extreme_configured_durations_do_not_overflow() {
    let sb = Sandbox::builder()
        .token_ttl(Duration::MAX)
        .nts_delay(popbill_sandbox::NtsDelay::After(Duration::MAX))
        .filing_step(Duration::MAX)
        .bulk_step(Duration::MAX)
        .start()
        .await
        .unwrap();
    let t = token(&sb, CORP, &["member", "110"]).await;
    let inv = invoice("DUR-1", &today(&sb));
    let r = api(&sb, &t, "POST", "/Taxinvoice", Some("ISSUE"), Some(&inv)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/DUR-1", None, None).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn bearer_tokens_are_never_echoed() {
    let sb = Sandbox::builder().start().await.unwrap();
    let bogus = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";
    let r = api(&sb, bogus, "GET", "/RefundPoint", None, None).await;
    assert_eq!(r.status, 401);
    assert!(!String::from_utf8_lossy(&r.body).contains(bogus));
    // A real token used outside its scope: refused without quoting it.
    let t = token(&sb, CORP, &["member"]).await;
    let r = api(&sb, &t, "GET", "/Taxinvoice/SELL/K1", None, None).await;
    assert!(r.status == 401 || r.status == 403, "{}", r.status);
    assert!(!String::from_utf8_lossy(&r.body).contains(&t));
}

#[tokio::test]
async fn malformed_partner_spec_does_not_print_the_secret_key() {
    for spec in [
        format!(":{DEFAULT_SECRET_KEY}"),
        DEFAULT_SECRET_KEY.to_owned(),
    ] {
        let err = Sandbox::builder()
            .partner_spec(&spec)
            .start()
            .await
            .unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("AAECAwQF"), "{text}");
            assert!(text.contains("LINKID:SECRETKEY"), "{text}");
        }
    }
}

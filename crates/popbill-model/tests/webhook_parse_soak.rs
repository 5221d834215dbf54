//! Property soak of the webhook parser ([`WebhookEvent::parse`]): arbitrary headers and bytes,
//! and real bodies of every family changed by structure-aware edits. Whatever arrives, the
//! parser answers `Ok` or one of the documented [`WebhookParseError`]s, never panics, and:
//!
//! - headers are read first: a mandatory header (`Pb-Webhook-Type`, `Pb-Webhook-MID`) absent
//!   or blank is `MissingHeader`, a webhook header that is not UTF-8 is `HeaderNotText`;
//! - then the body: not UTF-8 is `BodyNotUtf8` at the first bad byte, not JSON is
//!   `BodyNotJson`, JSON other than an object or an array of objects is `BodyShape`;
//! - a JSON object (or array of objects) with valid headers always parses: one item per
//!   element, an unknown family kept raw, a known family typed or kept raw as `Mismatched`;
//! - the event type is the header's, else the first element's `eventType`.
//!
//! Every test run: one short round (`POPBILL_FUZZ_CASES`, default 64 cases per property).
//! Time-bounded soak (fresh seeds round after round):
//!
//! ```text
//! POPBILL_FUZZ_MINUTES=10 cargo test -p popbill-model --test webhook_parse_soak -- --ignored --nocapture
//! ```
//!
//! A failure's seed is saved in `proptest-regressions/webhook_parse_soak.txt`; committed, it
//! is replayed first by every later run.

mod json_mutation;

use json_mutation::{Edit, config, edits, mutate, named, value};
use popbill_model::webhook::{
    EventType, HEADER_CORPNUM, HEADER_EVENT_TYPE, HEADER_MID, HEADER_TYPE, WebhookEvent,
    WebhookItem, WebhookParseError, WebhookType,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/webhook_parse_soak.txt"
);

/// A body of each family, as POPBiLL documents them.
fn real_bodies() -> Vec<(&'static str, Value)> {
    vec![
        (
            "TAXINVOICE.STATE",
            json!({"eventType": "Issue", "eventDT": "20250301093000", "corpNum": "6798700433",
                   "itemKey": "025030109300000001", "invoicerMgtKey": "INV-1", "stateCode": 300,
                   "stateDT": "20250301093000", "ntsconfirmNum": "20250301410000000000a1b2"}),
        ),
        (
            "CASHBILL.STATE",
            json!({"eventType": "NTS", "corpNum": "1234567890", "franchiseCorpNum": "1234567890",
                   "itemKey": "025030110101000002", "mgtKey": "CB-1", "tradeDate": "20250301",
                   "confirmNum": "TB0000001", "ntsresultCode": "0000", "stateCode": 304}),
        ),
        (
            "STATEMENT.STATE",
            json!({"eventType": "Cancel", "corpNum": "1234567890", "itemKey": "025030110101000003",
                   "itemCode": 121, "mgtKey": "ST-KEY", "invoiceNum": "ST-0001",
                   "stateCode": "600", "stateDT": "20250301101010"}),
        ),
        (
            "HT.TAXINVOICEXML",
            json!({"writeDate": "20250301", "sendDate": "20250302", "issueDT": "20250301093000",
                   "invoiceType": 101, "taxType": "과세", "purposeType": "영수",
                   "ntsconfirmNum": "202503014100000000000001", "invoicerCorpNum": "1234567890",
                   "invoicerCorpName": "판매사", "invoiceeCorpNum": "9876543210",
                   "invoiceeType": "사업자", "supplyCostTotal": "100000", "taxTotal": "10000",
                   "totalAmount": "110000",
                   "detailList": [{"serialNum": 1, "purchaseDT": "20250301", "itemName": "품목",
                                   "qty": "1", "supplyCost": "100000", "tax": "10000"}]}),
        ),
        (
            "HT.CASHBILL",
            json!({"ntsconfirmNum": "TB0000123", "tradeDate": "20250301",
                   "tradeDT": "20250301101010", "tradeType": "승인거래", "tradeUsage": "소득공제용",
                   "totalAmount": "11000", "supplyCost": "10000", "tax": "1000",
                   "serviceFee": "0", "invoiceType": "매출", "franchiseCorpNum": "1234567890"}),
        ),
    ]
}

/// Header names: the four webhook headers in any case, or another name.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(vec![
                HEADER_TYPE,
                HEADER_MID,
                HEADER_CORPNUM,
                HEADER_EVENT_TYPE
            ]),
            any::<bool>()
        )
            .prop_map(|(n, upper)| if upper {
                n.to_ascii_uppercase()
            } else {
                n.to_ascii_lowercase()
            }),
        "[A-Za-z-]{1,20}",
    ]
}

/// Header values: printable text, blanks, or any bytes.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[ -~가-힣]{0,30}".prop_map(String::into_bytes),
        "[ \\t]{0,3}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..30),
    ]
}

/// Bodies: any bytes, any JSON text, or UTF-8 text that is almost JSON.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        value().prop_map(|v| serde_json::to_vec(&v).expect("json")),
        "[\\[\\]{}\":,0-9a-z가-힣 ]{0,64}".prop_map(String::into_bytes),
    ]
}

fn is_named(name: &str, header: &str) -> bool {
    name.eq_ignore_ascii_case(header)
}

/// The first non-blank value of a header (trimmed), if any.
fn first_value(headers: &[(String, Vec<u8>)], header: &str) -> Option<String> {
    headers
        .iter()
        .filter(|(n, _)| is_named(n, header))
        .filter_map(|(_, v)| std::str::from_utf8(v).ok())
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The documented verdict of the body alone.
fn body_verdict(body: &[u8]) -> Result<Value, &'static str> {
    let text = std::str::from_utf8(body).map_err(|_| "utf8")?;
    let v: Value = serde_json::from_str(text).map_err(|_| "json")?;
    match &v {
        Value::Object(_) => Ok(v),
        Value::Array(items) if items.iter().all(Value::is_object) => Ok(v),
        _ => Err("shape"),
    }
}

/// The items of a parsed event against the body it came from.
fn check_items(event: &WebhookEvent, body: &Value) -> Result<(), TestCaseError> {
    let elements = match body {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    prop_assert_eq!(event.body_was_array, body.is_array());
    prop_assert_eq!(event.items.len(), elements.len());
    let known = !event.webhook_type.is_unknown();
    for (item, element) in event.items.iter().zip(&elements) {
        match item {
            WebhookItem::Raw(raw) => {
                prop_assert!(!known, "a known family kept raw: {:?}", event.webhook_type);
                prop_assert_eq!(raw, element);
            }
            WebhookItem::Mismatched { raw, error } => {
                prop_assert!(known);
                prop_assert_eq!(raw, element);
                prop_assert!(!error.is_empty());
            }
            typed => {
                let fits = matches!(
                    (&event.webhook_type, typed),
                    (
                        WebhookType::TaxinvoiceState,
                        WebhookItem::TaxinvoiceState(_)
                    ) | (WebhookType::CashbillState, WebhookItem::CashbillState(_))
                        | (WebhookType::StatementState, WebhookItem::StatementState(_))
                        | (WebhookType::HtTaxinvoiceXml, WebhookItem::HtTaxinvoice(_))
                        | (WebhookType::HtCashbill, WebhookItem::HtCashbill(_))
                );
                prop_assert!(fits, "{:?} typed as {:?}", event.webhook_type, typed);
            }
        }
    }
    Ok(())
}

/// The event type against the header and the body's first `eventType`.
fn check_event_type(
    event: &WebhookEvent,
    header: Option<&str>,
    body: &Value,
) -> Result<(), TestCaseError> {
    let first = match body {
        Value::Array(items) => items.first(),
        other => Some(other),
    };
    let given = header.map(str::to_owned).or_else(|| {
        first
            .and_then(|v| v.get("eventType"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    match (&event.webhook_type, &event.event_type) {
        (WebhookType::HtTaxinvoiceXml, t) => prop_assert_eq!(t, &EventType::HtTaxinvoice),
        (WebhookType::HtCashbill, t) => prop_assert_eq!(t, &EventType::HtCashbill),
        (_, EventType::None) => prop_assert!(given.is_none()),
        (_, t) => prop_assert_eq!(Some(t.as_str().into_owned()), given),
    }
    Ok(())
}

fn arbitrary_headers_and_bytes(
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
) -> Result<(), TestCaseError> {
    let parsed = WebhookEvent::parse(headers.iter().map(|(n, v)| (n.as_str(), v)), &body);
    let not_text = |h: &str| {
        headers
            .iter()
            .any(|(n, v)| is_named(n, h) && std::str::from_utf8(v).is_err())
    };
    let webhook_header = [HEADER_TYPE, HEADER_MID, HEADER_CORPNUM, HEADER_EVENT_TYPE];
    let headers_ok = !webhook_header.iter().any(|h| not_text(h))
        && first_value(&headers, HEADER_TYPE).is_some()
        && first_value(&headers, HEADER_MID).is_some();
    match parsed {
        Ok(event) => {
            prop_assert!(headers_ok);
            let v = body_verdict(&body);
            prop_assert!(v.is_ok(), "parsed a body the rules refuse: {:?}", v);
            let v = v.unwrap_or_default();
            prop_assert_eq!(Some(event.mid.clone()), first_value(&headers, HEADER_MID));
            prop_assert_eq!(
                event.corp_num.clone(),
                first_value(&headers, HEADER_CORPNUM)
            );
            check_items(&event, &v)?;
            check_event_type(
                &event,
                first_value(&headers, HEADER_EVENT_TYPE).as_deref(),
                &v,
            )?;
        }
        Err(WebhookParseError::HeaderNotText(h)) => prop_assert!(not_text(h), "{h}"),
        Err(WebhookParseError::MissingHeader(h)) => {
            prop_assert!(h == HEADER_TYPE || h == HEADER_MID);
            prop_assert!(first_value(&headers, h).is_none(), "{h} was given");
            prop_assert!(!webhook_header.iter().any(|h| not_text(h)));
            if h == HEADER_MID {
                prop_assert!(first_value(&headers, HEADER_TYPE).is_some());
            }
        }
        Err(e) => {
            prop_assert!(headers_ok, "body judged before the headers: {e}");
            let want = match &e {
                WebhookParseError::BodyNotUtf8(at) => {
                    let up_to = std::str::from_utf8(&body).err().map(|e| e.valid_up_to());
                    prop_assert_eq!(up_to, Some(*at));
                    "utf8"
                }
                WebhookParseError::BodyNotJson(_) => "json",
                WebhookParseError::BodyShape(_) => "shape",
                other => {
                    prop_assert!(false, "undocumented error {other:?}");
                    ""
                }
            };
            prop_assert_eq!(body_verdict(&body).err(), Some(want));
        }
    }
    Ok(())
}

fn mutated_real_body(
    family: String,
    fixture: usize,
    edits: Vec<Edit>,
    copies: usize,
    event_header: Option<String>,
) -> Result<(), TestCaseError> {
    let bodies = real_bodies();
    let (_, original) = &bodies[fixture % bodies.len()];
    let mutated = mutate(original, &edits);
    let body = match copies {
        0 => mutated,
        n => Value::Array(vec![mutated; n]),
    };
    let bytes = serde_json::to_vec(&body).expect("json");
    let mut headers = vec![
        (HEADER_TYPE, family.clone()),
        (
            HEADER_MID,
            "016120000002-1777d55c2c41492ab06826d".to_owned(),
        ),
        (HEADER_CORPNUM, "1234567890".to_owned()),
    ];
    if let Some(e) = &event_header {
        headers.push((HEADER_EVENT_TYPE, e.clone()));
    }
    let parsed = WebhookEvent::parse(headers.iter().map(|(n, v)| (*n, v.as_bytes())), &bytes);
    match body_verdict(&bytes) {
        Ok(v) => {
            let event = parsed.map_err(|e| TestCaseError::fail(format!("{e}: {v}")))?;
            prop_assert_eq!(event.webhook_type.as_str(), family.as_str());
            check_items(&event, &v)?;
            check_event_type(&event, event_header.as_deref(), &v)?;
        }
        Err(_) => prop_assert!(
            matches!(parsed, Err(WebhookParseError::BodyShape(_))),
            "{:?}",
            parsed
        ),
    }
    Ok(())
}

/// One round of every property with `default` cases each (or `POPBILL_FUZZ_CASES`).
fn round(default: u32) -> Result<(), String> {
    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "arbitrary headers and bytes",
        runner.run(
            &(
                prop::collection::vec((header_name(), header_value()), 0..8),
                body(),
            ),
            |(headers, body)| arbitrary_headers_and_bytes(headers, body),
        ),
    )?;
    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "mutated real bodies",
        runner.run(
            &(
                prop_oneof![
                    prop::sample::select(
                        real_bodies()
                            .into_iter()
                            .map(|(f, _)| f)
                            .collect::<Vec<_>>()
                    )
                    .prop_map(str::to_owned),
                    "[A-Z.]{1,16}",
                ],
                any::<usize>(),
                edits(4),
                0usize..4,
                prop::option::of(prop_oneof![
                    prop::sample::select(vec!["Issue", "NTS", "Cancel", "OPEN", "BULKRESULT"])
                        .prop_map(str::to_owned),
                    "[A-Za-z]{1,10}",
                ]),
            ),
            |(family, fixture, edits, copies, event_header)| {
                mutated_real_body(family, fixture, edits, copies, event_header)
            },
        ),
    )
}

#[test]
fn real_bodies_parse_typed() {
    // The unmutated bodies are typed, not kept raw: the structure-aware property starts from
    // inputs the parser fully understands.
    for (family, body) in real_bodies() {
        let headers = [(HEADER_TYPE, family), (HEADER_MID, "M-1")];
        let event = WebhookEvent::parse(headers, body.to_string().as_bytes()).expect("parses");
        assert!(
            !matches!(
                event.items[0],
                WebhookItem::Raw(_) | WebhookItem::Mismatched { .. }
            ),
            "{family}: {:?}",
            event.items[0]
        );
    }
}

json_mutation::soak_tests!(round, 64, 2_000);

//! Golden round trip: every Taxinvoice request body the official Python SDK sent (captured in
//! `tests/fixtures/golden/official_python_requests.jsonl`) parses into our types and re-serialises
//! to the same JSON value. A `null` and an absent key are treated as equal; nothing else is
//! forgiven.

mod common;

use common::drop_nulls;
use popbill_model::taxinvoice::{
    BulkTaxinvoiceSubmit, EmailBody, FaxBody, IssueBody, MemoBody, RegistIssueRequest, SmsBody,
    StatementBody, Taxinvoice,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every captured request as (mark, X-HTTP-Method-Override, body_json).
fn captured() -> Vec<(String, String, Value)> {
    common::golden_records()
        .into_iter()
        .map(|rec| {
            let mark = rec["mark"].as_str().unwrap_or_default().to_owned();
            let verb = rec["headers"]["x-http-method-override"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (mark, verb, rec["body_json"].clone())
        })
        .collect()
}

/// The first differing path, for a readable failure.
fn first_diff(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (l, r) = (x.get(k), y.get(k));
                match (l, r) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = first_diff(&format!("{path}.{k}"), l, r) {
                            return Some(d);
                        }
                    }
                    _ => return Some(format!("{path}.{k}: {l:?} vs {r:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (l, r))| first_diff(&format!("{path}[{i}]"), l, r)),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(mark: &str, body: &Value) {
    let parsed: T = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("{mark}: body does not parse: {e}"));
    let again = serde_json::to_value(&parsed).expect("serialises");
    let (want, got) = (drop_nulls(body), drop_nulls(&again));
    if want != got {
        panic!(
            "{mark}: round trip differs at {}",
            first_diff("$", &want, &got).unwrap_or_default()
        );
    }
}

#[test]
fn every_taxinvoice_body_round_trips() {
    let mut checked = Vec::new();
    for (mark, verb, body) in captured() {
        let Some(op) = mark.strip_prefix("TaxinvoiceService.") else {
            continue;
        };
        if body.is_null() {
            continue;
        }
        let op = op.split('#').next().unwrap_or(op);
        match (op, verb.as_str()) {
            ("registIssue" | "register" | "registRequest", _) => {
                round_trip::<RegistIssueRequest>(&mark, &body)
            }
            ("update", _) => round_trip::<Taxinvoice>(&mark, &body),
            ("bulkSubmit", _) => round_trip::<BulkTaxinvoiceSubmit>(&mark, &body),
            ("issue", _) => round_trip::<IssueBody>(&mark, &body),
            (
                "cancelIssue" | "request" | "cancelRequest" | "refuse" | "send" | "cancelSend"
                | "accept" | "deny",
                _,
            ) => round_trip::<MemoBody>(&mark, &body),
            ("sendEmail", _) => round_trip::<EmailBody>(&mark, &body),
            ("sendSMS", _) => round_trip::<SmsBody>(&mark, &body),
            ("sendFax" | "sendFAX", _) => round_trip::<FaxBody>(&mark, &body),
            ("attachStatement" | "detachStatement", _) => round_trip::<StatementBody>(&mark, &body),
            ("getInfos" | "getMassPrintURL", _) => round_trip::<Vec<String>>(&mark, &body),
            // The Linkhub token request is the transport's business, not a model type.
            ("checkMgtKeyInUse", _) => continue,
            other => panic!("{mark}: untyped Taxinvoice body {other:?}: add it to this test"),
        }
        checked.push(op.to_owned());
    }
    for must in [
        "registIssue",
        "register",
        "update",
        "registRequest",
        "bulkSubmit",
        "issue",
        "cancelIssue",
        "sendEmail",
        "sendSMS",
        "sendFax",
        "attachStatement",
        "getInfos",
    ] {
        assert!(
            checked.iter().any(|c| c == must),
            "golden capture has no {must} body; checked {checked:?}"
        );
    }
}

#[test]
fn the_invoice_bodies_are_typed_not_passed_through() {
    // Guard against a type that would swallow anything: the registIssue body must land in
    // typed fields.
    let (_, _, body) = captured()
        .into_iter()
        .find(|(m, _, _)| m == "TaxinvoiceService.registIssue")
        .expect("registIssue captured");
    let req: RegistIssueRequest = serde_json::from_value(body).expect("parses");
    assert_eq!(req.memo.as_deref(), Some("즉시발행 메모"));
    let inv = &req.invoice;
    assert_eq!(inv.supply_cost_total.map(|a| a.won()), Some(100_000));
    assert_eq!(inv.details().len(), 2);
    assert_eq!(
        inv.details()[1].qty_value().map(|q| q.hundredths()),
        Some(200)
    );
    assert!(inv.cash.is_some_and(|c| c.is_blank()));
    assert_eq!(inv.kwon, Some(1));
}

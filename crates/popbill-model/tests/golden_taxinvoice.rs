//! Golden round trip: every Taxinvoice request body the official Python SDK sent (captured in
//! `tests/fixtures/golden/official_python_requests.jsonl`) parses into our types and re-serialises
//! to the same JSON value. A `null` and an absent key are treated as equal; nothing else is
//! forgiven.

mod common;

use common::{captured, round_trip};
use popbill_model::taxinvoice::{
    BulkTaxinvoiceSubmit, EmailBody, FaxBody, IssueBody, MemoBody, RegistIssueRequest, SmsBody,
    StatementBody, Taxinvoice,
};

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

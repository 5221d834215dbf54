//! Golden round trip: every CashbillService request body the official Python SDK sent (captured
//! in `tests/fixtures/golden/official_python_requests.jsonl`) parses into our types and
//! re-serialises to the same JSON value (`null` ≡ absent, nothing else forgiven); the search
//! query is rebuilt parameter for parameter.

mod common;

use common::{captured, golden_records, round_trip};
use popbill_model::cashbill::{
    BulkCashbillSubmit, Cashbill, CashbillSearchQuery, EmailBody, FaxBody, MemoBody, RevokeRequest,
    SmsBody,
};
use popbill_model::codes::{
    CancelType, CashbillSearchDateType, SortOrder, TaxationType, TaxationTypeFilter, TradeOpt,
    TradeOptFilter, TradeType, TradeTypeFilter, TradeUsage, TradeUsageFilter,
};
use popbill_model::{Date8, Validate, ValidationContext};

#[test]
fn every_cashbill_body_round_trips() {
    let mut checked = Vec::new();
    for (mark, verb, body) in captured() {
        let Some(op) = mark.strip_prefix("CashbillService.") else {
            continue;
        };
        let op = op.split('#').next().unwrap_or(op);
        if body.is_null() {
            continue;
        }
        match (op, verb.as_str()) {
            ("registIssue" | "register" | "update", _) => round_trip::<Cashbill>(&mark, &body),
            ("bulkSubmit", _) => round_trip::<BulkCashbillSubmit>(&mark, &body),
            ("revokeRegistIssue" | "revokeRegister", _) => {
                round_trip::<RevokeRequest>(&mark, &body)
            }
            ("issue" | "cancelIssue", _) => round_trip::<MemoBody>(&mark, &body),
            ("sendEmail", _) => round_trip::<EmailBody>(&mark, &body),
            ("sendSMS", _) => round_trip::<SmsBody>(&mark, &body),
            ("sendFAX", _) => round_trip::<FaxBody>(&mark, &body),
            ("getInfos" | "getMassPrintURL", _) => round_trip::<Vec<String>>(&mark, &body),
            // The Linkhub token request is the transport's business, not a model type.
            ("checkMgtKeyInUse", _) => continue,
            other => panic!("{mark}: untyped Cashbill body {other:?}: add it to this test"),
        }
        checked.push(op.to_owned());
    }
    for must in [
        "registIssue",
        "register",
        "update",
        "bulkSubmit",
        "revokeRegistIssue",
        "revokeRegister",
        "issue",
        "cancelIssue",
        "sendEmail",
        "sendSMS",
        "sendFAX",
        "getInfos",
        "getMassPrintURL",
    ] {
        assert!(
            checked.iter().any(|c| c == must),
            "golden capture has no {must} body; checked {checked:?}"
        );
    }
}

fn body_of(mark: &str) -> serde_json::Value {
    captured()
        .into_iter()
        .find(|(m, _, _)| m == mark)
        .map(|(_, _, b)| b)
        .unwrap_or_else(|| panic!("{mark} captured"))
}

#[test]
fn the_receipt_lands_in_typed_fields() {
    let cb: Cashbill =
        serde_json::from_value(body_of("CashbillService.registIssue")).expect("parses");
    assert_eq!(cb.trade_type, Some(TradeType::Approval));
    assert_eq!(cb.trade_usage, Some(TradeUsage::IncomeDeduction));
    assert_eq!(cb.trade_opt, Some(TradeOpt::General));
    assert_eq!(cb.taxation_type, Some(TaxationType::Taxable));
    assert_eq!(cb.total_amount.map(|a| a.won()), Some(11_000));
    assert_eq!(cb.amount_sum(), cb.total_amount);
    assert_eq!(cb.memo.as_deref(), Some("즉시발행 메모"));
    assert_eq!(cb.email_subject.as_deref(), Some("현금영수증 메일 제목"));
    assert_eq!(cb.smssend_yn, Some(false));
    assert_eq!(cb.franchise_tax_reg_id.as_deref(), Some(""));
    // The SDK's example receipt passes our pre-flight rules on its trade day (the seller is
    // the test bed's 1234567890, whose check digit is wrong).
    let ctx = ValidationContext::new()
        .allow_test_corp_nums(true)
        .today_kst(Date8::parse("20250101").expect("date"));
    assert_eq!(cb.validate_with(&ctx), Ok(()));
    let bulk: BulkCashbillSubmit =
        serde_json::from_value(body_of("CashbillService.bulkSubmit")).expect("parses");
    assert_eq!(bulk.validate_with(&ctx), Ok(()));
}

#[test]
fn the_partial_revocation_lands_in_typed_fields() {
    let r: RevokeRequest =
        serde_json::from_value(body_of("CashbillService.revokeRegistIssue")).expect("parses");
    assert!(r.is_partial());
    assert_eq!(r.cancel_type, Some(CancelType::TradeCancelled));
    assert_eq!(r.org_confirm_num.as_deref(), Some("TB0000001"));
    assert_eq!(r.total_amount.map(|a| a.won()), Some(4_400));
    assert_eq!(r.trade_dt, None, "explicit null reads as absent");
    let full: RevokeRequest =
        serde_json::from_value(body_of("CashbillService.revokeRegister")).expect("parses");
    assert!(!full.is_partial());
    assert_eq!((full.cancel_type, full.supply_cost), (None, None));
}

#[test]
fn the_search_query_is_rebuilt_exactly() {
    let rec = golden_records()
        .into_iter()
        .find(|r| r["mark"] == "CashbillService.search")
        .expect("search captured");
    let path = rec["path"].as_str().expect("path");
    let d = |s| Date8::parse(s).expect("date");
    let q = CashbillSearchQuery::new(CashbillSearchDateType::Traded, d("20250101"), d("20250131"))
        .states(["3**", "4**"])
        .trade_type([TradeTypeFilter::Approval, TradeTypeFilter::Cancel])
        .trade_usage([
            TradeUsageFilter::IncomeDeduction,
            TradeUsageFilter::ExpenseProof,
        ])
        .taxation_type([TaxationTypeFilter::Taxable, TaxationTypeFilter::NonTaxable])
        .page(1)
        .per_page(10)
        .order(SortOrder::Descending)
        .qstring("0100001234")
        .trade_opt([
            TradeOptFilter::General,
            TradeOptFilter::BooksAndCulture,
            TradeOptFilter::PublicTransport,
        ])
        .franchise_tax_reg_id(["0001"]);
    let query: Vec<String> = q
        .query_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(format!("/Cashbill/Search?{}", query.join("&")), path);
    assert!(q.validate().is_ok());
    let bad = q.per_page(0);
    assert!(
        bad.validate()
            .expect_err("PerPage 0")
            .has("PerPage", "range")
    );
}

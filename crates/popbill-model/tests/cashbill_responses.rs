//! Cash receipt answers parse tolerantly and keep unknown codes: shapes as documented (numbers
//! and strings where SDKs disagree, `null` lists, fields the server adds).

use popbill_model::cashbill::{
    BulkCashbillResult, CashbillInfo, CashbillIssueResponse, CashbillLog, CashbillSearchResult,
    EmailSendConfig,
};
use popbill_model::codes::{
    BulkTxState, CashbillNtsResultCode, CashbillState, EmailType, TradeType, TradeUsage,
};
use serde_json::json;

#[test]
fn issue_response_keeps_trade_dt() {
    let r: CashbillIssueResponse = serde_json::from_value(json!({
        "code": 1, "message": "OK", "confirmNum": "TB0000001", "tradeDate": "20250101",
        "tradeDT": "20250101093000"
    }))
    .expect("parses");
    assert!(r.is_success());
    assert_eq!(r.confirm_num.as_deref(), Some("TB0000001"));
    assert_eq!(r.trade_dt.as_deref(), Some("20250101093000"));
}

#[test]
fn info_reads_documented_types_and_keeps_unknown_codes() {
    let wire = json!({
        "itemKey": "025010113000000001", "mgtKey": "CB-1", "tradeDate": "20250101",
        "tradeDT": "20250101093000", "tradeType": "취소거래", "tradeUsage": "지출증빙용",
        "tradeOpt": "대중교통", "taxationType": "면세", "totalAmount": "11000",
        "supplyCost": "10000", "tax": "1000", "serviceFee": "0", "stateCode": 305,
        "ntsresultCode": "TS9", "printYN": false, "interOPYN": true, "orgConfirmNum": "TB0000001"
    });
    let info: CashbillInfo = serde_json::from_value(wire.clone()).expect("parses");
    assert!(info.is_revocation());
    assert_eq!(info.trade_type, Some(TradeType::Cancel));
    assert_eq!(info.trade_usage, Some(TradeUsage::ExpenseProof));
    assert_eq!(info.state_code, Some(CashbillState::FilingFailed));
    assert!(info.taxation_type.as_ref().is_some_and(|t| t.is_unknown()));
    assert!(
        info.ntsresult_code
            .as_ref()
            .is_some_and(CashbillNtsResultCode::is_unknown)
    );
    assert_eq!(info.inter_op_yn, Some(true));
    // Unknown codes go back out unchanged.
    assert_eq!(serde_json::to_value(&info).expect("serialises"), wire);
    // stateCode as a string (some SDK models) reads the same.
    let s: CashbillInfo = serde_json::from_value(json!({"stateCode": "304"})).expect("parses");
    assert!(s.state_code.is_some_and(|c| c.is_filed_ok()));
}

#[test]
fn bulk_result_reads_items_and_null_lists() {
    let r: BulkCashbillResult = serde_json::from_value(json!({
        "code": 1, "submitID": "S-1", "submitCount": 2, "successCount": 1, "failCount": 1,
        "txState": 2, "receiptID": "R1",
        "issueResult": [
            {"mgtKey": "B1", "code": 1, "confirmNum": "TB0000002", "tradeDate": "20250101",
             "tradeDT": "20250101000000", "issueDT": "20250101000001"},
            {"mgtKey": "B2", "code": -14001019, "message": "in use"}
        ]
    }))
    .expect("parses");
    assert!(r.is_completed());
    assert_eq!(r.tx_state, Some(BulkTxState::Completed));
    assert!(r.issue_result[0].is_success());
    assert_eq!(r.issue_result[1].code, Some(-14_001_019));
    let pending: BulkCashbillResult =
        serde_json::from_value(json!({"txState": 1, "issueResult": null})).expect("parses");
    assert!(!pending.is_completed() && pending.issue_result.is_empty());
}

#[test]
fn search_result_accepts_string_counters() {
    let r: CashbillSearchResult = serde_json::from_value(json!({
        "code": "1", "total": 3, "perPage": "2", "pageNum": 1, "pageCount": 2,
        "list": [{"mgtKey": "A"}, {"mgtKey": "B"}]
    }))
    .expect("parses");
    assert_eq!((r.code, r.per_page), (Some(1), Some(2)));
    assert!(r.has_next_page());
    assert_eq!(r.list[1].mgt_key.as_deref(), Some("B"));
}

#[test]
fn email_config_and_logs() {
    let c: Vec<EmailSendConfig> =
        serde_json::from_value(json!([{"emailType": "CSH_ISSUE", "sendYN": true}]))
            .expect("parses");
    assert_eq!(c[0].email_type, Some(EmailType::CashbillIssue));
    let l: CashbillLog = serde_json::from_value(json!({
        "docLogType": 230, "log": "발행", "procType": "연동", "regDT": "20250101000000", "ip": "127.0.0.1"
    }))
    .expect("parses");
    assert_eq!(l.doc_log_type, Some(230));
    assert_eq!(l.proc_type.map(|p| p.to_string()).as_deref(), Some("연동"));
}

//! Member, contact and point types against the official Python SDK's golden capture, plus
//! tolerant response parsing and validation.
#![allow(clippy::unwrap_used)]

mod common;

use common::drop_nulls;
use popbill_model::member::{
    ContactIdRequest, ContactInfo, CorpInfo, JoinForm, Paging, PaymentForm, PaymentHistory,
    PaymentHistoryResult, PaymentResponse, QuitRequest, RefundForm, RefundHistory,
    RefundHistoryResult, RefundResponse, UseHistoryResult,
};
use popbill_model::{Validate, ValidationContext, rule};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The golden requests recorded under `TaxinvoiceService(base).<step>`.
fn golden_body(step: &str) -> Value {
    let mark = format!("TaxinvoiceService(base).{step}");
    for rec in common::golden_records() {
        if rec["mark"] == mark.as_str() {
            let body = rec["body_json"].clone();
            assert!(body.is_object(), "{step}: golden body is not a JSON object");
            return body;
        }
    }
    panic!("no golden request for {mark}");
}

/// Parses the golden body into `T`, re-serialises it and requires the same JSON value.
fn round_trip<T: DeserializeOwned + Serialize>(step: &str) -> T {
    let golden = golden_body(step);
    let parsed: T = serde_json::from_value(golden.clone())
        .unwrap_or_else(|e| panic!("{step}: golden body does not parse: {e}"));
    let ours = serde_json::to_value(&parsed).unwrap();
    assert_eq!(
        drop_nulls(&ours),
        drop_nulls(&golden),
        "{step}: re-serialised body differs from the golden capture"
    );
    parsed
}

fn test_ctx() -> ValidationContext {
    ValidationContext::new().allow_test_corp_nums(true)
}

#[test]
fn join_member_body_matches_golden() {
    let form: JoinForm = round_trip("joinMember");
    assert_eq!(form.id.as_deref(), Some("newuser01"));
    assert_eq!(form.link_id.as_deref(), Some("TESTER"));
    assert_eq!(
        form.password.as_ref().map(|p| p.expose()),
        Some("asdf1234!@")
    );
    form.validate_with(&test_ctx()).unwrap();
}

#[test]
fn update_corp_info_body_matches_golden() {
    let info: CorpInfo = round_trip("updateCorpInfo");
    assert_eq!(info.ceo_name.as_deref(), Some("대표자 성명"));
    info.validate().unwrap();
}

#[test]
fn regist_contact_body_matches_golden() {
    let c: ContactInfo = round_trip("registContact");
    assert_eq!(c.search_role, Some(3));
    c.validate_new(&test_ctx()).unwrap();
}

#[test]
fn update_contact_body_matches_golden() {
    let c: ContactInfo = round_trip("updateContact");
    assert_eq!(c.search_role, Some(1));
    assert!(c.password.is_none());
    c.validate().unwrap();
    // Updating needs no password, registering does.
    let errs = c.validate_new(&test_ctx()).unwrap_err();
    assert!(errs.has("Password", rule::REQUIRED), "{errs}");
}

#[test]
fn payment_request_body_matches_golden() {
    let p: PaymentForm = round_trip("paymentRequest");
    assert_eq!(p.settle_cost.as_deref(), Some("11000"));
    p.validate().unwrap();
}

#[test]
fn refund_body_matches_golden_lower_case_keys() {
    let r: RefundForm = round_trip("refund");
    assert_eq!(r.request_point.as_deref(), Some("1000"));
    assert_eq!(r.account_bank.as_deref(), Some("국민"));
    r.validate().unwrap();
    // camelCase (what the Java SDK sends) is accepted too, and re-serialised lower-case.
    let camel: RefundForm =
        serde_json::from_str(r#"{"contactName":"a","requestPoint":"5","accountBank":"b"}"#)
            .unwrap();
    let out = serde_json::to_value(&camel).unwrap();
    assert_eq!(
        out,
        serde_json::json!({"contactname":"a","requestpoint":"5","accountbank":"b"})
    );
}

#[test]
fn quit_member_body_matches_golden() {
    let q: QuitRequest = round_trip("quitMember");
    assert_eq!(q.quit_reason, "테스트 탈퇴 사유");
    q.validate().unwrap();
}

#[test]
fn get_contact_info_body_is_strict_json() {
    // The official SDK sends `{'id':'testkorea_0001'}`, which is not JSON; we send JSON.
    let body = serde_json::to_string(&ContactIdRequest::new("testkorea_0001")).unwrap();
    assert_eq!(body, r#"{"id":"testkorea_0001"}"#);
}

#[test]
fn none_fields_are_omitted() {
    let body = serde_json::to_string(&CorpInfo::default().set_corp_name("상호")).unwrap();
    assert_eq!(body, r#"{"corpName":"상호"}"#);
    assert_eq!(
        serde_json::to_string(&ContactInfo::default()).unwrap(),
        "{}"
    );
}

#[test]
fn responses_tolerate_unknown_fields_nulls_and_loose_types() {
    let c: ContactInfo = serde_json::from_str(
        r#"{"id":"testkorea","personName":"홍길동","tel":"070","hp":null,"email":"a@b.c",
            "searchRole":"3","regDT":20250101120000,"mgrYN":"true","state":1,
            "searchAllAllowYN":true,"pwd":"old","newField":{"x":1}}"#,
    )
    .unwrap();
    assert_eq!(c.search_role, Some(3));
    assert_eq!(c.reg_dt.as_deref(), Some("20250101120000"));
    assert_eq!(c.mgr_yn, Some(true));
    assert_eq!(c.hp, None);
    assert!(
        !format!("{c:?}").contains("old"),
        "legacy pwd must not be printed"
    );

    let list: Vec<ContactInfo> =
        serde_json::from_str(r#"[{"id":"a","futureKey":1},{"id":"b"}]"#).unwrap();
    assert_eq!(list.len(), 2);

    let info: CorpInfo = serde_json::from_str(
        r#"{"ceoname":"대표","corpName":"상호","addr":null,"bizType":"업태","bizClass":"종목","extra":"x"}"#,
    )
    .unwrap();
    assert_eq!(info.ceo_name.as_deref(), Some("대표"));
    assert_eq!(info.addr, None);

    let pay: PaymentResponse = serde_json::from_str(
        r#"{"code":1,"message":"ok","settleCode":202301130000000026,"unknown":true}"#,
    )
    .unwrap();
    assert_eq!(pay.settle_code, "202301130000000026");

    let refund: RefundResponse =
        serde_json::from_str(r#"{"code":"1","message":"ok","refundCode":"R1"}"#).unwrap();
    assert_eq!((refund.code, refund.refund_code.as_str()), (1, "R1"));
}

#[test]
fn history_pages_parse() {
    let use_page: UseHistoryResult = serde_json::from_str(
        r#"{"code":1,"total":2,"perPage":100,"pageNum":1,"pageCount":1,"newKey":0,
            "list":[{"itemCode":110,"txType":"1","txPoint":"-100","balance":9900,
                     "txDT":"20250101120000","userID":"testkorea","userName":"홍길동"},
                    {"itemCode":"140","extra":"y"}]}"#,
    )
    .unwrap();
    assert_eq!(use_page.total, 2);
    assert_eq!(use_page.list[0].item_code, Some(110));
    assert_eq!(use_page.list[0].tx_type, Some(1));
    assert_eq!(use_page.list[0].balance.as_deref(), Some("9900"));
    assert_eq!(use_page.list[1].item_code, Some(140));

    let pay_page: PaymentHistoryResult =
        serde_json::from_str(r#"{"code":1,"total":0,"list":null}"#).unwrap();
    assert!(pay_page.list.is_empty());

    let refund_page: RefundHistoryResult = serde_json::from_str(
        r#"{"total":"1","list":[{"reqDT":"20250101","requestPoint":"1000","state":"2"}]}"#,
    )
    .unwrap();
    assert_eq!(refund_page.total, 1);
    assert_eq!(refund_page.list[0].state, Some(2));

    let one: PaymentHistory = serde_json::from_str(
        r#"{"productType":"포인트","settleCost":11000,"settleState":1,"stateDT":null}"#,
    )
    .unwrap();
    assert_eq!(one.settle_cost.as_deref(), Some("11000"));
    assert_eq!(one.settle_state, Some(1));
    let r: RefundHistory = serde_json::from_str("{}").unwrap();
    assert_eq!(r, RefundHistory::default());
}

#[test]
fn join_form_validation_reports_every_rule() {
    let ctx = ValidationContext::new();
    let errs = JoinForm::default()
        .set_id("short")
        .set_password("password")
        .set_corp_num("1234567890")
        .set_ceo_name("가".repeat(101))
        .set_contact_tel("0".repeat(21))
        .validate_with(&ctx)
        .unwrap_err();
    assert!(errs.has("ID", rule::MIN_LENGTH), "{errs}");
    assert!(errs.has("Password", rule::CHARSET), "{errs}");
    assert!(errs.has("LinkID", rule::REQUIRED), "{errs}");
    assert!(errs.has("CorpNum", rule::CHECKSUM), "{errs}");
    assert!(errs.has("CEOName", rule::MAX_LENGTH), "{errs}");
    assert!(errs.has("CorpName", rule::REQUIRED), "{errs}");
    assert!(errs.has("Addr", rule::REQUIRED), "{errs}");
    assert!(errs.has("BizType", rule::REQUIRED), "{errs}");
    assert!(errs.has("BizClass", rule::REQUIRED), "{errs}");
    assert!(errs.has("ContactName", rule::REQUIRED), "{errs}");
    assert!(errs.has("ContactEmail", rule::REQUIRED), "{errs}");
    assert!(errs.has("ContactTEL", rule::MAX_LENGTH), "{errs}");
    assert!(
        !errs.has("ContactHP", rule::REQUIRED),
        "ContactHP is optional"
    );

    let errs = JoinForm::default()
        .set_corp_num("123-45-678")
        .validate_with(&ctx)
        .unwrap_err();
    assert!(errs.has("CorpNum", rule::FORMAT), "{errs}");
    assert!(errs.has("ID", rule::REQUIRED), "{errs}");
    assert!(errs.has("Password", rule::REQUIRED), "{errs}");

    let long_id = "a".repeat(51);
    let errs = JoinForm::default()
        .set_id(long_id)
        .validate_with(&ctx)
        .unwrap_err();
    assert!(errs.has("ID", rule::MAX_LENGTH), "{errs}");
}

#[test]
fn contact_and_corp_info_validation() {
    let errs = ContactInfo::default()
        .set_id("abc")
        .set_password("abc")
        .set_search_role(4)
        .set_email("e".repeat(101))
        .validate()
        .unwrap_err();
    assert!(errs.has("id", rule::MIN_LENGTH), "{errs}");
    assert!(errs.has("Password", rule::MIN_LENGTH), "{errs}");
    assert!(errs.has("Password", rule::CHARSET), "{errs}");
    assert!(errs.has("searchRole", rule::RANGE), "{errs}");
    assert!(errs.has("personName", rule::REQUIRED), "{errs}");
    assert!(errs.has("tel", rule::REQUIRED), "{errs}");
    assert!(errs.has("email", rule::MAX_LENGTH), "{errs}");

    let errs = CorpInfo::default()
        .set_addr("주".repeat(301))
        .validate()
        .unwrap_err();
    assert!(errs.has("addr", rule::MAX_LENGTH), "{errs}");
    assert!(errs.has("ceoname", rule::REQUIRED), "{errs}");
    assert!(errs.has("corpName", rule::REQUIRED), "{errs}");
    assert!(errs.has("bizType", rule::REQUIRED), "{errs}");
    assert!(errs.has("bizClass", rule::REQUIRED), "{errs}");
}

#[test]
fn payment_refund_quit_paging_validation() {
    let errs = PaymentForm::default()
        .set_settle_cost("11,000")
        .validate()
        .unwrap_err();
    assert!(errs.has("settleCost", rule::FORMAT), "{errs}");
    assert!(errs.has("settlerName", rule::REQUIRED), "{errs}");
    assert!(errs.has("settlerEmail", rule::REQUIRED), "{errs}");
    assert!(errs.has("paymentName", rule::REQUIRED), "{errs}");

    let errs = RefundForm::default()
        .set_request_point("0")
        .validate()
        .unwrap_err();
    assert!(errs.has("requestpoint", rule::RANGE), "{errs}");
    for f in [
        "contactname",
        "tel",
        "accountbank",
        "accountnum",
        "accountname",
        "reason",
    ] {
        assert!(errs.has(f, rule::REQUIRED), "{f}: {errs}");
    }

    let errs = QuitRequest::new("  ").validate().unwrap_err();
    assert!(errs.has("quitReason", rule::REQUIRED));

    assert!(Paging::new().page(1).per_page(1000).validate().is_ok());
    let errs = Paging::new().page(0).per_page(1001).validate().unwrap_err();
    assert!(errs.has("Page", rule::RANGE));
    assert!(errs.has("PerPage", rule::RANGE));

    let errs = ContactIdRequest::new("").validate().unwrap_err();
    assert!(errs.has("id", rule::REQUIRED));
}

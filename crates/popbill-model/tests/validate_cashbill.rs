//! Cash receipt validation: each rule fails on the field it names, a good receipt passes.

use popbill_model::cashbill::identity::{IdentityKind, normalize_identity_num};
use popbill_model::cashbill::validate::{check_get_infos, check_revocation};
use popbill_model::cashbill::{BulkCashbillSubmit, Cashbill, CashbillInfo, RevokeRequest};
use popbill_model::codes::{CancelType, TaxationType, TradeType, TradeUsage};
use popbill_model::{Date8, Validate, ValidationContext, ValidationErrors, rule};
use serde_json::json;

const SELLER: &str = "2208162517";

fn today() -> Date8 {
    Date8::parse("20250110").expect("date")
}

fn ctx() -> ValidationContext {
    ValidationContext::new().today_kst(today())
}

fn receipt() -> Cashbill {
    Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key("CB-20250110-01")
        .set_trade_dt("20250110093000")
        .set_franchise_corp_num(SELLER)
        .set_identity_num("01012345678")
        .set_amounts(10_000, 1_000, 0)
        .set_memo("메모")
}

fn errs(cb: &Cashbill) -> ValidationErrors {
    cb.validate_with(&ctx()).err().unwrap_or_default()
}

#[test]
fn a_good_receipt_passes() {
    assert_eq!(receipt().validate_with(&ctx()), Ok(()));
}

#[test]
fn required_fields_are_named() {
    let e = errs(&Cashbill::default());
    for path in [
        "mgtKey",
        "tradeType",
        "tradeUsage",
        "taxationType",
        "supplyCost",
        "tax",
        "serviceFee",
        "totalAmount",
        "franchiseCorpNum",
        "identityNum",
    ] {
        assert!(e.has(path, rule::REQUIRED), "{path}: {e}");
    }
}

#[test]
fn amounts_must_add_up_and_be_sane() {
    let e = errs(&receipt().set_total_amount(12_000));
    assert!(e.has("totalAmount", rule::TOTALS), "{e}");
    let e = errs(&receipt().set_amounts(-1, 0, 0));
    assert!(e.has("supplyCost", rule::SIGN), "{e}");
    let e = errs(&receipt().set_amounts(1_000_000_000, 0, 0));
    assert!(e.has("supplyCost", rule::MAX_LENGTH), "{e}");
    assert!(e.has("totalAmount", rule::MAX_LENGTH), "{e}");
    let e = errs(&receipt().set_amounts(0, 0, 0));
    assert!(e.has("totalAmount", rule::RANGE), "{e}");
    let e = errs(&receipt().set_amounts(100, 200, 0));
    assert!(e.has("tax", rule::RANGE), "supply below tax is TS4: {e}");
}

#[test]
fn identity_kinds_follow_the_usage() {
    let income = |id: &str| errs(&receipt().set_identity_num(id));
    let expense = |id: &str| {
        errs(
            &receipt()
                .set_trade_usage(TradeUsage::ExpenseProof)
                .set_identity_num(id),
        )
    };
    // 소득공제용: mobile, resident number, card, voluntary code; not a business number.
    for ok in [
        "01012345678",
        "0101234567",
        "9001011234567",
        "1234567890123456",
        "0100001234",
    ] {
        assert!(income(ok).is_empty(), "{ok}: {}", income(ok));
    }
    assert!(income(SELLER).has("identityNum", rule::CONDITIONAL));
    // 지출증빙용: business number, mobile, card; not the voluntary code.
    for ok in [SELLER, "01012345678", "1234567890123456"] {
        assert!(expense(ok).is_empty(), "{ok}: {}", expense(ok));
    }
    assert!(expense("0100001234").has("identityNum", rule::CONDITIONAL));
    // Shapes no kind has.
    assert!(income("010-1234-5678").has("identityNum", rule::CHARSET));
    assert!(income("12345").has("identityNum", rule::FORMAT));
    assert!(
        income("11012345678").has("identityNum", rule::FORMAT),
        "11 digits must start with 0"
    );
    assert!(income("12345678901234567890").has("identityNum", rule::FORMAT));
}

#[test]
fn identity_normalisation_only_when_unambiguous() {
    assert_eq!(normalize_identity_num("010-1234-5678"), "01012345678");
    assert_eq!(
        normalize_identity_num("1234 5678 9012 3456"),
        "1234567890123456"
    );
    assert_eq!(normalize_identity_num("010-12ab"), "010-12ab");
    assert_eq!(normalize_identity_num("--"), "--");
    assert_eq!(
        IdentityKind::classify("1261234567890"),
        Some(IdentityKind::ResidentOrCard)
    );
    assert_eq!(
        IdentityKind::classify("126123456789"),
        Some(IdentityKind::Card)
    );
    assert_eq!(IdentityKind::classify("125123456789"), None);
}

#[test]
fn trade_dt_is_today_or_yesterday_in_korean_time() {
    assert!(errs(&receipt().set_trade_dt("20250109235959")).is_empty());
    let e = errs(&receipt().set_trade_dt("20250108235959"));
    assert!(e.has("tradeDT", rule::RANGE), "{e}");
    let e = errs(&receipt().set_trade_dt("20250111000000"));
    assert!(e.has("tradeDT", rule::DATE), "{e}");
    let e = errs(&receipt().set_trade_dt("20250110246000"));
    assert!(e.has("tradeDT", rule::DATE), "{e}");
    // Without today, only the format is checked.
    assert!(
        receipt()
            .set_trade_dt("20200101000000")
            .validate_with(&ValidationContext::new())
            .is_ok()
    );
}

#[test]
fn issuance_is_an_approval_and_codes_must_be_known() {
    let e = errs(&receipt().set_trade_type(TradeType::Cancel));
    assert!(e.has("tradeType", rule::RANGE), "{e}");
    let e = errs(&receipt().set_trade_usage(TradeUsage::from("기타용")));
    assert!(e.has("tradeUsage", rule::UNKNOWN_CODE), "{e}");
    let e = errs(&receipt().set_taxation_type(TaxationType::from("면세")));
    assert!(e.has("taxationType", rule::UNKNOWN_CODE), "{e}");
    let lenient = ctx().allow_unknown_codes(true);
    let odd = receipt().set_trade_usage(TradeUsage::from("기타용"));
    assert_eq!(odd.validate_with(&lenient), Ok(()));
}

#[test]
fn seller_number_text_limits_and_keys() {
    let e = errs(
        &receipt()
            .set_franchise_corp_num("1234567890")
            .set_franchise_tax_reg_id("12")
            .set_mgt_key("bad key")
            .set_memo("가".repeat(201))
            .set_email_subject("a".repeat(301)),
    );
    assert!(e.has("franchiseCorpNum", rule::CHECKSUM), "{e}");
    assert!(e.has("franchiseTaxRegID", rule::FORMAT), "{e}");
    assert!(e.has("mgtKey", rule::CHARSET), "{e}");
    assert!(e.has("memo", rule::MAX_LENGTH) && e.has("emailSubject", rule::MAX_LENGTH));
    let test_nums = ctx().allow_test_corp_nums(true);
    assert!(
        receipt()
            .set_franchise_corp_num("1234567890")
            .validate_with(&test_nums)
            .is_ok()
    );
}

#[test]
fn bulk_and_get_infos_sizes() {
    let e = BulkCashbillSubmit::new(vec![])
        .validate()
        .expect_err("empty");
    assert!(e.has("cashbills", rule::REQUIRED));
    let many = BulkCashbillSubmit::new(
        (0..101)
            .map(|i| receipt().set_mgt_key(format!("K{i}")))
            .collect(),
    );
    assert!(
        many.validate_with(&ctx())
            .expect_err("101")
            .has("cashbills", rule::TOO_MANY)
    );
    let dup = BulkCashbillSubmit::new(vec![receipt(), receipt().set_identity_num("x")]);
    let e = dup
        .validate_with(&ctx())
        .expect_err("duplicate key and bad id");
    assert!(e.has("cashbills[1].mgtKey", rule::DUPLICATE), "{e}");
    assert!(e.has("cashbills[1].identityNum", rule::CHARSET), "{e}");
    let keys: Vec<String> = (0..1001).map(|i| format!("K{i}")).collect();
    assert!(
        check_get_infos(&keys)
            .expect_err("1001")
            .has("MgtKeyList", rule::TOO_MANY)
    );
    assert!(check_get_infos(&keys[..1000]).is_ok());
}

fn original(state: i64) -> CashbillInfo {
    serde_json::from_value(json!({
        "confirmNum": "TB0000001", "tradeDate": "20250105", "tradeType": "승인거래",
        "taxationType": "과세", "stateCode": state, "supplyCost": "10000", "tax": "1000",
        "serviceFee": "0", "totalAmount": "11000"
    }))
    .expect("info")
}

#[test]
fn revoke_request_rules() {
    let full = RevokeRequest::new("C-1", "TB0000001", "20250105");
    assert_eq!(full.validate_with(&ctx()), Ok(()));
    let e = RevokeRequest::default().validate().expect_err("empty");
    for p in ["mgtKey", "orgConfirmNum", "orgTradeDate"] {
        assert!(e.has(p, rule::REQUIRED), "{p}: {e}");
    }
    let e = RevokeRequest::new("C-1", "TB01", "20250230")
        .validate()
        .expect_err("bad number and date");
    assert!(e.has("orgConfirmNum", rule::FORMAT) && e.has("orgTradeDate", rule::DATE));
    let e = full
        .clone()
        .set_supply_cost(1_000)
        .validate()
        .expect_err("amount on full");
    assert!(e.has("supplyCost", rule::CONDITIONAL), "{e}");
    let e = full
        .clone()
        .set_is_part_cancel(true)
        .validate()
        .expect_err("no amounts");
    assert!(e.has("totalAmount", rule::REQUIRED), "{e}");
    let e = full
        .clone()
        .set_partial_amounts(1_000, 100, 0)
        .set_total_amount(1_000)
        .validate()
        .expect_err("sum");
    assert!(e.has("totalAmount", rule::TOTALS), "{e}");
    let e = full
        .clone()
        .set_trade_dt("20250104120000")
        .validate()
        .expect_err("before the original");
    assert!(e.has("tradeDT", rule::RANGE), "{e}");
    let e = full
        .set_cancel_type(CancelType::from(0))
        .validate()
        .expect_err(".NET's 0");
    assert!(e.has("cancelType", rule::UNKNOWN_CODE), "{e}");
}

#[test]
fn revocation_against_the_original() {
    let org = original(304);
    let full = RevokeRequest::full_from(&org, "C-1").expect("builds");
    assert_eq!(check_revocation(&full, &org, &[]), Ok(()));
    // Not yet filed: the server would answer -14001021.
    let e = check_revocation(&full, &original(300), &[]).expect_err("unfiled");
    assert!(e.has("orgConfirmNum", rule::CONDITIONAL), "{e}");
    // Numbers of another receipt.
    let other = full.clone().set_org_trade_date("20250106");
    assert!(
        check_revocation(&other, &org, &[])
            .expect_err("date")
            .has("orgTradeDate", rule::CONDITIONAL)
    );
    // Cumulative partial cancels: 6,600 then 4,400 fits, then 1 more won does not.
    let first: CashbillInfo = serde_json::from_value(json!({
        "tradeType": "취소거래", "supplyCost": "6000", "tax": "600", "serviceFee": "0", "totalAmount": "6600"
    }))
    .expect("info");
    let rest = RevokeRequest::partial_from(&org, "C-2", 4_000, 400, 0).expect("builds");
    assert_eq!(
        check_revocation(&rest, &org, std::slice::from_ref(&first)),
        Ok(())
    );
    let over = RevokeRequest::partial_from(&org, "C-3", 4_001, 400, 0).expect("builds");
    let e = check_revocation(&over, &org, std::slice::from_ref(&first)).expect_err("one won over");
    assert!(
        e.has("supplyCost", rule::RANGE) && e.has("totalAmount", rule::RANGE),
        "{e}"
    );
    // A full cancel after a partial one would exceed the original.
    let e = check_revocation(&full, &org, &[first]).expect_err("full after partial");
    assert!(e.has("isPartCancel", rule::RANGE) && e.len() == 1, "{e}");
    // The original must be an approval.
    let mut cancel = org.clone();
    cancel.trade_type = Some(TradeType::Cancel);
    assert!(check_revocation(&full, &cancel, &[]).is_err());
}

#[test]
fn the_builder_needs_an_issued_original() {
    let e = RevokeRequest::full_from(&CashbillInfo::default(), "C-1").expect_err("no number");
    assert!(e.has("orgConfirmNum", rule::REQUIRED));
}

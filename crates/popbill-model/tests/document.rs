//! The shared document vocabulary: one definition under `popbill_model::document`, still
//! reachable under the old `taxinvoice` paths, with the same checks for every service.

use popbill_model::codes::TaxType;
use popbill_model::document::{
    self, BulkResponse, EmailSendConfig, MAX_GET_INFOS, MemoBody, SmsBody, check_mgt_keys,
    check_paging, check_search_window, check_state_filters, sms_contents_bytes,
};
use popbill_model::taxinvoice::{self, Taxinvoice, TaxinvoiceDetail};
use popbill_model::{Validate, rule};

/// Compiles only when both arguments have the same type.
fn same_type<T>(_: &T, _: &T) {}

#[test]
fn taxinvoice_paths_are_the_shared_types() {
    same_type(&MemoBody::memo("m"), &taxinvoice::MemoBody::memo("m"));
    same_type(
        &BulkResponse::default(),
        &taxinvoice::BulkResponse::default(),
    );
    same_type(
        &EmailSendConfig::default(),
        &taxinvoice::EmailSendConfig::default(),
    );
    assert_eq!(
        document::MAX_MEMO,
        taxinvoice::validate::MAX_MEMO,
        "one limit, two paths"
    );
}

#[test]
fn key_lists_are_checked_by_size_and_format() {
    let too_many: Vec<String> = (0..=MAX_GET_INFOS).map(|i| format!("K{i}")).collect();
    let errs = check_mgt_keys(&too_many, MAX_GET_INFOS).expect_err("1001 keys");
    assert!(errs.has("MgtKeyList", rule::TOO_MANY));
    let errs = check_mgt_keys(&["ok-1", "not ok"], 10).expect_err("space in a key");
    assert!(errs.has("MgtKeyList[1]", rule::CHARSET));
    assert!(check_mgt_keys::<&str>(&[], 10).is_err());
    assert!(check_mgt_keys(&["A", "B"], 2).is_ok());
}

#[test]
fn search_paging_and_state_filters() {
    assert!(check_search_window("20250101", "20250701").is_ok());
    let errs = check_search_window("20250101", "20250702").expect_err("over 6 months");
    assert!(errs.has("EDate", rule::RANGE));
    assert!(check_paging(Some(1), Some(1000)).is_ok());
    assert!(check_paging(Some(0), Some(1001)).expect_err("bad").len() == 2);
    let errs = check_state_filters(&["3**", "*04"]).expect_err("wildcard first");
    assert!(errs.has("State[1]", rule::FORMAT));
}

#[test]
fn sms_bodies_count_korean_as_two_bytes() {
    assert_eq!(sms_contents_bytes("현금영수증 OK"), 13);
    let errs = SmsBody::default().validate().expect_err("empty SMS");
    assert!(errs.has("sender", rule::REQUIRED) && errs.has("contents", rule::REQUIRED));
    let long = MemoBody::memo("가".repeat(201));
    assert!(
        long.validate()
            .expect_err("memo")
            .has("memo", rule::MAX_LENGTH)
    );
}

#[test]
fn macro_made_setters_keep_their_argument_types() {
    let inv = Taxinvoice::default()
        .set_tax_type(TaxType::Taxable)
        .set_invoicer_corp_name("상호")
        .set_supply_cost_total(1_000)
        .set_cash(500)
        .set_kwon(3)
        .set_bank_book_yn(true)
        .add_detail(TaxinvoiceDetail::default().set_qty("1.5".parse().expect("decimal")));
    let json = serde_json::to_value(&inv).expect("serialises");
    assert_eq!(json["taxType"], "과세");
    assert_eq!(json["invoicerCorpName"], "상호");
    assert_eq!(json["supplyCostTotal"], "1000");
    assert_eq!(json["cash"], "500");
    assert_eq!(json["kwon"], 3);
    assert_eq!(json["bankBookYN"], true);
    assert_eq!(json["detailList"][0]["qty"], "1.5");
}

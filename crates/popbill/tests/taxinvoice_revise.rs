//! Revised invoices: the builders for modifyCode 1-6 copy the original, set the
//! revision fields, negate what must be negative, date the invoices, and refuse originals
//! that cannot be revised. Every built invoice passes the model's validation.
#![allow(clippy::unwrap_used)]

mod support;

use popbill::model::codes::{InvoiceeType, MgtKeyType, ModifyCode, StateCode, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TaxinvoiceInfo};
use popbill::model::{Amount, Date8, Validate, ValidationContext, rule};
use popbill::taxinvoice::RevisionBase;
use serde_json::{Value, json as j};
use support::*;

const CONFIRM: &str = "20250101410000000000a1b2";

fn info(state: i64) -> TaxinvoiceInfo {
    serde_json::from_value(j!({"stateCode": state, "ntsconfirmNum": CONFIRM})).unwrap()
}

/// The golden invoice as getDetailInfo returns it after issuance.
fn original() -> Taxinvoice {
    let mut inv = golden_invoice("PY-TI-0001");
    inv.nts_confirm_num = Some(CONFIRM.to_owned());
    inv
}

fn base() -> RevisionBase {
    RevisionBase::new(original(), &info(304)).unwrap()
}

fn valid(inv: &Taxinvoice) {
    let ctx = ValidationContext::new().allow_test_corp_nums(true);
    if let Err(e) = inv.validate_with(&ctx) {
        panic!("built invoice is invalid: {e}");
    }
}

fn wire(inv: &Taxinvoice) -> Value {
    serde_json::to_value(inv).unwrap()
}

fn d(s: &str) -> Date8 {
    Date8::parse(s).unwrap()
}

#[test]
fn only_filed_originals_can_be_revised() {
    for (state, hint) in [
        (300, "cancel_issue"),
        (302, "wait"),
        (305, "rejected"),
        (100, "304"),
        (600, "304"),
    ] {
        let e = RevisionBase::new(original(), &info(state)).unwrap_err();
        assert!(e.has("stateCode", rule::RANGE), "{state}: {e}");
        assert!(e.to_string().contains(hint), "{state}: {e}");
    }
    let mut no_num = original();
    no_num.nts_confirm_num = None;
    let e = RevisionBase::new(no_num, &TaxinvoiceInfo::default()).unwrap_err();
    assert!(e.has("stateCode", rule::RANGE), "{e}");
    let bare: TaxinvoiceInfo = serde_json::from_value(j!({"stateCode": 304})).unwrap();
    let mut no_num = original();
    no_num.nts_confirm_num = None;
    let e = RevisionBase::new(no_num, &bare).unwrap_err();
    assert!(e.has("ntsconfirmNum", rule::REQUIRED), "{e}");
    let bad: TaxinvoiceInfo =
        serde_json::from_value(j!({"stateCode": 304, "ntsconfirmNum": "123"})).unwrap();
    assert!(
        RevisionBase::new(original(), &bad)
            .unwrap_err()
            .has("ntsconfirmNum", rule::FORMAT)
    );
    assert!(base().original().nts_confirm_num.is_some());
    assert_eq!(base().nts_confirm_num(), CONFIRM);
    assert!(StateCode::FiledOk.is_filed_ok());
}

#[test]
fn contract_cancellation_is_a_negative_copy_dated_the_cancellation() {
    let inv = base()
        .contract_cancellation(&key("PY-TI-M004"), d("20250115"))
        .unwrap();
    valid(&inv);
    let w = wire(&inv);
    assert_eq!(w["modifyCode"], 4);
    assert_eq!(w["orgNTSConfirmNum"], CONFIRM);
    assert_eq!(w["invoicerMgtKey"], "PY-TI-M004");
    assert_eq!(w["writeDate"], "20250115");
    assert_eq!(
        (
            w["supplyCostTotal"].clone(),
            w["taxTotal"].clone(),
            w["totalAmount"].clone()
        ),
        (j!("-100000"), j!("-10000"), j!("-110000"))
    );
    assert_eq!(w["detailList"][0]["qty"], "-1");
    assert_eq!(w["detailList"][0]["unitCost"], "50000");
    assert_eq!(w["detailList"][0]["supplyCost"], "-50000");
    assert_eq!(w["detailList"][1]["tax"], "-5000");
    assert_eq!(w["cash"], "", "blank payment fields stay blank");
    assert!(
        w.get("ntsconfirmNum").is_none(),
        "response-only field cleared"
    );
    // The note goes to the first free remark: remark3 ("" in the original).
    assert_eq!(w["remark1"], "비고1");
    assert_eq!(
        w["remark3"],
        format!("수정사유: 계약의 해제 (당초 승인번호 {CONFIRM})")
    );
    // Everything else is the original's.
    let o = wire(&original());
    for k in [
        "invoiceeCorpName",
        "invoicerCEOName",
        "purposeType",
        "kwon",
        "addContactList",
    ] {
        assert_eq!(w[k], o[k], "{k}");
    }

    let e = base()
        .contract_cancellation(&key("K"), d("20241231"))
        .unwrap_err();
    assert!(e.has("writeDate", rule::RANGE), "{e}");
}

#[test]
fn correction_cancels_and_replaces() {
    let corrected = golden_invoice("X")
        .set_invoicee_corp_name("올바른 상호")
        .set_write_date("");
    let [neg, pos] = base()
        .correction(&key("PY-TI-M1N"), corrected, &key("PY-TI-M1P"))
        .unwrap();
    valid(&neg);
    valid(&pos);
    let (n, p) = (wire(&neg), wire(&pos));
    assert_eq!(
        (n["modifyCode"].clone(), p["modifyCode"].clone()),
        (j!(1), j!(1))
    );
    assert_eq!(n["totalAmount"], "-110000");
    assert_eq!(p["totalAmount"], "110000");
    assert_eq!(p["invoiceeCorpName"], "올바른 상호");
    assert_eq!(
        (n["writeDate"].clone(), p["writeDate"].clone()),
        (j!("20250101"), j!("20250101"))
    );
    assert_eq!(
        (n["invoicerMgtKey"].clone(), p["invoicerMgtKey"].clone()),
        (j!("PY-TI-M1N"), j!("PY-TI-M1P"))
    );
    assert_eq!(p["orgNTSConfirmNum"], CONFIRM);
}

#[test]
fn supply_value_change_is_the_difference_only() {
    let less = TaxinvoiceDetail::new(1)
        .set_item_name("단가 인하")
        .set_supply_cost(-20_000);
    let inv = base()
        .supply_value_change(&key("PY-TI-M002"), d("20250120"), vec![less])
        .unwrap();
    valid(&inv);
    let w = wire(&inv);
    assert_eq!(w["modifyCode"], 2);
    assert_eq!(w["writeDate"], "20250120");
    assert_eq!(
        (
            w["supplyCostTotal"].clone(),
            w["taxTotal"].clone(),
            w["totalAmount"].clone()
        ),
        (j!("-20000"), j!("-2000"), j!("-22000"))
    );
    assert_eq!(w["detailList"].as_array().unwrap().len(), 1);
    assert!(
        w.get("cash").is_none(),
        "payment breakdown of the original dropped"
    );
}

#[test]
fn goods_return_negates_the_returned_lines() {
    let returned = TaxinvoiceDetail::new(1)
        .set_item_name("품목2")
        .set_qty("1".parse().unwrap())
        .set_unit_cost("25000".parse().unwrap());
    let inv = base()
        .goods_return(&key("PY-TI-M003"), d("20250110"), vec![returned])
        .unwrap();
    valid(&inv);
    let w = wire(&inv);
    assert_eq!(w["modifyCode"], 3);
    assert_eq!(w["writeDate"], "20250110");
    assert_eq!(w["detailList"][0]["qty"], "-1");
    assert_eq!(w["supplyCostTotal"], "-25000");
    assert_eq!(w["taxTotal"], "-2500");
    assert_eq!(w["totalAmount"], "-27500");
}

#[test]
fn local_letter_of_credit_cancels_and_reissues_zero_rated() {
    let [neg, zero] = base()
        .local_letter_of_credit(&key("PY-TI-M5N"), &key("PY-TI-M5Z"))
        .unwrap();
    valid(&neg);
    valid(&zero);
    assert_eq!(neg.modify_code, Some(ModifyCode::LocalLetterOfCredit));
    assert_eq!(neg.total_amount, Some(Amount::new(-110_000)));
    assert_eq!(zero.tax_type, Some(TaxType::ZeroRated));
    assert_eq!(zero.tax_total, Some(Amount::ZERO));
    assert_eq!(zero.total_amount, Some(Amount::new(100_000)));
    assert!(
        zero.details()
            .iter()
            .all(|l| l.tax_value() == Some(Amount::ZERO))
    );
    assert_eq!(wire(&zero)["writeDate"], "20250101");
}

#[test]
fn duplicate_issuance_is_a_negative_copy_on_the_original_date() {
    let inv = base().duplicate_issuance(&key("PY-TI-M006")).unwrap();
    valid(&inv);
    assert_eq!(inv.modify_code, Some(ModifyCode::DuplicateIssuance));
    assert_eq!(inv.write_date.as_deref(), Some("20250101"));
    assert_eq!(inv.supply_cost_total, Some(Amount::new(-100_000)));
}

#[test]
fn a_foreign_buyers_id_in_remark1_is_kept() {
    let mut o = original()
        .set_invoicee_type(InvoiceeType::Foreigner)
        .set_invoicee_corp_num("9999999999999")
        .set_remark1("M12345678");
    o.remark2 = None;
    let inv = RevisionBase::new(o, &info(304))
        .unwrap()
        .duplicate_issuance(&key("K-F"))
        .unwrap();
    valid(&inv);
    assert_eq!(inv.remark1.as_deref(), Some("M12345678"));
    assert!(
        inv.remark2
            .as_deref()
            .unwrap()
            .starts_with("수정사유: 착오에 의한 이중발급")
    );
}

#[tokio::test]
async fn revision_base_loads_info_and_detail() {
    let http = fake(|req| {
        if target(req).ends_with("?Detail") {
            json(200, &serde_json::to_string(&original()).unwrap())
        } else {
            json(
                200,
                &j!({"stateCode": 304, "ntsconfirmNum": CONFIRM}).to_string(),
            )
        }
    });
    let client = client(http.clone());
    let base = client
        .taxinvoice()
        .revision_base(&corp(), MgtKeyType::Sell, &key("PY-TI-0001"))
        .await
        .unwrap();
    assert_eq!(base.nts_confirm_num(), CONFIRM);
    let targets: Vec<String> = api_requests(&http).iter().map(target).collect();
    assert_eq!(
        targets,
        [
            "/Taxinvoice/SELL/PY-TI-0001",
            "/Taxinvoice/SELL/PY-TI-0001?Detail"
        ]
    );
}

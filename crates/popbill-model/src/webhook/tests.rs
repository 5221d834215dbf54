//! Parsing of every family from the documented examples.

use super::*;
use crate::codes::{InvoiceType, InvoiceeType, PurposeType, StateCode, TaxType};

const HT_EXAMPLE: &str = include_str!("fixtures/ht_taxinvoice_example.json");
const MID: &str = "016120000002-1777d55c2c41492ab06826d";

fn headers<'a>(ty: &'a str, event: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut h = vec![
        ("Pb-Webhook-Type", ty),
        ("Pb-Webhook-MID", MID),
        ("Pb-Webhook-Corpnum", "6798700433"),
        ("Content-Type", "application/json"),
    ];
    if let Some(e) = event {
        h.push(("Pb-Webhook-EventType", e));
    }
    h
}

fn only_item(event: &WebhookEvent) -> &WebhookItem {
    assert_eq!(event.items.len(), 1, "{event:?}");
    &event.items[0]
}

#[test]
fn ht_taxinvoice_example_parses_field_for_field() {
    let event = WebhookEvent::parse(headers("HT.TAXINVOICEXML", None), HT_EXAMPLE.as_bytes())
        .expect("documented example parses");
    assert_eq!(event.webhook_type, WebhookType::HtTaxinvoiceXml);
    assert_eq!(event.mid, MID);
    assert_eq!(event.corp_num.as_deref(), Some("6798700433"));
    assert_eq!(event.event_type, EventType::HtTaxinvoice);
    assert!(!event.body_was_array);
    let WebhookItem::HtTaxinvoice(push) = only_item(&event) else {
        panic!("not typed: {event:?}")
    };
    assert_eq!(push.send_date, "20221111");
    let t = &push.invoice;
    assert_eq!(t.write_date, "20221111");
    assert_eq!(t.issue_dt, "20221111112809");
    assert_eq!(t.invoice_type, Some(InvoiceType::General));
    assert_eq!(t.tax_type, Some(TaxType::Taxable));
    assert_eq!(t.invoicer_corp_num, "6798700433");
    assert_eq!(t.invoicer_corp_name, "(주)링크허브");
    assert_eq!(t.invoicer_ceo_name, "공급자 대표");
    assert_eq!(t.invoicer_addr, "Seller Address");
    assert_eq!(t.invoicer_biz_type, "공급자 업태");
    assert_eq!(t.invoicer_biz_class, "공급자 종목");
    assert_eq!(t.invoicer_contact_name, "공급자 담당자 성명");
    assert_eq!(t.invoicer_tel, "공급자 담당자 연락처");
    assert_eq!(t.invoicer_email, "공급자 담당자 이메일");
    assert_eq!(t.invoicee_corp_num, "1234567890");
    assert_eq!(t.invoicee_type, Some(InvoiceeType::Business));
    assert_eq!(t.invoicee_corp_name, "공급받는자 사업자");
    assert_eq!(t.invoicee_ceo_name, "공급받는자 대표");
    assert_eq!(t.invoicee_addr, "Buyer Address");
    assert_eq!(t.invoicee_biz_type, "Buyer Business Type");
    assert_eq!(t.invoicee_biz_class, "공급받는자 종목");
    assert_eq!(t.invoicee_contact_name1, "공급받는자 담당자 성명");
    assert_eq!(t.invoicee_email1, "공급받는자 담당자 이메일");
    assert_eq!(t.tax_total, "20000");
    assert_eq!(t.supply_cost_total, "200000");
    assert_eq!(t.total_amount, "220000");
    assert_eq!(t.purpose_type, Some(PurposeType::Claim));
    assert_eq!(t.nts_confirm_num, "202211114100020300000777");
    // Omitted optional keys stay empty.
    assert_eq!(t.invoicer_mgt_key, "");
    assert_eq!(t.remark1, "");
    assert_eq!(t.trustee_corp_num, "");
    assert_eq!(t.modify_code, None);
    assert_eq!(t.detail_list.len(), 1);
    let d = &t.detail_list[0];
    assert_eq!(d.serial_num, 1);
    assert_eq!(d.purchase_dt, "20221111");
    assert_eq!(d.item_name, "테스트 결제");
    assert_eq!(d.supply_cost, "200000");
    assert_eq!(d.tax, "20000");
    assert_eq!(d.qty, "");
}

/// True when every key of `expected` (recursively) is in `actual` with the same value.
fn contained(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| contained(v, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| contained(x, y))
        }
        (e, a) => e == a,
    }
}

#[test]
fn ht_taxinvoice_serialises_back_every_key_it_read() {
    let v: Value = serde_json::from_str(HT_EXAMPLE).expect("json");
    let t: HtTaxinvoicePush = serde_json::from_value(v.clone()).expect("typed");
    let back = serde_json::to_value(&t).expect("serialise");
    assert!(contained(&v, &back), "{back:#}");
    // The check can fail: a changed value is noticed.
    let mut changed = v.clone();
    changed["detailList"][0]["tax"] = Value::from("1");
    assert!(!contained(&changed, &back));
}

#[test]
fn ht_taxinvoice_array_body_and_amended_invoice() {
    let body = r#"[
      {"writeDate":"20250301","sendDate":"20250302","issueDT":"20250301093000",
       "invoiceType":201,"taxType":"과세","purposeType":"영수",
       "ntsconfirmNum":"202503014100000000000001","invoicerCorpNum":"1234567890",
       "invoicerCorpName":"판매사","invoicerCEOName":"대표","invoiceeCorpNum":"9876543210",
       "invoiceeType":"외국인","remark1":"M12345678","invoiceeCorpName":"구매사","invoiceeCEOName":"대표",
       "supplyCostTotal":"100000","taxTotal":"10000","totalAmount":"110000",
       "modifyCode":2,"orgNTSConfirmNum":"202502014100000000000009",
       "detailList":[{"serialNum":1,"purchaseDT":"20250301","itemName":"품목","supplyCost":"100000","tax":"10000"}]},
      {"writeDate":"20250302","invoiceType":"999","ntsconfirmNum":"x","newKey":true}
    ]"#;
    let event = WebhookEvent::parse(headers("HT.TAXINVOICEXML", None), body.as_bytes())
        .expect("array body");
    assert!(event.body_was_array);
    assert_eq!(event.items.len(), 2);
    let WebhookItem::HtTaxinvoice(a) = &event.items[0] else {
        panic!("{:?}", event.items[0])
    };
    let a = &a.invoice;
    assert_eq!(a.invoice_type, Some(InvoiceType::from(201)));
    assert_eq!(
        a.modify_code,
        Some(crate::codes::ModifyCode::SupplyValueChange)
    );
    assert_eq!(a.invoicee_type, Some(InvoiceeType::Foreigner));
    assert_eq!(a.remark1, "M12345678");
    assert_eq!(a.org_nts_confirm_num, "202502014100000000000009");
    assert_eq!(a.detail_list[0].serial_num, 1);
    let WebhookItem::HtTaxinvoice(b) = &event.items[1] else {
        panic!("{:?}", event.items[1])
    };
    assert!(
        b.invoice
            .invoice_type
            .as_ref()
            .is_some_and(InvoiceType::is_unknown)
    );
    assert_eq!(
        b.invoice.invoice_type.as_ref().and_then(|t| t.code()),
        Some(999)
    );
    assert_eq!(b.invoice.write_date, "20250302");
}

#[test]
fn taxinvoice_state_every_event_type() {
    for (ty, expected) in [
        ("Issue", TaxinvoiceEventType::Issue),
        ("CancelIssue", TaxinvoiceEventType::CancelIssue),
        ("CLOSEDOWN", TaxinvoiceEventType::CloseDown),
        ("NTS", TaxinvoiceEventType::Nts),
        ("OPEN", TaxinvoiceEventType::Open),
    ] {
        let body = format!(
            r#"{{"eventType":"{ty}","eventDT":"20250301101010","corpNum":"1234567890",
                "itemKey":"025030110101000001","ntsConfirmNum":"202503014100000000000001",
                "ntssendDT":"20250301101000","ntsresultDT":"20250301101010",
                "ntssendErrCode":"SUC001","stateCode":304,"mgtKey":"INV-1"}}"#
        );
        let event = WebhookEvent::parse(headers("TAXINVOICE.STATE", Some(ty)), body.as_bytes())
            .expect("parses");
        assert_eq!(event.event_type, EventType::Taxinvoice(expected.clone()));
        assert_eq!(event.event_type.as_str(), ty);
        let WebhookItem::TaxinvoiceState(s) = only_item(&event) else {
            panic!("{event:?}")
        };
        assert_eq!(s.event_type, Some(expected));
        assert_eq!(s.corp_num.as_deref(), Some("1234567890"));
        assert_eq!(s.item_key.as_deref(), Some("025030110101000001"));
        assert_eq!(
            s.nts_confirm_num.as_deref(),
            Some("202503014100000000000001")
        );
        assert_eq!(s.nts_send_dt.as_deref(), Some("20250301101000"));
        assert_eq!(s.nts_result_dt.as_deref(), Some("20250301101010"));
        assert_eq!(s.nts_send_err_code.as_deref(), Some("SUC001"));
        assert_eq!(s.state(), Some(StateCode::FiledOk));
        assert_eq!(s.mgt_key.as_deref(), Some("INV-1"));
        assert_eq!(s.event_dt.as_deref(), Some("20250301101010"));
    }
}

#[test]
fn event_type_falls_back_to_the_body_and_unknown_types_are_kept() {
    let event = WebhookEvent::parse(
        headers("TAXINVOICE.STATE", None),
        br#"{"eventType":"REFUSE","stateCode":"400"}"#,
    )
    .expect("parses");
    let EventType::Taxinvoice(t) = &event.event_type else {
        panic!("{event:?}")
    };
    assert!(t.is_unknown());
    assert_eq!(t.as_str(), "REFUSE");
    let WebhookItem::TaxinvoiceState(s) = only_item(&event) else {
        panic!()
    };
    assert_eq!(s.state_code, Some(400));
}

#[test]
fn cashbill_state_issue_nts_and_bulk() {
    for (ty, expected) in [
        ("Issue", CashbillEventType::Issue),
        ("NTS", CashbillEventType::Nts),
        ("BULKRESULT", CashbillEventType::BulkResult),
    ] {
        let body = br#"{"corpNum":"1234567890","franchiseCorpNum":"1234567890",
            "itemKey":"025030110101000002","tradeDate":"20250301","confirmNum":"TB0000001",
            "ntssendDT":"20250302000000","ntsresultDT":"20250302100000","ntsresultCode":"0000",
            "stateCode":304,"stateDT":"20250302100000","issueDT":"20250301101010"}"#;
        let event = WebhookEvent::parse(headers("CASHBILL.STATE", Some(ty)), body).expect("ok");
        assert_eq!(event.event_type, EventType::Cashbill(expected));
        let WebhookItem::CashbillState(c) = only_item(&event) else {
            panic!("{event:?}")
        };
        assert_eq!(c.franchise_corp_num.as_deref(), Some("1234567890"));
        assert_eq!(c.item_key.as_deref(), Some("025030110101000002"));
        assert_eq!(c.trade_date.as_deref(), Some("20250301"));
        assert_eq!(c.confirm_num.as_deref(), Some("TB0000001"));
        assert_eq!(c.nts_result_code.as_deref(), Some("0000"));
        assert_eq!(c.state_code, Some(304));
        assert_eq!(c.state_dt.as_deref(), Some("20250302100000"));
        assert_eq!(c.issue_dt.as_deref(), Some("20250301101010"));
        assert!(c.extra.is_empty());
    }
}

#[test]
fn statement_state_string_state_code() {
    for (ty, expected) in [
        ("Issue", StatementEventType::Issue),
        ("Cancel", StatementEventType::Cancel),
        ("OPEN", StatementEventType::Open),
    ] {
        let body = br#"{"corpNum":"1234567890","itemKey":"025030110101000003",
            "invoiceNum":"ST-0001","stateCode":"600","stateDT":"20250301101010",
            "issueDT":"20250301090000","mgtKey":"ST-KEY","eventDT":"20250301101010","itemCode":121}"#;
        let event = WebhookEvent::parse(headers("STATEMENT.STATE", Some(ty)), body).expect("ok");
        assert_eq!(event.event_type, EventType::Statement(expected));
        let WebhookItem::StatementState(s) = only_item(&event) else {
            panic!("{event:?}")
        };
        assert_eq!(s.invoice_num.as_deref(), Some("ST-0001"));
        assert_eq!(s.state_code, Some(600));
        assert_eq!(s.mgt_key.as_deref(), Some("ST-KEY"));
        assert_eq!(s.event_dt.as_deref(), Some("20250301101010"));
        assert_eq!(s.extra.get("itemCode"), Some(&Value::from(121)));
    }
}

#[test]
fn ht_cashbill_documented_keys() {
    let body = r#"{"ntsconfirmNum":"TB0000123","tradeDate":"20250301","tradeDT":"20250301101010",
        "tradeType":"승인거래","tradeUsage":"소득공제용","totalAmount":"11000","supplyCost":"10000",
        "tax":"1000","serviceFee":"0","invoiceType":"매출","franchiseCorpNum":"1234567890"}"#;
    let event = WebhookEvent::parse(headers("HT.CASHBILL", None), body.as_bytes()).expect("parses");
    assert_eq!(event.event_type, EventType::HtCashbill);
    assert_eq!(event.event_type.as_str(), "HTCashbill");
    let WebhookItem::HtCashbill(c) = only_item(&event) else {
        panic!("{event:?}")
    };
    assert_eq!(c.nts_confirm_num, "TB0000123");
    assert_eq!(c.trade_dt, "20250301101010");
    assert_eq!(
        c.trade_type
            .as_ref()
            .map(|t| t.as_str().into_owned())
            .as_deref(),
        Some("승인거래")
    );
    assert_eq!(
        c.trade_usage
            .as_ref()
            .map(|t| t.as_str().into_owned())
            .as_deref(),
        Some("소득공제용")
    );
    assert_eq!(c.total_amount, "11000");
    assert_eq!(c.service_fee, "0");
    assert_eq!(
        c.invoice_type
            .as_ref()
            .map(|t| t.as_str().into_owned())
            .as_deref(),
        Some("매출")
    );
    assert_eq!(c.franchise_corp_num, "1234567890");
}

#[test]
fn header_names_are_case_insensitive_and_bytes_are_accepted() {
    let pairs: Vec<(String, Vec<u8>)> = vec![
        ("PB-WEBHOOK-TYPE".into(), b"CASHBILL.STATE".to_vec()),
        ("pb-webhook-mid".into(), b" m-1 ".to_vec()),
        ("pb-WEBHOOK-corpnum".into(), b"1234567890".to_vec()),
        ("pb-webhook-eventtype".into(), b"NTS".to_vec()),
    ];
    let event = WebhookEvent::parse(pairs, b"{}").expect("parses");
    assert_eq!(event.webhook_type, WebhookType::CashbillState);
    assert_eq!(event.mid, "m-1");
    assert_eq!(event.corp_num.as_deref(), Some("1234567890"));
    assert_eq!(
        event.event_type,
        EventType::Cashbill(CashbillEventType::Nts)
    );
}

#[test]
fn unknown_family_is_kept_raw() {
    let event = WebhookEvent::parse(
        headers("SMS.STATE", Some("RESULT")),
        br#"[{"receiptNum":"0123"},{"receiptNum":"0124"}]"#,
    )
    .expect("unknown family is not an error");
    assert!(event.webhook_type.is_unknown());
    assert_eq!(event.webhook_type.as_str(), "SMS.STATE");
    assert_eq!(event.event_type, EventType::Other("RESULT".into()));
    assert_eq!(event.items.len(), 2);
    assert_eq!(
        event.items[1],
        WebhookItem::Raw(serde_json::json!({"receiptNum":"0124"}))
    );
}

#[test]
fn a_body_that_does_not_fit_the_model_is_kept_with_the_reason() {
    let event = WebhookEvent::parse(
        headers("HT.TAXINVOICEXML", None),
        br#"{"writeDate":"20250301","detailList":"not a list"}"#,
    )
    .expect("never an error");
    let WebhookItem::Mismatched { raw, error } = only_item(&event) else {
        panic!("{event:?}")
    };
    assert_eq!(raw["detailList"], "not a list");
    assert!(!error.is_empty());
}

#[test]
fn refusals_name_the_problem() {
    assert_eq!(
        WebhookEvent::parse([("Pb-Webhook-MID", "m")], b"{}"),
        Err(WebhookParseError::MissingHeader(HEADER_TYPE))
    );
    assert_eq!(
        WebhookEvent::parse(
            [("Pb-Webhook-Type", "HT.CASHBILL"), ("Pb-Webhook-MID", "  ")],
            b"{}"
        ),
        Err(WebhookParseError::MissingHeader(HEADER_MID))
    );
    let h = headers("HT.CASHBILL", None);
    assert_eq!(
        WebhookEvent::parse(h.clone(), b"{\"a\":\"\xff\"}"),
        Err(WebhookParseError::BodyNotUtf8(6))
    );
    assert!(matches!(
        WebhookEvent::parse(h.clone(), b"{\"a\":"),
        Err(WebhookParseError::BodyNotJson(_))
    ));
    assert_eq!(
        WebhookEvent::parse(h.clone(), b"\"OK\""),
        Err(WebhookParseError::BodyShape("a string"))
    );
    assert_eq!(
        WebhookEvent::parse(h, b"[{}, 3]"),
        Err(WebhookParseError::BodyShape("a number"))
    );
    let bad_header: [(&str, &[u8]); 2] = [("Pb-Webhook-Type", b"\xff"), ("Pb-Webhook-MID", b"m")];
    assert_eq!(
        WebhookEvent::parse(bad_header, b"{}"),
        Err(WebhookParseError::HeaderNotText(HEADER_TYPE))
    );
}

//! Every document rule of Taxinvoice validation (and the call checks that concern documents) with a
//! failing and a passing case.

mod common;

use common::{BUYER, SELLER, TRUSTEE, dec, errors_of, sample_invoice, strict};
use popbill_model::codes::{
    ChargeDirection, InvoiceeType, IssueType, MgtKeyType, ModifyCode, StatementItemCode, TaxType,
};
use popbill_model::taxinvoice::validate::{
    check_attachment_count, check_corp_num, check_file_id, check_item_key, check_key_type,
    check_mgt_key, check_mgt_key_list, check_mgt_keys, check_paging, check_search_window,
    check_state_filters, check_submit_id, check_user_id, sms_contents_bytes, validate_bulk,
};
use popbill_model::taxinvoice::{
    Blankable, BulkTaxinvoiceSubmit, MemoBody, RegistIssueRequest, StatementBody, Taxinvoice,
    TaxinvoiceAddContact, TaxinvoiceDetail, error_code,
};
use popbill_model::{Amount, Date8, Validate, ValidationContext, rule};

fn edit(mut inv: Taxinvoice, f: impl FnOnce(&mut Taxinvoice)) -> Taxinvoice {
    f(&mut inv);
    inv
}

fn check(inv: &Taxinvoice) -> popbill_model::ValidationErrors {
    errors_of(inv.validate_with(&strict()))
}

/// Asserts that `path` breaks rule `r` and that nothing else is reported.
fn assert_only(inv: &Taxinvoice, path: &str, r: &str) {
    let errs = check(inv);
    assert!(errs.has(path, r), "expected {path}/{r}, got {errs}");
    assert!(
        errs.violations().iter().all(|v| v.path == path),
        "expected only {path}, got {errs}"
    );
}

fn assert_valid(inv: &Taxinvoice) {
    if let Err(e) = inv.validate_with(&strict()) {
        panic!("expected valid, got {e}");
    }
}

#[test]
fn the_sample_invoice_is_valid() {
    assert_valid(&sample_invoice());
}

#[test]
fn rule_01_business_numbers() {
    let inv = sample_invoice().set_invoicer_corp_num("1234567890");
    assert_only(&inv, "invoicerCorpNum", rule::CHECKSUM);
    // Test-number mode accepts the testbed number.
    let ctx = ValidationContext::new().allow_test_corp_nums(true);
    assert!(inv.validate_with(&ctx).is_ok());

    let inv = sample_invoice().set_invoicer_corp_num("220-81-62517");
    assert_only(&inv, "invoicerCorpNum", rule::FORMAT);
    let inv = sample_invoice().set_invoicer_corp_num("22081625");
    assert_only(&inv, "invoicerCorpNum", rule::FORMAT);

    assert!(check_corp_num(SELLER, &strict()).is_ok());
    assert!(errors_of(check_corp_num("", &strict())).has("CorpNum", rule::REQUIRED));
    assert!(errors_of(check_corp_num("1234567890", &strict())).has("CorpNum", rule::CHECKSUM));
}

#[test]
fn rule_02_invoicee_id_per_type() {
    let biz = sample_invoice().set_invoicee_corp_num("1248100999");
    assert_only(&biz, "invoiceeCorpNum", rule::CHECKSUM);

    let person = sample_invoice()
        .set_invoicee_type(InvoiceeType::Individual)
        .set_invoicee_corp_num("9001011234567");
    assert_valid(&person);
    let person_bad = person.clone().set_invoicee_corp_num(BUYER);
    assert_only(&person_bad, "invoiceeCorpNum", rule::FORMAT);

    let foreign = sample_invoice()
        .set_invoicee_type(InvoiceeType::Foreigner)
        .set_invoicee_corp_num("9999999999999")
        .set_remark1("M12345678");
    assert_valid(&foreign);
    let foreign_bad = foreign.set_invoicee_corp_num("9001011234567");
    assert_only(&foreign_bad, "invoiceeCorpNum", rule::FORMAT);
}

#[test]
fn rule_03_tax_reg_ids() {
    assert_valid(&sample_invoice().set_invoicer_tax_reg_id("0001"));
    assert_valid(&sample_invoice().set_invoicee_tax_reg_id(""));
    assert_only(
        &sample_invoice().set_invoicer_tax_reg_id("001"),
        "invoicerTaxRegID",
        rule::FORMAT,
    );
    assert_only(
        &sample_invoice().set_invoicee_tax_reg_id("00a1"),
        "invoiceeTaxRegID",
        rule::FORMAT,
    );
    assert_only(
        &sample_invoice().set_trustee_tax_reg_id("12345"),
        "trusteeTaxRegID",
        rule::FORMAT,
    );
}

#[test]
fn rule_04_document_numbers() {
    assert_valid(&sample_invoice().set_invoicer_mgt_key("A-b_9"));
    assert_only(
        &sample_invoice().set_invoicer_mgt_key("INV 1"),
        "invoicerMgtKey",
        rule::CHARSET,
    );
    assert_only(
        &sample_invoice().set_invoicer_mgt_key("문서번호"),
        "invoicerMgtKey",
        rule::CHARSET,
    );
    assert_only(
        &sample_invoice().set_invoicer_mgt_key("A".repeat(25)),
        "invoicerMgtKey",
        rule::MAX_LENGTH,
    );
    assert!(check_mgt_key(&"K".repeat(24)).is_ok());
    assert!(errors_of(check_mgt_key("")).has("MgtKey", rule::REQUIRED));
    assert!(errors_of(check_mgt_key("a/b")).has("MgtKey", rule::CHARSET));
}

#[test]
fn rules_05_06_submit_id_and_item_key() {
    assert!(check_submit_id("BULK-2025-0001").is_ok());
    assert!(check_submit_id(&"a".repeat(37)).is_err());
    assert!(check_submit_id("with_underscore").is_err());
    assert!(check_item_key("025010112000000001").is_ok());
    assert!(check_item_key("0250101120000").is_err());
}

#[test]
fn rule_07_dates_and_search_window() {
    assert_only(
        &sample_invoice().set_write_date("20250230"),
        "writeDate",
        rule::DATE,
    );
    assert_only(
        &sample_invoice().set_write_date("2025-01-15"),
        "writeDate",
        rule::DATE,
    );
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[1].purchase_dt = Some("20251301".into());
    }
    assert_only(&inv, "detailList[1].purchaseDT", rule::DATE);

    assert!(check_search_window("20250101", "20250630").is_ok());
    assert!(check_search_window("20250101", "20250701").is_ok());
    assert!(errors_of(check_search_window("20250101", "20250702")).has("EDate", rule::RANGE));
    assert!(errors_of(check_search_window("20250201", "20250101")).has("EDate", rule::RANGE));
    assert!(errors_of(check_search_window("2025011", "20250101")).has("SDate", rule::DATE));
    assert!(errors_of(check_search_window("", "20250101")).has("SDate", rule::REQUIRED));
}

#[test]
fn rule_08_required_fields() {
    let base = sample_invoice();
    let cases: Vec<(&str, Taxinvoice)> = vec![
        ("issueType", edit(base.clone(), |i| i.issue_type = None)),
        ("taxType", edit(base.clone(), |i| i.tax_type = None)),
        (
            "chargeDirection",
            edit(base.clone(), |i| i.charge_direction = None),
        ),
        (
            "writeDate",
            edit(base.clone(), |i| i.write_date = Some("  ".into())),
        ),
        ("purposeType", edit(base.clone(), |i| i.purpose_type = None)),
        (
            "supplyCostTotal",
            edit(base.clone(), |i| i.supply_cost_total = None),
        ),
        ("taxTotal", edit(base.clone(), |i| i.tax_total = None)),
        ("totalAmount", edit(base.clone(), |i| i.total_amount = None)),
        (
            "invoicerCorpNum",
            edit(base.clone(), |i| i.invoicer_corp_num = None),
        ),
        (
            "invoicerCorpName",
            edit(base.clone(), |i| i.invoicer_corp_name = Some(String::new())),
        ),
        (
            "invoicerCEOName",
            edit(base.clone(), |i| i.invoicer_ceo_name = None),
        ),
        (
            "invoiceeType",
            edit(base.clone(), |i| i.invoicee_type = None),
        ),
        (
            "invoiceeCorpNum",
            edit(base.clone(), |i| i.invoicee_corp_num = None),
        ),
        (
            "invoiceeCorpName",
            edit(base.clone(), |i| i.invoicee_corp_name = None),
        ),
        (
            "invoiceeCEOName",
            edit(base.clone(), |i| i.invoicee_ceo_name = None),
        ),
    ];
    for (path, inv) in cases {
        assert_only(&inv, path, rule::REQUIRED);
    }
    // All at once: an empty invoice reports every required field together.
    let errs = check(&Taxinvoice::default());
    assert!(errs.len() >= 15, "{errs}");
}

#[test]
fn rule_09_unknown_codes_fail_unless_allowed() {
    // A request with a code value this crate does not know is refused by the server, so it
    // fails pre-flight with the field named; the caller may opt out. The value is kept.
    let inv = edit(sample_invoice(), |i| {
        i.tax_type = Some(TaxType::from("과세율"));
        i.purpose_type = Some("기타".into());
    });
    let errs = check(&inv);
    assert!(errs.has("taxType", rule::UNKNOWN_CODE), "{errs}");
    assert!(errs.has("purposeType", rule::UNKNOWN_CODE), "{errs}");
    assert_eq!(errs.len(), 2, "{errs}");
    let lenient = ValidationContext::new().allow_unknown_codes(true);
    assert_eq!(inv.validate_with(&lenient), Ok(()));
    // What a hostile client sends: an integer purposeType, a boolean taxType, an unknown
    // invoiceeType. They parse (answers must not fail) but do not pass.
    let mut body = serde_json::to_value(sample_invoice()).expect("serialises");
    body["purposeType"] = serde_json::json!(-1);
    body["taxType"] = serde_json::json!(true);
    body["invoiceeType"] = serde_json::json!("zzz");
    let parsed: Taxinvoice = serde_json::from_value(body).expect("parses");
    let errs = check(&parsed);
    for path in ["purposeType", "taxType", "invoiceeType"] {
        assert!(errs.has(path, rule::UNKNOWN_CODE), "{path}: {errs}");
    }
    let statement = StatementBody::new(StatementItemCode::from(999), "S-1");
    let errs = errors_of(statement.validate());
    assert!(errs.has("ItemCode", rule::UNKNOWN_CODE), "{errs}");
}

#[test]
fn rule_10_required_per_issue_type() {
    let forward = edit(sample_invoice(), |i| i.invoicer_mgt_key = None);
    assert_only(&forward, "invoicerMgtKey", rule::REQUIRED);

    let reverse = sample_invoice()
        .set_issue_type(IssueType::Reverse)
        .set_invoicer_mgt_key("");
    assert_only(&reverse, "invoiceeMgtKey", rule::REQUIRED);
    assert_valid(&reverse.set_invoicee_mgt_key("BUY-0001"));

    let trustee = sample_invoice().set_issue_type(IssueType::Trustee);
    let errs = check(&trustee);
    for path in [
        "trusteeCorpNum",
        "trusteeMgtKey",
        "trusteeCorpName",
        "trusteeCEOName",
    ] {
        assert!(errs.has(path, rule::REQUIRED), "{path}: {errs}");
    }
    let trustee = trustee
        .set_trustee_corp_num(TRUSTEE)
        .set_trustee_mgt_key("TRU-0001")
        .set_trustee_corp_name("수탁회사")
        .set_trustee_ceo_name("오수탁");
    assert_valid(&trustee);
    assert_only(
        &trustee.set_trustee_corp_num("6798700434"),
        "trusteeCorpNum",
        rule::CHECKSUM,
    );
}

#[test]
fn rule_11_reverse_charge_only_with_reverse_issue() {
    let inv = sample_invoice().set_charge_direction(ChargeDirection::Reverse);
    assert_only(&inv, "chargeDirection", rule::CONDITIONAL);
    let ok = inv
        .set_issue_type(IssueType::Reverse)
        .set_invoicee_mgt_key("BUY-0001");
    assert_valid(&ok);
}

#[test]
fn rule_12_amount_text_and_length() {
    // The format (digits, optional '-') is enforced when the JSON is read.
    let mut json = serde_json::to_value(sample_invoice()).expect("serialises");
    json["cash"] = "1,000".into();
    assert!(serde_json::from_value::<Taxinvoice>(json.clone()).is_err());
    json["cash"] = "10.5".into();
    assert!(serde_json::from_value::<Taxinvoice>(json).is_err());
    // The 18-character limit is a rule.
    let inv = sample_invoice().set_cash(Amount::new(i64::MAX));
    assert_only(&inv, "cash", rule::MAX_LENGTH);
    assert_valid(&sample_invoice().set_cash(Amount::new(999_999_999_999_999_999)));
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[0].supply_cost = Some(Blankable::Value(Amount::new(-9_223_372_036_854_775_808)));
    }
    assert!(check(&inv).has("detailList[0].supplyCost", rule::MAX_LENGTH));
}

#[test]
fn rule_13_total_is_supply_plus_tax() {
    let inv = sample_invoice().set_total_amount(114_951);
    assert_only(&inv, "totalAmount", rule::TOTALS);
}

#[test]
fn rule_14_qty_and_unit_cost() {
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[0].qty = Some(Blankable::Value(dec("1234567890.12")));
        lines[1].unit_cost = Some(Blankable::Value(dec("12345678901234567.5")));
    }
    let errs = check(&inv);
    assert!(errs.has("detailList[0].qty", rule::MAX_LENGTH), "{errs}");
    assert!(
        errs.has("detailList[1].unitCost", rule::MAX_LENGTH),
        "{errs}"
    );
    // More than two decimals cannot even be read.
    assert!(serde_json::from_str::<TaxinvoiceDetail>(r#"{"qty":"1.234"}"#).is_err());
    let ok = sample_invoice();
    assert_eq!(ok.details()[1].qty_value(), Some(dec("1.5")));
}

fn zero_rated() -> Taxinvoice {
    let mut inv = sample_invoice()
        .set_tax_type(TaxType::ZeroRated)
        .set_tax_total(0)
        .set_total_amount(104_500);
    for line in inv.detail_list.iter_mut().flatten() {
        line.tax = Some(Blankable::Value(Amount::ZERO));
    }
    inv
}

#[test]
fn rule_15_no_tax_when_zero_rated_or_exempt() {
    assert_valid(&zero_rated());
    assert_valid(&zero_rated().set_tax_type(TaxType::Exempt));
    let inv = zero_rated().set_tax_total(10).set_total_amount(104_510);
    assert_only(&inv, "taxTotal", rule::RANGE);
    let mut inv = zero_rated();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[1].tax = Some(Blankable::Value(Amount::new(1)));
    }
    assert!(check(&inv).has("detailList[1].tax", rule::RANGE));
}

#[test]
fn rule_16_supply_and_tax_signs_agree() {
    let inv = edit(sample_invoice(), |i| i.detail_list = None)
        .set_tax_total(-10_450)
        .set_total_amount(94_050);
    assert_only(&inv, "taxTotal", rule::SIGN);
    // Both negative is fine (a negative revised invoice).
    let ok = edit(sample_invoice(), |i| i.detail_list = None)
        .set_supply_cost_total(-104_500)
        .set_tax_total(-10_450)
        .set_total_amount(-114_950);
    assert_valid(&ok);
    // Zero tax with any supply is fine.
    let ok = edit(sample_invoice(), |i| i.detail_list = None)
        .set_tax_total(0)
        .set_total_amount(104_500);
    assert_valid(&ok);
}

#[test]
fn rule_17_lines_count_and_numbering() {
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[1].serial_num = Some(3);
    }
    assert_only(&inv, "detailList[1].serialNum", rule::SEQUENCE);
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[0].serial_num = None;
    }
    assert_only(&inv, "detailList[0].serialNum", rule::REQUIRED);

    let lines: Vec<TaxinvoiceDetail> = (1..=100)
        .map(|n| TaxinvoiceDetail::new(n).set_supply_cost(1).set_tax(0))
        .collect();
    let inv = sample_invoice()
        .set_detail_list(lines.clone())
        .set_supply_cost_total(100)
        .set_tax_total(0)
        .set_total_amount(100);
    assert_only(&inv, "detailList", rule::TOO_MANY);
    let ok = inv
        .set_detail_list(lines[..99].to_vec())
        .set_supply_cost_total(99)
        .set_total_amount(99);
    assert_valid(&ok);
}

#[test]
fn header_equals_sum_of_lines() {
    let inv = sample_invoice()
        .set_supply_cost_total(104_000)
        .set_total_amount(114_450);
    assert_only(&inv, "supplyCostTotal", rule::TOTALS);
    let inv = sample_invoice()
        .set_tax_total(10_000)
        .set_total_amount(114_500);
    assert_only(&inv, "taxTotal", rule::TOTALS);
    // Lines without amounts are descriptive and not summed.
    let inv = edit(sample_invoice(), |i| i.detail_list = None)
        .add_detail(TaxinvoiceDetail::default().set_item_name("설명 행"));
    assert_valid(&inv);
}

#[test]
fn rule_18_extra_contacts() {
    let six: Vec<TaxinvoiceAddContact> = (1..=6)
        .map(|n| TaxinvoiceAddContact::new(n, "담당", format!("c{n}@example.com")))
        .collect();
    let inv = sample_invoice().set_add_contact_list(six.clone());
    assert_only(&inv, "addContactList", rule::TOO_MANY);
    assert_valid(&sample_invoice().set_add_contact_list(six[..5].to_vec()));

    let inv = sample_invoice().set_add_contact_list(vec![
        TaxinvoiceAddContact::new(1, "담당", ""),
        TaxinvoiceAddContact::new(3, "", "x@example.com"),
    ]);
    let errs = check(&inv);
    assert!(
        errs.has("addContactList[0].email", rule::REQUIRED),
        "{errs}"
    );
    assert!(
        errs.has("addContactList[1].contactName", rule::REQUIRED),
        "{errs}"
    );
    assert!(
        errs.has("addContactList[1].serialNum", rule::SEQUENCE),
        "{errs}"
    );
}

#[test]
fn rule_19_revised_invoice_needs_both_keys() {
    let inv = sample_invoice().set_modify_code(ModifyCode::SupplyValueChange);
    assert_only(&inv, "orgNTSConfirmNum", rule::CONDITIONAL);
    let inv = sample_invoice().set_org_nts_confirm_num("20250101410000000000a1b2");
    assert_only(&inv, "modifyCode", rule::CONDITIONAL);
    let inv = sample_invoice()
        .set_modify_code(ModifyCode::SupplyValueChange)
        .set_org_nts_confirm_num("20250101-41000000-a1b2");
    assert_only(&inv, "orgNTSConfirmNum", rule::FORMAT);
    let ok = sample_invoice()
        .set_modify_code(ModifyCode::SupplyValueChange)
        .set_org_nts_confirm_num("20250101410000000000a1b2");
    assert_valid(&ok);
    assert!(ok.is_revised());
}

#[test]
fn rule_20_return_and_cancellation_are_non_positive() {
    let inv = sample_invoice()
        .set_modify_code(ModifyCode::Return)
        .set_org_nts_confirm_num("20250101410000000000a1b2");
    let errs = check(&inv);
    for path in ["supplyCostTotal", "taxTotal", "totalAmount"] {
        assert!(errs.has(path, rule::CONDITIONAL), "{path}: {errs}");
    }
    let ok = edit(inv, |i| i.detail_list = None)
        .set_modify_code(ModifyCode::ContractCancellation)
        .set_supply_cost_total(-104_500)
        .set_tax_total(-10_450)
        .set_total_amount(-114_950);
    assert_valid(&ok);
}

#[test]
fn rule_21_foreign_buyer_needs_remark1() {
    let inv = edit(sample_invoice(), |i| i.remark1 = None)
        .set_invoicee_type(InvoiceeType::Foreigner)
        .set_invoicee_corp_num("9999999999999");
    assert_only(&inv, "remark1", rule::REQUIRED);
}

#[test]
fn rule_22_kwon_and_ho() {
    assert_valid(&sample_invoice().set_kwon(32_767).set_ho(0));
    assert_only(&sample_invoice().set_kwon(32_768), "kwon", rule::RANGE);
    assert_only(&sample_invoice().set_ho(-1), "ho", rule::RANGE);
}

#[test]
fn rule_23_lengths() {
    assert_valid(&sample_invoice().set_invoicer_corp_name("가".repeat(200)));
    assert_only(
        &sample_invoice().set_invoicer_corp_name("가".repeat(201)),
        "invoicerCorpName",
        rule::MAX_LENGTH,
    );
    assert_only(
        &sample_invoice().set_invoicee_contact_name2("a".repeat(31)),
        "invoiceeContactName2",
        rule::MAX_LENGTH,
    );
    assert_only(
        &sample_invoice().set_invoicer_tel("0".repeat(21)),
        "invoicerTEL",
        rule::MAX_LENGTH,
    );
    assert_only(
        &sample_invoice().set_remark3("😀".repeat(151)),
        "remark3",
        rule::MAX_LENGTH,
    );
    assert_only(
        &sample_invoice().set_serial_num("1".repeat(31)),
        "serialNum",
        rule::MAX_LENGTH,
    );
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[0].spec = Some("s".repeat(61));
    }
    assert_only(&inv, "detailList[0].spec", rule::MAX_LENGTH);

    let req = RegistIssueRequest::new(sample_invoice())
        .set_memo("메".repeat(200))
        .set_email_subject("제".repeat(300))
        .set_deal_invoice_mgt_key("STMT-0001");
    assert!(req.validate().is_ok());
    let req = RegistIssueRequest::new(sample_invoice())
        .set_memo("메".repeat(201))
        .set_email_subject("제".repeat(301))
        .set_deal_invoice_mgt_key("STMT 0001");
    let errs = errors_of(req.validate());
    assert!(errs.has("memo", rule::MAX_LENGTH), "{errs}");
    assert!(errs.has("emailSubject", rule::MAX_LENGTH), "{errs}");
    assert!(errs.has("dealInvoiceMgtKey", rule::CHARSET), "{errs}");
    // The wrapper also carries the invoice's own rules.
    let req = RegistIssueRequest::new(sample_invoice().set_total_amount(1));
    assert!(errors_of(req.validate()).has("totalAmount", rule::TOTALS));

    assert!(MemoBody::memo("m".repeat(201)).validate().is_err());
    assert!(MemoBody::memo("m".repeat(200)).validate().is_ok());
    assert!(check_user_id(&"u".repeat(50)).is_ok());
    assert!(errors_of(check_user_id(&"u".repeat(51))).has("UserID", rule::MAX_LENGTH));
}

#[test]
fn rule_24_call_sizes() {
    assert!(errors_of(validate_bulk(&[], &strict())).has("invoices", rule::REQUIRED));
    let many: Vec<Taxinvoice> = (0..101)
        .map(|i| sample_invoice().set_invoicer_mgt_key(format!("B-{i}")))
        .collect();
    assert!(errors_of(validate_bulk(&many, &strict())).has("invoices", rule::TOO_MANY));
    assert!(validate_bulk(&many[..100], &strict()).is_ok());
    let dup = vec![sample_invoice(), sample_invoice()];
    let errs = errors_of(BulkTaxinvoiceSubmit::new(dup).validate());
    assert!(
        errs.has("invoices[1].invoicerMgtKey", rule::DUPLICATE),
        "{errs}"
    );
    let bad = vec![sample_invoice().set_total_amount(0)];
    assert!(errors_of(validate_bulk(&bad, &strict())).has("invoices[0].totalAmount", rule::TOTALS));

    assert!(check_mgt_key_list(1000, 1000).is_ok());
    assert!(errors_of(check_mgt_key_list(0, 1000)).has("MgtKeyList", rule::REQUIRED));
    assert!(errors_of(check_mgt_key_list(101, 100)).has("MgtKeyList", rule::TOO_MANY));
    assert!(errors_of(check_mgt_keys(&["K1", "bad key"], 100)).has("MgtKeyList[1]", rule::CHARSET));

    assert!(check_paging(Some(1), Some(1000)).is_ok());
    assert!(check_paging(None, None).is_ok());
    let errs = errors_of(check_paging(Some(0), Some(1001)));
    assert!(
        errs.has("Page", rule::RANGE) && errs.has("PerPage", rule::RANGE),
        "{errs}"
    );
}

#[test]
fn file_ids_are_required() {
    assert!(check_file_id("5D0A63FA-0001.pdf").is_ok());
    assert!(errors_of(check_file_id(" ")).has("FileID", rule::REQUIRED));
}

#[test]
fn rule_25_attachments() {
    assert!(check_attachment_count(4).is_ok());
    assert!(errors_of(check_attachment_count(5)).has("Files", rule::TOO_MANY));
}

#[test]
fn rule_26_sms_bytes() {
    assert_eq!(sms_contents_bytes(&"가".repeat(45)), 90);
    assert_eq!(sms_contents_bytes("abc"), 3);
}

#[test]
fn rule_27_state_filters() {
    assert!(check_state_filters(&["3**", "30*", "600"]).is_ok());
    let errs = errors_of(check_state_filters(&["3**", "*00", "3 *", "30"]));
    assert_eq!(errs.len(), 3, "{errs}");
    assert!(errs.has("State[1]", rule::FORMAT));
}

#[test]
fn key_types_per_operation() {
    assert!(check_key_type(&MgtKeyType::Buy, &[MgtKeyType::Buy]).is_ok());
    assert!(
        errors_of(check_key_type(&MgtKeyType::Sell, &[MgtKeyType::Buy]))
            .has("KeyType", rule::RANGE)
    );
}

#[test]
fn statement_body_rules() {
    let ok = StatementBody::new(
        popbill_model::codes::StatementItemCode::TransactionStatement,
        "STMT-1",
    );
    assert!(ok.validate().is_ok());
    let errs = errors_of(StatementBody::default().validate());
    assert!(
        errs.has("ItemCode", rule::REQUIRED) && errs.has("MgtKey", rule::REQUIRED),
        "{errs}"
    );
}

#[test]
fn late_and_future_write_dates() {
    let inv = sample_invoice(); // written 2025-01-15, deadline 2025-02-10
    let on_time = ValidationContext::new().today_kst(Date8::from_ymd(2025, 2, 10).expect("date"));
    assert!(inv.validate_with(&on_time).is_ok());
    let late = ValidationContext::new().today_kst(Date8::from_ymd(2025, 2, 11).expect("date"));
    let errs = errors_of(inv.validate_with(&late));
    assert!(errs.has("writeDate", rule::LATE), "{errs}");
    assert_eq!(errs.len(), 1);
    let before = ValidationContext::new().today_kst(Date8::from_ymd(2025, 1, 14).expect("date"));
    assert!(errors_of(inv.validate_with(&before)).has("writeDate", rule::DATE));
    // Without a date in the context the deadline rule is off.
    assert!(inv.validate().is_ok());
}

#[test]
fn every_violation_has_a_path_rule_and_message() {
    let inv = Taxinvoice::default()
        .add_detail(TaxinvoiceDetail::new(7))
        .set_kwon(-5)
        .set_charge_direction(ChargeDirection::Reverse)
        .set_issue_type(IssueType::Forward);
    let errs = check(&inv);
    for v in errs.violations() {
        assert!(
            !v.path.is_empty() && !v.rule.is_empty() && !v.message.is_empty(),
            "{v:?}"
        );
    }
    assert!(errs.has("detailList[0].serialNum", rule::SEQUENCE));
    assert!(errs.has("chargeDirection", rule::CONDITIONAL));
}

#[test]
fn violations_map_to_documented_error_codes() {
    let code = |inv: &Taxinvoice, path: &str| {
        check(inv)
            .violations()
            .iter()
            .find(|v| v.path == path)
            .and_then(error_code::for_violation)
    };
    let inv = edit(sample_invoice(), |i| i.write_date = None);
    assert_eq!(
        code(&inv, "writeDate"),
        Some(error_code::WRITE_DATE_MISSING)
    );
    let inv = sample_invoice().set_charge_direction(ChargeDirection::Reverse);
    assert_eq!(
        code(&inv, "chargeDirection"),
        Some(error_code::REVERSE_CHARGE_NOT_ALLOWED)
    );
    let inv = sample_invoice().set_invoicer_corp_num("1234567890");
    assert_eq!(
        code(&inv, "invoicerCorpNum"),
        Some(error_code::INVOICER_CORP_NUM_INVALID)
    );
    let inv = sample_invoice()
        .set_modify_code(ModifyCode::Return)
        .set_org_nts_confirm_num("20250101410000000000a1b2");
    assert_eq!(
        code(&inv, "totalAmount"),
        Some(error_code::NEGATIVE_AMOUNT_REQUIRED)
    );
    let inv = sample_invoice().set_total_amount(1);
    assert_eq!(code(&inv, "totalAmount"), None);
}

#[test]
fn the_example_invoice_file_is_valid() {
    // `cargo run --example validate -- examples/invoice.json` (README) must print "valid".
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/invoice.json");
    let text = std::fs::read_to_string(&path).expect("examples/invoice.json");
    let req: RegistIssueRequest = serde_json::from_str(&text).expect("parses");
    assert!(req.validate().is_ok(), "{:?}", req.validate());
    assert_eq!(
        serde_json::to_value(&req.invoice).ok(),
        serde_json::to_value(sample_invoice_as_in_file()).ok()
    );
}

/// The example file is the test fixture, except for its payment breakdown.
fn sample_invoice_as_in_file() -> Taxinvoice {
    let mut inv = sample_invoice().set_credit(114_950);
    inv.cash = Some(Blankable::Blank);
    inv
}

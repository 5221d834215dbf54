//! Round trips of every HomeTax wire type: the official Python SDK's golden capture
//! (`tests/fixtures/golden/`) and the documented examples.

use serde_json::{Value, json};

use super::*;
use crate::{Date8, Validate};

const GOLDEN: &str =
    include_str!("../../../../tests/fixtures/golden/official_python_requests.jsonl");

fn golden_ht() -> Vec<Value> {
    GOLDEN
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| {
            r["mark"]
                .as_str()
                .is_some_and(|m| m.starts_with("HTTaxinvoiceService."))
        })
        .collect()
}

fn d(s: &str) -> Date8 {
    Date8::parse(s).expect("date")
}

fn query_of(path: &str) -> Vec<(String, String)> {
    path.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    (k.to_owned(), v.to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn golden_capture_has_39_hometax_requests_and_every_body_round_trips() {
    let reqs = golden_ht();
    assert_eq!(reqs.len(), 39);
    let mut bodies = 0;
    for r in &reqs {
        let path = r["path"].as_str().expect("path");
        if !path.starts_with("/HomeTax/") {
            continue;
        }
        if let Some(body) = r["body_json"].as_object() {
            // Only RegistDeptUser has a body.
            assert_eq!(r["mark"], "HTTaxinvoiceService.registDeptUser");
            let form: DeptUserForm =
                serde_json::from_value(Value::Object(body.clone())).expect("dept user");
            assert_eq!(form.id, "deptuser01");
            assert_eq!(form.sec_auth, None);
            form.validate().expect("valid form");
            // Serialised exactly as the SDK sent it, `"secAuth": null` included.
            assert_eq!(
                serde_json::to_value(&form).expect("json"),
                Value::Object(body.clone())
            );
            bodies += 1;
        }
    }
    assert_eq!(bodies, 1);
}

#[test]
fn golden_paths_pass_the_model_rules() {
    for r in golden_ht() {
        let path = r["path"].as_str().expect("path");
        let Some(rest) = path.strip_prefix("/HomeTax/Taxinvoice/") else {
            continue;
        };
        let first = rest.split(['/', '?']).next().unwrap_or("");
        match first.len() {
            18 => check_job_id(first).expect("job id"),
            24 => check_nts_confirm_num(first).expect("nts number"),
            _ => {}
        }
        let q = query_of(path);
        if r["mark"] == "HTTaxinvoiceService.requestJob" {
            assert_eq!(first, "SELL");
            assert!(QueryType::try_parse(first).is_ok());
            let get = |k: &str| q.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
            assert!(HomeTaxDateType::try_parse(&get("DType").expect("DType")).is_ok());
            check_job_range(
                d(&get("SDate").expect("SDate")),
                d(&get("EDate").expect("EDate")),
            )
            .expect("range");
        }
        if r["mark"] == "HTTaxinvoiceService.search" {
            let keys: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(
                keys,
                [
                    "Type",
                    "TaxType",
                    "PurposeType",
                    "TaxRegIDType",
                    "TaxRegIDYN",
                    "TaxRegID",
                    "Page",
                    "PerPage",
                    "Order",
                    "SearchString"
                ]
            );
            for (k, v) in &q {
                let known = match k.as_str() {
                    "Type" => v
                        .split(',')
                        .all(|c| InvoiceKindFilter::try_parse(c).is_ok()),
                    "TaxType" => v.split(',').all(|c| TaxTypeFilter::try_parse(c).is_ok()),
                    "PurposeType" => v
                        .split(',')
                        .all(|c| PurposeTypeFilter::try_parse(c).is_ok()),
                    "TaxRegIDType" => TaxRegIdType::try_parse(v).is_ok(),
                    "Order" => SortOrder::try_parse(v).is_ok(),
                    _ => true,
                };
                assert!(known, "{k}={v} uses a code the model does not know");
            }
        }
    }
}

#[test]
fn documented_tax_invoice_example_round_trips() {
    // The HT.TAXINVOICEXML example, the same fields as GetTaxinvoice.
    let wire = json!({
        "writeDate": "20221111", "sendDate": "20221111", "issueDT": "20221111112809",
        "invoiceType": 101, "taxType": "과세", "invoicerCorpNum": "6798700433",
        "invoicerCorpName": "(주)링크허브", "invoicerCEOName": "공급자 대표",
        "invoiceeCorpNum": "1234567890", "invoiceeType": "사업자",
        "invoiceeCorpName": "공급받는자 사업자", "invoiceeCEOName": "공급받는자 대표",
        "taxTotal": "20000", "supplyCostTotal": "200000", "totalAmount": "220000",
        "purposeType": "청구", "ntsconfirmNum": "202211114100020300000777",
        "modifyCode": null, "orgNTSConfirmNum": null, "invoiceeTEL1": "02-1234-5678",
        "detailList": [{"serialNum": 1, "purchaseDT": "20221111", "itemName": "테스트 결제",
                        "supplyCost": "200000", "tax": "20000"}]
    });
    let t: HtTaxinvoice = serde_json::from_value(wire).expect("parse");
    assert_eq!(t.invoice_type, Some(InvoiceType::General));
    assert_eq!(t.tax_type, Some(TaxType::Taxable));
    assert_eq!(t.purpose_type, Some(PurposeType::Claim));
    assert_eq!(t.invoicee_type, Some(InvoiceeType::Business));
    assert_eq!(t.nts_confirm_num, "202211114100020300000777");
    assert_eq!(t.invoicer_ceo_name, "공급자 대표");
    assert_eq!(t.invoicee_tel1, "02-1234-5678");
    assert_eq!(t.issue_dt, "20221111112809");
    assert_eq!(t.modify_code, None);
    assert_eq!(t.detail_list.len(), 1);
    assert_eq!(t.detail_list[0].serial_num, 1);
    assert_eq!(t.detail_list[0].purchase_dt, "20221111");
    let back = serde_json::to_value(&t).expect("json");
    assert_eq!(back["invoiceType"], json!(101));
    assert_eq!(back["ntsconfirmNum"], "202211114100020300000777");
    assert_eq!(back["detailList"][0]["serialNum"], json!(1));
    assert!(back.get("orgNTSConfirmNum").is_some());
    // 55 text fields, the four codes present (a null modifyCode is left out), detailList.
    assert_eq!(back.as_object().map(|o| o.len()), Some(60));
}

#[test]
fn full_document_has_the_sixty_documented_keys() {
    let back = serde_json::to_value(HtTaxinvoice {
        invoice_type: Some(InvoiceType::RevisedExemptImport),
        tax_type: Some(TaxType::Exempt),
        purpose_type: Some(PurposeType::Receipt),
        modify_code: Some(ModifyCode::Return),
        invoicee_type: Some(InvoiceeType::Foreigner),
        ..HtTaxinvoice::default()
    })
    .expect("json");
    let keys: Vec<&str> = back
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 61, "{keys:?}");
    for k in [
        "ntsconfirmNum",
        "orgNTSConfirmNum",
        "issueDT",
        "invoicerCEOName",
        "invoicerTEL",
        "invoiceeTEL1",
        "invoiceeTEL2",
        "trusteeTEL",
        "invoicerTaxRegID",
        "chkBill",
        "detailList",
    ] {
        assert!(keys.contains(&k), "{k} missing");
    }
    assert_eq!(back["modifyCode"], json!(3));
    assert_eq!(back["invoiceType"], json!(404));
}

#[test]
fn abbr_accepts_string_invoice_type_and_bool_modify_yn() {
    let a: HtTaxinvoiceAbbr = serde_json::from_value(json!({
        "ntsconfirmNum": "20250101410000000000a1b2", "invoiceType": "201", "modifyYN": true,
        "taxType": "영세", "invoiceeType": "외국인", "orgNTSConfirmNum": "20241201410000000000a1b1",
        "purposeType": "영수", "supplyCostTotal": "1000", "qty": 2
    }))
    .expect("abbr");
    assert_eq!(a.invoice_type, Some(InvoiceType::RevisedGeneral));
    assert!(a.invoice_type.as_ref().is_some_and(InvoiceType::is_revised));
    assert!(a.modify_yn);
    assert_eq!(a.tax_type, Some(TaxType::ZeroRated));
    assert_eq!(a.qty, "2");
    let page: HtTaxinvoiceSearchResult = serde_json::from_value(json!({
        "code": 1, "message": "", "total": "1", "perPage": 500, "pageNum": 1, "pageCount": 1,
        "list": [serde_json::to_value(&a).expect("json")]
    }))
    .expect("page");
    assert_eq!((page.total, page.list.len()), (1, 1));
    assert_eq!(page.list[0], a);
}

#[test]
fn job_state_reads_string_or_number_and_knows_when_it_is_ready() {
    for js in [json!("3"), json!(3)] {
        let s: HtJobState = serde_json::from_value(json!({
            "jobID": "025010114000000001", "jobState": js, "queryType": "매출",
            "queryDateType": "S", "queryStDate": "20250101", "queryEnDate": "20250131",
            "errorCode": 1, "errorReason": "", "jobStartDT": "20250101000000",
            "jobEndDT": "20250101000005", "collectCount": 42, "regDT": "20250101000000"
        }))
        .expect("state");
        assert!(s.is_ready());
        assert_eq!(s.query_type, Some(QueryTypeName::Sales));
        assert_eq!(s.collect_count, 42);
    }
    let failed: HtJobState =
        serde_json::from_value(json!({"jobState": 3, "errorCode": -11100001, "errorReason": "x"}))
            .expect("state");
    assert!(failed.is_failed() && !failed.is_ready());
    let running: HtJobState = serde_json::from_value(json!({"jobState": "2"})).expect("state");
    assert!(!running.is_finished());
    let unknown: HtJobState = serde_json::from_value(json!({"jobState": 9})).expect("state");
    assert!(unknown.job_state.as_ref().is_some_and(JobState::is_unknown));
    assert_eq!(
        serde_json::to_value(&unknown).expect("json")["jobState"],
        json!(9)
    );
    let id: JobIdResponse =
        serde_json::from_value(json!({"jobID": "025010114000000001"})).expect("id");
    check_job_id(&id.job_id).expect("18 digits");
}

#[test]
fn xml_answer_keeps_its_capitalised_keys() {
    let x: HtTaxinvoiceXml = serde_json::from_value(json!({
        "ResultCode": 1, "Message": "성공", "retObject": "<TaxInvoice/>"
    }))
    .expect("xml");
    assert_eq!(x.result_code, 1);
    assert_eq!(x.ret_object, "<TaxInvoice/>");
    let back = serde_json::to_value(&x).expect("json");
    assert_eq!(back["ResultCode"], json!(1));
    assert_eq!(back["Message"], "성공");
}

#[test]
fn cash_receipt_accepts_numeric_codes_and_summary_totals() {
    let c: HtCashbill = serde_json::from_value(json!({
        "ntsconfirmNum": "123456789", "tradeDate": "20250105", "tradeDT": "20250105101010",
        "tradeType": "취소거래", "tradeUsage": "지출증빙용", "totalAmount": "11000",
        "supplyCost": "10000", "tax": "1000", "serviceFee": "0", "invoiceType": "매입",
        "franchiseCorpNum": "1234567890", "franchiseCorpName": "가맹점",
        "franchiseCorpType": 1, "identityNumType": "2", "deductionType": 0,
        "identityNum": "010****1234", "customerName": "고객", "cardOwnerName": ""
    }))
    .expect("cashbill");
    assert_eq!(c.trade_type, Some(TradeTypeName::Cancellation));
    assert_eq!(c.trade_usage, Some(TradeUsageName::ExpenseProof));
    assert_eq!(c.invoice_type, Some(QueryTypeName::Purchase));
    assert_eq!(
        (
            c.franchise_corp_type.as_str(),
            c.identity_num_type.as_str(),
            c.deduction_type.as_str()
        ),
        ("1", "2", "0")
    );
    let s: HtCashbillSummary = serde_json::from_value(json!({
        "count": 2, "supplyCostTotal": 20000, "taxTotal": "2000", "serviceFeeTotal": 100,
        "amountTotal": 22100
    }))
    .expect("summary");
    assert_eq!(
        s.amount_total,
        s.supply_cost_total + s.tax_total + s.service_fee_total
    );
    let t: HtTaxinvoiceSummary = serde_json::from_value(json!({
        "count": 1, "supplyCostTotal": 100, "taxTotal": 10, "amountTotal": 110
    }))
    .expect("summary");
    assert_eq!(t.amount_total, 110);
}

#[test]
fn certificate_dates_of_8_or_14_digits() {
    let e: HtCertificateExpiration =
        serde_json::from_value(json!({"certificateExpiration": "20261231093000"})).expect("e");
    assert_eq!(
        e.expires_at().map(|t| t.to_string()).as_deref(),
        Some("20261231093000")
    );
    let e: HtCertificateExpiration =
        serde_json::from_value(json!({"certificateExpiration": "20261231"})).expect("e");
    assert_eq!(e.expiry_date(), Some(d("20261231")));
    for bad in ["2026123", "202612311", "20261331", ""] {
        assert_eq!(parse_cert_date(bad), None, "{bad}");
    }
}

#[test]
fn flat_rate_state_reads_flags_and_state() {
    let f: FlatRateState = serde_json::from_value(json!({
        "referenceID": "1234567890", "contractDT": "20250101000000", "useEndDate": "20251231",
        "baseDate": 5, "state": 1, "closeRequestYN": false, "useRestrictYN": false,
        "closeOnExpired": true, "unPaidYN": false
    }))
    .expect("flat");
    assert!(f.is_active());
    assert_eq!(f.use_end(), Some(d("20251231")));
    let ended: FlatRateState =
        serde_json::from_value(json!({"state": "2", "useRestrictYN": "true"})).expect("flat");
    assert!(!ended.is_active());
    assert_eq!(ended.state, Some(FlatRateStateCode::Terminated));
}

#[test]
fn dept_user_is_secret_and_validated() {
    let form = DeptUserForm::new("dept-id-secret", "pw-secret").sec_auth("9001011234567");
    let dbg = format!("{form:?}");
    assert!(
        !dbg.contains("dept-id-secret") && !dbg.contains("pw-secret") && !dbg.contains("900101")
    );
    let body = serde_json::to_value(&form).expect("json");
    assert_eq!(body["secAuth"], "9001011234567");
    let errs = DeptUserForm::new("", "x".repeat(51))
        .validate()
        .expect_err("invalid");
    assert!(errs.has("id", crate::rule::REQUIRED));
    assert!(errs.has("pwd", crate::rule::MAX_LENGTH));
    assert!(!errs.to_string().contains("xxxx"));
    DeptUserForm::new("a".repeat(50), "b")
        .validate()
        .expect("50 characters are allowed");
}

#[test]
fn job_ranges_follow_the_three_month_rule() {
    check_job_range(d("20250101"), d("20250331")).expect("three months");
    check_job_range(d("20250101"), d("20250101")).expect("one day");
    let e = check_job_range(d("20250101"), d("20250401")).expect_err("too long");
    assert!(e.has("EDate", crate::rule::RANGE));
    assert!(check_job_range(d("20250201"), d("20250131")).is_err());
    // Month ends clamp: 30 Nov + 3 months = 28 Feb, so the window ends 27 Feb.
    assert_eq!(last_day_of_window(d("20241130")), d("20250227"));
    let w = split_range(d("20250115"), d("20251231"));
    assert_eq!(w.len(), 4);
    assert_eq!(w[0], (d("20250115"), d("20250414")));
    for pair in w.windows(2) {
        assert_eq!(pair[0].1.add_days(1), pair[1].0, "windows are contiguous");
    }
    for (s, e) in &w {
        check_job_range(*s, *e).expect("every window is a legal job");
    }
    assert_eq!(w.last().map(|x| x.1), Some(d("20251231")));
    assert!(split_range(d("20250102"), d("20250101")).is_empty());
}

#[test]
fn ids_and_queries_are_checked() {
    assert!(check_job_id("02501011400000000").is_err());
    assert!(check_job_id("02501011400000000-").is_err());
    assert!(check_nts_confirm_num("20250101410000000000a1b2").is_ok());
    assert!(check_nts_confirm_num("20250101410000000000a1b").is_err());
    let mut q = HtTaxinvoiceQuery::new();
    q.page = Some(0);
    q.per_page = Some(1001);
    q.tax_reg_ids = vec!["0001".into(), "12".into()];
    q.search_string = Some("12345678901234".into());
    let e = q.validate().expect_err("invalid");
    assert!(e.has("Page", crate::rule::RANGE));
    assert!(e.has("PerPage", crate::rule::RANGE));
    assert!(e.has("TaxRegID[1]", crate::rule::FORMAT));
    assert!(e.has("SearchString", crate::rule::MAX_LENGTH));
    let mut c = HtCashbillQuery::new();
    c.per_page = Some(1000);
    c.page = Some(1);
    c.validate().expect("valid");
}

#[test]
fn code_tables_keep_unknown_values_and_classify_invoice_kinds() {
    assert_eq!(QueryType::Trustee.name(), QueryTypeName::Trustee);
    let q = QueryType::from("FUTURE");
    assert!(q.is_unknown());
    assert_eq!(q.to_string(), "FUTURE");
    let every: Vec<i64> = InvoiceType::ALL
        .iter()
        .filter_map(InvoiceType::code)
        .collect();
    assert_eq!(every.len(), 16);
    let exempt = InvoiceType::ALL
        .iter()
        .filter(|t| is_exempt_invoice(t))
        .count();
    let zero = InvoiceType::ALL
        .iter()
        .filter(|t| is_zero_rated_invoice(t))
        .count();
    let consigned = InvoiceType::ALL
        .iter()
        .filter(|t| is_consigned_invoice(t))
        .count();
    assert_eq!((exempt, zero, consigned), (6, 4, 6));
    assert!(error_code::is_credential_failure(error_code::LOGIN_FAILED));
    assert!(!error_code::is_credential_failure(
        error_code::CRAWL_UNKNOWN
    ));
}

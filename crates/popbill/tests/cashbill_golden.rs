//! Golden conformance of the Cashbill service: for every `CashbillService.*` step of the
//! official Python SDK's capture, our client, given the same arguments, sends the same
//! request (method, path and query, the headers that matter, the body as a JSON value with
//! `null` ≡ absent), through the shared golden driver. This file is only the dispatch table.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;

use popbill::CashbillService;
use popbill::model::cashbill::CashbillSearchQuery;
use popbill::model::cashbill::{Cashbill, RevokeRequest};
use popbill::model::codes::{
    CancelType, CashbillSearchDateType, CashbillUrlTarget, EmailType, SortOrder, TaxationType,
    TaxationTypeFilter, TradeOpt, TradeOptFilter, TradeTypeFilter, TradeUsage, TradeUsageFilter,
};
use popbill::model::{Date8, ItemKey, SubmitId};
use popbill::transport::Method;
use support::golden::{self, Golden, compare};
use support::*;

const UID: &str = "testkorea";

fn goldens() -> Vec<Golden> {
    golden::load("CashbillService.")
        .into_iter()
        .filter(|g| g.path != "/POPBILL_TEST/Token")
        .collect()
}

/// The receipt of the golden capture (소득공제용, voluntary-issuance number).
pub fn golden_cashbill(mgt_key: &str) -> Cashbill {
    Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key(mgt_key)
        .set_trade_dt("20250101000000")
        .set_trade_opt(TradeOpt::General)
        .set_identity_num("0100001234")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num("1234567890")
        .set_franchise_tax_reg_id("")
        .set_franchise_corp_name("가맹점 상호")
        .set_franchise_ceo_name("가맹점 대표자 성명")
        .set_franchise_addr("가맹점 주소")
        .set_franchise_tel("07043042991")
        .set_customer_name("고객명")
        .set_item_name("상품명")
        .set_order_number("주문번호")
        .set_email("customer@test.com")
        .set_hp("01012341234")
        .set_smssend_yn(false)
}

/// An answer every Cashbill operation can decode.
fn cashbill_answer(req: &popbill::HttpRequest) -> popbill::HttpResponse {
    let t = target(req);
    let list = t.ends_with("/Logs")
        || t.ends_with("/EmailSendConfig")
        || (req.method == Method::Post && t == "/Cashbill/States");
    if list {
        return json(200, "[]");
    }
    json(
        200,
        r#"{"code":1,"message":"OK","url":"https://popbill.example/x","unitCost":"11.5",
            "itemKey":"025010113000000001","receiptID":"R-1","confirmNum":"TB0000001"}"#,
    )
}

async fn drive(cb: CashbillService<'_>, step: &str) -> popbill::Result<()> {
    let c = corp();
    let d = |s: &str| Date8::parse(s).unwrap();
    match step {
        "checkMgtKeyInUse" => {
            cb.check_mgt_key_in_use(&c, &key("PY-CB-0001")).await?;
        }
        "registIssue" => {
            cb.regist_issue(&c, golden_cashbill("PY-CB-0001"))
                .memo("즉시발행 메모")
                .email_subject("현금영수증 메일 제목")
                .user_id(UID)
                .await?;
        }
        "registIssue#2" => {
            cb.regist_issue(&c, golden_cashbill("PY-CB-0002"))
                .user_id(UID)
                .await?;
        }
        "cancelIssue" => {
            cb.cancel_issue(&c, &key("PY-CB-0002"))
                .memo("발행취소 메모")
                .user_id(UID)
                .await?;
        }
        "delete" => {
            cb.delete(&c, &key("PY-CB-0002")).user_id(UID).await?;
        }
        "getInfo" => {
            cb.get_info(&c, &key("PY-CB-0001")).await?;
        }
        "getInfos" => {
            cb.get_infos(&c, &[key("PY-CB-0001"), key("PY-CB-0002")])
                .await?;
        }
        "getDetailInfo" => {
            cb.get_detail_info(&c, &key("PY-CB-0001")).await?;
        }
        "search" => {
            let q = CashbillSearchQuery::new(
                CashbillSearchDateType::Traded,
                d("20250101"),
                d("20250131"),
            )
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
            cb.search(&c, &q).user_id(UID).await?;
        }
        "getLogs" => {
            cb.get_logs(&c, &key("PY-CB-0001")).await?;
        }
        "getURL" => {
            cb.get_url(&c, CashbillUrlTarget::IssuedBox)
                .user_id(UID)
                .await?;
        }
        "getPopUpURL" => {
            cb.get_popup_url(&c, &key("PY-CB-0001"))
                .user_id(UID)
                .await?;
        }
        "getPrintURL" => {
            cb.get_print_url(&c, &key("PY-CB-0001"))
                .user_id(UID)
                .await?;
        }
        "getPDFURL" => {
            cb.get_pdf_url(&c, &key("PY-CB-0001")).user_id(UID).await?;
        }
        "getMassPrintURL" => {
            cb.get_mass_print_url(&c, &[key("PY-CB-0001"), key("PY-CB-0002")])
                .user_id(UID)
                .await?;
        }
        "sendEmail" => {
            cb.send_email(&c, &key("PY-CB-0001"), "receiver@test.com")
                .user_id(UID)
                .await?;
        }
        "sendSMS" => {
            cb.send_sms(
                &c,
                &key("PY-CB-0001"),
                "07043042991",
                "01012341234",
                "현금영수증 문자",
            )
            .user_id(UID)
            .await?;
        }
        "sendFAX" => {
            cb.send_fax(&c, &key("PY-CB-0001"), "07043042991", "070111222")
                .user_id(UID)
                .await?;
        }
        "revokeRegistIssue" => {
            let req = RevokeRequest::new("PY-CB-0003", "TB0000001", "20250101")
                .set_smssend_yn(false)
                .set_cancel_type(CancelType::TradeCancelled)
                .set_partial_amounts(4_000, 400, 0);
            cb.revoke_regist_issue(&c, req)
                .memo("부분취소 메모")
                .email_subject("취소 현금영수증 메일 제목")
                .user_id(UID)
                .await?;
        }
        "bulkSubmit" => {
            let receipts = vec![golden_cashbill("PY-CB-B001"), golden_cashbill("PY-CB-B002")];
            cb.bulk_submit(&c, &SubmitId::parse("PY-CB-SUBMIT-01").unwrap(), receipts)
                .user_id(UID)
                .await?;
        }
        "getBulkResult" => {
            cb.get_bulk_result(&c, &SubmitId::parse("PY-CB-SUBMIT-01").unwrap())
                .user_id(UID)
                .await?;
        }
        "assignMgtKey" => {
            let item = ItemKey::parse("025010113000000001").unwrap();
            cb.assign_mgt_key(&c, &item, &key("PY-CB-0004"))
                .user_id(UID)
                .await?;
        }
        "listEmailConfig" => {
            cb.list_email_config(&c).user_id(UID).await?;
        }
        "updateEmailConfig" => {
            cb.update_email_config(&c, EmailType::CashbillIssue, false)
                .user_id(UID)
                .await?;
        }
        "getUnitCost" => {
            cb.get_unit_cost(&c).await?;
        }
        "getChargeInfo" => {
            cb.get_charge_info(&c).user_id(UID).await?;
        }
        "register" => {
            cb.register(&c, &golden_cashbill("PY-CB-0005"))
                .user_id(UID)
                .await?;
        }
        "update" => {
            let changed = golden_cashbill("PY-CB-0005").set_item_name("상품명(수정)");
            cb.update(&c, &key("PY-CB-0005"), &changed)
                .user_id(UID)
                .await?;
        }
        "issue" => {
            cb.issue(&c, &key("PY-CB-0005"))
                .memo("발행 메모")
                .user_id(UID)
                .await?;
        }
        "getViewURL" => {
            cb.get_view_url(&c, &key("PY-CB-0005")).user_id(UID).await?;
        }
        "getEPrintURL" => {
            cb.get_eprint_url(&c, &key("PY-CB-0005"))
                .user_id(UID)
                .await?;
        }
        "getMailURL" => {
            cb.get_mail_url(&c, &key("PY-CB-0005")).user_id(UID).await?;
        }
        "cancelIssue#nomemo" => {
            cb.cancel_issue(&c, &key("PY-CB-0005")).user_id(UID).await?;
        }
        "delete#2" => {
            cb.delete(&c, &key("PY-CB-0005")).user_id(UID).await?;
        }
        "revokeRegister" => {
            let req = RevokeRequest::new("PY-CB-0006", "TB0000001", "20250101")
                .set_smssend_yn(false)
                .set_is_part_cancel(false);
            cb.revoke_register(&c, &req).user_id(UID).await?;
        }
        other => panic!("no driver for golden step {other}"),
    }
    Ok(())
}

#[tokio::test]
async fn every_cashbill_call_matches_the_golden_request() {
    let http = fake(cashbill_answer);
    let client = client(http.clone());
    let goldens = goldens();
    let steps: BTreeSet<&str> = goldens.iter().map(|g| g.step.as_str()).collect();
    assert_eq!(goldens.len(), 35, "golden Cashbill API requests");
    assert_eq!(steps.len(), 35, "one API request per golden step");
    golden::run(&goldens, &http, |step| {
        let client = client.clone();
        async move { drive(client.cashbill(), &step).await }
    })
    .await;
}

/// The comparison is not vacuous: a changed argument is caught.
#[tokio::test]
async fn the_comparison_catches_a_difference() {
    let http = fake(cashbill_answer);
    let client = client(http.clone());
    let goldens = goldens();
    let g = goldens.iter().find(|g| g.step == "registIssue").unwrap();
    client
        .cashbill()
        .regist_issue(&corp(), golden_cashbill("PY-CB-0001").set_hp("01099998888"))
        .memo("즉시발행 메모")
        .email_subject("현금영수증 메일 제목")
        .user_id(UID)
        .await
        .unwrap();
    let ours = api_requests(&http).pop().unwrap();
    let result = std::panic::catch_unwind(|| compare(g, &ours));
    assert!(
        result.is_err(),
        "a different phone number must not compare equal"
    );
}

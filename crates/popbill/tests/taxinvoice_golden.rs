//! Golden conformance of the Taxinvoice service: for every `TaxinvoiceService.*` step of the
//! official Python SDK's capture, our client, given the same arguments, sends the same
//! request: method, path and query (byte for byte, order included), `X-HTTP-Method-Override`
//! (an empty value included), `x-pb-userid`, `x-pb-version`, `Content-Type` (the multipart
//! boundary aside), the kind of `Authorization`, and the body: JSON compared as values with
//! `null` ≡ absent, multipart compared part by part, form bodies byte for byte. Tokens,
//! dates, `Host`, `User-Agent`, `Accept-Encoding` and `Content-Length` are ignored, as the
//! capture's own comparison does.
//!
//! Where POPBiLL's documentation recommends something else than the Python SDK (getURL's `/Taxinvoice/?TG=`,
//! `SendYN=True`, empty body for memo-less verbs, `forceIssue` only when true), the client
//! follows the golden: the issue asks for the official SDK's requests, and the server accepts
//! both forms. Nulls are the one deliberate difference: we omit `None` fields.
#![allow(clippy::unwrap_used)]

mod support;

use support::golden::{self, Golden, compare};

use std::collections::BTreeSet;

use popbill::TaxinvoiceService;
use popbill::model::codes::{
    CloseDownStateFilter, EmailType, InvoiceKindFilter, IssueTypeFilter, MgtKeyType, RegTypeFilter,
    SearchDateType, SortOrder, StatementItemCode, TaxRegIdType, TaxTypeFilter, TaxinvoiceUrlTarget,
};
use popbill::model::{Date8, ItemKey, SubmitId};
use popbill::taxinvoice::SearchQuery;
use support::*;

fn golden() -> Vec<Golden> {
    golden::load("TaxinvoiceService.")
        .into_iter()
        .filter(|g| g.path != "/POPBILL_TEST/Token")
        .collect()
}

const UID: &str = "testkorea";

/// Runs our call for a golden step, with the golden's arguments.
async fn drive(
    ti: TaxinvoiceService<'_>,
    step: &str,
    dir: &std::path::Path,
) -> popbill::Result<()> {
    use MgtKeyType::{Buy, Sell};
    let c = corp();
    let k1 = key("PY-TI-0001");
    let k2 = key("PY-TI-0002");
    let keys12 = [k1.clone(), k2.clone()];
    let item = ItemKey::parse("025010112000000001").unwrap();
    let d = |s: &str| Date8::parse(s).unwrap();
    match step {
        "checkMgtKeyInUse" => {
            assert!(ti.check_mgt_key_in_use(&c, Sell, &k1).await?);
        }
        "registIssue" => {
            ti.regist_issue(&c, golden_invoice("PY-TI-0001"))
                .memo("즉시발행 메모")
                .email_subject("발행안내 메일 제목")
                .user_id(UID)
                .await?;
        }
        "register" => {
            ti.register(&c, golden_invoice("PY-TI-0002"))
                .user_id(UID)
                .await?;
        }
        "update" => {
            let inv = golden_invoice("PY-TI-0002").set_remark3("수정됨");
            ti.update(&c, Sell, &k2, inv).user_id(UID).await?;
        }
        "attachFileBinary" => {
            ti.attach_file_binary(
                &c,
                Sell,
                &k2,
                "첨부파일.txt",
                "attached file body\n첨부 내용\n",
            )
            .user_id(UID)
            .await?;
        }
        "getFiles" => {
            ti.get_files(&c, Sell, &k2).await?;
        }
        "deleteFile" => {
            ti.delete_file(&c, Sell, &k2, "5A1B2C3D-0000-0000-0000-000000000001.PBF")
                .user_id(UID)
                .await?;
        }
        "issue" => {
            ti.issue(&c, Sell, &k2)
                .memo("발행 메모")
                .email_subject("발행안내 메일 제목")
                .user_id(UID)
                .await?;
        }
        "cancelIssue" => {
            ti.cancel_issue(&c, Sell, &k2)
                .memo("발행취소 메모")
                .user_id(UID)
                .await?;
        }
        "delete" => {
            ti.delete(&c, Sell, &k2).user_id(UID).await?;
        }
        "sendToNTS" => {
            ti.send_to_nts(&c, Sell, &k1).user_id(UID).await?;
        }
        "getInfo" => {
            ti.get_info(&c, Sell, &k1).await?;
        }
        "getInfos" => {
            ti.get_infos(&c, Sell, &keys12).await?;
        }
        "getDetailInfo" => {
            ti.get_detail_info(&c, Sell, &k1).await?;
        }
        "getDetailInfoByItemKey" => {
            ti.get_detail_info_by_item_key(&c, &item).await?;
        }
        "getXML" => {
            ti.get_xml(&c, Sell, &k1).await?;
        }
        "search" => {
            let q = SearchQuery::new(SearchDateType::Written, d("20250101"), d("20250131"))
                .state(["3**", "6**"])
                .kind([InvoiceKindFilter::Normal, InvoiceKindFilter::Modified])
                .tax_type([
                    TaxTypeFilter::Taxable,
                    TaxTypeFilter::Exempt,
                    TaxTypeFilter::ZeroRated,
                ])
                .late_only(false)
                .order(SortOrder::Descending)
                .page(1)
                .per_page(10)
                .tax_reg_id_type(TaxRegIdType::Invoicer)
                .tax_reg_id_yn(true)
                .tax_reg_id(["0001", "0002"])
                .query_string("공급받는자 상호")
                .inter_op_yn(false)
                .issue_type([
                    IssueTypeFilter::Forward,
                    IssueTypeFilter::Reverse,
                    IssueTypeFilter::Trustee,
                ])
                .reg_type([RegTypeFilter::Popbill, RegTypeFilter::HomeTax])
                .close_down_state([
                    CloseDownStateFilter::NotChecked,
                    CloseDownStateFilter::NotRegistered,
                    CloseDownStateFilter::InBusiness,
                    CloseDownStateFilter::Closed,
                    CloseDownStateFilter::Suspended,
                ])
                .mgt_key("PY-TI-0001");
            ti.search(&c, Sell, &q).user_id(UID).await?;
        }
        "getLogs" => {
            ti.get_logs(&c, Sell, &k1).await?;
        }
        "getURL" => {
            ti.get_url(&c, TaxinvoiceUrlTarget::SalesBox)
                .user_id(UID)
                .await?;
        }
        "getPopUpURL" => {
            ti.get_popup_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getViewURL" => {
            ti.get_view_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getPrintURL" => {
            ti.get_print_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getOldPrintURL" => {
            ti.get_old_print_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getEPrintURL" => {
            ti.get_eprint_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getMailURL" => {
            ti.get_mail_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "getMassPrintURL" => {
            ti.get_mass_print_url(&c, Sell, &keys12)
                .user_id(UID)
                .await?;
        }
        "getPDFURL" => {
            ti.get_pdf_url(&c, Sell, &k1).user_id(UID).await?;
        }
        "sendEmail" => {
            ti.send_email(&c, Sell, &k1, "receiver@test.com")
                .user_id(UID)
                .await?;
        }
        "sendSMS" => {
            ti.send_sms(
                &c,
                Sell,
                &k1,
                "07043042991",
                "01012341234",
                "세금계산서 발행 안내 문자",
            )
            .user_id(UID)
            .await?;
        }
        "sendFax" => {
            ti.send_fax(&c, Sell, &k1, "07043042991", "070111222")
                .user_id(UID)
                .await?;
        }
        "assignMgtKey" => {
            ti.assign_mgt_key(&c, Sell, &item, &key("PY-TI-0003"))
                .user_id(UID)
                .await?;
        }
        "attachStatement" => {
            ti.attach_statement(
                &c,
                Sell,
                &k1,
                StatementItemCode::TransactionStatement,
                &key("PY-STMT-0001"),
            )
            .user_id(UID)
            .await?;
        }
        "detachStatement" => {
            ti.detach_statement(
                &c,
                Sell,
                &k1,
                StatementItemCode::TransactionStatement,
                &key("PY-STMT-0001"),
            )
            .user_id(UID)
            .await?;
        }
        "bulkSubmit" => {
            let id = SubmitId::parse("PY-TI-SUBMIT-01").unwrap();
            let invoices = vec![golden_invoice("PY-TI-B001"), golden_invoice("PY-TI-B002")];
            let receipt = ti.bulk_submit(&c, &id, invoices).user_id(UID).await?;
            assert_eq!(receipt.receipt_id.as_deref(), Some("R-1"));
        }
        "getBulkResult" => {
            let id = SubmitId::parse("PY-TI-SUBMIT-01").unwrap();
            ti.get_bulk_result(&c, &id).user_id(UID).await?;
        }
        "getCertificateExpireDate" => {
            let at = ti.get_certificate_expire_date(&c).await?;
            assert_eq!(at.to_string(), "20301231235959");
        }
        "checkCertValidation" => {
            ti.check_cert_validation(&c).user_id(UID).await?;
        }
        "getUnitCost" => {
            assert_eq!(ti.get_unit_cost(&c).await?, 11.5);
        }
        "getChargeInfo" => {
            ti.get_charge_info(&c).user_id(UID).await?;
        }
        "listEmailConfig" => {
            ti.list_email_config(&c).user_id(UID).await?;
        }
        "updateEmailConfig" => {
            ti.update_email_config(&c, EmailType::TaxIssueInvoicer, true)
                .user_id(UID)
                .await?;
        }
        "getEmailPublicKeys" => {
            ti.get_email_public_keys(&c).await?;
        }
        "getSendToNTSConfig" => {
            assert!(ti.get_send_to_nts_config(&c).await?);
        }
        "getTaxCertInfo" => {
            ti.get_tax_cert_info(&c).await?;
        }
        "getSealURL" => {
            ti.get_seal_url(&c).user_id(UID).await?;
        }
        "getTaxCertURL" => {
            ti.get_tax_cert_url(&c).user_id(UID).await?;
        }
        "registRequest" => {
            ti.regist_request(&c, golden_reverse_invoice("PY-TI-0005"))
                .memo("역발행 요청 메모")
                .user_id(UID)
                .await?;
        }
        "cancelRequest" => {
            ti.cancel_request(&c, Buy, &key("PY-TI-0005"))
                .memo("역발행 취소 메모")
                .user_id(UID)
                .await?;
        }
        "delete#BUY" => {
            ti.delete(&c, Buy, &key("PY-TI-0005")).user_id(UID).await?;
        }
        "register#send" => {
            ti.register(&c, golden_invoice("PY-TI-0006"))
                .user_id(UID)
                .await?;
        }
        "attachFile" => {
            let path = dir.join("attach-sample.txt");
            std::fs::write(&path, "sample attachment\n").unwrap();
            ti.attach_file(&c, Sell, &key("PY-TI-0006"), &path)
                .user_id(UID)
                .await?;
        }
        "send" => {
            ti.send(&c, Sell, &key("PY-TI-0006"))
                .memo("발행예정 메모")
                .email_subject("발행예정 메일 제목")
                .user_id(UID)
                .await?;
        }
        "accept" => {
            ti.accept(&c, Sell, &key("PY-TI-0006"))
                .memo("승인 메모")
                .user_id(UID)
                .await?;
        }
        "deny" => {
            ti.deny(&c, Sell, &key("PY-TI-0006"))
                .memo("거부 메모")
                .user_id(UID)
                .await?;
        }
        "cancelSend" => {
            ti.cancel_send(&c, Sell, &key("PY-TI-0006"))
                .user_id(UID)
                .await?;
        }
        "delete#send" => {
            ti.delete(&c, Sell, &key("PY-TI-0006")).user_id(UID).await?;
        }
        "register#BUY" => {
            ti.register(&c, golden_reverse_invoice("PY-TI-0007"))
                .user_id(UID)
                .await?;
        }
        "request" => {
            ti.request(&c, Buy, &key("PY-TI-0007"))
                .memo("역발행 요청 메모")
                .user_id(UID)
                .await?;
        }
        "refuse" => {
            ti.refuse(&c, Buy, &key("PY-TI-0007"))
                .memo("역발행 거부 메모")
                .user_id(UID)
                .await?;
        }
        "delete#BUY2" => {
            ti.delete(&c, Buy, &key("PY-TI-0007")).user_id(UID).await?;
        }
        other => panic!("no driver for golden step {other}"),
    }
    Ok(())
}

#[tokio::test]
async fn every_taxinvoice_call_matches_the_golden_request() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let goldens = golden();
    let steps: BTreeSet<&str> = goldens.iter().map(|g| g.step.as_str()).collect();
    assert_eq!(goldens.len(), 60, "golden Taxinvoice API requests");
    assert_eq!(steps.len(), 60, "one API request per golden step");
    let dir = std::env::temp_dir().join(format!("popbill-ti-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    golden::run(&goldens, &http, |step| {
        let (client, dir) = (client.clone(), dir.clone());
        async move { drive(client.taxinvoice(), &step, &dir).await }
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The comparison is not vacuous: a changed argument is caught.
#[tokio::test]
async fn the_comparison_catches_a_difference() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let goldens = golden();
    let g = goldens.iter().find(|g| g.step == "registIssue").unwrap();
    client
        .taxinvoice()
        .regist_issue(&corp(), golden_invoice("PY-TI-0001"))
        .memo("다른 메모")
        .email_subject("발행안내 메일 제목")
        .user_id(UID)
        .await
        .unwrap();
    let ours = api_requests(&http).pop().unwrap();
    let result = std::panic::catch_unwind(|| compare(g, &ours));
    assert!(result.is_err(), "a different memo must not compare equal");
}

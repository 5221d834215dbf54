//! The Taxinvoice service against an in-process `popbill-sandbox`, over real HTTP: the
//! requests the golden test pins down are also accepted by a POPBiLL-compatible server with
//! state, and reconciliation works with connections really dropped after the commit.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;
use popbill::Popbill;
use popbill::model::codes::{
    InvoiceeType, IssueType, MgtKeyType, PurposeType, SearchDateType, StateCode, TaxType,
};
use popbill::model::taxinvoice::{
    BulkTaxinvoiceIssueResult, Taxinvoice, TaxinvoiceDetail, TotalsBuilder,
};
use popbill::model::{CorpNum, Date8, MgtKey, SubmitId, kst_date_from_unix};
use popbill::taxinvoice::{IssuePath, SearchQuery};
use popbill_sandbox::{FaultAction, FaultRule, NtsDelay, Sandbox, SandboxHandle};
use support::key;

use MgtKeyType::Sell;

fn client(sb: &SandboxHandle) -> Popbill {
    support::sandbox_client(sb)
}

fn seller() -> CorpNum {
    support::corp()
}

fn today() -> Date8 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    kst_date_from_unix(secs as i64)
}

fn invoice(key: &MgtKey) -> Taxinvoice {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_item_name("용역")
                .set_qty("3".parse().unwrap())
                .set_unit_cost("12000".parse().unwrap()),
        )
        .build()
        .unwrap();
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        today().to_string(),
    )
    .set_invoicer_corp_num("1234567890")
    .set_invoicer_mgt_key(key.as_str())
    .set_invoicer_corp_name("공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    totals.apply_to(inv)
}

fn state(sb: &SandboxHandle, key: &str) -> Option<u16> {
    sb.document("1234567890", "SELL", key).map(|d| d.state_code)
}

#[tokio::test]
async fn draft_attach_issue_cancel_delete() {
    let sb = Sandbox::builder().start().await.unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();
    let k = key("SB-LIFE-1");

    assert!(!ti.check_mgt_key_in_use(&c, Sell, &k).await.unwrap());
    ti.register(&c, invoice(&k)).await.unwrap();
    assert!(ti.check_mgt_key_in_use(&c, Sell, &k).await.unwrap());
    assert_eq!(state(&sb, "SB-LIFE-1"), Some(100));

    ti.attach_file_binary(&c, Sell, &k, "첨부.txt", &b"hello"[..])
        .await
        .unwrap();
    let files = ti.get_files(&c, Sell, &k).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].display_name.as_deref(), Some("첨부.txt"));
    assert_eq!(
        sb.document("1234567890", "SELL", "SB-LIFE-1")
            .unwrap()
            .files,
        [("첨부.txt".to_owned(), b"hello".to_vec())]
    );
    let file_id = files[0].attached_file.clone().unwrap();
    ti.delete_file(&c, Sell, &k, &file_id).await.unwrap();
    assert!(ti.get_files(&c, Sell, &k).await.unwrap().is_empty());

    ti.update(&c, Sell, &k, invoice(&k).set_remark1("수정"))
        .await
        .unwrap();
    let out = ti.issue(&c, Sell, &k).memo("발행").await.unwrap();
    assert_eq!(out.path, IssuePath::Sent);
    assert!(out.nts_confirm_num().is_some());
    let info = ti.get_info(&c, Sell, &k).await.unwrap();
    assert_eq!(info.state_code, Some(StateCode::Issued));

    ti.cancel_issue(&c, Sell, &k).memo("취소").await.unwrap();
    assert_eq!(state(&sb, "SB-LIFE-1"), Some(600));
    ti.delete(&c, Sell, &k).await.unwrap();
    assert!(!ti.check_mgt_key_in_use(&c, Sell, &k).await.unwrap());
    sb.shutdown().await;
}

#[tokio::test]
async fn lookups_search_and_notifications() {
    let sb = Sandbox::builder().start().await.unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();
    let keys: Vec<MgtKey> = (1..=7).map(|i| key(&format!("SB-LOOK-{i}"))).collect();
    for k in &keys {
        let out = ti.regist_issue(&c, invoice(k)).await.unwrap();
        assert_eq!(out.path, IssuePath::Sent);
    }
    let infos = ti.get_infos(&c, Sell, &keys).await.unwrap();
    assert_eq!(infos.len(), 7);
    let detail = ti.get_detail_info(&c, Sell, &keys[0]).await.unwrap();
    assert_eq!(detail.total_amount.map(|a| a.won()), Some(39_600));
    assert!(
        ti.get_xml(&c, Sell, &keys[0])
            .await
            .unwrap()
            .ret_object
            .is_some()
    );
    assert!(!ti.get_pdf(&c, Sell, &keys[0]).await.unwrap().is_empty());
    assert!(!ti.get_logs(&c, Sell, &keys[0]).await.unwrap().is_empty());
    assert!(
        ti.get_popup_url(&c, Sell, &keys[0])
            .await
            .unwrap()
            .starts_with("http")
    );
    assert!(
        ti.get_mass_print_url(&c, Sell, &keys)
            .await
            .unwrap()
            .starts_with("http")
    );
    ti.send_email(&c, Sell, &keys[0], "other@example.com")
        .await
        .unwrap();
    assert!(
        sb.outbox()
            .iter()
            .any(|m| format!("{m:?}").contains("other@example.com"))
    );

    let query = SearchQuery::new(SearchDateType::Written, today().add_days(-1), today())
        .state(["3**"])
        .per_page(3);
    let found: Vec<_> = ti
        .search_pages(&c, Sell, query)
        .items()
        .try_collect()
        .await
        .unwrap();
    let mut got: Vec<String> = found
        .iter()
        .filter_map(|i| i.invoicer_mgt_key.clone())
        .collect();
    got.sort();
    let want: Vec<String> = keys.iter().map(|k| k.as_str().to_owned()).collect();
    assert_eq!(got, want);
    sb.shutdown().await;
}

#[tokio::test]
async fn bulk_submit_and_wait() {
    let sb = Sandbox::builder()
        .bulk_step(Duration::from_millis(20))
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();
    let id = SubmitId::parse("SB-BULK-0001").unwrap();
    let invoices = vec![invoice(&key("SB-B-1")), invoice(&key("SB-B-2"))];
    let receipt = ti.bulk_submit(&c, &id, invoices.clone()).await.unwrap();
    // The same SubmitID with the same invoices: the same receipt, nothing registered twice.
    let again = ti.bulk_submit(&c, &id, invoices).await.unwrap();
    assert_eq!(again.receipt_id, receipt.receipt_id);
    let wait = ti.wait_bulk_result(&c, &id);
    support::all_issued(wait, 2, BulkTaxinvoiceIssueResult::is_success).await;
    assert_eq!(state(&sb, "SB-B-2"), Some(300));
    sb.shutdown().await;
}

#[tokio::test]
async fn reconciliation_over_real_connections() {
    let sb = Sandbox::builder().start().await.unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();

    // Committed, then the connection is closed without an answer.
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::DropAfterCommit)
            .verb("ISSUE")
            .times(1),
    );
    let out = ti
        .regist_issue(&c, invoice(&key("SB-REC-1")))
        .reconcile_delay(Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(out.path, IssuePath::Reconciled);
    assert_eq!(state(&sb, "SB-REC-1"), Some(300));

    // Closed before processing: resent once.
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::DropBefore)
            .verb("ISSUE")
            .times(1),
    );
    let out = ti
        .regist_issue(&c, invoice(&key("SB-REC-2")))
        .reconcile_delay(Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(out.path, IssuePath::Resent);

    // 503 without processing: resent once.
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::Status { status: 503 })
            .verb("ISSUE")
            .times(1),
    );
    let out = ti
        .regist_issue(&c, invoice(&key("SB-REC-3")))
        .reconcile_delay(Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(out.path, IssuePath::Resent);

    // Slower than the attempt timeout. The sandbox drops a request whose client hung up
    // (hyper cancels the handler), so getInfo finds nothing and it is resent; a server that
    // finished it would be reconciled instead. Either way: one issuance.
    sb.faults().add(
        FaultRule::new("/Taxinvoice", FaultAction::Latency { ms: 400 })
            .verb("ISSUE")
            .times(1),
    );
    let out = ti
        .regist_issue(&c, invoice(&key("SB-REC-4")))
        .timeout(Duration::from_millis(100))
        .reconcile_delay(Duration::from_millis(500))
        .await
        .unwrap();
    assert!(
        matches!(out.path, IssuePath::Resent | IssuePath::Reconciled),
        "{:?}",
        out.path
    );
    assert!(out.recovered_from.unwrap().contains("timed out"));

    // One document each, all issued; the member paid for four issuances.
    for k in ["SB-REC-1", "SB-REC-2", "SB-REC-3", "SB-REC-4"] {
        assert_eq!(state(&sb, k), Some(300), "{k}");
    }
    assert_eq!(sb.document_count(), 4);
    assert_eq!(sb.points("1234567890"), Some(100_000 - 4 * 10));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_filed_invoice_is_revised() {
    let sb = Sandbox::builder()
        .nts_delay(NtsDelay::Never)
        .filing_step(Duration::from_millis(1))
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();
    let k = key("SB-ORG-1");
    ti.regist_issue(&c, invoice(&k)).await.unwrap();
    // Not filed yet: the helper refuses and says what to do instead.
    let e = ti.revision_base(&c, Sell, &k).await.unwrap_err();
    assert!(e.to_string().contains("cancel_issue"), "{e}");

    ti.send_to_nts(&c, Sell, &k).await.unwrap();
    sb.clock().advance(Duration::from_secs(5));
    sb.tick();
    assert_eq!(state(&sb, "SB-ORG-1"), Some(304));

    let base = ti.revision_base(&c, Sell, &k).await.unwrap();
    let revised = base
        .contract_cancellation(&key("SB-MOD-1"), today())
        .unwrap();
    let out = ti.regist_issue(&c, revised).await.unwrap();
    assert_eq!(out.path, IssuePath::Sent);
    let info = ti.get_info(&c, Sell, &key("SB-MOD-1")).await.unwrap();
    assert_eq!(info.modify_code.and_then(|m| m.code()), Some(4));
    assert_eq!(info.supply_cost_total.map(|a| a.won()), Some(-36_000));
    sb.shutdown().await;
}

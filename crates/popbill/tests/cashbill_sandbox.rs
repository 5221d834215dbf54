//! The Cashbill service against an in-process `popbill-sandbox`, over real HTTP: issue,
//! filing on the sandbox's clock, partial revocation, the refusal of a revocation of an
//! unfiled original, bulk, search, and reconciliation with the connection really dropped
//! after the commit (exactly one receipt).
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use popbill::Popbill;
use popbill::cashbill::{Filing, IssuePath};
use popbill::model::cashbill::{
    BulkCashbillIssueResult, Cashbill, CashbillSearchQuery, RevokeRequest,
};
use popbill::model::codes::{CancelType, CashbillSearchDateType, TaxationType, TradeUsage};
use popbill::model::{CorpNum, MgtKey, SubmitId};
use popbill_sandbox::{FaultAction, FaultRule, NtsDelay, Sandbox, SandboxHandle};
use support::key;

fn client(sb: &SandboxHandle) -> Popbill {
    support::sandbox_client(sb)
}

fn seller() -> CorpNum {
    support::corp()
}

fn receipt(pb: &Popbill, key: &MgtKey) -> Cashbill {
    Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key(key.as_str())
        .set_trade_dt(pb.now_kst().to_string())
        .set_identity_num_normalized("010-1234-5678")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num("1234567890")
        .set_franchise_corp_name("가맹점")
        .set_franchise_ceo_name("대표")
        .set_item_name("상품")
        .set_smssend_yn(false)
}

async fn sandbox() -> SandboxHandle {
    Sandbox::builder()
        .nts_delay(NtsDelay::After(Duration::from_millis(200)))
        .filing_step(Duration::from_millis(20))
        .bulk_step(Duration::from_millis(20))
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn issue_file_and_revoke_part_of_a_receipt() {
    let sb = sandbox().await;
    let pb = client(&sb);
    let cb = pb.cashbill();
    let c = seller();
    let k = key("SB-CB-1");
    assert!(!cb.check_mgt_key_in_use(&c, &k).await.unwrap());
    let issued = cb.regist_issue(&c, receipt(&pb, &k)).await.unwrap();
    assert_eq!(issued.path, IssuePath::Sent);
    let confirm = issued.nts_confirm_num().unwrap().to_owned();
    assert_eq!(confirm.len(), 9, "{confirm}");
    assert!(cb.check_mgt_key_in_use(&c, &k).await.unwrap());
    let trade_date = issued.response.trade_date.clone().unwrap();

    // Revoking an original that is not filed yet is refused.
    let early = RevokeRequest::new("SB-CB-1-C", &confirm, &trade_date)
        .set_cancel_type(CancelType::TradeCancelled)
        .set_partial_amounts(4_000, 400, 0);
    let refused = cb.revoke_regist_issue(&c, early.clone()).await.unwrap_err();
    assert_eq!(
        refused.api_code(),
        Some(popbill::ErrorCode(-14001021)),
        "{refused}"
    );
    let filing = cb
        .wait_filed(&c, &k)
        .initial_interval(Duration::from_millis(50))
        .deadline(Duration::from_secs(20))
        .await
        .unwrap();
    assert!(filing.is_filed(), "{filing:?}");
    let revoked = cb.revoke_regist_issue(&c, early).await.unwrap();
    assert_eq!(revoked.path, IssuePath::Sent);
    let filing = cb
        .wait_filed(&c, &key("SB-CB-1-C"))
        .initial_interval(Duration::from_millis(50))
        .deadline(Duration::from_secs(20))
        .await
        .unwrap();
    assert!(matches!(filing, Filing::Filed(_)), "{filing:?}");
    let infos = cb
        .get_infos(&c, &[k.clone(), key("SB-CB-1-C")])
        .await
        .unwrap();
    assert_eq!(infos.len(), 2);
    let detail = cb.get_detail_info(&c, &key("SB-CB-1-C")).await.unwrap();
    assert_eq!(detail.org_confirm_num.as_deref(), Some(confirm.as_str()));
    assert!(cb.get_popup_url(&c, &k).await.unwrap().starts_with("http"));

    let q = CashbillSearchQuery::new(
        CashbillSearchDateType::Traded,
        pb.today_kst(),
        pb.today_kst(),
    );
    let all = cb.search_pages(&c, &q).collect_all().await.unwrap();
    let mut keys: Vec<_> = all.iter().filter_map(|i| i.mgt_key.clone()).collect();
    keys.sort();
    assert_eq!(keys, ["SB-CB-1", "SB-CB-1-C"]);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_dropped_answer_after_the_commit_gives_one_receipt() {
    let sb = sandbox().await;
    let pb = client(&sb);
    let c = seller();
    sb.faults().add(
        FaultRule::new("/Cashbill", FaultAction::DropAfterCommit)
            .verb("ISSUE")
            .times(1),
    );
    let out = pb
        .cashbill()
        .regist_issue(&c, receipt(&pb, &key("SB-CB-DROP")))
        .reconcile_delay(Duration::from_millis(10))
        .await
        .unwrap();
    assert_eq!(out.path, IssuePath::Reconciled);
    let q = CashbillSearchQuery::new(
        CashbillSearchDateType::Traded,
        pb.today_kst(),
        pb.today_kst(),
    );
    let found = pb.cashbill().search(&c, &q).await.unwrap();
    assert_eq!(found.list.len(), 1, "exactly one receipt");
    sb.shutdown().await;
}

#[tokio::test]
async fn bulk_submit_and_wait() {
    let sb = sandbox().await;
    let pb = client(&sb);
    let cb = pb.cashbill();
    let c = seller();
    let id = SubmitId::parse("SB-CB-BULK-1").unwrap();
    let receipts = vec![
        receipt(&pb, &key("SB-CB-B1")),
        receipt(&pb, &key("SB-CB-B2")),
    ];
    let first = cb.bulk_submit(&c, &id, receipts.clone()).await.unwrap();
    let again = cb.bulk_submit(&c, &id, receipts).await.unwrap();
    assert_eq!(again.receipt_id, first.receipt_id);
    let wait = cb.wait_bulk_result(&c, &id);
    support::all_issued(wait, 2, BulkCashbillIssueResult::is_success).await;
    sb.shutdown().await;
}

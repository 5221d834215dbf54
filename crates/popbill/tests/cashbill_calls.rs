//! Cashbill calls beyond the golden capture: checkMgtKeyInUse's not-found code, getInfos in
//! chunks of 1,000 on `/Cashbill/States`, the search pager read without futures, the bulk
//! wait and `wait_filed` (305 with the NTS result code) on tokio's paused clock.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use popbill::model::cashbill::CashbillSearchQuery;
use popbill::model::codes::CashbillSearchDateType;
use popbill::model::{Date8, MgtKey, SubmitId};
use popbill::{Filing, HttpRequest};
use support::*;

fn query() -> CashbillSearchQuery {
    let d = |s| Date8::parse(s).unwrap();
    CashbillSearchQuery::new(CashbillSearchDateType::Traded, d("20250101"), d("20250131"))
        .per_page(2)
}

#[tokio::test]
async fn check_mgt_key_in_use_reads_the_cashbill_not_found_code() {
    let http = fake(|req: &HttpRequest| {
        if target(req).ends_with("/CB-USED") {
            json(200, r#"{"itemKey":"025010113000000001","stateCode":300}"#)
        } else {
            json(400, r#"{"code":-14000003,"message":"없음"}"#)
        }
    });
    let cb = client(http);
    let c = corp();
    assert!(
        cb.cashbill()
            .check_mgt_key_in_use(&c, &key("CB-USED"))
            .await
            .unwrap()
    );
    assert!(
        !cb.cashbill()
            .check_mgt_key_in_use(&c, &key("CB-FREE"))
            .await
            .unwrap()
    );
    // The Taxinvoice not-found code means nothing here.
    let other = fake(|_: &HttpRequest| json(400, r#"{"code":-11000005,"message":"x"}"#));
    let err = client(other)
        .cashbill()
        .check_mgt_key_in_use(&c, &key("CB-FREE"))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(popbill::ErrorCode(-11000005)));
}

#[tokio::test]
async fn get_infos_posts_chunks_of_a_thousand_to_states() {
    let http = fake(|req: &HttpRequest| {
        assert_eq!(target(req), "/Cashbill/States");
        let keys: Vec<String> = serde_json::from_slice(&req.body).unwrap();
        let items: Vec<String> = keys
            .iter()
            .map(|k| format!(r#"{{"mgtKey":"{k}","stateCode":304}}"#))
            .collect();
        json(200, &format!("[{}]", items.join(",")))
    });
    let keys: Vec<MgtKey> = (0..1001).map(|i| key(&format!("CB-{i}"))).collect();
    let call = client(http.clone()).cashbill().get_infos(&corp(), &keys);
    assert_eq!(call.request_count(), 2);
    let infos = call.await.unwrap();
    assert_eq!(infos.len(), 1001);
    assert_eq!(infos[1000].mgt_key.as_deref(), Some("CB-1000"));
    assert_eq!(api_requests(&http).len(), 2);
}

#[tokio::test]
async fn the_search_pager_reads_every_page_without_futures() {
    let http = fake(|req: &HttpRequest| {
        let t = target(req);
        assert!(
            t.starts_with("/Cashbill/Search?DType=T&SDate=20250101&EDate=20250131"),
            "{t}"
        );
        let page = if t.contains("&Page=2") { 2 } else { 1 };
        let list = if page == 1 {
            r#"[{"mgtKey":"CB-1"},{"mgtKey":"CB-2"}]"#
        } else {
            r#"[{"mgtKey":"CB-3"}]"#
        };
        json(
            200,
            &format!(
                r#"{{"code":1,"total":3,"perPage":2,"pageNum":{page},"pageCount":2,"list":{list}}}"#
            ),
        )
    });
    let cb = client(http.clone());
    let mut pager = cb.cashbill().search_pages(&corp(), query());
    let first = pager.next().await.unwrap().unwrap();
    assert_eq!(first.list.len(), 2);
    let second = pager.next().await.unwrap().unwrap();
    assert_eq!(second.list.len(), 1);
    assert!(
        pager.next().await.is_none(),
        "no request after the last page"
    );
    assert_eq!(api_requests(&http).len(), 2);
    // The pager takes the query by value or by reference, as `search` does.
    let q = query();
    let all = cb
        .cashbill()
        .search_pages(&corp(), &q)
        .collect_all()
        .await
        .unwrap();
    let keys: Vec<_> = all.iter().filter_map(|i| i.mgt_key.as_deref()).collect();
    assert_eq!(keys, ["CB-1", "CB-2", "CB-3"]);
}

#[tokio::test(start_paused = true)]
async fn wait_filed_returns_the_nts_result_code_on_305() {
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&polls);
    let http = fake(move |req: &HttpRequest| {
        assert_eq!(target(req), "/Cashbill/CB-1");
        if seen.fetch_add(1, Ordering::SeqCst) < 2 {
            json(200, r#"{"mgtKey":"CB-1","stateCode":300}"#)
        } else {
            json(
                200,
                r#"{"mgtKey":"CB-1","stateCode":305,"ntsresultCode":"TS4"}"#,
            )
        }
    });
    let started = tokio::time::Instant::now();
    let filing = client(http)
        .cashbill()
        .wait_filed(&corp(), &key("CB-1"))
        .await
        .unwrap();
    match filing {
        Filing::Failed {
            nts_result_code, ..
        } => assert_eq!(nts_result_code.as_deref(), Some("TS4")),
        other => panic!("{other:?}"),
    }
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    assert_eq!(started.elapsed(), Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn the_bulk_wait_polls_until_the_submission_completes() {
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&polls);
    let http = fake(move |req: &HttpRequest| {
        assert_eq!(target(req), "/Cashbill/BULK/CB-SUBMIT-1/State");
        let state = if seen.fetch_add(1, Ordering::SeqCst) < 1 {
            1
        } else {
            2
        };
        json(
            200,
            &format!(r#"{{"code":1,"txState":{state},"issueResult":[]}}"#),
        )
    });
    let result = client(http)
        .cashbill()
        .wait_bulk_result(&corp(), &SubmitId::parse("CB-SUBMIT-1").unwrap())
        .await
        .unwrap();
    assert!(result.is_completed());
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

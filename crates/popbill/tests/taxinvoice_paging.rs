//! Search pagination (the stream stops at the last page: requests are counted) and the
//! bulk wait helper (`txState` 0 -> 1 -> 2, deadline).
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use popbill::Error;
use popbill::model::codes::{MgtKeyType, SearchDateType};
use popbill::model::{Date8, SubmitId};
use popbill::taxinvoice::SearchQuery;
use serde_json::{Value, json as j};
use support::*;

fn query() -> SearchQuery {
    SearchQuery::new(
        SearchDateType::Issued,
        Date8::parse("20250101").unwrap(),
        Date8::parse("20250131").unwrap(),
    )
}

fn param(t: &str, name: &str) -> Option<String> {
    let q = t.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_owned))
}

/// A search server with `total` invoices; `counters` says whether it reports
/// pageNum/pageCount.
fn search_server(total: usize, counters: bool) -> popbill::transport::test_util::CaptureClient {
    fake(move |req| {
        let t = target(req);
        let page: usize = param(&t, "Page").map_or(1, |p| p.parse().unwrap());
        let per: usize = param(&t, "PerPage").map_or(500, |p| p.parse().unwrap());
        let start = (page - 1) * per;
        let items: Vec<Value> = (start..total.min(start + per))
            .map(|i| j!({"invoicerMgtKey": format!("K-{i:03}"), "stateCode": 300}))
            .collect();
        let mut body = j!({"code": 1, "total": total, "list": items});
        if counters {
            body["perPage"] = j!(per);
            body["pageNum"] = j!(page);
            body["pageCount"] = j!(total.div_ceil(per));
        }
        json(200, &body.to_string())
    })
}

#[tokio::test]
async fn the_stream_stops_at_the_last_page() {
    for counters in [true, false] {
        let http = search_server(25, counters);
        let client = client(http.clone());
        let items: Vec<_> = client
            .taxinvoice()
            .search_pages(&corp(), MgtKeyType::Sell, query().per_page(10))
            .user_id("testkorea")
            .items()
            .try_collect()
            .await
            .unwrap();
        let keys: Vec<String> = items
            .iter()
            .map(|i| i.invoicer_mgt_key.clone().unwrap())
            .collect();
        let want: Vec<String> = (0..25).map(|i| format!("K-{i:03}")).collect();
        assert_eq!(keys, want, "counters: {counters}");
        let sent = api_requests(&http);
        let pages: Vec<String> = sent
            .iter()
            .map(|r| param(&target(r), "Page").unwrap())
            .collect();
        assert_eq!(
            pages,
            ["1", "2", "3"],
            "counters: {counters}: no request after the last page"
        );
        assert!(
            sent.iter()
                .all(|r| r.header("x-pb-userid") == Some("testkorea"))
        );
    }
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_size() {
    // 20 items in pages of 10, with counters: exactly two requests.
    let http = search_server(20, true);
    let client = client(http.clone());
    let pages: Vec<_> = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query().per_page(10))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(api_requests(&http).len(), 2);

    // Without counters a full last page needs one more (empty) answer to be sure; `total`
    // makes it unnecessary.
    let http = search_server(20, false);
    let client = support::client(http.clone());
    let n = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query().per_page(10))
        .items()
        .count()
        .await;
    assert_eq!(n, 20);
    assert_eq!(api_requests(&http).len(), 2);
}

#[tokio::test]
async fn an_empty_result_is_one_request() {
    let http = search_server(0, true);
    let client = client(http.clone());
    let pages: Vec<_> = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query())
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].list.is_empty());
    assert_eq!(api_requests(&http).len(), 1);
}

#[tokio::test]
async fn the_stream_starts_at_the_query_page_and_ends_on_error() {
    let http = search_server(25, true);
    let client = client(http.clone());
    let pages: Vec<_> = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query().per_page(10).page(2))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|p| p.page_num.unwrap())
            .collect::<Vec<_>>(),
        [2, 3]
    );

    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let http = fake(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            json(
                200,
                r#"{"code":1,"total":30,"perPage":10,"pageNum":1,"pageCount":3,"list":[{"itemKey":"A"}]}"#,
            )
        } else {
            json(400, r#"{"code":-11000009,"message":"권한 없음"}"#)
        }
    });
    let client = support::client(http.clone());
    let results: Vec<_> = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query().per_page(10))
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().api_code(),
        Some(popbill::ErrorCode(-11000009))
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2, "nothing after the error");
}

#[tokio::test]
async fn an_invalid_query_yields_one_error_and_sends_nothing() {
    let http = search_server(25, true);
    let client = client(http.clone());
    let results: Vec<_> = client
        .taxinvoice()
        .search_pages(&corp(), MgtKeyType::Sell, query().state(["x"]))
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::Validation(_))));
    assert_eq!(http.request_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn the_bulk_wait_follows_tx_state_to_completion() {
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = polls.clone();
    let http = fake(move |req| {
        assert_eq!(target(req), "/Taxinvoice/BULK/SUBMIT-0001/State");
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let body = match n {
            0 => j!({"code": 1, "submitID": "SUBMIT-0001", "txState": 0}),
            1 => j!({"code": 1, "submitID": "SUBMIT-0001", "txState": 1, "submitCount": 2}),
            _ => j!({
                "code": 1, "submitID": "SUBMIT-0001", "txState": 2, "submitCount": 2,
                "successCount": 1, "failCount": 1, "txResultCode": 1,
                "issueResult": [
                    {"invoicerMgtKey": "B-1", "code": 1, "ntsconfirmNum": "20250101410000000000a1b2"},
                    {"invoicerMgtKey": "B-2", "code": -11001001, "message": "작성일자 누락"}
                ]
            }),
        };
        json(200, &body.to_string())
    });
    let client = client(http.clone());
    let id = SubmitId::parse("SUBMIT-0001").unwrap();
    let started = tokio::time::Instant::now();
    let result = client
        .taxinvoice()
        .wait_bulk_result(&corp(), &id)
        .initial_interval(Duration::from_millis(100))
        .user_id("testkorea")
        .await
        .unwrap();
    assert!(result.is_completed());
    assert_eq!(polls.load(Ordering::SeqCst), 3, "0 -> 1 -> 2");
    let per: Vec<(Option<&str>, bool)> = result
        .issue_result
        .iter()
        .map(|r| (r.invoicer_mgt_key.as_deref(), r.is_success()))
        .collect();
    assert_eq!(per, [(Some("B-1"), true), (Some("B-2"), false)]);
    // Back-off: 100 ms, then 200 ms.
    assert_eq!(started.elapsed(), Duration::from_millis(300));
}

#[tokio::test(start_paused = true)]
async fn the_bulk_wait_gives_up_at_its_deadline() {
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = polls.clone();
    let http = fake(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
        json(200, r#"{"code":1,"txState":1}"#)
    });
    let client = client(http.clone());
    let id = SubmitId::parse("SUBMIT-0002").unwrap();
    let e = client
        .taxinvoice()
        .wait_bulk_result(&corp(), &id)
        .initial_interval(Duration::from_secs(1))
        .max_interval(Duration::from_secs(4))
        .deadline(Duration::from_secs(20))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    // Polls at 0, 1, 3, 7, 11, 15, 19 s; the next would start after 20 s.
    assert_eq!(polls.load(Ordering::SeqCst), 7);
}

#[tokio::test(start_paused = true)]
async fn a_bulk_wait_without_a_deadline_does_not_panic() {
    // `Duration::MAX` as "no deadline" and as the first pause: nothing overflows, the wait
    // ends when the submission completes.
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = polls.clone();
    let http = fake(move |_| {
        let body = if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            r#"{"code":1,"txState":1}"#
        } else {
            r#"{"code":1,"txState":2,"txResultCode":1}"#
        };
        json(200, body)
    });
    let client = client(http.clone());
    let id = SubmitId::parse("SUBMIT-0003").unwrap();
    let result = client
        .taxinvoice()
        .wait_bulk_result(&corp(), &id)
        .initial_interval(Duration::from_secs(2))
        .deadline(Duration::MAX)
        .await
        .unwrap();
    assert!(result.is_completed());
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    // A pause longer than any deadline ends a pending wait with the deadline error at once.
    let pending = client_pending();
    let started = tokio::time::Instant::now();
    let e = pending
        .taxinvoice()
        .wait_bulk_result(&corp(), &id)
        .initial_interval(Duration::MAX)
        .max_interval(Duration::MAX)
        .deadline(Duration::from_secs(20))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert_eq!(started.elapsed(), Duration::ZERO);
}

/// A client whose bulk submissions never complete.
fn client_pending() -> popbill::Popbill {
    client(fake(|_| json(200, r#"{"code":1,"txState":1}"#)))
}

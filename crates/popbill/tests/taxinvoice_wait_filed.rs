//! `wait_filed` polls getInfo with back-off until the NTS filing ends (304, or 305 with the
//! NTS result code) and stops at its deadline. Runs on tokio's paused clock.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use popbill::model::codes::MgtKeyType;
use popbill::{Error, Filing, TimeoutKind};
use support::*;

/// A fake whose getInfo answers 300 for `pending` polls, then `last`.
fn server(pending: usize, last: &'static str) -> (popbill::Popbill, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&polls);
    let http = fake(move |req| {
        assert_eq!(target(req), "/Taxinvoice/SELL/WF-1");
        let n = seen.fetch_add(1, Ordering::SeqCst);
        if n < pending {
            json(200, r#"{"itemKey":"1","stateCode":300}"#)
        } else {
            json(200, last)
        }
    });
    (client(http), polls)
}

#[tokio::test(start_paused = true)]
async fn returns_filed_on_304_after_backing_off() {
    let (client, polls) = server(3, r#"{"itemKey":"1","stateCode":304}"#);
    let started = tokio::time::Instant::now();
    let filing = client
        .taxinvoice()
        .wait_filed(&corp(), MgtKeyType::Sell, &key("WF-1"))
        .await
        .unwrap();
    assert!(filing.is_filed());
    assert_eq!(polls.load(Ordering::SeqCst), 4);
    // Pauses of 1 s, 2 s, 4 s between the four polls.
    assert_eq!(started.elapsed(), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn returns_the_nts_result_code_on_305() {
    let (client, _) = server(
        1,
        r#"{"itemKey":"1","stateCode":305,"ntssendErrCode":"SYN002"}"#,
    );
    let filing = client
        .taxinvoice()
        .wait_filed(&corp(), MgtKeyType::Sell, &key("WF-1"))
        .await
        .unwrap();
    match filing {
        Filing::Failed {
            nts_result_code,
            info,
        } => {
            assert_eq!(nts_result_code.as_deref(), Some("SYN002"));
            assert_eq!(info.state_code.unwrap().code(), Some(305));
        }
        other => panic!("expected a failed filing, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn gives_up_at_the_deadline() {
    let (client, polls) = server(usize::MAX, "");
    let started = tokio::time::Instant::now();
    let err = client
        .taxinvoice()
        .wait_filed(&corp(), MgtKeyType::Sell, &key("WF-1"))
        .max_interval(Duration::from_secs(4))
        .deadline(Duration::from_secs(20))
        .await
        .unwrap_err();
    match err {
        Error::Timeout(t) => assert_eq!(t.kind(), TimeoutKind::Operation),
        other => panic!("expected a timeout, got {other:?}"),
    }
    // Polls at 0, 1, 3, 7, 11, 15, 19 s; the next pause would pass the deadline.
    assert_eq!(polls.load(Ordering::SeqCst), 7);
    assert!(started.elapsed() <= Duration::from_secs(20));
}

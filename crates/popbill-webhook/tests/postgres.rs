//! PostgreSQL: two receiver instances and two consumers on one database. Reads
//! POPBILL_TEST_DATABASE_URL; skipped (with the reason printed) when it is unset.
#![cfg(feature = "postgres")]

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{ISSUE_BODY, unique_suffix, webhook};
use popbill_webhook::{
    Consumer, ConsumerConfig, ListFilter, Outcome, PostgresStore, Receiver, ReceiverConfig, Status,
    Store,
};

fn database_url() -> Option<String> {
    match std::env::var("POPBILL_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipped: POPBILL_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)"
            );
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_and_two_consumers_store_once_and_handle_at_least_once() {
    let Some(url) = database_url() else { return };
    let prefix = format!("whtest_{}", unique_suffix());
    let a = Arc::new(
        PostgresStore::connect(&url, &prefix)
            .await
            .expect("connect a"),
    );
    let b = Arc::new(
        PostgresStore::connect(&url, &prefix)
            .await
            .expect("connect b"),
    );
    let ra = Receiver::new(a.clone(), ReceiverConfig::default());
    let rb = Receiver::new(b.clone(), ReceiverConfig::default());

    // Every event is delivered to both instances at once, some of them twice more.
    const N: usize = 120;
    let mut tasks = Vec::new();
    for i in 0..N {
        let copies = if i % 7 == 0 { 4 } else { 2 };
        for c in 0..copies {
            let r = if c % 2 == 0 { ra.clone() } else { rb.clone() };
            tasks.push(tokio::spawn(async move {
                r.handle_with_outcome(webhook(&format!("pg-{i}"), ISSUE_BODY))
                    .await
                    .1
            }));
        }
    }
    let mut stored = 0;
    for t in tasks {
        match t.await.expect("task") {
            Outcome::Stored => stored += 1,
            Outcome::Duplicate => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        stored, N,
        "each MID stored exactly once across both instances"
    );
    let rows = a.list(ListFilter::default()).await.expect("list");
    assert_eq!(rows.len(), N);
    let distinct: HashSet<_> = rows.iter().map(|r| r.mid.clone()).collect();
    assert_eq!(distinct.len(), N);

    // Two consumers (own pools) share the work; every 10th event fails once.
    let handled: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let config = ConsumerConfig {
        batch: 8,
        lease: Duration::from_secs(30),
        max_attempts: 5,
        backoff_base: Duration::ZERO,
        backoff_max: Duration::ZERO,
        idle_poll: Duration::from_millis(10),
    };
    let mut consumers = Vec::new();
    for name in ["c1", "c2"] {
        let store = Arc::new(
            PostgresStore::connect(&url, &prefix)
                .await
                .expect("connect"),
        );
        let consumer = Consumer::new(store, config.clone());
        let handled = handled.clone();
        consumers.push(tokio::spawn(async move {
            let mut mine = 0usize;
            let mut idle_rounds = 0;
            while idle_rounds < 20 {
                let handled = handled.clone();
                let report = consumer
                    .run_once(&move |e: popbill_webhook::StoredEvent| {
                        let handled = handled.clone();
                        async move {
                            let n = {
                                let mut m = handled.lock().expect("lock");
                                let n = m.entry(e.mid.clone()).or_default();
                                *n += 1;
                                *n
                            };
                            let idx: usize = e.mid[3..].parse().expect("index");
                            if idx % 10 == 0 && n == 1 {
                                Err(format!("{name}: first try fails"))
                            } else {
                                Ok(())
                            }
                        }
                    })
                    .await
                    .expect("batch");
                mine += report.acked;
                if report.claimed == 0 {
                    idle_rounds += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                } else {
                    idle_rounds = 0;
                }
            }
            mine
        }));
    }
    let mut per_consumer = Vec::new();
    for c in consumers {
        per_consumer.push(c.await.expect("consumer"));
    }
    assert_eq!(
        per_consumer.iter().sum::<usize>(),
        N,
        "acks {per_consumer:?}"
    );
    let handled = handled.lock().expect("lock").clone();
    assert_eq!(handled.len(), N, "every event handled at least once");
    for i in (0..N).step_by(10) {
        assert!(handled[&format!("pg-{i}")] >= 2, "pg-{i} was retried");
    }
    let st = a.stats().await.expect("stats");
    assert_eq!(
        (st.events, st.done, st.pending, st.dead),
        (N as u64, N as u64, 0, 0)
    );
    let done = a
        .list(ListFilter {
            status: Some(Status::Done),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(done.len(), N);
    a.drop_tables().await.expect("cleanup");
}

#[tokio::test]
async fn postgres_rejects_replay_and_filters() {
    let Some(url) = database_url() else { return };
    let prefix = format!("whtest_{}", unique_suffix());
    let s = Arc::new(
        PostgresStore::connect(&url, &prefix)
            .await
            .expect("connect"),
    );
    let r = Receiver::new(s.clone(), ReceiverConfig::default());
    assert_eq!(
        r.handle_with_outcome(webhook("x1", ISSUE_BODY)).await.1,
        Outcome::Stored
    );
    assert_eq!(
        r.handle_with_outcome(webhook("x2", "not json")).await.1,
        Outcome::Refused(http::StatusCode::BAD_REQUEST)
    );
    let rejects = s.rejects(5).await.expect("rejects");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].mid, "x2");
    let claimed = s
        .claim(5, 60_000, popbill_webhook::time::now_ms())
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert!(
        s.ack(claimed[0].event.id, claimed[0].lease_token)
            .await
            .expect("ack")
    );
    assert_eq!(
        s.replay(popbill_webhook::Replay::Mid("x1".into()))
            .await
            .expect("replay"),
        1
    );
    let listed = s
        .list(ListFilter {
            corp_num: Some("1234567890".into()),
            status: Some(Status::Pending),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].attempts, 0);
    s.drop_tables().await.expect("cleanup");
}

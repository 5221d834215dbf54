//! The consumer over SQLite: ack, retry with back-off, dead letters, leases, replay.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::temp_dir;
use popbill_webhook::time::now_ms;
use popbill_webhook::{
    Consumer, ConsumerConfig, Inserted, ListFilter, NewEvent, Replay, SqliteOptions, SqliteStore,
    Status, Store,
};

fn store() -> Arc<dyn Store> {
    let dir = temp_dir("consumer");
    Arc::new(SqliteStore::open(dir.join("events.db"), SqliteOptions::default()).expect("store"))
}

fn event(mid: &str, received_at_ms: i64) -> NewEvent {
    NewEvent {
        mid: mid.into(),
        webhook_type: "TAXINVOICE.STATE".into(),
        corp_num: "1234567890".into(),
        event_type: "NTS".into(),
        received_at_ms,
        body: format!(r#"{{"mid":"{mid}"}}"#),
    }
}

fn fast() -> ConsumerConfig {
    ConsumerConfig {
        batch: 10,
        lease: Duration::from_secs(30),
        max_attempts: 3,
        backoff_base: Duration::ZERO,
        backoff_max: Duration::ZERO,
        idle_poll: Duration::from_millis(5),
    }
}

#[tokio::test]
async fn handled_events_are_acknowledged_once_in_order() {
    let s = store();
    for i in 0..5 {
        assert!(matches!(
            s.insert(event(&format!("m{i}"), now_ms())).await,
            Ok(Inserted::New(_))
        ));
    }
    assert_eq!(
        s.insert(event("m0", now_ms())).await.expect("dup"),
        Inserted::Duplicate
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let c = Consumer::new(s.clone(), fast());
    let seen2 = seen.clone();
    let handler = move |e: popbill_webhook::StoredEvent| {
        let seen = seen2.clone();
        async move {
            seen.lock().expect("lock").push(e.mid);
            Ok::<(), String>(())
        }
    };
    let r = c.run_once(&handler).await.expect("batch");
    assert_eq!((r.claimed, r.acked), (5, 5));
    assert_eq!(
        *seen.lock().expect("lock"),
        vec!["m0", "m1", "m2", "m3", "m4"]
    );
    assert_eq!(c.run_once(&handler).await.expect("batch").claimed, 0);
    let st = s.stats().await.expect("stats");
    assert_eq!((st.events, st.done, st.pending), (5, 5, 0));
}

#[tokio::test]
async fn a_failing_handler_is_retried_then_dead_lettered_then_replayed() {
    let s = store();
    s.insert(event("flaky", now_ms())).await.expect("insert");
    s.insert(event("poison", now_ms())).await.expect("insert");
    let calls: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let calls2 = calls.clone();
    let handler = move |e: popbill_webhook::StoredEvent| {
        let calls = calls2.clone();
        async move {
            let n = {
                let mut m = calls.lock().expect("lock");
                let n = m.entry(e.mid.clone()).or_default();
                *n += 1;
                *n
            };
            match (e.mid.as_str(), n) {
                ("flaky", 1) => Err("temporary".to_owned()),
                ("poison", _) => Err(format!("bad event, attempt {}", e.attempts)),
                _ => Ok(()),
            }
        }
    };
    let c = Consumer::new(s.clone(), fast());
    let r1 = c.run_once(&handler).await.expect("batch");
    assert_eq!((r1.claimed, r1.acked, r1.retried), (2, 0, 2));
    let r2 = c.run_once(&handler).await.expect("batch");
    assert_eq!((r2.claimed, r2.acked, r2.retried), (2, 1, 1));
    let r3 = c.run_once(&handler).await.expect("batch");
    assert_eq!((r3.claimed, r3.dead), (1, 1));
    assert_eq!(c.run_once(&handler).await.expect("batch").claimed, 0);
    let dead = s
        .list(ListFilter {
            status: Some(Status::Dead),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].mid, "poison");
    assert_eq!(dead[0].attempts, 3);
    assert_eq!(dead[0].last_error.as_deref(), Some("bad event, attempt 3"));
    // Replay by MID puts it back with a fresh attempt count.
    assert_eq!(
        s.replay(Replay::Mid("poison".into()))
            .await
            .expect("replay"),
        1
    );
    let r4 = c.run_once(&handler).await.expect("batch");
    assert_eq!((r4.claimed, r4.retried), (1, 1));
    assert_eq!(calls.lock().expect("lock")["poison"], 4);
}

#[tokio::test]
async fn back_off_delays_the_next_attempt() {
    let s = store();
    s.insert(event("later", now_ms())).await.expect("insert");
    let c = Consumer::new(
        s.clone(),
        ConsumerConfig {
            backoff_base: Duration::from_secs(3600),
            backoff_max: Duration::from_secs(3600),
            ..fast()
        },
    );
    let fail = |_e: popbill_webhook::StoredEvent| async { Err::<(), _>("no") };
    assert_eq!(c.run_once(&fail).await.expect("batch").retried, 1);
    // Not due for an hour.
    assert_eq!(c.run_once(&fail).await.expect("batch").claimed, 0);
    let row = &s.list(ListFilter::default()).await.expect("list")[0];
    assert_eq!((row.status, row.attempts), (Status::Pending, 1));
}

#[tokio::test]
async fn a_lease_hides_an_event_until_it_expires_and_a_stale_ack_is_refused() {
    let s = store();
    s.insert(event("leased", now_ms())).await.expect("insert");
    let now = now_ms();
    let first = s.claim(10, 1_000, now).await.expect("claim");
    assert_eq!(first.len(), 1);
    // While leased nobody else gets it.
    assert!(
        s.claim(10, 1_000, now + 500)
            .await
            .expect("claim")
            .is_empty()
    );
    // The consumer died; after the lease another one gets it again (at least once).
    let second = s.claim(10, 1_000, now + 1_001).await.expect("claim");
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].event.attempts, 2);
    assert_ne!(first[0].lease_token, second[0].lease_token);
    assert!(
        !s.ack(first[0].event.id, first[0].lease_token)
            .await
            .expect("ack")
    );
    assert!(
        s.ack(second[0].event.id, second[0].lease_token)
            .await
            .expect("ack")
    );
}

#[tokio::test]
async fn replay_by_time_range_and_list_filters() {
    let s = store();
    s.insert(event("old", 1_000)).await.expect("insert");
    s.insert(event("mid", 2_000)).await.expect("insert");
    let mut other = event("new", 3_000);
    other.corp_num = "9999999999".into();
    other.webhook_type = "HT.TAXINVOICEXML".into();
    s.insert(other).await.expect("insert");
    let c = Consumer::new(s.clone(), fast());
    let ok = |_e: popbill_webhook::StoredEvent| async { Ok::<(), String>(()) };
    assert_eq!(c.run_once(&ok).await.expect("batch").acked, 3);
    let n = s
        .replay(Replay::Received {
            from_ms: 1_500,
            to_ms: 3_500,
        })
        .await
        .expect("replay");
    assert_eq!(n, 2);
    let pending = s
        .list(ListFilter {
            status: Some(Status::Pending),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(
        pending.iter().map(|e| e.mid.as_str()).collect::<Vec<_>>(),
        ["mid", "new"]
    );
    let by_corp = s
        .list(ListFilter {
            corp_num: Some("9999999999".into()),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(by_corp.len(), 1);
    let by_type = s
        .list(ListFilter {
            webhook_type: Some("TAXINVOICE.STATE".into()),
            since_ms: Some(1_500),
            ..ListFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(
        by_type.iter().map(|e| e.mid.as_str()).collect::<Vec<_>>(),
        ["mid"]
    );
}

#[tokio::test]
async fn run_stops_on_shutdown_after_draining() {
    let s = store();
    for i in 0..25 {
        s.insert(event(&format!("r{i}"), now_ms()))
            .await
            .expect("insert");
    }
    let c = Consumer::new(s.clone(), fast());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let seen = Arc::new(Mutex::new(0usize));
    let seen2 = seen.clone();
    let task = tokio::spawn(async move {
        c.run(
            move |_e| {
                let seen = seen2.clone();
                async move {
                    *seen.lock().expect("lock") += 1;
                    Ok::<(), String>(())
                }
            },
            async {
                let _ = rx.await;
            },
        )
        .await;
    });
    // Up to 30 s: a loaded machine drains 25 events far slower than an idle one.
    for _ in 0..3000 {
        if s.stats().await.expect("stats").done == 25 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tx.send(()).expect("send");
    task.await.expect("consumer stops");
    assert_eq!(*seen.lock().expect("lock"), 25);
}

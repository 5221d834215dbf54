//! Durable ingest throughput and acknowledgement latency of the receiver on loopback.
//!
//! ```text
//! cargo bench -p popbill-webhook --bench ingest                 # SQLite (FULL and NORMAL sync)
//! POPBILL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo bench -p popbill-webhook --bench ingest               # + PostgreSQL
//! ```
//!
//! 64 concurrent senders POST distinct events over keep-alive HTTP/1.1 connections to a
//! receiver served by axum on 127.0.0.1; every 200 is counted only after the store committed
//! the event. Prints events/s, p50/p99/max acknowledgement latency, and the CPU time the whole
//! process (senders included) spent per event, which stays meaningful on a busy machine. Environment:
//! `BENCH_EVENTS` (default 20000), `BENCH_SENDERS` (default 64).
#![allow(missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use popbill_webhook::{Receiver, ReceiverConfig, SqliteOptions, SqliteStore, Store, Synchronous};

const BODY: &str = r#"{"eventType":"NTS","eventDT":"20250302100000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-2025-0001","stateCode":304,"ntsConfirmNum":"202503014100000000000001","ntssendErrCode":"SUC001"}"#;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user + system) this process has used, from /proc (Linux; zero elsewhere).
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let ticks = f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0);
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

async fn bench(label: &str, store: Arc<dyn Store>, events: usize, senders: usize) {
    let receiver = Receiver::new(store.clone(), ReceiverConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            receiver
                .router()
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(senders)
        .build_http::<Full<Bytes>>();
    let url = format!("http://{addr}/");
    let run_id = fastrand::u64(..);
    let per_sender = events / senders;
    let started = Instant::now();
    let cpu_before = cpu_time();
    let mut tasks = Vec::new();
    for s in 0..senders {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_sender);
            for n in 0..per_sender {
                let req = http::Request::post(&url)
                    .header("Content-Type", "application/json")
                    .header("Pb-Webhook-Type", "TAXINVOICE.STATE")
                    .header("Pb-Webhook-MID", format!("bench-{run_id}-{s}-{n}"))
                    .header("Pb-Webhook-Corpnum", "1234567890")
                    .header("Pb-Webhook-EventType", "NTS")
                    .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                    .expect("request");
                let t = Instant::now();
                let resp = client.request(req).await.expect("send");
                let ok = resp.status() == 200;
                let _ = resp.into_body().collect().await;
                assert!(ok, "not acknowledged");
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut lat: Vec<Duration> = Vec::with_capacity(events);
    for t in tasks {
        lat.extend(t.await.expect("sender"));
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);
    server.abort();
    lat.sort();
    let pct = |p: f64| {
        lat[((lat.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(lat.len() - 1)]
    };
    let stored = store.stats().await.expect("stats").events;
    println!(
        "{label:<22} {:>6} events  {:>8.0} events/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  cpu {:>4.0} µs/event  (stored {stored})",
        lat.len(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat[lat.len() - 1].as_secs_f64() * 1e3,
        cpu.as_secs_f64() * 1e6 / lat.len() as f64,
    );
}

fn main() {
    let events = env_usize("BENCH_EVENTS", 20_000);
    let senders = env_usize("BENCH_SENDERS", 64);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "ingest: {senders} concurrent senders, {events} events, {} CPUs",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    rt.block_on(async {
        for (label, sync) in [
            ("sqlite synchronous=FULL", Synchronous::Full),
            ("sqlite synchronous=NORMAL", Synchronous::Normal),
        ] {
            let dir =
                std::env::temp_dir().join(format!("popbill-webhook-bench-{}", fastrand::u64(..)));
            std::fs::create_dir_all(&dir).expect("dir");
            let store = SqliteStore::open(
                dir.join("events.db"),
                SqliteOptions {
                    synchronous: sync,
                    ..SqliteOptions::default()
                },
            )
            .expect("store");
            bench(label, Arc::new(store), events, senders).await;
            let _ = std::fs::remove_dir_all(&dir);
        }
        #[cfg(feature = "postgres")]
        match std::env::var("POPBILL_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => {
                let prefix = format!("whbench_{}", fastrand::u32(..));
                let store = Arc::new(
                    popbill_webhook::PostgresStore::connect(&url, &prefix)
                        .await
                        .expect("connect"),
                );
                bench("postgres", store.clone(), events, senders).await;
                store.drop_tables().await.expect("cleanup");
            }
            _ => println!("postgres: skipped (POPBILL_TEST_DATABASE_URL unset)"),
        }
    });
}

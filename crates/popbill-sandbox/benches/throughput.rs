//! Sandbox throughput under a loopback load generator (not a test; numbers go to
//! docs/benchmarks.md):
//!
//! ```text
//! cargo bench -p popbill-sandbox --bench throughput [-- REQUESTS CONCURRENCY]
//! ```
//!
//! Starts an in-process sandbox (in memory, no automatic filing), takes one session token and
//! drives `registIssue` (a new MgtKey per request) and then `getInfo` over the issued documents
//! with CONCURRENCY keep-alive HTTP/1.1 connections; prints requests/s and p50/p99 latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use popbill_sandbox::{NtsDelay, Sandbox};

mod common;

use common::send;

struct Stats {
    name: &'static str,
    n: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Stats {
    fn print(&mut self) {
        self.latencies.sort();
        let pct = |p: f64| {
            let i = ((self.latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
            self.latencies[i.min(self.latencies.len() - 1)]
        };
        println!(
            "{:<11} {:>6} requests  {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
            self.name,
            self.n,
            self.n as f64 / self.elapsed.as_secs_f64(),
            pct(0.50).as_secs_f64() * 1000.0,
            pct(0.99).as_secs_f64() * 1000.0,
        );
    }
}

async fn run<F, Fut>(name: &'static str, n: usize, concurrency: usize, f: F) -> Stats
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let f = Arc::new(f);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let f = f.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t = Instant::now();
                f(i).await;
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut latencies = Vec::with_capacity(n);
    for w in workers {
        latencies.extend(w.await.expect("worker"));
    }
    Stats {
        name,
        n,
        elapsed: start.elapsed(),
        latencies,
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(20_000);
    let concurrency = args.get(1).copied().unwrap_or(32);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let sb = Sandbox::builder()
            .nts_delay(NtsDelay::Never)
            .initial_points(i64::MAX / 2)
            .start()
            .await
            .expect("sandbox");
        let base = sb.base_url().to_owned();
        let http = common::http(concurrency);
        let bearer = Arc::new(common::bearer(&http, &sb).await);
        let today = sb.clock().today_kst().to_string();

        println!(
            "popbill-sandbox throughput: {n} requests per operation, {concurrency} connections, loopback"
        );
        let (h, b, base2, t) = (http.clone(), bearer.clone(), base.clone(), today.clone());
        let mut issue = run("registIssue", n, concurrency, move |i| {
            let (h, b, base, t) = (h.clone(), b.clone(), base2.clone(), t.clone());
            async move {
                common::regist_issue(&h, &base, &b, &format!("BENCH-{i}"), &t).await;
            }
        })
        .await;
        issue.print();
        let (h, b, base2) = (http.clone(), bearer.clone(), base.clone());
        let mut info = run("getInfo", n, concurrency, move |i| {
            let (h, b, base) = (h.clone(), b.clone(), base2.clone());
            async move {
                let (status, _) = send(
                    &h,
                    "GET",
                    &format!("{base}/Taxinvoice/SELL/BENCH-{i}"),
                    &[("Authorization", b.as_str())],
                    Vec::new(),
                )
                .await;
                assert_eq!(status, 200);
            }
        })
        .await;
        info.print();
        assert_eq!(sb.document_count(), n);
        sb.shutdown().await;
    });
}

//! Issuance rate with a state file as it fills (not a test; figures go to docs/reliability.md):
//!
//! ```text
//! cargo bench -p popbill-sandbox --bench state_growth [-- DOCUMENTS BUCKET CONCURRENCY]
//! ```
//!
//! Starts an in-process sandbox with `--state` in a temporary directory, takes one session token
//! and drives `registIssue` (a new MgtKey per request, one member, so its point history grows
//! with every document) over CONCURRENCY keep-alive connections. Prints documents/s for every
//! BUCKET documents and the last bucket's rate against the first: a flat rate means a commit
//! costs the same with 0 and with DOCUMENTS documents stored. On Linux it also prints documents
//! per CPU-second of this process (client and server together), which other load on a shared
//! machine does not change.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use popbill_sandbox::{NtsDelay, Sandbox};

mod common;

/// CPU time (user + system) of this process in seconds, where `/proc` has it.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(50_000);
    let bucket = args.get(1).copied().unwrap_or(5_000).max(1);
    let concurrency = args.get(2).copied().unwrap_or(8).max(1);
    let dir = std::env::temp_dir().join(format!("pbsb-growth-{}", fastrand::u64(..)));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let sb = Sandbox::builder()
            .nts_delay(NtsDelay::Never)
            .initial_points(i64::MAX / 2)
            .state_path(dir.join("state.sqlite"))
            .start()
            .await
            .expect("sandbox");
        let base = sb.base_url().to_owned();
        let http = common::http(concurrency);
        let bearer = Arc::new(common::bearer(&http, &sb).await);
        let today = sb.clock().today_kst().to_string();
        println!(
            "popbill-sandbox state growth: {n} registIssue with --state, {concurrency} connections, buckets of {bucket}"
        );
        let next = Arc::new(AtomicUsize::new(0));
        let mut rates = Vec::new();
        let mut cpu_rates = Vec::new();
        let mut done = 0;
        while done < n {
            let end = (done + bucket).min(n);
            let start = Instant::now();
            let cpu_start = cpu_secs();
            let mut workers = Vec::new();
            for _ in 0..concurrency {
                let (h, b, base, t, next) = (
                    http.clone(),
                    bearer.clone(),
                    base.clone(),
                    today.clone(),
                    next.clone(),
                );
                workers.push(tokio::spawn(async move {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= end {
                            next.fetch_min(end, Ordering::Relaxed);
                            break;
                        }
                        common::regist_issue(&h, &base, &b, &format!("GROW-{i}"), &t).await;
                    }
                }));
            }
            for w in workers {
                w.await.expect("worker");
            }
            let rate = (end - done) as f64 / start.elapsed().as_secs_f64();
            let cpu = cpu_start.zip(cpu_secs()).map(|(a, b)| b - a);
            match cpu {
                Some(c) if c > 0.0 => {
                    let per_cpu = (end - done) as f64 / c;
                    println!(
                        "documents {done:>6}..{end:<6} {rate:>8.0} documents/s  {per_cpu:>8.0} documents/CPU-s"
                    );
                    cpu_rates.push(per_cpu);
                }
                _ => println!("documents {done:>6}..{end:<6} {rate:>8.0} documents/s"),
            }
            rates.push(rate);
            done = end;
        }
        assert_eq!(sb.document_count(), n);
        if let (Some(first), Some(last)) = (rates.first(), rates.last()) {
            println!("last bucket / first bucket: {:.2} (wall)", last / first);
        }
        if let (Some(first), Some(last)) = (cpu_rates.first(), cpu_rates.last()) {
            println!("last bucket / first bucket: {:.2} (per CPU-second)", last / first);
        }
        sb.shutdown().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

//! Throughput and client memory of a HomeTax crawl (a benchmark, not a test:
//! `cargo bench -p popbill --bench hometax_crawl`).
//!
//! A sandbox process serves a synthetic ledger of about 10,000 and then 100,000 purchase
//! invoices over one year (four 3-month jobs); a separate client process streams every
//! document through `crawl()` and drops it, then reports documents per second and its own
//! peak resident memory (`VmHWM`). The sandbox runs in its own process, so the memory figure
//! is the client's alone; a flat figure across both sizes shows that the client's memory does
//! not grow with the number of documents. Linux only (reads `/proc/self/status`).

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use popbill::model::hometax::{DeptUserForm, HomeTaxDateType, QueryType};
use popbill::model::{CorpNum, Date8};
use popbill::services::hometax::CrawlEvent;
use popbill::{Config, Popbill};
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// `--serve`: a sandbox; prints its URL, runs until stdin closes.
fn serve() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let sb = Sandbox::builder().start().await.expect("sandbox");
        println!("{}", sb.base_url());
        // Until the parent closes our stdin (read on a blocking thread).
        let _ = tokio::task::spawn_blocking(|| {
            let mut buf = [0u8; 1];
            std::io::Read::read(&mut std::io::stdin(), &mut buf)
        })
        .await;
        sb.shutdown().await;
    });
}

async fn control(base: &str, body: &str) {
    let addr = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "POST /HomeTax/__control HTTP/1.1\r\nHost: s\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.expect("read");
}

/// `--client URL PER_DAY`: one crawl; prints a table row.
fn client(base: &str, per_day: u32) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        control(
            base,
            &format!(r#"{{"jobStepMillis":50,"docsPerDay":{per_day}}}"#),
        )
        .await;
        let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
            .test(true)
            .auth_url(base)
            .api_url(base)
            .attempt_timeout(Duration::from_secs(60))
            .build()
            .expect("config");
        let client = Popbill::new(config);
        let corp = CorpNum::parse_unchecked("1234567890").expect("corp");
        let ht = client.hometax_taxinvoice();
        ht.regist_dept_user(&corp, DeptUserForm::new("bench", "pw"))
            .await
            .expect("dept user");
        let before = status_kib("VmRSS:");
        let (from, to) = (
            Date8::parse("20250101").expect("d"),
            Date8::parse("20251231").expect("d"),
        );
        let started = Instant::now();
        let crawl = ht
            .crawl(&corp, QueryType::Buy, HomeTaxDateType::Sent, from, to)
            .per_page(1000)
            .poll_interval(Duration::from_millis(20), Duration::from_millis(100));
        let mut stream = std::pin::pin!(crawl.stream());
        let (mut docs, mut jobs, mut amount) = (0u64, 0u32, 0i64);
        while let Some(ev) = stream.next().await {
            match ev.expect("crawl") {
                CrawlEvent::Document(d) => {
                    docs += 1;
                    amount += d.total_amount.parse::<i64>().unwrap_or(0);
                }
                CrawlEvent::WindowDone { .. } => jobs += 1,
                _ => {}
            }
        }
        let secs = started.elapsed().as_secs_f64();
        std::hint::black_box(amount);
        println!(
            "| {docs} | {jobs} | {secs:.2} | {:.0} | {:.1} MiB | {:.1} MiB |",
            docs as f64 / secs,
            before as f64 / 1024.0,
            status_kib("VmHWM:") as f64 / 1024.0
        );
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve") {
        return serve();
    }
    if let Some(i) = args.iter().position(|a| a == "--client") {
        let per_day = args[i + 2].parse().expect("per day");
        return client(&args[i + 1], per_day);
    }
    let me = std::env::current_exe().expect("exe");
    println!("| documents | jobs | seconds | documents/s | client RSS before | client peak RSS |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for per_day in [27u32, 274] {
        let mut server = Command::new(&me)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("sandbox process");
        let mut url = String::new();
        BufReader::new(server.stdout.take().expect("stdout"))
            .read_line(&mut url)
            .expect("url");
        let status = Command::new(&me)
            .args(["--client", url.trim(), &per_day.to_string()])
            .status()
            .expect("client process");
        assert!(status.success());
        drop(server.stdin.take());
        let _ = server.wait();
    }
}

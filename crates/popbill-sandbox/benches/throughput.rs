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

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, NtsDelay, Sandbox};
use serde_json::{Value, json};

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

fn iso(secs: i64) -> String {
    popbill_model::format_utc(secs)
}

async fn send(
    http: &Http,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, Bytes) {
    let mut b = http::Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let req = b.body(Full::new(Bytes::from(body))).expect("request");
    let resp = http.request(req).await.expect("response");
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, body)
}

fn invoice(mgt_key: &str, today: &str) -> Value {
    json!({
        "writeDate": today, "chargeDirection": "정과금", "issueType": "정발행",
        "purposeType": "영수", "taxType": "과세",
        "invoicerCorpNum": "1234567890", "invoicerMgtKey": mgt_key,
        "invoicerCorpName": "공급자", "invoicerCEOName": "대표",
        "invoiceeType": "사업자", "invoiceeCorpNum": "8888888888",
        "invoiceeCorpName": "공급받는자", "invoiceeCEOName": "대표",
        "invoiceeEmail1": "buyer@test.com",
        "supplyCostTotal": "100000", "taxTotal": "10000", "totalAmount": "110000",
        "detailList": [{"serialNum": 1, "itemName": "품목", "qty": "1", "unitCost": "100000",
                        "supplyCost": "100000", "tax": "10000"}]
    })
}

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
        let http: Http = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(concurrency)
            .build_http();

        // one session token
        let body = json!({"access_id": "1234567890", "scope": ["member", "110"]}).to_string();
        let date = iso(sb.clock().now_secs());
        let sig = popbill_sandbox::auth::sign_token_request(
            DEFAULT_SECRET_KEY,
            body.as_bytes(),
            &date,
            None,
            "/POPBILL_TEST/Token",
        )
        .expect("sign");
        let auth = format!("LINKHUB {DEFAULT_LINK_ID} {sig}");
        let (status, tok) = send(
            &http,
            "POST",
            &format!("{base}/POPBILL_TEST/Token"),
            &[("x-lh-date", &date), ("x-lh-version", "2.0"), ("Authorization", &auth)],
            body.into_bytes(),
        )
        .await;
        assert_eq!(status, 200);
        let tok: Value = serde_json::from_slice(&tok).expect("token json");
        let bearer = Arc::new(format!(
            "Bearer {}",
            tok["session_token"].as_str().expect("token")
        ));
        let today = sb.clock().today_kst().to_string();

        println!(
            "popbill-sandbox throughput: {n} requests per operation, {concurrency} connections, loopback"
        );
        let (h, b, base2, t) = (http.clone(), bearer.clone(), base.clone(), today.clone());
        let mut issue = run("registIssue", n, concurrency, move |i| {
            let (h, b, base, t) = (h.clone(), b.clone(), base2.clone(), t.clone());
            async move {
                let body = serde_json::to_vec(&invoice(&format!("BENCH-{i}"), &t)).expect("json");
                let (status, body) = send(
                    &h,
                    "POST",
                    &format!("{base}/Taxinvoice"),
                    &[
                        ("Authorization", b.as_str()),
                        ("X-HTTP-Method-Override", "ISSUE"),
                        ("Content-Type", "application/json; charset=utf8"),
                    ],
                    body,
                )
                .await;
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
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

//! Client core benchmarks (`cargo bench -p popbill --bench client`).
//!
//! 1. `in_memory`: CPU per 세금계산서 getInfo call (GET with a cached Bearer token, JSON answer
//!    decoded into `TaxinvoiceInfo`) through the whole client with an in-memory transport, against
//!    decoding the same answer alone. The difference is the client's overhead (goal ≤ 10 µs).
//! 2. `local_server`: the same call against a hyper server on 127.0.0.1, against a raw
//!    hyper-util client sending the same request and decoding the same answer; serially and
//!    64 at a time (goal ≥ 0.95× the raw client's calls/s).
//! 3. `single_flight`: 10,000 concurrent calls for one member on a fresh client; the number
//!    of token requests is printed and must be exactly 1.
#![allow(missing_docs, clippy::unwrap_used)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::client::legacy::Client as RawClient;
use hyper_util::rt::{TokioExecutor, TokioIo};
use popbill::model::CorpNum;
use popbill::model::MgtKey;
use popbill::model::codes::MgtKeyType;
use popbill::model::taxinvoice::TaxinvoiceInfo;
use popbill::{
    Call, Config, HttpClient, HttpRequest, HttpResponse, Popbill, RetryPolicy, TransportError,
};
use tokio::runtime::Runtime;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// The path of the benchmarked call: 세금계산서 getInfo of one invoice.
const INFO_PATH: &str = "/Taxinvoice/SELL/INV-20250115-001";

/// A getInfo answer as POPBiLL sends it: compact JSON, about 900 bytes, 37 keys, Korean
/// text. Every key is one `TaxinvoiceInfo` knows, as in real answers (an earlier version
/// padded a smaller struct with unknown keys, which made the comparison mostly about how
/// each crate's build inlined serde_json's skipping of unknown values).
fn answer_body() -> Bytes {
    Bytes::from_static(
        concat!(
            r#"{"itemKey":"025011512000000001","taxType":"과세","writeDate":"20250115","#,
            r#""regDT":"20250115093000","issueType":"정발행","supplyCostTotal":"104500","#,
            r#""taxTotal":"10450","purposeType":"청구","issueDT":"20250115093512","#,
            r#""lateIssueYN":false,"preIssueDT":"","openYN":true,"openDT":"20250116100000","#,
            r#""stateMemo":"발행 메모","stateCode":310,"stateDT":"20250116150000","#,
            r#""ntsconfirmNum":"20250115410000000000a1b2","ntsresult":"","ntssendDT":"","#,
            r#""ntsresultDT":"","ntssendErrCode":"","modifyCode":null,"interOPYN":true,"#,
            r#""invoicerCorpName":"주식회사 팝빌상사","invoicerCorpNum":"2208162517","#,
            r#""invoicerMgtKey":"INV-20250115-001","invoicerPrintYN":false,"#,
            r#""invoiceeCorpName":"(주)매입상회","invoiceeCorpNum":"1248100998","#,
            r#""invoiceeMgtKey":"","invoiceePrintYN":false,"trusteeCorpName":null,"#,
            r#""trusteeCorpNum":null,"trusteeMgtKey":null,"trusteePrintYN":false,"#,
            r#""closeDownState":1,"closeDownStateDate":""}"#
        )
        .as_bytes(),
    )
}

/// The benchmarked call: getInfo through the whole client.
fn get_info(client: &Popbill, corp: &CorpNum) -> Call<TaxinvoiceInfo> {
    // Parsed once, as an application holds its keys.
    static KEY: LazyLock<MgtKey> = LazyLock::new(|| MgtKey::parse("INV-20250115-001").unwrap());
    client.taxinvoice().get_info(corp, MgtKeyType::Sell, &KEY)
}

const TOKEN_BODY: &str = r#"{"session_token":"bench-token","serviceID":"POPBILL_TEST","expiration":"2099-01-01T00:00:00.000Z","scope":["member","110"]}"#;

#[derive(Debug, Clone)]
struct InMemory {
    answer: HttpResponse,
    token: HttpResponse,
    tokens: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl HttpClient for InMemory {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if req.url.ends_with("/Token") {
            self.tokens.fetch_add(1, Ordering::Relaxed);
            return Ok(self.token.clone());
        }
        Ok(self.answer.clone())
    }
}

impl InMemory {
    /// Answers every call with `answer` (JSON) and every token request with `TOKEN_BODY`.
    fn new(answer: Bytes) -> Self {
        InMemory {
            answer: HttpResponse::new(200, answer)
                .with_header("content-type", "application/json; charset=utf-8"),
            token: HttpResponse::new(200, TOKEN_BODY),
            tokens: Arc::new(AtomicUsize::new(0)),
        }
    }
}

fn in_memory_client(delay_free: InMemory) -> Popbill {
    Popbill::new(
        Config::builder("TESTER", KEY)
            .test(true)
            .auth_url("http://bench.invalid")
            .api_url("http://bench.invalid")
            .http_client(delay_free)
            .build()
            .unwrap(),
    )
}

fn in_memory(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = answer_body();
    let client = in_memory_client(InMemory::new(body.clone()));
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    rt.block_on(get_info(&client, &corp).send()).unwrap();

    let mut group = c.benchmark_group("in_memory");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("decode_only", |b| {
        b.iter(|| serde_json::from_slice::<TaxinvoiceInfo>(std::hint::black_box(&body)).unwrap())
    });
    group.bench_function("client_call", |b| {
        b.to_async(&rt)
            .iter(|| async { get_info(&client, &corp).send().await.unwrap() })
    });
    group.finish();
}

/// A hyper HTTP/1.1 server answering token requests and every other request with `body`.
async fn start_server(body: Bytes) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        let out = if req.uri().path().ends_with("/Token") {
                            Bytes::from_static(TOKEN_BODY.as_bytes())
                        } else {
                            body
                        };
                        Ok::<_, Infallible>(
                            hyper::Response::builder()
                                .header("content-type", "application/json; charset=utf-8")
                                .body(Full::new(out))
                                .unwrap(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    addr
}

type Raw = RawClient<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

/// The baseline: hyper-util's pooled client with the same pool settings and socket options
/// as `HyperClient` (30 s idle timeout, `TCP_NODELAY`), without anything of ours.
fn raw_client() -> Raw {
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.set_nodelay(true);
    RawClient::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .build(http)
}

/// The same GET the client sends, by hand.
async fn raw_call(raw: &Raw, url: &str) -> TaxinvoiceInfo {
    let req = hyper::Request::get(url)
        .header("x-pb-version", "1.0")
        .header("Authorization", "Bearer bench-token")
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", popbill::DEFAULT_USER_AGENT)
        .body(Full::new(Bytes::new()))
        .unwrap();
    let resp = raw.request(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

/// The same GET through the transport crate's `HyperClient` alone (no token cache, no
/// pipeline): separates the transport's cost from the facade's.
async fn transport_call(
    http: &popbill::transport::hyper_client::HyperClient,
    url: &str,
) -> TaxinvoiceInfo {
    let req = HttpRequest::new(popbill::transport::Method::Get, url)
        .with_header("x-pb-version", "1.0")
        // As the pipeline sends it: `Authorization` is always treated as sensitive.
        .with_header("Authorization", "Bearer bench-token")
        .with_header("Accept-Encoding", "gzip")
        .with_header("User-Agent", popbill::DEFAULT_USER_AGENT)
        .with_timeout(Duration::from_secs(180));
    let resp = http.send(req).await.unwrap();
    assert_eq!(resp.status, 200);
    serde_json::from_slice(&resp.body).unwrap()
}

/// Criterion timings of the three sides against the local server, serially and 64 at a time.
fn local_server(c: &mut Criterion) {
    let sides = LocalSides::start(2);
    let LocalSides {
        rt,
        client,
        raw,
        transport,
        url,
        corp,
        ..
    } = &sides;
    rt.block_on(get_info(client, corp).send()).unwrap();
    rt.block_on(raw_call(raw, url));
    rt.block_on(transport_call(transport, url));

    let mut group = c.benchmark_group("local_server");
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("raw_hyper", "serial"), |b| {
        b.to_async(rt).iter(|| raw_call(raw, url))
    });
    group.bench_function(BenchmarkId::new("transport_only", "serial"), |b| {
        b.to_async(rt).iter(|| transport_call(transport, url))
    });
    group.bench_function(BenchmarkId::new("client", "serial"), |b| {
        b.to_async(rt)
            .iter(|| async { get_info(client, corp).send().await.unwrap() })
    });
    group.throughput(Throughput::Elements(64));
    for (which, name) in [(0, "raw_hyper"), (1, "transport_only"), (2, "client")] {
        group.bench_function(BenchmarkId::new(name, "concurrent64"), |b| {
            b.to_async(rt).iter(|| async {
                let calls = (0..64).map(|_| sides.spawn(which, 1));
                for h in futures_util::future::join_all(calls).await {
                    h.unwrap();
                }
            })
        });
    }
    group.finish();
}

/// 10,000 concurrent first calls for one member on a fresh client: one token request.
fn single_flight(c: &mut Criterion) {
    const CALLS: usize = 10_000;
    let rt: Runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    let mut group = c.benchmark_group("single_flight");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(CALLS as u64));
    let mut max_tokens = 0;
    group.bench_function("10000_concurrent_first_calls", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let transport = InMemory::new(answer_body());
                let tokens = Arc::clone(&transport.tokens);
                let client = Popbill::new(
                    Config::builder("TESTER", KEY)
                        .test(true)
                        .auth_url("http://bench.invalid")
                        .api_url("http://bench.invalid")
                        .retry_policy(RetryPolicy::disabled())
                        .http_client(transport)
                        .build()
                        .unwrap(),
                );
                let started = Instant::now();
                rt.block_on(async {
                    let calls = (0..CALLS).map(|_| {
                        let client = client.clone();
                        let corp = corp.clone();
                        tokio::spawn(async move { get_info(&client, &corp).send().await })
                    });
                    for h in futures_util::future::join_all(calls).await {
                        h.unwrap().unwrap();
                    }
                });
                total += started.elapsed();
                let n = tokens.load(Ordering::Relaxed);
                assert_eq!(n, 1, "token requests for {CALLS} concurrent calls");
                max_tokens = max_tokens.max(n);
            }
            total
        })
    });
    group.finish();
    // Nothing to report when a filter skipped the measurement.
    if max_tokens > 0 {
        println!(
            "single_flight: token requests per corp under {CALLS} concurrent calls = {max_tokens}"
        );
    }
}

/// A positive number from environment variable `name`, if set.
fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
}

/// The local server and the clients compared against it, on one runtime.
struct LocalSides {
    rt: Runtime,
    client: Popbill,
    raw: Raw,
    /// Its own pool: sides that shared connections would run on warmer ones.
    raw_timed: Raw,
    transport: popbill::transport::hyper_client::HyperClient,
    url: String,
    corp: CorpNum,
}

impl LocalSides {
    /// Starts the server on a runtime of `workers` threads and builds every side.
    fn start(workers: usize) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()
            .unwrap();
        let addr = rt.block_on(start_server(answer_body()));
        let base = format!("http://{addr}");
        let client = Popbill::new(
            Config::builder("TESTER", KEY)
                .test(true)
                .auth_url(&base)
                .api_url(&base)
                .build()
                .unwrap(),
        );
        LocalSides {
            rt,
            client,
            raw: raw_client(),
            raw_timed: raw_client(),
            transport: popbill::transport::hyper_client::HyperClient::builder()
                .build()
                .unwrap(),
            url: format!("{base}{INFO_PATH}"),
            corp: CorpNum::parse_unchecked("1234567890").unwrap(),
        }
    }

    /// Spawns one task of side `which` (0 raw hyper, 1 transport only, 2 client, 3 raw hyper
    /// with a timeout) making `calls` calls one after another. Each side spawns its own
    /// future type, so none pays for moving another side's larger future.
    fn spawn(&self, which: usize, calls: usize) -> tokio::task::JoinHandle<()> {
        match which {
            0 => {
                let (raw, url) = (self.raw.clone(), self.url.clone());
                tokio::spawn(async move {
                    for _ in 0..calls {
                        raw_call(&raw, &url).await;
                    }
                })
            }
            1 => {
                let (transport, url) = (self.transport.clone(), self.url.clone());
                tokio::spawn(async move {
                    for _ in 0..calls {
                        transport_call(&transport, &url).await;
                    }
                })
            }
            2 => {
                let (client, corp) = (self.client.clone(), self.corp.clone());
                tokio::spawn(async move {
                    for _ in 0..calls {
                        get_info(&client, &corp).send().await.unwrap();
                    }
                })
            }
            _ => {
                let (raw, url) = (self.raw_timed.clone(), self.url.clone());
                tokio::spawn(async move {
                    for _ in 0..calls {
                        tokio::time::timeout(Duration::from_secs(180), raw_call(&raw, &url))
                            .await
                            .unwrap();
                    }
                })
            }
        }
    }

    /// Runs `calls` calls of side `which` on `width` callers. A caller is a task making its
    /// calls one after another, as a request handler or worker of an application does
    /// (`width` 1: serial). With `spawn_each`, every call is instead a task of its own
    /// spawned from outside the runtime, `width` at a time, and the next `width` start when
    /// all have finished: that adds two cross-thread wake-ups per call (the earlier layout
    /// of this bench, kept for comparison).
    fn run(&self, which: usize, calls: usize, width: usize, spawn_each: bool) {
        self.rt.block_on(async {
            if spawn_each {
                for _ in 0..calls / width {
                    let tasks = (0..width).map(|_| self.spawn(which, 1));
                    for h in futures_util::future::join_all(tasks).await {
                        h.unwrap();
                    }
                }
            } else {
                let tasks = (0..width).map(|_| self.spawn(which, calls / width));
                for h in futures_util::future::join_all(tasks).await {
                    h.unwrap();
                }
            }
        });
    }
}

/// Sides of the interleaved comparison: raw hyper, transport only, client, and raw hyper with
/// a tokio timeout around each request (the protection the transport always applies).
const SIDES: usize = 4;

/// Local-server comparison robust to a noisy machine: raw, transport-only and client batches
/// alternate (in a rotating order), and the ratio is taken per round, so load changes hit all
/// three alike. Short batches (about 10 ms) and many rounds (`POPBILL_BENCH_ROUNDS`, default
/// 61): a burst of load from elsewhere then spoils few rounds, and the median ignores them.
/// `POPBILL_BENCH_SPAWN=1` spawns a task per call instead of running callers (see
/// [`LocalSides::run`]).
fn interleaved_report() {
    let rounds = env_usize("POPBILL_BENCH_ROUNDS").unwrap_or(61);
    // Worker threads: `POPBILL_BENCH_WORKERS`, default 2 (1 takes cross-core effects out).
    let sides = LocalSides::start(env_usize("POPBILL_BENCH_WORKERS").unwrap_or(2));
    let spawn_each = std::env::var_os("POPBILL_BENCH_SPAWN").is_some_and(|v| v != "0");
    // Calls per batch, about 10 ms each: a call spawned on its own takes about four times
    // as long as one made by a running caller.
    let (serial_batch, concurrent_batch) = if spawn_each { (100, 320) } else { (400, 640) };
    println!(
        "interleaved: {}",
        if spawn_each {
            "a task per call, spawned from outside the runtime (POPBILL_BENCH_SPAWN)"
        } else {
            "callers: tasks making their calls one after another"
        }
    );

    // The value at quantile `q` (0.5: the median) of the rounds.
    let quantile = |v: &[f64], q: f64| {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.total_cmp(b));
        v[((v.len() - 1) as f64 * q).round() as usize]
    };
    for (label, batch, width) in [
        ("serial", serial_batch, 1usize),
        ("concurrent64", concurrent_batch, 64),
    ] {
        let mut rate = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        let mut ratio_client = Vec::new();
        let mut ratio_transport = Vec::new();
        let mut ratio_client_timed = Vec::new();
        // Round 0 warms up (connections, caches) and is not counted.
        for round in 0..=rounds {
            let mut per_round = [0.0f64; SIDES];
            // The order rotates from round to round, so no side always runs first or last.
            for step in 0..SIDES {
                let which = (round + step) % SIDES;
                let started = Instant::now();
                sides.run(which, batch, width, spawn_each);
                per_round[which] = batch as f64 / started.elapsed().as_secs_f64();
            }
            if round == 0 {
                continue;
            }
            for i in 0..SIDES {
                rate[i].push(per_round[i]);
            }
            ratio_client.push(per_round[2] / per_round[0]);
            ratio_transport.push(per_round[1] / per_round[0]);
            ratio_client_timed.push(per_round[2] / per_round[3]);
        }
        let [raw_r, transport_r, client_r, timed_r] = rate;
        println!(
            "interleaved {label}: raw hyper {:.0} calls/s, transport only {:.0} calls/s ({:.3}x raw), client {:.0} calls/s ({:.3}x raw; quartiles {:.3}-{:.3}) [median of {rounds} rounds]",
            quantile(&raw_r, 0.5),
            quantile(&transport_r, 0.5),
            quantile(&ratio_transport, 0.5),
            quantile(&client_r, 0.5),
            quantile(&ratio_client, 0.5),
            quantile(&ratio_client, 0.25),
            quantile(&ratio_client, 0.75),
        );
        println!(
            "interleaved {label}: raw hyper with a per-request timeout {:.0} calls/s; client {:.3}x of it [median of {rounds} rounds]",
            quantile(&timed_r, 0.5),
            quantile(&ratio_client_timed, 0.5),
        );
        // The same three ratios for `runs_report` to collect.
        println!(
            "{RATIO_LINE} {label} {:.4} {:.4} {:.4}",
            quantile(&ratio_transport, 0.5),
            quantile(&ratio_client, 0.5),
            quantile(&ratio_client_timed, 0.5),
        );
    }
}

criterion_group!(benches, in_memory, local_server, single_flight);

/// `POPBILL_BENCH_PROFILE=raw|transport|client|raw-timeout` runs only that side on 64 callers
/// (or `POPBILL_BENCH_WIDTH`; a task per call with `POPBILL_BENCH_SPAWN=1`), for
/// `POPBILL_BENCH_SECS` seconds (default 10) and skips everything else: a steady load to
/// attach a profiler to (`perf record -g target/release/deps/client-… --bench`).
fn profile_only(which: &str) {
    let secs = env_usize("POPBILL_BENCH_SECS").unwrap_or(10) as u64;
    let which = match which {
        "raw" => 0,
        "transport" => 1,
        "raw-timeout" => 3,
        _ => 2,
    };
    let sides = LocalSides::start(env_usize("POPBILL_BENCH_WORKERS").unwrap_or(2));
    // `POPBILL_BENCH_WIDTH` callers (default 64; 1 is serial).
    let width = env_usize("POPBILL_BENCH_WIDTH").unwrap_or(64);
    // `POPBILL_BENCH_CALLS` fixes the number of calls instead (for instruction counts
    // under `valgrind --tool=callgrind`, which are comparable only for equal work).
    let fixed = env_usize("POPBILL_BENCH_CALLS");
    let spawn_each = std::env::var_os("POPBILL_BENCH_SPAWN").is_some_and(|v| v != "0");
    let started = Instant::now();
    let mut calls = 0usize;
    match fixed {
        Some(n) => {
            calls = n / width * width;
            sides.run(which, calls, width, spawn_each);
        }
        None => {
            while started.elapsed() < Duration::from_secs(secs) {
                sides.run(which, width * 100, width, spawn_each);
                calls += width * 100;
            }
        }
    }
    println!(
        "profile: {:.0} calls/s",
        calls as f64 / started.elapsed().as_secs_f64()
    );
}

/// `POPBILL_BENCH_PROFILE=memory`: `POPBILL_BENCH_CALLS` (default 100,000) calls through the
/// in-memory transport on a current-thread runtime: for instruction counts of the facade plus
/// decoding (per call = the difference between two call counts, divided by their difference).
fn profile_in_memory() {
    let calls = env_usize("POPBILL_BENCH_CALLS").unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = in_memory_client(InMemory::new(answer_body()));
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    let started = Instant::now();
    rt.block_on(async {
        for _ in 0..calls {
            std::hint::black_box(get_info(&client, &corp).send().await.unwrap());
        }
    });
    println!(
        "profile memory: {:.2} us per call",
        started.elapsed().as_secs_f64() * 1e6 / calls as f64
    );
}

/// Prefix of the machine-readable line `interleaved_report` prints per layout: label, then
/// the medians of transport ÷ raw, client ÷ raw and client ÷ raw with a timeout.
const RATIO_LINE: &str = "interleaved-ratios";

/// `POPBILL_BENCH_RUNS=n`: runs this bench `n` times as separate processes (same arguments)
/// and summarises their interleaved medians. Medians of whole runs move by about ±0.01
/// between processes (code and heap placement differ), more than within one run, so the
/// goal is judged on the median of several runs.
fn runs_report(runs: usize) {
    let exe = std::env::current_exe().unwrap();
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Per label: (transport ÷ raw, client ÷ raw, client ÷ raw with timeout) of each run.
    let mut seen: Vec<(String, Vec<[f64; 3]>)> = Vec::new();
    for run in 1..=runs {
        let out = std::process::Command::new(&exe)
            .args(&args)
            .env_remove("POPBILL_BENCH_RUNS")
            .output()
            .unwrap();
        assert!(out.status.success(), "run {run} failed");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut words = line.split_whitespace();
            if words.next() != Some(RATIO_LINE) {
                continue;
            }
            let label = words.next().unwrap().to_owned();
            let r: Vec<f64> = words.map(|w| w.parse().unwrap()).collect();
            println!(
                "run {run} {label}: transport {:.3}x raw, client {:.3}x raw, client {:.3}x raw with timeout",
                r[0], r[1], r[2]
            );
            let entry = match seen.iter_mut().position(|(l, _)| *l == label) {
                Some(i) => &mut seen[i].1,
                None => {
                    seen.push((label, Vec::new()));
                    &mut seen.last_mut().unwrap().1
                }
            };
            entry.push([r[0], r[1], r[2]]);
        }
    }
    for (label, rows) in &seen {
        let summary = |i: usize| {
            let mut v: Vec<f64> = rows.iter().map(|r| r[i]).collect();
            v.sort_by(|a, b| a.total_cmp(b));
            let median = if v.len() % 2 == 1 {
                v[v.len() / 2]
            } else {
                (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
            };
            let below = v.iter().filter(|x| **x < 0.95).count();
            let interval = match median_interval_ranks(v.len()) {
                Some((lo, hi)) => format!(
                    "; 95% confidence interval of the median {:.3}-{:.3}",
                    v[lo - 1],
                    v[hi - 1]
                ),
                None => String::new(),
            };
            format!(
                "{:.3}-{:.3}, median of runs {median:.3}, {below} of {} below 0.95{interval}",
                v[0],
                v[v.len() - 1],
                v.len()
            )
        };
        println!("runs {label}: client ÷ raw {}", summary(1));
        println!("runs {label}: transport ÷ raw {}", summary(0));
        println!("runs {label}: client ÷ raw with timeout {}", summary(2));
    }
}

/// The ranks (1-based, in ascending order) of the order statistics bounding a
/// distribution-free 95% confidence interval of the median of `n` independent runs: the
/// largest `k` with P(Binomial(n, 1/2) < k) ≤ 2.5 %, and `n + 1 - k`. `None` below 6 runs,
/// where no such interval exists.
fn median_interval_ranks(n: usize) -> Option<(usize, usize)> {
    let mut pmf = 0.5f64.powi(i32::try_from(n).ok()?);
    let (mut cdf, mut k) = (0.0, 0);
    for j in 0..n {
        cdf += pmf;
        if cdf > 0.025 {
            break;
        }
        k = j + 1;
        pmf *= (n - j) as f64 / (j + 1) as f64;
    }
    (k >= 1).then(|| (k, n + 1 - k))
}

fn main() {
    assert_eq!(median_interval_ranks(24), Some((7, 18)));
    assert_eq!(median_interval_ranks(12), Some((3, 10)));
    assert_eq!(median_interval_ranks(5), None);
    if let Some(runs) = env_usize("POPBILL_BENCH_RUNS").filter(|n| *n > 1) {
        runs_report(runs);
        return;
    }
    if let Ok(which) = std::env::var("POPBILL_BENCH_PROFILE") {
        if which == "memory" {
            profile_in_memory();
        } else {
            profile_only(&which);
        }
        return;
    }
    benches();
    if std::env::args().all(|a| a != "--list") {
        interleaved_report();
    }
    Criterion::default().configure_from_args().final_summary();
}

//! End to end: an invoice issued with the `popbill` client on the embedded sandbox, filed
//! with the NTS; the sandbox POSTs its webhooks (with HTTP Basic auth, and with the duplicate
//! fault on, so every webhook arrives twice) to a `popbill-webhook` receiver on a SQLite store;
//! a consumer claims and handles them. The Issue and the NTS 304 events are each stored once
//! and handled once.
#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use popbill::model::codes::MgtKeyType;
use popbill::model::taxinvoice::Taxinvoice;
use popbill::model::webhook::WebhookItem;
use popbill::model::{CorpNum, MgtKey};
use popbill::{Config, Popbill};
use popbill_sandbox::{
    DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, NtsDelay, Sandbox, SandboxHandle, WebhookAuth,
};
use popbill_webhook::store::ListFilter;
use popbill_webhook::{
    Auth, Consumer, ConsumerConfig, Receiver, ReceiverConfig, SqliteOptions, SqliteStore, Store,
    StoredEvent,
};

fn client(sb: &SandboxHandle) -> Popbill {
    let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
        .test(true)
        .auth_url(sb.base_url())
        .api_url(sb.base_url())
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    Popbill::new(config)
}

fn invoice(pb: &Popbill, key: &str) -> Taxinvoice {
    // The README's sample invoice, issued today by the sandbox member.
    let mut inv: Taxinvoice =
        serde_json::from_str(include_str!("../../examples/invoice.json")).unwrap();
    let today = pb.now_kst().date();
    for line in inv.detail_list.iter_mut().flatten() {
        line.purchase_dt = Some(today.to_string());
    }
    inv.set_write_date_ymd(today)
        .set_invoicer_corp_num("1234567890")
        .set_invoicer_mgt_key(key)
}

/// What the handler saw of one event: event type, stateCode, mgtKey, NTS confirm number.
type Handled = (String, Option<i64>, Option<String>, Option<String>);

/// Serves the receiver on a free loopback port; returns its webhook URL.
async fn serve(receiver: Receiver) -> String {
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/popbill/webhook", tcp.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = tcp.accept().await {
            let receiver = receiver.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: hyper::Request<Incoming>| {
                    let receiver = receiver.clone();
                    async move { Ok::<_, Infallible>(receiver.handle(req).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issued_and_filed_invoice_reaches_the_consumer_once_per_event() {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "popbill-webhook-e2e-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(dir.join("events.db"), SqliteOptions::default()).unwrap());
    let receiver = Receiver::new(
        store.clone(),
        ReceiverConfig {
            auth: Auth::basic("popbill", "e2e-secret"),
            ..ReceiverConfig::default()
        },
    );
    let url = serve(receiver).await;

    let sb = Sandbox::builder()
        .webhook(url.as_str())
        .webhook_auth(WebhookAuth::Basic {
            user: "popbill".into(),
            password: "e2e-secret".into(),
        })
        .webhook_retry_interval(Duration::from_millis(100))
        .webhook_duplicate_rate(1.0)
        .nts_delay(NtsDelay::Never)
        .filing_step(Duration::from_millis(1))
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let seller = CorpNum::parse_unchecked("1234567890").unwrap();
    let mgt = MgtKey::parse("E2E-WEBHOOK-1").unwrap();
    ti.regist_issue(&seller, invoice(&pb, "E2E-WEBHOOK-1"))
        .await
        .unwrap();
    ti.send_to_nts(&seller, MgtKeyType::Sell, &mgt)
        .await
        .unwrap();
    sb.clock().advance(Duration::from_secs(5));
    sb.tick();
    let info = ti.get_info(&seller, MgtKeyType::Sell, &mgt).await.unwrap();
    assert_eq!(
        sb.document("1234567890", "SELL", "E2E-WEBHOOK-1")
            .unwrap()
            .state_code,
        304
    );

    // Issue, NTS 301, NTS 304: each delivered (acknowledged by the receiver) and then sent
    // once more by the duplicate fault.
    for _ in 0..400 {
        let s = sb.webhook_stats();
        if s.delivered == 3 && s.duplicates == 3 && s.pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let sent = sb.webhook_stats();
    assert_eq!(
        (sent.events, sent.delivered, sent.duplicates, sent.failed),
        (3, 3, 3, 0),
        "{sent:?}"
    );
    // The duplicate is the last transmission of each webhook: give the receiver a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let stored = store.list(ListFilter::default()).await.unwrap();
    let summary: Vec<(String, String, Option<i64>)> = stored
        .iter()
        .map(|e| {
            let state = e.body_json()["stateCode"].as_i64();
            (e.webhook_type.clone(), e.event_type.clone(), state)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("TAXINVOICE.STATE".into(), "Issue".into(), Some(300)),
            ("TAXINVOICE.STATE".into(), "NTS".into(), Some(301)),
            ("TAXINVOICE.STATE".into(), "NTS".into(), Some(304)),
        ],
        "every event stored exactly once although each arrived twice"
    );
    assert!(stored.iter().all(|e| e.corp_num == "1234567890"));

    // The consumer handles each event once.
    let handled: Arc<Mutex<Vec<Handled>>> = Arc::default();
    let sink = handled.clone();
    let handler = move |event: StoredEvent| {
        let sink = sink.clone();
        async move {
            let typed = event.parse();
            for item in &typed.items {
                if let WebhookItem::TaxinvoiceState(s) = item {
                    sink.lock().unwrap().push((
                        typed.event_type.as_str().into_owned(),
                        s.state_code,
                        s.mgt_key.clone(),
                        s.nts_confirm_num.clone(),
                    ));
                }
            }
            Ok::<(), String>(())
        }
    };
    let consumer = Consumer::new(store.clone(), ConsumerConfig::default());
    let report = consumer.run_once(&handler).await.unwrap();
    assert_eq!((report.claimed, report.acked), (3, 3));
    assert_eq!(consumer.run_once(&handler).await.unwrap().claimed, 0);
    let handled = handled.lock().unwrap().clone();
    let nts = info.nts_confirm_num.clone();
    assert_eq!(
        handled,
        [
            (
                "Issue".into(),
                Some(300),
                Some(mgt.to_string()),
                nts.clone()
            ),
            ("NTS".into(), Some(301), Some(mgt.to_string()), nts.clone()),
            ("NTS".into(), Some(304), Some(mgt.to_string()), nts),
        ]
    );
    let stats = store.stats().await.unwrap();
    assert_eq!((stats.events, stats.done, stats.pending), (3, 3, 0));

    sb.shutdown().await;
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

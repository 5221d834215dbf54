//! An axum app that receives POPBiLL webhooks, stores them durably (SQLite), and prints e-Tax
//! invoice state changes from a consumer.
//!
//! ```text
//! cargo run -p popbill-webhook --example webhook_receiver -- --sandbox    # real events from an embedded sandbox
//! cargo run -p popbill-webhook --example webhook_receiver                 # demo: posts a few events to itself
//! cargo run -p popbill-webhook --example webhook_receiver -- --serve 127.0.0.1:8080
//! ```
//!
//! With `--sandbox` it starts a `popbill-sandbox` in-process that sends its webhooks here
//! (every one twice, by the sandbox's duplicate fault), issues and files an e-Tax invoice with
//! the `popbill` client, prints what the consumer handles (each event once) and exits.
//! With `--serve` it keeps listening (point POPBiLL, or a sandbox started with `--webhook`, at
//! `http://ADDR/popbill/webhook`) until Ctrl-C. Without either, it posts a few documented
//! events to itself — including a redelivered one, which is acknowledged but handled only once
//! — prints what the consumer sees, and exits.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use popbill_model::webhook::WebhookItem;
use popbill_webhook::{
    Consumer, ConsumerConfig, Receiver, ReceiverConfig, SqliteOptions, SqliteStore, Store,
    StoredEvent,
};

/// Prints one stored event the way an application would react to it.
async fn on_event(event: StoredEvent) -> Result<(), String> {
    let typed = event.parse();
    for item in &typed.items {
        match item {
            WebhookItem::TaxinvoiceState(s) => println!(
                "invoice {} ({}): {} -> state {} at {}",
                s.mgt_key.as_deref().unwrap_or("?"),
                s.item_key.as_deref().unwrap_or("?"),
                typed.event_type.as_str(),
                s.state_code.map_or("?".into(), |c| c.to_string()),
                s.event_dt.as_deref().unwrap_or("?"),
            ),
            WebhookItem::HtTaxinvoice(t) => println!(
                "HomeTax crawl: invoice {} from {} total {}",
                t.invoice.nts_confirm_num, t.invoice.invoicer_corp_name, t.invoice.total_amount
            ),
            other => println!("{} event: {other:?}", typed.webhook_type),
        }
    }
    Ok(())
}

const DEMO: &[(&str, &str, &str, &str)] = &[
    (
        "demo-0001",
        "TAXINVOICE.STATE",
        "Issue",
        r#"{"eventType":"Issue","eventDT":"20250301093000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-2025-0001","stateCode":300}"#,
    ),
    (
        "demo-0002",
        "TAXINVOICE.STATE",
        "NTS",
        r#"{"eventType":"NTS","eventDT":"20250302100000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-2025-0001","stateCode":304,"ntsConfirmNum":"202503014100000000000001","ntssendErrCode":"SUC001"}"#,
    ),
    // POPBiLL retried: same MID, acknowledged again, stored once.
    (
        "demo-0002",
        "TAXINVOICE.STATE",
        "NTS",
        r#"{"eventType":"NTS","eventDT":"20250302100000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-2025-0001","stateCode":304}"#,
    ),
    (
        "demo-0003",
        "TAXINVOICE.STATE",
        "CancelIssue",
        r#"{"eventType":"CancelIssue","eventDT":"20250303110000","corpNum":"1234567890","itemKey":"025030109300000001","mgtKey":"INV-2025-0001","stateCode":600}"#,
    ),
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().collect();
    let serve_at = args
        .iter()
        .position(|a| a == "--serve")
        .and_then(|i| args.get(i + 1))
        .map(|a| a.parse::<SocketAddr>())
        .transpose()?;

    let db =
        std::env::temp_dir().join(format!("popbill-webhook-example-{}.db", std::process::id()));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&db, SqliteOptions::default())?);
    let receiver = Receiver::new(store.clone(), ReceiverConfig::default());
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|| async { "popbill webhook receiver" }),
        )
        .nest_service("/popbill/webhook", receiver.service());

    let listener =
        tokio::net::TcpListener::bind(serve_at.unwrap_or(([127, 0, 0, 1], 0).into())).await?;
    let addr = listener.local_addr()?;
    println!(
        "receiving on http://{addr}/popbill/webhook (store {})",
        db.display()
    );
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let server = tokio::spawn(async move {
        let mut rx = stop_rx.clone();
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.wait_for(|stop| *stop).await;
        })
        .await
    });
    let consumer = Consumer::new(
        store.clone(),
        ConsumerConfig {
            idle_poll: Duration::from_millis(50),
            ..ConsumerConfig::default()
        },
    );

    if args.iter().any(|a| a == "--sandbox") {
        let url = format!("http://{addr}/popbill/webhook");
        let handled = from_sandbox(&url, &consumer).await?;
        println!(
            "handled {handled} events; {} stored",
            store.stats().await?.events
        );
    } else if serve_at.is_some() {
        let mut rx = stop_tx.subscribe();
        let consumer_task = tokio::spawn(async move {
            consumer
                .run(on_event, async move {
                    let _ = rx.wait_for(|stop| *stop).await;
                })
                .await;
        });
        tokio::signal::ctrl_c().await?;
        stop_tx.send(true)?;
        consumer_task.await?;
        server.await??;
        return Ok(());
    } else {
        demo(addr, &consumer, &store).await?;
    }
    stop_tx.send(true)?;
    server.await??;
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(())
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Issues and files an invoice on an embedded sandbox that sends its webhooks to `url`, and
/// handles what arrives; returns the number of events handled.
async fn from_sandbox(url: &str, consumer: &Consumer) -> Result<usize, BoxError> {
    use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
    use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
    use popbill::model::{CorpNum, MgtKey};
    use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, NtsDelay, Sandbox};

    let sandbox = Sandbox::builder()
        .webhook(url)
        .webhook_duplicate_rate(1.0)
        .nts_delay(NtsDelay::Never)
        .filing_step(Duration::from_millis(10))
        .start()
        .await?;
    let config = popbill::Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
        .test(true)
        .auth_url(sandbox.base_url())
        .api_url(sandbox.base_url())
        .build()?;
    let pb = popbill::Popbill::new(config);
    let seller = CorpNum::parse_unchecked("1234567890")?;
    let key = MgtKey::parse("WEBHOOK-DEMO-1")?;
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_item_name("컨설팅")
                .set_qty("1".parse()?)
                .set_unit_cost("500000".parse()?),
        )
        .build()?;
    let invoice = totals.apply_to(
        Taxinvoice::new(
            IssueType::Forward,
            TaxType::Taxable,
            PurposeType::Claim,
            pb.now_kst().date().to_string(),
        )
        .set_invoicer_corp_num(seller.as_str())
        .set_invoicer_mgt_key(key.as_str())
        .set_invoicer_corp_name("공급자")
        .set_invoicer_ceo_name("김대표")
        .set_invoicee_type(InvoiceeType::Business)
        .set_invoicee_corp_num("8888888888")
        .set_invoicee_corp_name("공급받는자")
        .set_invoicee_ceo_name("박대표"),
    );
    let ti = pb.taxinvoice();
    ti.regist_issue(&seller, invoice).await?;
    ti.send_to_nts(&seller, MgtKeyType::Sell, &key).await?;
    // Filing takes a few steps on the sandbox clock: move it instead of waiting.
    sandbox.clock().advance(Duration::from_secs(1));
    sandbox.tick();
    // Issue, NTS 301, NTS 304, each sent twice.
    for _ in 0..200 {
        let sent = sandbox.webhook_stats();
        if sent.delivered >= 3 && sent.duplicates >= 3 && sent.pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = sandbox.webhook_stats();
    println!(
        "sandbox: {} webhooks, {} transmissions ({} duplicates)",
        sent.events, sent.transmissions, sent.duplicates
    );
    sandbox.shutdown().await;
    Ok(consumer.run_once(&on_event).await?.acked)
}

/// Plays POPBiLL and posts the documented examples to ourselves.
async fn demo(
    addr: SocketAddr,
    consumer: &Consumer,
    store: &Arc<dyn Store>,
) -> Result<(), BoxError> {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    for (mid, ty, event_type, body) in DEMO {
        let req = http::Request::post(format!("http://{addr}/popbill/webhook"))
            .header("Content-Type", "application/json")
            .header("Pb-Webhook-Type", *ty)
            .header("Pb-Webhook-MID", *mid)
            .header("Pb-Webhook-Corpnum", "1234567890")
            .header("Pb-Webhook-EventType", *event_type)
            .body(Full::new(Bytes::from_static(body.as_bytes())))?;
        let resp = client.request(req).await?;
        let status = resp.status();
        let answer = resp.into_body().collect().await?.to_bytes();
        println!(
            "POST {mid} {event_type}: {status} {}",
            String::from_utf8_lossy(&answer)
        );
    }
    let report = consumer.run_once(&on_event).await?;
    println!(
        "handled {} of {} stored events ({} deliveries)",
        report.acked,
        store.stats().await?.events,
        DEMO.len()
    );
    Ok(())
}

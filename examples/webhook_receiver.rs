//! An axum app that receives POPBiLL webhooks, stores them durably (SQLite), and prints e-Tax
//! invoice state changes from a consumer.
//!
//! ```text
//! cargo run -p popbill-webhook --example webhook_receiver            # demo: posts a few events to itself
//! cargo run -p popbill-webhook --example webhook_receiver -- --serve 127.0.0.1:8080
//! ```
//!
//! With `--serve` it keeps listening (point POPBiLL, or a sandbox started with `--webhook`, at
//! `http://ADDR/popbill/webhook`) until Ctrl-C. Without it, it posts a few documented events
//! to itself — including a redelivered one, which is acknowledged but handled only once —
//! prints what the consumer sees, and exits.

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

    if serve_at.is_some() {
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
    }

    // Demo: play POPBiLL and post the events to ourselves.
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
    stop_tx.send(true)?;
    server.await??;
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(())
}

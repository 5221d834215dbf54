//! The webhooks the sandbox sends (`--webhook URL`, [`crate::SandboxBuilder::webhook`]):
//! document state events ([`body`]) and HomeTax crawl pushes ([`hometax`]), POSTed to one
//! callback URL with the documented `Pb-Webhook-*` headers and retried as documented
//! ([`deliver`]).
//!
//! Document events come from [`crate::app::App::on_doc_event`]: the hook builds the webhooks
//! (the document's info JSON travels with the event, so a body shows the document as it was
//! at that change) and queues them without blocking; one task sends them in order and wakes
//! every quarter second to push HomeTax results when the sandbox clock passed the top of an
//! hour. Webhooks still queued or waiting for a retry at shutdown are dropped.

mod body;
mod deliver;
mod hometax;
mod target;

use std::sync::Arc;
use std::time::Duration;

use popbill_model::Date8;
use tokio::sync::{mpsc, watch};

use crate::app::{App, Ctx};
use deliver::{Counters, Delivery, stopped};
pub use deliver::{FailedWebhook, WEBHOOK_TRANSMISSIONS, WebhookStats};
pub use target::WebhookAuth;
pub(crate) use target::WebhookTarget;

/// Most hours of scheduled HomeTax pushes sent after a jump of the sandbox clock.
const MAX_CATCH_UP_HOURS: i64 = 24;

/// The queue into the sender, kept by [`App`].
#[derive(Debug)]
pub(crate) struct Webhooks {
    tx: mpsc::UnboundedSender<body::Outgoing>,
    counters: Arc<Counters>,
}

impl Webhooks {
    fn queue(&self, m: body::Outgoing) {
        self.counters
            .events
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        // The receiver lives until shutdown; afterwards nothing is sent anyway.
        let _ = self.tx.send(m);
    }

    /// What was sent so far.
    pub(crate) fn stats(&self) -> WebhookStats {
        self.counters.snapshot()
    }
}

/// Which HomeTax push to send on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HtPush {
    /// `HT.TAXINVOICEXML`: the ledger's tax invoices issued on the date.
    Taxinvoice,
    /// `HT.CASHBILL`: the ledger's cash receipts traded on the date.
    Cashbill,
}

/// Queues the HomeTax pushes of `corp` for `date` now; returns how many.
pub(crate) fn push_hometax(
    app: &App,
    ctx: &mut Ctx,
    corp: &str,
    kind: HtPush,
    date: Date8,
) -> usize {
    let Some(hooks) = app.webhooks.get() else {
        return 0;
    };
    let now = app.clock.now_millis();
    let out = app.with(ctx, |st, _| {
        let per_day = st.hometax.settings.docs_per_day;
        match kind {
            HtPush::Taxinvoice => {
                let start = date
                    .days_since_epoch()
                    .saturating_mul(24 * hometax::HOUR_MS)
                    - 9 * hometax::HOUR_MS;
                hometax::taxinvoices_issued(corp, per_day, start, start + 24 * hometax::HOUR_MS)
            }
            HtPush::Cashbill => hometax::cashbills_of(corp, per_day, date, now),
        }
    });
    let n = out.len();
    for m in out {
        hooks.queue(m);
    }
    n
}

/// Subscribes to document events and starts the sender; returns its task.
pub(crate) fn start(
    app: &Arc<App>,
    target: WebhookTarget,
    shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let (tx, rx) = mpsc::unbounded_channel();
    let counters = Arc::new(Counters::default());
    app.faults
        .set_webhook_duplicate_rate(app.cfg.webhook_duplicate_rate);
    let delivery = Arc::new(Delivery::new(
        target,
        app.cfg.webhook_timeout,
        app.cfg.webhook_retry_interval,
        Arc::clone(&app.faults),
        Arc::clone(&counters),
    ));
    let _ = app.webhooks.set(Webhooks {
        tx: tx.clone(),
        counters: Arc::clone(&counters),
    });
    app.with(&mut Ctx::default(), |st, _| st.capture_doc_info());
    let hook = Webhooks { tx, counters };
    app.on_doc_event(Box::new(move |e| {
        for m in body::from_doc_event(e) {
            hook.queue(m);
        }
    }));
    tokio::spawn(run(Arc::clone(app), delivery, rx, shutdown))
}

/// Sends queued webhooks in order and the hourly HomeTax pushes, until shutdown.
async fn run(
    app: Arc<App>,
    delivery: Arc<Delivery>,
    mut rx: mpsc::UnboundedReceiver<body::Outgoing>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut every = tokio::time::interval(Duration::from_millis(250));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last_hour = app.clock.now_millis().div_euclid(hometax::HOUR_MS);
    loop {
        tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => break,
            m = rx.recv() => {
                let Some(m) = m else { break };
                let mut stop = shutdown.clone();
                tokio::select! {
                    _ = delivery.send(m, &shutdown) => {}
                    _ = stopped(&mut stop) => break,
                }
            }
            _ = every.tick() => {
                let hour = app.clock.now_millis().div_euclid(hometax::HOUR_MS);
                if hour > last_hour {
                    let first = (last_hour + 1).max(hour - MAX_CATCH_UP_HOURS + 1);
                    let due = app.with(&mut Ctx::default(), |st, _| {
                        (first..=hour)
                            .flat_map(|h| hometax::scheduled(st, h * hometax::HOUR_MS))
                            .collect::<Vec<_>>()
                    });
                    if let Some(hooks) = app.webhooks.get() {
                        for m in due {
                            hooks.queue(m);
                        }
                    }
                }
                // The clock may also have been set back: follow it.
                last_hour = hour;
            }
        }
    }
}

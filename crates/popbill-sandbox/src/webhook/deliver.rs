//! Sending webhooks over plain HTTP: one POST per transmission with the documented headers;
//! success is status 200 with the body `OK` or `{"result":"OK"}`, anything else (another
//! status or body, a connection error, no answer within the timeout) is a failure. A failed
//! webhook is transmitted again after the retry interval, 4 transmissions in all, then given
//! up: logged (without credentials) and listed in the statistics.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use popbill_model::webhook::{HEADER_CORPNUM, HEADER_EVENT_TYPE, HEADER_MID, HEADER_TYPE};
use serde::Serialize;
use tokio::sync::watch;

use super::body::Outgoing;
use super::target::WebhookTarget;
use crate::faults::Faults;

/// Transmissions of one webhook in all (the first and three retries), as POPBiLL documents.
pub const WEBHOOK_TRANSMISSIONS: u32 = 4;

/// Largest acknowledgement body read.
const MAX_ANSWER: usize = 64 * 1024;

/// Failed webhooks kept for inspection.
const RECENT_FAILURES: usize = 100;

/// A webhook the sandbox gave up on after every transmission failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FailedWebhook {
    /// `Pb-Webhook-MID`.
    pub mid: String,
    /// `Pb-Webhook-Type`.
    pub webhook_type: String,
    /// `Pb-Webhook-EventType` (empty when not sent).
    pub event_type: String,
    /// `Pb-Webhook-Corpnum`.
    pub corp_num: String,
    /// Transmissions made.
    pub attempts: u32,
    /// Why the last one failed.
    pub last_error: String,
}

/// What the webhook sender has done so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebhookStats {
    /// Webhooks created (document events, HomeTax pushes).
    pub events: u64,
    /// POST requests sent: first transmissions, retries and duplicates.
    pub transmissions: u64,
    /// Webhooks acknowledged.
    pub delivered: u64,
    /// Extra transmissions of delivered webhooks made by the duplicate fault.
    pub duplicates: u64,
    /// Webhooks given up after [`WEBHOOK_TRANSMISSIONS`] failed transmissions.
    pub failed: u64,
    /// Webhooks neither delivered nor given up yet (queued or waiting for a retry).
    pub pending: u64,
    /// The most recent given-up webhooks (at most 100), oldest first.
    pub failures: Vec<FailedWebhook>,
}

/// Live counters behind [`WebhookStats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub events: AtomicU64,
    transmissions: AtomicU64,
    delivered: AtomicU64,
    duplicates: AtomicU64,
    failed: AtomicU64,
    failures: Mutex<VecDeque<FailedWebhook>>,
}

impl Counters {
    pub(crate) fn snapshot(&self) -> WebhookStats {
        let events = self.events.load(Ordering::SeqCst);
        let delivered = self.delivered.load(Ordering::SeqCst);
        let failed = self.failed.load(Ordering::SeqCst);
        WebhookStats {
            events,
            transmissions: self.transmissions.load(Ordering::SeqCst),
            delivered,
            duplicates: self.duplicates.load(Ordering::SeqCst),
            failed,
            pending: events.saturating_sub(delivered + failed),
            failures: self
                .failures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .cloned()
                .collect(),
        }
    }

    fn give_up(&self, m: &Outgoing, attempts: u32, last_error: String) {
        tracing::warn!(
            mid = %m.mid,
            webhook_type = %m.webhook_type,
            corp_num = %m.corp_num,
            attempts,
            error = %last_error,
            "webhook not delivered; giving up"
        );
        let mut list = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if list.len() == RECENT_FAILURES {
            list.pop_front();
        }
        list.push_back(FailedWebhook {
            mid: m.mid.clone(),
            webhook_type: m.webhook_type.to_string(),
            event_type: m.event_type.clone().unwrap_or_default(),
            corp_num: m.corp_num.clone(),
            attempts,
            last_error,
        });
        drop(list);
        self.failed.fetch_add(1, Ordering::SeqCst);
    }
}

/// Resolves once the sandbox is shutting down.
pub(crate) async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Sends webhooks to one target.
#[derive(Debug)]
pub(crate) struct Delivery {
    client: Client<HttpConnector, Full<Bytes>>,
    target: WebhookTarget,
    timeout: Duration,
    retry_interval: Duration,
    faults: Arc<Faults>,
    pub counters: Arc<Counters>,
}

impl Delivery {
    pub(crate) fn new(
        target: WebhookTarget,
        timeout: Duration,
        retry_interval: Duration,
        faults: Arc<Faults>,
        counters: Arc<Counters>,
    ) -> Delivery {
        Delivery {
            client: Client::builder(TokioExecutor::new()).build_http(),
            target,
            timeout,
            retry_interval,
            faults,
            counters,
        }
    }

    /// One POST; `Ok` when acknowledged.
    async fn transmit(&self, m: &Outgoing) -> Result<(), String> {
        self.counters.transmissions.fetch_add(1, Ordering::SeqCst);
        let mut req = Request::post(self.target.url.clone())
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(HEADER_TYPE, m.webhook_type.to_string())
            .header(HEADER_MID, &m.mid)
            .header(HEADER_CORPNUM, &m.corp_num);
        if let Some(et) = &m.event_type {
            req = req.header(HEADER_EVENT_TYPE, et);
        }
        if let Some((name, value)) = self.target.auth.header() {
            req = req.header(name, value);
        }
        let req = req
            .body(Full::new(m.body.clone()))
            .map_err(|_| "could not build the request".to_owned())?;
        let exchange = async {
            let resp = self
                .client
                .request(req)
                .await
                .map_err(|e| format!("no answer: {}", error_chain(&e)))?;
            let status = resp.status();
            let body = Limited::new(resp.into_body(), MAX_ANSWER)
                .collect()
                .await
                .map_err(|_| format!("answered {status} with an unreadable body"))?
                .to_bytes();
            if status != http::StatusCode::OK {
                return Err(format!("answered {status}"));
            }
            if !is_ack(&body) {
                return Err("answered 200 without OK or {\"result\":\"OK\"}".to_owned());
            }
            Ok(())
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| format!("no answer within {:?}", self.timeout))?
    }

    /// After an acknowledged transmission: the duplicate fault may send it once more.
    async fn delivered(&self, m: &Outgoing) {
        self.counters.delivered.fetch_add(1, Ordering::SeqCst);
        if self.faults.duplicate_webhook() {
            self.counters.duplicates.fetch_add(1, Ordering::SeqCst);
            let _ = self.transmit(m).await;
        }
    }

    /// The first transmission, in queue order. A failure hands the webhook to a retry task,
    /// so one unreachable moment does not hold up the webhooks behind it.
    pub(crate) async fn send(self: &Arc<Self>, m: Outgoing, shutdown: &watch::Receiver<bool>) {
        match self.transmit(&m).await {
            Ok(()) => self.delivered(&m).await,
            Err(e) => {
                tracing::debug!(mid = %m.mid, error = %e, "webhook transmission 1 failed");
                let me = Arc::clone(self);
                let mut shutdown = shutdown.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = me.retry(m, e) => {}
                        _ = stopped(&mut shutdown) => {}
                    }
                });
            }
        }
    }

    async fn retry(&self, m: Outgoing, mut last_error: String) {
        for attempt in 2..=WEBHOOK_TRANSMISSIONS {
            tokio::time::sleep(self.retry_interval).await;
            match self.transmit(&m).await {
                Ok(()) => return self.delivered(&m).await,
                Err(e) => {
                    tracing::debug!(mid = %m.mid, attempt, error = %e, "webhook transmission failed");
                    last_error = e;
                }
            }
        }
        self.counters.give_up(&m, WEBHOOK_TRANSMISSIONS, last_error);
    }
}

/// The documented acknowledgements: `OK` or `{"result":"OK"}`.
fn is_ack(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    text == "OK"
        || serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.get("result").and_then(|r| r.as_str()) == Some("OK"))
}

/// An error with its causes (hyper's top-level message alone says little).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_documented_answers_acknowledge() {
        for ok in [
            &b"OK"[..],
            b" OK\n",
            br#"{"result":"OK"}"#,
            br#"{ "result" : "OK" }"#,
        ] {
            assert!(is_ack(ok), "{}", String::from_utf8_lossy(ok));
        }
        for no in [
            &b""[..],
            b"ok",
            b"FAIL",
            br#"{"result":"FAIL"}"#,
            br#"["OK"]"#,
            b"\xff",
        ] {
            assert!(!is_ack(no), "{}", String::from_utf8_lossy(no));
        }
    }
}

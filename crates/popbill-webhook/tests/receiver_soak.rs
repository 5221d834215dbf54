//! Property soak of the receiver's request handling (headers, `Content-Length`, body limit,
//! body validation, store): arbitrary webhook headers, lengths and bodies, and real bodies
//! changed by structure-aware edits. Whatever arrives, the receiver answers one of its
//! documented outcomes, never panics, and agrees with the model's parser:
//!
//! - a declared or actual body beyond the limit: 413, nothing stored;
//! - what [`WebhookEvent::parse`] accepts: 200 `{"result":"OK"}`, stored once under its MID
//!   with the body as received (a repeated MID: 200, not stored again);
//! - anything else: 400, kept in the rejects table.
//!
//! Every test run: one short round (`POPBILL_FUZZ_CASES`, default 48 cases per property).
//! Time-bounded soak (fresh seeds round after round):
//!
//! ```text
//! POPBILL_FUZZ_MINUTES=10 cargo test -p popbill-webhook --test receiver_soak -- --ignored --nocapture
//! ```
//!
//! A failure's seed is saved in `proptest-regressions/receiver_soak.txt`; committed, it is
//! replayed first by every later run.

mod common;
#[path = "../../popbill-model/tests/json_mutation/mod.rs"]
mod json_mutation;

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use json_mutation::{config, edits, mutate, named, value};
use popbill_model::webhook::{
    ACK_BODY, HEADER_CORPNUM, HEADER_EVENT_TYPE, HEADER_MID, HEADER_TYPE, WebhookEvent,
};
use popbill_webhook::{
    ListFilter, Outcome, Receiver, ReceiverConfig, SqliteOptions, SqliteStore, Store, Synchronous,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::json;

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/receiver_soak.txt"
);

/// The body limit of the soak's receiver: small, so the 413 paths are reached.
const MAX_BODY: usize = 600;

/// Header names: the webhook headers in any case, `Content-Length`, or another name.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (
            prop::sample::select(vec![HEADER_TYPE, HEADER_MID, HEADER_CORPNUM, HEADER_EVENT_TYPE]),
            any::<bool>()
        )
            .prop_map(|(n, upper)| if upper {
                n.to_ascii_uppercase()
            } else {
                n.to_owned()
            }),
        1 => Just("Content-Length".to_owned()),
        1 => "[a-z-]{1,12}",
    ]
}

/// Header values: known families, numbers, text, blanks, or any bytes (those HTTP cannot
/// carry are left out of the request).
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "TAXINVOICE.STATE",
            "CASHBILL.STATE",
            "HT.CASHBILL",
            "X.Y"
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        (0u64..2_000).prop_map(|n| n.to_string().into_bytes()),
        "[ -~가-힣]{0,24}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..24),
    ]
}

/// Bodies: any bytes (some beyond the limit), any JSON, or a real body mutated.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let real = json!({"eventType": "Issue", "eventDT": "20250301093000",
        "corpNum": "1234567890", "itemKey": "025030109300000001", "mgtKey": "INV-1",
        "stateCode": 300});
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..(MAX_BODY + 200)),
        value().prop_map(|v| serde_json::to_vec(&v).expect("json")),
        (edits(3), 0usize..3).prop_map(move |(e, copies)| {
            let v = mutate(&real, &e);
            let v = if copies == 0 {
                v
            } else {
                json!(vec![v; copies])
            };
            serde_json::to_vec(&v).expect("json")
        }),
    ]
}

fn request(headers: &[(String, Vec<u8>)], body: &[u8]) -> Request<Full<Bytes>> {
    let mut req = Request::post("/")
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("request");
    for (n, v) in headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(n.as_bytes()),
            HeaderValue::from_bytes(v),
        ) {
            req.headers_mut().append(n, v);
        }
    }
    req
}

/// What one request must come to, given what the receiver saw.
fn expected(req: &Request<Full<Bytes>>, body: &[u8]) -> StatusCode {
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) || body.len() > MAX_BODY {
        return StatusCode::PAYLOAD_TOO_LARGE;
    }
    let pairs = req
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_bytes()));
    match WebhookEvent::parse(pairs, body) {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

struct Round {
    dir: std::path::PathBuf,
    rt: tokio::runtime::Runtime,
    receiver: Receiver,
    store: Arc<dyn Store>,
    stored: RefCell<HashSet<String>>,
    rejects: RefCell<u64>,
}

impl Round {
    fn new() -> Round {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = common::temp_dir("receiver-soak");
        let options = SqliteOptions {
            synchronous: Synchronous::Normal,
            ..SqliteOptions::default()
        };
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(dir.join("events.db"), options).expect("store"));
        let config = ReceiverConfig {
            max_body_bytes: MAX_BODY,
            ..ReceiverConfig::default()
        };
        Round {
            dir,
            rt,
            receiver: Receiver::new(store.clone(), config),
            store,
            stored: RefCell::new(HashSet::new()),
            rejects: RefCell::new(0),
        }
    }

    fn one(&self, headers: &[(String, Vec<u8>)], body: &[u8]) -> Result<(), TestCaseError> {
        let req = request(headers, body);
        let want = expected(&req, body);
        let mid = req
            .headers()
            .get_all(HEADER_MID)
            .iter()
            .filter_map(|v| std::str::from_utf8(v.as_bytes()).ok())
            .map(str::trim)
            .find(|v| !v.is_empty())
            .map(str::to_owned);
        let (status, answer, outcome) = self.rt.block_on(async {
            let (resp, outcome) = self.receiver.handle_with_outcome(req).await;
            let status = resp.status();
            let answer = resp.into_body().collect().await.expect("body").to_bytes();
            (status, answer, outcome)
        });
        prop_assert_eq!(status, want, "{:?}", outcome);
        match status {
            StatusCode::OK => {
                prop_assert_eq!(&answer[..], ACK_BODY.as_bytes());
                let mid = mid.unwrap_or_default();
                let new = self.stored.borrow_mut().insert(mid.clone());
                let want_outcome = if new {
                    Outcome::Stored
                } else {
                    Outcome::Duplicate
                };
                prop_assert_eq!(outcome, want_outcome);
                if new {
                    let filter = ListFilter {
                        mid: Some(mid.clone()),
                        ..ListFilter::default()
                    };
                    let found = self.rt.block_on(self.store.list(filter)).expect("list");
                    prop_assert_eq!(found.len(), 1, "{}", mid);
                    prop_assert_eq!(found[0].body.as_bytes(), body);
                }
            }
            StatusCode::BAD_REQUEST => {
                prop_assert_eq!(outcome, Outcome::Refused(StatusCode::BAD_REQUEST));
                *self.rejects.borrow_mut() += 1;
            }
            other => prop_assert_eq!(outcome, Outcome::Refused(other)),
        }
        let stats = self.rt.block_on(self.store.stats()).expect("stats");
        prop_assert_eq!(stats.events, self.stored.borrow().len() as u64);
        prop_assert_eq!(stats.rejects, *self.rejects.borrow());
        Ok(())
    }
}

impl Drop for Round {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One round of the property with `default` cases (or `POPBILL_FUZZ_CASES`).
fn round(default: u32) -> Result<(), String> {
    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "arbitrary webhook requests",
        runner.run(
            &(
                prop::collection::vec((header_name(), header_value()), 0..8),
                body(),
            ),
            |(headers, body)| {
                // A fresh store per case: the expected counts are the case's own.
                Round::new().one(&headers, &body)
            },
        ),
    )?;
    // Many requests into one store: MIDs repeat, stores and rejects accumulate.
    let round = Round::new();
    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "a stream of requests into one store",
        runner.run(
            &(
                prop::sample::select(vec!["M-1", "M-2", "M-3", " M-1 "]),
                body(),
            ),
            |(mid, body)| {
                let headers = vec![
                    (HEADER_TYPE.to_owned(), b"TAXINVOICE.STATE".to_vec()),
                    (HEADER_MID.to_owned(), mid.as_bytes().to_vec()),
                ];
                round.one(&headers, &body)
            },
        ),
    )
}

json_mutation::soak_tests!(round, 48, 1_000);

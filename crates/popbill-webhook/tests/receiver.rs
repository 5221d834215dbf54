//! The receiver through its tower service: auth, size limits, malformed bodies, dedupe.

mod common;

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use common::{ISSUE_BODY, temp_dir, webhook};
use http::{Request, StatusCode};
use http_body::Frame;
use http_body_util::{BodyExt, Full};
use popbill_webhook::{
    Auth, IpAllowList, ListFilter, Outcome, PeerAddr, Receiver, ReceiverConfig, SqliteOptions,
    SqliteStore, Store,
};

fn receiver(config: ReceiverConfig) -> (Receiver, Arc<dyn Store>) {
    let dir = temp_dir("receiver");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(dir.join("events.db"), SqliteOptions::default()).expect("store"),
    );
    (Receiver::new(store.clone(), config), store)
}

async fn answer<B>(r: &Receiver, req: Request<B>) -> (StatusCode, String, Outcome)
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (resp, outcome) = r.handle_with_outcome(req).await;
    let status = resp.status();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), outcome)
}

/// A body of `chunks` chunks of `size` bytes that counts how many chunks were pulled.
struct CountingBody {
    left: usize,
    size: usize,
    pulled: Arc<AtomicUsize>,
}

impl http_body::Body for CountingBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        self.pulled.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; self.size])))))
    }
}

fn counting(chunks: usize, size: usize) -> (CountingBody, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    (
        CountingBody {
            left: chunks,
            size,
            pulled: pulled.clone(),
        },
        pulled,
    )
}

#[tokio::test]
async fn stores_and_acknowledges_with_the_documented_body() {
    let (r, store) = receiver(ReceiverConfig::default());
    let (status, body, outcome) = answer(&r, webhook("mid-1", ISSUE_BODY)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"result":"OK"}"#);
    assert_eq!(outcome, Outcome::Stored);
    let rows = store.list(ListFilter::default()).await.expect("list");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].mid, "mid-1");
    assert_eq!(rows[0].webhook_type, "TAXINVOICE.STATE");
    assert_eq!(rows[0].event_type, "Issue");
    assert_eq!(rows[0].corp_num, "1234567890");
    assert_eq!(rows[0].body, ISSUE_BODY);
    let typed = rows[0].parse();
    assert_eq!(typed.mid, "mid-1");
}

#[tokio::test]
async fn api_key_missing_wrong_right() {
    let (r, store) = receiver(ReceiverConfig {
        auth: Auth::api_key("TESTAPIKEY"),
        ..ReceiverConfig::default()
    });
    let (s, _, _) = answer(&r, webhook("a", ISSUE_BODY)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let mut wrong = webhook("a", ISSUE_BODY);
    wrong
        .headers_mut()
        .insert("x-api-key", "TESTAPIKEX".parse().expect("h"));
    assert_eq!(answer(&r, wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(store.stats().await.expect("stats").events, 0);
    let mut right = webhook("a", ISSUE_BODY);
    right
        .headers_mut()
        .insert("X-API-KEY", "TESTAPIKEY".parse().expect("h"));
    assert_eq!(answer(&r, right).await.0, StatusCode::OK);
    assert_eq!(store.stats().await.expect("stats").events, 1);
}

#[tokio::test]
async fn basic_auth_missing_wrong_right() {
    let (r, _) = receiver(ReceiverConfig {
        auth: Auth::parse("basic:TEST:123").expect("spec"),
        ..ReceiverConfig::default()
    });
    assert_eq!(
        answer(&r, webhook("b", ISSUE_BODY)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let mut wrong = webhook("b", ISSUE_BODY);
    wrong
        .headers_mut()
        .insert("authorization", "Basic VEVTVDoxMjQ=".parse().expect("h"));
    assert_eq!(answer(&r, wrong).await.0, StatusCode::UNAUTHORIZED);
    let mut right = webhook("b", ISSUE_BODY);
    right
        .headers_mut()
        .insert("authorization", "Basic VEVTVDoxMjM=".parse().expect("h"));
    assert_eq!(answer(&r, right).await.0, StatusCode::OK);
}

#[tokio::test]
async fn bad_auth_is_refused_before_any_body_byte_is_read() {
    let (r, _) = receiver(ReceiverConfig {
        auth: Auth::api_key("K"),
        ..ReceiverConfig::default()
    });
    let (body, pulled) = counting(10, 100);
    let mut req = Request::post("/").body(body).expect("req");
    *req.headers_mut() = webhook("c", "").headers().clone();
    assert_eq!(answer(&r, req).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(pulled.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn oversized_bodies_are_refused_without_reading_past_the_limit() {
    let (r, store) = receiver(ReceiverConfig {
        max_body_bytes: 1000,
        ..ReceiverConfig::default()
    });
    // Declared too large: refused on the header alone.
    let (body, pulled) = counting(100, 100);
    let mut req = Request::post("/").body(body).expect("req");
    *req.headers_mut() = webhook("d", "").headers().clone();
    req.headers_mut()
        .insert("content-length", "10000".parse().expect("h"));
    assert_eq!(answer(&r, req).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(pulled.load(Ordering::SeqCst), 0);
    // Undeclared (chunked): reading stops at the first chunk past the limit.
    let (body, pulled) = counting(100, 100);
    let mut req = Request::post("/").body(body).expect("req");
    *req.headers_mut() = webhook("d", "").headers().clone();
    req.headers_mut().remove("content-length");
    assert_eq!(answer(&r, req).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let n = pulled.load(Ordering::SeqCst);
    assert!(
        n <= 11,
        "read {n} chunks of 100 bytes for a 1000-byte limit"
    );
    assert_eq!(store.stats().await.expect("stats").events, 0);
}

#[tokio::test]
async fn malformed_and_non_utf8_bodies_are_400_and_kept_as_rejects() {
    let (r, store) = receiver(ReceiverConfig::default());
    let (s, _, o) = answer(&r, webhook("e1", "{\"eventType\":")).await;
    assert_eq!(
        (s, o),
        (
            StatusCode::BAD_REQUEST,
            Outcome::Refused(StatusCode::BAD_REQUEST)
        )
    );
    let mut bad = webhook("e2", "");
    *bad.body_mut() = Full::new(Bytes::from_static(b"{\"a\":\"\xff\xfe\"}"));
    assert_eq!(answer(&r, bad).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer(&r, webhook("e3", "42")).await.0,
        StatusCode::BAD_REQUEST
    );
    let mut no_mid = webhook("x", ISSUE_BODY);
    no_mid.headers_mut().remove("pb-webhook-mid");
    assert_eq!(answer(&r, no_mid).await.0, StatusCode::BAD_REQUEST);
    let rejects = store.rejects(10).await.expect("rejects");
    assert_eq!(rejects.len(), 4);
    assert!(
        rejects[0].reason.contains("Pb-Webhook-MID"),
        "{:?}",
        rejects[0]
    );
    assert!(rejects[1].reason.contains("object"), "{:?}", rejects[1]);
    assert!(rejects[2].reason.contains("UTF-8"), "{:?}", rejects[2]);
    assert_eq!(rejects[2].mid, "e2");
    assert!(rejects[3].reason.contains("JSON"), "{:?}", rejects[3]);
    assert_eq!(rejects[3].body, "{\"eventType\":");
    let stats = store.stats().await.expect("stats");
    assert_eq!((stats.events, stats.rejects), (0, 4));
}

#[tokio::test]
async fn only_post_is_accepted() {
    let (r, _) = receiver(ReceiverConfig::default());
    let req = Request::get("/")
        .body(Full::new(Bytes::new()))
        .expect("req");
    assert_eq!(answer(&r, req).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn ip_allow_list_uses_the_peer_address() {
    let (r, _) = receiver(ReceiverConfig {
        allow: Some(IpAllowList::popbill()),
        ..ReceiverConfig::default()
    });
    // No peer information at all: fail closed.
    assert_eq!(
        answer(&r, webhook("f", ISSUE_BODY)).await.0,
        StatusCode::FORBIDDEN
    );
    let mut other = webhook("f", ISSUE_BODY);
    other
        .extensions_mut()
        .insert(PeerAddr("203.0.113.1:5000".parse().expect("addr")));
    other
        .headers_mut()
        .insert("x-forwarded-for", "54.180.62.221".parse().expect("h"));
    assert_eq!(answer(&r, other).await.0, StatusCode::FORBIDDEN);
    let mut popbill = webhook("f", ISSUE_BODY);
    popbill
        .extensions_mut()
        .insert(PeerAddr("54.180.62.221:5000".parse().expect("addr")));
    assert_eq!(answer(&r, popbill).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_mid_50_times_concurrently_is_stored_once() {
    let (r, store) = receiver(ReceiverConfig::default());
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let r = r.clone();
        tasks.push(tokio::spawn(async move {
            r.handle_with_outcome(webhook("same-mid", ISSUE_BODY))
                .await
                .1
        }));
    }
    let mut stored = 0;
    let mut duplicates = 0;
    for t in tasks {
        match t.await.expect("task") {
            Outcome::Stored => stored += 1,
            Outcome::Duplicate => duplicates += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((stored, duplicates), (1, 49));
    let rows = store.list(ListFilter::default()).await.expect("list");
    assert_eq!(rows.len(), 1);
}

#[tokio::test]
async fn works_as_an_axum_router_and_tower_service() {
    use tower::ServiceExt;
    let (r, store) = receiver(ReceiverConfig::default());
    let app = axum::Router::new().nest_service("/popbill/webhook", r.service());
    let mut req = webhook("g", ISSUE_BODY);
    *req.uri_mut() = "/popbill/webhook".parse().expect("uri");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = r
        .router()
        .oneshot(webhook("h", ISSUE_BODY))
        .await
        .expect("infallible");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(store.stats().await.expect("stats").events, 2);
}

#[tokio::test]
async fn a_failing_store_answers_503() {
    // A store whose writer is gone: the request must not be acknowledged.
    struct Broken;
    #[async_trait::async_trait]
    impl Store for Broken {
        async fn insert(
            &self,
            _: popbill_webhook::NewEvent,
        ) -> Result<popbill_webhook::Inserted, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn reject(
            &self,
            _: popbill_webhook::Reject,
        ) -> Result<(), popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn claim(
            &self,
            _: u32,
            _: i64,
            _: i64,
        ) -> Result<Vec<popbill_webhook::Claimed>, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn ack(&self, _: i64, _: i64) -> Result<bool, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn release(
            &self,
            _: i64,
            _: i64,
            _: &str,
            _: popbill_webhook::Release,
        ) -> Result<bool, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn replay(
            &self,
            _: popbill_webhook::Replay,
        ) -> Result<u64, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn list(
            &self,
            _: ListFilter,
        ) -> Result<Vec<popbill_webhook::StoredEvent>, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn rejects(
            &self,
            _: u32,
        ) -> Result<Vec<popbill_webhook::Reject>, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
        async fn stats(&self) -> Result<popbill_webhook::Stats, popbill_webhook::StoreError> {
            Err(popbill_webhook::StoreError::Closed)
        }
    }
    let r = Receiver::new(Arc::new(Broken), ReceiverConfig::default());
    let (s, body, o) = answer(&r, webhook("i", ISSUE_BODY)).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_ne!(body, r#"{"result":"OK"}"#);
    assert_eq!(o, Outcome::StoreFailed);
}

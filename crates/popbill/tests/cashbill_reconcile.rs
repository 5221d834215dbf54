//! Cash receipts are never issued twice: after an ambiguous failure of `registIssue` or
//! `revokeRegistIssue` (reset, timeout or 5xx after sending, a dropped answer after the
//! commit), the client reconciles by document number with getInfo. A stateful fake POPBiLL
//! counts the receipts it actually issued; every scenario asserts exactly one.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use popbill::cashbill::IssuePath;
use popbill::model::cashbill::{Cashbill, RevokeRequest};
use popbill::model::codes::{CancelType, TaxationType, TradeUsage};
use popbill::{Error, HttpRequest, HttpResponse, Popbill, TransportError};
use support::*;

const CONFIRM: &str = "TB0000009";

/// What goes wrong with the first issuing request.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Issued, then the connection is reset before the answer.
    ResetAfterCommit,
    /// Issued, then the answer takes longer than the attempt timeout.
    TimeoutAfterCommit,
    /// Issued, then a proxy answers 502.
    Status502AfterCommit,
    /// Issued, then the 200 answer is cut off.
    DroppedAfterCommit,
    /// Reset before POPBiLL saw anything.
    ResetBeforeCommit,
    /// Reset; the request lands only after the first getInfo.
    LandsLate,
}

#[derive(Debug, Default)]
struct Server {
    /// `stateCode` by document number.
    docs: Mutex<HashMap<String, i64>>,
    fault: Mutex<Option<Fault>>,
    late: Mutex<Option<String>>,
    issued: AtomicUsize,
    issue_requests: AtomicUsize,
    lookups: AtomicUsize,
}

impl Server {
    fn new(fault: Option<Fault>) -> Arc<Self> {
        let s = Server::default();
        // The filed original a cancel receipt refers to.
        s.docs.lock().unwrap().insert("CB-ORIG-1".into(), 304);
        *s.fault.lock().unwrap() = fault;
        Arc::new(s)
    }

    /// Issues `key` (300); a used number is refused as POPBiLL does.
    fn commit(&self, key: &str) -> HttpResponse {
        let mut docs = self.docs.lock().unwrap();
        if docs.contains_key(key) {
            return json(
                400,
                r#"{"code":-14001019,"message":"이미 사용중인 문서번호"}"#,
            );
        }
        docs.insert(key.to_owned(), 300);
        self.issued.fetch_add(1, Ordering::SeqCst);
        json(
            200,
            &format!(
                r#"{{"code":1,"message":"발행 완료","confirmNum":"{CONFIRM}","tradeDate":"20250101"}}"#
            ),
        )
    }
}

#[async_trait::async_trait]
impl FakeServer for Server {
    async fn answer(&self, req: HttpRequest, t: String) -> Result<HttpResponse, TransportError> {
        let s = self;
        if req.method.as_str() == "GET" {
            let key = t.strip_prefix("/Cashbill/").unwrap().to_owned();
            s.lookups.fetch_add(1, Ordering::SeqCst);
            if let Some(late) = s.late.lock().unwrap().take() {
                s.commit(&late);
            }
            return Ok(match s.docs.lock().unwrap().get(&key) {
                None => json(400, r#"{"code":-14000003,"message":"문서번호 없음"}"#),
                Some(code) => json(
                    200,
                    &format!(
                        r#"{{"itemKey":"025010113000000009","mgtKey":"{key}","stateCode":{code},"confirmNum":"{CONFIRM}"}}"#
                    ),
                ),
            });
        }
        assert_eq!(t, "/Cashbill");
        let verb = req.header("x-http-method-override").unwrap_or("");
        assert!(matches!(verb, "ISSUE" | "REVOKEISSUE"), "{verb}");
        s.issue_requests.fetch_add(1, Ordering::SeqCst);
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        let key = body["mgtKey"].as_str().unwrap().to_owned();
        let fault = s.fault.lock().unwrap().take();
        match fault {
            None => Ok(s.commit(&key)),
            Some(Fault::ResetAfterCommit) => {
                s.commit(&key);
                Err(reset_after_send())
            }
            Some(Fault::TimeoutAfterCommit) => {
                s.commit(&key);
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(json(200, r#"{"code":1,"message":"late"}"#))
            }
            Some(Fault::Status502AfterCommit) => {
                s.commit(&key);
                Ok(HttpResponse::new(502, "<html>502 Bad Gateway</html>"))
            }
            Some(Fault::DroppedAfterCommit) => {
                s.commit(&key);
                Ok(json(200, r#"{"code":1,"mess"#))
            }
            Some(Fault::ResetBeforeCommit) => Err(reset_after_send()),
            Some(Fault::LandsLate) => {
                *s.late.lock().unwrap() = Some(key);
                Err(reset_after_send())
            }
        }
    }
}

fn popbill(server: &Arc<Server>) -> Popbill {
    fake_client(server)
}

fn receipt(key: &str) -> Cashbill {
    Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key(key)
        .set_trade_dt("20250101090000")
        .set_identity_num("01012341234")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num("1234567890")
}

fn revocation(key: &str) -> RevokeRequest {
    RevokeRequest::new(key, CONFIRM, "20250101")
        .set_cancel_type(CancelType::TradeCancelled)
        .set_partial_amounts(4_000, 400, 0)
}

/// `(issued, issuing requests, lookups)`.
fn counts(server: &Server) -> (usize, usize, usize) {
    (
        server.issued.load(Ordering::SeqCst),
        server.issue_requests.load(Ordering::SeqCst),
        server.lookups.load(Ordering::SeqCst),
    )
}

/// Runs registIssue (`revoke` false) or revokeRegistIssue on a fresh server.
async fn issue(fault: Option<Fault>, revoke: bool) -> (Arc<Server>, popbill::Result<IssuePath>) {
    let server = Server::new(fault);
    let cb = popbill(&server);
    let out = if revoke {
        cb.cashbill()
            .revoke_regist_issue(&corp(), revocation("CB-REV-1"))
            .reconcile_delay(Duration::ZERO)
            .await
    } else {
        cb.cashbill()
            .regist_issue(&corp(), receipt("CB-NEW-1"))
            .reconcile_delay(Duration::ZERO)
            .await
    };
    let path = out.map(|o| {
        assert_eq!(o.nts_confirm_num(), Some(CONFIRM));
        o.path
    });
    (server, path)
}

#[tokio::test(start_paused = true)]
async fn ambiguous_failures_after_the_commit_give_exactly_one_receipt() {
    for revoke in [false, true] {
        for fault in [
            Fault::ResetAfterCommit,
            Fault::TimeoutAfterCommit,
            Fault::Status502AfterCommit,
            Fault::DroppedAfterCommit,
        ] {
            let (server, path) = issue(Some(fault), revoke).await;
            let path = path.unwrap_or_else(|e| panic!("{fault:?} revoke={revoke}: {e}"));
            assert_eq!(path, IssuePath::Reconciled, "{fault:?} revoke={revoke}");
            // One receipt, one issuing request, one getInfo.
            assert_eq!(counts(&server), (1, 1, 1), "{fault:?} revoke={revoke}");
        }
    }
}

#[tokio::test]
async fn nothing_arrived_so_it_is_resent_once() {
    for revoke in [false, true] {
        let (server, path) = issue(Some(Fault::ResetBeforeCommit), revoke).await;
        assert_eq!(path.unwrap(), IssuePath::Resent);
        assert_eq!(counts(&server), (1, 2, 1), "revoke={revoke}");
    }
}

#[tokio::test]
async fn a_request_landing_late_is_counted_once() {
    let (server, path) = issue(Some(Fault::LandsLate), false).await;
    // getInfo sees it landed: reconciled without a resend.
    assert_eq!(path.unwrap(), IssuePath::Reconciled);
    assert_eq!(counts(&server), (1, 1, 1));
}

#[tokio::test]
async fn the_normal_case_sends_one_request_and_no_lookup() {
    for revoke in [false, true] {
        let (server, path) = issue(None, revoke).await;
        assert_eq!(path.unwrap(), IssuePath::Sent);
        assert_eq!(counts(&server), (1, 1, 0));
    }
}

#[tokio::test(start_paused = true)]
async fn no_reconcile_returns_the_ambiguous_error() {
    let server = Server::new(Some(Fault::TimeoutAfterCommit));
    let e = popbill(&server)
        .cashbill()
        .regist_issue(&corp(), receipt("CB-NEW-1"))
        .no_reconcile()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert_eq!(counts(&server), (1, 1, 0));
}

#[tokio::test]
async fn an_invalid_receipt_is_never_sent() {
    let server = Server::new(None);
    let bad = receipt("CB-NEW-1").set_total_amount(99);
    let call = popbill(&server).cashbill().regist_issue(&corp(), bad);
    let dry = call.dry_run().unwrap_err();
    match call.await.unwrap_err() {
        Error::Validation(v) => assert_eq!(v, dry),
        other => panic!("{other:?}"),
    }
    assert_eq!(counts(&server), (0, 0, 0));
}

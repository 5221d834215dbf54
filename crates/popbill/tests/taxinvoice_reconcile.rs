//! Issuance that never happens twice: after an ambiguous failure of `registIssue` / `issue`
//! (reset after send, timeout after send, 5xx, truncated 200), the client reconciles by
//! document number with getInfo. A stateful fake POPBiLL counts the issuances it actually
//! performed; every scenario asserts exactly one.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use popbill::model::codes::MgtKeyType;
use popbill::taxinvoice::IssuePath;
use popbill::{Error, HttpRequest, HttpResponse, Popbill, TransportError};
use support::*;

const KEY: &str = "PY-TI-R001";
const CONFIRM: &str = "20250101410000000000a1b2";

/// What goes wrong with the first issuing request.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Issued, then the connection is reset before the answer.
    ResetAfterIssuing,
    /// Issued, then the answer takes longer than the attempt timeout.
    SlowAfterIssuing,
    /// Issued, then a proxy answers 502 with an HTML page.
    Html502AfterIssuing,
    /// Issued, then 500 with a JSON error body.
    Json500AfterIssuing,
    /// Issued, then a truncated 200 answer.
    Truncated200AfterIssuing,
    /// Reset before POPBiLL saw anything.
    ResetBeforeProcessing,
    /// Registered as a draft, not issued, then 503 (registIssue only).
    RegisteredThen503,
    /// Reset; the request lands only after the first getInfo (it was still in flight).
    LandsLate,
    /// A definitive refusal.
    Refused,
}

#[derive(Debug)]
struct Server {
    /// `stateCode` of the document, `None` when it does not exist.
    state: Mutex<Option<i64>>,
    fault: Mutex<Option<Fault>>,
    /// A request that will land before the next issuing request is processed.
    in_flight: Mutex<bool>,
    /// Issuances POPBiLL performed.
    issued: AtomicUsize,
    /// Issuing requests received (registIssue and issue).
    issue_requests: AtomicUsize,
    /// getInfo requests received.
    lookups: AtomicUsize,
}

impl Server {
    fn new(state: Option<i64>, fault: Option<Fault>) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Server {
            state: Mutex::new(state),
            fault: Mutex::new(fault),
            in_flight: Mutex::new(false),
            issued: AtomicUsize::new(0),
            issue_requests: AtomicUsize::new(0),
            lookups: AtomicUsize::new(0),
        })
    }

    fn issue_now(&self, registering: bool) -> Result<(), Box<HttpResponse>> {
        let mut state = self.state.lock().unwrap();
        match (*state, registering) {
            (None, true) | (Some(100 | 200), false) => {
                *state = Some(300);
                self.issued.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
            (Some(_), true) => Err(Box::new(json(
                400,
                r#"{"code":-11000010,"message":"이미 사용중인 문서번호"}"#,
            ))),
            (None, false) => Err(Box::new(json(
                400,
                r#"{"code":-11000005,"message":"문서번호 없음"}"#,
            ))),
            (Some(_), false) => Err(Box::new(json(
                400,
                r#"{"code":-11000001,"message":"발행할 수 없는 상태"}"#,
            ))),
        }
    }

    fn land_in_flight(&self) {
        let mut pending = self.in_flight.lock().unwrap();
        if *pending {
            *pending = false;
            let _ = self.issue_now(true);
        }
    }
}

fn issued_answer() -> HttpResponse {
    json(
        200,
        &format!(r#"{{"code":1,"message":"발행 완료","ntsConfirmNum":"{CONFIRM}"}}"#),
    )
}

#[async_trait::async_trait]
impl FakeServer for Server {
    async fn answer(&self, req: HttpRequest, t: String) -> Result<HttpResponse, TransportError> {
        let s = self;
        let issuing = req.header("x-http-method-override") == Some("ISSUE");
        if !issuing {
            assert_eq!(
                req.method.as_str(),
                "GET",
                "only getInfo besides issuing: {t}"
            );
            s.lookups.fetch_add(1, Ordering::SeqCst);
            return Ok(match *s.state.lock().unwrap() {
                None => json(
                    400,
                    r#"{"code":-11000005,"message":"해당 문서번호가 없습니다."}"#,
                ),
                Some(code) => json(
                    200,
                    &format!(
                        r#"{{"itemKey":"025010112000000001","stateCode":{code},"ntsconfirmNum":"{CONFIRM}","invoicerMgtKey":"{KEY}"}}"#
                    ),
                ),
            });
        }
        s.issue_requests.fetch_add(1, Ordering::SeqCst);
        let registering = t == "/Taxinvoice";
        s.land_in_flight();
        let fault = s.fault.lock().unwrap().take();
        match fault {
            None => Ok(match s.issue_now(registering) {
                Ok(()) => issued_answer(),
                Err(refusal) => *refusal,
            }),
            Some(Fault::ResetAfterIssuing) => {
                s.issue_now(registering).unwrap();
                Err(reset_after_send())
            }
            Some(Fault::SlowAfterIssuing) => {
                s.issue_now(registering).unwrap();
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(issued_answer())
            }
            Some(Fault::Html502AfterIssuing) => {
                s.issue_now(registering).unwrap();
                Ok(HttpResponse::new(
                    502,
                    "<html><title>502 Bad Gateway</title></html>",
                ))
            }
            Some(Fault::Json500AfterIssuing) => {
                s.issue_now(registering).unwrap();
                Ok(json(
                    500,
                    r#"{"code":-99999999,"message":"internal error"}"#,
                ))
            }
            Some(Fault::Truncated200AfterIssuing) => {
                s.issue_now(registering).unwrap();
                Ok(json(200, r#"{"code":1,"message":"발행"#))
            }
            Some(Fault::ResetBeforeProcessing) => Err(reset_after_send()),
            Some(Fault::RegisteredThen503) => {
                *s.state.lock().unwrap() = Some(100);
                Ok(json(503, r#"{"code":-99999999,"message":"unavailable"}"#))
            }
            Some(Fault::LandsLate) => {
                *s.in_flight.lock().unwrap() = true;
                Err(reset_after_send())
            }
            Some(Fault::Refused) => {
                Ok(json(400, r#"{"code":-11001001,"message":"작성일자 누락"}"#))
            }
        }
    }
}

fn popbill(server: &std::sync::Arc<Server>) -> Popbill {
    fake_client(server)
}

async fn regist_issue(
    server: &std::sync::Arc<Server>,
) -> popbill::Result<popbill::taxinvoice::IssueOutcome> {
    popbill(server)
        .taxinvoice()
        .regist_issue(&corp(), golden_invoice(KEY))
        .reconcile_delay(Duration::ZERO)
        .await
}

fn counts(server: &Server) -> (usize, usize, usize) {
    (
        server.issued.load(Ordering::SeqCst),
        server.issue_requests.load(Ordering::SeqCst),
        server.lookups.load(Ordering::SeqCst),
    )
}

#[tokio::test(start_paused = true)]
async fn ambiguous_failures_after_issuing_are_reconciled_without_a_second_request() {
    for fault in [
        Fault::ResetAfterIssuing,
        Fault::SlowAfterIssuing,
        Fault::Html502AfterIssuing,
        Fault::Json500AfterIssuing,
        Fault::Truncated200AfterIssuing,
    ] {
        let server = Server::new(None, Some(fault));
        let out = regist_issue(&server)
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(out.path, IssuePath::Reconciled, "{fault:?}");
        assert!(out.is_reconciled());
        assert_eq!(out.response.code, 1);
        assert_eq!(out.nts_confirm_num(), Some(CONFIRM), "{fault:?}");
        assert!(out.recovered_from.is_some());
        // One issuance performed, one issuing request sent, one getInfo.
        assert_eq!(counts(&server), (1, 1, 1), "{fault:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_timeout_after_send_is_an_attempt_timeout_then_reconciled() {
    let server = Server::new(None, Some(Fault::SlowAfterIssuing));
    let e = popbill(&server)
        .taxinvoice()
        .regist_issue(&corp(), golden_invoice(KEY))
        .no_reconcile()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert_eq!(
        counts(&server),
        (1, 1, 0),
        "no_reconcile: no lookup, no resend"
    );
}

#[tokio::test]
async fn nothing_arrived_so_it_is_resent_once() {
    let server = Server::new(None, Some(Fault::ResetBeforeProcessing));
    let out = regist_issue(&server).await.unwrap();
    assert_eq!(out.path, IssuePath::Resent);
    assert_eq!(out.nts_confirm_num(), Some(CONFIRM));
    assert_eq!(counts(&server), (1, 2, 1));
}

#[tokio::test]
async fn a_registered_draft_is_issued_not_registered_again() {
    let server = Server::new(None, Some(Fault::RegisteredThen503));
    let out = regist_issue(&server).await.unwrap();
    assert_eq!(out.path, IssuePath::IssuedDraft);
    assert_eq!(
        out.info
            .as_ref()
            .and_then(|i| i.state_code.as_ref())
            .and_then(|s| s.code()),
        Some(100)
    );
    // registIssue (registered only) + issue on the draft: one issuance.
    assert_eq!(counts(&server), (1, 2, 1));
}

#[tokio::test]
async fn a_request_landing_late_is_still_counted_once() {
    let server = Server::new(None, Some(Fault::LandsLate));
    let out = regist_issue(&server).await.unwrap();
    // getInfo: not found -> resend -> refused as a duplicate (the first landed) -> getInfo: issued.
    assert_eq!(out.path, IssuePath::Reconciled);
    assert_eq!(counts(&server), (1, 2, 2));
}

#[tokio::test]
async fn definitive_refusals_are_not_reconciled() {
    let server = Server::new(None, Some(Fault::Refused));
    let e = regist_issue(&server).await.unwrap_err();
    assert_eq!(e.api_code(), Some(popbill::ErrorCode(-11001001)));
    assert_eq!(counts(&server), (0, 1, 0));
}

#[tokio::test]
async fn an_unknown_outcome_that_stays_unknown_is_an_error() {
    // The document exists in a state that says nothing about this request (cancelled).
    let server = Server::new(Some(600), Some(Fault::ResetBeforeProcessing));
    let e = regist_issue(&server).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert_eq!(counts(&server), (0, 1, 1));
}

#[tokio::test(start_paused = true)]
async fn issue_on_a_draft_is_reconciled_too() {
    for (fault, path, expected) in [
        (Fault::ResetAfterIssuing, IssuePath::Reconciled, (1, 1, 1)),
        (Fault::SlowAfterIssuing, IssuePath::Reconciled, (1, 1, 1)),
        (Fault::Html502AfterIssuing, IssuePath::Reconciled, (1, 1, 1)),
        (Fault::ResetBeforeProcessing, IssuePath::Resent, (1, 2, 1)),
    ] {
        let server = Server::new(Some(100), Some(fault));
        let out = popbill(&server)
            .taxinvoice()
            .issue(&corp(), MgtKeyType::Sell, &key(KEY))
            .memo("발행")
            .reconcile_delay(Duration::ZERO)
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(out.path, path, "{fault:?}");
        assert_eq!(counts(&server), expected, "{fault:?}");
    }
}

#[tokio::test]
async fn issue_on_a_missing_document_keeps_the_original_error() {
    let server = Server::new(None, Some(Fault::ResetBeforeProcessing));
    let e = popbill(&server)
        .taxinvoice()
        .issue(&corp(), MgtKeyType::Sell, &key(KEY))
        .reconcile_delay(Duration::ZERO)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert_eq!(counts(&server), (0, 1, 1));
}

#[tokio::test]
async fn the_normal_case_sends_one_request_and_no_lookup() {
    let server = Server::new(None, None);
    let out = regist_issue(&server).await.unwrap();
    assert_eq!(out.path, IssuePath::Sent);
    assert_eq!(out.response.message, "발행 완료");
    assert_eq!(counts(&server), (1, 1, 0));
}

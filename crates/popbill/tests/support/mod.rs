//! The helpers the service tests share (Taxinvoice, Cashbill), on top of `common`: a client on
//! a frozen clock, a fake POPBiLL answering in memory, the stateful fake of the reconciliation
//! tests, a client of an in-process sandbox, the golden invoice fixture, and request
//! inspection.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

#[allow(unused_imports)] // each test binary uses a different part
pub use common::golden::{Part, boundary, parse_multipart};
#[allow(unused_imports)]
pub use common::{BASE, KEY, T0, corp, golden, json, target};

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use popbill::model::codes::{InvoiceeType, IssueType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Blankable, Taxinvoice, TaxinvoiceAddContact, TaxinvoiceDetail};
use popbill::model::{Decimal, MgtKey};
use popbill::transport::TransportErrorKind;
use popbill::transport::test_util::CaptureClient;
use popbill::{
    Config, ConfigBuilder, HttpClient, HttpRequest, HttpResponse, Popbill, RetryPolicy, TimeSource,
    TransportError,
};

/// A clock stopped at a given Unix time.
#[derive(Debug)]
pub struct FixedClock(pub i64);

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0 as u64)
    }
}

/// Test bed, both hosts on [`BASE`], clock at [`T0`], fast retries.
pub fn config(http: impl HttpClient) -> ConfigBuilder {
    Config::builder("TESTER", KEY)
        .test(true)
        .auth_url(BASE)
        .api_url(BASE)
        .time_source(FixedClock(T0))
        .token_refresh_jitter(Duration::ZERO)
        .retry_policy(
            RetryPolicy::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
        .http_client(http)
}

pub fn client(http: impl HttpClient) -> Popbill {
    Popbill::new(config(http).build().unwrap())
}

pub fn key(s: &str) -> MgtKey {
    MgtKey::parse(s).unwrap()
}

pub fn is_token(req: &HttpRequest) -> bool {
    target(req).ends_with("/Token")
}

/// The API requests (token requests left out).
pub fn api_requests(http: &CaptureClient) -> Vec<HttpRequest> {
    http.requests()
        .into_iter()
        .filter(|r| !is_token(r))
        .collect()
}

pub fn token_answer() -> HttpResponse {
    json(
        200,
        r#"{"session_token":"tok","serviceID":"POPBILL_TEST","expiration":"2099-01-01T00:00:00.000Z","scope":["member","110"]}"#,
    )
}

/// An answer every Taxinvoice operation can decode: arrays for the list operations, an
/// object with every small field for the rest.
pub fn default_answer(req: &HttpRequest) -> HttpResponse {
    let t = target(req);
    let list = t.ends_with("/Logs")
        || t.ends_with("/Files")
        || t.ends_with("/EmailSendConfig")
        || t.ends_with("/EmailPublicKeys")
        || (req.method == popbill::transport::Method::Post
            && ["/Taxinvoice/SELL", "/Taxinvoice/BUY", "/Taxinvoice/TRUSTEE"]
                .contains(&t.as_str()));
    if list {
        return json(200, "[]");
    }
    json(
        200,
        r#"{"code":1,"message":"OK","url":"https://popbill.example/x","unitCost":"11.5",
            "certificateExpiration":"20301231235959","sendToNTS":true,
            "itemKey":"025010112000000001","receiptID":"R-1","ntsConfirmNum":"20250101410000000000a1b2"}"#,
    )
}

/// A fake POPBiLL: token requests get [`token_answer`], the rest `answer(req)`.
pub fn fake(
    answer: impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static,
) -> CaptureClient {
    CaptureClient::scripted(move |_, req| {
        if is_token(req) {
            Ok(token_answer())
        } else {
            Ok(answer(req))
        }
    })
}

/// The invoice of the golden capture (`TaxinvoiceService.registIssue`, 정발행) with
/// document number `mgt_key`.
pub fn golden_invoice(mgt_key: &str) -> Taxinvoice {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let mut inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Receipt,
        "20250101",
    )
    .set_invoicer_corp_num("1234567890")
    .set_invoicer_corp_name("공급자 상호")
    .set_invoicer_mgt_key(mgt_key)
    .set_invoicer_ceo_name("공급자 대표자 성명")
    .set_invoicer_addr("공급자 주소")
    .set_invoicer_biz_class("공급자 종목")
    .set_invoicer_biz_type("공급자 업태")
    .set_invoicer_contact_name("공급자 담당자명")
    .set_invoicer_email("invoicer@test.com")
    .set_invoicer_tel("070-4304-2991")
    .set_invoicer_hp("010-1111-2222")
    .set_invoicer_sms_send_yn(false)
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("공급받는자 상호_#$@<>&_Python")
    .set_invoicee_ceo_name("공급받는자 대표자 성명")
    .set_invoicee_addr("공급받는자 주소")
    .set_invoicee_biz_class("공급받는자 종목")
    .set_invoicee_biz_type("공급받는자 업태")
    .set_invoicee_contact_name1("공급받는자 담당자")
    .set_invoicee_email1("invoicee@test.com")
    .set_invoicee_tel1("070-111-2222")
    .set_invoicee_hp1("010-2222-1111")
    .set_invoicee_sms_send_yn(false)
    .set_supply_cost_total(100_000)
    .set_tax_total(10_000)
    .set_total_amount(110_000)
    .set_serial_num("123")
    .set_remark1("비고1")
    .set_remark2("비고2")
    .set_remark3("")
    .set_kwon(1)
    .set_ho(2)
    .set_business_license_yn(false)
    .set_bank_book_yn(false)
    .add_detail(
        TaxinvoiceDetail::new(1)
            .set_purchase_dt("20250101")
            .set_item_name("품목1")
            .set_spec("규격")
            .set_qty(d("1"))
            .set_unit_cost(d("50000"))
            .set_supply_cost(50_000)
            .set_tax(5_000)
            .set_remark("품목비고"),
    )
    .add_detail(
        TaxinvoiceDetail::new(2)
            .set_purchase_dt("20250101")
            .set_item_name("품목2")
            .set_spec("규격")
            .set_qty(d("2"))
            .set_unit_cost(d("25000"))
            .set_supply_cost(50_000)
            .set_tax(5_000),
    )
    .add_contact(TaxinvoiceAddContact::new(
        1,
        "추가담당자 성명",
        "test1@test.com",
    ));
    inv.cash = Some(Blankable::Blank);
    inv.credit = Some(Blankable::Blank);
    inv
}

/// The reverse-issuance (역발행) invoice of the golden capture: the member is the buyer.
pub fn golden_reverse_invoice(invoicee_key: &str) -> Taxinvoice {
    let mut inv = golden_invoice("")
        .set_issue_type(IssueType::Reverse)
        .set_invoicer_corp_num("8888888888")
        .set_invoicee_corp_num("1234567890")
        .set_invoicee_mgt_key(invoicee_key);
    inv.invoicer_mgt_key = Some(String::new());
    inv
}

pub fn shared<T>(v: T) -> Arc<std::sync::Mutex<T>> {
    Arc::new(std::sync::Mutex::new(v))
}

/// A stateful fake POPBiLL of the reconciliation tests: it sees every API request (token
/// requests are answered before) and decides what goes wrong.
#[async_trait::async_trait]
pub trait FakeServer: std::fmt::Debug + Send + Sync + 'static {
    /// The answer to `req`, whose path and query is `target`.
    async fn answer(
        &self,
        req: HttpRequest,
        target: String,
    ) -> Result<HttpResponse, TransportError>;
}

/// A transport that answers token requests with [`token_answer`] and hands the rest to a
/// [`FakeServer`].
#[derive(Debug)]
pub struct Fake<S>(pub Arc<S>);

#[async_trait::async_trait]
impl<S: FakeServer> HttpClient for Fake<S> {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if is_token(&req) {
            return Ok(token_answer());
        }
        let t = target(&req);
        self.0.answer(req, t).await
    }
}

/// A client on `server` ([`config`], attempts time out after 5 s).
pub fn fake_client<S: FakeServer>(server: &Arc<S>) -> Popbill {
    Popbill::new(
        config(Fake(Arc::clone(server)))
            .attempt_timeout(Duration::from_secs(5))
            .build()
            .unwrap(),
    )
}

/// The connection reset after the request was sent (an ambiguous failure).
pub fn reset_after_send() -> TransportError {
    TransportError::new(TransportErrorKind::Io, "connection reset by peer").with_request_sent(true)
}

/// A client of an in-process sandbox: its Linkhub and POPBiLL, the sandbox's default
/// credentials, attempts timing out after 5 s.
pub fn sandbox_client(sb: &popbill_sandbox::SandboxHandle) -> Popbill {
    let config = Config::builder(
        popbill_sandbox::DEFAULT_LINK_ID,
        popbill_sandbox::DEFAULT_SECRET_KEY,
    )
    .test(true)
    .auth_url(sb.base_url())
    .api_url(sb.base_url())
    .attempt_timeout(Duration::from_secs(5))
    .build()
    .unwrap();
    Popbill::new(config)
}

/// The bulk result `poll` waits for (every 10 ms at first, for at most 20 s), after checking
/// that every one of the `n` documents was issued.
pub async fn all_issued<I>(
    poll: popbill::Poll<popbill::model::document::BulkResult<I>>,
    n: usize,
    is_success: fn(&I) -> bool,
) -> popbill::model::document::BulkResult<I>
where
    I: Send + 'static,
{
    let result = poll
        .initial_interval(Duration::from_millis(10))
        .deadline(Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(result.issue_result.len(), n);
    assert!(result.issue_result.iter().all(is_success));
    result
}

//! The webhooks the sandbox sends, received by a tiny local HTTP listener: the documented
//! headers, authentication and bodies for e-Tax invoice (Issue, NTS 301/304, CancelIssue),
//! cash receipt (Issue, NTS) and HomeTax pushes (on demand and on the hour of the sandbox
//! clock); 4 transmissions of a webhook that is not acknowledged; the duplicate fault.
#![allow(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use popbill::model::cashbill::Cashbill;
use popbill::model::codes::{MgtKeyType, TaxationType, TradeUsage};
use popbill::model::hometax::DeptUserForm;
use popbill::model::taxinvoice::Taxinvoice;
use popbill::model::webhook::{WebhookEvent, WebhookItem, WebhookType};
use popbill::model::{CorpNum, MgtKey};
use popbill::{Config, Popbill};
use popbill_sandbox::{
    DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, NtsDelay, Sandbox, SandboxBuilder, SandboxHandle,
    WEBHOOK_TRANSMISSIONS, WebhookAuth,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One POST the listener received.
#[derive(Clone, Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn event(&self) -> WebhookEvent {
        WebhookEvent::parse(
            self.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes())),
            &self.body,
        )
        .unwrap()
    }

    fn mid(&self) -> String {
        self.header("Pb-Webhook-MID").unwrap().to_owned()
    }
}

/// A receiver that records every request and answers the scripted statuses first, then 200
/// `{"result":"OK"}`.
#[derive(Clone, Default)]
struct Listener {
    got: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<u16>>>,
    always: Option<u16>,
}

impl Listener {
    async fn start(script: &[u16], always: Option<u16>) -> (Listener, String) {
        let me = Listener {
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            always,
            ..Listener::default()
        };
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/popbill/webhook", tcp.local_addr().unwrap());
        let l = me.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = tcp.accept().await else {
                    return;
                };
                let l = l.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req: Request<Incoming>| {
                        let l = l.clone();
                        async move { Ok::<_, Infallible>(l.answer(req).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        (me, url)
    }

    async fn answer(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let headers = req
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = req.into_body().collect().await.unwrap().to_bytes().to_vec();
        self.got.lock().unwrap().push(Received { headers, body });
        let status = self
            .always
            .or_else(|| self.script.lock().unwrap().pop_front())
            .unwrap_or(200);
        let body = if status == 200 {
            r#"{"result":"OK"}"#
        } else {
            "busy"
        };
        Response::builder()
            .status(status)
            .body(Full::new(Bytes::from_static(body.as_bytes())))
            .unwrap()
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn clear(&self) {
        self.got.lock().unwrap().clear();
    }

    /// Waits until at least `n` requests arrived (at most 20 s).
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            if self.got().len() >= n {
                return self.got();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} webhooks, got {:?}", self.got());
    }
}

/// Waits until the sender has nothing queued or waiting for a retry.
async fn settled(sb: &SandboxHandle) {
    for _ in 0..400 {
        if sb.webhook_stats().pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("webhooks still pending: {:?}", sb.webhook_stats());
}

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

fn seller() -> CorpNum {
    CorpNum::parse_unchecked("1234567890").unwrap()
}

fn invoice(pb: &Popbill, key: &str) -> Taxinvoice {
    // The README's sample invoice, issued today by the sandbox member.
    let mut inv: Taxinvoice =
        serde_json::from_str(include_str!("../../../examples/invoice.json")).unwrap();
    let today = pb.now_kst().date();
    for line in inv.detail_list.iter_mut().flatten() {
        line.purchase_dt = Some(today.to_string());
    }
    inv.set_write_date_ymd(today)
        .set_invoicer_corp_num("1234567890")
        .set_invoicer_mgt_key(key)
}

fn builder(url: &str) -> SandboxBuilder {
    Sandbox::builder()
        .webhook(url)
        .nts_delay(NtsDelay::Never)
        .filing_step(Duration::from_millis(1))
        .webhook_retry_interval(Duration::from_millis(50))
}

/// A raw HTTP/1.1 request to the sandbox's control routes; returns the JSON answer.
async fn control(sb: &SandboxHandle, method: &str, path: &str, body: &str) -> Value {
    let mut s = tokio::net::TcpStream::connect(sb.addr()).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"), "{method} {path}: {text}");
    serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

#[tokio::test]
async fn taxinvoice_issue_filing_and_cancel_arrive_with_basic_auth() {
    let (rx, url) = Listener::start(&[], None).await;
    let sb = builder(&url)
        .webhook_auth(WebhookAuth::parse("basic:TEST:123").unwrap())
        .start()
        .await
        .unwrap();
    assert!(!format!("{:?}", sb.config()).contains("123\""));
    let pb = client(&sb);
    let ti = pb.taxinvoice();
    let c = seller();
    ti.regist_issue(&c, invoice(&pb, "WH-TI-1")).await.unwrap();
    let mgt = MgtKey::parse("WH-TI-1").unwrap();
    ti.send_to_nts(&c, MgtKeyType::Sell, &mgt).await.unwrap();
    sb.clock().advance(Duration::from_secs(5));
    sb.tick();
    let doc = sb.document("1234567890", "SELL", "WH-TI-1").unwrap();
    assert_eq!(doc.state_code, 304);

    let got = rx.wait_for(3).await;
    settled(&sb).await;
    let got_now = rx.got();
    assert_eq!(
        got_now.len(),
        3,
        "Issue, NTS 301, NTS 304 only: {got_now:?}"
    );
    let kinds: Vec<(String, i64)> = got
        .iter()
        .map(|r| {
            (
                r.header("Pb-Webhook-EventType").unwrap().to_owned(),
                r.json()["stateCode"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Issue".into(), 300),
            ("NTS".into(), 301),
            ("NTS".into(), 304)
        ]
    );
    for r in &got {
        assert_eq!(r.header("Pb-Webhook-Type"), Some("TAXINVOICE.STATE"));
        assert_eq!(r.header("Pb-Webhook-Corpnum"), Some("1234567890"));
        assert_eq!(r.header("Content-Type"), Some("application/json"));
        // The documented example: TEST:123.
        assert_eq!(r.header("Authorization"), Some("Basic VEVTVDoxMjM="));
        assert_eq!(r.header("X-Api-Key"), None);
        let e = r.event();
        assert_eq!(e.webhook_type, WebhookType::TaxinvoiceState);
        let WebhookItem::TaxinvoiceState(s) = &e.items[0] else {
            panic!("{e:?}")
        };
        assert_eq!(s.item_key.as_deref(), Some(doc.item_key.as_str()));
        assert_eq!(s.mgt_key.as_deref(), Some("WH-TI-1"));
        assert_eq!(s.corp_num.as_deref(), Some("1234567890"));
        assert_eq!(s.nts_confirm_num, doc.nts_confirm_num);
        assert_eq!(s.event_dt.as_ref().map(String::len), Some(14));
    }
    let mut mids: Vec<String> = got.iter().map(Received::mid).collect();
    mids.sort();
    mids.dedup();
    assert_eq!(mids.len(), 3, "one MID per event");
    let filed = got[2].json();
    assert_eq!(filed["ntssendErrCode"], "SUC001");
    assert!(filed["ntsresultDT"].is_string());

    // Cancelling an issued invoice: CancelIssue with 600.
    rx.clear();
    ti.regist_issue(&c, invoice(&pb, "WH-TI-2")).await.unwrap();
    ti.cancel_issue(&c, MgtKeyType::Sell, &MgtKey::parse("WH-TI-2").unwrap())
        .await
        .unwrap();
    let got = rx.wait_for(2).await;
    assert_eq!(got[0].header("Pb-Webhook-EventType"), Some("Issue"));
    assert_eq!(got[1].header("Pb-Webhook-EventType"), Some("CancelIssue"));
    assert_eq!(got[1].json()["stateCode"], 600);
    assert_eq!(got[1].json()["mgtKey"], "WH-TI-2");

    settled(&sb).await;
    let stats = sb.webhook_stats();
    assert_eq!((stats.events, stats.delivered, stats.failed), (5, 5, 0));
    sb.shutdown().await;
}

#[tokio::test]
async fn cashbill_issue_and_filing_arrive_with_an_api_key() {
    let (rx, url) = Listener::start(&[], None).await;
    let sb = Sandbox::builder()
        .webhook(url.as_str())
        .webhook_auth_spec("api-key:TESTAPIKEY")
        .nts_delay(NtsDelay::After(Duration::from_secs(60)))
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let receipt = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key("WH-CB-1")
        .set_trade_dt(pb.now_kst().to_string())
        .set_identity_num_normalized("010-1234-5678")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num("1234567890")
        .set_franchise_corp_name("가맹점")
        .set_franchise_ceo_name("대표")
        .set_item_name("상품")
        .set_smssend_yn(false);
    pb.cashbill()
        .regist_issue(&seller(), receipt)
        .await
        .unwrap();
    sb.clock().advance(Duration::from_secs(120));
    sb.tick();
    let got = rx.wait_for(2).await;
    settled(&sb).await;
    assert_eq!(rx.got().len(), 2);
    let mut confirm = None;
    for (r, (et, state)) in got.iter().zip([("Issue", 300), ("NTS", 304)]) {
        assert_eq!(r.header("Pb-Webhook-Type"), Some("CASHBILL.STATE"));
        assert_eq!(r.header("Pb-Webhook-EventType"), Some(et));
        assert_eq!(r.header("X-Api-Key"), Some("TESTAPIKEY"));
        assert_eq!(r.header("Authorization"), None);
        let e = r.event();
        let WebhookItem::CashbillState(s) = &e.items[0] else {
            panic!("{e:?}")
        };
        assert_eq!(s.state_code, Some(state));
        assert_eq!(s.mgt_key.as_deref(), Some("WH-CB-1"));
        assert_eq!(s.franchise_corp_num.as_deref(), Some("1234567890"));
        assert_eq!(s.trade_date.as_ref().map(String::len), Some(8));
        assert!(s.confirm_num.is_some());
        assert!(confirm.is_none() || confirm == s.confirm_num);
        confirm.clone_from(&s.confirm_num);
    }
    assert_eq!(got[1].json()["ntsresultCode"], "0000");
    sb.shutdown().await;
}

#[tokio::test]
async fn hometax_pushes_on_demand_and_on_the_hour() {
    let (rx, url) = Listener::start(&[], None).await;
    let sb = builder(&url).start().await.unwrap();
    let pb = client(&sb);
    // Scheduled pushes need a department user that logs in; registered while the sandbox
    // clock still agrees with the client's (requests are signed with the time).
    pb.hometax_taxinvoice()
        .regist_dept_user(&seller(), DeptUserForm::new("dept01", "pw"))
        .await
        .unwrap();

    let queued = control(
        &sb,
        "POST",
        "/__control/webhooks/hometax",
        r#"{"corpNum":"1234567890","date":"20250301"}"#,
    )
    .await;
    let n = queued["queued"].as_u64().unwrap() as usize;
    assert!(n > 0, "{queued}");
    let got = rx.wait_for(n).await;
    settled(&sb).await;
    assert_eq!(rx.got().len(), n);
    let mut issued = Vec::new();
    for r in &got {
        assert_eq!(r.header("Pb-Webhook-Type"), Some("HT.TAXINVOICEXML"));
        assert_eq!(r.header("Pb-Webhook-EventType"), None);
        assert_eq!(r.header("Pb-Webhook-Corpnum"), Some("1234567890"));
        let e = r.event();
        let WebhookItem::HtTaxinvoice(t) = &e.items[0] else {
            panic!("{e:?}")
        };
        assert!(t.invoice.issue_dt.starts_with("20250301"), "{t:?}");
        assert_eq!(t.invoice.nts_confirm_num.len(), 24);
        assert_eq!(t.send_date.len(), 8);
        issued.push(t.invoice.issue_dt.clone());
    }

    // Cash receipts on demand.
    rx.clear();
    let queued = control(
        &sb,
        "POST",
        "/__control/webhooks/hometax",
        r#"{"corpNum":"1234567890","kind":"cashbill","date":"20250301"}"#,
    )
    .await;
    let m = queued["queued"].as_u64().unwrap() as usize;
    for r in rx.wait_for(m).await {
        assert_eq!(r.header("Pb-Webhook-Type"), Some("HT.CASHBILL"));
        assert!(matches!(r.event().items[0], WebhookItem::HtCashbill(_)));
    }

    // On the hour: the invoices issued during the hour that just ended. Pick an hour of
    // 2025-03-01 (KST) that has some, put the sandbox clock just before its end, then cross it.
    let hour = issued[0][8..10].parse::<i64>().unwrap();
    let expected = issued
        .iter()
        .filter(|d| d[8..10] == issued[0][8..10])
        .count();
    // 2025-03-01 00:00 KST.
    let day_start = 1_740_754_800;
    let hour_end = day_start + (hour + 1) * 3600;
    settled(&sb).await;
    sb.clock().set_unix(hour_end - 5);
    tokio::time::sleep(Duration::from_millis(600)).await;
    settled(&sb).await;
    rx.clear();
    sb.clock().advance(Duration::from_secs(10));
    let got = rx.wait_for(expected).await;
    settled(&sb).await;
    assert_eq!(rx.got().len(), expected, "{:?}", rx.got());
    for r in &got {
        let v = r.json();
        let dt = v["issueDT"].as_str().unwrap();
        assert_eq!(&dt[..10], &issued[0][..10], "issued during that hour");
    }
    sb.shutdown().await;
}

/// A Taxinvoice Issue event is the only webhook of a registIssue without filing.
async fn issue_one(sb: &SandboxHandle, key: &str) {
    let pb = client(sb);
    pb.taxinvoice()
        .regist_issue(&seller(), invoice(&pb, key))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unacknowledged_webhook_is_sent_four_times_in_all() {
    // 500 three times, then 200: delivered on the fourth transmission.
    let (rx, url) = Listener::start(&[500, 500, 500], None).await;
    let sb = builder(&url).start().await.unwrap();
    issue_one(&sb, "WH-RETRY-1").await;
    let got = rx.wait_for(4).await;
    settled(&sb).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got_all = rx.got();
    assert_eq!(got_all.len(), 4, "{got_all:?}");
    assert!(
        got.iter()
            .all(|r| r.mid() == got[0].mid() && r.body == got[0].body)
    );
    let stats = sb.webhook_stats();
    assert_eq!(
        (stats.transmissions, stats.delivered, stats.failed),
        (4, 1, 0)
    );
    sb.shutdown().await;

    // Always 500: exactly 4 transmissions, then given up and listed.
    let (rx, url) = Listener::start(&[], Some(500)).await;
    let sb = builder(&url)
        .webhook_auth_spec("basic:USER:s3cret-pass")
        .start()
        .await
        .unwrap();
    issue_one(&sb, "WH-RETRY-2").await;
    rx.wait_for(WEBHOOK_TRANSMISSIONS as usize).await;
    settled(&sb).await;
    // Several more intervals: nothing else is sent.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let got = rx.got();
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got.iter().all(|r| r.mid() == got[0].mid()));
    let stats = sb.webhook_stats();
    assert_eq!((stats.delivered, stats.failed, stats.pending), (0, 1, 0));
    assert_eq!(stats.failures.len(), 1);
    assert_eq!(stats.failures[0].mid, got[0].mid());
    assert_eq!(stats.failures[0].attempts, 4);
    assert_eq!(
        stats.failures[0].last_error,
        "answered 500 Internal Server Error"
    );
    let over_http = control(&sb, "GET", "/__control/webhooks", "").await;
    assert_eq!(over_http["failed"], 1);
    assert_eq!(over_http["configured"], true);
    assert!(!over_http.to_string().contains("s3cret"));
    sb.shutdown().await;
}

#[tokio::test]
async fn the_duplicate_fault_repeats_mids() {
    let (rx, url) = Listener::start(&[], None).await;
    let sb = builder(&url)
        .webhook_duplicate_rate(1.0)
        .start()
        .await
        .unwrap();
    issue_one(&sb, "WH-DUP-1").await;
    issue_one(&sb, "WH-DUP-2").await;
    let got = rx.wait_for(4).await;
    settled(&sb).await;
    let mids: Vec<String> = got.iter().map(Received::mid).collect();
    assert_eq!(mids.len(), 4, "{mids:?}");
    assert_eq!(mids[0], mids[1]);
    assert_eq!(mids[2], mids[3]);
    assert_ne!(mids[0], mids[2]);
    let stats = sb.webhook_stats();
    assert_eq!((stats.delivered, stats.duplicates), (2, 2));

    // Turned off at run time: one transmission per event again.
    sb.faults().set_webhook_duplicate_rate(0.0);
    rx.clear();
    issue_one(&sb, "WH-DUP-3").await;
    rx.wait_for(1).await;
    settled(&sb).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(rx.got().len(), 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn bad_webhook_settings_are_refused_without_echoing_secrets() {
    for b in [
        Sandbox::builder().webhook("https://example.com/hook"),
        Sandbox::builder().webhook("http://user:pw@127.0.0.1/hook"),
        Sandbox::builder()
            .webhook("http://127.0.0.1:1/hook")
            .webhook_auth_spec("token:SECRETVALUE"),
        Sandbox::builder().webhook_auth_spec("basic:U:SECRETVALUE"),
        Sandbox::builder()
            .webhook("http://127.0.0.1:1/hook")
            .webhook_duplicate_rate(1.5),
    ] {
        let e = b.start().await.unwrap_err().to_string();
        assert!(e.contains("webhook"), "{e}");
        assert!(!e.contains("SECRETVALUE") && !e.contains("pw@"), "{e}");
    }
}

//! HomeTax collection against an in-process `popbill-sandbox` over real HTTP: crawls across
//! several jobs, job failures with the documented codes, an invoice issued through the
//! Taxinvoice service and then collected by its buyer, job expiry while reading (driven by
//! the sandbox clock, no sleeping), the credential health report, and the HomeTax state kept
//! across a restart on the same state file.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt as _;
use popbill::Popbill;
use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
use popbill::model::hometax::{
    DeptUserForm, HomeTaxDateType, HtCashbillQuery, QueryType, TradeTypeFilter, error_code as ht,
};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8, kst_date_from_unix};
use popbill::services::hometax::crawl::CrawlTarget;
use popbill::services::hometax::health::CredentialKind;
use popbill::services::hometax::{Crawl, CrawlError, CrawlEvent, HomeTaxKind, WarningLevel};

use popbill_sandbox::{NtsDelay, Sandbox, SandboxHandle};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

mod support;

use support::sandbox_client as client;

fn member() -> CorpNum {
    CorpNum::parse_unchecked("1234567890").unwrap()
}

fn d(s: &str) -> Date8 {
    Date8::parse(s).unwrap()
}

fn today() -> Date8 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    kst_date_from_unix(secs as i64)
}

/// A plain HTTP/1.1 request to the sandbox (its control routes and popup pages).
async fn http(sb: &SandboxHandle, method: &str, path: &str, body: &str) -> String {
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
    text
}

async fn settings(sb: &SandboxHandle, step_ms: i64, per_day: u32) {
    let body = format!(r#"{{"jobStepMillis":{step_ms},"docsPerDay":{per_day}}}"#);
    http(sb, "POST", "/HomeTax/__control", &body).await;
}

async fn sandbox() -> SandboxHandle {
    let sb = Sandbox::builder().start().await.unwrap();
    settings(&sb, 0, 3).await;
    sb
}

/// A sandbox as [`sandbox`] makes it and a client whose member has a working department user
/// registered for `kind`.
async fn with_dept_user(kind: HomeTaxKind) -> (SandboxHandle, Popbill) {
    let sb = sandbox().await;
    let pb = client(&sb);
    pb.hometax(kind)
        .regist_dept_user(&member(), DeptUserForm::new("dept01", "pw"))
        .await
        .unwrap();
    (sb, pb)
}

/// Everything a crawl yields: documents and window summaries, or the error that ended it.
async fn run<T: CrawlTarget>(
    crawl: Crawl<T>,
) -> (
    Vec<T::Doc>,
    Vec<(Date8, Date8, String, T::Summary)>,
    Option<CrawlError>,
) {
    let mut docs = Vec::new();
    let mut windows = Vec::new();
    let mut stream = std::pin::pin!(
        crawl
            .poll_interval(Duration::from_millis(5), Duration::from_millis(20))
            .stream()
    );
    while let Some(ev) = stream.next().await {
        match ev {
            Ok(CrawlEvent::Document(doc)) => docs.push(doc),
            Ok(CrawlEvent::WindowDone {
                from,
                to,
                job_id,
                summary,
            }) => windows.push((from, to, job_id, summary)),
            Ok(_) => {}
            Err(e) => return (docs, windows, Some(e)),
        }
    }
    (docs, windows, None)
}

#[tokio::test]
async fn a_seven_month_crawl_takes_three_jobs_and_yields_every_document_once() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Taxinvoice).await;
    let c = member();
    let ht = pb.hometax_taxinvoice();
    let crawl = ht
        .crawl(
            &c,
            QueryType::Buy,
            HomeTaxDateType::Sent,
            d("20250101"),
            d("20250731"),
        )
        .per_page(50);
    assert_eq!(crawl.windows().len(), 3);
    let (docs, windows, err) = run(crawl.clone()).await;
    assert!(err.is_none(), "{err:?}");
    let spans: Vec<String> = windows
        .iter()
        .map(|(f, t, _, _)| format!("{f}-{t}"))
        .collect();
    assert_eq!(
        spans,
        [
            "20250101-20250331",
            "20250401-20250630",
            "20250701-20250731"
        ]
    );
    let total: i64 = windows.iter().map(|w| w.3.count).sum();
    assert_eq!(docs.len() as i64, total);
    assert!(total > 300, "about 3 a day over 212 days, got {total}");
    let supply: i64 = docs
        .iter()
        .map(|x| x.supply_cost_total.parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        supply,
        windows.iter().map(|w| w.3.supply_cost_total).sum::<i64>()
    );
    let unique: BTreeSet<&str> = docs.iter().map(|x| x.nts_confirm_num.as_str()).collect();
    assert_eq!(unique.len(), docs.len(), "no document twice");
    for x in &docs {
        assert!(
            ("20250101".."20250732").contains(&x.send_date.as_str()),
            "{}",
            x.send_date
        );
        assert_eq!(
            x.invoicee_corp_num, "1234567890",
            "BUY: the member is the buyer"
        );
    }
    let kinds: BTreeSet<i64> = docs
        .iter()
        .filter_map(|x| x.invoice_type.as_ref().and_then(|k| k.code()))
        .collect();
    assert!(kinds.len() >= 12, "many invoice kinds: {kinds:?}");
    assert!(
        docs.iter()
            .any(|x| x.modify_yn && !x.org_nts_confirm_num.is_empty())
    );
    let jobs = ht.list_active_job(&c).await.unwrap();
    assert_eq!(jobs.len(), 3);
    assert!(jobs.iter().all(|j| j.is_ready()));
    // The ledger is reproducible: the same crawl yields the same documents.
    let (again, _, _) = run(crawl).await;
    assert_eq!(again, docs);
    // A document of the list can be read in full and as XML.
    let full = ht
        .get_taxinvoice(&c, &docs[0].nts_confirm_num)
        .await
        .unwrap();
    assert_eq!(full.total_amount, docs[0].total_amount);
    assert_eq!(full.detail_list.len(), 1);
    let xml = ht.get_xml(&c, &docs[0].nts_confirm_num).await.unwrap();
    assert_eq!(xml.result_code, 1);
    assert!(xml.ret_object.contains(&docs[0].nts_confirm_num));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_wrong_department_user_fails_the_job_with_the_documented_code() {
    let sb = sandbox().await;
    let pb = client(&sb);
    let c = member();
    let ht = pb.hometax_taxinvoice();
    // No credential at all: the job fails.
    let (_, _, err) = run(ht.crawl(
        &c,
        QueryType::Sell,
        HomeTaxDateType::Written,
        d("20250101"),
        d("20250110"),
    ))
    .await;
    assert_eq!(
        err.as_ref().and_then(CrawlError::code).map(|c| c.value()),
        Some(ht::LOGIN_FAILED)
    );
    ht.regist_dept_user(&c, DeptUserForm::new("dept01", "wrong-password"))
        .await
        .unwrap();
    let e = ht.check_login_dept_user(&c).await.unwrap_err();
    assert_eq!(e.api_code().map(|c| c.value()), Some(ht::LOGIN_FAILED));
    let (docs, _, err) = run(ht.crawl(
        &c,
        QueryType::Sell,
        HomeTaxDateType::Written,
        d("20250101"),
        d("20250110"),
    ))
    .await;
    assert!(docs.is_empty());
    match err {
        Some(CrawlError::JobFailed {
            code, reason, from, ..
        }) => {
            assert_eq!(code.value(), ht::LOGIN_FAILED);
            assert!(reason.contains("로그인"), "{reason}");
            assert_eq!(from, d("20250101"));
        }
        other => panic!("expected JobFailed, got {other:?}"),
    }
    let cb = pb.hometax_cashbill();
    cb.regist_dept_user(&c, DeptUserForm::new("nosvc-user", "pw"))
        .await
        .unwrap();
    let e = cb.check_login_dept_user(&c).await.unwrap_err();
    assert_eq!(
        e.api_code().map(|c| c.value()),
        Some(ht::DEPT_USER_NOT_REGISTERED_CASHBILL)
    );
    cb.regist_dept_user(&c, DeptUserForm::new("secauth-user", "pw"))
        .await
        .unwrap();
    let e = cb.check_login_dept_user(&c).await.unwrap_err();
    assert_eq!(e.api_code().map(|c| c.value()), Some(ht::DEPT_USER_INVALID));
    cb.regist_dept_user(
        &c,
        DeptUserForm::new("secauth-user", "pw").sec_auth("9001011"),
    )
    .await
    .unwrap();
    assert_eq!(cb.check_login_dept_user(&c).await.unwrap().code, 1);
    cb.delete_dept_user(&c).await.unwrap();
    let e = cb.check_dept_user(&c).await.unwrap_err();
    assert_eq!(
        e.api_code().map(|c| c.value()),
        Some(ht::DEPT_USER_NOT_REGISTERED_CASHBILL)
    );
    let e = ht
        .request_job(
            &c,
            QueryType::Sell,
            HomeTaxDateType::Sent,
            d("20250101"),
            d("20250101"),
        )
        .await;
    assert!(e.is_ok(), "a job is accepted even when it will fail");
    sb.shutdown().await;
}

fn invoice(key: &str, date: Date8) -> Taxinvoice {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_item_name("수집 테스트")
                .set_qty("2".parse().unwrap())
                .set_unit_cost("50000".parse().unwrap()),
        )
        .build()
        .unwrap();
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        date.to_string(),
    )
    .set_invoicer_corp_num("1234567890")
    .set_invoicer_mgt_key(key)
    .set_invoicer_corp_name("공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    totals.apply_to(inv)
}

#[tokio::test]
async fn an_issued_invoice_is_collected_by_its_seller_and_its_buyer() {
    let sb = Sandbox::builder()
        .nts_delay(NtsDelay::Never)
        .filing_step(Duration::from_millis(1))
        .start()
        .await
        .unwrap();
    settings(&sb, 0, 0).await; // an empty synthetic ledger: only the issued invoice
    let pb = client(&sb);
    let seller = member();
    let buyer = CorpNum::parse_unchecked("8888888888").unwrap();
    let day = today();
    let ti = pb.taxinvoice();
    let mgt = popbill::model::MgtKey::parse("HT-COLLECT-1").unwrap();
    ti.regist_issue(&seller, invoice("HT-COLLECT-1", day))
        .await
        .unwrap();
    ti.send_to_nts(&seller, MgtKeyType::Sell, &mgt)
        .await
        .unwrap();
    sb.clock().advance(Duration::from_secs(5));
    sb.tick();
    let info = ti.get_info(&seller, MgtKeyType::Sell, &mgt).await.unwrap();
    let nts = info.nts_confirm_num.clone().unwrap();
    let ht = pb.hometax_taxinvoice();
    // The buyer needs a membership and a credential of its own.
    pb.member().get_corp_info(&buyer).await.unwrap();
    for corp in [&seller, &buyer] {
        ht.regist_dept_user(corp, DeptUserForm::new("dept01", "pw"))
            .await
            .unwrap();
    }
    let (sold, _, err) =
        run(ht.crawl(&seller, QueryType::Sell, HomeTaxDateType::Written, day, day)).await;
    assert!(err.is_none(), "{err:?}");
    let (bought, windows, err) =
        run(ht.crawl(&buyer, QueryType::Buy, HomeTaxDateType::Written, day, day)).await;
    assert!(err.is_none(), "{err:?}");
    for docs in [&sold, &bought] {
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].nts_confirm_num, nts);
        assert_eq!(docs[0].total_amount, "110000");
        assert_eq!(docs[0].invoicer_corp_num, "1234567890");
        assert_eq!(docs[0].invoicee_corp_num, "8888888888");
        assert_eq!(
            docs[0].invoice_type.as_ref().and_then(|k| k.code()),
            Some(101)
        );
    }
    assert_eq!(windows[0].3.amount_total, 110_000);
    let full = ht.get_taxinvoice(&buyer, &nts).await.unwrap();
    assert_eq!(full.detail_list[0].item_name, "수집 테스트");
    // The seller does not see it as a purchase.
    let (none, _, _) =
        run(ht.crawl(&seller, QueryType::Buy, HomeTaxDateType::Written, day, day)).await;
    assert!(none.is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn an_expired_job_is_requested_again_and_the_crawl_resumes() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Taxinvoice).await;
    let c = member();
    let ht = pb.hometax_taxinvoice();
    let (expected, _, _) = run(ht.crawl(
        &c,
        QueryType::Sell,
        HomeTaxDateType::Issued,
        d("20250301"),
        d("20250331"),
    ))
    .await;
    assert!(expected.len() > 20);

    let crawl = ht
        .crawl(
            &c,
            QueryType::Sell,
            HomeTaxDateType::Issued,
            d("20250301"),
            d("20250331"),
        )
        .per_page(10)
        .poll_interval(Duration::from_millis(5), Duration::from_millis(20));
    let mut stream = std::pin::pin!(crawl.clone().stream());
    let mut docs = Vec::new();
    for _ in 0..15 {
        match stream.next().await {
            Some(Ok(CrawlEvent::Document(x))) => docs.push(x),
            other => panic!("{other:?}"),
        }
    }
    // The job was requested more than an hour ago, as far as the sandbox knows.
    sb.clock().advance(Duration::from_secs(61 * 60));
    let mut windows = 0;
    while let Some(ev) = stream.next().await {
        match ev.unwrap() {
            CrawlEvent::Document(x) => docs.push(x),
            CrawlEvent::WindowDone { summary, .. } => {
                windows += 1;
                assert_eq!(summary.count, expected.len() as i64);
            }
            _ => {}
        }
    }
    assert_eq!(windows, 1);
    assert_eq!(
        docs, expected,
        "nothing lost or repeated across the re-request"
    );

    // Without a rerun budget the crawl fails clearly instead of ending short.
    let mut stream = std::pin::pin!(crawl.max_reruns(0).stream());
    for _ in 0..5 {
        assert!(matches!(
            stream.next().await,
            Some(Ok(CrawlEvent::Document(_)))
        ));
    }
    sb.clock().advance(Duration::from_secs(61 * 60));
    let mut last = None;
    while let Some(ev) = stream.next().await {
        last = Some(ev);
    }
    match last {
        Some(Err(e @ CrawlError::JobExpired { .. })) => {
            assert_eq!(e.code().map(|c| c.value()), Some(ht::INVALID_SESSION_ID));
        }
        other => panic!("expected JobExpired, got {other:?}"),
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn jobs_take_time_on_the_sandbox_clock_and_expire_after_an_hour() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Taxinvoice).await;
    settings(&sb, 60_000, 3).await;
    let c = member();
    let ht = pb.hometax_taxinvoice();
    let job = ht
        .request_job(
            &c,
            QueryType::Sell,
            HomeTaxDateType::Sent,
            d("20250101"),
            d("20250131"),
        )
        .await
        .unwrap();
    assert_eq!(job.len(), 18);
    let s = ht.get_job_state(&c, &job).await.unwrap();
    assert_eq!(s.job_state.as_ref().and_then(|j| j.code()), Some(1));
    assert!(
        ht.search(&c, &job, &Default::default()).await.is_err(),
        "not readable while pending"
    );
    sb.clock().advance(Duration::from_secs(61));
    let s = ht.get_job_state(&c, &job).await.unwrap();
    assert_eq!(s.job_state.as_ref().and_then(|j| j.code()), Some(2));
    sb.clock().advance(Duration::from_secs(60));
    let s = ht.get_job_state(&c, &job).await.unwrap();
    assert!(s.is_ready(), "{s:?}");
    assert!(s.collect_count > 0);
    let page = ht.search(&c, &job, &Default::default()).await.unwrap();
    assert_eq!(page.total, s.collect_count);
    sb.clock().advance(Duration::from_secs(3600));
    let e = ht.get_job_state(&c, &job).await.unwrap_err();
    assert_eq!(
        e.api_code().map(|c| c.value()),
        Some(ht::INVALID_SESSION_ID)
    );
    assert!(ht.list_active_job(&c).await.unwrap().is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn cash_receipts_are_crawled_with_filters_and_totals() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Cashbill).await;
    let c = member();
    let cb = pb.hometax_cashbill();
    let (all, windows, err) =
        run(cb.crawl(&c, QueryType::Sell, d("20250101"), d("20250228"))).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(windows.len(), 1);
    let s = &windows[0].3;
    assert_eq!(all.len() as i64, s.count);
    assert_eq!(
        s.amount_total,
        s.supply_cost_total + s.tax_total + s.service_fee_total
    );
    let mut q = HtCashbillQuery::new();
    q.trade_types = vec![TradeTypeFilter::Cancellation];
    let (cancelled, _, err) =
        run(cb.crawl_filtered(&c, QueryType::Sell, d("20250101"), d("20250228"), q)).await;
    assert!(err.is_none());
    let expected = all
        .iter()
        .filter(|x| {
            x.trade_type
                .as_ref()
                .is_some_and(|t| t.as_str() == "취소거래")
        })
        .count();
    assert!(expected > 0);
    assert_eq!(cancelled.len(), expected);
    assert!(cancelled.iter().all(|x| {
        x.trade_type
            .as_ref()
            .is_some_and(|t| t.as_str() == "취소거래")
    }));
    let usages: BTreeSet<String> = all
        .iter()
        .filter_map(|x| x.trade_usage.as_ref().map(|u| u.to_string()))
        .collect();
    assert_eq!(usages.len(), 2);
    sb.shutdown().await;
}

async fn open_popup(sb: &SandboxHandle, url: &str, query: &str) -> String {
    let path = url
        .split_once("/HomeTax/")
        .map(|(_, p)| format!("/HomeTax/{p}?{query}"))
        .unwrap();
    http(sb, "GET", &path, "").await
}

#[tokio::test]
async fn the_health_report_names_the_working_credential_and_warns_before_expiry() {
    let sb = sandbox().await;
    let pb = client(&sb);
    let c = member();
    let ht = pb.hometax_taxinvoice();
    let cb = pb.hometax_cashbill();
    // Nothing registered: both services fail.
    let r = pb.hometax_health(&c).await.unwrap();
    assert_eq!(r.working_credential(HomeTaxKind::Taxinvoice), None);
    assert!(!r.is_healthy());
    assert!(r.warnings.iter().any(|w| w.level == WarningLevel::Failing));

    ht.regist_dept_user(&c, DeptUserForm::new("dept01", "pw"))
        .await
        .unwrap();
    cb.regist_dept_user(&c, DeptUserForm::new("cb01", "wrong"))
        .await
        .unwrap();
    let expire = r.today.add_days(20);
    let url = ht.get_certificate_popup_url(&c).await.unwrap();
    let page = open_popup(&sb, &url, &format!("expire={expire}")).await;
    assert!(page.contains("인증서가 등록되었습니다"), "{page}");
    let url = cb.get_flat_rate_popup_url(&c).await.unwrap();
    open_popup(&sb, &url, "months=12").await;

    let r = pb.hometax_health(&c).await.unwrap();
    assert_eq!(
        r.working_credential(HomeTaxKind::Taxinvoice),
        Some(CredentialKind::DeptUser)
    );
    assert_eq!(
        r.working_credential(HomeTaxKind::Cashbill),
        Some(CredentialKind::Certificate)
    );
    assert_eq!(
        r.cashbill.dept_user.code().map(|c| c.value()),
        Some(ht::LOGIN_FAILED)
    );
    assert_eq!(r.certificate_days_left, Some(20));
    assert!(r.cashbill.flat_rate_days_left.is_some_and(|d| d > 300));
    assert!(r.taxinvoice.flat_rate.is_none());
    let cert_warning = r.warnings.iter().find(|w| w.service.is_none()).unwrap();
    assert_eq!(cert_warning.level, WarningLevel::Notice);
    assert!(
        r.warnings.iter().any(|w| w.level == WarningLevel::Urgent
            && w.code.map(|c| c.value()) == Some(ht::LOGIN_FAILED))
    );
    assert!(
        !format!("{r:?}").contains("dept01"),
        "no credential in the report"
    );

    // Five days later the certificate is urgent; after 21 it has expired.
    let url = ht.get_certificate_popup_url(&c).await.unwrap();
    open_popup(&sb, &url, &format!("expire={}", r.today.add_days(5))).await;
    let r = pb.hometax_health(&c).await.unwrap();
    assert_eq!(
        r.warnings
            .iter()
            .find(|w| w.service.is_none())
            .map(|w| w.level),
        Some(WarningLevel::Urgent)
    );
    let e = ht.get_certificate_expire_date(&c).await.unwrap();
    assert_eq!(e.expiry_date(), Some(r.today.add_days(5)));
    sb.shutdown().await;
}

#[tokio::test]
async fn an_incremental_sync_reads_from_the_cursor_to_today_and_moves_the_cursor() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Taxinvoice).await;
    let c = member();
    let ht = pb.hometax_taxinvoice();
    let cursor = today().add_days(-20);
    let sync = ht.sync(&c, QueryType::Buy, cursor);
    assert_eq!(sync.next_cursor, today());
    assert_eq!(sync.crawl.windows(), [(cursor, today())]);
    let (docs, windows, err) = run(sync.crawl).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(windows.len(), 1);
    assert_eq!(docs.len() as i64, windows[0].3.count);
    let (lo, hi) = (cursor.to_string(), today().to_string());
    assert!(docs.iter().all(|x| x.send_date >= lo && x.send_date <= hi));
    // The next run starts where this one ended; a cursor in the future reads nothing.
    let later = ht.sync(&c, QueryType::Buy, today().add_days(3));
    assert!(later.crawl.windows().is_empty());
    assert_eq!(later.next_cursor, today().add_days(3));
    sb.shutdown().await;
}

#[tokio::test]
async fn one_job_is_awaited_and_read_page_by_page_with_the_shared_pager() {
    let (sb, pb) = with_dept_user(HomeTaxKind::Cashbill).await;
    let c = member();
    let cb = pb.hometax_cashbill();
    let job = cb
        .request_job(&c, QueryType::Buy, d("20250101"), d("20250131"))
        .await
        .unwrap();
    let state = cb
        .wait_job(&c, &job)
        .initial_interval(Duration::from_millis(5))
        .await
        .unwrap();
    assert!(state.is_ready(), "{state:?}");
    let mut q = HtCashbillQuery::new();
    q.per_page = Some(7);
    let all = cb.search_pages(&c, &job, &q).collect_all().await.unwrap();
    assert_eq!(all.len() as i64, state.collect_count);
    let summary = cb.summary(&c, &job, &HtCashbillQuery::new()).await.unwrap();
    assert_eq!(summary.count, state.collect_count);
    sb.shutdown().await;
}

#[tokio::test]
async fn an_issued_cash_receipt_is_collected_by_the_issuer_and_the_business_it_names() {
    use popbill::model::cashbill::Cashbill;
    use popbill::model::codes::{TaxationType, TradeUsage};
    let sb = Sandbox::builder()
        .nts_delay(NtsDelay::After(Duration::ZERO))
        .filing_step(Duration::from_millis(1))
        .start()
        .await
        .unwrap();
    settings(&sb, 0, 0).await; // an empty synthetic ledger: only the issued receipt
    let pb = client(&sb);
    let seller = member();
    let buyer = CorpNum::parse_unchecked("8888888888").unwrap();
    let receipt = Cashbill::new(TradeUsage::ExpenseProof, TaxationType::Taxable)
        .set_mgt_key("HT-CB-COLLECT-1")
        .set_trade_dt(pb.now_kst().to_string())
        .set_identity_num_normalized("8888888888")
        .set_amounts(20_000, 2_000, 0)
        .set_franchise_corp_num("1234567890")
        .set_franchise_corp_name("수집 가맹점")
        .set_franchise_ceo_name("김대표")
        .set_item_name("사무용품")
        .set_customer_name("구매 법인")
        .set_smssend_yn(false);
    pb.cashbill().regist_issue(&seller, receipt).await.unwrap();
    sb.clock().advance(Duration::from_secs(5));
    sb.tick();
    pb.member().get_corp_info(&buyer).await.unwrap();
    let cb = pb.hometax_cashbill();
    for corp in [&seller, &buyer] {
        cb.regist_dept_user(corp, DeptUserForm::new("cb01", "pw"))
            .await
            .unwrap();
    }
    let day = today();
    let (sold, _, err) = run(cb.crawl(&seller, QueryType::Sell, day, day)).await;
    assert!(err.is_none(), "{err:?}");
    let (bought, windows, err) = run(cb.crawl(&buyer, QueryType::Buy, day, day)).await;
    assert!(err.is_none(), "{err:?}");
    for (docs, side) in [(&sold, "매출"), (&bought, "매입")] {
        assert_eq!(docs.len(), 1, "{side}");
        assert_eq!(docs[0].total_amount, "22000");
        assert_eq!(docs[0].franchise_corp_num, "1234567890");
        assert_eq!(docs[0].nts_confirm_num.len(), 9);
        assert_eq!(
            docs[0]
                .invoice_type
                .as_ref()
                .map(|t| t.to_string())
                .as_deref(),
            Some(side)
        );
    }
    assert_eq!(windows[0].3.amount_total, 22_000);
    sb.shutdown().await;
}

/// Department users (with what their login gives), the certificate, flat-rate contracts and
/// the jobs of the last hour are still there after a restart on the same `--state` file, and
/// job ids are not handed out twice.
#[tokio::test]
async fn department_users_certificate_contracts_and_jobs_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("htstate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.sqlite");
    let _ = std::fs::remove_file(&path);
    let c = member();
    let expire = "20991231";

    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let pb = client(&sb);
    let (ti, cb) = (pb.hometax_taxinvoice(), pb.hometax_cashbill());
    ti.regist_dept_user(&c, DeptUserForm::new("dept01", "pw"))
        .await
        .unwrap();
    cb.regist_dept_user(&c, DeptUserForm::new("cb01", "wrong-pw"))
        .await
        .unwrap();
    let url = ti.get_certificate_popup_url(&c).await.unwrap();
    let page = open_popup(&sb, &url, &format!("expire={expire}")).await;
    assert!(page.contains("id=\"result\""), "{page}");
    let url = ti.get_flat_rate_popup_url(&c).await.unwrap();
    let page = open_popup(&sb, &url, "months=12").await;
    assert!(page.contains("id=\"result\""), "{page}");
    let before = ti.get_flat_rate_state(&c).await.unwrap();
    let today = Date8::parse(&before.contract_dt[..8]).unwrap();
    let job = ti
        .request_job(
            &c,
            QueryType::Buy,
            HomeTaxDateType::Sent,
            today.add_days(-30),
            today,
        )
        .await
        .unwrap();
    sb.shutdown().await;

    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let pb = client(&sb);
    let (ti, cb) = (pb.hometax_taxinvoice(), pb.hometax_cashbill());
    // The department users are registered, and log in (or fail) as before.
    assert_eq!(ti.check_dept_user(&c).await.unwrap().code, 1);
    assert_eq!(ti.check_login_dept_user(&c).await.unwrap().code, 1);
    assert_eq!(cb.check_dept_user(&c).await.unwrap().code, 1);
    let e = cb.check_login_dept_user(&c).await.unwrap_err();
    assert_eq!(
        e.api_code().map(|c| c.value()),
        Some(ht::LOGIN_FAILED),
        "{e}"
    );
    // The certificate and the flat-rate contract.
    let cert = ti.get_certificate_expire_date(&c).await.unwrap();
    assert_eq!(
        cert.expiry_date().map(|d| d.to_string()).as_deref(),
        Some(expire)
    );
    let after = ti.get_flat_rate_state(&c).await.unwrap();
    assert_eq!(
        (after.contract_dt.as_str(), after.use_end_date.as_str()),
        (before.contract_dt.as_str(), before.use_end_date.as_str())
    );
    assert!(cb.get_flat_rate_state(&c).await.is_err(), "not applied for");
    // The job of the last hour is still known, and a new one gets a new id.
    let jobs = ti.list_active_job(&c).await.unwrap();
    assert!(jobs.iter().any(|j| j.job_id == job), "{jobs:?}");
    assert_eq!(ti.get_job_state(&c, &job).await.unwrap().job_id, job);
    let next = ti
        .request_job(
            &c,
            QueryType::Sell,
            HomeTaxDateType::Sent,
            today.add_days(-30),
            today,
        )
        .await
        .unwrap();
    assert_ne!(next, job);
    // Deleting survives a restart too.
    ti.delete_dept_user(&c).await.unwrap();
    sb.shutdown().await;

    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let pb = client(&sb);
    let e = pb
        .hometax_taxinvoice()
        .check_dept_user(&c)
        .await
        .unwrap_err();
    assert_eq!(
        e.api_code().map(|c| c.value()),
        Some(ht::DEPT_USER_NOT_REGISTERED_TAXINVOICE),
        "{e}"
    );
    assert_eq!(
        pb.hometax_cashbill()
            .check_dept_user(&c)
            .await
            .unwrap()
            .code,
        1
    );
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

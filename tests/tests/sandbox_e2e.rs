//! End to end: the `popbill` client against an in-process `popbill-sandbox`.
//!
//! Member and point API with real state, token expiry and renewal, clock-skew recovery, strict
//! membership. (The Taxinvoice life cycle joins here once the client's Taxinvoice service
//! lands; until then `tests/conformance` drives it with the official Python SDK.)
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use popbill::model::CorpNum;
use popbill::model::member::{ContactInfo, CorpInfo, JoinForm, Paging, PaymentForm, RefundForm};
use popbill::{Config, Popbill};
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox, SandboxHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(sb: &SandboxHandle) -> Popbill {
    let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
        .test(true)
        .auth_url(sb.base_url())
        .api_url(sb.base_url())
        .allow_test_corp_nums(true)
        .build()
        .unwrap();
    Popbill::new(config)
}

fn corp(s: &str) -> CorpNum {
    CorpNum::parse_unchecked(s).unwrap()
}

/// GET a URL on the sandbox; returns (status, content-type).
async fn fetch(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    let req = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let ctype = text
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or("")
        .to_owned();
    (status, ctype)
}

#[tokio::test]
async fn member_api_with_real_state() {
    let sb = Sandbox::builder().start().await.unwrap();
    let pb = client(&sb);
    let m = pb.member();
    let c = corp("1234567890");

    // Not a member until it asks for a token (default mode).
    assert_eq!(m.check_is_member(&c).await.unwrap().code, 0);
    let balance = m.get_balance(&c).await.unwrap();
    assert_eq!(balance, 100_000.0);
    assert_eq!(m.check_is_member(&c).await.unwrap().code, 1);
    assert!(m.get_partner_balance(&c).await.unwrap() > 0.0);

    // Company info round trip.
    let info = CorpInfo::default()
        .set_ceo_name("대표자")
        .set_corp_name("주식회사 샌드박스")
        .set_addr("서울시")
        .set_biz_type("업태")
        .set_biz_class("종목");
    assert_eq!(m.update_corp_info(&c, &info).await.unwrap().code, 1);
    let got = m.get_corp_info(&c).await.unwrap();
    assert_eq!(got.corp_name.as_deref(), Some("주식회사 샌드박스"));
    assert_eq!(got.ceo_name.as_deref(), Some("대표자"));

    // Contacts.
    let contact = ContactInfo::default()
        .set_id("e2e_user01")
        .set_password("asdf1234!@")
        .set_person_name("담당자")
        .set_tel("02-123-4567")
        .set_email("e2e@test.com")
        .set_search_role(2);
    assert_eq!(m.regist_contact(&c, &contact).await.unwrap().code, 1);
    assert_eq!(m.check_id("e2e_user01").await.unwrap().code, 1);
    let listed = m.list_contact(&c).await.unwrap();
    assert!(listed.iter().any(|x| x.id.as_deref() == Some("e2e_user01")));
    let one = m.get_contact_info(&c, "e2e_user01").await.unwrap();
    assert_eq!(one.search_role, Some(2));
    assert_eq!(one.mgr_yn, Some(false));
    let changed = ContactInfo::default()
        .set_id("e2e_user01")
        .set_person_name("담당자2")
        .set_tel("02-123-4567")
        .set_email("e2e2@test.com");
    assert_eq!(m.update_contact(&c, &changed).await.unwrap().code, 1);
    let one = m.get_contact_info(&c, "e2e_user01").await.unwrap();
    assert_eq!(one.person_name.as_deref(), Some("담당자2"));
    assert_eq!(m.delete_contact(&c, "e2e_user01").await.unwrap().code, 1);
    let gone = m.get_contact_info(&c, "e2e_user01").await.unwrap_err();
    assert_eq!(gone.api_code().map(|c| c.value()), Some(-10000008));

    // URLs answer pages on the sandbox itself.
    for url in [
        m.get_access_url(&c).await.unwrap(),
        m.get_charge_url(&c).await.unwrap(),
        m.get_payment_url(&c).await.unwrap(),
        m.get_use_history_url(&c).await.unwrap(),
        m.get_partner_url(&c, "CHRG").await.unwrap(),
    ] {
        assert!(url.starts_with(sb.base_url()), "{url}");
        let (status, ctype) = fetch(&url).await;
        assert_eq!(status, 200, "{url}");
        assert!(ctype.starts_with("text/html"), "{ctype}");
    }

    // Payment, refund, histories.
    let pay = PaymentForm::default()
        .set_settler_name("입금자")
        .set_settler_email("pay@test.com")
        .set_notify_hp("01012341234")
        .set_payment_name("입금자")
        .set_settle_cost("11000");
    let pr = m.payment_request(&c, &pay).await.unwrap();
    assert_eq!(pr.code, 1);
    let settled = m.get_settle_result(&c, &pr.settle_code).await.unwrap();
    assert_eq!(settled.settle_cost.as_deref(), Some("11000"));
    assert_eq!(m.get_balance(&c).await.unwrap(), 111_000.0);
    let refund = RefundForm::default()
        .set_contact_name("환불담당")
        .set_tel("01012341234")
        .set_request_point("1000")
        .set_account_bank("국민")
        .set_account_num("123-456")
        .set_account_name("예금주")
        .set_reason("테스트");
    let rr = m.refund(&c, &refund).await.unwrap();
    assert_eq!(rr.code, 1);
    let ri = m.get_refund_info(&c, &rr.refund_code).await.unwrap();
    assert_eq!(ri.request_point.as_deref(), Some("1000"));
    assert_eq!(m.get_refundable_balance(&c).await.unwrap(), 110_000.0);
    let today = sb.clock().today_kst();
    let uh = m
        .get_use_history(&c, today, today, Paging::new().page(1).per_page(10), None)
        .await
        .unwrap();
    assert_eq!(uh.total, 2, "payment and refund");
    let ph = m
        .get_payment_history(&c, today, today, Paging::new())
        .await
        .unwrap();
    assert_eq!(ph.total, 1);
    let rh = m.get_refund_history(&c, Paging::new()).await.unwrap();
    assert_eq!(rh.total, 1);
}

#[tokio::test]
async fn join_and_quit_member() {
    let sb = Sandbox::builder()
        .strict_members(true)
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let m = pb.member();
    let c = corp("2222222227");
    // --strict-members: no token before joining
    let err = m.get_balance(&c).await.unwrap_err();
    assert_eq!(err.api_code().map(|c| c.value()), Some(-99003008), "{err}");
    let form = JoinForm::default()
        .set_id("joiner01")
        .set_password("asdf1234!@")
        .set_corp_num("2222222227")
        .set_ceo_name("대표")
        .set_corp_name("상호")
        .set_addr("주소")
        .set_biz_type("업태")
        .set_biz_class("종목")
        .set_contact_name("담당")
        .set_contact_email("a@test.com")
        .set_contact_tel("02-1");
    assert_eq!(m.join_member(&form).await.unwrap().code, 1);
    assert_eq!(m.check_is_member(&c).await.unwrap().code, 1);
    let again = m.join_member(&form).await.unwrap_err();
    assert_eq!(again.api_code().map(|c| c.value()), Some(-10001000));
    assert_eq!(m.get_balance(&c).await.unwrap(), 100_000.0);
    assert_eq!(m.quit_member(&c, "테스트 종료").await.unwrap().code, 1);
    assert_eq!(m.check_is_member(&c).await.unwrap().code, 0);
    let err = m.get_balance(&c).await.unwrap_err();
    assert_eq!(err.api_code().map(|c| c.value()), Some(-99003008));
}

#[tokio::test]
async fn expired_token_is_renewed_transparently() {
    let sb = Sandbox::builder()
        .token_ttl(Duration::from_secs(600))
        .start()
        .await
        .unwrap();
    let pb = client(&sb);
    let m = pb.member();
    let c = corp("1234567890");
    assert_eq!(m.get_balance(&c).await.unwrap(), 100_000.0);
    assert_eq!(sb.token_count(), 1);
    // The sandbox's clock passes the token's expiration; the client's clock does not, so it
    // sends the old token, gets 401 -10000033 and renews once.
    sb.clock().advance(Duration::from_secs(601));
    assert_eq!(m.get_balance(&c).await.unwrap(), 100_000.0);
    assert_eq!(sb.token_count(), 2, "one renewal");
    assert!(m.get_corp_info(&c).await.unwrap().corp_name.is_some());
    assert_eq!(sb.token_count(), 2, "the renewed token is reused");
}

#[tokio::test]
async fn client_recovers_from_a_skewed_clock() {
    let sb = Sandbox::builder().start().await.unwrap();
    // The sandbox runs 20 minutes ahead: the client's x-lh-date is outside the ±5 min window,
    // the sandbox answers -99010004, the client measures GET /Time and signs again.
    sb.clock().advance(Duration::from_secs(1200));
    let pb = client(&sb);
    let c = corp("1234567890");
    assert_eq!(pb.member().get_balance(&c).await.unwrap(), 100_000.0);
    assert_eq!(sb.token_count(), 1);
}

// ------------------------------------------------------------------ Taxinvoice

mod taxinvoice {
    use std::time::Duration;

    use popbill::model::codes::{MgtKeyType, SearchDateType};
    use popbill::model::taxinvoice::Taxinvoice;
    use popbill::model::{Date8, MgtKey, SubmitId};
    use popbill::services::taxinvoice::issuance::IssuePath;
    use popbill::services::taxinvoice::search::SearchQuery;
    use popbill_sandbox::{FaultAction, FaultRule, NtsDelay, Sandbox, SandboxHandle};
    use serde_json::json;

    use super::{client, corp};

    const SELLER: &str = "1234567890";

    fn invoice(key: &str, write_date: Date8) -> Taxinvoice {
        serde_json::from_value(json!({
            "writeDate": write_date.to_string(),
            "chargeDirection": "정과금",
            "issueType": "정발행",
            "purposeType": "영수",
            "taxType": "과세",
            "invoicerCorpNum": SELLER,
            "invoicerMgtKey": key,
            "invoicerCorpName": "공급자 상호",
            "invoicerCEOName": "공급자 대표",
            "invoicerEmail": "seller@test.com",
            "invoiceeType": "사업자",
            "invoiceeCorpNum": "8888888888",
            "invoiceeCorpName": "공급받는자 상호",
            "invoiceeCEOName": "공급받는자 대표",
            "invoiceeEmail1": "buyer@test.com",
            "supplyCostTotal": "100000",
            "taxTotal": "10000",
            "totalAmount": "110000",
            "detailList": [{"serialNum": 1, "purchaseDT": write_date.to_string(), "itemName": "품목",
                            "qty": "1", "unitCost": "100000", "supplyCost": "100000", "tax": "10000"}]
        }))
        .unwrap()
    }

    fn key(s: &str) -> MgtKey {
        MgtKey::parse(s).unwrap()
    }

    async fn sandbox() -> SandboxHandle {
        Sandbox::builder()
            .nts_delay(NtsDelay::Never)
            .filing_step(Duration::from_secs(1))
            .start()
            .await
            .unwrap()
    }

    fn state(info: &popbill::model::taxinvoice::TaxinvoiceInfo) -> i64 {
        info.state_code.as_ref().and_then(|s| s.code()).unwrap()
    }

    #[tokio::test]
    async fn full_life_cycle() {
        let sb = sandbox().await;
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        let today = sb.clock().today_kst();
        let k1 = key("E2E-0001");

        assert!(
            !ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &k1)
                .await
                .unwrap()
        );
        let out = ti
            .regist_issue(&c, invoice("E2E-0001", today))
            .memo("즉시발행")
            .await
            .unwrap();
        assert_eq!(out.path, IssuePath::Sent);
        let confirm = out.nts_confirm_num().unwrap().to_owned();
        assert!(
            confirm.starts_with(&today.to_string()) && confirm.len() == 24,
            "{confirm}"
        );
        assert!(
            ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &k1)
                .await
                .unwrap()
        );
        let info = ti.get_info(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert_eq!(state(&info), 300);
        assert_eq!(info.nts_confirm_num.as_deref(), Some(confirm.as_str()));

        // draft → attachment → issue → cancel → delete → the key is free again
        let k2 = key("E2E-0002");
        assert_eq!(
            ti.register(&c, invoice("E2E-0002", today))
                .await
                .unwrap()
                .code,
            1
        );
        let r = ti
            .attach_file_binary(&c, MgtKeyType::Sell, &k2, "첨부.txt", b"hello".to_vec())
            .await
            .unwrap();
        assert_eq!(r.code, 1);
        let files = ti.get_files(&c, MgtKeyType::Sell, &k2).await.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(
            sb.document(SELLER, "SELL", "E2E-0002").unwrap().files[0],
            ("첨부.txt".to_owned(), b"hello".to_vec())
        );
        let issued = ti.issue(&c, MgtKeyType::Sell, &k2).await.unwrap();
        assert_eq!(issued.response.code, 1);
        ti.cancel_issue(&c, MgtKeyType::Sell, &k2)
            .memo("취소")
            .await
            .unwrap();
        assert_eq!(
            state(&ti.get_info(&c, MgtKeyType::Sell, &k2).await.unwrap()),
            600
        );
        ti.delete(&c, MgtKeyType::Sell, &k2).await.unwrap();
        assert!(
            !ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &k2)
                .await
                .unwrap()
        );
        ti.register(&c, invoice("E2E-0002", today)).await.unwrap();

        // filing with NTS
        ti.send_to_nts(&c, MgtKeyType::Sell, &k1).await.unwrap();
        let err = ti
            .cancel_issue(&c, MgtKeyType::Sell, &k1)
            .await
            .unwrap_err();
        assert_eq!(err.api_code().map(|c| c.value()), Some(-11000001));
        sb.clock().advance(Duration::from_secs(4));
        let info = ti.get_info(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert_eq!(state(&info), 304);
        assert_eq!(
            info.nts_send_err_code
                .as_ref()
                .map(|c| c.as_str().into_owned())
                .as_deref(),
            Some("SUC001")
        );
        let logs = ti.get_logs(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert!(logs.len() >= 6, "{} log lines", logs.len());

        let xml = ti.get_xml(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert!(xml.ret_object.as_deref().unwrap().contains(&confirm));
        let pdf = ti.get_pdf(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let detail = ti.get_detail_info(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert_eq!(detail.invoicer_mgt_key.as_deref(), Some("E2E-0001"));
        let url = ti.get_view_url(&c, MgtKeyType::Sell, &k1).await.unwrap();
        assert_eq!(super::fetch(&url).await.0, 200);
        assert_eq!(
            sb.points(SELLER),
            Some(100_000 - 20),
            "two issuances charged"
        );
        assert!(
            sb.outbox()
                .iter()
                .any(|m| m.reason == "TAX_ISSUE" && m.receiver == "buyer@test.com")
        );
    }

    #[tokio::test]
    async fn late_issuance_is_refused_without_force_issue() {
        let sb = sandbox().await;
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        let old = sb.clock().today_kst().add_months(-2);
        let old = Date8::from_ymd(old.year(), old.month(), 1).unwrap();
        // the client refuses it before sending ...
        let err = ti
            .regist_issue(&c, invoice("LATE-1", old))
            .await
            .unwrap_err();
        assert!(matches!(err, popbill::Error::Validation(_)), "{err}");
        // ... and so does the server when the client's check is skipped
        let err = ti
            .regist_issue(&c, invoice("LATE-1", old))
            .skip_validation()
            .await
            .unwrap_err();
        assert_eq!(err.api_code().map(|c| c.value()), Some(-11002013), "{err}");
        assert!(sb.document(SELLER, "SELL", "LATE-1").is_none());
        let ok = ti
            .regist_issue(&c, invoice("LATE-1", old))
            .force_issue(true)
            .await
            .unwrap();
        assert_eq!(ok.response.code, 1);
        let info = ti
            .get_info(&c, MgtKeyType::Sell, &key("LATE-1"))
            .await
            .unwrap();
        assert_eq!(info.late_issue_yn, Some(true));
    }

    #[tokio::test]
    async fn filing_failure_via_err002() {
        let sb = sandbox().await;
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        let k = key("FAIL-1");
        ti.regist_issue(&c, invoice("FAIL-1", sb.clock().today_kst()))
            .memo("ERR002")
            .await
            .unwrap();
        ti.send_to_nts(&c, MgtKeyType::Sell, &k).await.unwrap();
        sb.clock().advance(Duration::from_secs(4));
        let info = ti.get_info(&c, MgtKeyType::Sell, &k).await.unwrap();
        assert_eq!(state(&info), 305);
        assert_eq!(
            info.nts_send_err_code
                .as_ref()
                .map(|c| c.as_str().into_owned())
                .as_deref(),
            Some("ERR002")
        );
        assert!(
            sb.outbox()
                .iter()
                .any(|m| m.reason == "TAX_NTSFAIL_INVOICER")
        );
        ti.delete(&c, MgtKeyType::Sell, &k).await.unwrap();
        assert!(sb.document(SELLER, "SELL", "FAIL-1").is_none());
    }

    #[tokio::test]
    async fn search_pagination_and_bulk() {
        let sb = Sandbox::builder()
            .nts_delay(NtsDelay::Never)
            .bulk_step(Duration::from_millis(50))
            .start()
            .await
            .unwrap();
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        let today = sb.clock().today_kst();
        let invoices: Vec<Taxinvoice> = (1..=7)
            .map(|i| invoice(&format!("BULK-{i}"), today))
            .collect();
        let submit = SubmitId::parse("E2E-SUBMIT-1").unwrap();
        let r = ti.bulk_submit(&c, &submit, invoices.clone()).await.unwrap();
        assert_eq!(r.code, Some(1));
        let again = ti.bulk_submit(&c, &submit, invoices).await.unwrap();
        assert_eq!(
            again.receipt_id, r.receipt_id,
            "a repeated SubmitID answers the registered submission"
        );
        let done = ti
            .wait_bulk_result(&c, &submit)
            .initial_interval(Duration::from_millis(20))
            .await
            .unwrap();
        assert_eq!(done.tx_state.as_ref().and_then(|s| s.code()), Some(2));
        assert_eq!(done.success_count, Some(7));
        assert_eq!(done.issue_result.len(), 7);
        assert!(
            done.issue_result
                .iter()
                .all(|x| x.code == Some(1) && x.nts_confirm_num.is_some())
        );

        let q = SearchQuery::new(SearchDateType::Written, today, today)
            .state(["3**"])
            .per_page(3);
        let page1 = ti.search(&c, MgtKeyType::Sell, &q).await.unwrap();
        assert_eq!(page1.total, Some(7));
        assert_eq!(page1.page_count, Some(3));
        assert_eq!(page1.list.len(), 3);
        let mut all = page1.list.clone();
        for p in 2..=3 {
            let page = ti
                .search(&c, MgtKeyType::Sell, q.clone().page(p))
                .await
                .unwrap();
            assert_eq!(page.page_num, Some(i64::from(p)));
            all.extend(page.list);
        }
        assert_eq!(all.len(), 7);
        let mut keys: Vec<_> = all
            .iter()
            .filter_map(|i| i.invoicer_mgt_key.clone())
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 7, "pages do not overlap");
    }

    #[tokio::test]
    async fn lost_answers_never_issue_twice() {
        let sb = sandbox().await;
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        let today = sb.clock().today_kst();
        ti.get_unit_cost(&c).await.unwrap(); // token first, so the faults hit the issuing call

        // Committed, then the connection drops: the client reconciles by MgtKey.
        sb.faults().add(
            FaultRule::new("/Taxinvoice", FaultAction::DropAfterCommit)
                .verb("ISSUE")
                .times(1),
        );
        let out = ti
            .regist_issue(&c, invoice("DUP-1", today))
            .reconcile_delay(Duration::from_millis(10))
            .await
            .unwrap();
        assert_eq!(out.path, IssuePath::Reconciled);
        assert!(out.nts_confirm_num().is_some());

        // Dropped before processing: nothing happened, the client resends once.
        sb.faults().add(
            FaultRule::new("/Taxinvoice", FaultAction::DropBefore)
                .verb("ISSUE")
                .times(1),
        );
        let out = ti
            .regist_issue(&c, invoice("DUP-2", today))
            .reconcile_delay(Duration::from_millis(10))
            .await
            .unwrap();
        assert_ne!(out.path, IssuePath::Sent, "{:?}", out.path);

        // A 503 answer: ambiguous, reconciled, still exactly one document.
        sb.faults().add(
            FaultRule::new("/Taxinvoice", FaultAction::Status { status: 503 })
                .verb("ISSUE")
                .times(1),
        );
        let out = ti
            .regist_issue(&c, invoice("DUP-3", today))
            .reconcile_delay(Duration::from_millis(10))
            .await
            .unwrap();
        assert_eq!(out.response.code, 1);

        assert_eq!(sb.document_count(), 3, "exactly one document per MgtKey");
        assert_eq!(sb.points(SELLER), Some(100_000 - 30), "each charged once");
        for k in ["DUP-1", "DUP-2", "DUP-3"] {
            let d = sb.document(SELLER, "SELL", k).unwrap();
            assert_eq!(d.state_code, 300, "{k}");
            assert_eq!(
                d.log_types.iter().filter(|t| **t == 230).count(),
                1,
                "{k} issued once"
            );
        }
    }

    #[tokio::test]
    async fn token_expiry_mid_life_cycle() {
        let sb = Sandbox::builder()
            .nts_delay(NtsDelay::Never)
            .token_ttl(Duration::from_secs(300))
            .start()
            .await
            .unwrap();
        let pb = client(&sb);
        let ti = pb.taxinvoice();
        let c = corp(SELLER);
        ti.register(&c, invoice("TOK-1", sb.clock().today_kst()))
            .await
            .unwrap();
        sb.clock().advance(Duration::from_secs(301));
        let out = ti.issue(&c, MgtKeyType::Sell, &key("TOK-1")).await.unwrap();
        assert_eq!(out.path, IssuePath::Sent);
        assert_eq!(sb.token_count(), 2, "renewed once");
    }
}

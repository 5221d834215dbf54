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

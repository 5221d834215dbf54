//! Golden conformance: for every member/base call the official Python SDK made in the golden
//! capture (`TaxinvoiceService(base).*`), our client, given the same arguments, sends the same
//! request: method, path and query, `X-HTTP-Method-Override`, `x-pb-userid`, `x-pb-version`,
//! the kind of `Authorization`, `Content-Type`, and the body as a JSON value (`null` ≡
//! absent). Tokens, dates, `Host`, `User-Agent`, `Accept-Encoding` and `Content-Length` are
//! ignored, as the capture's own comparison tool does.
#![allow(clippy::unwrap_used)]

mod common;

use common::golden::{Golden, assert_request_head, our_json_body, strip_nulls};
use common::{client, corp, fake_popbill, is_time_request, is_token_request, target};
use popbill::model::Date8;
use popbill::model::codes::{MemberUrlTarget, SortOrder};
use popbill::model::member::{ContactInfo, CorpInfo, JoinForm, Paging, PaymentForm, RefundForm};
use popbill::{Call, HttpRequest};
use serde_json::Value;

/// The golden body as a JSON value. `getContactInfo` sent `{'id':'…'}` (single quotes, not
/// JSON); we send the JSON it meant.
fn golden_body(g: &Golden) -> Option<Value> {
    if g.body.is_empty() {
        return None;
    }
    if g.body_json.is_null() {
        return Some(serde_json::from_str(&g.body_text().replace('\'', "\"")).unwrap());
    }
    Some(strip_nulls(g.body_json.clone()))
}

fn compare(g: &Golden, ours: &HttpRequest) {
    assert_request_head(
        g,
        ours,
        &target(ours),
        &[
            "x-http-method-override",
            "x-pb-userid",
            "x-pb-version",
            "content-type",
            "x-lh-version",
        ],
    );
    assert_eq!(our_json_body(g, ours), golden_body(g), "{}: body", g.step);
}

async fn done<T: Send + 'static>(call: Call<T>, user_id: Option<&str>) {
    let name = call.operation_name();
    let call = match user_id {
        Some(u) => call.user_id(u),
        None => call,
    };
    if let Err(e) = call.await {
        panic!("{name}: {e}");
    }
}

fn from_golden<T: serde::de::DeserializeOwned>(g: &Golden) -> T {
    serde_json::from_value(g.body_json.clone()).unwrap()
}

#[tokio::test]
async fn every_member_call_matches_the_golden_request() {
    let (http, _tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(http.clone());
    let member = client.member();
    let corp = corp();
    let goldens = common::golden::load("TaxinvoiceService(base).");
    assert_eq!(goldens.len(), 27, "golden base steps");

    let d = |s: &str| Date8::parse(s).unwrap();
    let paging = Paging::new().page(1).per_page(100);
    let mut checked = Vec::new();
    for g in &goldens {
        let uid = g.header("x-pb-userid");
        let before = http.request_count();
        match g.step.as_str() {
            "checkIsMember" => done(member.check_is_member(&corp), uid).await,
            "checkID" => done(member.check_id("testkorea"), uid).await,
            "joinMember" => {
                // LinkID comes from the configuration, as in the Python SDK.
                let mut form: JoinForm = from_golden(g);
                assert_eq!(form.link_id.take().as_deref(), Some("TESTER"));
                done(member.join_member(&form), uid).await
            }
            "getCorpInfo" => done(member.get_corp_info(&corp), uid).await,
            "updateCorpInfo" => {
                done(
                    member.update_corp_info(&corp, &from_golden::<CorpInfo>(g)),
                    uid,
                )
                .await
            }
            "registContact" => {
                done(
                    member.regist_contact(&corp, &from_golden::<ContactInfo>(g)),
                    uid,
                )
                .await
            }
            "getContactInfo" => done(member.get_contact_info(&corp, "testkorea_0001"), uid).await,
            "listContact" => done(member.list_contact(&corp), uid).await,
            "updateContact" => {
                done(
                    member.update_contact(&corp, &from_golden::<ContactInfo>(g)),
                    uid,
                )
                .await
            }
            "getBalance" => done(member.get_balance(&corp), uid).await,
            "getPartnerBalance" => done(member.get_partner_balance(&corp), uid).await,
            "getPartnerURL" => done(member.get_partner_url(&corp, "CHRG"), uid).await,
            "getAccessURL" => done(member.get_access_url(&corp), uid).await,
            "getChargeURL" => done(member.get_charge_url(&corp), uid).await,
            "getPaymentURL" => done(member.get_payment_url(&corp), uid).await,
            "getUseHistoryURL" => done(member.get_use_history_url(&corp), uid).await,
            "getUseHistory" => {
                let call = member.get_use_history(
                    &corp,
                    d("20250101"),
                    d("20250131"),
                    paging,
                    Some(SortOrder::Descending),
                );
                done(call, uid).await
            }
            "getPaymentHistory" => {
                let call = member.get_payment_history(&corp, d("20250101"), d("20250131"), paging);
                done(call, uid).await
            }
            "getRefundHistory" => done(member.get_refund_history(&corp, paging), uid).await,
            "getRefundableBalance" => done(member.get_refundable_balance(&corp), uid).await,
            "getPopbillURL" => {
                done(member.get_popbill_url(&corp, MemberUrlTarget::Login), uid).await
            }
            "deleteContact" => done(member.delete_contact(&corp, "testkorea_0001"), uid).await,
            "paymentRequest" => {
                done(
                    member.payment_request(&corp, &from_golden::<PaymentForm>(g)),
                    uid,
                )
                .await
            }
            "getSettleResult" => {
                done(member.get_settle_result(&corp, "202501010000001"), uid).await
            }
            "refund" => done(member.refund(&corp, &from_golden::<RefundForm>(g)), uid).await,
            "getRefundInfo" => done(member.get_refund_info(&corp, "202501010000001"), uid).await,
            "quitMember" => {
                let reason = g.body_json["quitReason"].as_str().unwrap();
                done(member.quit_member(&corp, reason), uid).await
            }
            other => panic!("golden step {other} has no counterpart in MemberService"),
        }
        let sent: Vec<HttpRequest> = http.requests()[before..]
            .iter()
            .filter(|r| !is_token_request(r) && !is_time_request(r))
            .cloned()
            .collect();
        assert_eq!(sent.len(), 1, "{}: exactly one API request", g.step);
        compare(g, &sent[0]);
        checked.push(g.step.clone());
    }
    assert_eq!(checked.len(), goldens.len());
}

/// Our token request carries the same logical content as the golden Taxinvoice one (the
/// body differs only in JSON spacing; the signature is checked in the signer's unit tests).
#[tokio::test]
async fn token_request_matches_the_golden_token_request() {
    let golden = common::golden::load("TaxinvoiceService.")
        .into_iter()
        .find(|g| g.path == "/POPBILL_TEST/Token")
        .unwrap();

    let (http, tokens) = fake_popbill("2099-01-01T00:00:00.000Z");
    let client = client(http.clone());
    client.member().get_corp_info(&corp()).await.unwrap();
    assert_eq!(tokens.load(std::sync::atomic::Ordering::SeqCst), 1);
    let token_req = http.requests().into_iter().find(is_token_request).unwrap();
    assert_eq!(token_req.method.as_str(), "POST");
    assert_eq!(target(&token_req), golden.path);
    let ours: Value = serde_json::from_slice(&token_req.body).unwrap();
    assert_eq!(ours, golden.body_json);
    assert_eq!(
        &token_req.body[..],
        br#"{"access_id":"1234567890","scope":["member","110"]}"#,
        "compact body"
    );
    assert_eq!(token_req.header("x-lh-version"), Some("2.0"));
    assert!(token_req.header("x-lh-forwarded").is_none());
    let date = token_req.header("x-lh-date").unwrap();
    assert_eq!(date.len(), "2025-01-01T00:00:00Z".len());
    assert!(date.ends_with('Z') && date.as_bytes()[10] == b'T', "{date}");
    assert!(
        token_req
            .header("authorization")
            .unwrap()
            .starts_with("LINKHUB TESTER ")
    );
}

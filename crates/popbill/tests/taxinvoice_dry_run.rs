//! `RegistIssueCall::dry_run()` runs exactly the checks `regist_issue` runs before sending:
//! the client's Korean "today" (future and late write dates), its test-number setting, and
//! the CorpNum argument against `invoicerCorpNum`. For each case the dry run and the call
//! agree: the same violations and nothing sent, or `Ok` and the request sent.
#![allow(clippy::unwrap_used)]

mod support;

use popbill::model::codes::IssueType;
use popbill::model::rule;
use popbill::model::taxinvoice::Taxinvoice;
use popbill::model::{CorpNum, Validate, ValidationContext, ValidationErrors};
use popbill::transport::test_util::CaptureClient;
use popbill::{Error, Popbill};
use support::*;

/// Dry run and send of the same call; returns the dry run's result and whether a request
/// went out.
async fn both(
    client: &Popbill,
    http: &CaptureClient,
    corp: &CorpNum,
    inv: Taxinvoice,
    force: bool,
) -> (Result<(), ValidationErrors>, bool) {
    let before = api_requests(http).len();
    let call = client
        .taxinvoice()
        .regist_issue(corp, inv)
        .force_issue(force);
    let dry = call.dry_run();
    let sent = call.await;
    let went_out = api_requests(http).len() > before;
    match (&dry, sent) {
        (Ok(()), Ok(_)) => assert!(went_out, "the dry run passed: the request must be sent"),
        (Err(expected), Err(Error::Validation(got))) => {
            assert_eq!(
                &got, expected,
                "the call refuses with the dry run's violations"
            );
            assert!(!went_out, "nothing is sent after a validation error");
        }
        (dry, sent) => panic!("dry run {dry:?} disagrees with the call {sent:?}"),
    }
    (dry, went_out)
}

/// The context of a plain `validate()` that accepts the fixture's test business numbers:
/// no "today".
fn no_today() -> ValidationContext {
    ValidationContext::new().allow_test_corp_nums(true)
}

fn setup(allow_test: bool) -> (Popbill, CaptureClient) {
    let http = fake(default_answer);
    let client = Popbill::new(
        config(http.clone())
            .allow_test_corp_nums(allow_test)
            .build()
            .unwrap(),
    );
    (client, http)
}

#[tokio::test]
async fn today_kst_is_the_clients_korean_date() {
    let (client, _) = setup(true);
    // T0 = 2025-01-01T00:00:00Z = 09:00 in Korea.
    assert_eq!(client.today_kst().to_string(), "20250101");
    let ctx = client.validation_context();
    assert_eq!(
        ctx.today_kst.map(|d| d.to_string()).as_deref(),
        Some("20250101")
    );
}

#[tokio::test]
async fn the_golden_invoice_passes_and_is_sent() {
    let (client, http) = setup(true);
    let (dry, sent) = both(&client, &http, &corp(), golden_invoice("DRY-OK-1"), false).await;
    assert!(dry.is_ok() && sent);
}

#[tokio::test]
async fn a_future_write_date_is_refused_by_both_but_not_by_plain_validate() {
    let (client, http) = setup(true);
    let inv = golden_invoice("DRY-FUT-1").set_write_date("20250102");
    // Without a "today", plain validation cannot know the date is in the future.
    assert!(inv.validate_with(&no_today()).is_ok());
    assert!(inv.validate_with(&client.validation_context()).is_err());
    let (dry, _) = both(&client, &http, &corp(), inv, false).await;
    assert!(dry.unwrap_err().has("writeDate", rule::DATE));
}

#[tokio::test]
async fn a_late_write_date_is_refused_unless_forced() {
    let (client, http) = setup(true);
    // Written in October 2024: the deadline was 10 November; today is 1 January 2025.
    let inv = golden_invoice("DRY-LATE-1").set_write_date("20241015");
    assert!(inv.validate_with(&no_today()).is_ok());
    let (dry, _) = both(&client, &http, &corp(), inv.clone(), false).await;
    assert!(dry.unwrap_err().has("writeDate", rule::LATE));
    let (forced, sent) = both(&client, &http, &corp(), inv, true).await;
    assert!(forced.is_ok() && sent);
}

#[tokio::test]
async fn a_test_business_number_follows_the_clients_setting() {
    // 1234567890 fails the check digit: accepted by the test-bed default, refused when
    // the client says so, by the dry run and the call alike.
    let inv = golden_invoice("DRY-TEST-1");
    let (strict, http) = setup(false);
    let (dry, _) = both(&strict, &http, &corp(), inv.clone(), false).await;
    assert!(dry.unwrap_err().has("invoicerCorpNum", rule::CHECKSUM));
    let (lenient, http) = setup(true);
    let (dry, sent) = both(&lenient, &http, &corp(), inv, false).await;
    assert!(dry.is_ok() && sent);
}

#[tokio::test]
async fn the_corp_num_argument_must_be_the_invoicers() {
    let (client, http) = setup(true);
    let other = CorpNum::parse_unchecked("2208162517").unwrap();
    let (dry, _) = both(&client, &http, &other, golden_invoice("DRY-CORP-1"), false).await;
    assert!(dry.unwrap_err().has("invoicerCorpNum", rule::CONDITIONAL));
    // A reverse invoice is registered by the buyer: no such rule.
    let reverse = golden_reverse_invoice("DRY-CORP-2");
    assert_eq!(reverse.issue_type, Some(IssueType::Reverse));
    let call = client.taxinvoice().regist_issue(&other, reverse);
    assert!(
        !call
            .dry_run()
            .is_err_and(|e| e.has("invoicerCorpNum", rule::CONDITIONAL))
    );
}

#[tokio::test]
async fn skip_validation_skips_every_check() {
    let (client, http) = setup(false);
    let other = CorpNum::parse_unchecked("2208162517").unwrap();
    let inv = golden_invoice("DRY-SKIP-1").set_write_date("20250105");
    let call = client
        .taxinvoice()
        .regist_issue(&other, inv)
        .skip_validation();
    assert!(call.dry_run().is_ok());
    let before = api_requests(&http).len();
    call.await.unwrap();
    assert_eq!(api_requests(&http).len(), before + 1);
}

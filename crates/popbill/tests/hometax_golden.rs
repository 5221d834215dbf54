//! Golden conformance of HomeTax collection: for every `HTTaxinvoiceService.*` step of the
//! official Python SDK's capture, our client, given the same arguments, sends the same
//! request (method, path and query byte for byte, `X-HTTP-Method-Override`, `x-pb-userid`,
//! `x-pb-version`, `Content-Type`, the kind of `Authorization`, the JSON body with `null` ≡
//! absent) and asks for the same token scopes. HTCashbill is not in the capture; its requests
//! are checked against the documented wire form.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};

use common::golden::{self, Golden, assert_request_head, our_json_body, strip_nulls};
use common::{corp, json, target, token_answer};
use popbill::model::Date8;
use popbill::model::hometax::{
    DeptUserForm, HomeTaxDateType, HtCashbillQuery, HtTaxinvoiceQuery, InvoiceKindFilter,
    PurposeTypeFilter, QueryType, SortOrder, TaxRegIdType, TaxTypeFilter, TradeTypeFilter,
    TradeUsageFilter,
};
use popbill::transport::test_util::CaptureClient;
use popbill::{HttpRequest, Popbill};

const JOB: &str = "025010114000000001";
const NTS: &str = "20250101410000000000a1b2";
const UID: &str = "testkorea";

fn fake() -> (CaptureClient, Arc<Mutex<Vec<String>>>) {
    let scopes = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&scopes);
    let http = CaptureClient::scripted(move |_, req: &HttpRequest| {
        let t = target(req);
        if t.ends_with("/Token") {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
            seen.lock().unwrap().push(body["scope"].to_string());
            return Ok(token_answer("tok", "2025-01-01T03:00:00.000Z"));
        }
        if t == "/Time" {
            return Ok(popbill::HttpResponse::new(200, "2025-01-01T00:00:00Z"));
        }
        if t.ends_with("/JobList") {
            return Ok(json(200, "[]"));
        }
        if t.contains("TG=") || t.ends_with("/PopUp") || t.ends_with("/Print") {
            return Ok(json(200, r#"{"url":"https://popbill.example/x"}"#));
        }
        Ok(json(
            200,
            r#"{"code":1,"message":"OK","jobID":"025010114000000001"}"#,
        ))
    });
    (http, scopes)
}

fn client(http: CaptureClient) -> Popbill {
    Popbill::new(common::config_builder(http).build().unwrap())
}

async fn drive(c: &Popbill, step: &str) -> popbill::Result<()> {
    let ht = c.hometax_taxinvoice();
    let corp = corp();
    let d = |s: &str| Date8::parse(s).unwrap();
    let golden_query = || {
        let mut q = HtTaxinvoiceQuery::new();
        q.kinds = vec![InvoiceKindFilter::Normal, InvoiceKindFilter::Modified];
        q.tax_types = vec![
            TaxTypeFilter::Taxable,
            TaxTypeFilter::Exempt,
            TaxTypeFilter::ZeroRated,
        ];
        q.purpose_types = vec![
            PurposeTypeFilter::Receipt,
            PurposeTypeFilter::Claim,
            PurposeTypeFilter::Unspecified,
        ];
        q.tax_reg_id_type = Some(TaxRegIdType::Invoicer);
        q.tax_reg_id_yn = Some(true);
        q.tax_reg_ids = vec!["0001".into()];
        q.page = Some(1);
        q.per_page = Some(10);
        q.order = Some(SortOrder::Descending);
        q.search_string = Some("공급받는자 상호".into());
        q
    };
    match step {
        "requestJob" => {
            let id = ht
                .request_job(
                    &corp,
                    QueryType::Sell,
                    HomeTaxDateType::Sent,
                    d("20250101"),
                    d("20250131"),
                )
                .user_id(UID)
                .await?;
            assert_eq!(id, JOB);
        }
        "getJobState" => {
            let _ = ht.get_job_state(&corp, JOB).user_id(UID).await?;
        }
        "listActiveJob" => assert!(ht.list_active_job(&corp).user_id(UID).await?.is_empty()),
        "search" => {
            let _ = ht.search(&corp, JOB, &golden_query()).user_id(UID).await?;
        }
        "summary" => {
            let _ = ht.summary(&corp, JOB, &golden_query()).user_id(UID).await?;
        }
        "getTaxinvoice" => {
            let _ = ht.get_taxinvoice(&corp, NTS).user_id(UID).await?;
        }
        "getXML" => {
            let _ = ht.get_xml(&corp, NTS).user_id(UID).await?;
        }
        "getPopUpURL" => {
            let _ = ht.get_popup_url(&corp, NTS).user_id(UID).await?;
        }
        "getPrintURL" => {
            let _ = ht.get_print_url(&corp, NTS).user_id(UID).await?;
        }
        "getCertificatePopUpURL" => {
            let _ = ht.get_certificate_popup_url(&corp).user_id(UID).await?;
        }
        "getFlatRatePopUpURL" => {
            let _ = ht.get_flat_rate_popup_url(&corp).user_id(UID).await?;
        }
        "registDeptUser" => {
            let form = DeptUserForm::new("deptuser01", "deptpwd!234");
            ht.regist_dept_user(&corp, form).user_id(UID).await?;
        }
        "checkDeptUser" => {
            let _ = ht.check_dept_user(&corp).user_id(UID).await?;
        }
        "checkLoginDeptUser" => {
            let _ = ht.check_login_dept_user(&corp).user_id(UID).await?;
        }
        "deleteDeptUser" => {
            let _ = ht.delete_dept_user(&corp).user_id(UID).await?;
        }
        "checkCertValidation" => {
            let _ = ht.check_cert_validation(&corp).user_id(UID).await?;
        }
        "getCertificateExpireDate" => {
            drop(ht.get_certificate_expire_date(&corp).user_id(UID).await?)
        }
        "getFlatRateState" => {
            let _ = ht.get_flat_rate_state(&corp).user_id(UID).await?;
        }
        "getChargeInfo" => {
            let _ = ht.get_charge_info(&corp).user_id(UID).await?;
        }
        other => panic!("golden step {other} has no driver"),
    }
    Ok(())
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
        ],
    );
    let golden_body = (!g.body.is_empty()).then(|| strip_nulls(g.body_json.clone()));
    assert_eq!(our_json_body(g, ours), golden_body, "{}: body", g.step);
}

#[tokio::test]
async fn every_golden_hometax_request_is_reproduced() {
    let steps: Vec<Golden> = golden::load("HTTaxinvoiceService.")
        .into_iter()
        .filter(|g| g.path.starts_with("/HomeTax/"))
        .collect();
    assert_eq!(
        steps.len(),
        19,
        "one API request per HTTaxinvoice operation"
    );
    for g in &steps {
        let (http, scopes) = fake();
        let c = client(http.clone());
        drive(&c, &g.step)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", g.step));
        let ours: Vec<HttpRequest> = http
            .requests()
            .into_iter()
            .filter(|r| target(r).starts_with("/HomeTax/"))
            .collect();
        assert_eq!(ours.len(), 1, "{}: one API request", g.step);
        compare(g, &ours[0]);
        assert_eq!(
            scopes.lock().unwrap().as_slice(),
            [r#"["member","111"]"#],
            "{}: token scopes",
            g.step
        );
    }
}

#[tokio::test]
async fn cash_receipt_requests_follow_the_documented_wire_form() {
    let (http, scopes) = fake();
    let c = client(http.clone());
    let cb = c.hometax_cashbill();
    let corp = corp();
    let d = |s: &str| Date8::parse(s).unwrap();
    cb.request_job(&corp, QueryType::Buy, d("20250101"), d("20250331"))
        .await
        .unwrap();
    let mut q = HtCashbillQuery::new();
    q.trade_types = vec![TradeTypeFilter::Approval, TradeTypeFilter::Cancellation];
    q.trade_usages = vec![TradeUsageFilter::IncomeDeduction];
    q.page = Some(2);
    q.per_page = Some(1000);
    q.order = Some(SortOrder::Ascending);
    cb.search(&corp, JOB, &q).await.unwrap();
    cb.summary(&corp, JOB, &HtCashbillQuery::new())
        .await
        .unwrap();
    c.hometax_taxinvoice()
        .summary(&corp, JOB, &HtTaxinvoiceQuery::new())
        .await
        .unwrap();
    cb.get_job_state(&corp, JOB).await.unwrap();
    cb.regist_dept_user(
        &corp,
        DeptUserForm::new("cb-user", "pw").sec_auth("9001011"),
    )
    .await
    .unwrap();
    cb.delete_dept_user(&corp).await.unwrap();
    cb.get_flat_rate_state(&corp).await.unwrap();
    let reqs: Vec<HttpRequest> = http
        .requests()
        .into_iter()
        .filter(|r| target(r).starts_with("/HomeTax/"))
        .collect();
    let lines: Vec<String> = reqs
        .iter()
        .map(|r| format!("{} {}", r.method.as_str(), target(r)))
        .collect();
    assert_eq!(
        lines,
        [
            "POST /HomeTax/Cashbill/BUY?SDate=20250101&EDate=20250331",
            "GET /HomeTax/Cashbill/025010114000000001?TradeType=N,C&TradeUsage=P&Page=2&PerPage=1000&Order=A",
            "GET /HomeTax/Cashbill/025010114000000001/Summary?TradeType=",
            "GET /HomeTax/Taxinvoice/025010114000000001/Summary?Type=",
            "GET /HomeTax/Cashbill/025010114000000001/State",
            "POST /HomeTax/Cashbill/DeptUser",
            "POST /HomeTax/Cashbill/DeptUser",
            "GET /HomeTax/Cashbill/Contract",
        ]
    );
    assert_eq!(reqs[6].header("x-http-method-override"), Some("DELETE"));
    let body: serde_json::Value = serde_json::from_slice(&reqs[5].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"id": "cb-user", "pwd": "pw", "secAuth": "9001011"})
    );
    let scopes = scopes.lock().unwrap();
    // One token request per call here (the fake's tokens are already expired).
    let ti_scope = scopes
        .iter()
        .filter(|s| *s == r#"["member","111"]"#)
        .count();
    let cb_scope = scopes
        .iter()
        .filter(|s| *s == r#"["member","141"]"#)
        .count();
    assert_eq!((ti_scope, cb_scope), (1, scopes.len() - 1), "{scopes:?}");
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let (http, _) = fake();
    let c = client(http.clone());
    let ht = c.hometax_taxinvoice();
    let corp = corp();
    let d = |s: &str| Date8::parse(s).unwrap();
    let too_long = ht
        .request_job(
            &corp,
            QueryType::Buy,
            HomeTaxDateType::Sent,
            d("20250101"),
            d("20250401"),
        )
        .await
        .unwrap_err();
    assert!(too_long.to_string().contains("EDate"), "{too_long}");
    assert!(ht.get_job_state(&corp, "123").await.is_err());
    assert!(ht.get_taxinvoice(&corp, "short").await.is_err());
    let mut q = HtTaxinvoiceQuery::new();
    q.per_page = Some(5000);
    assert!(ht.search(&corp, JOB, &q).await.is_err());
    let secret = c
        .hometax_cashbill()
        .regist_dept_user(&corp, DeptUserForm::new("", "p".repeat(60)))
        .await
        .unwrap_err();
    assert!(!format!("{secret:?}{secret}").contains("pppp"));
    assert!(
        c.hometax_cashbill()
            .request_job(&corp, QueryType::Trustee, d("20250101"), d("20250102"))
            .await
            .is_err()
    );
    assert!(
        http.requests()
            .iter()
            .all(|r| !target(r).starts_with("/HomeTax/")),
        "nothing reached the server"
    );
}

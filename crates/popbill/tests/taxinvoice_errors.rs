//! Error paths of the Taxinvoice service: POPBiLL errors keep their code and message,
//! validation errors name every broken field and send nothing (not even a token request),
//! the per-call opt-outs work, and the list operations respect their limits.
#![allow(clippy::unwrap_used)]

mod support;

use popbill::model::codes::{IssueType, MgtKeyType, PurposeType, SearchDateType, TaxType};
use popbill::model::rule;
use popbill::model::taxinvoice::Taxinvoice;
use popbill::model::{Date8, MgtKey, SubmitId};
use popbill::taxinvoice::SearchQuery;
use popbill::{Error, ErrorCode, HttpResponse};
use serde_json::Value;
use support::*;

fn validation(e: Error) -> popbill::model::ValidationErrors {
    match e {
        Error::Validation(v) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn body(req: &popbill::HttpRequest) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

#[tokio::test]
async fn api_errors_keep_code_and_message() {
    let http = fake(|req| {
        if target(req).contains("PY-TI-0404") {
            json(
                400,
                r#"{"code":-11000005,"message":"해당 문서번호가 없습니다."}"#,
            )
        } else {
            json(200, r#"{"code":-11000001,"message":"처리할 수 없는 상태"}"#)
        }
    });
    let client = client(http.clone());
    let ti = client.taxinvoice();

    let e = ti
        .get_info(&corp(), MgtKeyType::Sell, &key("PY-TI-0404"))
        .await
        .unwrap_err();
    let api = e.as_api().expect("API error");
    assert_eq!(api.code(), ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND);
    assert_eq!(api.message(), "해당 문서번호가 없습니다.");
    assert_eq!(api.status(), 400);

    // A 200 answer carrying a negative code is an error too.
    let e = ti
        .cancel_issue(&corp(), MgtKeyType::Sell, &key("PY-TI-0001"))
        .memo("취소")
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(ErrorCode(-11000001)));
    assert_eq!(e.as_api().unwrap().message(), "처리할 수 없는 상태");
    assert!(e.to_string().contains("-11000001"), "{e}");
}

#[tokio::test]
async fn check_mgt_key_in_use_maps_not_found_to_false_and_keeps_other_errors() {
    let http = fake(|req| match target(req).rsplit('/').next().unwrap() {
        "USED" => json(200, r#"{"itemKey":"025010112000000001","stateCode":300}"#),
        "BLANK" => json(200, r#"{"itemKey":"","stateCode":null}"#),
        "FREE" => json(400, r#"{"code":-11000005,"message":"없음"}"#),
        _ => json(400, r#"{"code":-11000008,"message":"권한 없음"}"#),
    });
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let c = corp();
    assert!(
        ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &key("USED"))
            .await
            .unwrap()
    );
    assert!(
        !ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &key("BLANK"))
            .await
            .unwrap()
    );
    assert!(
        !ti.check_mgt_key_in_use(&c, MgtKeyType::Sell, &key("FREE"))
            .await
            .unwrap()
    );
    let e = ti
        .check_mgt_key_in_use(&c, MgtKeyType::Sell, &key("OTHER"))
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(ErrorCode(-11000008)));
}

#[tokio::test]
async fn an_invalid_invoice_is_refused_before_anything_is_sent() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let broken = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250230",
    )
    .set_invoicer_mgt_key("has space")
    .set_supply_cost_total(100)
    .set_tax_total(10)
    .set_total_amount(999);
    let e = client
        .taxinvoice()
        .regist_issue(&corp(), broken)
        .await
        .unwrap_err();
    assert!(!e.request_may_have_been_sent());
    let v = validation(e);
    for (path, r) in [
        ("writeDate", rule::DATE),
        ("invoicerMgtKey", rule::CHARSET),
        ("totalAmount", rule::TOTALS),
        ("invoicerCorpNum", rule::REQUIRED),
        ("invoiceeCorpName", rule::REQUIRED),
    ] {
        assert!(v.has(path, r), "{path} {r}: {v}");
    }
    assert_eq!(
        http.request_count(),
        0,
        "nothing sent, not even a token request"
    );
}

#[tokio::test]
async fn skip_validation_sends_the_invoice_as_is() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let broken = Taxinvoice::default()
        .set_invoicer_mgt_key("K-1")
        .set_total_amount(5);
    client
        .taxinvoice()
        .register(&corp(), broken.clone())
        .skip_validation()
        .await
        .unwrap();
    let sent = api_requests(&http);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        body(&sent[0]),
        serde_json::json!({"invoicerMgtKey": "K-1", "totalAmount": "5"})
    );
    let e = client
        .taxinvoice()
        .register(&corp(), broken)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)));
    assert_eq!(api_requests(&http).len(), 1);
}

#[tokio::test]
async fn test_business_numbers_per_call() {
    let http = fake(default_answer);
    let client = client(http.clone());
    // The test bed allows 1234567890 (wrong check digit) by default; a call can refuse it.
    let inv = golden_invoice("PY-TI-0101");
    let e = client
        .taxinvoice()
        .register(&corp(), inv.clone())
        .allow_test_corp_nums(false)
        .await
        .unwrap_err();
    assert!(validation(e).has("invoicerCorpNum", rule::CHECKSUM));
    client.taxinvoice().register(&corp(), inv).await.unwrap();

    let strict = popbill::Popbill::new(
        config(http.clone())
            .allow_test_corp_nums(false)
            .build()
            .unwrap(),
    );
    let e = strict
        .taxinvoice()
        .register(&corp(), golden_invoice("PY-TI-0102"))
        .await
        .unwrap_err();
    assert!(validation(e).has("invoicerCorpNum", rule::CHECKSUM));
    strict
        .taxinvoice()
        .register(&corp(), golden_invoice("PY-TI-0103"))
        .allow_test_corp_nums(true)
        .await
        .unwrap();
    assert_eq!(api_requests(&http).len(), 2);
}

#[tokio::test]
async fn late_issuance_needs_force_issue() {
    let http = fake(default_answer);
    let client = client(http.clone());
    // Written 2024-11-01: the deadline was 2024-12-10; "today" is 2025-01-01 in Korea.
    let late = golden_invoice("PY-TI-0201").set_write_date("20241101");
    let e = client
        .taxinvoice()
        .regist_issue(&corp(), late.clone())
        .await
        .unwrap_err();
    let v = validation(e);
    assert!(v.has("writeDate", rule::LATE), "{v}");
    assert_eq!(http.request_count(), 0);

    client
        .taxinvoice()
        .regist_issue(&corp(), late.clone())
        .force_issue(true)
        .await
        .unwrap();
    let sent = api_requests(&http);
    assert_eq!(body(&sent[0])["forceIssue"], Value::Bool(true));
    // Registering a draft is not issuing: no deadline rule.
    client.taxinvoice().register(&corp(), late).await.unwrap();

    // A write date in the future (Korean time) is refused.
    let future = golden_invoice("PY-TI-0202").set_write_date("20250102");
    let v = validation(
        client
            .taxinvoice()
            .regist_issue(&corp(), future)
            .await
            .unwrap_err(),
    );
    assert!(v.has("writeDate", rule::DATE), "{v}");
}

#[tokio::test]
async fn options_an_operation_does_not_take_are_refused() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let v = validation(
        ti.register(&corp(), golden_invoice("PY-TI-0301"))
            .memo("메모")
            .await
            .unwrap_err(),
    );
    assert!(v.has("memo", rule::CONDITIONAL), "{v}");
    let v = validation(
        ti.regist_request(&corp(), golden_reverse_invoice("PY-TI-0302"))
            .write_specification(true)
            .await
            .unwrap_err(),
    );
    assert!(v.has("writeSpecification", rule::CONDITIONAL), "{v}");
    let v = validation(
        ti.update(
            &corp(),
            MgtKeyType::Sell,
            &key("PY-TI-0303"),
            golden_invoice("PY-TI-0303"),
        )
        .deal_invoice_mgt_key(&key("STMT-1"))
        .await
        .unwrap_err(),
    );
    assert!(v.has("dealInvoiceMgtKey", rule::CONDITIONAL), "{v}");
    assert_eq!(http.request_count(), 0);

    // Where they belong they are sent; false flags are not.
    ti.register(&corp(), golden_invoice("PY-TI-0304"))
        .write_specification(true)
        .deal_invoice_mgt_key(&key("STMT-1"))
        .await
        .unwrap();
    ti.update(
        &corp(),
        MgtKeyType::Sell,
        &key("PY-TI-0304"),
        golden_invoice("PY-TI-0304"),
    )
    .write_specification(false)
    .await
    .unwrap();
    let sent = api_requests(&http);
    assert_eq!(body(&sent[0])["writeSpecification"], Value::Bool(true));
    assert_eq!(body(&sent[0])["dealInvoiceMgtKey"], "STMT-1");
    assert!(body(&sent[1]).get("writeSpecification").is_none());
}

#[tokio::test]
async fn memo_rules() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let k = key("PY-TI-0001");
    let v = validation(
        ti.cancel_issue(&corp(), MgtKeyType::Sell, &k)
            .memo("가".repeat(201))
            .await
            .unwrap_err(),
    );
    assert!(v.has("memo", rule::MAX_LENGTH), "{v}");
    let v = validation(
        ti.refuse(&corp(), MgtKeyType::Sell, &k)
            .email_subject("제목")
            .await
            .unwrap_err(),
    );
    assert!(v.has("emailSubject", rule::CONDITIONAL), "{v}");
    let v = validation(
        ti.issue(&corp(), MgtKeyType::Sell, &k)
            .email_subject("가".repeat(301))
            .await
            .unwrap_err(),
    );
    assert!(v.has("emailSubject", rule::MAX_LENGTH), "{v}");
    assert_eq!(http.request_count(), 0);

    // Without a memo the body is empty; with one it is {"memo": ...}.
    ti.accept(&corp(), MgtKeyType::Sell, &k).await.unwrap();
    ti.deny(&corp(), MgtKeyType::Sell, &k)
        .memo("거부")
        .await
        .unwrap();
    let sent = api_requests(&http);
    assert!(sent[0].body.is_empty());
    assert_eq!(body(&sent[1]), serde_json::json!({"memo": "거부"}));
}

#[tokio::test]
async fn key_types_and_keys_are_checked() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let v = validation(
        ti.get_info(&corp(), MgtKeyType::from("SALE"), &key("K"))
            .await
            .unwrap_err(),
    );
    assert!(v.has("KeyType", rule::RANGE), "{v}");
    assert!(MgtKey::parse("").is_err());
    assert!(MgtKey::parse(&"K".repeat(25)).is_err());
    let v = validation(
        ti.delete_file(&corp(), MgtKeyType::Sell, &key("K"), " ")
            .await
            .unwrap_err(),
    );
    assert!(v.has("FileID", rule::REQUIRED), "{v}");
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn mass_print_takes_at_most_100_keys() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let keys: Vec<MgtKey> = (0..101).map(|i| key(&format!("K-{i}"))).collect();
    let v = validation(
        ti.get_mass_print_url(&corp(), MgtKeyType::Sell, &keys)
            .await
            .unwrap_err(),
    );
    assert!(v.has("MgtKeyList", rule::TOO_MANY), "{v}");
    let v = validation(
        ti.get_mass_print_url(&corp(), MgtKeyType::Sell, &[])
            .await
            .unwrap_err(),
    );
    assert!(v.has("MgtKeyList", rule::REQUIRED), "{v}");
    assert_eq!(http.request_count(), 0);
    ti.get_mass_print_url(&corp(), MgtKeyType::Sell, &keys[..100])
        .await
        .unwrap();
    let sent = api_requests(&http);
    assert_eq!(sent.len(), 1);
    assert_eq!(body(&sent[0]).as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn get_infos_splits_long_lists_and_keeps_the_order() {
    // Each answer lists the keys it was asked for, as POPBiLL does.
    let http = fake(|req| {
        let asked: Vec<String> = serde_json::from_slice(&req.body).unwrap();
        let infos: Vec<Value> = asked
            .iter()
            .map(|k| serde_json::json!({"invoicerMgtKey": k, "stateCode": 300}))
            .collect();
        json(200, &Value::Array(infos).to_string())
    });
    let client = client(http.clone());
    let keys: Vec<MgtKey> = (0..2500).map(|i| key(&format!("K-{i:05}"))).collect();
    let call = client
        .taxinvoice()
        .get_infos(&corp(), MgtKeyType::Sell, &keys);
    assert_eq!(call.request_count(), 3);
    let infos = call.await.unwrap();
    let sent = api_requests(&http);
    let sizes: Vec<usize> = sent
        .iter()
        .map(|r| body(r).as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [1000, 1000, 500]);
    let got: Vec<&str> = infos
        .iter()
        .map(|i| i.invoicer_mgt_key.as_deref().unwrap())
        .collect();
    let want: Vec<&str> = keys.iter().map(MgtKey::as_str).collect();
    assert_eq!(got, want);

    let e = client
        .taxinvoice()
        .get_infos(&corp(), MgtKeyType::Sell, &[])
        .await
        .unwrap_err();
    assert!(validation(e).has("MgtKeyList", rule::REQUIRED));
    assert_eq!(api_requests(&http).len(), 3);
}

#[tokio::test]
async fn bulk_submit_limits_and_duplicates() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let id = SubmitId::parse("SUBMIT-1").unwrap();
    let v = validation(ti.bulk_submit(&corp(), &id, vec![]).await.unwrap_err());
    assert!(v.has("invoices", rule::REQUIRED), "{v}");
    let many: Vec<Taxinvoice> = (0..101)
        .map(|i| golden_invoice(&format!("B-{i}")))
        .collect();
    let v = validation(ti.bulk_submit(&corp(), &id, many).await.unwrap_err());
    assert!(v.has("invoices", rule::TOO_MANY), "{v}");
    let dup = vec![
        golden_invoice("B-1"),
        golden_invoice("B-1").set_write_date("2025-01-01"),
    ];
    let v = validation(ti.bulk_submit(&corp(), &id, dup).await.unwrap_err());
    assert!(v.has("invoices[1].invoicerMgtKey", rule::DUPLICATE), "{v}");
    assert!(v.has("invoices[1].writeDate", rule::DATE), "{v}");
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn bulk_submit_is_retried_with_the_same_submit_id_and_bytes() {
    // First attempt: a 503; the retry carries the same SubmitID, body and digest.
    let first = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let http = fake(move |req| {
        if req.header("x-pb-submit-id").is_none() {
            default_answer(req)
        } else if first.swap(false, std::sync::atomic::Ordering::SeqCst) {
            json(503, r#"{"code":-99999999,"message":"busy"}"#)
        } else {
            json(200, r#"{"code":1,"message":"OK","receiptID":"R-9"}"#)
        }
    });
    let client = client(http.clone());
    let id = SubmitId::parse("SUBMIT-RETRY").unwrap();
    let receipt = client
        .taxinvoice()
        .bulk_submit(
            &corp(),
            &id,
            vec![golden_invoice("B-1"), golden_invoice("B-2")],
        )
        .await
        .unwrap();
    assert_eq!(receipt.receipt_id.as_deref(), Some("R-9"));
    let sent = api_requests(&http);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    for name in [
        "x-pb-submit-id",
        "x-pb-message-digest",
        "x-http-method-override",
    ] {
        assert_eq!(sent[0].header(name), sent[1].header(name), "{name}");
    }
    assert_eq!(sent[0].header("x-http-method-override"), Some("BULKISSUE"));
    assert_eq!(body(&sent[0])["forceIssue"], Value::Bool(false));
}

#[tokio::test]
async fn search_query_errors_send_nothing() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let d = |s: &str| Date8::parse(s).unwrap();
    let q = SearchQuery::new(SearchDateType::Written, d("20250101"), d("20250901")).state(["3*"]);
    let v = validation(
        client
            .taxinvoice()
            .search(&corp(), MgtKeyType::Sell, &q)
            .await
            .unwrap_err(),
    );
    assert!(v.has("EDate", rule::RANGE), "{v}");
    assert!(v.has("State[0]", rule::FORMAT), "{v}");
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn attach_file_problems() {
    let http = fake(default_answer);
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let missing = std::env::temp_dir().join("popbill-ti-no-such-file-8d1f.txt");
    let v = validation(
        ti.attach_file(&corp(), MgtKeyType::Sell, &key("K"), &missing)
            .await
            .unwrap_err(),
    );
    assert!(v.has("FilePath", rule::REQUIRED), "{v}");
    let v = validation(
        ti.attach_file_binary(&corp(), MgtKeyType::Sell, &key("K"), " ", &b"x"[..])
            .await
            .unwrap_err(),
    );
    assert!(v.has("DisplayName", rule::REQUIRED), "{v}");
    assert_eq!(http.request_count(), 0);

    // A display name overrides the file's name; directories never leave the machine.
    let dir = std::env::temp_dir().join(format!("popbill-ti-attach-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("local-name.pdf");
    std::fs::write(&path, b"%PDF-1.4").unwrap();
    ti.attach_file(&corp(), MgtKeyType::Sell, &key("K"), &path)
        .await
        .unwrap();
    ti.attach_file(&corp(), MgtKeyType::Sell, &key("K"), &path)
        .display_name("견적서.pdf")
        .await
        .unwrap();
    let sent = api_requests(&http);
    let names: Vec<Option<String>> = sent
        .iter()
        .map(|r| {
            let parts = parse_multipart(&r.body, &boundary(r.header("content-type").unwrap()));
            assert_eq!(parts.len(), 1);
            assert_eq!(parts[0].content, b"%PDF-1.4");
            parts[0].filename.clone()
        })
        .collect();
    assert_eq!(
        names,
        [
            Some("local-name.pdf".to_owned()),
            Some("견적서.pdf".to_owned())
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn undecodable_answers_are_decode_errors() {
    let http = fake(|req| {
        if target(req).contains("cfg=CERT") {
            json(200, r#"{"certificateExpiration":"2030-12-31"}"#)
        } else {
            HttpResponse::new(200, "<html>maintenance</html>")
        }
    });
    let client = client(http.clone());
    let ti = client.taxinvoice();
    let e = ti
        .get_info(&corp(), MgtKeyType::Sell, &key("K"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    let e = ti.get_certificate_expire_date(&corp()).await.unwrap_err();
    match e {
        Error::Decode(d) => assert_eq!(d.path(), Some("certificateExpiration")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn get_pdf_returns_the_raw_bytes() {
    let pdf = b"%PDF-1.4\n\x00\xff binary".to_vec();
    let expected = pdf.clone();
    let http = fake(move |_| {
        HttpResponse::new(200, pdf.clone())
            .with_header("content-type", "application/pdf;charset=utf-8")
    });
    let client = client(http.clone());
    let bytes = client
        .taxinvoice()
        .get_pdf(&corp(), MgtKeyType::Sell, &key("K"))
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), expected.as_slice());
    assert_eq!(target(&api_requests(&http)[0]), "/Taxinvoice/SELL/K?PDF");
}

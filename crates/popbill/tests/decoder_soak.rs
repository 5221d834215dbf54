//! Property soak of the client's answer decoding, through the public API over an in-memory
//! transport: answers of any status and bytes, and real answers (the model's fixtures)
//! changed by structure-aware edits, to Taxinvoice and Cashbill reads and to the Linkhub
//! token request. Nothing panics and every result is one of the documented kinds:
//!
//! - 200 with a body that decodes as the operation's type, and no negative `code`: `Ok`, equal
//!   to what `serde_json` makes of the body (unknown keys ignored, unknown codes kept);
//! - a JSON object with a `code` (a negative one on 200, any on other statuses):
//!   [`Error::Api`];
//! - anything else: [`Error::Decode`] with the answer's status;
//! - a token answer that is not a 200 JSON object with a non-empty `session_token` string:
//!   [`Error::Auth`], never a decode error or a panic.
//!
//! Every test run: one short round (`POPBILL_FUZZ_CASES`, default 48 cases per property).
//! Time-bounded soak (fresh seeds round after round):
//!
//! ```text
//! POPBILL_FUZZ_MINUTES=10 cargo test -p popbill --test decoder_soak -- --ignored --nocapture
//! ```
//!
//! A failure's seed is saved in `proptest-regressions/decoder_soak.txt`; committed, it is
//! replayed first by every later run.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../popbill-model/tests/json_mutation/mod.rs"]
mod json_mutation;

use std::sync::{Arc, Mutex};

use json_mutation::{Edit, config, edits, mutate, named, value, with_unknown_keys};
use popbill::model::cashbill::{CashbillInfo, CashbillLog};
use popbill::model::codes::{MgtKeyType, SearchDateType};
use popbill::model::taxinvoice::{
    BulkTaxinvoiceResult, TISearchResult, Taxinvoice, TaxinvoiceInfo, TaxinvoiceLog,
};
use popbill::model::{Date8, MgtKey, SubmitId};
use popbill::taxinvoice::SearchQuery;
use popbill::transport::test_util::CaptureClient;
use popbill::{Error, HttpResponse, Popbill};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/decoder_soak.txt"
);

/// The reads whose answers are decoded, each with its answer type.
#[derive(Clone, Copy, Debug)]
enum Op {
    TaxinvoiceInfo,
    TaxinvoiceLogs,
    TaxinvoiceDetail,
    TaxinvoiceSearch,
    TaxinvoiceBulk,
    CashbillInfo,
    CashbillLogs,
}

const OPS: [Op; 7] = [
    Op::TaxinvoiceInfo,
    Op::TaxinvoiceLogs,
    Op::TaxinvoiceDetail,
    Op::TaxinvoiceSearch,
    Op::TaxinvoiceBulk,
    Op::CashbillInfo,
    Op::CashbillLogs,
];

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

impl Op {
    /// A real answer of this operation.
    fn answer(self) -> Value {
        match self {
            Op::TaxinvoiceInfo => fixture(include_str!(
                "../../popbill-model/tests/fixtures/taxinvoice_info.json"
            )),
            Op::TaxinvoiceLogs => {
                fixture(include_str!("../../popbill-model/tests/fixtures/logs.json"))
            }
            Op::TaxinvoiceDetail => fixture(include_str!(
                "../../popbill-model/tests/fixtures/detail_info.json"
            )),
            Op::TaxinvoiceSearch => fixture(include_str!(
                "../../popbill-model/tests/fixtures/search_result.json"
            )),
            Op::TaxinvoiceBulk => fixture(include_str!(
                "../../popbill-model/tests/fixtures/bulk_result.json"
            )),
            Op::CashbillInfo => json!({
                "itemKey": "025010113000000001", "mgtKey": "CB-1", "tradeDate": "20250101",
                "tradeDT": "20250101093000", "tradeType": "승인거래", "tradeUsage": "소득공제용",
                "taxationType": "과세", "totalAmount": "11000", "supplyCost": "10000",
                "tax": "1000", "serviceFee": "0", "stateCode": 304, "confirmNum": "TB0000001",
                "ntsresultCode": "0000", "printYN": false, "interOPYN": false
            }),
            Op::CashbillLogs => json!([
                {"docLogType": 300, "log": "발행", "procType": "연동", "procMemo": "",
                 "regDT": "20250101093000", "ip": "127.0.0.1"},
                {"docLogType": 304, "log": "국세청 전송완료", "procType": "시스템",
                 "regDT": "20250102100000"}
            ]),
        }
    }

    /// What `serde_json` makes of `body` as this operation's answer type (re-serialised).
    fn reference(self, body: &[u8]) -> Option<Value> {
        fn de<T: DeserializeOwned + Serialize>(body: &[u8]) -> Option<Value> {
            serde_json::from_slice::<T>(body)
                .ok()
                .map(|t| serde_json::to_value(t).unwrap())
        }
        match self {
            Op::TaxinvoiceInfo => de::<TaxinvoiceInfo>(body),
            Op::TaxinvoiceLogs => de::<Vec<TaxinvoiceLog>>(body),
            Op::TaxinvoiceDetail => de::<Taxinvoice>(body),
            Op::TaxinvoiceSearch => de::<TISearchResult>(body),
            Op::TaxinvoiceBulk => de::<BulkTaxinvoiceResult>(body),
            Op::CashbillInfo => de::<CashbillInfo>(body),
            Op::CashbillLogs => de::<Vec<CashbillLog>>(body),
        }
    }

    /// The call through the client; `Ok` re-serialised.
    async fn call(self, pb: &Popbill) -> Result<Value, Error> {
        fn ser<T: Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
            r.map(|t| serde_json::to_value(t).unwrap())
        }
        let corp = common::corp();
        let key = MgtKey::parse("KEY-1").unwrap();
        let ti = pb.taxinvoice();
        let cb = pb.cashbill();
        match self {
            Op::TaxinvoiceInfo => ser(ti.get_info(&corp, MgtKeyType::Sell, &key).await),
            Op::TaxinvoiceLogs => ser(ti.get_logs(&corp, MgtKeyType::Sell, &key).await),
            Op::TaxinvoiceDetail => ser(ti.get_detail_info(&corp, MgtKeyType::Sell, &key).await),
            Op::TaxinvoiceSearch => {
                let d = Date8::parse("20250101").unwrap();
                let q = SearchQuery::new(SearchDateType::Issued, d, d);
                ser(ti.search(&corp, MgtKeyType::Sell, q).await)
            }
            Op::TaxinvoiceBulk => {
                let id = SubmitId::parse("BULK-1").unwrap();
                ser(ti.get_bulk_result(&corp, &id).await)
            }
            Op::CashbillInfo => ser(cb.get_info(&corp, &key).await),
            Op::CashbillLogs => ser(cb.get_logs(&corp, &key).await),
        }
    }
}

/// True when `body` is a JSON object with a `code` member that is not a non-negative number:
/// the answers the client may read as a POPBiLL error even with status 200.
fn may_carry_error_code(body: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map
            .get("code")
            .is_some_and(|c| !c.as_f64().is_some_and(|n| n >= 0.0)),
        _ => false,
    }
}

fn has_code_member(body: &[u8]) -> bool {
    matches!(
        serde_json::from_slice::<Value>(body),
        Ok(Value::Object(map)) if map.contains_key("code")
    )
}

/// A client whose token requests get a valid token and whose other requests get `answer`.
fn client(answer: Arc<Mutex<HttpResponse>>) -> Popbill {
    common::client(CaptureClient::scripted(move |_, req| {
        if common::is_token_request(req) {
            Ok(common::json(
                200,
                r#"{"session_token":"tok","expiration":"2099-01-01T00:00:00.000Z"}"#,
            ))
        } else {
            Ok(answer.lock().unwrap().clone())
        }
    }))
}

/// The documented verdict for one answer to `op`.
fn check_answer(
    op: Op,
    status: u16,
    body: &[u8],
    got: Result<Value, Error>,
) -> Result<(), TestCaseError> {
    let reference = op.reference(body);
    match got {
        Ok(v) => {
            prop_assert_eq!(status, 200, "{:?} accepted status {}", op, status);
            prop_assert_eq!(Some(v), reference, "{:?}: not what serde_json reads", op);
        }
        Err(Error::Api(e)) => {
            prop_assert_eq!(e.status(), status);
            prop_assert!(
                has_code_member(body),
                "{:?}: Api error without a code: {}",
                op,
                e
            );
            if status == 200 {
                prop_assert!(e.code().value() < 0, "{}", e);
            }
        }
        Err(Error::Decode(e)) => {
            prop_assert_eq!(e.status(), status);
            if status == 200 {
                prop_assert!(
                    reference.is_none(),
                    "{:?}: decodable answer refused: {}",
                    op,
                    e
                );
            }
        }
        Err(other) => prop_assert!(false, "{:?}: undocumented result {:?}", op, other),
    }
    Ok(())
}

/// Statuses: mostly 200, the ones POPBiLL and gateways send, and any other.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        6 => Just(200u16),
        2 => prop::sample::select(vec![201u16, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503]),
        1 => 100u16..600,
    ]
}

/// Answers: any bytes, any JSON, an error object, or a real answer of any operation mutated.
fn answer_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (any::<i64>(), "\\PC{0,40}").prop_map(|(code, message)| {
            json!({"code": code, "message": message})
                .to_string()
                .into_bytes()
        }),
        (0..OPS.len(), edits(3)).prop_map(|(i, e)| serde_json::to_vec(&mutate(
            &OPS[i].answer(),
            &e
        ))
        .unwrap()),
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One round of every property with `default` cases each (or `POPBILL_FUZZ_CASES`).
fn round(default: u32) -> Result<(), String> {
    let rt = runtime();
    let answer = Arc::new(Mutex::new(HttpResponse::new(200, Vec::new())));
    let pb = client(answer.clone());

    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "any status and bytes",
        runner.run(
            &(0..OPS.len(), status(), answer_body()),
            |(i, status, body)| {
                *answer.lock().unwrap() = HttpResponse::new(status, body.clone());
                let got = rt.block_on(OPS[i].call(&pb));
                check_answer(OPS[i], status, &body, got)
            },
        ),
    )?;

    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "mutated real answers",
        runner.run(&(0..OPS.len(), edits(4)), |(i, edits)| {
            let op = OPS[i];
            let body = serde_json::to_vec(&mutate(&op.answer(), &edits)).unwrap();
            *answer.lock().unwrap() = HttpResponse::new(200, body.clone());
            let got = rt.block_on(op.call(&pb));
            if op.reference(&body).is_some() && !may_carry_error_code(&body) {
                prop_assert!(got.is_ok(), "{:?}: decodable answer refused: {:?}", op, got);
            }
            check_answer(op, 200, &body, got)
        }),
    )?;

    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "unknown keys are ignored",
        runner.run(&(0..OPS.len(), edits(4)), |(i, edits)| {
            let op = OPS[i];
            let original = op.answer();
            let body = serde_json::to_vec(&with_unknown_keys(&original, &edits)).unwrap();
            *answer.lock().unwrap() = HttpResponse::new(200, body);
            let got = rt.block_on(op.call(&pb));
            let want = op.reference(&serde_json::to_vec(&original).unwrap());
            prop_assert!(want.is_some(), "{:?}: the fixture decodes", op);
            prop_assert_eq!(got.ok(), want);
            Ok(())
        }),
    )?;

    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "unknown code values are kept",
        runner.run(
            &(any::<i64>(), "[A-Za-z가-힣0-9]{1,12}"),
            |(state, tax_type)| {
                let mut body = Op::TaxinvoiceInfo.answer();
                body["stateCode"] = json!(state);
                body["taxType"] = json!(tax_type);
                *answer.lock().unwrap() = HttpResponse::new(200, body.to_string());
                let info = rt
                    .block_on(
                        pb.taxinvoice()
                            .get_info(
                                &common::corp(),
                                MgtKeyType::Sell,
                                &MgtKey::parse("KEY-1").unwrap(),
                            )
                            .send(),
                    )
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(info.state_code.and_then(|s| s.code()), Some(state));
                prop_assert_eq!(
                    info.tax_type.map(|t| t.as_str().into_owned()),
                    Some(tax_type)
                );
                Ok(())
            },
        ),
    )?;

    let mut runner = TestRunner::new(config(default, REGRESSIONS));
    named(
        "token answers",
        runner.run(
            &(
                status(),
                prop_oneof![
                    answer_body(),
                    edits(3).prop_map(|e: Vec<Edit>| {
                        let token = json!({"session_token": "tok", "serviceID": "POPBILL_TEST",
                            "expiration": "2099-01-01T00:00:00.000Z", "scope": ["member", "110"]});
                        serde_json::to_vec(&mutate(&token, &e)).unwrap()
                    }),
                ],
            ),
            |(status, body)| {
                let answer = HttpResponse::new(status, body.clone());
                let info = Op::TaxinvoiceInfo.answer().to_string();
                let pb = common::client(CaptureClient::scripted(move |_, req| {
                    if common::is_token_request(req) || common::target(req) == "/Time" {
                        Ok(answer.clone())
                    } else {
                        Ok(common::json(200, &info))
                    }
                }));
                let got = rt.block_on(Op::TaxinvoiceInfo.call(&pb));
                let v: Option<Value> = serde_json::from_slice(&body).ok();
                let token = v
                    .as_ref()
                    .and_then(|v| v.get("session_token"))
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty());
                let well_formed = status == 200
                    && v.as_ref().is_some_and(Value::is_object)
                    && token.is_some()
                    && v.as_ref()
                        .and_then(|v| v.get("expiration"))
                        .is_none_or(|e| e.is_string() || e.is_null());
                match got {
                    // serde also reads a struct from a JSON array of its fields.
                    Ok(_) => prop_assert!(
                        status == 200
                            && (token.is_some() || v.as_ref().is_some_and(Value::is_array))
                    ),
                    Err(Error::Auth(_)) => prop_assert!(!well_formed, "a good token refused"),
                    Err(other) => prop_assert!(false, "undocumented result {:?}", other),
                }
                Ok(())
            },
        ),
    )
}

#[test]
fn the_fixtures_decode() {
    // The structure-aware properties start from answers the client fully understands.
    let rt = runtime();
    let answer = Arc::new(Mutex::new(HttpResponse::new(200, Vec::new())));
    let pb = client(answer.clone());
    for op in OPS {
        let body = op.answer().to_string();
        *answer.lock().unwrap() = HttpResponse::new(200, body.clone());
        let got = rt.block_on(op.call(&pb)).unwrap();
        assert_eq!(Some(got), op.reference(body.as_bytes()), "{op:?}");
    }
}

#[test]
fn an_array_is_not_read_as_a_code_and_message() {
    // Found by this soak: `[false]` was read as `{code, message}` (serde reads a struct from
    // an array of its fields) and reported as "POPBiLL error 0".
    let rt = runtime();
    let answer = Arc::new(Mutex::new(HttpResponse::new(200, Vec::new())));
    let pb = client(answer.clone());
    for (status, body) in [(201, "[false]"), (400, " [-5, \"x\"]"), (503, "[1]")] {
        *answer.lock().unwrap() = HttpResponse::new(status, body);
        match rt.block_on(Op::TaxinvoiceInfo.call(&pb)) {
            Err(Error::Decode(e)) => assert_eq!(e.status(), status),
            other => panic!("{status} {body}: {other:?}"),
        }
    }
}

json_mutation::soak_tests!(round, 48, 1_000);

#![allow(clippy::unwrap_used)]
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::utf8_percent_encode;
use popbill_model::{CorpNum, ValidationErrors};
use popbill_transport::Method;
use serde::Serialize;

use super::answer::{code_key, may_hold_negative_number, negative_code};
use super::body::{Body, Multipart};
use super::encode::{PATH_SEGMENT, QUERY_QUOTE, QUERY_RAW, push_seg, seg};
use super::request::{MAX_HEADERS, build_request};
use crate::auth::cache::SessionToken;
use crate::client::Popbill;
use crate::service::Service;

#[test]
fn query_encoding_modes() {
    let raw: String = utf8_percent_encode("3**,6**", QUERY_RAW).to_string();
    assert_eq!(raw, "3**,6**");
    let raw: String = utf8_percent_encode("a b&c=d#e+f%", QUERY_RAW).to_string();
    assert_eq!(raw, "a%20b%26c=d%23e%2Bf%25");
    let quoted: String = utf8_percent_encode("공급받는자 상호", QUERY_QUOTE).to_string();
    assert_eq!(
        quoted,
        "%EA%B3%B5%EA%B8%89%EB%B0%9B%EB%8A%94%EC%9E%90%20%EC%83%81%ED%98%B8"
    );
    assert_eq!(seg("a/b c"), "a%2Fb%20c");
    assert_eq!(seg("PY-TI_0001.x~"), "PY-TI_0001.x~");
    let mut path = String::from("/a/");
    push_seg(&mut path, "키 1");
    push_seg(&mut path, "/b");
    assert_eq!(path, "/a/%ED%82%A4%201%2Fb");
    // The shortcut and the encoder agree on every ASCII byte.
    for b in 0u8..128 {
        let text = char::from(b).to_string();
        let mut fast = String::new();
        push_seg(&mut fast, &text);
        assert_eq!(
            fast,
            utf8_percent_encode(&text, PATH_SEGMENT).to_string(),
            "{b}"
        );
    }
}

fn test_client() -> Popbill {
    Popbill::new(
        crate::Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
            .test(true)
            .api_url("http://h")
            .build()
            .unwrap(),
    )
}

/// Bulk digest vectors (Base64 of the SHA-1 of the exact body bytes).
#[test]
fn bulk_headers_digest_the_exact_body() {
    let client = test_client();
    #[derive(Serialize)]
    struct Bulk {
        #[serde(rename = "forceIssue")]
        force_issue: bool,
        invoices: Vec<u8>,
    }
    #[derive(Serialize)]
    struct Memo {
        memo: &'static str,
    }
    for (body, digest) in [
        (
            serde_json::to_value(Bulk {
                force_issue: false,
                invoices: vec![],
            })
            .unwrap(),
            "39z/v8vKiAPDbNySa6l7c/5ZuO0=",
        ),
        (
            serde_json::to_value(Memo { memo: "한글" }).unwrap(),
            "ddKoZZA16mVNex+jM5j0cJqPS7I=",
        ),
    ] {
        let b = client
            .op(Service::Taxinvoice, "T.bulk", Method::Post, "/Taxinvoice")
            .method_override("BULKISSUE")
            .bulk_body("SUBMIT-01", &body);
        let req = build_request(&client, &b.op, None, Some("u"), Duration::from_secs(1));
        assert_eq!(req.header("x-pb-message-digest"), Some(digest));
        assert_eq!(req.header("x-pb-submit-id"), Some("SUBMIT-01"));
        assert_eq!(req.header("x-http-method-override"), Some("BULKISSUE"));
        // The Python SDK's order; names lower-case, as HTTP/2 requires and hyper writes
        // HTTP/1 anyway (static lower-case names need no copy on the way to hyper).
        let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-pb-version",
                "content-type",
                "x-pb-message-digest",
                "x-pb-submit-id",
                "x-pb-userid",
                "x-http-method-override",
                "accept-encoding",
                "user-agent"
            ]
        );
    }
}

/// `build_request` reserves room for every header it sends: the vector never grows.
#[test]
fn header_vector_never_grows() {
    let plain = test_client();
    let with_language = Popbill::new(
        crate::Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
            .test(true)
            .api_url("http://h")
            .accept_language("en-US")
            .build()
            .unwrap(),
    );
    let token = SessionToken::new("t");
    let corp = CorpNum::parse_unchecked("1234567890").unwrap();
    for client in [&plain, &with_language] {
        let get = client
            .op(
                Service::Taxinvoice,
                "T.get",
                Method::Get,
                "/Taxinvoice/SELL/K",
            )
            .corp(&corp);
        let bulk = client
            .op(Service::Taxinvoice, "T.bulk", Method::Post, "/Taxinvoice")
            .method_override("BULKISSUE")
            .bulk_body("SUBMIT-01", &serde_json::json!({"a": 1}));
        let auth = client
            .op(
                Service::Taxinvoice,
                "T.point",
                Method::Get,
                "/POPBILL_TEST/Point",
            )
            .on_auth_host();
        for (op, bearer, user) in [
            (&get.op, Some(&token), None),
            (&get.op, None, Some("u")),
            (&bulk.op, Some(&token), Some("u")),
            (&bulk.op, None, None),
            (&auth.op, Some(&token), None),
            (&auth.op, None, None),
        ] {
            let req = build_request(client, op, bearer, user, Duration::from_secs(1));
            assert_eq!(req.headers.capacity(), MAX_HEADERS, "{}", op.name);
            assert!(req.headers.len() <= MAX_HEADERS, "{}", op.name);
        }
    }
}

#[test]
fn form_body_and_empty_override_header() {
    let client = test_client();
    let b = client
        .op(
            Service::Cashbill,
            "C.assign",
            Method::Post,
            "/Cashbill/0250",
        )
        .method_override("")
        .form_body("MgtKey=PY-1")
        .flag("Print")
        .query_quoted("Q", "a b");
    let req = build_request(&client, &b.op, None, None, Duration::from_secs(1));
    assert_eq!(req.url, "http://h/Cashbill/0250?Print&Q=a%20b");
    assert_eq!(req.header("x-http-method-override"), Some(""));
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(&req.body[..], b"MgtKey=PY-1");
    let v = client
        .op(Service::Cashbill, "C.x", Method::Post, "/x")
        .validate(&popbill_model::member::QuitRequest::new(""))
        .invalid(ValidationErrors::single("b", "required", "is required"));
    let errs = v.op.invalid.expect("recorded");
    assert!(errs.has("quitReason", "required") && errs.has("b", "required"));
}

#[test]
fn operation_debug_shows_no_body_content() {
    let client = test_client();
    let form = popbill_model::member::JoinForm::default().set_password("hunter2!@#");
    let v = client
        .op(
            Service::Taxinvoice,
            "Member.joinMember",
            Method::Post,
            "/Join",
        )
        .json_body(&form);
    let printed = format!("{:?}", v.op);
    assert!(
        printed.contains("Json(") && printed.contains(" bytes)"),
        "{printed}"
    );
    assert!(!printed.contains("hunter2"), "{printed}");
    let bulk = Body::Bulk {
        json: Bytes::from_static(b"{\"secret\":1}"),
        submit_id: "S-1".into(),
    };
    assert_eq!(
        format!("{bulk:?}"),
        r#"Bulk { bytes: 12, submit_id: "S-1" }"#
    );
    let multipart = Multipart::new().text_part("form", b"private");
    assert!(!format!("{multipart:?}").contains("private"));
    assert!(!format!("{:?}", multipart.finish()).contains("private"));
}

#[test]
fn negative_code_detection() {
    assert!(negative_code(br#"{"code":-11000005,"message":"x"}"#).is_some());
    assert!(negative_code(br#" {"message":"x","code":"-1"}"#).is_some());
    assert!(negative_code(br#"{"code":1,"message":"ok"}"#).is_none());
    assert!(negative_code(br#"{"code":0}"#).is_none());
    assert!(negative_code(br#"[{"code":-1}]"#).is_none());
    assert!(negative_code(br#"{"remainPoint":10}"#).is_none());
    assert!(negative_code(br#"{"code":7,"message":"no minus sign"}"#).is_none());
    assert!(negative_code(br#"{"message":"-","code":-7}"#).is_some());
    assert!(negative_code(b"%PDF-1.4").is_none());
    assert!(negative_code(br#"{"date":"2025-01-01","code":5}"#).is_none());
    // Whitespace before the minus sign of a string code, raw or escaped, as the lenient
    // code parser trims it.
    assert!(negative_code(br#"{"code":" -3"}"#).is_some());
    assert!(negative_code(br#"{"code":"\t-3"}"#).is_some());
    assert!(negative_code(br#"{"code":"\u3000-3"}"#).is_some());
    assert!(negative_code("{\"code\":\"\u{3000}-3\"}".as_bytes()).is_some());
    assert!(negative_code(br#"{"mgtKey":"INV-1","code":1}"#).is_none());
    assert!(!may_hold_negative_number(b"INV-2025-01-01 a-b"));
    assert!(may_hold_negative_number(b"-1"));
    assert!(may_hold_negative_number(b"x:-1"));
    assert!(may_hold_negative_number(br#""\n-1""#));
    assert!(!may_hold_negative_number(b""));
    assert!(negative_code(br#"{"inner":{"code":1},"code":-5,"message":"m"}"#).is_some());
    assert_eq!(code_key(b"ab\"code\""), Some(2));
    assert_eq!(code_key(b"{\"x\":\"cc\",\"code\":1}"), Some(10));
    assert_eq!(code_key(b"\"cod\"e\""), None);
    assert_eq!(code_key(b"\"code"), None);
    assert_eq!(code_key(b""), None);
    // Long bodies take the vectorised path: a key near the end, quotes everywhere else.
    let mut long = br#"{"a":"c","#.repeat(200);
    assert_eq!(code_key(&long), None);
    long.extend_from_slice(br#""code":-1}"#);
    assert_eq!(code_key(&long), Some(long.len() - 10));
    assert!(
        negative_code(&[b"{", &long[..]].concat()).is_none(),
        "not valid JSON"
    );
}

#[test]
fn multipart_layout() {
    let body = Multipart::new()
        .text_part("form", br#"{"a":1}"#)
        .file_part("Filedata", "C:\\dir\\\"x\".txt", b"HELLO")
        .finish();
    let Body::Multipart { boundary, bytes } = body else {
        panic!("multipart");
    };
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert_eq!(
        text,
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{{\"a\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"Filedata\"; filename=\"x.txt\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nHELLO\r\n--{b}--\r\n",
            b = boundary
        )
    );
}

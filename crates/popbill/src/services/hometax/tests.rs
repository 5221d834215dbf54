//! The department user's ID and password of RegistDeptUser: the serialised request body is
//! overwritten with zeros once the call is done with it (after success, after a retry, after
//! an error), and neither the call's nor the error's `Debug` shows them.
//!
//! The transport double looks at each body in place and keeps nothing of the request; the
//! pipeline's test hook reports every secret buffer it wiped (address, length, capacity,
//! whether it was all zeros afterwards), so the test checks that the very buffer the
//! transport was given was wiped by the time the call returned.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use popbill_model::CorpNum;
use popbill_model::hometax::DeptUserForm;
use popbill_transport::{
    HttpClient, HttpRequest, HttpResponse, Method, TransportError, TransportErrorKind,
};

use super::HomeTaxKind;
use crate::pipeline::wipes;
use crate::{Error, Popbill, RetryPolicy};

const ID: &str = "dept-id-Kq7wZ2";
const PWD: &str = "pw-Vx93!hJ-secret";

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// One RegistDeptUser body as the transport saw it.
#[derive(Clone, Copy, Debug)]
struct Seen {
    addr: usize,
    len: usize,
    /// Whether it held the ID and the password (so the check is about the right buffer).
    secret: bool,
}

/// Answers token requests and GETs; answers each RegistDeptUser attempt with `answer`.
struct Double {
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: fn(usize) -> Result<HttpResponse, TransportError>,
    /// The two secrets a body must hold to count as the secret one.
    secrets: [&'static str; 2],
}

impl std::fmt::Debug for Double {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Double")
    }
}

fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body.to_owned()).with_header("content-type", "application/json")
}

#[async_trait::async_trait]
impl HttpClient for Double {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if req.url.ends_with("/Token") {
            return Ok(json(
                200,
                r#"{"session_token":"tok","serviceID":"POPBILL_TEST","linkID":"TESTER","usercode":"u","ipaddress":"*","expiration":"2099-01-01T00:00:00.000Z","scope":["member","111"]}"#,
            ));
        }
        if req.method == Method::Get {
            return ok(0);
        }
        let body = &req.body;
        let attempt = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(Seen {
                addr: body.as_ptr() as usize,
                len: body.len(),
                secret: self.secrets.iter().all(|s| contains(body, s)),
            });
            seen.len() - 1
        };
        // `req` (and its reference to the body) is dropped on return.
        (self.answer)(attempt)
    }
}

fn ok(_: usize) -> Result<HttpResponse, TransportError> {
    Ok(json(200, r#"{"code":1,"message":"registered"}"#))
}

fn refused_then_ok(attempt: usize) -> Result<HttpResponse, TransportError> {
    match attempt {
        0 => Err(TransportError::new(TransportErrorKind::Connect, "refused")),
        _ => ok(attempt),
    }
}

fn rejected(_: usize) -> Result<HttpResponse, TransportError> {
    Ok(json(
        400,
        r#"{"code":-11100022,"message":"department user of another business"}"#,
    ))
}

/// A client on `double` with fast retries.
fn client(double: Double) -> Popbill {
    let config = crate::Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        .test(true)
        .auth_url("http://h")
        .api_url("http://h")
        .token_refresh_jitter(Duration::ZERO)
        .retry_policy(
            RetryPolicy::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
        .http_client(double)
        .build()
        .unwrap();
    Popbill::new(config)
}

fn corp() -> CorpNum {
    CorpNum::parse_unchecked("1234567890").unwrap()
}

/// Registers the department user through a fresh client on `answer`; returns the outcome,
/// the bodies the transport saw and the buffers the pipeline wiped during the registration.
async fn register(
    answer: fn(usize) -> Result<HttpResponse, TransportError>,
) -> (
    Result<popbill_model::Response, Error>,
    Vec<Seen>,
    Vec<wipes::Wipe>,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let double = Double {
        seen: seen.clone(),
        answer,
        secrets: [ID, PWD],
    };
    let client = client(double);
    wipes::take();
    let call = client
        .hometax(HomeTaxKind::Taxinvoice)
        .regist_dept_user(&corp(), DeptUserForm::new(ID, PWD));
    let shown = format!("{call:?}");
    assert!(!shown.contains(ID) && !shown.contains(PWD), "{shown}");
    let outcome = call.await;
    let wiped = wipes::take();
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    (outcome, seen, wiped)
}

/// Exactly one secret buffer was wiped: the one every attempt sent, all zeros afterwards,
/// exactly as large as the body (no reallocation left a partial copy behind).
fn assert_wiped(what: &str, seen: &[Seen], wiped: &[wipes::Wipe]) {
    assert!(!seen.is_empty(), "{what}: no body reached the transport");
    assert!(
        seen.iter().all(|s| s.secret),
        "{what}: the body did not carry the ID and the password, so nothing was checked"
    );
    let [w] = wiped else {
        panic!("{what}: expected one wiped buffer by the time the call returned, got {wiped:?}");
    };
    assert!(
        seen.iter().all(|s| s.addr == w.addr && s.len == w.len),
        "{what}: the wiped buffer {w:?} is not the one sent {seen:?}"
    );
    assert!(
        w.zeroed,
        "{what}: the buffer was not all zeros after the wipe"
    );
    assert_eq!(w.capacity, w.len, "{what}: the body was not sized exactly");
}

#[tokio::test]
async fn the_registration_body_is_wiped_after_success() {
    let (outcome, seen, wiped) = register(ok).await;
    assert_eq!(outcome.unwrap().code, 1);
    assert_eq!(seen.len(), 1);
    assert_wiped("success", &seen, &wiped);
}

#[tokio::test]
async fn the_registration_body_is_sent_again_unchanged_and_wiped_once_after_a_retry() {
    let (outcome, seen, wiped) = register(refused_then_ok).await;
    assert_eq!(outcome.unwrap().code, 1);
    assert_eq!(seen.len(), 2, "one retry");
    assert_wiped("retry", &seen, &wiped);
}

#[tokio::test]
async fn the_registration_body_is_wiped_after_an_error_that_names_neither_secret() {
    let (outcome, seen, wiped) = register(rejected).await;
    let e = outcome.unwrap_err();
    let shown = format!("{e} / {e:?}");
    assert!(shown.contains("-11100022"), "{shown}");
    assert!(!shown.contains(ID) && !shown.contains(PWD), "{shown}");
    assert_wiped("error", &seen, &wiped);
}

#[tokio::test]
async fn other_bodies_are_not_treated_as_secret() {
    // The hook reports secret buffers only: a lookup wipes nothing, so the checks above are
    // about the registration body and not any buffer.
    let double = Double {
        seen: Arc::default(),
        answer: ok,
        secrets: [ID, PWD],
    };
    let client = client(double);
    wipes::take();
    client
        .hometax(HomeTaxKind::Cashbill)
        .delete_dept_user(&corp())
        .await
        .unwrap();
    assert_eq!(wipes::take(), vec![]);
}

#[tokio::test]
async fn a_new_members_password_is_wiped_too() {
    // JoinMember (like RegistContact and UpdateContact) carries a login password the same way.
    const USER: &str = "newuser01";
    const PASS: &str = "Vx93hJsecret!";
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = client(Double {
        seen: seen.clone(),
        answer: ok,
        secrets: [USER, PASS],
    });
    let form = popbill_model::member::JoinForm::default()
        .set_id(USER)
        .set_password(PASS)
        .set_corp_num("0000000001")
        .set_ceo_name("대표자")
        .set_corp_name("상호")
        .set_addr("주소")
        .set_biz_type("업태")
        .set_biz_class("종목")
        .set_contact_name("담당자")
        .set_contact_email("a@test.com")
        .set_contact_tel("070-0000-0000");
    wipes::take();
    client.member().join_member(&form).await.unwrap();
    let wiped = wipes::take();
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert_wiped("joinMember", &seen, &wiped);
}

#[test]
fn debug_of_the_form_redacts_id_password_and_sec_auth() {
    let form = DeptUserForm::new(ID, PWD).sec_auth("9001011234567");
    let shown = format!("{form:?} {form:#?}");
    assert!(shown.contains("<redacted>"), "{shown}");
    for secret in [ID, PWD, "9001011234567"] {
        assert!(!shown.contains(secret), "Debug shows {secret:?}: {shown}");
    }
}

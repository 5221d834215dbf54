//! Tracing of the request pipeline: operation names, attempts, retries and renewals are
//! visible; secrets never are.
//!
//! This test lives alone in its own binary: it installs a thread-scoped subscriber, and
//! tracing's per-callsite interest cache is shared by the whole process, so tests running in
//! parallel threads without a subscriber could make it miss events.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};

use common::{client, corp, is_token_request, json, popbill_answer, token_answer};
use popbill::transport::test_util::scripted_fn;

#[tokio::test]
async fn tracing_names_operations_and_never_secrets() {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A refused token (renewed), then a 503 (retried), so that every event fires.
    let fake = scripted_fn({
        let n = Arc::new(Mutex::new(0));
        let api = Arc::new(Mutex::new(0));
        move |_, req| {
            if is_token_request(req) {
                let mut g = n.lock().unwrap();
                *g += 1;
                return Ok(token_answer(
                    &format!("secret-token-{g}"),
                    "2099-01-01T00:00:00.000Z",
                ));
            }
            if common::bearer(req).as_deref() == Some("secret-token-1") {
                return Ok(json(401, r#"{"code":-10000033,"message":"expired"}"#));
            }
            let mut a = api.lock().unwrap();
            *a += 1;
            if *a == 1 {
                return Ok(json(503, r#"{"code":-1,"message":"busy"}"#));
            }
            Ok(popbill_answer(req))
        }
    });
    let client = client(fake);
    client
        .member()
        .get_corp_info(&corp())
        .user_id("testkorea")
        .await
        .unwrap();
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("Member.getCorpInfo"), "{text}");
    // Each attempt's span carries its number, the answer's status and POPBiLL code, once.
    assert!(
        text.contains("popbill.attempt{attempt=1 http.status=401 popbill.code=-10000033}"),
        "{text}"
    );
    assert!(
        text.contains("popbill.attempt{attempt=2 http.status=503 popbill.code=-1}"),
        "{text}"
    );
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("renewing"), "{text}");
    assert!(text.contains("1234567890"), "{text}");
    assert!(!text.contains("secret-token"), "{text}");
    assert!(!text.contains(common::KEY), "{text}");
    assert!(!text.contains("LINKHUB TESTER"), "{text}");
}

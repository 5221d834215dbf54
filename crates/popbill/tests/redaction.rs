//! Debug and Display of the configuration, the client and every error variant contain
//! neither the SecretKey nor a session token. The exact texts are pinned as insta snapshots
//! (`tests/snapshots/`); CI runs with `CI=true`, so a missing snapshot fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{
    KEY, client, config_builder, corp, is_time_request, is_token_request, json, token_answer,
};
use popbill::model::member::JoinForm;
use popbill::transport::TransportErrorKind;
use popbill::transport::test_util::{CaptureClient, NeverClient, scripted_fn};
use popbill::{Error, HttpResponse, Popbill, TransportError};

const TOKEN: &str = "SESSION-TOKEN-must-not-leak";

/// Every spelling of the secret a leak could take.
fn assert_clean(what: &str, text: &str) {
    for secret in [
        KEY,
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        TOKEN,
        "LINKHUB TESTER ",
    ] {
        assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
    }
}

fn check(name: &str, text: String) {
    assert_clean(name, &text);
    insta::assert_snapshot!(name, text);
}

/// Answers token requests with [`TOKEN`] and API requests with `api`.
fn with_token(api: HttpResponse) -> CaptureClient {
    scripted_fn(move |_, req| {
        if is_token_request(req) {
            return Ok(token_answer(TOKEN, "2099-01-01T00:00:00.000Z"));
        }
        Ok(api.clone())
    })
}

#[tokio::test]
async fn config_and_client() {
    let (fake, _) = common::fake_popbill("2099-01-01T00:00:00.000Z");
    let config = config_builder(fake.clone()).build().unwrap();
    check("config_debug", format!("{config:#?}"));
    let client = Popbill::new(config);
    client.member().get_corp_info(&corp()).await.unwrap();
    check("client_debug", format!("{client:#?}"));
    let builder = popbill::Config::builder("TESTER", KEY).test(true);
    check("config_builder_debug", format!("{builder:?}"));
    let key = popbill::SecretKey::new(KEY).unwrap();
    check("secret_key", format!("{key:?} / {key}"));
    let call = client.member().get_corp_info(&corp()).user_id("testkorea");
    check("call_debug", format!("{call:?}"));
}

async fn error_of(http: CaptureClient, f: impl AsyncFnOnce(Popbill) -> Error) -> Error {
    f(client(http)).await
}

fn both(e: &Error) -> String {
    format!("Display: {e}\nDebug: {e:#?}")
}

// Paused clock: the Timeout case below races a 20 ms attempt timer against a 30 ms operation
// deadline, and only tokio's paused clock makes the operation deadline win every time.
#[tokio::test(start_paused = true)]
async fn every_error_variant() {
    // Api: a POPBiLL code and message.
    let e = error_of(
        with_token(json(
            400,
            r#"{"code":-11000005,"message":"존재하지 않는 문서번호"}"#,
        )),
        async |c| c.member().get_corp_info(&corp()).await.unwrap_err(),
    )
    .await;
    assert!(matches!(e, Error::Api(_)));
    check("error_api", both(&e));

    // Auth: a refused token request, investigated as clock skew.
    let clock = common::ManualClock::at(common::T0 + 600);
    let http = scripted_fn(|_, req| {
        if is_time_request(req) {
            return Ok(HttpResponse::new(200, "2025-01-01T00:00:00Z"));
        }
        Ok(json(
            401,
            r#"{"code":-99010004,"message":"요청 시간 오류"}"#,
        ))
    });
    let skewed = Popbill::new(
        config_builder(http)
            .shared_time_source(clock)
            .build()
            .unwrap(),
    );
    let e = skewed
        .member()
        .get_corp_info(&corp())
        .no_retry()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(_)));
    check("error_auth_clock_skew", both(&e));

    // Auth: a token answer that leaks the token next to a broken field.
    let http = scripted_fn(|_, _| {
        Ok(json(
            200,
            &format!(r#"{{"session_token":"","junk":"{TOKEN}"}}"#),
        ))
    });
    let e = client_err(http).await;
    check("error_auth_invalid_answer", both(&e));

    // Validation.
    let (fake, _) = common::fake_popbill("2099-01-01T00:00:00.000Z");
    let e = client(fake)
        .member()
        .join_member(&JoinForm::default().set_password("pw"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)));
    check("error_validation", both(&e));

    // Transport.
    let http = scripted_fn(|_, req| {
        if is_token_request(req) {
            return Ok(token_answer(TOKEN, "2099-01-01T00:00:00.000Z"));
        }
        Err(TransportError::new(
            TransportErrorKind::Connect,
            "connection refused",
        ))
    });
    let e = client(http)
        .member()
        .get_corp_info(&corp())
        .no_retry()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)));
    check("error_transport", both(&e));

    // Timeout.
    let hanging = Popbill::new(
        config_builder(NeverClient::new())
            .attempt_timeout(Duration::from_millis(20))
            .operation_timeout(Duration::from_millis(30))
            .build()
            .unwrap(),
    );
    let e = hanging.member().check_is_member(&corp()).await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)));
    check("error_timeout", both(&e));

    // Decode: an answer that contains a session token is redacted in the snippet.
    let e = error_of(
        with_token(json(
            200,
            &format!(r#"{{"session_token":"{TOKEN}","list":1}}"#),
        )),
        async |c| c.member().list_contact(&corp()).await.unwrap_err(),
    )
    .await;
    assert!(matches!(e, Error::Decode(_)));
    check("error_decode", both(&e));
}

async fn client_err(http: CaptureClient) -> Error {
    client(http)
        .member()
        .get_corp_info(&corp())
        .no_retry()
        .await
        .unwrap_err()
}

/// A gateway or an echo page in front of Linkhub/POPBiLL may repeat the request's
/// `Authorization` header in a body the client cannot decode: the error's excerpt of that
/// body keeps neither the bearer token nor the Linkhub signature.
#[tokio::test]
async fn echoed_credentials_in_undecodable_answers() {
    // An API answer that echoes `Authorization: Bearer <token>` (Decode).
    let e = error_of(
        with_token(HttpResponse::new(
            502,
            format!("<html>Bad Gateway. Authorization: Bearer {TOKEN}</html>"),
        )),
        async |c| {
            c.member()
                .get_corp_info(&corp())
                .no_retry()
                .await
                .unwrap_err()
        },
    )
    .await;
    assert!(matches!(e, Error::Decode(_)));
    check("error_decode_echoed_bearer", both(&e));

    // A refused token request whose answer echoes `Authorization: LINKHUB <LinkID> <sig>`.
    let http = scripted_fn(|_, req| {
        let auth = req.header("authorization").unwrap_or_default();
        Ok(HttpResponse::new(
            403,
            format!("Forbidden. Request headers: Authorization: {auth}; x-lh-version: 2.0"),
        ))
    });
    let e = client_err(http).await;
    assert!(matches!(e, Error::Auth(_)));
    check("error_auth_echoed_signature", both(&e));

    // The token answer's field in other spellings: form-encoded, single-quoted, other case.
    for (name, body) in [
        ("form", format!("session_token={TOKEN}&expiration=x")),
        ("single_quoted", format!("{{'session_token': '{TOKEN}'}}")),
        ("upper_case", format!(r#"{{"SESSION_TOKEN":"{TOKEN}"}}"#)),
    ] {
        let e = error_of(with_token(json(200, &body)), async |c| {
            c.member().list_contact(&corp()).await.unwrap_err()
        })
        .await;
        assert!(matches!(e, Error::Decode(_)), "{name}");
        assert_clean(name, &both(&e));
    }
}

/// A gateway that echoes the `Authorization` header into the `message` of a `{code,
/// message}` answer: the API and auth errors keep the message without the credential, and a
/// message of 20 MB is kept as a short excerpt only.
#[tokio::test]
async fn echoed_credentials_in_error_messages() {
    let e = error_of(
        with_token(json(
            401,
            &format!(r#"{{"code":-10000033,"message":"rejected Authorization: Bearer {TOKEN}"}}"#),
        )),
        async |c| {
            c.member()
                .get_corp_info(&corp())
                .no_retry()
                .await
                .unwrap_err()
        },
    )
    .await;
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    assert_clean("api message", &both(&e));
    assert!(e.to_string().contains("Bearer ***"), "{e}");

    let http = scripted_fn(|_, req| {
        let auth = req.header("authorization").unwrap_or_default();
        Ok(json(
            403,
            &format!(r#"{{"code":-99010007,"message":"signature mismatch: {auth}"}}"#),
        ))
    });
    let e = client_err(http).await;
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_clean("auth message", &both(&e));

    let huge = "x".repeat(20 << 20);
    let e = error_of(
        with_token(json(
            400,
            &format!(r#"{{"code":-11000001,"message":"{huge}"}}"#),
        )),
        async |c| c.member().get_corp_info(&corp()).await.unwrap_err(),
    )
    .await;
    let kept = e.as_api().expect("api error").message();
    assert!(kept.len() <= 4 * 501, "kept {} bytes", kept.len());
    assert!(both(&e).len() < 4_000);
}

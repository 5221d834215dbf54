//! Property tests: the request parsers take arbitrary bytes and text from the network and must
//! answer `Ok` or `Err`, never panic. Each property runs 256 cases.

use std::net::SocketAddr;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use proptest::prelude::*;

use super::{Query, Req, accepts_gzip, is_plain_host, json, multipart};
use crate::auth::signature::parse_linkhub_authorization;
use popbill_model::parse_utc_millis;

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// Text biased toward the characters the parsers split on, plus arbitrary Unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just("%".to_owned()),
        Just("%FF".to_owned()),
        Just("%EA%B3".to_owned()),
        Just("+".to_owned()),
        Just(",".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(":".to_owned()),
        Just(";".to_owned()),
        Just("\r\n".to_owned()),
        Just("--".to_owned()),
        Just("한".to_owned()),
        "[a-zA-Z0-9]{0,4}",
        any::<String>().prop_map(|s| s.chars().take(3).collect()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn peer() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 1))
}

/// Exercises every accessor of a parsed query with a key from the input.
fn poke_query(q: &Query, key: &str) {
    let _ = q.flag(key);
    let _ = q.get(key);
    let _ = q.require(key);
    let _ = q.list(key);
    let _ = q.int(key, 1, i64::MAX);
    let _ = q.int(key, i64::MIN, i64::MAX);
    let _ = q.boolean(key);
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn query_parse_never_panics(raw in tricky_text(), key in tricky_text()) {
        if let Ok(q) = Query::parse(&raw) {
            poke_query(&q, &key);
            for k in ["Page", "PerPage", "State", "QString", "SendYN", "TG"] {
                poke_query(&q, k);
            }
        }
    }

    #[test]
    fn query_ints_respect_their_range(v in any::<i64>(), min in any::<i64>(), span in 0i64..1000) {
        let max = min.saturating_add(span);
        let q = Query::parse(&format!("N={v}")).expect("plain digits parse");
        match q.int("N", min, max) {
            Ok(Some(n)) => prop_assert!((min..=max).contains(&n) && n == v),
            Ok(None) => prop_assert!(false, "a present value is not None"),
            Err(e) => {
                prop_assert!(!(min..=max).contains(&v));
                prop_assert!(e.message.contains('N'), "{}", e.message);
            }
        }
    }

    #[test]
    fn json_parse_never_panics_on_bytes(raw in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = json::parse(&raw);
    }

    #[test]
    fn json_parse_never_panics_on_quoted_text(raw in tricky_text()) {
        if let Ok(v) = json::parse(raw.as_bytes()) {
            if let Some(m) = v.as_object() {
                for k in m.keys() {
                    let _ = json::field(m, k);
                    let _ = json::flag(m, k);
                }
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow(depth in 0usize..5000, quote in any::<bool>()) {
        let open = if quote { "['" } else { "[" };
        let body = open.repeat(depth);
        // Unbalanced (never closed) and possibly deeper than serde_json's recursion limit.
        prop_assert!(json::parse(body.as_bytes()).is_err() || depth == 0);
    }

    #[test]
    fn multipart_never_panics_on_bytes(
        body in prop::collection::vec(any::<u8>(), 0..512),
        boundary in tricky_text(),
    ) {
        let _ = multipart::parse(&Bytes::from(body), &boundary);
    }

    #[test]
    fn multipart_never_panics_on_near_valid_layouts(
        pieces in prop::collection::vec(prop_oneof![
            Just(b"--B".to_vec()),
            Just(b"--B--".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n\r\n".to_vec()),
            Just(b"Content-Disposition: form-data; name=\"Filedata\"; filename=\"a.txt\"".to_vec()),
            Just(b"content-disposition:;=;name=;filename".to_vec()),
            prop::collection::vec(any::<u8>(), 0..8),
        ], 0..24),
    ) {
        let body = Bytes::from(pieces.concat());
        if let Ok(parts) = multipart::parse(&body, "B") {
            prop_assert!(!parts.is_empty());
            for p in parts {
                prop_assert!(p.data.len() <= body.len());
            }
        }
    }

    #[test]
    fn multipart_boundary_never_panics(ct in tricky_text()) {
        let with_mime = format!("multipart/form-data; {ct}");
        for s in [ct.as_str(), with_mime.as_str()] {
            if let Some(b) = multipart::boundary(s) {
                prop_assert!(!b.is_empty());
            }
        }
    }

    #[test]
    fn request_view_never_panics(
        path in tricky_text(),
        headers in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "host", "authorization", "x-http-method-override", "content-type",
                    "x-pb-userid", "accept-encoding", "x-lh-date", "x-lh-forwarded",
                ]),
                prop::collection::vec(any::<u8>(), 0..40),
            ),
            0..8,
        ),
        body in prop::collection::vec(any::<u8>(), 0..128),
    ) {
        // Only what an HTTP server can hand us: a URI that parses, header values that are valid.
        let uri = format!("/{}", path.replace(' ', "%20"));
        let Ok(uri) = uri.parse::<http::Uri>() else { return Ok(()) };
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            if let Ok(v) = HeaderValue::from_bytes(&value) {
                map.append(HeaderName::from_static(name), v);
            }
        }
        let req = Req::new(Method::POST, &uri, map, Bytes::from(body), peer());
        let _ = req.q();
        let _ = req.user_id();
        let _ = req.base_url("http://fallback");
        let _ = req.seg(0);
        let _ = req.seg(usize::MAX);
        let _ = json::body(&req);
        let _ = json::object(&req);
        let _ = accepts_gzip(req.header("accept-encoding"));
        if let Some(h) = req.header("authorization") {
            let _ = parse_linkhub_authorization(h);
        }
        if let Some(d) = req.header("x-lh-date") {
            let _ = parse_utc_millis(d);
        }
        prop_assert!(!req.verb.is_empty());
        prop_assert!(req.segments.iter().all(|s| !s.is_empty()));
    }

    #[test]
    fn header_helpers_never_panic(s in tricky_text()) {
        let _ = accepts_gzip(Some(&s));
        let _ = is_plain_host(&s);
        let _ = parse_linkhub_authorization(&s);
        if let Some(ms) = parse_utc_millis(&s) {
            // Anything accepted is within the calendar range the clock supports.
            prop_assert!((crate::clock::MIN_UNIX_MS..=crate::clock::MAX_UNIX_MS).contains(&ms));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Time-bounded soak on the stable toolchain (coverage-guided fuzzing needs nightly):
//
//   POPBILL_FUZZ_MINUTES=10 cargo test -p popbill-sandbox --lib fuzz_soak -- --ignored --nocapture
//
// runs every property below round after round (fresh random seeds) until the time is up, or
// for POPBILL_FUZZ_CASES cases per property per round. A failure is shrunk and its seed saved
// under proptest-regressions/ next to this file; commit that file and every later run (the
// ordinary `cargo test` too) replays it first.
// ---------------------------------------------------------------------------------------

use proptest::test_runner::{Config as RunnerConfig, FileFailurePersistence, TestRunner};

use crate::auth::{DEFAULT_PARTNER_FOR_TESTS, verify_token_request};

/// A token request as an SDK sends it, then changed by `edits`; returns the request and
/// whether it is still the signed original.
fn token_request(now_ms: i64, edits: &[(u8, Vec<u8>)], body: &[u8]) -> (Req, bool) {
    let date = popbill_model::format_utc(now_ms.div_euclid(1000));
    let path = "/POPBILL_TEST/Token";
    let sig = crate::auth::sign_token_request(DEFAULT_PARTNER_FOR_TESTS.1, body, &date, None, path)
        .expect("default key is Base64");
    let mut auth = format!("LINKHUB {} {sig}", DEFAULT_PARTNER_FOR_TESTS.0).into_bytes();
    let mut date_v = date.into_bytes();
    let mut path_v = path.as_bytes().to_vec();
    let mut body_v = body.to_vec();
    let mut version = b"2.0".to_vec();
    let mut forwarded: Option<Vec<u8>> = None;
    let mut intact = true;
    for (what, bytes) in edits {
        let target = match what % 6 {
            0 => &mut auth,
            1 => &mut date_v,
            2 => &mut path_v,
            3 => &mut body_v,
            4 => &mut version,
            _ => forwarded.get_or_insert_with(Vec::new),
        };
        if !bytes.is_empty() {
            // Overwrite or append at a position picked by the first byte.
            let at = usize::from(bytes[0]) % (target.len() + 1);
            let before = target.clone();
            target.splice(
                at..(at + bytes.len() - 1).min(target.len()),
                bytes[1..].iter().copied(),
            );
            intact &= *target == before;
        }
        if what % 6 == 5 {
            intact = false;
        }
    }
    let uri = format!(
        "/{}",
        String::from_utf8_lossy(&path_v).trim_start_matches('/')
    );
    let uri = uri.parse::<http::Uri>().unwrap_or_else(|_| {
        intact = false;
        http::Uri::from_static("/POPBILL_TEST/Token")
    });
    let mut map = HeaderMap::new();
    for (name, v) in [
        ("authorization", Some(auth)),
        ("x-lh-date", Some(date_v)),
        ("x-lh-version", Some(version)),
        ("x-lh-forwarded", forwarded),
    ] {
        if let Some(v) = v {
            match HeaderValue::from_bytes(&v) {
                Ok(v) => {
                    map.insert(HeaderName::from_static(name), v);
                }
                Err(_) => intact = false,
            }
        }
    }
    (
        Req::new(Method::POST, &uri, map, Bytes::from(body_v), peer()),
        intact,
    )
}

/// One soak round of every property; `Err` names the property and the shrunk input.
fn soak_round(cases: u32) -> Result<(), String> {
    let config = || RunnerConfig {
        cases,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..RunnerConfig::default()
    };
    fn named<T: std::fmt::Debug>(
        name: &str,
        r: Result<(), proptest::test_runner::TestError<T>>,
    ) -> Result<(), String> {
        r.map_err(|e| format!("{name}: {e}"))
    }
    let mut runner = TestRunner::new(config());
    named(
        "linkhub signature check",
        runner.run(
            &(
                prop::collection::vec(
                    (any::<u8>(), prop::collection::vec(any::<u8>(), 0..12)),
                    0..4,
                ),
                prop::collection::vec(any::<u8>(), 0..96),
            ),
            |(edits, body)| {
                let cfg = crate::config::Config::default();
                let now_ms = 1_767_225_600_000;
                let env = crate::state::Env {
                    cfg: &cfg,
                    now_ms,
                    today: popbill_model::kst_date_from_unix(now_ms / 1000),
                };
                let (req, intact) = token_request(now_ms, &edits, &body);
                let verdict = verify_token_request(&env, &req);
                if intact {
                    // The signed original passes the signature; only its body may be refused.
                    if let Err(e) = &verdict {
                        prop_assert!(e.code == crate::error::codes::LH_BAD_BODY, "{:?}", e);
                    }
                }
                Ok(())
            },
        ),
    )?;
    let mut runner = TestRunner::new(config());
    named(
        "multipart bytes",
        runner.run(
            &(prop::collection::vec(any::<u8>(), 0..2048), tricky_text()),
            |(body, boundary)| {
                let _ = multipart::parse(&Bytes::from(body), &boundary);
                Ok(())
            },
        ),
    )?;
    let mut runner = TestRunner::new(config());
    named(
        "json and query text",
        runner.run(&(tricky_text(), tricky_text()), |(a, b)| {
            let _ = json::parse(a.as_bytes());
            if let Ok(q) = Query::parse(&a) {
                poke_query(&q, &b);
            }
            let _ = multipart::boundary(&format!("multipart/form-data; {b}"));
            Ok(())
        }),
    )?;
    let mut runner = TestRunner::new(config());
    named(
        "json bytes",
        runner.run(&prop::collection::vec(any::<u8>(), 0..2048), |raw| {
            let _ = json::parse(&raw);
            Ok(())
        }),
    )?;
    Ok(())
}

#[test]
fn the_signed_original_passes_and_an_edited_signature_fails() {
    let cfg = crate::config::Config::default();
    let now_ms = 1_767_225_600_000;
    let env = crate::state::Env {
        cfg: &cfg,
        now_ms,
        today: popbill_model::kst_date_from_unix(now_ms / 1000),
    };
    let body = br#"{"access_id":"1234567890","scope":["member","110"]}"#;
    let (req, intact) = token_request(now_ms, &[], body);
    assert!(intact);
    assert!(verify_token_request(&env, &req).is_ok());
    // The last signature character replaced: refused.
    let (req, intact) = token_request(now_ms, &[(0, vec![255, b'#'])], body);
    assert!(!intact);
    assert!(verify_token_request(&env, &req).is_err());
    soak_round(16).expect("a short round passes");
}

#[test]
#[ignore = "soak: run explicitly with POPBILL_FUZZ_MINUTES or POPBILL_FUZZ_CASES"]
fn fuzz_soak() {
    let minutes: f64 = std::env::var("POPBILL_FUZZ_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let cases: u32 = std::env::var("POPBILL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(minutes * 60.0);
    let mut rounds = 0u64;
    while std::time::Instant::now() < deadline {
        if let Err(e) = soak_round(cases) {
            panic!("after {rounds} rounds: {e}");
        }
        rounds += 1;
    }
    println!("fuzz soak: {rounds} rounds of {cases} cases per property, no failure");
}

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

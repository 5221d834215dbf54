//! Comparing an expected request with an actual one, with a readable diff.

use std::fmt::Write as _;

use serde_json::Value;

use crate::HttpRequest;

/// What [`compare_requests`] (and the replay client's assertions) ignore.
///
/// By default everything is compared: method, the whole URL, every header (names
/// case-insensitively, values exactly, order ignored), and the body (as JSON values when
/// both sides parse as JSON, else byte for byte). The per-attempt timeout is never compared.
#[derive(Clone, Debug, Default)]
pub struct MatchOptions {
    ignore_headers: Vec<String>,
    ignore_scheme_and_host: bool,
    ignore_query_order: bool,
}

impl MatchOptions {
    /// Compare everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Also ignores these header names (case-insensitive), e.g. `authorization`,
    /// `x-lh-date`, `user-agent`.
    pub fn ignore_headers(mut self, names: &[&str]) -> Self {
        self.ignore_headers
            .extend(names.iter().map(|n| n.to_ascii_lowercase()));
        self
    }

    /// Compares only path and query, not scheme, host and port: useful when the expected
    /// requests were recorded against another server (e.g. the real test host vs a local
    /// sandbox).
    pub fn ignore_scheme_and_host(mut self, ignore: bool) -> Self {
        self.ignore_scheme_and_host = ignore;
        self
    }

    /// Compares query strings as unordered `key=value` pairs.
    pub fn ignore_query_order(mut self, ignore: bool) -> Self {
        self.ignore_query_order = ignore;
        self
    }

    fn ignores_header(&self, name: &str) -> bool {
        self.ignore_headers
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// Compares two requests. `Err` holds one line per difference, for example
/// `body: $.invoicerCorpNum: expected "1234567890", got "0000000000"`.
///
/// Values of sensitive headers (see [`HttpRequest::is_sensitive`] on either side) are
/// never printed.
pub fn compare_requests(
    expected: &HttpRequest,
    actual: &HttpRequest,
    options: &MatchOptions,
) -> Result<(), String> {
    let mut diffs = Vec::new();
    if expected.method != actual.method {
        diffs.push(format!(
            "method: expected {}, got {}",
            expected.method, actual.method
        ));
    }
    compare_urls(&expected.url, &actual.url, options, &mut diffs);
    compare_headers(expected, actual, options, &mut diffs);
    if let Some(d) = compare_bodies(&expected.body, &actual.body) {
        diffs.push(format!("body: {d}"));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

struct UrlParts<'a> {
    origin: &'a str,
    path: &'a str,
    query: &'a str,
}

fn split_url(url: &str) -> UrlParts<'_> {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let origin_end = url[after_scheme..]
        .find(['/', '?'])
        .map_or(url.len(), |i| i + after_scheme);
    let (origin, rest) = url.split_at(origin_end);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    UrlParts {
        origin,
        path: if path.is_empty() { "/" } else { path },
        query,
    }
}

fn compare_urls(expected: &str, actual: &str, options: &MatchOptions, diffs: &mut Vec<String>) {
    let (e, a) = (split_url(expected), split_url(actual));
    let origin_ok = options.ignore_scheme_and_host || e.origin.eq_ignore_ascii_case(a.origin);
    let query_ok = if options.ignore_query_order {
        sorted_pairs(e.query) == sorted_pairs(a.query)
    } else {
        e.query == a.query
    };
    if !origin_ok || e.path != a.path || !query_ok {
        let shown = |p: &UrlParts<'_>| {
            let origin = if options.ignore_scheme_and_host {
                ""
            } else {
                p.origin
            };
            if p.query.is_empty() {
                format!("{origin}{}", p.path)
            } else {
                format!("{origin}{}?{}", p.path, p.query)
            }
        };
        diffs.push(format!("url: expected {}, got {}", shown(&e), shown(&a)));
    }
}

fn sorted_pairs(query: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs
}

fn compare_headers(
    expected: &HttpRequest,
    actual: &HttpRequest,
    options: &MatchOptions,
    diffs: &mut Vec<String>,
) {
    let normalise = |req: &HttpRequest| {
        let mut v: Vec<(String, String)> = req
            .headers
            .iter()
            .filter(|(n, _)| !options.ignores_header(n))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        v.sort();
        v
    };
    let (mut missing, mut extra) = (normalise(expected), normalise(actual));
    // Remove the common multiset part.
    missing.retain(|pair| {
        if let Some(pos) = extra.iter().position(|p| p == pair) {
            extra.remove(pos);
            false
        } else {
            true
        }
    });
    let show = |name: &str, value: &str| {
        if expected.is_sensitive(name) || actual.is_sensitive(name) {
            "<redacted>".to_owned()
        } else {
            format!("{value:?}")
        }
    };
    for (name, value) in &missing {
        if let Some(pos) = extra.iter().position(|(n, _)| n == name) {
            let (_, got) = extra.remove(pos);
            diffs.push(format!(
                "header {name}: expected {}, got {}",
                show(name, value),
                show(name, &got)
            ));
        } else {
            diffs.push(format!(
                "header {name}: missing (expected {})",
                show(name, value)
            ));
        }
    }
    for (name, value) in &extra {
        diffs.push(format!(
            "header {name}: unexpected (got {})",
            show(name, value)
        ));
    }
}

/// `None` when equal. JSON-aware when both bodies parse as JSON.
fn compare_bodies(expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    if let (Ok(e), Ok(a)) = (
        serde_json::from_slice::<Value>(expected),
        serde_json::from_slice::<Value>(actual),
    ) {
        return json_diff("$", &e, &a);
    }
    let offset = expected
        .iter()
        .zip(actual)
        .position(|(x, y)| x != y)
        .unwrap_or(expected.len().min(actual.len()));
    Some(format!(
        "bytes differ at offset {offset} (expected {} bytes, got {}): expected {}, got {}",
        expected.len(),
        actual.len(),
        snippet(expected, offset),
        snippet(actual, offset)
    ))
}

fn snippet(bytes: &[u8], offset: usize) -> String {
    let start = offset.saturating_sub(20);
    let end = (offset + 40).min(bytes.len());
    let text = String::from_utf8_lossy(&bytes[start.min(end)..end]);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let _ = write!(out, "{text:?}");
    if end < bytes.len() {
        out.push('…');
    }
    out
}

/// The first difference between two JSON values, with its path.
fn json_diff(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let child = format!("{path}.{key}");
                match a.get(key) {
                    None => return Some(format!("{child}: missing (expected {})", short(ev))),
                    Some(av) => {
                        if let Some(d) = json_diff(&child, ev, av) {
                            return Some(d);
                        }
                    }
                }
            }
            a.iter()
                .find(|(key, _)| !e.contains_key(*key))
                .map(|(key, av)| format!("{path}.{key}: unexpected (got {})", short(av)))
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                if let Some(d) = json_diff(&format!("{path}[{i}]"), ev, av) {
                    return Some(d);
                }
            }
            (e.len() != a.len())
                .then(|| format!("{path}: expected {} items, got {}", e.len(), a.len()))
        }
        (e, a) if e == a => None,
        (e, a) => Some(format!("{path}: expected {}, got {}", short(e), short(a))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    fn post(url: &str, body: &str) -> HttpRequest {
        HttpRequest::new(Method::Post, url)
            .with_header("Content-Type", "application/json; charset=utf8")
            .with_body(body.to_owned())
    }

    #[test]
    fn json_bodies_compare_by_value_not_by_bytes() {
        let e = post("https://h/Taxinvoice", r#"{"a": 1, "b": "\ud55c"}"#);
        let a = post("https://h/Taxinvoice", r#"{"b":"한","a":1}"#);
        assert_eq!(compare_requests(&e, &a, &MatchOptions::new()), Ok(()));
    }

    #[test]
    fn json_difference_names_the_path() {
        let e = post(
            "https://h/x",
            r#"{"detailList":[{"itemName":"a"},{"itemName":"b"}]}"#,
        );
        let a = post(
            "https://h/x",
            r#"{"detailList":[{"itemName":"a"},{"itemName":"c"}]}"#,
        );
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("differs");
        assert_eq!(
            err,
            r#"body: $.detailList[1].itemName: expected "b", got "c""#
        );

        let a = post("https://h/x", r#"{"detailList":[{"itemName":"a"}]}"#);
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("shorter");
        assert_eq!(err, "body: $.detailList: expected 2 items, got 1");

        let e = post("https://h/x", r#"{"a":1}"#);
        let a = post("https://h/x", r#"{"a":1,"z":null}"#);
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("extra key");
        assert_eq!(err, "body: $.z: unexpected (got null)");
        let err = compare_requests(&a, &e, &MatchOptions::new()).expect_err("missing key");
        assert_eq!(err, "body: $.z: missing (expected null)");
    }

    #[test]
    fn non_json_bodies_compare_bytes() {
        let e = post("https://h/x", "MgtKey=ABC");
        let a = post("https://h/x", "MgtKey=ABD");
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("bytes");
        assert!(
            err.starts_with("body: bytes differ at offset 9 (expected 10 bytes, got 10)"),
            "{err}"
        );
        let one_json = post("https://h/x", "{}");
        let other = post("https://h/x", "{ }x");
        assert!(compare_requests(&one_json, &other, &MatchOptions::new()).is_err());
    }

    #[test]
    fn headers_are_case_insensitive_unordered_and_can_be_ignored() {
        let e = HttpRequest::new(Method::Get, "https://h/x")
            .with_header("x-pb-version", "1.0")
            .with_header("X-PB-UserID", "admin")
            .with_header("x-lh-date", "2024-01-01T00:00:00Z");
        let a = HttpRequest::new(Method::Get, "https://h/x")
            .with_header("x-pb-userid", "admin")
            .with_header("X-PB-Version", "1.0")
            .with_header("x-lh-date", "2099-01-01T00:00:00Z");
        let opts = MatchOptions::new().ignore_headers(&["X-LH-DATE"]);
        assert_eq!(compare_requests(&e, &a, &opts), Ok(()));
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("date differs");
        assert_eq!(
            err,
            r#"header x-lh-date: expected "2024-01-01T00:00:00Z", got "2099-01-01T00:00:00Z""#
        );
    }

    #[test]
    fn missing_extra_and_sensitive_headers_are_reported_without_values() {
        let e = HttpRequest::new(Method::Get, "https://h/x")
            .with_sensitive_header("Authorization", "Bearer expected-secret")
            .with_header("x-pb-userid", "admin");
        let a = HttpRequest::new(Method::Get, "https://h/x")
            .with_header("Authorization", "Bearer actual-secret")
            .with_header("x-extra", "1");
        let err = compare_requests(&e, &a, &MatchOptions::new()).expect_err("differs");
        assert!(!err.contains("secret"), "{err}");
        assert!(
            err.contains("header authorization: expected <redacted>, got <redacted>"),
            "{err}"
        );
        assert!(
            err.contains(r#"header x-pb-userid: missing (expected "admin")"#),
            "{err}"
        );
        assert!(
            err.contains(r#"header x-extra: unexpected (got "1")"#),
            "{err}"
        );
    }

    #[test]
    fn url_and_method_differences() {
        let e = HttpRequest::new(
            Method::Get,
            "https://popbill-test.linkhub.co.kr/Taxinvoice/SELL/k1?a=1&b=2",
        );
        let same_path = HttpRequest::new(
            Method::Get,
            "http://127.0.0.1:8080/Taxinvoice/SELL/k1?a=1&b=2",
        );
        assert!(compare_requests(&e, &same_path, &MatchOptions::new()).is_err());
        let opts = MatchOptions::new().ignore_scheme_and_host(true);
        assert_eq!(compare_requests(&e, &same_path, &opts), Ok(()));

        let reordered = HttpRequest::new(
            Method::Get,
            "https://popbill-test.linkhub.co.kr/Taxinvoice/SELL/k1?b=2&a=1",
        );
        let err = compare_requests(&e, &reordered, &MatchOptions::new()).expect_err("order");
        assert!(err.starts_with("url: expected "), "{err}");
        let opts = MatchOptions::new().ignore_query_order(true);
        assert_eq!(compare_requests(&e, &reordered, &opts), Ok(()));

        let post = HttpRequest::new(
            Method::Post,
            "https://popbill-test.linkhub.co.kr/Taxinvoice/SELL/k1?a=1&b=2",
        );
        let err = compare_requests(&e, &post, &MatchOptions::new()).expect_err("method");
        assert_eq!(err, "method: expected GET, got POST");
    }

    #[test]
    fn url_splitting() {
        let p = split_url("https://h:8443/a/b?x=1#frag");
        assert_eq!(
            (p.origin, p.path, p.query),
            ("https://h:8443", "/a/b", "x=1")
        );
        let p = split_url("https://h?x=1");
        assert_eq!((p.origin, p.path, p.query), ("https://h", "/", "x=1"));
        let p = split_url("/only/path");
        assert_eq!((p.origin, p.path, p.query), ("", "/only/path", ""));
    }
}

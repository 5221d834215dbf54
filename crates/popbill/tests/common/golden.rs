//! The official Python SDK's golden capture (`tests/fixtures/golden/official_python_requests.jsonl`)
//! and the part of the request comparison every golden test shares.

use std::path::PathBuf;

use base64::Engine as _;
use popbill::HttpRequest;
use serde_json::Value;

/// One captured request.
pub struct Golden {
    /// The SDK step, with the mark's service prefix removed (`getCorpInfo`).
    pub step: String,
    pub method: String,
    /// Path and query exactly as sent.
    pub path: String,
    /// Header names lower-cased.
    pub headers: serde_json::Map<String, Value>,
    /// The exact body bytes.
    pub body: Vec<u8>,
    /// The body parsed as JSON, `null` when it is not JSON.
    pub body_json: Value,
}

impl Golden {
    /// A header of the captured request.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(Value::as_str)
    }

    /// The body as text (`""` when it is not UTF-8).
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("")
    }
}

/// Every captured request whose mark starts with `prefix`, in capture order.
pub fn load(prefix: &str) -> Vec<Golden> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/golden/official_python_requests.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("golden capture {}: {e}", path.display()));
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|r| {
            let step = r["mark"].as_str()?.strip_prefix(prefix)?.to_owned();
            let body = base64::engine::general_purpose::STANDARD
                .decode(r["body_b64"].as_str().unwrap_or(""))
                .unwrap();
            Some(Golden {
                step,
                method: r["method"].as_str().unwrap().to_owned(),
                path: r["path"].as_str().unwrap().to_owned(),
                headers: r["headers"].as_object().unwrap().clone(),
                body,
                body_json: r["body_json"].clone(),
            })
        })
        .collect()
}

/// Removes `null` members, recursively (arrays included): `null` and absent are equal.
pub fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// Method, path and query (`ours_target`), the `headers` named, and the kind of
/// `Authorization` (token values aside) are the golden's.
pub fn assert_request_head(g: &Golden, ours: &HttpRequest, ours_target: &str, headers: &[&str]) {
    let step = &g.step;
    assert_eq!(ours.method.as_str(), g.method, "{step}: method");
    assert_eq!(ours_target, g.path, "{step}: path and query");
    for name in headers {
        assert_eq!(ours.header(name), g.header(name), "{step}: header {name}");
    }
    let scheme = |v: Option<&str>| v.map(|a| a.split(' ').next().unwrap_or("").to_owned());
    assert_eq!(
        scheme(ours.header("authorization")),
        scheme(g.header("authorization")),
        "{step}: Authorization scheme"
    );
}

/// Our JSON body with `null` members removed (`None` for an empty body).
pub fn our_json_body(g: &Golden, ours: &HttpRequest) -> Option<Value> {
    (!ours.body.is_empty()).then(|| {
        strip_nulls(
            serde_json::from_slice(&ours.body)
                .unwrap_or_else(|e| panic!("{}: our body is not JSON: {e}", g.step)),
        )
    })
}

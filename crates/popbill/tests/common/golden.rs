//! The official Python SDK's golden capture (`tests/fixtures/golden/official_python_requests.jsonl`)
//! and the part of the request comparison every golden test shares.

use std::future::Future;
use std::path::PathBuf;

use base64::Engine as _;
use popbill::HttpRequest;
use popbill::transport::test_util::CaptureClient;
use serde_json::Value;
use sha1::Digest as _;

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

/// The golden driver's comparison: method, path and query (byte for byte),
/// `X-HTTP-Method-Override` (an empty value included), `x-pb-userid`, `x-pb-version`,
/// `x-pb-submit-id`, `Content-Type` (the multipart boundary aside), the kind of
/// `Authorization`, and the body: JSON compared as values with `null` ≡ absent, multipart part
/// by part, form bodies byte for byte; a digest header must be the SHA-1 of our exact body.
pub fn compare(g: &Golden, ours: &HttpRequest) {
    let step = &g.step;
    assert_request_head(
        g,
        ours,
        &super::target(ours),
        &[
            "x-http-method-override",
            "x-pb-userid",
            "x-pb-version",
            "x-pb-submit-id",
        ],
    );
    let golden_ct = g.header("content-type");
    let our_ct = ours.header("content-type");
    match golden_ct {
        Some(ct) if ct.starts_with("multipart/form-data") => {
            let ours_ct = our_ct.unwrap_or_else(|| panic!("{step}: no content type"));
            assert!(
                ours_ct.starts_with("multipart/form-data; boundary="),
                "{step}: {ours_ct}"
            );
            let golden_parts = parse_multipart(&g.body, &boundary(ct));
            let our_parts = parse_multipart(&ours.body, &boundary(ours_ct));
            assert_eq!(golden_parts.len(), 1, "{step}: golden parts");
            assert_eq!(our_parts, golden_parts, "{step}: multipart parts");
        }
        Some(ct) if ct.starts_with("application/x-www-form-urlencoded") => {
            assert_eq!(our_ct, Some(ct), "{step}: content type");
            assert_eq!(ours.body.as_ref(), g.body.as_slice(), "{step}: form body");
        }
        _ => {
            assert_eq!(our_ct, golden_ct, "{step}: content type");
            let our_body = our_json_body(g, ours);
            let golden_body = (!g.body.is_empty()).then(|| strip_nulls(g.body_json.clone()));
            assert_eq!(our_body, golden_body, "{step}: body");
        }
    }
    if let Some(digest) = ours.header("x-pb-message-digest") {
        let expected =
            base64::engine::general_purpose::STANDARD.encode(sha1::Sha1::digest(&ours.body));
        assert_eq!(digest, expected, "{step}: digest over the exact body");
        assert!(
            g.header("x-pb-message-digest").is_some(),
            "{step}: golden digest"
        );
    }
}

/// Drives every golden step: `drive(step)` makes our client send the step's request (on a
/// fake server `http`), and the one API request it sends is compared with the golden one.
pub async fn run<F, Fut>(goldens: &[Golden], http: &CaptureClient, drive: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = popbill::Result<()>>,
{
    for g in goldens {
        let before = http.request_count();
        if let Err(e) = drive(g.step.clone()).await {
            panic!("{}: {e}", g.step);
        }
        let sent: Vec<HttpRequest> = http.requests()[before..]
            .iter()
            .filter(|r| !super::is_token_request(r))
            .cloned()
            .collect();
        assert_eq!(sent.len(), 1, "{}: one API request", g.step);
        compare(g, &sent[0]);
    }
}

/// One part of a multipart body.
#[derive(Debug, PartialEq, Eq)]
pub struct Part {
    /// `name` of Content-Disposition.
    pub name: String,
    /// `filename` of Content-Disposition, if any.
    pub filename: Option<String>,
    /// The part's Content-Type, lower-cased.
    pub content_type: Option<String>,
    /// The bytes.
    pub content: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn disposition_param(header: &str, key: &str) -> Option<String> {
    let pat = format!("{key}=\"");
    let start = header.find(&pat)? + pat.len();
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

/// Splits a multipart body (RFC 7578) with `boundary` into its parts; tolerant of a
/// preamble (the Python SDK starts the body with CRLF).
pub fn parse_multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let Some(mut pos) = find(body, delim.as_bytes(), 0) else {
        return parts;
    };
    loop {
        let after = pos + delim.len();
        if body[after..].starts_with(b"--") {
            break;
        }
        let head_start = after + 2; // CRLF
        let head_end = find(body, b"\r\n\r\n", head_start).unwrap();
        let headers = String::from_utf8(body[head_start..head_end].to_vec()).unwrap();
        let next_delim = format!("\r\n--{boundary}");
        let next = find(body, next_delim.as_bytes(), head_end + 4).unwrap();
        let mut name = String::new();
        let mut filename = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let (k, v) = line.split_once(':').unwrap();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    name = disposition_param(v, "name").unwrap_or_default();
                    filename = disposition_param(v, "filename");
                }
                "content-type" => content_type = Some(v.trim().to_ascii_lowercase()),
                _ => {}
            }
        }
        parts.push(Part {
            name,
            filename,
            content_type,
            content: body[head_end + 4..next].to_vec(),
        });
        pos = next + 2;
    }
    parts
}

/// The boundary of a `multipart/form-data; boundary=…` content type.
pub fn boundary(content_type: &str) -> String {
    content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .unwrap()
        .trim_matches('"')
        .to_owned()
}

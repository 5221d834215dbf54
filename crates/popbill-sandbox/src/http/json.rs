//! JSON request bodies as every official SDK sends them: compact or spaced, `\uXXXX` or raw
//! UTF-8, nulls or absent keys, and the single-quoted pseudo-JSON of Python's getContactInfo
//! (`{'id':'x'}`) and Java's quitMember (`{'quitReason' :'x'}`). Key lookup can be
//! case-insensitive (PHP/.NET send RefundForm keys in lower case).

use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, codes};
use crate::http::Req;

/// True when a Content-Type is acceptable for a JSON body (absent is accepted: .NET sets none).
fn json_content_type_ok(ct: Option<&str>) -> bool {
    match ct {
        None => true,
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            let mime = ct.split(';').next().unwrap_or("").trim();
            mime.is_empty()
                || mime.ends_with("/json")
                || mime.ends_with("+json")
                || mime == "text/plain"
                || mime == "text/json"
        }
    }
}

/// Parses the body as JSON. `Ok(None)` for an empty body. A non-JSON content type gives 415 and
/// unparsable text 400, both in the documented shape.
pub(crate) fn body(req: &Req) -> ApiResult<Option<Value>> {
    let raw = &req.body;
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !json_content_type_ok(req.header("content-type")) {
        return Err(ApiError::new(
            http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::BAD_CONTENT_TYPE,
            format!(
                "expected a JSON body, got Content-Type {:?}",
                req.header("content-type").unwrap_or("")
            ),
        ));
    }
    parse(raw).map(Some)
}

/// Parses bytes as (lenient) JSON.
pub(crate) fn parse(raw: &[u8]) -> ApiResult<Value> {
    match serde_json::from_slice::<Value>(raw) {
        Ok(v) => Ok(v),
        Err(e) => {
            let text = std::str::from_utf8(raw).ok();
            if let Some(v) = text
                .and_then(requote)
                .and_then(|s| serde_json::from_str(&s).ok())
            {
                return Ok(v);
            }
            Err(ApiError::bad_request(
                codes::BAD_JSON,
                format!("malformed JSON body: {e}"),
            ))
        }
    }
}

/// Body that must be a JSON object (or empty, giving an empty object).
pub(crate) fn object(req: &Req) -> ApiResult<Map<String, Value>> {
    match body(req)? {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(ApiError::bad_request(
            codes::BAD_JSON,
            "the JSON body must be an object",
        )),
    }
}

/// Rewrites single-quoted strings as double-quoted ones; `None` when the text has no single
/// quotes or is unbalanced.
fn requote(s: &str) -> Option<String> {
    if !s.contains('\'') {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                loop {
                    let c = chars.next()?;
                    out.push(c);
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
            }
            '\'' => {
                out.push('"');
                let mut escaped = false;
                loop {
                    let c = chars.next()?;
                    if escaped {
                        if c == '\'' {
                            out.push('\'');
                        } else {
                            out.push('\\');
                            out.push(c);
                        }
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '\'' {
                        out.push('"');
                        break;
                    } else if c == '"' {
                        out.push_str("\\\"");
                    } else {
                        out.push(c);
                    }
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Looks a key up exactly, then case-insensitively.
pub(crate) fn get_ci<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A scalar as text: strings as is, numbers and booleans formatted; null, empty strings,
/// arrays and objects give `None`.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `text(get_ci(m, key))`.
pub(crate) fn field(m: &Map<String, Value>, key: &str) -> Option<String> {
    text(get_ci(m, key))
}

/// A boolean that may arrive as `true`, `"true"`, `"Y"`, `1`.
pub(crate) fn flag(m: &Map<String, Value>, key: &str) -> Option<bool> {
    match get_ci(m, key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_f64().is_some_and(|f| f != 0.0)),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "y" | "1" => Some(true),
            "false" | "n" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_quotes_are_tolerated() {
        assert_eq!(
            parse(b"{'id':'testkorea_0001'}").expect("parses"),
            json!({"id": "testkorea_0001"})
        );
        assert_eq!(
            parse(b"{'quitReason' :'it\\'s \"over\"'}").expect("parses"),
            json!({"quitReason": "it's \"over\""})
        );
        assert!(parse(b"{'id':'unterminated}").is_err());
        assert!(parse(b"{not json").is_err());
    }

    #[test]
    fn escapes_and_raw_utf8_agree() {
        let a = parse(br#"{"memo": "\ud55c\uae00"}"#).expect("escaped");
        let b = parse("{\"memo\":\"한글\"}".as_bytes()).expect("raw");
        assert_eq!(a, b);
    }

    #[test]
    fn case_insensitive_fields() {
        let v = json!({"contactname": "홍길동", "requestpoint": 1000, "flag": "Y"});
        let m = v.as_object().expect("object");
        assert_eq!(field(m, "contactName").as_deref(), Some("홍길동"));
        assert_eq!(field(m, "requestPoint").as_deref(), Some("1000"));
        assert_eq!(flag(m, "FLAG"), Some(true));
        assert_eq!(field(m, "missing"), None);
    }

    #[test]
    fn content_types() {
        assert!(json_content_type_ok(Some("application/json; charset=utf8")));
        assert!(json_content_type_ok(Some("Application/json")));
        assert!(json_content_type_ok(Some("application/json;")));
        assert!(json_content_type_ok(None));
        assert!(!json_content_type_ok(Some("application/xml")));
        assert!(!json_content_type_ok(Some(
            "multipart/form-data; boundary=x"
        )));
    }
}

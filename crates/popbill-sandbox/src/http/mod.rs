//! Request and reply as the route handlers see them: the path split into decoded segments, the
//! query as ordered pairs (bare flags allowed), the effective verb (method or override header),
//! the raw body bytes; replies that always carry a Content-Type and are gzipped only on request.

pub(crate) mod json;
pub(crate) mod multipart;
pub(crate) mod query;

#[cfg(test)]
mod proptests;

use std::io::Write;
use std::net::SocketAddr;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::error::{ApiError, ApiResult, codes};
pub(crate) use query::Query;

/// A request after the body has been read. Its `Debug` lists header names, not values (a
/// request carries a bearer token or a Linkhub signature), and the body's length only.
pub(crate) struct Req {
    /// HTTP method on the wire.
    pub method: Method,
    /// Upper-cased `X-HTTP-Method-Override` when present and non-empty, else the method.
    pub verb: String,
    /// Percent-decoded path segments (empty segments dropped, so `/Taxinvoice/` = `/Taxinvoice`).
    pub segments: Vec<String>,
    /// The raw path as received (without query), used for the Linkhub signature.
    pub raw_path: String,
    /// Parsed query, or the reason it could not be parsed.
    pub query: Result<Query, String>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Raw body bytes.
    pub body: Bytes,
    /// Peer address.
    pub peer: SocketAddr,
}

impl std::fmt::Debug for Req {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(http::HeaderName::as_str).collect();
        f.debug_struct("Req")
            .field("method", &self.method)
            .field("verb", &self.verb)
            .field("raw_path", &self.raw_path)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

impl Req {
    /// Builds the handler view of a request. Tolerates the official SDKs' broken query strings
    /// (`/RefundHistory&PerPage=10`, `/UseHistory&EDate=...`): a `&` in a path without `?`
    /// starts the query.
    pub(crate) fn new(
        method: Method,
        uri: &http::Uri,
        headers: HeaderMap,
        body: Bytes,
        peer: SocketAddr,
    ) -> Req {
        let mut path = uri.path().to_owned();
        let mut raw_query = uri.query().map(str::to_owned);
        if raw_query.is_none() {
            if let Some(i) = path.find('&') {
                raw_query = Some(path[i + 1..].to_owned());
                path.truncate(i);
            }
        }
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let verb = headers
            .get("x-http-method-override")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_ascii_uppercase)
            .unwrap_or_else(|| method.as_str().to_owned());
        let query = Query::parse(raw_query.as_deref().unwrap_or(""));
        Req {
            method,
            verb,
            segments,
            raw_path: path,
            query,
            headers,
            body,
            peer,
        }
    }

    /// A header as text (trimmed), if present and valid.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }

    /// The `x-pb-userid` header, if non-empty.
    pub(crate) fn user_id(&self) -> Option<String> {
        self.header("x-pb-userid")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// The query, or a 400 with the documented shape.
    pub(crate) fn q(&self) -> ApiResult<&Query> {
        self.query
            .as_ref()
            .map_err(|e| ApiError::bad_request(codes::BAD_QUERY, format!("bad query string: {e}")))
    }

    /// Path segment `i`, if present.
    pub(crate) fn seg(&self, i: usize) -> Option<&str> {
        self.segments.get(i).map(String::as_str)
    }

    /// Base URL the client used to reach us (from `Host`), for URLs we hand out.
    pub(crate) fn base_url(&self, fallback: &str) -> String {
        match self
            .header("host")
            .filter(|h| !h.is_empty() && is_plain_host(h))
        {
            Some(h) => format!("http://{h}"),
            None => fallback.to_owned(),
        }
    }

    /// True when the verb is not GET/POST-default, i.e. an override was used.
    pub(crate) fn is_get(&self) -> bool {
        self.method == Method::GET || self.method == Method::HEAD
    }
}

fn is_plain_host(h: &str) -> bool {
    h.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// A reply before compression.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Bytes,
}

impl Reply {
    /// 200 with a JSON body.
    pub(crate) fn json(v: &impl serde::Serialize) -> Reply {
        let body = serde_json::to_vec(v).unwrap_or_else(|_| b"{}".to_vec());
        Reply {
            status: StatusCode::OK,
            content_type: "application/json; charset=utf-8",
            body: Bytes::from(body),
        }
    }

    /// 200 `{"code": 1, "message": msg}`.
    pub(crate) fn ok(msg: &str) -> Reply {
        Reply::json(&serde_json::json!({"code": 1, "message": msg}))
    }

    /// 200 plain text.
    pub(crate) fn text(s: impl Into<String>) -> Reply {
        Reply {
            status: StatusCode::OK,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::from(s.into()),
        }
    }

    /// An HTML page with a status.
    pub(crate) fn html(status: StatusCode, s: impl Into<String>) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: Bytes::from(s.into()),
        }
    }

    /// 200 PDF bytes, typed exactly as the SDKs detect it.
    pub(crate) fn pdf(bytes: Vec<u8>) -> Reply {
        Reply {
            status: StatusCode::OK,
            content_type: "application/pdf;charset=utf-8",
            body: Bytes::from(bytes),
        }
    }

    /// The error shape.
    pub(crate) fn error(e: &ApiError) -> Reply {
        let mut r = Reply::json(&e.body());
        r.status = e.status;
        r
    }

    /// Converts into a hyper response; gzip when the request's `Accept-Encoding` allows it.
    pub(crate) fn into_response(
        self,
        accept_encoding: Option<&str>,
    ) -> http::Response<http_body_util::Full<Bytes>> {
        let mut body = self.body;
        let mut gz = false;
        if !body.is_empty() && accepts_gzip(accept_encoding) {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            if enc.write_all(&body).is_ok() {
                if let Ok(out) = enc.finish() {
                    body = Bytes::from(out);
                    gz = true;
                }
            }
        }
        let mut resp = http::Response::new(http_body_util::Full::new(body));
        *resp.status_mut() = self.status;
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        if gz {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        resp
    }
}

/// True when `Accept-Encoding` lists gzip (or `*`) with a non-zero quality.
pub(crate) fn accepts_gzip(h: Option<&str>) -> bool {
    let Some(h) = h else { return false };
    h.split(',').any(|item| {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        if !(coding.eq_ignore_ascii_case("gzip") || coding == "*") {
            return false;
        }
        !parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .or_else(|| p.strip_prefix("Q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(uri: &str) -> Req {
        let uri: http::Uri = uri.parse().expect("uri");
        Req::new(
            Method::GET,
            &uri,
            HeaderMap::new(),
            Bytes::new(),
            SocketAddr::from(([127, 0, 0, 1], 1)),
        )
    }

    #[test]
    fn broken_sdk_query_is_split() {
        let r = req("/RefundHistory&PerPage=10");
        assert_eq!(r.segments, vec!["RefundHistory"]);
        let q = r.query.expect("query");
        assert_eq!(q.get("PerPage"), Some("10"));
    }

    #[test]
    fn trailing_slash_and_decoding() {
        let r = req("/Taxinvoice/?TG=SBOX");
        assert_eq!(r.segments, vec!["Taxinvoice"]);
        let r = req("/Taxinvoice/SELL/A%2DB");
        assert_eq!(r.segments, vec!["Taxinvoice", "SELL", "A-B"]);
    }

    #[test]
    fn debug_shows_header_names_not_values() {
        let uri: http::Uri = "/Taxinvoice/SELL/K1".parse().expect("uri");
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer tok-must-not-print"),
        );
        let r = Req::new(
            Method::POST,
            &uri,
            headers,
            Bytes::from_static(b"{\"password\":\"pw-must-not-print\"}"),
            SocketAddr::from(([127, 0, 0, 1], 1)),
        );
        let printed = format!("{r:?}");
        assert!(
            printed.contains("authorization") && printed.contains("body_len: 32"),
            "{printed}"
        );
        assert!(!printed.contains("must-not-print"), "{printed}");
    }

    #[test]
    fn gzip_negotiation() {
        assert!(accepts_gzip(Some("gzip,deflate")));
        assert!(accepts_gzip(Some("deflate, gzip;q=0.5")));
        assert!(!accepts_gzip(Some("gzip;q=0")));
        assert!(!accepts_gzip(Some("identity")));
        assert!(!accepts_gzip(None));
    }
}

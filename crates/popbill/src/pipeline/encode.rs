//! Percent-encoding of path segments and query values, as the official SDKs send them, and
//! [`QueryWriter`], which builds a query string item by item.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters %-encoded in "raw" query values: only what would break the URL or change the
/// query's structure. Everything else (`*`, `,`, `-`, `:`, `/`, `@`, …) stays as the official
/// SDKs send it; non-ASCII is always encoded (UTF-8).
pub(crate) const QUERY_RAW: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Python's `urllib.parse.quote` (safe `/`): everything but `A-Z a-z 0-9 _ . - ~ /`.
pub(crate) const QUERY_QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// A path segment: like [`QUERY_QUOTE`] but `/` is encoded too.
pub(crate) const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// %-encodes one path segment (keys, codes) so that it cannot change the path.
pub(crate) fn seg(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_seg(&mut out, value);
    out
}

/// Appends one %-encoded path segment to `out`. A segment with nothing to encode (every
/// valid `MgtKey`) is copied in one piece, without formatting machinery.
pub(crate) fn push_seg(out: &mut String, value: &str) {
    // The bytes `PATH_SEGMENT` leaves alone, tested directly (the encoder's per-byte set
    // lookup costs several times more).
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~');
    if value.bytes().all(plain) {
        out.push_str(value);
    } else {
        for chunk in utf8_percent_encode(value, PATH_SEGMENT) {
            out.push_str(chunk);
        }
    }
}

/// A query string built item by item, in wire order, with the encoding of each kind of value
/// the official SDKs send: raw values (only URL-breaking characters encoded), fully quoted
/// text, comma-joined lists and `1`/`0` flags. Absent values are not written.
#[derive(Clone, Debug, Default)]
pub(crate) struct QueryWriter {
    items: Vec<String>,
}

impl QueryWriter {
    /// An empty query.
    pub(crate) fn new() -> Self {
        QueryWriter::default()
    }

    /// `key=value`, the value raw (see [`QUERY_RAW`]).
    pub(crate) fn raw(&mut self, key: &str, value: impl std::fmt::Display) -> &mut Self {
        let value = value.to_string();
        self.items
            .push(format!("{key}={}", utf8_percent_encode(&value, QUERY_RAW)));
        self
    }

    /// `key=value` when `value` is `Some`.
    pub(crate) fn opt(&mut self, key: &str, value: Option<impl std::fmt::Display>) -> &mut Self {
        if let Some(v) = value {
            self.raw(key, v);
        }
        self
    }

    /// `key=value` with the value fully %-encoded (Python's `quote`, [`QUERY_QUOTE`]), when
    /// `value` is `Some`.
    pub(crate) fn quoted(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.items
                .push(format!("{key}={}", utf8_percent_encode(v, QUERY_QUOTE)));
        }
        self
    }

    /// `key=a,b,c` (raw, no spaces) when `items` is not empty.
    pub(crate) fn list<T: std::fmt::Display>(&mut self, key: &str, items: &[T]) -> &mut Self {
        if !items.is_empty() {
            let joined = items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            self.raw(key, joined);
        }
        self
    }

    /// `key=1` / `key=0` when `value` is `Some`.
    pub(crate) fn flag01(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.opt(key, value.map(|b| if b { "1" } else { "0" }))
    }

    /// The encoded `key=value` items, in order.
    pub(crate) fn into_items(self) -> Vec<String> {
        self.items
    }

    /// The query string (without `?`).
    pub(crate) fn to_query_string(&self) -> String {
        self.items.join("&")
    }
}

//! The one error type of the client, [`Error`], and its opaque context structs.
//!
//! | Variant | When | Retryable |
//! |---|---|---|
//! | [`Error::Api`] | POPBiLL answered `{code, message}` with a non-200 status, or a 200 carrying a negative `code` | 5xx / 429 only |
//! | [`Error::Auth`] | Linkhub refused the token request (credentials, signature, clock skew) or answered nonsense | no |
//! | [`Error::Validation`] | the request broke a documented rule; nothing was sent | no |
//! | [`Error::Transport`] | DNS, connect, TLS, reset, transport timeout | connect / timeout / reset |
//! | [`Error::Timeout`] | an attempt or the whole operation ran out of time | attempt timeouts |
//! | [`Error::Decode`] | the answer was not the expected JSON (an HTML error page from a proxy, a truncated body) | 5xx / 429 only |
//!
//! No error ever contains the SecretKey, a session token or a request body.

use std::fmt;
use std::time::Duration;

use popbill_model::ValidationErrors;
use popbill_transport::TransportError;

pub use crate::error_code::ErrorCode;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a POPBiLL call. `Clone`: a transport error's cause is
/// shared, not copied.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// POPBiLL rejected the request with a code and a message.
    #[error(transparent)]
    Api(ApiError),
    /// The Linkhub token could not be obtained.
    #[error(transparent)]
    Auth(AuthError),
    /// The request broke a documented rule and was not sent.
    #[error("invalid request, not sent: {0}")]
    Validation(ValidationErrors),
    /// The HTTP exchange failed below HTTP semantics.
    #[error("transport error: {0}")]
    Transport(TransportError),
    /// An attempt or the whole operation took too long.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The answer could not be decoded.
    #[error(transparent)]
    Decode(DecodeError),
}

impl Error {
    /// The POPBiLL / Linkhub code, when the server sent one.
    pub fn api_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api(e) => Some(e.code),
            Error::Auth(e) => e.code,
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth(e) => e.status,
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// True for failures that may go away on their own: connection failures, resets,
    /// timeouts of one attempt, 5xx and 429 answers. Retrying is only safe when the operation
    /// is idempotent or [`Error::request_may_have_been_sent`] is false.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => transient_status(e.status),
            Error::Decode(e) => transient_status(e.status),
            Error::Transport(e) => e.is_connect() || e.is_dns() || e.is_timeout() || e.is_io(),
            Error::Timeout(e) => e.kind == TimeoutKind::Attempt,
            Error::Auth(e) => e.status.is_some_and(transient_status) && e.skew.is_none(),
            Error::Validation(_) => false,
        }
    }

    /// False only when the POPBiLL API request certainly never reached the server:
    /// validation failures, token failures (the API call waits for the token), and
    /// DNS / connect / TLS failures.
    pub fn request_may_have_been_sent(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Auth(_) => false,
            Error::Transport(e) => e.request_may_have_been_sent(),
            Error::Api(_) | Error::Decode(_) | Error::Timeout(_) => true,
        }
    }

    /// True when POPBiLL refused the call because the MgtKey is already used by another
    /// document ([`ErrorCode::is_mgt_key_in_use`]).
    pub fn is_mgt_key_in_use(&self) -> bool {
        self.api_code().is_some_and(ErrorCode::is_mgt_key_in_use)
    }

    /// True when the document, member or record does not exist
    /// ([`ErrorCode::is_not_found`]).
    pub fn is_not_found(&self) -> bool {
        self.api_code().is_some_and(ErrorCode::is_not_found)
    }

    /// True when the points do not cover the operation
    /// ([`ErrorCode::is_insufficient_points`]).
    pub fn is_insufficient_points(&self) -> bool {
        self.api_code()
            .is_some_and(ErrorCode::is_insufficient_points)
    }

    /// True when an issuance is late: refused by POPBiLL ([`ErrorCode::is_late_issuance`]) or
    /// stopped before sending by the `late` validation rule at `writeDate`. Set `forceIssue`
    /// to issue anyway (a penalty tax may apply).
    pub fn is_late_issuance(&self) -> bool {
        match self {
            Error::Validation(v) => v.has("writeDate", popbill_model::rule::LATE),
            _ => self.api_code().is_some_and(ErrorCode::is_late_issuance),
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

pub(crate) fn transient_status(status: u16) -> bool {
    status >= 500 || status == 429
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

/// POPBiLL's answer `{"code": <negative>, "message": "…"}`.
///
/// `Display`: `POPBiLL error {code}: {message}`. The message is kept as an excerpt: control
/// characters dropped, credentials a gateway may echo (`Bearer …`, `LINKHUB …`,
/// `session_token`) replaced by `***`, and at most 500 characters, so that neither this error
/// nor the debug events that print it carry a token or a huge text.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    status: u16,
    code: ErrorCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message_excerpt(message.into()),
        }
    }

    /// HTTP status of the answer (200 when the code came inside a success answer).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The POPBiLL code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The server's message (Korean unless `Accept-Language: en-US` was configured).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "POPBiLL error {}: {}", self.code, self.message)
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code.0)
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for ApiError {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// Linkhub answered the token request with an error.
    Rejected,
    /// The token answer was not usable (no token, not JSON).
    InvalidTokenResponse,
    /// `GET /Time` answered something that is not a time.
    InvalidServerTime,
}

/// The Linkhub session token could not be obtained.
///
/// Linkhub's message is kept as an excerpt, redacted and capped like [`ApiError`]'s.
///
/// When Linkhub rejects the request date (see [`ErrorCode::may_be_clock_skew`]) the client
/// measures its clock against `GET /Time` and retries once with the server's time; if that
/// fails too, [`AuthError::clock_skew_seconds`] tells by how much the local clock is off.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthError {
    kind: AuthKind,
    status: Option<u16>,
    code: Option<ErrorCode>,
    message: String,
    skew: Option<i64>,
}

impl AuthError {
    pub(crate) fn rejected(
        status: u16,
        code: Option<ErrorCode>,
        message: impl Into<String>,
    ) -> Self {
        AuthError {
            kind: AuthKind::Rejected,
            status: Some(status),
            code,
            message: message_excerpt(message.into()),
            skew: None,
        }
    }

    pub(crate) fn invalid_token_response(status: u16, message: impl Into<String>) -> Self {
        AuthError {
            kind: AuthKind::InvalidTokenResponse,
            status: Some(status),
            code: None,
            message: message_excerpt(message.into()),
            skew: None,
        }
    }

    pub(crate) fn invalid_server_time(status: u16, message: impl Into<String>) -> Self {
        AuthError {
            kind: AuthKind::InvalidServerTime,
            status: Some(status),
            code: None,
            message: message_excerpt(message.into()),
            skew: None,
        }
    }

    pub(crate) fn with_skew(mut self, skew_seconds: i64) -> Self {
        self.skew = Some(skew_seconds);
        self
    }

    /// The Linkhub code, when there was one.
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    /// HTTP status of the Linkhub answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Linkhub's message, or a description of what was wrong with its answer.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Local clock minus Linkhub's clock in seconds (positive: the local clock is ahead), when
    /// the failure was investigated as clock skew.
    pub fn clock_skew_seconds(&self) -> Option<i64> {
        self.skew
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            AuthKind::Rejected => f.write_str("Linkhub refused the token request")?,
            AuthKind::InvalidTokenResponse => f.write_str("Linkhub token answer is unusable")?,
            AuthKind::InvalidServerTime => f.write_str("Linkhub /Time answer is unusable")?,
        }
        match (self.status, self.code) {
            (Some(s), Some(c)) => write!(f, " (HTTP {s}, code {c})")?,
            (Some(s), None) => write!(f, " (HTTP {s})")?,
            _ => {}
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(skew) = self.skew {
            write!(
                f,
                "; the local clock is off by {skew} s from Linkhub's (retried once with the server time)"
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthError")
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("code", &self.code.map(|c| c.0))
            .field("message", &self.message)
            .field("clock_skew_seconds", &self.skew)
            .finish()
    }
}

impl std::error::Error for AuthError {}

/// Which time limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One HTTP exchange.
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

/// An attempt or the whole operation took too long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
}

impl TimeoutError {
    pub(crate) fn new(kind: TimeoutKind, limit: Duration) -> Self {
        TimeoutError { kind, limit }
    }

    /// Which limit.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The limit that was exceeded.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Attempt => "POPBiLL request attempt",
            TimeoutKind::Operation => "POPBiLL operation",
        };
        write!(f, "{what} timed out after {:?}", self.limit)
    }
}

impl std::error::Error for TimeoutError {}

/// The answer was not what the operation expects.
///
/// Keeps the HTTP status, the JSON path where decoding stopped (if it was JSON at all) and a
/// short snippet of the body with control characters removed and credentials (session
/// tokens, echoed `Bearer` and `LINKHUB` authorization values) replaced by `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    status: u16,
    path: Option<String>,
    message: String,
    snippet: String,
}

/// Longest body snippet kept in a [`DecodeError`], in characters.
const SNIPPET_CHARS: usize = 160;

impl DecodeError {
    pub(crate) fn new(
        status: u16,
        path: Option<String>,
        message: impl Into<String>,
        body: &[u8],
    ) -> Self {
        DecodeError {
            status,
            path: path.filter(|p| !p.is_empty() && p != "."),
            message: message_excerpt(message.into()),
            snippet: snippet(body),
        }
    }

    /// HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// JSON path where decoding stopped, e.g. `list[3].itemCode`.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body, redacted and truncated.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode POPBiLL answer (HTTP {})", self.status)?;
        if let Some(p) = &self.path {
            write!(f, " at {p}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.snippet.is_empty() {
            write!(f, "; body starts with {:?}", self.snippet)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("snippet", &self.snippet)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// Longest server message kept in an [`ApiError`], [`AuthError`] or [`DecodeError`], in
/// characters.
const MESSAGE_CHARS: usize = 500;

/// A server's message as errors keep it: [`excerpt`] of at most [`MESSAGE_CHARS`]. The
/// original (which may be megabytes) is dropped here.
fn message_excerpt(message: String) -> String {
    let clean = message.len() <= MESSAGE_CHARS
        && !message.chars().any(char::is_control)
        && redact(&message) == message;
    if clean {
        return message;
    }
    excerpt(head(&message, MESSAGE_CHARS * 4), MESSAGE_CHARS)
}

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character
/// boundary.
fn head(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A printable, secret-free excerpt of a body: lossy UTF-8, whitespace runs collapsed,
/// control characters dropped, credentials replaced by `***` (see [`redact`]), truncated.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_CHARS * 4)]);
    excerpt(&text, SNIPPET_CHARS)
}

/// `text` with whitespace runs collapsed, control characters dropped, credentials replaced
/// by `***` and at most `max_chars` characters (then `…`).
fn excerpt(text: &str, max_chars: usize) -> String {
    // Cleaned before redacting, so that no control character can split a marker.
    let mut clean = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                clean.push(' ');
            }
            last_space = true;
        } else if !c.is_control() {
            clean.push(c);
            last_space = false;
        }
    }
    let redacted = redact(&clean);
    let mut out = String::with_capacity(max_chars + 3);
    for (n, c) in redacted.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out.trim_end().to_owned()
}

/// What [`redact`] looks for (lower-case; matched ASCII case-insensitively).
const SESSION_TOKEN: &str = "session_token";
const BEARER: &str = "bearer";
const LINKHUB: &str = "linkhub";

/// Replaces the credentials an answer may carry or echo by `***`, matching names in any
/// ASCII case:
///
/// * the value of every `session_token` field: JSON (`"session_token": "…"`), single-quoted
///   or unquoted (`session_token=…`, as in a form or a query);
/// * the token after `Bearer ` (an echoed `Authorization` header);
/// * the LinkID and signature after `LINKHUB ` (an echoed token-request `Authorization`).
fn redact(text: &str) -> String {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` cut `text`
    // at the same (character) boundaries.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some((at, marker)) = [SESSION_TOKEN, BEARER, LINKHUB]
        .into_iter()
        .filter_map(|m| lower[pos..].find(m).map(|i| (pos + i, m)))
        .min()
    {
        let after = at + marker.len();
        out.push_str(&text[pos..after]);
        pos = if marker == SESSION_TOKEN {
            redact_field_value(text, after, &mut out)
        } else {
            let words = if marker == BEARER { 1 } else { 2 };
            redact_words(text, after, words, &mut out)
        };
    }
    out.push_str(&text[pos..]);
    out
}

/// After a `session_token` name ending at `at`: writes `:"***"` (or the separator and
/// quoting found) to `out` and returns where the text continues after the value; returns
/// `at` unchanged (writing nothing) when no `:` or `=` and value follow.
fn redact_field_value(text: &str, at: usize, out: &mut String) -> usize {
    let rest = &text[at..];
    let name_quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''));
    let tail = &rest[name_quote.map_or(0, char::len_utf8)..];
    let after_sep = tail.trim_start();
    let Some(sep) = after_sep.chars().next().filter(|c| matches!(c, ':' | '=')) else {
        return at;
    };
    let value = after_sep[1..].trim_start();
    if let Some(q) = name_quote {
        out.push(q);
    }
    out.push(sep);
    match value.chars().next() {
        Some(q @ ('"' | '\'')) => {
            out.push(q);
            out.push_str("***");
            out.push(q);
            let body = &value[1..];
            match closing_quote(body, q) {
                Some(end) => text.len() - body.len() + end + 1,
                // Cut off inside the value: nothing after it is kept.
                None => text.len(),
            }
        }
        _ => {
            out.push_str("***");
            let end = value.find(ends_word).unwrap_or(value.len());
            text.len() - value.len() + end
        }
    }
}

/// After a `Bearer` or `LINKHUB` scheme ending at `at`: when whitespace and a credential
/// follow, writes ` ***` to `out` and returns where the text continues after `words`
/// whitespace-separated words; returns `at` unchanged (writing nothing) otherwise.
fn redact_words(text: &str, at: usize, words: usize, out: &mut String) -> usize {
    let rest = &text[at..];
    let first = rest.trim_start_matches([' ', '\t']);
    if first.len() == rest.len() || first.is_empty() || first.starts_with(ends_word) {
        return at;
    }
    let mut end = text.len() - first.len();
    for _ in 0..words {
        let word = text[end..].trim_start_matches([' ', '\t']);
        let len = word.find(ends_word).unwrap_or(word.len());
        if len == 0 {
            break;
        }
        end = text.len() - word.len() + len;
    }
    out.push_str(" ***");
    end
}

/// Whether `c` ends an unquoted credential (a token, LinkID or signature never holds it).
fn ends_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | ',' | ';' | '&' | '<' | '>' | '}' | ']' | ')'
        )
}

/// Byte index of the first `quote` not escaped by a backslash (the end of a string body).
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_keeps_what_callers_inspect() {
        #[derive(Debug)]
        struct Inner;
        impl fmt::Display for Inner {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("connection reset by peer")
            }
        }
        impl std::error::Error for Inner {}
        let original = Error::Transport(
            TransportError::new(
                popbill_transport::TransportErrorKind::Io,
                "reading the answer",
            )
            .with_source(Inner)
            .with_request_sent(false),
        );
        let copy = original.clone();
        let Error::Transport(t) = &copy else {
            panic!("{copy:?}")
        };
        assert!(t.is_io());
        assert!(!copy.request_may_have_been_sent());
        assert_eq!(copy.to_string(), original.to_string());
        let cause = std::error::Error::source(t).expect("cause kept");
        assert_eq!(cause.to_string(), "connection reset by peer");

        let api = Error::Api(ApiError::new(400, ErrorCode(-11000005), "없음"));
        assert_eq!(api.clone().to_string(), api.to_string());
        assert_eq!(api.clone().api_code(), Some(ErrorCode(-11000005)));
    }

    #[test]
    fn api_error_display() {
        let e = Error::Api(ApiError::new(400, ErrorCode(-11000005), "없음"));
        assert_eq!(e.to_string(), "POPBiLL error -11000005: 없음");
        assert_eq!(e.api_code(), Some(ErrorCode(-11000005)));
        assert!(!e.is_retryable());
        assert!(Error::Api(ApiError::new(503, ErrorCode(-1), "")).is_retryable());
    }

    #[test]
    fn snippet_redacts_and_truncates() {
        let body = br#"{"session_token" : "abc.def", "expiration":"x"}"#;
        let s = snippet(body);
        assert!(!s.contains("abc.def"), "{s}");
        assert!(s.contains("\"session_token\":\"***\""), "{s}");
        // An escaped quote inside the value does not end the redaction early.
        let s = snippet(br#"{"session_token":"ab\"SECRETPART\\","x":1}"#);
        assert!(!s.contains("SECRETPART"), "{s}");
        assert!(s.contains(r#""x":1"#), "{s}");

        let html = format!(
            "<html>\r\n  <head><title>502 Bad Gateway</title></head>\n{}</html>",
            "x".repeat(1000)
        );
        let s = snippet(html.as_bytes());
        assert!(
            s.starts_with("<html> <head><title>502 Bad Gateway</title></head> x"),
            "{s}"
        );
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"\x00\x01ok\xff"), "ok\u{fffd}");
    }

    #[test]
    fn snippet_redacts_echoed_credentials() {
        for (body, expected) in [
            (
                "Authorization: Bearer abc.DEF-1+/= ; next",
                "Authorization: Bearer *** ; next",
            ),
            (
                "authorization=bearer\tabc&x=1",
                "authorization=bearer ***&x=1",
            ),
            (
                "<p>LINKHUB TESTER c2lnbmF0dXJl+/==</p>",
                "<p>LINKHUB ***</p>",
            ),
            ("Linkhub\u{1}  TESTER", "Linkhub ***"),
            (
                "session_token=abc&expiration=x",
                "session_token=***&expiration=x",
            ),
            ("{'Session_Token': 'abc\\'def'}", "{'Session_Token':'***'}"),
            (r#"{"SESSION_TOKEN" :"abc"}"#, r#"{"SESSION_TOKEN":"***"}"#),
            (
                "\"session_token\"\u{1}:\"abc\"",
                "\"session_token\":\"***\"",
            ),
            ("{\"session_token\":\"cut off", "{\"session_token\":\"***\""),
            // Not credentials: left as they are.
            (
                "Bearer <session_token> expected",
                "Bearer <session_token> expected",
            ),
            (
                "bearer=x linkhub, session_tokens",
                "bearer=x linkhub, session_tokens",
            ),
        ] {
            assert_eq!(snippet(body.as_bytes()), expected, "{body:?}");
        }
    }

    #[test]
    fn server_messages_are_redacted_and_capped() {
        let e = ApiError::new(
            401,
            ErrorCode(-10000033),
            "invalid token: Authorization: Bearer abc.SECRET-token",
        );
        assert_eq!(e.message(), "invalid token: Authorization: Bearer ***");
        assert!(!format!("{e} {e:?}").contains("SECRET"));
        let e = AuthError::rejected(
            403,
            Some(ErrorCode(-99010007)),
            "bad signature for LINKHUB TESTER c2lnbmF0dXJl+/== at x-lh-date",
        );
        assert_eq!(e.message(), "bad signature for LINKHUB *** at x-lh-date");
        let e = AuthError::invalid_token_response(200, r#"{"session_token":"SECRET"}"#);
        assert!(!e.to_string().contains("SECRET"), "{e}");

        // A 20 MB message is not kept whole.
        let huge = format!("오류 {}", "가".repeat(20 << 20));
        let e = Error::Api(ApiError::new(400, ErrorCode(-11000001), huge));
        let kept = e.as_api().expect("api").message();
        assert_eq!(kept.chars().count(), MESSAGE_CHARS + 1);
        assert!(kept.ends_with('…'));
        assert!(e.to_string().len() < 4 * MESSAGE_CHARS);
        let d = DecodeError::new(200, None, "x".repeat(10_000), b"");
        assert_eq!(d.message().chars().count(), MESSAGE_CHARS + 1);

        // Ordinary messages stay as they are.
        let e = ApiError::new(400, ErrorCode(-11000005), "존재하지 않는 문서번호 입니다.");
        assert_eq!(e.message(), "존재하지 않는 문서번호 입니다.");
        assert_eq!(head("가나", 4), "가");
    }

    #[test]
    fn condition_predicates() {
        let api = |code: i64| Error::Api(ApiError::new(400, ErrorCode(code), "x"));
        assert!(api(-11000004).is_mgt_key_in_use());
        assert!(api(-14000004).is_mgt_key_in_use());
        assert!(!api(-11000005).is_mgt_key_in_use());
        assert!(api(-11000005).is_not_found());
        assert!(api(-14000000).is_not_found());
        assert!(!api(-11000001).is_not_found());
        assert!(api(-99000001).is_insufficient_points());
        assert!(api(-11002013).is_late_issuance());
        assert!(!api(-11001001).is_late_issuance());
        let late = Error::Validation(ValidationErrors::single(
            "writeDate",
            popbill_model::rule::LATE,
            "deadline passed",
        ));
        assert!(late.is_late_issuance());
        let other = Error::Validation(ValidationErrors::single("writeDate", "date", "future"));
        assert!(!other.is_late_issuance());
        let t = Error::Timeout(TimeoutError::new(
            TimeoutKind::Attempt,
            Duration::from_secs(1),
        ));
        assert!(!t.is_not_found() && !t.is_mgt_key_in_use() && !t.is_insufficient_points());
    }

    #[test]
    fn sent_and_retry_predicates() {
        let v = Error::Validation(ValidationErrors::single("a", "required", "is required"));
        assert!(!v.request_may_have_been_sent());
        assert!(!v.is_retryable());
        let t = Error::Timeout(TimeoutError::new(
            TimeoutKind::Attempt,
            Duration::from_secs(1),
        ));
        assert!(t.is_retryable());
        assert!(t.request_may_have_been_sent());
        let a =
            Error::Auth(AuthError::rejected(403, Some(ErrorCode(-99010004)), "x").with_skew(300));
        assert!(!a.is_retryable());
        assert!(a.to_string().contains("off by 300 s"), "{a}");
    }
}

//! The request pipeline: the ONE path every operation takes, from its description to a
//! decoded answer.
//!
//! # For service authors (internal API)
//!
//! A service file is an operation table. Each public method describes one operation with an
//! `OpBuilder` and finishes it into a [`Call`]; nothing else is needed:
//!
//! ```ignore
//! // GET /Taxinvoice/{KeyType}/{MgtKey}, Bearer token for the member, idempotent.
//! #[doc(alias = "getInfo")]
//! pub fn get_info(&self, corp: &CorpNum, kt: MgtKeyType, key: &MgtKey) -> Call<TaxinvoiceInfo> {
//!     self.client
//!         .op(Service::Taxinvoice, "Taxinvoice.getInfo", Method::Get,
//!             format!("/Taxinvoice/{}/{}", kt, seg(key.as_str())))
//!         .corp(corp)
//!         .json()
//! }
//!
//! // POST with an override verb and a validated JSON body; not idempotent (POST default).
//! pub fn issue(&self, corp: &CorpNum, kt: MgtKeyType, key: &MgtKey, req: &IssueRequest) -> Call<IssueResponse> {
//!     self.client
//!         .op(Service::Taxinvoice, "Taxinvoice.issue", Method::Post,
//!             format!("/Taxinvoice/{}/{}", kt, seg(key.as_str())))
//!         .corp(corp)
//!         .method_override("ISSUE")
//!         .validate(req)
//!         .json_body(req)
//!         .json()
//! }
//! ```
//!
//! `Popbill::op` (crate-internal) starts a description: operation name (tracing span field and error
//! context, `"Service.operationName"` in the official SDKs' spelling), method, path (already
//! built; encode dynamic segments with `seg`). Then, in any order:
//!
//! | Builder method | Effect |
//! |---|---|
//! | `.corp(&CorpNum)` | Bearer token for that member with the service's scopes; without it the call is unauthenticated |
//! | `.on_auth_host()` | send to the Linkhub auth host (`/{ServiceID}/Point`, `/PartnerPoint`, `/URL`) instead of the API host |
//! | `.query(key, value)` / `.query_opt(key, Option)` | append `key=value`; value kept raw like the official SDKs (only characters that would break the URL are %-encoded) |
//! | `.query_quoted(key, value)` | append with full UTF-8 %-encoding (Python `urllib.parse.quote`, e.g. `QString`, `SearchString`) |
//! | `.flag(key)` | bare flag without `=` (`?Detail`, `?XML`, `?Print`) |
//! | `.method_override(verb)` | `X-HTTP-Method-Override: verb`; `""` sends the header with an empty value (assignMgtKey) |
//! | `.json_body(&T)` / `.json_bytes(bytes)` | compact JSON body (`Content-Type: application/json; charset=utf8`) |
//! | `.form_body(bytes)` | `application/x-www-form-urlencoded; charset=utf-8` body, sent as given |
//! | `.multipart(Multipart)` | `multipart/form-data` body |
//! | `.bulk_body(submit_id, &T)` | JSON body plus `x-pb-message-digest` = Base64(SHA-1(exact body)) and `x-pb-submit-id` |
//! | `.idempotent(bool)` | retry classification; default true for GET, false for POST |
//! | `.validate(&impl Validate)` / `.check(Result)` / `.invalid(ValidationErrors)` | record validation errors: the call then fails with [`Error::Validation`] before anything is sent |
//!
//! Finishers: `.json::<T>()` (decode the body as `T`), `.map_json(|r: R| …)` (decode `R`,
//! return a projection, e.g. `remainPoint`), `.bytes()` (raw body, e.g. PDF), and
//! `.decode_with(Box<dyn FnOnce(&Popbill, HttpResponse) -> Result<T>>)` for anything else
//! (quitMember drops cached tokens this way).
//!
//! Users then set per-call options on the [`Call`] (`.user_id()`, `.timeout()`,
//! `.operation_timeout()`, `.retry_policy()`, `.no_retry()`, `.idempotent()`) and run it with
//! `.send().await` or plain `.await` ([`IntoFuture`]).
//!
//! # What the pipeline does
//!
//! 1. Fails early with [`Error::Validation`] if the description recorded violations.
//! 2. Per attempt (span `popbill.attempt` with `attempt`, `http.status`, `popbill.code`):
//!    obtains the member's token from the cache, builds the request with the headers of the
//!    official SDKs in their order (`x-pb-version: 1.0`, `Content-Type` for POSTs,
//!    bulk headers, `Authorization: Bearer …` marked sensitive, `x-pb-userid`,
//!    `X-HTTP-Method-Override`, `Accept-Encoding: gzip`, `User-Agent`, optional
//!    `Accept-Language`), sends it under the attempt timeout and classifies the answer:
//!    200 is success unless it is a JSON object with a negative `code` ([`Error::Api`]);
//!    other statuses give [`Error::Api`] from `{code, message}` or [`Error::Decode`] keeping
//!    the status and a redacted snippet.
//! 3. Token expired or invalid (`-10000033`, `-10000034`, or HTTP 401): drops that token and
//!    retries once (not counted as an attempt).
//! 4. Other failures go through [`crate::retry`]'s classifier, back-off and the operation
//!    deadline. Everything runs under one span `popbill` with the operation name and CorpNum;
//!    no secret is ever recorded.
//! 5. The finisher decodes the answer; JSON decode failures become [`Error::Decode`] with the
//!    `serde_path_to_error` path.

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::LazyLock;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use popbill_model::{CorpNum, Validate, ValidationErrors};
use popbill_transport::{HeaderText, HttpRequest, HttpResponse, Method, SharedHttpClient};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha1::{Digest, Sha1};
use tracing::Instrument as _;

use crate::auth::cache::{SessionToken, TokenKey};
use crate::auth::parse_code_message;
use crate::client::Popbill;
use crate::error::{ApiError, DecodeError, Error, TimeoutError, TimeoutKind};
use crate::retry::{Phase, RetryPolicy, parse_retry_after, should_retry};
use crate::services::Service;

/// Characters %-encoded in "raw" query values: only what would break the URL or change the
/// query's structure. Everything else (`*`, `,`, `-`, `:`, `/`, `@`, …) stays as the official
/// SDKs send it; non-ASCII is always encoded (UTF-8).
const QUERY_RAW: &AsciiSet = &CONTROLS
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
const QUERY_QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// A path segment: like [`QUERY_QUOTE`] but `/` is encoded too.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
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

/// Which host an operation goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// The POPBiLL API host.
    Api,
    /// The Linkhub auth host.
    Auth,
}

/// The request body. Its `Debug` shows the kind and length only: a body can hold a password
/// (`joinMember`) or personal data.
#[derive(Clone)]
pub(crate) enum Body {
    /// No body (`Content-Length: 0`).
    Empty,
    /// JSON bytes.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` bytes.
    Form(Bytes),
    /// `multipart/form-data` with its boundary.
    Multipart { boundary: String, bytes: Bytes },
    /// A bulk submission: JSON plus digest and submit id headers.
    Bulk { json: Bytes, submit_id: String },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Form(b) => write!(f, "Form({} bytes)", b.len()),
            Body::Multipart { bytes, .. } => write!(f, "Multipart({} bytes)", bytes.len()),
            Body::Bulk { json, submit_id } => f
                .debug_struct("Bulk")
                .field("bytes", &json.len())
                .field("submit_id", submit_id)
                .finish(),
        }
    }
}

/// A `multipart/form-data` body (RFC 7578). Its `Debug` shows the length only.
#[derive(Clone)]
#[allow(dead_code)] // used by the attachment operations of the document services
pub(crate) struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Multipart({} bytes)", self.bytes.len())
    }
}

#[allow(dead_code)] // used by the attachment operations of the document services
impl Multipart {
    /// An empty body with a random boundary.
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: format!(
                "popbill-rs-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            ),
            bytes: Vec::new(),
        }
    }

    /// A text part, e.g. the JSON `form` part.
    pub(crate) fn text_part(mut self, name: &str, content: &[u8]) -> Self {
        self.open(name);
        self.bytes.extend_from_slice(b"\r\n\r\n");
        self.bytes.extend_from_slice(content);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    /// A file part with `Content-Type: application/octet-stream`. Only the file's base name is
    /// sent; quotes and line breaks are removed from it.
    pub(crate) fn file_part(mut self, name: &str, filename: &str, content: &[u8]) -> Self {
        let base = filename.rsplit(['/', '\\']).next().unwrap_or(filename);
        let clean: String = base
            .chars()
            .filter(|c| *c != '"' && !c.is_control())
            .collect();
        self.open(name);
        self.bytes.extend_from_slice(b"; filename=\"");
        self.bytes.extend_from_slice(clean.as_bytes());
        self.bytes
            .extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        self.bytes.extend_from_slice(content);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    fn open(&mut self, name: &str) {
        self.bytes.extend_from_slice(b"--");
        self.bytes.extend_from_slice(self.boundary.as_bytes());
        self.bytes
            .extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.push(b'"');
    }

    fn finish(mut self) -> Body {
        self.bytes.extend_from_slice(b"--");
        self.bytes.extend_from_slice(self.boundary.as_bytes());
        self.bytes.extend_from_slice(b"--\r\n");
        Body::Multipart {
            boundary: self.boundary,
            bytes: Bytes::from(self.bytes),
        }
    }
}

/// One operation, fully described and ready to send (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) host: Host,
    /// Static for most operations: no allocation per call.
    pub(crate) path: Cow<'static, str>,
    /// Already encoded `key[=value]` items, in order.
    pub(crate) query: Vec<String>,
    pub(crate) method_override: Option<&'static str>,
    pub(crate) body: Body,
    pub(crate) service: Service,
    pub(crate) corp: Option<CorpNum>,
    pub(crate) idempotent: bool,
    pub(crate) invalid: Option<ValidationErrors>,
}

impl Operation {
    fn token_key(&self, service_id: &'static str) -> Option<TokenKey> {
        self.corp.as_ref().map(|c| TokenKey {
            service_id,
            corp_num: c.clone(),
            scopes: self.service.scopes(),
        })
    }

    /// Path plus query, as it appears on the request line.
    pub(crate) fn target(&self) -> String {
        let mut t = self.path.to_string();
        for (i, q) in self.query.iter().enumerate() {
            t.push(if i == 0 { '?' } else { '&' });
            t.push_str(q);
        }
        t
    }
}

/// Builder of an [`Operation`]; started by [`Popbill::op`], finished into a [`Call`].
#[must_use = "finish the description with .json(), .map_json(), .bytes() or .decode_with()"]
pub(crate) struct OpBuilder<'a> {
    client: &'a Popbill,
    op: Operation,
}

impl Popbill {
    /// Starts describing an operation of `service` (see the module docs).
    pub(crate) fn op(
        &self,
        service: Service,
        name: &'static str,
        method: Method,
        path: impl Into<Cow<'static, str>>,
    ) -> OpBuilder<'_> {
        OpBuilder {
            client: self,
            op: Operation {
                name,
                method,
                host: Host::Api,
                path: path.into(),
                query: Vec::new(),
                method_override: None,
                body: Body::Empty,
                service,
                corp: None,
                idempotent: method == Method::Get,
                invalid: None,
            },
        }
    }
}

#[allow(dead_code)] // the full vocabulary is used by the service files, not all by members
impl<'a> OpBuilder<'a> {
    /// Authenticate as this member (Bearer token with the service's scopes).
    pub(crate) fn corp(mut self, corp: &CorpNum) -> Self {
        self.op.corp = Some(corp.clone());
        self
    }

    /// Send to the Linkhub auth host.
    pub(crate) fn on_auth_host(mut self) -> Self {
        self.op.host = Host::Auth;
        self
    }

    /// `key=value`, value raw except for URL-breaking characters.
    pub(crate) fn query(mut self, key: &str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        self.op
            .query
            .push(format!("{key}={}", utf8_percent_encode(&value, QUERY_RAW)));
        self
    }

    /// `key=value` when `value` is `Some`.
    pub(crate) fn query_opt(self, key: &str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// `key=value` with the value fully %-encoded (Python `quote`).
    pub(crate) fn query_quoted(mut self, key: &str, value: &str) -> Self {
        self.op
            .query
            .push(format!("{key}={}", utf8_percent_encode(value, QUERY_QUOTE)));
        self
    }

    /// A bare flag without `=`.
    pub(crate) fn flag(mut self, key: &str) -> Self {
        self.op.query.push(key.to_owned());
        self
    }

    /// `X-HTTP-Method-Override: verb` (an empty verb sends an empty header).
    pub(crate) fn method_override(mut self, verb: &'static str) -> Self {
        self.op.method_override = Some(verb);
        self
    }

    /// Compact JSON body of `value`.
    pub(crate) fn json_body<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(v) => self.op.body = Body::Json(Bytes::from(v)),
            Err(e) => self.record(ValidationErrors::single(
                "body",
                popbill_model::rule::FORMAT,
                format!("cannot be serialised as JSON: {e}"),
            )),
        }
        self
    }

    /// JSON body from ready bytes.
    pub(crate) fn json_bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        self.op.body = Body::Json(bytes.into());
        self
    }

    /// Form body, sent as given.
    pub(crate) fn form_body(mut self, bytes: impl Into<Bytes>) -> Self {
        self.op.body = Body::Form(bytes.into());
        self
    }

    /// Multipart body.
    pub(crate) fn multipart(mut self, body: Multipart) -> Self {
        self.op.body = body.finish();
        self
    }

    /// Bulk JSON body with `x-pb-message-digest` and `x-pb-submit-id`.
    pub(crate) fn bulk_body<T: Serialize + ?Sized>(mut self, submit_id: &str, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(v) => {
                self.op.body = Body::Bulk {
                    json: Bytes::from(v),
                    submit_id: submit_id.to_owned(),
                }
            }
            Err(e) => self.record(ValidationErrors::single(
                "body",
                popbill_model::rule::FORMAT,
                format!("cannot be serialised as JSON: {e}"),
            )),
        }
        self
    }

    /// Overrides the default idempotency (GET true, POST false).
    pub(crate) fn idempotent(mut self, idempotent: bool) -> Self {
        self.op.idempotent = idempotent;
        self
    }

    /// Validates `value` with the client's validation context.
    pub(crate) fn validate<V: Validate + ?Sized>(self, value: &V) -> Self {
        let ctx = self.client.validation_context();
        let result = value.validate_with(&ctx);
        self.check(result)
    }

    /// Records the violations of a validation result.
    pub(crate) fn check(mut self, result: Result<(), ValidationErrors>) -> Self {
        if let Err(e) = result {
            self.record(e);
        }
        self
    }

    /// Records violations.
    pub(crate) fn invalid(mut self, errors: ValidationErrors) -> Self {
        self.record(errors);
        self
    }

    fn record(&mut self, errors: ValidationErrors) {
        let ctx = popbill_model::ValidationContext::default();
        let mut all = popbill_model::Validator::new(&ctx);
        if let Some(previous) = self.op.invalid.take() {
            all.extend_prefixed("", previous);
        }
        all.extend_prefixed("", errors);
        self.op.invalid = all.finish().err();
    }

    /// Finishes with a custom decoder.
    pub(crate) fn decode_with<T>(self, decode: Decoder<T>) -> Call<T> {
        Call {
            client: self.client.clone(),
            op: self.op,
            opts: None,
            decode,
        }
    }

    /// Finishes decoding the JSON body as `T`.
    pub(crate) fn json<T: DeserializeOwned + 'static>(self) -> Call<T> {
        self.decode_with(Box::new(|_, resp| decode_json::<T>(&resp)))
    }

    /// Finishes decoding `R` and returning `f(R)`.
    pub(crate) fn map_json<R, T>(self, f: fn(R) -> T) -> Call<T>
    where
        R: DeserializeOwned + 'static,
        T: 'static,
    {
        self.decode_with(Box::new(move |_, resp| decode_json::<R>(&resp).map(f)))
    }

    /// Finishes returning the raw body (e.g. a PDF).
    pub(crate) fn bytes(self) -> Call<Bytes> {
        self.decode_with(Box::new(|_, resp| Ok(resp.body)))
    }
}

/// Turns the answer into the operation's output.
pub(crate) type Decoder<T> = Box<dyn FnOnce(&Popbill, HttpResponse) -> Result<T, Error> + Send>;

/// Decodes a JSON body as `T`, with the failing path in the error. The fast path is a plain
/// `serde_json` decode; only a failure is decoded again with path tracking.
pub(crate) fn decode_json<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, Error> {
    match serde_json::from_slice::<T>(&resp.body) {
        Ok(v) => Ok(v),
        Err(_) => decode_failure::<T>(resp),
    }
}

/// The error of a JSON body that did not decode as `T`: decoded again with path tracking.
#[cold]
#[inline(never)]
fn decode_failure<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(&resp.body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
        // Not reachable for a deterministic deserialiser; report it as a decode error anyway.
        Ok(_) => (String::new(), "inconsistent JSON decoding".to_owned()),
    };
    Err(Error::Decode(DecodeError::new(
        resp.status,
        Some(path),
        message,
        &resp.body,
    )))
}

/// Per-call options.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    user_id: Option<String>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    idempotent: Option<bool>,
}

/// The options of a call that sets none.
static NO_OPTIONS: CallOptions = CallOptions {
    user_id: None,
    attempt_timeout: None,
    operation_timeout: None,
    retry: None,
    idempotent: None,
};

/// One POPBiLL operation, described and ready to send.
///
/// Set per-call options, then run it with `.send().await` or simply `.await`:
///
/// ```no_run
/// # async fn demo(client: popbill::Popbill) -> popbill::Result<()> {
/// use std::time::Duration;
/// let corp = popbill::model::CorpNum::parse_unchecked("1234567890").expect("10 digits");
/// let info = client
///     .member()
///     .get_corp_info(&corp)
///     .user_id("testkorea")
///     .timeout(Duration::from_secs(20))
///     .await?;
/// println!("{:?}", info.corp_name);
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until it is sent with .send().await or .await"]
pub struct Call<T> {
    client: Popbill,
    op: Operation,
    /// Boxed and only when set: most calls set none, and every call's future carries this.
    opts: Option<Box<CallOptions>>,
    decode: Decoder<T>,
}

impl<T> Call<T> {
    fn options(&self) -> &CallOptions {
        self.opts.as_deref().unwrap_or(&NO_OPTIONS)
    }

    fn options_mut(&mut self) -> &mut CallOptions {
        self.opts.get_or_insert_with(Box::default)
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.op.name)
            .field("method", &self.op.method)
            .field("target", &self.op.target())
            .field("options", self.options())
            .finish()
    }
}

impl<T: Send + 'static> Call<T> {
    /// Acts as this POPBiLL user account (`x-pb-userid`).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.options_mut().user_id = Some(user_id.into());
        self
    }

    /// Timeout of each HTTP attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options_mut().attempt_timeout = Some(timeout);
        self
    }

    /// Timeout of the whole call, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.options_mut().operation_timeout = Some(timeout);
        self
    }

    /// Retry policy of this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options_mut().retry = Some(policy);
        self
    }

    /// No retries for this call (an expired token is still renewed once).
    pub fn no_retry(self) -> Self {
        self.retry_policy(RetryPolicy::disabled())
    }

    /// Declares whether repeating this call is harmless, overriding the operation's default
    /// (lookups are idempotent; issuing, registering and deleting are not).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.options_mut().idempotent = Some(idempotent);
        self
    }

    /// The operation name, e.g. `Member.getCorpInfo`.
    pub fn operation_name(&self) -> &'static str {
        self.op.name
    }

    /// Sends the call and decodes the answer.
    ///
    /// The future is boxed: whatever awaits or spawns it holds one pointer, not the whole
    /// call state (about 750 bytes), which tokio would otherwise copy on every spawn and
    /// state change of the task. One allocation costs less than those copies.
    pub fn send(self) -> CallFuture<T> {
        let span = tracing::info_span!(
            "popbill",
            op = self.op.name,
            corp = self.op.corp.as_ref().map(CorpNum::as_str).unwrap_or(""),
        );
        // An `async` block, not an `async fn`: the function's argument would be stored twice
        // in the future (as argument and as local), the block's capture only once. No
        // destructuring of `self` inside, for the same reason. The span covers the whole
        // block, decoding included, so it is held once.
        Box::pin(
            async move {
                let resp = execute(&self.client, &self.op, self.options()).await?;
                (self.decode)(&self.client, resp)
            }
            .instrument(span),
        )
    }
}

/// The future of a sent [`Call`]: boxed, `Send` and `'static`, so it can be spawned.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// A failed attempt and what the retry logic needs to know about it.
struct Failure {
    error: Error,
    phase: Phase,
    bearer: Option<SessionToken>,
    retry_after: Option<Duration>,
}

impl Failure {
    fn token(error: Error) -> Self {
        Failure {
            error,
            phase: Phase::Token,
            bearer: None,
            retry_after: None,
        }
    }

    /// A request that failed in the transport or ran out of time.
    #[cold]
    #[inline(never)]
    fn send(error: Error, bearer: Option<SessionToken>) -> Self {
        Failure {
            error,
            phase: Phase::Send,
            bearer,
            retry_after: None,
        }
    }
}

/// The longest `x-pb-userid` accepted (spec §6.1).
const MAX_USER_ID_CHARS: usize = 50;

/// The `x-pb-userid` to send: trimmed, `None` when blank.
#[inline(never)]
fn check_user_id(user_id: &str) -> Result<Option<&str>, Error> {
    let id = user_id.trim();
    if id.is_empty() {
        return Ok(None);
    }
    if id.chars().any(char::is_control) {
        return Err(Error::Validation(ValidationErrors::single(
            "UserID",
            popbill_model::rule::CHARSET,
            "must not contain control characters",
        )));
    }
    if id.chars().count() > MAX_USER_ID_CHARS {
        return Err(Error::Validation(ValidationErrors::single(
            "UserID",
            popbill_model::rule::MAX_LENGTH,
            format!("must be at most {MAX_USER_ID_CHARS} characters"),
        )));
    }
    Ok(Some(id))
}

/// Runs an operation: validation, attempts, token renewal, retries, deadline.
///
/// What a successful call runs stays here and in [`attempt`]; failures are handled by
/// separate functions ([`after_failure`], [`Failure::send`], [`answer_failure`]), so the
/// instructions of the common path sit together.
pub(crate) async fn execute(
    client: &Popbill,
    op: &Operation,
    opts: &CallOptions,
) -> Result<HttpResponse, Error> {
    if let Some(errors) = &op.invalid {
        return Err(invalid(errors));
    }
    let user_id = match opts.user_id.as_deref() {
        None => None,
        Some(u) => check_user_id(u)?,
    };
    let config = client.config();
    let attempt_timeout = opts.attempt_timeout.unwrap_or(config.timeouts.attempt);
    // A per-call attempt timeout longer than the configured operation timeout extends the
    // deadline, so that at least one full attempt fits.
    let operation_timeout = opts
        .operation_timeout
        .unwrap_or_else(|| config.timeouts.operation.max(attempt_timeout));
    let started = tokio::time::Instant::now();
    let deadline = crate::clock::instant_after(started, operation_timeout);
    let http = client.http()?;
    let key = op.token_key(config.service_id());

    let mut retry = RetryState {
        counted: 0,
        token_renewed: false,
    };
    let mut tries: u32 = 0;
    loop {
        retry.counted = retry.counted.saturating_add(1);
        tries = tries.saturating_add(1);
        let span = tracing::debug_span!(
            "popbill.attempt",
            attempt = tries,
            http.status = tracing::field::Empty,
            popbill.code = tracing::field::Empty,
        );
        // One timer per attempt: the attempt timeout, or what is left of the operation
        // (all of it for the first attempt, without reading the clock again).
        let remaining = if tries == 1 {
            operation_timeout
        } else {
            deadline.saturating_duration_since(tokio::time::Instant::now())
        };
        if remaining.is_zero() {
            return Err(operation_timed_out(operation_timeout));
        }
        let limit = attempt_timeout.min(remaining);
        let once = attempt(client, http, op, key.as_ref(), user_id, limit).instrument(span);
        let failure = match once.await {
            Ok(resp) => return Ok(resp),
            Err(f) => f,
        };
        let ctx = FailureContext {
            client,
            op,
            opts,
            key: key.as_ref(),
            bounded_by_operation: remaining <= attempt_timeout,
            operation_timeout,
            deadline,
        };
        match after_failure(&ctx, &mut retry, failure) {
            Next::Fail(error) => return Err(error),
            Next::Renewed => {}
            // Boxed for the same reason as the token exchange: retries are the exception.
            Next::Wait(delay) => Box::pin(tokio::time::sleep(delay)).await,
        }
    }
}

/// The validation errors of an operation that is never sent.
#[cold]
#[inline(never)]
fn invalid(errors: &ValidationErrors) -> Error {
    Error::Validation(errors.clone())
}

#[cold]
#[inline(never)]
fn operation_timed_out(operation_timeout: Duration) -> Error {
    Error::Timeout(TimeoutError::new(TimeoutKind::Operation, operation_timeout))
}

/// Retry bookkeeping of one operation.
struct RetryState {
    /// Attempts that count against the policy (a token renewal does not).
    counted: u32,
    /// Whether the token was already renewed once after the API refused it.
    token_renewed: bool,
}

/// What [`after_failure`] needs to know about the operation.
struct FailureContext<'a> {
    client: &'a Popbill,
    op: &'a Operation,
    opts: &'a CallOptions,
    key: Option<&'a TokenKey>,
    /// Whether the failed attempt's timer was what was left of the operation.
    bounded_by_operation: bool,
    operation_timeout: Duration,
    deadline: tokio::time::Instant,
}

/// What to do after a failed attempt.
enum Next {
    Fail(Error),
    /// The refused token was dropped: try again at once, not counted as a retry.
    Renewed,
    /// Retry after this delay.
    Wait(Duration),
}

/// Decides what follows a failed attempt: the operation's timeout, one token renewal,
/// a retry after a delay, or the error.
#[inline(never)]
fn after_failure(ctx: &FailureContext<'_>, retry: &mut RetryState, failure: Failure) -> Next {
    if ctx.bounded_by_operation && is_timeout(&failure.error) {
        return Next::Fail(operation_timed_out(ctx.operation_timeout));
    }
    if !retry.token_renewed && failure.phase == Phase::Send && token_rejected(&failure.error) {
        if let (Some(k), Some(b)) = (ctx.key, failure.bearer.as_ref()) {
            retry.token_renewed = true;
            retry.counted -= 1;
            tracing::debug!(error = %failure.error, "session token refused; renewing it and retrying once");
            ctx.client.auth().cache.invalidate_token(k, b);
            return Next::Renewed;
        }
    }
    let config = ctx.client.config();
    let policy = ctx.opts.retry.as_ref().unwrap_or(&config.retry);
    let idempotent = ctx.opts.idempotent.unwrap_or(ctx.op.idempotent);
    if retry.counted >= policy.max_attempts()
        || !should_retry(idempotent, failure.phase, &failure.error)
    {
        return Next::Fail(failure.error);
    }
    let delay = policy.delay(retry.counted, failure.retry_after);
    if crate::clock::instant_after(tokio::time::Instant::now(), delay) >= ctx.deadline {
        return Next::Fail(failure.error);
    }
    tracing::debug!(error = %failure.error, delay_ms = delay.as_millis() as u64, "retrying");
    Next::Wait(delay)
}

fn is_timeout(error: &Error) -> bool {
    match error {
        Error::Timeout(_) => true,
        Error::Transport(t) => t.is_timeout(),
        _ => false,
    }
}

/// True when the answer says the session token is expired or invalid.
fn token_rejected(error: &Error) -> bool {
    match error {
        Error::Api(e) => e.code().is_token_invalid() || e.status() == 401,
        Error::Decode(e) => e.status() == 401,
        _ => false,
    }
}

async fn attempt(
    client: &Popbill,
    http: &SharedHttpClient,
    op: &Operation,
    key: Option<&TokenKey>,
    user_id: Option<&str>,
    timeout: Duration,
) -> Result<HttpResponse, Failure> {
    let config = client.config();
    let bearer = match key {
        // Fast path: a cached token, no timer armed.
        Some(k) => match client.auth().cached(config, k) {
            Some(t) => Some(t),
            None => Some(fetch_token(client, http, k, timeout).await?),
        },
        None => None,
    };
    let req = build_request(client, op, bearer.as_ref(), user_id, timeout);
    // One timer per attempt: a client that enforces `HttpRequest::timeout` (the default
    // hyper client) needs no second one around it; any other client gets ours.
    let sent = if http.enforces_request_timeout() {
        Ok(http.send(req).await)
    } else {
        // Boxed: a timer is large, and only clients without their own need this one.
        Box::pin(tokio::time::timeout(timeout, http.send(req))).await
    };
    let resp = match sent {
        Ok(Ok(resp)) => resp,
        Ok(Err(e)) => return Err(Failure::send(Error::Transport(e), bearer)),
        Err(_) => return Err(Failure::send(attempt_timed_out(timeout), bearer)),
    };
    if tracing::level_enabled!(tracing::Level::DEBUG) {
        tracing::Span::current().record("http.status", resp.status);
    }
    let negative = if resp.status == 200 {
        match negative_code(&resp.body) {
            None => return Ok(resp),
            found => found,
        }
    } else {
        None
    };
    Err(answer_failure(&resp, negative, bearer))
}

/// Fetches a session token (none cached), bounded by the attempt's timeout. Boxed: the
/// token exchange is a large future and rare (once per token lifetime), so it should not
/// enlarge every call's future.
#[inline(never)]
fn fetch_token<'a>(
    client: &'a Popbill,
    http: &'a SharedHttpClient,
    key: &'a TokenKey,
    timeout: Duration,
) -> Pin<Box<dyn Future<Output = Result<SessionToken, Failure>> + Send + 'a>> {
    Box::pin(async move {
        let config = client.config();
        match tokio::time::timeout(timeout, client.auth().token(config, http, key, timeout)).await {
            Ok(Ok(t)) => Ok(t),
            Ok(Err(e)) => Err(Failure::token(e)),
            Err(_) => Err(Failure::token(attempt_timed_out(timeout))),
        }
    })
}

#[cold]
#[inline(never)]
fn attempt_timed_out(timeout: Duration) -> Error {
    Error::Timeout(TimeoutError::new(TimeoutKind::Attempt, timeout))
}

/// The failure of an attempt whose answer is an error: a 200 JSON object with a negative
/// `code` (`negative`, as [`negative_code`] found it), or a status other than 200.
#[cold]
#[inline(never)]
fn answer_failure(
    resp: &HttpResponse,
    negative: Option<(crate::error::ErrorCode, String)>,
    bearer: Option<SessionToken>,
) -> Failure {
    let error = if let Some((code, message)) = negative {
        Error::Api(ApiError::new(resp.status, code, message))
    } else {
        match parse_code_message(&resp.body) {
            Some((code, message)) => Error::Api(ApiError::new(resp.status, code, message)),
            None => Error::Decode(DecodeError::new(
                resp.status,
                None,
                "expected a JSON {code, message} error answer",
                &resp.body,
            )),
        }
    };
    // `attempt` has recorded the status on the attempt's span already.
    if let Some(code) = error.api_code() {
        tracing::Span::current().record("popbill.code", code.value());
    }
    tracing::debug!(http.status = resp.status, error = %error, "attempt failed");
    Failure {
        error,
        phase: Phase::Send,
        bearer,
        retry_after: resp.header("retry-after").and_then(parse_retry_after),
    }
}

/// Where `"code"` first occurs in `body` (a SIMD substring search).
fn code_key(body: &[u8]) -> Option<usize> {
    static CODE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\"code\""));
    CODE.find(body)
}

/// Whether `body` has a `-` that may begin a negative number, or a numeric string whose
/// trimmed text is negative: one not right after a letter or digit, unless that letter or
/// digit ends an escape (`\t`, `\u0020`) that decodes to whitespace. Success answers rarely
/// have a `-` at all, and those they have sit inside keys, dates and codes (`INV-2025-01`),
/// so this single-byte search settles most answers in fewer instructions than the search
/// for the `"code"` key (about 290 against 470 for a 900-byte answer).
fn may_hold_negative_number(body: &[u8]) -> bool {
    memchr::memchr_iter(b'-', body).any(|minus| {
        let Some(before) = minus.checked_sub(1) else {
            return true;
        };
        !body[before].is_ascii_alphanumeric()
            || before.checked_sub(1).is_some_and(|i| body[i] == b'\\')
            || before
                .checked_sub(5)
                .is_some_and(|i| body[i] == b'\\' && body[i + 1] == b'u')
    })
}

/// `Some` when a 200 body is a JSON object carrying a negative `code`.
pub(crate) fn negative_code(body: &[u8]) -> Option<(crate::error::ErrorCode, String)> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'{' || !may_hold_negative_number(body) {
        return None;
    }
    code_key(body)?;
    parse_code_message(body).filter(|(code, _)| code.value() < 0)
}

/// The most headers [`build_request`] sends: `x-pb-version`, `content-type`, the two bulk
/// headers, `authorization`, `x-pb-userid`, `x-http-method-override`, `accept-encoding`,
/// `user-agent`, `accept-language`.
const MAX_HEADERS: usize = 10;

/// Builds the HTTP request of one attempt, headers in the official Python SDK's order.
///
/// The common case (a lookup: no body, no user ID) stays in this short function; body
/// headers, user IDs and bodies are added by separate functions, so the instructions every
/// call runs sit together instead of between rarely taken branches.
fn build_request(
    client: &Popbill,
    op: &Operation,
    bearer: Option<&SessionToken>,
    user_id: Option<&str>,
    timeout: Duration,
) -> HttpRequest {
    let config = client.config();
    let mut req = HttpRequest::new(op.method, request_url(config, op)).with_timeout(timeout);
    // Every header below in one allocation; names and fixed values are static text, the
    // user agent and the token's `Authorization` value are shared, not copied.
    let headers = &mut req.headers;
    headers.reserve_exact(MAX_HEADERS);
    match op.host {
        Host::Api => {
            headers.push((HeaderText::from_static("x-pb-version"), "1.0".into()));
            if op.method != Method::Get {
                push_content_type(headers, &op.body);
            }
            if let Body::Bulk { json, submit_id } = &op.body {
                push_bulk_headers(headers, json, submit_id);
            }
            if let Some(b) = bearer {
                // `Authorization` is always sensitive (`HttpRequest::is_sensitive`): never
                // printed, marked sensitive on the wire; no need to list it.
                headers.push(("authorization".into(), b.authorization()));
            }
            if let Some(u) = user_id {
                push_user_id(headers, u);
            }
            if let Some(verb) = op.method_override {
                headers.push(("x-http-method-override".into(), verb.into()));
            }
            headers.push(("accept-encoding".into(), "gzip".into()));
        }
        Host::Auth => {
            if let Some(b) = bearer {
                headers.push(("authorization".into(), b.authorization()));
            }
        }
    }
    headers.push(("user-agent".into(), config.user_agent.clone()));
    if let Some(lang) = &config.accept_language {
        headers.push(("accept-language".into(), lang.clone()));
    }
    if !matches!(op.body, Body::Empty) {
        req.body = body_bytes(&op.body);
    }
    req
}

/// Base URL, path and query, in one exactly sized allocation (the transport then takes the
/// URL over without copying it).
fn request_url(config: &crate::config::Config, op: &Operation) -> String {
    let base = match op.host {
        Host::Api => config.api_base_url(),
        Host::Auth => config.auth_base_url(),
    };
    let query_len: usize = op.query.iter().map(|q| q.len() + 1).sum();
    let mut url = String::with_capacity(base.len() + op.path.len() + query_len);
    url.push_str(base);
    url.push_str(&op.path);
    for (i, q) in op.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(q);
    }
    url
}

/// `content-type` of a request other than GET.
#[inline(never)]
fn push_content_type(headers: &mut Vec<(HeaderText, HeaderText)>, body: &Body) {
    let content_type: HeaderText = match body {
        Body::Form(_) => "application/x-www-form-urlencoded; charset=utf-8".into(),
        Body::Multipart { boundary, .. } => {
            format!("multipart/form-data; boundary={boundary}").into()
        }
        Body::Empty | Body::Json(_) | Body::Bulk { .. } => "application/json; charset=utf8".into(),
    };
    headers.push(("content-type".into(), content_type));
}

/// The bulk headers: `x-pb-message-digest`, the base64 SHA-1 of the exact body bytes, and
/// `x-pb-submit-id`.
#[inline(never)]
fn push_bulk_headers(headers: &mut Vec<(HeaderText, HeaderText)>, json: &[u8], submit_id: &str) {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha1::digest(json));
    headers.push(("x-pb-message-digest".into(), digest.into()));
    headers.push(("x-pb-submit-id".into(), submit_id.to_owned().into()));
}

#[inline(never)]
fn push_user_id(headers: &mut Vec<(HeaderText, HeaderText)>, user_id: &str) {
    headers.push(("x-pb-userid".into(), user_id.to_owned().into()));
}

/// The body bytes of a request (shared, not copied).
#[inline(never)]
fn body_bytes(body: &Body) -> Bytes {
    match body {
        Body::Empty => Bytes::new(),
        Body::Json(b) | Body::Form(b) => b.clone(),
        Body::Multipart { bytes, .. } => bytes.clone(),
        Body::Bulk { json, .. } => json.clone(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn query_encoding_modes() {
        let raw: String = utf8_percent_encode("3**,6**", QUERY_RAW).to_string();
        assert_eq!(raw, "3**,6**");
        let raw: String = utf8_percent_encode("a b&c=d#e+f%", QUERY_RAW).to_string();
        assert_eq!(raw, "a%20b%26c=d%23e%2Bf%25");
        let quoted: String = utf8_percent_encode("공급받는자 상호", QUERY_QUOTE).to_string();
        assert_eq!(
            quoted,
            "%EA%B3%B5%EA%B8%89%EB%B0%9B%EB%8A%94%EC%9E%90%20%EC%83%81%ED%98%B8"
        );
        assert_eq!(seg("a/b c"), "a%2Fb%20c");
        assert_eq!(seg("PY-TI_0001.x~"), "PY-TI_0001.x~");
        let mut path = String::from("/a/");
        push_seg(&mut path, "키 1");
        push_seg(&mut path, "/b");
        assert_eq!(path, "/a/%ED%82%A4%201%2Fb");
        // The shortcut and the encoder agree on every ASCII byte.
        for b in 0u8..128 {
            let text = char::from(b).to_string();
            let mut fast = String::new();
            push_seg(&mut fast, &text);
            assert_eq!(
                fast,
                utf8_percent_encode(&text, PATH_SEGMENT).to_string(),
                "{b}"
            );
        }
    }

    fn test_client() -> Popbill {
        Popbill::new(
            crate::Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                .test(true)
                .api_url("http://h")
                .build()
                .unwrap(),
        )
    }

    /// Bulk digest vectors of auth-and-transport.md §2 (SHA-1 of the exact body bytes).
    #[test]
    fn bulk_headers_digest_the_exact_body() {
        let client = test_client();
        #[derive(Serialize)]
        struct Bulk {
            #[serde(rename = "forceIssue")]
            force_issue: bool,
            invoices: Vec<u8>,
        }
        #[derive(Serialize)]
        struct Memo {
            memo: &'static str,
        }
        for (body, digest) in [
            (
                serde_json::to_value(Bulk {
                    force_issue: false,
                    invoices: vec![],
                })
                .unwrap(),
                "39z/v8vKiAPDbNySa6l7c/5ZuO0=",
            ),
            (
                serde_json::to_value(Memo { memo: "한글" }).unwrap(),
                "ddKoZZA16mVNex+jM5j0cJqPS7I=",
            ),
        ] {
            let b = client
                .op(Service::Taxinvoice, "T.bulk", Method::Post, "/Taxinvoice")
                .method_override("BULKISSUE")
                .bulk_body("SUBMIT-01", &body);
            let req = build_request(&client, &b.op, None, Some("u"), Duration::from_secs(1));
            assert_eq!(req.header("x-pb-message-digest"), Some(digest));
            assert_eq!(req.header("x-pb-submit-id"), Some("SUBMIT-01"));
            assert_eq!(req.header("x-http-method-override"), Some("BULKISSUE"));
            // The Python SDK's order; names lower-case, as HTTP/2 requires and hyper writes
            // HTTP/1 anyway (static lower-case names need no copy on the way to hyper).
            let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                names,
                [
                    "x-pb-version",
                    "content-type",
                    "x-pb-message-digest",
                    "x-pb-submit-id",
                    "x-pb-userid",
                    "x-http-method-override",
                    "accept-encoding",
                    "user-agent"
                ]
            );
        }
    }

    /// `build_request` reserves room for every header it sends: the vector never grows.
    #[test]
    fn header_vector_never_grows() {
        let plain = test_client();
        let with_language = Popbill::new(
            crate::Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                .test(true)
                .api_url("http://h")
                .accept_language("en-US")
                .build()
                .unwrap(),
        );
        let token = SessionToken::new("t");
        let corp = CorpNum::parse_unchecked("1234567890").unwrap();
        for client in [&plain, &with_language] {
            let get = client
                .op(
                    Service::Taxinvoice,
                    "T.get",
                    Method::Get,
                    "/Taxinvoice/SELL/K",
                )
                .corp(&corp);
            let bulk = client
                .op(Service::Taxinvoice, "T.bulk", Method::Post, "/Taxinvoice")
                .method_override("BULKISSUE")
                .bulk_body("SUBMIT-01", &serde_json::json!({"a": 1}));
            let auth = client
                .op(
                    Service::Taxinvoice,
                    "T.point",
                    Method::Get,
                    "/POPBILL_TEST/Point",
                )
                .on_auth_host();
            for (op, bearer, user) in [
                (&get.op, Some(&token), None),
                (&get.op, None, Some("u")),
                (&bulk.op, Some(&token), Some("u")),
                (&bulk.op, None, None),
                (&auth.op, Some(&token), None),
                (&auth.op, None, None),
            ] {
                let req = build_request(client, op, bearer, user, Duration::from_secs(1));
                assert_eq!(req.headers.capacity(), MAX_HEADERS, "{}", op.name);
                assert!(req.headers.len() <= MAX_HEADERS, "{}", op.name);
            }
        }
    }

    #[test]
    fn form_body_and_empty_override_header() {
        let client = test_client();
        let b = client
            .op(
                Service::Cashbill,
                "C.assign",
                Method::Post,
                "/Cashbill/0250",
            )
            .method_override("")
            .form_body("MgtKey=PY-1")
            .flag("Print")
            .query_quoted("Q", "a b");
        let req = build_request(&client, &b.op, None, None, Duration::from_secs(1));
        assert_eq!(req.url, "http://h/Cashbill/0250?Print&Q=a%20b");
        assert_eq!(req.header("x-http-method-override"), Some(""));
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded; charset=utf-8")
        );
        assert_eq!(&req.body[..], b"MgtKey=PY-1");
        let v = client
            .op(Service::Cashbill, "C.x", Method::Post, "/x")
            .validate(&popbill_model::member::QuitRequest::new(""))
            .invalid(ValidationErrors::single("b", "required", "is required"));
        let errs = v.op.invalid.expect("recorded");
        assert!(errs.has("quitReason", "required") && errs.has("b", "required"));
    }

    #[test]
    fn operation_debug_shows_no_body_content() {
        let client = test_client();
        let form = popbill_model::member::JoinForm::default().set_password("hunter2!@#");
        let v = client
            .op(
                Service::Taxinvoice,
                "Member.joinMember",
                Method::Post,
                "/Join",
            )
            .json_body(&form);
        let printed = format!("{:?}", v.op);
        assert!(
            printed.contains("Json(") && printed.contains(" bytes)"),
            "{printed}"
        );
        assert!(!printed.contains("hunter2"), "{printed}");
        let bulk = Body::Bulk {
            json: Bytes::from_static(b"{\"secret\":1}"),
            submit_id: "S-1".into(),
        };
        assert_eq!(
            format!("{bulk:?}"),
            r#"Bulk { bytes: 12, submit_id: "S-1" }"#
        );
        let multipart = Multipart::new().text_part("form", b"private");
        assert!(!format!("{multipart:?}").contains("private"));
        assert!(!format!("{:?}", multipart.finish()).contains("private"));
    }

    #[test]
    fn negative_code_detection() {
        assert!(negative_code(br#"{"code":-11000005,"message":"x"}"#).is_some());
        assert!(negative_code(br#" {"message":"x","code":"-1"}"#).is_some());
        assert!(negative_code(br#"{"code":1,"message":"ok"}"#).is_none());
        assert!(negative_code(br#"{"code":0}"#).is_none());
        assert!(negative_code(br#"[{"code":-1}]"#).is_none());
        assert!(negative_code(br#"{"remainPoint":10}"#).is_none());
        assert!(negative_code(br#"{"code":7,"message":"no minus sign"}"#).is_none());
        assert!(negative_code(br#"{"message":"-","code":-7}"#).is_some());
        assert!(negative_code(b"%PDF-1.4").is_none());
        assert!(negative_code(br#"{"date":"2025-01-01","code":5}"#).is_none());
        // Whitespace before the minus sign of a string code, raw or escaped, as the lenient
        // code parser trims it.
        assert!(negative_code(br#"{"code":" -3"}"#).is_some());
        assert!(negative_code(br#"{"code":"\t-3"}"#).is_some());
        assert!(negative_code(br#"{"code":"\u3000-3"}"#).is_some());
        assert!(negative_code("{\"code\":\"\u{3000}-3\"}".as_bytes()).is_some());
        assert!(negative_code(br#"{"mgtKey":"INV-1","code":1}"#).is_none());
        assert!(!may_hold_negative_number(b"INV-2025-01-01 a-b"));
        assert!(may_hold_negative_number(b"-1"));
        assert!(may_hold_negative_number(b"x:-1"));
        assert!(may_hold_negative_number(br#""\n-1""#));
        assert!(!may_hold_negative_number(b""));
        assert!(negative_code(br#"{"inner":{"code":1},"code":-5,"message":"m"}"#).is_some());
        assert_eq!(code_key(b"ab\"code\""), Some(2));
        assert_eq!(code_key(b"{\"x\":\"cc\",\"code\":1}"), Some(10));
        assert_eq!(code_key(b"\"cod\"e\""), None);
        assert_eq!(code_key(b"\"code"), None);
        assert_eq!(code_key(b""), None);
        // Long bodies take the vectorised path: a key near the end, quotes everywhere else.
        let mut long = br#"{"a":"c","#.repeat(200);
        assert_eq!(code_key(&long), None);
        long.extend_from_slice(br#""code":-1}"#);
        assert_eq!(code_key(&long), Some(long.len() - 10));
        assert!(
            negative_code(&[b"{", &long[..]].concat()).is_none(),
            "not valid JSON"
        );
    }

    #[test]
    fn multipart_layout() {
        let body = Multipart::new()
            .text_part("form", br#"{"a":1}"#)
            .file_part("Filedata", "C:\\dir\\\"x\".txt", b"HELLO")
            .finish();
        let Body::Multipart { boundary, bytes } = body else {
            panic!("multipart");
        };
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert_eq!(
            text,
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{{\"a\":1}}\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"Filedata\"; filename=\"x.txt\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\nHELLO\r\n--{b}--\r\n",
                b = boundary
            )
        );
    }
}

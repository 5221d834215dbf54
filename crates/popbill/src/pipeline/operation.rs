//! The description of one operation ([`Operation`]) and its builder ([`OpBuilder`]), which
//! a service finishes into a [`Call`] with a decoder.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::utf8_percent_encode;
use popbill_model::{CorpNum, Validate, ValidationErrors};
use popbill_transport::{HttpResponse, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::body::{Body, Multipart, secret_bytes};
use super::call::Call;
use super::encode::{QUERY_QUOTE, QUERY_RAW};
use crate::auth::cache::TokenKey;
use crate::client::Popbill;
use crate::error::{DecodeError, Error};
use crate::service::Service;

/// Which host an operation goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// The POPBiLL API host.
    Api,
    /// The Linkhub auth host.
    Auth,
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
    pub(crate) fn token_key(&self, service_id: &'static str) -> Option<TokenKey> {
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

/// Builder of an [`Operation`]; started by `Popbill::op`, finished into a [`Call`].
#[must_use = "finish the description with .json(), .map_json(), .bytes() or .decode_with()"]
pub(crate) struct OpBuilder<'a> {
    client: &'a Popbill,
    pub(crate) op: Operation,
}

#[allow(dead_code)] // the full vocabulary is used by the service files, not all by members
impl<'a> OpBuilder<'a> {
    /// Starts describing an operation of `service` (see the module docs of
    /// [`crate::pipeline`]); services start with `Popbill::op`.
    pub(crate) fn new(
        client: &'a Popbill,
        service: Service,
        name: &'static str,
        method: Method,
        path: Cow<'static, str>,
    ) -> Self {
        OpBuilder {
            client,
            op: Operation {
                name,
                method,
                host: Host::Api,
                path,
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

    /// Already encoded `key=value` items (from a [`QueryWriter`](super::QueryWriter)).
    pub(crate) fn query_items(mut self, items: Vec<String>) -> Self {
        self.op.query.extend(items);
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

    /// Compact JSON body of `value`, which holds a secret (a password): serialised into one
    /// buffer of exactly the right size (no reallocation leaves a partial copy behind), which
    /// is overwritten with zeros when the call is done with it (see [`secret_bytes`]).
    pub(crate) fn secret_json_body<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        let mut len = ByteCount(0);
        let written = serde_json::to_writer(&mut len, value).and_then(|()| {
            let mut buf = Vec::with_capacity(len.0);
            serde_json::to_writer(&mut buf, value).map(|()| buf)
        });
        match written {
            Ok(buf) => self.op.body = Body::Json(secret_bytes(buf)),
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
        let ctx = self.client.base_validation_context();
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

/// A writer that only counts bytes (the exact size of a serialisation).
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
pub(crate) fn decode_failure<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, Error> {
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

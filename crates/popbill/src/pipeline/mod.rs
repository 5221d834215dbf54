//! The request pipeline: the ONE path every operation takes, from its description to a
//! decoded answer.
//!
//! Modules: `operation` (the description and its builder), `call` ([`Call`], per-call
//! options), `encode` (path segments, query values, `QueryWriter`), `body` (JSON, form,
//! bulk, multipart), `request` (one attempt: token, headers, send), `answer` (POPBiLL errors
//! in an answer); this file runs the attempts (token renewal, retries, deadline). The
//! pipeline knows no service: it depends on `auth`, `config`, `retry`, `error` and
//! `service` only.
//!
//! # For service authors (internal API)
//!
//! A document service (Taxinvoice, Cashbill) describes its kind once (`DocKind` in
//! `services/document.rs`: service, prefix, not-found code, key types, sub-paths) and its
//! public methods delegate to the shared builders of `Docs` in a few lines:
//!
//! ```ignore
//! /// State and summary of one receipt.
//! #[doc(alias = "getInfo")]
//! pub fn get_info(&self, corp: &CorpNum, key: &MgtKey) -> Call<CashbillInfo> {
//!     self.docs().get("getInfo", corp, DocAddr::key(key), "", None)
//! }
//! ```
//!
//! Anything else starts from `Docs::at` / `Docs::doc` (a path under the prefix or a
//! document path, authenticated as the member) or `Popbill::op`, and chains the builder:
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
//! | `.secret_json_body(&T)` | the same for a body holding a password: one exactly sized buffer, overwritten with zeros once the call and the transport are done with it (after success, error or the last retry) |
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
//! `.send().await` or plain `.await` (`IntoFuture`).
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

mod answer;
mod body;
mod call;
mod encode;
mod operation;
mod request;
#[cfg(test)]
mod tests;

use std::time::Duration;

use popbill_model::ValidationErrors;
use popbill_transport::HttpResponse;
use tracing::Instrument as _;

use crate::auth::cache::{SessionToken, TokenKey};
use crate::client::Popbill;
use crate::error::{Error, TimeoutError, TimeoutKind};
use crate::retry::{Phase, should_retry};
use operation::Operation;
use request::attempt;

#[cfg(test)]
pub(crate) use answer::negative_code;
pub(crate) use body::Multipart;
#[cfg(test)]
pub(crate) use body::wipes;
pub use call::{Call, CallFuture};
pub(crate) use call::{CallOptions, call_options};
pub(crate) use encode::{QueryWriter, push_seg, seg};
pub(crate) use operation::{OpBuilder, decode_json};

/// A failed attempt and what the retry logic needs to know about it.
pub(crate) struct Failure {
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

/// The longest `x-pb-userid` POPBiLL accepts: 50 characters.
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

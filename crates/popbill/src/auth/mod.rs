//! Linkhub authentication: the signer, the token cache and the two Linkhub calls the client
//! makes on its own, `POST /{ServiceID}/Token` and `GET /Time`.
//!
//! # Clock skew
//!
//! The token request is signed over its `x-lh-date`. With [`TimeMode::Local`], when Linkhub
//! refuses a token request with a code that a wrong date can cause
//! ([`ErrorCode::may_be_clock_skew`]: `-99010004`, `-99010007`; these labels come from
//! third-party integrations, the official SDKs do not handle skew at all), the client:
//!
//! 1. reads Linkhub's clock with `GET /Time`;
//! 2. if the date it sent differs from the server's by at least [`SKEW_TOLERANCE_SECS`],
//!    remembers the offset (later token requests and expiry checks use the corrected clock)
//!    and sends the token request once more, dated with the server's time;
//! 3. if that fails too, returns [`Error::Auth`] whose
//!    [`AuthError::clock_skew_seconds`] names the measured skew.
//!
//! A smaller difference means the date was not the problem and the original refusal is
//! returned unchanged. With [`TimeMode::Server`] every token request is dated with a fresh
//! `GET /Time` answer, as the official SDKs do.

pub(crate) mod cache;
pub(crate) mod signer;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use popbill_transport::{HttpRequest, HttpResponse, Method, SharedHttpClient};
use serde::Deserialize;
use tracing::Instrument as _;

use crate::clock::{parse_utc, unix_seconds};
use crate::config::{Config, TimeMode};
use crate::error::{AuthError, Error, ErrorCode, TimeoutError, TimeoutKind, snippet};
use cache::{CachedToken, SessionToken, TokenCache, TokenKey};
use popbill_model::format_utc;

/// Differences between the local and Linkhub's clock below this many seconds are not
/// treated as the cause of a refused token request.
pub const SKEW_TOLERANCE_SECS: i64 = 5;

/// Token state of one client: the cache and the measured clock offset.
#[derive(Debug, Default)]
pub(crate) struct Authenticator {
    pub(crate) cache: TokenCache,
    /// Linkhub's clock minus the local clock, in seconds (0 until measured).
    offset: AtomicI64,
}

/// Linkhub's `/Time` answer.
struct ServerTime {
    text: String,
    unix: i64,
}

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default)]
    expiration: Option<String>,
}

#[derive(Deserialize)]
struct CodeMessage {
    #[serde(default, deserialize_with = "popbill_model::lenient::opt_i64")]
    code: Option<i64>,
    #[serde(
        default,
        deserialize_with = "popbill_model::lenient::string_or_default"
    )]
    message: String,
}

/// Parses a `{code, message}` body; `None` unless it is a JSON object with a numeric code
/// (serde would also read the struct from an array such as `[false]`).
pub(crate) fn parse_code_message(body: &[u8]) -> Option<(ErrorCode, String)> {
    if body.trim_ascii_start().first() != Some(&b'{') {
        return None;
    }
    let cm: CodeMessage = serde_json::from_slice(body).ok()?;
    Some((ErrorCode(cm.code?), cm.message))
}

impl Authenticator {
    /// The corrected current time in Unix seconds. Saturating, like every sum and difference
    /// with the local clock here: a configured [`crate::TimeSource`] may return any time a
    /// `SystemTime` can hold.
    pub(crate) fn now(&self, config: &Config) -> i64 {
        self.local_now(config)
            .saturating_add(self.offset.load(Ordering::Relaxed))
    }

    fn local_now(&self, config: &Config) -> i64 {
        unix_seconds(config.time_source.now())
    }

    /// The usable cached token for `key`, if any, without waiting.
    pub(crate) fn cached(&self, config: &Config, key: &TokenKey) -> Option<SessionToken> {
        self.cache.cached(key, self.now(config))
    }

    /// A usable token for `key`, from the cache or from Linkhub.
    pub(crate) async fn token(
        &self,
        config: &Config,
        http: &SharedHttpClient,
        key: &TokenKey,
        timeout: Duration,
    ) -> Result<SessionToken, Error> {
        self.cache
            .get_or_fetch(
                key,
                || self.now(config),
                || {
                    self.fetch(config, http, key, timeout)
                        .instrument(tracing::debug_span!(
                            "popbill.token",
                            corp = %key.corp_num,
                            scopes = ?key.scopes
                        ))
                },
            )
            .await
    }

    async fn fetch(
        &self,
        config: &Config,
        http: &SharedHttpClient,
        key: &TokenKey,
        timeout: Duration,
    ) -> Result<CachedToken, Error> {
        let body = Bytes::from(signer::token_body(key.corp_num.as_str(), key.scopes));
        if config.time_mode == TimeMode::Server {
            let server = server_time(config, http, timeout).await?;
            self.offset.store(
                server.unix.saturating_sub(self.local_now(config)),
                Ordering::Relaxed,
            );
            let resp = send_token_request(config, http, &body, &server.text, timeout).await?;
            return self.accept(config, resp);
        }

        let sent_at = self.now(config);
        let resp = send_token_request(config, http, &body, &format_utc(sent_at), timeout).await?;
        if resp.status == 200 {
            return self.accept(config, resp);
        }
        let refusal = refusal_of(&resp);
        if !refusal.code().is_some_and(ErrorCode::may_be_clock_skew) {
            return Err(Error::Auth(refusal));
        }
        let server = match server_time(config, http, timeout).await {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(error = %e, "could not read Linkhub time after a refused token request");
                return Err(Error::Auth(refusal));
            }
        };
        if sent_at.abs_diff(server.unix) < SKEW_TOLERANCE_SECS.unsigned_abs() {
            return Err(Error::Auth(refusal));
        }
        let local = self.local_now(config);
        let skew = local.saturating_sub(server.unix);
        tracing::warn!(
            skew_seconds = skew,
            "Linkhub refused the token request date; retrying once with the server time"
        );
        self.offset
            .store(server.unix.saturating_sub(local), Ordering::Relaxed);
        let resp = send_token_request(config, http, &body, &server.text, timeout).await?;
        if resp.status == 200 {
            return self.accept(config, resp);
        }
        Err(Error::Auth(refusal_of(&resp).with_skew(skew)))
    }

    fn accept(&self, config: &Config, resp: HttpResponse) -> Result<CachedToken, Error> {
        if resp.status != 200 {
            return Err(Error::Auth(refusal_of(&resp)));
        }
        let answer: TokenAnswer = serde_json::from_slice(&resp.body).map_err(|_| {
            Error::Auth(AuthError::invalid_token_response(
                resp.status,
                "the answer is not a JSON token object",
            ))
        })?;
        let token = answer
            .session_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::Auth(AuthError::invalid_token_response(
                    resp.status,
                    "the answer has no session_token",
                ))
            })?;
        let expires_at = answer.expiration.as_deref().and_then(parse_utc);
        if expires_at.is_none() {
            tracing::warn!("Linkhub token answer has no readable expiration; renewing it soon");
        }
        Ok(CachedToken::new(
            SessionToken::new(&token),
            self.now(config),
            expires_at,
            config.token_refresh_margin,
            config.token_refresh_jitter,
        ))
    }
}

/// The error of a non-200 token answer.
fn refusal_of(resp: &HttpResponse) -> AuthError {
    match parse_code_message(&resp.body) {
        Some((code, message)) => AuthError::rejected(resp.status, Some(code), message),
        None => AuthError::rejected(
            resp.status,
            None,
            format!("unexpected answer: {:?}", snippet(&resp.body)),
        ),
    }
}

async fn send_with_timeout(
    http: &SharedHttpClient,
    req: HttpRequest,
    timeout: Duration,
) -> Result<HttpResponse, Error> {
    match tokio::time::timeout(timeout, http.send(req.with_timeout(timeout))).await {
        Ok(r) => r.map_err(Error::Transport),
        Err(_) => Err(Error::Timeout(TimeoutError::new(
            TimeoutKind::Attempt,
            timeout,
        ))),
    }
}

/// `POST {auth}/{ServiceID}/Token`, signed.
async fn send_token_request(
    config: &Config,
    http: &SharedHttpClient,
    body: &Bytes,
    lh_date: &str,
    timeout: Duration,
) -> Result<HttpResponse, Error> {
    let forwarded = (!config.ip_restriction).then_some("*");
    let service_id = config.service_id();
    let authorization = signer::authorization(
        &config.link_id,
        config.secret_key.hmac_key(),
        body,
        lh_date,
        forwarded,
        service_id,
    );
    let url = format!("{}/{service_id}/Token", config.auth_base_url());
    let mut req = HttpRequest::new(Method::Post, url)
        .with_header("x-lh-date", lh_date.to_owned())
        .with_header("x-lh-version", signer::LH_VERSION);
    if let Some(f) = forwarded {
        req = req.with_header("x-lh-forwarded", f);
    }
    req = req
        .with_sensitive_header("authorization", authorization)
        .with_header("content-type", "application/json")
        .with_header("user-agent", config.user_agent.clone());
    if let Some(lang) = &config.accept_language {
        req = req.with_header("accept-language", lang.clone());
    }
    let resp = send_with_timeout(http, req.with_body(body.clone()), timeout).await?;
    tracing::debug!(http.status = resp.status, "token answer");
    Ok(resp)
}

/// `GET {auth}/Time`: Linkhub's clock as plain text `YYYY-MM-DDTHH:MM:SSZ`.
async fn server_time(
    config: &Config,
    http: &SharedHttpClient,
    timeout: Duration,
) -> Result<ServerTime, Error> {
    let url = format!("{}/Time", config.auth_base_url());
    let req =
        HttpRequest::new(Method::Get, url).with_header("user-agent", config.user_agent.clone());
    let resp = send_with_timeout(http, req, timeout).await?;
    if resp.status != 200 {
        return Err(Error::Auth(refusal_of(&resp)));
    }
    let text = String::from_utf8_lossy(&resp.body)
        .trim()
        .trim_matches('"')
        .to_owned();
    match parse_utc(&text) {
        Some(unix) => Ok(ServerTime { text, unix }),
        None => Err(Error::Auth(AuthError::invalid_server_time(
            resp.status,
            format!(
                "expected YYYY-MM-DDTHH:MM:SSZ, got {:?}",
                snippet(&resp.body)
            ),
        ))),
    }
}

//! Linkhub authentication: verifying token requests (signature, date window, LinkID) and
//! checking the bearer token of every API call (missing, unknown, expired, wrong scope).

pub mod signature;

use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Req, json as body};
use crate::state::token::{Token, new_token_text, token_hash};
use crate::state::{Env, State};
use popbill_model::{format_utc, parse_utc_millis};
pub use signature::sign_token_request;

/// The built-in test partner (LinkID, SecretKey), for tests.
#[cfg(test)]
pub(crate) const DEFAULT_PARTNER_FOR_TESTS: (&str, &str) = (
    crate::config::DEFAULT_LINK_ID,
    crate::config::DEFAULT_SECRET_KEY,
);

/// Service IDs served (production and test share the sandbox).
pub(crate) const SERVICE_IDS: [&str; 2] = ["POPBILL", "POPBILL_TEST"];

/// A verified token request, before the token is stored.
#[derive(Debug)]
pub(crate) struct TokenRequest {
    pub link_id: String,
    pub access_id: Option<String>,
    pub scopes: Vec<String>,
    pub forwarded: Option<String>,
}

/// Verifies `POST /{ServiceID}/Token`: Authorization, LinkID, version, date window, signature
/// over the raw body bytes, body shape.
pub(crate) fn verify_token_request(env: &Env<'_>, req: &Req) -> ApiResult<TokenRequest> {
    let auth = req.header("authorization").ok_or_else(|| {
        ApiError::unauthorized(
            codes::LH_BAD_AUTHORIZATION,
            "Authorization 헤더가 없습니다. (LINKHUB <LinkID> <signature> expected)",
        )
    })?;
    let (link_id, sig) = signature::parse_linkhub_authorization(auth).ok_or_else(|| {
        ApiError::unauthorized(
            codes::LH_BAD_AUTHORIZATION,
            "Authorization 헤더 형식이 올바르지 않습니다. (LINKHUB <LinkID> <signature> expected)",
        )
    })?;
    let partner = env.cfg.partner(link_id).ok_or_else(|| {
        ApiError::unauthorized(
            codes::LH_UNKNOWN_LINK_ID,
            format!("등록되지 않은 연동아이디입니다. (unknown LinkID {link_id:?})"),
        )
    })?;
    match req.header("x-lh-version") {
        Some("2.0") => {}
        other => {
            return Err(ApiError::bad_request(
                codes::LH_BAD_VERSION,
                format!("지원하지 않는 x-lh-version 입니다: {other:?} (2.0 expected)"),
            ));
        }
    }
    let date = req.header("x-lh-date").unwrap_or("");
    let date_ms = parse_utc_millis(date).ok_or_else(|| {
        ApiError::unauthorized(
            codes::LH_BAD_DATE,
            format!(
                "x-lh-date 형식이 올바르지 않습니다: {date:?} (YYYY-MM-DDTHH:MM:SS[.sss]Z expected)"
            ),
        )
    })?;
    let skew = crate::clock::millis(env.cfg.date_skew);
    if (date_ms - env.now_ms).abs() > skew {
        return Err(ApiError::unauthorized(
            codes::LH_BAD_DATE,
            format!(
                "x-lh-date {date} 가 서버 시각 {} 과 {}초 이상 차이납니다. (clock skew)",
                format_utc(env.now_ms.div_euclid(1000)),
                skew / 1000
            ),
        ));
    }
    // Present-but-empty is signed as an empty line (Python with ""), so keep it.
    let forwarded = req
        .headers
        .get("x-lh-forwarded")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
    // Sign over the header value exactly as received (not the trimmed copy).
    let raw_date = req
        .headers
        .get("x-lh-date")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let expected = signature::hmac_b64(
        &partner.key,
        &signature::string_to_sign(
            &req.body,
            raw_date.trim(),
            forwarded.as_deref(),
            "2.0",
            &req.raw_path,
        ),
    );
    if !signature::signatures_match(sig, &expected) {
        return Err(ApiError::unauthorized(
            codes::LH_BAD_SIGNATURE,
            "서명이 일치하지 않습니다. (signature mismatch: HMAC-SHA256 over POST, body hash, x-lh-date, [x-lh-forwarded], 2.0, path)",
        ));
    }
    let v =
        body::parse(&req.body).map_err(|e| ApiError::bad_request(codes::LH_BAD_BODY, e.message))?;
    let obj = v.as_object().ok_or_else(|| {
        ApiError::bad_request(
            codes::LH_BAD_BODY,
            "token request body must be a JSON object",
        )
    })?;
    let access_id = match obj.get("access_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => {
            if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad_request(
                    codes::LH_BAD_BODY,
                    format!("access_id must be a 10-digit business number, got {s:?}"),
                ));
            }
            Some(s.clone())
        }
        Some(_) => {
            return Err(ApiError::bad_request(
                codes::LH_BAD_BODY,
                "access_id must be a string",
            ));
        }
    };
    let scopes: Vec<String> = match obj.get("scope") {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                ApiError::bad_request(codes::LH_BAD_BODY, "scope must be an array of strings")
            })?,
        _ => {
            return Err(ApiError::bad_request(
                codes::LH_BAD_BODY,
                "scope must be a non-empty array",
            ));
        }
    };
    Ok(TokenRequest {
        link_id: link_id.to_owned(),
        access_id,
        scopes,
        forwarded,
    })
}

/// Issues a token for a verified request; the JSON answer mirrors Linkhub's.
pub(crate) fn issue_token(
    st: &mut State,
    env: &Env<'_>,
    req: &Req,
    service_id: &str,
    tr: TokenRequest,
) -> ApiResult<Value> {
    if let Some(corp) = &tr.access_id {
        match st.members.get(corp) {
            // A member belongs to the partner that registered it: to any other partner it is
            // not a member, and Linkhub answers exactly as for an unknown business number (so
            // the answer does not reveal that another partner serves it).
            Some(m) if m.link_id != tr.link_id => {
                return Err(ApiError::unauthorized(
                    codes::LH_NOT_MEMBER,
                    format!(
                        "팝빌회원으로 가입되지 않은 사업자번호입니다. ({corp} is not a member of partner {})",
                        tr.link_id
                    ),
                ));
            }
            Some(_) => {}
            None if env.cfg.strict_members => {
                return Err(ApiError::unauthorized(
                    codes::LH_NOT_MEMBER,
                    format!(
                        "팝빌회원으로 가입되지 않은 사업자번호입니다. ({corp}; --strict-members: joinMember first)"
                    ),
                ));
            }
            None => st.auto_join(env, corp, &tr.link_id),
        }
    }
    let ttl_ms = crate::clock::millis(env.cfg.token_ttl);
    let expires_secs = env.now_ms.saturating_add(ttl_ms).div_euclid(1000);
    let ip = match tr.forwarded.as_deref() {
        Some(f) if !f.is_empty() => f.to_owned(),
        _ => req.peer.ip().to_string(),
    };
    let text = new_token_text();
    let token = Token {
        hash: token_hash(&text),
        legacy_text: None,
        link_id: tr.link_id,
        service_id: service_id.to_owned(),
        corp_num: tr.access_id,
        scopes: tr.scopes,
        expires_ms: expires_secs * 1000,
        ip,
    };
    let expiration = format!("{}.000Z", format_utc(expires_secs).trim_end_matches('Z'));
    let out = json!({
        "session_token": text,
        "serviceID": token.service_id,
        "linkID": token.link_id,
        "usercode": "",
        "ipaddress": token.ip,
        "expiration": expiration,
        "scope": token.scopes,
    });
    st.put_token(token);
    Ok(out)
}

/// Checks `Authorization: Bearer ...` and, if given, a scope. Returns the token.
pub(crate) fn bearer(
    st: &State,
    env: &Env<'_>,
    req: &Req,
    scope: Option<&str>,
) -> ApiResult<Token> {
    let h = req.header("authorization").unwrap_or("");
    let text = h
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    let Some(text) = text else {
        return Err(ApiError::unauthorized(
            codes::TOKEN_MISSING,
            "인증 토큰이 입력되지 않았습니다. (Authorization: Bearer <session_token> expected)",
        ));
    };
    let token = st.tokens.get(&token_hash(text)).ok_or_else(|| {
        ApiError::unauthorized(
            codes::TOKEN_UNKNOWN,
            "토큰을 해석할 수 없습니다. (unknown session token)",
        )
    })?;
    if env.now_ms >= token.expires_ms {
        return Err(ApiError::unauthorized(
            codes::TOKEN_EXPIRED,
            format!(
                "토큰이 만료되었습니다. (expired at {})",
                format_utc(token.expires_ms.div_euclid(1000))
            ),
        ));
    }
    if let Some(s) = scope {
        if !token.has_scope(s) {
            return Err(ApiError::forbidden(
                codes::TOKEN_SCOPE,
                format!(
                    "토큰에 이 서비스의 권한(scope {s})이 없습니다. (token scopes: {})",
                    token.scopes.join(",")
                ),
            ));
        }
    }
    Ok(token.clone())
}

/// Whether a route answers without a bearer token: the Linkhub clock and token issuance (signed
/// over the body instead), checkIsMember / checkID / joinMember, and the sandbox's own `__view`
/// pages and `__control` endpoints. Everything else needs a session token, checked before the
/// request body is read.
pub(crate) fn is_public(req: &Req) -> bool {
    let seg = |i| req.seg(i).unwrap_or("");
    let first = seg(0);
    let is = |s: &str| first.eq_ignore_ascii_case(s);
    is("Time")
        || is("Join")
        || is("IDCheck")
        || is("__view")
        || is("__control")
        || (is("HomeTax") && seg(1).starts_with("__")) // HomeTax popup pages and controls
        || (SERVICE_IDS.iter().any(|s| is(s)) && seg(1).eq_ignore_ascii_case("Token"))
}

/// Bearer check for partner-level calls (`UserPointInfo`): the token must be a partner token,
/// one issued without an access_id and with the `partner` scope.
pub(crate) fn partner_token(st: &State, env: &Env<'_>, req: &Req) -> ApiResult<Token> {
    let t = bearer(st, env, req, Some("partner"))?;
    if t.corp_num.is_some() {
        return Err(ApiError::forbidden(
            codes::TOKEN_SCOPE,
            "회원 토큰으로는 파트너 API를 호출할 수 없습니다. (a partner token has no access_id)",
        ));
    }
    Ok(t)
}

/// Bearer check for member/service calls: the token must name a CorpNum.
pub(crate) fn member_token(
    st: &State,
    env: &Env<'_>,
    req: &Req,
    scope: &str,
) -> ApiResult<(Token, String)> {
    let t = bearer(st, env, req, Some(scope))?;
    let corp = t.corp_num.clone().ok_or_else(|| {
        ApiError::forbidden(
            codes::TOKEN_SCOPE,
            "파트너 토큰으로는 회원 API를 호출할 수 없습니다. (token has no access_id)",
        )
    })?;
    Ok((t, corp))
}

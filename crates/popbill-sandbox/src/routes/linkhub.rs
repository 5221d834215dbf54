//! Linkhub (auth host) routes:
//!
//! | route | answer |
//! |---|---|
//! | `GET /Time` | plain text `YYYY-MM-DDTHH:MM:SSZ` (sandbox clock, UTC) |
//! | `POST /{ServiceID}/Token` | `{session_token, serviceID, linkID, usercode, ipaddress, expiration, scope}` |
//! | `GET /{ServiceID}/Point` | `{remainPoint}` of the token's member |
//! | `GET /{ServiceID}/PartnerPoint` | `{remainPoint}` of the partner |
//! | `GET /{ServiceID}/URL?TG=CHRG` | `{url}` |
//! | `GET /{ServiceID}/TotalPoint` | `{totalPoint, chargePoint, bonusPoint}` (strings) |
//! | `POST /{ServiceID}/UserPointInfo` | `[{corpNum, realPoint, bonusPoint}]` for a JSON array of CorpNums (partner token; the partner's own members only) |

use http::Method;
use serde_json::{Value, json};

use crate::app::{App, Ctx};
use crate::auth::{self, SERVICE_IDS};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req, json as body};
use crate::routes::{bad_verb, unknown_route, view_url};
use popbill_model::format_utc;

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let first = req.seg(0).unwrap_or("");
    if first.eq_ignore_ascii_case("Time") && req.segments.len() == 1 {
        if !req.is_get() {
            return Err(bad_verb(req));
        }
        return Ok(Reply::text(format_utc(app.clock.now_secs())));
    }
    let service_id = SERVICE_IDS
        .iter()
        .find(|s| s.eq_ignore_ascii_case(first))
        .copied()
        .ok_or_else(|| {
            ApiError::not_found(
                codes::LH_UNKNOWN_SERVICE,
                format!("unknown ServiceID {first:?}"),
            )
        })?;
    let op = req.seg(1).unwrap_or("");
    if req.segments.len() != 2 {
        return Err(unknown_route(req));
    }
    match (op.to_ascii_lowercase().as_str(), req.is_get()) {
        ("token", false) if req.method == Method::POST => app.with(ctx, |st, env| {
            let tr = auth::verify_token_request(env, req)?;
            auth::issue_token(st, env, req, service_id, tr).map(|v| Reply::json(&v))
        }),
        ("point", true) => app.with(ctx, |st, env| {
            let t = same_service(auth::bearer(st, env, req, None)?, service_id)?;
            let points = match &t.corp_num {
                Some(c) => st.member(c)?.points,
                None => st.partner_mut(env.cfg, &t.link_id).points,
            };
            Ok(Reply::json(&json!({ "remainPoint": points })))
        }),
        ("partnerpoint", true) => app.with(ctx, |st, env| {
            let t = same_service(auth::bearer(st, env, req, None)?, service_id)?;
            let points = st.partner_mut(env.cfg, &t.link_id).points;
            Ok(Reply::json(&json!({ "remainPoint": points })))
        }),
        ("totalpoint", true) => app.with(ctx, |st, env| {
            let t = same_service(auth::bearer(st, env, req, None)?, service_id)?;
            let corp = t.corp_num.clone().unwrap_or_default();
            let points = st.member(&corp)?.points;
            Ok(Reply::json(&json!({
                "totalPoint": points.to_string(),
                "chargePoint": points.to_string(),
                "bonusPoint": "0",
            })))
        }),
        ("url", true) => app.with(ctx, |st, env| {
            let t = same_service(auth::bearer(st, env, req, None)?, service_id)?;
            let tg = req.q()?.require("TG")?.to_ascii_uppercase();
            if tg != "CHRG" && tg != "LOGIN" {
                return Err(ApiError::bad_request(
                    codes::BAD_QUERY,
                    format!("TG must be CHRG or LOGIN, got {tg:?}"),
                ));
            }
            let corp = t.corp_num.clone().unwrap_or_default();
            let url = view_url(app, req, st, env, &corp, &format!("partner:{tg}"), vec![], true);
            Ok(Reply::json(&json!({ "url": url })))
        }),
        ("userpointinfo", false) if req.method == Method::POST => app.with(ctx, |st, env| {
            // A partner token, answering only for the partner's own members.
            let t = same_service(auth::partner_token(st, env, req)?, service_id)?;
            let list = match body::body(req)? {
                Some(Value::Array(a)) if a.len() <= 100 => a,
                _ => {
                    return Err(ApiError::bad_request(
                        codes::BAD_JSON,
                        "body must be a JSON array of at most 100 business numbers",
                    ));
                }
            };
            let out: Vec<Value> = list
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|c| st.members.get(c))
                .filter(|m| m.link_id == t.link_id)
                .map(|m| {
                    json!({"corpNum": m.corp_num, "realPoint": m.points.to_string(), "bonusPoint": "0"})
                })
                .collect();
            Ok(Reply::json(&out))
        }),
        ("token" | "point" | "partnerpoint" | "totalpoint" | "url" | "userpointinfo", _) => {
            Err(bad_verb(req))
        }
        _ => Err(unknown_route(req)),
    }
}

/// A token is bound to its environment: a test token cannot read production points.
fn same_service(
    t: crate::state::token::Token,
    service_id: &str,
) -> ApiResult<crate::state::token::Token> {
    if t.service_id == service_id {
        Ok(t)
    } else {
        Err(ApiError::forbidden(
            codes::TOKEN_SCOPE,
            format!(
                "토큰의 서비스({})와 요청 경로의 서비스({service_id})가 다릅니다.",
                t.service_id
            ),
        ))
    }
}

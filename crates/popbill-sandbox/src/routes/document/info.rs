//! getInfos (a JSON array of MgtKeys, answered with the info of each document found) and
//! getLogs, for any document service.

use serde_json::Value;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json as body;
use crate::http::{Reply, Req};
use crate::routes::document::ServiceSpec;
use crate::routes::with_caller;
use crate::state::store::{Document, Side};

/// The body of getInfos / getMassPrintURL: a JSON array of 1 to `max` MgtKeys.
pub(crate) fn key_list(req: &Req, max: usize, invalid: i64) -> ApiResult<Vec<String>> {
    let list = match body::body(req)? {
        Some(Value::Array(a)) => a,
        _ => {
            return Err(ApiError::bad_request(
                codes::BAD_JSON,
                "body must be a JSON array of document numbers",
            ));
        }
    };
    if list.is_empty() || list.len() > max {
        return Err(ApiError::bad_request(
            invalid,
            format!(
                "1 to {max} document numbers are required, got {}",
                list.len()
            ),
        ));
    }
    list.into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            other => Err(ApiError::bad_request(
                codes::BAD_JSON,
                format!("document numbers must be strings, got {other}"),
            )),
        })
        .collect()
}

/// getInfos: the info of every listed document the caller sees (unknown keys are left out).
pub(crate) fn get_infos<D: Document>(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    side: Side,
    invalid: i64,
) -> ApiResult<Reply> {
    let keys = key_list(req, 1000, invalid)?;
    with_caller(app, req, ctx, spec.scope, |st, _, c| {
        let store = D::store(st);
        let out: Vec<Value> = keys
            .iter()
            .filter_map(|k| store.find(c.corp, side, k).ok())
            .map(Document::info_json)
            .collect();
        Ok(Reply::json(&out))
    })
}

/// getLogs.
pub(crate) fn logs<D: Document>(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    side: Side,
    mgt: &str,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, spec.scope, |st, _, c| {
        Ok(Reply::json(
            &D::store(st).find(c.corp, side, mgt)?.logs_json(),
        ))
    })
}

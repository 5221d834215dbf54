//! bulkSubmit (`POST /{Service}` + `BULKISSUE`, headers `x-pb-submit-id` and
//! `x-pb-message-digest`) and getBulkResult (`GET /{Service}/BULK/{SubmitID}/State`) of any
//! document service. A repeated SubmitID with the same body answers the first receipt; with
//! another body it is refused.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::http::json::{self as body, flag};
use crate::http::{Reply, Req};
use crate::routes::document::ServiceSpec;
use crate::routes::with_caller;

fn valid_submit_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 36 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `POST /{Service}` + `BULKISSUE`: 1 to 100 documents under `spec.bulk_list`.
pub(crate) fn submit(app: &App, req: &Req, ctx: &mut Ctx, spec: &ServiceSpec) -> ApiResult<Reply> {
    let submit_id = req.header("x-pb-submit-id").unwrap_or("").to_owned();
    if !valid_submit_id(&submit_id) {
        return Err(ApiError::bad_request(
            spec.codes.submit_id,
            format!(
                "제출아이디(x-pb-submit-id)가 올바르지 않습니다: {submit_id:?} (1-36 letters, digits, '-')"
            ),
        ));
    }
    let digest = STANDARD.encode(Sha1::digest(&req.body));
    if let Some(sent) = req.header("x-pb-message-digest") {
        if sent != digest {
            return Err(ApiError::bad_request(
                spec.codes.digest,
                "x-pb-message-digest가 본문과 일치하지 않습니다. (Base64 SHA-1 of the body bytes)",
            ));
        }
    }
    let m = body::object(req)?;
    let force = flag(&m, "forceIssue").unwrap_or(false);
    let list = spec.bulk_list;
    let docs = match body::get_ci(&m, list) {
        Some(Value::Array(a)) if !a.is_empty() && a.len() <= 100 => a
            .iter()
            .map(|v| v.as_object().cloned())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                ApiError::bad_request(spec.codes.validation, format!("{list} must be objects"))
            })?,
        _ => {
            return Err(ApiError::bad_request(
                spec.codes.validation,
                format!("{list}: 1 to 100 documents are required"),
            ));
        }
    };
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        let receipt = st.submit_bulk(env, spec.kind, c, &submit_id, digest, force, docs)?;
        Ok(Reply::json(&json!({
            "code": 1,
            "message": "접수 완료",
            "receiptID": receipt,
        })))
    })
}

/// `GET /{Service}/BULK/{SubmitID}/State`.
pub(crate) fn result(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    id: &str,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        st.bulk_result(env, spec.kind, c.corp, id)
            .map(|v| Reply::json(&v))
    })
}

//! register, registIssue, registRequest, update and the state verbs (issue, cancelIssue, delete,
//! sendToNTS, request, cancelRequest, refuse, send, cancelSend, accept, deny), bulkSubmit and
//! getBulkResult, assignMgtKey.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field, flag};
use crate::http::{Reply, Req};
use crate::routes::bad_verb;
use crate::routes::taxinvoice::authed;
use crate::state::docs::{Mode, VerbArgs, issue_mode, split_extras};
use crate::state::invoice::{KeyType, Verb};

fn too_long(key: &str, max: usize) -> ApiError {
    ApiError::bad_request(
        codes::TI_VALIDATION,
        format!("{key}: must be at most {max} characters (max_length)"),
    )
}

/// Memo-style body: `{"memo", "emailSubject", "forceIssue"}` or empty.
fn verb_args(req: &Req) -> ApiResult<VerbArgs> {
    let m = body::object(req)?;
    let memo = field(&m, "memo");
    if memo.as_deref().is_some_and(|s| s.chars().count() > 200) {
        return Err(too_long("memo", 200));
    }
    let email_subject = field(&m, "emailSubject");
    if email_subject
        .as_deref()
        .is_some_and(|s| s.chars().count() > 300)
    {
        return Err(too_long("emailSubject", 300));
    }
    Ok(VerbArgs {
        memo,
        email_subject,
        force: flag(&m, "forceIssue").unwrap_or(false),
    })
}

fn check_extras(extras: &Map<String, Value>) -> ApiResult<()> {
    if field(extras, "memo").is_some_and(|s| s.chars().count() > 200) {
        return Err(too_long("memo", 200));
    }
    if field(extras, "emailSubject").is_some_and(|s| s.chars().count() > 300) {
        return Err(too_long("emailSubject", 300));
    }
    if field(extras, "dealInvoiceMgtKey").is_some_and(|s| s.chars().count() > 24) {
        return Err(too_long("dealInvoiceMgtKey", 24));
    }
    Ok(())
}

fn invoice_body(req: &Req) -> ApiResult<(Map<String, Value>, Map<String, Value>)> {
    let m = body::object(req)?;
    if m.is_empty() {
        return Err(ApiError::bad_request(
            codes::TI_VALIDATION,
            "세금계산서 정보가 입력되지 않았습니다. (empty body)",
        ));
    }
    let (inv, extras) = split_extras(m);
    check_extras(&extras)?;
    Ok((inv, extras))
}

/// `POST /Taxinvoice` (register).
pub(crate) fn register(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let (inv, _) = invoice_body(req)?;
    authed(app, req, ctx, |st, env, c| {
        st.register_doc(env, c, inv, Mode::Draft)?;
        Ok(Reply::ok("임시저장 완료"))
    })
}

/// `POST /Taxinvoice` + `ISSUE` (registIssue).
pub(crate) fn regist_issue(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let (inv, extras) = invoice_body(req)?;
    authed(app, req, ctx, |st, env, c| {
        let r = st.register_doc(env, c, inv, issue_mode(&extras, false))?;
        Ok(Reply::json(&json!({
            "code": 1,
            "message": "발행 완료",
            "ntsConfirmNum": r.nts_confirm_num,
        })))
    })
}

/// `POST /Taxinvoice` + `REQUEST` (registRequest).
pub(crate) fn regist_request(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let (inv, extras) = invoice_body(req)?;
    authed(app, req, ctx, |st, env, c| {
        st.register_doc(
            env,
            c,
            inv,
            Mode::Request {
                memo: field(&extras, "memo"),
            },
        )?;
        Ok(Reply::ok("역발행 요청 완료"))
    })
}

/// `POST /Taxinvoice/{KeyType}/{MgtKey}` with an override verb.
pub(crate) fn verb(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
) -> ApiResult<Reply> {
    let v = match req.verb.as_str() {
        "PATCH" => {
            let (inv, _) = invoice_body(req)?;
            return authed(app, req, ctx, |st, env, c| {
                st.update_doc(env, c, key, mgt, inv)?;
                Ok(Reply::ok("수정 완료"))
            });
        }
        "ISSUE" => Verb::Issue,
        "CANCELISSUE" => Verb::CancelIssue,
        "DELETE" => Verb::Delete,
        "NTS" => Verb::SendToNts,
        "REQUEST" => Verb::Request,
        "CANCELREQUEST" => Verb::CancelRequest,
        "REFUSE" => Verb::Refuse,
        "SEND" => Verb::Send,
        "CANCELSEND" => Verb::CancelSend,
        "ACCEPT" => Verb::Accept,
        "DENY" => Verb::Deny,
        _ => return Err(bad_verb(req)),
    };
    // delete carries no body; ignore whatever came.
    let args = if v == Verb::Delete {
        VerbArgs::default()
    } else {
        verb_args(req)?
    };
    authed(app, req, ctx, |st, env, c| {
        let confirm = st.act(env, c, key, mgt, v, args)?;
        Ok(match (v, confirm) {
            (Verb::Issue, Some(n)) => Reply::json(&json!({
                "code": 1,
                "message": "발행 완료",
                "ntsConfirmNum": n,
            })),
            _ => Reply::ok("처리 완료"),
        })
    })
}

fn valid_submit_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 36 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `POST /Taxinvoice` + `BULKISSUE`.
pub(crate) fn bulk_submit(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let submit_id = req.header("x-pb-submit-id").unwrap_or("").to_owned();
    if !valid_submit_id(&submit_id) {
        return Err(ApiError::bad_request(
            codes::TI_SUBMIT_ID,
            format!(
                "제출아이디(x-pb-submit-id)가 올바르지 않습니다: {submit_id:?} (1-36 letters, digits, '-')"
            ),
        ));
    }
    let digest = STANDARD.encode(Sha1::digest(&req.body));
    if let Some(sent) = req.header("x-pb-message-digest") {
        if sent != digest {
            return Err(ApiError::bad_request(
                codes::TI_DIGEST,
                "x-pb-message-digest가 본문과 일치하지 않습니다. (Base64 SHA-1 of the body bytes)",
            ));
        }
    }
    let m = body::object(req)?;
    let force = flag(&m, "forceIssue").unwrap_or(false);
    let invoices = match body::get_ci(&m, "invoices") {
        Some(Value::Array(a)) if !a.is_empty() && a.len() <= 100 => a
            .iter()
            .map(|v| v.as_object().cloned())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                ApiError::bad_request(codes::TI_VALIDATION, "invoices must be objects")
            })?,
        _ => {
            return Err(ApiError::bad_request(
                codes::TI_VALIDATION,
                "invoices: 1 to 100 invoices are required",
            ));
        }
    };
    authed(app, req, ctx, |st, env, c| {
        let receipt = st.submit_bulk(env, c, &submit_id, digest, force, invoices)?;
        Ok(Reply::json(&json!({
            "code": 1,
            "message": "접수 완료",
            "receiptID": receipt,
        })))
    })
}

/// `GET /Taxinvoice/BULK/{SubmitID}/State`.
pub(crate) fn bulk_result(app: &App, req: &Req, ctx: &mut Ctx, id: &str) -> ApiResult<Reply> {
    authed(app, req, ctx, |st, env, c| {
        st.bulk_result(env, c.corp, id).map(|v| Reply::json(&v))
    })
}

/// `POST /Taxinvoice/{ItemKey}/{KeyType}` with form `MgtKey=...` (JSON `{"MgtKey"}` accepted).
pub(crate) fn assign_mgt_key(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    item_key: &str,
    key: KeyType,
) -> ApiResult<Reply> {
    let ct = req
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let mgt = if ct.contains("json") {
        field(&body::object(req)?, "MgtKey")
    } else {
        let text = String::from_utf8_lossy(&req.body).into_owned();
        crate::http::Query::parse(text.trim())
            .ok()
            .and_then(|q| q.get("MgtKey").map(str::to_owned))
    };
    let mgt = mgt.ok_or_else(|| {
        ApiError::bad_request(
            codes::TI_VALIDATION,
            "MgtKey: 할당할 문서번호가 입력되지 않았습니다.",
        )
    })?;
    authed(app, req, ctx, |st, env, c| {
        st.assign_mgt_key(env, c, item_key, key, &mgt)?;
        Ok(Reply::ok("문서번호 할당 완료"))
    })
}

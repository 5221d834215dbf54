//! register, registIssue, registRequest, update and the state verbs (issue, cancelIssue, delete,
//! sendToNTS, request, cancelRequest, refuse, send, cancelSend, accept, deny), assignMgtKey
//! (bulkSubmit and getBulkResult are shared: [`crate::routes::document::bulk`]).

use serde_json::{Map, Value, json};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field, flag};
use crate::http::{Reply, Req};
use crate::routes::taxinvoice::authed;
use crate::routes::{bad_verb, document};
use crate::state::docs::{Mode, VerbArgs, issue_mode, split_extras};
use crate::state::invoice::{KeyType, Verb};

fn too_long(key: &str, max: usize) -> ApiError {
    document::too_long(codes::TI_VALIDATION, key, max)
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

/// `POST /Taxinvoice/{ItemKey}/{KeyType}` with form `MgtKey=...` (JSON `{"MgtKey"}` accepted).
pub(crate) fn assign_mgt_key(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    item_key: &str,
    key: KeyType,
) -> ApiResult<Reply> {
    let mgt = document::form_mgt_key(req, codes::TI_VALIDATION)?;
    authed(app, req, ctx, |st, env, c| {
        st.assign_mgt_key(env, c, item_key, key, &mgt)?;
        Ok(Reply::ok("문서번호 할당 완료"))
    })
}

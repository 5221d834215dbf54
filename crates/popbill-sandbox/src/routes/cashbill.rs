//! Cashbill API seen from the server. Every route needs a bearer token with scope `140` bound
//! to the member's CorpNum; `x-pb-userid` is optional. Receipts are addressed by the member's
//! MgtKey alone (no KeyType).
//!
//! | path (after `/Cashbill`) | verb | operation | handler |
//! |---|---|---|---|
//! | `` | GET `?TG=` / `?cfg=UNITCOST` | getURL / getUnitCost | [`urls`], [`doc_config`](document::config) |
//! | `` | ISSUE / REVOKEISSUE | registIssue / revokeRegistIssue | [`regist_issue`], [`revoke`] |
//! | `` | POST / REVOKE | register / revokeRegister (legacy) | [`register`], [`revoke`] |
//! | `` | BULKISSUE | bulkSubmit | [`bulk`] |
//! | `/{MgtKey}` | GET [`?Detail`, `?PDF`, `?TG=`] | getInfo (checkMgtKeyInUse), getDetailInfo, getPDF, URL getters | [`get_doc`], [`urls`] |
//! | `/{MgtKey}` | PATCH, ISSUE, CANCELISSUE, DELETE | update, issue, cancelIssue (legacy), delete | [`verb`] |
//! | `/{MgtKey}` | EMAIL, SMS, FAX | sendEmail / sendSMS / sendFAX | [`notify`] |
//! | `/{ItemKey}` | POST (form `MgtKey=`) | assignMgtKey | [`assign_mgt_key`] |
//! | `/{MgtKey}/Logs` | GET | getLogs (legacy) | [`doc_info`] |
//! | `/States` | POST | getInfos | [`doc_info`] |
//! | `/Prints` | POST | getMassPrintURL | [`urls`] |
//! | `/Search` | GET | search | [`search`] |
//! | `/BULK/{SubmitID}/State` | GET | getBulkResult | [`bulk`] |
//! | `/EmailSendConfig` | GET / POST | listEmailConfig / updateEmailConfig | [`notify`] |
//! | `/ChargeInfo` | GET | getChargeInfo | [`doc_config`](document::config) |
//!
//! `ISSUECN` / `BULKISSUECN` (Java only, undocumented) are not served (405).

use serde_json::{Map, Value, json};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::routes::document::{
    self, ServiceSpec, SpecCodes, bulk, info as doc_info, is_item_key, named, notify, search, urls,
};
use crate::routes::{bad_verb, unknown_route, with_caller};
use crate::state::cashbill::{Issued, Receipt, codes};
use crate::state::cashbill_search::CashbillFilter;
use crate::state::store::Document;

/// The Cashbill service on the shared document routes.
pub(crate) static CASHBILL: ServiceSpec = ServiceSpec {
    kind: crate::state::store::DocKind::Cashbill,
    prefix: "Cashbill",
    scope: "140",
    email_types: &["CSH_ISSUE", "CSH_CANCEL"],
    subject: "현금영수증",
    issuer_name_field: "franchiseCorpName",
    doc_tgs: &[
        ("POPUP", true),
        ("VIEW", true),
        ("PRINT", true),
        ("EPRINT", true),
        ("MAIL", false),
        ("PDF", true),
    ],
    boxes: &["TBOX", "PBOX", "SBOX", "WRITE"],
    unit_cost: crate::config::Config::cashbill_unit_cost,
    bulk_list: "cashbills",
    codes: SpecCodes {
        validation: codes::VALIDATION,
        submit_id: codes::SUBMIT_ID,
        digest: codes::DIGEST,
    },
};

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let segs = document::segments(req);
    if let Some(reply) = document::shared_route(app, req, ctx, &CASHBILL, &segs, &[]) {
        return reply;
    }
    let get = req.is_get();
    let verb = req.verb.as_str();
    match segs.as_slice() {
        [] => match verb {
            "POST" => register(app, req, ctx),
            "ISSUE" => regist_issue(app, req, ctx),
            "REVOKEISSUE" => revoke(app, req, ctx, true),
            "REVOKE" => revoke(app, req, ctx, false),
            "BULKISSUE" => bulk::submit(app, req, ctx, &CASHBILL),
            _ => Err(bad_verb(req)),
        },
        [s] if named(s, "States") && verb == "POST" => {
            doc_info::get_infos::<Receipt>(app, req, ctx, &CASHBILL, None, codes::VALIDATION)
        }
        [s] if named(s, "Prints") && verb == "POST" => {
            urls::mass_print::<Receipt>(app, req, ctx, &CASHBILL, None, codes::VALIDATION)
        }
        [s] if named(s, "Search") && get => search(app, req, ctx),
        [ik] if is_item_key(ik) && verb == "POST" => assign_mgt_key(app, req, ctx, ik),
        [mgt] if get => {
            if let Some(tg) = req.q()?.get("TG") {
                let tg = tg.to_ascii_uppercase();
                return urls::doc_url::<Receipt>(app, req, ctx, &CASHBILL, None, mgt, &tg);
            }
            get_doc(app, req, ctx, mgt)
        }
        [mgt] => match verb {
            "EMAIL" | "SMS" | "FAX" => notify::send::<Receipt>(app, req, ctx, &CASHBILL, None, mgt),
            _ => self::verb(app, req, ctx, mgt),
        },
        [mgt, sub] if named(sub, "Logs") => {
            if !get {
                return Err(bad_verb(req));
            }
            doc_info::logs::<Receipt>(app, req, ctx, &CASHBILL, None, mgt)
        }
        _ => Err(unknown_route(req)),
    }
}

fn too_long(key: &str, max: usize) -> ApiError {
    document::too_long(codes::VALIDATION, key, max)
}

/// `memo` (≤ 200) and `emailSubject` (≤ 300) of a body, removed from it.
fn take_extras(m: &mut Map<String, Value>) -> ApiResult<(Option<String>, Option<String>)> {
    let memo = field(m, "memo");
    let subject = field(m, "emailSubject");
    m.remove("memo");
    m.remove("emailSubject");
    if memo.as_deref().is_some_and(|s| s.chars().count() > 200) {
        return Err(too_long("memo", 200));
    }
    if subject.as_deref().is_some_and(|s| s.chars().count() > 300) {
        return Err(too_long("emailSubject", 300));
    }
    Ok((memo, subject))
}

fn cashbill_body(req: &Req) -> ApiResult<Map<String, Value>> {
    let m = body::object(req)?;
    if m.is_empty() {
        return Err(ApiError::bad_request(
            codes::VALIDATION,
            "현금영수증 정보가 입력되지 않았습니다. (empty body)",
        ));
    }
    Ok(m)
}

fn issued(i: &Issued) -> Reply {
    Reply::json(&json!({
        "code": 1,
        "message": "발행 완료",
        "confirmNum": i.confirm_num,
        "tradeDate": i.trade_date,
        "tradeDT": i.trade_dt,
    }))
}

/// `POST /Cashbill` + `ISSUE` (registIssue).
fn regist_issue(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let mut m = cashbill_body(req)?;
    let (memo, subject) = take_extras(&mut m)?;
    with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
        st.cb_regist_issue(env, c, m, memo, subject)
            .map(|i| issued(&i))
    })
}

/// `POST /Cashbill` (legacy register: a draft).
fn register(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let mut m = cashbill_body(req)?;
    take_extras(&mut m)?;
    with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
        st.cb_register(env, c, m)?;
        Ok(Reply::ok("임시저장 완료"))
    })
}

/// `POST /Cashbill` + `REVOKEISSUE` (issued at once) or `REVOKE` (legacy draft).
fn revoke(app: &App, req: &Req, ctx: &mut Ctx, issue: bool) -> ApiResult<Reply> {
    let mut m = cashbill_body(req)?;
    let (memo, subject) = take_extras(&mut m)?;
    with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
        let cancel = st.cb_revocation_body(c, &m)?;
        if issue {
            st.cb_regist_issue(env, c, cancel, memo, subject)
                .map(|i| issued(&i))
        } else {
            st.cb_register(env, c, cancel)?;
            Ok(Reply::ok("임시저장 완료"))
        }
    })
}

/// `GET /Cashbill/{MgtKey}[?Detail|?PDF]`.
fn get_doc(app: &App, req: &Req, ctx: &mut Ctx, mgt: &str) -> ApiResult<Reply> {
    let q = req.q()?.clone();
    with_caller(app, req, ctx, CASHBILL.scope, |st, _, c| {
        let r = st.cashbills.find(c.corp, None, mgt)?;
        Ok(if q.flag("Detail") {
            Reply::json(&r.detail_json())
        } else if q.flag("PDF") {
            Reply::pdf(crate::pdf::cashbill_pdf(r))
        } else {
            Reply::json(&r.info_json())
        })
    })
}

/// `POST /Cashbill/{MgtKey}` with an override verb: PATCH, ISSUE, CANCELISSUE, DELETE.
fn verb(app: &App, req: &Req, ctx: &mut Ctx, mgt: &str) -> ApiResult<Reply> {
    match req.verb.as_str() {
        "PATCH" => {
            let mut m = cashbill_body(req)?;
            take_extras(&mut m)?;
            with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
                st.cb_update(env, c, mgt, m)?;
                Ok(Reply::ok("수정 완료"))
            })
        }
        "ISSUE" => {
            let mut m = body::object(req)?;
            let (memo, subject) = take_extras(&mut m)?;
            with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
                st.cb_issue_draft(env, c, mgt, memo, subject)
                    .map(|i| issued(&i))
            })
        }
        v @ ("CANCELISSUE" | "DELETE") => {
            let delete = v == "DELETE";
            // delete carries no body; ignore whatever came.
            let memo = if delete {
                None
            } else {
                take_extras(&mut body::object(req)?)?.0
            };
            with_caller(app, req, ctx, CASHBILL.scope, |st, env, c| {
                st.cb_cancel_or_delete(env, c, mgt, delete, memo.as_deref())?;
                Ok(Reply::ok("처리 완료"))
            })
        }
        _ => Err(bad_verb(req)),
    }
}

/// `POST /Cashbill/{ItemKey}` with form `MgtKey=...` (JSON `{"MgtKey"}` accepted). Every
/// receipt the sandbox holds was registered through the API with a MgtKey, so this answers
/// that the receipt already has one (or that the ItemKey is unknown).
fn assign_mgt_key(app: &App, req: &Req, ctx: &mut Ctx, item_key: &str) -> ApiResult<Reply> {
    let mgt = document::form_mgt_key(req, codes::VALIDATION)?;
    popbill_model::MgtKey::check(&mgt)
        .map_err(|e| ApiError::bad_request(codes::VALIDATION, format!("MgtKey: {e}")))?;
    with_caller(app, req, ctx, CASHBILL.scope, |st, _, c| {
        let r = st
            .cashbills
            .get(item_key)
            .filter(|r| r.owner == c.corp)
            .ok_or_else(|| {
                ApiError::not_found(
                    codes::NOT_FOUND,
                    format!("현금영수증이 존재하지 않습니다. (ItemKey {item_key})"),
                )
            })?;
        Err(ApiError::conflict(
            codes::STATE,
            format!(
                "이미 문서번호가 할당된 현금영수증입니다. ({})",
                r.field("mgtKey").unwrap_or_default()
            ),
        ))
    })
}

/// `GET /Cashbill/Search?DType=..&SDate=..&EDate=..` with every filter.
fn search(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let q = req.q()?;
    let c = search::common(q, &['R', 'T', 'I'])?;
    let f = CashbillFilter {
        window: c.window,
        trade_types: search::letters(q, "TradeType", &["N", "C"])?,
        trade_usages: search::letters(q, "TradeUsage", &["P", "C"])?,
        trade_opts: search::letters(q, "TradeOpt", &["N", "B", "T"])?,
        taxation_types: search::letters(q, "TaxationType", &["T", "N"])?,
        qstring: q
            .get("QString")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        franchise_tax_reg_ids: q.list("FranchiseTaxRegID"),
    };
    with_caller(app, req, ctx, CASHBILL.scope, |st, _, caller| {
        let hits = st.cb_search(caller.corp, &f);
        Ok(Reply::json(&search::page_json(&hits, c.page, c.per_page)))
    })
}

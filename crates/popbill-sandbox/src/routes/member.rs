//! Member / point API seen from the server:
//!
//! | route | auth | operation |
//! |---|---|---|
//! | `GET /Join?CorpNum=&LID=` | – | checkIsMember → code 1 member / 0 not |
//! | `GET /IDCheck?ID=` | – | checkID → code 1 in use / 0 free |
//! | `POST /Join` | – | joinMember (JoinForm) |
//! | `GET /CorpInfo`, `POST /CorpInfo` | B | getCorpInfo, updateCorpInfo |
//! | `POST /IDs/New` | B | registContact |
//! | `POST /Contact` | B | getContactInfo (`{'id':..}`, single quotes tolerated) |
//! | `GET /IDs`, `POST /IDs` | B | listContact, updateContact |
//! | `POST /Contact/Delete?ContactID=` | B | deleteContact |
//! | `POST /QuitRequest` | B | quitMember |
//! | `GET /Member?TG=` | B | getAccessURL / getChargeURL / getPaymentURL / getUseHistoryURL / seal / cert |
//! | `GET /UseHistory`, `/PaymentHistory`, `/RefundHistory` | B | paged histories |
//! | `POST /Refund`, `GET /Refund/{code}`, `GET /RefundPoint` | B | refund, getRefundInfo, getRefundableBalance |
//! | `POST /Payment`, `GET /Payment/{code}` | B | paymentRequest, getSettleResult |
//!
//! B = bearer token with scope `member`, bound to the member's CorpNum.

use popbill_model::Date8;
use serde_json::{Map, Value, json};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::routes::{bad_verb, unknown_route, view_url, with_caller};
use crate::state::member::{ContactRec, CorpInfoRec, Member, PaymentRec, RefundRec, UseRec};
use crate::state::{Env, State, Table};

/// First path segments served here.
pub(crate) const AREAS: [&str; 13] = [
    "Join",
    "IDCheck",
    "CorpInfo",
    "IDs",
    "Contact",
    "Member",
    "UseHistory",
    "PaymentHistory",
    "RefundHistory",
    "Refund",
    "RefundPoint",
    "Payment",
    "QuitRequest",
];

/// Token scope of the member API.
const MEMBER: &str = "member";

fn ok(msg: &str) -> ApiResult<Reply> {
    Ok(Reply::ok(msg))
}

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let lower: Vec<String> = req
        .segments
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let segs: Vec<&str> = lower.iter().map(String::as_str).collect();
    let get = req.is_get();
    let post = !get && req.verb == "POST";
    match segs.as_slice() {
        ["join"] if get => app.with(ctx, |st, _| check_is_member(st, req)),
        ["join"] if post => app.with(ctx, |st, env| join_member(st, env, req)),
        ["idcheck"] if get => app.with(ctx, |st, _| check_id(st, req)),
        ["corpinfo"] if get => with_caller(app, req, ctx, MEMBER, |st, _, c| {
            let corp = c.corp;
            Ok(Reply::json(&st.member(corp)?.corp_info))
        }),
        ["corpinfo"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            update_corp_info(st, env, req, c.corp)
        }),
        ["ids", "new"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            regist_contact(st, env, req, c.corp)
        }),
        ["ids"] if get => with_caller(app, req, ctx, MEMBER, |st, _, c| {
            let corp = c.corp;
            Ok(Reply::json(&st.member(corp)?.contacts))
        }),
        ["ids"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            update_contact(st, env, req, c.corp)
        }),
        ["contact"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            get_contact(st, env, req, c.corp)
        }),
        ["contact", "delete"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            delete_contact(st, env, req, c.corp)
        }),
        ["quitrequest"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            quit_member(st, env, req, c.corp)
        }),
        ["member"] if get => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            let corp = c.corp;
            let tg = req.q()?.require("TG")?.to_ascii_uppercase();
            let url = view_url(
                app,
                req,
                st,
                env,
                corp,
                &format!("member:{tg}"),
                vec![],
                true,
            );
            Ok(Reply::json(&json!({ "url": url })))
        }),
        ["usehistory"] if get => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            use_history(st, env, req, c.corp)
        }),
        ["paymenthistory"] if get => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            payment_history(st, env, req, c.corp)
        }),
        ["refundhistory"] if get => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            refund_history(st, env, req, c.corp)
        }),
        ["refund"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            refund(st, env, req, c.corp)
        }),
        ["refund", _] if get => with_caller(app, req, ctx, MEMBER, |st, _, c| {
            let corp = c.corp;
            let code = req.seg(1).unwrap_or("");
            let m = st.member(corp)?;
            m.refunds
                .iter()
                .find(|r| r.refund_code == code)
                .map(Reply::json)
                .ok_or_else(|| code_not_found("환불코드", code))
        }),
        ["refundpoint"] if get => with_caller(app, req, ctx, MEMBER, |st, _, c| {
            let corp = c.corp;
            let points = st.member(corp)?.points;
            Ok(Reply::json(&json!({ "refundableBalance": points })))
        }),
        ["payment"] if post => with_caller(app, req, ctx, MEMBER, |st, env, c| {
            payment_request(st, env, req, c.corp)
        }),
        ["payment", _] if get => with_caller(app, req, ctx, MEMBER, |st, _, c| {
            let corp = c.corp;
            let code = req.seg(1).unwrap_or("");
            let m = st.member(corp)?;
            m.payments
                .iter()
                .find(|p| p.settle_code == code)
                .map(Reply::json)
                .ok_or_else(|| code_not_found("정산코드", code))
        }),
        [a] | [a, _] if AREAS.iter().any(|x| x.eq_ignore_ascii_case(a)) => Err(bad_verb(req)),
        _ => Err(unknown_route(req)),
    }
}

fn code_not_found(what: &str, code: &str) -> ApiError {
    ApiError::not_found(
        codes::CODE_NOT_FOUND,
        format!("{what}에 해당하는 내역이 없습니다. ({code})"),
    )
}

fn required(m: &Map<String, Value>, key: &str, max: usize, code: i64) -> ApiResult<String> {
    let v = field(m, key).ok_or_else(|| {
        ApiError::bad_request(
            code,
            format!("{key} 항목이 입력되지 않았습니다. (is required)"),
        )
    })?;
    check_len(key, &v, max)?;
    Ok(v)
}

fn optional(m: &Map<String, Value>, key: &str, max: usize) -> ApiResult<Option<String>> {
    match field(m, key) {
        Some(v) => check_len(key, &v, max).map(|_| Some(v)),
        None => Ok(None),
    }
}

fn check_len(key: &str, v: &str, max: usize) -> ApiResult<()> {
    let n = v.chars().count();
    if n > max {
        return Err(ApiError::bad_request(
            codes::FORM_INVALID,
            format!("{key} 항목은 최대 {max}자입니다. (got {n})"),
        ));
    }
    Ok(())
}

fn check_new_id(id: &str) -> ApiResult<()> {
    let n = id.chars().count();
    if !(6..=50).contains(&n) {
        return Err(ApiError::bad_request(
            codes::ID_LENGTH,
            format!("아이디는 6자 이상 50자 이하입니다. (got {n})"),
        ));
    }
    const SPECIAL: &str = "!#$%&'*+-/=?^_`{|}~@.";
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || SPECIAL.contains(c))
    {
        return Err(ApiError::bad_request(
            codes::ID_CHARSET,
            "아이디는 영문, 숫자, 특수문자(!#$%&'*+-/=?^_`{|}~@.)만 사용할 수 있습니다.",
        ));
    }
    Ok(())
}

fn check_password(pw: &str) -> ApiResult<()> {
    let n = pw.chars().count();
    let letters = pw.chars().any(|c| c.is_ascii_alphabetic());
    let digits = pw.chars().any(|c| c.is_ascii_digit());
    let specials = pw.chars().any(|c| c.is_ascii_punctuation());
    let ascii = pw.chars().all(|c| c.is_ascii_graphic());
    if !(8..=20).contains(&n) || !letters || !digits || !specials || !ascii {
        return Err(ApiError::bad_request(
            codes::PASSWORD_FORMAT,
            "비밀번호는 8자 이상 20자 이하로 영문, 숫자, 특수문자를 조합해야 합니다.",
        ));
    }
    Ok(())
}

fn id_in_use(st: &State, id: &str) -> bool {
    st.members
        .values()
        .any(|m| m.contacts.iter().any(|c| c.id.eq_ignore_ascii_case(id)))
}

fn check_is_member(st: &State, req: &Req) -> ApiResult<Reply> {
    let q = req.q()?;
    let corp = q.get("CorpNum").ok_or_else(|| {
        ApiError::bad_request(codes::CORP_NUM_MISSING, "사업자번호가 입력되지 않았습니다.")
    })?;
    let lid = q.get("LID").ok_or_else(|| {
        ApiError::bad_request(
            codes::LINK_ID_MISSING,
            "확인할 연동아이디가 입력되지 않았습니다.",
        )
    })?;
    let member = st.members.get(corp).is_some_and(|m| m.link_id == lid);
    Ok(Reply::json(&json!({
        "code": i64::from(member),
        "message": if member { "가입" } else { "미가입" },
    })))
}

fn check_id(st: &State, req: &Req) -> ApiResult<Reply> {
    let id = req
        .q()?
        .get("ID")
        .ok_or_else(|| ApiError::bad_request(codes::ID_MISSING, "아이디가 입력되지 않았습니다."))?;
    let used = id_in_use(st, id);
    Ok(Reply::json(&json!({
        "code": i64::from(used),
        "message": if used { "사용중인 아이디" } else { "사용 가능한 아이디" },
    })))
}

fn join_member(st: &mut State, env: &Env<'_>, req: &Req) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let link_id = required(&m, "LinkID", 20, codes::LINK_ID_MISSING)?;
    if env.cfg.partner(&link_id).is_none() {
        return Err(ApiError::bad_request(
            popbill_model::taxinvoice::error_code::PARTNER_NOT_FOUND,
            format!("연동회원 정보가 없습니다. (unknown LinkID {link_id:?})"),
        ));
    }
    let corp = required(&m, "CorpNum", 10, codes::CORP_NUM_MISSING)?;
    if corp.len() != 10 || !corp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            codes::FORM_INVALID,
            format!("사업자번호는 '-' 없이 10자리 숫자입니다. (got {corp:?})"),
        ));
    }
    let id = required(&m, "ID", 50, codes::ID_MISSING)?;
    check_new_id(&id)?;
    let pw = field(&m, "Password")
        .or_else(|| field(&m, "PWD"))
        .unwrap_or_default();
    check_password(&pw)?;
    let ceo = required(&m, "CEOName", 100, codes::CORP_INFO_MISSING)?;
    let corp_name = required(&m, "CorpName", 200, codes::CORP_INFO_MISSING)?;
    let addr = required(&m, "Addr", 300, codes::CORP_INFO_MISSING)?;
    let biz_type = required(&m, "BizType", 100, codes::CORP_INFO_MISSING)?;
    let biz_class = required(&m, "BizClass", 100, codes::CORP_INFO_MISSING)?;
    let contact_name = required(&m, "ContactName", 100, codes::FORM_INVALID)?;
    let email = required(&m, "ContactEmail", 100, codes::FORM_INVALID)?;
    let tel = required(&m, "ContactTEL", 20, codes::FORM_INVALID)?;
    let hp = optional(&m, "ContactHP", 20)?.unwrap_or_default();
    let fax = optional(&m, "ContactFAX", 20)?.unwrap_or_default();
    if st.members.contains_key(&corp) {
        return Err(ApiError::conflict(
            codes::ALREADY_MEMBER,
            format!("이미 가입된 회원입니다. ({corp})"),
        ));
    }
    if id_in_use(st, &id) {
        return Err(ApiError::conflict(
            codes::ID_IN_USE,
            format!("이미 사용중인 아이디입니다. ({id})"),
        ));
    }
    let member = Member {
        corp_num: corp.clone(),
        link_id,
        corp_info: CorpInfoRec {
            ceoname: ceo,
            corp_name,
            addr,
            biz_type,
            biz_class,
        },
        contacts: vec![ContactRec {
            id,
            person_name: contact_name,
            tel,
            hp,
            fax,
            email,
            reg_dt: env.dt(),
            search_role: 3,
            mgr_yn: true,
            state: 1,
        }],
        points: env.cfg.initial_points,
        use_history: crate::state::log::AppendLog::new(),
        payments: Vec::new(),
        refunds: Vec::new(),
        email_config: Default::default(),
        joined_ms: env.now_ms,
    };
    st.members.insert(corp.clone(), member);
    st.touch(Table::Member, &corp);
    ok("회원가입 완료")
}

fn update_corp_info(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let info = CorpInfoRec {
        ceoname: required(&m, "ceoname", 100, codes::CORP_INFO_MISSING)?,
        corp_name: required(&m, "corpName", 200, codes::CORP_INFO_MISSING)?,
        addr: required(&m, "addr", 300, codes::CORP_INFO_MISSING)?,
        biz_type: required(&m, "bizType", 100, codes::CORP_INFO_MISSING)?,
        biz_class: required(&m, "bizClass", 100, codes::CORP_INFO_MISSING)?,
    };
    st.member_mut(corp)?.corp_info = info;
    ok("회사정보 수정 완료")
}

fn search_role(m: &Map<String, Value>) -> ApiResult<Option<i64>> {
    match body::get_ci(m, "searchRole") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let n = v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match n {
                Some(n @ 1..=3) => Ok(Some(n)),
                _ => Err(ApiError::bad_request(
                    codes::FORM_INVALID,
                    format!("searchRole은 1, 2, 3 중 하나입니다. (got {v})"),
                )),
            }
        }
    }
}

fn regist_contact(st: &mut State, env: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let id = required(&m, "id", 50, codes::ID_MISSING)?;
    check_new_id(&id)?;
    let pw = field(&m, "Password")
        .or_else(|| field(&m, "pwd"))
        .unwrap_or_default();
    check_password(&pw)?;
    let contact = ContactRec {
        person_name: required(&m, "personName", 100, codes::FORM_INVALID)?,
        tel: required(&m, "tel", 20, codes::FORM_INVALID)?,
        email: required(&m, "email", 100, codes::FORM_INVALID)?,
        hp: optional(&m, "hp", 20)?.unwrap_or_default(),
        fax: optional(&m, "fax", 20)?.unwrap_or_default(),
        reg_dt: env.dt(),
        search_role: search_role(&m)?.unwrap_or(
            if body::flag(&m, "searchAllAllowYN") == Some(true) {
                3
            } else {
                1
            },
        ),
        mgr_yn: false,
        state: 1,
        id,
    };
    if id_in_use(st, &contact.id) {
        return Err(ApiError::conflict(
            codes::ID_IN_USE,
            format!("이미 사용중인 아이디입니다. ({})", contact.id),
        ));
    }
    st.member_mut(corp)?.contacts.push(contact);
    ok("담당자 등록 완료")
}

fn contact_not_found(id: &str) -> ApiError {
    ApiError::not_found(
        codes::ID_NOT_FOUND,
        format!("해당 아이디의 담당자 정보가 없습니다. ({id})"),
    )
}

fn get_contact(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let id = required(&m, "id", 50, codes::ID_MISSING)?;
    st.member(corp)?
        .contact(&id)
        .map(Reply::json)
        .ok_or_else(|| contact_not_found(&id))
}

fn update_contact(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let id = required(&m, "id", 50, codes::ID_MISSING)?;
    let person_name = optional(&m, "personName", 100)?;
    let tel = optional(&m, "tel", 20)?;
    let hp = optional(&m, "hp", 20)?;
    let fax = optional(&m, "fax", 20)?;
    let email = optional(&m, "email", 100)?;
    let role = search_role(&m)?;
    let member = st.member_mut(corp)?;
    let c = member
        .contacts
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| contact_not_found(&id))?;
    if let Some(v) = person_name {
        c.person_name = v;
    }
    if let Some(v) = tel {
        c.tel = v;
    }
    if let Some(v) = hp {
        c.hp = v;
    }
    if let Some(v) = fax {
        c.fax = v;
    }
    if let Some(v) = email {
        c.email = v;
    }
    if let Some(v) = role {
        c.search_role = v;
    }
    ok("담당자 정보 수정 완료")
}

fn delete_contact(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let id = req
        .q()?
        .get("ContactID")
        .ok_or_else(|| {
            ApiError::bad_request(codes::ID_MISSING, "ContactID가 입력되지 않았습니다.")
        })?
        .to_owned();
    let member = st.member(corp)?;
    let c = member.contact(&id).ok_or_else(|| contact_not_found(&id))?;
    if c.mgr_yn {
        return Err(ApiError::conflict(
            codes::FORM_INVALID,
            "관리자 계정은 삭제할 수 없습니다. (the administrator account cannot be deleted)",
        ));
    }
    st.member_mut(corp)?.contacts.retain(|c| c.id != id);
    ok("담당자 삭제 완료")
}

fn quit_member(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    required(&m, "quitReason", 200, codes::FORM_INVALID)?;
    st.members.remove(corp);
    st.touch(Table::Member, corp);
    let tokens: Vec<String> = st
        .tokens
        .iter()
        .filter(|(_, t)| t.corp_num.as_deref() == Some(corp))
        .map(|(k, _)| k.clone())
        .collect();
    for t in tokens {
        st.tokens.remove(&t);
        st.touch(Table::Token, &t);
    }
    ok("탈퇴 신청 완료")
}

/// Paging of a history list: (page, perPage, pageCount, slice).
fn page<T: Clone + serde::Serialize>(req: &Req, items: Vec<T>, max_per: i64) -> ApiResult<Value> {
    let q = req.q()?;
    let page = q.int("Page", 1, i64::MAX)?.unwrap_or(1);
    let per = q.int("PerPage", 1, max_per)?.unwrap_or(500);
    let total = items.len() as i64;
    let start = ((page - 1).saturating_mul(per)).min(total) as usize;
    let end = (start as i64 + per).min(total) as usize;
    Ok(json!({
        "code": 1,
        "total": total,
        "perPage": per,
        "pageNum": page,
        "pageCount": (total + per - 1) / per,
        "list": items[start..end].to_vec(),
    }))
}

fn date_range(req: &Req) -> ApiResult<(String, String)> {
    let q = req.q()?;
    let s = q.require("SDate")?;
    let e = q.require("EDate")?;
    for (k, v) in [("SDate", s), ("EDate", e)] {
        Date8::parse(v)
            .map_err(|err| ApiError::bad_request(codes::BAD_QUERY, format!("{k}: {err}")))?;
    }
    Ok((s.to_owned(), e.to_owned()))
}

fn in_range(dt: &str, (s, e): &(String, String)) -> bool {
    let d = dt.get(..8).unwrap_or("");
    d >= s.as_str() && d <= e.as_str()
}

fn use_history(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let range = date_range(req)?;
    let asc = match req.q()?.get("Order") {
        None => false,
        Some(o) if o.eq_ignore_ascii_case("D") => false,
        Some(o) if o.eq_ignore_ascii_case("A") => true,
        Some(o) => {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("Order must be D or A, got {o:?}"),
            ));
        }
    };
    let mut items: Vec<UseRec> = st
        .member(corp)?
        .use_history
        .iter()
        .filter(|u| in_range(&u.tx_dt, &range))
        .cloned()
        .collect();
    if !asc {
        items.reverse();
    }
    Ok(Reply::json(&page(req, items, 1000)?))
}

fn payment_history(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let range = date_range(req)?;
    let mut items: Vec<PaymentRec> = st
        .member(corp)?
        .payments
        .iter()
        .filter(|p| in_range(&p.reg_dt, &range))
        .cloned()
        .collect();
    items.reverse();
    Ok(Reply::json(&page(req, items, 1000)?))
}

fn refund_history(st: &mut State, _: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let mut items: Vec<RefundRec> = st.member(corp)?.refunds.clone();
    items.reverse();
    Ok(Reply::json(&page(req, items, 1000)?))
}

fn amount(m: &Map<String, Value>, key: &str) -> ApiResult<i64> {
    let v = field(m, key).ok_or_else(|| {
        ApiError::bad_request(
            codes::FORM_INVALID,
            format!("{key} 항목이 입력되지 않았습니다."),
        )
    })?;
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ApiError::bad_request(
                codes::FORM_INVALID,
                format!("{key} 항목은 양의 정수입니다. (got {v:?})"),
            )
        })
}

fn refund(st: &mut State, env: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let points = amount(&m, "requestPoint")?;
    let rec = RefundRec {
        refund_code: String::new(),
        req_dt: env.dt(),
        request_point: points.to_string(),
        account_bank: required(&m, "accountBank", 50, codes::FORM_INVALID)?,
        account_num: required(&m, "accountNum", 50, codes::FORM_INVALID)?,
        account_name: required(&m, "accountName", 100, codes::FORM_INVALID)?,
        state: 1,
        reason: optional(&m, "reason", 500)?.unwrap_or_default(),
    };
    required(&m, "contactName", 100, codes::FORM_INVALID)?;
    required(&m, "tel", 20, codes::FORM_INVALID)?;
    let available = st.member(corp)?.points;
    if points > available {
        return Err(ApiError::bad_request(
            codes::POINTS_INSUFFICIENT,
            format!("환불 가능 포인트({available})를 초과했습니다. (requested {points})"),
        ));
    }
    let seq = st.next(|c| &mut c.refund);
    let code = format!("{}{:010}", &env.dt()[..8], seq);
    let dt = env.dt();
    let member = st.member_mut(corp)?;
    member.points -= points;
    let balance = member.points;
    member.refunds.push(RefundRec {
        refund_code: code.clone(),
        ..rec
    });
    member.use_history.push(UseRec {
        item_code: 0,
        tx_type: 3,
        tx_point: (-points).to_string(),
        balance: balance.to_string(),
        tx_dt: dt,
        user_id: req.user_id().unwrap_or_default(),
        user_name: String::new(),
    });
    Ok(Reply::json(&json!({
        "code": 1,
        "message": "환불 신청 완료",
        "refundCode": code,
    })))
}

fn payment_request(st: &mut State, env: &Env<'_>, req: &Req, corp: &str) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let cost = amount(&m, "settleCost")?;
    let settler_name = required(&m, "settlerName", 100, codes::FORM_INVALID)?;
    let settler_email = required(&m, "settlerEmail", 100, codes::FORM_INVALID)?;
    optional(&m, "notifyHP", 20)?;
    let payment_name = required(&m, "paymentName", 100, codes::FORM_INVALID)?;
    // The sandbox "receives" the deposit at once: points = settleCost (1 point per won).
    let balance = st.member(corp)?.points.checked_add(cost).ok_or_else(|| {
        ApiError::bad_request(
            codes::FORM_INVALID,
            format!(
                "settleCost 항목이 너무 큽니다. (balance + settleCost exceeds {})",
                i64::MAX
            ),
        )
    })?;
    let seq = st.next(|c| &mut c.settle);
    let code = format!("{}{:010}", &env.dt()[..8], seq);
    let dt = env.dt();
    let member = st.member_mut(corp)?;
    member.points = balance;
    member.payments.push(PaymentRec {
        settle_code: code.clone(),
        product_type: "포인트 충전".into(),
        product_name: format!("무통장입금 ({payment_name})"),
        settle_type: "무통장".into(),
        settler_name,
        settler_email,
        settle_cost: cost.to_string(),
        settle_point: cost.to_string(),
        settle_state: 2,
        reg_dt: dt.clone(),
        state_dt: dt.clone(),
    });
    member.use_history.push(UseRec {
        item_code: 0,
        tx_type: 1,
        tx_point: cost.to_string(),
        balance: balance.to_string(),
        tx_dt: dt,
        user_id: req.user_id().unwrap_or_default(),
        user_name: String::new(),
    });
    Ok(Reply::json(&json!({
        "code": 1,
        "message": "입금신청 완료",
        "settleCode": code,
    })))
}

//! HomeTax collection API (HTTaxinvoice under `/HomeTax/Taxinvoice`, scope `111`; HTCashbill
//! under `/HomeTax/Cashbill`, scope `141`) seen from the server, over the simulation in
//! `crate::hometax`.
//!
//! | path (after `/HomeTax/{Taxinvoice\|Cashbill}`) | verb | operation |
//! |---|---|---|
//! | `/{SELL\|BUY\|TRUSTEE}?[DType=]&SDate=&EDate=` | POST | RequestJob (TRUSTEE and DType: tax invoices only) |
//! | `/{jobID}/State` | GET | GetJobState |
//! | `/JobList` | GET | ListActiveJob |
//! | `/{jobID}?…` | GET | Search |
//! | `/{jobID}/Summary?…` | GET | Summary |
//! | `/{NTSConfirmNum}[?T=xml]` | GET | GetTaxinvoice / GetXML (tax invoices) |
//! | `/{NTSConfirmNum}/PopUp`, `/Print` | GET | GetPopUpURL / GetPrintURL (tax invoices) |
//! | `?TG=CERT`, `?TG=CHRG` | GET | GetCertificatePopUpURL / GetFlatRatePopUpURL |
//! | `/CertInfo`, `/CertCheck` | GET | GetCertificateExpireDate / CheckCertValidation |
//! | `/DeptUser` | POST / GET / POST+DELETE | RegistDeptUser / CheckDeptUser / DeleteDeptUser |
//! | `/DeptUser/Check` | GET | CheckLoginDeptUser |
//! | `/ChargeInfo`, `/Contract` | GET | GetChargeInfo / GetFlatRateState |
//!
//! Sandbox-only pages and controls (no authentication):
//!
//! | path | effect |
//! |---|---|
//! | `GET /HomeTax/__popup/{key}` | the registration page behind `?TG=CERT` / `?TG=CHRG` (valid like every view URL) |
//! | `GET /HomeTax/__popup/{key}?expire=yyyyMMdd` | registers a test certificate expiring that day (`CERT`) |
//! | `GET /HomeTax/__popup/{key}?months=n[&closeOnExpired=true]` | starts a flat-rate contract of n months (`CHRG`) |
//! | `POST /HomeTax/__control` | JSON `{"jobStepMillis": n, "docsPerDay": n}` changes the simulation settings |

use popbill_model::hometax::error_code as ht;
use popbill_model::hometax::{
    DeptUserForm, FlatRateState, FlatRateStateCode, HtCashbill, HtCashbillSearchResult,
    HtCertificateExpiration, HtJobState, HtTaxinvoice, HtTaxinvoiceSearchResult, HtTaxinvoiceXml,
    JobIdResponse, JobState, MAX_DEPT_USER_FIELD, TradeTypeName, TradeUsageName,
};
use popbill_model::{ChargeInfo, Date8, Response, UrlResponse};
use serde_json::{Value, json};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::hometax::credentials::{self, Cert, DeptUser, FlatRate, Via};
use crate::hometax::ledger::{self, HtKind, Side};
use crate::hometax::search::{self, CbFilter, FiledInvoice, TiFilter};
use crate::hometax::{Job, Popup, PopupKind};
use crate::http::{Reply, Req};
use crate::routes::{bad_verb, unknown_route};
use crate::state::invoice::{KeyType, S_FILED};
use crate::state::{Env, State};

/// Runs `f` for an authenticated caller of the HomeTax service `kind`.
fn with_member(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    kind: HtKind,
    f: impl FnOnce(&mut State, &Env<'_>, &str) -> ApiResult<Reply>,
) -> ApiResult<Reply> {
    let scope = match kind {
        HtKind::Taxinvoice => "111",
        HtKind::Cashbill => "141",
    };
    crate::routes::with_caller(app, req, ctx, scope, |st, env, caller| {
        st.ht_expire(env.now_ms);
        f(st, env, caller.corp)
    })
}

fn bad(code: i64, msg: impl Into<String>) -> ApiError {
    ApiError::bad_request(code, msg)
}

fn ok(msg: &str) -> ApiResult<Reply> {
    Ok(Reply::json(&Response::new(1, msg)))
}

/// Dispatches `/HomeTax/...`.
pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let segs: Vec<&str> = req.segments.iter().skip(1).map(String::as_str).collect();
    let named = |s: &str, n: &str| s.eq_ignore_ascii_case(n);
    let get = req.is_get();
    let verb = req.verb.as_str();
    let (kind, rest) = match segs.split_first() {
        Some((k, rest)) if named(k, "Taxinvoice") => (HtKind::Taxinvoice, rest),
        Some((k, rest)) if named(k, "Cashbill") => (HtKind::Cashbill, rest),
        Some((k, [key])) if named(k, "__popup") && get => return popup_page(app, req, ctx, key),
        Some((k, [])) if named(k, "__control") && verb == "POST" => return control(app, req, ctx),
        _ => return Err(unknown_route(req)),
    };
    let ti = kind == HtKind::Taxinvoice;
    match rest {
        [] if get => {
            let q = req.q()?;
            match q.get("TG").map(str::to_ascii_uppercase).as_deref() {
                Some("CERT") => popup_url(app, req, ctx, kind, PopupKind::Cert),
                Some("CHRG") => popup_url(app, req, ctx, kind, PopupKind::FlatRate),
                _ => Err(bad(codes::BAD_QUERY, "TG=CERT 또는 TG=CHRG가 필요합니다.")),
            }
        }
        [s] if Side::parse(s).is_some() => {
            if verb != "POST" {
                return Err(bad_verb(req));
            }
            request_job(app, req, ctx, kind, Side::parse(s).unwrap_or(Side::Sell))
        }
        [s] if named(s, "JobList") && get => list_jobs(app, req, ctx, kind),
        [s] if named(s, "CertInfo") && get => cert_info(app, req, ctx, kind),
        [s] if named(s, "CertCheck") && get => cert_check(app, req, ctx, kind),
        [s] if named(s, "ChargeInfo") && get => charge_info(app, req, ctx, kind),
        [s] if named(s, "Contract") && get => flat_rate_state(app, req, ctx, kind),
        [s] if named(s, "DeptUser") => match verb {
            "GET" => check_dept_user(app, req, ctx, kind, false),
            "POST" => regist_dept_user(app, req, ctx, kind),
            "DELETE" => delete_dept_user(app, req, ctx, kind),
            _ => Err(bad_verb(req)),
        },
        [s, c] if named(s, "DeptUser") && named(c, "Check") && get => {
            check_dept_user(app, req, ctx, kind, true)
        }
        [id, s] if named(s, "State") && get => job_state(app, req, ctx, kind, id),
        [id, s] if named(s, "Summary") && get => summary(app, req, ctx, kind, id),
        [id] if get && id.len() == 18 => search(app, req, ctx, kind, id),
        [nts] if get && ti && nts.len() == 24 => {
            if req
                .q()?
                .get("T")
                .is_some_and(|t| t.eq_ignore_ascii_case("xml"))
            {
                get_xml(app, req, ctx, nts)
            } else {
                get_taxinvoice(app, req, ctx, nts)
            }
        }
        [nts, s] if get && ti && (named(s, "PopUp") || named(s, "Print")) => {
            doc_url(app, req, ctx, nts, named(s, "Print"))
        }
        [id] if get => Err(bad(
            ht::INVALID_SESSION_ID,
            format!("작업아이디가 유효하지 않습니다. ({id})"),
        )),
        _ => Err(unknown_route(req)),
    }
}

// ------------------------------------------------------------------------------------- jobs

fn date_param(q: &crate::http::query::Query, key: &str) -> ApiResult<Date8> {
    let v = q.require(key)?;
    Date8::parse(v).map_err(|_| {
        bad(
            codes::BAD_QUERY,
            format!("{key}는 yyyyMMdd 형식이어야 합니다. ({v})"),
        )
    })
}

/// The credential a login uses now, or why it fails.
fn login(st: &mut State, corp: &str, kind: HtKind, today: Date8) -> Result<Via, (i64, String)> {
    let m = st.hometax.member(corp);
    if let Some(u) = m.dept(kind).as_ref() {
        return credentials::dept_login(kind, u).map(|()| Via::DeptUser);
    }
    match &m.cert {
        Some(c) => credentials::cert_login(c, today).map(|()| Via::Cert),
        None => Err((
            ht::LOGIN_FAILED,
            "홈택스 로그인에 실패하였습니다. (홈택스 인증정보가 존재하지 않습니다)".into(),
        )),
    }
}

fn request_job(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind, side: Side) -> ApiResult<Reply> {
    let q = req.q()?;
    let dtype = match kind {
        HtKind::Taxinvoice => {
            let d = q.require("DType")?.to_ascii_uppercase();
            match d.as_str() {
                "W" | "I" | "S" => d.chars().next().unwrap_or('S'),
                _ => {
                    return Err(bad(
                        codes::BAD_QUERY,
                        format!("DType은 W, I, S 중 하나입니다. ({d})"),
                    ));
                }
            }
        }
        HtKind::Cashbill if side == Side::Trustee => {
            return Err(bad(
                codes::BAD_QUERY,
                "현금영수증 수집은 SELL, BUY만 지원합니다.",
            ));
        }
        HtKind::Cashbill => 'T',
    };
    let (sdate, edate) = (date_param(q, "SDate")?, date_param(q, "EDate")?);
    popbill_model::hometax::check_job_range(sdate, edate).map_err(|e| {
        bad(
            codes::BAD_QUERY,
            format!("수집 기간은 최대 3개월입니다. ({e})"),
        )
    })?;
    with_member(app, req, ctx, kind, |st, env, corp| {
        let failure = match login(st, corp, kind, env.today) {
            Err(e) => Some(e),
            Ok(Via::DeptUser) => None,
            Ok(Via::Cert) => {
                // A certificate cannot hold two HomeTax sessions at once.
                let step = st.hometax.settings.job_step_ms;
                let busy = st.hometax.jobs.values().any(|j| {
                    j.corp == corp && j.failure.is_none() && j.state_at(env.now_ms, step) < 3
                });
                busy.then(|| {
                    (
                        ht::DUPLICATE_LOGIN,
                        "홈택스 중복 로그인 차단으로 로그아웃 되었습니다. (인증서 동시 사용)"
                            .into(),
                    )
                })
            }
        };
        let seq = st.ht_next_seq();
        let kind_digit = match kind {
            HtKind::Taxinvoice => 4,
            HtKind::Cashbill => 5,
        };
        let today = env.today.to_string();
        let id = format!("0{}1{kind_digit}{:09}", &today[2..], seq % 1_000_000_000);
        let job = Job {
            id: id.clone(),
            corp: corp.to_owned(),
            kind,
            side,
            dtype,
            sdate,
            edate,
            reg_ms: env.now_ms,
            failure,
            docs_per_day: st.hometax.settings.docs_per_day,
            result: None,
        };
        st.ht_insert_job(job);
        Ok(Reply::json(&JobIdResponse::new(id)))
    })
}

fn date_type_name(dtype: char) -> &'static str {
    match dtype {
        'W' => "WriteDate",
        'I' => "IssueDate",
        'S' => "SendDate",
        _ => "TradeDate",
    }
}

/// Builds a finished job's result (once).
fn ensure_result(st: &mut State, id: &str) {
    let Some(job) = st.hometax.jobs.get(id) else {
        return;
    };
    if job.result.is_some() || job.failure.is_some() {
        return;
    }
    let (filed, filed_cb) = match job.kind {
        HtKind::Taxinvoice => (filed_invoices(st, &job.corp, job.side), Vec::new()),
        HtKind::Cashbill => (Vec::new(), filed_receipts(st, &job.corp, job.side)),
    };
    let built = search::build(job, filed, filed_cb);
    if let Some(job) = st.hometax.jobs.get_mut(id) {
        job.result = Some(built);
    }
}

fn state_of(st: &mut State, env: &Env<'_>, id: &str) -> HtJobState {
    let step = st.hometax.settings.job_step_ms;
    let state = st
        .hometax
        .jobs
        .get(id)
        .map(|j| j.state_at(env.now_ms, step))
        .unwrap_or(1);
    if state == 3 {
        ensure_result(st, id);
    }
    let mut s = HtJobState::default();
    let Some(j) = st.hometax.jobs.get(id) else {
        return s;
    };
    let dt = |ms: i64| crate::clock::dt14_kst(ms);
    s.job_id = j.id.clone();
    s.job_state = Some(JobState::from(i64::from(state)));
    s.query_type = Some(j.side.name());
    s.query_date_type = date_type_name(j.dtype).to_owned();
    s.query_st_date = j.sdate.to_string();
    s.query_en_date = j.edate.to_string();
    s.reg_dt = dt(j.reg_ms);
    if state >= 2 {
        s.job_start_dt = dt(j.reg_ms + step);
    }
    if state == 3 {
        s.job_end_dt = dt(j.reg_ms + 2 * step);
        match &j.failure {
            Some((code, reason)) => {
                s.error_code = *code;
                s.error_reason = reason.clone();
            }
            None => {
                s.error_code = 1;
                s.collect_count = j.result.as_ref().map_or(0, |r| r.len() as i64);
            }
        }
    }
    s
}

/// The member's job `id` of service `kind`, or -11100018.
fn own_job<'s>(st: &'s State, corp: &str, kind: HtKind, id: &str) -> ApiResult<&'s Job> {
    st.hometax
        .jobs
        .get(id)
        .filter(|j| j.corp == corp && j.kind == kind)
        .ok_or_else(|| {
            bad(
                ht::INVALID_SESSION_ID,
                format!("작업아이디가 유효하지 않거나 만료되었습니다. ({id})"),
            )
        })
}

fn job_state(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind, id: &str) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        own_job(st, corp, kind, id)?;
        Ok(Reply::json(&state_of(st, env, id)))
    })
}

fn list_jobs(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        let ids: Vec<String> = st
            .hometax
            .jobs
            .values()
            .filter(|j| j.corp == corp && j.kind == kind)
            .map(|j| j.id.clone())
            .collect();
        let list: Vec<HtJobState> = ids.iter().rev().map(|id| state_of(st, env, id)).collect();
        Ok(Reply::json(&list))
    })
}

/// The job, finished and successful, with its result built; else the documented error.
fn ready_job<'s>(
    st: &'s mut State,
    env: &Env<'_>,
    corp: &str,
    kind: HtKind,
    id: &str,
) -> ApiResult<&'s mut Job> {
    let step = st.hometax.settings.job_step_ms;
    let job = own_job(st, corp, kind, id)?;
    if job.state_at(env.now_ms, step) < 3 {
        return Err(bad(
            ht::INVALID_SESSION_ID,
            format!(
                "수집이 완료되지 않은 작업입니다. (jobState {})",
                job.state_at(env.now_ms, step)
            ),
        ));
    }
    if let Some((code, reason)) = &job.failure {
        return Err(bad(*code, reason.clone()));
    }
    ensure_result(st, id);
    st.hometax
        .jobs
        .get_mut(id)
        .ok_or_else(|| bad(ht::INVALID_SESSION_ID, "작업아이디가 유효하지 않습니다."))
}

fn ti_filter(q: &crate::http::query::Query) -> ApiResult<TiFilter> {
    let search = q.get("SearchString").map(str::to_owned);
    if search.as_deref().is_some_and(|s| s.chars().count() > 13) {
        return Err(bad(codes::BAD_QUERY, "SearchString은 최대 13자입니다."));
    }
    Ok(TiFilter {
        kinds: q.list("Type"),
        tax_types: q.list("TaxType"),
        purposes: q.list("PurposeType"),
        reg_type: q.get("TaxRegIDType").map(str::to_owned),
        reg_yn: q.boolean("TaxRegIDYN")?,
        reg_ids: q.list("TaxRegID"),
        search,
    })
}

fn cb_filter(q: &crate::http::query::Query) -> CbFilter {
    CbFilter {
        trade_types: q.list("TradeType"),
        usages: q.list("TradeUsage"),
    }
}

fn search(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind, id: &str) -> ApiResult<Reply> {
    let q = req.q()?;
    let page = q.int("Page", 1, i64::from(i32::MAX))?.unwrap_or(1) as usize;
    let per_page = q.int("PerPage", 1, 1000)?.unwrap_or(500) as usize;
    let descending = !q.get("Order").is_some_and(|o| o.eq_ignore_ascii_case("A"));
    let page_count = |total: usize| total.div_ceil(per_page) as i64;
    match kind {
        HtKind::Taxinvoice => {
            let f = ti_filter(q)?;
            with_member(app, req, ctx, kind, |st, env, corp| {
                let job = ready_job(st, env, corp, kind, id)?;
                let p = search::ti_page(job, &f, page, per_page, descending);
                let mut r = HtTaxinvoiceSearchResult::default();
                (r.code, r.total, r.per_page, r.page_num) =
                    (1, p.total as i64, per_page as i64, page as i64);
                r.page_count = page_count(p.total);
                r.list = p.items;
                Ok(Reply::json(&r))
            })
        }
        HtKind::Cashbill => {
            let f = cb_filter(q);
            with_member(app, req, ctx, kind, |st, env, corp| {
                let job = ready_job(st, env, corp, kind, id)?;
                let p = search::cb_page(job, &f, page, per_page, descending);
                let mut r = HtCashbillSearchResult::default();
                (r.code, r.total, r.per_page, r.page_num) =
                    (1, p.total as i64, per_page as i64, page as i64);
                r.page_count = page_count(p.total);
                r.list = p.items;
                Ok(Reply::json(&r))
            })
        }
    }
}

fn summary(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind, id: &str) -> ApiResult<Reply> {
    let q = req.q()?;
    match kind {
        HtKind::Taxinvoice => {
            let f = ti_filter(q)?;
            with_member(app, req, ctx, kind, |st, env, corp| {
                let job = ready_job(st, env, corp, kind, id)?;
                Ok(Reply::json(&search::ti_summary(job, &f)))
            })
        }
        HtKind::Cashbill => {
            let f = cb_filter(q);
            with_member(app, req, ctx, kind, |st, env, corp| {
                let job = ready_job(st, env, corp, kind, id)?;
                Ok(Reply::json(&search::cb_summary(job, &f)))
            })
        }
    }
}

// -------------------------------------------------------------------- collected documents

/// Invoices the sandbox's Taxinvoice service filed (304) in which `corp` is on `side`.
fn filed_invoices(st: &State, corp: &str, side: Side) -> Vec<FiledInvoice> {
    let key = match side {
        Side::Sell => KeyType::Sell,
        Side::Buy => KeyType::Buy,
        Side::Trustee => KeyType::Trustee,
    };
    st.taxinvoices
        .values()
        .filter(|d| d.state == S_FILED && d.party(key).is_some_and(|(c, _)| c == corp))
        .filter_map(filed_document)
        .collect()
}

fn filed_document(d: &crate::state::invoice::Doc) -> Option<FiledInvoice> {
    let nts = d.nts_confirm_num.clone()?;
    let mut t: HtTaxinvoice = serde_json::from_value(Value::Object(d.invoice.clone())).ok()?;
    let write = Date8::parse(&t.write_date).ok()?;
    let issue_ms = d.issue_ms.unwrap_or(d.reg_ms);
    let issue = popbill_model::kst_date_from_unix(issue_ms.div_euclid(1000));
    let send = d
        .nts_send_ms
        .map(|ms| popbill_model::kst_date_from_unix(ms.div_euclid(1000)))
        .unwrap_or(issue);
    t.nts_confirm_num = nts;
    t.issue_dt = crate::clock::dt14_kst(issue_ms);
    let consigned = !t.trustee_corp_num.is_empty();
    t.invoice_type = Some(search::filed_kind(
        t.tax_type.as_ref(),
        consigned,
        d.is_revised(),
    ));
    for (i, line) in t.detail_list.iter_mut().enumerate() {
        if line.serial_num == 0 {
            line.serial_num = i as i64 + 1;
        }
    }
    Some(FiledInvoice {
        doc: t,
        write,
        issue,
        send,
    })
}

/// Cash receipts the sandbox's Cashbill service filed (304): the issuer's sales, and the
/// purchases of the business whose number an expense-proof (지출증빙용) receipt names.
fn filed_receipts(st: &State, corp: &str, side: Side) -> Vec<HtCashbill> {
    st.cashbills
        .values()
        .filter(|r| r.state == crate::state::cashbill::S_FILED)
        .filter(|r| match side {
            Side::Sell => r.owner == corp,
            Side::Buy => {
                r.field("tradeUsage") == Some("지출증빙용")
                    && r.field("identityNum").map(|n| n.replace('-', "")) == Some(corp.to_owned())
            }
            Side::Trustee => false,
        })
        .map(|r| {
            let f = |k: &str| r.field(k).unwrap_or("").to_owned();
            let trade_dt = r
                .trade_dt
                .clone()
                .unwrap_or_else(|| crate::clock::dt14_kst(r.issue_ms.unwrap_or(r.reg_ms)));
            let mut c = HtCashbill::default();
            c.nts_confirm_num = r.confirm_num.clone().unwrap_or_default();
            c.trade_date = trade_dt.chars().take(8).collect();
            c.trade_dt = trade_dt;
            c.trade_type = Some(TradeTypeName::from(f("tradeType").as_str()));
            c.trade_usage = Some(TradeUsageName::from(f("tradeUsage").as_str()));
            c.total_amount = f("totalAmount");
            c.supply_cost = f("supplyCost");
            c.tax = f("tax");
            c.service_fee = f("serviceFee");
            c.invoice_type = Some(side.name());
            c.franchise_corp_num = r.owner.clone();
            c.franchise_corp_name = f("franchiseCorpName");
            c.franchise_corp_type = "1".into();
            c.identity_num = f("identityNum");
            c.customer_name = f("customerName");
            c
        })
        .collect()
}

/// The member's collected invoice with this NTS number, or -11100020.
fn find_invoice(st: &State, corp: &str, nts: &str) -> ApiResult<HtTaxinvoice> {
    for side in [Side::Sell, Side::Buy, Side::Trustee] {
        if let Some(f) = filed_invoices(st, corp, side)
            .into_iter()
            .find(|f| f.doc.nts_confirm_num == nts)
        {
            return Ok(f.doc);
        }
    }
    ledger::decode_nts(corp, nts)
        .map(|(side, day, idx, a)| ledger::ti_document(corp, side, day, idx, &a))
        .ok_or_else(|| {
            bad(
                ht::INVALID_NTS_CONFIRM_NUM,
                format!("국세청승인번호가 유효하지 않습니다. ({nts})"),
            )
        })
}

fn get_taxinvoice(app: &App, req: &Req, ctx: &mut Ctx, nts: &str) -> ApiResult<Reply> {
    with_member(app, req, ctx, HtKind::Taxinvoice, |st, _, corp| {
        Ok(Reply::json(&find_invoice(st, corp, nts)?))
    })
}

fn get_xml(app: &App, req: &Req, ctx: &mut Ctx, nts: &str) -> ApiResult<Reply> {
    with_member(app, req, ctx, HtKind::Taxinvoice, |st, _, corp| {
        let t = find_invoice(st, corp, nts)?;
        let x = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><TaxInvoice><ExchangedDocument><IssueID>{}</IssueID><IssueDateTime>{}</IssueDateTime></ExchangedDocument><TaxInvoiceDocument><TypeCode>{}</TypeCode></TaxInvoiceDocument><TaxInvoiceTradeSettlement><InvoicerParty><ID>{}</ID><NameText>{}</NameText></InvoicerParty><InvoiceeParty><ID>{}</ID><NameText>{}</NameText></InvoiceeParty><SpecifiedMonetarySummation><ChargeTotalAmount>{}</ChargeTotalAmount><TaxTotalAmount>{}</TaxTotalAmount><GrandTotalAmount>{}</GrandTotalAmount></SpecifiedMonetarySummation></TaxInvoiceTradeSettlement></TaxInvoice>",
            x(&t.nts_confirm_num),
            x(&t.issue_dt),
            t.invoice_type
                .as_ref()
                .map(|k| k.to_string())
                .unwrap_or_default(),
            x(&t.invoicer_corp_num),
            x(&t.invoicer_corp_name),
            x(&t.invoicee_corp_num),
            x(&t.invoicee_corp_name),
            x(&t.supply_cost_total),
            x(&t.tax_total),
            x(&t.total_amount),
        );
        let mut r = HtTaxinvoiceXml::default();
        r.result_code = 1;
        r.message = "SUCCESS".into();
        r.ret_object = xml;
        Ok(Reply::json(&r))
    })
}

fn doc_url(app: &App, req: &Req, ctx: &mut Ctx, nts: &str, print: bool) -> ApiResult<Reply> {
    with_member(app, req, ctx, HtKind::Taxinvoice, |st, env, corp| {
        find_invoice(st, corp, nts)?;
        let kind = if print { "HT_PRINT" } else { "HT_POPUP" };
        let url =
            crate::routes::view_url(app, req, st, env, corp, kind, vec![nts.to_owned()], true);
        let mut r = UrlResponse::default();
        r.url = url;
        Ok(Reply::json(&r))
    })
}

// ------------------------------------------------------------------------------- credentials

fn popup_url(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    kind: HtKind,
    what: PopupKind,
) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        let key = crate::state::token::new_token_text()[..32].to_owned();
        let ttl = crate::clock::millis(env.cfg.view_ttl);
        st.hometax.popups.insert(
            key.clone(),
            Popup {
                corp: corp.to_owned(),
                kind,
                what,
                expires_ms: env.now_ms.saturating_add(ttl),
            },
        );
        let mut r = UrlResponse::default();
        r.url = format!("{}/HomeTax/__popup/{key}", req.base_url(&app.base_url));
        Ok(Reply::json(&r))
    })
}

fn popup_page(app: &App, req: &Req, ctx: &mut Ctx, key: &str) -> ApiResult<Reply> {
    let q = req.q()?;
    let expire = q.get("expire").map(str::to_owned);
    let months = q.int("months", 1, 120)?;
    let close = q.boolean("closeOnExpired")?.unwrap_or(false);
    app.with(ctx, |st, env| {
        st.ht_expire(env.now_ms);
        let Some(p) = st.hometax.popups.get(key).cloned() else {
            return Ok(Reply::html(
                http::StatusCode::GONE,
                "<!DOCTYPE html><html><body><p id=\"code\">-10000033</p><p>만료된 페이지입니다.</p></body></html>",
            ));
        };
        let title = match p.what {
            PopupKind::Cert => "홈택스 인증서 등록",
            PopupKind::FlatRate => "정액제 신청",
        };
        let done = match (p.what, expire.as_deref(), months) {
            (PopupKind::Cert, Some(e), _) => {
                let expires = Date8::parse(e).map_err(|_| bad(codes::BAD_QUERY, "expire는 yyyyMMdd입니다."))?;
                st.ht_member_mut(&p.corp).cert = Some(Cert { expires });
                Some(format!("인증서가 등록되었습니다. (만료일 {expires})"))
            }
            (PopupKind::FlatRate, _, Some(n)) => {
                let use_end = env.today.add_months(n as i32).add_days(-1);
                *st.ht_member_mut(&p.corp).flat(p.kind) = Some(FlatRate {
                    contract_dt: env.dt(),
                    use_end,
                    base_date: 5,
                    close_on_expired: close,
                });
                Some(format!("정액제가 신청되었습니다. (이용 종료일 {use_end})"))
            }
            _ => None,
        };
        let body = match done {
            Some(msg) => format!("<p id=\"result\">{msg}</p>"),
            None => match p.what {
                PopupKind::Cert => "<form method=\"get\"><label>만료일 <input name=\"expire\" placeholder=\"yyyyMMdd\"></label><button>테스트 인증서 등록</button></form>".to_owned(),
                PopupKind::FlatRate => "<form method=\"get\"><label>개월 <input name=\"months\" value=\"12\"></label><button>정액제 신청</button></form>".to_owned(),
            },
        };
        Ok(Reply::html(
            http::StatusCode::OK,
            format!("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>회원 {}</p>{body}<p><small>popbill-sandbox</small></p></body></html>", p.corp),
        ))
    })
}

fn no_cert() -> ApiError {
    bad(
        popbill_model::taxinvoice::error_code::CERTIFICATE_NOT_FOUND,
        "등록된 인증서가 존재하지 않습니다.",
    )
}

fn cert_info(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, _, corp| {
        let c = st.hometax.member(corp).cert.clone().ok_or_else(no_cert)?;
        let mut r = HtCertificateExpiration::default();
        r.certificate_expiration = format!("{}235959", c.expires);
        Ok(Reply::json(&r))
    })
}

fn cert_check(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        let c = st.hometax.member(corp).cert.clone().ok_or_else(no_cert)?;
        credentials::cert_login(&c, env.today).map_err(|(code, msg)| bad(code, msg))?;
        ok("인증서 로그인에 성공하였습니다.")
    })
}

fn regist_dept_user(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    let m = crate::http::json::object(req)?;
    let form: DeptUserForm = serde_json::from_value(Value::Object(m)).map_err(|e| {
        bad(
            codes::BAD_JSON,
            format!("부서사용자 정보를 읽을 수 없습니다: {e}"),
        )
    })?;
    for (what, v) in [("아이디", &form.id), ("비밀번호", &form.pwd)] {
        if v.trim().is_empty() || v.chars().count() > MAX_DEPT_USER_FIELD {
            return Err(bad(
                ht::DEPT_USER_INVALID,
                format!("부서사용자 {what}는 1~{MAX_DEPT_USER_FIELD}자입니다."),
            ));
        }
    }
    if form.id.to_ascii_lowercase().starts_with("other") {
        return Err(bad(
            ht::DEPT_USER_CORP_MISMATCH,
            "부서사용자의 사업자번호가 회원의 사업자번호와 다릅니다.",
        ));
    }
    let user = DeptUser::new(&form.id, &form.pwd, form.sec_auth.as_deref());
    drop(form);
    with_member(app, req, ctx, kind, |st, _, corp| {
        *st.ht_member_mut(corp).dept(kind) = Some(user);
        ok("부서사용자 등록이 완료되었습니다.")
    })
}

fn check_dept_user(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    kind: HtKind,
    login: bool,
) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, _, corp| {
        let u = (*st.hometax.member(corp).dept(kind)).ok_or_else(|| {
            bad(
                credentials::not_registered(kind),
                "등록된 부서사용자 정보가 존재하지 않습니다.",
            )
        })?;
        if login {
            credentials::dept_login(kind, &u).map_err(|(code, msg)| bad(code, msg))?;
            ok("부서사용자 로그인에 성공하였습니다.")
        } else {
            ok("등록된 부서사용자 정보가 있습니다.")
        }
    })
}

fn delete_dept_user(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, _, corp| {
        st.ht_member_mut(corp).dept(kind).take().ok_or_else(|| {
            bad(
                credentials::not_registered(kind),
                "등록된 부서사용자 정보가 존재하지 않습니다.",
            )
        })?;
        ok("부서사용자 정보가 삭제되었습니다.")
    })
}

fn charge_info(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        let flat = st
            .hometax
            .member(corp)
            .flat(kind)
            .clone()
            .filter(|f| f.use_end >= env.today);
        let mut r = ChargeInfo::default();
        match flat {
            Some(_) => {
                r.unit_cost = "30000".into();
                r.charge_method = "정액제".into();
                r.rate_system = "1".into();
            }
            None => {
                r.unit_cost = "0".into();
                r.charge_method = "정액제 미신청".into();
                r.rate_system = "1".into();
            }
        }
        Ok(Reply::json(&r))
    })
}

fn flat_rate_state(app: &App, req: &Req, ctx: &mut Ctx, kind: HtKind) -> ApiResult<Reply> {
    with_member(app, req, ctx, kind, |st, env, corp| {
        let f = st.hometax.member(corp).flat(kind).clone().ok_or_else(|| {
            bad(
                ht::CRAWL_UNKNOWN,
                "정액제 신청 정보가 존재하지 않습니다. (sandbox: apply through ?TG=CHRG)",
            )
        })?;
        let expired = f.use_end < env.today;
        let mut r = FlatRateState::default();
        r.reference_id = corp.to_owned();
        r.contract_dt = f.contract_dt.clone();
        r.use_end_date = f.use_end.to_string();
        r.base_date = f.base_date;
        r.state = Some(if expired && f.close_on_expired {
            FlatRateStateCode::Terminated
        } else {
            FlatRateStateCode::InUse
        });
        r.close_on_expired = f.close_on_expired;
        r.use_restrict_yn = expired;
        Ok(Reply::json(&r))
    })
}

fn control(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let m = crate::http::json::object(req)?;
    let num = |k: &str| m.get(k).and_then(Value::as_i64);
    app.with(ctx, |st, _| {
        if let Some(v) = num("jobStepMillis") {
            st.hometax.settings.job_step_ms = v.clamp(0, 86_400_000);
        }
        if let Some(v) = num("docsPerDay") {
            st.hometax.settings.docs_per_day = v.clamp(0, 10_000) as u32;
        }
        let s = st.hometax.settings;
        Ok(Reply::json(&json!({
            "jobStepMillis": s.job_step_ms,
            "docsPerDay": s.docs_per_day,
        })))
    })
}

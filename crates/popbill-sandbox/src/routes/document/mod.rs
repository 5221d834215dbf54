//! Routes every document service shares, parameterised by a [`ServiceSpec`]: resending
//! email/SMS/fax and the email configuration ([`notify`]), the URL getters ([`urls`]), unit
//! cost and charge info ([`config`]), getInfos and logs ([`info`]), bulk submission and its
//! result ([`bulk`]), the shared search parameters and answer ([`search`]). A service's route table
//! (`routes/taxinvoice`, `routes/cashbill`) maps its paths onto these and adds what is its own.

pub(crate) mod bulk;
pub(crate) mod config;
pub(crate) mod info;
pub(crate) mod notify;
pub(crate) mod search;
pub(crate) mod urls;

use crate::app::{App, Ctx};
use crate::config::Config;
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::state::store::DocKind;

/// What differs between document services on the shared routes.
#[derive(Debug)]
pub(crate) struct ServiceSpec {
    /// The documents' service.
    pub kind: DocKind,
    /// First path segment (`Taxinvoice`, `Cashbill`).
    pub prefix: &'static str,
    /// Token scope the service needs (`110`, `140`).
    pub scope: &'static str,
    /// Email types of listEmailConfig / updateEmailConfig.
    pub email_types: &'static [&'static str],
    /// Document name in mail subjects (`전자세금계산서`, `현금영수증`).
    pub subject: &'static str,
    /// Field naming the issuer in mail subjects.
    pub issuer_name_field: &'static str,
    /// Per-document `TG` values and whether their URL expires (MAIL does not).
    pub doc_tgs: &'static [(&'static str, bool)],
    /// `TG` values of getURL (document boxes, write page).
    pub boxes: &'static [&'static str],
    /// Points charged per issued document.
    pub unit_cost: fn(&Config) -> i64,
    /// Key of the document list in a bulk body (`invoices`, `cashbills`).
    pub bulk_list: &'static str,
    /// Error codes of the shared routes.
    pub codes: SpecCodes,
}

/// The service's error codes the shared routes answer.
#[derive(Debug)]
pub(crate) struct SpecCodes {
    /// A request body that breaks a rule (wrong list size, ...).
    pub validation: i64,
    /// Bulk: SubmitID missing or malformed.
    pub submit_id: i64,
    /// Bulk: x-pb-message-digest does not match the body.
    pub digest: i64,
}

/// A route handler that needs nothing but the request.
pub(crate) type Handler = fn(&App, &Req, &mut Ctx) -> ApiResult<Reply>;

/// The path segments after the service prefix (`/Taxinvoice/SELL/k` gives `["SELL", "k"]`).
pub(crate) fn segments(req: &Req) -> Vec<&str> {
    req.segments.iter().skip(1).map(String::as_str).collect()
}

/// Whether a path segment is `name`, in any case.
pub(crate) fn named(segment: &str, name: &str) -> bool {
    segment.eq_ignore_ascii_case(name)
}

/// Whether a path segment is an ItemKey (18 digits).
pub(crate) fn is_item_key(segment: &str) -> bool {
    segment.len() == 18 && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The routes every document service serves the same way, or `None` when `segs` is none of
/// them: `GET /{prefix}?TG=` (box URL), `?cfg=UNITCOST` and the service's own `cfg` values
/// (`own_cfg`), `GET /ChargeInfo`, `GET`/`POST /EmailSendConfig` and
/// `GET /BULK/{SubmitID}/State`.
pub(crate) fn shared_route(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    segs: &[&str],
    own_cfg: &[(&str, Handler)],
) -> Option<ApiResult<Reply>> {
    let get = req.is_get();
    let post = req.verb == "POST";
    Some(match segs {
        [] if get => root_get(app, req, ctx, spec, own_cfg),
        [s] if named(s, "ChargeInfo") && get => config::charge_info(app, req, ctx, spec),
        [s] if named(s, "EmailSendConfig") && get => notify::list_email_config(app, req, ctx, spec),
        [s] if named(s, "EmailSendConfig") && post => {
            notify::update_email_config(app, req, ctx, spec)
        }
        [s, id, st] if named(s, "BULK") && named(st, "State") && get => {
            bulk::result(app, req, ctx, spec, id)
        }
        _ => return None,
    })
}

/// `GET /{prefix}` without a document: the box URL (`?TG=`), the unit cost (`?cfg=UNITCOST`)
/// or one of the service's own `cfg` values.
fn root_get(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    own_cfg: &[(&str, Handler)],
) -> ApiResult<Reply> {
    let q = req.q()?;
    if q.get("TG").is_some() {
        return urls::box_url(app, req, ctx, spec);
    }
    let cfg = q.get("cfg").map(str::to_ascii_uppercase);
    if cfg.as_deref() == Some("UNITCOST") {
        return config::unit_cost(app, req, ctx, spec);
    }
    match own_cfg
        .iter()
        .find(|(name, _)| cfg.as_deref() == Some(*name))
    {
        Some((_, handler)) => handler(app, req, ctx),
        None => {
            let own: String = own_cfg.iter().map(|(name, _)| format!("|{name}")).collect();
            Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("GET /{} needs TG= or cfg=UNITCOST{own}", spec.prefix),
            ))
        }
    }
}

/// A text field longer than allowed.
pub(crate) fn too_long(code: i64, key: &str, max: usize) -> ApiError {
    ApiError::bad_request(
        code,
        format!("{key}: must be at most {max} characters (max_length)"),
    )
}

/// The `MgtKey` of an assignMgtKey body: form `MgtKey=...` as the SDKs send it, or JSON
/// `{"MgtKey": ...}`.
pub(crate) fn form_mgt_key(req: &Req, code: i64) -> ApiResult<String> {
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
    mgt.ok_or_else(|| ApiError::bad_request(code, "MgtKey: 할당할 문서번호가 입력되지 않았습니다."))
}

//! Route table: the first path segment picks the area. Linkhub and POPBiLL paths do not
//! overlap, so one port serves both hosts.
//!
//! | first segment | file |
//! |---|---|
//! | `Time`, `POPBILL`, `POPBILL_TEST` | [`linkhub`] |
//! | `Join`, `IDCheck`, `CorpInfo`, `IDs`, `Contact`, `Member`, `UseHistory`, `PaymentHistory`, `RefundHistory`, `Refund`, `RefundPoint`, `Payment`, `QuitRequest` | [`member`] |
//! | `Taxinvoice` | [`taxinvoice`] (lifecycle, info, files, config), with the shared [`document`] routes |
//! | `HomeTax` | [`hometax`] (HTTaxinvoice, HTCashbill, HomeTax credentials) |
//! | `Cashbill` | [`cashbill`], with the shared [`document`] routes |
//! | `__view` | [`view`] (pages behind the URL getters) |
//! | `__control` | [`control`] (outbox, faults, clock, points) |

pub(crate) mod cashbill;
pub(crate) mod control;
pub(crate) mod document;
pub(crate) mod hometax;
pub(crate) mod linkhub;
pub(crate) mod member;
pub(crate) mod taxinvoice;
pub(crate) mod view;

use crate::app::{App, Ctx};
use crate::auth;
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req};
use crate::state::docs::Caller;
use crate::state::{Env, State};

/// Runs `f` for an authenticated member: the bearer token must carry `scope` (`member`,
/// `110`, `140`) and name a member's CorpNum; `x-pb-userid` is optional (at most 50
/// characters). The one authentication wrapper of every member and service route.
pub(crate) fn with_caller(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    scope: &str,
    f: impl FnOnce(&mut State, &Env<'_>, &Caller<'_>) -> ApiResult<Reply>,
) -> ApiResult<Reply> {
    app.with(ctx, |st, env| {
        let (_, corp) = auth::member_token(st, env, req, scope)?;
        st.member(&corp)?;
        let user = req.user_id();
        if user.as_deref().is_some_and(|u| u.chars().count() > 50) {
            return Err(ApiError::bad_request(
                codes::FORM_INVALID,
                "x-pb-userid는 최대 50자입니다.",
            ));
        }
        let ip = req.peer.ip().to_string();
        let c = Caller {
            corp: &corp,
            user_id: user.as_deref(),
            ip: &ip,
        };
        f(st, env, &c)
    })
}

/// Dispatches one request.
pub(crate) fn dispatch(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let first = req.seg(0).unwrap_or("");
    let is = |s: &str| first.eq_ignore_ascii_case(s);
    if is("Time") || is("POPBILL") || is("POPBILL_TEST") {
        linkhub::route(app, req, ctx)
    } else if is("HomeTax") {
        hometax::route(app, req, ctx)
    } else if is("Taxinvoice") {
        taxinvoice::route(app, req, ctx)
    } else if is("Cashbill") {
        cashbill::route(app, req, ctx)
    } else if member::AREAS.iter().any(|a| is(a)) {
        member::route(app, req, ctx)
    } else if is("__view") {
        view::route(app, req, ctx)
    } else if is("__control") {
        control::route(app, req, ctx)
    } else {
        Err(unknown_route(req))
    }
}

/// 404 for a path the sandbox does not serve.
pub(crate) fn unknown_route(req: &Req) -> ApiError {
    ApiError::not_found(
        codes::UNKNOWN_ROUTE,
        format!(
            "알 수 없는 요청입니다. ({} /{} is not served by the sandbox)",
            req.verb,
            req.segments.join("/")
        ),
    )
}

/// 405 for a verb the path does not take.
pub(crate) fn bad_verb(req: &Req) -> ApiError {
    ApiError::new(
        http::StatusCode::METHOD_NOT_ALLOWED,
        codes::BAD_METHOD,
        format!(
            "지원하지 않는 요청 방식입니다. ({} on /{})",
            req.verb,
            req.segments.join("/")
        ),
    )
}

/// Creates a view page and returns its URL (valid for the configured view TTL unless
/// `expires` is false, as for getMailURL).
#[allow(clippy::too_many_arguments)]
pub(crate) fn view_url(
    app: &App,
    req: &Req,
    st: &mut crate::state::State,
    env: &crate::state::Env<'_>,
    corp: &str,
    kind: &str,
    item_keys: Vec<String>,
    expires: bool,
) -> String {
    let key = crate::state::token::new_token_text()[..32].to_owned();
    st.views.insert(
        key.clone(),
        crate::state::View {
            corp_num: corp.to_owned(),
            kind: kind.to_owned(),
            item_keys,
            expires_ms: expires.then(|| {
                env.now_ms
                    .saturating_add(crate::clock::millis(env.cfg.view_ttl))
            }),
        },
    );
    format!("{}/__view/{key}", req.base_url(&app.base_url))
}

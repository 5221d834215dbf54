//! The URL getters of a document service: per document (`?TG=POPUP|VIEW|PRINT|MAIL|PDF|...`),
//! document boxes (`GET /{Service}?TG=`, getURL) and mass print. Each URL opens a page under
//! `/__view/` (see [`crate::routes::view`]); it expires after the view TTL except MAIL links.
//! A view's kind reads `doc:{Service}:{TG}:{KeyType or -}` or `box:{Service}:{TG}`.

use serde_json::json;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req};
use crate::routes::document::ServiceSpec;
use crate::routes::document::info::key_list;
use crate::routes::{view_url, with_caller};
use crate::state::store::{Document, Side};

fn side_name(side: Side) -> &'static str {
    side.map(|k| k.as_str()).unwrap_or("-")
}

/// The URL of one document's page (`tg` upper-cased by the caller).
pub(crate) fn doc_url<D: Document>(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    side: Side,
    mgt: &str,
    tg: &str,
) -> ApiResult<Reply> {
    let (_, expires) = spec.doc_tgs.iter().find(|(t, _)| *t == tg).ok_or_else(|| {
        let all: Vec<&str> = spec.doc_tgs.iter().map(|(t, _)| *t).collect();
        ApiError::bad_request(
            codes::BAD_QUERY,
            format!("TG must be one of {}; got {tg:?}", all.join(", ")),
        )
    })?;
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        let ik = D::store(st).find_key(c.corp, side, mgt)?;
        let kind = format!("doc:{}:{tg}:{}", spec.prefix, side_name(side));
        let url = view_url(app, req, st, env, c.corp, &kind, vec![ik], *expires);
        Ok(Reply::json(&json!({ "url": url })))
    })
}

/// `GET /{Service}?TG=` (getURL): document boxes and the write page.
pub(crate) fn box_url(app: &App, req: &Req, ctx: &mut Ctx, spec: &ServiceSpec) -> ApiResult<Reply> {
    let tg = req.q()?.require("TG")?.to_ascii_uppercase();
    if !spec.boxes.contains(&tg.as_str()) {
        return Err(ApiError::bad_request(
            codes::BAD_QUERY,
            format!("TG must be one of {}; got {tg:?}", spec.boxes.join(", ")),
        ));
    }
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        let kind = format!("box:{}:{tg}", spec.prefix);
        let url = view_url(app, req, st, env, c.corp, &kind, vec![], true);
        Ok(Reply::json(&json!({ "url": url })))
    })
}

/// getMassPrintURL: one page printing every listed document the caller sees (≤ 100).
pub(crate) fn mass_print<D: Document>(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    side: Side,
    invalid: i64,
) -> ApiResult<Reply> {
    let keys = key_list(req, 100, invalid)?;
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        let store = D::store(st);
        let items: Vec<String> = keys
            .iter()
            .filter_map(|k| store.find_key(c.corp, side, k).ok())
            .collect();
        let kind = format!("doc:{}:MASSPRINT:{}", spec.prefix, side_name(side));
        let url = view_url(app, req, st, env, c.corp, &kind, items, true);
        Ok(Reply::json(&json!({ "url": url })))
    })
}

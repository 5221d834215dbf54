//! `/__control/...`: test controls over HTTP (no authentication; the sandbox is a local test
//! server). Not subject to fault injection.
//!
//! | route | effect |
//! |---|---|
//! | `GET /__control/health` | `{"ok": true}` |
//! | `GET /__control/outbox` | every recorded email/SMS/fax |
//! | `GET /__control/faults` | active fault rules with ids |
//! | `POST /__control/faults` | add a rule (JSON [`crate::FaultRule`]) → `{"id"}` |
//! | `POST /__control/faults/clear` | remove every rule |
//! | `POST /__control/faults/{id}` + `DELETE` | remove one rule |
//! | `GET /__control/clock` | `{"now", "offsetMillis"}` |
//! | `POST /__control/clock` | `{"advanceSecs": n}` or `{"setUnix": n}` |
//! | `POST /__control/points` | `{"corpNum", "points"}` sets a member's balance |
//! | `GET /__control/webhooks` | `{"configured", "events", "transmissions", "delivered", "duplicates", "failed", "pending", "failures"}` |
//! | `POST /__control/webhooks/hometax` | `{"corpNum", "kind"?: "taxinvoice"\|"cashbill", "date"?: "yyyyMMdd"}` pushes that day's HomeTax results now → `{"queued": n}` |

use std::time::Duration;

use serde_json::{Value, json};

use crate::app::{App, Ctx};
use crate::clock::{MAX_UNIX_MS, MIN_UNIX_MS};
use crate::error::{ApiError, ApiResult, codes};
use crate::faults::FaultRule;
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::routes::{bad_verb, unknown_route};
use crate::webhook::{self, HtPush};
use popbill_model::{Date8, format_utc};

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let what = req.seg(1).unwrap_or("").to_ascii_lowercase();
    let sub = req.seg(2);
    let get = req.is_get();
    match (what.as_str(), sub, req.verb.as_str()) {
        ("health", None, _) if get => Ok(Reply::json(&json!({ "ok": true }))),
        ("outbox", None, _) if get => app.with(ctx, |st, _| Ok(Reply::json(&st.outbox))),
        ("faults", None, _) if get => {
            let list: Vec<Value> = app
                .faults
                .list()
                .into_iter()
                .map(|(id, r)| json!({ "id": id, "rule": r }))
                .collect();
            Ok(Reply::json(&list))
        }
        ("faults", None, "POST") => {
            let v = body::body(req)?.unwrap_or(Value::Null);
            let rule: FaultRule = serde_json::from_value(v)
                .map_err(|e| ApiError::bad_request(codes::BAD_JSON, format!("fault rule: {e}")))?;
            rule.check()
                .map_err(|e| ApiError::bad_request(codes::BAD_JSON, e))?;
            let id = app.faults.add(rule);
            Ok(Reply::json(&json!({ "id": id })))
        }
        ("faults", Some(s), "POST") if s.eq_ignore_ascii_case("clear") => {
            app.faults.clear();
            Ok(Reply::ok("cleared"))
        }
        ("faults", Some(id), "DELETE") => {
            let id: u64 = id.parse().map_err(|_| {
                ApiError::bad_request(codes::BAD_QUERY, "fault id must be a number")
            })?;
            if app.faults.remove(id) {
                Ok(Reply::ok("removed"))
            } else {
                Err(ApiError::not_found(
                    codes::UNKNOWN_ROUTE,
                    "no such fault rule",
                ))
            }
        }
        ("clock", None, _) if get => Ok(Reply::json(&json!({
            "now": format_utc(app.clock.now_secs()),
            "offsetMillis": app.clock.offset_millis(),
        }))),
        ("clock", None, "POST") => {
            let m = body::object(req)?;
            if let Some(v) = body::get_ci(&m, "advanceSecs").and_then(Value::as_f64) {
                if !(0.0..=1e9).contains(&v) {
                    return Err(ApiError::bad_request(
                        codes::BAD_JSON,
                        "advanceSecs must be 0..1e9",
                    ));
                }
                app.clock
                    .advance(Duration::from_millis((v * 1000.0) as u64));
            } else if let Some(v) = body::get_ci(&m, "setUnix").and_then(Value::as_i64) {
                let range = MIN_UNIX_MS.div_euclid(1000)..=MAX_UNIX_MS.div_euclid(1000);
                if !range.contains(&v) {
                    return Err(ApiError::bad_request(
                        codes::BAD_JSON,
                        format!(
                            "setUnix must be {}..={} (years 1000-9999), got {v}",
                            range.start(),
                            range.end()
                        ),
                    ));
                }
                app.clock.set_unix(v);
            } else {
                return Err(ApiError::bad_request(
                    codes::BAD_JSON,
                    "expected {\"advanceSecs\": n} or {\"setUnix\": n}",
                ));
            }
            Ok(Reply::json(
                &json!({ "now": format_utc(app.clock.now_secs()) }),
            ))
        }
        ("points", None, "POST") => {
            let m = body::object(req)?;
            let corp = field(&m, "corpNum").ok_or_else(|| {
                ApiError::bad_request(codes::CORP_NUM_MISSING, "corpNum is required")
            })?;
            let points = body::get_ci(&m, "points")
                .and_then(Value::as_i64)
                .ok_or_else(|| {
                    ApiError::bad_request(codes::BAD_JSON, "points must be an integer")
                })?;
            app.with(ctx, |st, _| {
                st.member_mut(&corp)?.points = points;
                Ok(Reply::ok("points set"))
            })
        }
        ("webhooks", None, _) if get => {
            let mut v =
                serde_json::to_value(app.webhooks.get().map(|w| w.stats()).unwrap_or_default())
                    .unwrap_or(Value::Null);
            v["configured"] = Value::Bool(app.webhooks.get().is_some());
            Ok(Reply::json(&v))
        }
        ("webhooks", Some(s), "POST") if s.eq_ignore_ascii_case("hometax") => {
            hometax_push(app, req, ctx)
        }
        ("health" | "outbox" | "faults" | "clock" | "points" | "webhooks", _, _) => {
            Err(bad_verb(req))
        }
        _ => Err(unknown_route(req)),
    }
}

/// `POST /__control/webhooks/hometax`: the HomeTax push of one member and day, now.
fn hometax_push(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    if app.webhooks.get().is_none() {
        return Err(ApiError::bad_request(
            codes::BAD_QUERY,
            "no webhook URL configured (--webhook / SandboxBuilder::webhook)",
        ));
    }
    let m = body::object(req)?;
    let corp = field(&m, "corpNum")
        .ok_or_else(|| ApiError::bad_request(codes::CORP_NUM_MISSING, "corpNum is required"))?;
    if corp.len() != 10 || !corp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            codes::BAD_JSON,
            "corpNum must be 10 digits",
        ));
    }
    let kind = match field(&m, "kind")
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("taxinvoice") => HtPush::Taxinvoice,
        Some("cashbill") => HtPush::Cashbill,
        Some(_) => {
            return Err(ApiError::bad_request(
                codes::BAD_JSON,
                "kind must be taxinvoice or cashbill",
            ));
        }
    };
    let date = match field(&m, "date") {
        Some(d) => Date8::parse(&d)
            .map_err(|e| ApiError::bad_request(codes::BAD_JSON, format!("date: {e}")))?,
        None => app.clock.today_kst(),
    };
    let queued = webhook::push_hometax(app, ctx, &corp, kind, date);
    Ok(Reply::json(&json!({ "queued": queued })))
}

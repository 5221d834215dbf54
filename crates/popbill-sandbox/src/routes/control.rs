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

use std::time::Duration;

use serde_json::{Value, json};

use crate::app::{App, Ctx};
use crate::clock::{MAX_UNIX_MS, MIN_UNIX_MS};
use crate::error::{ApiError, ApiResult, codes};
use crate::faults::FaultRule;
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::routes::{bad_verb, unknown_route};
use popbill_model::format_utc;

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
        ("health" | "outbox" | "faults" | "clock" | "points", _, _) => Err(bad_verb(req)),
        _ => Err(unknown_route(req)),
    }
}

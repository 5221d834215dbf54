//! getUnitCost (`GET /{Service}?cfg=UNITCOST`) and getChargeInfo (`GET /{Service}/ChargeInfo`).

use serde_json::json;

use crate::app::{App, Ctx};
use crate::error::ApiResult;
use crate::http::{Reply, Req};
use crate::routes::document::ServiceSpec;
use crate::routes::with_caller;

/// `GET /{Service}?cfg=UNITCOST`.
pub(crate) fn unit_cost(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, spec.scope, |_, env, _| {
        Ok(Reply::json(
            &json!({ "unitCost": (spec.unit_cost)(env.cfg) }),
        ))
    })
}

/// `GET /{Service}/ChargeInfo`.
pub(crate) fn charge_info(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, spec.scope, |_, env, _| {
        Ok(Reply::json(&json!({
            "unitCost": (spec.unit_cost)(env.cfg).to_string(),
            "chargeMethod": "연동과금",
            "rateSystem": "종량제",
        })))
    })
}

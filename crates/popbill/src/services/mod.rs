//! POPBiLL services: the [`Service`] list (token scopes, URL prefixes) and the operations
//! shared by every service.
//!
//! - [`member`]: member, contact and point operations.
//! - [`hometax`]: HomeTax collection (HTTaxinvoice, HTCashbill) and HomeTax credentials.
//! - `charge_info` / `unit_cost` (crate-internal): `GET /{Service}/ChargeInfo` and
//!   `GET /{Service}?cfg=UNITCOST`, reused by the service handles.

pub mod cashbill;
pub(crate) mod document;
pub mod hometax;
pub mod member;
pub mod reconcile;
pub mod taxinvoice;

pub use crate::service::Service;

use popbill_model::{ChargeInfo, CorpNum, UnitCostResponse};
use popbill_transport::Method;

use crate::client::Popbill;
use crate::pipeline::{Call, OpBuilder};

/// `GET {prefix}/ChargeInfo` (add `.query(…)` for `Type=`, `receiveNumType=`, …, then
/// `.json::<ChargeInfo>()`). `name` is the operation name, e.g. `Taxinvoice.getChargeInfo`.
pub(crate) fn charge_info_op<'a>(
    client: &'a Popbill,
    service: Service,
    name: &'static str,
    corp: &CorpNum,
) -> OpBuilder<'a> {
    client
        .op(
            service,
            name,
            Method::Get,
            format!("{}/ChargeInfo", service.path_prefix()),
        )
        .corp(corp)
}

/// `GET {prefix}/ChargeInfo` decoded as [`ChargeInfo`].
pub(crate) fn charge_info(
    client: &Popbill,
    service: Service,
    name: &'static str,
    corp: &CorpNum,
) -> Call<ChargeInfo> {
    charge_info_op(client, service, name, corp).json()
}

/// `GET {prefix}?cfg=UNITCOST` decoded as the `unitCost` number (number or numeric string).
pub(crate) fn unit_cost(
    client: &Popbill,
    service: Service,
    name: &'static str,
    corp: &CorpNum,
) -> Call<f64> {
    client
        .op(service, name, Method::Get, service.path_prefix())
        .query("cfg", "UNITCOST")
        .corp(corp)
        .map_json(|r: UnitCostResponse| r.unit_cost)
}

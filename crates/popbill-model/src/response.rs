//! Small response objects shared by every service: the generic `Response`, URL results,
//! balances, unit costs and charge information.

use serde::{Deserialize, Serialize};

use crate::lenient;

/// The generic result `{"code": 1, "message": "..."}`; code 1 means success. Errors use the
/// same shape with a negative code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Response {
    /// Result code: 1 for success, a negative POPBiLL code for failure.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// Result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
}

impl Response {
    /// A response with the given code and message.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Response {
            code,
            message: message.into(),
        }
    }

    /// True when `code` is 1 (or any positive value, which POPBiLL uses for success flags).
    pub fn is_success(&self) -> bool {
        self.code > 0
    }
}

/// `{"url": "..."}`, the answer of every popup, print and view URL getter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct UrlResponse {
    /// The URL (valid for 30 seconds unless documented otherwise).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub url: String,
}

/// `{"remainPoint": n}`, the answer of `/Point` and `/PartnerPoint`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct BalanceResponse {
    /// Remaining points.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub remain_point: f64,
}

/// `{"refundableBalance": n}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct RefundableBalanceResponse {
    /// Points that can be refunded.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub refundable_balance: f64,
}

/// `{"unitCost": n}` of `?cfg=UNITCOST`; the server may send a number or a numeric string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct UnitCostResponse {
    /// Price of one document in points.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub unit_cost: f64,
}

/// Billing information of a service (`GET /{Service}/ChargeInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ChargeInfo {
    /// Per-document price (usage billing) or monthly fee (flat rate), as text.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub unit_cost: String,
    /// 과금유형 (charging method).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub charge_method: String,
    /// 과금제도 (rate system).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub rate_system: String,
}

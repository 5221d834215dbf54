//! `CashbillLog`: one entry of the legacy getLogs.

use serde::{Deserialize, Serialize};

use crate::codes::ProcType;
use crate::lenient;

/// One entry of a cash receipt's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct CashbillLog {
    /// `docLogType`: event type code (values not documented for cash receipts).
    #[serde(
        rename = "docLogType",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub doc_log_type: Option<i64>,
    /// `log`: log text.
    #[serde(
        rename = "log",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub log: Option<String>,
    /// `procType`: who acted: `연동` (API), `일반` (website), `시스템` (POPBiLL).
    #[serde(rename = "procType", skip_serializing_if = "Option::is_none")]
    pub proc_type: Option<ProcType>,
    /// `procMemo`: memo given with the change.
    #[serde(
        rename = "procMemo",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub proc_memo: Option<String>,
    /// `regDT`: time `yyyyMMddHHmmss`.
    #[serde(
        rename = "regDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub reg_dt: Option<String>,
    /// `ip`: IP address of the actor.
    #[serde(
        rename = "ip",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub ip: Option<String>,
}

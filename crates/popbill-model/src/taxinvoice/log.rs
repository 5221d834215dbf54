//! `TaxinvoiceLog`: one entry of getLogs.

use serde::{Deserialize, Serialize};

use crate::codes::{DocLogType, ProcType};
use crate::lenient;

/// One entry of an invoice's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceLog {
    /// `docLogType`: Event type.
    #[serde(rename = "docLogType", skip_serializing_if = "Option::is_none")]
    pub doc_log_type: Option<DocLogType>,
    /// `log`: Log text, ≤ 2000.
    #[serde(
        rename = "log",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub log: Option<String>,
    /// `procType`: Who acted: `연동` (API), `일반` (website), `시스템` (POPBiLL).
    #[serde(rename = "procType", skip_serializing_if = "Option::is_none")]
    pub proc_type: Option<ProcType>,
    /// `procCorpName`: Company that acted.
    #[serde(
        rename = "procCorpName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub proc_corp_name: Option<String>,
    /// `procContactName`: Person that acted.
    #[serde(
        rename = "procContactName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub proc_contact_name: Option<String>,
    /// `procMemo`: Memo given with the change.
    #[serde(
        rename = "procMemo",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub proc_memo: Option<String>,
    /// `regDT`: Time `yyyyMMddHHmmss`.
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

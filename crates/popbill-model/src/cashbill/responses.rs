//! Answers of cash receipt issuance.

use serde::{Deserialize, Serialize};

use crate::lenient;

/// Answer of registIssue, revokeRegistIssue and the legacy issue: `{code, message,
/// confirmNum, tradeDate, tradeDT}` (POPBiLL's `CBIssueResponse`).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
#[doc(alias = "CBIssueResponse")]
pub struct CashbillIssueResponse {
    /// `code`: 1 on success.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `confirmNum`: NTS approval number assigned at issuance (9 characters).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub confirm_num: Option<String>,
    /// `tradeDate`: trade date `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trade_date: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss` (the server sends it; some SDKs drop it).
    #[serde(rename = "tradeDT", deserialize_with = "lenient::opt_string")]
    pub trade_dt: Option<String>,
}

impl CashbillIssueResponse {
    /// True when `code` is 1.
    pub fn is_success(&self) -> bool {
        self.code == 1
    }
}

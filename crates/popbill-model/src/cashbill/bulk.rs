//! Bulk issuance of cash receipts: the bulkSubmit body and the getBulkResult answer. The
//! receipt of a submission is the shared [`crate::document::BulkResponse`].

use serde::{Deserialize, Serialize};

use super::Cashbill;
use crate::document::BulkResult;
use crate::lenient;

/// Body of bulkSubmit: `{"cashbills": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkCashbillSubmit {
    /// `cashbills`: the receipts, 1..=100, each with its own `mgtKey`.
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub cashbills: Vec<Cashbill>,
}

/// Answer of getBulkResult (`BulkCashbillResult`): the shared [`BulkResult`], one
/// [`BulkCashbillIssueResult`] per receipt.
pub type BulkCashbillResult = BulkResult<BulkCashbillIssueResult>;

/// Outcome of one receipt of a bulk submission.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkCashbillIssueResult {
    /// `mgtKey`: document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub mgt_key: Option<String>,
    /// `code`: 1 issued, a negative POPBiLL error code otherwise.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// `confirmNum`: NTS approval number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub confirm_num: Option<String>,
    /// `tradeDate`: trade date `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trade_date: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss` (sent by the server, undocumented).
    #[serde(rename = "tradeDT", deserialize_with = "lenient::opt_string")]
    pub trade_dt: Option<String>,
    /// `issueDT`: issuance time `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", deserialize_with = "lenient::opt_string")]
    pub issue_dt: Option<String>,
}

impl BulkCashbillSubmit {
    /// A submission of `cashbills`.
    pub fn new(cashbills: Vec<Cashbill>) -> Self {
        BulkCashbillSubmit { cashbills }
    }
}

impl BulkCashbillIssueResult {
    /// True when `code` is 1 (issued).
    pub fn is_success(&self) -> bool {
        self.code == Some(1)
    }
}

//! Bulk issuance of cash receipts: the bulkSubmit body and the getBulkResult answer. The
//! receipt of a submission is the shared [`crate::document::BulkResponse`].

use serde::{Deserialize, Serialize};

use super::Cashbill;
use crate::codes::BulkTxState;
use crate::lenient;

/// Body of bulkSubmit: `{"cashbills": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkCashbillSubmit {
    /// `cashbills`: the receipts, 1..=100, each with its own `mgtKey`.
    #[serde(rename = "cashbills", deserialize_with = "lenient::vec_or_default")]
    pub cashbills: Vec<Cashbill>,
}

/// Answer of getBulkResult (`BulkCashbillResult`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkCashbillResult {
    /// `code`: result code (1 for success).
    #[serde(
        rename = "code",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub code: Option<i64>,
    /// `message`: result message.
    #[serde(
        rename = "message",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub message: Option<String>,
    /// `submitID`: the SubmitID.
    #[serde(
        rename = "submitID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub submit_id: Option<String>,
    /// `submitCount`: receipts submitted.
    #[serde(
        rename = "submitCount",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub submit_count: Option<i64>,
    /// `successCount`: receipts issued.
    #[serde(
        rename = "successCount",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub success_count: Option<i64>,
    /// `failCount`: receipts that failed.
    #[serde(
        rename = "failCount",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub fail_count: Option<i64>,
    /// `txState`: 0 received, 1 processing, 2 completed.
    #[serde(rename = "txState", skip_serializing_if = "Option::is_none")]
    pub tx_state: Option<BulkTxState>,
    /// `txResultCode`: result code of the submission.
    #[serde(
        rename = "txResultCode",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub tx_result_code: Option<i64>,
    /// `receiptID`: receipt id.
    #[serde(
        rename = "receiptID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub receipt_id: Option<String>,
    /// `receiptDT`: receipt time `yyyyMMddHHmmss`.
    #[serde(
        rename = "receiptDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub receipt_dt: Option<String>,
    /// `txStartDT`: processing start `yyyyMMddHHmmss`.
    #[serde(
        rename = "txStartDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub tx_start_dt: Option<String>,
    /// `txEndDT`: processing end `yyyyMMddHHmmss`.
    #[serde(
        rename = "txEndDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub tx_end_dt: Option<String>,
    /// `issueResult`: one result per receipt, filled once `txState` is 2 (`null` reads as empty).
    #[serde(rename = "issueResult", deserialize_with = "lenient::vec_or_default")]
    pub issue_result: Vec<BulkCashbillIssueResult>,
}

/// Outcome of one receipt of a bulk submission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkCashbillIssueResult {
    /// `mgtKey`: document number.
    #[serde(
        rename = "mgtKey",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub mgt_key: Option<String>,
    /// `code`: 1 issued, a negative POPBiLL error code otherwise.
    #[serde(
        rename = "code",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub code: Option<i64>,
    /// `message`: result message.
    #[serde(
        rename = "message",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub message: Option<String>,
    /// `confirmNum`: NTS approval number.
    #[serde(
        rename = "confirmNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub confirm_num: Option<String>,
    /// `tradeDate`: trade date `yyyyMMdd`.
    #[serde(
        rename = "tradeDate",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trade_date: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss` (sent by the server, undocumented).
    #[serde(
        rename = "tradeDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trade_dt: Option<String>,
    /// `issueDT`: issuance time `yyyyMMddHHmmss`.
    #[serde(
        rename = "issueDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub issue_dt: Option<String>,
}

impl BulkCashbillSubmit {
    /// A submission of `cashbills`.
    pub fn new(cashbills: Vec<Cashbill>) -> Self {
        BulkCashbillSubmit { cashbills }
    }
}

impl BulkCashbillResult {
    /// True once processing is complete (`txState` 2).
    pub fn is_completed(&self) -> bool {
        self.tx_state
            .as_ref()
            .is_some_and(BulkTxState::is_completed)
    }
}

impl BulkCashbillIssueResult {
    /// True when `code` is 1 (issued).
    pub fn is_success(&self) -> bool {
        self.code == Some(1)
    }
}

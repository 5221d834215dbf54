//! Bulk issuance: the bulkSubmit body, its receipt and the getBulkResult
//! answer.

use serde::{Deserialize, Serialize};

use super::Taxinvoice;
use crate::document::BulkResult;
use crate::lenient;

/// Body of bulkSubmit: `{"forceIssue": bool, "invoices": [...]}` (1..100 invoices, each with a
/// unique document number). `forceIssue` is always written (default `false`), as Python and
/// Java do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkTaxinvoiceSubmit {
    /// `forceIssue`: allow late issuance for every invoice of the submission.
    #[serde(deserialize_with = "lenient::bool_or_default")]
    pub force_issue: bool,
    /// `invoices`: the invoices.
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub invoices: Vec<Taxinvoice>,
}

impl BulkTaxinvoiceSubmit {
    /// A submission of `invoices`, `forceIssue` false.
    pub fn new(invoices: Vec<Taxinvoice>) -> Self {
        BulkTaxinvoiceSubmit {
            force_issue: false,
            invoices,
        }
    }

    /// Sets `forceIssue`.
    pub fn set_force_issue(mut self, yes: bool) -> Self {
        self.force_issue = yes;
        self
    }
}

/// Answer of getBulkResult: the shared [`BulkResult`], one [`BulkTaxinvoiceIssueResult`] per
/// invoice.
pub type BulkTaxinvoiceResult = BulkResult<BulkTaxinvoiceIssueResult>;

/// Outcome of one invoice of a bulk submission.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkTaxinvoiceIssueResult {
    /// `invoicerMgtKey`: Seller document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_mgt_key: Option<String>,
    /// `trusteeMgtKey`: Trustee document number (위수탁).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_mgt_key: Option<String>,
    /// `code`: Issuance result: 1 issued, a negative POPBiLL code otherwise (inferred).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    /// `message`: Result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// `ntsconfirmNum`: NTS confirm number (lowercase `c`).
    #[serde(rename = "ntsconfirmNum", deserialize_with = "lenient::opt_string")]
    pub nts_confirm_num: Option<String>,
    /// `issueDT`: Issuance time `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", deserialize_with = "lenient::opt_string")]
    pub issue_dt: Option<String>,
}

impl BulkTaxinvoiceIssueResult {
    /// True when `code` is 1 (issued).
    pub fn is_success(&self) -> bool {
        self.code == Some(1)
    }

    /// The POPBiLL code of a failed invoice (`None` when issued or when no code came).
    pub fn error_code(&self) -> Option<crate::ErrorCode> {
        self.code.filter(|c| *c != 1).map(crate::ErrorCode)
    }
}

//! Request bodies of the Taxinvoice service other than the bare invoice:
//! the registIssue wrapper with its extra top-level keys, and the small bodies of the
//! state-changing verbs and notifications.

use serde::{Deserialize, Serialize};

use super::Taxinvoice;
use crate::codes::StatementItemCode;
use crate::lenient;

/// Body of register / registIssue / registRequest / update: the invoice's own keys followed
/// by the request-only top-level keys (`writeSpecification`, `forceIssue`,
/// `dealInvoiceMgtKey`, `memo`, `emailSubject`). These extras are not fields of
/// [`Taxinvoice`]; `None` extras are omitted.
///
/// ```
/// use popbill_model::taxinvoice::{RegistIssueRequest, Taxinvoice};
/// let body = RegistIssueRequest::new(Taxinvoice::default().set_invoicer_mgt_key("K1"))
///     .set_force_issue(false)
///     .set_memo("즉시발행");
/// let text = serde_json::to_string(&body).unwrap();
/// assert_eq!(text, r#"{"invoicerMgtKey":"K1","forceIssue":false,"memo":"즉시발행"}"#);
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct RegistIssueRequest {
    /// The invoice; its keys come first in the body.
    #[serde(flatten)]
    pub invoice: Taxinvoice,
    /// `writeSpecification`: also create a 거래명세서 (transaction statement).
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub write_specification: Option<bool>,
    /// `forceIssue`: allow late (지연) issuance; a penalty tax may apply.
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub force_issue: Option<bool>,
    /// `dealInvoiceMgtKey`: document number of the statement, ≤ 24; defaults to the invoice's.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub deal_invoice_mgt_key: Option<String>,
    /// `memo`: state-history memo, ≤ 200, not shown to the customer.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memo: Option<String>,
    /// `emailSubject`: subject of the issuance mail, ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email_subject: Option<String>,
}

impl RegistIssueRequest {
    /// A body for `invoice` with no extras.
    pub fn new(invoice: Taxinvoice) -> Self {
        RegistIssueRequest {
            invoice,
            ..Default::default()
        }
    }

    /// Sets `writeSpecification`.
    pub fn set_write_specification(mut self, yes: bool) -> Self {
        self.write_specification = Some(yes);
        self
    }

    /// Sets `forceIssue`.
    pub fn set_force_issue(mut self, yes: bool) -> Self {
        self.force_issue = Some(yes);
        self
    }

    /// Sets `dealInvoiceMgtKey`.
    pub fn set_deal_invoice_mgt_key(mut self, key: impl Into<String>) -> Self {
        self.deal_invoice_mgt_key = Some(key.into());
        self
    }

    /// Sets `memo`.
    pub fn set_memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = Some(memo.into());
        self
    }

    /// Sets `emailSubject`.
    pub fn set_email_subject(mut self, subject: impl Into<String>) -> Self {
        self.email_subject = Some(subject.into());
        self
    }
}

/// Body of `issue` (ISSUE on an existing document): `{"forceIssue", "memo"?, "emailSubject"?}`.
/// `forceIssue` is always written, as the official SDKs do.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct IssueBody {
    /// `forceIssue`: allow late issuance.
    #[serde(deserialize_with = "lenient::bool_or_default")]
    pub force_issue: bool,
    /// `memo`: state-history memo, ≤ 200.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memo: Option<String>,
    /// `emailSubject`: subject of the issuance mail, ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email_subject: Option<String>,
}

impl IssueBody {
    /// A body with `forceIssue` and no memo or subject.
    pub fn new(force_issue: bool) -> Self {
        IssueBody {
            force_issue,
            ..Default::default()
        }
    }

    /// Sets `memo`.
    pub fn set_memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = Some(memo.into());
        self
    }

    /// Sets `emailSubject`.
    pub fn set_email_subject(mut self, subject: impl Into<String>) -> Self {
        self.email_subject = Some(subject.into());
        self
    }
}

/// Body of attachStatement / detachStatement: `{"ItemCode": 121, "MgtKey": "..."}` (capitalised
/// keys). `ItemCode` is written as a number; a string (Java) is read too.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct StatementBody {
    /// `ItemCode`: kind of statement.
    #[serde(rename = "ItemCode")]
    pub item_code: Option<StatementItemCode>,
    /// `MgtKey`: the statement's document number.
    #[serde(rename = "MgtKey", deserialize_with = "lenient::opt_string")]
    pub mgt_key: Option<String>,
}

impl StatementBody {
    /// A body for statement `mgt_key` of kind `item_code`.
    pub fn new(item_code: StatementItemCode, mgt_key: impl Into<String>) -> Self {
        StatementBody {
            item_code: Some(item_code),
            mgt_key: Some(mgt_key.into()),
        }
    }
}

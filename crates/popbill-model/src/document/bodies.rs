//! Request bodies shared by every document service (Taxinvoice, Cashbill): the memo body of
//! the state-changing verbs, and the e-mail, SMS and fax resend bodies.

use serde::{Deserialize, Serialize};

use super::checks::memo_and_subject;
use crate::{Validate, ValidationContext, ValidationErrors, Validator, lenient};

/// Body of the memo-only verbs: `{"memo"?, "emailSubject"?}`. Taxinvoice uses it for
/// cancelIssue, request, cancelRequest, refuse, cancelSend, accept, deny and the legacy `send`
/// (which adds `emailSubject`); Cashbill for the legacy issue and cancelIssue.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct MemoBody {
    /// `memo`: state-history memo, ≤ 200.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memo: Option<String>,
    /// `emailSubject`: mail subject (legacy `send` only), ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email_subject: Option<String>,
}

impl MemoBody {
    /// A body carrying `memo`.
    pub fn memo(memo: impl Into<String>) -> Self {
        MemoBody {
            memo: Some(memo.into()),
            email_subject: None,
        }
    }

    /// Sets `emailSubject`.
    pub fn set_email_subject(mut self, subject: impl Into<String>) -> Self {
        self.email_subject = Some(subject.into());
        self
    }

    /// True when neither key is set (the Python SDK then sends an empty body).
    pub fn is_empty(&self) -> bool {
        self.memo.is_none() && self.email_subject.is_none()
    }
}

/// Body of sendEmail: `{"receiver": "<email>"}`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct EmailBody {
    /// `receiver`: the recipient address.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub receiver: Option<String>,
}

impl EmailBody {
    /// A body for `receiver`.
    pub fn new(receiver: impl Into<String>) -> Self {
        EmailBody {
            receiver: Some(receiver.into()),
        }
    }
}

/// Body of sendSMS: `{"sender", "receiver", "contents"}`. Contents over 90 bytes (Korean
/// characters count 2) are truncated by the server.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct SmsBody {
    /// `sender`: sending number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub sender: Option<String>,
    /// `receiver`: receiving number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub receiver: Option<String>,
    /// `contents`: message text, ≤ 90 bytes.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub contents: Option<String>,
}

impl SmsBody {
    /// A body with all three keys.
    pub fn new(
        sender: impl Into<String>,
        receiver: impl Into<String>,
        contents: impl Into<String>,
    ) -> Self {
        SmsBody {
            sender: Some(sender.into()),
            receiver: Some(receiver.into()),
            contents: Some(contents.into()),
        }
    }
}

/// Body of sendFAX: `{"sender", "receiver"}`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct FaxBody {
    /// `sender`: sending fax number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub sender: Option<String>,
    /// `receiver`: receiving fax number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub receiver: Option<String>,
}

impl FaxBody {
    /// A body with both keys.
    pub fn new(sender: impl Into<String>, receiver: impl Into<String>) -> Self {
        FaxBody {
            sender: Some(sender.into()),
            receiver: Some(receiver.into()),
        }
    }
}

impl Validate for MemoBody {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        memo_and_subject(&mut v, self.memo.as_deref(), self.email_subject.as_deref());
        v.finish()
    }
}

impl Validate for EmailBody {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("receiver", self.receiver.as_deref());
        v.finish()
    }
}

impl Validate for SmsBody {
    /// Sender, receiver and contents are required. Contents over [`SMS_MAX_BYTES`](super::SMS_MAX_BYTES) are not a
    /// violation (the server truncates); check [`sms_contents_bytes`](super::sms_contents_bytes) to warn.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("sender", self.sender.as_deref());
        v.required("receiver", self.receiver.as_deref());
        v.required("contents", self.contents.as_deref());
        v.finish()
    }
}

impl Validate for FaxBody {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("sender", self.sender.as_deref());
        v.required("receiver", self.receiver.as_deref());
        v.finish()
    }
}

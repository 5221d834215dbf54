//! Small answers shared by every document service: the e-mail configuration entries and the
//! receipt of a bulk submission.

use serde::{Deserialize, Serialize};

use crate::codes::EmailType;
use crate::lenient;

/// One entry of listEmailConfig: whether an e-mail type is sent.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct EmailSendConfig {
    /// `emailType`: the e-mail type ([`EmailType`]).
    pub email_type: Option<EmailType>,
    /// `sendYN`: Whether it is sent.
    #[serde(rename = "sendYN", deserialize_with = "lenient::opt_bool")]
    pub send_yn: Option<bool>,
}

/// Answer of bulkSubmit: `{code, message, receiptID}`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkResponse {
    /// `code`: Result code (1 for success).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    /// `message`: Result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// `receiptID`: Receipt id of the submission.
    #[serde(rename = "receiptID", deserialize_with = "lenient::opt_string")]
    pub receipt_id: Option<String>,
}

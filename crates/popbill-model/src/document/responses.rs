//! Small answers shared by every document service: the e-mail configuration entries and the
//! receipt of a bulk submission.

use serde::{Deserialize, Serialize};

use crate::codes::EmailType;
use crate::lenient;

/// One entry of listEmailConfig: whether an e-mail type is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct EmailSendConfig {
    /// `emailType`: the e-mail type ([`EmailType`]).
    #[serde(rename = "emailType", skip_serializing_if = "Option::is_none")]
    pub email_type: Option<EmailType>,
    /// `sendYN`: Whether it is sent.
    #[serde(
        rename = "sendYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub send_yn: Option<bool>,
}

/// Answer of bulkSubmit: `{code, message, receiptID}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct BulkResponse {
    /// `code`: Result code (1 for success).
    #[serde(
        rename = "code",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub code: Option<i64>,
    /// `message`: Result message.
    #[serde(
        rename = "message",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub message: Option<String>,
    /// `receiptID`: Receipt id of the submission.
    #[serde(
        rename = "receiptID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub receipt_id: Option<String>,
}

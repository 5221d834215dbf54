//! Everything the sandbox "sent": issuance mails, sendEmail/sendSMS/sendFAX. Tests read it
//! through [`crate::SandboxHandle::outbox`] or `GET /__control/outbox`.

use serde::{Deserialize, Serialize};

/// Channel of an outbox message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxKind {
    /// An email.
    Email,
    /// A text message.
    Sms,
    /// A fax.
    Fax,
}

/// One recorded message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutboxMessage {
    /// Sequence number, from 1.
    pub seq: u64,
    /// Channel.
    pub kind: OutboxKind,
    /// Why it was sent: an email type such as `TAX_ISSUE`, or `sendEmail`, `sendSMS`, `sendFAX`.
    pub reason: String,
    /// Member (CorpNum) on whose behalf it was sent.
    pub corp_num: String,
    /// POPBiLL ItemKey of the document, if any.
    pub item_key: Option<String>,
    /// MgtKey used by the caller, if any.
    pub mgt_key: Option<String>,
    /// Sender number/address, if given.
    pub sender: Option<String>,
    /// Recipient address or number.
    pub receiver: String,
    /// Subject (email) if any.
    pub subject: Option<String>,
    /// Text (SMS contents) if any.
    pub contents: Option<String>,
    /// When, `yyyyMMddHHmmss` Korean time.
    pub sent_at: String,
}

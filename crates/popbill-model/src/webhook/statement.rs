//! `STATEMENT.STATE`: e-Statement (전자명세서) state events.
//!
//! Only part of the body table is published; the documented keys are typed, every other key
//! is kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::code_enum;
use crate::lenient::{opt_i64, opt_string};

code_enum! {
    /// `Pb-Webhook-EventType` of a `STATEMENT.STATE` webhook.
    pub enum StatementEventType: str {
        /// The statement was issued.
        Issue = "Issue",
        /// The issuance was cancelled.
        Cancel = "Cancel",
        /// The receiver opened the statement from the notification mail.
        Open = "OPEN",
    }
}

/// Body of a `STATEMENT.STATE` webhook.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementStateEvent {
    /// `eventType`: the event type repeated in the body.
    #[serde(default, deserialize_with = "super::opt_str_code")]
    pub event_type: Option<StatementEventType>,
    /// `eventDT`: event time `yyyyMMddHHmmss`.
    #[serde(rename = "eventDT", default, deserialize_with = "opt_string")]
    pub event_dt: Option<String>,
    /// `corpNum`: seller business registration number.
    #[serde(default, deserialize_with = "opt_string")]
    pub corp_num: Option<String>,
    /// `itemKey`: POPBiLL's id of the document.
    #[serde(default, deserialize_with = "opt_string")]
    pub item_key: Option<String>,
    /// `invoiceNum`: confirmation number.
    #[serde(default, deserialize_with = "opt_string")]
    pub invoice_num: Option<String>,
    /// `stateCode`: 300 issued, 600 cancelled. Sent as a string in this family; numbers are
    /// accepted too.
    #[serde(default, deserialize_with = "opt_i64")]
    pub state_code: Option<i64>,
    /// `stateDT`: state change time.
    #[serde(rename = "stateDT", default, deserialize_with = "opt_string")]
    pub state_dt: Option<String>,
    /// `issueDT`: issue time.
    #[serde(rename = "issueDT", default, deserialize_with = "opt_string")]
    pub issue_dt: Option<String>,
    /// `mgtKey`: the partner's document id.
    #[serde(default, deserialize_with = "opt_string")]
    pub mgt_key: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

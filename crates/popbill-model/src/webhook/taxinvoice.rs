//! `TAXINVOICE.STATE`: e-Tax invoice state events.
//!
//! Only part of the body table is published; the documented keys are typed, every other key
//! is kept in `extra`. Keys marked "likely" follow the pattern of the other families and are
//! optional.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::code_enum;
use crate::codes::StateCode;
use crate::lenient::{opt_i64, opt_string};

code_enum! {
    /// `Pb-Webhook-EventType` of a `TAXINVOICE.STATE` webhook.
    pub enum TaxinvoiceEventType: str {
        /// The seller signed and issued the invoice.
        Issue = "Issue",
        /// The issuer cancelled an issued invoice.
        CancelIssue = "CancelIssue",
        /// The buyer's business-status (휴폐업) check completed.
        CloseDown = "CLOSEDOWN",
        /// The NTS state changed: 301 before filing, 304 filed, 305 filing failed.
        Nts = "NTS",
        /// The buyer opened the invoice from the notification mail.
        Open = "OPEN",
    }
}

/// Body of a `TAXINVOICE.STATE` webhook.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaxinvoiceStateEvent {
    /// `eventType`: the event type repeated in the body (likely).
    #[serde(default, deserialize_with = "super::opt_str_code")]
    pub event_type: Option<TaxinvoiceEventType>,
    /// `eventDT`: event time `yyyyMMddHHmmss` (likely).
    #[serde(rename = "eventDT", default, deserialize_with = "opt_string")]
    pub event_dt: Option<String>,
    /// `corpNum`: seller business registration number.
    #[serde(default, deserialize_with = "opt_string")]
    pub corp_num: Option<String>,
    /// `itemKey`: POPBiLL's id of the document.
    #[serde(default, deserialize_with = "opt_string")]
    pub item_key: Option<String>,
    /// `mgtKey`: the partner's document id (likely).
    #[serde(default, deserialize_with = "opt_string")]
    pub mgt_key: Option<String>,
    /// `ntsConfirmNum`: NTS confirmation number (capital `C` in this family).
    #[serde(default, deserialize_with = "opt_string")]
    pub nts_confirm_num: Option<String>,
    /// `ntssendDT`: NTS filing time.
    #[serde(rename = "ntssendDT", default, deserialize_with = "opt_string")]
    pub nts_send_dt: Option<String>,
    /// `ntsresultDT`: NTS result time.
    #[serde(rename = "ntsresultDT", default, deserialize_with = "opt_string")]
    pub nts_result_dt: Option<String>,
    /// `ntssendErrCode`: NTS error code (`SUC001` success, `SYN002`, `ERR001`, …).
    #[serde(rename = "ntssendErrCode", default, deserialize_with = "opt_string")]
    pub nts_send_err_code: Option<String>,
    /// `stateCode` (likely): 300 issued, 301, 304, 305, 600 …; a number or a numeric string.
    #[serde(default, deserialize_with = "opt_i64")]
    pub state_code: Option<i64>,
    /// `stateDT`: state change time (likely).
    #[serde(rename = "stateDT", default, deserialize_with = "opt_string")]
    pub state_dt: Option<String>,
    /// `issueDT`: issue time (likely).
    #[serde(rename = "issueDT", default, deserialize_with = "opt_string")]
    pub issue_dt: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TaxinvoiceStateEvent {
    /// `stateCode` as the invoice state table (unknown codes kept).
    pub fn state(&self) -> Option<StateCode> {
        self.state_code.map(StateCode::from)
    }
}

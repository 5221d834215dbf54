//! `CASHBILL.STATE`: cash receipt state events.
//!
//! Only part of the body table is published; the documented keys are typed, every other key
//! is kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::code_enum;
use crate::lenient::{opt_i64, opt_string};

code_enum! {
    /// `Pb-Webhook-EventType` of a `CASHBILL.STATE` webhook.
    pub enum CashbillEventType: str {
        /// The seller issued the receipt.
        Issue = "Issue",
        /// The NTS state changed: 304 filed, 305 filing failed.
        Nts = "NTS",
        /// Per-document result of a bulk submission.
        BulkResult = "BULKRESULT",
    }
}

/// Body of a `CASHBILL.STATE` webhook.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CashbillStateEvent {
    /// `eventType`: the event type repeated in the body (likely).
    #[serde(default, deserialize_with = "super::opt_str_code")]
    pub event_type: Option<CashbillEventType>,
    /// `eventDT`: event time `yyyyMMddHHmmss` (likely).
    #[serde(rename = "eventDT", default, deserialize_with = "opt_string")]
    pub event_dt: Option<String>,
    /// `corpNum`: member business registration number (for bulk: the one used at submission).
    #[serde(default, deserialize_with = "opt_string")]
    pub corp_num: Option<String>,
    /// `franchiseCorpNum`: the issuing merchant's (가맹점) registration number.
    #[serde(default, deserialize_with = "opt_string")]
    pub franchise_corp_num: Option<String>,
    /// `itemKey`: POPBiLL's id of the document.
    #[serde(default, deserialize_with = "opt_string")]
    pub item_key: Option<String>,
    /// `mgtKey`: the partner's document id (likely).
    #[serde(default, deserialize_with = "opt_string")]
    pub mgt_key: Option<String>,
    /// `tradeDate`: `yyyyMMdd`.
    #[serde(default, deserialize_with = "opt_string")]
    pub trade_date: Option<String>,
    /// `confirmNum`: NTS approval number.
    #[serde(default, deserialize_with = "opt_string")]
    pub confirm_num: Option<String>,
    /// `ntssendDT`: NTS filing time.
    #[serde(rename = "ntssendDT", default, deserialize_with = "opt_string")]
    pub nts_send_dt: Option<String>,
    /// `ntsresultDT`: NTS result time.
    #[serde(rename = "ntsresultDT", default, deserialize_with = "opt_string")]
    pub nts_result_dt: Option<String>,
    /// `ntsresultCode`: `0000` or an NTS error code.
    #[serde(rename = "ntsresultCode", default, deserialize_with = "opt_string")]
    pub nts_result_code: Option<String>,
    /// `stateCode`: 300 issued, 304 filed, 305 filing failed (a number in this family).
    #[serde(default, deserialize_with = "opt_i64")]
    pub state_code: Option<i64>,
    /// `stateDT`: state change time.
    #[serde(rename = "stateDT", default, deserialize_with = "opt_string")]
    pub state_dt: Option<String>,
    /// `issueDT`: issue time.
    #[serde(rename = "issueDT", default, deserialize_with = "opt_string")]
    pub issue_dt: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

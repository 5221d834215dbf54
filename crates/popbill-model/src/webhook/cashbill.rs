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
pub struct CashbillStateEvent {
    /// `eventType`: the event type repeated in the body (likely).
    #[serde(
        rename = "eventType",
        default,
        deserialize_with = "super::opt_str_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_type: Option<CashbillEventType>,
    /// `eventDT`: event time `yyyyMMddHHmmss` (likely).
    #[serde(
        rename = "eventDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_dt: Option<String>,
    /// `corpNum`: member business registration number (for bulk: the one used at submission).
    #[serde(
        rename = "corpNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub corp_num: Option<String>,
    /// `franchiseCorpNum`: the issuing merchant's (가맹점) registration number.
    #[serde(
        rename = "franchiseCorpNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub franchise_corp_num: Option<String>,
    /// `itemKey`: POPBiLL's id of the document.
    #[serde(
        rename = "itemKey",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_key: Option<String>,
    /// `mgtKey`: the partner's document id (likely).
    #[serde(
        rename = "mgtKey",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mgt_key: Option<String>,
    /// `tradeDate`: `yyyyMMdd`.
    #[serde(
        rename = "tradeDate",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trade_date: Option<String>,
    /// `confirmNum`: NTS approval number.
    #[serde(
        rename = "confirmNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirm_num: Option<String>,
    /// `ntssendDT`: NTS filing time.
    #[serde(
        rename = "ntssendDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub nts_send_dt: Option<String>,
    /// `ntsresultDT`: NTS result time.
    #[serde(
        rename = "ntsresultDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub nts_result_dt: Option<String>,
    /// `ntsresultCode`: `0000` or an NTS error code.
    #[serde(
        rename = "ntsresultCode",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub nts_result_code: Option<String>,
    /// `stateCode`: 300 issued, 304 filed, 305 filing failed (a number in this family).
    #[serde(
        rename = "stateCode",
        default,
        deserialize_with = "opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_code: Option<i64>,
    /// `stateDT`: state change time.
    #[serde(
        rename = "stateDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_dt: Option<String>,
    /// `issueDT`: issue time.
    #[serde(
        rename = "issueDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub issue_dt: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

//! Answers whose shape every document service shares, generic over what they list: one page
//! of a search ([`SearchResult`]), the state of a bulk submission ([`BulkResult`]) and one
//! entry of a document's history ([`DocumentLog`]). Each service names its instance
//! (`TISearchResult`, `CashbillSearchResult`, `BulkTaxinvoiceResult`, ...).

use serde::{Deserialize, Serialize};

use crate::codes::{BulkTxState, ProcType};
use crate::lenient;

/// One page of search results, listing `Item`s. The counters are read from numbers or numeric
/// strings (the SDKs disagree on their JSON type) and written back as numbers.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(bound = "Item: schemars::JsonSchema + Default")
)]
#[serde(default, bound(deserialize = "Item: Deserialize<'de> + Default"))]
#[non_exhaustive]
pub struct SearchResult<Item> {
    /// `code`: result code (1 for success).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// `total`: total number of hits.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total: Option<i64>,
    /// `perPage`: page size.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub per_page: Option<i64>,
    /// `pageNum`: page number (from 1).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub page_num: Option<i64>,
    /// `pageCount`: number of pages.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub page_count: Option<i64>,
    /// `list`: the documents of this page (`null` reads as empty).
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub list: Vec<Item>,
}

impl<Item> SearchResult<Item> {
    /// True when a later page exists (`pageNum < pageCount`).
    pub fn has_next_page(&self) -> bool {
        matches!((self.page_num, self.page_count), (Some(n), Some(c)) if n < c)
    }
}

/// Answer of getBulkResult: the state of a bulk submission and, once `txState` is 2, one
/// `Item` per submitted document.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(bound = "Item: schemars::JsonSchema + Default")
)]
#[serde(default, bound(deserialize = "Item: Deserialize<'de> + Default"))]
#[non_exhaustive]
pub struct BulkResult<Item> {
    /// `code`: result code (1 for success).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// `submitID`: the SubmitID (≤ 36).
    #[serde(rename = "submitID", deserialize_with = "lenient::opt_string")]
    pub submit_id: Option<String>,
    /// `submitCount`: documents submitted.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub submit_count: Option<i64>,
    /// `successCount`: documents issued.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub success_count: Option<i64>,
    /// `failCount`: documents that failed.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub fail_count: Option<i64>,
    /// `txState`: 0 received, 1 processing, 2 completed.
    pub tx_state: Option<BulkTxState>,
    /// `txResultCode`: result code of the submission.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub tx_result_code: Option<i64>,
    /// `txStartDT`: processing start `yyyyMMddHHmmss`.
    #[serde(rename = "txStartDT", deserialize_with = "lenient::opt_string")]
    pub tx_start_dt: Option<String>,
    /// `txEndDT`: processing end `yyyyMMddHHmmss`.
    #[serde(rename = "txEndDT", deserialize_with = "lenient::opt_string")]
    pub tx_end_dt: Option<String>,
    /// `receiptDT`: receipt time `yyyyMMddHHmmss`.
    #[serde(rename = "receiptDT", deserialize_with = "lenient::opt_string")]
    pub receipt_dt: Option<String>,
    /// `receiptID`: receipt id.
    #[serde(rename = "receiptID", deserialize_with = "lenient::opt_string")]
    pub receipt_id: Option<String>,
    /// `issueResult`: one result per document (`null` reads as empty).
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub issue_result: Vec<Item>,
}

impl<Item> BulkResult<Item> {
    /// True once processing is complete (`txState` 2).
    pub fn is_completed(&self) -> bool {
        self.tx_state
            .as_ref()
            .is_some_and(BulkTxState::is_completed)
    }
}

/// One entry of a document's history (getLogs), its event type a `Kind`: Taxinvoice names
/// its events ([`crate::codes::DocLogType`]), Cashbill sends an undocumented number.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default, bound(deserialize = "Kind: serde::de::DeserializeOwned"))]
#[non_exhaustive]
pub struct DocumentLog<Kind> {
    /// `docLogType`: event type (a number, or a numeric string).
    #[serde(deserialize_with = "lenient::opt_int_kind")]
    pub doc_log_type: Option<Kind>,
    /// `log`: log text, ≤ 2000.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub log: Option<String>,
    /// `procType`: who acted: `연동` (API), `일반` (website), `시스템` (POPBiLL).
    pub proc_type: Option<ProcType>,
    /// `procCorpName`: company that acted (Taxinvoice logs).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub proc_corp_name: Option<String>,
    /// `procContactName`: person that acted (Taxinvoice logs).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub proc_contact_name: Option<String>,
    /// `procMemo`: memo given with the change.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub proc_memo: Option<String>,
    /// `regDT`: time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `ip`: IP address of the actor.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ip: Option<String>,
}

impl<Kind> Default for DocumentLog<Kind> {
    fn default() -> Self {
        DocumentLog {
            doc_log_type: None,
            log: None,
            proc_type: None,
            proc_corp_name: None,
            proc_contact_name: None,
            proc_memo: None,
            reg_dt: None,
            ip: None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::codes::DocLogType;

    #[test]
    fn log_types_read_from_numbers_and_numeric_strings() {
        let cb: DocumentLog<i64> =
            serde_json::from_str(r#"{"docLogType":"3","log":"발행","ip":"127.0.0.1"}"#).unwrap();
        assert_eq!(cb.doc_log_type, Some(3));
        assert_eq!(cb.proc_corp_name, None);
        let ti: DocumentLog<DocLogType> =
            serde_json::from_str(r#"{"docLogType":"100","procCorpName":"공급자"}"#).unwrap();
        assert_eq!(ti.doc_log_type, Some(DocLogType::Saved));
        let junk: DocumentLog<i64> = serde_json::from_str(r#"{"docLogType":"x"}"#).unwrap();
        assert_eq!(junk.doc_log_type, None);
    }

    #[test]
    fn absent_fields_are_not_written() {
        let cb: DocumentLog<i64> = serde_json::from_str(r#"{"docLogType":1,"ip":"::1"}"#).unwrap();
        let text = serde_json::to_string(&cb).unwrap();
        assert_eq!(text, r#"{"docLogType":1,"ip":"::1"}"#);
    }

    #[test]
    fn pages_and_bulk_results_read_leniently() {
        let page: SearchResult<i64> =
            serde_json::from_str(r#"{"pageNum":"1","pageCount":2,"list":null}"#).unwrap();
        assert!(page.has_next_page());
        assert!(page.list.is_empty());
        let bulk: BulkResult<i64> =
            serde_json::from_str(r#"{"txState":2,"issueResult":[1,2]}"#).unwrap();
        assert!(bulk.is_completed());
        assert_eq!(bulk.issue_result, vec![1, 2]);
    }
}

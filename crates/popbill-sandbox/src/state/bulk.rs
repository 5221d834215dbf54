//! Bulk submissions (bulkSubmit / getBulkResult): received (txState 0), processing (1) after one
//! bulk step, done (2) after two, when every invoice is issued like registIssue.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Result for one invoice of a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct BulkItem {
    pub invoicer_mgt_key: String,
    pub trustee_mgt_key: String,
    pub code: i64,
    pub message: String,
    pub nts_confirm_num: String,
    pub issue_dt: String,
}

/// A submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Bulk {
    pub corp_num: String,
    pub submit_id: String,
    pub receipt_id: String,
    /// Base64 SHA-1 of the body, to recognise a repeated submission.
    pub digest: String,
    pub received_ms: i64,
    pub force_issue: bool,
    pub user_id: Option<String>,
    pub invoices: Vec<Map<String, Value>>,
    pub results: Option<Vec<BulkItem>>,
    pub done_ms: Option<i64>,
}

impl Bulk {
    /// txState at `now`.
    pub(crate) fn tx_state(&self, now_ms: i64, step_ms: i64) -> i64 {
        if self.results.is_some() {
            2
        } else if now_ms >= self.received_ms + step_ms {
            1
        } else {
            0
        }
    }
}

//! Collection jobs: the `jobID` answer of RequestJob and the job state of GetJobState and
//! ListActiveJob (the same keys for tax invoices and cash receipts).

use serde::{Deserialize, Serialize};

use super::codes::{JobState, QueryTypeName};
use crate::lenient;

/// `{"jobID": "…"}`, the answer of RequestJob. A job id is 18 characters and valid for one
/// hour after the request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct JobIdResponse {
    /// `jobID`: the new job's id.
    #[serde(rename = "jobID", deserialize_with = "lenient::string_or_default")]
    pub job_id: String,
}

impl JobIdResponse {
    /// A response carrying `job_id`.
    pub fn new(job_id: impl Into<String>) -> Self {
        JobIdResponse {
            job_id: job_id.into(),
        }
    }
}

/// State of a collection job (`HTTaxinvoiceJobState` / `HTCashbillJobState`). Results can be
/// read only when [`is_ready`](Self::is_ready): `jobState` 3 and `errorCode` 1.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtJobState {
    /// `jobID`: Job id (18 digits).
    #[serde(rename = "jobID", deserialize_with = "lenient::string_or_default")]
    pub job_id: String,
    /// `jobState`: 1 pending, 2 running, 3 finished; a string or a number on the wire.
    pub job_state: Option<JobState>,
    /// `queryType`: 매출 / 매입 / 수탁.
    pub query_type: Option<QueryTypeName>,
    /// `queryDateType`: Date basis of the job (cash receipts: `TradeDate`).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub query_date_type: String,
    /// `queryStDate`: Start of the range, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub query_st_date: String,
    /// `queryEnDate`: End of the range, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub query_en_date: String,
    /// `errorCode`: 1 on success, else a negative POPBiLL code.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub error_code: i64,
    /// `errorReason`: Why the job failed.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub error_reason: String,
    /// `jobStartDT`: Start time `yyyyMMddHHmmss`.
    #[serde(rename = "jobStartDT", deserialize_with = "lenient::string_or_default")]
    pub job_start_dt: String,
    /// `jobEndDT`: End time `yyyyMMddHHmmss`.
    #[serde(rename = "jobEndDT", deserialize_with = "lenient::string_or_default")]
    pub job_end_dt: String,
    /// `collectCount`: Documents collected.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub collect_count: i64,
    /// `regDT`: Request time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", deserialize_with = "lenient::string_or_default")]
    pub reg_dt: String,
}

impl HtJobState {
    /// True when the job has finished (`jobState` 3), successfully or not.
    pub fn is_finished(&self) -> bool {
        self.job_state == Some(JobState::Finished)
    }

    /// True when the job finished successfully: results can be searched.
    pub fn is_ready(&self) -> bool {
        self.is_finished() && self.error_code == 1
    }

    /// True when the job finished with an error (`errorCode` other than 1).
    pub fn is_failed(&self) -> bool {
        self.is_finished() && self.error_code != 1
    }
}

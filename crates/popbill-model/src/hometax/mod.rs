//! HomeTax collection (홈택스 수집): HTTaxinvoice (sales, purchase and consigned e-tax
//! invoices) and HTCashbill (cash receipts) as the NTS holds them, plus the HomeTax
//! credentials POPBiLL logs in with.
//!
//! A member registers a department user (부서사용자, read-only, recommended) or a joint
//! certificate once; then a collection job (`RequestJob`) covers at most 3 months, runs for a
//! while (`jobState` 1 → 2 → 3), and its results are read page by page for one hour.
//!
//! - [`codes`]: `QueryType`, `HomeTaxDateType`, `JobState`, search filters, cash-receipt kinds.
//! - [`job`]: [`JobIdResponse`], [`HtJobState`].
//! - [`taxinvoice`]: [`HtTaxinvoiceAbbr`], [`HtTaxinvoice`], search page, summary, XML answer.
//! - [`cashbill`]: [`HtCashbill`], search page, summary.
//! - [`credentials`]: [`DeptUserForm`] (secret, redacted), certificate expiry, [`FlatRateState`].
//! - [`page`]: [`HtSearchResult`], one page of either search.
//! - [`query`]: search filters, the 3-month rule and range splitting, id checks.
//! - [`error_code`]: the `-111xxxxx` codes.

pub mod cashbill;
pub mod codes;
pub mod credentials;
pub mod error_code;
pub mod job;
pub mod page;
pub mod query;
pub mod taxinvoice;

pub use cashbill::{HtCashbill, HtCashbillSearchResult, HtCashbillSummary};
pub use codes::*;
pub use credentials::{
    DeptUserForm, FlatRateState, HtCertificateExpiration, MAX_DEPT_USER_FIELD, parse_cert_date,
};
pub use job::{HtJobState, JobIdResponse};
pub use page::HtSearchResult;
pub use query::{
    HtCashbillQuery, HtTaxinvoiceQuery, MAX_JOB_MONTHS, check_job_id, check_job_range,
    check_nts_confirm_num, last_day_of_window, split_range,
};
pub use taxinvoice::{
    HtTaxinvoice, HtTaxinvoiceAbbr, HtTaxinvoiceDetail, HtTaxinvoiceSearchResult,
    HtTaxinvoiceSummary, HtTaxinvoiceXml,
};

#[cfg(test)]
mod tests;

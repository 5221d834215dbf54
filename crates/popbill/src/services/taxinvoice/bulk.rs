//! Bulk issuance: `bulkSubmit` of 1..=100 invoices under a SubmitID, and a
//! helper that waits for `getBulkResult` to report completion.
//!
//! # Retrying a submission
//!
//! Resubmitting with the **same SubmitID and the same invoices** is the safe retry: POPBiLL
//! answers with the receipt of the submission it already has instead of registering the
//! invoices again. The client relies on that: `bulk_submit` is treated as idempotent, so
//! timeouts, resets and 5xx answers are retried automatically under the call's retry
//! policy. Never reuse a SubmitID for a different set of invoices, and never change the
//! invoices when retrying by hand.
//!
//! The body is `{"forceIssue": bool, "invoices": [...]}` (`forceIssue` always written) and
//! `x-pb-message-digest` is Base64(SHA-1) of the exact bytes sent.

use popbill_model::CorpNum;
use popbill_model::SubmitId;
use popbill_model::taxinvoice::{BulkTaxinvoiceResult, BulkTaxinvoiceSubmit, Taxinvoice};

use super::docs;
use crate::client::Popbill;
use crate::poll::Poll;

pub use crate::poll::defaults as wait_defaults;

/// `bulkSubmit` of tax invoices (see [`crate::services::document::BulkSubmitCall`]).
pub type BulkSubmitCall = crate::services::document::BulkSubmitCall<BulkTaxinvoiceSubmit>;

impl crate::services::document::BulkBody for BulkTaxinvoiceSubmit {
    fn forced(&self) -> bool {
        self.force_issue
    }
}

impl BulkSubmitCall {
    /// Allows late issuance for every invoice of the submission (`forceIssue`).
    pub fn force_issue(mut self, yes: bool) -> Self {
        self.body_mut().force_issue = yes;
        self
    }
}

/// A tax invoice bulk submission of `invoices`.
pub(crate) fn submit(
    client: &Popbill,
    corp: &CorpNum,
    submit_id: &SubmitId,
    invoices: Vec<Taxinvoice>,
) -> BulkSubmitCall {
    BulkSubmitCall::new(
        docs(client),
        corp,
        submit_id,
        BulkTaxinvoiceSubmit::new(invoices),
    )
}

/// Waits for a bulk submission to complete. Built by
/// [`TaxinvoiceService::wait_bulk_result`](super::TaxinvoiceService::wait_bulk_result).
///
/// Polls `getBulkResult` until `txState` is 2 (completed) and returns that answer:
/// `issue_result` then holds one entry per invoice (`code` 1 = issued). Back-off and
/// deadline as every [`Poll`].
pub type BulkWait = Poll<BulkTaxinvoiceResult>;

/// The wait on a bulk submission.
pub(crate) fn wait(client: &Popbill, corp: &CorpNum, submit_id: &SubmitId) -> BulkWait {
    docs(client).bulk_wait(corp, submit_id, BulkTaxinvoiceResult::is_completed)
}

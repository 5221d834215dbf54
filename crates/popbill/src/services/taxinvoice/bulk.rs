//! Bulk issuance (spec §3.8): `bulkSubmit` of 1..=100 invoices under a SubmitID, and a
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
use popbill_model::taxinvoice::{
    BulkResponse, BulkTaxinvoiceResult, BulkTaxinvoiceSubmit, Taxinvoice,
};
use popbill_transport::Method;

use super::docs;
use crate::call::{
    CallOptions, IssueDateRule, ValidationSettings, call_options, check_options, into_future,
};
use crate::client::Popbill;
use crate::error::Result;
use crate::poll::Poll;

pub use crate::poll::defaults as wait_defaults;

/// `bulkSubmit`: register and issue up to 100 invoices in one asynchronous submission.
/// Built by [`TaxinvoiceService::bulk_submit`](super::TaxinvoiceService::bulk_submit).
///
/// Validated before sending: 1..=100 invoices, each valid (paths `invoices[i]....`), unique
/// document numbers, and the issuance deadline unless `.force_issue(true)`.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct BulkSubmitCall {
    client: Popbill,
    corp: CorpNum,
    submit_id: SubmitId,
    body: BulkTaxinvoiceSubmit,
    checks: ValidationSettings,
    opts: CallOptions,
}

impl BulkSubmitCall {
    pub(crate) fn new(
        client: &Popbill,
        corp: &CorpNum,
        submit_id: &SubmitId,
        invoices: Vec<Taxinvoice>,
    ) -> Self {
        BulkSubmitCall {
            client: client.clone(),
            corp: corp.clone(),
            submit_id: submit_id.clone(),
            body: BulkTaxinvoiceSubmit::new(invoices),
            checks: ValidationSettings::default(),
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// Allows late issuance for every invoice of the submission (`forceIssue`).
    pub fn force_issue(mut self, yes: bool) -> Self {
        self.body.force_issue = yes;
        self
    }

    check_options!(corp_nums);

    /// The body that will be sent.
    pub fn body(&self) -> &BulkTaxinvoiceSubmit {
        &self.body
    }

    /// Sends the submission; the answer carries the `receiptID`.
    pub async fn send(self) -> Result<BulkResponse> {
        let checked = self.checks.run(
            &self.client,
            &self.body,
            IssueDateRule::issuing(self.body.force_issue),
        );
        let call = docs(&self.client)
            .at("bulkSubmit", Method::Post, &self.corp, "")
            .method_override("BULKISSUE")
            // Same SubmitID + same invoices = the same receipt (spec §3.8): safe to retry.
            .idempotent(true)
            .check(checked)
            .bulk_body(self.submit_id.as_str(), &self.body)
            .json::<BulkResponse>();
        self.opts.apply(call).await
    }
}

into_future!(BulkSubmitCall => BulkResponse);

/// Waits for a bulk submission to complete. Built by
/// [`TaxinvoiceService::wait_bulk_result`](super::TaxinvoiceService::wait_bulk_result).
///
/// Polls `getBulkResult` until `txState` is 2 (completed) and returns that answer:
/// `issue_result` then holds one entry per invoice (`code` 1 = issued). Back-off and
/// deadline as every [`Poll`].
pub type BulkWait = Poll<BulkTaxinvoiceResult>;

/// The wait on a bulk submission.
pub(crate) fn wait(client: &Popbill, corp: &CorpNum, submit_id: &SubmitId) -> BulkWait {
    let (client, corp, submit_id) = (client.clone(), corp.clone(), submit_id.clone());
    Poll::new(
        "Taxinvoice.getBulkResult",
        move || docs(&client).bulk_result(&corp, &submit_id),
        BulkTaxinvoiceResult::is_completed,
        |r| r,
    )
}

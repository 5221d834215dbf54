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

use std::time::Duration;

use popbill_model::CorpNum;
use popbill_model::SubmitId;
use popbill_model::taxinvoice::{
    BulkResponse, BulkTaxinvoiceResult, BulkTaxinvoiceSubmit, Taxinvoice,
};
use popbill_transport::Method;

use super::calls::{CallOpts, Checks, Deadline, call_options, check_options, into_future};
use super::ti_op;
use crate::client::Popbill;
use crate::error::{Error, Result, TimeoutError, TimeoutKind};

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
    checks: Checks,
    opts: CallOpts,
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
            checks: Checks::default(),
            opts: CallOpts::default(),
        }
    }

    call_options!();

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
            Deadline::issuing(self.body.force_issue),
        );
        let call = ti_op(
            &self.client,
            "Taxinvoice.bulkSubmit",
            Method::Post,
            "/Taxinvoice",
        )
        .corp(&self.corp)
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

/// Defaults of [`BulkWait`].
pub mod wait_defaults {
    use std::time::Duration;

    /// The first pause between two polls.
    pub const INITIAL_INTERVAL: Duration = Duration::from_millis(500);
    /// The longest pause between two polls.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(10);
    /// How long to wait for completion in total.
    pub const DEADLINE: Duration = Duration::from_secs(300);
}

/// Waits for a bulk submission to complete. Built by
/// [`TaxinvoiceService::wait_bulk_result`](super::TaxinvoiceService::wait_bulk_result).
///
/// Polls `getBulkResult` immediately, then after pauses that double from
/// `initial_interval` up to `max_interval`, until `txState` is 2 (completed) and returns
/// that answer: `issue_result` then holds one entry per invoice (`code` 1 = issued).
/// When `deadline` passes first, the call fails with [`Error::Timeout`]
/// ([`TimeoutKind::Operation`]); the submission itself goes on, and polling again later is
/// harmless. Errors of a poll end the wait (each poll is retried under the retry policy
/// first, as every lookup).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct BulkWait {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) submit_id: SubmitId,
    pub(crate) initial_interval: Duration,
    pub(crate) max_interval: Duration,
    pub(crate) deadline: Duration,
    pub(crate) opts: CallOpts,
}

impl BulkWait {
    call_options!();

    /// The first pause between polls (default 500 ms).
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest pause between polls (default 10 s).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long to wait in total (default 5 minutes).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Polls until completion or the deadline.
    pub async fn send(self) -> Result<BulkTaxinvoiceResult> {
        let until = crate::clock::instant_after(tokio::time::Instant::now(), self.deadline);
        let mut pause = self.initial_interval;
        loop {
            let call = super::bulk_result_call(&self.client, &self.corp, &self.submit_id);
            let poll = self.opts.apply(call);
            let result = match tokio::time::timeout_at(until, poll.send()).await {
                Ok(r) => r?,
                Err(_) => return Err(deadline_error(self.deadline)),
            };
            if result.is_completed() {
                return Ok(result);
            }
            tracing::debug!(
                submit_id = %self.submit_id,
                tx_state = ?result.tx_state,
                "bulk submission not completed yet"
            );
            if crate::clock::instant_after(tokio::time::Instant::now(), pause) >= until {
                return Err(deadline_error(self.deadline));
            }
            tokio::time::sleep(pause).await;
            pause = pause
                .saturating_mul(2)
                .min(self.max_interval.max(self.initial_interval));
        }
    }
}

fn deadline_error(limit: Duration) -> Error {
    Error::Timeout(TimeoutError::new(TimeoutKind::Operation, limit))
}

into_future!(BulkWait => BulkTaxinvoiceResult);

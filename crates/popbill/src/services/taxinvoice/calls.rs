//! register / update / registRequest: the Taxinvoice calls that carry an invoice without
//! issuing it.

use popbill_model::codes::MgtKeyType;
use popbill_model::taxinvoice::{RegistIssueRequest, Taxinvoice};
use popbill_model::{
    CorpNum, MgtKey, Response, ValidationContext, ValidationErrors, Validator, rule,
};
use popbill_transport::Method;

use super::docs;
use crate::call::{
    CallOptions, IssueDateRule, ValidationSettings, call_options, check_options, into_future,
};
use crate::client::Popbill;
use crate::error::Result;
use crate::services::document::DocAddr;

// ---------------------------------------------------------------------------------------
// register / update / registRequest
// ---------------------------------------------------------------------------------------

/// Which invoice-carrying operation an [`InvoiceCall`] is.
#[derive(Clone, Debug)]
pub(crate) enum InvoiceOp {
    /// `POST /Taxinvoice` (draft).
    Register,
    /// `POST /Taxinvoice/{KeyType}/{MgtKey}`, override `PATCH`.
    Update(MgtKeyType, MgtKey),
    /// `POST /Taxinvoice`, override `REQUEST`.
    RegistRequest,
}

/// register, update or registRequest: an invoice body validated before sending. Built by
/// [`TaxinvoiceService::register`](super::TaxinvoiceService::register),
/// [`update`](super::TaxinvoiceService::update) and
/// [`regist_request`](super::TaxinvoiceService::regist_request).
///
/// The invoice is checked with every rule of `popbill-model` (all violations reported at
/// once, nothing sent) unless `.skip_validation()` is set. Deadline (`late`) rules do not
/// apply: these calls do not issue.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct InvoiceCall {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) op: InvoiceOp,
    pub(crate) body: RegistIssueRequest,
    pub(crate) checks: ValidationSettings,
    pub(crate) opts: CallOptions,
}

impl InvoiceCall {
    pub(crate) fn new(
        client: &Popbill,
        corp: &CorpNum,
        op: InvoiceOp,
        invoice: Taxinvoice,
    ) -> Self {
        InvoiceCall {
            client: client.clone(),
            corp: corp.clone(),
            op,
            body: RegistIssueRequest::new(invoice),
            checks: ValidationSettings::default(),
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// Also creates a 거래명세서 (transaction statement) with the invoice
    /// (`writeSpecification`, sent only when true; register and update only, a validation
    /// error on registRequest).
    pub fn write_specification(mut self, yes: bool) -> Self {
        self.body.write_specification = yes.then_some(true);
        self
    }

    /// The document number of the statement created by `write_specification` (≤ 24;
    /// default: the invoice's). register only (a validation error elsewhere).
    pub fn deal_invoice_mgt_key(mut self, key: &MgtKey) -> Self {
        self.body.deal_invoice_mgt_key = Some(key.as_str().to_owned());
        self
    }

    /// The state-history memo (≤ 200 characters; registRequest only, a validation error on
    /// register and update).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body.memo = Some(memo.into());
        self
    }

    check_options!(corp_nums);

    /// The body that will be sent.
    pub fn body(&self) -> &RegistIssueRequest {
        &self.body
    }

    /// Options this operation does not take (as in the official SDKs).
    fn misplaced_options(&self) -> Result<(), ValidationErrors> {
        let (spec, deal, memo) = match self.op {
            InvoiceOp::Register => (true, true, false),
            InvoiceOp::Update(..) => (true, false, false),
            InvoiceOp::RegistRequest => (false, false, true),
        };
        let ctx = ValidationContext::default();
        let mut v = Validator::new(&ctx);
        for (allowed, set, path) in [
            (
                spec,
                self.body.write_specification.is_some(),
                "writeSpecification",
            ),
            (
                deal,
                self.body.deal_invoice_mgt_key.is_some(),
                "dealInvoiceMgtKey",
            ),
            (memo, self.body.memo.is_some(), "memo"),
        ] {
            if set && !allowed {
                v.push(path, rule::CONDITIONAL, "this operation does not take it");
            }
        }
        v.finish()
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Response> {
        let checked = self
            .checks
            .run(&self.client, &self.body, IssueDateRule::NotIssuing);
        let misplaced = self.misplaced_options();
        let docs = docs(&self.client);
        let builder = match &self.op {
            InvoiceOp::Register => docs.at("register", Method::Post, &self.corp, ""),
            InvoiceOp::Update(kt, key) => docs
                .doc(
                    "update",
                    Method::Post,
                    &self.corp,
                    &DocAddr::typed(kt.clone(), key),
                    "",
                )
                .method_override("PATCH"),
            InvoiceOp::RegistRequest => docs
                .at("registRequest", Method::Post, &self.corp, "")
                .method_override("REQUEST"),
        };
        let call = builder
            .check(misplaced)
            .check(checked)
            .json_body(&self.body)
            .json::<Response>();
        self.opts.apply(call).await
    }
}

into_future!(InvoiceCall => Response);

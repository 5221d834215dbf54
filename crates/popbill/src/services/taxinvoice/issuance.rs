//! Issuance that never happens twice: `registIssue` and `issue`, with reconciliation by
//! document number after an ambiguous failure.
//!
//! # The problem
//!
//! Issuing is not idempotent: it signs the invoice, charges points, mails the buyer and
//! starts NTS filing. When the answer to an issuing request is lost (the connection is reset
//! after the request went out, the attempt times out, a proxy answers 5xx, the 200 answer is
//! truncated), the client cannot know whether POPBiLL issued the invoice. Blindly resending
//! risks a second issuance; giving up leaves the caller guessing.
//!
//! # What the client does
//!
//! The pipeline never retries these requests once they may have been sent (only failures
//! that certainly happened before sending, such as a refused connection, are retried). On
//! an ambiguous failure (see [`outcome_unknown`]) the call asks POPBiLL about the document
//! number instead (`getInfo`, idempotent and retried as usual), after
//! [`reconcile_delay`](RegistIssueCall::reconcile_delay) so a request still in flight can
//! land:
//!
//! | getInfo says | `regist_issue` | `issue` |
//! |---|---|---|
//! | issued (`stateCode` 3xx) | [`IssuePath::Reconciled`]: success, nothing resent | [`IssuePath::Reconciled`] |
//! | draft (100) | registration happened, issuance did not: `issue` is called on it ([`IssuePath::IssuedDraft`]) | the issue did not happen: resent once ([`IssuePath::Resent`]) |
//! | pending request (200) | the original error | resent once ([`IssuePath::Resent`]) |
//! | `-11000005` (no such document) | nothing arrived: resent once ([`IssuePath::Resent`]) | the original error |
//! | anything else, or getInfo fails | the original error | the original error |
//!
//! After a resend fails, getInfo is asked once more (the first request may have landed in
//! the meantime); an issued document then still counts as [`IssuePath::Reconciled`],
//! otherwise the resend's error is returned. At most one resend ever happens, and because a
//! document number can be registered only once per member, a resent `registIssue` can never
//! create a second invoice: at worst POPBiLL refuses it as a duplicate number.
//!
//! This is the crate's answer to timeouts during issuance: keep the default, and treat an
//! error from `regist_issue` / `issue` as "not issued, or unknown after reconciliation".
//! `.no_reconcile()` turns the behaviour off (the ambiguous error is returned as is).

use popbill_model::codes::{IssueType, MgtKeyType};
use popbill_model::taxinvoice::{
    IssueBody, IssueResponse, RegistIssueRequest, Taxinvoice, TaxinvoiceInfo,
};
use popbill_model::{CorpNum, MgtKey, ValidationErrors, rule};
use popbill_transport::Method;

use super::docs;
use crate::call::{
    CallOptions, IssueDateRule, ValidationSettings, call_options, check_options, into_future,
};
use crate::client::Popbill;
use crate::error::Result;
use crate::services::document::DocAddr;
use crate::services::reconcile::{
    Decision, First, Lookup, ReconcileSettings, Reconciler, Recovered, reconcile_options,
};

pub use crate::services::reconcile::{
    DEFAULT_RECONCILE_DELAY, IssueOutcome, IssuePath, outcome_unknown,
};

// ---------------------------------------------------------------------------------------
// registIssue
// ---------------------------------------------------------------------------------------

/// `registIssue`: register and issue an invoice in one request. Built by
/// [`TaxinvoiceService::regist_issue`](super::TaxinvoiceService::regist_issue).
///
/// Validated before sending with every rule of `popbill-model` plus the issuance deadline
/// (Korean date): a late `writeDate` is a violation unless `.force_issue(true)`. Ambiguous
/// failures are reconciled by document number (see the [module docs](self)).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct RegistIssueCall {
    client: Popbill,
    corp: CorpNum,
    body: RegistIssueRequest,
    checks: ValidationSettings,
    reconcile: ReconcileSettings,
    opts: CallOptions,
}

impl RegistIssueCall {
    pub(crate) fn new(client: &Popbill, corp: &CorpNum, invoice: Taxinvoice) -> Self {
        RegistIssueCall {
            client: client.clone(),
            corp: corp.clone(),
            body: RegistIssueRequest::new(invoice),
            checks: ValidationSettings::default(),
            reconcile: ReconcileSettings::default(),
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// Allows late (지연) issuance after the deadline (`forceIssue`; a penalty tax may
    /// apply). Sent only when true, as the official Python SDK does; absent means false.
    pub fn force_issue(mut self, yes: bool) -> Self {
        self.body.force_issue = yes.then_some(true);
        self
    }

    /// Also creates a 거래명세서 (transaction statement) (`writeSpecification`, sent only
    /// when true).
    pub fn write_specification(mut self, yes: bool) -> Self {
        self.body.write_specification = yes.then_some(true);
        self
    }

    /// The statement's document number (`dealInvoiceMgtKey`; default: the invoice's).
    pub fn deal_invoice_mgt_key(mut self, key: &MgtKey) -> Self {
        self.body.deal_invoice_mgt_key = Some(key.as_str().to_owned());
        self
    }

    /// The state-history memo (≤ 200 characters; not shown to the customer).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body.memo = Some(memo.into()).filter(|m| !m.is_empty());
        self
    }

    /// The subject of the issuance mail (≤ 300 characters; default: POPBiLL's).
    pub fn email_subject(mut self, subject: impl Into<String>) -> Self {
        self.body.email_subject = Some(subject.into()).filter(|s| !s.is_empty());
        self
    }

    check_options!(corp_nums);

    reconcile_options!();

    /// The body that will be sent.
    pub fn body(&self) -> &RegistIssueRequest {
        &self.body
    }

    /// The checks [`send`](Self::send) runs before anything is sent, without sending:
    /// every rule of `popbill-model` with the client's context (test business numbers as
    /// configured, today's Korean date from [`Popbill::today_kst`] for the future-date and
    /// deadline rules, `late` waived by `.force_issue(true)`), and, for a forward or trustee
    /// invoice, that the CorpNum argument is the invoicer's (`invoicerCorpNum`).
    /// `.skip_validation()` skips all of it, here as in `send`.
    ///
    /// `Ok(())` means the client would send the request; POPBiLL may still refuse it for
    /// what only it knows (points, certificate, document number in use, the NTS).
    pub fn dry_run(&self) -> std::result::Result<(), ValidationErrors> {
        let forced = self.body.force_issue == Some(true);
        let body = self
            .checks
            .run(&self.client, &self.body, IssueDateRule::issuing(forced));
        let corp = if self.checks.skip {
            Ok(())
        } else {
            self.corp_matches()
        };
        crate::call::all_of([body, corp])
    }

    /// A forward (정발행) or trustee (위수탁) invoice is issued by its invoicer: the CorpNum
    /// the call authenticates as must be `invoicerCorpNum`.
    fn corp_matches(&self) -> std::result::Result<(), ValidationErrors> {
        let invoice = &self.body.invoice;
        let forward = !matches!(invoice.issue_type, Some(IssueType::Reverse));
        match invoice.invoicer_corp_num.as_deref() {
            Some(invoicer) if forward && !invoicer.is_empty() && invoicer != self.corp.as_str() => {
                Err(ValidationErrors::single(
                    "invoicerCorpNum",
                    rule::CONDITIONAL,
                    format!(
                        "must be the CorpNum the call is made for ({}) when the invoicer issues",
                        self.corp.as_str()
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    async fn send_once(&self) -> Result<IssueResponse> {
        let call = docs(&self.client)
            .at("registIssue", Method::Post, &self.corp, "")
            .method_override("ISSUE")
            .check(self.dry_run())
            .json_body(&self.body)
            .json::<IssueResponse>();
        self.opts.apply(call).await
    }

    /// The key type and document number getInfo addresses this invoice with.
    fn document(&self) -> Option<(MgtKeyType, MgtKey)> {
        let invoice = &self.body.invoice;
        let key_type = match invoice.issue_type {
            Some(IssueType::Trustee) => MgtKeyType::Trustee,
            Some(IssueType::Reverse) => MgtKeyType::Buy,
            _ => MgtKeyType::Sell,
        };
        let key = MgtKey::parse(invoice.primary_mgt_key()?).ok()?;
        Some((key_type, key))
    }

    /// Sends the request, reconciling an ambiguous failure (see the [module docs](self)).
    pub async fn send(self) -> Result<IssueOutcome> {
        let error = match self.reconcile.first(self.send_once().await) {
            First::Done(result) => return result,
            First::Reconcile(e) => e,
        };
        let Some((key_type, key)) = self.document() else {
            return Err(error);
        };
        let reconciler = Reconciler {
            docs: docs(&self.client),
            corp: &self.corp,
            addr: DocAddr::typed(key_type.clone(), &key),
            opts: &self.opts,
            delay: self.reconcile.delay,
            op: "Taxinvoice.registIssue",
        };
        let decide = |found: Lookup<TaxinvoiceInfo>| match found {
            Lookup::Draft(info) => Decision::Draft(info),
            Lookup::NotFound => Decision::Resend,
            _ => Decision::Fail,
        };
        match reconciler.run(error, decide, || self.send_once()).await? {
            Recovered::Outcome(out) => Ok(out),
            Recovered::Draft(info, first, _) => {
                let mut body = IssueBody::new(self.body.force_issue == Some(true));
                body.memo = self.body.memo.clone();
                body.email_subject = self.body.email_subject.clone();
                let issue = IssueCall {
                    client: self.client.clone(),
                    corp: self.corp.clone(),
                    key_type,
                    mgt_key: key,
                    body,
                    checks: self.checks,
                    reconcile: ReconcileSettings {
                        enabled: true,
                        delay: self.reconcile.delay,
                    },
                    opts: self.opts.clone(),
                };
                let mut out = issue.send().await?;
                if out.path != IssuePath::Reconciled {
                    out.path = IssuePath::IssuedDraft;
                }
                out.recovered_from = Some(first);
                out.info.get_or_insert(info);
                Ok(out)
            }
        }
    }
}

into_future!(RegistIssueCall => IssueOutcome);

// ---------------------------------------------------------------------------------------
// issue
// ---------------------------------------------------------------------------------------

/// `issue`: issue a draft (100) or a pending reverse-issuance request (200). Built by
/// [`TaxinvoiceService::issue`](super::TaxinvoiceService::issue).
///
/// The body is `{"forceIssue": bool, "memo"?, "emailSubject"?}` (`forceIssue` always
/// first). Ambiguous failures are reconciled by document number (see the
/// [module docs](self)).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct IssueCall {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) key_type: MgtKeyType,
    pub(crate) mgt_key: MgtKey,
    pub(crate) body: IssueBody,
    pub(crate) checks: ValidationSettings,
    pub(crate) reconcile: ReconcileSettings,
    pub(crate) opts: CallOptions,
}

impl IssueCall {
    pub(crate) fn new(
        client: &Popbill,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Self {
        IssueCall {
            client: client.clone(),
            corp: corp.clone(),
            key_type,
            mgt_key: key.clone(),
            body: IssueBody::new(false),
            checks: ValidationSettings::default(),
            reconcile: ReconcileSettings::default(),
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// Allows late (지연) issuance after the deadline (`forceIssue`).
    pub fn force_issue(mut self, yes: bool) -> Self {
        self.body.force_issue = yes;
        self
    }

    /// The state-history memo (≤ 200 characters).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body.memo = Some(memo.into()).filter(|m| !m.is_empty());
        self
    }

    /// The subject of the issuance mail (≤ 300 characters).
    pub fn email_subject(mut self, subject: impl Into<String>) -> Self {
        self.body.email_subject = Some(subject.into()).filter(|s| !s.is_empty());
        self
    }

    check_options!();

    reconcile_options!();

    async fn send_once(&self) -> Result<IssueResponse> {
        let addr = DocAddr::typed(self.key_type.clone(), &self.mgt_key);
        let call = docs(&self.client)
            .doc("issue", Method::Post, &self.corp, &addr, "")
            .method_override("ISSUE")
            .check(
                self.checks
                    .run(&self.client, &self.body, IssueDateRule::NotIssuing),
            )
            .json_body(&self.body)
            .json::<IssueResponse>();
        self.opts.apply(call).await
    }

    /// Sends the request, reconciling an ambiguous failure (see the [module docs](self)).
    pub async fn send(self) -> Result<IssueOutcome> {
        let error = match self.reconcile.first(self.send_once().await) {
            First::Done(result) => return result,
            First::Reconcile(e) => e,
        };
        let reconciler = Reconciler {
            docs: docs(&self.client),
            corp: &self.corp,
            addr: DocAddr::typed(self.key_type.clone(), &self.mgt_key),
            opts: &self.opts,
            delay: self.reconcile.delay,
            op: "Taxinvoice.issue",
        };
        let decide = |found: Lookup<TaxinvoiceInfo>| match found {
            Lookup::Draft(_) | Lookup::PendingRequest => Decision::Resend,
            _ => Decision::Fail,
        };
        match reconciler.run(error, decide, || self.send_once()).await? {
            Recovered::Outcome(out) => Ok(out),
            Recovered::Draft(_, _, error) => Err(error),
        }
    }
}

into_future!(IssueCall => IssueOutcome);

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

use std::time::Duration;

use popbill_model::codes::{IssueType, MgtKeyType};
use popbill_model::taxinvoice::{
    IssueBody, IssueResponse, RegistIssueRequest, Taxinvoice, TaxinvoiceInfo,
};
use popbill_model::{CorpNum, MgtKey};
use popbill_transport::Method;

use super::calls::{CallOpts, Checks, Deadline, call_options, check_options, into_future};
use super::{doc_op, ti_op};
use crate::client::Popbill;
use crate::error::{Error, ErrorCode, Result};

/// Default wait before asking POPBiLL about a document after an ambiguous failure.
pub const DEFAULT_RECONCILE_DELAY: Duration = Duration::from_secs(1);

/// How an issuing call reached its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuePath {
    /// The request was answered: the normal case.
    Sent,
    /// The answer was lost, and getInfo showed the invoice issued: no request was resent.
    /// The response is built from getInfo (`code` 1, the NTS confirm number it reported).
    Reconciled,
    /// The answer was lost, getInfo showed that the request had no effect, and the resent
    /// request was answered.
    Resent,
    /// `regist_issue` only: the answer was lost, the document existed as a draft
    /// (registered, not issued), and `issue` on it was answered.
    IssuedDraft,
}

/// The result of [`regist_issue`](super::TaxinvoiceService::regist_issue) or
/// [`issue`](super::TaxinvoiceService::issue): POPBiLL's answer (or its equivalent after
/// reconciliation) and how it was obtained.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct IssueOutcome {
    /// `{code, message, ntsConfirmNum}`. For [`IssuePath::Reconciled`]: `code` 1, a message
    /// saying so, and the `ntsconfirmNum` getInfo reported.
    pub response: IssueResponse,
    /// How the result was reached.
    pub path: IssuePath,
    /// The ambiguous failure that started reconciliation (its `Display` text), if any.
    pub recovered_from: Option<String>,
    /// The getInfo answer used to reconcile, if any.
    pub info: Option<TaxinvoiceInfo>,
}

impl IssueOutcome {
    fn sent(response: IssueResponse) -> Self {
        IssueOutcome {
            response,
            path: IssuePath::Sent,
            recovered_from: None,
            info: None,
        }
    }

    fn reconciled(info: TaxinvoiceInfo, recovered_from: &Error) -> Self {
        let mut response = IssueResponse::default();
        response.code = 1;
        response.message = format!(
            "already issued (stateCode {}); reconciled with getInfo after: {recovered_from}",
            info.state_code
                .as_ref()
                .and_then(|s| s.code())
                .map_or_else(|| "?".to_owned(), |c| c.to_string())
        );
        response.nts_confirm_num = info.nts_confirm_num.clone();
        IssueOutcome {
            response,
            path: IssuePath::Reconciled,
            recovered_from: Some(recovered_from.to_string()),
            info: Some(info),
        }
    }

    /// True when no answer to the issuing request was received and getInfo proved the
    /// invoice issued.
    pub fn is_reconciled(&self) -> bool {
        self.path == IssuePath::Reconciled
    }

    /// The NTS confirm number, when known.
    pub fn nts_confirm_num(&self) -> Option<&str> {
        self.response.nts_confirm_num.as_deref()
    }
}

/// True when a failed issuing request may nevertheless have been carried out: the request
/// may have been sent and no definitive POPBiLL answer came back (a reset or timeout after
/// sending, a 5xx answer, a 200 answer that could not be decoded).
pub fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Transport(t) => t.request_may_have_been_sent(),
        Error::Timeout(_) => true,
        Error::Api(a) => a.status() >= 500,
        Error::Decode(d) => d.status() == 200 || d.status() >= 500,
        _ => false,
    }
}

/// What getInfo answered during reconciliation.
enum Lookup {
    Issued(TaxinvoiceInfo),
    Draft(TaxinvoiceInfo),
    PendingRequest,
    NotFound,
    Other,
}

async fn lookup(
    client: &Popbill,
    corp: &CorpNum,
    key_type: &MgtKeyType,
    key: &MgtKey,
    opts: &CallOpts,
) -> Lookup {
    let call = doc_op(
        client,
        "Taxinvoice.getInfo",
        Method::Get,
        corp,
        key_type,
        key,
    )
    .json::<TaxinvoiceInfo>();
    match opts.apply(call).await {
        Ok(info) => match &info.state_code {
            Some(s) if s.is_issued() => Lookup::Issued(info),
            Some(s) if s.is_draft() => Lookup::Draft(info),
            Some(s) if s.is_pending_request() => Lookup::PendingRequest,
            _ => Lookup::Other,
        },
        Err(e) if e.api_code() == Some(ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND) => Lookup::NotFound,
        Err(e) => {
            tracing::warn!(error = %e, "reconciliation: getInfo failed; the issuance outcome stays unknown");
            Lookup::Other
        }
    }
}

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
    checks: Checks,
    reconcile: bool,
    reconcile_delay: Duration,
    opts: CallOpts,
}

impl RegistIssueCall {
    pub(crate) fn new(client: &Popbill, corp: &CorpNum, invoice: Taxinvoice) -> Self {
        RegistIssueCall {
            client: client.clone(),
            corp: corp.clone(),
            body: RegistIssueRequest::new(invoice),
            checks: Checks::default(),
            reconcile: true,
            reconcile_delay: DEFAULT_RECONCILE_DELAY,
            opts: CallOpts::default(),
        }
    }

    call_options!();

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

    /// Returns ambiguous failures as they are instead of reconciling by document number.
    pub fn no_reconcile(mut self) -> Self {
        self.reconcile = false;
        self
    }

    /// How long to wait after an ambiguous failure before asking getInfo (default
    /// [`DEFAULT_RECONCILE_DELAY`]).
    pub fn reconcile_delay(mut self, delay: Duration) -> Self {
        self.reconcile_delay = delay;
        self
    }

    /// The body that will be sent.
    pub fn body(&self) -> &RegistIssueRequest {
        &self.body
    }

    async fn send_once(&self) -> Result<IssueResponse> {
        let forced = self.body.force_issue == Some(true);
        let call = ti_op(
            &self.client,
            "Taxinvoice.registIssue",
            Method::Post,
            "/Taxinvoice",
        )
        .corp(&self.corp)
        .method_override("ISSUE")
        .check(
            self.checks
                .run(&self.client, &self.body, Deadline::issuing(forced)),
        )
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
        let mut error = match self.send_once().await {
            Ok(r) => return Ok(IssueOutcome::sent(r)),
            Err(e) => e,
        };
        if !self.reconcile || !outcome_unknown(&error) {
            return Err(error);
        }
        let Some((key_type, key)) = self.document() else {
            return Err(error);
        };
        let first = error.to_string();
        let mut resends_left = 1;
        loop {
            tracing::warn!(error = %error, mgt_key = %key, "registIssue outcome unknown; reconciling with getInfo");
            tokio::time::sleep(self.reconcile_delay).await;
            match lookup(&self.client, &self.corp, &key_type, &key, &self.opts).await {
                Lookup::Issued(info) => {
                    let mut out = IssueOutcome::reconciled(info, &error);
                    out.recovered_from = Some(first);
                    return Ok(out);
                }
                Lookup::Draft(info) if resends_left > 0 => {
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
                        reconcile: true,
                        reconcile_delay: self.reconcile_delay,
                        opts: self.opts.clone(),
                    };
                    let mut out = issue.send().await?;
                    if out.path != IssuePath::Reconciled {
                        out.path = IssuePath::IssuedDraft;
                    }
                    out.recovered_from = Some(first);
                    out.info.get_or_insert(info);
                    return Ok(out);
                }
                Lookup::NotFound if resends_left > 0 => {}
                _ => return Err(error),
            }
            resends_left -= 1;
            match self.send_once().await {
                Ok(r) => {
                    let mut out = IssueOutcome::sent(r);
                    out.path = IssuePath::Resent;
                    out.recovered_from = Some(first);
                    return Ok(out);
                }
                Err(e) if outcome_unknown(&e) || matches!(e, Error::Api(_)) => error = e,
                Err(e) => return Err(e),
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
    pub(crate) checks: Checks,
    pub(crate) reconcile: bool,
    pub(crate) reconcile_delay: Duration,
    pub(crate) opts: CallOpts,
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
            checks: Checks::default(),
            reconcile: true,
            reconcile_delay: DEFAULT_RECONCILE_DELAY,
            opts: CallOpts::default(),
        }
    }

    call_options!();

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

    /// Returns ambiguous failures as they are instead of reconciling by document number.
    pub fn no_reconcile(mut self) -> Self {
        self.reconcile = false;
        self
    }

    /// How long to wait after an ambiguous failure before asking getInfo.
    pub fn reconcile_delay(mut self, delay: Duration) -> Self {
        self.reconcile_delay = delay;
        self
    }

    async fn send_once(&self) -> Result<IssueResponse> {
        let call = doc_op(
            &self.client,
            "Taxinvoice.issue",
            Method::Post,
            &self.corp,
            &self.key_type,
            &self.mgt_key,
        )
        .method_override("ISSUE")
        .check(
            self.checks
                .run(&self.client, &self.body, Deadline::NotIssuing),
        )
        .json_body(&self.body)
        .json::<IssueResponse>();
        self.opts.apply(call).await
    }

    /// Sends the request, reconciling an ambiguous failure (see the [module docs](self)).
    pub async fn send(self) -> Result<IssueOutcome> {
        let mut error = match self.send_once().await {
            Ok(r) => return Ok(IssueOutcome::sent(r)),
            Err(e) => e,
        };
        if !self.reconcile || !outcome_unknown(&error) {
            return Err(error);
        }
        let first = error.to_string();
        let mut resends_left = 1;
        loop {
            tracing::warn!(error = %error, mgt_key = %self.mgt_key, "issue outcome unknown; reconciling with getInfo");
            tokio::time::sleep(self.reconcile_delay).await;
            match lookup(
                &self.client,
                &self.corp,
                &self.key_type,
                &self.mgt_key,
                &self.opts,
            )
            .await
            {
                Lookup::Issued(info) => {
                    let mut out = IssueOutcome::reconciled(info, &error);
                    out.recovered_from = Some(first);
                    return Ok(out);
                }
                Lookup::Draft(_) | Lookup::PendingRequest if resends_left > 0 => {}
                _ => return Err(error),
            }
            resends_left -= 1;
            match self.send_once().await {
                Ok(r) => {
                    let mut out = IssueOutcome::sent(r);
                    out.path = IssuePath::Resent;
                    out.recovered_from = Some(first);
                    return Ok(out);
                }
                Err(e) if outcome_unknown(&e) || matches!(e, Error::Api(_)) => error = e,
                Err(e) => return Err(e),
            }
        }
    }
}

into_future!(IssueCall => IssueOutcome);

//! Issuing cash receipts without ever issuing twice: `registIssue` and `revokeRegistIssue`
//! reconcile an ambiguous failure by document number.
//!
//! When the answer to an issuing request is lost (a reset or timeout after sending, a 5xx, a
//! truncated 200), the call waits [`reconcile_delay`](IssuingCall::reconcile_delay), asks
//! getInfo about the receipt's `mgtKey`, and:
//!
//! | getInfo says | result |
//! |---|---|
//! | issued (`stateCode` 300, 304, 305) | [`IssuePath::Reconciled`](crate::IssuePath::Reconciled): success, nothing resent |
//! | `-14000003` (no such document) | nothing arrived: resent once ([`IssuePath::Resent`](crate::IssuePath::Resent)) |
//! | anything else, or getInfo fails | the original error |
//!
//! After a failed resend, getInfo is asked once more. A document number can be used only
//! once per member, so a resent request can never create a second receipt: at worst
//! POPBiLL refuses it as a duplicate number. `.no_reconcile()` returns the ambiguous error
//! as it is.

use popbill_model::cashbill::{Cashbill, CashbillInfo, CashbillIssueResponse, RevokeRequest};
use popbill_model::{CorpNum, MgtKey, Validate, ValidationErrors};
use popbill_transport::Method;
use serde::Serialize;

use super::docs;
use crate::call::{CallOptions, IssueDateRule, ValidationSettings, call_options, check_options};
use crate::client::Popbill;
use crate::error::Result;
use crate::services::document::DocAddr;
use crate::services::reconcile::{
    Decision, DocumentInfo, First, IssueAnswer, IssueOutcome, Lookup, ReconcileSettings,
    Reconciler, Recovered, known_state, reconcile_options,
};

impl DocumentInfo for CashbillInfo {
    fn state_code(&self) -> Option<i64> {
        known_state(self.state_code.as_ref())
    }
    fn confirm_num(&self) -> Option<&str> {
        self.confirm_num.as_deref()
    }
    fn nts_result_code(&self) -> Option<String> {
        self.ntsresult_code.as_ref().map(ToString::to_string)
    }
}

impl IssueAnswer for CashbillIssueResponse {
    fn reconciled(message: String, confirm_num: Option<String>) -> Self {
        let mut response = CashbillIssueResponse::default();
        response.code = 1;
        response.message = message;
        response.confirm_num = confirm_num;
        response
    }
    fn confirm_num(&self) -> Option<&str> {
        self.confirm_num.as_deref()
    }
}

/// A body an issuing call sends: a receipt or a cancel request, with its document number.
pub trait IssuingBody: Serialize + Validate + Send + Sync + 'static {
    /// The document number (`mgtKey`) reconciliation looks the receipt up by.
    fn mgt_key(&self) -> Option<&str>;
    /// Sets the state-history memo.
    fn set_memo(&mut self, memo: Option<String>);
    /// Sets the subject of the notification mail.
    fn set_email_subject(&mut self, subject: Option<String>);
}

impl IssuingBody for Cashbill {
    fn mgt_key(&self) -> Option<&str> {
        self.mgt_key.as_deref()
    }
    fn set_memo(&mut self, memo: Option<String>) {
        self.memo = memo;
    }
    fn set_email_subject(&mut self, subject: Option<String>) {
        self.email_subject = subject;
    }
}

impl IssuingBody for RevokeRequest {
    fn mgt_key(&self) -> Option<&str> {
        self.mgt_key.as_deref()
    }
    fn set_memo(&mut self, memo: Option<String>) {
        self.memo = memo;
    }
    fn set_email_subject(&mut self, subject: Option<String>) {
        self.email_subject = subject;
    }
}

/// `registIssue` of a cash receipt.
pub type RegistIssueCall = IssuingCall<Cashbill>;
/// `revokeRegistIssue`: a cancel receipt.
pub type RevokeRegistIssueCall = IssuingCall<RevokeRequest>;

/// An issuing request (`POST /Cashbill` with `ISSUE` or `REVOKEISSUE`), validated before
/// sending (including the trade date against today in Korea) and reconciled by document
/// number after an ambiguous failure (see the [module docs](self)). Built by
/// [`CashbillService::regist_issue`](super::CashbillService::regist_issue) and
/// [`revoke_regist_issue`](super::CashbillService::revoke_regist_issue).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct IssuingCall<B> {
    client: Popbill,
    corp: CorpNum,
    verb: &'static str,
    method_override: &'static str,
    body: B,
    checks: ValidationSettings,
    reconcile: ReconcileSettings,
    opts: CallOptions,
}

impl<B: IssuingBody> IssuingCall<B> {
    pub(crate) fn new(
        client: &Popbill,
        corp: &CorpNum,
        verb: &'static str,
        method_override: &'static str,
        body: B,
    ) -> Self {
        IssuingCall {
            client: client.clone(),
            corp: corp.clone(),
            verb,
            method_override,
            body,
            checks: ValidationSettings::default(),
            reconcile: ReconcileSettings::default(),
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// The state-history memo (≤ 200 characters; not shown to the customer).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body
            .set_memo(Some(memo.into()).filter(|m| !m.is_empty()));
        self
    }

    /// The subject of the notification mail (≤ 300 characters).
    pub fn email_subject(mut self, subject: impl Into<String>) -> Self {
        self.body
            .set_email_subject(Some(subject.into()).filter(|s| !s.is_empty()));
        self
    }

    check_options!(corp_nums);

    reconcile_options!();

    /// The body that will be sent.
    pub fn body(&self) -> &B {
        &self.body
    }

    /// The checks [`send`](Self::send) runs before anything is sent, without sending: every
    /// rule of `popbill-model` with the client's context ([`Popbill::validation_context`]:
    /// test business numbers as configured, the trade date against today in Korea).
    pub fn dry_run(&self) -> std::result::Result<(), ValidationErrors> {
        self.checks
            .run(&self.client, &self.body, IssueDateRule::Enforced)
    }

    async fn send_once(&self) -> Result<CashbillIssueResponse> {
        let call = docs(&self.client)
            .at(self.verb, Method::Post, &self.corp, "")
            .method_override(self.method_override)
            .check(self.dry_run())
            .json_body(&self.body)
            .json::<CashbillIssueResponse>();
        self.opts.apply(call).await
    }

    /// Sends the request, reconciling an ambiguous failure (see the [module docs](self)).
    pub async fn send(self) -> Result<IssueOutcome<CashbillIssueResponse, CashbillInfo>> {
        let error = match self.reconcile.first(self.send_once().await) {
            First::Done(result) => return result,
            First::Reconcile(e) => e,
        };
        let Some(key) = self.body.mgt_key().and_then(|k| MgtKey::parse(k).ok()) else {
            return Err(error);
        };
        let reconciler = Reconciler {
            docs: docs(&self.client),
            corp: &self.corp,
            addr: DocAddr::key(&key),
            opts: &self.opts,
            delay: self.reconcile.delay,
            op: self.verb,
        };
        let decide = |found: Lookup<CashbillInfo>| match found {
            Lookup::NotFound => Decision::Resend,
            _ => Decision::Fail,
        };
        match reconciler.run(error, decide, || self.send_once()).await? {
            Recovered::Outcome(out) => Ok(out),
            Recovered::Draft(_, _, error) => Err(error),
        }
    }
}

impl<B: IssuingBody> std::future::IntoFuture for IssuingCall<B> {
    type Output = Result<IssueOutcome<CashbillIssueResponse, CashbillInfo>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

//! The Taxinvoice call objects that need more than [`Call`]: per-call options shared by all
//! of them (`CallOpts` and the `call_options!` macro), and the small wrappers
//! (`checkMgtKeyInUse`, `getInfos`, the memo verbs, register / update / registRequest).
//!
//! Every call object is `Send + 'static`, runs with `.send().await` or `.await`, and applies
//! its options (`.user_id()`, `.timeout()`, `.operation_timeout()`, `.retry_policy()`,
//! `.no_retry()`) to every request it makes.

use std::time::Duration;

use popbill_model::codes::MgtKeyType;
use popbill_model::taxinvoice::validate::{MAX_GET_INFOS, check_mgt_keys};
use popbill_model::taxinvoice::{MemoBody, RegistIssueRequest, Taxinvoice, TaxinvoiceInfo};
use popbill_model::{
    CorpNum, MgtKey, Response, Validate, ValidationContext, ValidationErrors, Validator,
    kst_date_from_unix, rule,
};
use popbill_transport::Method;

use super::{doc_op, key_type_check, ti_op};
use crate::client::Popbill;
use crate::error::{ErrorCode, Result};
use crate::pipeline::Call;
use crate::retry::RetryPolicy;

/// Options every Taxinvoice call object carries, applied to each request it sends.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOpts {
    pub(crate) user_id: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl CallOpts {
    /// Sets the options on a pipeline call.
    pub(crate) fn apply<T: Send + 'static>(&self, call: Call<T>) -> Call<T> {
        let mut call = call;
        if let Some(u) = &self.user_id {
            call = call.user_id(u.clone());
        }
        if let Some(t) = self.timeout {
            call = call.timeout(t);
        }
        if let Some(t) = self.operation_timeout {
            call = call.operation_timeout(t);
        }
        if let Some(r) = &self.retry {
            call = call.retry_policy(r.clone());
        }
        call
    }
}

/// The per-call option methods of a call object with an `opts: CallOpts` field.
macro_rules! call_options {
    () => {
        /// Acts as this POPBiLL user account (`x-pb-userid`).
        pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
            self.opts.user_id = Some(user_id.into());
            self
        }

        /// Timeout of each HTTP attempt.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.opts.timeout = Some(timeout);
            self
        }

        /// Timeout of each request, retries included.
        pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.opts.operation_timeout = Some(timeout);
            self
        }

        /// Retry policy of each request.
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.opts.retry = Some(policy);
            self
        }

        /// No automatic retries (an expired token is still renewed once).
        pub fn no_retry(self) -> Self {
            self.retry_policy($crate::retry::RetryPolicy::disabled())
        }
    };
}
pub(crate) use call_options;

/// `IntoFuture` through the object's `send` method.
macro_rules! into_future {
    ($ty:ty => $out:ty) => {
        impl std::future::IntoFuture for $ty {
            type Output = $crate::error::Result<$out>;
            type IntoFuture = std::pin::Pin<
                Box<dyn std::future::Future<Output = $crate::error::Result<$out>> + Send>,
            >;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}
pub(crate) use into_future;

/// Which rules that compare the invoice with today (Korean date) apply to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The call does not issue: no date-versus-today rules.
    NotIssuing,
    /// The call issues: `writeDate` not after today and not past the issuance deadline.
    Enforced,
    /// The call issues with `forceIssue`: late issuance is legal, a future `writeDate` is not.
    Forced,
}

impl Deadline {
    /// `Enforced`, or `Forced` when the call sets `forceIssue`.
    pub(crate) fn issuing(forced: bool) -> Self {
        if forced {
            Deadline::Forced
        } else {
            Deadline::Enforced
        }
    }
}

/// The pre-flight validation settings of one call object: `.skip_validation()` and the
/// per-call `.allow_test_corp_nums()` (see the `check_options!` macro).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Checks {
    pub(crate) skip: bool,
    pub(crate) allow_test_corp_nums: Option<bool>,
}

impl Checks {
    /// Validates `value` with the client's context, this call's settings and `deadline`.
    pub(crate) fn run<V: Validate + ?Sized>(
        self,
        client: &Popbill,
        value: &V,
        deadline: Deadline,
    ) -> Result<(), ValidationErrors> {
        if self.skip {
            return Ok(());
        }
        let mut ctx = client.validation_context();
        if let Some(allow) = self.allow_test_corp_nums {
            ctx = ctx.allow_test_corp_nums(allow);
        }
        if deadline != Deadline::NotIssuing {
            let now = client.auth().now(client.config());
            ctx = ctx.today_kst(kst_date_from_unix(now));
        }
        let result = value.validate_with(&ctx);
        match (deadline, result) {
            (Deadline::Forced, Err(errors)) => errors.retain(|v| v.rule != rule::LATE),
            (_, result) => result,
        }
    }
}

/// `.skip_validation()` for a call object with a `checks: Checks` field; with `corp_nums`,
/// also `.allow_test_corp_nums()` (for calls whose body carries business numbers).
macro_rules! check_options {
    () => {
        /// Sends without validating first (the server stays the judge).
        pub fn skip_validation(mut self) -> Self {
            self.checks.skip = true;
            self
        }
    };
    (corp_nums) => {
        $crate::services::taxinvoice::calls::check_options!();

        /// Accepts (`true`) or rejects (`false`) business numbers whose check digit is wrong,
        /// overriding [`Config::allow_test_corp_nums`](crate::Config::allow_test_corp_nums).
        pub fn allow_test_corp_nums(mut self, allow: bool) -> Self {
            self.checks.allow_test_corp_nums = Some(allow);
            self
        }
    };
}
pub(crate) use check_options;

// ---------------------------------------------------------------------------------------
// checkMgtKeyInUse
// ---------------------------------------------------------------------------------------

/// `checkMgtKeyInUse`: whether a document number is taken. Built by
/// [`TaxinvoiceService::check_mgt_key_in_use`](super::TaxinvoiceService::check_mgt_key_in_use).
///
/// `true` when getInfo answers an `itemKey`; `false` when POPBiLL answers `-11000005`
/// (no such document number); any other failure is returned as the error.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct CheckMgtKeyCall {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) key_type: MgtKeyType,
    pub(crate) mgt_key: MgtKey,
    pub(crate) opts: CallOpts,
}

impl CheckMgtKeyCall {
    call_options!();

    /// Sends the lookup.
    pub async fn send(self) -> Result<bool> {
        let call = doc_op(
            &self.client,
            "Taxinvoice.checkMgtKeyInUse",
            Method::Get,
            &self.corp,
            &self.key_type,
            &self.mgt_key,
        )
        .json::<TaxinvoiceInfo>();
        match self.opts.apply(call).await {
            Ok(info) => Ok(info.has_item_key()),
            Err(e) if e.api_code() == Some(ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

into_future!(CheckMgtKeyCall => bool);

// ---------------------------------------------------------------------------------------
// getInfos
// ---------------------------------------------------------------------------------------

/// `getInfos`: the state of many invoices. Built by
/// [`TaxinvoiceService::get_infos`](super::TaxinvoiceService::get_infos).
///
/// POPBiLL takes at most 1,000 document numbers per request; longer lists are sent as several
/// requests, one after the other, and the answers are concatenated in request order. An
/// empty list is a validation error. The lookups are idempotent, so each request is retried
/// on transient failures; the first failure that remains ends the call.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct GetInfosCall {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) key_type: MgtKeyType,
    pub(crate) keys: Vec<MgtKey>,
    pub(crate) opts: CallOpts,
}

impl GetInfosCall {
    call_options!();

    /// How many requests this call will send.
    pub fn request_count(&self) -> usize {
        self.keys.len().div_ceil(MAX_GET_INFOS)
    }

    /// Sends the lookups.
    pub async fn send(self) -> Result<Vec<TaxinvoiceInfo>> {
        let keys: Vec<&str> = self.keys.iter().map(MgtKey::as_str).collect();
        if keys.is_empty() {
            check_mgt_keys(&keys, MAX_GET_INFOS)?;
        }
        key_type_check(&self.key_type)?;
        let path = format!(
            "/Taxinvoice/{}",
            crate::pipeline::seg(&self.key_type.as_str())
        );
        let mut all = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(MAX_GET_INFOS) {
            let call = ti_op(
                &self.client,
                "Taxinvoice.getInfos",
                Method::Post,
                path.clone(),
            )
            .corp(&self.corp)
            .idempotent(true)
            .check(check_mgt_keys(chunk, MAX_GET_INFOS))
            .json_body(chunk)
            .json::<Vec<TaxinvoiceInfo>>();
            all.extend(self.opts.apply(call).await?);
        }
        Ok(all)
    }
}

into_future!(GetInfosCall => Vec<TaxinvoiceInfo>);

// ---------------------------------------------------------------------------------------
// Memo verbs
// ---------------------------------------------------------------------------------------

/// A state-changing verb whose body is only an optional memo (cancelIssue, request,
/// cancelRequest, refuse and the legacy send, cancelSend, accept, deny). Built by the
/// service methods of those names.
///
/// Without `.memo()` the request has an empty body, as the official Python SDK sends it;
/// with one, `{"memo": "..."}` (≤ 200 characters, validated). The legacy `send` also takes
/// `.email_subject()` (`{"memo", "emailSubject"}`).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct MemoCall {
    pub(crate) client: Popbill,
    pub(crate) name: &'static str,
    pub(crate) verb: &'static str,
    pub(crate) corp: CorpNum,
    pub(crate) key_type: MgtKeyType,
    pub(crate) mgt_key: MgtKey,
    pub(crate) body: MemoBody,
    pub(crate) takes_subject: bool,
    pub(crate) checks: Checks,
    pub(crate) opts: CallOpts,
}

impl MemoCall {
    call_options!();

    /// The state-history memo (≤ 200 characters; not shown to the customer).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body.memo = Some(memo.into());
        self
    }

    check_options!();

    /// The subject of the notification mail (≤ 300 characters). Only the legacy `send`
    /// takes one; on any other verb it is a validation error.
    pub fn email_subject(mut self, subject: impl Into<String>) -> Self {
        self.body.email_subject = Some(subject.into());
        self
    }

    /// The operation name, e.g. `Taxinvoice.cancelIssue`.
    pub fn operation_name(&self) -> &'static str {
        self.name
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Response> {
        let subject_misplaced = if !self.takes_subject && self.body.email_subject.is_some() {
            Err(ValidationErrors::single(
                "emailSubject",
                rule::CONDITIONAL,
                "only the legacy send takes an e-mail subject",
            ))
        } else {
            Ok(())
        };
        let mut op = doc_op(
            &self.client,
            self.name,
            Method::Post,
            &self.corp,
            &self.key_type,
            &self.mgt_key,
        )
        .method_override(self.verb)
        .check(subject_misplaced)
        .check(
            self.checks
                .run(&self.client, &self.body, Deadline::NotIssuing),
        );
        if !self.body.is_empty() {
            op = op.json_body(&self.body);
        }
        self.opts.apply(op.json::<Response>()).await
    }
}

into_future!(MemoCall => Response);

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
    pub(crate) checks: Checks,
    pub(crate) opts: CallOpts,
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
            checks: Checks::default(),
            opts: CallOpts::default(),
        }
    }

    call_options!();

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
            .run(&self.client, &self.body, Deadline::NotIssuing);
        let misplaced = self.misplaced_options();
        let builder = match &self.op {
            InvoiceOp::Register => ti_op(
                &self.client,
                "Taxinvoice.register",
                Method::Post,
                "/Taxinvoice",
            )
            .corp(&self.corp),
            InvoiceOp::Update(kt, key) => doc_op(
                &self.client,
                "Taxinvoice.update",
                Method::Post,
                &self.corp,
                kt,
                key,
            )
            .method_override("PATCH"),
            InvoiceOp::RegistRequest => ti_op(
                &self.client,
                "Taxinvoice.registRequest",
                Method::Post,
                "/Taxinvoice",
            )
            .corp(&self.corp)
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

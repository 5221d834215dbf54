//! What every call of every service shares: the per-call options ([`CallOptions`], set with
//! the `call_options!` methods), `IntoFuture` for call objects (`into_future!`), and the
//! pre-flight validation settings ([`ValidationSettings`], [`IssueDateRule`]).
//!
//! A plain [`Call`] and every call object of a service (`RegistIssueCall`, `GetInfosCall`,
//! pagers, pollers, …) carry the same [`CallOptions`]; a call object applies them to each
//! request it sends.

use std::time::Duration;

use popbill_model::{Validate, ValidationContext, ValidationErrors, rule};

use crate::client::Popbill;
use crate::pipeline::Call;
use crate::retry::RetryPolicy;

/// Per-call options: the user account, timeouts, retry policy and idempotency override.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) user_id: Option<String>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) idempotent: Option<bool>,
}

impl CallOptions {
    /// The options of a call that sets none.
    pub(crate) const NONE: CallOptions = CallOptions {
        user_id: None,
        attempt_timeout: None,
        operation_timeout: None,
        retry: None,
        idempotent: None,
    };

    /// Sets these options on a pipeline call (those it already has are replaced).
    pub(crate) fn apply<T: Send + 'static>(&self, mut call: Call<T>) -> Call<T> {
        let mine = call.options_mut();
        if let Some(u) = &self.user_id {
            mine.user_id = Some(u.clone());
        }
        if self.attempt_timeout.is_some() {
            mine.attempt_timeout = self.attempt_timeout;
        }
        if self.operation_timeout.is_some() {
            mine.operation_timeout = self.operation_timeout;
        }
        if let Some(r) = &self.retry {
            mine.retry = Some(r.clone());
        }
        if self.idempotent.is_some() {
            mine.idempotent = self.idempotent;
        }
        call
    }
}

/// The per-call option methods of a type with `fn options_mut(&mut self) -> &mut CallOptions`
/// (a [`Call`] or a call object).
macro_rules! call_options {
    () => {
        /// Acts as this POPBiLL user account (`x-pb-userid`).
        pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
            self.options_mut().user_id = Some(user_id.into());
            self
        }

        /// Timeout of each HTTP attempt.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options_mut().attempt_timeout = Some(timeout);
            self
        }

        /// Timeout of one request, retries included (a call that sends several requests
        /// applies it to each).
        pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options_mut().operation_timeout = Some(timeout);
            self
        }

        /// Retry policy of each request.
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.options_mut().retry = Some(policy);
            self
        }

        /// No automatic retries (an expired token is still renewed once).
        pub fn no_retry(self) -> Self {
            self.retry_policy($crate::retry::RetryPolicy::disabled())
        }
    };
    (object) => {
        $crate::call::call_options!();

        fn options_mut(&mut self) -> &mut $crate::call::CallOptions {
            &mut self.opts
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

/// Which rules that compare a document's date with today (Korean date) apply to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IssueDateRule {
    /// The call does not issue: no date-versus-today rules.
    NotIssuing,
    /// The call issues: the date not after today and not past the issuance deadline.
    Enforced,
    /// The call issues with `forceIssue`: late issuance is legal, a future date is not.
    Forced,
}

impl IssueDateRule {
    /// `Enforced`, or `Forced` when the call sets `forceIssue`.
    pub(crate) fn issuing(forced: bool) -> Self {
        if forced {
            IssueDateRule::Forced
        } else {
            IssueDateRule::Enforced
        }
    }
}

/// The pre-flight validation settings of one call object: `.skip_validation()` and the
/// per-call `.allow_test_corp_nums()` (see the `check_options!` macro).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ValidationSettings {
    pub(crate) skip: bool,
    pub(crate) allow_test_corp_nums: Option<bool>,
}

impl ValidationSettings {
    /// The context a call validates with: the client's, this call's settings, and today's
    /// Korean date when `rule` is an issuing one.
    pub(crate) fn context(self, client: &Popbill, rule: IssueDateRule) -> ValidationContext {
        let mut ctx = if rule == IssueDateRule::NotIssuing {
            client.base_validation_context()
        } else {
            client.validation_context()
        };
        if let Some(allow) = self.allow_test_corp_nums {
            ctx = ctx.allow_test_corp_nums(allow);
        }
        ctx
    }

    /// Validates `value` with [`context`](Self::context) under `rule`.
    pub(crate) fn run<V: Validate + ?Sized>(
        self,
        client: &Popbill,
        value: &V,
        rule: IssueDateRule,
    ) -> Result<(), ValidationErrors> {
        if self.skip {
            return Ok(());
        }
        let result = value.validate_with(&self.context(client, rule));
        match (rule, result) {
            (IssueDateRule::Forced, Err(errors)) => errors.retain(|v| v.rule != rule::LATE),
            (_, result) => result,
        }
    }
}

/// `.skip_validation()` for a call object with a `checks: ValidationSettings` field; with
/// `corp_nums`, also `.allow_test_corp_nums()` (for calls whose body carries business
/// numbers).
macro_rules! check_options {
    () => {
        /// Sends without validating first (the server stays the judge).
        pub fn skip_validation(mut self) -> Self {
            self.checks.skip = true;
            self
        }
    };
    (corp_nums) => {
        $crate::call::check_options!();

        /// Accepts (`true`) or rejects (`false`) business numbers whose check digit is wrong,
        /// overriding [`Config::allow_test_corp_nums`](crate::Config::allow_test_corp_nums).
        pub fn allow_test_corp_nums(mut self, allow: bool) -> Self {
            self.checks.allow_test_corp_nums = Some(allow);
            self
        }
    };
}
pub(crate) use check_options;

/// Every violation of several validation results, in order.
pub(crate) fn all_of<const N: usize>(
    results: [Result<(), ValidationErrors>; N],
) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = popbill_model::Validator::new(&ctx);
    for r in results {
        if let Err(e) = r {
            v.extend_prefixed("", e);
        }
    }
    v.finish()
}

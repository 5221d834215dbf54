//! What every call of every service shares: the per-call options ([`CallOptions`], set with
//! the `call_options!` methods), `IntoFuture` for call objects (`into_future!`), and the
//! pre-flight validation settings ([`ValidationSettings`], [`IssueDateRule`]).
//!
//! A plain [`Call`](crate::Call) and every call object of a service (`RegistIssueCall`, `GetInfosCall`,
//! pagers, pollers, …) carry the same [`CallOptions`]; a call object applies them to each
//! request it sends.

use popbill_model::{Validate, ValidationContext, ValidationErrors, rule};

use crate::client::Popbill;

pub(crate) use crate::pipeline::{CallOptions, call_options};

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

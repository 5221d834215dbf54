//! Validation: every violation at once, each with a field path, a rule id and a message.
//!
//! Rules are pre-flight checks of documented, stable invariants; the server stays
//! authoritative. A request carrying a code value this crate does not know fails with
//! [`rule::UNKNOWN_CODE`] unless [`ValidationContext::allow_unknown_codes`] is set (answers
//! keep unknown codes and are not validated). Validation never panics.
//!
//! Lengths are counted in Unicode scalar values (`char`s) by [`char_len`], the one place this
//! crate counts text. POPBiLL documents limits in characters (자); the server may count
//! differently for some fields (SMS contents are bytes), which is noted where it matters.

use std::fmt;

use crate::{CorpNum, Date8, MgtKey};

/// Counts text the way every length rule in this crate does: Unicode scalar values.
///
/// ```
/// assert_eq!(popbill_model::char_len("공급가액"), 4);
/// ```
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Stable rule identifiers used in [`Violation::rule`].
pub mod rule {
    /// A required field is missing or blank.
    pub const REQUIRED: &str = "required";
    /// Text longer than the documented maximum.
    pub const MAX_LENGTH: &str = "max_length";
    /// Text shorter than the documented minimum.
    pub const MIN_LENGTH: &str = "min_length";
    /// A character outside the allowed set.
    pub const CHARSET: &str = "charset";
    /// Wrong shape (digits, pattern).
    pub const FORMAT: &str = "format";
    /// Business number check digit.
    pub const CHECKSUM: &str = "checksum";
    /// Not a calendar date.
    pub const DATE: &str = "date";
    /// A value outside its allowed range or set.
    pub const RANGE: &str = "range";
    /// Amounts that do not add up.
    pub const TOTALS: &str = "totals";
    /// Serial numbers not 1..n in order.
    pub const SEQUENCE: &str = "sequence";
    /// Too many items in a list.
    pub const TOO_MANY: &str = "too_many";
    /// A field required or forbidden by another field's value.
    pub const CONDITIONAL: &str = "conditional";
    /// Amount signs that contradict each other or the revision reason.
    pub const SIGN: &str = "sign";
    /// Issuance later than the legal deadline.
    pub const LATE: &str = "late";
    /// A value that must be unique appears more than once.
    pub const DUPLICATE: &str = "duplicate";
    /// A code value this crate does not know, in a request (see
    /// [`ValidationContext::allow_unknown_codes`](crate::ValidationContext::allow_unknown_codes)).
    pub const UNKNOWN_CODE: &str = "unknown_code";
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Field path in wire names, e.g. `detailList[2].qty`.
    pub path: String,
    /// Rule id, one of [`rule`].
    pub rule: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl Violation {
    /// A new violation.
    pub fn new(path: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Violation {
            path: path.into(),
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.rule)
    }
}

/// All violations found in one value. Never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// A list with one violation.
    pub fn single(path: impl Into<String>, rule: &'static str, msg: impl Into<String>) -> Self {
        ValidationErrors {
            violations: vec![Violation::new(path, rule, msg)],
        }
    }

    /// The violations, in the order found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// True if some violation is at `path` with `rule`.
    pub fn has(&self, path: &str, rule: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.path == path && v.rule == rule)
    }

    /// Number of violations.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// Consumes into the list.
    pub fn into_vec(self) -> Vec<Violation> {
        self.violations
    }

    /// Keeps only the violations `keep` accepts; `Ok` when none is left.
    ///
    /// ```
    /// use popbill_model::{ValidationErrors, rule};
    /// let errs = ValidationErrors::single("writeDate", rule::LATE, "after the deadline");
    /// assert!(errs.retain(|v| v.rule != rule::LATE).is_ok());
    /// ```
    pub fn retain(mut self, keep: impl FnMut(&Violation) -> bool) -> Result<(), ValidationErrors> {
        self.violations.retain(keep);
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error(s)", self.violations.len())?;
        for v in &self.violations {
            write!(f, "; {v}")?;
        }
        Ok(())
    }
}

impl From<Violation> for ValidationErrors {
    fn from(v: Violation) -> Self {
        ValidationErrors {
            violations: vec![v],
        }
    }
}

/// Settings of a validation run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationContext {
    /// Accept business numbers whose check digit is wrong (the testbed's `1234567890`).
    pub allow_test_corp_nums: bool,
    /// Today in Korean time (UTC+9), for deadline rules. `None` skips them.
    pub today_kst: Option<Date8>,
    /// Accept code values this crate does not know (a `taxType` or `tradeUsage` added by
    /// POPBiLL after this release). Off by default: a request carrying an unknown code fails
    /// with [`rule::UNKNOWN_CODE`], because the server refuses values it does not know.
    /// Answers are never validated this way; they keep unknown codes.
    pub allow_unknown_codes: bool,
}

impl ValidationContext {
    /// Strict defaults: check digits checked, no date rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// Accept test business numbers that fail the check digit.
    pub fn allow_test_corp_nums(mut self, yes: bool) -> Self {
        self.allow_test_corp_nums = yes;
        self
    }

    /// Sets today's Korean date for deadline rules.
    pub fn today_kst(mut self, today: Date8) -> Self {
        self.today_kst = Some(today);
        self
    }

    /// Accept code values this crate does not know (see
    /// [`ValidationContext::allow_unknown_codes`](Self::allow_unknown_codes)).
    pub fn allow_unknown_codes(mut self, yes: bool) -> Self {
        self.allow_unknown_codes = yes;
        self
    }
}

/// Something that can be checked before it is sent.
///
/// `validate()` checks the document alone, with strict defaults: required fields, lengths,
/// formats, check digits, code values, sums and the rules between fields. What it does **not**
/// check, because it needs more than the document:
///
/// - rules against today's date (a write date in the future, late issuance after the deadline
///   of the Korean calendar): only when [`ValidationContext::today_kst`] is set;
/// - that the member making the call is the invoicer (forward issuance) or the trustee;
/// - anything only POPBiLL knows: whether the MgtKey is already used, the member's points, its
///   certificate, NTS results, or the state of an earlier document.
///
/// The facade's `validation_context()` builds the context a call uses (today in Korea from a
/// skew-corrected clock, test business numbers as the client is configured), and a call object's
/// `dry_run()` runs exactly the checks of that call, including the member check.
pub trait Validate {
    /// Checks every rule and reports all violations.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors>;

    /// Checks with strict defaults.
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_with(&ValidationContext::default())
    }
}

/// Collects violations; the building block of every `Validate` impl.
#[derive(Debug)]
pub struct Validator<'c> {
    ctx: &'c ValidationContext,
    out: Vec<Violation>,
}

fn blank(v: Option<&str>) -> bool {
    v.is_none_or(|s| s.trim().is_empty())
}

impl<'c> Validator<'c> {
    /// A collector for one run.
    pub fn new(ctx: &'c ValidationContext) -> Self {
        Validator {
            ctx,
            out: Vec::new(),
        }
    }

    /// The run's settings.
    pub fn ctx(&self) -> &'c ValidationContext {
        self.ctx
    }

    /// Records a violation.
    pub fn push(&mut self, path: impl Into<String>, rule: &'static str, msg: impl Into<String>) {
        self.out.push(Violation::new(path, rule, msg));
    }

    /// Records all violations of a nested run, prefixing their paths.
    pub fn extend_prefixed(&mut self, prefix: &str, errs: ValidationErrors) {
        for v in errs.violations {
            let path = if prefix.is_empty() {
                v.path
            } else {
                format!("{prefix}.{}", v.path)
            };
            self.out.push(Violation { path, ..v });
        }
    }

    /// Requires non-blank text. Returns whether it was present.
    pub fn required(&mut self, path: &str, v: Option<&str>) -> bool {
        if blank(v) {
            self.push(path, rule::REQUIRED, "is required");
            false
        } else {
            true
        }
    }

    /// Requires a value to be present.
    pub fn required_value<T>(&mut self, path: &str, v: Option<&T>) -> bool {
        if v.is_none() {
            self.push(path, rule::REQUIRED, "is required");
            false
        } else {
            true
        }
    }

    /// Maximum length in characters (see [`char_len`]); absent text passes.
    pub fn max_chars(&mut self, path: &str, v: Option<&str>, max: usize) {
        if let Some(s) = v {
            let n = char_len(s);
            if n > max {
                self.push(
                    path,
                    rule::MAX_LENGTH,
                    format!("must be at most {max} characters, got {n}"),
                );
            }
        }
    }

    /// Length range in characters for present text.
    pub fn chars_between(&mut self, path: &str, v: Option<&str>, min: usize, max: usize) {
        if let Some(s) = v {
            let n = char_len(s);
            if n < min {
                self.push(
                    path,
                    rule::MIN_LENGTH,
                    format!("must be at least {min} characters, got {n}"),
                );
            } else if n > max {
                self.push(
                    path,
                    rule::MAX_LENGTH,
                    format!("must be at most {max} characters, got {n}"),
                );
            }
        }
    }

    /// Exactly `n` ASCII digits, when present and non-empty.
    pub fn digits(&mut self, path: &str, v: Option<&str>, n: usize) {
        if let Some(s) = v.filter(|s| !s.is_empty()) {
            if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
                self.push(path, rule::FORMAT, format!("must be exactly {n} digits"));
            }
        }
    }

    /// A business number: 10 digits, and the check digit unless the context allows test numbers.
    pub fn corp_num(&mut self, path: &str, v: Option<&str>) {
        let Some(s) = v.filter(|s| !s.is_empty()) else {
            return;
        };
        match CorpNum::checksum_ok(s) {
            None => self.push(
                path,
                rule::FORMAT,
                "must be 10 digits without hyphens",
            ),
            Some(false) if !self.ctx.allow_test_corp_nums => self.push(
                path,
                rule::CHECKSUM,
                "business number check digit is wrong (use ValidationContext::allow_test_corp_nums for test numbers)",
            ),
            Some(_) => {}
        }
    }

    /// A document key (`MgtKey` rules), when present and non-empty.
    pub fn mgt_key(&mut self, path: &str, v: Option<&str>) {
        if let Some(s) = v.filter(|s| !s.is_empty()) {
            if let Err(e) = MgtKey::check(s) {
                let r = match e {
                    crate::KeyError::Charset { .. } => rule::CHARSET,
                    _ => rule::MAX_LENGTH,
                };
                self.push(path, r, e.to_string());
            }
        }
    }

    /// A known code value, unless the context allows unknown ones; absent values pass.
    /// Returns whether the value is present and known.
    pub fn known_code<C: crate::code_enum::CodeTable>(
        &mut self,
        path: &str,
        v: Option<&C>,
    ) -> bool {
        match v {
            Some(c) if c.is_unknown_code() => {
                if !self.ctx.allow_unknown_codes {
                    self.push(
                        path,
                        rule::UNKNOWN_CODE,
                        format!(
                            "{c} is not a known {} value (ValidationContext::allow_unknown_codes sends it anyway)",
                            C::TABLE
                        ),
                    );
                }
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    /// A `yyyyMMdd` calendar date, when present and non-empty.
    pub fn date8(&mut self, path: &str, v: Option<&str>) -> Option<Date8> {
        let s = v.filter(|s| !s.is_empty())?;
        match Date8::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(path, rule::DATE, e.to_string());
                None
            }
        }
    }

    /// Finishes the run.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.out.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors {
                violations: self.out,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_everything() {
        let ctx = ValidationContext::new();
        let mut v = Validator::new(&ctx);
        v.required("a", None);
        v.max_chars("b", Some("가나다"), 2);
        v.corp_num("c", Some("1234567890"));
        v.mgt_key("d", Some("no spaces"));
        v.date8("e", Some("20250230"));
        let errs = v.finish().expect_err("five violations");
        assert_eq!(errs.len(), 5);
        assert!(errs.has("a", rule::REQUIRED));
        assert!(errs.has("b", rule::MAX_LENGTH));
        assert!(errs.has("c", rule::CHECKSUM));
        assert!(errs.has("d", rule::CHARSET));
        assert!(errs.has("e", rule::DATE));
    }

    #[test]
    fn retain_filters_and_empties_to_ok() {
        let ctx = ValidationContext::new();
        let mut v = Validator::new(&ctx);
        v.push("a", rule::LATE, "late");
        v.push("b", rule::REQUIRED, "missing");
        let errs = v.finish().expect_err("two violations");
        let rest = errs
            .clone()
            .retain(|v| v.rule != rule::LATE)
            .expect_err("one left");
        assert_eq!(rest.len(), 1);
        assert!(rest.has("b", rule::REQUIRED));
        assert!(errs.retain(|_| false).is_ok());
    }

    #[test]
    fn test_numbers_allowed_on_request() {
        let ctx = ValidationContext::new().allow_test_corp_nums(true);
        let mut v = Validator::new(&ctx);
        v.corp_num("c", Some("1234567890"));
        assert!(v.finish().is_ok());
    }
}

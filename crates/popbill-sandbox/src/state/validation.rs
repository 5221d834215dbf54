//! Server-side invoice validation with the same popbill-model rules the client uses
//! (`Validate for Taxinvoice`, test business numbers allowed, "today" = the sandbox clock's
//! Korean date), answered as POPBiLL error codes: the documented code of the first violation
//! that has one (`error_code::for_violation`), else -11001099 naming every violation.

use popbill_model::taxinvoice::Taxinvoice;
use popbill_model::taxinvoice::error_code::for_violation;
use popbill_model::{Validate, ValidationContext, rule};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, codes};
use crate::state::Env;

/// What the invoice is being checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// register / update / registRequest: late issuance does not matter yet.
    Draft,
    /// issue / registIssue / bulk: late issuance needs `forceIssue`.
    Issue { force: bool },
}

/// Result of a successful check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Checked {
    /// The write date's issuance deadline has passed (issued with forceIssue).
    pub late: bool,
}

/// Parses the stored JSON into the model type; a type mismatch is a validation error naming
/// the field.
pub(crate) fn parse(map: &Map<String, Value>) -> ApiResult<Taxinvoice> {
    serde_json::from_value::<Taxinvoice>(Value::Object(map.clone())).map_err(|e| {
        ApiError::bad_request(
            codes::TI_VALIDATION,
            format!("세금계산서 정보가 올바르지 않습니다: {e}"),
        )
    })
}

/// Validates an invoice body.
pub(crate) fn check(
    map: &Map<String, Value>,
    env: &Env<'_>,
    purpose: Purpose,
) -> ApiResult<Checked> {
    let inv = parse(map)?;
    let ctx = ValidationContext::new()
        .allow_test_corp_nums(true)
        .today_kst(env.today);
    let errs = match inv.validate_with(&ctx) {
        Ok(()) => return Ok(Checked { late: false }),
        Err(e) => e,
    };
    let (late, others): (Vec<_>, Vec<_>) = errs
        .into_vec()
        .into_iter()
        .partition(|v| v.rule == rule::LATE);
    let late = !late.is_empty();
    if !others.is_empty() {
        let code = others
            .iter()
            .find_map(for_violation)
            .unwrap_or(codes::TI_VALIDATION);
        let all: Vec<String> = others.iter().map(ToString::to_string).collect();
        return Err(ApiError::bad_request(
            code,
            format!("세금계산서 검증 오류: {}", all.join("; ")),
        ));
    }
    if late {
        if let Purpose::Issue { force: false } = purpose {
            return Err(ApiError::bad_request(
                codes::TI_LATE_ISSUE,
                "발행기한이 지난 세금계산서입니다. 지연발행하려면 forceIssue를 true로 지정하세요. \
                 (late issuance refused without forceIssue)",
            ));
        }
    }
    Ok(Checked { late })
}

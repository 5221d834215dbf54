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

/// Top-level keys whose value is a list of objects.
const LISTS: [&str; 2] = ["detailList", "addContactList"];

/// Refuses values of the wrong JSON type, as the real server does: an object or array where a
/// scalar belongs (`invoicerCorpName: {}`), a boolean in a field that is not a `…YN` flag
/// (`taxType: true`). Numbers are left to the model (some SDKs send amounts as numbers).
pub(crate) fn check_json_types(map: &Map<String, Value>, code: i64) -> ApiResult<()> {
    fn scalar(path: &str, k: &str, v: &Value, code: i64) -> ApiResult<()> {
        let bad = match v {
            Value::Object(_) | Value::Array(_) => Some("must be a string, number or null"),
            Value::Bool(_) if !k.ends_with("YN") => Some("must not be a boolean"),
            _ => None,
        };
        match bad {
            Some(why) => Err(ApiError::bad_request(
                code,
                format!("{path}{k}: {why} (wrong JSON type)"),
            )),
            None => Ok(()),
        }
    }
    for (k, v) in map {
        if LISTS.contains(&k.as_str()) {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let Value::Object(m) = item else {
                            return Err(ApiError::bad_request(
                                code,
                                format!("{k}[{i}]: must be an object (wrong JSON type)"),
                            ));
                        };
                        for (ik, iv) in m {
                            scalar(&format!("{k}[{i}]."), ik, iv, code)?;
                        }
                    }
                }
                _ => {
                    return Err(ApiError::bad_request(
                        code,
                        format!("{k}: must be an array (wrong JSON type)"),
                    ));
                }
            }
        } else {
            scalar("", k, v, code)?;
        }
    }
    Ok(())
}

/// Parses the stored JSON into the model type; a type mismatch is a validation error naming
/// the field, an unknown code value (`taxType: "xxxxx"`, `purposeType: -1`) is -11001011.
pub(crate) fn parse(map: &Map<String, Value>) -> ApiResult<Taxinvoice> {
    check_json_types(map, codes::TI_VALIDATION)?;
    let inv = serde_json::from_value::<Taxinvoice>(Value::Object(map.clone())).map_err(|e| {
        ApiError::bad_request(
            codes::TI_VALIDATION,
            format!("세금계산서 정보가 올바르지 않습니다: {e}"),
        )
    })?;
    let unknown = [
        (
            "issueType",
            inv.issue_type.as_ref().is_some_and(|c| c.is_unknown()),
        ),
        (
            "chargeDirection",
            inv.charge_direction
                .as_ref()
                .is_some_and(|c| c.is_unknown()),
        ),
        (
            "purposeType",
            inv.purpose_type.as_ref().is_some_and(|c| c.is_unknown()),
        ),
        (
            "taxType",
            inv.tax_type.as_ref().is_some_and(|c| c.is_unknown()),
        ),
        (
            "invoiceeType",
            inv.invoicee_type.as_ref().is_some_and(|c| c.is_unknown()),
        ),
        (
            "modifyCode",
            inv.modify_code.as_ref().is_some_and(|c| c.is_unknown()),
        ),
    ];
    if let Some((field, _)) = unknown.iter().find(|(_, u)| *u) {
        return Err(ApiError::bad_request(
            codes::TI_INVALID_TYPE,
            format!(
                "{field}: {} is not a known value (invalid code)",
                map.get(*field).map(Value::to_string).unwrap_or_default()
            ),
        ));
    }
    Ok(inv)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use popbill_model::Date8;

    fn invoice() -> Map<String, Value> {
        serde_json::json!({
            "writeDate": "20250101", "chargeDirection": "정과금", "issueType": "정발행",
            "purposeType": "영수", "taxType": "과세",
            "invoicerCorpNum": "1234567890", "invoicerMgtKey": "K-1",
            "invoicerCorpName": "공급자", "invoicerCEOName": "대표",
            "invoiceeType": "사업자", "invoiceeCorpNum": "8888888888",
            "invoiceeCorpName": "공급받는자", "invoiceeCEOName": "대표",
            "supplyCostTotal": "100", "taxTotal": "10", "totalAmount": "110",
            "invoicerSMSSendYN": false,
            "detailList": [{"serialNum": 1, "purchaseDT": "20250101", "supplyCost": "100"}],
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    /// Issue 17 item 6: unknown codes and wrongly typed fields are refused, not issued.
    #[test]
    fn unknown_codes_and_wrong_types_are_refused() {
        let cfg = Config::default();
        let env = Env {
            cfg: &cfg,
            now_ms: 1_735_700_000_000,
            today: Date8::from_ymd(2025, 1, 1).expect("date"),
        };
        let issue = Purpose::Issue { force: true };
        assert!(
            check(&invoice(), &env, issue).is_ok(),
            "the base invoice is valid"
        );
        let cases: [(&str, Value, i64); 9] = [
            ("taxType", Value::from("xxxxx"), codes::TI_INVALID_TYPE),
            ("purposeType", Value::from(-1), codes::TI_INVALID_TYPE),
            ("invoiceeType", Value::from("zzz"), codes::TI_INVALID_TYPE),
            ("issueType", Value::from("무엇"), codes::TI_INVALID_TYPE),
            ("chargeDirection", Value::from("x"), codes::TI_INVALID_TYPE),
            (
                "invoicerCorpName",
                serde_json::json!({}),
                codes::TI_VALIDATION,
            ),
            (
                "invoicerCorpName",
                serde_json::json!([]),
                codes::TI_VALIDATION,
            ),
            ("taxType", Value::Bool(true), codes::TI_VALIDATION),
            (
                "detailList",
                serde_json::json!([{"itemName": {}}]),
                codes::TI_VALIDATION,
            ),
        ];
        for (field, value, code) in cases {
            let mut inv = invoice();
            inv.insert(field.into(), value.clone());
            let e = check(&inv, &env, issue).expect_err(field);
            assert_eq!(e.code, code, "{field} = {value}: {}", e.message);
            assert!(e.message.contains(field), "{field}: {}", e.message);
        }
    }
}

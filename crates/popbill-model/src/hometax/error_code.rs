//! Documented HomeTax collection error codes (`-111xxxxx`). They arrive either as the error of
//! an API call or as `errorCode`/`errorReason` of a finished job. POPBiLL's table continues
//! after -11100024; only this part is published.

/// HomeTax login failed (wrong department-user password, unusable certificate, …).
pub const LOGIN_FAILED: i64 = -11_100_001;
/// The collection job could not be initialised.
pub const JOB_INIT_FAILED: i64 = -11_100_002;
/// Error checking the e-tax-invoice session range.
pub const TAXINVOICE_SESSION_RANGE: i64 = -11_100_003;
/// Error checking the cash-receipt session range.
pub const CASHBILL_SESSION_RANGE: i64 = -11_100_004;
/// SSO token creation failed.
pub const SSO_TOKEN_FAILED: i64 = -11_100_005;
/// HomeTax session check failed.
pub const SESSION_CHECK_FAILED: i64 = -11_100_006;
/// Receiving e-tax-invoice data from the NTS failed.
pub const TAXINVOICE_RECEIVE_FAILED: i64 = -11_100_007;
/// Logged out by HomeTax's duplicate-login blocking (a certificate used twice at once).
pub const DUPLICATE_LOGIN: i64 = -11_100_008;
/// Invalid HomeTax response.
pub const INVALID_HOMETAX_RESPONSE: i64 = -11_100_009;
/// Receiving cash-receipt data from the NTS failed.
pub const CASHBILL_RECEIVE_FAILED: i64 = -11_100_010;
/// The NTS response lacks mandatory information.
pub const NTS_RESPONSE_INCOMPLETE: i64 = -11_100_011;
/// Collecting an e-tax invoice's XML failed.
pub const XML_CRAWL_FAILED: i64 = -11_100_012;
/// The collected XML has an invalid format.
pub const XML_INVALID: i64 = -11_100_013;
/// The seller/buyer business numbers could not be extracted.
pub const PARTIES_UNREADABLE: i64 = -11_100_014;
/// Invalid HomeTax response to an XML request.
pub const XML_RESPONSE_INVALID: i64 = -11_100_015;
/// Unknown error during HomeTax login.
pub const LOGIN_UNKNOWN: i64 = -11_100_016;
/// Unknown error during collection.
pub const CRAWL_UNKNOWN: i64 = -11_100_017;
/// Invalid session (job) id.
pub const INVALID_SESSION_ID: i64 = -11_100_018;
/// Invalid CorpNum.
pub const INVALID_CORP_NUM: i64 = -11_100_019;
/// Invalid NTS confirmation number.
pub const INVALID_NTS_CONFIRM_NUM: i64 = -11_100_020;
/// Department-user validation failed.
pub const DEPT_USER_INVALID: i64 = -11_100_021;
/// The department user belongs to another business number than the member.
pub const DEPT_USER_CORP_MISMATCH: i64 = -11_100_022;
/// The department user is not registered for the e-tax-invoice service.
pub const DEPT_USER_NOT_REGISTERED_TAXINVOICE: i64 = -11_100_023;
/// The department user is not registered for the cash-receipt service.
pub const DEPT_USER_NOT_REGISTERED_CASHBILL: i64 = -11_100_024;

/// True for a code of the HomeTax collection family (`-111xxxxx`).
///
/// ```
/// use popbill_model::hometax::error_code::{is_hometax_code, LOGIN_FAILED};
/// assert!(is_hometax_code(LOGIN_FAILED));
/// assert!(!is_hometax_code(-11_000_000));
/// ```
pub fn is_hometax_code(code: i64) -> bool {
    (-11_199_999..=-11_100_000).contains(&code)
}

/// True for codes that mean "the stored HomeTax credential does not work" (login failed,
/// duplicate login, department user invalid or not registered): retrying will not help until
/// the member fixes the credential.
pub fn is_credential_failure(code: i64) -> bool {
    matches!(
        code,
        LOGIN_FAILED
            | DUPLICATE_LOGIN
            | LOGIN_UNKNOWN
            | DEPT_USER_INVALID
            | DEPT_USER_CORP_MISMATCH
            | DEPT_USER_NOT_REGISTERED_TAXINVOICE
            | DEPT_USER_NOT_REGISTERED_CASHBILL
    )
}

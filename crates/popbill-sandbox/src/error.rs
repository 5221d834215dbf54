//! The error answer of every sandbox endpoint: `{"code": <negative>, "message": "..."}` with a
//! 4xx/5xx status, and the table of codes the sandbox uses.
//!
//! Codes documented by POPBiLL are used with their documented meaning. Where
//! POPBiLL's code is not known, the sandbox picks one in the same family and says so in
//! [`codes`] ("sandbox choice"); `docs/sandbox.md` lists them all.

use http::StatusCode;

/// Error codes answered by the sandbox.
pub mod codes {
    // ---- Linkhub (auth host). -990* is the points/Linkhub family in POPBiLL's docs. Unknown
    // LinkID, signature mismatch and request-time rejection use the codes public third-party
    // integrations measured against the real server (uncertain, not in POPBiLL's docs); the
    // rest are sandbox choices in the -9900300x range.
    /// Unknown LinkID (third-party measurement).
    pub const LH_UNKNOWN_LINK_ID: i64 = -99004021;
    /// Missing or malformed `Authorization: LINKHUB <LinkID> <signature>` (sandbox choice).
    pub const LH_BAD_AUTHORIZATION: i64 = -99003002;
    /// Signature does not match the request (third-party measurement).
    pub const LH_BAD_SIGNATURE: i64 = -99010007;
    /// `x-lh-date` missing, malformed or outside the ±5 minute window (third-party label:
    /// request time rejected).
    pub const LH_BAD_DATE: i64 = -99010004;
    /// `x-lh-version` is not `2.0` (sandbox choice).
    pub const LH_BAD_VERSION: i64 = -99003005;
    /// Token request body is not `{"access_id", "scope"}` (sandbox choice).
    pub const LH_BAD_BODY: i64 = -99003006;
    /// Unknown ServiceID in the path (sandbox choice).
    pub const LH_UNKNOWN_SERVICE: i64 = -99003007;
    /// The access_id (CorpNum) is not a POPBiLL member (`--strict-members`); third-party
    /// sources label -99003008 "business number not found".
    pub const LH_NOT_MEMBER: i64 = -99003008;
    /// Not enough points for a charged operation (sandbox choice, -990* = points family).
    pub const POINTS_INSUFFICIENT: i64 = -99000001;

    // ---- Bearer token checks on every API call.
    /// Documented: auth token missing.
    pub const TOKEN_MISSING: i64 = -10000034;
    /// Documented: token could not be interpreted (unknown token).
    pub const TOKEN_UNKNOWN: i64 = -10000033;
    /// Token expired: the documented "token could not be interpreted" code, as POPBiLL
    /// documents no separate one (the message says "expired"; HTTP 401 either way).
    pub const TOKEN_EXPIRED: i64 = -10000033;
    /// Token lacks the scope of the service called (sandbox choice).
    pub const TOKEN_SCOPE: i64 = -10000031;

    // ---- Common POPBiLL / member codes (documented by POPBiLL).
    /// Documented: ID not entered.
    pub const ID_MISSING: i64 = -10000006;
    /// Documented: invalid password format.
    pub const PASSWORD_FORMAT: i64 = -10000007;
    /// Documented: no account for the ID.
    pub const ID_NOT_FOUND: i64 = -10000008;
    /// Documented: no user for the business number (member unknown).
    pub const MEMBER_NOT_FOUND: i64 = -10000014;
    /// Documented: business number not entered.
    pub const CORP_NUM_MISSING: i64 = -10000015;
    /// Documented: error while attaching a file (also: more than 5 files).
    pub const FILE_ATTACH: i64 = -10000035;
    /// Documented: LinkID to check not entered.
    pub const LINK_ID_MISSING: i64 = -10000040;
    /// Documented: ID must be 4-50 characters (the sandbox uses 6-50 for new IDs, as documented for JoinForm).
    pub const ID_LENGTH: i64 = -10000041;
    /// Documented: ID contains disallowed characters.
    pub const ID_CHARSET: i64 = -10000042;
    /// Documented: already a member.
    pub const ALREADY_MEMBER: i64 = -10001000;
    /// Documented: company information missing (a required JoinForm/CorpInfo field).
    pub const CORP_INFO_MISSING: i64 = -10001001;
    /// ID already in use (sandbox choice).
    pub const ID_IN_USE: i64 = -10001002;
    /// A required form field is missing or too long (sandbox choice).
    pub const FORM_INVALID: i64 = -10001003;
    /// Refund/payment/settle code not found (sandbox choice).
    pub const CODE_NOT_FOUND: i64 = -10001004;

    // ---- Request shape (sandbox choices in the common family).
    /// Malformed JSON body.
    pub const BAD_JSON: i64 = -10000050;
    /// Content-Type not acceptable for this endpoint.
    pub const BAD_CONTENT_TYPE: i64 = -10000051;
    /// Body larger than the 10 MiB cap.
    pub const BODY_TOO_LARGE: i64 = -10000052;
    /// No such endpoint.
    pub const UNKNOWN_ROUTE: i64 = -10000053;
    /// A query parameter is missing or invalid.
    pub const BAD_QUERY: i64 = -10000054;
    /// Method (or X-HTTP-Method-Override verb) not allowed on this path.
    pub const BAD_METHOD: i64 = -10000055;
    /// Too many open connections: a connection beyond the cap is answered this (503) and
    /// closed (sandbox choice).
    pub const TOO_MANY_CONNECTIONS: i64 = -10000056;
    /// An injected fault (fault injection is on).
    pub const INJECTED_FAULT: i64 = -10000099;
    /// Internal error (never expected; reported instead of panicking).
    pub const INTERNAL: i64 = -99999998;

    // ---- Taxinvoice (documented by POPBiLL unless marked).
    /// Documented: invoice does not exist (by ItemKey).
    pub const TI_NOT_FOUND: i64 = -11000000;
    /// Documented: request cannot be processed for this invoice (state does not allow it).
    pub const TI_STATE: i64 = -11000001;
    /// MgtKey already in use for this member and key type (sandbox choice).
    pub const TI_MGTKEY_IN_USE: i64 = -11000004;
    /// Documented: document number (MgtKey) does not exist (checkMgtKeyInUse maps it to false).
    pub const TI_MGTKEY_NOT_FOUND: i64 = -11000005;
    /// Documented: ItemKey not entered / malformed.
    pub const TI_ITEMKEY_MISSING: i64 = -11000006;
    /// Documented: caller's BRN does not match the invoice's.
    pub const TI_CORP_MISMATCH: i64 = -11001000;
    /// Documented: writeDate missing.
    pub const TI_WRITE_DATE_MISSING: i64 = -11001001;
    /// Documented: issueType missing.
    pub const TI_ISSUE_TYPE_MISSING: i64 = -11001003;
    /// Documented: purposeType missing.
    pub const TI_PURPOSE_TYPE_MISSING: i64 = -11001004;
    /// Documented: taxType missing.
    pub const TI_TAX_TYPE_MISSING: i64 = -11001005;
    /// Documented: 역과금 only with 역발행.
    pub const TI_REVERSE_CHARGE: i64 = -11001006;
    /// Documented: remark1 (foreigner id) missing.
    pub const TI_REMARK1_MISSING: i64 = -11001007;
    /// Documented: invalid modifyCode / revised-invoice fields.
    pub const TI_MODIFY_CODE: i64 = -11001009;
    /// Documented: only negative amounts for modifyCode 3/4.
    pub const TI_NEGATIVE_ONLY: i64 = -11001010;
    /// Documented: invalid invoice type (an enumerated field has an unknown value).
    pub const TI_INVALID_TYPE: i64 = -11001011;
    /// Documented: chargeDirection missing.
    pub const TI_CHARGE_DIRECTION_MISSING: i64 = -11001012;
    /// Documented: seller BRN missing.
    pub const TI_INVOICER_CORP_NUM_MISSING: i64 = -11001013;
    /// Documented: seller BRN invalid.
    pub const TI_INVOICER_CORP_NUM_INVALID: i64 = -11001014;
    /// Documented: seller company name missing.
    pub const TI_INVOICER_CORP_NAME_MISSING: i64 = -11001015;
    /// Documented: seller CEO name missing.
    pub const TI_INVOICER_CEO_NAME_MISSING: i64 = -11001016;
    /// Third-party label: buyer BRN invalid.
    pub const TI_INVOICEE_CORP_NUM_INVALID: i64 = -11001021;
    /// Any other validation rule of popbill-model (sandbox choice); the message names the field.
    pub const TI_VALIDATION: i64 = -11001099;
    /// Late issuance (write date's deadline passed) without forceIssue (sandbox choice).
    pub const TI_LATE_ISSUE: i64 = -11002013;
    /// Attached file not found (sandbox choice).
    pub const TI_FILE_NOT_FOUND: i64 = -11000036;
    /// Bulk: SubmitID missing or malformed (sandbox choice).
    pub const TI_SUBMIT_ID: i64 = -11000012;
    /// Bulk: SubmitID reused with a different body (sandbox choice).
    pub const TI_SUBMIT_ID_CONFLICT: i64 = -11000013;
    /// Bulk: x-pb-message-digest does not match the body (sandbox choice).
    pub const TI_DIGEST: i64 = -11000014;
    /// Bulk submission not found (sandbox choice).
    pub const TI_SUBMIT_NOT_FOUND: i64 = -11000015;
    /// A view/print URL expired or unknown (sandbox choice; served as an HTML error page).
    pub const VIEW_EXPIRED: i64 = -10000060;
}

/// A failed request: HTTP status plus POPBiLL `{code, message}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the answer (4xx or 5xx).
    pub status: StatusCode,
    /// Negative POPBiLL code.
    pub code: i64,
    /// Human-readable message.
    pub message: String,
}

impl ApiError {
    /// An error with an explicit status.
    pub fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401 Unauthorized.
    pub fn unauthorized(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 403 Forbidden.
    pub fn forbidden(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 404 Not Found.
    pub fn not_found(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409 Conflict (a state that does not allow the operation, a key in use).
    pub fn conflict(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// The JSON body `{"code":..,"message":..}`.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({"code": self.code, "message": self.message})
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {} ({})", self.code, self.message, self.status)
    }
}

impl std::error::Error for ApiError {}

/// Result of a handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

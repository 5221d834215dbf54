//! [`ErrorCode`]: POPBiLL's negative 8-digit result codes, with a named constant and a
//! description for every code POPBiLL documents for the member, Taxinvoice, Cashbill and
//! HomeTax APIs, and for every code the `popbill-sandbox` answers.
//!
//! Where POPBiLL documents no code for a condition (a MgtKey already in use, late issuance,
//! too few points, a bulk SubmitID conflict, ...), the constant carries the code the sandbox
//! answers, and its description says so: match such conditions with the predicates
//! ([`ErrorCode::is_mgt_key_in_use`], [`ErrorCode::is_late_issuance`], ...) rather than on the
//! number, so that a later release can add POPBiLL's own code to the same predicate.
//!
//! Families: `-100xxxxx` common/member, `-110xxxxx` e-tax invoice, `-111xxxxx` HomeTax
//! crawling, `-140xxxxx` cash receipt, `-990xxxxx` points and Linkhub, `-99999999` client-side.
//! A code that has no constant here is still a valid `ErrorCode`; new server codes need no
//! new release.

use std::fmt;

/// A POPBiLL / Linkhub result code (negative on failure).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ErrorCode(pub i64);

macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $name:ident = $value:literal;)*) => {
        impl ErrorCode {
            $(
                $(#[doc = $doc])+
                pub const $name: ErrorCode = ErrorCode($value);
            )*
        }

        const TABLE: &[(i64, &str)] = &[$(($value, concat!($($doc),+))),*];
    };
}

codes! {
    /// The SDK's own failure: validation before sending, or an unreadable answer
    /// (all official SDKs use it for client-side errors).
    CLIENT_ERROR = -99999999;

    // ---- common / member (-100xxxxx)
    /// ID not entered.
    ID_NOT_ENTERED = -10000006;
    /// Invalid password format.
    INVALID_PASSWORD_FORMAT = -10000007;
    /// No account for the ID.
    ACCOUNT_NOT_FOUND = -10000008;
    /// Wrong password.
    WRONG_PASSWORD = -10000009;
    /// Partner information not found.
    PARTNER_NOT_FOUND = -10000010;
    /// User information not found.
    USER_NOT_FOUND = -10000011;
    /// No master user for the LinkID and business number.
    NO_MASTER_USER = -10000012;
    /// No user for the business number.
    NO_USER_FOR_CORP_NUM = -10000014;
    /// Business number not entered.
    CORP_NUM_NOT_ENTERED = -10000015;
    /// ID disabled.
    ID_DISABLED = -10000018;
    /// ID inactive.
    ID_INACTIVE = -10000019;
    /// ID deleted.
    ID_DELETED = -10000020;
    /// ID disabled (second variant).
    ID_DISABLED_2 = -10000021;
    /// No access-IP information.
    NO_ACCESS_IP = -10000029;
    /// Token generation failed.
    TOKEN_GENERATION_FAILED = -10000032;
    /// The session token does not carry the scope of the service called (sandbox code;
    /// POPBiLL documents none).
    TOKEN_SCOPE = -10000031;
    /// Token could not be interpreted (expired or invalid session token).
    TOKEN_INVALID = -10000033;
    /// Auth token missing.
    TOKEN_MISSING = -10000034;
    /// Error while attaching a file.
    FILE_ATTACH_FAILED = -10000035;
    /// Invalid ID.
    INVALID_ID = -10000038;
    /// The ID does not belong to the member.
    ID_NOT_OF_MEMBER = -10000039;
    /// LinkID to check not entered.
    LINK_ID_NOT_ENTERED = -10000040;
    /// ID must be 4 to 50 characters.
    ID_LENGTH = -10000041;
    /// ID contains disallowed characters.
    ID_CHARSET = -10000042;
    /// Password contains disallowed characters.
    PASSWORD_CHARSET = -10000045;
    /// Malformed JSON request body (sandbox code; POPBiLL documents none).
    REQUEST_MALFORMED_JSON = -10000050;
    /// Content-Type not acceptable for the endpoint (sandbox code; POPBiLL documents none).
    REQUEST_BAD_CONTENT_TYPE = -10000051;
    /// Request body larger than the server accepts (sandbox code; POPBiLL documents none).
    REQUEST_BODY_TOO_LARGE = -10000052;
    /// No such endpoint (sandbox code; POPBiLL documents none).
    REQUEST_UNKNOWN_ROUTE = -10000053;
    /// A query parameter is missing or invalid (sandbox code; POPBiLL documents none).
    REQUEST_BAD_QUERY = -10000054;
    /// Method (or X-HTTP-Method-Override verb) not allowed on the path (sandbox code;
    /// POPBiLL documents none).
    REQUEST_BAD_METHOD = -10000055;
    /// A view, print or popup URL expired or unknown (sandbox code; POPBiLL documents none).
    URL_EXPIRED = -10000060;
    /// Too many open connections: the server sheds the connection with a 503 (sandbox code;
    /// POPBiLL documents none).
    SERVER_TOO_MANY_CONNECTIONS = -10000056;
    /// A fault injected on purpose by the sandbox's fault injection.
    SANDBOX_INJECTED_FAULT = -10000099;
    /// Already a member.
    ALREADY_MEMBER = -10001000;
    /// Company information missing.
    CORP_INFO_MISSING = -10001001;
    /// The user ID is already in use (sandbox code; POPBiLL documents none).
    ID_IN_USE = -10001002;
    /// A required form field is missing or too long (sandbox code; POPBiLL documents none).
    FORM_INVALID = -10001003;
    /// Refund, payment or settlement code not found (sandbox code; POPBiLL documents none).
    HISTORY_CODE_NOT_FOUND = -10001004;
    /// No certificate registered ("등록된 공인인증서가 없습니다", as the official Python SDK's
    /// Taxinvoice example documents for getCertificateExpireDate). The sandbox also answers
    /// it for HomeTax's GetCertificateExpireDate and CheckCertValidation without a registered
    /// certificate; POPBiLL documents no code for that case.
    CERTIFICATE_NOT_FOUND = -10002009;

    // ---- e-tax invoice (-110xxxxx)
    /// Invoice does not exist.
    TAXINVOICE_NOT_FOUND = -11000000;
    /// The request cannot be processed for this invoice.
    TAXINVOICE_CANNOT_PROCESS = -11000001;
    /// The MgtKey is already used by another invoice of the member and key type (sandbox
    /// code; POPBiLL documents none).
    TAXINVOICE_MGT_KEY_IN_USE = -11000004;
    /// Document number (MgtKey) does not exist (checkMgtKeyInUse answers "not in use").
    TAXINVOICE_MGT_KEY_NOT_FOUND = -11000005;
    /// POPBiLL ItemKey not entered.
    TAXINVOICE_ITEM_KEY_MISSING = -11000006;
    /// Invoice not accessible.
    TAXINVOICE_NOT_ACCESSIBLE = -11000007;
    /// Insufficient permission to query the invoice.
    TAXINVOICE_NO_PERMISSION = -11000008;
    /// Insufficient permission to query the invoice (second variant).
    TAXINVOICE_NO_PERMISSION_2 = -11000009;
    /// Bulk submission: SubmitID missing or malformed (sandbox code; POPBiLL documents none).
    TAXINVOICE_SUBMIT_ID_INVALID = -11000012;
    /// Bulk submission: the SubmitID was used before with a different body (sandbox code;
    /// POPBiLL documents none).
    TAXINVOICE_SUBMIT_ID_CONFLICT = -11000013;
    /// Bulk submission: `x-pb-message-digest` does not match the body (sandbox code; POPBiLL
    /// documents none).
    TAXINVOICE_DIGEST_MISMATCH = -11000014;
    /// Bulk submission not found (sandbox code; POPBiLL documents none).
    TAXINVOICE_SUBMIT_NOT_FOUND = -11000015;
    /// Attached file not found (sandbox code; POPBiLL documents none).
    TAXINVOICE_FILE_NOT_FOUND = -11000036;
    /// The caller's business number does not match the invoice's.
    TAXINVOICE_CORP_NUM_MISMATCH = -11001000;
    /// writeDate missing.
    TAXINVOICE_WRITE_DATE_MISSING = -11001001;
    /// issueType missing.
    TAXINVOICE_ISSUE_TYPE_MISSING = -11001003;
    /// purposeType missing.
    TAXINVOICE_PURPOSE_TYPE_MISSING = -11001004;
    /// taxType missing.
    TAXINVOICE_TAX_TYPE_MISSING = -11001005;
    /// Buyer-charged (역과금) is only allowed for reverse issuance.
    TAXINVOICE_REVERSE_CHARGE_NOT_ALLOWED = -11001006;
    /// remark1 (foreigner registration or passport number) missing.
    TAXINVOICE_REMARK1_MISSING = -11001007;
    /// Invalid modifyCode.
    TAXINVOICE_INVALID_MODIFY_CODE = -11001009;
    /// Only negative amounts are allowed for modifyCode 3 and 4.
    TAXINVOICE_NEGATIVE_AMOUNT_REQUIRED = -11001010;
    /// Invalid invoice type.
    TAXINVOICE_INVALID_TYPE = -11001011;
    /// chargeDirection missing.
    TAXINVOICE_CHARGE_DIRECTION_MISSING = -11001012;
    /// Seller business number missing.
    TAXINVOICE_INVOICER_CORP_NUM_MISSING = -11001013;
    /// Seller business number invalid.
    TAXINVOICE_INVOICER_CORP_NUM_INVALID = -11001014;
    /// Seller company name missing.
    TAXINVOICE_INVOICER_CORP_NAME_MISSING = -11001015;
    /// Seller CEO name missing.
    TAXINVOICE_INVOICER_CEO_NAME_MISSING = -11001016;
    /// A contact-person name field missing (uncertain).
    TAXINVOICE_CONTACT_NAME_MISSING = -11001018;
    /// Buyer business number invalid (third-party label, uncertain).
    TAXINVOICE_INVOICEE_CORP_NUM_INVALID = -11001021;
    /// The invoice breaks another validation rule; the message names the field (sandbox
    /// code; POPBiLL documents none).
    TAXINVOICE_VALIDATION = -11001099;
    /// Late issuance: the write date's issuance deadline has passed and `forceIssue` was not
    /// set (sandbox code; POPBiLL documents none).
    TAXINVOICE_LATE_ISSUE = -11002013;
    /// Certificate not valid (third-party label, uncertain).
    TAXINVOICE_CERTIFICATE_INVALID = -11002031;

    // ---- HomeTax crawling (-111xxxxx)
    // Codes and meanings -11100001..-11100024 are POPBiLL's published table (the table goes
    // on, unpublished). Which of them POPBiLL answers in a given situation is documented only
    // where a description below does not say "sandbox"; the sandbox's own choices are named.
    /// HomeTax login failed. The sandbox also answers it when the member has no HomeTax
    /// credential at all (POPBiLL describes that case as a failed login or missing
    /// authentication information, without a code).
    HOMETAX_LOGIN_FAILED = -11100001;
    /// Crawl job initialisation failed.
    HOMETAX_JOB_INIT_FAILED = -11100002;
    /// Error checking the e-tax-invoice session range.
    HOMETAX_TAXINVOICE_SESSION_RANGE = -11100003;
    /// Error checking the cash-receipt session range.
    HOMETAX_CASHBILL_SESSION_RANGE = -11100004;
    /// SSO token creation failed.
    HOMETAX_SSO_TOKEN_FAILED = -11100005;
    /// HomeTax session check failed.
    HOMETAX_SESSION_CHECK_FAILED = -11100006;
    /// Failed receiving e-tax invoice data from the NTS.
    HOMETAX_TAXINVOICE_RECEIVE_FAILED = -11100007;
    /// Logged out by HomeTax duplicate-login blocking.
    HOMETAX_DUPLICATE_LOGIN = -11100008;
    /// Invalid HomeTax response.
    HOMETAX_INVALID_RESPONSE = -11100009;
    /// Failed receiving cash receipt data from the NTS.
    HOMETAX_CASHBILL_RECEIVE_FAILED = -11100010;
    /// The NTS response lacks mandatory information.
    HOMETAX_INCOMPLETE_RESPONSE = -11100011;
    /// E-tax invoice XML crawl failed.
    HOMETAX_XML_CRAWL_FAILED = -11100012;
    /// Crawled XML has an invalid format.
    HOMETAX_XML_INVALID = -11100013;
    /// Could not extract the seller/buyer business numbers.
    HOMETAX_CORP_NUM_EXTRACT_FAILED = -11100014;
    /// Invalid HomeTax response to the XML request.
    HOMETAX_XML_RESPONSE_INVALID = -11100015;
    /// Unknown error during HomeTax login.
    HOMETAX_LOGIN_UNKNOWN = -11100016;
    /// Unknown error during crawling. The sandbox answers it for GetFlatRateState of a
    /// member without a flat-rate contract (sandbox choice; POPBiLL documents no code for it).
    HOMETAX_CRAWL_UNKNOWN = -11100017;
    /// Invalid SessionID (job id). The sandbox also answers it for a job requested more than
    /// an hour ago (POPBiLL documents that such a job is no longer returned, not the code);
    /// the client's crawl takes it for an expired job.
    HOMETAX_INVALID_SESSION_ID = -11100018;
    /// Invalid CorpNum.
    HOMETAX_INVALID_CORP_NUM = -11100019;
    /// Invalid NTSConfirmNum.
    HOMETAX_INVALID_NTS_CONFIRM_NUM = -11100020;
    /// Department user validation failed. The sandbox answers it for a registration with an
    /// empty or too long ID or password and for a login without a required `secAuth`
    /// (sandbox choice; POPBiLL documents no code for these).
    HOMETAX_DEPT_USER_INVALID = -11100021;
    /// The department user's business number differs from the member's.
    HOMETAX_DEPT_USER_CORP_NUM_MISMATCH = -11100022;
    /// Department user not registered for the HomeTax e-tax-invoice service. The sandbox
    /// also answers it when no department user is registered with POPBiLL for the service
    /// (sandbox choice; POPBiLL documents no code for that).
    HOMETAX_DEPT_USER_NO_TAXINVOICE = -11100023;
    /// Department user not registered for the HomeTax cash-receipt service; the sandbox
    /// also answers it when none is registered with POPBiLL (as -11100023).
    HOMETAX_DEPT_USER_NO_CASHBILL = -11100024;

    // ---- cash receipt (-140xxxxx)
    /// Cash receipt does not exist.
    CASHBILL_NOT_FOUND = -14000000;
    /// Cannot search the cash receipt.
    CASHBILL_CANNOT_SEARCH = -14000001;
    /// No permission to view it.
    CASHBILL_NO_PERMISSION = -14000002;
    /// No cash receipt for this MgtKey (checkMgtKeyInUse answers "not in use").
    CASHBILL_MGT_KEY_NOT_FOUND = -14000003;
    /// MgtKey already used by another cash receipt.
    CASHBILL_MGT_KEY_USED = -14000004;
    /// The cash receipt's state does not allow the operation (sandbox code; POPBiLL
    /// documents none).
    CASHBILL_CANNOT_PROCESS = -14000010;
    /// Bulk submission: SubmitID missing or malformed (sandbox code; POPBiLL documents none).
    CASHBILL_SUBMIT_ID_INVALID = -14000012;
    /// Bulk submission: the SubmitID was used before with a different body (sandbox code;
    /// POPBiLL documents none).
    CASHBILL_SUBMIT_ID_CONFLICT = -14000013;
    /// Bulk submission: `x-pb-message-digest` does not match the body (sandbox code;
    /// POPBiLL documents none).
    CASHBILL_DIGEST_MISMATCH = -14000014;
    /// Bulk submission not found (sandbox code; POPBiLL documents none).
    CASHBILL_SUBMIT_NOT_FOUND = -14000015;
    /// Seller business number missing.
    CASHBILL_FRANCHISE_CORP_NUM_MISSING = -14001001;
    /// Seller business number invalid.
    CASHBILL_FRANCHISE_CORP_NUM_INVALID = -14001002;
    /// Identity number missing.
    CASHBILL_IDENTITY_NUM_MISSING = -14001004;
    /// serviceFee missing.
    CASHBILL_SERVICE_FEE_MISSING = -14001008;
    /// serviceFee negative.
    CASHBILL_SERVICE_FEE_NEGATIVE = -14001009;
    /// supplyCost missing.
    CASHBILL_SUPPLY_COST_MISSING = -14001010;
    /// supplyCost negative.
    CASHBILL_SUPPLY_COST_NEGATIVE = -14001011;
    /// tax missing.
    CASHBILL_TAX_MISSING = -14001012;
    /// tax negative.
    CASHBILL_TAX_NEGATIVE = -14001013;
    /// totalAmount missing.
    CASHBILL_TOTAL_AMOUNT_MISSING = -14001014;
    /// totalAmount negative.
    CASHBILL_TOTAL_AMOUNT_NEGATIVE = -14001015;
    /// tradeType missing.
    CASHBILL_TRADE_TYPE_MISSING = -14001017;
    /// tradeUsage missing.
    CASHBILL_TRADE_USAGE_MISSING = -14001018;
    /// MgtKey already in use.
    CASHBILL_MGT_KEY_IN_USE = -14001019;
    /// The original cash receipt does not exist.
    CASHBILL_ORIGINAL_NOT_FOUND = -14001020;
    /// Revocation refused: the original is not yet filed to the NTS.
    CASHBILL_ORIGINAL_NOT_FILED = -14001021;
    /// Seller business number differs from the original.
    CASHBILL_ORIGINAL_CORP_NUM_MISMATCH = -14001022;
    /// Revocation supplyCost exceeds the original.
    CASHBILL_REVOKE_EXCEEDS_ORIGINAL = -14001023;
    /// An enumerated field has an unknown value (sandbox code; POPBiLL documents none).
    CASHBILL_INVALID_CODE = -14001098;
    /// The cash receipt breaks another validation rule; the message names the field
    /// (sandbox code; POPBiLL documents none).
    CASHBILL_VALIDATION = -14001099;

    // ---- points / Linkhub (-990xxxxx); labels from third-party integrations, uncertain
    /// Not enough points for a charged operation (sandbox code; POPBiLL documents none).
    POINTS_INSUFFICIENT = -99000001;
    /// Missing or malformed `Authorization: LINKHUB <LinkID> <signature>` (sandbox code).
    LINKHUB_BAD_AUTHORIZATION = -99003002;
    /// `x-lh-version` is not `2.0` (sandbox code).
    LINKHUB_BAD_VERSION = -99003005;
    /// Token request body is not `{"access_id", "scope"}` (sandbox code).
    LINKHUB_BAD_BODY = -99003006;
    /// Unknown ServiceID in the token request path (sandbox code).
    LINKHUB_UNKNOWN_SERVICE = -99003007;
    /// Business number not found (third-party label, uncertain).
    LINKHUB_CORP_NUM_NOT_FOUND = -99003008;
    /// Unknown LinkID (third-party measurement, uncertain).
    LINKHUB_UNKNOWN_LINK_ID = -99004021;
    /// Token request date rejected, i.e. clock skew (third-party label, uncertain).
    LINKHUB_REQUEST_TIME_REJECTED = -99010004;
    /// Token request signature mismatch; a skewed clock can show up this way too
    /// (third-party measurement, uncertain).
    LINKHUB_SIGNATURE_MISMATCH = -99010007;
    /// Token request refused by policy (third-party measurement, uncertain).
    LINKHUB_POLICY_REFUSED = -99010013;
    /// The sandbox's internal error (reported instead of a panic; never expected).
    SANDBOX_INTERNAL = -99999998;
}

impl ErrorCode {
    /// The numeric value.
    pub fn value(self) -> i64 {
        self.0
    }

    /// A short English description for codes this crate knows.
    pub fn description(self) -> Option<&'static str> {
        TABLE
            .iter()
            .find(|(v, _)| *v == self.0)
            .map(|(_, d)| d.trim())
    }

    /// True for the codes that mean the session token is expired or invalid
    /// ([`ErrorCode::TOKEN_INVALID`], [`ErrorCode::TOKEN_MISSING`]); the client then drops
    /// the token and retries the call once.
    pub fn is_token_invalid(self) -> bool {
        self == Self::TOKEN_INVALID || self == Self::TOKEN_MISSING
    }

    /// True when the MgtKey is already used by another document of the member (a retry of
    /// an issuance that did land, or a key reused by mistake).
    pub fn is_mgt_key_in_use(self) -> bool {
        matches!(
            self,
            Self::TAXINVOICE_MGT_KEY_IN_USE
                | Self::CASHBILL_MGT_KEY_USED
                | Self::CASHBILL_MGT_KEY_IN_USE
        )
    }

    /// True when the document, member, user or record asked for does not exist.
    pub fn is_not_found(self) -> bool {
        matches!(
            self,
            Self::TAXINVOICE_NOT_FOUND
                | Self::TAXINVOICE_MGT_KEY_NOT_FOUND
                | Self::TAXINVOICE_SUBMIT_NOT_FOUND
                | Self::TAXINVOICE_FILE_NOT_FOUND
                | Self::CASHBILL_NOT_FOUND
                | Self::CASHBILL_MGT_KEY_NOT_FOUND
                | Self::CASHBILL_ORIGINAL_NOT_FOUND
                | Self::CASHBILL_SUBMIT_NOT_FOUND
                | Self::ACCOUNT_NOT_FOUND
                | Self::USER_NOT_FOUND
                | Self::NO_USER_FOR_CORP_NUM
                | Self::PARTNER_NOT_FOUND
                | Self::HISTORY_CODE_NOT_FOUND
        )
    }

    /// True when the member's (or partner's) points do not cover the operation: charge
    /// points (`get_charge_url`) and retry.
    pub fn is_insufficient_points(self) -> bool {
        self == Self::POINTS_INSUFFICIENT
    }

    /// True when an issuance was refused as late: the write date's issuance deadline has
    /// passed. Issuing anyway needs `forceIssue` (a penalty tax may apply).
    pub fn is_late_issuance(self) -> bool {
        self == Self::TAXINVOICE_LATE_ISSUE
    }

    /// Every code this crate names, with its description, in table order.
    pub fn known() -> impl Iterator<Item = (ErrorCode, &'static str)> {
        TABLE.iter().map(|(v, d)| (ErrorCode(*v), d.trim()))
    }

    /// True for Linkhub token-request codes that a wrong request date can cause
    /// ([`ErrorCode::LINKHUB_REQUEST_TIME_REJECTED`], [`ErrorCode::LINKHUB_SIGNATURE_MISMATCH`]);
    /// the client then measures the clock skew with `GET /Time`.
    pub fn may_be_clock_skew(self) -> bool {
        self == Self::LINKHUB_REQUEST_TIME_REJECTED || self == Self::LINKHUB_SIGNATURE_MISMATCH
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ErrorCode({})", self.0)
    }
}

impl From<i64> for ErrorCode {
    fn from(v: i64) -> Self {
        ErrorCode(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_no_duplicates_and_all_are_negative() {
        let mut seen = std::collections::HashSet::new();
        for (v, d) in TABLE {
            assert!(*v < 0, "{v}");
            assert!(seen.insert(*v), "duplicate {v}");
            assert!(!d.trim().is_empty());
        }
        assert!(TABLE.len() > 90);
    }

    /// Every `-NNNNNNNN` literal in the sandbox's sources (its answers) is named here.
    #[test]
    fn every_code_the_sandbox_answers_is_named() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../popbill-sandbox/src");
        let mut files = vec![root];
        let mut found = std::collections::BTreeSet::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).expect("sandbox sources") {
                    files.push(entry.expect("entry").path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let bytes = text.as_bytes();
            for (i, _) in text.match_indices('-') {
                let digits = &bytes[i + 1..];
                let n = digits
                    .iter()
                    .take_while(|b| b.is_ascii_digit() || **b == b'_');
                let lit: String = n.map(|b| *b as char).filter(|c| *c != '_').collect();
                let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
                if before_ok && lit.len() == 8 && (lit.starts_with('1') || lit.starts_with('9')) {
                    found.insert(-lit.parse::<i64>().expect("digits"));
                }
            }
        }
        assert!(found.len() > 40, "too few codes found: {found:?}");
        let missing: Vec<i64> = found
            .into_iter()
            .filter(|c| ErrorCode(*c).description().is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "codes the sandbox answers without an ErrorCode constant: {missing:?}"
        );
    }

    #[test]
    fn bulk_results_carry_an_error_code() {
        let failed: crate::taxinvoice::bulk::BulkTaxinvoiceIssueResult =
            serde_json::from_str(r#"{"invoicerMgtKey":"K1","code":-11000004,"message":"m"}"#)
                .expect("json");
        assert_eq!(
            failed.error_code(),
            Some(ErrorCode::TAXINVOICE_MGT_KEY_IN_USE)
        );
        assert!(
            failed
                .error_code()
                .is_some_and(ErrorCode::is_mgt_key_in_use)
        );
        let issued: crate::taxinvoice::bulk::BulkTaxinvoiceIssueResult =
            serde_json::from_str(r#"{"invoicerMgtKey":"K2","code":1}"#).expect("json");
        assert_eq!(issued.error_code(), None);
    }

    #[test]
    fn predicates() {
        assert!(ErrorCode::TAXINVOICE_MGT_KEY_IN_USE.is_mgt_key_in_use());
        assert!(ErrorCode::CASHBILL_MGT_KEY_IN_USE.is_mgt_key_in_use());
        assert!(!ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND.is_mgt_key_in_use());
        assert!(ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND.is_not_found());
        assert!(ErrorCode::NO_USER_FOR_CORP_NUM.is_not_found());
        assert!(!ErrorCode::TAXINVOICE_CANNOT_PROCESS.is_not_found());
        assert!(ErrorCode(-99000001).is_insufficient_points());
        assert!(ErrorCode(-11002013).is_late_issuance());
        assert!(!ErrorCode::CLIENT_ERROR.is_late_issuance());
        assert!(
            ErrorCode::known()
                .any(|(c, d)| c == ErrorCode::TAXINVOICE_LATE_ISSUE && d.contains("forceIssue"))
        );
    }

    #[test]
    fn lookups() {
        assert_eq!(
            ErrorCode(-11000005).description(),
            Some(
                "Document number (MgtKey) does not exist (checkMgtKeyInUse answers \"not in use\")."
            )
        );
        assert_eq!(ErrorCode(-1).description(), None);
        assert!(ErrorCode::TOKEN_INVALID.is_token_invalid());
        assert!(!ErrorCode::CLIENT_ERROR.is_token_invalid());
        assert_eq!(ErrorCode::CLIENT_ERROR.to_string(), "-99999999");
    }
}

//! [`ErrorCode`]: POPBiLL's negative 8-digit result codes, with constants for the documented
//! ones (error tables of the shared specs: taxinvoice.md §7, cashbill.md §5.4, hometax.md §7,
//! auth-and-transport.md §1.7).
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
    /// Already a member.
    ALREADY_MEMBER = -10001000;
    /// Company information missing.
    CORP_INFO_MISSING = -10001001;
    /// Certificate not found (third-party label, uncertain).
    CERTIFICATE_NOT_FOUND = -10002009;

    // ---- e-tax invoice (-110xxxxx)
    /// Invoice does not exist.
    TAXINVOICE_NOT_FOUND = -11000000;
    /// The request cannot be processed for this invoice.
    TAXINVOICE_CANNOT_PROCESS = -11000001;
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
    /// Certificate not valid (third-party label, uncertain).
    TAXINVOICE_CERTIFICATE_INVALID = -11002031;

    // ---- HomeTax crawling (-111xxxxx)
    /// HomeTax login failed.
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
    /// Unknown error during crawling.
    HOMETAX_CRAWL_UNKNOWN = -11100017;
    /// Invalid SessionID.
    HOMETAX_INVALID_SESSION_ID = -11100018;
    /// Invalid CorpNum.
    HOMETAX_INVALID_CORP_NUM = -11100019;
    /// Invalid NTSConfirmNum.
    HOMETAX_INVALID_NTS_CONFIRM_NUM = -11100020;
    /// Department user validation failed.
    HOMETAX_DEPT_USER_INVALID = -11100021;
    /// The department user's business number differs from the member's.
    HOMETAX_DEPT_USER_CORP_NUM_MISMATCH = -11100022;
    /// Department user not registered for the HomeTax e-tax-invoice service.
    HOMETAX_DEPT_USER_NO_TAXINVOICE = -11100023;
    /// Department user not registered for the HomeTax cash-receipt service.
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

    // ---- points / Linkhub (-990xxxxx); labels from third-party integrations, uncertain
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

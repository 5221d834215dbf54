//! Documented POPBiLL error codes as plain `i64` constants, for the sandbox and the
//! facade's `ErrorCode`. Errors travel as `{"code": <negative>, "message": "..."}`; `1` is
//! success. Families: `-110xxxxx` Taxinvoice, `-100xxxxx` common/member, `-990xxxxx`
//! points/Linkhub, `-99999999` client side.
//!
//! Only the first part of POPBiLL's code pages could be read, so this list is not complete;
//! codes marked "uncertain" come from a third-party integration.

use crate::validate::{Violation, rule};

/// Success code of `Response`.
pub const SUCCESS: i64 = 1;

/// Client-side error of the official SDKs (missing argument, unreadable response, ...).
pub const CLIENT_ERROR: i64 = -99_999_999;

// ---- Taxinvoice service ----

/// The invoice does not exist.
pub const INVOICE_NOT_FOUND: i64 = -11_000_000;
/// The request cannot be processed for this invoice (wrong state).
pub const CANNOT_PROCESS: i64 = -11_000_001;
/// The document number (MgtKey) does not exist; checkMgtKeyInUse answers `false` on it.
pub const MGT_KEY_NOT_FOUND: i64 = -11_000_005;
/// The POPBiLL ItemKey was not entered.
pub const ITEM_KEY_MISSING: i64 = -11_000_006;
/// The invoice is not accessible.
pub const NOT_ACCESSIBLE: i64 = -11_000_007;
/// Insufficient permission to query the invoice.
pub const NO_PERMISSION: i64 = -11_000_008;
/// Insufficient permission to query the invoice (second variant).
pub const NO_PERMISSION_2: i64 = -11_000_009;
/// The caller's business number does not match the invoice's.
pub const CORP_NUM_MISMATCH: i64 = -11_001_000;
/// `writeDate` missing.
pub const WRITE_DATE_MISSING: i64 = -11_001_001;
/// `issueType` missing.
pub const ISSUE_TYPE_MISSING: i64 = -11_001_003;
/// `purposeType` missing.
pub const PURPOSE_TYPE_MISSING: i64 = -11_001_004;
/// `taxType` missing.
pub const TAX_TYPE_MISSING: i64 = -11_001_005;
/// 역과금 (buyer charged) is only allowed for 역발행.
pub const REVERSE_CHARGE_NOT_ALLOWED: i64 = -11_001_006;
/// `remark1` (foreigner id or passport number) missing.
pub const REMARK1_MISSING: i64 = -11_001_007;
/// Invalid `modifyCode` (or revised-invoice fields inconsistent).
pub const INVALID_MODIFY_CODE: i64 = -11_001_009;
/// Only negative amounts are allowed for modifyCode 3 (return) and 4 (contract cancelled).
pub const NEGATIVE_AMOUNT_REQUIRED: i64 = -11_001_010;
/// Invalid invoice type.
pub const INVALID_INVOICE_TYPE: i64 = -11_001_011;
/// `chargeDirection` missing.
pub const CHARGE_DIRECTION_MISSING: i64 = -11_001_012;
/// Seller business number missing.
pub const INVOICER_CORP_NUM_MISSING: i64 = -11_001_013;
/// Seller business number invalid.
pub const INVOICER_CORP_NUM_INVALID: i64 = -11_001_014;
/// Seller company name missing.
pub const INVOICER_CORP_NAME_MISSING: i64 = -11_001_015;
/// Seller CEO name missing.
pub const INVOICER_CEO_NAME_MISSING: i64 = -11_001_016;
/// A contact-person name field missing (source text truncated; uncertain).
pub const CONTACT_NAME_MISSING: i64 = -11_001_018;
/// Buyer business number invalid (third-party source; uncertain).
pub const INVOICEE_CORP_NUM_INVALID: i64 = -11_001_021;
/// Certificate not valid (third-party source; uncertain).
pub const CERTIFICATE_INVALID: i64 = -11_002_031;

// ---- Common POPBiLL / member codes ----

/// ID not entered.
pub const ID_MISSING: i64 = -10_000_006;
/// Invalid password format.
pub const INVALID_PASSWORD_FORMAT: i64 = -10_000_007;
/// No account for the ID.
pub const ID_NOT_FOUND: i64 = -10_000_008;
/// Wrong password.
pub const WRONG_PASSWORD: i64 = -10_000_009;
/// Partner information not found.
pub const PARTNER_NOT_FOUND: i64 = -10_000_010;
/// User information not found.
pub const USER_NOT_FOUND: i64 = -10_000_011;
/// No master user for the LinkID and business number.
pub const NO_MASTER_USER: i64 = -10_000_012;
/// No user for the business number.
pub const NO_USER_FOR_CORP_NUM: i64 = -10_000_014;
/// Business number not entered.
pub const CORP_NUM_MISSING: i64 = -10_000_015;
/// ID disabled.
pub const ID_DISABLED: i64 = -10_000_018;
/// ID inactive.
pub const ID_INACTIVE: i64 = -10_000_019;
/// ID deleted.
pub const ID_DELETED: i64 = -10_000_020;
/// ID disabled (second variant).
pub const ID_DISABLED_2: i64 = -10_000_021;
/// No access-IP information.
pub const NO_ACCESS_IP: i64 = -10_000_029;
/// Token generation failed.
pub const TOKEN_GENERATION_FAILED: i64 = -10_000_032;
/// The token could not be interpreted.
pub const TOKEN_UNREADABLE: i64 = -10_000_033;
/// Authentication token missing.
pub const TOKEN_MISSING: i64 = -10_000_034;
/// Error while attaching a file.
pub const ATTACH_FILE_ERROR: i64 = -10_000_035;
/// Invalid ID.
pub const INVALID_ID: i64 = -10_000_038;
/// The ID does not belong to the member.
pub const ID_NOT_OF_MEMBER: i64 = -10_000_039;
/// LinkID to check not entered.
pub const LINK_ID_MISSING: i64 = -10_000_040;
/// The ID must be 4-50 characters.
pub const ID_LENGTH: i64 = -10_000_041;
/// The ID contains disallowed characters.
pub const ID_CHARSET: i64 = -10_000_042;
/// The password contains disallowed characters.
pub const PASSWORD_CHARSET: i64 = -10_000_045;
/// Already a member.
pub const ALREADY_MEMBER: i64 = -10_001_000;
/// Company information missing (source text truncated).
pub const CORP_INFO_MISSING: i64 = -10_001_001;
/// Certificate not found (third-party source; uncertain).
pub const CERTIFICATE_NOT_FOUND: i64 = -10_002_009;
/// Labelled "business number not found" by a third party (uncertain).
pub const POINT_CORP_NUM_NOT_FOUND: i64 = -99_003_008;

/// The documented POPBiLL code a server would most likely answer for a Taxinvoice validation
/// violation (see [`crate::taxinvoice::validate`]), or `None` when no specific code is
/// documented (a server then answers some other, undocumented code; the sandbox picks its
/// own fallback).
///
/// ```
/// use popbill_model::{Violation, rule};
/// use popbill_model::taxinvoice::error_code::{for_violation, WRITE_DATE_MISSING};
/// let v = Violation::new("writeDate", rule::REQUIRED, "is required");
/// assert_eq!(for_violation(&v), Some(WRITE_DATE_MISSING));
/// ```
pub fn for_violation(v: &Violation) -> Option<i64> {
    let required = v.rule == rule::REQUIRED;
    Some(match v.path.as_str() {
        "writeDate" if required => WRITE_DATE_MISSING,
        "issueType" if required => ISSUE_TYPE_MISSING,
        "purposeType" if required => PURPOSE_TYPE_MISSING,
        "taxType" if required => TAX_TYPE_MISSING,
        "chargeDirection" if required => CHARGE_DIRECTION_MISSING,
        "chargeDirection" if v.rule == rule::CONDITIONAL => REVERSE_CHARGE_NOT_ALLOWED,
        "remark1" if required || v.rule == rule::CONDITIONAL => REMARK1_MISSING,
        "modifyCode" | "orgNTSConfirmNum" => INVALID_MODIFY_CODE,
        "supplyCostTotal" | "taxTotal" | "totalAmount" if v.rule == rule::CONDITIONAL => {
            NEGATIVE_AMOUNT_REQUIRED
        }
        "invoicerCorpNum" if required => INVOICER_CORP_NUM_MISSING,
        "invoicerCorpNum" => INVOICER_CORP_NUM_INVALID,
        "invoicerCorpName" if required => INVOICER_CORP_NAME_MISSING,
        "invoicerCEOName" if required => INVOICER_CEO_NAME_MISSING,
        "invoiceeCorpNum" if !required => INVOICEE_CORP_NUM_INVALID,
        _ => return None,
    })
}

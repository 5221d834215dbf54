//! Documented POPBiLL error codes of the Cashbill service (`-140xxxxx`) as plain `i64`
//! constants, for the sandbox and the facade's `ErrorCode`. Common codes (`-100xxxxx`,
//! `-99999999`) are in [`crate::taxinvoice::error_code`].
//!
//! POPBiLL's code table could be read only in part, so this list is not complete.

use crate::validate::{Violation, rule};

/// The cash receipt does not exist.
pub const CASHBILL_NOT_FOUND: i64 = -14_000_000;
/// The cash receipt cannot be searched.
pub const CANNOT_SEARCH: i64 = -14_000_001;
/// No permission to view the cash receipt.
pub const NO_PERMISSION: i64 = -14_000_002;
/// No cash receipt has this document number; checkMgtKeyInUse answers `false` on it.
pub const MGT_KEY_NOT_FOUND: i64 = -14_000_003;
/// The document number is already used by another cash receipt.
pub const MGT_KEY_TAKEN: i64 = -14_000_004;
/// Seller business number (`franchiseCorpNum`) missing.
pub const FRANCHISE_CORP_NUM_MISSING: i64 = -14_001_001;
/// Seller business number (`franchiseCorpNum`) invalid.
pub const FRANCHISE_CORP_NUM_INVALID: i64 = -14_001_002;
/// Buyer identity number (`identityNum`) missing.
pub const IDENTITY_NUM_MISSING: i64 = -14_001_004;
/// `serviceFee` missing.
pub const SERVICE_FEE_MISSING: i64 = -14_001_008;
/// `serviceFee` negative.
pub const SERVICE_FEE_NEGATIVE: i64 = -14_001_009;
/// `supplyCost` missing.
pub const SUPPLY_COST_MISSING: i64 = -14_001_010;
/// `supplyCost` negative.
pub const SUPPLY_COST_NEGATIVE: i64 = -14_001_011;
/// `tax` missing.
pub const TAX_MISSING: i64 = -14_001_012;
/// `tax` negative.
pub const TAX_NEGATIVE: i64 = -14_001_013;
/// `totalAmount` missing.
pub const TOTAL_AMOUNT_MISSING: i64 = -14_001_014;
/// `totalAmount` negative.
pub const TOTAL_AMOUNT_NEGATIVE: i64 = -14_001_015;
/// `tradeType` missing.
pub const TRADE_TYPE_MISSING: i64 = -14_001_017;
/// `tradeUsage` missing.
pub const TRADE_USAGE_MISSING: i64 = -14_001_018;
/// The document number is already in use (a retried issuance answers this, not a second
/// receipt).
pub const MGT_KEY_IN_USE: i64 = -14_001_019;
/// The original cash receipt of a revocation does not exist.
pub const ORIGINAL_NOT_FOUND: i64 = -14_001_020;
/// Revocation refused: the original is not yet filed with the NTS.
pub const ORIGINAL_NOT_FILED: i64 = -14_001_021;
/// The seller business number differs from the original's.
pub const ORIGINAL_CORP_NUM_MISMATCH: i64 = -14_001_022;
/// The revocation's supply value exceeds the original's (cumulative partial cancels
/// included).
pub const REVOKE_EXCEEDS_ORIGINAL: i64 = -14_001_023;

/// Every constant of this module with its name, for tests and tables.
pub const ALL: &[(&str, i64)] = &[
    ("CASHBILL_NOT_FOUND", CASHBILL_NOT_FOUND),
    ("CANNOT_SEARCH", CANNOT_SEARCH),
    ("NO_PERMISSION", NO_PERMISSION),
    ("MGT_KEY_NOT_FOUND", MGT_KEY_NOT_FOUND),
    ("MGT_KEY_TAKEN", MGT_KEY_TAKEN),
    ("FRANCHISE_CORP_NUM_MISSING", FRANCHISE_CORP_NUM_MISSING),
    ("FRANCHISE_CORP_NUM_INVALID", FRANCHISE_CORP_NUM_INVALID),
    ("IDENTITY_NUM_MISSING", IDENTITY_NUM_MISSING),
    ("SERVICE_FEE_MISSING", SERVICE_FEE_MISSING),
    ("SERVICE_FEE_NEGATIVE", SERVICE_FEE_NEGATIVE),
    ("SUPPLY_COST_MISSING", SUPPLY_COST_MISSING),
    ("SUPPLY_COST_NEGATIVE", SUPPLY_COST_NEGATIVE),
    ("TAX_MISSING", TAX_MISSING),
    ("TAX_NEGATIVE", TAX_NEGATIVE),
    ("TOTAL_AMOUNT_MISSING", TOTAL_AMOUNT_MISSING),
    ("TOTAL_AMOUNT_NEGATIVE", TOTAL_AMOUNT_NEGATIVE),
    ("TRADE_TYPE_MISSING", TRADE_TYPE_MISSING),
    ("TRADE_USAGE_MISSING", TRADE_USAGE_MISSING),
    ("MGT_KEY_IN_USE", MGT_KEY_IN_USE),
    ("ORIGINAL_NOT_FOUND", ORIGINAL_NOT_FOUND),
    ("ORIGINAL_NOT_FILED", ORIGINAL_NOT_FILED),
    ("ORIGINAL_CORP_NUM_MISMATCH", ORIGINAL_CORP_NUM_MISMATCH),
    ("REVOKE_EXCEEDS_ORIGINAL", REVOKE_EXCEEDS_ORIGINAL),
];

/// The documented POPBiLL code a server would most likely answer for a Cashbill validation
/// violation, or `None` when no specific code is documented.
///
/// ```
/// use popbill_model::{Violation, rule};
/// use popbill_model::cashbill::error_code::{for_violation, IDENTITY_NUM_MISSING};
/// let v = Violation::new("identityNum", rule::REQUIRED, "is required");
/// assert_eq!(for_violation(&v), Some(IDENTITY_NUM_MISSING));
/// ```
pub fn for_violation(v: &Violation) -> Option<i64> {
    let required = v.rule == rule::REQUIRED;
    let negative = v.rule == rule::SIGN;
    Some(match v.path.as_str() {
        "franchiseCorpNum" if required => FRANCHISE_CORP_NUM_MISSING,
        "franchiseCorpNum" => FRANCHISE_CORP_NUM_INVALID,
        "identityNum" if required => IDENTITY_NUM_MISSING,
        "serviceFee" if required => SERVICE_FEE_MISSING,
        "serviceFee" if negative => SERVICE_FEE_NEGATIVE,
        "supplyCost" if required => SUPPLY_COST_MISSING,
        "supplyCost" if negative => SUPPLY_COST_NEGATIVE,
        "tax" if required => TAX_MISSING,
        "tax" if negative => TAX_NEGATIVE,
        "totalAmount" if required => TOTAL_AMOUNT_MISSING,
        "totalAmount" if negative => TOTAL_AMOUNT_NEGATIVE,
        "tradeType" if required => TRADE_TYPE_MISSING,
        "tradeUsage" if required => TRADE_USAGE_MISSING,
        _ => return None,
    })
}

//! The buyer identity number (`identityNum`, 식별번호) of a cash receipt: what kinds of number
//! exist, which `tradeUsage` accepts which, and hyphen normalisation of user input.
//!
//! Kinds are told apart by length and prefix, as the NTS does:
//! - 10 digits starting `0`: an old 10-digit mobile number; other 10 digits: a business number;
//! - 11 digits starting `0`: a mobile number;
//! - 12 digits starting `126`: a cash-receipt card;
//! - 13 digits: a resident registration number or a card (both are accepted where either is;
//!   the old resident-number check digit is not enforced, numbers issued since October 2020
//!   do not satisfy it);
//! - 14 to 19 digits: a card number (credit or cash-receipt card).
//!
//! `소득공제용` accepts mobile, resident and card numbers and the voluntary-issuance code
//! [`VOLUNTARY_IDENTITY_NUM`]; `지출증빙용` accepts business, mobile and card numbers.

use crate::codes::TradeUsage;

/// The voluntary-issuance code (자진발급, "010-000-1234"): used when the buyer gives no number;
/// only with `소득공제용`.
pub const VOLUNTARY_IDENTITY_NUM: &str = "0100001234";

/// Longest identity number (a 19-digit card).
pub const MAX_IDENTITY_NUM: usize = 19;

/// What an identity number is, judged from its digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdentityKind {
    /// A mobile number (10 or 11 digits starting `0`), including the voluntary code.
    Mobile,
    /// A business registration number (10 digits).
    BusinessNumber,
    /// 13 digits: a resident registration number or a 13-digit card.
    ResidentOrCard,
    /// A card number (12 digits starting `126`, or 14 to 19 digits).
    Card,
}

impl IdentityKind {
    /// The kind of `digits`, or `None` when it is not a possible identity number (non-digits,
    /// wrong length).
    ///
    /// ```
    /// use popbill_model::cashbill::identity::IdentityKind;
    /// assert_eq!(IdentityKind::classify("01012345678"), Some(IdentityKind::Mobile));
    /// assert_eq!(IdentityKind::classify("2208162517"), Some(IdentityKind::BusinessNumber));
    /// assert_eq!(IdentityKind::classify("12345"), None);
    /// ```
    pub fn classify(digits: &str) -> Option<IdentityKind> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let zero = digits.starts_with('0');
        Some(match digits.len() {
            10 if zero => IdentityKind::Mobile,
            10 => IdentityKind::BusinessNumber,
            11 if zero => IdentityKind::Mobile,
            12 if digits.starts_with("126") => IdentityKind::Card,
            13 => IdentityKind::ResidentOrCard,
            14..=MAX_IDENTITY_NUM => IdentityKind::Card,
            _ => return None,
        })
    }

    /// True when a receipt of `usage` accepts this kind (unknown usages accept every kind).
    pub fn allowed_for(self, usage: &TradeUsage) -> bool {
        match usage {
            TradeUsage::IncomeDeduction => self != IdentityKind::BusinessNumber,
            // A 13-digit number is a card here (resident numbers are not for expense proof).
            TradeUsage::ExpenseProof => true,
            _ => true,
        }
    }

    /// A short English name, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            IdentityKind::Mobile => "a mobile number",
            IdentityKind::BusinessNumber => "a business number",
            IdentityKind::ResidentOrCard => "a resident registration or card number",
            IdentityKind::Card => "a card number",
        }
    }
}

/// Removes the separators people type (`-`, spaces) when what remains is digits only, so
/// `"010-1234-5678"` becomes `"01012345678"`; anything else (letters, other symbols, an empty
/// result) is returned unchanged for validation to report.
///
/// ```
/// use popbill_model::cashbill::identity::normalize_identity_num;
/// assert_eq!(normalize_identity_num("010-1234-5678"), "01012345678");
/// assert_eq!(normalize_identity_num(" 220-81-62517 "), "2208162517");
/// assert_eq!(normalize_identity_num("010.1234"), "010.1234");
/// ```
pub fn normalize_identity_num(input: &str) -> String {
    let digits: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
    } else {
        input.to_owned()
    }
}

impl super::Cashbill {
    /// Sets `identityNum` from user input, removing hyphens and spaces when what remains is
    /// digits only ([`normalize_identity_num`]).
    ///
    /// ```
    /// use popbill_model::cashbill::Cashbill;
    /// let cb = Cashbill::default().set_identity_num_normalized("010-1234-5678");
    /// assert_eq!(cb.identity_num.as_deref(), Some("01012345678"));
    /// ```
    pub fn set_identity_num_normalized(mut self, input: &str) -> Self {
        self.identity_num = Some(normalize_identity_num(input));
        self
    }
}

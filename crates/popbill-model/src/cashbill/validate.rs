//! Pre-flight validation of cash receipts and calls, with wire-name paths (`totalAmount`,
//! `cashbills[3].identityNum`) and rule ids from [`crate::rule`]; every violation at once.
//!
//! What is checked:
//! - required fields of an issuance: `mgtKey`, `tradeType` (must be `승인거래`: revocations
//!   go through [`RevokeRequest`]), `tradeUsage`, `taxationType`, the four amounts,
//!   `franchiseCorpNum`, `identityNum`;
//! - amounts: whole won, not negative ([`rule::SIGN`]), at most 9 digits,
//!   `totalAmount = supplyCost + tax + serviceFee` ([`rule::TOTALS`]), `totalAmount ≥ 1`,
//!   `supplyCost ≥ tax` (the NTS refuses the rest with result TS4);
//! - `identityNum`: digits only (see [`normalize_identity_num`](super::identity::normalize_identity_num)
//!   for user input with hyphens), a kind the `tradeUsage` accepts (see [`super::identity`]),
//!   the voluntary code `0100001234` only with `소득공제용`;
//! - `tradeDT`: a real `yyyyMMddHHmmss`; with [`ValidationContext::today_kst`] set, its date
//!   must be today or yesterday in Korean time;
//! - codes: unknown values fail with [`rule::UNKNOWN_CODE`] unless
//!   [`ValidationContext::allow_unknown_codes`] is set;
//! - `memo` ≤ 200, `emailSubject` ≤ 300 characters; business-number check digit unless
//!   [`ValidationContext::allow_test_corp_nums`];
//! - revocations: `orgConfirmNum` (9 letters or digits), `orgTradeDate`, amounts only and all
//!   of them on a partial cancel, and against the original ([`check_revocation`]): the
//!   original is filed (state 304), the numbers match, and all cancels together stay within
//!   the original's amounts;
//! - list sizes: bulk 1..=100 receipts with distinct `mgtKey`s, getInfos 1..=1000 keys.
//!
//! Not checked (the server stays authoritative): whether the `mgtKey` is free, whether the
//! seller is a POPBiLL member, the lengths POPBiLL does not document (names, addresses).

use std::collections::HashSet;

use super::identity::{IdentityKind, VOLUNTARY_IDENTITY_NUM};
use super::{BulkCashbillSubmit, Cashbill, CashbillInfo, RevokeRequest};
use crate::codes::{CashbillState, TradeType, TradeUsage};
use crate::document::checks::memo_and_subject;
use crate::document::{MAX_BULK, MAX_GET_INFOS, check_mgt_keys};
use crate::validate::rule;
use crate::{Amount, DateTime14, Validate, ValidationContext, ValidationErrors, Validator};

/// Largest amount of a cash receipt field: 9 digits.
pub const MAX_AMOUNT: i64 = 999_999_999;
/// Length of an NTS approval number (`confirmNum`, `orgConfirmNum`).
pub const CONFIRM_NUM_LEN: usize = 9;

/// The wire names of the four amounts, in the order they are checked.
const AMOUNT_KEYS: [&str; 4] = ["supplyCost", "tax", "serviceFee", "totalAmount"];

/// The four amounts of a receipt or a partial cancel, by wire name.
fn amounts_of(
    s: Option<Amount>,
    t: Option<Amount>,
    f: Option<Amount>,
    total: Option<Amount>,
) -> [Option<Amount>; 4] {
    [s, t, f, total]
}

/// Format, sign, size, sum identity and sanity of the four amounts.
fn check_amounts(v: &mut Validator<'_>, amounts: [Option<Amount>; 4], required: bool) {
    for (key, a) in AMOUNT_KEYS.iter().zip(amounts) {
        match a {
            None if required => v.push(*key, rule::REQUIRED, "is required"),
            None => {}
            Some(a) if a.is_negative() => v.push(*key, rule::SIGN, "must not be negative"),
            Some(a) if a.won() > MAX_AMOUNT => {
                v.push(*key, rule::MAX_LENGTH, "must be at most 9 digits");
            }
            Some(_) => {}
        }
    }
    let [s, t, f, total] = amounts;
    if let (Some(s), Some(t), Some(f), Some(total)) = (s, t, f, total) {
        let sum = i128::from(s.won()) + i128::from(t.won()) + i128::from(f.won());
        if i128::from(total.won()) != sum {
            v.push(
                "totalAmount",
                rule::TOTALS,
                format!("must equal supplyCost + tax + serviceFee = {sum}, got {total}"),
            );
        }
    }
    if let Some(total) = total.filter(|t| !t.is_negative()) {
        if total.won() < 1 {
            v.push("totalAmount", rule::RANGE, "must be at least 1");
        }
    }
    if let (Some(s), Some(t)) = (s, t) {
        if t.won() > s.won() {
            v.push(
                "tax",
                rule::RANGE,
                format!("must not exceed supplyCost ({s})"),
            );
        }
    }
}

/// `tradeDT`: a real date-time, and today or yesterday (Korean time) when today is known.
/// Returns the parsed value.
fn check_trade_dt(v: &mut Validator<'_>, value: Option<&str>) -> Option<DateTime14> {
    let s = value.filter(|s| !s.is_empty())?;
    let dt = match DateTime14::parse(s) {
        Ok(dt) => dt,
        Err(e) => {
            v.push("tradeDT", rule::DATE, e.to_string());
            return None;
        }
    };
    if let Some(today) = v.ctx().today_kst {
        let day = dt.date();
        if day > today {
            v.push(
                "tradeDT",
                rule::DATE,
                format!("must not be after today ({today}, Korean time)"),
            );
        } else if day < today.add_days(-1) {
            v.push(
                "tradeDT",
                rule::RANGE,
                format!("must be today or yesterday ({today}, Korean time)"),
            );
        }
    }
    Some(dt)
}

/// `orgConfirmNum`: 9 ASCII letters or digits.
fn check_confirm_num(v: &mut Validator<'_>, path: &str, value: Option<&str>) {
    if let Some(s) = value.filter(|s| !s.is_empty()) {
        if s.len() != CONFIRM_NUM_LEN || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            v.push(
                path,
                rule::FORMAT,
                format!("must be {CONFIRM_NUM_LEN} letters or digits"),
            );
        }
    }
}

/// `identityNum` for `usage`.
fn check_identity(v: &mut Validator<'_>, id: &str, usage: Option<&TradeUsage>) {
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        v.push(
            "identityNum",
            rule::CHARSET,
            "must be digits only (normalize_identity_num removes hyphens and spaces)",
        );
        return;
    }
    let Some(kind) = IdentityKind::classify(id) else {
        v.push(
            "identityNum",
            rule::FORMAT,
            format!(
                "{} digits is no mobile (10-11), business (10), resident (13) or card (13-19) number",
                id.len()
            ),
        );
        return;
    };
    match usage {
        Some(u @ TradeUsage::ExpenseProof) if id == VOLUNTARY_IDENTITY_NUM => v.push(
            "identityNum",
            rule::CONDITIONAL,
            format!("the voluntary-issuance code {VOLUNTARY_IDENTITY_NUM} is only for 소득공제용, not {u}"),
        ),
        Some(u) if !kind.allowed_for(u) => v.push(
            "identityNum",
            rule::CONDITIONAL,
            format!("{} is not accepted for {u}", kind.describe()),
        ),
        _ => {}
    }
}

fn check_cashbill(cb: &Cashbill, v: &mut Validator<'_>) {
    if v.required("mgtKey", cb.mgt_key.as_deref()) {
        v.mgt_key("mgtKey", cb.mgt_key.as_deref());
    }
    if v.required_value("tradeType", cb.trade_type.as_ref())
        && v.known_code("tradeType", cb.trade_type.as_ref())
        && cb.trade_type != Some(TradeType::Approval)
    {
        v.push(
            "tradeType",
            rule::RANGE,
            "must be 승인거래 to issue; a cancel is issued with RevokeRequest",
        );
    }
    v.required_value("tradeUsage", cb.trade_usage.as_ref());
    let usage = cb
        .trade_usage
        .as_ref()
        .filter(|_| v.known_code("tradeUsage", cb.trade_usage.as_ref()));
    v.known_code("tradeOpt", cb.trade_opt.as_ref());
    if v.required_value("taxationType", cb.taxation_type.as_ref()) {
        v.known_code("taxationType", cb.taxation_type.as_ref());
    }
    v.known_code("cancelType", cb.cancel_type.as_ref());
    check_amounts(
        v,
        amounts_of(cb.supply_cost, cb.tax, cb.service_fee, cb.total_amount),
        true,
    );
    if v.required("franchiseCorpNum", cb.franchise_corp_num.as_deref()) {
        v.corp_num("franchiseCorpNum", cb.franchise_corp_num.as_deref());
    }
    v.digits("franchiseTaxRegID", cb.franchise_tax_reg_id.as_deref(), 4);
    if v.required("identityNum", cb.identity_num.as_deref()) {
        check_identity(v, cb.identity_num.as_deref().unwrap_or_default(), usage);
    }
    check_trade_dt(v, cb.trade_dt.as_deref());
    check_confirm_num(v, "orgConfirmNum", cb.org_confirm_num.as_deref());
    v.date8("orgTradeDate", cb.org_trade_date.as_deref());
    memo_and_subject(v, cb.memo.as_deref(), cb.email_subject.as_deref());
}

impl Validate for Cashbill {
    /// The issuance rules of [this module](self): what registIssue and bulkSubmit need.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        check_cashbill(self, &mut v);
        v.finish()
    }
}

impl Validate for RevokeRequest {
    /// The request on its own: keys, original's number and date, amounts of a partial cancel,
    /// `tradeDT` window and not before `orgTradeDate`. Rules that need the original are in
    /// [`check_revocation`].
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        if v.required("mgtKey", self.mgt_key.as_deref()) {
            v.mgt_key("mgtKey", self.mgt_key.as_deref());
        }
        if v.required("orgConfirmNum", self.org_confirm_num.as_deref()) {
            check_confirm_num(&mut v, "orgConfirmNum", self.org_confirm_num.as_deref());
        }
        let org_date = if v.required("orgTradeDate", self.org_trade_date.as_deref()) {
            v.date8("orgTradeDate", self.org_trade_date.as_deref())
        } else {
            None
        };
        if let (Some(d), Some(today)) = (org_date, v.ctx().today_kst) {
            if d > today {
                v.push(
                    "orgTradeDate",
                    rule::DATE,
                    format!("must not be after today ({today})"),
                );
            }
        }
        v.known_code("cancelType", self.cancel_type.as_ref());
        let amounts = amounts_of(
            self.supply_cost,
            self.tax,
            self.service_fee,
            self.total_amount,
        );
        if self.is_partial() {
            check_amounts(&mut v, amounts, true);
        } else {
            for (key, a) in AMOUNT_KEYS.iter().zip(amounts) {
                if a.is_some() {
                    v.push(
                        *key,
                        rule::CONDITIONAL,
                        "is sent only with isPartCancel (a full cancel copies the original's amounts)",
                    );
                }
            }
        }
        if let (Some(dt), Some(org)) = (check_trade_dt(&mut v, self.trade_dt.as_deref()), org_date)
        {
            if dt.date() < org {
                v.push(
                    "tradeDT",
                    rule::RANGE,
                    format!("must not be before the original's trade date ({org})"),
                );
            }
        }
        memo_and_subject(&mut v, self.memo.as_deref(), self.email_subject.as_deref());
        v.finish()
    }
}

impl Validate for BulkCashbillSubmit {
    /// 1..=100 receipts, each valid (paths `cashbills[i]...`), with distinct `mgtKey`s.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        if self.cashbills.is_empty() {
            v.push(
                "cashbills",
                rule::REQUIRED,
                "at least one receipt is required",
            );
        } else if self.cashbills.len() > MAX_BULK {
            v.push(
                "cashbills",
                rule::TOO_MANY,
                format!("at most {MAX_BULK} receipts, got {}", self.cashbills.len()),
            );
        }
        let mut seen = HashSet::new();
        for (i, cb) in self.cashbills.iter().enumerate() {
            if let Err(errs) = cb.validate_with(ctx) {
                v.extend_prefixed(&format!("cashbills[{i}]"), errs);
            }
            if let Some(key) = cb.mgt_key.as_deref().filter(|k| !k.is_empty()) {
                if !seen.insert(key) {
                    v.push(
                        format!("cashbills[{i}].mgtKey"),
                        rule::DUPLICATE,
                        format!("document number {key} is used by an earlier receipt"),
                    );
                }
            }
        }
        v.finish()
    }
}

/// getInfos: 1..=1000 well-formed document numbers (paths `MgtKeyList[i]`).
pub fn check_get_infos<S: AsRef<str>>(keys: &[S]) -> Result<(), ValidationErrors> {
    check_mgt_keys(keys, MAX_GET_INFOS)
}

/// The rules of a revocation that need the original receipt (`original`, as getInfo answers
/// it) and the cancels already issued against it (`earlier`): the original is an approval
/// filed with the NTS (state 304; otherwise the server answers -14001021), `orgConfirmNum`
/// and `orgTradeDate` are the original's, and every amount cancelled so far plus this one
/// stays within the original's (a full cancel counts as the whole original).
///
/// ```
/// use popbill_model::cashbill::{CashbillInfo, RevokeRequest};
/// use popbill_model::cashbill::validate::check_revocation;
/// let original: CashbillInfo = serde_json::from_value(serde_json::json!({
///     "confirmNum": "TB0000001", "tradeDate": "20250101", "tradeType": "승인거래",
///     "stateCode": 304, "supplyCost": "10000", "tax": "1000", "serviceFee": "0",
///     "totalAmount": "11000"
/// })).unwrap();
/// let first = RevokeRequest::partial_from(&original, "C1", 6_000, 600, 0).unwrap();
/// assert!(check_revocation(&first, &original, &[]).is_ok());
/// let done: CashbillInfo = serde_json::from_value(serde_json::json!({
///     "tradeType": "취소거래", "supplyCost": "6000", "tax": "600", "serviceFee": "0",
///     "totalAmount": "6600"
/// })).unwrap();
/// let second = RevokeRequest::partial_from(&original, "C2", 5_000, 500, 0).unwrap();
/// let errs = check_revocation(&second, &original, &[done]).unwrap_err();
/// assert!(errs.has("supplyCost", "range"));
/// ```
pub fn check_revocation(
    req: &RevokeRequest,
    original: &CashbillInfo,
    earlier: &[CashbillInfo],
) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    if original.is_revocation() {
        v.push(
            "orgConfirmNum",
            rule::CONDITIONAL,
            "names a cancel receipt; revoke the original approval",
        );
    }
    match &original.state_code {
        Some(s) if s.is_filed_ok() => {}
        other => v.push(
            "orgConfirmNum",
            rule::CONDITIONAL,
            format!(
                "the original must be filed with the NTS (state 304) before it can be revoked, it is {}",
                other
                    .as_ref()
                    .map_or_else(|| "unknown".to_owned(), CashbillState::to_string)
            ),
        ),
    }
    for (path, mine, theirs) in [
        ("orgConfirmNum", &req.org_confirm_num, &original.confirm_num),
        ("orgTradeDate", &req.org_trade_date, &original.trade_date),
    ] {
        if let (Some(a), Some(b)) = (mine, theirs) {
            if a != b {
                v.push(
                    path,
                    rule::CONDITIONAL,
                    format!("must be the original's {b}, got {a}"),
                );
            }
        }
    }
    let orig = [
        original.supply_cost,
        original.tax,
        original.service_fee,
        original.total_amount,
    ];
    let wanted = if req.is_partial() {
        [req.supply_cost, req.tax, req.service_fee, req.total_amount]
    } else {
        orig
    };
    let mut full_exceeds = false;
    for (i, key) in AMOUNT_KEYS.iter().enumerate() {
        let (Some(limit), Some(this)) = (orig[i], wanted[i]) else {
            continue;
        };
        let before: i128 = earlier
            .iter()
            .filter_map(|c| [c.supply_cost, c.tax, c.service_fee, c.total_amount][i])
            .map(|a| i128::from(a.won()))
            .sum();
        let after = before + i128::from(this.won());
        if after <= i128::from(limit.won()) {
            continue;
        }
        if req.is_partial() {
            v.push(
                *key,
                rule::RANGE,
                format!(
                    "cancels of {key} would total {after}, more than the original's {limit} \
                     ({before} already cancelled)"
                ),
            );
        } else {
            full_exceeds = true;
        }
    }
    if full_exceeds {
        v.push(
            "isPartCancel",
            rule::RANGE,
            "a full cancel after partial cancels exceeds the original; cancel the remainder \
             with a partial cancel",
        );
    }
    v.finish()
}

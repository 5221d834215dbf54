//! Checks shared by every document service: limits, document-number lists, keys, the member
//! business number, the user ID, search windows, paging and state filters, and SMS length.
//!
//! Each check returns [`ValidationErrors`] whose paths are the wire names of the argument
//! (`MgtKeyList[3]`, `SDate`, `State[0]`, ...).

use crate::codes::is_valid_state_filter;
use crate::validate::rule;
use crate::{ItemKey, KeyError, SubmitId, ValidationContext, ValidationErrors, Validator};

/// Most documents of one bulk submission (Taxinvoice and Cashbill).
pub const MAX_BULK: usize = 100;
/// Most document numbers of one getInfos call.
pub const MAX_GET_INFOS: usize = 1000;
/// Most document numbers of one getMassPrintURL call.
pub const MAX_MASS_PRINT: usize = 100;
/// Longest `memo`.
pub const MAX_MEMO: usize = 200;
/// Longest `emailSubject`.
pub const MAX_EMAIL_SUBJECT: usize = 300;
/// Longest POPBiLL user ID (`x-pb-userid`).
pub const MAX_USER_ID: usize = 50;
/// SMS contents are truncated by the server beyond this many bytes (Korean counts 2).
pub const SMS_MAX_BYTES: usize = 90;
/// Longest search window in months.
pub const MAX_SEARCH_MONTHS: i32 = 6;

/// `memo` ≤ [`MAX_MEMO`] and `emailSubject` ≤ [`MAX_EMAIL_SUBJECT`] characters.
pub(crate) fn memo_and_subject(v: &mut Validator<'_>, memo: Option<&str>, subject: Option<&str>) {
    v.max_chars("memo", memo, MAX_MEMO);
    v.max_chars("emailSubject", subject, MAX_EMAIL_SUBJECT);
}

/// Size of a key list (getInfos ≤ [`MAX_GET_INFOS`], getMassPrintURL ≤ [`MAX_MASS_PRINT`]):
/// `len` must be 1..=`max`. Path `MgtKeyList`.
pub fn check_mgt_key_list(len: usize, max: usize) -> Result<(), ValidationErrors> {
    if len == 0 {
        Err(ValidationErrors::single(
            "MgtKeyList",
            rule::REQUIRED,
            "at least one document number is required",
        ))
    } else if len > max {
        Err(ValidationErrors::single(
            "MgtKeyList",
            rule::TOO_MANY,
            format!("at most {max} document numbers, got {len}"),
        ))
    } else {
        Ok(())
    }
}

/// [`check_mgt_key_list`] plus the format of every key (paths `MgtKeyList[i]`).
pub fn check_mgt_keys<S: AsRef<str>>(keys: &[S], max: usize) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    if let Err(e) = check_mgt_key_list(keys.len(), max) {
        v.extend_prefixed("", e);
    }
    for (i, k) in keys.iter().enumerate() {
        let path = format!("MgtKeyList[{i}]");
        if v.required(&path, Some(k.as_ref())) {
            v.mgt_key(&path, Some(k.as_ref()));
        }
    }
    v.finish()
}

fn key_error(path: &str, e: KeyError) -> ValidationErrors {
    let r = match e {
        KeyError::Empty { .. } => rule::REQUIRED,
        KeyError::Charset { .. } => rule::CHARSET,
        KeyError::Length { .. } => rule::MAX_LENGTH,
        _ => rule::FORMAT,
    };
    ValidationErrors::single(path, r, e.to_string())
}

/// A document number in a path (`MgtKey`): 1..=24 of `A-Z a-z 0-9 - _`.
pub fn check_mgt_key(key: &str) -> Result<(), ValidationErrors> {
    crate::MgtKey::check(key).map_err(|e| key_error("MgtKey", e))
}

/// A bulk SubmitID, 1..=36 of `A-Z a-z 0-9 -`.
pub fn check_submit_id(id: &str) -> Result<(), ValidationErrors> {
    SubmitId::check(id).map_err(|e| key_error("SubmitID", e))
}

/// An ItemKey (18 characters).
pub fn check_item_key(key: &str) -> Result<(), ValidationErrors> {
    ItemKey::check(key).map_err(|e| key_error("ItemKey", e))
}

/// The member business number passed to every call (path `CorpNum`).
pub fn check_corp_num(corp_num: &str, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
    let mut v = Validator::new(ctx);
    if v.required("CorpNum", Some(corp_num)) {
        v.corp_num("CorpNum", Some(corp_num));
    }
    v.finish()
}

/// The user ID header: at most [`MAX_USER_ID`] characters (path `UserID`).
pub fn check_user_id(user_id: &str) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    v.max_chars("UserID", Some(user_id), MAX_USER_ID);
    v.finish()
}

/// The search window: `SDate` and `EDate` are `yyyyMMdd` dates, `SDate ≤ EDate`, and the
/// window is at most [`MAX_SEARCH_MONTHS`] months (`EDate ≤ SDate + 6 months`).
pub fn check_search_window(sdate: &str, edate: &str) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    let s = if v.required("SDate", Some(sdate)) {
        v.date8("SDate", Some(sdate))
    } else {
        None
    };
    let e = if v.required("EDate", Some(edate)) {
        v.date8("EDate", Some(edate))
    } else {
        None
    };
    if let (Some(s), Some(e)) = (s, e) {
        if s > e {
            v.push(
                "EDate",
                rule::RANGE,
                format!("must not be before SDate ({s})"),
            );
        } else if e > s.add_months(MAX_SEARCH_MONTHS) {
            v.push(
                "EDate",
                rule::RANGE,
                format!("the search window is at most {MAX_SEARCH_MONTHS} months"),
            );
        }
    }
    v.finish()
}

/// Paging: `Page ≥ 1` and `PerPage` in 1..=1000, when given.
pub fn check_paging(page: Option<i64>, per_page: Option<i64>) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    if let Some(p) = page.filter(|p| *p < 1) {
        v.push("Page", rule::RANGE, format!("must be at least 1, got {p}"));
    }
    if let Some(p) = per_page.filter(|p| !(1..=1000).contains(p)) {
        v.push(
            "PerPage",
            rule::RANGE,
            format!("must be between 1 and 1000, got {p}"),
        );
    }
    v.finish()
}

/// Every search `State` item is 3 characters, digits with `*` only in positions 2-3
/// (paths `State[i]`).
pub fn check_state_filters<S: AsRef<str>>(items: &[S]) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    for (i, item) in items.iter().enumerate() {
        if !is_valid_state_filter(item.as_ref()) {
            v.push(
                format!("State[{i}]"),
                rule::FORMAT,
                "must be 3 characters: a digit, then digits or '*' (e.g. 3**, 304)",
            );
        }
    }
    v.finish()
}

/// Length of SMS contents as POPBiLL counts it (EUC-KR style: ASCII 1 byte, every
/// other character 2). Over [`SMS_MAX_BYTES`] the server truncates: warn, do not reject.
///
/// ```
/// use popbill_model::document::sms_contents_bytes;
/// assert_eq!(sms_contents_bytes("세금계산서 OK"), 13);
/// ```
pub fn sms_contents_bytes(contents: &str) -> usize {
    contents
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum()
}

//! Request parameters of the collection operations and their pre-flight rules: the job date
//! range (at most 3 months), splitting longer ranges into windows, job ids, NTS confirmation
//! numbers and the search filters with their paging guards.
//!
//! A range "of at most 3 months" is read as: `EDate` is before the same day 3 months after
//! `SDate` (20250101–20250331 passes, 20250101–20250401 does not). The sandbox applies the
//! same rule; the exact server boundary is not documented, and this reading is the cautious one.

use super::codes::{
    InvoiceKindFilter, PurposeTypeFilter, SortOrder, TaxRegIdType, TaxTypeFilter, TradeTypeFilter,
    TradeUsageFilter,
};
use crate::validate::{ValidationContext, Validator, rule};
use crate::{Date8, Validate, ValidationErrors};

/// Longest range of one collection job, in months.
pub const MAX_JOB_MONTHS: i32 = 3;
/// Largest `PerPage`.
pub const MAX_PER_PAGE: i64 = 1000;
/// Longest `SearchString`, in characters.
pub const MAX_SEARCH_STRING: usize = 13;
/// Length of a job id.
pub const JOB_ID_LEN: usize = 18;
/// Length of a tax invoice's NTS confirmation number.
pub const NTS_CONFIRM_NUM_LEN: usize = 24;

/// The last day one job starting at `sdate` may cover: the day before the same day
/// [`MAX_JOB_MONTHS`] months later.
///
/// ```
/// use popbill_model::Date8;
/// use popbill_model::hometax::last_day_of_window;
/// let s = Date8::parse("20250101").unwrap();
/// assert_eq!(last_day_of_window(s).to_string(), "20250331");
/// ```
pub fn last_day_of_window(sdate: Date8) -> Date8 {
    sdate.add_months(MAX_JOB_MONTHS).add_days(-1)
}

/// Checks a RequestJob range: `SDate` ≤ `EDate` and at most [`MAX_JOB_MONTHS`] months.
pub fn check_job_range(sdate: Date8, edate: Date8) -> Result<(), ValidationErrors> {
    if sdate > edate {
        return Err(ValidationErrors::single(
            "EDate",
            rule::RANGE,
            format!("must not be before SDate ({sdate})"),
        ));
    }
    if edate > last_day_of_window(sdate) {
        return Err(ValidationErrors::single(
            "EDate",
            rule::RANGE,
            format!(
                "a collection job covers at most {MAX_JOB_MONTHS} months (SDate {sdate} allows up to {})",
                last_day_of_window(sdate)
            ),
        ));
    }
    Ok(())
}

/// Splits `sdate..=edate` into consecutive job windows of at most [`MAX_JOB_MONTHS`] months
/// each, in date order. Empty when `sdate > edate`.
///
/// ```
/// use popbill_model::Date8;
/// use popbill_model::hometax::split_range;
/// let w = split_range(Date8::parse("20250101").unwrap(), Date8::parse("20250731").unwrap());
/// let w: Vec<String> = w.iter().map(|(s, e)| format!("{s}-{e}")).collect();
/// assert_eq!(w, ["20250101-20250331", "20250401-20250630", "20250701-20250731"]);
/// ```
pub fn split_range(sdate: Date8, edate: Date8) -> Vec<(Date8, Date8)> {
    let mut out = Vec::new();
    let mut start = sdate;
    while start <= edate {
        let end = last_day_of_window(start).min(edate);
        out.push((start, end));
        start = end.add_days(1);
    }
    out
}

/// Checks a job id: exactly 18 ASCII letters or digits.
pub fn check_job_id(job_id: &str) -> Result<(), ValidationErrors> {
    check_fixed("jobID", job_id, JOB_ID_LEN)
}

/// Checks a tax invoice's NTS confirmation number: exactly 24 ASCII letters or digits.
pub fn check_nts_confirm_num(num: &str) -> Result<(), ValidationErrors> {
    check_fixed("NTSConfirmNum", num, NTS_CONFIRM_NUM_LEN)
}

fn check_fixed(path: &str, value: &str, len: usize) -> Result<(), ValidationErrors> {
    if value.is_empty() {
        return Err(ValidationErrors::single(
            path,
            rule::REQUIRED,
            "is required",
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ValidationErrors::single(
            path,
            rule::CHARSET,
            "may contain only ASCII letters and digits",
        ));
    }
    if value.len() != len {
        return Err(ValidationErrors::single(
            path,
            rule::FORMAT,
            format!("must be {len} characters, got {}", value.len()),
        ));
    }
    Ok(())
}

/// Paging: `Page ≥ 1` and `PerPage` in 1..=1000, when given.
fn paging(v: &mut Validator<'_>, page: Option<i64>, per_page: Option<i64>) {
    if let Some(p) = page.filter(|p| *p < 1) {
        v.push("Page", rule::RANGE, format!("must be at least 1, got {p}"));
    }
    if let Some(p) = per_page.filter(|p| !(1..=MAX_PER_PAGE).contains(p)) {
        v.push(
            "PerPage",
            rule::RANGE,
            format!("must be between 1 and {MAX_PER_PAGE}, got {p}"),
        );
    }
}

/// Filters and paging of a collected-tax-invoice Search or Summary (Summary ignores paging
/// and order). Empty lists mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtTaxinvoiceQuery {
    /// `Type`: N normal, M amended.
    pub kinds: Vec<InvoiceKindFilter>,
    /// `TaxType`: T taxable, N exempt, Z zero-rated.
    pub tax_types: Vec<TaxTypeFilter>,
    /// `PurposeType`: R 영수, C 청구, N 없음.
    pub purpose_types: Vec<PurposeTypeFilter>,
    /// `TaxRegIDType`: whose branch number `TaxRegID` is.
    pub tax_reg_id_type: Option<TaxRegIdType>,
    /// `TaxRegIDYN`: `Some(true)` only with a branch number, `Some(false)` only without.
    pub tax_reg_id_yn: Option<bool>,
    /// `TaxRegID`: branch numbers (4 digits each).
    pub tax_reg_ids: Vec<String>,
    /// `Page` (from 1).
    pub page: Option<i64>,
    /// `PerPage` (1-1000, default 500).
    pub per_page: Option<i64>,
    /// `Order`: D descending (default), A ascending.
    pub order: Option<SortOrder>,
    /// `SearchString`: counterpart name or number (≤ 13 characters, numbers without hyphens).
    pub search_string: Option<String>,
}

impl HtTaxinvoiceQuery {
    /// Empty filters: everything, first page, server defaults.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Validate for HtTaxinvoiceQuery {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        paging(&mut v, self.page, self.per_page);
        for (i, id) in self.tax_reg_ids.iter().enumerate() {
            if id.len() != 4 || !id.bytes().all(|b| b.is_ascii_digit()) {
                v.push(format!("TaxRegID[{i}]"), rule::FORMAT, "must be 4 digits");
            }
        }
        if let Some(s) = &self.search_string {
            if crate::char_len(s) > MAX_SEARCH_STRING {
                v.push(
                    "SearchString",
                    rule::MAX_LENGTH,
                    format!("must be at most {MAX_SEARCH_STRING} characters"),
                );
            }
        }
        v.finish()
    }
}

/// Filters and paging of a collected-cash-receipt Search or Summary (Summary ignores paging
/// and order). Empty lists mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtCashbillQuery {
    /// `TradeType`: N approval, C cancellation.
    pub trade_types: Vec<TradeTypeFilter>,
    /// `TradeUsage`: P income deduction, C expense proof.
    pub trade_usages: Vec<TradeUsageFilter>,
    /// `Page` (from 1).
    pub page: Option<i64>,
    /// `PerPage` (1-1000, default 500).
    pub per_page: Option<i64>,
    /// `Order`: D descending (default), A ascending.
    pub order: Option<SortOrder>,
}

impl HtCashbillQuery {
    /// Empty filters: everything, first page, server defaults.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Validate for HtCashbillQuery {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        paging(&mut v, self.page, self.per_page);
        v.finish()
    }
}

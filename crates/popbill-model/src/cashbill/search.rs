//! Cash receipt search: the query of `GET /Cashbill/Search` and one page of its answer.

use super::CashbillInfo;
use crate::codes::{
    CashbillSearchDateType, SortOrder, TaxationTypeFilter, TradeOptFilter, TradeTypeFilter,
    TradeUsageFilter,
};
use crate::document::{SearchResult, check_paging, check_search_window, check_state_filters};
use crate::{Date8, Validate, ValidationContext, ValidationErrors, Validator};

/// One page of cash receipt search results (POPBiLL's `CBSearchResult`): the shared
/// [`SearchResult`] listing [`CashbillInfo`]s.
#[doc(alias = "CBSearchResult")]
pub type CashbillSearchResult = SearchResult<CashbillInfo>;

/// The query of a cash receipt search. List filters are sent as one parameter, comma-joined;
/// empty lists and `None` values are left out. [`CashbillSearchQuery::query_pairs`] gives the
/// parameters in the order the official SDKs send them, not yet percent-encoded.
///
/// ```
/// use popbill_model::cashbill::CashbillSearchQuery;
/// use popbill_model::codes::{CashbillSearchDateType, TradeUsageFilter};
/// use popbill_model::Date8;
/// let d = |s| Date8::parse(s).unwrap();
/// let q = CashbillSearchQuery::new(CashbillSearchDateType::Traded, d("20250101"), d("20250131"))
///     .states(["3**"])
///     .trade_usage([TradeUsageFilter::IncomeDeduction, TradeUsageFilter::ExpenseProof]);
/// let pairs = q.query_pairs();
/// assert_eq!(pairs[0], ("DType", "T".to_owned()));
/// assert!(pairs.contains(&("TradeUsage", "P,C".to_owned())));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CashbillSearchQuery {
    /// `DType`: which date the window applies to.
    pub date_type: CashbillSearchDateType,
    /// `SDate`: first day of the window.
    pub start: Date8,
    /// `EDate`: last day of the window (at most 6 months after `SDate`).
    pub end: Date8,
    /// `State`: 3-character state filters, `*` allowed in positions 2 and 3.
    pub states: Vec<String>,
    /// `TradeType`: approval and/or cancel.
    pub trade_type: Vec<TradeTypeFilter>,
    /// `TradeUsage`: income deduction and/or expense proof.
    pub trade_usage: Vec<TradeUsageFilter>,
    /// `TaxationType`: taxable and/or non-taxable.
    pub taxation_type: Vec<TaxationTypeFilter>,
    /// `Page`: page number, from 1.
    pub page: Option<i64>,
    /// `PerPage`: 1..=1000 (server default 500).
    pub per_page: Option<i64>,
    /// `Order`: descending (default) or ascending on the `DType` date.
    pub order: Option<SortOrder>,
    /// `QString`: free search on the identity number.
    pub qstring: Option<String>,
    /// `TradeOpt`: general, books and culture, public transport.
    pub trade_opt: Vec<TradeOptFilter>,
    /// `FranchiseTaxRegID`: 종사업장 numbers of the seller.
    pub franchise_tax_reg_id: Vec<String>,
}

impl CashbillSearchQuery {
    /// A query on `date_type` from `start` to `end` with no other filter.
    pub fn new(date_type: CashbillSearchDateType, start: Date8, end: Date8) -> Self {
        CashbillSearchQuery {
            date_type,
            start,
            end,
            states: Vec::new(),
            trade_type: Vec::new(),
            trade_usage: Vec::new(),
            taxation_type: Vec::new(),
            page: None,
            per_page: None,
            order: None,
            qstring: None,
            trade_opt: Vec::new(),
            franchise_tax_reg_id: Vec::new(),
        }
    }

    /// Sets the `State` filters.
    pub fn states<S: Into<String>>(mut self, states: impl IntoIterator<Item = S>) -> Self {
        self.states = states.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the `TradeType` filter.
    pub fn trade_type(mut self, v: impl IntoIterator<Item = TradeTypeFilter>) -> Self {
        self.trade_type = v.into_iter().collect();
        self
    }

    /// Sets the `TradeUsage` filter.
    pub fn trade_usage(mut self, v: impl IntoIterator<Item = TradeUsageFilter>) -> Self {
        self.trade_usage = v.into_iter().collect();
        self
    }

    /// Sets the `TaxationType` filter.
    pub fn taxation_type(mut self, v: impl IntoIterator<Item = TaxationTypeFilter>) -> Self {
        self.taxation_type = v.into_iter().collect();
        self
    }

    /// Sets the `TradeOpt` filter.
    pub fn trade_opt(mut self, v: impl IntoIterator<Item = TradeOptFilter>) -> Self {
        self.trade_opt = v.into_iter().collect();
        self
    }

    /// Sets `Page`.
    pub fn page(mut self, page: i64) -> Self {
        self.page = Some(page);
        self
    }

    /// Sets `PerPage`.
    pub fn per_page(mut self, per_page: i64) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// Sets `Order`.
    pub fn order(mut self, order: SortOrder) -> Self {
        self.order = Some(order);
        self
    }

    /// Sets `QString`.
    pub fn qstring(mut self, q: impl Into<String>) -> Self {
        self.qstring = Some(q.into());
        self
    }

    /// Sets the `FranchiseTaxRegID` filter.
    pub fn franchise_tax_reg_id<S: Into<String>>(
        mut self,
        ids: impl IntoIterator<Item = S>,
    ) -> Self {
        self.franchise_tax_reg_id = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The query parameters in wire order (`DType`, `SDate`, `EDate`, `State`, `TradeType`,
    /// `TradeUsage`, `TaxationType`, `Page`, `PerPage`, `Order`, `QString`, `TradeOpt`,
    /// `FranchiseTaxRegID`), values raw: the caller percent-encodes `QString`.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        fn join<T: std::fmt::Display>(items: &[T]) -> String {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        let mut out = vec![
            ("DType", self.date_type.to_string()),
            ("SDate", self.start.to_string()),
            ("EDate", self.end.to_string()),
        ];
        let lists: [(&'static str, String); 4] = [
            ("State", join(&self.states)),
            ("TradeType", join(&self.trade_type)),
            ("TradeUsage", join(&self.trade_usage)),
            ("TaxationType", join(&self.taxation_type)),
        ];
        out.extend(lists.into_iter().filter(|(_, v)| !v.is_empty()));
        if let Some(p) = self.page {
            out.push(("Page", p.to_string()));
        }
        if let Some(p) = self.per_page {
            out.push(("PerPage", p.to_string()));
        }
        if let Some(o) = &self.order {
            out.push(("Order", o.to_string()));
        }
        if let Some(q) = self.qstring.as_ref().filter(|q| !q.is_empty()) {
            out.push(("QString", q.clone()));
        }
        let tail: [(&'static str, String); 2] = [
            ("TradeOpt", join(&self.trade_opt)),
            ("FranchiseTaxRegID", join(&self.franchise_tax_reg_id)),
        ];
        out.extend(tail.into_iter().filter(|(_, v)| !v.is_empty()));
        out
    }
}

impl Validate for CashbillSearchQuery {
    /// The window (`EDate` not before `SDate`, at most 6 months), paging, and the `State`
    /// filter format.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        let checks = [
            check_search_window(&self.start.to_string(), &self.end.to_string()),
            check_paging(self.page, self.per_page),
            check_state_filters(&self.states),
        ];
        for errs in checks.into_iter().filter_map(Result::err) {
            v.extend_prefixed("", errs);
        }
        v.finish()
    }
}

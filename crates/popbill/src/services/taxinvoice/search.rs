//! `search`: a typed query with the exact wire encoding of the official Python
//! SDK, one page at a time or as a stream over every page.
//!
//! Wire order and encoding (as in the golden capture):
//! `DType, SDate, EDate, State, Type, TaxType, LateOnly, Order, Page, PerPage, TaxRegIDType,
//! TaxRegIDYN, TaxRegID, QString, InterOPYN, IssueType, RegType, CloseDownState, MgtKey`.
//! Lists are comma-joined without spaces (`State=3**,6**`), `*` stays raw, `QString` is
//! percent-encoded like Python's `urllib.parse.quote` (UTF-8, upper-case hex, space `%20`),
//! the other values are sent raw (only characters that would break the URL are encoded).
//! Flags (`LateOnly`, `TaxRegIDYN`, `InterOPYN`) are `1`/`0`. `Page` is sent only when > 0
//! and `PerPage` only when in 1..=1000; absent filters are not sent at all.

use popbill_model::codes::{
    CloseDownStateFilter, InvoiceKindFilter, IssueTypeFilter, MgtKeyType, RegTypeFilter,
    SearchDateType, SortOrder, TaxRegIdType, TaxTypeFilter,
};
use popbill_model::taxinvoice::TISearchResult;
use popbill_model::taxinvoice::validate::{check_search_window, check_state_filters};
use popbill_model::{CorpNum, Date8, ValidationContext, ValidationErrors, Validator, rule};
use popbill_transport::Method;

use super::{KIND, docs};
use crate::client::Popbill;
use crate::paging::SearchPager;
use crate::pipeline::{Call, QueryWriter};

/// Largest page POPBiLL returns.
pub const MAX_PER_PAGE: u32 = 1000;

/// A Taxinvoice search: the date window plus any of the filters POPBiLL offers.
///
/// ```
/// use popbill::model::Date8;
/// use popbill::model::codes::{SearchDateType, TaxTypeFilter};
/// use popbill::taxinvoice::SearchQuery;
///
/// let q = SearchQuery::new(
///     SearchDateType::Written,
///     Date8::parse("20250101").unwrap(),
///     Date8::parse("20250131").unwrap(),
/// )
/// .state(["3**", "6**"])
/// .tax_type([TaxTypeFilter::Taxable])
/// .query_string("공급받는자 상호")
/// .per_page(100);
/// assert_eq!(
///     q.to_query_string(),
///     "DType=W&SDate=20250101&EDate=20250131&State=3**,6**&TaxType=T&PerPage=100\
///      &QString=%EA%B3%B5%EA%B8%89%EB%B0%9B%EB%8A%94%EC%9E%90%20%EC%83%81%ED%98%B8"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    date_type: SearchDateType,
    sdate: Date8,
    edate: Date8,
    state: Vec<String>,
    kind: Vec<InvoiceKindFilter>,
    tax_type: Vec<TaxTypeFilter>,
    late_only: Option<bool>,
    order: Option<SortOrder>,
    page: u32,
    per_page: u32,
    tax_reg_id_type: Option<TaxRegIdType>,
    tax_reg_id_yn: Option<bool>,
    tax_reg_id: Vec<String>,
    query_string: Option<String>,
    inter_op_yn: Option<bool>,
    issue_type: Vec<IssueTypeFilter>,
    reg_type: Vec<RegTypeFilter>,
    close_down_state: Vec<CloseDownStateFilter>,
    mgt_key: Option<String>,
}

impl SearchQuery {
    /// Invoices whose `date_type` date lies in `sdate..=edate` (at most 6 months apart).
    pub fn new(date_type: SearchDateType, sdate: Date8, edate: Date8) -> Self {
        SearchQuery {
            date_type,
            sdate,
            edate,
            state: Vec::new(),
            kind: Vec::new(),
            tax_type: Vec::new(),
            late_only: None,
            order: None,
            page: 0,
            per_page: 0,
            tax_reg_id_type: None,
            tax_reg_id_yn: None,
            tax_reg_id: Vec::new(),
            query_string: None,
            inter_op_yn: None,
            issue_type: Vec::new(),
            reg_type: Vec::new(),
            close_down_state: Vec::new(),
            mgt_key: None,
        }
    }

    /// `State`: state codes, each 3 characters with `*` wildcards in positions 2-3
    /// (`"3**"`, `"30*"`, `"304"`).
    pub fn state<S: Into<String>>(mut self, codes: impl IntoIterator<Item = S>) -> Self {
        self.state = codes.into_iter().map(Into::into).collect();
        self
    }

    /// `Type`: normal (`N`) and/or revised (`M`) invoices.
    pub fn kind(mut self, kinds: impl IntoIterator<Item = InvoiceKindFilter>) -> Self {
        self.kind = kinds.into_iter().collect();
        self
    }

    /// `TaxType`: `T` 과세, `N` 면세, `Z` 영세.
    pub fn tax_type(mut self, types: impl IntoIterator<Item = TaxTypeFilter>) -> Self {
        self.tax_type = types.into_iter().collect();
        self
    }

    /// `LateOnly`: `true` late-issued only, `false` on-time only (default: both).
    pub fn late_only(mut self, late: bool) -> Self {
        self.late_only = Some(late);
        self
    }

    /// `Order`: sort direction on the `DType` date (server default: descending).
    pub fn order(mut self, order: SortOrder) -> Self {
        self.order = Some(order);
        self
    }

    /// `Page`, from 1; 0 means the server's default (1) and is not sent.
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    /// `PerPage`, 1..=1000; 0 means the server's default (500) and is not sent. More than
    /// 1,000 is a validation error.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = per_page;
        self
    }

    /// `TaxRegIDType`: whose 종사업장 number `tax_reg_id` filters on.
    pub fn tax_reg_id_type(mut self, t: TaxRegIdType) -> Self {
        self.tax_reg_id_type = Some(t);
        self
    }

    /// `TaxRegIDYN`: `true` only invoices with a 종사업장 number, `false` only without.
    pub fn tax_reg_id_yn(mut self, yes: bool) -> Self {
        self.tax_reg_id_yn = Some(yes);
        self
    }

    /// `TaxRegID`: 4-digit 종사업장 numbers.
    pub fn tax_reg_id<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.tax_reg_id = ids.into_iter().map(Into::into).collect();
        self
    }

    /// `QString`: the buyer's company name, business number, resident number or
    /// `9999999999999`, without `-`.
    pub fn query_string(mut self, text: impl Into<String>) -> Self {
        self.query_string = Some(text.into()).filter(|s| !s.is_empty());
        self
    }

    /// `InterOPYN`: `true` created through the API, `false` on the website.
    pub fn inter_op_yn(mut self, api: bool) -> Self {
        self.inter_op_yn = Some(api);
        self
    }

    /// `IssueType`: `N` 정발행, `R` 역발행, `T` 위수탁.
    pub fn issue_type(mut self, types: impl IntoIterator<Item = IssueTypeFilter>) -> Self {
        self.issue_type = types.into_iter().collect();
        self
    }

    /// `RegType`: `P` registered on POPBiLL, `H` HomeTax or another ASP.
    pub fn reg_type(mut self, types: impl IntoIterator<Item = RegTypeFilter>) -> Self {
        self.reg_type = types.into_iter().collect();
        self
    }

    /// `CloseDownState`: the buyer's business status at issuance.
    pub fn close_down_state(
        mut self,
        states: impl IntoIterator<Item = CloseDownStateFilter>,
    ) -> Self {
        self.close_down_state = states.into_iter().collect();
        self
    }

    /// `MgtKey`: a document number or NTS confirm number.
    pub fn mgt_key(mut self, key: impl Into<String>) -> Self {
        self.mgt_key = Some(key.into()).filter(|s| !s.is_empty());
        self
    }

    /// The page requested (0: not set).
    pub fn page_number(&self) -> u32 {
        self.page
    }

    /// Every violation of the query: dates (`SDate ≤ EDate`, window ≤ 6 months), `State`
    /// items, `PerPage` ≤ 1000, `TaxRegID` items of 4 digits, `QString` / `MgtKey` without
    /// control characters.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let ctx = ValidationContext::default();
        let mut v = Validator::new(&ctx);
        if let Err(e) = check_search_window(&self.sdate.to_string(), &self.edate.to_string()) {
            v.extend_prefixed("", e);
        }
        if let Err(e) = check_state_filters(&self.state) {
            v.extend_prefixed("", e);
        }
        if self.per_page > MAX_PER_PAGE {
            v.push(
                "PerPage",
                rule::RANGE,
                format!(
                    "must be between 1 and {MAX_PER_PAGE}, got {}",
                    self.per_page
                ),
            );
        }
        for (i, id) in self.tax_reg_id.iter().enumerate() {
            v.digits(&format!("TaxRegID[{i}]"), Some(id), 4);
        }
        for (path, text) in [("QString", &self.query_string), ("MgtKey", &self.mgt_key)] {
            if text
                .as_deref()
                .is_some_and(|t| t.chars().any(char::is_control))
            {
                v.push(path, rule::CHARSET, "must not contain control characters");
            }
        }
        v.finish()
    }

    /// The query string exactly as it is sent (without `?`).
    pub fn to_query_string(&self) -> String {
        self.writer().to_query_string()
    }

    /// The parameters in wire order.
    fn writer(&self) -> QueryWriter {
        let mut q = QueryWriter::new();
        q.raw("DType", self.date_type.as_str())
            .raw("SDate", self.sdate)
            .raw("EDate", self.edate)
            .list("State", &self.state)
            .list("Type", &self.kind)
            .list("TaxType", &self.tax_type)
            .flag01("LateOnly", self.late_only)
            .opt("Order", self.order.as_ref().map(|o| o.as_str()))
            .opt("Page", (self.page > 0).then_some(self.page))
            .opt(
                "PerPage",
                (1..=MAX_PER_PAGE)
                    .contains(&self.per_page)
                    .then_some(self.per_page),
            )
            .opt(
                "TaxRegIDType",
                self.tax_reg_id_type.as_ref().map(|t| t.as_str()),
            )
            .flag01("TaxRegIDYN", self.tax_reg_id_yn)
            .list("TaxRegID", &self.tax_reg_id)
            .quoted("QString", self.query_string.as_deref())
            .flag01("InterOPYN", self.inter_op_yn)
            .list("IssueType", &self.issue_type)
            .list("RegType", &self.reg_type)
            .list("CloseDownState", &self.close_down_state)
            .opt("MgtKey", self.mgt_key.as_deref());
        q
    }
}

/// One search request (`GET /Taxinvoice/{KeyType}?…`), finished as a pipeline call.
pub(crate) fn search_call(
    client: &Popbill,
    corp: &CorpNum,
    key_type: &MgtKeyType,
    query: &SearchQuery,
) -> Call<TISearchResult> {
    let sub = format!("/{}", crate::pipeline::seg(&key_type.as_str()));
    docs(client)
        .at("search", Method::Get, corp, &sub)
        .check(KIND.check_key_type(Some(key_type)))
        .check(query.validate())
        .query_items(query.writer().into_items())
        .json()
}

/// Every page of a search from the query's page on.
pub(crate) fn pager(
    client: &Popbill,
    corp: &CorpNum,
    key_type: MgtKeyType,
    query: SearchQuery,
) -> SearchPager<TISearchResult> {
    let (client, corp) = (client.clone(), corp.clone());
    SearchPager::new(query.page, query.per_page, move |page| {
        search_call(&client, &corp, &key_type, &query.clone().page(page))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn encoding_rules() {
        let d = |s| Date8::parse(s).unwrap();
        let q = SearchQuery::new(SearchDateType::Issued, d("20250101"), d("20250102"))
            .page(0)
            .per_page(0)
            .mgt_key("A B&C")
            .late_only(true);
        assert_eq!(
            q.to_query_string(),
            "DType=I&SDate=20250101&EDate=20250102&LateOnly=1&MgtKey=A%20B%26C"
        );
        assert!(q.validate().is_ok());
        let bad = SearchQuery::new(SearchDateType::Issued, d("20250301"), d("20250102"))
            .state(["*00"])
            .per_page(1001)
            .tax_reg_id(["12"]);
        let errs = bad.validate().unwrap_err();
        assert!(errs.has("EDate", rule::RANGE), "{errs}");
        assert!(errs.has("State[0]", rule::FORMAT), "{errs}");
        assert!(errs.has("PerPage", rule::RANGE), "{errs}");
        assert!(errs.has("TaxRegID[0]", rule::FORMAT), "{errs}");
        assert!(!bad.to_query_string().contains("PerPage"));
    }
}

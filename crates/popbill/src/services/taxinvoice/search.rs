//! `search` (spec §3.1): a typed query with the exact wire encoding of the official Python
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

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use popbill_model::codes::{
    CloseDownStateFilter, InvoiceKindFilter, IssueTypeFilter, MgtKeyType, RegTypeFilter,
    SearchDateType, SortOrder, TaxRegIdType, TaxTypeFilter,
};
use popbill_model::taxinvoice::validate::{check_search_window, check_state_filters};
use popbill_model::taxinvoice::{TISearchResult, TaxinvoiceInfo};
use popbill_model::{CorpNum, Date8, ValidationContext, ValidationErrors, Validator, rule};
use popbill_transport::Method;

use super::calls::{CallOpts, call_options};
use super::{key_type_check, ti_op};
use crate::client::Popbill;
use crate::error::Result;
use crate::pipeline::{Call, seg};

/// Largest page POPBiLL returns.
pub const MAX_PER_PAGE: u32 = 1000;

/// A Taxinvoice search: the date window plus any of the filters of spec §3.1.
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

fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
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
        self.items().join("&")
    }

    /// The parameters in wire order: `(name, value, quoted)`; `quoted` values are encoded
    /// like Python's `quote`, the others raw.
    fn params(&self) -> Vec<(&'static str, String, bool)> {
        let mut p: Vec<(&'static str, String, bool)> = Vec::with_capacity(20);
        p.push(("DType", self.date_type.as_str().into_owned(), false));
        p.push(("SDate", self.sdate.to_string(), false));
        p.push(("EDate", self.edate.to_string(), false));
        let lists: [(&'static str, String); 3] = [
            ("State", self.state.join(",")),
            ("Type", join(&self.kind)),
            ("TaxType", join(&self.tax_type)),
        ];
        p.extend(
            lists
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, v, false)),
        );
        if let Some(l) = self.late_only {
            p.push(("LateOnly", flag(l).to_owned(), false));
        }
        if let Some(o) = &self.order {
            p.push(("Order", o.as_str().into_owned(), false));
        }
        if self.page > 0 {
            p.push(("Page", self.page.to_string(), false));
        }
        if (1..=MAX_PER_PAGE).contains(&self.per_page) {
            p.push(("PerPage", self.per_page.to_string(), false));
        }
        if let Some(t) = &self.tax_reg_id_type {
            p.push(("TaxRegIDType", t.as_str().into_owned(), false));
        }
        if let Some(y) = self.tax_reg_id_yn {
            p.push(("TaxRegIDYN", flag(y).to_owned(), false));
        }
        if !self.tax_reg_id.is_empty() {
            p.push(("TaxRegID", self.tax_reg_id.join(","), false));
        }
        if let Some(q) = &self.query_string {
            p.push(("QString", q.clone(), true));
        }
        if let Some(i) = self.inter_op_yn {
            p.push(("InterOPYN", flag(i).to_owned(), false));
        }
        let lists: [(&'static str, String); 3] = [
            ("IssueType", join(&self.issue_type)),
            ("RegType", join(&self.reg_type)),
            ("CloseDownState", join(&self.close_down_state)),
        ];
        p.extend(
            lists
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, v, false)),
        );
        if let Some(k) = &self.mgt_key {
            p.push(("MgtKey", k.clone(), false));
        }
        p
    }

    /// The encoded `key=value` items, in wire order.
    fn items(&self) -> Vec<String> {
        self.params()
            .into_iter()
            .map(|(k, v, quoted)| {
                let set = if quoted { QUOTE } else { RAW };
                format!("{k}={}", utf8_percent_encode(&v, set))
            })
            .collect()
    }
}

/// Raw query values: only characters that would break the URL or its structure are encoded
/// (as the pipeline's `.query()` does); `*` and `,` stay raw.
const RAW: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Python's `urllib.parse.quote`: everything but `A-Z a-z 0-9 _ . - ~ /`.
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// One search request (`GET /Taxinvoice/{KeyType}?…`), finished as a pipeline call.
pub(crate) fn search_call(
    client: &Popbill,
    corp: &CorpNum,
    key_type: &MgtKeyType,
    query: &SearchQuery,
) -> Call<TISearchResult> {
    let mut op = ti_op(
        client,
        "Taxinvoice.search",
        Method::Get,
        format!("/Taxinvoice/{}", seg(&key_type.as_str())),
    )
    .corp(corp)
    .check(key_type_check(key_type))
    .check(query.validate());
    for item in query.items() {
        op = op.flag(&item);
    }
    op.json()
}

/// Every page of a search, as a stream. Built by
/// [`TaxinvoiceService::search_pages`](super::TaxinvoiceService::search_pages).
///
/// Starts at the query's page (default 1) and requests the next page only while the last
/// answer says there is one (`pageNum < pageCount`; without counters: a full page, and
/// fewer items than `total`). An empty page ends the stream. No request is made after the
/// last page. The first error ends the stream after yielding it.
#[derive(Debug)]
#[must_use = "a pager does nothing until it is turned into a stream with .pages() or .items()"]
pub struct SearchPager {
    pub(crate) client: Popbill,
    pub(crate) corp: CorpNum,
    pub(crate) key_type: MgtKeyType,
    pub(crate) query: SearchQuery,
    pub(crate) opts: CallOpts,
}

struct PageState {
    pager: SearchPager,
    next: Option<u32>,
    seen: u64,
}

impl SearchPager {
    call_options!();

    /// The pages, in order (a boxed stream: `Unpin`, `Send`, `'static`).
    pub fn pages(self) -> BoxStream<'static, Result<TISearchResult>> {
        let first = self.query.page.max(1);
        let state = PageState {
            pager: self,
            next: Some(first),
            seen: 0,
        };
        stream::unfold(state, |mut st| async move {
            let page = st.next.take()?;
            let query = st.pager.query.clone().page(page);
            let call = search_call(&st.pager.client, &st.pager.corp, &st.pager.key_type, &query);
            match st.pager.opts.apply(call).await {
                Err(e) => Some((Err(e), st)),
                Ok(result) => {
                    st.seen += result.list.len() as u64;
                    st.next = next_page(&result, page, st.pager.query.per_page, st.seen);
                    Some((Ok(result), st))
                }
            }
        })
        .boxed()
    }

    /// The invoices of every page, in order.
    pub fn items(self) -> BoxStream<'static, Result<TaxinvoiceInfo>> {
        self.pages()
            .map_ok(|page| stream::iter(page.list.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// The page after `page`, if the answer says there is one.
fn next_page(result: &TISearchResult, page: u32, per_page: u32, seen: u64) -> Option<u32> {
    if result.list.is_empty() {
        return None;
    }
    let more = match (result.page_num, result.page_count) {
        (Some(n), Some(c)) => n < c,
        _ => {
            let size = result
                .per_page
                .and_then(|p| u64::try_from(p).ok())
                .filter(|p| *p > 0)
                .unwrap_or(if per_page > 0 {
                    u64::from(per_page)
                } else {
                    500
                });
            let full = result.list.len() as u64 >= size;
            let below_total = result
                .total
                .and_then(|t| u64::try_from(t).ok())
                .is_none_or(|t| seen < t);
            full && below_total
        }
    };
    if more { page.checked_add(1) } else { None }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn page(num: Option<i64>, count: Option<i64>, len: usize) -> TISearchResult {
        let mut r = TISearchResult::default();
        r.page_num = num;
        r.page_count = count;
        r.list = vec![TaxinvoiceInfo::default(); len];
        r
    }

    #[test]
    fn next_page_uses_counters_then_sizes() {
        assert_eq!(next_page(&page(Some(1), Some(3), 10), 1, 10, 10), Some(2));
        assert_eq!(next_page(&page(Some(3), Some(3), 10), 3, 10, 30), None);
        assert_eq!(next_page(&page(Some(1), Some(3), 0), 1, 10, 0), None);
        // No counters: a full page means maybe more, a short page is the last.
        assert_eq!(next_page(&page(None, None, 10), 1, 10, 10), Some(2));
        assert_eq!(next_page(&page(None, None, 9), 2, 10, 19), None);
        let mut with_total = page(None, None, 10);
        with_total.total = Some(20);
        assert_eq!(next_page(&with_total, 2, 10, 20), None);
    }

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

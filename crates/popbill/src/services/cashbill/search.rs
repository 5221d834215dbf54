//! `search` (`GET /Cashbill/Search`): the query's parameters in the official SDKs' order,
//! `QString` percent-encoded, lists comma-joined; one page or every page.

use popbill_model::cashbill::{CashbillSearchQuery, CashbillSearchResult};
use popbill_model::{CorpNum, Validate};
use popbill_transport::Method;

use super::docs;
use crate::client::Popbill;
use crate::paging::SearchPager;
use crate::pipeline::{Call, QueryWriter};

/// The encoded query items: `QString` quoted like Python's `quote`, the rest raw.
fn items(query: &CashbillSearchQuery) -> Vec<String> {
    let mut q = QueryWriter::new();
    for (key, value) in query.query_pairs() {
        if key == "QString" {
            q.quoted(key, Some(&value));
        } else {
            q.raw(key, value);
        }
    }
    q.into_items()
}

/// One search request.
pub(crate) fn search_call(
    client: &Popbill,
    corp: &CorpNum,
    query: &CashbillSearchQuery,
) -> Call<CashbillSearchResult> {
    docs(client)
        .at("search", Method::Get, corp, "/Search")
        .check(query.validate())
        .query_items(items(query))
        .json()
}

/// Every page of a search from the query's page on.
pub(crate) fn pager(
    client: &Popbill,
    corp: &CorpNum,
    query: CashbillSearchQuery,
) -> SearchPager<CashbillSearchResult> {
    let first = query.page.and_then(|p| u32::try_from(p).ok()).unwrap_or(1);
    let per_page = query
        .per_page
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let (client, corp) = (client.clone(), corp.clone());
    SearchPager::new(first, per_page, move |page| {
        search_call(&client, &corp, &query.clone().page(i64::from(page)))
    })
}

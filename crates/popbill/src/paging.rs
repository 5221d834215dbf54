//! Searches over every page: [`SearchPager`], generic over a service's page type
//! ([`SearchPage`]).
//!
//! A pager asks for the query's page (default 1), then for the next page only while the
//! last answer says there is one (`pageNum < pageCount`; without counters: a full page and
//! fewer items than `total`). An empty page is the last. The first error ends the pager
//! after it is returned. Read it without any extra crate:
//!
//! ```no_run
//! # async fn run(client: popbill::Popbill, corp: popbill::model::CorpNum,
//! #              query: popbill::taxinvoice::SearchQuery) -> popbill::Result<()> {
//! use popbill::model::codes::MgtKeyType;
//! let mut pager = client.taxinvoice().search_pages(&corp, MgtKeyType::Sell, &query);
//! while let Some(page) = pager.next().await {
//!     for info in page?.list {
//!         println!("{:?}", info.invoicer_mgt_key);
//!     }
//! }
//! // or, everything at once:
//! let all = client.taxinvoice().search_pages(&corp, MgtKeyType::Sell, &query).collect_all().await?;
//! # let _ = all; Ok(()) }
//! ```
//!
//! or as a `futures` stream with [`SearchPager::pages`] / [`SearchPager::items`].

use std::fmt;
use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use popbill_model::document::SearchResult;
use popbill_model::hometax::HtSearchResult;
use serde::de::DeserializeOwned;

use crate::call::{CallOptions, call_options};
use crate::error::Result;
use crate::pipeline::Call;

/// One page of a search answer, as a pager reads it.
pub trait SearchPage: DeserializeOwned + Send + 'static {
    /// What the page lists.
    type Item: Send + 'static;
    /// `pageNum`.
    fn page_num(&self) -> Option<i64>;
    /// `pageCount`.
    fn page_count(&self) -> Option<i64>;
    /// `perPage`.
    fn per_page(&self) -> Option<i64>;
    /// `total`: items over all pages.
    fn total(&self) -> Option<i64>;
    /// How many items this page lists.
    fn len(&self) -> usize;
    /// Whether this page lists nothing.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Every document service's search page ([`SearchResult`]): `TISearchResult`,
/// `CashbillSearchResult`.
impl<T> SearchPage for SearchResult<T>
where
    T: DeserializeOwned + Default + Send + 'static,
{
    type Item = T;
    fn page_num(&self) -> Option<i64> {
        self.page_num
    }
    fn page_count(&self) -> Option<i64> {
        self.page_count
    }
    fn per_page(&self) -> Option<i64> {
        self.per_page
    }
    fn total(&self) -> Option<i64> {
        self.total
    }
    fn len(&self) -> usize {
        self.list.len()
    }
    fn into_items(self) -> Vec<T> {
        self.list
    }
}

/// Both HomeTax search pages ([`HtSearchResult`]): `HTTaxinvoiceSearchResult`,
/// `HTCashbillSearchResult`.
impl<T> SearchPage for HtSearchResult<T>
where
    T: DeserializeOwned + Default + Send + 'static,
{
    type Item = T;
    fn page_num(&self) -> Option<i64> {
        Some(self.page_num)
    }
    fn page_count(&self) -> Option<i64> {
        Some(self.page_count)
    }
    fn per_page(&self) -> Option<i64> {
        Some(self.per_page)
    }
    fn total(&self) -> Option<i64> {
        Some(self.total)
    }
    fn len(&self) -> usize {
        self.list.len()
    }
    fn into_items(self) -> Vec<T> {
        self.list
    }
}

/// Builds the request for one page number.
type PageRequest<R> = Arc<dyn Fn(u32) -> Call<R> + Send + Sync>;

/// Every page of a search. Built by the services' `search_pages`; read it with
/// [`next`](Self::next) or [`collect_all`](Self::collect_all), or as a stream with
/// [`pages`](Self::pages) / [`items`](Self::items). See the [module docs](self).
#[must_use = "a pager does nothing until it is read with .next(), .collect_all(), .pages() or .items()"]
pub struct SearchPager<R> {
    request: PageRequest<R>,
    per_page: u32,
    next: Option<u32>,
    seen: u64,
    opts: CallOptions,
}

impl<R> fmt::Debug for SearchPager<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchPager")
            .field("next_page", &self.next)
            .field("per_page", &self.per_page)
            .field("seen", &self.seen)
            .field("opts", &self.opts)
            .finish()
    }
}

impl<R: SearchPage> SearchPager<R> {
    /// A pager starting at `first_page` (0 means 1) whose pages hold `per_page` items (0:
    /// the server's default of 500); `request` builds the call for one page.
    pub(crate) fn new(
        first_page: u32,
        per_page: u32,
        request: impl Fn(u32) -> Call<R> + Send + Sync + 'static,
    ) -> Self {
        SearchPager {
            request: Arc::new(request),
            per_page,
            next: Some(first_page.max(1)),
            seen: 0,
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// The next page, `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<R>> {
        let page = self.next.take()?;
        match self.opts.apply((self.request)(page)).await {
            Err(e) => Some(Err(e)),
            Ok(result) => {
                self.seen += result.len() as u64;
                self.next = next_page(&result, page, self.per_page, self.seen);
                Some(Ok(result))
            }
        }
    }

    /// The items of every remaining page, in order; the first error ends it.
    pub async fn collect_all(mut self) -> Result<Vec<R::Item>> {
        let mut all = Vec::new();
        while let Some(page) = self.next().await {
            all.extend(page?.into_items());
        }
        Ok(all)
    }

    /// The pages, in order (a boxed stream: `Unpin`, `Send`, `'static`).
    pub fn pages(self) -> BoxStream<'static, Result<R>> {
        stream::unfold(self, |mut pager| async move {
            let page = pager.next().await?;
            Some((page, pager))
        })
        .boxed()
    }

    /// The items of every page, in order.
    pub fn items(self) -> BoxStream<'static, Result<R::Item>> {
        self.pages()
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// The page after `page`, if the answer says there is one.
fn next_page<R: SearchPage>(result: &R, page: u32, per_page: u32, seen: u64) -> Option<u32> {
    if result.is_empty() {
        return None;
    }
    let more = match (result.page_num(), result.page_count()) {
        (Some(n), Some(c)) => n < c,
        _ => {
            let size = result
                .per_page()
                .and_then(|p| u64::try_from(p).ok())
                .filter(|p| *p > 0)
                .unwrap_or(if per_page > 0 {
                    u64::from(per_page)
                } else {
                    500
                });
            let full = result.len() as u64 >= size;
            let below_total = result
                .total()
                .and_then(|t| u64::try_from(t).ok())
                .is_none_or(|t| seen < t);
            full && below_total
        }
    };
    if more { page.checked_add(1) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use popbill_model::taxinvoice::{TISearchResult, TaxinvoiceInfo};

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
}

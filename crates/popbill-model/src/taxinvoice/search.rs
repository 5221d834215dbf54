//! `TISearchResult`: one page of a search.

use super::TaxinvoiceInfo;
use crate::document::SearchResult;

/// One page of Taxinvoice search results: the shared [`SearchResult`] listing
/// [`TaxinvoiceInfo`]s.
pub type TISearchResult = SearchResult<TaxinvoiceInfo>;

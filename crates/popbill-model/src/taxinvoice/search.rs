//! `TISearchResult`: one page of a search.

use serde::{Deserialize, Serialize};

use super::TaxinvoiceInfo;
use crate::lenient;

/// One page of search results. The counters are read from numbers or numeric strings (the
/// SDKs disagree on their JSON type) and written back as numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TISearchResult {
    /// `code`: Result code (1 for success).
    #[serde(
        rename = "code",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub code: Option<i64>,
    /// `total`: Total number of hits.
    #[serde(
        rename = "total",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub total: Option<i64>,
    /// `perPage`: Page size.
    #[serde(
        rename = "perPage",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub per_page: Option<i64>,
    /// `pageNum`: Page number (from 1).
    #[serde(
        rename = "pageNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub page_num: Option<i64>,
    /// `pageCount`: Number of pages.
    #[serde(
        rename = "pageCount",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub page_count: Option<i64>,
    /// `message`: Result message.
    #[serde(
        rename = "message",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub message: Option<String>,
    /// `list`: the invoices of this page (`null` reads as empty).
    #[serde(rename = "list", deserialize_with = "lenient::vec_or_default")]
    pub list: Vec<TaxinvoiceInfo>,
}

impl TISearchResult {
    /// True when a later page exists (`pageNum < pageCount`).
    pub fn has_next_page(&self) -> bool {
        matches!((self.page_num, self.page_count), (Some(n), Some(c)) if n < c)
    }
}

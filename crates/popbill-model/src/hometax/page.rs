//! One page of a HomeTax search (`HTTaxinvoiceSearchResult`, `HTCashbillSearchResult`): the
//! same paging fields around a list of the service's documents.

use serde::{Deserialize, Serialize};

use crate::lenient;

/// One page of collected documents; `Item` is [`super::HtTaxinvoiceAbbr`] or
/// [`super::HtCashbill`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(bound = "Item: schemars::JsonSchema + Default")
)]
#[serde(default, bound(deserialize = "Item: Deserialize<'de> + Default"))]
#[non_exhaustive]
pub struct HtSearchResult<Item> {
    /// `code`: 1 on success.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `total`: documents matching the filters.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub total: i64,
    /// `perPage`: page size.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub per_page: i64,
    /// `pageNum`: this page's number (from 1).
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub page_num: i64,
    /// `pageCount`: number of pages.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub page_count: i64,
    /// `list`: the documents of this page (`null` reads as empty).
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub list: Vec<Item>,
}

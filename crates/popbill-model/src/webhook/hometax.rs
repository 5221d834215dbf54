//! `HT.TAXINVOICEXML` and `HT.CASHBILL`: HomeTax crawl results pushed by POPBiLL.
//!
//! `HT.TAXINVOICEXML` arrives every hour on the hour with one crawled e-Tax invoice per body
//! (the name says XML, the body is JSON). Its keys are those of the HomeTax `GetTaxinvoice`
//! answer ([`crate::hometax::HtTaxinvoice`]) plus `sendDate`. `HT.CASHBILL` arrives once a day
//! with the keys of a HomeTax cash receipt ([`crate::hometax::HtCashbill`]).

use serde::{Deserialize, Serialize};

use crate::hometax::HtTaxinvoice;
use crate::lenient::string_or_default;

/// Body of an `HT.TAXINVOICEXML` webhook: one e-Tax invoice crawled from HomeTax.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HtTaxinvoicePush {
    /// `sendDate`: NTS transmission date `yyyyMMdd` (sent with the push).
    #[serde(default, deserialize_with = "string_or_default")]
    pub send_date: String,
    /// Every other key: the invoice as `GetTaxinvoice` returns it.
    #[serde(flatten)]
    pub invoice: HtTaxinvoice,
}

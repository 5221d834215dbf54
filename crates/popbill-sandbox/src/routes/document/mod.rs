//! Routes every document service shares, parameterised by a [`ServiceSpec`]: resending
//! email/SMS/fax and the email configuration ([`notify`]), the URL getters ([`urls`]), unit
//! cost and charge info ([`config`]), getInfos and logs ([`info`]). A service's route table
//! (`routes/taxinvoice`, `routes/cashbill`) maps its paths onto these and adds what is its own.

pub(crate) mod config;
pub(crate) mod info;
pub(crate) mod notify;
pub(crate) mod urls;

use crate::config::Config;

/// What differs between document services on the shared routes.
#[derive(Debug)]
pub(crate) struct ServiceSpec {
    /// First path segment (`Taxinvoice`, `Cashbill`).
    pub prefix: &'static str,
    /// Token scope the service needs (`110`, `140`).
    pub scope: &'static str,
    /// Email types of listEmailConfig / updateEmailConfig.
    pub email_types: &'static [&'static str],
    /// Document name in mail subjects (`전자세금계산서`, `현금영수증`).
    pub subject: &'static str,
    /// Field naming the issuer in mail subjects.
    pub issuer_name_field: &'static str,
    /// Per-document `TG` values and whether their URL expires (MAIL does not).
    pub doc_tgs: &'static [(&'static str, bool)],
    /// `TG` values of getURL (document boxes, write page).
    pub boxes: &'static [&'static str],
    /// Points charged per issued document.
    pub unit_cost: fn(&Config) -> i64,
}

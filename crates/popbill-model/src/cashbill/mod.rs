//! Cash receipts (현금영수증): wire types of the Cashbill service, error codes, validation and
//! totals.
//!
//! - [`receipt`]: [`Cashbill`], the receipt (request of registIssue, answer of getDetailInfo).
//! - [`revoke`]: [`RevokeRequest`], a full or partial cancel of a filed receipt.
//! - [`responses`], [`info`], [`search`], [`bulk`], [`log`]: what the service answers, and the
//!   search query.
//! - [`error_code`]: documented `-140xxxxx` error codes.
//! - [`identity`]: buyer identity numbers: kinds, which usage takes which, normalisation.
//! - [`validate`]: pre-flight rules with field paths, and [`validate::check_revocation`]
//!   against the original receipt.
//! - [`totals`]: amounts from a VAT-inclusive price, revocation builders from an issued receipt.
//!
//! Bodies shared with Taxinvoice (memo, e-mail, SMS, fax, e-mail config, bulk receipt) live in
//! [`crate::document`] and are re-exported here.

pub mod bulk;
pub mod error_code;
pub mod identity;
pub mod info;
pub mod log;
pub mod receipt;
pub mod responses;
pub mod revoke;
pub mod search;
pub mod totals;
pub mod validate;

pub use crate::document::{BulkResponse, EmailBody, EmailSendConfig, FaxBody, MemoBody, SmsBody};
pub use bulk::{BulkCashbillIssueResult, BulkCashbillResult, BulkCashbillSubmit};
pub use info::CashbillInfo;
pub use log::CashbillLog;
pub use receipt::Cashbill;
pub use responses::CashbillIssueResponse;
pub use revoke::RevokeRequest;
pub use search::{CashbillSearchQuery, CashbillSearchResult};
pub use totals::{CashbillAmounts, CashbillTotalsError};
pub use validate::check_revocation;

//! Taxinvoice (전자세금계산서) wire types, totals builder and validation rules.
//!
//! - [`invoice`]: [`Taxinvoice`], [`TaxinvoiceDetail`], [`TaxinvoiceAddContact`].
//! - [`requests`]: [`RegistIssueRequest`] (invoice + top-level extras) and the small verb bodies.
//! - [`info`], [`log`], [`search`], [`bulk`], [`responses`]: what the service answers.
//! - [`totals`]: computes line and header amounts (VAT 10 %, explicit rounding).
//! - [`validate`]: the pre-flight rules.
//! - [`error_code`]: documented POPBiLL error codes.

pub mod blankable;
pub mod bulk;
pub mod error_code;
pub mod info;
pub mod invoice;
pub mod log;
pub mod requests;
pub mod responses;
pub mod search;
pub mod totals;
pub mod validate;

pub use crate::document::{BulkResponse, EmailBody, EmailSendConfig, FaxBody, MemoBody, SmsBody};
pub use blankable::Blankable;
pub use bulk::{BulkTaxinvoiceIssueResult, BulkTaxinvoiceResult, BulkTaxinvoiceSubmit};
pub use info::TaxinvoiceInfo;
pub use invoice::{Taxinvoice, TaxinvoiceAddContact, TaxinvoiceDetail};
pub use log::TaxinvoiceLog;
pub use requests::{IssueBody, RegistIssueRequest, StatementBody};
pub use responses::{
    AttachedFile, CertificateExpiration, EmailPublicKey, IssueResponse, SendToNtsConfig,
    TaxinvoiceCertificate, TaxinvoiceXml,
};
pub use search::TISearchResult;
pub use totals::{Totals, TotalsBuilder, TotalsError, split_vat_inclusive};

//! `TaxinvoiceLog`: one entry of getLogs.

use crate::codes::DocLogType;
use crate::document::DocumentLog;

/// One entry of an invoice's history: the shared [`DocumentLog`], its `docLogType` a
/// [`DocLogType`].
pub type TaxinvoiceLog = DocumentLog<DocLogType>;

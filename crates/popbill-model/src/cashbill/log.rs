//! `CashbillLog`: one entry of the legacy getLogs.

use crate::document::DocumentLog;

/// One entry of a cash receipt's history: the shared [`DocumentLog`], its `docLogType` a plain
/// number (the values are not documented for cash receipts). Cash receipt logs carry no
/// `procCorpName` / `procContactName`.
pub type CashbillLog = DocumentLog<i64>;

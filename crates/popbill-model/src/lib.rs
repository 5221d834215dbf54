//! Pure POPBiLL types and rules: wire structs, code tables, validated newtypes and
//! validation. This crate performs no I/O, reads no clock and knows nothing about HTTP.
//!
//! - [`common`]: `CorpNum`, `MgtKey`, `ItemKey`, `NtsConfirmNum`, `SubmitId`, `Date8`,
//!   `DateTime14`, `Amount`, `Decimal`, and the Linkhub UTC timestamp format
//!   ([`format_utc`], [`parse_utc_millis`]).
//! - [`code_enum!`]: the macro behind every code table; unknown values are kept.
//! - [`calendar`]: Korean public holidays and business days (tax deadlines).
//! - [`codes`]: the code tables.
//! - [`ErrorCode`]: POPBiLL's result codes, named and described.
//! - [`validate`]: `Validate`, `ValidationErrors` with field paths and rule ids.
//! - [`response`]: small responses shared by every service.
//! - [`document`]: what every document service shares (memo, e-mail, SMS, fax bodies, key and
//!   search checks).
//! - [`member`]: member, contact and point objects.
//! - [`cashbill`]: the cash receipt (현금영수증) and everything around it.
//! - [`taxinvoice`]: the e-Tax invoice and everything around it.
//! - [`hometax`]: HomeTax collection of tax invoices and cash receipts, HomeTax credentials.

#[macro_use]
mod setters;

pub mod calendar;
pub mod cashbill;
pub mod code_enum;
pub mod codes;
pub mod common;
pub mod document;
pub mod error_code;
pub mod hometax;
pub mod lenient;
pub mod member;
pub mod response;
pub mod taxinvoice;
pub mod validate;
pub mod webhook;

pub use code_enum::{CodeTable, UnknownCode, UnknownCodeError};
pub use common::*;
pub use error_code::ErrorCode;
pub use response::{
    BalanceResponse, ChargeInfo, RefundableBalanceResponse, Response, UnitCostResponse, UrlResponse,
};
pub use validate::{
    Validate, ValidationContext, ValidationErrors, Validator, Violation, char_len, rule,
};

#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "schemars")]
    pub use schemars;
    pub use serde;
}

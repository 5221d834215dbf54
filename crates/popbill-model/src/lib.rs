//! Pure POPBiLL types and rules: wire structs, code tables, validated newtypes and
//! validation. This crate performs no I/O, reads no clock and knows nothing about HTTP.
//!
//! - [`common`]: `CorpNum`, `MgtKey`, `ItemKey`, `NtsConfirmNum`, `SubmitId`, `Date8`,
//!   `DateTime14`, `Amount`, `Decimal`.
//! - [`code_enum!`]: the macro behind every code table; unknown values are kept.
//! - [`validate`]: `Validate`, `ValidationErrors` with field paths and rule ids.

pub mod code_enum;
pub mod common;
pub mod validate;

pub use code_enum::{UnknownCode, UnknownCodeError};
pub use common::*;
pub use validate::{
    Validate, ValidationContext, ValidationErrors, Validator, Violation, char_len, rule,
};

#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "schemars")]
    pub use schemars;
    pub use serde;
}

//! Code tables used on the wire (Korean strings, small integers and letters).
//!
//! Every table is defined with [`crate::code_enum!`]: it serialises to the exact wire value and
//! keeps values this crate does not know in an opaque `Unknown` variant that serialises back
//! unchanged.
//!
//! - [`cashbill`]: cash receipt codes (trade type and usage, states, NTS results, filters).
//! - [`invoice`]: fields of the invoice body (tax type, purpose, issue type, modify code, ...).
//! - [`state`]: lifecycle and result codes (state code, NTS result, close-down state, logs, bulk).
//! - [`search`]: letters of the search query filters.
//! - [`targets`]: `TG` URL targets and e-mail types.

pub mod cashbill;
pub mod invoice;
pub mod search;
pub mod state;
pub mod targets;

pub use cashbill::*;
pub use invoice::*;
pub use search::*;
pub use state::*;
pub use targets::*;

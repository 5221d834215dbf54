//! [`ErrorCode`] lives in `popbill-model` (per-invoice results of bulk issuance carry it too)
//! and is re-exported here as `popbill::ErrorCode`.

pub use popbill_model::ErrorCode;

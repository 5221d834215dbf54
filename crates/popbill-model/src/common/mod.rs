//! Validated newtypes shared by every service: business numbers, document keys, dates and money.

mod amount;
mod corp_num;
mod date;
mod decimal;
mod keys;
mod text;
mod utc;

pub use amount::{Amount, AmountError};
pub use corp_num::{CorpNum, CorpNumError};
pub use date::{Date8, DateError, DateTime14, kst_date_from_unix, kst_datetime_from_unix};
pub(crate) use decimal::divisor;
pub use decimal::{Decimal, DecimalError, Rounding};
pub use keys::{ItemKey, KeyError, MgtKey, NtsConfirmNum, SubmitId};
pub use text::WireText;
pub use utc::{format_utc, parse_utc_millis};

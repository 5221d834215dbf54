//! `Amount`: whole Korean won.

use std::fmt;
use std::str::FromStr;

/// Why an amount was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// Not an optional `-` followed by digits.
    #[error("amount must be whole won: an optional '-' and digits only, got {0:?}")]
    Format(String),
    /// Does not fit in 18 characters / an i64.
    #[error("amount out of range: {0:?}")]
    Range(String),
}

/// An amount in whole won (KRW has no minor unit). Negative values are legal: revised
/// invoices carry them.
///
/// On the wire it travels as a JSON string (`"100000"`), the form POPBiLL documents; it reads a
/// string or a JSON integer. Arithmetic is checked.
///
/// ```
/// use popbill_model::Amount;
/// let a: Amount = serde_json::from_str("\"-1500\"").unwrap();
/// assert_eq!(a.won(), -1500);
/// assert_eq!(serde_json::to_string(&Amount::new(10)).unwrap(), "\"10\"");
/// let b: Amount = serde_json::from_str("2500").unwrap();
/// assert_eq!(a.checked_add(b), Some(Amount::new(1000)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(i64);

/// Largest magnitude POPBiLL accepts: amounts are at most 18 characters including the sign.
pub(crate) const MAX_WON: i64 = 999_999_999_999_999_999;

impl Amount {
    /// Zero won.
    pub const ZERO: Amount = Amount(0);

    /// An amount of `won`.
    pub const fn new(won: i64) -> Self {
        Amount(won)
    }

    /// The value in won.
    pub const fn won(self) -> i64 {
        self.0
    }

    /// Parses an optional `-` followed by ASCII digits (no separators, no decimals).
    pub fn parse(s: &str) -> Result<Self, AmountError> {
        let t = s.trim();
        let digits = t.strip_prefix('-').unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::Format(s.to_owned()));
        }
        t.parse::<i64>()
            .map(Amount)
            .map_err(|_| AmountError::Range(s.to_owned()))
    }

    /// Checked addition.
    pub fn checked_add(self, o: Amount) -> Option<Amount> {
        self.0.checked_add(o.0).map(Amount)
    }

    /// Checked subtraction.
    pub fn checked_sub(self, o: Amount) -> Option<Amount> {
        self.0.checked_sub(o.0).map(Amount)
    }

    /// Checked negation.
    pub fn checked_neg(self) -> Option<Amount> {
        self.0.checked_neg().map(Amount)
    }

    /// True when below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True when zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// True when the decimal text fits POPBiLL's 18-character limit.
    pub fn fits_wire_limit(self) -> bool {
        self.0.unsigned_abs() <= MAX_WON as u64 && self.to_string().len() <= 18
    }
}

impl From<i64> for Amount {
    fn from(v: i64) -> Self {
        Amount(v)
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, AmountError> {
        Self::parse(s)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

struct AmountVisitor;

impl serde::de::Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("whole won as a string or an integer")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
        Amount::parse(v).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
        i64::try_from(v)
            .map(Amount)
            .map_err(|_| E::custom("amount out of range"))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
        if v.fract() == 0.0 && v.abs() <= 9.0e15 {
            Ok(Amount(v as i64))
        } else {
            Err(E::custom(format!("amount must be whole won, got {v}")))
        }
    }
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AmountVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "pattern": "^-?[0-9]{1,18}$",
            "description": "Whole won; sent as a string."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_separators_and_decimals() {
        for bad in ["1,000", "10.5", "", "-", "+5", "1e3", "１"] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            Amount::parse("99999999999999999999"),
            Err(AmountError::Range(_))
        ));
    }

    #[test]
    fn reads_number_and_string() {
        let a: Amount = serde_json::from_str("\"42\"").expect("string");
        let b: Amount = serde_json::from_str("42").expect("number");
        assert_eq!(a, b);
        assert!(serde_json::from_str::<Amount>("4.2").is_err());
    }
}

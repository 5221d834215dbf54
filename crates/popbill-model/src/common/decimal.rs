//! `Decimal`: exact decimals with at most two fractional digits, for `qty` and `unitCost`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU64;
use std::str::FromStr;

use super::Amount;

/// Why a decimal was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecimalError {
    /// Not `-?digits[.digits]`.
    #[error("decimal must be an optional '-', digits and at most one '.', got {0:?}")]
    Format(String),
    /// More than two digits after the point.
    #[error("at most 2 decimal places are allowed, got {0:?}")]
    Scale(String),
    /// Too large.
    #[error("decimal out of range: {0:?}")]
    Range(String),
}

/// `n` as a [`Rounding::div`] divisor, for constants (checked when they are compiled).
pub(crate) const fn divisor(n: u64) -> NonZeroU64 {
    match NonZeroU64::new(n) {
        Some(d) => d,
        None => panic!("a divisor must not be zero"),
    }
}

/// Rounding of fractional won (VAT and line amounts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Toward zero (절사); the default, as most issuers do for VAT.
    #[default]
    Truncate,
    /// Half away from zero (반올림).
    HalfUp,
    /// Away from zero (절상).
    Up,
}

impl Rounding {
    /// Divides `num` by `den` and rounds by this mode. The divisor is positive by its type,
    /// so the division can neither fail nor overflow.
    pub fn div(self, num: i128, den: NonZeroU64) -> i128 {
        let den = i128::from(den.get());
        let q = num / den;
        let r = num % den;
        if r == 0 {
            return q;
        }
        let away = if num < 0 { -1 } else { 1 };
        match self {
            Rounding::Truncate => q,
            Rounding::Up => q + away,
            Rounding::HalfUp => {
                if r.abs() * 2 >= den {
                    q + away
                } else {
                    q
                }
            }
        }
    }
}

/// An exact decimal with 0, 1 or 2 fractional digits, stored as hundredths. No floats.
///
/// It keeps the number of fractional digits it was written with, so `"1"` stays `"1"` and
/// `"1.50"` stays `"1.50"` on the wire; equality and ordering compare values.
///
/// ```
/// use popbill_model::Decimal;
/// let q: Decimal = "1.5".parse().unwrap();
/// let p: Decimal = "1000".parse().unwrap();
/// assert_eq!(q.to_string(), "1.5");
/// assert_eq!(q.checked_mul_to_amount(p, Default::default()).unwrap().won(), 1500);
/// assert!("1.234".parse::<Decimal>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Decimal {
    hundredths: i64,
    scale: u8,
}

impl Decimal {
    /// A whole number.
    pub fn from_int(v: i64) -> Option<Self> {
        v.checked_mul(100).map(|h| Decimal {
            hundredths: h,
            scale: 0,
        })
    }

    /// A value given in hundredths, shown with two decimals.
    pub fn from_hundredths(h: i64) -> Self {
        Decimal {
            hundredths: h,
            scale: 2,
        }
    }

    /// The value in hundredths.
    pub fn hundredths(self) -> i64 {
        self.hundredths
    }

    /// Fractional digits as written (0-2).
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// True when below zero.
    pub fn is_negative(self) -> bool {
        self.hundredths < 0
    }

    /// Parses `-?digits[.d[d]]`.
    pub fn parse(s: &str) -> Result<Self, DecimalError> {
        let t = s.trim();
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits_ok = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok(int) || frac.is_some_and(|f| !digits_ok(f)) {
            return Err(DecimalError::Format(s.to_owned()));
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 2 {
            return Err(DecimalError::Scale(s.to_owned()));
        }
        let range = || DecimalError::Range(s.to_owned());
        let int_v: i64 = int.parse().map_err(|_| range())?;
        let frac_v: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| range())? * 10,
            _ => frac.parse::<i64>().map_err(|_| range())?,
        };
        let mag = int_v
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_v))
            .ok_or_else(range)?;
        Ok(Decimal {
            hundredths: if neg { -mag } else { mag },
            scale: frac.len() as u8,
        })
    }

    /// `self × other`, rounded to whole won.
    pub fn checked_mul_to_amount(self, other: Decimal, rounding: Rounding) -> Option<Amount> {
        let p = i128::from(self.hundredths) * i128::from(other.hundredths);
        const TEN_THOUSAND: NonZeroU64 = divisor(10_000);
        let won = rounding.div(p, TEN_THOUSAND);
        i64::try_from(won).ok().map(Amount::new)
    }

    /// Number of characters of the wire text (for the 12/18-character limits).
    pub fn wire_len(self) -> usize {
        self.to_string().len()
    }
}

impl PartialEq for Decimal {
    fn eq(&self, o: &Self) -> bool {
        self.hundredths == o.hundredths
    }
}

impl Eq for Decimal {}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hundredths.hash(h);
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Decimal {
    fn cmp(&self, o: &Self) -> Ordering {
        self.hundredths.cmp(&o.hundredths)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Self, DecimalError> {
        Self::parse(s)
    }
}

impl From<Amount> for Decimal {
    fn from(a: Amount) -> Self {
        Decimal::from_int(a.won()).unwrap_or(Decimal {
            hundredths: if a.is_negative() { i64::MIN } else { i64::MAX },
            scale: 0,
        })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.hundredths < 0 { "-" } else { "" };
        let mag = self.hundredths.unsigned_abs();
        let (int, frac) = (mag / 100, mag % 100);
        match self.scale {
            0 if frac == 0 => write!(f, "{sign}{int}"),
            0 | 2 => write!(f, "{sign}{int}.{frac:02}"),
            _ if frac % 10 == 0 => write!(f, "{sign}{int}.{}", frac / 10),
            _ => write!(f, "{sign}{int}.{frac:02}"),
        }
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

struct DecimalVisitor;

impl serde::de::Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal with at most two places, as a string or a number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::parse(v).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Decimal::from_int(v).ok_or_else(|| E::custom("decimal out of range"))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        i64::try_from(v)
            .ok()
            .and_then(Decimal::from_int)
            .ok_or_else(|| E::custom("decimal out of range"))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        // JSON numbers with a fraction: go through their shortest text form, never through
        // binary arithmetic.
        Decimal::parse(&v.to_string()).map_err(E::custom)
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "number"],
            "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$",
            "description": "Exact decimal with at most two places; sent as a string."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_written_scale() {
        for s in ["1", "1.5", "1.50", "0.05", "-3.2", "50000"] {
            assert_eq!(Decimal::parse(s).expect(s).to_string(), s);
        }
        assert_eq!(Decimal::parse("1.5"), Decimal::parse("1.50"));
    }

    #[test]
    fn rejects_bad_text() {
        for s in ["", ".5", "1.", "1.234", "1,0", "abc", "--1"] {
            assert!(Decimal::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn rounding_modes() {
        const TEN: NonZeroU64 = divisor(10);
        assert_eq!(Rounding::Truncate.div(15, TEN), 1);
        assert_eq!(Rounding::HalfUp.div(15, TEN), 2);
        assert_eq!(Rounding::HalfUp.div(-15, TEN), -2);
        assert_eq!(Rounding::Up.div(11, TEN), 2);
        assert_eq!(Rounding::Truncate.div(-19, TEN), -1);
        // The extremes: no overflow for any positive divisor.
        let max = NonZeroU64::MAX;
        assert_eq!(
            Rounding::Up.div(i128::MIN, max),
            i128::MIN / i128::from(u64::MAX) - 1
        );
        // 2^127 - 1 = 2^63 (2^64 - 1) + (2^63 - 1): a remainder just under half.
        assert_eq!(Rounding::HalfUp.div(i128::MAX, max), 1 << 63);
        assert_eq!(Rounding::Up.div(i128::MIN, NonZeroU64::MIN), i128::MIN);
    }
}

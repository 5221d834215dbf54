//! `CorpNum`: a Korean business registration number (사업자등록번호).

use std::fmt;
use std::str::FromStr;

/// Why a business number was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CorpNumError {
    /// Not exactly 10 ASCII digits once hyphens are removed.
    #[error("business number must be 10 digits (hyphens allowed), got {0} characters")]
    Format(usize),
    /// Contains a character other than a digit or a hyphen.
    #[error("business number may contain only digits and hyphens")]
    Charset,
    /// The NTS check digit does not match.
    #[error("business number check digit is wrong (expected {expected}, got {actual})")]
    Checksum {
        /// The check digit the first nine digits call for.
        expected: u8,
        /// The tenth digit given.
        actual: u8,
    },
}

/// A business registration number: 10 ASCII digits, stored without hyphens (inline: cloning
/// one never allocates).
///
/// [`CorpNum::parse`] (and `FromStr`) checks the NTS check digit. The official examples and the
/// POPBiLL testbed use numbers such as `1234567890` and `8888888888` that fail it; accept those
/// explicitly with [`CorpNum::parse_unchecked`], which checks only the format. Deserialisation is
/// format-only as well, because values from the network must not be lost.
///
/// ```
/// use popbill_model::CorpNum;
/// assert_eq!(CorpNum::parse("220-81-62517").unwrap().as_str(), "2208162517");
/// assert!(CorpNum::parse("1234567890").is_err());
/// let test = CorpNum::parse_unchecked("1234567890").unwrap();
/// assert!(!test.has_valid_checksum());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CorpNum([u8; 10]);

impl CorpNum {
    /// Parses and checks the check digit. Hyphens are accepted and stripped.
    pub fn parse(s: &str) -> Result<Self, CorpNumError> {
        let n = Self::parse_unchecked(s)?;
        n.checksum_result()?;
        Ok(n)
    }

    /// Parses checking only the format (10 digits, hyphens stripped), not the check digit.
    /// Use it for test numbers like `1234567890`.
    pub fn parse_unchecked(s: &str) -> Result<Self, CorpNumError> {
        let mut digits = [0u8; 10];
        let mut count = 0usize;
        for c in s.trim().chars() {
            match c {
                '0'..='9' => {
                    if let Some(slot) = digits.get_mut(count) {
                        // An ASCII digit: the cast keeps its one byte.
                        *slot = c as u8;
                    }
                    count += 1;
                }
                '-' => {}
                _ => return Err(CorpNumError::Charset),
            }
        }
        if count != 10 {
            return Err(CorpNumError::Format(count));
        }
        Ok(CorpNum(digits))
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// True when the NTS check digit matches.
    pub fn has_valid_checksum(&self) -> bool {
        self.checksum_result().is_ok()
    }

    /// `Ok` when the NTS check digit matches.
    pub fn checksum_result(&self) -> Result<(), CorpNumError> {
        let (expected, actual) = expected_check_digit(&self.0);
        if expected == actual {
            Ok(())
        } else {
            Err(CorpNumError::Checksum { expected, actual })
        }
    }

    /// Checks a string for the check digit. Returns `None` when the string is not exactly 10
    /// digits (no hyphens).
    pub fn checksum_ok(digits: &str) -> Option<bool> {
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::parse_unchecked(digits)
            .ok()
            .map(|n| n.has_valid_checksum())
    }
}

/// Weights 1,3,7,1,3,7,1,3,5 over the first nine digits, plus the tens carry of digit 9 × 5.
/// Takes the ASCII digits; returns the expected and the actual check digit.
fn expected_check_digit(ascii: &[u8; 10]) -> (u8, u8) {
    let d = ascii.map(|b| b - b'0');
    const W: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u32 = d.iter().zip(W).map(|(&x, w)| u32::from(x) * w).sum();
    sum += u32::from(d[8]) * 5 / 10;
    let expected = ((10 - sum % 10) % 10) as u8;
    (expected, d[9])
}

impl FromStr for CorpNum {
    type Err = CorpNumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for CorpNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CorpNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CorpNum({})", self.as_str())
    }
}

impl AsRef<str> for CorpNum {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl serde::Serialize for CorpNum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CorpNum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        CorpNum::parse_unchecked(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for CorpNum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CorpNum".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "pattern": "^[0-9]{10}$"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_numbers_pass() {
        // Publicly listed business numbers with valid check digits.
        for n in ["2208162517", "1248100998", "6798700433", "8888888888"] {
            assert!(CorpNum::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn test_numbers_need_unchecked() {
        assert!(matches!(
            CorpNum::parse("1234567890"),
            Err(CorpNumError::Checksum { .. })
        ));
        assert!(CorpNum::parse_unchecked("1234567890").is_ok());
        assert!(CorpNum::parse_unchecked("1068614930").is_ok());
    }

    #[test]
    fn hyphens_stripped_and_format_checked() {
        assert_eq!(
            CorpNum::parse_unchecked("123-45-67890").map(|c| c.as_str().to_owned()),
            Ok("1234567890".to_owned())
        );
        assert_eq!(
            CorpNum::parse_unchecked("12345"),
            Err(CorpNumError::Format(5))
        );
        assert_eq!(
            CorpNum::parse_unchecked("12345a7890"),
            Err(CorpNumError::Charset)
        );
        assert_eq!(
            CorpNum::parse_unchecked("１２３４５６７８９０"),
            Err(CorpNumError::Charset)
        );
        assert_eq!(
            CorpNum::parse_unchecked("1234567890123"),
            Err(CorpNumError::Format(13))
        );
    }
}

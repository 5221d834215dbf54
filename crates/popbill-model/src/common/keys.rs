//! Document keys: `MgtKey` (the partner's document number), `ItemKey` (POPBiLL's id),
//! `NtsConfirmNum` (the NTS confirmation number) and `SubmitId` (bulk submission id).

use std::fmt;
use std::str::FromStr;

/// Why a key was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Empty input.
    #[error("{what} must not be empty")]
    Empty {
        /// Which key.
        what: &'static str,
    },
    /// Wrong length.
    #[error("{what} must be {expected} characters, got {actual}")]
    Length {
        /// Which key.
        what: &'static str,
        /// Allowed length, as text (`"1-24"`, `"24"`).
        expected: &'static str,
        /// Length given (Unicode scalar values).
        actual: usize,
    },
    /// A character outside the allowed set.
    #[error("{what} may contain only {allowed}; found {found:?}")]
    Charset {
        /// Which key.
        what: &'static str,
        /// Allowed characters, described.
        allowed: &'static str,
        /// The first offending character.
        found: char,
    },
    /// Wrong structure (for example a confirm number whose first 8 digits are not a date).
    #[error("{what} is malformed: {reason}")]
    Format {
        /// Which key.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
}

macro_rules! string_key {
    ($(#[$meta:meta])* $name:ident, $label:literal, $check:path) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses and checks the value.
            pub fn parse(s: &str) -> Result<Self, KeyError> {
                $check(s)?;
                Ok($name(s.to_owned()))
            }

            /// The key as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Checks a string without allocating.
            pub fn check(s: &str) -> Result<(), KeyError> {
                $check(s)
            }
        }

        impl FromStr for $name {
            type Err = KeyError;
            fn from_str(s: &str) -> Result<Self, KeyError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = KeyError;
            fn try_from(s: &str) -> Result<Self, KeyError> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = KeyError;
            fn try_from(s: String) -> Result<Self, KeyError> {
                $check(&s)?;
                Ok($name(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, "({})"), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::try_from(s).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $label.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string"})
            }
        }
    };
}

fn check_charset(
    s: &str,
    what: &'static str,
    allowed: &'static str,
    ok: impl Fn(char) -> bool,
) -> Result<(), KeyError> {
    match s.chars().find(|&c| !ok(c)) {
        Some(found) => Err(KeyError::Charset {
            what,
            allowed,
            found,
        }),
        None => Ok(()),
    }
}

fn check_len(
    s: &str,
    what: &'static str,
    expected: &'static str,
    min: usize,
    max: usize,
) -> Result<(), KeyError> {
    let n = s.chars().count();
    if n == 0 {
        return Err(KeyError::Empty { what });
    }
    if n < min || n > max {
        return Err(KeyError::Length {
            what,
            expected,
            actual: n,
        });
    }
    Ok(())
}

fn check_mgt_key(s: &str) -> Result<(), KeyError> {
    check_len(s, "MgtKey", "1-24", 1, 24)?;
    check_charset(s, "MgtKey", "A-Z a-z 0-9 - _", |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    })
}

fn check_item_key(s: &str) -> Result<(), KeyError> {
    check_len(s, "ItemKey", "18", 18, 18)?;
    check_charset(s, "ItemKey", "A-Z a-z 0-9", |c| c.is_ascii_alphanumeric())
}

fn check_submit_id(s: &str) -> Result<(), KeyError> {
    check_len(s, "SubmitID", "1-36", 1, 36)?;
    check_charset(s, "SubmitID", "A-Z a-z 0-9 -", |c| {
        c.is_ascii_alphanumeric() || c == '-'
    })
}

fn check_nts_confirm_num(s: &str) -> Result<(), KeyError> {
    const WHAT: &str = "NtsConfirmNum";
    check_len(s, WHAT, "24", 24, 24)?;
    let b = s.as_bytes();
    if !b[..16].iter().all(u8::is_ascii_digit) {
        return Err(KeyError::Format {
            what: WHAT,
            reason: "the first 16 characters must be digits (yyyyMMdd + 8 digits)",
        });
    }
    if !b[16..]
        .iter()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
    {
        return Err(KeyError::Format {
            what: WHAT,
            reason: "the last 8 characters must be lowercase hexadecimal",
        });
    }
    if super::Date8::parse(&s[..8]).is_err() {
        return Err(KeyError::Format {
            what: WHAT,
            reason: "the first 8 digits must be a calendar date yyyyMMdd",
        });
    }
    Ok(())
}

string_key!(
    /// The partner's document number (문서번호): 1-24 of `A-Z a-z 0-9 - _`, unique per member
    /// and key type. It is the natural idempotency key for issuance.
    ///
    /// ```
    /// use popbill_model::MgtKey;
    /// assert!(MgtKey::parse("INV-2025_0001").is_ok());
    /// assert!(MgtKey::parse("bad key").is_err());
    /// ```
    MgtKey,
    "MgtKey",
    check_mgt_key
);

string_key!(
    /// POPBiLL's own document id (18 alphanumerics).
    ItemKey,
    "ItemKey",
    check_item_key
);

string_key!(
    /// Bulk submission id: 1-36 of `A-Z a-z 0-9 -`, unique per member.
    SubmitId,
    "SubmitId",
    check_submit_id
);

string_key!(
    /// NTS confirmation number (국세청승인번호): `yyyyMMdd` + 8 digits + 8 lowercase hex digits.
    ///
    /// ```
    /// use popbill_model::NtsConfirmNum;
    /// assert!(NtsConfirmNum::parse("20250101410000000000a1b2").is_ok());
    /// assert!(NtsConfirmNum::parse("20251301410000000000a1b2").is_err());
    /// ```
    NtsConfirmNum,
    "NtsConfirmNum",
    check_nts_confirm_num
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mgt_key_rules() {
        assert!(MgtKey::parse("a").is_ok());
        assert!(MgtKey::parse(&"x".repeat(24)).is_ok());
        assert!(matches!(
            MgtKey::parse(&"x".repeat(25)),
            Err(KeyError::Length { actual: 25, .. })
        ));
        assert!(matches!(MgtKey::parse(""), Err(KeyError::Empty { .. })));
        assert!(matches!(
            MgtKey::parse("키"),
            Err(KeyError::Charset { found: '키', .. })
        ));
    }

    #[test]
    fn nts_confirm_num_rules() {
        assert!(NtsConfirmNum::parse("20250101410000000000A1B2").is_err());
        assert!(NtsConfirmNum::parse("2025010141000000000a1b2").is_err());
        assert!(NtsConfirmNum::parse("20250230410000000000a1b2").is_err());
    }

    #[test]
    fn submit_and_item_keys() {
        assert!(SubmitId::parse("SUB-2025-0001").is_ok());
        assert!(SubmitId::parse("SUB_1").is_err());
        assert!(ItemKey::parse("025010114000000001").is_ok());
        assert!(ItemKey::parse("0250101").is_err());
    }
}

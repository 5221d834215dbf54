//! The one macro that defines every POPBiLL code table, and the opaque value that keeps
//! codes this crate does not know yet.
//!
//! Every generated enum:
//! - serialises to the exact wire value (a string such as `"과세"` or an integer such as `300`);
//! - deserialises unknown wire values into `Unknown(UnknownCode)` and serialises them back unchanged;
//! - offers `as_str()` (string tables) or `code()` (integer tables), an infallible `From`,
//!   a strict `try_parse`, `Display`, and `is_unknown()`;
//! - is `#[non_exhaustive]`, so new variants are not breaking changes.
//!
//! The unknown payload is opaque on purpose: matching `Unknown(x) if x == "NEW"` would silently
//! change meaning the day `NEW` gets its own variant.

use std::fmt;

/// A wire value that no variant of a code enum covers. Opaque; it serialises back exactly as it
/// was received (a string stays a string, a number stays a number).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownCode(UnknownRepr);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum UnknownRepr {
    Str(String),
    Int(i64),
}

impl UnknownCode {
    /// An unknown string value.
    pub fn from_str_value(s: impl Into<String>) -> Self {
        UnknownCode(UnknownRepr::Str(s.into()))
    }

    /// An unknown integer value.
    pub fn from_int_value(n: i64) -> Self {
        UnknownCode(UnknownRepr::Int(n))
    }

    /// The value as text (integers are formatted in decimal).
    pub fn to_text(&self) -> String {
        match &self.0 {
            UnknownRepr::Str(s) => s.clone(),
            UnknownRepr::Int(n) => n.to_string(),
        }
    }

    /// The value as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            UnknownRepr::Str(s) => s.trim().parse().ok(),
            UnknownRepr::Int(n) => Some(*n),
        }
    }

    /// Serialises the value in its original JSON type.
    pub fn serialize_raw<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            UnknownRepr::Str(v) => s.serialize_str(v),
            UnknownRepr::Int(n) => s.serialize_i64(*n),
        }
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            UnknownRepr::Str(s) => f.write_str(s),
            UnknownRepr::Int(n) => write!(f, "{n}"),
        }
    }
}

/// What every code enum is, for rules that treat them alike (see
/// [`Validator::known_code`](crate::Validator::known_code)). Implemented by [`code_enum!`](crate::code_enum!).
pub trait CodeTable: fmt::Display {
    /// The table's name (the enum's name).
    const TABLE: &'static str;
    /// True for a value this crate does not know.
    fn is_unknown_code(&self) -> bool;
}

/// Error of a strict `try_parse` on a code enum.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known {table} value")]
pub struct UnknownCodeError {
    /// The code table (enum name).
    pub table: &'static str,
    /// The rejected value.
    pub value: String,
}

/// A scalar JSON value as seen by the code-enum deserialisers.
#[doc(hidden)]
#[derive(Debug)]
pub enum RawScalar {
    Str(String),
    Int(i64),
}

#[doc(hidden)]
pub struct RawScalarVisitor;

impl serde::de::Visitor<'_> for RawScalarVisitor {
    type Value = RawScalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a code value (string or integer)")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawScalar, E> {
        Ok(RawScalar::Str(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawScalar, E> {
        Ok(RawScalar::Str(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawScalar, E> {
        Ok(RawScalar::Int(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawScalar, E> {
        i64::try_from(v)
            .map(RawScalar::Int)
            .map_err(|_| E::custom("code value out of range"))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawScalar, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(RawScalar::Int(v as i64))
        } else {
            Ok(RawScalar::Str(v.to_string()))
        }
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawScalar, E> {
        Ok(RawScalar::Str(v.to_string()))
    }
}

/// Defines a POPBiLL code table.
///
/// ```
/// popbill_model::code_enum! {
///     /// Example string table.
///     pub enum Fruit: str {
///         /// An apple.
///         Apple = "사과",
///         /// A pear.
///         Pear = "배",
///     }
/// }
/// popbill_model::code_enum! {
///     /// Example integer table.
///     pub enum Level: int {
///         /// Low.
///         Low = 1,
///         /// High.
///         High = 9,
///     }
/// }
/// assert_eq!(Fruit::Apple.as_str(), "사과");
/// assert_eq!(Fruit::from("수박").to_string(), "수박");
/// assert!(Fruit::from("수박").is_unknown());
/// assert_eq!(serde_json::to_string(&Level::High).unwrap(), "9");
/// let unknown: Level = serde_json::from_str("7").unwrap();
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), "7");
/// ```
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : str {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know; kept as received.
            Unknown($crate::UnknownCode),
        }

        impl $name {
            /// Every known variant, in table order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The exact wire value.
            pub fn as_str(&self) -> ::std::borrow::Cow<'_, str> {
                match self {
                    $( $name::$variant => ::std::borrow::Cow::Borrowed($wire), )+
                    $name::Unknown(u) => ::std::borrow::Cow::Owned(u.to_text()),
                }
            }

            /// Strict parse: only known wire values.
            pub fn try_parse(s: &str) -> ::std::result::Result<Self, $crate::UnknownCodeError> {
                match s {
                    $( $wire => Ok($name::$variant), )+
                    _ => Err($crate::UnknownCodeError { table: stringify!($name), value: s.to_owned() }),
                }
            }

            /// True for a value this crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::try_parse(s).unwrap_or_else(|_| $name::Unknown($crate::UnknownCode::from_str_value(s)))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownCodeError;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::try_parse(s)
            }
        }

        impl $crate::code_enum::CodeTable for $name {
            const TABLE: &'static str = stringify!($name);
            fn is_unknown_code(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $name::Unknown(u) => u.serialize_raw(s),
                    known => s.serialize_str(&known.as_str()),
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                match d.deserialize_any($crate::code_enum::RawScalarVisitor)? {
                    $crate::code_enum::RawScalar::Str(s) => Ok(Self::from(s.as_str())),
                    $crate::code_enum::RawScalar::Int(n) => Ok(
                        Self::try_parse(&n.to_string())
                            .unwrap_or_else(|_| $name::Unknown($crate::UnknownCode::from_int_value(n))),
                    ),
                }
            }
        }

        #[cfg(feature = "schemars")]
        impl $crate::__private::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::__private::schemars::json_schema!({
                    "type": "string",
                    "description": concat!("Code table ", stringify!($name), "; unknown values are preserved."),
                    "examples": [ $( $wire ),+ ]
                })
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : int {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know; kept as received.
            Unknown($crate::UnknownCode),
        }

        impl $name {
            /// Every known variant, in table order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The integer wire value (`None` for an unknown non-numeric value).
            pub fn code(&self) -> Option<i64> {
                match self {
                    $( $name::$variant => Some($wire), )+
                    $name::Unknown(u) => u.as_i64(),
                }
            }

            /// Strict parse from an integer: only known codes.
            pub fn try_from_code(n: i64) -> ::std::result::Result<Self, $crate::UnknownCodeError> {
                match n {
                    $( $wire => Ok($name::$variant), )+
                    _ => Err($crate::UnknownCodeError { table: stringify!($name), value: n.to_string() }),
                }
            }

            /// Strict parse from text such as `"300"`.
            pub fn try_parse(s: &str) -> ::std::result::Result<Self, $crate::UnknownCodeError> {
                s.trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|n| Self::try_from_code(n).ok())
                    .ok_or_else(|| $crate::UnknownCodeError { table: stringify!($name), value: s.to_owned() })
            }

            /// True for a value this crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(n: i64) -> Self {
                Self::try_from_code(n).unwrap_or_else(|_| $name::Unknown($crate::UnknownCode::from_int_value(n)))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownCodeError;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::try_parse(s)
            }
        }

        impl $crate::code_enum::CodeTable for $name {
            const TABLE: &'static str = stringify!($name);
            fn is_unknown_code(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $name::Unknown(u) => ::std::fmt::Display::fmt(u, f),
                    known => match known.code() {
                        Some(n) => write!(f, "{n}"),
                        None => Ok(()),
                    },
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $name::Unknown(u) => u.serialize_raw(s),
                    known => match known.code() {
                        Some(n) => s.serialize_i64(n),
                        None => Err(<S::Error as $crate::__private::serde::ser::Error>::custom("code without value")),
                    },
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                match d.deserialize_any($crate::code_enum::RawScalarVisitor)? {
                    $crate::code_enum::RawScalar::Int(n) => Ok(Self::from(n)),
                    $crate::code_enum::RawScalar::Str(s) => Ok(Self::try_parse(&s)
                        .unwrap_or_else(|_| $name::Unknown($crate::UnknownCode::from_str_value(s)))),
                }
            }
        }

        #[cfg(feature = "schemars")]
        impl $crate::__private::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::__private::schemars::json_schema!({
                    "type": "integer",
                    "description": concat!("Code table ", stringify!($name), "; unknown values are preserved."),
                    "examples": [ $( $wire ),+ ]
                })
            }
        }
    };
}

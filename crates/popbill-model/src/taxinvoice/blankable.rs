//! `Blankable<T>`: a numeric wire field that may also arrive as an empty string.
//!
//! The official SDK examples send optional amounts as `""` when unused (`"cash": ""`), and the
//! server accepts that. `Option<Blankable<Amount>>` keeps the three states apart so a body
//! survives a round trip unchanged: absent/`null` is `None`, `""` is `Some(Blank)`, a value is
//! `Some(Value(..))`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value, or the empty string POPBiLL accepts in its place.
///
/// ```
/// use popbill_model::Amount;
/// use popbill_model::taxinvoice::Blankable;
/// let b: Blankable<Amount> = serde_json::from_str("\"\"").unwrap();
/// assert!(b.is_blank());
/// assert_eq!(serde_json::to_string(&b).unwrap(), "\"\"");
/// let v: Blankable<Amount> = serde_json::from_str("\"1500\"").unwrap();
/// assert_eq!(v.value(), Some(Amount::new(1500)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Blankable<T> {
    /// Sent as `""`: treated as "not given" by the server and by every rule here.
    Blank,
    /// A real value.
    Value(T),
}

impl<T> Blankable<T> {
    /// True for the empty-string form.
    pub fn is_blank(&self) -> bool {
        matches!(self, Blankable::Blank)
    }

    /// The value, if any.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Blankable::Value(v) => Some(v),
            Blankable::Blank => None,
        }
    }

    /// Consumes into the value, if any.
    pub fn into_value(self) -> Option<T> {
        match self {
            Blankable::Value(v) => Some(v),
            Blankable::Blank => None,
        }
    }
}

impl<T: Copy> Blankable<T> {
    /// The value, if any (by copy).
    pub fn value(&self) -> Option<T> {
        self.as_value().copied()
    }
}

impl<T> From<T> for Blankable<T> {
    fn from(v: T) -> Self {
        Blankable::Value(v)
    }
}

impl<T: fmt::Display> fmt::Display for Blankable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blankable::Blank => Ok(()),
            Blankable::Value(v) => v.fmt(f),
        }
    }
}

impl<T: Serialize> Serialize for Blankable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Blankable::Blank => s.serialize_str(""),
            Blankable::Value(v) => v.serialize(s),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Blankable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if v.as_str() == Some("") {
            return Ok(Blankable::Blank);
        }
        T::deserialize(v)
            .map(Blankable::Value)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Blankable<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Blankable_{}", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let inner = g.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [inner, { "type": "string", "const": "" }],
            "description": "The value, or an empty string meaning \"not given\"."
        })
    }
}

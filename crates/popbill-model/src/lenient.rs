//! Tolerant deserialisers for response fields: POPBiLL sometimes sends a number where a string
//! is documented (and the reverse), or `null` for an empty value. Use them with
//! `#[serde(default, deserialize_with = "...")]`.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

fn scalar_text(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// A string, or a number/bool turned into text; `null` becomes `""`.
pub fn string_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar_text(Value::deserialize(d)?).unwrap_or_default())
}

/// Like [`string_or_default`] for an optional field; `null` becomes `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar_text(Value::deserialize(d)?))
}

/// An integer from a number or numeric string; `null`, `""` or junk become 0.
pub fn i64_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or_default())
}

/// An optional integer from a number or numeric string; `null`, `""` or junk become `None`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(b)),
        _ => None,
    })
}

/// An optional value of an integer kind `T` (a plain integer or an integer code table) from a
/// number or numeric string; `null`, `""` or what `T` does not read become `None`.
pub fn opt_int_kind<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = match Value::deserialize(d)? {
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map_or(Value::String(s), Value::from),
        other => other,
    };
    Ok(T::deserialize(value).ok())
}

/// A float from a number or numeric string; anything else becomes 0.
pub fn f64_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64().unwrap_or_default(),
        Value::String(s) => s.trim().parse().unwrap_or_default(),
        _ => 0.0,
    })
}

/// A boolean from `true`/`false`, `"true"`/`"Y"`/`"1"`, or 1/0; `null` becomes `None`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|v| v != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "y" | "1" => Some(true),
            "false" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A boolean as [`opt_bool`], defaulting to false.
pub fn bool_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_bool(d)?.unwrap_or_default())
}

/// An amount from a string or a number; `null`, `""` or text that is not whole won become
/// `None` (a response must not fail because of one odd amount).
pub fn opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::Amount>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => crate::Amount::parse(&s).ok(),
        Value::Number(n) => n.as_i64().map(crate::Amount::new),
        _ => None,
    })
}

/// A list whose `null` means empty. Items must still match `T`.
pub fn vec_or_default<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct T {
        #[serde(deserialize_with = "super::string_or_default")]
        s: String,
        #[serde(deserialize_with = "super::opt_i64")]
        n: Option<i64>,
        #[serde(deserialize_with = "super::opt_bool")]
        b: Option<bool>,
    }

    #[test]
    fn tolerant_types() {
        let t: T = serde_json::from_str(r#"{"s": 5, "n": "12", "b": "true"}"#).expect("ok");
        assert_eq!((t.s.as_str(), t.n, t.b), ("5", Some(12), Some(true)));
        let t: T = serde_json::from_str(r#"{"s": null, "n": "", "b": null}"#).expect("ok");
        assert_eq!((t.s.as_str(), t.n, t.b), ("", None, None));
        let t: T = serde_json::from_str("{}").expect("ok");
        assert_eq!((t.s.as_str(), t.n, t.b), ("", None, None));
    }
}

//! Query strings as the SDKs send them: raw or percent-encoded values, `+` for space (Java),
//! bare flags without `=` (`?Detail`, `?XML`, `?Print`), keys matched case-insensitively.

use crate::error::{ApiError, ApiResult, codes};

/// Ordered `(key, value)` pairs; `None` value = bare flag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(String, Option<String>)>,
}

fn decode(s: &str) -> Result<String, String> {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| format!("{s:?} is not valid percent-encoded UTF-8"))
}

impl Query {
    /// Parses a raw query string (without `?`).
    pub(crate) fn parse(raw: &str) -> Result<Query, String> {
        let mut pairs = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((k, v)) => pairs.push((decode(k)?, Some(decode(v)?))),
                None => pairs.push((decode(part)?, None)),
            }
        }
        Ok(Query { pairs })
    }

    /// True when `key` is present, with or without a value.
    pub(crate) fn flag(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
    }

    /// The value of `key` (first occurrence), trimmed; `None` when absent, a bare flag or empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_deref())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// A required value.
    pub(crate) fn require(&self, key: &str) -> ApiResult<&str> {
        self.get(key).ok_or_else(|| {
            ApiError::bad_request(
                codes::BAD_QUERY,
                format!("query parameter {key} is required"),
            )
        })
    }

    /// Comma-separated list (items trimmed, empties dropped).
    pub(crate) fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An optional integer within `min..=max`; a present but invalid value is a 400.
    pub(crate) fn int(&self, key: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(ApiError::bad_request(
                    codes::BAD_QUERY,
                    format!("query parameter {key} must be an integer in {min}..={max}, got {v:?}"),
                )),
            },
        }
    }

    /// An optional boolean: `1`/`0`, `true`/`false` in any case (Python sends `True`).
    pub(crate) fn boolean(&self, key: &str) -> ApiResult<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(v)
                if v == "1" || v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("y") =>
            {
                Ok(Some(true))
            }
            Some(v)
                if v == "0" || v.eq_ignore_ascii_case("false") || v.eq_ignore_ascii_case("n") =>
            {
                Ok(Some(false))
            }
            Some(v) => Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("query parameter {key} must be true/false or 1/0, got {v:?}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_encoded_flags_and_plus() {
        let q = Query::parse("Detail&QString=%EA%B3%B5%20a+b&State=3**,6**&TG=").expect("parses");
        assert!(q.flag("detail"));
        assert_eq!(q.get("Detail"), None);
        assert_eq!(q.get("qstring"), Some("공 a b"));
        assert_eq!(q.list("State"), vec!["3**", "6**"]);
        assert_eq!(q.get("TG"), None);
        assert!(Query::parse("a=%FF").is_err());
    }

    #[test]
    fn typed_values() {
        let q = Query::parse("Page=2&PerPage=0&SendYN=True&X=maybe").expect("parses");
        assert_eq!(q.int("Page", 1, 10).expect("ok"), Some(2));
        assert!(q.int("PerPage", 1, 1000).is_err());
        assert_eq!(q.boolean("SendYN").expect("ok"), Some(true));
        assert!(q.boolean("X").is_err());
        assert_eq!(q.int("Missing", 1, 2).expect("ok"), None);
    }
}

//! Verification of the authentication POPBiLL is configured to send: none, HTTP Basic
//! (`Authorization: Basic base64(user:password)`) or an API key (`X-Api-Key`).
//!
//! Secrets are compared in constant time: both sides are first hashed with SHA-256 (so neither
//! the length nor the content of the secret decides how long the comparison takes) and the two
//! digests are compared with [`subtle::ConstantTimeEq`], which reads every byte.

use std::fmt;

use base64::Engine as _;
use http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A secret byte string: never shown by `Debug`, wiped from memory on drop.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps a secret.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(Zeroizing::new(bytes.into()))
    }

    fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Compares two byte strings in time that depends on neither their contents nor where they
/// first differ: both are hashed, then the fixed-length digests are compared with a
/// constant-time equality that always reads all 32 bytes.
pub fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let a = Sha256::digest(given);
    let b = Sha256::digest(expected);
    bool::from(a.as_slice().ct_eq(b.as_slice()))
}

/// The authentication a receiver requires.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum Auth {
    /// Nothing is checked (rely on the source-IP allow-list).
    #[default]
    None,
    /// HTTP Basic: `Authorization: Basic base64(user:password)`.
    Basic {
        /// The expected base64 token (`base64(user:password)`).
        token: Secret,
    },
    /// `X-Api-Key: KEY`.
    ApiKey(Secret),
}

/// Why a configured auth string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthSpecError {
    /// Not `none`, `basic:USER:PASSWORD` nor `api-key:KEY`.
    #[error("auth must be none, basic:USER:PASSWORD or api-key:KEY")]
    Unrecognised,
    /// An empty user, password or key.
    #[error("auth {0} must not be empty")]
    Empty(&'static str),
}

impl Auth {
    /// HTTP Basic with this user and password.
    pub fn basic(user: &str, password: &str) -> Self {
        let plain = Zeroizing::new(format!("{user}:{password}"));
        let token = base64::engine::general_purpose::STANDARD.encode(plain.as_bytes());
        Auth::Basic {
            token: Secret::new(token.into_bytes()),
        }
    }

    /// API-key authentication with this key.
    pub fn api_key(key: &str) -> Self {
        Auth::ApiKey(Secret::new(key.as_bytes().to_vec()))
    }

    /// Parses `none`, `basic:USER:PASSWORD` (the password may contain `:`) or `api-key:KEY`.
    /// The error never repeats the secret.
    pub fn parse(spec: &str) -> Result<Self, AuthSpecError> {
        if spec == "none" {
            return Ok(Auth::None);
        }
        if let Some(rest) = spec.strip_prefix("basic:") {
            let (user, password) = rest.split_once(':').ok_or(AuthSpecError::Unrecognised)?;
            if user.is_empty() {
                return Err(AuthSpecError::Empty("user"));
            }
            if password.is_empty() {
                return Err(AuthSpecError::Empty("password"));
            }
            return Ok(Auth::basic(user, password));
        }
        if let Some(key) = spec.strip_prefix("api-key:") {
            if key.is_empty() {
                return Err(AuthSpecError::Empty("key"));
            }
            return Ok(Auth::api_key(key));
        }
        Err(AuthSpecError::Unrecognised)
    }

    /// True when the request headers carry the configured credentials.
    pub fn verify(&self, headers: &HeaderMap) -> bool {
        match self {
            Auth::None => true,
            Auth::Basic { token } => {
                let Some(value) = headers.get(http::header::AUTHORIZATION) else {
                    return false;
                };
                let value = value.as_bytes();
                let given = match value.split_first_chunk::<6>() {
                    Some((scheme, rest)) if scheme.eq_ignore_ascii_case(b"basic ") => rest,
                    _ => return false,
                };
                constant_time_eq(given.trim_ascii(), token.expose())
            }
            Auth::ApiKey(key) => match headers.get(popbill_model::webhook::HEADER_API_KEY) {
                Some(v) => constant_time_eq(v.as_bytes(), key.expose()),
                None => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).expect("header"));
        h
    }

    #[test]
    fn basic_matches_the_documented_example() {
        // The documented example: `Basic VEVTVDoxMjM=` is TEST:123.
        let auth = Auth::parse("basic:TEST:123").expect("spec");
        assert!(auth.verify(&with("authorization", "Basic VEVTVDoxMjM=")));
        assert!(auth.verify(&with("Authorization", "basic VEVTVDoxMjM=")));
        assert!(!auth.verify(&with("authorization", "Basic VEVTVDoxMjQ=")));
        assert!(!auth.verify(&with("authorization", "Bearer VEVTVDoxMjM=")));
        assert!(!auth.verify(&with("authorization", "Basic")));
        assert!(!auth.verify(&HeaderMap::new()));
        assert!(!auth.verify(&with("x-api-key", "VEVTVDoxMjM=")));
    }

    #[test]
    fn password_may_contain_colons() {
        let auth = Auth::parse("basic:u:p:a:ss").expect("spec");
        let token = base64::engine::general_purpose::STANDARD.encode("u:p:a:ss");
        assert!(auth.verify(&with("authorization", &format!("Basic {token}"))));
    }

    #[test]
    fn api_key_missing_wrong_right() {
        let auth = Auth::parse("api-key:TESTAPIKEY").expect("spec");
        assert!(auth.verify(&with("X-Api-Key", "TESTAPIKEY")));
        assert!(!auth.verify(&with("x-api-key", "TESTAPIKEX")));
        assert!(!auth.verify(&with("x-api-key", "TESTAPIKEY ")));
        assert!(!auth.verify(&HeaderMap::new()));
        assert!(Auth::None.verify(&HeaderMap::new()));
    }

    #[test]
    fn bad_specs_are_refused_without_echoing_secrets() {
        assert_eq!(
            Auth::parse("basic:onlyuser").err(),
            Some(AuthSpecError::Unrecognised)
        );
        assert_eq!(
            Auth::parse("basic::pw").err(),
            Some(AuthSpecError::Empty("user"))
        );
        assert_eq!(
            Auth::parse("api-key:").err(),
            Some(AuthSpecError::Empty("key"))
        );
        let e = Auth::parse("token:hunter2").expect_err("unknown");
        assert!(!e.to_string().contains("hunter2"));
        let dbg = format!("{:?}", Auth::parse("api-key:hunter2").expect("spec"));
        assert!(!dbg.contains("hunter2"), "{dbg}");
    }

    #[test]
    fn comparison_is_constant_time_by_construction() {
        // Equal-length inputs that differ in the first byte and in the last byte are both
        // refused, and so are a prefix and an extension: every case goes through the same two
        // SHA-256 digests and a 32-byte constant-time compare, so no path returns early on the
        // first differing byte (there is no byte-wise loop over the inputs to exit from).
        let secret = b"0123456789abcdef";
        assert!(constant_time_eq(secret, secret));
        assert!(!constant_time_eq(b"X123456789abcdef", secret));
        assert!(!constant_time_eq(b"0123456789abcdeX", secret));
        assert!(!constant_time_eq(b"0123456789abcde", secret));
        assert!(!constant_time_eq(b"0123456789abcdef0", secret));
        assert!(!constant_time_eq(b"", secret));
        // The building block itself: subtle's slice equality reads both whole slices.
        let a = Sha256::digest(b"X123456789abcdef");
        let b = Sha256::digest(secret);
        assert_eq!(a.len(), 32);
        assert_eq!(a.len(), b.len());
        assert_eq!(a.as_slice().ct_eq(b.as_slice()).unwrap_u8(), 0);
    }
}

//! Session tokens handed out by `/{ServiceID}/Token`: bound to partner, environment, CorpNum
//! and scopes. The sandbox keeps only the SHA-256 of a token's text (in memory and in the state
//! file): the text goes to the client once, and a copy of the state file lets no one call as
//! a member. Neither appears in `Debug`.

use serde::{Deserialize, Serialize};

/// An issued session token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Token {
    /// SHA-256 of the token text, lower-case hex ([`token_hash`]).
    #[serde(rename = "token_sha256", default)]
    pub hash: String,
    /// The text itself, as older state files stored it: read to migrate, never written.
    #[serde(rename = "token", default, skip_serializing)]
    pub legacy_text: Option<String>,
    pub link_id: String,
    pub service_id: String,
    pub corp_num: Option<String>,
    pub scopes: Vec<String>,
    pub expires_ms: i64,
    pub ip: String,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("hash", &"<redacted>")
            .field("link_id", &self.link_id)
            .field("service_id", &self.service_id)
            .field("corp_num", &self.corp_num)
            .field("scopes", &self.scopes)
            .field("expires_ms", &self.expires_ms)
            .finish()
    }
}

impl Token {
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A fresh random token text (64 hex digits).
pub(crate) fn new_token_text() -> String {
    let mut s = String::with_capacity(64);
    for _ in 0..4 {
        s.push_str(&format!("{:016x}", fastrand::u64(..)));
    }
    s
}

/// The key a token is kept under: SHA-256 of its text, lower-case hex.
pub(crate) fn token_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

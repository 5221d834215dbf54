//! Session tokens handed out by `/{ServiceID}/Token`: bound to partner, environment, CorpNum
//! and scopes; the token text never appears in `Debug`.

use serde::{Deserialize, Serialize};

/// An issued session token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Token {
    pub token: String,
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
            .field("token", &"<redacted>")
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

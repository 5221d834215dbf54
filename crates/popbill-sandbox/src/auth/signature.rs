//! Linkhub v2.0 request signature: HMAC-SHA256, keyed with the
//! Base64-decoded SecretKey, over
//! `POST \n b64(sha256(body)) \n x-lh-date \n [x-lh-forwarded \n] 2.0 \n /{ServiceID}/Token`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Decodes a SecretKey the way the official SDKs do: standard Base64, URL-safe `-`/`_` mapped to
/// `+`/`/` (PHP), other characters outside the alphabet skipped (Python, Java). `None` when
/// nothing decodable remains.
pub(crate) fn decode_secret(secret_b64: &str) -> Option<Vec<u8>> {
    let cleaned: String = secret_b64
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let mut padded = cleaned;
    while padded.len() % 4 != 0 {
        padded.push('=');
    }
    STANDARD.decode(padded).ok().filter(|k| !k.is_empty())
}

/// The exact text that is signed. `forwarded` is `Some` whenever the request carried an
/// `x-lh-forwarded` header, even an empty one (Python sends an empty line then).
pub(crate) fn string_to_sign(
    body: &[u8],
    date: &str,
    forwarded: Option<&str>,
    version: &str,
    path: &str,
) -> String {
    let body_hash = STANDARD.encode(Sha256::digest(body));
    let mut s = String::with_capacity(128);
    s.push_str("POST\n");
    s.push_str(&body_hash);
    s.push('\n');
    s.push_str(date);
    s.push('\n');
    if let Some(f) = forwarded {
        s.push_str(f);
        s.push('\n');
    }
    s.push_str(version);
    s.push('\n');
    s.push_str(path);
    s
}

/// Base64 HMAC-SHA256 of `text` with the raw key bytes.
pub(crate) fn hmac_b64(key: &[u8], text: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(text.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Computes the signature a client must send for a token request (a helper for tests and
/// tools; the sandbox itself verifies with the same function). `None` if `secret_key` is not
/// Base64.
pub fn sign_token_request(
    secret_key: &str,
    body: &[u8],
    date: &str,
    forwarded: Option<&str>,
    path: &str,
) -> Option<String> {
    let key = decode_secret(secret_key)?;
    Some(hmac_b64(
        &key,
        &string_to_sign(body, date, forwarded, "2.0", path),
    ))
}

/// Constant-time comparison of a received and an expected signature.
pub(crate) fn signatures_match(received: &str, expected: &str) -> bool {
    let (a, b) = (received.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Splits `LINKHUB <LinkID> <signature>` (scheme case-insensitive, any run of spaces).
pub(crate) fn parse_linkhub_authorization(h: &str) -> Option<(&str, &str)> {
    let mut parts = h.split_ascii_whitespace();
    let scheme = parts.next()?;
    if !scheme.eq_ignore_ascii_case("LINKHUB") {
        return None;
    }
    let link_id = parts.next()?;
    let sig = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    Some((link_id, sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn sig(body: &str, date: &str, fwd: Option<&str>, path: &str) -> String {
        sign_token_request(KEY, body.as_bytes(), date, fwd, path).expect("key decodes")
    }

    #[test]
    fn key_decodes_to_32_bytes() {
        let k = decode_secret(KEY).expect("decodes");
        assert_eq!(k, (0u8..32).collect::<Vec<_>>());
        // URL-safe spelling and stray whitespace decode to the same key.
        assert_eq!(
            decode_secret("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"),
            Some(k)
        );
        assert_eq!(decode_secret("!!!"), None);
    }

    #[test]
    fn vector_v1_python_and_compact() {
        let date = "2025-01-02T03:04:05Z";
        let path = "/POPBILL_TEST/Token";
        let py = r#"{"access_id": "1234567890", "scope": ["member", "110"]}"#;
        let compact = r#"{"access_id":"1234567890","scope":["member","110"]}"#;
        assert_eq!(
            string_to_sign(compact.as_bytes(), date, None, "2.0", path),
            "POST\n178M06xgBOhXk3qZ3Cs8u4TnlG7ifjU93t28TMidIPU=\n2025-01-02T03:04:05Z\n2.0\n/POPBILL_TEST/Token"
        );
        assert_eq!(
            sig(py, date, None, path),
            "m78vnxsiSkqxaPsbASjcIOOynC+8PolRnDbrh7AS4uA="
        );
        assert_eq!(
            sig(compact, date, None, path),
            "4YMi6eiLqY4HpmjEbeWkPxE4Aqq9254m6B/mSaelPqA="
        );
    }

    #[test]
    fn vector_v2_forwarded_star() {
        let date = "2025-06-30T23:59:59Z";
        let path = "/POPBILL/Token";
        let py = r#"{"access_id": "1234567890", "scope": ["member", "140"]}"#;
        let compact = r#"{"access_id":"1234567890","scope":["member","140"]}"#;
        assert_eq!(
            sig(py, date, Some("*"), path),
            "TWN2kQZ6lQizzciVRKnJz/shetzdpPnpfKD56LWhrt0="
        );
        assert_eq!(
            sig(compact, date, Some("*"), path),
            "WTQ2oM/dDdYG27zVGwt/qkUb5nt2bB4Ifz6BpvyTl1I="
        );
        // Without the forwarded line the signature differs.
        assert_ne!(
            sig(compact, date, None, path),
            "WTQ2oM/dDdYG27zVGwt/qkUb5nt2bB4Ifz6BpvyTl1I="
        );
    }

    #[test]
    fn vector_v3_forwarded_ip() {
        let date = "2025-12-31T12:00:00Z";
        let path = "/POPBILL_TEST/Token";
        let py = r#"{"access_id": "9876543210", "scope": ["member", "121", "122", "123", "124", "125", "126"]}"#;
        let compact =
            r#"{"access_id":"9876543210","scope":["member","121","122","123","124","125","126"]}"#;
        assert_eq!(
            sig(py, date, Some("192.168.0.1"), path),
            "M43JyRr+UazNU2N5+wuEFQJaR5RcnTVoq4gzUJQUI5I="
        );
        assert_eq!(
            sig(compact, date, Some("192.168.0.1"), path),
            "fTW9jfJHuZXHnrhodRmdZaGpnTXkUiUUU3LzaRPJBmU="
        );
    }

    #[test]
    fn golden_capture_token_requests() {
        // The three Token requests of the golden capture (tests/fixtures/golden) (LinkID TESTER, 2025-01-01T00:00:00Z).
        let date = "2025-01-01T00:00:00Z";
        let path = "/POPBILL_TEST/Token";
        assert_eq!(
            sig(
                r#"{"access_id": "1234567890", "scope": ["member", "110"]}"#,
                date,
                None,
                path
            ),
            "4KDVtJWtWOlwkq/GrJCBnwp1+6x+EA9NwAWmgo+jxpg="
        );
        assert_eq!(
            sig(
                r#"{"access_id": "1234567890", "scope": ["member", "140"]}"#,
                date,
                Some("*"),
                path
            ),
            "Yr6EgUUj5x5SdDuY2gj3CeiAOCwlA9CNtfWIpd49e74="
        );
        assert_eq!(
            sig(
                r#"{"access_id": "1234567890", "scope": ["member", "111"]}"#,
                date,
                None,
                path
            ),
            "r5U72JnJh684GKYTR2c2HZqFkngY5cH5KvfDfcRJU/c="
        );
    }

    #[test]
    fn authorization_header_parsing() {
        assert_eq!(
            parse_linkhub_authorization("LINKHUB TESTER abc="),
            Some(("TESTER", "abc="))
        );
        assert_eq!(
            parse_linkhub_authorization("linkhub  TESTER   abc="),
            Some(("TESTER", "abc="))
        );
        assert_eq!(parse_linkhub_authorization("Bearer x"), None);
        assert_eq!(parse_linkhub_authorization("LINKHUB TESTER"), None);
        assert_eq!(parse_linkhub_authorization("LINKHUB a b c"), None);
        assert!(signatures_match("abc", "abc"));
        assert!(!signatures_match("abc", "abd"));
        assert!(!signatures_match("abc", "abcd"));
    }
}

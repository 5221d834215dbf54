//! [`HeaderText`]: the text of a header name or value, shared instead of copied.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use bytes::Bytes;

/// The text of a header name or value: a `&'static str` or shared bytes, always UTF-8.
///
/// Cloning never copies the text, and the default client hands it to hyper without copying
/// either, so the headers every request repeats (names, `x-pb-version: 1.0`, the user agent, a
/// cached `Bearer` value) cost no allocation per request. It dereferences to `str` and
/// converts from `&'static str` and `String`:
///
/// ```
/// use popbill_transport::HeaderText;
/// let fixed = HeaderText::from_static("gzip");
/// let owned = HeaderText::from(format!("Bearer {}", "token"));
/// assert_eq!(fixed, "gzip");
/// assert!(owned.starts_with("Bearer "));
/// assert_eq!(owned.clone().as_str(), "Bearer token");
/// ```
#[derive(Clone)]
pub struct HeaderText(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    /// Invariant: valid UTF-8 (checked by every constructor).
    Shared(Bytes),
}

impl HeaderText {
    /// Text from a string literal (no allocation, ever).
    pub const fn from_static(text: &'static str) -> Self {
        HeaderText(Repr::Static(text))
    }

    /// Shares `bytes` if they are UTF-8; gives them back otherwise.
    pub fn from_utf8(bytes: Bytes) -> Result<Self, Bytes> {
        if std::str::from_utf8(&bytes).is_ok() {
            Ok(HeaderText(Repr::Shared(bytes)))
        } else {
            Err(bytes)
        }
    }

    /// Shares `bytes` if they are UTF-8, or copies them with U+FFFD in place of invalid
    /// sequences.
    pub fn from_utf8_lossy(bytes: Bytes) -> Self {
        HeaderText::from_utf8(bytes)
            .unwrap_or_else(|b| HeaderText::from(String::from_utf8_lossy(&b).into_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            // Never falls back: every constructor checked the bytes.
            Repr::Shared(b) => std::str::from_utf8(b).unwrap_or_default(),
        }
    }

    /// The text as bytes (no UTF-8 check).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Static(s) => s.as_bytes(),
            Repr::Shared(b) => b,
        }
    }

    /// The text, when it is a `&'static str`.
    pub fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Repr::Static(s) => Some(s),
            Repr::Shared(_) => None,
        }
    }

    /// The text as bytes, shared rather than copied.
    pub fn into_bytes(self) -> Bytes {
        match self.0 {
            Repr::Static(s) => Bytes::from_static(s.as_bytes()),
            Repr::Shared(b) => b,
        }
    }
}

impl Default for HeaderText {
    fn default() -> Self {
        HeaderText::from_static("")
    }
}

impl Deref for HeaderText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for HeaderText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for HeaderText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for HeaderText {
    fn from(text: &'static str) -> Self {
        HeaderText::from_static(text)
    }
}

impl From<String> for HeaderText {
    fn from(text: String) -> Self {
        HeaderText(Repr::Shared(Bytes::from(text)))
    }
}

impl From<&String> for HeaderText {
    fn from(text: &String) -> Self {
        HeaderText::from(text.clone())
    }
}

impl From<Box<str>> for HeaderText {
    fn from(text: Box<str>) -> Self {
        HeaderText::from(String::from(text))
    }
}

impl PartialEq for HeaderText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for HeaderText {}

impl PartialEq<str> for HeaderText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HeaderText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<HeaderText> for &str {
    fn eq(&self, other: &HeaderText) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for HeaderText {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeaderText {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for HeaderText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for HeaderText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HeaderText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_instead_of_copying() {
        let text = HeaderText::from(String::from("Bearer abc"));
        let copy = text.clone();
        let (a, b) = (text.into_bytes(), copy.into_bytes());
        assert_eq!(a.as_ptr(), b.as_ptr());
        assert_eq!(HeaderText::from_static("1.0").as_static(), Some("1.0"));
        assert_eq!(HeaderText::from(String::from("1.0")).as_static(), None);
    }

    #[test]
    fn invalid_utf8_is_refused_or_replaced() {
        let bad = Bytes::from_static(b"caf\xe9");
        assert_eq!(HeaderText::from_utf8(bad.clone()), Err(bad.clone()));
        assert_eq!(HeaderText::from_utf8_lossy(bad).as_str(), "caf\u{fffd}");
        assert_eq!(
            HeaderText::from_utf8(Bytes::from_static("값".as_bytes())).map(|t| t.len()),
            Ok(3)
        );
    }

    #[test]
    fn compares_and_prints_as_its_text() {
        let a = HeaderText::from_static("x-pb-version");
        let b = HeaderText::from(String::from("x-pb-version"));
        assert_eq!(a, b);
        assert_eq!(a, "x-pb-version");
        assert_eq!(format!("{a} {b:?}"), "x-pb-version \"x-pb-version\"");
        assert!(a.eq_ignore_ascii_case("X-PB-Version"));
    }
}

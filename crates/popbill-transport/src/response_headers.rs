//! The headers of an [`HttpResponse`](crate::HttpResponse): a plain list for responses built
//! by hand (test doubles, custom clients), or hyper's own map, kept as received so the
//! default client converts nothing per response.

use crate::HeaderText;
use crate::types::find_header;

/// Response headers in one of two representations; both read the same.
#[derive(Clone)]
pub(crate) enum ResponseHeaders {
    /// Built with [`HttpResponse::with_header`](crate::HttpResponse::with_header).
    List(Vec<(HeaderText, HeaderText)>),
    /// As hyper parsed them (names lower-case).
    #[cfg(feature = "hyper-client")]
    Map(http::HeaderMap),
}

impl Default for ResponseHeaders {
    fn default() -> Self {
        ResponseHeaders::List(Vec::new())
    }
}

impl ResponseHeaders {
    /// The first value of `name` (any case), if it is UTF-8.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.get_bytes(name)
            .and_then(|v| std::str::from_utf8(v).ok())
    }

    /// The first value of `name` (any case), as received.
    pub(crate) fn get_bytes(&self, name: &str) -> Option<&[u8]> {
        match self {
            ResponseHeaders::List(list) => find_header(list, name).map(HeaderText::as_bytes),
            #[cfg(feature = "hyper-client")]
            ResponseHeaders::Map(map) => map.get(name).map(http::HeaderValue::as_bytes),
        }
    }

    /// Every header in order (repeated names repeated), values as bytes.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = (&str, &[u8])> + '_> {
        match self {
            ResponseHeaders::List(list) => {
                Box::new(list.iter().map(|(n, v)| (n.as_str(), v.as_bytes())))
            }
            #[cfg(feature = "hyper-client")]
            ResponseHeaders::Map(map) => {
                Box::new(map.iter().map(|(n, v)| (n.as_str(), v.as_bytes())))
            }
        }
    }

    /// Appends a header (a received map becomes a list first).
    pub(crate) fn push(&mut self, name: HeaderText, value: HeaderText) {
        match self {
            ResponseHeaders::List(list) => list.push((name, value)),
            #[cfg(feature = "hyper-client")]
            ResponseHeaders::Map(map) => {
                let mut list: Vec<(HeaderText, HeaderText)> = map
                    .iter()
                    .map(|(n, v)| {
                        (
                            HeaderText::from(n.as_str().to_owned()),
                            HeaderText::from_utf8_lossy(bytes::Bytes::copy_from_slice(
                                v.as_bytes(),
                            )),
                        )
                    })
                    .collect();
                list.push((name, value));
                *self = ResponseHeaders::List(list);
            }
        }
    }

    /// Removes every value of `name` (any case).
    pub(crate) fn remove(&mut self, name: &str) {
        match self {
            ResponseHeaders::List(list) => list.retain(|(n, _)| !n.eq_ignore_ascii_case(name)),
            #[cfg(feature = "hyper-client")]
            ResponseHeaders::Map(map) => {
                map.remove(name);
            }
        }
    }
}

impl PartialEq for ResponseHeaders {
    /// Same headers in the same order, whatever the representation.
    fn eq(&self, other: &Self) -> bool {
        self.iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v))
            .eq(other.iter().map(|(n, v)| (n.to_ascii_lowercase(), v)))
    }
}

impl Eq for ResponseHeaders {}

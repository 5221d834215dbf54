//! Response body decoding by `Content-Encoding` (gzip, deflate), with a size cap so a
//! small compressed body cannot expand without bound.

use std::io::Read;

use bytes::Bytes;

use http::HeaderMap;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};

use crate::{TransportError, TransportErrorKind};

/// Decodes `body` according to the response headers (names already lower-case).
///
/// On success the `content-encoding` header is removed when the body was decoded, and
/// `content-length` is dropped because it described the encoded body. Unknown encodings
/// leave body and headers untouched.
pub(super) fn decode_body(
    headers: &mut HeaderMap,
    body: Bytes,
    max_len: usize,
) -> Result<Bytes, TransportError> {
    let Some(encoding) = headers.get(CONTENT_ENCODING).map(|v| {
        String::from_utf8_lossy(v.as_bytes())
            .trim()
            .to_ascii_lowercase()
    }) else {
        return Ok(body);
    };
    let decoded = match encoding.as_str() {
        "" | "identity" => None,
        _ if body.is_empty() => Some(Bytes::new()),
        "gzip" | "x-gzip" => Some(read_capped(
            flate2::read::MultiGzDecoder::new(&body[..]),
            max_len,
            "invalid gzip response body",
        )?),
        "deflate" => Some(inflate(&body, max_len)?),
        _ => return Ok(body),
    };
    headers.remove(CONTENT_ENCODING);
    if decoded.is_some() {
        headers.remove(CONTENT_LENGTH);
    }
    Ok(decoded.unwrap_or(body))
}

/// `deflate` is zlib-wrapped per RFC 9110, but some servers send a raw deflate stream.
fn inflate(body: &[u8], max_len: usize) -> Result<Bytes, TransportError> {
    let zlib = body.len() >= 2
        && body[0] & 0x0f == 8
        && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
    if zlib {
        read_capped(
            flate2::read::ZlibDecoder::new(body),
            max_len,
            "invalid deflate response body",
        )
    } else {
        read_capped(
            flate2::read::DeflateDecoder::new(body),
            max_len,
            "invalid deflate response body",
        )
    }
}

fn read_capped(
    reader: impl Read,
    max_len: usize,
    what: &'static str,
) -> Result<Bytes, TransportError> {
    let mut out = Vec::new();
    let limit = u64::try_from(max_len).unwrap_or(u64::MAX).saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| TransportError::new(TransportErrorKind::Body, what).with_source(e))?;
    if out.len() > max_len {
        return Err(TransportError::new(
            TransportErrorKind::Body,
            "decoded response body exceeds the size limit",
        ));
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).expect("write");
        enc.finish().expect("finish")
    }

    fn headers(enc: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.append("content-type", "application/json".parse().expect("value"));
        map.append("content-encoding", enc.parse().expect("value"));
        map.append("content-length", "12".parse().expect("value"));
        map
    }

    fn pairs(map: &HeaderMap) -> Vec<(&str, &str)> {
        map.iter()
            .map(|(n, v)| (n.as_str(), v.to_str().expect("ascii")))
            .collect()
    }

    #[test]
    fn gzip_is_decoded_and_headers_cleaned() {
        let mut h = headers("gzip");
        let out = decode_body(&mut h, Bytes::from(gzip(b"{\"code\":1}")), 1024).expect("decode");
        assert_eq!(&out[..], b"{\"code\":1}");
        assert_eq!(pairs(&h), vec![("content-type", "application/json")]);
    }

    #[test]
    fn deflate_zlib_and_raw_are_decoded() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello zlib").expect("write");
        let zlib = z.finish().expect("finish");
        let mut h = headers("deflate");
        assert_eq!(
            &decode_body(&mut h, zlib.into(), 1024).expect("zlib")[..],
            b"hello zlib"
        );

        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        d.write_all(b"hello raw").expect("write");
        let raw = d.finish().expect("finish");
        let mut h = headers("Deflate");
        assert_eq!(
            &decode_body(&mut h, raw.into(), 1024).expect("raw")[..],
            b"hello raw"
        );
    }

    #[test]
    fn broken_gzip_is_a_body_error() {
        let mut h = headers("gzip");
        let err = decode_body(&mut h, Bytes::from_static(b"\x1f\x8b\x08garbage"), 1024)
            .expect_err("broken gzip");
        assert!(err.is_body());
        assert!(err.request_may_have_been_sent());
    }

    #[test]
    fn decoded_size_is_capped() {
        let big = vec![b'a'; 10_000];
        let mut h = headers("gzip");
        let err = decode_body(&mut h, Bytes::from(gzip(&big)), 9_999).expect_err("too big");
        assert!(err.is_body());
        let mut h = headers("gzip");
        assert_eq!(
            decode_body(&mut h, Bytes::from(gzip(&big)), 10_000)
                .expect("fits")
                .len(),
            10_000
        );
    }

    #[test]
    fn identity_unknown_and_absent_encodings_pass_through() {
        let mut h = headers("identity");
        assert_eq!(
            &decode_body(&mut h, Bytes::from_static(b"x"), 10).expect("id")[..],
            b"x"
        );
        assert!(h.iter().all(|(n, _)| n != "content-encoding"));
        assert!(h.iter().any(|(n, _)| n == "content-length"));

        let mut h = headers("br");
        assert_eq!(
            &decode_body(&mut h, Bytes::from_static(b"zz"), 10).expect("br")[..],
            b"zz"
        );
        assert!(h.iter().any(|(n, v)| n == "content-encoding" && v == "br"));

        let mut h = HeaderMap::new();
        assert_eq!(
            &decode_body(&mut h, Bytes::from_static(b"p"), 10).expect("none")[..],
            b"p"
        );
    }

    #[test]
    fn empty_gzip_body_is_accepted() {
        let mut h = headers("gzip");
        assert!(
            decode_body(&mut h, Bytes::new(), 10)
                .expect("empty")
                .is_empty()
        );
        assert!(h.iter().all(|(n, _)| n != "content-encoding"));
    }
}

//! Minimal multipart/form-data reader for attachFile: Python's layout (leading CRLF, boundary
//! `--POPBILL_PYTHON--`), Java's (lower-case part headers, CRLF after every part), Node's
//! (a JSON `form` part first, `;` after the disposition), and RFC 7578 in general.

use bytes::Bytes;

/// One part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    /// `name` of the Content-Disposition.
    pub name: String,
    /// `filename`, raw UTF-8 as sent.
    pub filename: Option<String>,
    /// Part content.
    pub data: Bytes,
}

/// Longest boundary RFC 2046 allows.
pub(crate) const MAX_BOUNDARY: usize = 70;

/// The boundary parameter of a multipart Content-Type, if it is one with a boundary of 1 to 70
/// characters (RFC 2046).
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let mime = params.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("boundary") {
            let v = v.trim().trim_matches('"');
            (!v.is_empty() && v.len() <= MAX_BOUNDARY).then(|| v.to_owned())
        } else {
            None
        }
    })
}

/// First `needle` in `hay` at or after `from` (linear: memchr's two-way search).
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
}

/// Splits a body into parts. `Err` with a reason when no part could be read.
pub(crate) fn parse(body: &Bytes, boundary: &str) -> Result<Vec<Part>, String> {
    let delim = format!("--{boundary}");
    let d = delim.as_bytes();
    // Every delimiter must start the body or a line.
    let starts: Vec<usize> = memchr::memmem::find_iter(body, d)
        .filter(|&i| i == 0 || body[i - 1] == b'\n')
        .collect();
    let mut parts = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let mut p = s + d.len();
        if body[p..].starts_with(b"--") {
            break; // closing delimiter
        }
        // rest of the delimiter line
        match find(body, b"\n", p) {
            Some(nl) => p = nl + 1,
            None => break,
        }
        let end = match starts.get(n + 1) {
            Some(&next) => next,
            None => return Err("multipart body has no closing boundary".into()),
        };
        // content ends before the line break preceding the next delimiter
        let mut content_end = end;
        if content_end > p && body[content_end - 1] == b'\n' {
            content_end -= 1;
            if content_end > p && body[content_end - 1] == b'\r' {
                content_end -= 1;
            }
        }
        let seg = body.slice(p..content_end.max(p));
        let (head_len, sep_len) = match (find(&seg, b"\r\n\r\n", 0), find(&seg, b"\n\n", 0)) {
            (Some(a), Some(b)) if b < a => (b, 2),
            (Some(a), _) => (a, 4),
            (None, Some(b)) => (b, 2),
            (None, None) => return Err("multipart part without a header block".into()),
        };
        let head = String::from_utf8_lossy(&seg[..head_len]).into_owned();
        let data = seg.slice(head_len + sep_len..);
        let mut name = None;
        let mut filename = None;
        for line in head.lines() {
            let Some((hname, hval)) = line.split_once(':') else {
                continue;
            };
            if !hname.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for param in hval.split(';') {
                if let Some((k, v)) = param.split_once('=') {
                    let v = v.trim().trim_matches('"').to_owned();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "name" => name = Some(v),
                        "filename" => filename = Some(v),
                        _ => {}
                    }
                }
            }
        }
        parts.push(Part {
            name: name.unwrap_or_default(),
            filename,
            data,
        });
    }
    if parts.is_empty() {
        return Err("multipart body has no parts".into());
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_layout() {
        let body = Bytes::from_static(
            b"\r\n----POPBILL_PYTHON--\r\nContent-Disposition: form-data; name=\"Filedata\"; filename=\"\xec\xb2\xa8\xeb\xb6\x80.txt\"\r\nContent-Type: Application/octet-stream\r\n\r\nHELLO\r\n----POPBILL_PYTHON----\r\n\r\n",
        );
        let b = boundary("multipart/form-data; boundary=--POPBILL_PYTHON--").expect("boundary");
        let parts = parse(&body, &b).expect("parts");
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].name, "Filedata");
        assert_eq!(parts[0].filename.as_deref(), Some("첨부.txt"));
        assert_eq!(&parts[0].data[..], b"HELLO");
    }

    #[test]
    fn node_layout_with_form_part() {
        let body = Bytes::from_static(
            b"----POPBILL--NODE--\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{\"DisplayName\":\"x.pdf\"}\r\n----POPBILL--NODE--\r\nContent-Disposition: form-data; name=\"Filedata\"; filename=\"a.pdf\";\r\nContent-Type: Application/octet-stream\r\n\r\n%PDF\r\n\r\n----POPBILL--NODE----\r\n",
        );
        let b = boundary("multipart/form-data;charset=utf-8; boundary=--POPBILL--NODE--")
            .expect("boundary");
        let parts = parse(&body, &b).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "form");
        assert_eq!(&parts[0].data[..], b"{\"DisplayName\":\"x.pdf\"}");
        assert_eq!(parts[1].filename.as_deref(), Some("a.pdf"));
        assert_eq!(&parts[1].data[..], b"%PDF\r\n");
    }

    #[test]
    fn java_layout_lowercase_headers() {
        let body = Bytes::from_static(
            b"----u489jwe98j3498j394r23450--\r\ncontent-disposition: form-data; name=\"Filedata\"; filename=\"j.txt\"\r\ncontent-type: Application/octet-stream\r\n\r\nJAVA\r\n----u489jwe98j3498j394r23450----\r\n",
        );
        let b = boundary("multipart/form-data;boundary=--u489jwe98j3498j394r23450--")
            .expect("boundary");
        let parts = parse(&body, &b).expect("parts");
        assert_eq!(parts[0].filename.as_deref(), Some("j.txt"));
        assert_eq!(&parts[0].data[..], b"JAVA");
    }

    #[test]
    fn boundary_is_at_most_70_characters() {
        let b70 = "b".repeat(70);
        assert_eq!(
            boundary(&format!("multipart/form-data; boundary={b70}")).as_deref(),
            Some(b70.as_str())
        );
        assert!(boundary(&format!("multipart/form-data; boundary={b70}b")).is_none());
        assert!(
            boundary(&format!(
                "multipart/form-data; boundary={}",
                "x".repeat(60_000)
            ))
            .is_none()
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(&Bytes::from_static(b"nothing here"), "x").is_err());
        assert!(boundary("application/json").is_none());
        assert!(
            parse(
                &Bytes::from_static(b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA"),
                "x"
            )
            .is_err()
        );
    }
}

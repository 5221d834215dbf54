//! Request bodies: JSON, form, bulk (JSON with digest headers) and `multipart/form-data`.

use std::fmt;

use bytes::Bytes;
use zeroize::Zeroize as _;

/// The request body. Its `Debug` shows the kind and length only: a body can hold a password
/// (`joinMember`) or personal data.
#[derive(Clone)]
pub(crate) enum Body {
    /// No body (`Content-Length: 0`).
    Empty,
    /// JSON bytes.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` bytes.
    Form(Bytes),
    /// `multipart/form-data` with its boundary.
    Multipart { boundary: String, bytes: Bytes },
    /// A bulk submission: JSON plus digest and submit id headers.
    Bulk { json: Bytes, submit_id: String },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Form(b) => write!(f, "Form({} bytes)", b.len()),
            Body::Multipart { bytes, .. } => write!(f, "Multipart({} bytes)", bytes.len()),
            Body::Bulk { json, submit_id } => f
                .debug_struct("Bulk")
                .field("bytes", &json.len())
                .field("submit_id", submit_id)
                .finish(),
        }
    }
}

/// A body that carries a secret (a HomeTax department user's password): bytes whose memory
/// is overwritten with zeros when the last reference to them is released.
///
/// The operation keeps one reference so that a retry can resend the body; each attempt lends
/// the transport another. Once the call has finished (success, error, or the last retry) and
/// the transport has let go, the buffer is wiped and freed. Nothing writes to memory another
/// holder may still read. Copies the transport makes on its own (TLS records, socket buffers)
/// are out of the pipeline's reach.
pub(crate) fn secret_bytes(bytes: Vec<u8>) -> Bytes {
    Bytes::from_owner(Wiped(bytes))
}

/// The owner of [`secret_bytes`]: zeroes its whole allocation when dropped.
struct Wiped(Vec<u8>);

impl AsRef<[u8]> for Wiped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Wiped {
    fn drop(&mut self) {
        // Volatile writes over the bytes, then over the whole capacity; then the allocation
        // is released.
        self.0.as_mut_slice().zeroize();
        #[cfg(test)]
        wipes::record(&self.0);
        self.0.zeroize();
    }
}

/// Test hook: each thread's record of the secret buffers it wiped, so a test can show that
/// the very buffer the transport was given was zeroed by the time the call returned.
#[cfg(test)]
pub(crate) mod wipes {
    use std::cell::RefCell;

    /// One wiped buffer: address, length, capacity, and whether every byte was zero after
    /// the wipe.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct Wipe {
        pub(crate) addr: usize,
        pub(crate) len: usize,
        pub(crate) capacity: usize,
        pub(crate) zeroed: bool,
    }

    thread_local! {
        static WIPES: RefCell<Vec<Wipe>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn record(buf: &Vec<u8>) {
        let w = Wipe {
            addr: buf.as_ptr() as usize,
            len: buf.len(),
            capacity: buf.capacity(),
            zeroed: buf.iter().all(|b| *b == 0),
        };
        WIPES.with(|v| v.borrow_mut().push(w));
    }

    /// The buffers this thread wiped since the last call.
    pub(crate) fn take() -> Vec<Wipe> {
        WIPES.with(|v| std::mem::take(&mut *v.borrow_mut()))
    }
}

/// A `multipart/form-data` body (RFC 7578). Its `Debug` shows the length only.
#[derive(Clone)]
#[allow(dead_code)] // used by the attachment operations of the document services
pub(crate) struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Multipart({} bytes)", self.bytes.len())
    }
}

#[allow(dead_code)] // used by the attachment operations of the document services
impl Multipart {
    /// An empty body with a random boundary.
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: format!(
                "popbill-rs-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            ),
            bytes: Vec::new(),
        }
    }

    /// A text part, e.g. the JSON `form` part.
    pub(crate) fn text_part(mut self, name: &str, content: &[u8]) -> Self {
        self.open(name);
        self.bytes.extend_from_slice(b"\r\n\r\n");
        self.bytes.extend_from_slice(content);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    /// A file part with `Content-Type: application/octet-stream`. Only the file's base name is
    /// sent; quotes and line breaks are removed from it.
    pub(crate) fn file_part(mut self, name: &str, filename: &str, content: &[u8]) -> Self {
        let base = filename.rsplit(['/', '\\']).next().unwrap_or(filename);
        let clean: String = base
            .chars()
            .filter(|c| *c != '"' && !c.is_control())
            .collect();
        self.open(name);
        self.bytes.extend_from_slice(b"; filename=\"");
        self.bytes.extend_from_slice(clean.as_bytes());
        self.bytes
            .extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        self.bytes.extend_from_slice(content);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    fn open(&mut self, name: &str) {
        self.bytes.extend_from_slice(b"--");
        self.bytes.extend_from_slice(self.boundary.as_bytes());
        self.bytes
            .extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.push(b'"');
    }

    pub(crate) fn finish(mut self) -> Body {
        self.bytes.extend_from_slice(b"--");
        self.bytes.extend_from_slice(self.boundary.as_bytes());
        self.bytes.extend_from_slice(b"--\r\n");
        Body::Multipart {
            boundary: self.boundary,
            bytes: Bytes::from(self.bytes),
        }
    }
}

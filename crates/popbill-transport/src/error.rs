//! The opaque transport error.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

/// What went wrong, coarsely. Use the predicates on [`TransportError`] rather than
/// matching on this where possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Name resolution failed; nothing was sent.
    Dns,
    /// The TCP connection (or a proxy's CONNECT tunnel) could not be established; nothing
    /// was sent.
    Connect,
    /// The TLS handshake failed; nothing was sent.
    Tls,
    /// The attempt timed out. Check [`TransportError::request_may_have_been_sent`]: it is
    /// `false` when the time ran out while still connecting (DNS, TCP, proxy, TLS).
    Timeout,
    /// The connection was reset or closed after (part of) the request was sent.
    Io,
    /// The request could not be built (bad URL, bad header).
    InvalidRequest,
    /// The response body could not be read or decoded (e.g. broken gzip).
    Body,
    /// The client itself is misconfigured (unusable root certificate PEM, proxy URL);
    /// nothing was sent. Only returned when building a client.
    Config,
    /// Anything else.
    Other,
}

/// A failure below HTTP semantics: DNS, connect, TLS, timeout, I/O.
///
/// Opaque by design: inspect it with the predicates. Its `Display` never contains
/// header values or bodies. Cloning shares the underlying cause, so one failure can be
/// handed to every caller that waited for it.
#[derive(Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    sent: bool,
    message: String,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    /// A new error. `request_may_have_been_sent` is derived from the kind
    /// (false for DNS, connect, TLS and invalid-request failures); override it with
    /// [`TransportError::with_request_sent`].
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        let sent = !matches!(
            kind,
            TransportErrorKind::Dns
                | TransportErrorKind::Connect
                | TransportErrorKind::Tls
                | TransportErrorKind::InvalidRequest
                | TransportErrorKind::Config
        );
        TransportError {
            kind,
            sent,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches an underlying cause.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// Overrides whether the request may have reached the server.
    pub fn with_request_sent(mut self, sent: bool) -> Self {
        self.sent = sent;
        self
    }

    /// The message given at construction (no header values or bodies).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The coarse kind.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// DNS or TCP connect failure (refused, unreachable, proxy refused the tunnel).
    /// A connect *timeout* is reported by [`is_timeout`](Self::is_timeout) instead, with
    /// [`request_may_have_been_sent`](Self::request_may_have_been_sent) `== false`.
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Dns
        )
    }

    /// DNS failure.
    pub fn is_dns(&self) -> bool {
        self.kind == TransportErrorKind::Dns
    }

    /// TLS handshake failure.
    pub fn is_tls(&self) -> bool {
        self.kind == TransportErrorKind::Tls
    }

    /// The attempt, or connecting, timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Connection reset or closed mid-exchange.
    pub fn is_io(&self) -> bool {
        self.kind == TransportErrorKind::Io
    }

    /// The response body could not be read or decoded.
    pub fn is_body(&self) -> bool {
        self.kind == TransportErrorKind::Body
    }

    /// False only when the request certainly never reached the server (DNS, connect,
    /// TLS handshake, timeout while connecting, invalid request, configuration).
    /// Retrying a non-idempotent call is only safe then.
    pub fn request_may_have_been_sent(&self) -> bool {
        self.sent
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("request_may_have_been_sent", &self.sent)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Dns => "dns error",
            TransportErrorKind::Connect => "connect error",
            TransportErrorKind::Tls => "tls error",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection error",
            TransportErrorKind::InvalidRequest => "invalid request",
            TransportErrorKind::Body => "body error",
            TransportErrorKind::Config => "invalid client configuration",
            TransportErrorKind::Other => "transport error",
        };
        if self.message.is_empty() {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.message)
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_defaults_follow_the_kind() {
        use TransportErrorKind::*;
        for kind in [Dns, Connect, Tls, InvalidRequest, Config] {
            assert!(
                !TransportError::new(kind, "").request_may_have_been_sent(),
                "{kind:?}"
            );
        }
        for kind in [Timeout, Io, Body, Other] {
            assert!(
                TransportError::new(kind, "").request_may_have_been_sent(),
                "{kind:?}"
            );
        }
        let connecting = TransportError::new(Timeout, "x").with_request_sent(false);
        assert!(connecting.is_timeout() && !connecting.request_may_have_been_sent());
    }

    #[test]
    fn a_clone_shares_the_cause() {
        let e = TransportError::new(TransportErrorKind::Io, "reading")
            .with_source(std::io::Error::other("reset"))
            .with_request_sent(false);
        let c = e.clone();
        assert!(c.is_io() && !c.request_may_have_been_sent());
        assert_eq!(c.to_string(), e.to_string());
        let (a, b) = (e.source().expect("cause"), c.source().expect("cause"));
        assert!(std::ptr::addr_eq(a, b), "the cause is shared, not copied");
    }

    #[test]
    fn predicates_and_display() {
        let dns = TransportError::new(TransportErrorKind::Dns, "could not resolve");
        assert!(dns.is_dns() && dns.is_connect() && !dns.is_timeout());
        assert_eq!(dns.to_string(), "dns error: could not resolve");
        assert_eq!(dns.message(), "could not resolve");
        assert_eq!(
            TransportError::new(TransportErrorKind::Config, "").to_string(),
            "invalid client configuration"
        );
        let io = TransportError::new(TransportErrorKind::Io, "reset")
            .with_source(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(io.is_io());
        assert!(StdError::source(&io).is_some());
    }
}

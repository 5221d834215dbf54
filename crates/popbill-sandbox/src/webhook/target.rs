//! Where webhooks go and how they authenticate. Credentials never appear in `Debug`, errors or
//! logs.

use base64::Engine;
use http::Uri;

/// How the webhooks the sandbox sends authenticate, as configured for a POPBiLL callback URL.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookAuth {
    /// No authentication header.
    #[default]
    None,
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// User id.
        user: String,
        /// Password.
        password: String,
    },
    /// `X-Api-Key: KEY`.
    ApiKey(String),
}

impl std::fmt::Debug for WebhookAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WebhookAuth::None => "None",
            WebhookAuth::Basic { .. } => "Basic(<redacted>)",
            WebhookAuth::ApiKey(_) => "ApiKey(<redacted>)",
        })
    }
}

impl WebhookAuth {
    /// Parses `none`, `basic:USER:PASSWORD` (the password may contain `:`) or `api-key:KEY`.
    /// The error names the expected forms, never the given text.
    pub fn parse(spec: &str) -> Result<WebhookAuth, String> {
        let bad = || {
            format!(
                "webhook auth must be none, basic:USER:PASSWORD or api-key:KEY (got {} characters)",
                spec.chars().count()
            )
        };
        if spec.eq_ignore_ascii_case("none") {
            return Ok(WebhookAuth::None);
        }
        let (kind, rest) = spec.split_once(':').ok_or_else(bad)?;
        match kind.to_ascii_lowercase().as_str() {
            "basic" => match rest.split_once(':') {
                Some((user, password)) if !user.is_empty() => Ok(WebhookAuth::Basic {
                    user: user.to_owned(),
                    password: password.to_owned(),
                }),
                _ => Err(bad()),
            },
            "api-key" | "apikey" | "api_key" if !rest.is_empty() => {
                Ok(WebhookAuth::ApiKey(rest.to_owned()))
            }
            _ => Err(bad()),
        }
    }

    /// The header to send, if any: `(name, value)`.
    pub(crate) fn header(&self) -> Option<(&'static str, String)> {
        match self {
            WebhookAuth::None => None,
            WebhookAuth::Basic { user, password } => Some((
                "Authorization",
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
                ),
            )),
            WebhookAuth::ApiKey(key) => Some((popbill_model::webhook::HEADER_API_KEY, key.clone())),
        }
    }
}

/// The callback URL and its authentication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WebhookTarget {
    pub url: Uri,
    pub auth: WebhookAuth,
}

impl WebhookTarget {
    /// An `http://host[:port]/path` URL without credentials in it.
    pub(crate) fn parse(url: &str) -> Result<WebhookTarget, String> {
        let uri: Uri = url
            .parse()
            .map_err(|_| "webhook URL is not a valid URL".to_owned())?;
        if uri.scheme_str() != Some("http") || uri.host().is_none() {
            return Err(
                "webhook URL must be http://HOST[:PORT]/PATH (the sandbox sends plain HTTP)".into(),
            );
        }
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err(
                "webhook URL must not contain credentials: use --webhook-auth / SandboxBuilder::webhook_auth"
                    .into(),
            );
        }
        Ok(WebhookTarget {
            url: uri,
            auth: WebhookAuth::None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_specs_parse_and_never_leak() {
        assert_eq!(WebhookAuth::parse("none"), Ok(WebhookAuth::None));
        let basic = WebhookAuth::parse("basic:TEST:12:3").unwrap_or_default();
        assert_eq!(
            basic,
            WebhookAuth::Basic {
                user: "TEST".into(),
                password: "12:3".into()
            }
        );
        assert_eq!(format!("{basic:?}"), "Basic(<redacted>)");
        let key = WebhookAuth::parse("api-key:SECRETKEY").unwrap_or_default();
        assert_eq!(key.header(), Some(("X-Api-Key", "SECRETKEY".to_owned())));
        assert!(!format!("{key:?}").contains("SECRETKEY"));
        // The documented example: TEST:123 → VEVTVDoxMjM=
        let doc = WebhookAuth::parse("basic:TEST:123").unwrap_or_default();
        assert_eq!(
            doc.header(),
            Some(("Authorization", "Basic VEVTVDoxMjM=".to_owned()))
        );
        for bad in [
            "basic:nopassword",
            "basic::pw",
            "api-key:",
            "token:SECRET",
            "x",
        ] {
            let e = WebhookAuth::parse(bad).err().unwrap_or_default();
            assert!(e.contains("basic:USER:PASSWORD"), "{bad}: {e}");
            assert!(!e.contains("SECRET") && !e.contains("nopassword"), "{e}");
        }
    }

    #[test]
    fn targets_are_plain_http_without_credentials() {
        assert!(WebhookTarget::parse("http://127.0.0.1:9000/hook").is_ok());
        for bad in [
            "https://example.com/hook",
            "ftp://x/y",
            "not a url",
            "http://user:pw@127.0.0.1/hook",
        ] {
            let e = WebhookTarget::parse(bad).err().unwrap_or_default();
            assert!(!e.is_empty() && !e.contains("pw@"), "{bad}: {e}");
        }
    }
}

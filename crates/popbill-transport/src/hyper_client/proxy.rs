//! Which destinations go through which HTTP proxy.
//!
//! Rules come from hyper-util's curl-compatible [`Matcher`] (explicit URL or the
//! `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` environment, upper or lower case).
//! Proxies picked up from the environment never apply to loopback destinations
//! (`localhost`, `127.0.0.0/8`, `::1`), so a local sandbox keeps working on machines with a
//! corporate proxy configured; an explicit proxy applies to every destination not excluded
//! by its own no-proxy list.

use std::fmt;
use std::net::IpAddr;

use http::Uri;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};

use crate::{TransportError, TransportErrorKind};

/// How the client picks a proxy, as configured on the builder. Its `Debug` never shows the
/// URL, which may carry credentials.
#[derive(Clone, Default)]
pub(super) enum ProxySetting {
    /// Read the environment when the client is built (the default).
    #[default]
    Env,
    /// Never use a proxy.
    Disabled,
    /// One proxy URL for every destination, except hosts in the bypass list.
    Explicit(String),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProxySetting::Env => "Env",
            ProxySetting::Disabled => "Disabled",
            ProxySetting::Explicit(_) => "Explicit(***)",
        })
    }
}

/// Resolved proxy rules.
pub(super) struct Proxies {
    matcher: Option<Matcher>,
    bypass_loopback: bool,
}

/// Where a connection to one destination must go.
pub(super) enum ProxyRoute {
    Direct,
    Via(ProxyEndpoint),
    /// The rules name a proxy we cannot speak to (https:// or socks).
    Unsupported,
}

/// An HTTP proxy to connect to.
pub(super) struct ProxyEndpoint {
    pub(super) host: String,
    pub(super) port: u16,
    /// `Proxy-Authorization` value derived from the proxy URL's userinfo. Never printed.
    pub(super) authorization: Option<String>,
}

impl fmt::Debug for ProxyEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("authorization", &self.authorization.as_ref().map(|_| "***"))
            .finish()
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Matcher's Debug prints proxy URIs without credentials.
        f.debug_struct("Proxies")
            .field("matcher", &self.matcher)
            .field("bypass_loopback", &self.bypass_loopback)
            .finish()
    }
}

impl Proxies {
    /// `bypass` (NO_PROXY syntax) only applies to an explicit proxy.
    pub(super) fn from_setting(
        setting: &ProxySetting,
        bypass: Option<&str>,
    ) -> Result<Self, TransportError> {
        match setting {
            ProxySetting::Disabled => Ok(Proxies {
                matcher: None,
                bypass_loopback: false,
            }),
            // With no proxy variable set there is nothing to match: every request then
            // skips the per-request host checks.
            ProxySetting::Env => Ok(Proxies {
                matcher: env_names_a_proxy(|name| std::env::var_os(name)).then(Matcher::from_env),
                bypass_loopback: true,
            }),
            ProxySetting::Explicit(url) => {
                validate_proxy_url(url)?;
                let mut builder = Matcher::builder().all(url.as_str());
                if let Some(no) = bypass {
                    builder = builder.no(no);
                }
                Ok(Proxies {
                    matcher: Some(builder.build()),
                    bypass_loopback: false,
                })
            }
        }
    }

    /// Whether any proxy rule is configured at all.
    pub(super) fn is_configured(&self) -> bool {
        self.matcher.is_some()
    }

    pub(super) fn route(&self, dst: &Uri) -> ProxyRoute {
        let Some(matcher) = &self.matcher else {
            return ProxyRoute::Direct;
        };
        if self.bypass_loopback && dst.host().is_some_and(is_loopback_host) {
            return ProxyRoute::Direct;
        }
        match matcher.intercept(dst) {
            None => ProxyRoute::Direct,
            Some(intercept) => {
                endpoint(&intercept).map_or(ProxyRoute::Unsupported, ProxyRoute::Via)
            }
        }
    }

    /// The `Proxy-Authorization` value to put on a plain-http request that is forwarded
    /// (not tunnelled) through a proxy, if any.
    pub(super) fn forward_authorization(&self, dst: &Uri) -> Option<String> {
        if dst.scheme() != Some(&http::uri::Scheme::HTTP) {
            return None;
        }
        match self.route(dst) {
            ProxyRoute::Via(endpoint) => endpoint.authorization,
            _ => None,
        }
    }
}

fn endpoint(intercept: &Intercept) -> Option<ProxyEndpoint> {
    let uri = intercept.uri();
    if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
        return None;
    }
    let host = uri.host()?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    Some(ProxyEndpoint {
        host,
        port: uri.port_u16().unwrap_or(80),
        authorization: intercept
            .basic_auth()
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    })
}

fn validate_proxy_url(url: &str) -> Result<(), TransportError> {
    let probe: Uri = Uri::from_static("https://proxy-probe.invalid/");
    let matcher = Matcher::builder().all(url).build();
    match matcher.intercept(&probe) {
        Some(intercept) if intercept.uri().scheme() == Some(&http::uri::Scheme::HTTP) => Ok(()),
        Some(_) => Err(TransportError::new(
            TransportErrorKind::Config,
            "proxy url: only http:// proxies are supported",
        )),
        None => Err(TransportError::new(
            TransportErrorKind::Config,
            "proxy url: not a valid http://host:port url",
        )),
    }
}

/// The variables [`Matcher::from_env`] takes proxy URLs from (`NO_PROXY` only narrows them).
const PROXY_VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// Whether any proxy variable is set to a non-empty value.
fn env_names_a_proxy(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    PROXY_VARIABLES
        .iter()
        .any(|name| var(name).is_some_and(|v| !v.is_empty()))
}

fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") || bare.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().expect("test uri")
    }

    fn explicit(url: &str, no: Option<&str>) -> Proxies {
        Proxies::from_setting(&ProxySetting::Explicit(url.into()), no).expect("valid proxy")
    }

    #[test]
    fn explicit_proxy_routes_https_and_http() {
        let p = explicit("http://user:pa%20ss@proxy.corp:3128", None);
        match p.route(&uri("https://popbill.linkhub.co.kr/Taxinvoice")) {
            ProxyRoute::Via(e) => {
                assert_eq!(e.host, "proxy.corp");
                assert_eq!(e.port, 3128);
                // base64("user:pa ss")
                assert_eq!(e.authorization.as_deref(), Some("Basic dXNlcjpwYSBzcw=="));
                assert!(!format!("{e:?}").contains("dXNlcj"), "credentials printed");
            }
            _ => panic!("expected a proxy route"),
        }
        assert_eq!(
            p.forward_authorization(&uri("http://127.0.0.1:8080/x"))
                .as_deref(),
            Some("Basic dXNlcjpwYSBzcw==")
        );
        assert_eq!(p.forward_authorization(&uri("https://example.com/")), None);
    }

    #[test]
    fn explicit_proxy_without_scheme_defaults_to_http_port_80() {
        let p = explicit("proxy.corp", None);
        match p.route(&uri("https://example.com/")) {
            ProxyRoute::Via(e) => {
                assert_eq!((e.host.as_str(), e.port), ("proxy.corp", 80));
                assert!(e.authorization.is_none());
            }
            _ => panic!("expected a proxy route"),
        }
    }

    #[test]
    fn no_proxy_list_is_honoured() {
        let p = explicit("http://proxy.corp:3128", Some("linkhub.co.kr, 10.0.0.0/8"));
        assert!(matches!(
            p.route(&uri("https://popbill.linkhub.co.kr/")),
            ProxyRoute::Direct
        ));
        assert!(matches!(
            p.route(&uri("http://10.1.2.3/")),
            ProxyRoute::Direct
        ));
        assert!(matches!(
            p.route(&uri("https://example.com/")),
            ProxyRoute::Via(_)
        ));
    }

    #[test]
    fn explicit_proxy_applies_to_loopback_but_env_proxy_does_not() {
        let p = explicit("http://proxy.corp:3128", None);
        assert!(matches!(
            p.route(&uri("http://127.0.0.1:9/")),
            ProxyRoute::Via(_)
        ));
        let env_like = Proxies {
            matcher: Some(Matcher::builder().all("http://proxy.corp:3128").build()),
            bypass_loopback: true,
        };
        assert!(matches!(
            env_like.route(&uri("http://127.0.0.1:9/")),
            ProxyRoute::Direct
        ));
        assert!(matches!(
            env_like.route(&uri("http://localhost:9/")),
            ProxyRoute::Direct
        ));
        assert!(matches!(
            env_like.route(&uri("http://[::1]:9/")),
            ProxyRoute::Direct
        ));
        assert!(matches!(
            env_like.route(&uri("https://example.com/")),
            ProxyRoute::Via(_)
        ));
    }

    #[test]
    fn rejects_unusable_proxy_urls() {
        for bad in [
            "https://proxy.corp:443",
            "socks5://proxy.corp:1080",
            "http://",
            "",
        ] {
            let err =
                Proxies::from_setting(&ProxySetting::Explicit(bad.into()), None).expect_err(bad);
            assert_eq!(err.kind(), TransportErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn environment_without_proxy_variables_configures_nothing() {
        let env = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                set.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| std::ffi::OsString::from(*v))
            }
        };
        assert!(!env_names_a_proxy(env(&[])));
        assert!(!env_names_a_proxy(env(&[
            ("NO_PROXY", "*"),
            ("HTTPS_PROXY", "")
        ])));
        for name in PROXY_VARIABLES {
            let set: &'static [(&'static str, &'static str)] =
                Box::leak(Box::new([(name, "http://proxy.corp:3128")]));
            assert!(env_names_a_proxy(env(set)), "{name}");
        }
    }

    #[test]
    fn disabled_means_direct() {
        let p = Proxies::from_setting(&ProxySetting::Disabled, Some("x")).expect("disabled");
        assert!(!p.is_configured());
        assert!(matches!(
            p.route(&uri("https://example.com/")),
            ProxyRoute::Direct
        ));
    }
}

#[cfg(test)]
mod debug_tests {
    use super::ProxySetting;

    #[test]
    fn debug_never_shows_the_proxy_url() {
        let s = ProxySetting::Explicit("http://user:hunter2@proxy:3128".to_owned());
        assert_eq!(format!("{s:?}"), "Explicit(***)");
    }
}

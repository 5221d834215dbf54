//! [`Popbill`], the client: a cheap handle over the configuration, the HTTP client and the
//! token cache.

use std::fmt;
use std::sync::{Arc, OnceLock};

use popbill_model::{CorpNum, ValidationContext};
use popbill_transport::SharedHttpClient;
use popbill_transport::hyper_client::HyperClient;

use crate::auth::Authenticator;
use crate::config::{Config, ProxyConfig};
use crate::error::Error;
use crate::services::Service;
use crate::services::member::MemberService;

/// The POPBiLL client.
///
/// Cheap to clone (one `Arc`), `Send + Sync`; create one per configuration and share it.
/// Several clients with different configurations can live in one process: each has its
/// own token cache and HTTP client. The client starts no runtime and no background task; it
/// runs on the caller's tokio runtime (with the time driver enabled).
#[derive(Clone)]
pub struct Popbill {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    default_http: OnceLock<SharedHttpClient>,
    auth: Authenticator,
}

impl Popbill {
    /// A client for `config`. Without a configured HTTP client, the default hyper client is
    /// built on first use.
    pub fn new(config: Config) -> Self {
        Popbill {
            inner: Arc::new(Inner {
                config,
                default_http: OnceLock::new(),
                auth: Authenticator::default(),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Member, contact and point operations, authenticated with the Taxinvoice scopes
    /// (`member`, `110`), as the official SDKs' Taxinvoice service does.
    pub fn member(&self) -> MemberService<'_> {
        self.member_for(Service::Taxinvoice)
    }

    /// Taxinvoice (전자세금계산서) operations, scopes `member`, `110`.
    pub fn taxinvoice(&self) -> crate::services::taxinvoice::TaxinvoiceService<'_> {
        crate::services::taxinvoice::TaxinvoiceService::new(self)
    }

    /// Member operations authenticated with another service's scopes (the official SDKs
    /// expose them on every service).
    pub fn member_for(&self, service: Service) -> MemberService<'_> {
        MemberService::new(self, service)
    }

    /// Drops every cached session token of a member (all services).
    pub fn invalidate_tokens(&self, corp_num: &CorpNum) {
        self.inner.auth.cache.invalidate_corp(corp_num.as_str());
    }

    /// The HTTP client: the configured one, or the default built once.
    pub(crate) fn http(&self) -> Result<&SharedHttpClient, Error> {
        if let Some(c) = &self.inner.config.http_client {
            return Ok(c);
        }
        if let Some(c) = self.inner.default_http.get() {
            return Ok(c);
        }
        let t = self.inner.config.timeouts;
        let mut builder = HyperClient::builder()
            .connect_timeout(t.connect)
            .timeout(t.attempt);
        builder = match &self.inner.config.proxy {
            ProxyConfig::Env => builder.proxy_from_env(),
            ProxyConfig::Disabled => builder.no_proxy(),
            ProxyConfig::Explicit { url, bypass } => {
                let b = builder.proxy(url.as_str());
                match bypass {
                    Some(list) => b.proxy_bypass(list.as_str()),
                    None => b,
                }
            }
        };
        let built = builder.build()?;
        Ok(self
            .inner
            .default_http
            .get_or_init(|| SharedHttpClient::new(built)))
    }

    pub(crate) fn auth(&self) -> &Authenticator {
        &self.inner.auth
    }

    /// The context every request body is validated with.
    pub(crate) fn validation_context(&self) -> ValidationContext {
        ValidationContext::new().allow_test_corp_nums(self.inner.config.allow_test_corp_nums)
    }
}

impl fmt::Debug for Popbill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Popbill")
            .field("config", &self.inner.config)
            .field("tokens", &self.inner.auth.cache)
            .finish()
    }
}

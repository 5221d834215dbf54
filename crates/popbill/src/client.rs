//! [`Popbill`], the client: a cheap handle over the configuration, the HTTP client and the
//! token cache.

use std::fmt;
use std::sync::{Arc, OnceLock};

use std::borrow::Cow;

use popbill_model::{
    CorpNum, Date8, DateTime14, ValidationContext, kst_date_from_unix, kst_datetime_from_unix,
};
use popbill_transport::hyper_client::HyperClient;
use popbill_transport::{Method, SharedHttpClient};

use crate::auth::Authenticator;
use crate::config::{Config, ProxyConfig};
use crate::error::Error;
use crate::pipeline::OpBuilder;
use crate::service::Service;
use crate::services::cashbill::CashbillService;
use crate::services::member::MemberService;
use crate::services::taxinvoice::TaxinvoiceService;

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
    pub fn taxinvoice(&self) -> TaxinvoiceService<'_> {
        TaxinvoiceService::new(self)
    }

    /// Cash receipt (현금영수증) operations, scopes `member`, `140`.
    pub fn cashbill(&self) -> CashbillService<'_> {
        CashbillService::new(self)
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

    /// The current time in Unix seconds, corrected by the offset to Linkhub's clock the
    /// client measured (see [`crate::auth`]).
    pub(crate) fn now_unix(&self) -> i64 {
        self.inner.auth.now(&self.inner.config)
    }

    /// Today's date in Korea (UTC+9), from the client's clock corrected by the offset to
    /// Linkhub's clock it measured: the "today" POPBiLL compares issue and trade dates with.
    pub fn today_kst(&self) -> Date8 {
        kst_date_from_unix(self.now_unix())
    }

    /// The current date and time in Korea (`yyyyMMddHHmmss`), from the same corrected clock
    /// as [`today_kst`](Self::today_kst): a cash receipt's `tradeDT` for a trade happening now.
    pub fn now_kst(&self) -> DateTime14 {
        kst_datetime_from_unix(self.now_unix())
    }

    /// The context issuing calls validate with: the client's setting for test business
    /// numbers ([`Config::allow_test_corp_nums`]) and today's Korean date
    /// ([`today_kst`](Self::today_kst)), so the date-versus-today rules (a future or late
    /// issue date) apply.
    ///
    /// `document.validate_with(&client.validation_context())` judges a document as an
    /// issuing call would before sending it; the calls' `dry_run()` methods run exactly
    /// their own checks (this plus what they add, such as the CorpNum argument).
    pub fn validation_context(&self) -> ValidationContext {
        self.base_validation_context().today_kst(self.today_kst())
    }

    /// The context calls that do not issue validate with (no date-versus-today rules).
    pub(crate) fn base_validation_context(&self) -> ValidationContext {
        ValidationContext::new().allow_test_corp_nums(self.inner.config.allow_test_corp_nums)
    }

    /// Starts describing an operation of `service` (see [`crate::pipeline`]).
    pub(crate) fn op(
        &self,
        service: Service,
        name: &'static str,
        method: Method,
        path: impl Into<Cow<'static, str>>,
    ) -> OpBuilder<'_> {
        OpBuilder::new(self, service, name, method, path.into())
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

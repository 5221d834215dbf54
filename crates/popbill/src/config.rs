//! Client configuration: credentials, environment, hosts, time, timeouts, retries and the HTTP
//! client. Build one with [`Config::builder`] or read one from the environment with
//! [`Config::from_env`].
//!
//! The environment (test bed or production) is a required choice: [`ConfigBuilder::build`]
//! fails with [`ConfigError::EnvironmentNotChosen`] unless [`ConfigBuilder::test`] or
//! [`ConfigBuilder::environment`] was called. A silent default would either issue nothing to
//! the NTS (test bed) or issue real invoices (production) when the call was forgotten.
//!
//! Host selection follows the official SDKs: an explicit URL beats the GA hosts, which beat
//! the static-IP hosts, which beat the defaults.
//! The auth host serves `/Token`, `/Time`, `/Point`, `/PartnerPoint` and `/URL`; the API host
//! serves everything else.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use popbill_transport::{HeaderText, HttpClient, SharedHttpClient};
use zeroize::Zeroizing;

use crate::clock::{SystemClock, TimeSource};
use crate::retry::RetryPolicy;

/// The partner's SecretKey (Base64 text issued by Linkhub).
///
/// Never printed: `Debug` and `Display` show `***`. The text and the decoded key bytes are
/// zeroed when dropped.
#[derive(Clone)]
pub struct SecretKey {
    key: Zeroizing<Vec<u8>>,
}

impl SecretKey {
    /// Decodes a SecretKey. Standard and URL-safe Base64 are accepted, with or without `=`
    /// padding; surrounding whitespace is ignored.
    pub fn new(base64_text: impl Into<String>) -> Result<Self, ConfigError> {
        let text = Zeroizing::new(base64_text.into());
        let cleaned: Zeroizing<String> = Zeroizing::new(
            text.trim()
                .chars()
                .map(|c| match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                })
                .filter(|c| *c != '=')
                .collect(),
        );
        let key = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(cleaned.as_bytes())
            .map_err(|_| ConfigError::InvalidSecretKey("not valid Base64"))?;
        if key.is_empty() {
            return Err(ConfigError::InvalidSecretKey("empty"));
        }
        Ok(SecretKey {
            key: Zeroizing::new(key),
        })
    }

    /// A SecretKey from its decoded bytes (for example from a vault that stores binary
    /// secrets). Fails when `bytes` is empty.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self, ConfigError> {
        let key = Zeroizing::new(bytes.into());
        if key.is_empty() {
            return Err(ConfigError::InvalidSecretKey("empty"));
        }
        Ok(SecretKey { key })
    }

    /// The HMAC key: the decoded bytes.
    pub(crate) fn hmac_key(&self) -> &[u8] {
        &self.key
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Test bed or production. The same LinkID and SecretKey work for both.
///
/// There is deliberately no default: see [`ConfigBuilder::build`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// `POPBILL_TEST` on `popbill-test.linkhub.co.kr`: nothing is filed with the NTS.
    Test,
    /// `POPBILL` on `popbill.linkhub.co.kr`.
    Production,
}

impl Environment {
    /// The Linkhub ServiceID: `POPBILL_TEST` or `POPBILL`.
    pub fn service_id(self) -> &'static str {
        match self {
            Environment::Test => "POPBILL_TEST",
            Environment::Production => "POPBILL",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = ConfigError;

    /// `test` or `production` (ASCII case ignored, surrounding whitespace too), the values of
    /// `POPBILL_ENV`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("test") {
            Ok(Environment::Test)
        } else if t.eq_ignore_ascii_case("production") {
            Ok(Environment::Production)
        } else {
            Err(ConfigError::InvalidEnvironment {
                value: t.chars().take(40).collect(),
            })
        }
    }
}

/// Which host family to use (`UseStaticIP` / `UseGAIP` of the official SDKs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostMode {
    /// `auth.linkhub.co.kr`, `popbill[-test].linkhub.co.kr`.
    #[default]
    Default,
    /// `static-auth…`, `static-popbill[-test]…`: fixed outbound IPs for firewalls.
    StaticIp,
    /// `ga-auth…`, `ga-popbill[-test]…` (wins over static IP in the official SDKs).
    Ga,
}

/// Where the `x-lh-date` of token requests comes from (`UseLocalTimeYN`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeMode {
    /// The local clock (the configured [`TimeSource`]). A rejected date still triggers one
    /// retry with the server's time (see the crate docs on clock skew).
    #[default]
    Local,
    /// `GET /Time` on the auth host before every token request; its answer is the
    /// `x-lh-date`, and the measured offset corrects expiry checks.
    Server,
}

/// Timeouts of one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// TCP + TLS connection setup (used when the client builds its default HTTP client).
    pub connect: Duration,
    /// One HTTP exchange, from sending to the last byte of the answer.
    pub attempt: Duration,
    /// The whole operation, including token requests, retries and back-off.
    pub operation: Duration,
}

impl Default for Timeouts {
    /// 10 s connect and 180 s per attempt (the official SDKs' values); 300 s for the whole
    /// operation. A web handler usually wants much shorter ones (see the README's "Going to
    /// production").
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(180),
            operation: Duration::from_secs(300),
        }
    }
}

/// A configuration that cannot work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// LinkID is empty.
    #[error("LinkID must not be empty")]
    MissingLinkId,
    /// Neither [`ConfigBuilder::test`] nor [`ConfigBuilder::environment`] was called.
    #[error(
        "the environment is not chosen: call .test(true) for the test bed or .test(false) for \
         production (real invoices filed with the NTS)"
    )]
    EnvironmentNotChosen,
    /// An environment name other than `test` or `production` (from `POPBILL_ENV` or
    /// [`Environment::from_str`](std::str::FromStr::from_str)).
    #[error("environment must be `test` or `production`, got {value:?}")]
    InvalidEnvironment {
        /// The rejected value (at most 40 characters of it).
        value: String,
    },
    /// A variable [`Config::from_env`] requires is not set or is empty.
    #[error("environment variable {0} is not set (or empty)")]
    MissingVariable(&'static str),
    /// A variable [`Config::from_env`] read holds an unusable value; the value is not
    /// repeated (it may be a secret).
    #[error("environment variable {name}: {reason}")]
    InvalidVariable {
        /// The variable's name, e.g. `POPBILL_SECRET_KEY`.
        name: &'static str,
        /// What is wrong with it.
        reason: Box<ConfigError>,
    },
    /// The SecretKey could not be decoded (the key itself is never shown).
    #[error("SecretKey is invalid: {0}")]
    InvalidSecretKey(&'static str),
    /// A custom URL is not an absolute `http://` or `https://` URL.
    #[error("{which} must start with http:// or https://, got {value:?}")]
    InvalidUrl {
        /// `auth_url` or `api_url`.
        which: &'static str,
        /// The rejected value.
        value: String,
    },
    /// A custom URL carries a user name or password (`https://user:pass@host`). POPBiLL and
    /// Linkhub hosts take none, and a URL kept in the configuration would show them in
    /// `Debug`; the value is therefore not repeated here.
    #[error("{which} must not contain a user name or password")]
    UrlWithCredentials {
        /// `auth_url` or `api_url`.
        which: &'static str,
    },
    /// A timeout or margin of zero, or an operation timeout shorter than the attempt timeout.
    #[error("invalid timeout: {0}")]
    InvalidTimeout(&'static str),
    /// A header value with a line break or another control character.
    #[error("{0} must not contain control characters")]
    InvalidHeaderValue(&'static str),
}

/// Everything a [`crate::Popbill`] client needs. Cheap to clone.
///
/// The environment must be chosen explicitly (`.test(true)`, `.test(false)` or
/// `.environment(..)`); [`Config::from_env`] reads it from `POPBILL_ENV`.
///
/// ```
/// use popbill::{Config, Environment};
/// let config = Config::builder("TESTER", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
///     .environment(Environment::Test)
///     .ip_restriction(false)
///     .build()
///     .expect("valid configuration");
/// assert_eq!(config.api_base_url(), "https://popbill-test.linkhub.co.kr");
/// assert!(!format!("{config:?}").contains("AAECAwQF"));
/// ```
#[derive(Clone)]
pub struct Config {
    pub(crate) link_id: String,
    pub(crate) secret_key: SecretKey,
    pub(crate) environment: Environment,
    pub(crate) host_mode: HostMode,
    pub(crate) auth_url: Option<String>,
    pub(crate) api_url: Option<String>,
    pub(crate) ip_restriction: bool,
    pub(crate) time_mode: TimeMode,
    /// Header text shared by every request (no copy per request).
    pub(crate) user_agent: HeaderText,
    pub(crate) accept_language: Option<HeaderText>,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
    pub(crate) http_client: Option<SharedHttpClient>,
    pub(crate) token_refresh_margin: Duration,
    pub(crate) token_refresh_jitter: Duration,
    pub(crate) time_source: Arc<dyn TimeSource>,
    pub(crate) allow_test_corp_nums: bool,
    pub(crate) proxy: ProxyConfig,
}

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("RUST POPBILL SDK/", env!("CARGO_PKG_VERSION"));

impl Config {
    /// Starts a configuration for a partner's LinkID and SecretKey (the Base64 text Linkhub
    /// issued). Choose the environment before [`ConfigBuilder::build`].
    pub fn builder(link_id: impl Into<String>, secret_key: impl Into<String>) -> ConfigBuilder {
        Self::builder_from(
            link_id.into(),
            SecretInput::Text(Zeroizing::new(secret_key.into())),
        )
    }

    /// Starts a configuration with an already decoded [`SecretKey`] (from a vault or a secret
    /// manager). Same as [`Config::builder`] followed by [`ConfigBuilder::secret_key`].
    pub fn builder_with_key(link_id: impl Into<String>, secret_key: SecretKey) -> ConfigBuilder {
        Self::builder_from(link_id.into(), SecretInput::Key(secret_key))
    }

    /// Reads `POPBILL_LINK_ID`, `POPBILL_SECRET_KEY` and `POPBILL_ENV` (`test` or
    /// `production`; required, there is no default) from the process environment, and the
    /// optional `POPBILL_AUTH_URL` and `POPBILL_API_URL` (custom hosts, e.g. a local sandbox).
    /// Returns a builder so that timeouts and the rest can still be set.
    ///
    /// Errors name the variable: [`ConfigError::MissingVariable`] when one is unset or empty,
    /// [`ConfigError::InvalidVariable`] when its value is unusable (a SecretKey is never
    /// repeated).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), popbill::ConfigError> {
    /// let config = popbill::Config::from_env()?
    ///     .operation_timeout(std::time::Duration::from_secs(20))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<ConfigBuilder, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`] with the variables looked up by `lookup` (a configuration
    /// file, a secret manager, a map in tests) instead of the process environment.
    pub fn from_vars(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder, ConfigError> {
        let get = |name: &'static str| -> Option<Zeroizing<String>> {
            lookup(name)
                .map(Zeroizing::new)
                .filter(|v| !v.trim().is_empty())
        };
        let required = |name: &'static str| get(name).ok_or(ConfigError::MissingVariable(name));
        let invalid = |name: &'static str| {
            move |e: ConfigError| ConfigError::InvalidVariable {
                name,
                reason: Box::new(e),
            }
        };
        let link_id = required("POPBILL_LINK_ID")?;
        let key = required("POPBILL_SECRET_KEY")?;
        let environment: Environment = required("POPBILL_ENV")?
            .parse()
            .map_err(invalid("POPBILL_ENV"))?;
        let key = SecretKey::new(key.as_str()).map_err(invalid("POPBILL_SECRET_KEY"))?;
        let mut builder = Config::builder_with_key(link_id.trim(), key).environment(environment);
        for (name, which) in [
            ("POPBILL_AUTH_URL", "auth_url"),
            ("POPBILL_API_URL", "api_url"),
        ] {
            if let Some(url) = get(name) {
                let url = normalize_url(which, url.to_string()).map_err(invalid(name))?;
                builder = if which == "auth_url" {
                    builder.auth_url(url)
                } else {
                    builder.api_url(url)
                };
            }
        }
        Ok(builder)
    }

    fn builder_from(link_id: String, secret_key: SecretInput) -> ConfigBuilder {
        ConfigBuilder {
            link_id,
            secret_key,
            environment: None,
            host_mode: HostMode::default(),
            auth_url: None,
            api_url: None,
            ip_restriction: true,
            time_mode: TimeMode::default(),
            user_agent: HeaderText::from_static(DEFAULT_USER_AGENT),
            accept_language: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            http_client: None,
            token_refresh_margin: Duration::from_secs(60),
            token_refresh_jitter: Duration::from_secs(10),
            time_source: Arc::new(SystemClock),
            allow_test_corp_nums: None,
            proxy: ProxyConfig::default(),
        }
    }

    /// The partner LinkID.
    pub fn link_id(&self) -> &str {
        &self.link_id
    }

    /// Test bed or production.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The Linkhub ServiceID (`POPBILL_TEST` / `POPBILL`).
    pub fn service_id(&self) -> &'static str {
        self.environment.service_id()
    }

    /// Base URL of the Linkhub auth host, without a trailing slash.
    pub fn auth_base_url(&self) -> &str {
        if let Some(u) = &self.auth_url {
            return u;
        }
        match self.host_mode {
            HostMode::Ga => "https://ga-auth.linkhub.co.kr",
            HostMode::StaticIp => "https://static-auth.linkhub.co.kr",
            HostMode::Default => "https://auth.linkhub.co.kr",
        }
    }

    /// Base URL of the POPBiLL API host, without a trailing slash.
    pub fn api_base_url(&self) -> &str {
        if let Some(u) = &self.api_url {
            return u;
        }
        match (self.host_mode, self.environment) {
            (HostMode::Ga, Environment::Test) => "https://ga-popbill-test.linkhub.co.kr",
            (HostMode::Ga, Environment::Production) => "https://ga-popbill.linkhub.co.kr",
            (HostMode::StaticIp, Environment::Test) => "https://static-popbill-test.linkhub.co.kr",
            (HostMode::StaticIp, Environment::Production) => "https://static-popbill.linkhub.co.kr",
            (HostMode::Default, Environment::Test) => "https://popbill-test.linkhub.co.kr",
            (HostMode::Default, Environment::Production) => "https://popbill.linkhub.co.kr",
        }
    }

    /// True when tokens are bound to the caller's IP (no `x-lh-forwarded`).
    pub fn ip_restriction(&self) -> bool {
        self.ip_restriction
    }

    /// Local or server time for token requests.
    pub fn time_mode(&self) -> TimeMode {
        self.time_mode
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        self.user_agent.as_str()
    }

    /// The `Accept-Language` sent with every request, if any (`ko-KR` or `en-US`).
    pub fn accept_language(&self) -> Option<&str> {
        self.accept_language.as_deref()
    }

    /// Timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// How long before its `expiration` a token is renewed.
    pub fn token_refresh_margin(&self) -> Duration {
        self.token_refresh_margin
    }

    /// Upper bound of the random extra margin added per token.
    pub fn token_refresh_jitter(&self) -> Duration {
        self.token_refresh_jitter
    }

    /// Whether business numbers failing the check digit (e.g. the test bed's `1234567890`)
    /// pass validation. Defaults to true in the test environment, false in production.
    pub fn allow_test_corp_nums(&self) -> bool {
        self.allow_test_corp_nums
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("link_id", &self.link_id)
            .field("secret_key", &self.secret_key)
            .field("environment", &self.environment)
            .field("auth_base_url", &self.auth_base_url())
            .field("api_base_url", &self.api_base_url())
            .field("ip_restriction", &self.ip_restriction)
            .field("time_mode", &self.time_mode)
            .field("user_agent", &self.user_agent)
            .field("accept_language", &self.accept_language)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("custom_http_client", &self.http_client.is_some())
            .field("token_refresh_margin", &self.token_refresh_margin)
            .field("token_refresh_jitter", &self.token_refresh_jitter)
            .field("time_source", &self.time_source)
            .field("allow_test_corp_nums", &self.allow_test_corp_nums)
            .field("proxy", &self.proxy)
            .finish()
    }
}

/// The SecretKey as given to the builder: text decoded at `build()`, or an already decoded key.
enum SecretInput {
    Text(Zeroizing<String>),
    Key(SecretKey),
}

/// Builder of [`Config`]; see [`Config::builder`].
pub struct ConfigBuilder {
    link_id: String,
    secret_key: SecretInput,
    environment: Option<Environment>,
    host_mode: HostMode,
    auth_url: Option<String>,
    api_url: Option<String>,
    ip_restriction: bool,
    time_mode: TimeMode,
    user_agent: HeaderText,
    accept_language: Option<String>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    http_client: Option<SharedHttpClient>,
    token_refresh_margin: Duration,
    token_refresh_jitter: Duration,
    time_source: Arc<dyn TimeSource>,
    allow_test_corp_nums: Option<bool>,
    proxy: ProxyConfig,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ConfigBuilder");
        d.field("link_id", &self.link_id)
            .field("secret_key", &"***");
        match &self.environment {
            Some(environment) => d.field("environment", environment),
            None => d.field("environment", &format_args!("not chosen")),
        };
        d.finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// Test bed or production. Required (or [`ConfigBuilder::test`]): there is no default.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Replaces the SecretKey given to [`Config::builder`] with a decoded one (from a vault).
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = SecretInput::Key(key);
        self
    }

    /// Shorthand: `true` for the test bed, `false` for production (`IsTest`). Either this or
    /// [`ConfigBuilder::environment`] is required.
    pub fn test(self, is_test: bool) -> Self {
        self.environment(if is_test {
            Environment::Test
        } else {
            Environment::Production
        })
    }

    /// Default, static-IP or GA hosts.
    pub fn host_mode(mut self, mode: HostMode) -> Self {
        self.host_mode = mode;
        self
    }

    /// A custom auth host base URL (`https://host[:port][/prefix]`); beats the host mode.
    pub fn auth_url(mut self, url: impl Into<String>) -> Self {
        self.auth_url = Some(url.into());
        self
    }

    /// A custom API host base URL; beats the host mode. `http://` is allowed (a local sandbox).
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// IP restriction of tokens (`IPRestrictOnOff`, default on). Off sends and signs
    /// `x-lh-forwarded: *`.
    pub fn ip_restriction(mut self, on: bool) -> Self {
        self.ip_restriction = on;
        self
    }

    /// Local (default) or server time for token requests (`UseLocalTimeYN`).
    pub fn time_mode(mut self, mode: TimeMode) -> Self {
        self.time_mode = mode;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = HeaderText::from(user_agent.into());
        self
    }

    /// The `Accept-Language` header (`ko-KR` is the server default, `en-US` gives English
    /// error messages). Not sent unless set.
    pub fn accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }

    /// All timeouts at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Connection setup timeout of the default HTTP client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Timeout of one HTTP exchange.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Timeout of a whole operation, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.operation = timeout;
        self
    }

    /// Retry policy (default: [`RetryPolicy::standard`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Bring your own HTTP client (proxies, custom TLS, test doubles). Without one, the client
    /// builds the default hyper client once, on first use.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Some(SharedHttpClient::new(client));
        self
    }

    /// Like [`ConfigBuilder::http_client`] for an already shared client.
    pub fn shared_http_client(mut self, client: SharedHttpClient) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Renew tokens this long before their `expiration` (default 60 s).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = margin;
        self
    }

    /// Add a random extra margin of up to this much per token (default 10 s), so that many
    /// processes do not renew at the same instant. Zero disables it.
    pub fn token_refresh_jitter(mut self, jitter: Duration) -> Self {
        self.token_refresh_jitter = jitter;
        self
    }

    /// The clock (default: the system clock).
    pub fn time_source(mut self, clock: impl TimeSource) -> Self {
        self.time_source = Arc::new(clock);
        self
    }

    /// Like [`ConfigBuilder::time_source`] for a shared clock.
    pub fn shared_time_source(mut self, clock: Arc<dyn TimeSource>) -> Self {
        self.time_source = clock;
        self
    }

    /// Accept business numbers failing the check digit in validation (default: only in the
    /// test environment).
    pub fn allow_test_corp_nums(mut self, allow: bool) -> Self {
        self.allow_test_corp_nums = Some(allow);
        self
    }

    /// Sends every request of the default HTTP client through this HTTP proxy
    /// (`http://[user:password@]host:port`; HTTPS targets are tunnelled with CONNECT), as
    /// partners behind a fixed-IP egress need. Without this call the default client takes
    /// the proxy from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`. Credentials in the URL are never
    /// printed. Ignored when a custom [`http_client`](Self::http_client) is given.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxyConfig::Explicit {
            url: Zeroizing::new(url.into()),
            bypass: match std::mem::take(&mut self.proxy) {
                ProxyConfig::Explicit { bypass, .. } => bypass,
                _ => None,
            },
        };
        self
    }

    /// Hosts that skip the explicit [`proxy`](Self::proxy), in `NO_PROXY` syntax.
    pub fn proxy_bypass(mut self, no_proxy: impl Into<String>) -> Self {
        if let ProxyConfig::Explicit { bypass, .. } = &mut self.proxy {
            *bypass = Some(no_proxy.into());
        }
        self
    }

    /// Never uses a proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyConfig::Disabled;
        self
    }

    /// Checks everything and returns the configuration.
    ///
    /// Fails with [`ConfigError::EnvironmentNotChosen`] when neither [`ConfigBuilder::test`]
    /// nor [`ConfigBuilder::environment`] was called.
    pub fn build(self) -> Result<Config, ConfigError> {
        if self.link_id.trim().is_empty() {
            return Err(ConfigError::MissingLinkId);
        }
        if has_control(&self.link_id) {
            return Err(ConfigError::InvalidHeaderValue("LinkID"));
        }
        let environment = self.environment.ok_or(ConfigError::EnvironmentNotChosen)?;
        let secret_key = match self.secret_key {
            SecretInput::Text(text) => SecretKey::new(text.as_str())?,
            SecretInput::Key(key) => key,
        };
        let auth_url = self
            .auth_url
            .map(|u| normalize_url("auth_url", u))
            .transpose()?;
        let api_url = self
            .api_url
            .map(|u| normalize_url("api_url", u))
            .transpose()?;
        if has_control(&self.user_agent) {
            return Err(ConfigError::InvalidHeaderValue("user_agent"));
        }
        if self.accept_language.as_deref().is_some_and(has_control) {
            return Err(ConfigError::InvalidHeaderValue("accept_language"));
        }
        let t = self.timeouts;
        if t.connect.is_zero() || t.attempt.is_zero() || t.operation.is_zero() {
            return Err(ConfigError::InvalidTimeout(
                "timeouts must be greater than zero",
            ));
        }
        if t.operation < t.attempt {
            return Err(ConfigError::InvalidTimeout(
                "the operation timeout must not be shorter than the attempt timeout",
            ));
        }
        Ok(Config {
            link_id: self.link_id.trim().to_owned(),
            secret_key,
            environment,
            host_mode: self.host_mode,
            auth_url,
            api_url,
            ip_restriction: self.ip_restriction,
            time_mode: self.time_mode,
            user_agent: self.user_agent,
            accept_language: self
                .accept_language
                .filter(|s| !s.trim().is_empty())
                .map(HeaderText::from),
            timeouts: self.timeouts,
            retry: self.retry,
            http_client: self.http_client,
            token_refresh_margin: self.token_refresh_margin,
            token_refresh_jitter: self.token_refresh_jitter,
            time_source: self.time_source,
            allow_test_corp_nums: self
                .allow_test_corp_nums
                .unwrap_or(environment == Environment::Test),
            proxy: self.proxy,
        })
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

fn normalize_url(which: &'static str, url: String) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let lower = trimmed.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest)
            if rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|a| a.contains('@')) =>
        {
            Err(ConfigError::UrlWithCredentials { which })
        }
        Some(host) if !host.is_empty() && !has_control(trimmed) && !trimmed.contains(' ') => {
            Ok(trimmed.to_owned())
        }
        _ => Err(ConfigError::InvalidUrl { which, value: url }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn builder() -> ConfigBuilder {
        Config::builder("TESTER", KEY).test(true)
    }

    #[test]
    fn secret_key_decodes_variants() {
        let expected: Vec<u8> = (0u8..32).collect();
        for text in [
            KEY,
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            "  AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
        ] {
            assert_eq!(SecretKey::new(text).expect(text).hmac_key(), &expected[..]);
        }
        // URL-safe alphabet maps to the standard one.
        let std_key = SecretKey::new("+/+/").expect("std");
        let url_key = SecretKey::new("-_-_").expect("url-safe");
        assert_eq!(std_key.hmac_key(), url_key.hmac_key());
        assert!(matches!(
            SecretKey::new("not base64 at all!"),
            Err(ConfigError::InvalidSecretKey(_))
        ));
        assert!(matches!(
            SecretKey::new(""),
            Err(ConfigError::InvalidSecretKey(_))
        ));
    }

    #[test]
    fn hosts_explicit_beats_ga_beats_static() {
        let c = builder().build().expect("ok");
        assert_eq!(c.auth_base_url(), "https://auth.linkhub.co.kr");
        assert_eq!(c.api_base_url(), "https://popbill-test.linkhub.co.kr");
        assert_eq!(c.service_id(), "POPBILL_TEST");

        let c = builder()
            .test(false)
            .host_mode(HostMode::StaticIp)
            .build()
            .expect("ok");
        assert_eq!(c.auth_base_url(), "https://static-auth.linkhub.co.kr");
        assert_eq!(c.api_base_url(), "https://static-popbill.linkhub.co.kr");
        assert_eq!(c.service_id(), "POPBILL");

        let c = builder().host_mode(HostMode::Ga).build().expect("ok");
        assert_eq!(c.auth_base_url(), "https://ga-auth.linkhub.co.kr");
        assert_eq!(c.api_base_url(), "https://ga-popbill-test.linkhub.co.kr");

        let c = builder()
            .host_mode(HostMode::Ga)
            .auth_url("http://127.0.0.1:8080/")
            .api_url("https://proxy.example/popbill/")
            .build()
            .expect("ok");
        assert_eq!(c.auth_base_url(), "http://127.0.0.1:8080");
        assert_eq!(c.api_base_url(), "https://proxy.example/popbill");
    }

    #[test]
    fn rejects_bad_settings() {
        assert_eq!(
            Config::builder(" ", KEY).test(true).build().err(),
            Some(ConfigError::MissingLinkId)
        );
        assert!(matches!(
            builder().auth_url("ftp://x").build(),
            Err(ConfigError::InvalidUrl {
                which: "auth_url",
                ..
            })
        ));
        assert!(matches!(
            builder().api_url("https://").build(),
            Err(ConfigError::InvalidUrl { .. })
        ));
        // Credentials in a URL are refused without repeating them.
        for url in ["https://user:pa55@popbill.example", "http://pa55@h:8080/x"] {
            let e = builder().api_url(url).build().expect_err(url);
            assert_eq!(e, ConfigError::UrlWithCredentials { which: "api_url" });
            assert!(!format!("{e} {e:?}").contains("pa55"), "{e:?}");
        }
        let e = builder()
            .auth_url("https://u:pa55@auth.example/")
            .build()
            .expect_err("credentials in auth_url");
        assert_eq!(e, ConfigError::UrlWithCredentials { which: "auth_url" });
        // An `@` after the host (a path or query) is not a credential.
        assert!(
            builder()
                .api_url("https://h.example/a@b?x=@")
                .build()
                .is_ok()
        );
        assert!(matches!(
            builder().attempt_timeout(Duration::ZERO).build(),
            Err(ConfigError::InvalidTimeout(_))
        ));
        assert!(matches!(
            builder()
                .attempt_timeout(Duration::from_secs(10))
                .operation_timeout(Duration::from_secs(5))
                .build(),
            Err(ConfigError::InvalidTimeout(_))
        ));
        assert!(matches!(
            builder().user_agent("a\r\nb").build(),
            Err(ConfigError::InvalidHeaderValue(_))
        ));
    }

    #[test]
    fn defaults() {
        let c = builder().build().expect("ok");
        assert!(c.ip_restriction());
        assert_eq!(c.time_mode(), TimeMode::Local);
        assert_eq!(c.token_refresh_margin(), Duration::from_secs(60));
        assert!(c.allow_test_corp_nums());
        assert!(
            !builder()
                .test(false)
                .build()
                .expect("ok")
                .allow_test_corp_nums()
        );
        assert_eq!(c.timeouts().connect, Duration::from_secs(10));
    }

    #[test]
    fn environment_is_a_required_choice() {
        let e = Config::builder("TESTER", KEY)
            .build()
            .expect_err("no environment");
        assert_eq!(e, ConfigError::EnvironmentNotChosen);
        assert!(e.to_string().contains(".test(true)"), "{e}");
        let debug = format!("{:?}", Config::builder("TESTER", KEY));
        assert!(debug.contains("environment: not chosen"), "{debug}");
        for (choice, expected) in [(true, Environment::Test), (false, Environment::Production)] {
            let c = Config::builder("TESTER", KEY)
                .test(choice)
                .build()
                .expect("ok");
            assert_eq!(c.environment(), expected);
        }
        let c = Config::builder("TESTER", KEY)
            .environment(Environment::Production)
            .build()
            .expect("ok");
        assert_eq!(c.service_id(), "POPBILL");
    }

    #[test]
    fn environment_names_parse() {
        assert_eq!("test".parse::<Environment>(), Ok(Environment::Test));
        assert_eq!(
            " Production\n".parse::<Environment>(),
            Ok(Environment::Production)
        );
        assert_eq!(
            "prod".parse::<Environment>(),
            Err(ConfigError::InvalidEnvironment {
                value: "prod".into()
            })
        );
        assert!("".parse::<Environment>().is_err());
    }

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn from_vars_reads_the_three_variables() {
        let c = Config::from_vars(vars(&[
            ("POPBILL_LINK_ID", " LINK "),
            ("POPBILL_SECRET_KEY", KEY),
            ("POPBILL_ENV", "production"),
        ]))
        .expect("complete")
        .build()
        .expect("valid");
        assert_eq!(c.link_id(), "LINK");
        assert_eq!(c.environment(), Environment::Production);
        assert_eq!(c.api_base_url(), "https://popbill.linkhub.co.kr");
        assert_eq!(c.secret_key.hmac_key(), &(0u8..32).collect::<Vec<_>>()[..]);

        let c = Config::from_vars(vars(&[
            ("POPBILL_LINK_ID", "LINK"),
            ("POPBILL_SECRET_KEY", KEY),
            ("POPBILL_ENV", "test"),
            ("POPBILL_API_URL", "http://127.0.0.1:9/"),
            ("POPBILL_AUTH_URL", "http://127.0.0.1:8"),
        ]))
        .expect("complete")
        .build()
        .expect("valid");
        assert_eq!(c.environment(), Environment::Test);
        assert_eq!(c.api_base_url(), "http://127.0.0.1:9");
        assert_eq!(c.auth_base_url(), "http://127.0.0.1:8");
    }

    #[test]
    fn from_vars_names_the_missing_or_bad_variable() {
        let all = [
            ("POPBILL_LINK_ID", "LINK"),
            ("POPBILL_SECRET_KEY", KEY),
            ("POPBILL_ENV", "test"),
        ];
        for missing in ["POPBILL_LINK_ID", "POPBILL_SECRET_KEY", "POPBILL_ENV"] {
            let some: Vec<_> = all.iter().copied().filter(|(n, _)| *n != missing).collect();
            let e = Config::from_vars(vars(&some)).expect_err(missing);
            assert_eq!(e, ConfigError::MissingVariable(missing));
            assert!(e.to_string().contains(missing), "{e}");
            // Empty counts as missing.
            let mut empty = all.to_vec();
            empty.retain(|(n, _)| *n != missing);
            empty.push((missing, "  "));
            let e = Config::from_vars(vars(&empty)).expect_err(missing);
            assert_eq!(e, ConfigError::MissingVariable(missing));
        }
        let e = Config::from_vars(vars(&[
            ("POPBILL_LINK_ID", "LINK"),
            ("POPBILL_SECRET_KEY", KEY),
            ("POPBILL_ENV", "staging"),
        ]))
        .expect_err("bad env");
        let text = e.to_string();
        assert!(
            text.contains("POPBILL_ENV") && text.contains("staging"),
            "{text}"
        );
        let e = Config::from_vars(vars(&[
            ("POPBILL_LINK_ID", "LINK"),
            ("POPBILL_SECRET_KEY", "s3cr3t!not-base64"),
            ("POPBILL_ENV", "test"),
        ]))
        .expect_err("bad key");
        let text = format!("{e} {e:?}");
        assert!(text.contains("POPBILL_SECRET_KEY"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
        let e = Config::from_vars(vars(&[
            ("POPBILL_LINK_ID", "LINK"),
            ("POPBILL_SECRET_KEY", KEY),
            ("POPBILL_ENV", "test"),
            ("POPBILL_API_URL", "ftp://x"),
        ]))
        .expect_err("bad url");
        assert!(e.to_string().contains("POPBILL_API_URL"), "{e}");
    }

    #[test]
    fn decoded_secret_key_replaces_the_text() {
        let key = SecretKey::from_bytes(vec![7u8; 16]).expect("non-empty");
        // The text would not decode; the key given later wins.
        let c = Config::builder("TESTER", "not base64!")
            .secret_key(key.clone())
            .test(true)
            .build()
            .expect("decoded key used");
        assert_eq!(c.secret_key.hmac_key(), &[7u8; 16]);
        let c = Config::builder_with_key("TESTER", key)
            .test(true)
            .build()
            .expect("ok");
        assert_eq!(c.secret_key.hmac_key(), &[7u8; 16]);
        assert!(SecretKey::from_bytes(Vec::new()).is_err());
    }

    #[test]
    fn secret_never_printed() {
        let c = builder().build().expect("ok");
        for s in [format!("{c:?}"), format!("{:?}", builder())] {
            assert!(!s.contains("AAECAwQF"), "{s}");
            assert!(s.contains("***"), "{s}");
        }
        assert_eq!(c.secret_key.to_string(), "***");
    }
}

/// Proxy choice of the default HTTP client.
#[derive(Clone, Default)]
pub(crate) enum ProxyConfig {
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` from the environment (the default).
    #[default]
    Env,
    /// An explicit proxy URL and optional bypass list.
    Explicit {
        url: Zeroizing<String>,
        bypass: Option<String>,
    },
    /// No proxy at all.
    Disabled,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyConfig::Env => f.write_str("from environment"),
            ProxyConfig::Disabled => f.write_str("none"),
            ProxyConfig::Explicit { url, bypass } => {
                // Print scheme, host and port only: the URL may carry credentials.
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
                let host = host.split('/').next().unwrap_or("");
                f.debug_struct("Explicit")
                    .field("host", &host)
                    .field("bypass", bypass)
                    .finish()
            }
        }
    }
}

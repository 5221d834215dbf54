//! Sandbox configuration and its builder.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::signature::decode_secret;
use crate::faults::FaultRule;
use crate::webhook::{WebhookAuth, WebhookTarget};

/// LinkID of the built-in test partner (the golden capture's partner).
pub const DEFAULT_LINK_ID: &str = "TESTER";
/// SecretKey of the built-in test partner: Base64 of the bytes 0..31. Fake, public, test only.
pub const DEFAULT_SECRET_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// Default cap on open connections (see [`SandboxBuilder::max_connections`]).
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// A partner (LinkID + SecretKey) the sandbox accepts token requests from.
#[derive(Clone)]
pub struct Partner {
    /// LinkID.
    pub link_id: String,
    pub(crate) key: Vec<u8>,
}

impl std::fmt::Debug for Partner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Partner")
            .field("link_id", &self.link_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// When an issued invoice is filed with NTS without a `sendToNTS` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NtsDelay {
    /// Like POPBiLL: the day after issuance at 15:00 Korean time.
    NextDay15h,
    /// This long after issuance (`--nts-delay SECS`; 0 = at issuance).
    After(Duration),
    /// Never automatically; only `sendToNTS` files.
    Never,
}

/// Everything the sandbox needs to start. Build it with [`crate::Sandbox::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) partners: Vec<Partner>,
    pub(crate) bind: IpAddr,
    pub(crate) port: u16,
    pub(crate) state_path: Option<PathBuf>,
    pub(crate) token_ttl: Duration,
    pub(crate) nts_delay: NtsDelay,
    pub(crate) filing_step: Duration,
    pub(crate) bulk_step: Duration,
    pub(crate) strict_members: bool,
    pub(crate) initial_points: i64,
    pub(crate) partner_points: i64,
    pub(crate) unit_cost: i64,
    pub(crate) cashbill_unit_cost: i64,
    pub(crate) sms_cost: i64,
    pub(crate) fax_cost: i64,
    pub(crate) max_body: usize,
    pub(crate) date_skew: Duration,
    pub(crate) view_ttl: Duration,
    pub(crate) faults: Vec<FaultRule>,
    pub(crate) allow_remote: bool,
    pub(crate) max_connections: usize,
    pub(crate) webhook: Option<WebhookTarget>,
    pub(crate) webhook_retry_interval: Duration,
    pub(crate) webhook_timeout: Duration,
    pub(crate) webhook_duplicate_rate: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            partners: Vec::new(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            state_path: None,
            token_ttl: Duration::from_secs(3600),
            nts_delay: NtsDelay::NextDay15h,
            filing_step: Duration::from_millis(500),
            bulk_step: Duration::from_millis(500),
            strict_members: false,
            initial_points: 100_000,
            partner_points: 1_000_000,
            unit_cost: 10,
            cashbill_unit_cost: 5,
            sms_cost: 20,
            fax_cost: 40,
            max_body: 10 * 1024 * 1024,
            date_skew: Duration::from_secs(300),
            view_ttl: Duration::from_secs(30),
            faults: Vec::new(),
            allow_remote: false,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            webhook: None,
            webhook_retry_interval: Duration::from_secs(300),
            webhook_timeout: Duration::from_secs(10),
            webhook_duplicate_rate: 0.0,
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A partner's SecretKey is not Base64.
    #[error("partner {0}: SecretKey is not Base64")]
    BadSecret(String),
    /// A `LINKID:SECRETKEY` argument without the colon or with an empty LinkID. The argument
    /// itself is not kept (it may hold the SecretKey); only its length in characters.
    #[error("partner must be LINKID:SECRETKEY, got an argument of {0} characters without a LinkID")]
    BadPartnerSpec(usize),
}

impl Config {
    /// The partners, with the default test partner when none was configured.
    pub(crate) fn effective_partners(&self) -> Vec<Partner> {
        if self.partners.is_empty() {
            vec![Partner {
                link_id: DEFAULT_LINK_ID.to_owned(),
                key: decode_secret(DEFAULT_SECRET_KEY).unwrap_or_default(),
            }]
        } else {
            self.partners.clone()
        }
    }

    /// Looks a partner up by LinkID.
    pub(crate) fn partner(&self, link_id: &str) -> Option<Partner> {
        self.effective_partners()
            .into_iter()
            .find(|p| p.link_id == link_id)
    }

    /// Unit cost of one issued invoice, in points.
    pub fn unit_cost(&self) -> i64 {
        self.unit_cost
    }

    /// Unit cost of one issued cash receipt, in points.
    pub fn cashbill_unit_cost(&self) -> i64 {
        self.cashbill_unit_cost
    }
}

/// Builder for [`crate::Sandbox`]; every setting has a test-friendly default.
#[derive(Clone, Debug, Default)]
pub struct SandboxBuilder {
    pub(crate) cfg: Config,
    pub(crate) errors: Vec<String>,
}

impl SandboxBuilder {
    /// Adds a partner. Without any, the default partner [`DEFAULT_LINK_ID`] /
    /// [`DEFAULT_SECRET_KEY`] is accepted.
    pub fn partner(mut self, link_id: impl Into<String>, secret_key: &str) -> Self {
        let link_id = link_id.into();
        match decode_secret(secret_key) {
            Some(key) => self.cfg.partners.push(Partner { link_id, key }),
            None => self
                .errors
                .push(ConfigError::BadSecret(link_id).to_string()),
        }
        self
    }

    /// Adds a partner from `LINKID:SECRETKEY` (the `--partner` flag).
    pub fn partner_spec(self, spec: &str) -> Self {
        match spec.split_once(':') {
            Some((id, key)) if !id.is_empty() => self.partner(id, key),
            _ => {
                let mut s = self;
                s.errors
                    .push(ConfigError::BadPartnerSpec(spec.chars().count()).to_string());
                s
            }
        }
    }

    /// Adds every partner listed in `text`: `LINKID:SECRETKEY` entries separated by line
    /// breaks, commas or spaces; lines starting with `#` are comments. For SecretKeys kept out
    /// of the process list: the binary reads this from `--partners-file` and from the
    /// environment variable `POPBILL_SANDBOX_PARTNERS`.
    pub fn partners_text(mut self, text: &str) -> Self {
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            for spec in line.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
                self = self.partner_spec(spec);
            }
        }
        self
    }

    /// Address to bind (default 127.0.0.1). Anything but a loopback address also needs
    /// [`allow_remote`](Self::allow_remote): `/__control` and the outboxes have no
    /// authentication.
    pub fn bind(mut self, addr: IpAddr) -> Self {
        self.cfg.bind = addr;
        self
    }

    /// Port (default 0 = any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.cfg.port = port;
        self
    }

    /// Keep state in this SQLite file across restarts (default: in memory only). The file
    /// serves one sandbox at a time: [`start`](Self::start) fails while another sandbox holds it
    /// (call [`crate::SandboxHandle::shutdown`] before starting the next one on the same file).
    pub fn state_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.cfg.state_path = Some(path.into());
        self
    }

    /// Lifetime of issued session tokens (default 3600 s).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.cfg.token_ttl = ttl;
        self
    }

    /// When issued invoices are filed with NTS automatically (default: next day 15:00 KST).
    pub fn nts_delay(mut self, delay: NtsDelay) -> Self {
        self.cfg.nts_delay = delay;
        self
    }

    /// Time between the filing states 301 → 302 → 303 → 304/305 (default 500 ms each).
    pub fn filing_step(mut self, step: Duration) -> Self {
        self.cfg.filing_step = step;
        self
    }

    /// Time between bulk `txState` 0 → 1 → 2 (default 500 ms each).
    pub fn bulk_step(mut self, step: Duration) -> Self {
        self.cfg.bulk_step = step;
        self
    }

    /// Require `joinMember` before a CorpNum can get a token (default: any CorpNum that asks
    /// for a token becomes a member with test points).
    pub fn strict_members(mut self, yes: bool) -> Self {
        self.cfg.strict_members = yes;
        self
    }

    /// Points every new member starts with (default 100 000).
    pub fn initial_points(mut self, points: i64) -> Self {
        self.cfg.initial_points = points;
        self
    }

    /// Points charged per issued invoice (default 10). A negative cost makes
    /// [`start`](Self::start) fail.
    pub fn unit_cost(mut self, points: i64) -> Self {
        self.cfg.unit_cost = points;
        self
    }

    /// Points charged per issued cash receipt (default 5). A negative cost makes
    /// [`start`](Self::start) fail.
    pub fn cashbill_unit_cost(mut self, points: i64) -> Self {
        self.cfg.cashbill_unit_cost = points;
        self
    }

    /// Accepted distance between `x-lh-date` and the sandbox clock (default 5 minutes).
    pub fn date_skew(mut self, skew: Duration) -> Self {
        self.cfg.date_skew = skew;
        self
    }

    /// Validity of popup/view/print URLs (default 30 s, as documented).
    pub fn view_ttl(mut self, ttl: Duration) -> Self {
        self.cfg.view_ttl = ttl;
        self
    }

    /// Request body cap (default 10 MiB).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.cfg.max_body = bytes;
        self
    }

    /// Allow binding to a non-loopback address (default false: [`start`](Self::start) refuses,
    /// because anyone who reaches the port can change the clock and faults through
    /// `/__control` and read every member's mail in the outbox).
    pub fn allow_remote(mut self, yes: bool) -> Self {
        self.cfg.allow_remote = yes;
        self
    }

    /// Most connections open at once (default [`DEFAULT_MAX_CONNECTIONS`]). Beyond it a new
    /// connection is answered 503 with the error shape and closed; at least 1.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.cfg.max_connections = n.max(1);
        self
    }

    /// A fault rule active from the start (see [`crate::FaultRule`]).
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.cfg.faults.push(rule);
        self
    }

    /// POST webhooks to this `http://` URL (one callback URL, like a POPBiLL partner URL that
    /// receives every member's events): `TAXINVOICE.STATE` (`Issue`, `CancelIssue`, `NTS` for
    /// 301/304/305), `CASHBILL.STATE` (`Issue`, `NTS`) and the HomeTax pushes
    /// (`HT.TAXINVOICEXML` hourly, `HT.CASHBILL` daily, both on the sandbox clock). The URL
    /// must not carry credentials: use [`webhook_auth`](Self::webhook_auth).
    pub fn webhook(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        match WebhookTarget::parse(&url) {
            Ok(t) => {
                let auth = self.cfg.webhook.take().map(|t| t.auth).unwrap_or_default();
                self.cfg.webhook = Some(WebhookTarget { auth, ..t });
            }
            Err(e) => self.errors.push(e),
        }
        self
    }

    /// How the webhooks authenticate (default none). Call after [`webhook`](Self::webhook).
    pub fn webhook_auth(mut self, auth: WebhookAuth) -> Self {
        match self.cfg.webhook.as_mut() {
            Some(t) => t.auth = auth,
            None => self
                .errors
                .push("webhook_auth needs a webhook URL (--webhook)".into()),
        }
        self
    }

    /// [`webhook_auth`](Self::webhook_auth) from `basic:USER:PASSWORD`, `api-key:KEY` or
    /// `none` (the `--webhook-auth` flag). An error never repeats the text (it holds a secret).
    pub fn webhook_auth_spec(self, spec: &str) -> Self {
        match WebhookAuth::parse(spec) {
            Ok(auth) => self.webhook_auth(auth),
            Err(e) => {
                let mut s = self;
                s.errors.push(e);
                s
            }
        }
    }

    /// Wait between the transmissions of a webhook that was not acknowledged (default 5
    /// minutes; 4 transmissions in all).
    pub fn webhook_retry_interval(mut self, interval: Duration) -> Self {
        self.cfg.webhook_retry_interval = interval;
        self
    }

    /// How long one transmission waits for the answer (default 10 s); no answer is a failure.
    pub fn webhook_timeout(mut self, timeout: Duration) -> Self {
        self.cfg.webhook_timeout = timeout;
        self
    }

    /// Fault: the probability (0.0-1.0) that a delivered webhook is delivered once more with
    /// the same `Pb-Webhook-MID` (default 0). Adjustable at run time through
    /// [`crate::Faults::set_webhook_duplicate_rate`].
    pub fn webhook_duplicate_rate(mut self, rate: f64) -> Self {
        if (0.0..=1.0).contains(&rate) {
            self.cfg.webhook_duplicate_rate = rate;
        } else {
            self.errors
                .push(format!("webhook duplicate rate must be 0..1, got {rate}"));
        }
        self
    }

    /// The configuration built so far.
    pub fn config(&self) -> &Config {
        &self.cfg
    }
}

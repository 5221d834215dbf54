//! A local POPBiLL-compatible server: Linkhub token issuance, the member/point API and the
//! Taxinvoice API with real state, for the quickstart, the CLI, every end-to-end test and your
//! own CI. The official SDKs cannot tell it apart from the testbed (see `docs/sandbox.md`).
//!
//! ```no_run
//! # async fn run() -> Result<(), popbill_sandbox::StartError> {
//! use popbill_sandbox::{Sandbox, DEFAULT_LINK_ID, DEFAULT_SECRET_KEY};
//!
//! let sandbox = Sandbox::builder().start().await?;
//! println!("POPBiLL at {} (LinkID {DEFAULT_LINK_ID})", sandbox.base_url());
//! // point a client at sandbox.base_url() for both the auth and the API host ...
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! - Start in-process on `127.0.0.1:0` with [`Sandbox::builder`]; [`SandboxHandle`] gives the
//!   base URL, the outbox, fault injection, the clock and document inspection.
//! - The binary `popbill-sandbox` takes the same settings as flags and prints exactly one line,
//!   `listening on http://ADDR:PORT`, when ready.
//! - Default partner: LinkID [`DEFAULT_LINK_ID`] with SecretKey [`DEFAULT_SECRET_KEY`].
//! - With [`SandboxBuilder::webhook`] (`--webhook URL`) it POSTs POPBiLL's webhooks to your
//!   receiver: e-Tax invoice and cash receipt state events and HomeTax crawl pushes, retried
//!   as documented; [`SandboxHandle::webhook_stats`] shows what was sent.

mod app;
pub mod auth;
mod clock;
mod config;
pub mod error;
mod faults;
mod hometax;
mod http;
mod outbox;
mod pdf;
mod persist;
mod routes;
mod server;
mod state;
mod webhook;
mod xml;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use app::{App, Ctx};
pub use clock::SandboxClock;
pub use config::{
    Config, ConfigError, DEFAULT_LINK_ID, DEFAULT_MAX_CONNECTIONS, DEFAULT_SECRET_KEY, NtsDelay,
    Partner, SandboxBuilder,
};
pub use error::ApiError;
pub use faults::{FaultAction, FaultRule, Faults};
pub use outbox::{OutboxKind, OutboxMessage};
use persist::Persist;
use state::State;
use state::invoice::KeyType;
pub use webhook::{FailedWebhook, WEBHOOK_TRANSMISSIONS, WebhookAuth, WebhookStats};

/// Entry point: `Sandbox::builder().start().await`.
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// A builder with the defaults (127.0.0.1, any port, in memory, default partner).
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// A setting is invalid.
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
    /// The address could not be bound.
    #[error("could not listen on {addr}: {source}")]
    Bind {
        /// Requested address.
        addr: SocketAddr,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be opened or read.
    #[error("state file: {0}")]
    State(String),
}

/// What a test can see of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentSnapshot {
    /// POPBiLL ItemKey.
    pub item_key: String,
    /// stateCode.
    pub state_code: u16,
    /// NTS confirm number, once issued.
    pub nts_confirm_num: Option<String>,
    /// ntssendErrCode once filed (`SUC001` or the failure code).
    pub nts_send_err_code: Option<String>,
    /// Issued late (with forceIssue).
    pub late_issue: bool,
    /// docLogType of every log line, in order.
    pub log_types: Vec<u16>,
    /// Attached files: (display name, content).
    pub files: Vec<(String, Vec<u8>)>,
}

impl SandboxBuilder {
    /// Binds, loads the state file if any, and starts serving.
    pub async fn start(self) -> Result<SandboxHandle, StartError> {
        let mut errors = self.errors;
        errors.extend(self.cfg.faults.iter().filter_map(|r| r.check().err()));
        // A negative cost would make every charge a credit that can overflow the balance.
        if self.cfg.cashbill_unit_cost < 0 {
            errors.push(format!(
                "cashbill_unit_cost must not be negative, got {}",
                self.cfg.cashbill_unit_cost
            ));
        }
        if self.cfg.unit_cost < 0 {
            errors.push(format!(
                "unit_cost must not be negative, got {}",
                self.cfg.unit_cost
            ));
        }
        if !self.cfg.bind.is_loopback() && !self.cfg.allow_remote {
            errors.push(format!(
                "binding to {} (not a loopback address) exposes the unauthenticated /__control endpoints and every member's outbox; allow it explicitly (--allow-remote, SandboxBuilder::allow_remote)",
                self.cfg.bind
            ));
        }
        if !errors.is_empty() {
            return Err(StartError::Config(errors.join("; ")));
        }
        let cfg = self.cfg;
        if !cfg.bind.is_loopback() {
            tracing::warn!(
                "listening on {} beyond this machine: /__control (clock, faults, points) and every member's outbox are unauthenticated",
                cfg.bind
            );
        }
        let (state, persist) = match &cfg.state_path {
            Some(path) => {
                // Opening SQLite and reading every record is blocking file I/O: keep it off
                // the async workers.
                let path = path.clone();
                let step = clock::millis(cfg.filing_step);
                let bulk_step = clock::millis(cfg.bulk_step);
                tokio::task::spawn_blocking(move || {
                    let (p, records) = Persist::open(&path)?;
                    let mut st = State::from_records(records)?;
                    st.rebuild_queues(step, bulk_step);
                    Ok::<_, String>((st, Some(p)))
                })
                .await
                .map_err(|e| StartError::State(format!("loader task failed: {e}")))?
                .map_err(StartError::State)?
            }
            None => (State::new(false), None),
        };
        let addr = SocketAddr::new(cfg.bind, cfg.port);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        let base_url = format!("http://{local}");
        let faults = Arc::new(Faults::with_rules(cfg.faults.clone()));
        let clock = SandboxClock::new();
        let app = Arc::new(App::new(
            cfg,
            clock,
            state,
            persist,
            faults,
            base_url.clone(),
        ));
        let (tx, rx) = watch::channel(false);
        let mut tasks = Vec::new();
        if let Some(target) = app.cfg.webhook.clone() {
            tasks.push(webhook::start(&app, target, rx.clone()));
        }
        tasks.push(tokio::spawn(server::serve(
            listener,
            app.clone(),
            rx.clone(),
        )));
        tasks.push(tokio::spawn(ticker(app.clone(), rx)));
        Ok(SandboxHandle {
            app,
            addr: local,
            base_url,
            shutdown: tx,
            tasks,
        })
    }
}

/// Applies timed work (filing, bulk) even when no request arrives.
async fn ticker(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            _ = every.tick() => {
                let mut ctx = Ctx::default();
                app.with(&mut ctx, |st, env| st.sweep(env.now_ms));
                let _ = ctx.committed().await;
            }
            _ = shutdown.changed() => break,
        }
    }
}

/// A running sandbox. Dropping it stops the server without waiting: the state file's writer
/// finishes what is queued on its own thread. [`SandboxHandle::shutdown`] waits for all of it.
#[derive(Debug)]
pub struct SandboxHandle {
    app: Arc<App>,
    addr: SocketAddr,
    base_url: String,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`: use it for both the Linkhub auth host and the POPBiLL API host.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration in effect.
    pub fn config(&self) -> &Config {
        &self.app.cfg
    }

    /// The sandbox clock; move it forward to expire tokens and URLs or to trigger filing.
    pub fn clock(&self) -> &SandboxClock {
        &self.app.clock
    }

    /// Live fault-injection rules.
    pub fn faults(&self) -> &Faults {
        &self.app.faults
    }

    /// Every email, SMS and fax recorded so far.
    pub fn outbox(&self) -> Vec<OutboxMessage> {
        self.app
            .with(&mut Ctx::default(), |st, _| st.outbox.clone())
    }

    /// A member's point balance.
    pub fn points(&self, corp_num: &str) -> Option<i64> {
        self.app.with(&mut Ctx::default(), |st, _| {
            st.members.get(corp_num).map(|m| m.points)
        })
    }

    /// Sets a member's point balance; false when the CorpNum is not a member.
    pub fn set_points(&self, corp_num: &str, points: i64) -> bool {
        self.app.with(&mut Ctx::default(), |st, _| {
            st.member_mut(corp_num).map(|m| m.points = points).is_ok()
        })
    }

    /// A document as `corp_num` addresses it (`key_type` SELL/BUY/TRUSTEE), after applying any
    /// timed work due on the sandbox clock.
    pub fn document(
        &self,
        corp_num: &str,
        key_type: &str,
        mgt_key: &str,
    ) -> Option<DocumentSnapshot> {
        let key = KeyType::parse(key_type)?;
        self.app.with(&mut Ctx::default(), |st, _| {
            let d = st.doc(corp_num, key, mgt_key).ok()?;
            Some(DocumentSnapshot {
                item_key: d.item_key.clone(),
                state_code: d.state,
                nts_confirm_num: d.nts_confirm_num.clone(),
                nts_send_err_code: d.nts_err_code.clone(),
                late_issue: d.late,
                log_types: d.logs.iter().map(|l| l.doc_log_type).collect(),
                files: d
                    .files
                    .iter()
                    .map(|f| {
                        use base64::Engine;
                        let data = base64::engine::general_purpose::STANDARD
                            .decode(f.data_b64.as_bytes())
                            .unwrap_or_default();
                        (f.display_name.clone(), data)
                    })
                    .collect(),
            })
        })
    }

    /// Session tokens issued and not yet swept (expired tokens are kept for a day), for tests
    /// that check whether a client renewed its token.
    pub fn token_count(&self) -> usize {
        self.app.with(&mut Ctx::default(), |st, _| st.tokens.len())
    }

    /// Number of stored documents (all members).
    pub fn document_count(&self) -> usize {
        self.app
            .with(&mut Ctx::default(), |st, _| st.taxinvoices.len())
    }

    /// What the webhook sender did so far (all zero without [`SandboxBuilder::webhook`]).
    /// Also at `GET /__control/webhooks`.
    pub fn webhook_stats(&self) -> WebhookStats {
        self.app
            .webhooks
            .get()
            .map(|w| w.stats())
            .unwrap_or_default()
    }

    /// Applies timed work due now (useful right after [`SandboxClock::advance`]).
    pub fn tick(&self) {
        self.app.with(&mut Ctx::default(), |_, _| ());
    }

    /// Stops accepting, lets open requests finish, flushes the state file.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
        // Closing joins the SQLite writer thread after its last commit: blocking, so not on
        // an async worker.
        let app = Arc::clone(&self.app);
        let _ = tokio::task::spawn_blocking(move || app.close()).await;
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

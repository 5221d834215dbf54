//! `popbill-sandbox`: runs the sandbox on a port until SIGINT/SIGTERM.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use popbill_sandbox::{FaultRule, NtsDelay, Sandbox};

/// A local POPBiLL-compatible server (Linkhub auth, member and Taxinvoice APIs).
///
/// No `Debug`: `--partner` values carry SecretKeys.
#[derive(Parser)]
#[command(name = "popbill-sandbox", version)]
struct Args {
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Accepted partner, LINKID:SECRETKEY (repeatable). Default: TESTER with the public test key.
    /// Every local user can read a command line: for a real SecretKey prefer --partners-file or
    /// the environment variable POPBILL_SANDBOX_PARTNERS (same LINKID:SECRETKEY entries,
    /// separated by line breaks, commas or spaces).
    #[arg(long = "partner", value_name = "LINKID:SECRETKEY")]
    partners: Vec<String>,
    /// File of accepted partners: LINKID:SECRETKEY entries, one a line (`#` starts a comment).
    #[arg(long = "partners-file", value_name = "PATH")]
    partners_file: Option<PathBuf>,
    /// Allow --bind to a non-loopback address. /__control (clock, faults, points) and every
    /// member's outbox have no authentication: anyone who reaches the port can use them.
    #[arg(long)]
    allow_remote: bool,
    /// Most connections open at once; beyond it new connections get a 503 and are closed.
    #[arg(long, default_value_t = popbill_sandbox::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Keep documents, members and tokens in this SQLite file across restarts.
    #[arg(long = "state", value_name = "PATH")]
    state: Option<PathBuf>,
    /// Lifetime of session tokens in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// Seconds after issuance when an invoice is filed with NTS automatically
    /// (default: the next day at 15:00 KST, like POPBiLL).
    #[arg(long, value_name = "SECS")]
    nts_delay: Option<u64>,
    /// Milliseconds between the filing states 301 → 302 → 303 → 304/305.
    #[arg(long, default_value_t = 500)]
    filing_step_ms: u64,
    /// Milliseconds between bulk txState 0 → 1 → 2.
    #[arg(long, default_value_t = 500)]
    bulk_step_ms: u64,
    /// Require joinMember before a CorpNum can get a token.
    #[arg(long)]
    strict_members: bool,
    /// Fault rule `[VERB ]ROUTE=ACTION[,rate=R][,count=N]` (repeatable), ACTION one of
    /// 5xx, status:CODE, latency:MS, drop-before, drop-after.
    #[arg(long = "fault", value_name = "SPEC")]
    faults: Vec<String>,
    /// POST POPBiLL webhooks (invoice and cash receipt state events, HomeTax pushes) to this
    /// http:// URL.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Webhook authentication: none, basic:USER:PASSWORD or api-key:KEY. Every local user can
    /// read a command line: prefer the environment variable POPBILL_SANDBOX_WEBHOOK_AUTH (same
    /// syntax, used when this flag is absent).
    #[arg(long, value_name = "SPEC")]
    webhook_auth: Option<String>,
    /// Milliseconds between the transmissions of an unacknowledged webhook (4 in all).
    #[arg(long, value_name = "MS", default_value_t = 300_000)]
    webhook_retry_ms: u64,
    /// Milliseconds a webhook transmission waits for the answer.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    webhook_timeout_ms: u64,
    /// Fault: probability (0-1) that a delivered webhook is delivered again with the same MID.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    webhook_duplicate_rate: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .try_init();
    let args = Args::parse();
    let mut b = Sandbox::builder()
        .port(args.port)
        .bind(args.bind)
        .token_ttl(Duration::from_secs(args.token_ttl))
        .filing_step(Duration::from_millis(args.filing_step_ms))
        .bulk_step(Duration::from_millis(args.bulk_step_ms))
        .strict_members(args.strict_members)
        .nts_delay(match args.nts_delay {
            Some(s) => NtsDelay::After(Duration::from_secs(s)),
            None => NtsDelay::NextDay15h,
        });
    for p in &args.partners {
        b = b.partner_spec(p);
    }
    if let Ok(text) = std::env::var("POPBILL_SANDBOX_PARTNERS") {
        b = b.partners_text(&text);
    }
    if let Some(path) = &args.partners_file {
        match std::fs::read_to_string(path) {
            Ok(text) => b = b.partners_text(&text),
            Err(e) => {
                eprintln!("popbill-sandbox: --partners-file {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    b = b
        .allow_remote(args.allow_remote)
        .max_connections(args.max_connections);
    if !args.bind.is_loopback() && args.allow_remote {
        eprintln!(
            "popbill-sandbox: WARNING: listening on {} with --allow-remote: /__control (clock, faults, points) and every member's outbox are unauthenticated; anyone who reaches this port can use them",
            args.bind
        );
    }
    if let Some(path) = args.state {
        b = b.state_path(path);
    }
    if let Some(url) = &args.webhook {
        b = b
            .webhook(url.as_str())
            .webhook_retry_interval(Duration::from_millis(args.webhook_retry_ms))
            .webhook_timeout(Duration::from_millis(args.webhook_timeout_ms))
            .webhook_duplicate_rate(args.webhook_duplicate_rate);
        let auth = args
            .webhook_auth
            .clone()
            .or_else(|| std::env::var("POPBILL_SANDBOX_WEBHOOK_AUTH").ok());
        if let Some(spec) = auth {
            b = b.webhook_auth_spec(&spec);
        }
    } else if args.webhook_auth.is_some() {
        eprintln!("popbill-sandbox: --webhook-auth needs --webhook URL");
        return ExitCode::from(2);
    }
    for f in &args.faults {
        match FaultRule::parse(f) {
            Ok(rule) => b = b.fault(rule),
            Err(e) => {
                eprintln!("popbill-sandbox: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let handle = match b.start().await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("popbill-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Signal handlers before the line: whoever reads it may send SIGTERM at once.
    let stop = wait_for_signal();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on {}", handle.base_url());
    let _ = out.flush();
    stop.await;
    handle.shutdown().await;
    ExitCode::SUCCESS
}

/// Installs the SIGTERM and SIGINT handlers now (not on first poll) and resolves on either.
#[cfg(unix)]
fn wait_for_signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

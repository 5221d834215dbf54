//! `popbill-webhook`: receive POPBiLL webhooks into a durable store, list them, forward them.
//!
//! ```text
//! popbill-webhook serve   --bind ADDR:PORT --store sqlite:PATH|postgres://URL
//!                         [--auth none|basic:USER:PASSWORD|api-key:KEY] [--allow-ip CIDR]...
//!                         [--allow-popbill] [--trust-proxy CIDR]... [--max-body BYTES]
//! popbill-webhook list    --store … [--json] [--type T] [--corp N] [--since YYYYMMDDHHMMSS] [--limit N]
//! popbill-webhook forward --store … --to URL [--once] [--max-attempts N]
//! popbill-webhook stats   --store … [--json]
//! popbill-webhook replay  --store … (--mid MID | --from YYYYMMDDHHMMSS --to YYYYMMDDHHMMSS)
//! popbill-webhook rejects --store … [--limit N]
//! ```
//!
//! `--store` and `--auth` may come from `POPBILL_WEBHOOK_STORE` and `POPBILL_WEBHOOK_AUTH`
//! instead; neither value is ever printed.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use popbill_webhook::time::{format_kst, parse_kst};
use popbill_webhook::{
    Auth, Consumer, ConsumerConfig, Forwarder, IpAllowList, ListFilter, Receiver, ReceiverConfig,
    Replay, Store, StoredEvent, ip::parse_net, store,
};

#[derive(Parser)]
#[command(name = "popbill-webhook", version, about = "POPBiLL webhook receiver")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct StoreArg {
    /// sqlite:PATH or postgres://URL.
    #[arg(long, env = "POPBILL_WEBHOOK_STORE", hide_env_values = true)]
    store: String,
}

#[derive(Subcommand)]
enum Command {
    /// Receive webhooks until SIGTERM or Ctrl-C.
    Serve {
        /// Address to listen on (port 0 picks a free port; the line printed names it).
        #[arg(long)]
        bind: SocketAddr,
        #[command(flatten)]
        store: StoreArg,
        /// none, basic:USER:PASSWORD or api-key:KEY.
        #[arg(
            long,
            env = "POPBILL_WEBHOOK_AUTH",
            hide_env_values = true,
            default_value = "none"
        )]
        auth: String,
        /// Allow this source address or CIDR (repeatable); without any, every address is allowed.
        #[arg(long = "allow-ip")]
        allow_ip: Vec<String>,
        /// Allow POPBiLL's two documented source addresses.
        #[arg(long)]
        allow_popbill: bool,
        /// Trust X-Forwarded-For from this proxy address or CIDR (repeatable).
        #[arg(long = "trust-proxy")]
        trust_proxy: Vec<String>,
        /// Largest accepted body in bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body: usize,
    },
    /// Print stored events, oldest first.
    List {
        #[command(flatten)]
        store: StoreArg,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// Only this Pb-Webhook-Type.
        #[arg(long = "type")]
        webhook_type: Option<String>,
        /// Only this Pb-Webhook-Corpnum.
        #[arg(long)]
        corp: Option<String>,
        /// Only events received at or after this Korean time (yyyyMMddHHmmss).
        #[arg(long)]
        since: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Deliver pending events to an HTTP endpoint (at least once; retries with back-off).
    Forward {
        #[command(flatten)]
        store: StoreArg,
        /// http:// URL to POST each event to.
        #[arg(long)]
        to: String,
        /// Stop when nothing is due instead of waiting for more.
        #[arg(long)]
        once: bool,
        /// Attempts before an event becomes a dead letter.
        #[arg(long, default_value_t = 8)]
        max_attempts: u32,
    },
    /// Counts by state.
    Stats {
        #[command(flatten)]
        store: StoreArg,
        /// As one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Put events back to pending (done and dead letters included).
    Replay {
        #[command(flatten)]
        store: StoreArg,
        /// The event with this MID.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        mid: Option<String>,
        /// Received at or after this Korean time (yyyyMMddHHmmss).
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// Received before this Korean time (yyyyMMddHHmmss).
        #[arg(long, requires = "from")]
        to: Option<String>,
    },
    /// Print the most recent rejected (unparseable) requests.
    Rejects {
        #[command(flatten)]
        store: StoreArg,
        /// At most this many.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("POPBILL_WEBHOOK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("popbill-webhook: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("popbill-webhook: {e}");
            ExitCode::FAILURE
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn kst(s: &str, flag: &str) -> Result<i64, BoxError> {
    parse_kst(s)
        .ok_or_else(|| format!("{flag} must be yyyyMMddHHmmss (Korean time), got {s:?}").into())
}

async fn run(command: Command) -> Result<(), BoxError> {
    match command {
        Command::Serve {
            bind,
            store,
            auth,
            allow_ip,
            allow_popbill,
            trust_proxy,
            max_body,
        } => {
            let auth = Auth::parse(&auth).map_err(|e| format!("--auth: {e}"))?;
            let mut allow = if allow_popbill {
                Some(IpAllowList::popbill())
            } else if allow_ip.is_empty() {
                None
            } else {
                Some(IpAllowList::new())
            };
            if let Some(list) = allow.take() {
                let mut list = list;
                for ip in &allow_ip {
                    list = list.allow(parse_net(ip)?);
                }
                for p in &trust_proxy {
                    list = list.trust_proxy(parse_net(p)?);
                }
                allow = Some(list);
            }
            let store = store::open(&store.store).await?;
            let receiver = Receiver::new(
                store.clone(),
                ReceiverConfig {
                    auth,
                    allow,
                    max_body_bytes: max_body,
                },
            );
            let listener = tokio::net::TcpListener::bind(bind).await?;
            let addr = listener.local_addr()?;
            {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                writeln!(out, "listening on http://{addr}")?;
                out.flush()?;
            }
            axum::serve(
                listener,
                receiver
                    .router()
                    .into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            // Every request answered 200 was committed before its answer; dropping the store
            // lets the writer finish what is queued.
            drop(receiver);
            drop(store);
            Ok(())
        }
        Command::List {
            store,
            json,
            webhook_type,
            corp,
            since,
            limit,
        } => {
            let store = store::open(&store.store).await?;
            let since_ms = since.as_deref().map(|s| kst(s, "--since")).transpose()?;
            let events = store
                .list(ListFilter {
                    webhook_type,
                    corp_num: corp,
                    since_ms,
                    limit,
                    ..ListFilter::default()
                })
                .await?;
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for e in &events {
                if json {
                    writeln!(out, "{}", event_json(e))?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        format_kst(e.received_at_ms),
                        e.webhook_type,
                        if e.event_type.is_empty() {
                            "-"
                        } else {
                            &e.event_type
                        },
                        if e.corp_num.is_empty() {
                            "-"
                        } else {
                            &e.corp_num
                        },
                        e.mid,
                        e.status.as_str()
                    )?;
                }
            }
            Ok(())
        }
        Command::Forward {
            store,
            to,
            once,
            max_attempts,
        } => {
            let store = store::open(&store.store).await?;
            let forwarder = Forwarder::new(&to, Duration::from_secs(30))?;
            let consumer = Consumer::new(
                store,
                ConsumerConfig {
                    max_attempts,
                    ..ConsumerConfig::default()
                },
            );
            let handler = |e: StoredEvent| {
                let f = forwarder.clone();
                async move { f.deliver(&e).await }
            };
            if once {
                let mut total = popbill_webhook::BatchReport::default();
                loop {
                    let r = consumer.run_once(&handler).await?;
                    total.claimed += r.claimed;
                    total.acked += r.acked;
                    total.retried += r.retried;
                    total.dead += r.dead;
                    if r.claimed == 0 {
                        break;
                    }
                }
                println!(
                    "forwarded {} (retry later {}, dead {})",
                    total.acked, total.retried, total.dead
                );
            } else {
                consumer.run(handler, shutdown_signal()).await;
            }
            Ok(())
        }
        Command::Stats { store, json } => {
            let store = store::open(&store.store).await?;
            let s = store.stats().await?;
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                println!(
                    "events {}\npending {}\ndone {}\ndead {}\nrejects {}",
                    s.events, s.pending, s.done, s.dead, s.rejects
                );
            }
            Ok(())
        }
        Command::Replay {
            store,
            mid,
            from,
            to,
        } => {
            let which = match (mid, from, to) {
                (Some(mid), _, _) => Replay::Mid(mid),
                (None, Some(from), Some(to)) => Replay::Received {
                    from_ms: kst(&from, "--from")?,
                    to_ms: kst(&to, "--to")?,
                },
                _ => return Err("replay needs --mid or --from and --to".into()),
            };
            let store: Arc<dyn Store> = store::open(&store.store).await?;
            println!("replayed {}", store.replay(which).await?);
            Ok(())
        }
        Command::Rejects { store, limit } => {
            let store = store::open(&store.store).await?;
            for r in store.rejects(limit).await? {
                println!("{}", serde_json::to_string(&r)?);
            }
            Ok(())
        }
    }
}

fn event_json(e: &StoredEvent) -> serde_json::Value {
    serde_json::json!({
        "mid": e.mid,
        "type": e.webhook_type,
        "corp": e.corp_num,
        "eventType": e.event_type,
        "received": format_kst(e.received_at_ms),
        "receivedAtMs": e.received_at_ms,
        "status": e.status,
        "attempts": e.attempts,
        "body": e.body_json(),
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Configuration for production: the environment chosen explicitly, credentials from the
//! environment (or a secret manager), timeouts that suit a web handler.
//!
//! ```text
//! # real credentials; POPBILL_ENV is required: `test` or `production`
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_ENV=test POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example production
//! # without POPBILL_ENV: the same configuration path against an embedded sandbox
//! cargo run -p popbill --example production
//! ```
//!
//! See the README's "Going to production" for IP restriction behind NAT, static-IP hosts and
//! server time.

use std::collections::HashMap;
use std::env;
use std::process::ExitCode;
use std::time::Duration;

use popbill::model::CorpNum;
use popbill::{Config, ConfigBuilder, Environment, HostMode, Popbill, TimeMode};
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox};

type BoxError = Box<dyn std::error::Error>;

/// Timeouts for a call made inside a web request: well below a gateway's 30 s.
fn for_web_handler(builder: ConfigBuilder) -> ConfigBuilder {
    builder
        .connect_timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(25))
}

async fn check(config: Config, corp: &CorpNum) -> Result<(), BoxError> {
    println!(
        "environment {:?} ({}), API host {}",
        config.environment(),
        config.service_id(),
        config.api_base_url()
    );
    let client = Popbill::new(config); // one per process: it shares tokens and connections
    let member = client.member().check_is_member(corp).await?;
    println!(
        "checkIsMember {corp}: code {} (1 = member under this LinkID), {}",
        member.code, member.message
    );
    let balance = client.member().get_balance(corp).await?;
    println!("points: {balance}");
    Ok(())
}

async fn run() -> Result<(), BoxError> {
    if env::var_os("POPBILL_ENV").is_some() {
        // Real credentials. A missing or wrong variable is named in the error.
        let corp = CorpNum::parse_unchecked(&env::var("POPBILL_CORP_NUM")?)?;
        let mut builder = for_web_handler(Config::from_env()?);
        if env::var("POPBILL_STATIC_IP").is_ok_and(|v| v == "1") {
            // Fixed outbound addresses, for an allow-listing firewall.
            builder = builder.host_mode(HostMode::StaticIp);
        }
        return check(builder.time_mode(TimeMode::Server).build()?, &corp).await;
    }

    // No credentials: read the same variables from a map (as from a secret manager) that
    // points at an embedded sandbox.
    let sandbox = Sandbox::builder().start().await?;
    let vars: HashMap<&str, String> = HashMap::from([
        ("POPBILL_LINK_ID", DEFAULT_LINK_ID.to_owned()),
        ("POPBILL_SECRET_KEY", DEFAULT_SECRET_KEY.to_owned()),
        ("POPBILL_ENV", "test".to_owned()),
        ("POPBILL_AUTH_URL", sandbox.base_url().to_owned()),
        ("POPBILL_API_URL", sandbox.base_url().to_owned()),
    ]);
    // Forgetting the environment is an error, not a silent choice:
    let mut incomplete = vars.clone();
    incomplete.remove("POPBILL_ENV");
    match Config::from_vars(|name| incomplete.get(name).cloned()) {
        Err(e) => println!("without POPBILL_ENV: {e}"),
        Ok(_) => return Err("a configuration without an environment was accepted".into()),
    }
    if let Err(e) = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY).build() {
        println!("without .test(..): {e}");
    }
    let config = for_web_handler(Config::from_vars(|name| vars.get(name).cloned())?).build()?;
    assert_eq!(config.environment(), Environment::Test);
    let result = check(config, &CorpNum::parse_unchecked("1234567890")?).await;
    sandbox.shutdown().await;
    result
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

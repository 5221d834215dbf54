//! Member basics: is a company a POPBiLL member, what does POPBiLL know about it, how many
//! points does it have, and which user accounts does it have?
//!
//! ```text
//! POPBILL_LINK_ID=TESTER POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example member
//! ```
//!
//! Optional: `POPBILL_USER_ID` (acting user account), `POPBILL_PRODUCTION=1` (production
//! instead of the test bed), `POPBILL_API_URL` / `POPBILL_AUTH_URL` (e.g. a local sandbox).

use std::env;
use std::process::ExitCode;

use popbill::model::CorpNum;
use popbill::{Config, Environment, Error, Popbill};

fn required(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("set {name}"))
}

fn config() -> Result<Config, String> {
    let mut builder = Config::builder(
        required("POPBILL_LINK_ID")?,
        required("POPBILL_SECRET_KEY")?,
    )
    .environment(if env::var("POPBILL_PRODUCTION").is_ok_and(|v| v == "1") {
        Environment::Production
    } else {
        Environment::Test
    });
    if let Ok(url) = env::var("POPBILL_API_URL") {
        builder = builder.api_url(url);
    }
    if let Ok(url) = env::var("POPBILL_AUTH_URL") {
        builder = builder.auth_url(url);
    }
    builder.build().map_err(|e| e.to_string())
}

async fn run(client: &Popbill, corp: &CorpNum, user_id: Option<&str>) -> Result<(), Error> {
    let member = client.member();

    // Unauthenticated: code 1 = member of this partner, 0 = not.
    let is_member = member.check_is_member(corp).await?;
    println!(
        "checkIsMember: code {} ({})",
        is_member.code, is_member.message
    );
    if is_member.code != 1 {
        return Ok(());
    }

    // Authenticated calls: the session token is fetched once and reused.
    let mut corp_info = member.get_corp_info(corp);
    if let Some(u) = user_id {
        corp_info = corp_info.user_id(u);
    }
    let info = corp_info.await?;
    println!(
        "getCorpInfo: {} / CEO {}",
        info.corp_name.as_deref().unwrap_or("-"),
        info.ceo_name.as_deref().unwrap_or("-")
    );

    let balance = member.get_balance(corp).await?;
    println!("getBalance: {balance} points");

    let contacts = member.list_contact(corp).await?;
    println!("listContact: {} account(s)", contacts.len());
    for c in &contacts {
        println!(
            "  {} {} admin={}",
            c.id.as_deref().unwrap_or("?"),
            c.person_name.as_deref().unwrap_or(""),
            c.mgr_yn.unwrap_or(false)
        );
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (config, corp) = match (config(), required("POPBILL_CORP_NUM")) {
        (Ok(c), Ok(n)) => match CorpNum::parse_unchecked(&n) {
            Ok(corp) => (c, corp),
            Err(e) => {
                eprintln!("POPBILL_CORP_NUM: {e}");
                return ExitCode::FAILURE;
            }
        },
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let client = Popbill::new(config);
    let user_id = env::var("POPBILL_USER_ID").ok();
    match run(&client, &corp, user_id.as_deref()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The POPBiLL code and message are kept; no secret is ever printed.
            eprintln!("error: {e}");
            if let Some(code) = e.api_code() {
                eprintln!(
                    "POPBiLL code {code}: {}",
                    code.description().unwrap_or("see the message")
                );
            }
            ExitCode::FAILURE
        }
    }
}

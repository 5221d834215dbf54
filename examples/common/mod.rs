//! What every example shares: connecting to the POPBiLL test bed or, without credentials, to a
//! POPBiLL-compatible sandbox started in this process; today's date in Korea; exit codes.
#![allow(dead_code)] // each example uses a different part of this module

use std::env;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use popbill::model::{CorpNum, Date8, kst_date_from_unix};
use popbill::{Config, Error, Popbill};
use popbill_sandbox::{
    DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox, SandboxBuilder, SandboxHandle,
};

/// Any error, for examples.
pub(crate) type BoxError = Box<dyn std::error::Error>;

/// A client, the member it acts for, and the embedded sandbox when one was started.
pub(crate) struct Session {
    /// The client: one per process, cheap to clone.
    pub(crate) client: Popbill,
    /// The member business number every call acts for.
    pub(crate) corp: CorpNum,
    sandbox: Option<SandboxHandle>,
}

impl Session {
    /// Connects to the POPBiLL test bed when `POPBILL_LINK_ID`, `POPBILL_SECRET_KEY` and
    /// `POPBILL_CORP_NUM` are set; otherwise starts a sandbox in this process.
    pub(crate) async fn connect() -> Result<Session, BoxError> {
        Self::connect_or_start(Sandbox::builder()).await
    }

    /// [`Session::connect`], starting the sandbox from `sandbox` when there are no
    /// credentials.
    pub(crate) async fn connect_or_start(sandbox: SandboxBuilder) -> Result<Session, BoxError> {
        if let (Ok(link_id), Ok(secret)) =
            (env::var("POPBILL_LINK_ID"), env::var("POPBILL_SECRET_KEY"))
        {
            let corp = CorpNum::parse_unchecked(&env::var("POPBILL_CORP_NUM")?)?;
            let config = Config::builder(link_id, secret).test(true).build()?;
            println!("using the POPBiLL test bed as {corp}");
            return Ok(Session {
                client: Popbill::new(config),
                corp,
                sandbox: None,
            });
        }
        let sandbox = sandbox.start().await?;
        println!(
            "no POPBILL_LINK_ID/POPBILL_SECRET_KEY set: using an embedded sandbox at {}",
            sandbox.base_url()
        );
        let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
            .test(true)
            .auth_url(sandbox.base_url())
            .api_url(sandbox.base_url())
            .build()?;
        // The sandbox, like the test bed, accepts test business numbers that fail the check
        // digit, such as 1234567890.
        Ok(Session {
            client: Popbill::new(config),
            corp: CorpNum::parse_unchecked("1234567890")?,
            sandbox: Some(sandbox),
        })
    }

    /// True when running against the embedded sandbox.
    pub(crate) fn is_sandbox(&self) -> bool {
        self.sandbox.is_some()
    }

    /// Stops the embedded sandbox, if any.
    pub(crate) async fn close(self) {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Today in Korea: POPBiLL compares write dates with the Korean calendar day (UTC+9).
pub(crate) fn today_kst() -> Date8 {
    kst_date_from_unix(i64::try_from(now_secs()).unwrap_or(0))
}

/// The value of a call, or `None` after printing the violations when it was refused as invalid
/// before sending (the example then stops); other errors are returned.
pub(crate) fn valid_or_report<T>(result: popbill::Result<T>) -> Result<Option<T>, BoxError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error::Validation(errors)) => {
            for v in errors.violations() {
                println!("invalid: {v}");
            }
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Connects, runs `body`, closes the session and turns the outcome into an exit code.
pub(crate) async fn run_example(
    body: impl AsyncFnOnce(&Session) -> Result<(), BoxError>,
) -> ExitCode {
    run_example_on(Sandbox::builder(), body).await
}

/// [`run_example`] with the sandbox started from `sandbox` when there are no credentials.
pub(crate) async fn run_example_on(
    sandbox: SandboxBuilder,
    body: impl AsyncFnOnce(&Session) -> Result<(), BoxError>,
) -> ExitCode {
    let session = match Session::connect_or_start(sandbox).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("setup failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = body(&session).await;
    session.close().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

//! [`Call`]: one described operation with its per-call options, run with `.await`.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use popbill_model::CorpNum;
use tracing::Instrument as _;

use super::execute;
use super::operation::{Decoder, Operation};
use crate::client::Popbill;
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Per-call options: the user account, timeouts, retry policy and idempotency override.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) user_id: Option<String>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) idempotent: Option<bool>,
}

impl CallOptions {
    /// The options of a call that sets none.
    pub(crate) const NONE: CallOptions = CallOptions {
        user_id: None,
        attempt_timeout: None,
        operation_timeout: None,
        retry: None,
        idempotent: None,
    };

    /// Sets these options on a pipeline call (those it already has are replaced).
    pub(crate) fn apply<T: Send + 'static>(&self, mut call: Call<T>) -> Call<T> {
        let mine = call.options_mut();
        if let Some(u) = &self.user_id {
            mine.user_id = Some(u.clone());
        }
        if self.attempt_timeout.is_some() {
            mine.attempt_timeout = self.attempt_timeout;
        }
        if self.operation_timeout.is_some() {
            mine.operation_timeout = self.operation_timeout;
        }
        if let Some(r) = &self.retry {
            mine.retry = Some(r.clone());
        }
        if self.idempotent.is_some() {
            mine.idempotent = self.idempotent;
        }
        call
    }
}

/// The per-call option methods of a type with `fn options_mut(&mut self) -> &mut CallOptions`
/// (a [`Call`] or a call object of a service).
macro_rules! call_options {
    () => {
        /// Acts as this POPBiLL user account (`x-pb-userid`).
        pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
            self.options_mut().user_id = Some(user_id.into());
            self
        }

        /// Timeout of each HTTP attempt.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options_mut().attempt_timeout = Some(timeout);
            self
        }

        /// Timeout of one request, retries included (a call that sends several requests
        /// applies it to each).
        pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options_mut().operation_timeout = Some(timeout);
            self
        }

        /// Retry policy of each request.
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.options_mut().retry = Some(policy);
            self
        }

        /// No automatic retries (an expired token is still renewed once).
        pub fn no_retry(self) -> Self {
            self.retry_policy($crate::retry::RetryPolicy::disabled())
        }
    };
    (object) => {
        $crate::pipeline::call_options!();

        fn options_mut(&mut self) -> &mut $crate::pipeline::CallOptions {
            &mut self.opts
        }
    };
}
pub(crate) use call_options;

/// One POPBiLL operation, described and ready to send.
///
/// Set per-call options, then run it with `.send().await` or simply `.await`:
///
/// ```no_run
/// # async fn demo(client: popbill::Popbill) -> popbill::Result<()> {
/// use std::time::Duration;
/// let corp = popbill::model::CorpNum::parse_unchecked("1234567890").expect("10 digits");
/// let info = client
///     .member()
///     .get_corp_info(&corp)
///     .user_id("testkorea")
///     .timeout(Duration::from_secs(20))
///     .await?;
/// println!("{:?}", info.corp_name);
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until it is sent with .send().await or .await"]
pub struct Call<T> {
    pub(super) client: Popbill,
    pub(super) op: Operation,
    /// Boxed and only when set: most calls set none, and every call's future carries this.
    pub(super) opts: Option<Box<CallOptions>>,
    pub(super) decode: Decoder<T>,
}

impl<T> Call<T> {
    fn options(&self) -> &CallOptions {
        self.opts.as_deref().unwrap_or(&CallOptions::NONE)
    }

    pub(crate) fn options_mut(&mut self) -> &mut CallOptions {
        self.opts.get_or_insert_with(Box::default)
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.op.name)
            .field("method", &self.op.method)
            .field("target", &self.op.target())
            .field("options", self.options())
            .finish()
    }
}

impl<T: Send + 'static> Call<T> {
    call_options!();

    /// Declares whether repeating this call is harmless, overriding the operation's default
    /// (lookups are idempotent; issuing, registering and deleting are not).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.options_mut().idempotent = Some(idempotent);
        self
    }

    /// The operation name, e.g. `Member.getCorpInfo`.
    pub fn operation_name(&self) -> &'static str {
        self.op.name
    }

    /// Sends the call and decodes the answer.
    ///
    /// The future is boxed: whatever awaits or spawns it holds one pointer, not the whole
    /// call state (about 750 bytes), which tokio would otherwise copy on every spawn and
    /// state change of the task. One allocation costs less than those copies.
    pub fn send(self) -> CallFuture<T> {
        let span = tracing::info_span!(
            "popbill",
            op = self.op.name,
            corp = self.op.corp.as_ref().map(CorpNum::as_str).unwrap_or(""),
        );
        // An `async` block, not an `async fn`: the function's argument would be stored twice
        // in the future (as argument and as local), the block's capture only once. No
        // destructuring of `self` inside, for the same reason. The span covers the whole
        // block, decoding included, so it is held once.
        Box::pin(
            async move {
                let resp = execute(&self.client, &self.op, self.options()).await?;
                (self.decode)(&self.client, resp)
            }
            .instrument(span),
        )
    }
}

/// The future of a sent [`Call`]: boxed, `Send` and `'static`, so it can be spawned.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

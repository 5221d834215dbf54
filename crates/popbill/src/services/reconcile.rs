//! Reconciliation by document number after an ambiguous failure of an issuing request,
//! for every document kind (see `popbill::taxinvoice::issuance` for the rules).
//!
//! An issuing request whose answer is lost may or may not have been carried out. Instead of
//! resending blindly, the caller asks getInfo about the document number, here, and acts on
//! what it says: issued → success without resending; nothing there → resend once; anything
//! else → the original error.

use std::future::Future;
use std::time::Duration;

use popbill_model::taxinvoice::{IssueResponse, TaxinvoiceInfo};
use serde::de::DeserializeOwned;

use crate::call::CallOptions;
use crate::error::{Error, Result};
use crate::services::document::{DocAddr, Docs};

/// Default wait before asking POPBiLL about a document after an ambiguous failure.
pub const DEFAULT_RECONCILE_DELAY: Duration = Duration::from_secs(1);

/// How an issuing call reached its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuePath {
    /// The request was answered: the normal case.
    Sent,
    /// The answer was lost, and getInfo showed the document issued: no request was resent.
    /// The response is built from getInfo (`code` 1, the confirm number it reported).
    Reconciled,
    /// The answer was lost, getInfo showed that the request had no effect, and the resent
    /// request was answered.
    Resent,
    /// Tax invoice `regist_issue` only: the answer was lost, the document existed as a draft
    /// (registered, not issued), and `issue` on it was answered.
    IssuedDraft,
}

/// The result of an issuing call (`regist_issue`, `issue`, `revoke_regist_issue`):
/// POPBiLL's answer (or its equivalent after reconciliation) and how it was obtained.
///
/// `R` is the issuing answer (`IssueResponse` for tax invoices, `CBIssueResponse` for cash
/// receipts), `I` the getInfo answer used to reconcile.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct IssueOutcome<R = IssueResponse, I = TaxinvoiceInfo> {
    /// `{code, message, confirm number}`. For [`IssuePath::Reconciled`]: `code` 1, a message
    /// saying so, and the confirm number getInfo reported.
    pub response: R,
    /// How the result was reached.
    pub path: IssuePath,
    /// The ambiguous failure that started reconciliation (its `Display` text), if any.
    pub recovered_from: Option<String>,
    /// The getInfo answer used to reconcile, if any.
    pub info: Option<I>,
}

/// A getInfo answer, as reconciliation reads it.
pub trait DocumentInfo: DeserializeOwned + Send + 'static {
    /// The document's `stateCode` (3xx issued, 304 filed, 305 filing failed, 100 draft,
    /// 200 pending request), `None` when absent or not a known code.
    fn state_code(&self) -> Option<i64>;
    /// The NTS confirm number, when known.
    fn confirm_num(&self) -> Option<&str>;
    /// The NTS result code of a filing, when reported (a failure's reason on 305).
    fn nts_result_code(&self) -> Option<String>;
}

/// An issuing answer, as reconciliation builds and reads it.
pub trait IssueAnswer: DeserializeOwned + Send + 'static {
    /// The answer equivalent to a success proved by getInfo.
    fn reconciled(message: String, confirm_num: Option<String>) -> Self;
    /// The NTS confirm number, when known.
    fn confirm_num(&self) -> Option<&str>;
}

/// The number of a known state code (`None` for an absent or unknown one).
pub(crate) fn known_state<C: popbill_model::CodeTable>(code: Option<&C>) -> Option<i64> {
    code.filter(|c| !c.is_unknown_code())
        .and_then(|c| c.to_string().parse().ok())
}

impl DocumentInfo for TaxinvoiceInfo {
    fn state_code(&self) -> Option<i64> {
        known_state(self.state_code.as_ref())
    }
    fn confirm_num(&self) -> Option<&str> {
        self.nts_confirm_num.as_deref()
    }
    fn nts_result_code(&self) -> Option<String> {
        self.nts_send_err_code.as_ref().map(ToString::to_string)
    }
}

impl IssueAnswer for IssueResponse {
    fn reconciled(message: String, confirm_num: Option<String>) -> Self {
        let mut response = IssueResponse::default();
        response.code = 1;
        response.message = message;
        response.nts_confirm_num = confirm_num;
        response
    }
    fn confirm_num(&self) -> Option<&str> {
        self.nts_confirm_num.as_deref()
    }
}

impl<R: IssueAnswer, I: DocumentInfo> IssueOutcome<R, I> {
    pub(crate) fn sent(response: R) -> Self {
        IssueOutcome {
            response,
            path: IssuePath::Sent,
            recovered_from: None,
            info: None,
        }
    }

    pub(crate) fn reconciled(info: I, recovered_from: &Error) -> Self {
        let state = info
            .state_code()
            .map_or_else(|| "?".to_owned(), |c| c.to_string());
        let response = R::reconciled(
            format!(
                "already issued (stateCode {state}); reconciled with getInfo after: {recovered_from}"
            ),
            info.confirm_num().map(str::to_owned),
        );
        IssueOutcome {
            response,
            path: IssuePath::Reconciled,
            recovered_from: Some(recovered_from.to_string()),
            info: Some(info),
        }
    }

    /// True when no answer to the issuing request was received and getInfo proved the
    /// document issued.
    pub fn is_reconciled(&self) -> bool {
        self.path == IssuePath::Reconciled
    }

    /// The NTS confirm number, when known.
    pub fn nts_confirm_num(&self) -> Option<&str> {
        self.response.confirm_num()
    }
}

/// True when a failed issuing request may nevertheless have been carried out: the request
/// may have been sent and no definitive POPBiLL answer came back (a reset or timeout after
/// sending, a 5xx answer, a 200 answer that could not be decoded).
pub fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Transport(t) => t.request_may_have_been_sent(),
        Error::Timeout(_) => true,
        Error::Api(a) => a.status() >= 500,
        Error::Decode(d) => d.status() == 200 || d.status() >= 500,
        _ => false,
    }
}

/// What getInfo answered during reconciliation.
pub(crate) enum Lookup<I> {
    Issued(I),
    Draft(I),
    PendingRequest,
    NotFound,
    Other,
}

/// Asks getInfo about `addr` and classifies the answer.
pub(crate) async fn lookup<I: DocumentInfo>(
    docs: Docs<'_>,
    corp: &popbill_model::CorpNum,
    addr: &DocAddr,
    opts: &CallOptions,
) -> Lookup<I> {
    let call = docs.get::<I>("getInfo", corp, addr.clone(), "", None);
    match opts.apply(call).await {
        Ok(info) => match info.state_code() {
            Some(300..=305) => Lookup::Issued(info),
            Some(100) => Lookup::Draft(info),
            Some(200) => Lookup::PendingRequest,
            _ => Lookup::Other,
        },
        Err(e) if e.api_code() == Some(docs.kind.not_found) => Lookup::NotFound,
        Err(e) => {
            tracing::warn!(error = %e, "reconciliation: getInfo failed; the issuance outcome stays unknown");
            Lookup::Other
        }
    }
}

/// What to do with a getInfo answer that is not "issued".
pub(crate) enum Decision<I> {
    /// The request had no effect: send it again (once).
    Resend,
    /// Hand the draft to the caller (tax invoice registIssue issues it).
    Draft(I),
    /// Return the error.
    Fail,
}

/// Where a reconciliation ended.
pub(crate) enum Recovered<R, I> {
    /// An answer: sent or resent.
    Outcome(IssueOutcome<R, I>),
    /// getInfo found a draft the caller asked for ([`Decision::Draft`]): the draft, the
    /// first failure's text and the last error.
    Draft(I, String, Error),
}

/// Whether and when an issuing call reconciles (see the `reconcile_options!` methods).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReconcileSettings {
    pub(crate) enabled: bool,
    pub(crate) delay: Duration,
}

impl Default for ReconcileSettings {
    fn default() -> Self {
        ReconcileSettings {
            enabled: true,
            delay: DEFAULT_RECONCILE_DELAY,
        }
    }
}

/// `.no_reconcile()` and `.reconcile_delay()` for a call with `reconcile: ReconcileSettings`.
macro_rules! reconcile_options {
    () => {
        /// Returns ambiguous failures as they are instead of reconciling by document number.
        pub fn no_reconcile(mut self) -> Self {
            self.reconcile.enabled = false;
            self
        }

        /// How long to wait after an ambiguous failure before asking getInfo (default
        /// [`DEFAULT_RECONCILE_DELAY`](crate::services::reconcile::DEFAULT_RECONCILE_DELAY)).
        pub fn reconcile_delay(mut self, delay: std::time::Duration) -> Self {
            self.reconcile.delay = delay;
            self
        }
    };
}
pub(crate) use reconcile_options;

/// What the first answer of an issuing call means.
pub(crate) enum First<R, I> {
    /// The call's result: an answer, or an error that needs no reconciliation.
    Done(Result<IssueOutcome<R, I>>),
    /// An ambiguous failure to reconcile.
    Reconcile(Error),
}

impl ReconcileSettings {
    /// Classifies the first answer.
    pub(crate) fn first<R: IssueAnswer, I: DocumentInfo>(&self, answer: Result<R>) -> First<R, I> {
        match answer {
            Ok(r) => First::Done(Ok(IssueOutcome::sent(r))),
            Err(e) if self.enabled && outcome_unknown(&e) => First::Reconcile(e),
            Err(e) => First::Done(Err(e)),
        }
    }
}

/// One reconciliation: the document, its kind and the options of the lookups.
pub(crate) struct Reconciler<'a> {
    pub(crate) docs: Docs<'a>,
    pub(crate) corp: &'a popbill_model::CorpNum,
    pub(crate) addr: DocAddr,
    pub(crate) opts: &'a CallOptions,
    pub(crate) delay: Duration,
    /// The operation name, for the log.
    pub(crate) op: &'static str,
}

impl Reconciler<'_> {
    /// After `error` from the first request: lookups, at most one resend, and a last lookup
    /// after a failed resend. `decide` says what a getInfo answer that is not "issued"
    /// means; `send_once` sends the request again.
    pub(crate) async fn run<R, I, S, F>(
        &self,
        mut error: Error,
        decide: fn(Lookup<I>) -> Decision<I>,
        send_once: S,
    ) -> Result<Recovered<R, I>>
    where
        R: IssueAnswer,
        I: DocumentInfo,
        S: Fn() -> F,
        F: Future<Output = Result<R>>,
    {
        let first = error.to_string();
        let mut resends_left = 1;
        loop {
            tracing::warn!(error = %error, mgt_key = %self.addr.mgt_key, op = self.op, "outcome unknown; reconciling with getInfo");
            tokio::time::sleep(self.delay).await;
            match lookup::<I>(self.docs, self.corp, &self.addr, self.opts).await {
                Lookup::Issued(info) => {
                    let mut out = IssueOutcome::reconciled(info, &error);
                    out.recovered_from = Some(first);
                    return Ok(Recovered::Outcome(out));
                }
                other if resends_left > 0 => match decide(other) {
                    Decision::Resend => {}
                    Decision::Draft(info) => return Ok(Recovered::Draft(info, first, error)),
                    Decision::Fail => return Err(error),
                },
                _ => return Err(error),
            }
            resends_left -= 1;
            match send_once().await {
                Ok(r) => {
                    let mut out = IssueOutcome::sent(r);
                    out.path = IssuePath::Resent;
                    out.recovered_from = Some(first);
                    return Ok(Recovered::Outcome(out));
                }
                Err(e) if outcome_unknown(&e) || matches!(e, Error::Api(_)) => error = e,
                Err(e) => return Err(e),
            }
        }
    }
}

/// How the NTS filing of a document ended: state 304 or 305. Returned by the services'
/// `wait_filed`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Filing<I> {
    /// 304: filed with the NTS.
    Filed(I),
    /// 305: the NTS refused the filing; `nts_result_code` says why (`ntssendErrCode` of tax
    /// invoices, `ntsresultCode` of cash receipts), when POPBiLL reports it.
    Failed {
        /// The NTS result code.
        nts_result_code: Option<String>,
        /// The getInfo answer.
        info: I,
    },
}

impl<I: DocumentInfo> Filing<I> {
    /// Whether getInfo shows the filing ended (304 or 305).
    pub(crate) fn is_final(info: &I) -> bool {
        matches!(info.state_code(), Some(304 | 305))
    }

    /// The ending a final getInfo answer shows.
    pub(crate) fn from_info(info: I) -> Self {
        if info.state_code() == Some(304) {
            Filing::Filed(info)
        } else {
            Filing::Failed {
                nts_result_code: info.nts_result_code(),
                info,
            }
        }
    }

    /// True for [`Filing::Filed`].
    pub fn is_filed(&self) -> bool {
        matches!(self, Filing::Filed(_))
    }

    /// The getInfo answer.
    pub fn info(&self) -> &I {
        match self {
            Filing::Filed(info) | Filing::Failed { info, .. } => info,
        }
    }
}

/// Waits for the NTS filing of one document: [`Poll`](crate::poll::Poll) on getInfo until
/// state 304 or 305. Defaults: first pause 1 s, pauses up to 60 s, deadline 30 minutes
/// (change them with `.initial_interval()`, `.max_interval()`, `.deadline()`; filing in
/// production runs the day after issuance unless it was sent to the NTS at once).
pub type FilingWait<I> = crate::poll::Poll<I, Filing<I>>;

/// The filing wait of `addr`.
pub(crate) fn wait_filed<I: DocumentInfo>(
    docs: Docs<'_>,
    corp: &popbill_model::CorpNum,
    addr: DocAddr,
) -> FilingWait<I> {
    let (client, kind, corp) = (docs.client.clone(), docs.kind, corp.clone());
    crate::poll::Poll::new(
        "waitFiled",
        move || {
            Docs {
                client: &client,
                kind,
            }
            .get::<I>("getInfo", &corp, addr.clone(), "", None)
        },
        Filing::<I>::is_final,
        Filing::<I>::from_info,
    )
    .initial_interval(Duration::from_secs(1))
    .max_interval(Duration::from_secs(60))
    .deadline(Duration::from_secs(30 * 60))
}

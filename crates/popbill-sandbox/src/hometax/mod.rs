//! HomeTax simulation (홈택스 수집): per member a synthetic NTS ledger ([`ledger`]), HomeTax
//! credentials ([`credentials`]), collection jobs that take time on the sandbox clock and
//! expire after an hour, and search/summary computed from the ledger ([`search`]).
//!
//! A job is requested at `t`; it is pending (1) until `t + step`, running (2) until
//! `t + 2 × step`, then finished (3) — successfully, or with the login failure its credentials
//! produced when it was requested. One hour after `t` it no longer exists (-11100018). The
//! step (default 1 s) and the ledger density (default 3 documents per day and side) can be
//! changed with `POST /HomeTax/__control` (see the routes).
//!
//! Besides the synthetic ledger, every tax invoice the sandbox's own Taxinvoice service filed
//! to the NTS (state 304) appears in its seller's SELL, buyer's BUY and trustee's TRUSTEE
//! results, and every filed cash receipt in its issuer's SELL results and, for an
//! expense-proof (지출증빙용) receipt, in the BUY results of the business it names, so
//! issue-then-collect works end to end. They are read from the document stores when a
//! finished job's result is first built.
//!
//! With `--state`, registered department users, certificates, flat-rate contracts and the
//! jobs of the last hour are kept in the state file ([`persist`]); the ledger needs no
//! storing (it is computed from the seed), and filed documents are stored as documents.
//! Registration popups (valid for seconds) and the simulation settings are not kept.

pub(crate) mod credentials;
pub(crate) mod ledger;
pub(crate) mod persist;
pub(crate) mod search;

use std::collections::{BTreeMap, HashMap};

use popbill_model::Date8;
use serde::{Deserialize, Serialize};

use crate::state::jobs::Steps;
use credentials::{Cert, DeptUser, FlatRate};
use ledger::{HtKind, Side};

/// How long a job id stays valid.
pub(crate) const JOB_TTL_MS: i64 = 3_600_000;

/// Adjustable simulation settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Duration of each of the two job phases (pending, running).
    pub job_step_ms: i64,
    /// Average ledger documents per day and side.
    pub docs_per_day: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            job_step_ms: 1000,
            docs_per_day: 3,
        }
    }
}

/// One member's HomeTax credentials and contracts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HtMember {
    pub dept_ti: Option<DeptUser>,
    pub dept_cb: Option<DeptUser>,
    pub cert: Option<Cert>,
    pub flat_ti: Option<FlatRate>,
    pub flat_cb: Option<FlatRate>,
}

impl HtMember {
    pub(crate) fn dept(&mut self, kind: HtKind) -> &mut Option<DeptUser> {
        match kind {
            HtKind::Taxinvoice => &mut self.dept_ti,
            HtKind::Cashbill => &mut self.dept_cb,
        }
    }

    pub(crate) fn flat(&mut self, kind: HtKind) -> &mut Option<FlatRate> {
        match kind {
            HtKind::Taxinvoice => &mut self.flat_ti,
            HtKind::Cashbill => &mut self.flat_cb,
        }
    }
}

/// What a registration popup registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PopupKind {
    Cert,
    FlatRate,
}

/// A registration popup handed out by `?TG=CERT` / `?TG=CHRG`.
#[derive(Clone, Debug)]
pub(crate) struct Popup {
    pub corp: String,
    pub kind: HtKind,
    pub what: PopupKind,
    pub expires_ms: i64,
}

/// A collection job. Its result is not stored: a job read back from the state file builds
/// it again on first read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Job {
    pub id: String,
    pub corp: String,
    pub kind: HtKind,
    pub side: Side,
    /// `W`, `I`, `S` for tax invoices; `T` (trade date) for cash receipts.
    pub dtype: char,
    pub sdate: Date8,
    pub edate: Date8,
    pub reg_ms: i64,
    /// Login failure decided when the job was requested.
    pub failure: Option<(i64, String)>,
    /// Ledger density when the job was requested.
    pub docs_per_day: u32,
    /// Result keys, built on first read after the job finished.
    #[serde(skip)]
    pub result: Option<search::JobResult>,
}

impl Job {
    /// `jobState`: 1 pending, 2 running, 3 finished (the shared timed-step shape).
    pub(crate) fn state_at(&self, now_ms: i64, step: i64) -> u8 {
        Steps::new(self.reg_ms, 2).step_at(now_ms, step) + 1
    }
}

/// All HomeTax state.
#[derive(Debug, Default)]
pub(crate) struct HomeTaxState {
    pub settings: Settings,
    pub members: HashMap<String, HtMember>,
    pub jobs: BTreeMap<String, Job>,
    pub popups: HashMap<String, Popup>,
    pub seq: u64,
}

impl HomeTaxState {
    /// The member's HomeTax record (created empty).
    pub(crate) fn member(&mut self, corp: &str) -> &mut HtMember {
        self.members.entry(corp.to_owned()).or_default()
    }

    /// Drops expired jobs and popups; returns the ids of the dropped jobs.
    pub(crate) fn expire(&mut self, now_ms: i64) -> Vec<String> {
        let mut gone = Vec::new();
        self.jobs.retain(|id, j| {
            let keep = now_ms < j.reg_ms + JOB_TTL_MS;
            if !keep {
                gone.push(id.clone());
            }
            keep
        });
        self.popups.retain(|_, p| now_ms < p.expires_ms);
        gone
    }
}

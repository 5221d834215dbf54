//! The fault soak shared by the CI test (`tests/soak.rs`, 500 calls) and the bench binary
//! (`benches/soak.rs`, 10,000 calls): drives issuing calls through the `popbill` client
//! against an in-process sandbox that injects faults of every kind into about
//! `fault_rate` of them, then reconciles every MgtKey with the sandbox.
//!
//! Faults: 503 answers, latency past the client's attempt timeout, connections dropped before
//! processing and after the commit (each about a quarter of `fault_rate`, on the issuing
//! verb), plus the sandbox clock jumping past the token lifetime every `clock_jump_every`
//! calls: the client's token expires mid-run and its own clock falls behind the server's
//! (clock skew beyond the ±5 minute window after a few jumps).
//!
//! A document kind is one [`Kind`]: Taxinvoice `registIssue`, Taxinvoice `register` + `issue`,
//! Cashbill `registIssue` and Cashbill `revokeRegistIssue` take turns. A revocation needs an
//! original the NTS has filed: one is issued per revocation call before the faults are armed,
//! and the sandbox's filing clock (filing a day after issuance) is moved past its filing time.
//! The calls of a run take well under a day of sandbox time, so nothing issued during the run
//! is filed.
//!
//! Reconciliation reads Taxinvoices from the sandbox's own store and Cashbills (for which the
//! sandbox handle has no accessor) through `getInfos` and `getLogs` over HTTP after the faults
//! are cleared: a receipt's issuances are its `docLogType` 300 entries, an original's
//! revocations its 310 entries.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use popbill::model::cashbill::{Cashbill, RevokeRequest};
use popbill::model::codes::{
    InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType, TaxationType, TradeUsage,
};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, MgtKey};
use popbill::{Config, IssuePath, Popbill};
use popbill_sandbox::{
    DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, FaultAction, FaultRule, NtsDelay, Sandbox,
};

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct SoakConfig {
    /// Issuing calls to make (stops earlier at `time_limit`).
    pub calls: usize,
    /// Share of issuing requests that meet a fault (0.0-1.0), split over four kinds.
    pub fault_rate: f64,
    /// Stop starting calls after this long.
    pub time_limit: Duration,
    /// Calls in flight at once.
    pub concurrency: usize,
    /// The sandbox clock jumps past the token lifetime every this many calls (0 = never).
    pub clock_jump_every: usize,
    /// The client's attempt timeout; injected latency is twice this.
    pub attempt_timeout: Duration,
}

impl SoakConfig {
    /// The CI size: `calls` calls, 20 % faults.
    pub fn ci(calls: usize) -> Self {
        SoakConfig {
            calls,
            fault_rate: 0.2,
            time_limit: Duration::from_secs(45),
            concurrency: 8,
            clock_jump_every: 50,
            attempt_timeout: Duration::from_millis(300),
        }
    }
}

/// The document kinds driven, named after the official operations (all of them issue).
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Taxinvoice registIssue (one request registers and issues).
    TaxinvoiceRegistIssue,
    /// Taxinvoice register (no faults) then issue (faulted).
    TaxinvoiceIssue,
    /// Cashbill registIssue (faulted).
    CashbillRegistIssue,
    /// Cashbill revokeRegistIssue (faulted): a partial cancel of a filed original issued for
    /// this call before the run.
    CashbillRevokeRegistIssue,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::TaxinvoiceRegistIssue,
        Kind::TaxinvoiceIssue,
        Kind::CashbillRegistIssue,
        Kind::CashbillRevokeRegistIssue,
    ];

    /// The kind of call number `i`.
    fn of(i: usize) -> Kind {
        Kind::ALL[i % Kind::ALL.len()]
    }

    fn is_cashbill(self) -> bool {
        matches!(
            self,
            Kind::CashbillRegistIssue | Kind::CashbillRevokeRegistIssue
        )
    }
}

/// What the caller was told about one MgtKey.
#[derive(Clone, Debug)]
enum Told {
    /// Issued; the label says how (sent, reconciled, resent, issued draft).
    Issued(String),
    /// Failed with this typed error (its variant and code).
    Failed(String),
}

/// The reconciled figures of a run.
#[derive(Debug, Default)]
pub struct SoakReport {
    /// Calls made.
    pub calls: usize,
    /// Told issued, and the sandbox holds it issued exactly once.
    pub issued_once: usize,
    /// Told failed with a typed error, and the sandbox holds no issued document.
    pub failed_not_issued: usize,
    /// Told failed, but the sandbox holds it issued (once): an ambiguous failure reported as
    /// such; the caller must look it up before retrying.
    pub failed_but_issued: usize,
    /// Documents with more than one issuance, or points charged beyond one per issued
    /// document.
    pub issued_twice: usize,
    /// Told issued, but the sandbox holds no issued document.
    pub lost: usize,
    /// How successes were reached.
    pub paths: BTreeMap<String, usize>,
    /// Typed errors by variant and code.
    pub errors: BTreeMap<String, usize>,
    /// Clock jumps (token expiry plus skew) during the run.
    pub clock_jumps: usize,
    /// Cash receipts issued (without faults) before the run for the revocations to cancel.
    pub originals: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl SoakReport {
    /// True when nothing was issued twice and nothing acknowledged was lost.
    pub fn holds(&self) -> bool {
        self.issued_twice == 0 && self.lost == 0
    }
}

impl std::fmt::Display for SoakReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "calls {}  issued once {}  failed (typed, not issued) {}  failed (typed) but issued {}  issued twice {}  lost {}  clock jumps {}  originals {}  in {:.1} s",
            self.calls,
            self.issued_once,
            self.failed_not_issued,
            self.failed_but_issued,
            self.issued_twice,
            self.lost,
            self.clock_jumps,
            self.originals,
            self.elapsed.as_secs_f64()
        )?;
        writeln!(f, "success paths: {:?}", self.paths)?;
        write!(f, "errors: {:?}", self.errors)
    }
}

const SELLER: &str = "1234567890";
const TOKEN_TTL: Duration = Duration::from_secs(120);
/// Automatic filing with the NTS this long after issuance (sandbox time).
const FILING_DELAY: Duration = Duration::from_secs(86_400);

fn invoice(key: &str, write_date: &str) -> Taxinvoice {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_item_name("용역")
                .set_qty("1".parse().unwrap())
                .set_unit_cost("10000".parse().unwrap()),
        )
        .build()
        .unwrap();
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        write_date.to_owned(),
    )
    .set_invoicer_corp_num(SELLER)
    .set_invoicer_mgt_key(key)
    .set_invoicer_corp_name("공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    totals.apply_to(inv)
}

fn label(e: &popbill::Error) -> String {
    let variant = match e {
        popbill::Error::Api(_) => "Api",
        popbill::Error::Auth(_) => "Auth",
        popbill::Error::Validation(_) => "Validation",
        popbill::Error::Transport(_) => "Transport",
        popbill::Error::Timeout(_) => "Timeout",
        popbill::Error::Decode(_) => "Decode",
        _ => "Other",
    };
    match e.api_code() {
        Some(c) => format!("{variant} {}", c.value()),
        None => variant.to_owned(),
    }
}

/// A cash receipt of 11,000 won (10,000 + 1,000 VAT). Without `tradeDT` the trade is dated
/// at issuance by the sandbox's clock, which runs ahead of the client's here.
fn receipt(key: &str) -> Cashbill {
    Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key(key)
        .set_identity_num_normalized("010-1234-5678")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num(SELLER)
        .set_franchise_corp_name("가맹점")
        .set_franchise_ceo_name("대표")
        .set_item_name("상품")
        .set_smssend_yn(false)
}

/// The original a revocation call cancels part of: its key, confirm number and trade date.
#[derive(Clone, Debug)]
struct Original {
    key: String,
    confirm_num: String,
    trade_date: String,
}

fn corp() -> CorpNum {
    CorpNum::parse_unchecked(SELLER).unwrap()
}

async fn one_call(
    pb: &Popbill,
    kind: Kind,
    key: &str,
    write_date: &str,
    original: Option<&Original>,
) -> Told {
    let ti = pb.taxinvoice();
    let cb = pb.cashbill();
    let corp = corp();
    let told = |r: popbill::Result<IssuePath>| match r {
        Ok(path) => Told::Issued(format!("{kind:?} {path:?}")),
        Err(e) => Told::Failed(format!("{kind:?} {}", label(&e))),
    };
    match kind {
        Kind::TaxinvoiceRegistIssue => told(
            ti.regist_issue(&corp, invoice(key, write_date))
                .reconcile_delay(Duration::ZERO)
                .await
                .map(|o| o.path),
        ),
        Kind::TaxinvoiceIssue => {
            if let Err(e) = ti.register(&corp, invoice(key, write_date)).await {
                return Told::Failed(format!("{kind:?} register: {}", label(&e)));
            }
            told(
                ti.issue(&corp, MgtKeyType::Sell, &MgtKey::parse(key).unwrap())
                    .reconcile_delay(Duration::ZERO)
                    .await
                    .map(|o| o.path),
            )
        }
        Kind::CashbillRegistIssue => told(
            cb.regist_issue(&corp, receipt(key))
                .reconcile_delay(Duration::ZERO)
                .await
                .map(|o| o.path),
        ),
        Kind::CashbillRevokeRegistIssue => {
            let Some(o) = original else {
                return Told::Failed(format!("{kind:?} no original"));
            };
            let request = RevokeRequest::new(key, o.confirm_num.as_str(), o.trade_date.as_str())
                .set_partial_amounts(4_000, 400, 0);
            told(
                cb.revoke_regist_issue(&corp, request)
                    .reconcile_delay(Duration::ZERO)
                    .await
                    .map(|o| o.path),
            )
        }
    }
}

/// Issues (without faults) one original for every revocation call among the first `calls`,
/// `concurrency` at a time; returns them by call number.
async fn issue_originals(
    pb: &Popbill,
    calls: usize,
    concurrency: usize,
) -> BTreeMap<usize, Original> {
    let wanted: Vec<usize> = (0..calls)
        .filter(|&i| Kind::of(i) == Kind::CashbillRevokeRegistIssue)
        .collect();
    let wanted = Arc::new(wanted);
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (pb, wanted, next) = (pb.clone(), wanted.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            while let Some(&i) = wanted.get(next.fetch_add(1, Ordering::Relaxed)) {
                let key = format!("SOAK-{i:06}-O");
                let out = pb
                    .cashbill()
                    .regist_issue(&corp(), receipt(&key))
                    .await
                    .unwrap();
                let original = Original {
                    key,
                    confirm_num: out.nts_confirm_num().unwrap().to_owned(),
                    trade_date: out.response.trade_date.clone().unwrap(),
                };
                done.push((i, original));
            }
            done
        }));
    }
    let mut originals = BTreeMap::new();
    for w in workers {
        originals.extend(w.await.unwrap());
    }
    originals
}

/// What the sandbox holds of a cash receipt: whether it is issued (300, 304, 305) and how
/// many issuances (log 300) and revocations (log 310) its history shows.
async fn cashbill_record(pb: &Popbill, key: &str) -> (bool, usize, usize) {
    let logs = match pb
        .cashbill()
        .get_logs(&corp(), &MgtKey::parse(key).unwrap())
        .await
    {
        Ok(logs) => logs,
        Err(e) if e.api_code() == Some(popbill::ErrorCode::CASHBILL_MGT_KEY_NOT_FOUND) => {
            return (false, 0, 0);
        }
        Err(e) => panic!("getLogs {key}: {e}"),
    };
    let count = |t: i64| logs.iter().filter(|l| l.doc_log_type == Some(t)).count();
    let info = pb
        .cashbill()
        .get_info(&corp(), &MgtKey::parse(key).unwrap())
        .await
        .unwrap();
    let issued = info
        .state_code
        .and_then(|s| s.code())
        .is_some_and(|s| [300, 304, 305].contains(&s));
    (issued, count(300), count(310))
}

/// Runs the soak and reconciles.
pub async fn run(cfg: &SoakConfig) -> SoakReport {
    let sb = Sandbox::builder()
        .nts_delay(NtsDelay::After(FILING_DELAY))
        .token_ttl(TOKEN_TTL)
        .initial_points(i64::MAX / 4)
        .start()
        .await
        .unwrap();
    let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
        .test(true)
        .auth_url(sb.base_url())
        .api_url(sb.base_url())
        .attempt_timeout(cfg.attempt_timeout)
        .build()
        .unwrap();
    let pb = Popbill::new(config);
    let write_date = sb.clock().today_kst().to_string();
    // The originals the revocations cancel part of, filed before the run starts.
    let originals = Arc::new(issue_originals(&pb, cfg.calls, cfg.concurrency).await);
    sb.clock().advance(FILING_DELAY + Duration::from_secs(60));
    sb.tick();
    let quarter = cfg.fault_rate / 4.0;
    let latency = (cfg.attempt_timeout * 2).as_millis() as u64;
    for action in [
        FaultAction::Status { status: 503 },
        FaultAction::Latency { ms: latency },
        FaultAction::DropBefore,
        FaultAction::DropAfterCommit,
    ] {
        for (route, verb) in [
            ("/Taxinvoice*", "ISSUE"),
            ("/Cashbill", "ISSUE"),
            ("/Cashbill", "REVOKEISSUE"),
        ] {
            sb.faults().add(
                FaultRule::new(route, action.clone())
                    .verb(verb)
                    .rate(quarter),
            );
        }
    }
    let sb = Arc::new(sb);
    let next = Arc::new(AtomicUsize::new(0));
    let jumps = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..cfg.concurrency.max(1) {
        let (pb, sb, next, jumps, cfg, write_date, originals) = (
            pb.clone(),
            sb.clone(),
            next.clone(),
            jumps.clone(),
            cfg.clone(),
            write_date.clone(),
            originals.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut told = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= cfg.calls || start.elapsed() >= cfg.time_limit {
                    break;
                }
                if cfg.clock_jump_every > 0 && i > 0 && i % cfg.clock_jump_every == 0 {
                    // Past the token lifetime: every cached token is now expired, and the
                    // client's clock is that much behind the server's.
                    sb.clock().advance(TOKEN_TTL + Duration::from_secs(1));
                    jumps.fetch_add(1, Ordering::Relaxed);
                }
                let kind = Kind::of(i);
                let key = format!("SOAK-{i:06}");
                let t = one_call(&pb, kind, &key, &write_date, originals.get(&i)).await;
                told.push((i, key, t));
            }
            told
        }));
    }
    let mut told = Vec::new();
    for w in workers {
        told.extend(w.await.unwrap());
    }
    // Let any request still in the sandbox (a dropped client's) finish before looking.
    tokio::time::sleep(cfg.attempt_timeout * 3).await;
    sb.faults().clear();
    told.sort_by_key(|(i, _, _)| *i);
    let mut report = SoakReport {
        calls: told.len(),
        clock_jumps: jumps.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
        ..SoakReport::default()
    };
    let (mut invoices_issued, mut receipts_issued) = (0i64, 0i64);
    for (i, key, t) in &told {
        let kind = Kind::of(*i);
        let (issued, issuances) = if kind.is_cashbill() {
            let (issued, issuances, _) = cashbill_record(&pb, key).await;
            (issued, issuances)
        } else {
            let doc = sb.document(SELLER, "SELL", key);
            let issuances = doc
                .as_ref()
                .map_or(0, |d| d.log_types.iter().filter(|&&l| l == 230).count());
            (doc.as_ref().is_some_and(|d| d.state_code >= 300), issuances)
        };
        if issued && kind.is_cashbill() {
            receipts_issued += 1;
        } else if issued {
            invoices_issued += 1;
        }
        if issuances > 1 {
            report.issued_twice += 1;
        }
        if let Some(o) = originals.get(i) {
            // The original shows one revocation exactly when the cancel receipt is issued.
            let (filed, _, revocations) = cashbill_record(&pb, &o.key).await;
            assert!(filed, "original {} is not issued", o.key);
            if revocations > usize::from(issued) {
                report.issued_twice += 1;
            }
        }
        match t {
            Told::Issued(path) => {
                *report.paths.entry(path.clone()).or_default() += 1;
                if !issued {
                    report.lost += 1;
                } else if issuances == 1 {
                    report.issued_once += 1;
                }
            }
            Told::Failed(e) => {
                *report.errors.entry(e.clone()).or_default() += 1;
                if issued {
                    report.failed_but_issued += 1;
                } else {
                    report.failed_not_issued += 1;
                }
            }
        }
    }
    report.originals = originals.len();
    // Every issuance is charged once: more points charged than the issued documents cost is
    // a second issuance the documents' logs did not show.
    let (unit, cb_unit) = (
        sb.config().unit_cost().max(1),
        sb.config().cashbill_unit_cost().max(1),
    );
    let charged = i64::MAX / 4 - sb.points(SELLER).unwrap_or(i64::MAX / 4);
    let due = invoices_issued * unit + (receipts_issued + originals.len() as i64) * cb_unit;
    if charged > due {
        report.issued_twice += ((charged - due) / unit.min(cb_unit)).max(1) as usize;
    }
    if let Ok(sb) = Arc::try_unwrap(sb) {
        sb.shutdown().await;
    }
    report
}

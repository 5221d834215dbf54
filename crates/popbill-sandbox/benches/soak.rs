//! The fault soak at full size (not a test; figures go to docs/reliability.md):
//!
//! ```text
//! cargo bench -p popbill-sandbox --bench soak [-- CALLS MINUTES CONCURRENCY]
//! ```
//!
//! Defaults: 10,000 calls (Taxinvoice registIssue, Taxinvoice register + issue, Cashbill
//! registIssue and revokeRegistIssue in turn), at most 30 minutes, 8 in flight, 20 % faults,
//! a clock jump past the token lifetime every 50 calls. Prints the reconciled figures and
//! exits 1 when a document was issued twice or an acknowledged one was lost.

#[path = "../tests/soak_support/mod.rs"]
mod soak_support;

use std::time::Duration;

fn main() -> std::process::ExitCode {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let mut cfg = soak_support::SoakConfig::ci(args.first().copied().unwrap_or(10_000) as usize);
    cfg.time_limit = Duration::from_secs(60 * args.get(1).copied().unwrap_or(30));
    cfg.concurrency = args.get(2).copied().unwrap_or(8) as usize;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let report = rt.block_on(soak_support::run(&cfg));
    println!(
        "popbill-sandbox fault soak: {} calls, {:.0} % faults, {} in flight",
        cfg.calls,
        cfg.fault_rate * 100.0,
        cfg.concurrency
    );
    println!("{report}");
    if report.holds() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

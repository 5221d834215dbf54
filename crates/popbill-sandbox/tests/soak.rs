//! Never issued twice, nothing acknowledged lost: 500 issuing calls (Taxinvoice registIssue
//! and register + issue, Cashbill registIssue and revokeRegistIssue) through the `popbill`
//! client against the sandbox with 20 % injected faults of every kind, token expiry and clock
//! skew, reconciled MgtKey by MgtKey (see `soak_support`). The 10,000-call run is
//! `cargo bench -p popbill-sandbox --bench soak`.
#![allow(clippy::unwrap_used)]

mod soak_support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_issuing_calls_under_faults_are_each_issued_once_or_reported_failed() {
    let report = soak_support::run(&soak_support::SoakConfig::ci(500)).await;
    println!("{report}");
    assert_eq!(report.calls, 500, "ran every call within the time limit");
    assert_eq!(report.issued_twice, 0, "{report}");
    assert_eq!(report.lost, 0, "{report}");
    assert_eq!(
        report.issued_once + report.failed_not_issued + report.failed_but_issued,
        report.calls,
        "every key is accounted for: {report}"
    );
    // The faults really happened and were recovered from.
    assert!(
        report.paths.keys().any(|p| p.contains("Reconciled")),
        "{report}"
    );
    assert!(
        report.paths.keys().any(|p| p.contains("Resent")),
        "{report}"
    );
    assert!(report.clock_jumps >= 5, "{report}");
    // Every kind was driven, and each recovered from a fault at least once.
    for kind in [
        "TaxinvoiceRegistIssue",
        "TaxinvoiceIssue",
        "CashbillRegistIssue",
        "CashbillRevokeRegistIssue",
    ] {
        assert!(
            report.paths.keys().any(|p| p == &format!("{kind} Sent")),
            "{kind}: {report}"
        );
        assert!(
            report
                .paths
                .keys()
                .any(|p| p.starts_with(&format!("{kind} ")) && !p.ends_with(" Sent")),
            "{kind}: {report}"
        );
    }
    assert_eq!(report.originals, 125, "one filed original per revocation");
}

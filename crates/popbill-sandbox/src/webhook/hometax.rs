//! HomeTax crawl pushes built from the synthetic NTS ledger: `HT.TAXINVOICEXML` (one crawled
//! e-Tax invoice per body, no event-type header) and `HT.CASHBILL` (one cash receipt per body).
//!
//! Schedule on the sandbox clock: at the top of every hour the tax invoices of the member's
//! ledger (sales, purchases, consigned) issued during the hour that just ended are pushed; at
//! 09:00 Korean time the previous day's cash receipts (sales, purchases). Like POPBiLL, only
//! members with a HomeTax department user that logs in receive scheduled pushes.

use popbill_model::Date8;
use popbill_model::webhook::{HtTaxinvoicePush, WebhookType};

use super::body::Outgoing;
use crate::clock::dt14_kst;
use crate::hometax::credentials;
use crate::hometax::ledger::{self, HtKind, Side};
use crate::state::State;

/// One hour in milliseconds.
pub(crate) const HOUR_MS: i64 = 3_600_000;
/// Korean time is UTC+9.
const KST_MS: i64 = 9 * HOUR_MS;
/// The Korean hour of the daily cash receipt push.
const CASHBILL_PUSH_HOUR: i64 = 9;

/// The ledger's tax invoices of `corp` (every side) issued in `[from_ms, to_ms)`.
pub(crate) fn taxinvoices_issued(
    corp: &str,
    per_day: u32,
    from_ms: i64,
    to_ms: i64,
) -> Vec<Outgoing> {
    let (from, to) = (dt14_kst(from_ms), dt14_kst(to_ms));
    let first = popbill_model::kst_date_from_unix(from_ms.div_euclid(1000));
    let last = popbill_model::kst_date_from_unix((to_ms - 1).div_euclid(1000));
    let mut out = Vec::new();
    let mut issue = first;
    while issue <= last {
        for side in [Side::Sell, Side::Buy, Side::Trustee] {
            let seed = ledger::seed(corp, HtKind::Taxinvoice, side);
            // The write date is 0-2 days before the issue date.
            for back in (0..3).rev() {
                let day = issue.add_days(-back).days_since_epoch();
                for idx in 0..ledger::count_on(seed, day, per_day) {
                    let a = ledger::ti_attrs(seed, side, day, idx);
                    if a.issue != issue {
                        continue;
                    }
                    let invoice = ledger::ti_document(corp, side, day, idx, &a);
                    if invoice.issue_dt < from || invoice.issue_dt >= to {
                        continue;
                    }
                    let push = HtTaxinvoicePush {
                        send_date: a.send.to_string(),
                        invoice,
                    };
                    let at = to_ms.max(from_ms);
                    out.extend(Outgoing::new(
                        WebhookType::HtTaxinvoiceXml,
                        None,
                        corp,
                        at,
                        &push,
                    ));
                }
            }
        }
        issue = issue.add_days(1);
    }
    out
}

/// The ledger's cash receipts of `corp` (sales and purchases) traded on `date`.
pub(crate) fn cashbills_of(corp: &str, per_day: u32, date: Date8, at_ms: i64) -> Vec<Outgoing> {
    let day = date.days_since_epoch();
    let mut out = Vec::new();
    for side in [Side::Sell, Side::Buy] {
        let seed = ledger::seed(corp, HtKind::Cashbill, side);
        for idx in 0..ledger::count_on(seed, day, per_day) {
            let doc = ledger::cb_document(corp, side, &ledger::cb_attrs(seed, day, idx));
            out.extend(Outgoing::new(
                WebhookType::HtCashbill,
                None,
                corp,
                at_ms,
                &doc,
            ));
        }
    }
    out
}

/// Members whose department user for `kind` logs in.
fn subscribed(st: &State, kind: HtKind) -> Vec<String> {
    let mut corps: Vec<String> = st
        .hometax
        .members
        .iter()
        .filter(|(_, m)| {
            let user = match kind {
                HtKind::Taxinvoice => m.dept_ti.as_ref(),
                HtKind::Cashbill => m.dept_cb.as_ref(),
            };
            user.is_some_and(|u| credentials::dept_login(kind, u).is_ok())
        })
        .map(|(corp, _)| corp.clone())
        .collect();
    corps.sort();
    corps
}

/// The scheduled pushes due at the top of the hour `hour_end_ms` (a multiple of an hour).
pub(crate) fn scheduled(st: &State, hour_end_ms: i64) -> Vec<Outgoing> {
    let per_day = st.hometax.settings.docs_per_day;
    let mut out = Vec::new();
    for corp in subscribed(st, HtKind::Taxinvoice) {
        out.extend(taxinvoices_issued(
            &corp,
            per_day,
            hour_end_ms - HOUR_MS,
            hour_end_ms,
        ));
    }
    let kst_hour = (hour_end_ms + KST_MS).div_euclid(HOUR_MS).rem_euclid(24);
    if kst_hour == CASHBILL_PUSH_HOUR {
        let yesterday =
            popbill_model::kst_date_from_unix(hour_end_ms.div_euclid(1000)).add_days(-1);
        for corp in subscribed(st, HtKind::Cashbill) {
            out.extend(cashbills_of(&corp, per_day, yesterday, hour_end_ms));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// A whole day of hourly pushes carries exactly the ledger invoices issued that day, each
    /// once, every one parseable as an `HT.TAXINVOICEXML` body.
    #[test]
    fn hourly_pushes_partition_the_day() {
        let corp = "1234567890";
        // 2025-03-01 00:00 KST.
        let day_start = 1_740_754_800_000;
        let whole = taxinvoices_issued(corp, 3, day_start, day_start + 24 * HOUR_MS);
        let hourly: Vec<Outgoing> = (0..24)
            .flat_map(|h| {
                taxinvoices_issued(
                    corp,
                    3,
                    day_start + h * HOUR_MS,
                    day_start + (h + 1) * HOUR_MS,
                )
            })
            .collect();
        assert!(!whole.is_empty(), "the ledger issues something on a day");
        let nts = |o: &Outgoing| {
            let v: Value = serde_json::from_slice(&o.body).unwrap_or_default();
            assert_eq!(v["issueDT"].as_str().map(|s| &s[..8]), Some("20250301"));
            assert!(v["sendDate"].as_str().is_some_and(|s| s.len() == 8));
            v["ntsconfirmNum"].as_str().unwrap_or_default().to_owned()
        };
        let mut a: Vec<String> = whole.iter().map(nts).collect();
        let mut b: Vec<String> = hourly.iter().map(nts).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        b.dedup();
        assert_eq!(a.len(), b.len(), "no invoice pushed twice");
        assert!(
            whole
                .iter()
                .all(|o| o.webhook_type == WebhookType::HtTaxinvoiceXml && o.event_type.is_none())
        );
    }

    #[test]
    fn cashbill_pushes_cover_both_sides() {
        let date = Date8::parse("20250301").unwrap_or_else(|_| Date8::from_days_since_epoch(0));
        let out: Vec<Value> = (0..5)
            .flat_map(|d| cashbills_of("1234567890", 3, date.add_days(d), 0))
            .map(|o| serde_json::from_slice(&o.body).unwrap_or_default())
            .collect();
        assert!(out.iter().any(|v| v["invoiceType"] == "매출"));
        assert!(out.iter().any(|v| v["invoiceType"] == "매입"));
        assert!(out.iter().all(|v| v["ntsconfirmNum"].is_string()));
    }
}

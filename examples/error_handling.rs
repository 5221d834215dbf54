//! Matching the client's typed errors, and what to do about each: fix the request, use
//! another key, treat "not found" as an answer, charge points, issue late on purpose, or
//! retry.
//!
//! ```text
//! cargo run -p popbill --example error_handling        # against an embedded sandbox
//! ```
//!
//! Every failure is one [`popbill::Error`]: `Validation` (nothing was sent), `Api` (POPBiLL
//! answered a code and a message), `Auth` (no session token), `Transport`, `Timeout` or
//! `Decode`. The predicates (`is_not_found`, `is_mgt_key_in_use`, `is_late_issuance`,
//! `is_insufficient_points`, `is_retryable`, `request_may_have_been_sent`) answer the usual
//! questions without matching on numbers.

mod common;

use std::process::ExitCode;

use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8, MgtKey};
use popbill::{Error, ErrorCode, Popbill};

use common::{BoxError, now_secs, today_kst};

fn invoice(seller: &CorpNum, key: &MgtKey, write_date: Date8) -> Result<Taxinvoice, BoxError> {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_purchase_dt(write_date.to_string())
                .set_item_name("컨설팅")
                .set_qty("1".parse()?)
                .set_unit_cost("100000".parse()?),
        )
        .build()?;
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Receipt,
        write_date.to_string(),
    )
    .set_invoicer_corp_num(seller.as_str())
    .set_invoicer_mgt_key(key.as_str())
    .set_invoicer_corp_name("주식회사 공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("주식회사 공급받는자")
    .set_invoicee_ceo_name("박대표");
    Ok(totals.apply_to(inv))
}

/// What a caller should do about an error: the advice every service's errors share.
fn advice(e: &Error) -> &'static str {
    if e.is_late_issuance() {
        "the issuance deadline has passed: issue with force_issue(true) if you must (a penalty tax may apply)"
    } else if e.is_mgt_key_in_use() {
        "the document number is taken: look the document up (get_info) before issuing again"
    } else if e.is_not_found() {
        "nothing there: an answer, not a failure"
    } else if e.is_insufficient_points() {
        "charge points (member().get_charge_url) and try again"
    } else if let Error::Validation(_) = e {
        "fix the fields named in the error: nothing was sent and nothing was charged"
    } else if e.is_retryable() && !e.request_may_have_been_sent() {
        "retry: the request never reached POPBiLL"
    } else if e.is_retryable() {
        "retry only if the operation is idempotent; issuing calls reconcile by MgtKey on their own"
    } else {
        "do not retry: report the POPBiLL code and message"
    }
}

fn report(what: &str, e: &Error) {
    let code = e
        .api_code()
        .map(|c| format!("code {c} ({})", c.description().unwrap_or("undocumented")));
    println!("{what}: {e}");
    if let Some(code) = code {
        println!("  {code}");
    }
    println!("  -> {}", advice(e));
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();
    let key = MgtKey::parse(&format!("EH-{today}-{:05}", now_secs() % 100_000))?;

    // 1. A broken invoice is refused before sending; the error names every field.
    let broken = invoice(corp, &key, today)?.set_invoicee_corp_name("");
    match ti.regist_issue(corp, broken).await {
        Err(e @ Error::Validation(_)) => {
            report("broken invoice", &e);
            if let Error::Validation(v) = &e {
                for violation in v.violations() {
                    println!("  field {violation}");
                }
            }
        }
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }

    // 2. "Not found" is an answer.
    let unknown = MgtKey::parse("EH-NO-SUCH-KEY")?;
    match ti.get_info(corp, MgtKeyType::Sell, &unknown).await {
        Err(e) if e.is_not_found() => report("unknown document", &e),
        other => println!("unknown document: {other:?}"),
    }

    // 3. The same document number twice: the second issuance is refused.
    ti.regist_issue(corp, invoice(corp, &key, today)?).await?;
    println!("issued {key}");
    match ti.regist_issue(corp, invoice(corp, &key, today)?).await {
        Err(e) if e.is_mgt_key_in_use() => report("same key again", &e),
        other => println!("same key again: {other:?}"),
    }

    // 4. Written three months ago: late. Validation says so before sending; issuing anyway
    //    is a decision the caller makes with force_issue.
    let old = today.add_months(-3);
    let late_key = MgtKey::parse(&format!("{key}-L"))?;
    match ti.regist_issue(corp, invoice(corp, &late_key, old)?).await {
        Err(e) if e.is_late_issuance() => {
            report("late invoice", &e);
            ti.regist_issue(corp, invoice(corp, &late_key, old)?)
                .force_issue(true)
                .await?;
            println!("  issued {late_key} late on purpose (force_issue)");
        }
        other => println!("late invoice: {other:?}"),
    }

    // 5. Codes are values: compare with the named constants, or print their description.
    let code = ErrorCode::TAXINVOICE_LATE_ISSUE;
    println!("{code}: {}", code.description().unwrap_or("no description"));
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_example(async |s| run(&s.client, &s.corp).await).await
}

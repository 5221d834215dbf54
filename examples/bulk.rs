//! Bulk issuance: submit up to 100 invoices at once, then wait for the per-invoice results.
//!
//! ```text
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example bulk
//! # without credentials: against an embedded popbill-sandbox
//! cargo run -p popbill --example bulk
//! ```

mod common;

use std::process::ExitCode;
use std::time::Duration;

use popbill::Popbill;
use popbill::model::codes::{InvoiceeType, IssueType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8, SubmitId};

use common::{BoxError, now_secs, today_kst};

fn invoice(seller: &CorpNum, key: &str, today: Date8, amount: i64) -> Result<Taxinvoice, BoxError> {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_item_name("월 이용료")
                .set_supply_cost(amount),
        )
        .build()?;
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        today.to_string(),
    )
    .set_invoicer_corp_num(seller.as_str())
    .set_invoicer_mgt_key(key)
    .set_invoicer_corp_name("주식회사 공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("주식회사 공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    Ok(totals.apply_to(inv))
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();
    let stamp = now_secs() % 1_000_000;

    // 1. The submission: each invoice has its own document number; the SubmitID names the
    //    whole batch (1-36 of A-Z a-z 0-9 -). All invoices are validated before sending.
    let submit_id = SubmitId::parse(&format!("BULK-{today}-{stamp:06}"))?;
    let invoices = (1..=3)
        .map(|i| invoice(corp, &format!("BK-{stamp:06}-{i}"), today, 100_000 * i))
        .collect::<Result<Vec<_>, _>>()?;

    // 2. Submit. If this fails with a timeout or a 5xx, submitting again with the SAME
    //    SubmitID and the SAME invoices is safe: POPBiLL answers with the receipt it already
    //    has. The client does exactly that on its own (bulk_submit is retried as idempotent).
    let receipt = ti.bulk_submit(corp, &submit_id, invoices).await?;
    println!(
        "submitted {submit_id}: receipt {}",
        receipt.receipt_id.unwrap_or_default()
    );

    // 3. Issuance happens asynchronously: poll until txState 2 (0 received, 1 processing).
    let result = ti
        .wait_bulk_result(corp, &submit_id)
        .initial_interval(Duration::from_millis(200))
        .deadline(Duration::from_secs(60))
        .await?;
    println!(
        "done: {} issued, {} failed of {}",
        result.success_count.unwrap_or(0),
        result.fail_count.unwrap_or(0),
        result.submit_count.unwrap_or(0)
    );
    for r in &result.issue_result {
        println!(
            "  {} -> code {} {} {}",
            r.invoicer_mgt_key.as_deref().unwrap_or("?"),
            r.code.unwrap_or(0),
            r.nts_confirm_num.as_deref().unwrap_or(""),
            r.message.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_example(async |s| run(&s.client, &s.corp).await).await
}

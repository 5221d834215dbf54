//! Cancel a contract with a revised invoice (수정세금계산서, 계약의 해제) and wait until the NTS
//! has it: issue an invoice, file it, revise it with modifyCode 4, file the revision.
//!
//! ```text
//! # without credentials: against an embedded popbill-sandbox (filing takes seconds)
//! cargo run -p popbill --example revise
//! # against the POPBiLL test bed (filing can take until the next day: the wait gives up
//! # after two minutes and says so)
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example revise
//! ```

mod common;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TaxinvoiceInfo, TotalsBuilder};
use popbill::model::{CorpNum, Date8, MgtKey};
use popbill::{Popbill, Result};

use common::{BoxError, now_secs, today_kst};

/// The original invoice: one line, seller = the member.
fn original(seller: &CorpNum, key: &MgtKey, today: Date8) -> Result<Taxinvoice, BoxError> {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_purchase_dt(today.to_string())
                .set_item_name("연간 유지보수 계약")
                .set_qty("1".parse()?)
                .set_unit_cost("1200000".parse()?),
        )
        .build()?;
    let invoice = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        today.to_string(),
    )
    .set_invoicer_corp_num(seller.as_str())
    .set_invoicer_mgt_key(key.as_str())
    .set_invoicer_corp_name("주식회사 공급자")
    .set_invoicer_ceo_name("김대표")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("주식회사 공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    Ok(totals.apply_to(invoice))
}

/// Polls getInfo until the NTS result is in (304 filed, 305 rejected) or `limit` has passed,
/// waiting longer between polls as time goes on (0.5 s, 1 s, 2 s, … at most 15 s).
async fn wait_filed(
    client: &Popbill,
    corp: &CorpNum,
    key: &MgtKey,
    limit: Duration,
) -> Result<Option<TaxinvoiceInfo>> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(500);
    loop {
        let info = client
            .taxinvoice()
            .get_info(corp, MgtKeyType::Sell, key)
            .await?;
        let state = info.state_code.clone();
        if state
            .as_ref()
            .is_some_and(|s| s.is_filed_ok() || s.is_filing_failed())
        {
            return Ok(Some(info));
        }
        if start.elapsed() + pause > limit {
            return Ok(None);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(15));
    }
}

/// Files `key` now and waits for the NTS result; false when it is not in yet.
async fn file(client: &Popbill, corp: &CorpNum, key: &MgtKey) -> Result<bool, BoxError> {
    client
        .taxinvoice()
        .send_to_nts(corp, MgtKeyType::Sell, key)
        .await?;
    match wait_filed(client, corp, key, Duration::from_secs(120)).await? {
        Some(info) if info.state_code.as_ref().is_some_and(|s| s.is_filed_ok()) => {
            println!(
                "{key} filed with the NTS (304), confirm number {}",
                info.nts_confirm_num.as_deref().unwrap_or("-")
            );
            Ok(true)
        }
        Some(info) => Err(format!(
            "the NTS rejected {key} (305, {})",
            info.nts_result.as_deref().unwrap_or("no result code")
        )
        .into()),
        None => {
            println!("{key} is not filed yet; POPBiLL files within a day: run the rest later");
            Ok(false)
        }
    }
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();
    let stamp = now_secs() % 100_000;
    let key = MgtKey::parse(&format!("RV-{today}-{stamp:05}"))?;

    // 1. The original, issued and filed: only an invoice the NTS knows can be revised.
    ti.regist_issue(corp, original(corp, &key, today)?).await?;
    println!("issued {key}");
    if !file(client, corp, &key).await? {
        return Ok(());
    }

    // 2. The contract is cancelled: a negative copy with modifyCode 4 and the original's NTS
    //    confirm number, dated the day of the cancellation. `revision_base` refuses an
    //    original that is not filed, saying what to do instead.
    let base = ti.revision_base(corp, MgtKeyType::Sell, &key).await?;
    let revised_key = MgtKey::parse(&format!("RV-{today}-{stamp:05}-C"))?;
    let revised = base.contract_cancellation(&revised_key, today)?;
    println!(
        "revision {revised_key}: modifyCode {:?}, total {:?}, original {}",
        revised.modify_code.as_ref().map(ToString::to_string),
        revised.total_amount.map(|a| a.won()),
        base.nts_confirm_num()
    );
    ti.regist_issue(corp, revised).await?;

    // 3. File the revision too.
    file(client, corp, &revised_key).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_example(async |s| run(&s.client, &s.corp).await).await
}

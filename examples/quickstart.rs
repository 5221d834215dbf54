//! Quickstart: register an e-Tax invoice, issue it, file it with the NTS and look at the result.
//!
//! ```text
//! # without credentials: against a POPBiLL-compatible sandbox started in this process
//! cargo run --example quickstart
//!
//! # against the POPBiLL test bed (your partner credentials and a member business number)
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=... cargo run --example quickstart
//! ```
//!
//! On the test bed, filing with the NTS takes minutes to hours; the example stops waiting after
//! a short while and prints the state it saw. The sandbox files in about two seconds.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use popbill::Popbill;
use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8, MgtKey};

use common::{BoxError, now_secs, today_kst};

fn invoice(seller: &CorpNum, key: &MgtKey, today: Date8) -> Result<Taxinvoice, BoxError> {
    // Totals are computed from the lines: VAT 10 %, truncated, total = supply + tax.
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_purchase_dt(today.to_string())
                .set_item_name("클라우드 호스팅")
                .set_qty("3".parse()?)
                .set_unit_cost("120000".parse()?),
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
    .set_invoicer_addr("서울특별시 중구 세종대로 110")
    .set_invoicer_biz_type("서비스")
    .set_invoicer_biz_class("소프트웨어")
    .set_invoicer_email("seller@example.com")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("주식회사 공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_email1("buyer@example.com");
    Ok(totals.apply_to(invoice))
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();
    let key = MgtKey::parse(&format!("QS-{today}-{:05}", now_secs() % 100_000))?;

    // 1. Register a draft (state 100). It is validated first: a broken invoice costs nothing.
    ti.register(corp, invoice(corp, &key, today)?).await?;
    println!("registered {key}");

    // 2. Issue it (state 300). If the answer is lost, the client checks the document by its key
    //    instead of issuing twice.
    let issued = ti
        .issue(corp, MgtKeyType::Sell, &key)
        .memo("quickstart")
        .await?;
    println!(
        "issued; NTS confirm number {}",
        issued.nts_confirm_num().unwrap_or("-")
    );

    // 3. File it with the NTS now rather than the next day at 15:00 (301-303, then 304 or 305).
    ti.send_to_nts(corp, MgtKeyType::Sell, &key).await?;
    let mut info = ti.get_info(corp, MgtKeyType::Sell, &key).await?;
    for _ in 0..20 {
        if info
            .state_code
            .as_ref()
            .is_some_and(|s| s.is_filed_ok() || s.is_filing_failed())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        info = ti.get_info(corp, MgtKeyType::Sell, &key).await?;
    }

    // 4. Its state, confirm number and a view URL (valid 30 seconds).
    let state = info
        .state_code
        .map_or_else(|| "?".to_owned(), |s| s.to_string());
    println!("state: {state}");
    println!(
        "confirm number: {}",
        info.nts_confirm_num.unwrap_or_default()
    );
    println!(
        "view: {}",
        ti.get_view_url(corp, MgtKeyType::Sell, &key).await?
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_example(async |s| run(&s.client, &s.corp).await).await
}

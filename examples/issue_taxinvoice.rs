//! Issue an e-Tax invoice (전자세금계산서) and look at it: the everyday path.
//!
//! ```text
//! # against the POPBiLL test bed
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example issue_taxinvoice
//! # without credentials: against an embedded popbill-sandbox
//! cargo run -p popbill --example issue_taxinvoice
//! ```
//!
//! Optional: `POPBILL_USER_ID` (acting user account).

mod common;

use std::env;
use std::process::ExitCode;

use popbill::Popbill;
use popbill::model::codes::{InvoiceeType, IssueType, MgtKeyType, PurposeType, TaxType};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8, MgtKey};
use popbill::taxinvoice::IssuePath;

use common::{BoxError, now_secs, today_kst};

/// The invoice: seller = the member, two lines; totals computed, not typed by hand.
fn build_invoice(seller: &CorpNum, key: &MgtKey, today: Date8) -> Result<Taxinvoice, BoxError> {
    let totals = TotalsBuilder::new(TaxType::Taxable)
        .line(
            TaxinvoiceDetail::default()
                .set_purchase_dt(today.to_string())
                .set_item_name("소프트웨어 유지보수")
                .set_qty("1".parse()?)
                .set_unit_cost("300000".parse()?),
        )
        .line(
            TaxinvoiceDetail::default()
                .set_purchase_dt(today.to_string())
                .set_item_name("출장 지원")
                .set_qty("2.5".parse()?)
                .set_unit_cost("80000".parse()?),
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

async fn run(client: &Popbill, corp: &CorpNum, user_id: Option<&str>) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();

    // 1. A document number (MgtKey) of our own, unique per member: 1-24 of A-Z a-z 0-9 - _.
    let secs = now_secs();
    let key = MgtKey::parse(&format!("EX-{today}-{:05}", secs % 100_000))?;
    if ti
        .check_mgt_key_in_use(corp, MgtKeyType::Sell, &key)
        .await?
    {
        println!("{key} is taken; run again in a second");
        return Ok(());
    }

    // 2. Issue. The invoice is validated first: a broken invoice costs nothing and the error
    //    names every broken field. Issuing is not idempotent; if the answer is lost (reset,
    //    timeout, 5xx), the client asks POPBiLL about `key` instead of sending it twice, and
    //    `outcome.path` tells what happened.
    let invoice = build_invoice(corp, &key, today)?;
    let mut call = ti.regist_issue(corp, invoice).memo("예제 발행");
    if let Some(u) = user_id {
        call = call.user_id(u);
    }
    let Some(outcome) = common::valid_or_report(call.await)? else {
        return Ok(());
    };
    match outcome.path {
        IssuePath::Sent => println!("issued {key}: {}", outcome.response.message),
        IssuePath::Reconciled => println!("issued {key} (answer lost, confirmed with getInfo)"),
        other => println!("issued {key} after recovery: {other:?}"),
    }
    println!(
        "NTS confirm number: {}",
        outcome.nts_confirm_num().unwrap_or("-")
    );

    // 3. Its state, and a link to show it to a user (valid 30 seconds).
    let info = ti.get_info(corp, MgtKeyType::Sell, &key).await?;
    println!(
        "state {} / supply {} / tax {}",
        info.state_code
            .map_or_else(|| "?".to_owned(), |s| s.to_string()),
        info.supply_cost_total
            .map_or_else(|| "-".to_owned(), |a| a.to_string()),
        info.tax_total
            .map_or_else(|| "-".to_owned(), |a| a.to_string()),
    );
    let url = ti.get_popup_url(corp, MgtKeyType::Sell, &key).await?;
    println!("popup: {url}");

    // 4. The whole invoice back, and its history.
    let detail = ti.get_detail_info(corp, MgtKeyType::Sell, &key).await?;
    println!(
        "{} line(s), total {:?}",
        detail.details().len(),
        detail.total_amount.map(|a| a.won())
    );
    for log in ti.get_logs(corp, MgtKeyType::Sell, &key).await? {
        println!(
            "  log: {} {}",
            log.reg_dt.unwrap_or_default(),
            log.log.unwrap_or_default()
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let user_id = env::var("POPBILL_USER_ID").ok();
    common::run_example(async |s| run(&s.client, &s.corp, user_id.as_deref()).await).await
}

//! Search invoices: a typed query, one page, or every page as a stream.
//!
//! ```text
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example search
//! # without credentials: against an embedded popbill-sandbox, after registering a few drafts
//! cargo run -p popbill --example search
//! ```

mod common;

use std::process::ExitCode;

use futures_util::TryStreamExt;
use popbill::Popbill;
use popbill::model::codes::{
    InvoiceeType, IssueType, MgtKeyType, PurposeType, SearchDateType, SortOrder, TaxType,
    TaxTypeFilter,
};
use popbill::model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsBuilder};
use popbill::model::{CorpNum, Date8};
use popbill::taxinvoice::SearchQuery;

use common::{BoxError, today_kst};

/// Registers `n` drafts so that an empty sandbox has something to find.
async fn seed(client: &Popbill, corp: &CorpNum, today: Date8, n: u32) -> Result<(), BoxError> {
    for i in 1..=n {
        let totals = TotalsBuilder::new(TaxType::Taxable)
            .line(
                TaxinvoiceDetail::default()
                    .set_item_name("자문")
                    .set_supply_cost(i64::from(i) * 10_000),
            )
            .build()?;
        let invoice = Taxinvoice::new(
            IssueType::Forward,
            TaxType::Taxable,
            PurposeType::Claim,
            today.to_string(),
        )
        .set_invoicer_corp_num(corp.as_str())
        .set_invoicer_mgt_key(format!("SEARCH-{today}-{i:03}"))
        .set_invoicer_corp_name("주식회사 공급자")
        .set_invoicer_ceo_name("김대표")
        .set_invoicee_type(InvoiceeType::Business)
        .set_invoicee_corp_num("8888888888")
        .set_invoicee_corp_name(format!("거래처 {i}"))
        .set_invoicee_ceo_name("박대표");
        client
            .taxinvoice()
            .register(corp, totals.apply_to(invoice))
            .await?;
    }
    Ok(())
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let ti = client.taxinvoice();
    let today = today_kst();

    // The window is at most 6 months; every filter of the official SDKs is a typed method
    // and is encoded exactly as they send it (`State=1**,3**`, QString percent-encoded, ...).
    let query = SearchQuery::new(SearchDateType::Written, today.add_days(-30), today)
        .state(["1**", "3**"])
        .tax_type([TaxTypeFilter::Taxable])
        .order(SortOrder::Descending)
        .per_page(5);
    println!("GET /Taxinvoice/SELL?{}", query.to_query_string());

    // One page.
    let first = ti.search(corp, MgtKeyType::Sell, &query).await?;
    println!(
        "page {} of {}: {} of {} invoice(s)",
        first.page_num.unwrap_or(0),
        first.page_count.unwrap_or(0),
        first.list.len(),
        first.total.unwrap_or(0)
    );

    // Every page as a stream: the next page is requested only while the answer says there
    // is one, and never after the last.
    let mut items = ti.search_pages(corp, MgtKeyType::Sell, query).items();
    let mut n = 0;
    while let Some(info) = items.try_next().await? {
        n += 1;
        println!(
            "{n:>3}. {} {} state {} supply {}",
            info.write_date.as_deref().unwrap_or("-"),
            info.invoicer_mgt_key.as_deref().unwrap_or("-"),
            info.state_code
                .map_or_else(|| "?".to_owned(), |s| s.to_string()),
            info.supply_cost_total
                .map_or_else(|| "-".to_owned(), |a| a.to_string()),
        );
    }
    println!("{n} invoice(s) in total");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    common::run_example(async |s| {
        if s.is_sandbox() {
            // An empty sandbox has nothing to find: register a few drafts first.
            seed(&s.client, &s.corp, today_kst(), 12).await?;
        }
        run(&s.client, &s.corp).await
    })
    .await
}

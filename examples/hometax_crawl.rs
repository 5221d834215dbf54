//! Collect last quarter's purchase invoices from HomeTax, print the summary, write a CSV.
//!
//! ```text
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example hometax_crawl [out.csv]
//! # without credentials: against an embedded popbill-sandbox and its synthetic NTS ledger
//! cargo run -p popbill --example hometax_crawl
//! ```
//!
//! Against the sandbox the example first registers a department user; on the test bed the
//! member's HomeTax credentials must already be registered (see `hometax_health`).

mod common;

use std::io::Write as _;
use std::process::ExitCode;

use futures_util::StreamExt as _;
use popbill::model::Date8;
use popbill::model::hometax::{DeptUserForm, HomeTaxDateType, HtTaxinvoiceAbbr, QueryType};
use popbill::services::hometax::CrawlEvent;

use common::{BoxError, Session, today_kst};

/// The calendar quarter before the one `today` falls in.
fn last_quarter(today: Date8) -> (Date8, Date8) {
    let this_quarter = (today.month() - 1) / 3 * 3 + 1;
    let start_this = Date8::from_ymd(today.year(), this_quarter, 1).unwrap_or(today);
    let start = start_this.add_months(-3);
    (start, start_this.add_days(-1))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv_row(d: &HtTaxinvoiceAbbr) -> String {
    let kind = d
        .invoice_type
        .as_ref()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let tax_type = d
        .tax_type
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_default();
    [
        d.nts_confirm_num.as_str(),
        d.write_date.as_str(),
        d.send_date.as_str(),
        kind.as_str(),
        tax_type.as_str(),
        d.invoicer_corp_num.as_str(),
        d.invoicer_corp_name.as_str(),
        d.supply_cost_total.as_str(),
        d.tax_total.as_str(),
        d.total_amount.as_str(),
        d.item_name.as_str(),
    ]
    .map(csv_field)
    .join(",")
}

async fn run(s: &Session, out: &str) -> Result<(), BoxError> {
    let ht = s.client.hometax_taxinvoice();
    if s.is_sandbox() {
        ht.regist_dept_user(&s.corp, DeptUserForm::new("example-dept", "example-pw"))
            .await?;
    }
    let (from, to) = last_quarter(today_kst());
    println!("collecting purchase invoices sent to the NTS {from}..={to}");
    let crawl = ht.crawl(&s.corp, QueryType::Buy, HomeTaxDateType::Sent, from, to);
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(
        file,
        "ntsconfirmNum,writeDate,sendDate,invoiceType,taxType,invoicerCorpNum,invoicerCorpName,supplyCostTotal,taxTotal,totalAmount,itemName"
    )?;
    let (mut count, mut supply, mut tax, mut amount) = (0i64, 0i64, 0i64, 0i64);
    let mut stream = std::pin::pin!(crawl.stream());
    while let Some(event) = stream.next().await {
        match event? {
            CrawlEvent::Document(doc) => writeln!(file, "{}", csv_row(&doc))?,
            CrawlEvent::WindowDone {
                from,
                to,
                job_id,
                summary,
            } => {
                println!("  job {job_id} ({from}..={to}): {} invoices", summary.count);
                count += summary.count;
                supply += summary.supply_cost_total;
                tax += summary.tax_total;
                amount += summary.amount_total;
            }
            _ => {}
        }
    }
    file.flush()?;
    println!("{count} invoices: supply {supply} KRW, tax {tax} KRW, total {amount} KRW");
    println!("wrote {out}");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "hometax_purchases.csv".to_owned());
    let session = match Session::connect().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot connect: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = run(&session, &out).await;
    session.close().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

//! Cash receipts (현금영수증): issue one for a consumer's phone number, wait until it is filed
//! with the NTS, cancel part of it, and wait for the cancel receipt's filing.
//!
//! ```text
//! # without credentials: against an embedded popbill-sandbox that files after 2 seconds
//! cargo run -p popbill --example cashbill
//! # against the POPBiLL test bed (filing runs the next day there: the waits time out, which
//! # the example reports)
//! POPBILL_LINK_ID=... POPBILL_SECRET_KEY=... POPBILL_CORP_NUM=1234567890 \
//!     cargo run -p popbill --example cashbill
//! ```

mod common;

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use popbill::cashbill::Filing;
use popbill::model::cashbill::{Cashbill, RevokeRequest};
use popbill::model::codes::{CancelType, TaxationType, TradeUsage};
use popbill::model::{CorpNum, MgtKey};
use popbill::{Error, Popbill};
use popbill_sandbox::{NtsDelay, Sandbox};

use common::BoxError;

/// Waits for the filing of `key` and says how it ended; `false` when it did not end in time.
async fn wait_filed(client: &Popbill, corp: &CorpNum, key: &MgtKey) -> Result<bool, BoxError> {
    let wait = client
        .cashbill()
        .wait_filed(corp, key)
        .max_interval(Duration::from_secs(2))
        .deadline(Duration::from_secs(30));
    match wait.await {
        Ok(Filing::Filed(info)) => {
            println!(
                "{key}: filed with the NTS at {}",
                info.ntsresult_dt.unwrap_or_default()
            );
            Ok(true)
        }
        Ok(Filing::Failed {
            nts_result_code, ..
        }) => {
            println!(
                "{key}: the NTS refused it ({})",
                nts_result_code.unwrap_or_default()
            );
            Ok(false)
        }
        Ok(other) => {
            println!("{key}: {other:?}");
            Ok(false)
        }
        Err(Error::Timeout(_)) => {
            println!("{key}: not filed yet (filing runs the day after issuance on POPBiLL)");
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

async fn run(client: &Popbill, corp: &CorpNum) -> Result<(), BoxError> {
    let cb = client.cashbill();
    let secs = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() % 100_000;
    let key = MgtKey::parse(&format!("CB-{}-{secs:05}", client.today_kst()))?;

    // 1. The receipt: 소득공제용 for the consumer's phone number (hyphens are fine in user
    //    input), a VAT-inclusive price split into supply cost and tax, traded now (Korean time).
    let receipt = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key(key.as_str())
        .set_trade_dt(client.now_kst().to_string())
        .set_identity_num_normalized("010-1234-5678")
        .set_amounts(10_000, 1_000, 0)
        .set_franchise_corp_num(corp.as_str())
        .set_franchise_corp_name("예제 가맹점")
        .set_franchise_ceo_name("김대표")
        .set_item_name("커피 원두 1kg")
        .set_customer_name("홍길동")
        .set_hp("01012345678")
        .set_smssend_yn(false);

    // 2. Issue. Validated first; never issued twice (an answer lost in transit is confirmed
    //    with getInfo, not by sending again).
    let issued = cb.regist_issue(corp, receipt).memo("예제 발행").await;
    let Some(issued) = common::valid_or_report(issued)? else {
        return Ok(());
    };
    let confirm = issued.nts_confirm_num().unwrap_or_default().to_owned();
    let trade_date = issued.response.trade_date.clone().unwrap_or_default();
    println!(
        "issued {key}: confirm number {confirm}, trade date {trade_date} ({:?})",
        issued.path
    );

    // 3. A receipt can be cancelled only once it is filed with the NTS.
    if !wait_filed(client, corp, &key).await? {
        return Ok(());
    }

    // 4. Cancel 4,400 won of it (partial cancel: supply 4,000 + tax 400).
    let revoke_key = MgtKey::parse(&format!("{key}-C"))?;
    let revocation = RevokeRequest::new(revoke_key.as_str(), &confirm, &trade_date)
        .set_cancel_type(CancelType::TradeCancelled)
        .set_partial_amounts(4_000, 400, 0)
        .set_smssend_yn(false);
    let revoked = cb
        .revoke_regist_issue(corp, revocation)
        .memo("부분 취소")
        .await?;
    println!(
        "cancel receipt {revoke_key}: confirm number {}",
        revoked.nts_confirm_num().unwrap_or("-")
    );
    wait_filed(client, corp, &revoke_key).await?;

    // 5. Both receipts, as POPBiLL lists them.
    for info in cb.get_infos(corp, &[key, revoke_key]).await? {
        println!(
            "  {} {:?} state {:?} total {:?}",
            info.mgt_key.unwrap_or_default(),
            info.trade_type,
            info.state_code.and_then(|s| s.code()),
            info.total_amount.map(|a| a.to_string())
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    // Without credentials: an embedded sandbox that files receipts 2 seconds after issuance.
    let sandbox = Sandbox::builder()
        .nts_delay(NtsDelay::After(Duration::from_secs(2)))
        .filing_step(Duration::from_millis(100));
    common::run_example_on(sandbox, async |s| run(&s.client, &s.corp).await).await
}

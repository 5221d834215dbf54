//! VAT-inclusive prices split into supply value and tax: exact sums, half-up tax, 비과세.

use popbill_model::cashbill::totals::{CashbillAmounts, CashbillTotalsError};
use popbill_model::cashbill::{Cashbill, CashbillInfo, RevokeRequest};
use popbill_model::codes::{TaxationType, TradeUsage};
use popbill_model::{Amount, Rounding, Validate, ValidationContext};
use proptest::prelude::*;

fn split(total: i64, fee: i64, t: TaxationType) -> CashbillAmounts {
    CashbillAmounts::from_vat_inclusive(Amount::new(total), Amount::new(fee), &t, Rounding::HalfUp)
        .expect("splits")
}

#[test]
fn known_prices() {
    // (price, fee) -> (supply, tax)
    for (total, fee, supply, tax) in [
        (11_000, 0, 10_000, 1_000),
        (10_000, 0, 9_091, 909), // 909.09 -> 909
        (1_006, 0, 915, 91),     // 91.45 -> 91
        (1_007, 0, 915, 92),     // 91.54 -> 92
        (16, 0, 15, 1),          // 1.45 -> 1
        (17, 0, 15, 2),          // 1.54 -> 2
        (12_100, 1_100, 10_000, 1_000),
        (1, 0, 1, 0),
    ] {
        let a = split(total, fee, TaxationType::Taxable);
        assert_eq!(
            (a.supply_cost.won(), a.tax.won()),
            (supply, tax),
            "{total}/{fee}"
        );
        assert_eq!(a.service_fee.won(), fee);
        assert_eq!(a.total_amount.won(), total);
    }
    let a = split(10_000, 500, TaxationType::NonTaxable);
    assert_eq!((a.supply_cost.won(), a.tax.won()), (9_500, 0));
    let t = CashbillAmounts::from_vat_inclusive(
        Amount::new(10_000),
        Amount::ZERO,
        &TaxationType::Taxable,
        Rounding::Truncate,
    )
    .expect("splits");
    assert_eq!(t.tax.won(), 909);
}

#[test]
fn refusals() {
    let neg = CashbillAmounts::from_vat_inclusive(
        Amount::new(100),
        Amount::new(101),
        &TaxationType::Taxable,
        Rounding::HalfUp,
    );
    assert!(matches!(neg, Err(CashbillTotalsError::Negative { .. })));
    let unknown = CashbillAmounts::from_vat_inclusive(
        Amount::new(100),
        Amount::ZERO,
        &TaxationType::from("면세"),
        Rounding::HalfUp,
    );
    assert!(matches!(
        unknown,
        Err(CashbillTotalsError::UnknownTaxationType(_))
    ));
}

#[test]
fn receipts_built_from_a_price_validate() {
    let cb = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
        .set_mgt_key("CB-1")
        .set_franchise_corp_num("2208162517")
        .set_identity_num("0100001234")
        .set_service_fee(300)
        .with_vat_inclusive_total(3_300)
        .expect("splits");
    assert_eq!(cb.supply_cost.map(|a| a.won()), Some(2_727));
    assert_eq!(cb.tax.map(|a| a.won()), Some(273));
    assert_eq!(cb.validate_with(&ValidationContext::new()), Ok(()));
}

#[test]
fn partial_refund_from_a_price() {
    let org: CashbillInfo = serde_json::from_value(serde_json::json!({
        "confirmNum": "TB0000001", "tradeDate": "20250101", "taxationType": "비과세"
    }))
    .expect("info");
    let r = RevokeRequest::partial_vat_inclusive_from(&org, "C-1", 5_000).expect("builds");
    assert_eq!(r.supply_cost.map(|a| a.won()), Some(5_000));
    assert_eq!(r.tax.map(|a| a.won()), Some(0));
    assert_eq!(r.total_amount.map(|a| a.won()), Some(5_000));
    assert_eq!(r.org_confirm_num.as_deref(), Some("TB0000001"));
}

proptest! {
    #[test]
    fn the_split_is_exact(total in 0i64..=999_999_999, fee_part in 0u32..=100) {
        let fee = total / 100 * i64::from(fee_part) / 100;
        let a = split(total, fee, TaxationType::Taxable);
        prop_assert_eq!(a.supply_cost.won() + a.tax.won() + a.service_fee.won(), total);
        prop_assert!(a.tax.won() <= a.supply_cost.won() || total - fee < 2);
        // The tax is the nearest whole won to a tenth of the supply... within one won.
        let price = i128::from(total - fee);
        prop_assert!((i128::from(a.tax.won()) * 11 - price).abs() <= 6);
    }
}

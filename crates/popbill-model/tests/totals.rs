//! The totals builder: line amounts, VAT per tax type and rounding mode, header sums,
//! VAT-inclusive split, and errors instead of panics.

mod common;

use common::{dec, sample_invoice};
use popbill_model::codes::TaxType;
use popbill_model::taxinvoice::{
    Blankable, TaxinvoiceDetail, TotalsBuilder, TotalsError, split_vat_inclusive,
};
use popbill_model::{Amount, Decimal, Rounding, Validate};

fn qty_line(q: &str, u: &str) -> TaxinvoiceDetail {
    TaxinvoiceDetail::default()
        .set_qty(dec(q))
        .set_unit_cost(dec(u))
}

#[test]
fn vat_per_rounding_mode() {
    // 3 × 333.33 = 999.99; tax 10 % of the rounded supply.
    let cases = [
        (Rounding::Truncate, 999, 99),
        (Rounding::HalfUp, 1_000, 100),
        (Rounding::Up, 1_000, 100),
    ];
    for (r, supply, tax) in cases {
        let t = TotalsBuilder::new(TaxType::Taxable)
            .rounding(r)
            .line(qty_line("3", "333.33"))
            .build()
            .expect("computes");
        assert_eq!(
            (t.supply_cost_total.won(), t.tax_total.won()),
            (supply, tax),
            "{r:?}"
        );
        assert_eq!(t.total_amount.won(), supply + tax);
    }
    // Tax rounding on its own: supply 1 005 → 100.5.
    let line = || TaxinvoiceDetail::default().set_supply_cost(1_005);
    let t = |r| {
        TotalsBuilder::new(TaxType::Taxable)
            .rounding(r)
            .line(line())
            .build()
            .expect("ok")
    };
    assert_eq!(t(Rounding::Truncate).tax_total.won(), 100);
    assert_eq!(t(Rounding::HalfUp).tax_total.won(), 101);
    assert_eq!(t(Rounding::Up).tax_total.won(), 101);
}

#[test]
fn negative_lines_round_symmetrically() {
    let t = TotalsBuilder::new(TaxType::Taxable)
        .line(TaxinvoiceDetail::default().set_supply_cost(-1_005))
        .build()
        .expect("ok");
    assert_eq!(
        (t.supply_cost_total.won(), t.tax_total.won()),
        (-1_005, -100)
    );
}

#[test]
fn no_tax_when_zero_rated_or_exempt() {
    for tt in [TaxType::ZeroRated, TaxType::Exempt] {
        let t = TotalsBuilder::new(tt)
            .line(qty_line("2", "50000"))
            .line(TaxinvoiceDetail::default().set_supply_cost(300).set_tax(30))
            .build()
            .expect("ok");
        assert_eq!(t.supply_cost_total.won(), 100_300);
        assert!(t.tax_total.is_zero());
        assert!(t.lines.iter().all(|l| l.tax_value() == Some(Amount::ZERO)));
    }
}

#[test]
fn given_supply_cost_wins_and_tax_may_be_kept() {
    let line = qty_line("2", "50000")
        .set_supply_cost(99_000)
        .set_tax(9_999);
    let t = TotalsBuilder::new(TaxType::Taxable)
        .line(line.clone())
        .build()
        .expect("ok");
    assert_eq!(
        (t.supply_cost_total.won(), t.tax_total.won()),
        (99_000, 9_900)
    );
    let t = TotalsBuilder::new(TaxType::Taxable)
        .keep_given_tax(true)
        .line(line)
        .build()
        .expect("ok");
    assert_eq!(t.tax_total.won(), 9_999);
}

#[test]
fn serial_numbers_and_text_are_kept_and_renumbered() {
    let t = TotalsBuilder::new(TaxType::Taxable)
        .line(qty_line("1", "10").set_item_name("첫째").set_serial_num(7))
        .line(qty_line("1", "20").set_remark("둘째"))
        .build()
        .expect("ok");
    assert_eq!(t.lines[0].serial_num, Some(1));
    assert_eq!(t.lines[1].serial_num, Some(2));
    assert_eq!(t.lines[0].item_name.as_deref(), Some("첫째"));
    assert_eq!(t.lines[1].remark.as_deref(), Some("둘째"));
    assert_eq!(
        t.lines[1].supply_cost,
        Some(Blankable::Value(Amount::new(20)))
    );
}

#[test]
fn vat_inclusive_split() {
    let split =
        |n| split_vat_inclusive(Amount::new(n), &TaxType::Taxable, Rounding::Truncate).expect("ok");
    assert_eq!(split(11_000), (Amount::new(10_000), Amount::new(1_000)));
    assert_eq!(split(10_000), (Amount::new(9_090), Amount::new(910)));
    assert_eq!(split(-10_000), (Amount::new(-9_090), Amount::new(-910)));
    assert_eq!(split(1), (Amount::ZERO, Amount::new(1)));
    let (s, t) =
        split_vat_inclusive(Amount::new(10_000), &TaxType::Taxable, Rounding::HalfUp).expect("ok");
    assert_eq!((s.won(), t.won()), (9_091, 909));
    let (s, t) =
        split_vat_inclusive(Amount::new(10_000), &TaxType::Exempt, Rounding::Truncate).expect("ok");
    assert_eq!((s.won(), t.won()), (10_000, 0));
    let t = TotalsBuilder::new(TaxType::Taxable)
        .line_vat_inclusive(
            TaxinvoiceDetail::default().set_item_name("포함가"),
            Amount::new(55_000),
        )
        .build()
        .expect("ok");
    assert_eq!(
        (
            t.supply_cost_total.won(),
            t.tax_total.won(),
            t.total_amount.won()
        ),
        (50_000, 5_000, 55_000)
    );
}

#[test]
fn errors_instead_of_panics() {
    assert_eq!(
        TotalsBuilder::new(TaxType::Taxable).build(),
        Err(TotalsError::NoLines)
    );
    let e = TotalsBuilder::new(TaxType::Taxable)
        .line(TaxinvoiceDetail::default().set_qty(dec("1")))
        .build();
    assert_eq!(e, Err(TotalsError::MissingAmount(0)));
    let big = Decimal::from_hundredths(i64::MAX);
    let e = TotalsBuilder::new(TaxType::Taxable)
        .line(TaxinvoiceDetail::default().set_qty(big).set_unit_cost(big))
        .build();
    assert_eq!(e, Err(TotalsError::LineOverflow(0)));
    let near = 999_999_999_999_999_000_i64;
    let e = TotalsBuilder::new(TaxType::Exempt)
        .line(TaxinvoiceDetail::default().set_supply_cost(near))
        .line(TaxinvoiceDetail::default().set_supply_cost(near))
        .build();
    assert_eq!(e, Err(TotalsError::Overflow));
    let e = TotalsBuilder::new(TaxType::from("미정"))
        .line(qty_line("1", "1"))
        .build();
    assert!(matches!(e, Err(TotalsError::UnknownTaxType(_))));
    let mut b = TotalsBuilder::new(TaxType::Taxable);
    for _ in 0..100 {
        b = b.line(qty_line("1", "1"));
    }
    assert_eq!(b.build(), Err(TotalsError::TooManyLines(100)));
}

#[test]
fn computed_invoice_passes_validation() {
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        for l in lines.iter_mut() {
            l.supply_cost = None;
            l.tax = None;
        }
    }
    inv = inv
        .set_supply_cost_total(1)
        .set_tax_total(1)
        .set_total_amount(1);
    assert!(inv.validate().is_err());
    inv.compute_totals(Rounding::Truncate).expect("computes");
    assert_eq!(inv.supply_cost_total, Some(Amount::new(104_500)));
    assert_eq!(inv.tax_total, Some(Amount::new(10_450)));
    assert_eq!(inv.total_amount, Some(Amount::new(114_950)));
    assert!(inv.validate().is_ok());
    // On error the invoice is left as it was.
    let mut broken = inv.clone().set_tax_type(TaxType::from("?"));
    let before = broken.clone();
    assert!(broken.compute_totals(Rounding::Truncate).is_err());
    assert_eq!(broken, before);
}

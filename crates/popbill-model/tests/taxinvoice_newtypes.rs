//! New-user ergonomics of the Taxinvoice model: typed values go straight into setters, one
//! chainable totals step, and violations that name the line the way serialNum counts it.

mod common;

use common::{BUYER, SELLER, sample_invoice, strict};
use popbill_model::codes::{IssueType, PurposeType, TaxType};
use popbill_model::taxinvoice::{Taxinvoice, TaxinvoiceDetail, TotalsError};
use popbill_model::{CorpNum, Date8, MgtKey, NtsConfirmNum, Validate, rule};

#[test]
fn setters_take_newtypes_and_strings_alike() {
    let seller = CorpNum::parse(SELLER).expect("corp num");
    let key = MgtKey::parse("INV-0001").expect("key");
    let day = Date8::parse("20250115").expect("date");
    let org = NtsConfirmNum::parse("20250115410000000000abcd").expect("confirm num");
    let typed = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        day,
    )
    .set_invoicer_corp_num(&seller)
    .set_invoicer_mgt_key(&key)
    .set_invoicee_corp_num(BUYER)
    .set_org_nts_confirm_num(&org)
    .add_detail(TaxinvoiceDetail::default().set_purchase_dt(day));
    let text = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250115",
    )
    .set_invoicer_corp_num(SELLER.to_owned())
    .set_invoicer_mgt_key("INV-0001".to_owned())
    .set_invoicee_corp_num(BUYER)
    .set_org_nts_confirm_num(org.as_str())
    .add_detail(TaxinvoiceDetail::default().set_purchase_dt("20250115"));
    assert_eq!(typed, text);
    assert_eq!(typed.write_date.as_deref(), Some("20250115"));
    assert_eq!(typed.invoicer_corp_num.as_deref(), Some(SELLER));
}

#[test]
fn one_chainable_totals_step() {
    let inv = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250115",
    )
    .add_detail(TaxinvoiceDetail::default().set_supply_cost(100_000))
    .add_detail(
        TaxinvoiceDetail::default()
            .set_qty("1.5".parse().expect("qty"))
            .set_unit_cost("3000".parse().expect("cost")),
    )
    .with_computed_totals()
    .expect("totals");
    assert_eq!(inv.supply_cost_total.map(|a| a.won()), Some(104_500));
    assert_eq!(inv.tax_total.map(|a| a.won()), Some(10_450));
    assert_eq!(inv.total_amount.map(|a| a.won()), Some(114_950));
    // 영세: the tax type stated in new() drives the tax.
    let zero = Taxinvoice::new(
        IssueType::Forward,
        TaxType::ZeroRated,
        PurposeType::Claim,
        "20250115",
    )
    .add_detail(TaxinvoiceDetail::default().set_supply_cost(5_000))
    .with_computed_totals()
    .expect("totals");
    assert_eq!(zero.tax_total.map(|a| a.won()), Some(0));
    // A line without an amount: the error names line 2 and its index.
    let e = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250115",
    )
    .add_detail(TaxinvoiceDetail::default().set_supply_cost(1))
    .add_detail(TaxinvoiceDetail::default())
    .with_computed_totals()
    .expect_err("line 2 has no amount");
    assert_eq!(e, TotalsError::MissingAmount(1));
    assert!(e.to_string().starts_with("line 2 (detailList[1])"), "{e}");
}

#[test]
fn a_forgotten_totals_step_is_named() {
    let mut inv = sample_invoice();
    inv.supply_cost_total = None;
    inv.tax_total = None;
    inv.total_amount = None;
    let errs = inv.validate_with(&strict()).expect_err("no totals");
    let v = errs
        .violations()
        .iter()
        .find(|v| v.path == "totalAmount")
        .expect("totalAmount violation");
    assert_eq!(v.rule, rule::REQUIRED);
    assert!(
        v.message.contains("with_computed_totals()"),
        "{}",
        v.message
    );
    // Fixed by the step itself.
    assert_eq!(
        inv.with_computed_totals()
            .expect("totals")
            .validate_with(&strict()),
        Ok(())
    );
}

#[test]
fn line_violations_count_from_one_in_the_message() {
    let mut inv = sample_invoice();
    if let Some(lines) = inv.detail_list.as_mut() {
        lines[1].spec = Some("x".repeat(61));
    }
    let errs = inv.validate_with(&strict()).expect_err("long spec");
    let v = &errs.violations()[0];
    assert_eq!(
        v.path, "detailList[1].spec",
        "the path keeps the JSON index"
    );
    assert!(v.message.starts_with("line 2: "), "{}", v.message);
}

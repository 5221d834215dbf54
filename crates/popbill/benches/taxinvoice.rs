//! Serialising and validating a 99-line invoice, the CPU work `regist_issue` does before a
//! request leaves the machine. One iteration = one invoice, so criterion's median is the
//! time per invoice.
//!
//! ```text
//! cargo bench -p popbill --bench taxinvoice
//! ```

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use popbill::model::codes::{InvoiceeType, IssueType, PurposeType, TaxType};
use popbill::model::taxinvoice::{
    RegistIssueRequest, Taxinvoice, TaxinvoiceAddContact, TaxinvoiceDetail, TotalsBuilder,
};
use popbill::model::{Decimal, Validate, ValidationContext, kst_date_from_unix};

/// A complete 정발행 invoice with 99 lines, as a caller would build it.
fn invoice_99_lines() -> RegistIssueRequest {
    let mut totals = TotalsBuilder::new(TaxType::Taxable);
    for i in 1..=99_i64 {
        let qty: Decimal = format!("{}.5", i % 7 + 1).parse().expect("qty");
        let unit: Decimal = format!("{}", 1_000 + i * 37).parse().expect("unit cost");
        totals = totals.line(
            TaxinvoiceDetail::default()
                .set_purchase_dt("20250101")
                .set_item_name(format!("품목 {i} 컨설팅 용역"))
                .set_spec("EA")
                .set_qty(qty)
                .set_unit_cost(unit)
                .set_remark("월 정기"),
        );
    }
    let totals = totals.build().expect("totals");
    let invoice = Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250101",
    )
    .set_invoicer_corp_num("1234567890")
    .set_invoicer_corp_name("주식회사 공급자")
    .set_invoicer_mgt_key("BENCH-20250101-0001")
    .set_invoicer_ceo_name("김대표")
    .set_invoicer_addr("서울특별시 중구 세종대로 110")
    .set_invoicer_biz_type("서비스")
    .set_invoicer_biz_class("소프트웨어 개발")
    .set_invoicer_contact_name("이담당")
    .set_invoicer_email("seller@example.com")
    .set_invoicer_tel("02-1234-5678")
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num("8888888888")
    .set_invoicee_corp_name("주식회사 공급받는자")
    .set_invoicee_ceo_name("박대표")
    .set_invoicee_addr("부산광역시 해운대구 센텀중앙로 79")
    .set_invoicee_contact_name1("최담당")
    .set_invoicee_email1("buyer@example.com")
    .set_remark1("99개 품목")
    .add_contact(TaxinvoiceAddContact::new(1, "정담당", "extra@example.com"));
    RegistIssueRequest::new(totals.apply_to(invoice))
        .set_memo("벤치마크")
        .set_email_subject("세금계산서 발행 안내")
}

fn bench(c: &mut Criterion) {
    let request = invoice_99_lines();
    // The context regist_issue uses: test numbers allowed, deadline rules on.
    let ctx = ValidationContext::new()
        .allow_test_corp_nums(true)
        .today_kst(kst_date_from_unix(1_735_689_600));
    request
        .validate_with(&ctx)
        .expect("the bench invoice is valid");
    assert_eq!(request.invoice.details().len(), 99);

    let mut group = c.benchmark_group("taxinvoice_99_lines");
    group.bench_function("serialise_and_validate", |b| {
        b.iter(|| {
            let req = black_box(&request);
            req.validate_with(&ctx).expect("valid");
            let body = serde_json::to_vec(req).expect("json");
            black_box(body.len())
        })
    });
    group.bench_function("serialise", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&request)).expect("json").len()))
    });
    group.bench_function("validate", |b| {
        b.iter(|| black_box(&request).validate_with(&ctx).expect("valid"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

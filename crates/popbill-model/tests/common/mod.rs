//! Shared fixtures of the popbill-model tests: a sample invoice, validation helpers, and the
//! golden capture with its round-trip check.
#![allow(dead_code)]

use popbill_model::codes::{InvoiceeType, IssueType, PurposeType, TaxType};
use popbill_model::taxinvoice::{Taxinvoice, TaxinvoiceAddContact, TaxinvoiceDetail};
use popbill_model::{ValidationContext, ValidationErrors};

/// Valid business numbers (their NTS check digits are right).
pub(crate) const SELLER: &str = "2208162517";
pub(crate) const BUYER: &str = "1248100998";
pub(crate) const TRUSTEE: &str = "6798700433";

pub(crate) fn dec(s: &str) -> popbill_model::Decimal {
    s.parse().expect("decimal literal")
}

/// A complete, valid forward (정발행) taxable invoice: two lines, one extra contact.
pub(crate) fn sample_invoice() -> Taxinvoice {
    Taxinvoice::new(
        IssueType::Forward,
        TaxType::Taxable,
        PurposeType::Claim,
        "20250115",
    )
    .set_invoicer_corp_num(SELLER)
    .set_invoicer_mgt_key("INV-20250115-001")
    .set_invoicer_corp_name("주식회사 팝빌상사")
    .set_invoicer_ceo_name("김공급")
    .set_invoicer_addr("서울특별시 강남구 테헤란로 1")
    .set_invoicer_biz_type("도소매")
    .set_invoicer_biz_class("전자상거래")
    .set_invoicer_contact_name("이담당")
    .set_invoicer_email("seller@example.com")
    .set_invoicer_tel("02-1234-5678")
    .set_invoicer_hp("010-1111-2222")
    .set_invoicer_sms_send_yn(false)
    .set_invoicee_type(InvoiceeType::Business)
    .set_invoicee_corp_num(BUYER)
    .set_invoicee_corp_name("(주)매입상회")
    .set_invoicee_ceo_name("박공급받")
    .set_invoicee_addr("부산광역시 해운대구 센텀로 2")
    .set_invoicee_biz_type("제조")
    .set_invoicee_biz_class("부품")
    .set_invoicee_contact_name1("최구매")
    .set_invoicee_email1("buyer@example.com")
    .set_invoicee_tel1("051-987-6543")
    .set_invoicee_sms_send_yn(false)
    .set_supply_cost_total(104_500)
    .set_tax_total(10_450)
    .set_total_amount(114_950)
    .set_serial_num("2025-0001")
    .set_remark1("1월 납품분")
    .set_kwon(1)
    .set_ho(1)
    .set_business_license_yn(false)
    .set_bank_book_yn(false)
    .add_detail(
        TaxinvoiceDetail::default()
            .set_purchase_dt("20250115")
            .set_item_name("부품 A")
            .set_spec("10x20")
            .set_qty(dec("2"))
            .set_unit_cost(dec("50000"))
            .set_supply_cost(100_000)
            .set_tax(10_000),
    )
    .add_detail(
        TaxinvoiceDetail::default()
            .set_purchase_dt("20250115")
            .set_item_name("포장비")
            .set_qty(dec("1.5"))
            .set_unit_cost(dec("3000"))
            .set_supply_cost(4_500)
            .set_tax(450)
            .set_remark("kg 단위"),
    )
    .add_contact(TaxinvoiceAddContact::new(1, "정추가", "extra@example.com"))
}

pub(crate) fn strict() -> ValidationContext {
    ValidationContext::new()
}

pub(crate) fn errors_of(r: Result<(), ValidationErrors>) -> ValidationErrors {
    r.err().unwrap_or_default()
}

/// Every record of the official Python SDK's golden capture (`tests/fixtures/golden` of the
/// repository), one JSON object per captured request.
pub(crate) fn golden_records() -> Vec<serde_json::Value> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/golden/official_python_requests.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden capture missing at {}: {e}. the capture is kept in the repository under \
             tests/fixtures/golden.",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("golden line is JSON"))
        .collect()
}

/// Drops null-valued object keys, recursively (arrays included): `null` ≡ absent.
pub(crate) fn drop_nulls(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k.clone(), drop_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(drop_nulls).collect()),
        other => other.clone(),
    }
}

/// Every captured request of the golden capture as (mark, X-HTTP-Method-Override, body_json).
pub(crate) fn captured() -> Vec<(String, String, serde_json::Value)> {
    golden_records()
        .into_iter()
        .map(|rec| {
            let mark = rec["mark"].as_str().unwrap_or_default().to_owned();
            let verb = rec["headers"]["x-http-method-override"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (mark, verb, rec["body_json"].clone())
        })
        .collect()
}

/// The first differing path, for a readable failure.
pub(crate) fn first_diff(
    path: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (l, r) = (x.get(k), y.get(k));
                match (l, r) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = first_diff(&format!("{path}.{k}"), l, r) {
                            return Some(d);
                        }
                    }
                    _ => return Some(format!("{path}.{k}: {l:?} vs {r:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (l, r))| first_diff(&format!("{path}[{i}]"), l, r)),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

pub(crate) fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    mark: &str,
    body: &serde_json::Value,
) {
    let parsed: T = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("{mark}: body does not parse: {e}"));
    let again = serde_json::to_value(&parsed).expect("serialises");
    let (want, got) = (drop_nulls(body), drop_nulls(&again));
    if want != got {
        panic!(
            "{mark}: round trip differs at {}",
            first_diff("$", &want, &got).unwrap_or_default()
        );
    }
}

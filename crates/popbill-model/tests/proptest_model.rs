//! Property tests: wire round trips of amounts, decimals and code enums; the totals
//! invariant; validators never panic on arbitrary Unicode.

mod common;

use proptest::prelude::*;

use popbill_model::codes::{
    DocLogType, EmailType, InvoiceeType, IssueType, ModifyCode, NtsResultCode, StateCode, TaxType,
};
use popbill_model::taxinvoice::{
    Blankable, RegistIssueRequest, Taxinvoice, TaxinvoiceDetail, TotalsBuilder, split_vat_inclusive,
};
use popbill_model::{Amount, Decimal, Rounding, Validate, ValidationContext};
use serde_json::{Value, json};

/// One scalar value from a random word: Hangul syllables, emoji, combining marks, printable
/// ASCII, control characters, the zero-width joiner, or any scalar value at all. (Mapping
/// integers is ~40x faster than proptest's char strategies in debug builds.)
fn pick_char(n: u32) -> char {
    let r = n >> 4;
    let c = match n & 15 {
        0..=3 => 0xAC00 + r % (0xD7A3 - 0xAC00 + 1),
        4 | 5 => 0x1F300 + r % 0x800,
        6 | 7 => 0x0300 + r % 0x70,
        8 | 9 => 0x20 + r % 0x5F,
        10 => r % 0x20,
        11 => 0x200D,
        _ => r % 0x11_0000,
    };
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

/// Text mixing Hangul, emoji, combining marks, ASCII, controls and any other scalar value.
fn unicode_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u32>(), 0..320)
        .prop_map(|v| v.into_iter().map(pick_char).collect())
}

fn rounding() -> impl Strategy<Value = Rounding> {
    prop_oneof![
        Just(Rounding::Truncate),
        Just(Rounding::HalfUp),
        Just(Rounding::Up)
    ]
}

fn tax_type() -> impl Strategy<Value = TaxType> {
    prop_oneof![
        Just(TaxType::Taxable),
        Just(TaxType::ZeroRated),
        Just(TaxType::Exempt),
    ]
}

const TEXT_KEYS: &[&str] = &[
    "writeDate",
    "invoicerCorpNum",
    "invoicerTaxRegID",
    "invoicerCorpName",
    "invoicerMgtKey",
    "invoicerCEOName",
    "invoicerAddr",
    "invoicerBizClass",
    "invoicerBizType",
    "invoicerContactName",
    "invoicerDeptName",
    "invoicerEmail",
    "invoicerTEL",
    "invoicerHP",
    "invoiceeCorpNum",
    "invoiceeTaxRegID",
    "invoiceeCorpName",
    "invoiceeMgtKey",
    "invoiceeCEOName",
    "invoiceeAddr",
    "invoiceeBizClass",
    "invoiceeBizType",
    "invoiceeContactName1",
    "invoiceeDeptName1",
    "invoiceeEmail1",
    "invoiceeTEL1",
    "invoiceeHP1",
    "invoiceeContactName2",
    "invoiceeDeptName2",
    "invoiceeEmail2",
    "invoiceeTEL2",
    "invoiceeHP2",
    "trusteeCorpNum",
    "trusteeTaxRegID",
    "trusteeCorpName",
    "trusteeMgtKey",
    "trusteeCEOName",
    "trusteeAddr",
    "trusteeBizClass",
    "trusteeBizType",
    "trusteeContactName",
    "trusteeDeptName",
    "trusteeEmail",
    "trusteeTEL",
    "trusteeHP",
    "orgNTSConfirmNum",
    "originalTaxinvoiceKey",
    "serialNum",
    "remark1",
    "remark2",
    "remark3",
    "closeDownStateDate",
    "ntsconfirmNum",
    // Code fields get arbitrary text too: they must land in `Unknown` and pass.
    "issueType",
    "taxType",
    "chargeDirection",
    "purposeType",
    "invoiceeType",
    "issueTiming",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn amount_string_round_trip(n in any::<i64>()) {
        let a = Amount::new(n);
        let json = serde_json::to_string(&a).expect("serialises");
        prop_assert_eq!(&json, &format!("\"{n}\""));
        let back: Amount = serde_json::from_str(&json).expect("reads its own output");
        prop_assert_eq!(back, a);
        let from_number: Amount = serde_json::from_str(&n.to_string()).expect("reads a number");
        prop_assert_eq!(from_number, a);
        prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
    }

    #[test]
    fn decimal_round_trip(int in -9_999_999_999_999i64..9_999_999_999_999, frac in 0u8..100, scale in 0u8..3) {
        let sign = if int < 0 { "-" } else { "" };
        let text = match scale {
            0 => format!("{sign}{}", int.unsigned_abs()),
            1 => format!("{sign}{}.{}", int.unsigned_abs(), frac % 10),
            _ => format!("{sign}{}.{frac:02}", int.unsigned_abs()),
        };
        let d: Decimal = text.parse().expect("valid decimal text");
        prop_assert_eq!(d.to_string(), text.clone());
        let json = serde_json::to_string(&d).expect("serialises");
        let back: Decimal = serde_json::from_str(&json).expect("reads its own output");
        prop_assert_eq!(back, d);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn decimal_never_panics_on_text(s in unicode_text()) {
        let _ = s.parse::<Decimal>();
        let _ = Amount::parse(&s);
    }

    #[test]
    fn totals_invariant(
        tt in tax_type(),
        r in rounding(),
        lines in proptest::collection::vec(
            (any::<i64>(), any::<i64>(), proptest::option::of(any::<i64>()), any::<bool>()),
            1..20,
        ),
    ) {
        let mut b = TotalsBuilder::new(tt.clone()).rounding(r);
        for (q, u, supply, vat_inclusive) in &lines {
            let line = TaxinvoiceDetail::default()
                .set_qty(Decimal::from_hundredths(*q))
                .set_unit_cost(Decimal::from_hundredths(*u));
            let line = match supply {
                Some(s) => line.set_supply_cost(*s),
                None => line,
            };
            b = if *vat_inclusive {
                b.line_vat_inclusive(line, Amount::new(supply.unwrap_or(*q)))
            } else {
                b.line(line)
            };
        }
        // Errors (overflow) are allowed; panics are not.
        if let Ok(t) = b.build() {
            prop_assert_eq!(
                i128::from(t.total_amount.won()),
                i128::from(t.supply_cost_total.won()) + i128::from(t.tax_total.won())
            );
            let sum_supply: i128 = t.lines.iter().filter_map(|l| l.supply_cost_value()).map(|a| i128::from(a.won())).sum();
            let sum_tax: i128 = t.lines.iter().filter_map(|l| l.tax_value()).map(|a| i128::from(a.won())).sum();
            prop_assert_eq!(sum_supply, i128::from(t.supply_cost_total.won()));
            prop_assert_eq!(sum_tax, i128::from(t.tax_total.won()));
            if tt.is_tax_free() {
                prop_assert!(t.tax_total.is_zero());
            }
            for (i, l) in t.lines.iter().enumerate() {
                prop_assert_eq!(l.serial_num, Some(i as i64 + 1));
            }
        }
    }

    #[test]
    fn vat_inclusive_split_is_exact(total in any::<i64>(), tt in tax_type(), r in rounding()) {
        if let Ok((s, t)) = split_vat_inclusive(Amount::new(total), &tt, r) {
            prop_assert_eq!(i128::from(s.won()) + i128::from(t.won()), i128::from(total));
            if tt == TaxType::Taxable {
                // The tax is about a tenth of the supply value.
                let diff = i128::from(t.won()) * 10 - i128::from(s.won());
                prop_assert!(diff.abs() <= 20, "supply {s} tax {t}");
            } else {
                prop_assert!(t.is_zero());
            }
        }
    }

    #[test]
    fn validation_never_panics_on_unicode(
        texts in proptest::collection::vec(unicode_text(), TEXT_KEYS.len()),
        line_text in proptest::collection::vec(unicode_text(), 4),
        numbers in proptest::collection::vec(any::<i64>(), 8),
        test_nums in any::<bool>(),
    ) {
        let mut obj = serde_json::Map::new();
        for (k, t) in TEXT_KEYS.iter().zip(&texts) {
            obj.insert((*k).to_owned(), Value::String(t.clone()));
        }
        obj.insert("supplyCostTotal".into(), json!(numbers[0].to_string()));
        obj.insert("taxTotal".into(), json!(numbers[1]));
        obj.insert("totalAmount".into(), json!(numbers[2].to_string()));
        obj.insert("kwon".into(), json!(numbers[3]));
        obj.insert("ho".into(), json!(numbers[4]));
        obj.insert("modifyCode".into(), json!(numbers[5]));
        obj.insert("detailList".into(), json!([{
            "serialNum": numbers[6],
            "purchaseDT": line_text[0],
            "itemName": line_text[1],
            "spec": line_text[2],
            "remark": line_text[3],
            "supplyCost": numbers[7].to_string(),
        }]));
        obj.insert("addContactList".into(), json!([{
            "serialNum": numbers[7], "contactName": line_text[0], "email": line_text[1]
        }]));
        obj.insert("memo".into(), json!(line_text[2]));
        obj.insert("emailSubject".into(), json!(line_text[3]));
        obj.insert("dealInvoiceMgtKey".into(), json!(texts[0]));
        let req: RegistIssueRequest = serde_json::from_value(Value::Object(obj))
            .expect("any text is accepted by the text fields");
        let ctx = ValidationContext::new().allow_test_corp_nums(test_nums);
        let result = req.validate_with(&ctx);
        // Text this wild is never valid (writeDate cannot be arbitrary), and every violation
        // names a path and a rule.
        if let Err(e) = result {
            for v in e.violations() {
                prop_assert!(!v.path.is_empty() && !v.rule.is_empty());
            }
        }
        let _ = req.invoice.validate();
        let _ = popbill_model::taxinvoice::validate::check_search_window(&texts[0], &texts[1]);
        let _ = popbill_model::taxinvoice::validate::check_mgt_keys(&texts, 1000);
        let _ = popbill_model::taxinvoice::validate::check_state_filters(&texts);
        let _ = popbill_model::taxinvoice::validate::sms_contents_bytes(&texts[2]);
        // And the invoice survives a serialisation round trip unchanged.
        let again: Taxinvoice = serde_json::from_value(serde_json::to_value(&req.invoice).expect("ser")).expect("de");
        prop_assert_eq!(again, req.invoice);
    }

    #[test]
    fn string_code_enums_round_trip(s in unicode_text()) {
        for_each_string_enum(&s)?;
    }

    #[test]
    fn int_code_enums_round_trip(n in any::<i64>()) {
        let check = |json: String| -> Result<(), TestCaseError> {
            let st: StateCode = serde_json::from_str(&json).expect("state");
            prop_assert_eq!(serde_json::to_string(&st).expect("ser"), json.clone());
            let mc: ModifyCode = serde_json::from_str(&json).expect("modify");
            prop_assert_eq!(serde_json::to_string(&mc).expect("ser"), json.clone());
            let dl: DocLogType = serde_json::from_str(&json).expect("log");
            prop_assert_eq!(serde_json::to_string(&dl).expect("ser"), json);
            Ok(())
        };
        check(n.to_string())?;
        let st = StateCode::from(n);
        prop_assert_eq!(st.code(), Some(n));
        prop_assert_eq!(StateCode::from(st.code().unwrap_or_default()), st.clone());
        // Unknown codes answer false to every lifecycle question.
        if st.is_unknown() {
            prop_assert!(!st.is_issued() && !st.can_delete() && !st.can_cancel_issue()
                && !st.can_update() && !st.can_issue() && !st.is_draft());
        }
    }
}

fn for_each_string_enum(s: &str) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(s).expect("string");
    macro_rules! rt {
        ($t:ty) => {{
            let v: $t = serde_json::from_str(&json).expect(stringify!($t));
            prop_assert_eq!(serde_json::to_string(&v).expect("ser"), json.clone());
            prop_assert_eq!(v.as_str(), s);
            prop_assert_eq!(<$t>::from(s), v.clone());
            prop_assert_eq!(v.is_unknown(), <$t>::try_parse(s).is_err());
        }};
    }
    rt!(TaxType);
    rt!(IssueType);
    rt!(InvoiceeType);
    rt!(EmailType);
    rt!(NtsResultCode);
    Ok(())
}

#[test]
fn known_code_values_round_trip() {
    for v in TaxType::ALL
        .iter()
        .chain([TaxType::from("알수없음")].iter())
    {
        let json = serde_json::to_string(v).expect("ser");
        assert_eq!(&serde_json::from_str::<TaxType>(&json).expect("de"), v);
    }
    for v in StateCode::ALL {
        let json = serde_json::to_string(v).expect("ser");
        assert_eq!(json, v.code().expect("known").to_string());
        assert_eq!(&serde_json::from_str::<StateCode>(&json).expect("de"), v);
    }
    // A known code sent as a string is understood (and written back as a number).
    assert_eq!(
        serde_json::from_str::<StateCode>("\"304\"").expect("de"),
        StateCode::FiledOk
    );
    // An unknown string stays a string.
    let odd: StateCode = serde_json::from_str("\"3x4\"").expect("de");
    assert_eq!(serde_json::to_string(&odd).expect("ser"), "\"3x4\"");
    let blank: Blankable<Amount> = serde_json::from_str("\"\"").expect("blank");
    assert!(blank.is_blank());
}

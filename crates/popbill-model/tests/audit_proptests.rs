//! Audit property tests: response types take arbitrary JSON from the network and must answer
//! `Ok` or `Err`, never panic; member request types validate arbitrary Unicode without panicking
//! and name the field of every violation; passwords never appear in `Debug`. 256 cases each.

use std::path::PathBuf;

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use popbill_model::member::{
    ContactIdRequest, ContactInfo, CorpInfo, JoinForm, Password, PaymentForm, PaymentHistory,
    PaymentHistoryResult, PaymentResponse, QuitRequest, RefundForm, RefundHistory,
    RefundHistoryResult, RefundResponse, UseHistory, UseHistoryResult,
};
use popbill_model::taxinvoice::{
    BulkResponse, BulkTaxinvoiceResult, TISearchResult, TaxinvoiceInfo, TaxinvoiceLog,
};
use popbill_model::{
    BalanceResponse, ChargeInfo, Response, UnitCostResponse, UrlResponse, Validate,
    ValidationContext, ValidationErrors,
};

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// One scalar value: Hangul, emoji, combining marks, ASCII, controls or anything else.
fn pick_char(n: u32) -> char {
    let r = n >> 4;
    let c = match n & 15 {
        0..=3 => 0xAC00 + r % (0xD7A3 - 0xAC00 + 1),
        4 | 5 => 0x1F300 + r % 0x800,
        6 | 7 => 0x0300 + r % 0x70,
        8..=10 => 0x20 + r % 0x5F,
        11 => r % 0x20,
        12 => 0x200D,
        _ => r % 0x11_0000,
    };
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

fn unicode_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u32>(), 0..max).prop_map(|v| v.into_iter().map(pick_char).collect())
}

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const FIXTURES: [&str; 7] = [
    "taxinvoice_info.json",
    "detail_info.json",
    "search_result.json",
    "bulk_result.json",
    "bulk_result_pending.json",
    "logs.json",
    "small_responses.json",
];

/// Every object key of the fixtures plus the member wire names: what the deserialisers look at.
fn known_keys() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    out.push(k.clone());
                    walk(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut keys: Vec<String> = [
        "code",
        "message",
        "total",
        "perPage",
        "pageNum",
        "pageCount",
        "list",
        "url",
        "remainPoint",
        "unitCost",
        "chargeMethod",
        "rateSystem",
        "refundableBalance",
        "ID",
        "Password",
        "CorpNum",
        "CEOName",
        "CorpName",
        "Addr",
        "BizType",
        "BizClass",
        "ContactName",
        "ContactEmail",
        "ContactTEL",
        "ContactHP",
        "ContactFAX",
        "LinkID",
        "ceoname",
        "corpName",
        "addr",
        "bizType",
        "bizClass",
        "id",
        "pwd",
        "personName",
        "tel",
        "email",
        "searchRole",
        "mgrYN",
        "state",
        "regDT",
        "quitReason",
        "productType",
        "productName",
        "settleType",
        "settlerName",
        "settlerEmail",
        "settleCost",
        "settlePoint",
        "settleState",
        "stateDT",
        "settleCode",
        "notifyHP",
        "paymentName",
        "contactName",
        "requestPoint",
        "accountBank",
        "accountNum",
        "accountName",
        "reason",
        "refundCode",
        "reqDT",
        "itemCode",
        "txType",
        "txPoint",
        "balance",
        "txDT",
        "userID",
        "userName",
        "serviceUserID",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for f in FIXTURES {
        walk(&fixture(f), &mut keys);
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Arbitrary JSON whose object keys are mostly names the deserialisers know.
fn json_value(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "",
            "0",
            "-1",
            "1.5",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "NaN",
            "true",
            "Y",
            "N",
            "20250101",
            "20250101120000",
            "20251301",
            "025010112000000001",
            "300",
            "3**",
        ])
        .prop_map(|s| json!(s)),
        unicode_text(12).prop_map(Value::String),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(keys),
        1 => "[a-zA-Z]{0,8}",
    ];
    leaf.prop_recursive(4, 64, 10, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..12)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every JSON pointer inside a value (the root excluded).
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

/// Deserialises into `T`, from a `Value` and from text; either result is fine, a panic is not.
/// Whatever parses must serialise again.
fn try_type<T: DeserializeOwned + serde::Serialize>(v: &Value) -> Result<(), TestCaseError> {
    let a = serde_json::from_value::<T>(v.clone());
    let text = v.to_string();
    let b = serde_json::from_str::<T>(&text);
    prop_assert_eq!(
        a.is_ok(),
        b.is_ok(),
        "value and text decoding disagree on {}",
        text
    );
    if let Ok(t) = a {
        prop_assert!(serde_json::to_value(&t).is_ok());
    }
    Ok(())
}

fn try_all_responses(v: &Value) -> Result<(), TestCaseError> {
    try_type::<TaxinvoiceInfo>(v)?;
    try_type::<Vec<TaxinvoiceInfo>>(v)?;
    try_type::<TISearchResult>(v)?;
    try_type::<BulkTaxinvoiceResult>(v)?;
    try_type::<BulkResponse>(v)?;
    try_type::<Vec<TaxinvoiceLog>>(v)?;
    try_type::<Response>(v)?;
    try_type::<UrlResponse>(v)?;
    try_type::<BalanceResponse>(v)?;
    try_type::<UnitCostResponse>(v)?;
    try_type::<ChargeInfo>(v)?;
    try_type::<CorpInfo>(v)?;
    try_type::<ContactInfo>(v)?;
    try_type::<Vec<ContactInfo>>(v)?;
    try_type::<PaymentResponse>(v)?;
    try_type::<RefundResponse>(v)?;
    try_type::<UseHistory>(v)?;
    try_type::<PaymentHistory>(v)?;
    try_type::<RefundHistory>(v)?;
    try_type::<UseHistoryResult>(v)?;
    try_type::<PaymentHistoryResult>(v)?;
    try_type::<RefundHistoryResult>(v)?;
    Ok(())
}

/// A violation must say which field broke which rule.
fn check_errors(r: Result<(), ValidationErrors>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert!(!e.is_empty());
        for v in e.violations() {
            prop_assert!(!v.path.is_empty(), "violation without a field: {:?}", v);
            prop_assert!(!v.rule.is_empty(), "violation without a rule: {:?}", v);
            prop_assert!(
                !v.message.is_empty(),
                "violation without a message: {:?}",
                v
            );
        }
        prop_assert!(!e.to_string().is_empty());
    }
    Ok(())
}

fn validate_as<T: DeserializeOwned + Validate>(obj: &Value) -> Result<(), TestCaseError> {
    if let Ok(t) = serde_json::from_value::<T>(obj.clone()) {
        check_errors(t.validate())?;
        check_errors(t.validate_with(&ValidationContext::new().allow_test_corp_nums(true)))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn response_types_never_panic_on_arbitrary_json(v in json_value(known_keys())) {
        try_all_responses(&v)?;
    }

    #[test]
    fn response_types_never_panic_when_one_fixture_value_is_replaced(
        fixture_ix in 0..FIXTURES.len(),
        pick in any::<prop::sample::Index>(),
        replacement in json_value(known_keys()),
    ) {
        let mut v = fixture(FIXTURES[fixture_ix]);
        let mut ps = Vec::new();
        pointers(&v, "", &mut ps);
        if !ps.is_empty() {
            let p = &ps[pick.index(ps.len())];
            if let Some(slot) = v.pointer_mut(p) {
                *slot = replacement;
            }
        }
        try_all_responses(&v)?;
        // Lists of them, as the search and bulk answers carry.
        if let Some(list) = v.get("list").cloned() {
            try_type::<Vec<TaxinvoiceInfo>>(&list)?;
        }
    }

    #[test]
    fn member_validation_never_panics_on_unicode(
        fields in prop::collection::vec((prop::sample::select(known_keys()), unicode_text(120)), 0..24),
    ) {
        let obj = Value::Object(fields.into_iter().map(|(k, s)| (k, Value::String(s))).collect());
        validate_as::<JoinForm>(&obj)?;
        validate_as::<CorpInfo>(&obj)?;
        validate_as::<ContactInfo>(&obj)?;
        validate_as::<ContactIdRequest>(&obj)?;
        validate_as::<QuitRequest>(&obj)?;
        validate_as::<PaymentForm>(&obj)?;
        validate_as::<RefundForm>(&obj)?;
    }

    #[test]
    fn passwords_never_appear_in_debug(pw in unicode_text(24)) {
        // A marker that cannot occur in field names, so a hit means the password leaked.
        let secret = format!("⟦{pw}⟧");
        let form = JoinForm::default().set_password(secret.as_str());
        let dbg = format!("{:?}", form);
        prop_assert!(!dbg.contains(&secret));
        let p = Password::new(secret.clone());
        let dbg = format!("{:?}", p);
        prop_assert!(!dbg.contains(&secret));
        let contact: ContactInfo =
            serde_json::from_value(json!({ "pwd": secret, "Password": secret })).expect("strings decode");
        let dbg = format!("{:?}", contact);
        prop_assert!(!dbg.contains(&secret));
    }
}

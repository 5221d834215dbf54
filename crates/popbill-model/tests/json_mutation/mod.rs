//! Structure-aware inputs for the property soaks: a real JSON answer or webhook body changed
//! by a few edits at nodes picked at random (a value replaced by another of any type, a key
//! removed, an unknown key added, an element duplicated, a value wrapped in an array), and the
//! runner settings the soaks share (`POPBILL_FUZZ_CASES`, regression files checked in).
//!
//! Shared by `crates/popbill-model/tests/webhook_parse_soak.rs`,
//! `crates/popbill/tests/decoder_soak.rs` and `crates/popbill-webhook/tests/receiver_soak.rs`
//! (included with `#[path]`).
#![allow(dead_code, unreachable_pub)]

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Map, Value, json};

/// Cases per property: `POPBILL_FUZZ_CASES`, else `default` (small enough for CI).
pub fn cases(default: u32) -> u32 {
    std::env::var("POPBILL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The runner settings of a soak property: `cases(default)` cases; the seed of a failure is
/// saved in `regressions` (a path under the crate's `proptest-regressions/`), which every
/// later run replays first once it is committed.
pub fn config(default: u32, regressions: &'static str) -> Config {
    Config {
        cases: cases(default),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

/// Runs `round` (every property of a soak with `cases(default)` cases each, `Err` naming the
/// failed one) again and again with fresh seeds for `POPBILL_FUZZ_MINUTES` minutes (default 1).
pub fn soak(default: u32, round: impl Fn(u32) -> Result<(), String>) {
    let minutes: f64 = std::env::var("POPBILL_FUZZ_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(minutes * 60.0);
    let mut rounds = 0u64;
    while std::time::Instant::now() < deadline {
        if let Err(e) = round(default) {
            panic!("after {rounds} rounds: {e}");
        }
        rounds += 1;
    }
    println!(
        "fuzz soak: {rounds} rounds of {} cases per property, no failure",
        cases(default)
    );
}

/// The two tests of a soak binary: one round of `$short` cases per property in every test
/// run, and the ignored time-bounded soak (`$long` cases per property per round).
macro_rules! soak_tests {
    ($round:path, $short:expr, $long:expr) => {
        #[test]
        fn a_short_round_passes() {
            $round($short).expect("no failure");
        }

        #[test]
        #[ignore = "soak: run explicitly with POPBILL_FUZZ_MINUTES or POPBILL_FUZZ_CASES"]
        fn fuzz_soak() {
            $crate::json_mutation::soak($long, $round);
        }
    };
}
pub(crate) use soak_tests;

/// A property's failure, named.
pub fn named<T: std::fmt::Debug>(
    name: &str,
    r: Result<(), proptest::test_runner::TestError<T>>,
) -> Result<(), String> {
    r.map_err(|e| format!("{name}: {e}"))
}

/// A scalar a server might put anywhere: numbers of every size and sign, numeric and
/// negative-numeric strings, Korean text, empty text, booleans, null.
pub fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e300f64..1.0e300).prop_map(Value::from),
        (-99_999_999i64..=99_999_999).prop_map(|n| Value::String(n.to_string())),
        "[ 0-9.,+eE-]{0,12}".prop_map(Value::String),
        "[가-힣a-zA-Z0-9 ]{0,16}".prop_map(Value::String),
        "\\PC{0,24}".prop_map(Value::String),
    ]
}

/// Any JSON value up to three levels deep.
pub fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,10}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One edit: which node (an index into the nodes, modulo their number), what to do, and a
/// value to use.
pub type Edit = (usize, u8, Value);

/// Up to `max` edits.
pub fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), value()), 1..=max)
}

/// The JSON pointers of every node of `v`, the root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// `original` with `edits` applied in order.
pub fn mutate(original: &Value, edits: &[Edit]) -> Value {
    let mut v = original.clone();
    for (at, op, with) in edits {
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        let ptr = &all[at % all.len()];
        let Some(node) = v.pointer_mut(ptr) else {
            continue;
        };
        match op % 6 {
            // Replace the node (a changed type, value or shape).
            0 | 1 => *node = with.clone(),
            // Remove a key of an object node, or an element of an array node.
            2 => match node {
                Value::Object(map) if !map.is_empty() => {
                    let k = map.keys().nth(at % map.len()).cloned().unwrap_or_default();
                    map.remove(&k);
                }
                Value::Array(items) if !items.is_empty() => {
                    items.remove(at % items.len());
                }
                other => *other = Value::Null,
            },
            // An unknown key (objects), or one more element (arrays).
            3 => match node {
                Value::Object(map) => {
                    map.insert(format!("zzUnknown{}", at % 1000), with.clone());
                }
                Value::Array(items) => items.push(with.clone()),
                other => *other = json!([other.clone()]),
            },
            // A copy of the first element, or the value wrapped in an array.
            4 => match node {
                Value::Array(items) if !items.is_empty() => {
                    let first = items[0].clone();
                    items.push(first);
                }
                other => *other = json!([other.clone()]),
            },
            // A number as a string or a string as a number, when it reads as one.
            _ => match node {
                Value::Number(n) => *node = Value::String(n.to_string()),
                Value::String(s) => {
                    if let Ok(n) = s.trim().parse::<i64>() {
                        *node = Value::from(n);
                    } else {
                        *node = with.clone();
                    }
                }
                other => *other = with.clone(),
            },
        }
    }
    v
}

/// `original` with unknown keys (named `zzUnknown…`, which no wire type declares) added to
/// its objects: what a server adds in a later version.
pub fn with_unknown_keys(original: &Value, edits: &[Edit]) -> Value {
    let mut v = original.clone();
    for (at, _, with) in edits {
        let mut objects = Vec::new();
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        for p in all {
            if v.pointer(&p).is_some_and(Value::is_object) {
                objects.push(p);
            }
        }
        if objects.is_empty() {
            break;
        }
        let ptr = objects[at % objects.len()].clone();
        if let Some(Value::Object(map)) = v.pointer_mut(&ptr) {
            map.insert(format!("zzUnknown{}", at % 1000), with.clone());
        }
    }
    v
}

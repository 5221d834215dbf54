//! Model-based test of the Taxinvoice life cycle over the public HTTP API: random sequences of
//! register, registIssue, issue, cancelIssue, delete and getInfo from several members on a
//! few shared MgtKey names, each answer checked against a small reference model (state per
//! (member, MgtKey), points per member). Members never see or block each other's keys.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;

use popbill_sandbox::{Sandbox, SandboxHandle};
use proptest::prelude::*;
use serde_json::json;
use support::*;

const MEMBERS: [&str; 3] = ["1000000001", "1000000002", "1000000003"];
const KEYS: [&str; 3] = ["K-1", "K-2", "K-3"];
/// The buyer of every invoice: not one of the members, so no member sees another's invoice.
const BUYER_NOT_MEMBER: &str = "9000000009";
const START_POINTS: i64 = 100_000;

#[derive(Clone, Copy, Debug)]
enum Op {
    Register,
    RegistIssue,
    Issue,
    CancelIssue,
    Delete,
    GetInfo,
}

fn op() -> impl Strategy<Value = (usize, usize, Op)> {
    (
        0..MEMBERS.len(),
        0..KEYS.len(),
        prop_oneof![
            Just(Op::Register),
            Just(Op::RegistIssue),
            Just(Op::Issue),
            Just(Op::CancelIssue),
            Just(Op::Delete),
            Just(Op::GetInfo),
        ],
    )
}

/// The reference model: a document's state per (member, key); points per member.
#[derive(Default)]
struct Model {
    docs: BTreeMap<(usize, usize), u16>,
    points: [i64; 3],
}

/// What the model says an operation answers: `Ok(())` = 200, `Err(status)`.
impl Model {
    fn apply(&mut self, m: usize, k: usize, op: Op, unit: i64) -> Result<(), u16> {
        let cur = self.docs.get(&(m, k)).copied();
        match (op, cur) {
            (Op::Register, None) => {
                self.docs.insert((m, k), 100);
                Ok(())
            }
            (Op::RegistIssue, None) => {
                self.docs.insert((m, k), 300);
                self.points[m] -= unit;
                Ok(())
            }
            (Op::Register | Op::RegistIssue, Some(_)) => Err(409),
            (Op::Issue | Op::CancelIssue | Op::Delete | Op::GetInfo, None) => Err(404),
            (Op::Issue, Some(100)) => {
                self.docs.insert((m, k), 300);
                self.points[m] -= unit;
                Ok(())
            }
            (Op::CancelIssue, Some(300)) => {
                self.docs.insert((m, k), 600);
                Ok(())
            }
            (Op::Delete, Some(100 | 600)) => {
                self.docs.remove(&(m, k));
                Ok(())
            }
            (Op::GetInfo, Some(_)) => Ok(()),
            (Op::Issue | Op::CancelIssue | Op::Delete, Some(_)) => Err(409),
        }
    }
}

struct Bed {
    rt: tokio::runtime::Runtime,
    sb: SandboxHandle,
    tokens: Vec<String>,
}

fn bed() -> Bed {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (sb, tokens) = rt.block_on(async {
        let sb = Sandbox::builder()
            .initial_points(START_POINTS)
            .start()
            .await
            .unwrap();
        let mut tokens = Vec::new();
        for m in MEMBERS {
            tokens.push(token(&sb, m, &["member", "110"]).await);
        }
        (sb, tokens)
    });
    Bed { rt, sb, tokens }
}

impl Bed {
    fn call(&self, m: usize, k: usize, op: Op) -> Resp {
        let key = KEYS[k];
        let mut inv = invoice(key, &today(&self.sb));
        inv["invoicerCorpNum"] = json!(MEMBERS[m]);
        inv["invoiceeCorpNum"] = json!(BUYER_NOT_MEMBER);
        let doc = format!("/Taxinvoice/SELL/{key}");
        let (method, path, verb, body) = match op {
            Op::Register => ("POST", "/Taxinvoice".to_owned(), None, Some(inv)),
            Op::RegistIssue => ("POST", "/Taxinvoice".to_owned(), Some("ISSUE"), Some(inv)),
            Op::Issue => (
                "POST",
                doc,
                Some("ISSUE"),
                Some(json!({"forceIssue": false})),
            ),
            Op::CancelIssue => ("POST", doc, Some("CANCELISSUE"), Some(json!({}))),
            Op::Delete => ("POST", doc, Some("DELETE"), None),
            Op::GetInfo => ("GET", doc, None, None),
        };
        self.rt.block_on(api(
            &self.sb,
            &self.tokens[m],
            method,
            &path,
            verb,
            body.as_ref(),
        ))
    }

    fn points(&self, m: usize) -> i64 {
        self.sb.points(MEMBERS[m]).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn the_sandbox_follows_the_reference_model(ops in prop::collection::vec(op(), 1..40)) {
        let bed = bed();
        let unit = bed.sb.config().unit_cost();
        let mut model = Model { points: [START_POINTS; 3], ..Model::default() };
        for (step, &(m, k, op)) in ops.iter().enumerate() {
            let expected = model.apply(m, k, op, unit);
            let r = bed.call(m, k, op);
            let what = format!("step {step}: member {m} {op:?} {}", KEYS[k]);
            match expected {
                Ok(()) => prop_assert_eq!(r.status, 200, "{}: {}", what, String::from_utf8_lossy(&r.body)),
                Err(status) => {
                    prop_assert_eq!(r.status, status, "{}: {}", what, String::from_utf8_lossy(&r.body));
                    prop_assert!(r.code() < 0, "{}", what);
                }
            }
            if let (Op::GetInfo, Ok(())) = (op, expected) {
                let state = model.docs[&(m, k)];
                prop_assert_eq!(r.json()["stateCode"].as_u64(), Some(u64::from(state)), "{}", what);
            }
        }
        // The end state, member by member and key by key, and the points.
        for (m, corp) in MEMBERS.iter().enumerate() {
            prop_assert_eq!(bed.points(m), model.points[m], "points of member {}", m);
            for (k, key) in KEYS.iter().enumerate() {
                let got = bed.sb.document(corp, "SELL", key).map(|d| d.state_code);
                prop_assert_eq!(got, model.docs.get(&(m, k)).copied(), "member {} key {}", m, key);
            }
        }
    }
}

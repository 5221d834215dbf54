//! Response fixtures (`tests/fixtures/*.json`): each parses into its type and re-serialises to
//! the same JSON value, except for the differences listed per fixture — unknown fields are
//! dropped and numbers-sent-as-strings come back in their documented JSON type. Unknown code
//! values must come back unchanged. `null` and absent are treated as equal.

mod common;

use common::drop_nulls;
use std::path::PathBuf;

use popbill_model::codes::{
    BulkTxState, CloseDownState, DocLogType, EmailType, ModifyCode, NtsResultCode, ProcType,
    StateCode, TaxType,
};
use popbill_model::taxinvoice::{
    AttachedFile, BulkResponse, BulkTaxinvoiceResult, CertificateExpiration, EmailPublicKey,
    EmailSendConfig, IssueResponse, SendToNtsConfig, TISearchResult, Taxinvoice,
    TaxinvoiceCertificate, TaxinvoiceInfo, TaxinvoiceLog, TaxinvoiceXml,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// An expected difference between the fixture and our re-serialisation.
enum Expect {
    /// The key at this JSON pointer is not modelled and is dropped.
    Dropped(&'static str),
    /// The value at this pointer comes back as this (documented type).
    Becomes(&'static str, Value),
}

fn round_trip<T: DeserializeOwned + Serialize>(name: &str, input: &Value, expect: &[Expect]) -> T {
    let parsed: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let got = drop_nulls(&serde_json::to_value(&parsed).expect("serialises"));
    let mut want = input.clone();
    for e in expect {
        match e {
            Expect::Dropped(ptr) => {
                let (parent, key) = ptr.rsplit_once('/').expect("pointer");
                let obj = want
                    .pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .unwrap_or_else(|| panic!("{name}: no object at {parent}"));
                assert!(obj.remove(key).is_some(), "{name}: fixture has no {ptr}");
            }
            Expect::Becomes(ptr, v) => {
                let slot = want
                    .pointer_mut(ptr)
                    .unwrap_or_else(|| panic!("{name}: no {ptr}"));
                assert_ne!(
                    slot, v,
                    "{name}: {ptr} is already {v}; not a real difference"
                );
                *slot = v.clone();
            }
        }
    }
    assert_eq!(got, drop_nulls(&want), "{name}: round trip differs");
    parsed
}

#[test]
fn taxinvoice_info() {
    let info: TaxinvoiceInfo = round_trip(
        "taxinvoice_info",
        &fixture("taxinvoice_info.json"),
        &[
            Expect::Dropped("/futureField"),
            Expect::Dropped("/anotherNewFlag"),
            Expect::Becomes("/taxTotal", json!("10450")),
        ],
    );
    let state = info.state_code.clone().expect("state");
    assert!(state.is_unknown());
    assert_eq!(state.code(), Some(310));
    assert!(!state.is_issued() && !state.can_delete());
    assert!(
        info.nts_send_err_code
            .as_ref()
            .is_some_and(NtsResultCode::is_unknown)
    );
    assert_eq!(info.close_down_state, Some(CloseDownState::InBusiness));
    assert_eq!(info.tax_total.map(|a| a.won()), Some(10_450));
    assert!(info.has_item_key());
    assert_eq!(info.open_yn, Some(true));
}

#[test]
fn get_infos_list_with_empty_item_key() {
    let list: Vec<TaxinvoiceInfo> =
        serde_json::from_value(json!([{"itemKey": ""}, {}])).expect("parses");
    assert!(!list[0].has_item_key() && !list[1].has_item_key());
}

#[test]
fn search_result() {
    let r: TISearchResult = round_trip(
        "search_result",
        &fixture("search_result.json"),
        &[
            Expect::Dropped("/elapsed"),
            Expect::Dropped("/list/1/unknownField"),
            Expect::Becomes("/total", json!(3)),
            Expect::Becomes("/perPage", json!(2)),
            Expect::Becomes("/pageCount", json!(2)),
            Expect::Becomes("/list/0/lateIssueYN", json!(false)),
            Expect::Becomes("/list/1/stateCode", json!(200)),
        ],
    );
    assert_eq!(
        (r.total, r.per_page, r.page_num),
        (Some(3), Some(2), Some(1))
    );
    assert!(r.has_next_page());
    assert_eq!(r.list.len(), 2);
    assert_eq!(r.list[0].tax_type, Some(TaxType::ZeroRated));
    assert!(
        r.list[0]
            .nts_send_err_code
            .as_ref()
            .is_some_and(NtsResultCode::is_success)
    );
    assert_eq!(r.list[1].state_code, Some(StateCode::PendingRequest));
    assert!(r.list[1].tax_type.as_ref().is_some_and(TaxType::is_unknown));
    assert_eq!(
        r.list[1].modify_code.as_ref().and_then(ModifyCode::code),
        Some(9)
    );
    assert!(
        r.list[1]
            .close_down_state
            .as_ref()
            .is_some_and(CloseDownState::is_unknown)
    );
}

#[test]
fn bulk_results() {
    let r: BulkTaxinvoiceResult = round_trip(
        "bulk_result",
        &fixture("bulk_result.json"),
        &[
            Expect::Becomes("/successCount", json!(1)),
            Expect::Dropped("/issueResult/1/retry"),
        ],
    );
    assert!(r.is_completed());
    assert!(r.issue_result[0].is_success());
    assert_eq!(r.issue_result[1].code, Some(-11_001_001));

    let p: BulkTaxinvoiceResult = round_trip(
        "bulk_result_pending",
        &fixture("bulk_result_pending.json"),
        &[Expect::Becomes("/issueResult", json!([]))],
    );
    assert!(!p.is_completed());
    assert!(p.tx_state.as_ref().is_some_and(BulkTxState::is_unknown));
}

#[test]
fn logs() {
    let logs: Vec<TaxinvoiceLog> = round_trip(
        "logs",
        &fixture("logs.json"),
        &[Expect::Dropped("/2/extra")],
    );
    assert_eq!(logs[0].doc_log_type, Some(DocLogType::Saved));
    assert_eq!(logs[1].proc_type, Some(ProcType::Web));
    assert!(
        logs[2]
            .doc_log_type
            .as_ref()
            .is_some_and(DocLogType::is_unknown)
    );
    assert!(logs[2].proc_type.as_ref().is_some_and(ProcType::is_unknown));
}

#[test]
fn detail_info_is_a_taxinvoice() {
    let inv: Taxinvoice = round_trip(
        "detail_info",
        &fixture("detail_info.json"),
        &[
            Expect::Dropped("/faxsendYN"),
            Expect::Dropped("/faxreceiveNum"),
            Expect::Becomes("/kwon", json!(1)),
            Expect::Becomes("/bankBookYN", json!(false)),
            Expect::Becomes("/detailList/1/serialNum", json!(2)),
            Expect::Becomes("/detailList/1/qty", json!("1.5")),
            Expect::Becomes("/detailList/1/supplyCost", json!("4500")),
        ],
    );
    assert_eq!(
        inv.nts_confirm_num.as_deref(),
        Some("20250115410000000000a1b2")
    );
    assert_eq!(inv.close_down_state, Some(CloseDownState::Suspended));
    assert!(inv.cash.is_some_and(|c| c.is_blank()));
    assert_eq!(inv.details()[1].unit_cost_value(), None);
    assert_eq!(inv.contacts().len(), 0);
}

#[test]
fn small_responses() {
    let all = fixture("small_responses.json");
    let r: IssueResponse = round_trip("IssueResponse", &all["IssueResponse"], &[]);
    assert_eq!(
        r.nts_confirm_num.as_deref(),
        Some("20250115410000000000a1b2")
    );
    let x: TaxinvoiceXml = round_trip("TaxinvoiceXml", &all["TaxinvoiceXml"], &[]);
    assert_eq!(x.ret_object.as_deref(), Some("<TaxInvoice/>"));
    let cfg: Vec<EmailSendConfig> = round_trip(
        "EmailSendConfig",
        &all["EmailSendConfig"],
        &[Expect::Becomes("/1/sendYN", json!(false))],
    );
    assert_eq!(cfg[0].email_type, Some(EmailType::TaxIssue));
    assert!(
        cfg[1]
            .email_type
            .as_ref()
            .is_some_and(EmailType::is_unknown)
    );
    let c: TaxinvoiceCertificate =
        round_trip("TaxinvoiceCertificate", &all["TaxinvoiceCertificate"], &[]);
    assert_eq!(c.reg_contact_id.as_deref(), Some("testkorea"));
    let files: Vec<AttachedFile> = round_trip(
        "AttachedFile",
        &all["AttachedFile"],
        &[Expect::Becomes("/1/serialNum", json!(2))],
    );
    assert_eq!(files[1].serial_num, Some(2));
    let keys: Vec<EmailPublicKey> = round_trip("EmailPublicKey", &all["EmailPublicKey"], &[]);
    assert_eq!(keys.len(), 1);
    let s: SendToNtsConfig = round_trip("SendToNtsConfig", &all["SendToNtsConfig"], &[]);
    assert_eq!(s.send_to_nts, Some(true));
    let e: CertificateExpiration =
        round_trip("CertificateExpiration", &all["CertificateExpiration"], &[]);
    assert_eq!(
        e.expires_at().map(|d| d.to_string()),
        Some("20260101235959".into())
    );
    let b: BulkResponse = round_trip("BulkResponse", &all["BulkResponse"], &[]);
    assert_eq!(b.receipt_id.as_deref(), Some("025011510000000001"));
}

#[test]
fn responses_tolerate_missing_and_null_fields() {
    let info: TaxinvoiceInfo = serde_json::from_str("{}").expect("empty object");
    assert_eq!(info, TaxinvoiceInfo::default());
    let r: TISearchResult =
        serde_json::from_str(r#"{"list": null, "total": null}"#).expect("nulls");
    assert!(r.list.is_empty() && r.total.is_none());
    let r: IssueResponse = serde_json::from_str(r#"{"code": "1"}"#).expect("string code");
    assert_eq!(r.code, 1);
    // An amount the server garbled does not fail the whole answer.
    let info: TaxinvoiceInfo =
        serde_json::from_str(r#"{"supplyCostTotal": "1,000", "stateCode": 300}"#)
            .expect("odd amount");
    assert_eq!(info.supply_cost_total, None);
    assert_eq!(info.state_code, Some(StateCode::Issued));
}

//! The webhooks a document state change produces: family, event type, member, a fresh
//! `Pb-Webhook-MID` and the JSON body, built from the `popbill_model::webhook` types.
//!
//! | service | new stateCode | `Pb-Webhook-Type` | `Pb-Webhook-EventType` |
//! |---|---|---|---|
//! | Taxinvoice | 300 | `TAXINVOICE.STATE` | `Issue` |
//! | Taxinvoice | 301, 304, 305 | `TAXINVOICE.STATE` | `NTS` |
//! | Taxinvoice | 600 | `TAXINVOICE.STATE` | `CancelIssue` |
//! | Cashbill | 300 | `CASHBILL.STATE` | `Issue` |
//! | Cashbill | 304, 305 | `CASHBILL.STATE` | `NTS` |
//!
//! One webhook goes to every member that addresses the document with a document number
//! (`Pb-Webhook-Corpnum` and the body's `corpNum`/`mgtKey` are that member's); other state
//! changes send nothing.

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use popbill_model::webhook::{
    CashbillEventType, CashbillStateEvent, TaxinvoiceEventType, TaxinvoiceStateEvent, WebhookType,
};
use serde_json::Value;

use crate::clock::dt14_kst;
use crate::state::store::{DocEvent, DocKind};

/// One webhook to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    /// `Pb-Webhook-Type`.
    pub webhook_type: WebhookType,
    /// `Pb-Webhook-EventType` (the `*.STATE` families only).
    pub event_type: Option<String>,
    /// `Pb-Webhook-Corpnum`.
    pub corp_num: String,
    /// `Pb-Webhook-MID`, unique per event.
    pub mid: String,
    /// The JSON body.
    pub body: Bytes,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

/// A fresh message id shaped like POPBiLL's (`016120000002-1777d55c2c41492ab06826d`): 12 digits
/// of the event time, then 23 hex digits of a process-wide sequence and a random number, so
/// ids stay unique across restarts on the same state file.
pub(crate) fn new_mid(at_ms: i64) -> String {
    let seq = SEQ.fetch_add(1, Ordering::Relaxed) & 0x0fff_ffff;
    format!(
        "{:012}-{seq:07x}{:016x}",
        at_ms.rem_euclid(1_000_000_000_000),
        fastrand::u64(..)
    )
}

impl Outgoing {
    /// A webhook of `family` for `corp` with `body` serialised and a fresh MID.
    pub(crate) fn new(
        family: WebhookType,
        event_type: Option<String>,
        corp: &str,
        at_ms: i64,
        body: &impl serde::Serialize,
    ) -> Option<Outgoing> {
        let body = serde_json::to_vec(body).ok()?;
        Some(Outgoing {
            webhook_type: family,
            event_type,
            corp_num: corp.to_owned(),
            mid: new_mid(at_ms),
            body: Bytes::from(body),
        })
    }
}

fn text(info: &Value, key: &str) -> Option<String> {
    info.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn taxinvoice_event(state: u16) -> Option<TaxinvoiceEventType> {
    match state {
        300 => Some(TaxinvoiceEventType::Issue),
        301 | 304 | 305 => Some(TaxinvoiceEventType::Nts),
        600 => Some(TaxinvoiceEventType::CancelIssue),
        _ => None,
    }
}

fn cashbill_event(state: u16) -> Option<CashbillEventType> {
    match state {
        300 => Some(CashbillEventType::Issue),
        304 | 305 => Some(CashbillEventType::Nts),
        _ => None,
    }
}

/// One webhook of `family` per member that addresses the document, body by `build(corp, mgt)`.
fn per_member<B: serde::Serialize>(
    e: &DocEvent,
    family: WebhookType,
    event_type: &str,
    build: impl Fn(&str, &str) -> B,
) -> Vec<Outgoing> {
    e.keys
        .iter()
        .filter_map(|(corp, _, mgt)| {
            let body = build(corp, mgt);
            Outgoing::new(
                family.clone(),
                Some(event_type.to_owned()),
                corp,
                e.at_ms,
                &body,
            )
        })
        .collect()
}

/// The webhooks of one document event (none for states without an event or without the
/// captured info JSON).
pub(crate) fn from_doc_event(e: &DocEvent) -> Vec<Outgoing> {
    let (Some(state), Some(info)) = (e.state, e.info.as_ref()) else {
        return Vec::new();
    };
    let at = dt14_kst(e.at_ms);
    let t = |key: &str| text(info, key);
    let state_code = Some(i64::from(state));
    match e.kind {
        DocKind::Taxinvoice => match taxinvoice_event(state) {
            Some(et) => per_member(
                e,
                WebhookType::TaxinvoiceState,
                &et.as_str(),
                |corp, mgt| TaxinvoiceStateEvent {
                    event_type: Some(et.clone()),
                    event_dt: Some(at.clone()),
                    corp_num: Some(corp.to_owned()),
                    item_key: Some(e.item_key.clone()),
                    mgt_key: Some(mgt.to_owned()),
                    nts_confirm_num: t("ntsconfirmNum"),
                    nts_send_dt: t("ntssendDT"),
                    nts_result_dt: t("ntsresultDT"),
                    nts_send_err_code: t("ntssendErrCode"),
                    state_code,
                    state_dt: t("stateDT"),
                    issue_dt: t("issueDT"),
                    ..TaxinvoiceStateEvent::default()
                },
            ),
            None => Vec::new(),
        },
        DocKind::Cashbill => match cashbill_event(state) {
            Some(et) => per_member(e, WebhookType::CashbillState, &et.as_str(), |corp, mgt| {
                CashbillStateEvent {
                    event_type: Some(et.clone()),
                    event_dt: Some(at.clone()),
                    corp_num: Some(corp.to_owned()),
                    franchise_corp_num: Some(corp.to_owned()),
                    item_key: Some(e.item_key.clone()),
                    mgt_key: Some(mgt.to_owned()),
                    trade_date: t("tradeDate"),
                    confirm_num: t("confirmNum"),
                    nts_send_dt: t("ntssendDT"),
                    nts_result_dt: t("ntsresultDT"),
                    nts_result_code: t("ntsresultCode"),
                    state_code,
                    state_dt: t("stateDT"),
                    issue_dt: t("issueDT"),
                    ..CashbillStateEvent::default()
                }
            }),
            None => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(kind: DocKind, state: u16, info: Value) -> DocEvent {
        DocEvent {
            kind,
            item_key: "025030109300000001".into(),
            keys: vec![("1234567890".into(), None, "INV-1".into())],
            state: Some(state),
            at_ms: 1_735_689_600_000,
            info: Some(info),
        }
    }

    #[test]
    fn taxinvoice_states_map_to_documented_event_types() {
        let info = json!({"ntsconfirmNum": "20250101410000000000abcd", "stateDT": "20250101090000",
                          "issueDT": "20250101090000", "ntssendErrCode": "SUC001", "ntssendDT": ""});
        let types: Vec<Option<String>> = [100, 300, 301, 302, 303, 304, 305, 600]
            .into_iter()
            .map(|s| {
                from_doc_event(&event(DocKind::Taxinvoice, s, info.clone()))
                    .first()
                    .and_then(|o| o.event_type.clone())
            })
            .collect();
        let want = [
            None,
            Some("Issue"),
            Some("NTS"),
            None,
            None,
            Some("NTS"),
            Some("NTS"),
            Some("CancelIssue"),
        ]
        .map(|o| o.map(str::to_owned));
        assert_eq!(types, want);
        let out = from_doc_event(&event(DocKind::Taxinvoice, 304, info));
        let body: Value = serde_json::from_slice(&out[0].body).unwrap_or_default();
        assert_eq!(
            body,
            json!({"eventType": "NTS", "eventDT": "20250101090000", "corpNum": "1234567890",
                   "itemKey": "025030109300000001", "mgtKey": "INV-1",
                   "ntsConfirmNum": "20250101410000000000abcd", "ntssendErrCode": "SUC001",
                   "stateCode": 304, "stateDT": "20250101090000", "issueDT": "20250101090000"})
        );
        assert_eq!(out[0].webhook_type, WebhookType::TaxinvoiceState);
        assert_eq!(out[0].corp_num, "1234567890");
    }

    #[test]
    fn cashbill_issue_and_nts_only() {
        let info =
            json!({"tradeDate": "20250101", "confirmNum": "TB0000001", "ntsresultCode": "0000"});
        let issue = from_doc_event(&event(DocKind::Cashbill, 300, info.clone()));
        assert_eq!(issue.len(), 1);
        assert_eq!(issue[0].event_type.as_deref(), Some("Issue"));
        let body: Value = serde_json::from_slice(&issue[0].body).unwrap_or_default();
        assert_eq!(body["franchiseCorpNum"], "1234567890");
        assert_eq!(body["confirmNum"], "TB0000001");
        assert_eq!(body["stateCode"], 300);
        assert!(from_doc_event(&event(DocKind::Cashbill, 600, info.clone())).is_empty());
        assert!(from_doc_event(&event(DocKind::Cashbill, 100, info)).is_empty());
    }

    #[test]
    fn mids_are_unique_and_shaped_like_popbills() {
        let a = new_mid(1_735_689_600_000);
        let b = new_mid(1_735_689_600_000);
        assert_ne!(a, b);
        assert_eq!(a.len(), "016120000002-1777d55c2c41492ab06826d".len());
        assert_eq!(a.find('-'), Some(12));
    }
}

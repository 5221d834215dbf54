//! Bulk submissions of any document service (bulkSubmit / getBulkResult): received (txState
//! 0), processing (1) after one bulk step, done (2) after two, when every document is issued
//! like registIssue (tax invoices) or registIssue (cash receipts).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::clock::dt14_kst;
use crate::error::{ApiError, ApiResult, codes};
use crate::state::cashbill;
use crate::state::docs::{Caller, Mode, split_extras, text};
use crate::state::jobs::Steps;
use crate::state::store::DocKind;
use crate::state::{Env, State, Table};

/// Result for one document of a submission (for a cash receipt: `invoicer_mgt_key` is its
/// mgtKey and `nts_confirm_num` its confirmNum).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct BulkItem {
    pub invoicer_mgt_key: String,
    pub trustee_mgt_key: String,
    pub code: i64,
    pub message: String,
    pub nts_confirm_num: String,
    pub issue_dt: String,
    #[serde(default)]
    pub trade_date: String,
}

/// The state-file key of a submission (tax invoices keep the first release's `corp/id`).
pub(crate) fn bulk_key(kind: DocKind, corp: &str, submit_id: &str) -> String {
    match kind {
        DocKind::Taxinvoice => format!("{corp}/{submit_id}"),
        other => format!("{}/{corp}/{submit_id}", other.table()),
    }
}

/// A submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Bulk {
    /// The service of the documents.
    #[serde(default)]
    pub kind: DocKind,
    pub corp_num: String,
    pub submit_id: String,
    pub receipt_id: String,
    /// Base64 SHA-1 of the body, to recognise a repeated submission.
    pub digest: String,
    pub received_ms: i64,
    pub force_issue: bool,
    pub user_id: Option<String>,
    pub invoices: Vec<Map<String, Value>>,
    pub results: Option<Vec<BulkItem>>,
    pub done_ms: Option<i64>,
}

impl Bulk {
    /// Received (txState 0), processing (1) one bulk step later, done (2) after two.
    pub(crate) fn steps(&self) -> Steps {
        Steps::new(self.received_ms, 2)
    }

    /// txState at `now` (2 only once the invoices were processed).
    pub(crate) fn tx_state(&self, now_ms: i64, step_ms: i64) -> i64 {
        if self.results.is_some() {
            2
        } else {
            i64::from(self.steps().step_at(now_ms, step_ms).min(1))
        }
    }
}

impl State {
    /// Registers a bulk submission (or answers the registered one for a repeated SubmitID).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn submit_bulk(
        &mut self,
        env: &Env<'_>,
        kind: DocKind,
        c: &Caller<'_>,
        submit_id: &str,
        digest: String,
        force_issue: bool,
        invoices: Vec<Map<String, Value>>,
    ) -> ApiResult<String> {
        self.member(c.corp)?;
        let key = bulk_key(kind, c.corp, submit_id);
        if let Some(b) = self.bulks.get(&key) {
            return if b.digest == digest {
                Ok(b.receipt_id.clone())
            } else {
                Err(ApiError::conflict(
                    match kind {
                        DocKind::Taxinvoice => codes::TI_SUBMIT_ID_CONFLICT,
                        DocKind::Cashbill => cashbill::codes::SUBMIT_ID_CONFLICT,
                    },
                    format!("이미 다른 내용으로 접수된 제출아이디입니다. ({submit_id})"),
                ))
            };
        }
        let seq = self.next(|c| &mut c.receipt);
        let receipt_id = format!("{}{:010}", env.dt(), seq);
        self.bulks.insert(
            key.clone(),
            Bulk {
                kind,
                corp_num: c.corp.to_owned(),
                submit_id: submit_id.to_owned(),
                receipt_id: receipt_id.clone(),
                digest,
                received_ms: env.now_ms,
                force_issue,
                user_id: c.user_id.map(str::to_owned),
                invoices,
                results: None,
                done_ms: None,
            },
        );
        let bstep = crate::clock::millis(env.cfg.bulk_step);
        let due = Steps::new(env.now_ms, 2).done_at(bstep);
        self.bulk_timers.add(due, key.clone());
        self.touch(Table::Bulk, &key);
        Ok(receipt_id)
    }

    pub(crate) fn process_bulk(&mut self, env: &Env<'_>, key: &str) {
        let Some(b) = self.bulks.get(key).cloned() else {
            return;
        };
        let c = Caller {
            corp: &b.corp_num,
            user_id: b.user_id.as_deref(),
            ip: "",
        };
        let results = match b.kind {
            DocKind::Taxinvoice => self.bulk_taxinvoices(env, &c, b.force_issue, b.invoices),
            DocKind::Cashbill => self.bulk_cashbills(env, &c, b.invoices),
        };
        if let Some(b) = self.bulks.get_mut(key) {
            b.results = Some(results);
            b.done_ms = Some(env.now_ms);
        }
        self.touch(Table::Bulk, key);
    }

    fn bulk_cashbills(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        list: Vec<Map<String, Value>>,
    ) -> Vec<BulkItem> {
        list.into_iter()
            .map(|mut body| {
                let memo = text(&body, "memo");
                let email_subject = text(&body, "emailSubject");
                body.remove("memo");
                body.remove("emailSubject");
                let mgt = text(&body, "mgtKey").unwrap_or_default();
                match self.cb_regist_issue(env, c, body, memo, email_subject) {
                    Ok(i) => BulkItem {
                        invoicer_mgt_key: mgt,
                        trustee_mgt_key: String::new(),
                        code: 1,
                        message: "발행 완료".into(),
                        nts_confirm_num: i.confirm_num,
                        issue_dt: env.dt(),
                        trade_date: i.trade_date,
                    },
                    Err(e) => BulkItem {
                        invoicer_mgt_key: mgt,
                        trustee_mgt_key: String::new(),
                        code: e.code,
                        message: e.message,
                        nts_confirm_num: String::new(),
                        issue_dt: String::new(),
                        trade_date: String::new(),
                    },
                }
            })
            .collect()
    }

    fn bulk_taxinvoices(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        force_issue: bool,
        list: Vec<Map<String, Value>>,
    ) -> Vec<BulkItem> {
        let mut results = Vec::with_capacity(list.len());
        for inv in list {
            let (inv, _) = split_extras(inv);
            let invoicer_mgt_key = text(&inv, "invoicerMgtKey").unwrap_or_default();
            let trustee_mgt_key = text(&inv, "trusteeMgtKey").unwrap_or_default();
            let mode = Mode::Issue {
                force: force_issue,
                memo: None,
                email_subject: None,
            };
            let r = self.register_doc(env, c, inv, mode);
            results.push(match r {
                Ok(reg) => BulkItem {
                    invoicer_mgt_key,
                    trustee_mgt_key,
                    code: 1,
                    message: "발행 완료".into(),
                    nts_confirm_num: reg.nts_confirm_num.unwrap_or_default(),
                    issue_dt: env.dt(),
                    trade_date: String::new(),
                },
                Err(e) => BulkItem {
                    invoicer_mgt_key,
                    trustee_mgt_key,
                    code: e.code,
                    message: e.message,
                    nts_confirm_num: String::new(),
                    issue_dt: String::new(),
                    trade_date: String::new(),
                },
            });
        }
        results
    }

    /// getBulkResult JSON.
    pub(crate) fn bulk_result(
        &self,
        env: &Env<'_>,
        kind: DocKind,
        corp: &str,
        submit_id: &str,
    ) -> ApiResult<Value> {
        let b = self
            .bulks
            .get(&bulk_key(kind, corp, submit_id))
            .ok_or_else(|| {
                ApiError::not_found(
                    match kind {
                        DocKind::Taxinvoice => codes::TI_SUBMIT_NOT_FOUND,
                        DocKind::Cashbill => cashbill::codes::SUBMIT_NOT_FOUND,
                    },
                    format!("접수되지 않은 제출아이디입니다. ({submit_id})"),
                )
            })?;
        let bstep = crate::clock::millis(env.cfg.bulk_step).max(1);
        let tx = b.tx_state(env.now_ms, bstep);
        let results = b.results.as_deref().unwrap_or(&[]);
        let success = results.iter().filter(|r| r.code == 1).count();
        Ok(json!({
            "code": 1,
            "message": "",
            "submitID": b.submit_id,
            "submitCount": b.invoices.len(),
            "successCount": if tx == 2 { success } else { 0 },
            "failCount": if tx == 2 { results.len() - success } else { 0 },
            "txState": tx,
            "txResultCode": if tx == 2 { 1 } else { 0 },
            "txStartDT": if tx >= 1 { dt14_kst(b.steps().at(1, bstep)) } else { String::new() },
            "txEndDT": b.done_ms.map(dt14_kst).unwrap_or_default(),
            "receiptDT": dt14_kst(b.received_ms),
            "receiptID": b.receipt_id,
            "issueResult": results.iter().map(|r| match kind {
                DocKind::Taxinvoice => json!({
                    "invoicerMgtKey": r.invoicer_mgt_key,
                    "trusteeMgtKey": r.trustee_mgt_key,
                    "code": r.code,
                    "message": r.message,
                    "ntsconfirmNum": r.nts_confirm_num,
                    "issueDT": r.issue_dt,
                }),
                DocKind::Cashbill => json!({
                    "mgtKey": r.invoicer_mgt_key,
                    "code": r.code,
                    "message": r.message,
                    "confirmNum": r.nts_confirm_num,
                    "tradeDate": r.trade_date,
                    "issueDT": r.issue_dt,
                }),
            }).collect::<Vec<_>>(),
        }))
    }
}

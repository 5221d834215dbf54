//! Timed work: automatic NTS filing (`--nts-delay`, default next day 15:00 KST) and the filing
//! steps 301 → 302 → 303 → 304/305, driven by the sandbox clock through a due-time queue.

use crate::config::NtsDelay;
use crate::state::docs::Caller;
use crate::state::invoice::{
    Doc, Filing, KeyType, S_FILED, S_FILING_1, S_FILING_2, S_FILING_3, S_FILING_FAILED, S_ISSUED,
};
use crate::state::store::DocKind;
use crate::state::{Env, State};

/// Milliseconds between filing states.
pub(crate) fn filing_step(env: &Env<'_>) -> i64 {
    crate::clock::millis(env.cfg.filing_step).max(1)
}

/// When an invoice issued now is filed automatically.
pub(crate) fn auto_filing_at(env: &Env<'_>) -> Option<i64> {
    match env.cfg.nts_delay {
        NtsDelay::Never => None,
        NtsDelay::After(d) => Some(env.now_ms.saturating_add(crate::clock::millis(d))),
        NtsDelay::NextDay15h => {
            // 15:00 KST = 06:00 UTC of the next Korean day.
            let next = env.today.add_days(1).days_since_epoch();
            Some((next * 86_400 + 6 * 3600) * 1000)
        }
    }
}

impl State {
    /// Next time something happens to a document on its own.
    pub(crate) fn due_at(&self, d: &Doc, step: i64) -> Option<i64> {
        match (&d.filing, d.state) {
            (Some(f), S_FILING_1..=S_FILING_3) => {
                Some(f.started_ms + step * i64::from(d.state - S_FILING_1 + 1))
            }
            (None, S_ISSUED) => d.auto_file_at,
            _ => None,
        }
    }

    /// Queues a document's next timed step (if it has one).
    pub(crate) fn schedule(&mut self, env: &Env<'_>, item_key: &str) {
        let step = filing_step(env);
        if let Some(due) = self
            .taxinvoices
            .get(item_key)
            .and_then(|d| self.due_at(d, step))
        {
            self.doc_timers
                .add(due, (DocKind::Taxinvoice, item_key.to_owned()));
        }
    }

    /// Applies everything due by `env.now_ms`: automatic filing, filing progress 301 → 302 →
    /// 303 → 304/305, bulk processing. Cost: O(log n) per due item, nothing when idle.
    pub(crate) fn tick(&mut self, env: &Env<'_>) {
        let step = filing_step(env);
        while let Some((due, (kind, ik))) = self.doc_timers.pop_due(env.now_ms) {
            match kind {
                DocKind::Taxinvoice => {
                    // Entries go stale when a document changes (cancelIssue, delete,
                    // sendToNTS): only act when the entry still matches its next step.
                    let current = self.taxinvoices.get(&ik).and_then(|d| self.due_at(d, step));
                    if current == Some(due) {
                        self.advance_filing(env, &ik, step);
                        self.schedule(env, &ik);
                    }
                }
                DocKind::Cashbill => self.cb_file(env, &ik, due),
            }
        }
        while let Some((_, key)) = self.bulk_timers.pop_due(env.now_ms) {
            if self.bulks.get(&key).is_some_and(|b| b.results.is_none()) {
                self.process_bulk(env, &key);
            }
        }
    }

    fn advance_filing(&mut self, env: &Env<'_>, ik: &str, step: i64) {
        loop {
            let Some(d) = self.taxinvoices.get(ik) else {
                return;
            };
            let Some(due) = self.due_at(d, step) else {
                return;
            };
            if due > env.now_ms {
                return;
            }
            let state = d.state;
            let trigger = d.fail_trigger.clone();
            let filing = d.filing.clone();
            let (next, log_type, text) = match (state, &filing) {
                (S_ISSUED, None) => (S_FILING_1, 250, "국세청 전송 대상 등록 (자동전송)"),
                (S_FILING_1, Some(_)) => (S_FILING_2, 251, "국세청 전송대기"),
                (S_FILING_2, Some(_)) => (S_FILING_3, 252, "국세청 전송중"),
                (S_FILING_3, Some(f)) if f.fail_code.is_some() => {
                    (S_FILING_FAILED, 255, "국세청 전송실패")
                }
                (S_FILING_3, Some(_)) => (S_FILED, 254, "국세청 전송성공"),
                _ => return,
            };
            self.taxinvoices.set_state(ik, next, due, None);
            if let Some(d) = self.taxinvoices.get_mut(ik) {
                match next {
                    S_FILING_1 => {
                        d.filing = Some(Filing {
                            started_ms: due,
                            fail_code: trigger,
                        });
                        d.auto_file_at = None;
                    }
                    S_FILING_3 => d.nts_send_ms = Some(due),
                    S_FILED | S_FILING_FAILED => {
                        d.nts_result_ms = Some(due);
                        d.nts_err_code = Some(
                            filing
                                .as_ref()
                                .and_then(|f| f.fail_code.clone())
                                .unwrap_or_else(|| "SUC001".to_owned()),
                        );
                    }
                    _ => {}
                }
            }
            self.push_log(ik, None, due, log_type, text, None);
            if next == S_FILED {
                self.push_log(ik, None, due, 253, "국세청 수신완료", None);
            }
            if next == S_FILING_FAILED {
                let corp = self
                    .taxinvoices
                    .get(ik)
                    .and_then(|d| d.party(d.kind.issuer()).map(|p| p.0.to_owned()))
                    .unwrap_or_default();
                let who = Caller {
                    corp: &corp,
                    user_id: None,
                    ip: "",
                };
                self.notify(env, &who, ik, None, "TAX_NTSFAIL_INVOICER", KeyType::Sell);
            }
        }
    }

    /// Rebuilds the timed-work queues after loading.
    pub(crate) fn rebuild_queues(&mut self, filing_step_ms: i64, bulk_step_ms: i64) {
        let due: Vec<(i64, String)> = self
            .taxinvoices
            .values()
            .filter_map(|d| {
                self.due_at(d, filing_step_ms.max(1))
                    .map(|t| (t, d.item_key.clone()))
            })
            .collect();
        for (t, ik) in due {
            self.doc_timers.add(t, (DocKind::Taxinvoice, ik));
        }
        self.cb_rebuild_queue(filing_step_ms);
        let bulks: Vec<(i64, String)> = self
            .bulks
            .iter()
            .filter(|(_, b)| b.results.is_none())
            .map(|(k, b)| (b.steps().done_at(bulk_step_ms), k.clone()))
            .collect();
        for (t, k) in bulks {
            self.bulk_timers.add(t, k);
        }
    }
}

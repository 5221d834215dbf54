//! Shared application state: configuration, clock, the state mutex, fault rules and the
//! persistence writer. Every state access goes through [`App::with`], one short critical
//! section that first applies timed work (filing, bulk) due on the sandbox clock.

use std::sync::{Arc, Mutex, OnceLock};

use crate::clock::SandboxClock;
use crate::config::Config;
use crate::faults::Faults;
use crate::persist::{Ack, Persist};
use crate::state::store::DocEvent;
use crate::state::{Env, State};
use crate::webhook::Webhooks;

/// A subscriber to document state changes (see [`App::on_doc_event`]).
pub(crate) type DocHook = Box<dyn Fn(&DocEvent) + Send + Sync>;

/// Per-request bookkeeping: commits to wait for before answering.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub acks: Vec<Ack>,
}

impl Ctx {
    /// Waits for every commit of this request. `Err` when the state file could not be written.
    pub(crate) async fn committed(&mut self) -> Result<(), String> {
        for ack in self.acks.drain(..) {
            match ack.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(e),
                Err(_) => return Err("state writer stopped".into()),
            }
        }
        Ok(())
    }
}

/// Everything a handler needs. `Debug` leaves the state out (it holds session tokens).
pub(crate) struct App {
    pub cfg: Config,
    pub clock: SandboxClock,
    pub faults: Arc<Faults>,
    pub base_url: String,
    state: Mutex<State>,
    persist: Option<Persist>,
    doc_hooks: Mutex<Vec<DocHook>>,
    /// The webhook sender's queue, when a webhook URL is configured.
    pub webhooks: OnceLock<Webhooks>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("base_url", &self.base_url)
            .field("cfg", &self.cfg)
            .field("clock", &self.clock)
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

impl App {
    pub(crate) fn new(
        cfg: Config,
        clock: SandboxClock,
        state: State,
        persist: Option<Persist>,
        faults: Arc<Faults>,
        base_url: String,
    ) -> App {
        App {
            cfg,
            clock,
            faults,
            base_url,
            state: Mutex::new(state),
            persist,
            doc_hooks: Mutex::new(Vec::new()),
            webhooks: OnceLock::new(),
        }
    }

    /// Subscribes to every document state change of every service (insert, state change,
    /// removal; timed filing included). Hooks run after the state lock is released, in the
    /// order the changes happened (also across requests: the hook list is locked before the
    /// state is released), on the thread of the request (or ticker) that made them: keep them
    /// short and non-blocking (hand the event to a channel), and never call [`App::with`]
    /// from one.
    pub(crate) fn on_doc_event(&self, hook: DocHook) {
        self.doc_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(hook);
    }

    /// Runs `f` on the state in one critical section (timed work first), then queues the
    /// changed records for the writer in the same section. Document events of the section go
    /// to the [`App::on_doc_event`] hooks after the lock is released.
    pub(crate) fn with<T>(&self, ctx: &mut Ctx, f: impl FnOnce(&mut State, &Env<'_>) -> T) -> T {
        let now_ms = self.clock.now_millis();
        let env = Env {
            cfg: &self.cfg,
            now_ms,
            today: popbill_model::kst_date_from_unix(now_ms.div_euclid(1000)),
        };
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.tick(&env);
        let out = f(&mut st, &env);
        let changes = st.take_changes();
        if !changes.is_empty() {
            if let Some(p) = &self.persist {
                if let Some(ack) = p.submit(changes) {
                    ctx.acks.push(ack);
                }
            }
        }
        let events = st.take_doc_events();
        if !events.is_empty() {
            // Taken before the state is released, so the next section's events wait for
            // these: subscribers see the changes in the order they happened.
            let hooks = self.doc_hooks.lock().unwrap_or_else(|e| e.into_inner());
            drop(st);
            for e in &events {
                for h in hooks.iter() {
                    h(e);
                }
            }
        }
        out
    }

    /// Flushes and stops the persistence writer.
    pub(crate) fn close(&self) {
        if let Some(p) = &self.persist {
            p.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::config::NtsDelay;
    use crate::state::docs::Caller;
    use crate::state::store::DocKind;

    /// The webhook hook: every document state change reaches the subscribers after the
    /// critical section, timed filing included, with the member's key.
    #[test]
    fn subscribers_see_every_document_state_change() {
        let cfg = Config {
            nts_delay: NtsDelay::After(Duration::from_secs(60)),
            ..Config::default()
        };
        let app = App::new(
            cfg,
            SandboxClock::new(),
            State::new(false),
            None,
            Arc::new(Faults::default()),
            "http://sandbox".into(),
        );
        let seen: Arc<Mutex<Vec<DocEvent>>> = Arc::default();
        let sink = Arc::clone(&seen);
        app.on_doc_event(Box::new(move |e| {
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(e.clone())
        }));
        let corp = "1234567890";
        let body = json!({
            "mgtKey": "HOOK-1", "tradeType": "승인거래", "tradeUsage": "소득공제용",
            "taxationType": "과세", "supplyCost": "100", "tax": "10", "serviceFee": "0",
            "totalAmount": "110", "franchiseCorpNum": corp, "identityNum": "01011112222",
        });
        let issued = app.with(&mut Ctx::default(), |st, env| {
            st.auto_join(env, corp, "TESTER");
            let c = Caller {
                corp,
                user_id: None,
                ip: "",
            };
            let body = body.as_object().cloned().unwrap_or_default();
            st.cb_regist_issue(env, &c, body, None, None)
        });
        assert!(issued.is_ok(), "{issued:?}");
        app.clock.advance(Duration::from_secs(120));
        app.with(&mut Ctx::default(), |_, _| ());
        let seen = seen.lock().unwrap_or_else(|e| e.into_inner());
        let states: Vec<Option<u16>> = seen.iter().map(|e| e.state).collect();
        assert_eq!(states, [Some(100), Some(300), Some(304)]);
        assert!(seen.iter().all(|e| e.kind == DocKind::Cashbill));
        assert_eq!(
            seen[2].keys,
            [(corp.to_owned(), None, "HOOK-1".to_owned())],
            "the member and its MgtKey"
        );
    }
}

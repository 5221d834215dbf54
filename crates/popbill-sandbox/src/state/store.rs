//! The document store every document service (Taxinvoice, Cashbill) keeps its documents in:
//! the documents by ItemKey, the `(member CorpNum, side, MgtKey)` index, state changes with
//! their log line, and the change tracking the state file needs.
//!
//! A service describes its document type once by implementing [`Document`]; everything in
//! this file is written once for all of them.
//!
//! **Key isolation between members.** A document is indexed only under the keys of the
//! members who can see it *now* ([`Document::keys`]). A draft that names another member's
//! MgtKey therefore neither reveals nor reserves that key; when the document becomes visible to
//! the other member (issuance), [`Documents::reindex`] assigns the key if it is still free and
//! otherwise drops it from the document ([`Document::forget_key`]) — the other member keeps its
//! own document under that key and can give this one another key with assignMgtKey.
//!
//! **State-change hook.** Every state change made through [`Documents::set_state`] (and every
//! insert or removal) queues a [`DocEvent`]; [`crate::app::App::with`] hands the events of a
//! critical section to the subscribers registered with `App::on_doc_event` after the state
//! lock is released (webhooks build on it).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::clock::dt14_kst;
use crate::error::ApiError;
use crate::state::State;
use crate::state::invoice::KeyType;

/// The document services, also the persisted table of their documents.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub(crate) enum DocKind {
    /// 전자세금계산서.
    #[default]
    Taxinvoice,
    /// 현금영수증.
    Cashbill,
}

impl DocKind {
    /// Name of the state-file table (`doc` for Taxinvoice, kept from the first release).
    pub(crate) fn table(self) -> &'static str {
        match self {
            DocKind::Taxinvoice => "doc",
            DocKind::Cashbill => "cashbill",
        }
    }

    /// The kind stored under a state-file table name.
    pub(crate) fn from_table(name: &str) -> Option<DocKind> {
        [DocKind::Taxinvoice, DocKind::Cashbill]
            .into_iter()
            .find(|k| k.table() == name)
    }
}

/// Side of an index key: the Taxinvoice KeyType, `None` for services whose documents have one
/// owner (Cashbill).
pub(crate) type Side = Option<KeyType>;

/// One log line (TaxinvoiceLog / CashbillLog).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LogRec {
    pub doc_log_type: u16,
    pub log: String,
    pub proc_type: String,
    pub proc_corp_name: String,
    pub proc_contact_name: String,
    pub proc_memo: String,
    pub reg_ms: i64,
    pub ip: String,
}

impl LogRec {
    /// The wire JSON; `with_names` adds procCorpName/procContactName (Taxinvoice).
    pub(crate) fn json(&self, with_names: bool) -> Value {
        let mut v = serde_json::json!({
            "docLogType": self.doc_log_type,
            "log": self.log,
            "procType": self.proc_type,
            "procMemo": self.proc_memo,
            "regDT": dt14_kst(self.reg_ms),
            "ip": self.ip,
        });
        if with_names {
            v["procCorpName"] = Value::String(self.proc_corp_name.clone());
            v["procContactName"] = Value::String(self.proc_contact_name.clone());
        }
        v
    }
}

/// Who a log line names: an API caller (`연동`) or the system (`시스템`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Actor {
    pub proc_type: &'static str,
    pub corp_name: String,
    pub contact_name: String,
    pub ip: String,
}

/// A document state change, for subscribers (webhooks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DocEvent {
    pub kind: DocKind,
    pub item_key: String,
    /// `(CorpNum, side, MgtKey)` of every member that sees the document, after the change.
    pub keys: Vec<(String, Side, String)>,
    /// The new stateCode; `None` when the document was removed (delete).
    pub state: Option<u16>,
    pub at_ms: i64,
    /// The info JSON (TaxinvoiceInfo / CashbillInfo) as the change left the document (with
    /// the fields set along with the state), when a subscriber asked for it
    /// ([`State::capture_doc_info`]); webhook bodies are built from it.
    pub info: Option<Value>,
}

/// What the store needs of a document type.
pub(crate) trait Document:
    Clone + Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The service.
    const KIND: DocKind;
    /// The ItemKey (18 digits).
    fn item_key(&self) -> &str;
    /// `(CorpNum, side, MgtKey)` of every member that sees the document now and gave it a
    /// document number. Only these keys are indexed.
    fn keys(&self) -> Vec<(String, Side, String)>;
    /// Removes the document number of `side` (it is taken by another document of that member).
    fn forget_key(&mut self, side: Side);
    /// Whether `corp` sees the document from `side`.
    fn visible_to(&self, corp: &str, side: Side) -> bool;
    /// stateCode.
    fn state(&self) -> u16;
    /// Moves to `state` at `at_ms`; a memo given replaces the state memo.
    fn put_state(&mut self, state: u16, at_ms: i64, memo: Option<&str>);
    /// The log lines.
    fn logs_mut(&mut self) -> &mut Vec<LogRec>;
    /// Text of a document field (empty strings and nulls are `None`).
    fn text(&self, key: &str) -> Option<&str>;
    /// The info JSON (TaxinvoiceInfo / CashbillInfo).
    fn info_json(&self) -> Value;
    /// The log JSON (TaxinvoiceLog[] / CashbillLog[]).
    fn logs_json(&self) -> Value;
    /// The not-found error for an address `(side, MgtKey)`.
    fn not_found(side: Side, mgt: &str) -> ApiError;
    /// This service's store in the state.
    fn store(st: &State) -> &Documents<Self>;
    /// This service's store in the state (mutable).
    fn store_mut(st: &mut State) -> &mut Documents<Self>;
}

/// The [`Document`] methods every document type writes the same way, for a struct with the
/// fields `state: u16`, `state_ms: i64`, `state_memo: Option<String>`, `logs: Vec<LogRec>`
/// and a method `field(&self, key) -> Option<&str>`: `state`, `put_state`, `logs_mut`, `text`.
macro_rules! document_state_methods {
    () => {
        fn state(&self) -> u16 {
            self.state
        }

        fn put_state(&mut self, state: u16, at_ms: i64, memo: Option<&str>) {
            self.state = state;
            self.state_ms = at_ms;
            if memo.is_some() {
                self.state_memo = memo.map(str::to_owned);
            }
        }

        fn logs_mut(&mut self) -> &mut Vec<$crate::state::store::LogRec> {
            &mut self.logs
        }

        fn text(&self, key: &str) -> Option<&str> {
            self.field(key)
        }
    };
}
pub(crate) use document_state_methods;

/// One service's documents. Every mutable access marks the document changed (for the state
/// file) and goes through here, so the index never disagrees with the documents.
#[derive(Debug)]
pub(crate) struct Documents<D: Document> {
    items: BTreeMap<String, D>,
    index: HashMap<(String, Side, String), String>,
    dirty: Option<BTreeSet<String>>,
    events: Vec<DocEvent>,
    capture_info: bool,
}

impl<D: Document> Default for Documents<D> {
    fn default() -> Self {
        Documents {
            items: BTreeMap::new(),
            index: HashMap::new(),
            dirty: None,
            events: Vec::new(),
            capture_info: false,
        }
    }
}

impl<D: Document> Documents<D> {
    /// An empty store; `persist` turns on change tracking.
    pub(crate) fn new(persist: bool) -> Self {
        Documents {
            dirty: persist.then(BTreeSet::new),
            ..Self::default()
        }
    }

    /// Number of documents.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Every document, by ItemKey.
    pub(crate) fn values(&self) -> impl Iterator<Item = &D> {
        self.items.values()
    }

    /// A document by ItemKey.
    pub(crate) fn get(&self, item_key: &str) -> Option<&D> {
        self.items.get(item_key)
    }

    /// A document by ItemKey, marked changed. Must not change its keys: use [`Self::reindex`].
    pub(crate) fn get_mut(&mut self, item_key: &str) -> Option<&mut D> {
        let d = self.items.get_mut(item_key)?;
        if let Some(dirty) = self.dirty.as_mut() {
            dirty.insert(item_key.to_owned());
        }
        Some(d)
    }

    /// ItemKey of the document `corp` addresses as `(side, mgt)`.
    pub(crate) fn lookup(&self, corp: &str, side: Side, mgt: &str) -> Option<&str> {
        let ik = self.index.get(&(corp.to_owned(), side, mgt.to_owned()))?;
        self.items
            .get(ik)
            .filter(|d| d.visible_to(corp, side))
            .map(|_| ik.as_str())
    }

    /// The document `corp` addresses as `(side, mgt)`, or the service's not-found error.
    pub(crate) fn find(&self, corp: &str, side: Side, mgt: &str) -> Result<&D, ApiError> {
        self.lookup(corp, side, mgt)
            .and_then(|ik| self.items.get(ik))
            .ok_or_else(|| D::not_found(side, mgt))
    }

    /// ItemKey of the document `corp` addresses as `(side, mgt)`, or not-found.
    pub(crate) fn find_key(&self, corp: &str, side: Side, mgt: &str) -> Result<String, ApiError> {
        self.find(corp, side, mgt).map(|d| d.item_key().to_owned())
    }

    /// The document holding `corp`'s key `(side, mgt)`, visible or not.
    pub(crate) fn holder(&self, corp: &str, side: Side, mgt: &str) -> Option<&str> {
        self.index
            .get(&(corp.to_owned(), side, mgt.to_owned()))
            .map(String::as_str)
    }

    fn touch(&mut self, item_key: &str) {
        if let Some(dirty) = self.dirty.as_mut() {
            dirty.insert(item_key.to_owned());
        }
    }

    fn event(&mut self, item_key: &str, at_ms: i64) {
        let (keys, state) = match self.items.get(item_key) {
            Some(d) => (d.keys(), Some(d.state())),
            None => (Vec::new(), None),
        };
        self.events.push(DocEvent {
            kind: D::KIND,
            item_key: item_key.to_owned(),
            keys,
            state,
            at_ms,
            info: None,
        });
    }

    /// Fills the info JSON of the document's latest event, if not done yet: called before
    /// its next state change and at the end of the critical section, so the info includes
    /// the fields set together with the state (NTS number, filing result, ...).
    fn settle_info(&mut self, item_key: &str) {
        if !self.capture_info {
            return;
        }
        let Some(e) = self
            .events
            .iter_mut()
            .rev()
            .find(|e| e.item_key == item_key)
        else {
            return;
        };
        if e.info.is_none() && e.state.is_some() {
            e.info = self.items.get(item_key).map(|d| d.info_json());
        }
    }

    /// Indexes the document's visible keys; a key another document holds is dropped from
    /// this one (see the module docs).
    fn index(&mut self, item_key: &str) {
        let Some(d) = self.items.get(item_key) else {
            return;
        };
        let mut taken = Vec::new();
        for k in d.keys() {
            match self.index.get(&k) {
                Some(other) if other != item_key => taken.push(k.1),
                Some(_) => {}
                None => {
                    self.index.insert(k, item_key.to_owned());
                }
            }
        }
        if !taken.is_empty() {
            if let Some(d) = self.items.get_mut(item_key) {
                for side in taken {
                    d.forget_key(side);
                }
            }
        }
    }

    fn unindex(&mut self, item_key: &str) {
        let Some(d) = self.items.get(item_key) else {
            return;
        };
        for k in d.keys() {
            if self.index.get(&k).is_some_and(|v| v == item_key) {
                self.index.remove(&k);
            }
        }
    }

    /// Adds a new document (the caller checked its writer's key is free) at `at_ms`.
    pub(crate) fn insert(&mut self, doc: D, at_ms: i64) {
        let ik = doc.item_key().to_owned();
        self.items.insert(ik.clone(), doc);
        self.index(&ik);
        self.touch(&ik);
        self.event(&ik, at_ms);
    }

    /// Loads a stored document (no event, not marked changed).
    pub(crate) fn load(&mut self, doc: D) {
        let ik = doc.item_key().to_owned();
        self.items.insert(ik.clone(), doc);
        self.index(&ik);
    }

    /// Drops a document that was never acknowledged (a failed registIssue), with its events.
    pub(crate) fn discard(&mut self, item_key: &str) {
        self.unindex(item_key);
        self.items.remove(item_key);
        self.touch(item_key);
        self.events.retain(|e| e.item_key != item_key);
    }

    /// Removes a document; its keys become free.
    pub(crate) fn remove(&mut self, item_key: &str, at_ms: i64) -> Option<D> {
        self.settle_info(item_key);
        self.unindex(item_key);
        let d = self.items.remove(item_key);
        self.touch(item_key);
        if d.is_some() {
            self.event(item_key, at_ms);
        }
        d
    }

    /// Changes a document in a way that may change who sees it or its keys (update, issue,
    /// assignMgtKey), re-indexing around the change.
    pub(crate) fn reindex<T>(&mut self, item_key: &str, f: impl FnOnce(&mut D) -> T) -> Option<T> {
        self.unindex(item_key);
        let out = self.items.get_mut(item_key).map(f);
        self.index(item_key);
        self.touch(item_key);
        out
    }

    /// Moves a document to `state` (a memo given replaces the state memo) and queues the
    /// state-change event. May make the document visible to another member: re-indexes.
    pub(crate) fn set_state(&mut self, item_key: &str, state: u16, at_ms: i64, memo: Option<&str>) {
        self.settle_info(item_key);
        if self
            .reindex(item_key, |d| d.put_state(state, at_ms, memo))
            .is_some()
        {
            self.event(item_key, at_ms);
        }
    }

    /// Appends a log line.
    pub(crate) fn push_log(
        &mut self,
        item_key: &str,
        actor: &Actor,
        at_ms: i64,
        doc_log_type: u16,
        log: &str,
        memo: Option<&str>,
    ) {
        if let Some(d) = self.get_mut(item_key) {
            d.logs_mut().push(LogRec {
                doc_log_type,
                log: log.to_owned(),
                proc_type: actor.proc_type.to_owned(),
                proc_corp_name: actor.corp_name.clone(),
                proc_contact_name: actor.contact_name.clone(),
                proc_memo: memo.unwrap_or_default().to_owned(),
                reg_ms: at_ms,
                ip: actor.ip.clone(),
            });
        }
    }

    /// Copies of the changed documents (`None` = removed), clearing the change set.
    pub(crate) fn take_changes(&mut self) -> Vec<(String, Option<D>)> {
        let Some(dirty) = self.dirty.as_mut() else {
            return Vec::new();
        };
        std::mem::take(dirty)
            .into_iter()
            .map(|ik| {
                let d = self.items.get(&ik).cloned();
                (ik, d)
            })
            .collect()
    }

    /// The state-change events queued since the last call.
    pub(crate) fn take_events(&mut self) -> Vec<DocEvent> {
        if self.capture_info {
            for e in &mut self.events {
                if e.info.is_none() && e.state.is_some() {
                    e.info = self.items.get(&e.item_key).map(|d| d.info_json());
                }
            }
        }
        std::mem::take(&mut self.events)
    }
}

/// A stored document as the state-file writer receives it (any service).
pub(crate) trait DocRecord: Debug + Send + Sync {
    /// The stored JSON text.
    fn to_json(&self) -> serde_json::Result<String>;
    /// For tests that inspect the copy.
    #[cfg(test)]
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<D: Document> DocRecord for D {
    fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }
    #[cfg(test)]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl State {
    /// From now on every [`DocEvent`] carries the document's info JSON (webhooks need it).
    pub(crate) fn capture_doc_info(&mut self) {
        self.taxinvoices.capture_info = true;
        self.cashbills.capture_info = true;
    }

    /// Who a caller is, for log lines (the system when `None`).
    pub(crate) fn actor(&self, c: Option<&crate::state::docs::Caller<'_>>) -> Actor {
        match c {
            Some(c) => {
                let (corp_name, contact_name) = match self.members.get(c.corp) {
                    Some(m) => (m.corp_info.corp_name.clone(), m.user_name(c.user_id)),
                    None => (String::new(), String::new()),
                };
                Actor {
                    proc_type: "연동",
                    corp_name,
                    contact_name,
                    ip: c.ip.to_owned(),
                }
            }
            None => Actor {
                proc_type: "시스템",
                ..Actor::default()
            },
        }
    }

    /// Appends a log line to a document of service `D`, naming the caller.
    pub(crate) fn log_doc<D: Document>(
        &mut self,
        item_key: &str,
        c: Option<&crate::state::docs::Caller<'_>>,
        at_ms: i64,
        doc_log_type: u16,
        log: &str,
        memo: Option<&str>,
    ) {
        let actor = self.actor(c);
        D::store_mut(self).push_log(item_key, &actor, at_ms, doc_log_type, log, memo);
    }
}

//! The authoritative sandbox state. It lives behind one `std::sync::Mutex` in the app; every
//! request's state change is one critical section (never held across an await), which makes
//! each document change atomic. When persistence is on, every touched record is copied at the
//! end of the critical section and handed to the SQLite writer in order; the writer thread
//! serialises it, so no request waits on the state lock while another's records (a document
//! with megabytes of attachments, a member's whole use history) are turned into JSON.

pub(crate) mod bulk;
pub(crate) mod cashbill;
pub(crate) mod cashbill_search;
pub(crate) mod docs;
pub(crate) mod filing;
pub(crate) mod invoice;
pub(crate) mod jobs;
pub(crate) mod log;
pub(crate) mod member;
pub(crate) mod render;
pub(crate) mod search;
pub(crate) mod store;
pub(crate) mod token;
pub(crate) mod validation;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use popbill_model::Date8;
use serde::{Deserialize, Serialize};

use crate::clock::dt14_kst;
use crate::config::Config;
use crate::error::{ApiError, ApiResult, codes};
use crate::outbox::{OutboxKind, OutboxMessage};
use bulk::Bulk;
use cashbill::Receipt;
use invoice::Doc;
use jobs::Timers;
use member::{ContactRec, CorpInfoRec, Member, UseRec};
use store::{DocEvent, DocKind, DocRecord, Document, Documents};
use token::Token;

/// A persisted record kind (documents are tracked by their store, see [`store`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Table {
    Member,
    Partner,
    Token,
    Bulk,
    Outbox,
    Meta,
    /// HomeTax credentials, contracts and jobs (`crate::hometax::persist`).
    HomeTax,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Member => "member",
            Table::Partner => "partner",
            Table::Token => "token",
            Table::Bulk => "bulk",
            Table::Outbox => "outbox",
            Table::Meta => "meta",
            Table::HomeTax => "hometax",
        }
    }
}

/// Stored kind of one point-use entry (`UseHistory` line), keyed `CORP/INDEX` (zero-padded).
pub(crate) const USE_ROW: &str = "use";
/// A delete of every `use` row of one member (key = CorpNum).
pub(crate) const USE_ROWS_OF_MEMBER: &str = "use*";

/// The stored key of a member's `index`-th point-use entry.
pub(crate) fn use_row_key(corp: &str, index: usize) -> String {
    format!("{corp}/{index:012}")
}

/// One record to write (`value: None` = delete).
#[derive(Debug)]
pub(crate) struct Change {
    pub table: &'static str,
    pub key: String,
    pub value: Option<Record>,
}

/// A changed record as it stood at the end of its critical section, serialised later by the
/// writer thread (outside the state lock). Attachments are shared, not copied.
#[derive(Debug)]
pub(crate) enum Record {
    Member(Box<Member>),
    Use(Box<UseRec>),
    Partner(PartnerRec),
    Token(Box<Token>),
    /// A document of any service (its table is the service's, [`DocKind::table`]).
    Doc(Box<dyn DocRecord>),
    Bulk(Box<Bulk>),
    Outbox(Box<OutboxMessage>),
    Meta(Counters),
    HomeTax(crate::hometax::persist::HtRecord),
    /// Already JSON (tests of the writer).
    #[cfg(test)]
    Json(String),
}

impl Record {
    /// The stored JSON text.
    pub(crate) fn to_json(&self) -> serde_json::Result<String> {
        match self {
            Record::Member(r) => serde_json::to_string(r),
            Record::Use(r) => serde_json::to_string(r),
            Record::Partner(r) => serde_json::to_string(r),
            Record::Token(r) => serde_json::to_string(r),
            Record::Doc(r) => r.to_json(),
            Record::Bulk(r) => serde_json::to_string(r),
            Record::Outbox(r) => serde_json::to_string(r),
            Record::Meta(r) => serde_json::to_string(r),
            Record::HomeTax(r) => r.to_json(),
            #[cfg(test)]
            Record::Json(s) => Ok(s.clone()),
        }
    }
}

/// Sequence counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Counters {
    pub item: u64,
    pub confirm: u64,
    pub file: u64,
    pub settle: u64,
    pub refund: u64,
    pub receipt: u64,
    pub outbox: u64,
}

/// A partner's point balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PartnerRec {
    pub link_id: String,
    pub points: i64,
}

/// A short-lived view/print page handed out by a URL getter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct View {
    pub corp_num: String,
    pub kind: String,
    pub item_keys: Vec<String>,
    pub expires_ms: Option<i64>,
}

/// Time and settings a state operation needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Env<'a> {
    pub cfg: &'a Config,
    pub now_ms: i64,
    pub today: Date8,
}

impl Env<'_> {
    pub(crate) fn dt(&self) -> String {
        dt14_kst(self.now_ms)
    }
}

/// All state. No `Debug`: it holds session tokens.
#[derive(Default)]
pub(crate) struct State {
    pub partners: BTreeMap<String, PartnerRec>,
    pub members: BTreeMap<String, Member>,
    pub tokens: HashMap<String, Token>,
    /// Tax invoices.
    pub taxinvoices: Documents<Doc>,
    /// Cash receipts.
    pub cashbills: Documents<Receipt>,
    /// "corp/submitID" → submission.
    pub bulks: BTreeMap<String, Bulk>,
    pub outbox: Vec<OutboxMessage>,
    pub views: HashMap<String, View>,
    pub counters: Counters,
    /// Documents with timed work (automatic filing, filing steps), by service and ItemKey.
    pub doc_timers: Timers<(DocKind, String)>,
    /// Bulk submissions not processed yet, due when their last step starts.
    pub bulk_timers: Timers<String>,
    /// HomeTax simulation.
    pub hometax: crate::hometax::HomeTaxState,
    dirty: Option<BTreeSet<(Table, String)>>,
}

impl State {
    /// An empty state; `persist` turns on change tracking.
    pub(crate) fn new(persist: bool) -> State {
        State {
            dirty: persist.then(BTreeSet::new),
            taxinvoices: Documents::new(persist),
            cashbills: Documents::new(persist),
            ..State::default()
        }
    }

    /// Rebuilds the state from stored records.
    pub(crate) fn from_records(records: Vec<(String, String, String)>) -> Result<State, String> {
        let mut s = State::new(true);
        let mut uses: BTreeMap<String, Vec<(usize, UseRec)>> = BTreeMap::new();
        for (table, key, value) in records {
            let bad = |e: serde_json::Error| format!("stored {table} {key:?} is unreadable: {e}");
            match table.as_str() {
                "member" => {
                    let m: Member = serde_json::from_str(&value).map_err(bad)?;
                    s.members.insert(m.corp_num.clone(), m);
                }
                USE_ROW => {
                    let u: UseRec = serde_json::from_str(&value).map_err(bad)?;
                    let (corp, index) = key
                        .split_once('/')
                        .and_then(|(c, i)| Some((c, i.parse::<usize>().ok()?)))
                        .ok_or_else(|| format!("stored use row key {key:?} is not CORP/INDEX"))?;
                    uses.entry(corp.to_owned()).or_default().push((index, u));
                }
                "partner" => {
                    let p: PartnerRec = serde_json::from_str(&value).map_err(bad)?;
                    s.partners.insert(p.link_id.clone(), p);
                }
                "token" => {
                    let mut t: Token = serde_json::from_str(&value).map_err(bad)?;
                    if let Some(text) = t.legacy_text.take() {
                        // An older file kept the text: keep its hash only, and drop the old
                        // record (keyed by the text) at the first commit.
                        t.hash = token::token_hash(&text);
                        s.touch(Table::Token, &key);
                        s.touch(Table::Token, &t.hash);
                    }
                    s.tokens.insert(t.hash.clone(), t);
                }
                t if DocKind::from_table(t).is_some() => s.load_doc(t, &value).map_err(bad)?,
                "bulk" => {
                    let b: Bulk = serde_json::from_str(&value).map_err(bad)?;
                    s.bulks.insert(key, b);
                }
                "outbox" => s.outbox.push(serde_json::from_str(&value).map_err(bad)?),
                "meta" => s.counters = serde_json::from_str(&value).map_err(bad)?,
                "hometax" => s.hometax.load(&key, &value).map_err(bad)?,
                _ => {}
            }
        }
        let corps: Vec<String> = s.members.keys().cloned().collect();
        for corp in corps {
            let rows = uses.remove(&corp);
            let Some(m) = s.members.get_mut(&corp) else {
                continue;
            };
            if m.use_history.is_empty() {
                let mut rows = rows.unwrap_or_default();
                rows.sort_by_key(|(i, _)| *i);
                m.use_history = rows.into_iter().map(|(_, u)| u).collect();
                let n = m.use_history.len();
                m.use_history.set_stored(n);
            } else {
                // An older file embeds the history in the member record: rewrite it as rows
                // (with the member, in one transaction) at the first commit.
                s.touch(Table::Member, &corp);
            }
        }
        s.outbox.sort_by_key(|m| m.seq);
        Ok(s)
    }

    /// Marks a record as changed.
    pub(crate) fn touch(&mut self, table: Table, key: &str) {
        if let Some(d) = self.dirty.as_mut() {
            d.insert((table, key.to_owned()));
        }
    }

    /// Copies every changed record (in table order) and clears the dirty set. Called under the
    /// state lock, so it only clones: the writer thread serialises.
    pub(crate) fn take_changes(&mut self) -> Vec<Change> {
        let Some(dirty) = self.dirty.as_mut() else {
            return Vec::new();
        };
        let dirty = std::mem::take(dirty);
        let mut out = Vec::with_capacity(dirty.len());
        for (table, key) in dirty {
            let value = match table {
                Table::Member => {
                    self.member_changes(&key, &mut out);
                    self.members
                        .get(&key)
                        .cloned()
                        .map(Box::new)
                        .map(Record::Member)
                }
                Table::Partner => self.partners.get(&key).cloned().map(Record::Partner),
                Table::Token => self
                    .tokens
                    .get(&key)
                    .cloned()
                    .map(Box::new)
                    .map(Record::Token),
                Table::Bulk => self
                    .bulks
                    .get(&key)
                    .cloned()
                    .map(Box::new)
                    .map(Record::Bulk),
                Table::Outbox => key
                    .parse::<u64>()
                    .ok()
                    .and_then(|seq| {
                        self.outbox
                            .binary_search_by_key(&seq, |m| m.seq)
                            .ok()
                            .map(|i| self.outbox[i].clone())
                    })
                    .map(Box::new)
                    .map(Record::Outbox),
                Table::Meta => Some(Record::Meta(self.counters.clone())),
                Table::HomeTax => self.hometax.record(&key).map(Record::HomeTax),
            };
            out.push(Change {
                table: table.name(),
                key,
                value,
            });
        }
        Self::doc_changes(&mut self.taxinvoices, &mut out);
        Self::doc_changes(&mut self.cashbills, &mut out);
        out
    }

    /// The `use` rows of a changed member: the entries added since the last commit, after a
    /// delete of all its rows when none is stored yet (new, rejoined, migrated or quit member).
    fn member_changes(&mut self, corp: &str, out: &mut Vec<Change>) {
        let Some(m) = self.members.get_mut(corp) else {
            out.push(Change {
                table: USE_ROWS_OF_MEMBER,
                key: corp.to_owned(),
                value: None,
            });
            return;
        };
        let start = m.use_history.stored();
        if start == 0 {
            out.push(Change {
                table: USE_ROWS_OF_MEMBER,
                key: corp.to_owned(),
                value: None,
            });
        }
        for (i, u) in m.use_history.iter_from(start).enumerate() {
            out.push(Change {
                table: USE_ROW,
                key: use_row_key(corp, start + i),
                value: Some(Record::Use(Box::new(u.clone()))),
            });
        }
        let n = m.use_history.len();
        m.use_history.set_stored(n);
    }

    fn doc_changes<D: Document>(store: &mut Documents<D>, out: &mut Vec<Change>) {
        for (key, doc) in store.take_changes() {
            out.push(Change {
                table: D::KIND.table(),
                key,
                value: doc.map(|d| Record::Doc(Box::new(d))),
            });
        }
    }

    /// Loads one stored document of the service whose table is `table`.
    fn load_doc(&mut self, table: &str, json: &str) -> serde_json::Result<()> {
        match DocKind::from_table(table) {
            Some(DocKind::Taxinvoice) => self.taxinvoices.load(serde_json::from_str(json)?),
            Some(DocKind::Cashbill) => self.cashbills.load(serde_json::from_str(json)?),
            None => {}
        }
        Ok(())
    }

    /// The document state changes since the last call, every service.
    pub(crate) fn take_doc_events(&mut self) -> Vec<DocEvent> {
        let mut events = self.taxinvoices.take_events();
        events.extend(self.cashbills.take_events());
        events.sort_by_key(|e| e.at_ms);
        events
    }

    /// Next value of a counter (persisted).
    pub(crate) fn next(&mut self, pick: fn(&mut Counters) -> &mut u64) -> u64 {
        let c = pick(&mut self.counters);
        *c += 1;
        let v = *c;
        self.touch(Table::Meta, "counters");
        v
    }

    // ---------------------------------------------------------------- members and points

    /// The member, or -10000014.
    pub(crate) fn member(&self, corp: &str) -> ApiResult<&Member> {
        self.members.get(corp).ok_or_else(|| not_member(corp))
    }

    /// The member (mutable, marked changed), or -10000014.
    pub(crate) fn member_mut(&mut self, corp: &str) -> ApiResult<&mut Member> {
        if !self.members.contains_key(corp) {
            return Err(not_member(corp));
        }
        self.touch(Table::Member, corp);
        self.members.get_mut(corp).ok_or_else(|| not_member(corp))
    }

    /// Creates a member with placeholder company data and test points (implicit join).
    pub(crate) fn auto_join(&mut self, env: &Env<'_>, corp: &str, link_id: &str) {
        if self.members.contains_key(corp) {
            return;
        }
        let admin = ContactRec {
            id: format!("sandbox{corp}"),
            person_name: "샌드박스 관리자".into(),
            tel: "02-0000-0000".into(),
            email: format!("admin@{corp}.sandbox.invalid"),
            reg_dt: env.dt(),
            search_role: 3,
            mgr_yn: true,
            state: 1,
            ..ContactRec::default()
        };
        let m = Member {
            corp_num: corp.to_owned(),
            link_id: link_id.to_owned(),
            corp_info: CorpInfoRec {
                ceoname: "샌드박스 대표".into(),
                corp_name: format!("샌드박스 상사 {corp}"),
                addr: "서울특별시 샌드박스구 1".into(),
                biz_type: "서비스".into(),
                biz_class: "소프트웨어".into(),
            },
            contacts: vec![admin],
            points: env.cfg.initial_points,
            use_history: log::AppendLog::new(),
            payments: Vec::new(),
            refunds: Vec::new(),
            email_config: BTreeMap::new(),
            joined_ms: env.now_ms,
        };
        self.members.insert(corp.to_owned(), m);
        self.touch(Table::Member, corp);
    }

    /// Partner balance record (created with the configured points on first use).
    pub(crate) fn partner_mut(&mut self, cfg: &Config, link_id: &str) -> &mut PartnerRec {
        self.touch(Table::Partner, link_id);
        self.partners
            .entry(link_id.to_owned())
            .or_insert_with(|| PartnerRec {
                link_id: link_id.to_owned(),
                points: cfg.partner_points,
            })
    }

    /// Charges `points` to a member, recording UseHistory; -99000001 when the balance is short.
    pub(crate) fn charge(
        &mut self,
        env: &Env<'_>,
        corp: &str,
        item_code: i64,
        points: i64,
        user_id: Option<&str>,
    ) -> ApiResult<()> {
        let dt = env.dt();
        let m = self.member_mut(corp)?;
        if m.points < points {
            return Err(ApiError::bad_request(
                codes::POINTS_INSUFFICIENT,
                format!(
                    "잔여 포인트가 부족합니다. (remaining {}, needed {points})",
                    m.points
                ),
            ));
        }
        m.points -= points;
        let user_name = m.user_name(user_id);
        let balance = m.points;
        m.use_history.push(UseRec {
            item_code,
            tx_type: 2,
            tx_point: (-points).to_string(),
            balance: balance.to_string(),
            tx_dt: dt,
            user_id: user_id.unwrap_or_default().to_owned(),
            user_name,
        });
        Ok(())
    }

    /// Records an outbox message.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send(
        &mut self,
        env: &Env<'_>,
        kind: OutboxKind,
        reason: &str,
        corp: &str,
        doc: Option<(&str, Option<&str>)>,
        sender: Option<String>,
        receiver: String,
        subject: Option<String>,
        contents: Option<String>,
    ) {
        let seq = self.next(|c| &mut c.outbox);
        self.outbox.push(OutboxMessage {
            seq,
            kind,
            reason: reason.to_owned(),
            corp_num: corp.to_owned(),
            item_key: doc.map(|d| d.0.to_owned()),
            mgt_key: doc.and_then(|d| d.1.map(str::to_owned)),
            sender,
            receiver,
            subject,
            contents,
            sent_at: env.dt(),
        });
        self.touch(Table::Outbox, &format!("{seq:012}"));
    }

    /// Whether a member lets this email type go out (updateEmailConfig).
    pub(crate) fn email_enabled(&self, corp: &str, email_type: &str) -> bool {
        self.members
            .get(corp)
            .and_then(|m| m.email_config.get(email_type))
            .copied()
            .unwrap_or(true)
    }

    // ---------------------------------------------------------------- tokens

    /// Stores a token (under its hash).
    pub(crate) fn put_token(&mut self, t: Token) {
        let key = t.hash.clone();
        self.tokens.insert(key.clone(), t);
        self.touch(Table::Token, &key);
    }

    /// Drops expired tokens (and expired views).
    pub(crate) fn sweep(&mut self, now_ms: i64) {
        let expired: Vec<String> = self
            .tokens
            .iter()
            .filter(|(_, t)| t.expires_ms.saturating_add(86_400_000) < now_ms)
            .map(|(k, _)| k.clone())
            .collect();
        for k in expired {
            self.tokens.remove(&k);
            self.touch(Table::Token, &k);
        }
        self.views
            .retain(|_, v| v.expires_ms.is_none_or(|e| e + 60_000 > now_ms));
    }
}

fn not_member(corp: &str) -> ApiError {
    ApiError::not_found(
        codes::MEMBER_NOT_FOUND,
        format!(
            "사업자번호 {corp}에 해당하는 회원이 없습니다. (no member for this business number)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment on 2025-01-01 (KST) at `now_ms`.
    fn env_at(cfg: &Config, now_ms: i64) -> Env<'_> {
        Env {
            cfg,
            now_ms,
            today: Date8::from_ymd(2025, 1, 1).expect("date"),
        }
    }

    #[test]
    fn changes_round_trip_through_records() {
        let cfg = Config::default();
        let env = env_at(&cfg, 1_735_689_600_000);
        let mut s = State::new(true);
        s.auto_join(&env, "1234567890", "TESTER");
        s.charge(&env, "1234567890", 110, 10, Some("sandbox1234567890"))
            .expect("enough points");
        let changes = s.take_changes();
        assert!(changes.iter().any(|c| c.table == "member"));
        assert!(changes.iter().any(|c| c.table == "meta") || s.counters == Counters::default());
        assert!(s.take_changes().is_empty(), "dirty set is cleared");
        let records = changes
            .into_iter()
            .filter_map(|c| {
                let v = c.value?.to_json().expect("serialises");
                Some((c.table.to_owned(), c.key, v))
            })
            .collect();
        let back = State::from_records(records).expect("loads");
        let m = back.member("1234567890").expect("member");
        assert_eq!(m.points, cfg.initial_points - 10);
        assert_eq!(m.use_history.len(), 1);
        assert_eq!(
            m.use_history.iter().next().map(|u| u.user_name.as_str()),
            Some("샌드박스 관리자")
        );
    }

    #[test]
    fn changes_are_copied_under_the_lock_and_serialised_by_the_writer() {
        // A document with a large attachment, as a stored record would bring it back.
        let big = "A".repeat(1 << 20);
        let doc: Doc = serde_json::from_value(serde_json::json!({
            "item_key": "025010100000000001", "owner": "1234567890", "kind": "Forward",
            "invoice": {}, "state": 100, "state_ms": 0, "reg_ms": 0, "late": false,
            "logs": [], "statements": [], "printed": [],
            "files": [{"serial_num": 1, "file_id": "F.PBF", "display_name": "a.bin",
                       "reg_ms": 0, "data_b64": big, "size": 786_432}],
        }))
        .expect("doc");
        let mut s = State::new(true);
        s.taxinvoices.insert(doc, 0);
        let changes = s.take_changes();
        // What leaves the critical section is an unserialised copy that shares the file
        // content with the state: no JSON and no copy of the attachment under the lock.
        let [
            Change {
                value: Some(Record::Doc(copy)),
                ..
            },
        ] = changes.as_slice()
        else {
            panic!("one document record");
        };
        let copy = copy.as_any().downcast_ref::<Doc>().expect("a tax invoice");
        let live = &s.taxinvoices.get("025010100000000001").expect("doc").files[0].data_b64;
        assert!(std::sync::Arc::ptr_eq(&copy.files[0].data_b64, live));
        // The writer's JSON is the record as stored before.
        let json = changes[0]
            .value
            .as_ref()
            .expect("record")
            .to_json()
            .expect("json");
        let back: Doc = serde_json::from_str(&json).expect("reads back");
        assert_eq!(Some(&back), s.taxinvoices.get("025010100000000001"));
    }

    #[test]
    fn a_members_copy_shares_its_point_history() {
        // Every charge marks the member changed, and the persisted state copies the member
        // under the lock: the copy must not clone every history entry again.
        let cfg = Config::default();
        let env = env_at(&cfg, 0);
        let mut s = State::new(true);
        s.auto_join(&env, "1234567890", "TESTER");
        s.member_mut("1234567890").expect("member").points = 1_000_000;
        for _ in 0..1_000 {
            s.charge(&env, "1234567890", 110, 10, None)
                .expect("charged");
        }
        let changes = s.take_changes();
        let copy = changes
            .iter()
            .find_map(|c| match &c.value {
                Some(Record::Member(m)) => Some(m),
                _ => None,
            })
            .expect("the member changed");
        let live = &s.member("1234567890").expect("member").use_history;
        assert_eq!((copy.use_history.len(), live.len()), (1_000, 1_000));
        assert!(copy.use_history.shares_chunks_with(live));
        assert!(copy.use_history.iter().eq(live.iter()));
    }

    #[test]
    fn charge_refuses_when_short() {
        let cfg = Config::default();
        let env = env_at(&cfg, 0);
        let mut s = State::new(false);
        s.auto_join(&env, "1234567890", "TESTER");
        s.member_mut("1234567890").expect("member").points = 5;
        let e = s
            .charge(&env, "1234567890", 110, 10, None)
            .expect_err("short");
        assert_eq!(e.code, codes::POINTS_INSUFFICIENT);
        assert_eq!(s.member("1234567890").expect("member").points, 5);
        assert!(
            s.take_changes().is_empty(),
            "no tracking without persistence"
        );
    }
}

//! The embedded store: one SQLite file in WAL mode, written by one dedicated thread that
//! commits whatever requests are queued in one transaction (group commit), so many concurrent
//! deliveries share one fsync. Async callers only send a message and await the reply: no async
//! worker ever blocks on SQLite.

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use tokio::sync::oneshot;

use super::{
    Claimed, Inserted, ListFilter, NewEvent, Reject, Release, Replay, Stats, Status, Store,
    StoreError, StoredEvent,
};

/// SQLite's `synchronous` setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Synchronous {
    /// Every commit is fsynced before it is acknowledged: durable across power loss.
    #[default]
    Full,
    /// WAL default: durable across a process crash (kill -9), not across power loss.
    Normal,
}

/// Options of [`SqliteStore`].
#[derive(Clone, Debug)]
pub struct SqliteOptions {
    /// Durability level (default [`Synchronous::Full`]).
    pub synchronous: Synchronous,
    /// Most requests committed in one transaction (default 1024).
    pub max_batch: usize,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        SqliteOptions {
            synchronous: Synchronous::Full,
            max_batch: 1024,
        }
    }
}

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

enum Op {
    Insert(NewEvent, Reply<Inserted>),
    Reject(Reject, Reply<()>),
    Claim {
        max: u32,
        lease_ms: i64,
        now_ms: i64,
        reply: Reply<Vec<Claimed>>,
    },
    Ack {
        id: i64,
        token: i64,
        reply: Reply<bool>,
    },
    Release {
        id: i64,
        token: i64,
        error: String,
        release: Release,
        reply: Reply<bool>,
    },
    Replay(Replay, Reply<u64>),
    List(ListFilter, Reply<Vec<StoredEvent>>),
    Rejects(u32, Reply<Vec<Reject>>),
    Stats(Reply<Stats>),
}

/// The embedded SQLite store. Cheap to share behind an `Arc`; the writer thread ends when the
/// store is dropped, after committing what was queued.
#[derive(Debug)]
pub struct SqliteStore {
    tx: mpsc::Sender<Op>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mid TEXT NOT NULL UNIQUE,
    webhook_type TEXT NOT NULL,
    corp_num TEXT NOT NULL,
    event_type TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    lease_token INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS events_due ON events(status, next_attempt_at_ms);
CREATE INDEX IF NOT EXISTS events_received ON events(received_at_ms);
CREATE TABLE IF NOT EXISTS rejects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at_ms INTEGER NOT NULL,
    mid TEXT NOT NULL,
    webhook_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL
);
";

const EVENT_COLUMNS: &str = "id, mid, webhook_type, corp_num, event_type, received_at_ms, status, \
                             attempts, last_error, body";

fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: row.get(0)?,
        mid: row.get(1)?,
        webhook_type: row.get(2)?,
        corp_num: row.get(3)?,
        event_type: row.get(4)?,
        received_at_ms: row.get(5)?,
        status: Status::parse(&row.get::<_, String>(6)?),
        attempts: row.get(7)?,
        last_error: row.get(8)?,
        body: row.get(9)?,
    })
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and starts its writer thread.
    pub fn open(path: impl AsRef<Path>, options: SqliteOptions) -> Result<Self, StoreError> {
        let conn = Connection::open(path.as_ref())?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "SQLite did not switch to WAL");
        }
        conn.execute_batch(match options.synchronous {
            Synchronous::Full => "PRAGMA synchronous=FULL;",
            Synchronous::Normal => "PRAGMA synchronous=NORMAL;",
        })?;
        conn.execute_batch(SCHEMA)?;
        let (tx, rx) = mpsc::channel();
        let max_batch = options.max_batch.max(1);
        thread::Builder::new()
            .name("popbill-webhook-sqlite".into())
            .spawn(move || writer(conn, rx, max_batch))?;
        Ok(SqliteStore { tx })
    }

    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Op) -> Result<T, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(make(reply)).map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }
}

/// A reply held back until the group's commit has succeeded.
type Deferred = Box<dyn FnOnce(Option<&str>) + Send>;

fn defer<T: Send + 'static>(reply: Reply<T>, result: Result<T, StoreError>) -> Deferred {
    Box::new(move |commit_error| {
        let out = match (commit_error, result) {
            (Some(e), Ok(_)) => Err(StoreError::Commit(e.to_owned())),
            (_, r) => r,
        };
        // The caller may have gone away (request cancelled); nothing to do then.
        let _ = reply.send(out);
    })
}

fn writer(mut conn: Connection, rx: mpsc::Receiver<Op>, max_batch: usize) {
    let mut batch = Vec::with_capacity(max_batch);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        while batch.len() < max_batch {
            match rx.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let mut deferred: Vec<Deferred> = Vec::with_capacity(batch.len());
        match conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate) {
            Ok(txn) => {
                for op in batch.drain(..) {
                    deferred.push(apply(&txn, op));
                }
                let commit = txn.commit().err().map(|e| e.to_string());
                for d in deferred {
                    d(commit.as_deref());
                }
            }
            Err(e) => {
                let msg = e.to_string();
                for op in batch.drain(..) {
                    fail(op, &msg);
                }
            }
        }
    }
}

fn fail(op: Op, msg: &str) {
    fn send<T>(reply: Reply<T>, msg: &str) {
        let _ = reply.send(Err(StoreError::Commit(msg.to_owned())));
    }
    match op {
        Op::Insert(_, r) => send(r, msg),
        Op::Reject(_, r) => send(r, msg),
        Op::Claim { reply, .. } => send(reply, msg),
        Op::Ack { reply, .. } | Op::Release { reply, .. } => send(reply, msg),
        Op::Replay(_, r) => send(r, msg),
        Op::List(_, r) => send(r, msg),
        Op::Rejects(_, r) => send(r, msg),
        Op::Stats(r) => send(r, msg),
    }
}

fn apply(txn: &Transaction<'_>, op: Op) -> Deferred {
    match op {
        Op::Insert(ev, reply) => defer(reply, insert(txn, &ev)),
        Op::Reject(r, reply) => defer(
            reply,
            txn.execute(
                "INSERT INTO rejects (received_at_ms, mid, webhook_type, reason, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.received_at_ms, r.mid, r.webhook_type, r.reason, r.body],
            )
            .map(|_| ())
            .map_err(Into::into),
        ),
        Op::Claim {
            max,
            lease_ms,
            now_ms,
            reply,
        } => defer(reply, claim(txn, max, lease_ms, now_ms)),
        Op::Ack { id, token, reply } => defer(
            reply,
            txn.execute(
                "UPDATE events SET status = 'done', lease_until_ms = 0, last_error = NULL \
                 WHERE id = ?1 AND lease_token = ?2 AND status = 'pending'",
                params![id, token],
            )
            .map(|n| n == 1)
            .map_err(Into::into),
        ),
        Op::Release {
            id,
            token,
            error,
            release,
            reply,
        } => {
            let r = match release {
                Release::RetryAt(at) => txn.execute(
                    "UPDATE events SET next_attempt_at_ms = ?3, lease_until_ms = 0, last_error = ?4 \
                     WHERE id = ?1 AND lease_token = ?2 AND status = 'pending'",
                    params![id, token, at, error],
                ),
                Release::Dead => txn.execute(
                    "UPDATE events SET status = 'dead', lease_until_ms = 0, last_error = ?3 \
                     WHERE id = ?1 AND lease_token = ?2 AND status = 'pending'",
                    params![id, token, error],
                ),
            };
            defer(reply, r.map(|n| n == 1).map_err(Into::into))
        }
        Op::Replay(which, reply) => {
            let set = "UPDATE events SET status = 'pending', attempts = 0, next_attempt_at_ms = 0, \
                       lease_until_ms = 0, lease_token = 0, last_error = NULL";
            let r = match which {
                Replay::Mid(mid) => txn.execute(&format!("{set} WHERE mid = ?1"), params![mid]),
                Replay::Received { from_ms, to_ms } => txn.execute(
                    &format!("{set} WHERE received_at_ms >= ?1 AND received_at_ms < ?2"),
                    params![from_ms, to_ms],
                ),
            };
            defer(reply, r.map(|n| n as u64).map_err(Into::into))
        }
        Op::List(filter, reply) => defer(reply, list(txn, &filter)),
        Op::Rejects(limit, reply) => defer(reply, rejects(txn, limit)),
        Op::Stats(reply) => defer(reply, stats(txn)),
    }
}

fn insert(txn: &Transaction<'_>, ev: &NewEvent) -> Result<Inserted, StoreError> {
    let mut stmt = txn.prepare_cached(
        "INSERT INTO events (mid, webhook_type, corp_num, event_type, received_at_ms, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(mid) DO NOTHING RETURNING id",
    )?;
    let id: Option<i64> = stmt
        .query_row(
            params![
                ev.mid,
                ev.webhook_type,
                ev.corp_num,
                ev.event_type,
                ev.received_at_ms,
                ev.body
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id.map_or(Inserted::Duplicate, Inserted::New))
}

fn claim(
    txn: &Transaction<'_>,
    max: u32,
    lease_ms: i64,
    now_ms: i64,
) -> Result<Vec<Claimed>, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = txn.prepare_cached(
            "SELECT id FROM events WHERE status = 'pending' AND next_attempt_at_ms <= ?1 \
             AND lease_until_ms <= ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![now_ms, max], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let token = fastrand::i64(1..i64::MAX);
        txn.execute(
            "UPDATE events SET attempts = attempts + 1, lease_until_ms = ?2, lease_token = ?3 \
             WHERE id = ?1",
            params![id, now_ms.saturating_add(lease_ms), token],
        )?;
        let event = txn.query_row(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
            params![id],
            event_from_row,
        )?;
        out.push(Claimed {
            event,
            lease_token: token,
        });
    }
    Ok(out)
}

fn list(txn: &Transaction<'_>, f: &ListFilter) -> Result<Vec<StoredEvent>, StoreError> {
    let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut push = |cond: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&format!(" AND {cond} ?{}", args.len()));
    };
    if let Some(t) = &f.webhook_type {
        push("webhook_type =", t.clone().into());
    }
    if let Some(c) = &f.corp_num {
        push("corp_num =", c.clone().into());
    }
    if let Some(s) = f.since_ms {
        push("received_at_ms >=", s.into());
    }
    if let Some(u) = f.until_ms {
        push("received_at_ms <", u.into());
    }
    if let Some(m) = &f.mid {
        push("mid =", m.clone().into());
    }
    if let Some(s) = f.status {
        push("status =", s.as_str().to_owned().into());
    }
    sql.push_str(" ORDER BY id");
    if let Some(l) = f.limit {
        sql.push_str(&format!(" LIMIT {l}"));
    }
    let mut stmt = txn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), event_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn rejects(txn: &Transaction<'_>, limit: u32) -> Result<Vec<Reject>, StoreError> {
    let mut stmt = txn.prepare(
        "SELECT received_at_ms, mid, webhook_type, reason, body FROM rejects \
         ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit], |r| {
        Ok(Reject {
            received_at_ms: r.get(0)?,
            mid: r.get(1)?,
            webhook_type: r.get(2)?,
            reason: r.get(3)?,
            body: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn stats(txn: &Transaction<'_>) -> Result<Stats, StoreError> {
    let mut s = Stats::default();
    {
        let mut stmt = txn.prepare("SELECT status, COUNT(*) FROM events GROUP BY status")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let n = row.get::<_, i64>(1)? as u64;
            s.events += n;
            match Status::parse(&row.get::<_, String>(0)?) {
                Status::Pending => s.pending += n,
                Status::Done => s.done += n,
                Status::Dead => s.dead += n,
            }
        }
    }
    s.rejects = txn.query_row("SELECT COUNT(*) FROM rejects", [], |r| r.get::<_, i64>(0))? as u64;
    Ok(s)
}

#[async_trait]
impl Store for SqliteStore {
    async fn insert(&self, event: NewEvent) -> Result<Inserted, StoreError> {
        self.call(|r| Op::Insert(event, r)).await
    }
    async fn reject(&self, reject: Reject) -> Result<(), StoreError> {
        self.call(|r| Op::Reject(reject, r)).await
    }
    async fn claim(
        &self,
        max: u32,
        lease_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Claimed>, StoreError> {
        self.call(|reply| Op::Claim {
            max,
            lease_ms,
            now_ms,
            reply,
        })
        .await
    }
    async fn ack(&self, id: i64, lease_token: i64) -> Result<bool, StoreError> {
        self.call(|reply| Op::Ack {
            id,
            token: lease_token,
            reply,
        })
        .await
    }
    async fn release(
        &self,
        id: i64,
        lease_token: i64,
        error: &str,
        release: Release,
    ) -> Result<bool, StoreError> {
        let error = error.to_owned();
        self.call(|reply| Op::Release {
            id,
            token: lease_token,
            error,
            release,
            reply,
        })
        .await
    }
    async fn replay(&self, which: Replay) -> Result<u64, StoreError> {
        self.call(|r| Op::Replay(which, r)).await
    }
    async fn list(&self, filter: ListFilter) -> Result<Vec<StoredEvent>, StoreError> {
        self.call(|r| Op::List(filter, r)).await
    }
    async fn rejects(&self, limit: u32) -> Result<Vec<Reject>, StoreError> {
        self.call(|r| Op::Rejects(limit, r)).await
    }
    async fn stats(&self) -> Result<Stats, StoreError> {
        self.call(Op::Stats).await
    }
}

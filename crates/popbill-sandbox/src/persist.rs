//! `--state PATH`: records kept in SQLite (one table `records(kind, key, value)`). What grows
//! without bound is stored as rows of its own (each point-use entry is a `use` row), so a
//! change writes what changed and never a whole history. rusqlite is
//! blocking, so a dedicated writer thread owns the connection; request handlers hand it copies
//! of the records changed in their critical section and wait for the commit before answering,
//! so nothing acknowledged is lost. The writer also serialises the records to JSON, off the
//! async workers and outside the state lock.

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::{Connection, params};
use tokio::sync::oneshot;

use crate::state::{Change, USE_ROW, USE_ROWS_OF_MEMBER};

/// A stored record: (kind, key, JSON value).
pub(crate) type Record = (String, String, String);

/// Commit acknowledgement.
pub(crate) type Ack = oneshot::Receiver<Result<(), String>>;

struct Batch {
    changes: Vec<Change>,
    ack: oneshot::Sender<Result<(), String>>,
}

/// The writer.
///
/// Dropping it without [`Persist::close`] detaches the writer thread: it still writes
/// everything queued, then exits by itself. Joining there would block whichever thread drops
/// the last handle, usually an async worker; `close` joins and belongs on a blocking thread.
pub(crate) struct Persist {
    tx: Mutex<Option<mpsc::Sender<Batch>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for Persist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Persist")
    }
}

fn open(path: &Path) -> Result<Connection, String> {
    let conn = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // One state file, one process: take SQLite's exclusive lock now and hold it for the life
    // of the connection. A second sandbox (another process or this one) gets SQLITE_BUSY at
    // once instead of handing out the same ItemKeys and overwriting half the writes.
    conn.execute_batch("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                format!(
                    "{} is in use by another popbill-sandbox (one state file serves one sandbox at a time; stop the other one or give this one another --state)",
                    path.display()
                )
            }
            _ => format!("{}: {e}", path.display()),
        })?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         PRAGMA synchronous=NORMAL;
         PRAGMA secure_delete=ON;
         CREATE TABLE IF NOT EXISTS records (
             kind TEXT NOT NULL,
             key TEXT NOT NULL,
             value TEXT NOT NULL,
             PRIMARY KEY (kind, key)
         );",
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    // secure_delete: a deleted record (an old token record keyed by its text) is overwritten,
    // not left readable in a free page.
    Ok(conn)
}

fn write(conn: &mut Connection, changes: &[Change]) -> Result<(), String> {
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    {
        let mut put = tx
            .prepare_cached("INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)")
            .map_err(|e| e.to_string())?;
        let mut del = tx
            .prepare_cached("DELETE FROM records WHERE kind = ?1 AND key = ?2")
            .map_err(|e| e.to_string())?;
        // Keys `CORP/…`: '0' follows '/', so the range holds exactly the member's rows.
        let mut del_uses = tx
            .prepare_cached("DELETE FROM records WHERE kind = ?1 AND key > ?2 AND key < ?3")
            .map_err(|e| e.to_string())?;
        for c in changes {
            if c.table == USE_ROWS_OF_MEMBER {
                del_uses
                    .execute(params![
                        USE_ROW,
                        format!("{}/", c.key),
                        format!("{}0", c.key)
                    ])
                    .map_err(|e| e.to_string())?;
                continue;
            }
            match &c.value {
                Some(r) => {
                    let v = r
                        .to_json()
                        .map_err(|e| format!("{} {:?} does not serialise: {e}", c.table, c.key))?;
                    put.execute(params![c.table, c.key, v])
                }
                None => del.execute(params![c.table, c.key]),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    tx.commit().map_err(|e| e.to_string())
}

impl Persist {
    /// Opens (creating) the file, reads every record and starts the writer thread.
    pub(crate) fn open(path: &Path) -> Result<(Persist, Vec<Record>), String> {
        Self::open_gated(path, None)
    }

    /// [`Persist::open`] with a gate the writer waits on before each write (tests hold the
    /// writer with it; `None` in use).
    fn open_gated(
        path: &Path,
        gate: Option<mpsc::Receiver<()>>,
    ) -> Result<(Persist, Vec<Record>), String> {
        let mut conn = open(path)?;
        let records = {
            let mut stmt = conn
                .prepare("SELECT kind, key, value FROM records")
                .map_err(|e| e.to_string())?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(|e| e.to_string())?;
            rows.collect::<Result<Vec<Record>, _>>()
                .map_err(|e| e.to_string())?
        };
        let (tx, rx) = mpsc::channel::<Batch>();
        let thread = std::thread::Builder::new()
            .name("popbill-sandbox-sqlite".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut batch = vec![first];
                    while let Ok(more) = rx.try_recv() {
                        batch.push(more);
                    }
                    let mut all: Vec<Change> = Vec::new();
                    let mut acks = Vec::with_capacity(batch.len());
                    for b in batch {
                        all.extend(b.changes);
                        acks.push(b.ack);
                    }
                    if let Some(gate) = &gate {
                        let _ = gate.recv();
                    }
                    let res = write(&mut conn, &all);
                    if let Err(e) = &res {
                        tracing::error!("state file write failed: {e}");
                    }
                    for ack in acks {
                        let _ = ack.send(res.clone());
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        Ok((
            Persist {
                tx: Mutex::new(Some(tx)),
                thread: Mutex::new(Some(thread)),
            },
            records,
        ))
    }

    /// Queues changes (call while holding the state lock, so order is kept).
    pub(crate) fn submit(&self, changes: Vec<Change>) -> Option<Ack> {
        let (ack, rx) = oneshot::channel();
        let guard = self.tx.lock().unwrap_or_else(|e| e.into_inner());
        guard.as_ref()?.send(Batch { changes, ack }).ok()?;
        Some(rx)
    }

    /// Stops the writer after it has written everything queued.
    pub(crate) fn close(&self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Record;

    #[tokio::test]
    async fn writes_are_committed_and_reloaded() {
        let dir = std::env::temp_dir().join(format!("pbsb-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let path = dir.join("state.sqlite");
        {
            let (p, recs) = Persist::open(&path).expect("opens");
            assert!(recs.is_empty());
            let ack = p
                .submit(vec![
                    Change {
                        table: "doc",
                        key: "a".into(),
                        value: Some(Record::Json("{\"x\":1}".into())),
                    },
                    Change {
                        table: "doc",
                        key: "b".into(),
                        value: Some(Record::Json("{}".into())),
                    },
                ])
                .expect("queued");
            ack.await.expect("acked").expect("committed");
            let ack = p
                .submit(vec![Change {
                    table: "doc",
                    key: "b".into(),
                    value: None,
                }])
                .expect("queued");
            ack.await.expect("acked").expect("committed");
            p.close();
            assert!(p.submit(vec![]).is_none(), "closed writer refuses work");
        }
        let (_p, recs) = Persist::open(&path).expect("reopens");
        assert_eq!(
            recs,
            vec![("doc".to_owned(), "a".to_owned(), "{\"x\":1}".to_owned())]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn dropping_does_not_wait_for_the_writer_and_loses_nothing_queued() {
        let dir = std::env::temp_dir().join(format!("pbsb-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let path = dir.join("state.sqlite");
        let (open_gate, gate) = mpsc::channel();
        let (p, _) = Persist::open_gated(&path, Some(gate)).expect("opens");
        let ack = p
            .submit(vec![Change {
                table: "doc",
                key: "queued".into(),
                value: Some(Record::Json("{}".into())),
            }])
            .expect("queued");
        // The writer is held at the gate, which stays open here: a drop that joined it would
        // never return.
        let (dropped, was_dropped) = mpsc::channel();
        std::thread::spawn(move || {
            drop(p);
            let _ = dropped.send(());
        });
        assert!(
            was_dropped
                .recv_timeout(std::time::Duration::from_secs(30))
                .is_ok(),
            "dropping the writer waited for it"
        );
        open_gate.send(()).expect("writer waits at the gate");
        ack.await.expect("acked").expect("committed after the drop");
        // The detached writer releases the file's lock when its thread ends, just after it
        // acknowledged the last commit.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let (_p, recs) = loop {
            match Persist::open(&path) {
                Ok(opened) => break opened,
                Err(e) if std::time::Instant::now() < deadline => {
                    assert!(e.contains("in use"), "{e}");
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(e) => panic!("{e}"),
            }
        };
        assert_eq!(
            recs,
            vec![("doc".to_owned(), "queued".to_owned(), "{}".to_owned())]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn env(cfg: &crate::config::Config) -> crate::state::Env<'_> {
        crate::state::Env {
            cfg,
            now_ms: 1_735_689_600_000,
            today: popbill_model::Date8::from_ymd(2025, 1, 1).expect("date"),
        }
    }

    /// Writes a state's changes through a real writer and waits for the commit.
    async fn commit(p: &Persist, st: &mut crate::state::State) -> usize {
        let changes = st.take_changes();
        let n = changes.len();
        p.submit(changes)
            .expect("queued")
            .await
            .expect("acked")
            .expect("committed");
        n
    }

    #[test]
    fn a_second_writer_on_the_same_file_is_refused_until_the_first_closes() {
        let dir = std::env::temp_dir().join(format!("pbsb-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let path = dir.join("state.sqlite");
        let (first, _) = Persist::open(&path).expect("opens");
        let e = Persist::open(&path).expect_err("second open refused");
        assert!(e.contains("in use by another popbill-sandbox"), "{e}");
        first.close();
        drop(first);
        let (again, _) = Persist::open(&path).expect("free again once the first closed");
        again.close();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_charge_writes_one_history_row_not_the_whole_history() {
        let dir = std::env::temp_dir().join(format!("pbsb-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let path = dir.join("state.sqlite");
        let cfg = crate::config::Config::default();
        let env = env(&cfg);
        let corp = "1234567890";
        {
            let (p, _) = Persist::open(&path).expect("opens");
            let mut st = crate::state::State::new(true);
            st.auto_join(&env, corp, "TESTER");
            st.member_mut(corp).expect("member").points = 1_000_000;
            for _ in 0..600 {
                st.charge(&env, corp, 110, 10, None).expect("charged");
            }
            commit(&p, &mut st).await;
            // One more charge: the member record (no history in it) and one new row.
            st.charge(&env, corp, 110, 10, None).expect("charged");
            let changes = st.take_changes();
            let uses: Vec<&str> = changes
                .iter()
                .filter(|c| c.table == USE_ROW)
                .map(|c| c.key.as_str())
                .collect();
            assert_eq!(uses, vec!["1234567890/000000000600"]);
            let member = changes
                .iter()
                .find(|c| c.table == "member")
                .and_then(|c| c.value.as_ref())
                .expect("member written")
                .to_json()
                .expect("json");
            assert!(
                member.len() < 2_000 && !member.contains("txPoint"),
                "the member record carries no history ({} bytes)",
                member.len()
            );
            p.submit(changes)
                .expect("queued")
                .await
                .expect("acked")
                .expect("committed");
            p.close();
        }
        // Reloaded, the history is whole and in order, and nothing is rewritten.
        let (p, recs) = Persist::open(&path).expect("reopens");
        assert_eq!(recs.iter().filter(|r| r.0 == USE_ROW).count(), 601);
        let mut st = crate::state::State::from_records(recs).expect("loads");
        let m = st.member(corp).expect("member");
        assert_eq!(m.use_history.len(), 601);
        let balances: Vec<i64> = m
            .use_history
            .iter()
            .map(|u| u.balance.parse().expect("number"))
            .collect();
        assert!(balances.windows(2).all(|w| w[0] - w[1] == 10), "in order");
        assert_eq!(st.take_changes().len(), 0);
        // Quitting deletes the rows with the member.
        st.members.remove(corp);
        st.touch(crate::state::Table::Member, corp);
        commit(&p, &mut st).await;
        p.close();
        let (_p, recs) = Persist::open(&path).expect("reopens");
        assert!(
            recs.iter().all(|r| r.0 != USE_ROW && r.0 != "member"),
            "{recs:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_state_file_with_the_history_inside_the_member_is_migrated_to_rows() {
        let dir = std::env::temp_dir().join(format!("pbsb-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let path = dir.join("state.sqlite");
        let cfg = crate::config::Config::default();
        let env = env(&cfg);
        let corp = "1234567890";
        // The member record as older versions stored it: history embedded.
        let old_json = {
            let mut st = crate::state::State::new(false);
            st.auto_join(&env, corp, "TESTER");
            for _ in 0..3 {
                st.charge(&env, corp, 110, 10, None).expect("charged");
            }
            let m = st.member(corp).expect("member");
            let mut v = serde_json::to_value(m).expect("json");
            v["use_history"] = serde_json::to_value(&m.use_history).expect("json");
            v.to_string()
        };
        {
            let (p, _) = Persist::open(&path).expect("opens");
            p.submit(vec![Change {
                table: "member",
                key: corp.into(),
                value: Some(Record::Json(old_json)),
            }])
            .expect("queued")
            .await
            .expect("acked")
            .expect("committed");
            p.close();
        }
        let (p, recs) = Persist::open(&path).expect("reopens");
        let mut st = crate::state::State::from_records(recs).expect("loads");
        assert_eq!(st.member(corp).expect("member").use_history.len(), 3);
        commit(&p, &mut st).await;
        p.close();
        let (_p, recs) = Persist::open(&path).expect("reopens");
        assert_eq!(recs.iter().filter(|r| r.0 == USE_ROW).count(), 3);
        let member = recs.iter().find(|r| r.0 == "member").expect("member");
        assert!(!member.2.contains("txPoint"), "rewritten without history");
        let st = crate::state::State::from_records(recs).expect("loads");
        assert_eq!(st.member(corp).expect("member").use_history.len(), 3);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! The PostgreSQL store, for several receivers behind a load balancer and several consumer
//! processes sharing one database. Each statement is its own transaction (committed before the
//! receiver answers 200); the MID's unique index makes concurrent copies at different instances
//! store once; consumers claim with `FOR UPDATE SKIP LOCKED` so they never wait for or take
//! each other's rows.

use async_trait::async_trait;
use deadpool_postgres::{Manager, Pool};
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

use super::{
    Claimed, Inserted, ListFilter, NewEvent, Reject, Release, Replay, Stats, Status, Store,
    StoreError, StoredEvent,
};

/// The PostgreSQL store (feature `postgres`).
pub struct PostgresStore {
    pool: Pool,
    events: String,
    rejects: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL (and its password) is not kept or shown.
        f.debug_struct("PostgresStore")
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, mid, webhook_type, corp_num, event_type, received_at_ms, status, \
                       attempts, last_error, body";

fn event_from_row(row: &tokio_postgres::Row) -> StoredEvent {
    StoredEvent {
        id: row.get(0),
        mid: row.get(1),
        webhook_type: row.get(2),
        corp_num: row.get(3),
        event_type: row.get(4),
        received_at_ms: row.get(5),
        status: Status::parse(row.get::<_, &str>(6)),
        attempts: row.get(7),
        last_error: row.get(8),
        body: row.get(9),
    }
}

fn pool_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Pool(e.to_string())
}

impl PostgresStore {
    /// Connects to `url` and creates (if needed) the tables `<prefix>_events` and
    /// `<prefix>_rejects`. `prefix` must be lower-case letters, digits and `_`.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, StoreError> {
        if prefix.is_empty()
            || !prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(StoreError::BadSpec("table prefix".into()));
        }
        let config: tokio_postgres::Config = url.parse()?;
        let pool = Pool::builder(Manager::new(config, NoTls))
            .max_size(16)
            .build()
            .map_err(pool_err)?;
        let store = PostgresStore {
            pool,
            events: format!("{prefix}_events"),
            rejects: format!("{prefix}_rejects"),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let txn = client.transaction().await?;
        // Two instances starting at once must not race on CREATE TABLE.
        txn.execute("SELECT pg_advisory_xact_lock(7262019)", &[])
            .await?;
        let (ev, rj) = (&self.events, &self.rejects);
        txn.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {ev} (
                id BIGSERIAL PRIMARY KEY,
                mid TEXT NOT NULL UNIQUE,
                webhook_type TEXT NOT NULL,
                corp_num TEXT NOT NULL,
                event_type TEXT NOT NULL,
                received_at_ms BIGINT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ms BIGINT NOT NULL DEFAULT 0,
                lease_until_ms BIGINT NOT NULL DEFAULT 0,
                lease_token BIGINT NOT NULL DEFAULT 0,
                last_error TEXT
            );
            CREATE INDEX IF NOT EXISTS {ev}_due ON {ev} (status, next_attempt_at_ms);
            CREATE INDEX IF NOT EXISTS {ev}_received ON {ev} (received_at_ms);
            CREATE TABLE IF NOT EXISTS {rj} (
                id BIGSERIAL PRIMARY KEY,
                received_at_ms BIGINT NOT NULL,
                mid TEXT NOT NULL,
                webhook_type TEXT NOT NULL,
                reason TEXT NOT NULL,
                body TEXT NOT NULL
            );"
        ))
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Drops this store's tables (for tests that use a throw-away prefix).
    pub async fn drop_tables(&self) -> Result<(), StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        client
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {};",
                self.events, self.rejects
            ))
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn insert(&self, e: NewEvent) -> Result<Inserted, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let stmt = client
            .prepare_cached(&format!(
                "INSERT INTO {} (mid, webhook_type, corp_num, event_type, received_at_ms, body) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mid) DO NOTHING RETURNING id",
                self.events
            ))
            .await?;
        let row = client
            .query_opt(
                &stmt,
                &[
                    &e.mid,
                    &e.webhook_type,
                    &e.corp_num,
                    &e.event_type,
                    &e.received_at_ms,
                    &e.body,
                ],
            )
            .await?;
        Ok(row.map_or(Inserted::Duplicate, |r| Inserted::New(r.get(0))))
    }

    async fn reject(&self, r: Reject) -> Result<(), StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        client
            .execute(
                &format!(
                    "INSERT INTO {} (received_at_ms, mid, webhook_type, reason, body) \
                     VALUES ($1, $2, $3, $4, $5)",
                    self.rejects
                ),
                &[
                    &r.received_at_ms,
                    &r.mid,
                    &r.webhook_type,
                    &r.reason,
                    &r.body,
                ],
            )
            .await?;
        Ok(())
    }

    async fn claim(
        &self,
        max: u32,
        lease_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Claimed>, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let token = fastrand::i64(1..i64::MAX);
        let ev = &self.events;
        let rows = client
            .query(
                &format!(
                    "WITH due AS (
                        SELECT id FROM {ev}
                        WHERE status = 'pending' AND next_attempt_at_ms <= $1 AND lease_until_ms <= $1
                        ORDER BY id LIMIT $2
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE {ev} e SET attempts = e.attempts + 1, lease_until_ms = $3,
                        lease_token = $4 + e.id
                    FROM due WHERE e.id = due.id
                    RETURNING e.id, e.mid, e.webhook_type, e.corp_num, e.event_type,
                        e.received_at_ms, e.status, e.attempts, e.last_error, e.body, e.lease_token"
                ),
                &[&now_ms, &i64::from(max), &now_ms.saturating_add(lease_ms), &(token / 2)],
            )
            .await?;
        let mut out: Vec<Claimed> = rows
            .iter()
            .map(|r| Claimed {
                event: event_from_row(r),
                lease_token: r.get(10),
            })
            .collect();
        out.sort_by_key(|c| c.event.id);
        Ok(out)
    }

    async fn ack(&self, id: i64, lease_token: i64) -> Result<bool, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let n = client
            .execute(
                &format!(
                    "UPDATE {} SET status = 'done', lease_until_ms = 0, last_error = NULL \
                     WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
                    self.events
                ),
                &[&id, &lease_token],
            )
            .await?;
        Ok(n == 1)
    }

    async fn release(
        &self,
        id: i64,
        lease_token: i64,
        error: &str,
        release: Release,
    ) -> Result<bool, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let n = match release {
            Release::RetryAt(at) => {
                client
                    .execute(
                        &format!(
                            "UPDATE {} SET next_attempt_at_ms = $3, lease_until_ms = 0, last_error = $4 \
                             WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
                            self.events
                        ),
                        &[&id, &lease_token, &at, &error],
                    )
                    .await?
            }
            Release::Dead => {
                client
                    .execute(
                        &format!(
                            "UPDATE {} SET status = 'dead', lease_until_ms = 0, last_error = $3 \
                             WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
                            self.events
                        ),
                        &[&id, &lease_token, &error],
                    )
                    .await?
            }
        };
        Ok(n == 1)
    }

    async fn replay(&self, which: Replay) -> Result<u64, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let set = format!(
            "UPDATE {} SET status = 'pending', attempts = 0, next_attempt_at_ms = 0, \
             lease_until_ms = 0, lease_token = 0, last_error = NULL",
            self.events
        );
        let n = match which {
            Replay::Mid(mid) => {
                client
                    .execute(&format!("{set} WHERE mid = $1"), &[&mid])
                    .await?
            }
            Replay::Received { from_ms, to_ms } => {
                client
                    .execute(
                        &format!("{set} WHERE received_at_ms >= $1 AND received_at_ms < $2"),
                        &[&from_ms, &to_ms],
                    )
                    .await?
            }
        };
        Ok(n)
    }

    async fn list(&self, f: ListFilter) -> Result<Vec<StoredEvent>, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let mut sql = format!("SELECT {COLUMNS} FROM {} WHERE TRUE", self.events);
        let mut args: Vec<Box<dyn ToSql + Sync + Send>> = Vec::new();
        let mut push = |cond: &str, v: Box<dyn ToSql + Sync + Send>| {
            args.push(v);
            sql.push_str(&format!(" AND {cond} ${}", args.len()));
        };
        if let Some(v) = f.webhook_type {
            push("webhook_type =", Box::new(v));
        }
        if let Some(v) = f.corp_num {
            push("corp_num =", Box::new(v));
        }
        if let Some(v) = f.since_ms {
            push("received_at_ms >=", Box::new(v));
        }
        if let Some(v) = f.until_ms {
            push("received_at_ms <", Box::new(v));
        }
        if let Some(v) = f.mid {
            push("mid =", Box::new(v));
        }
        if let Some(v) = f.status {
            push("status =", Box::new(v.as_str().to_owned()));
        }
        sql.push_str(" ORDER BY id");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let refs: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|b| &**b as &(dyn ToSql + Sync)).collect();
        let rows = client.query(&sql, &refs).await?;
        Ok(rows.iter().map(event_from_row).collect())
    }

    async fn rejects(&self, limit: u32) -> Result<Vec<Reject>, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let rows = client
            .query(
                &format!(
                    "SELECT received_at_ms, mid, webhook_type, reason, body FROM {} \
                     ORDER BY id DESC LIMIT $1",
                    self.rejects
                ),
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Reject {
                received_at_ms: r.get(0),
                mid: r.get(1),
                webhook_type: r.get(2),
                reason: r.get(3),
                body: r.get(4),
            })
            .collect())
    }

    async fn stats(&self) -> Result<Stats, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let mut s = Stats::default();
        for row in client
            .query(
                &format!(
                    "SELECT status, COUNT(*) FROM {} GROUP BY status",
                    self.events
                ),
                &[],
            )
            .await?
        {
            let n = row.get::<_, i64>(1) as u64;
            s.events += n;
            match Status::parse(row.get::<_, &str>(0)) {
                Status::Pending => s.pending += n,
                Status::Done => s.done += n,
                Status::Dead => s.dead += n,
            }
        }
        let row = client
            .query_one(&format!("SELECT COUNT(*) FROM {}", self.rejects), &[])
            .await?;
        s.rejects = row.get::<_, i64>(0) as u64;
        Ok(s)
    }
}

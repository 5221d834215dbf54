//! The HomeTax state in the state file: one `hometax` record per member with credentials or
//! contracts (`member/{CorpNum}`), per job of the last hour (`job/{jobID}`), and the job
//! counter (`seq`). Every change goes through the [`State`] methods below, which mark the
//! record changed; the state file writer then stores it like any other record.

use super::{HomeTaxState, HtMember, Job};
use crate::state::{State, Table};

const MEMBER: &str = "member/";
const JOB: &str = "job/";
const SEQ: &str = "seq";

/// A stored HomeTax record.
#[derive(Debug)]
pub(crate) enum HtRecord {
    Member(HtMember),
    Job(Box<Job>),
    Seq(u64),
}

impl HtRecord {
    /// The stored JSON text.
    pub(crate) fn to_json(&self) -> serde_json::Result<String> {
        match self {
            HtRecord::Member(m) => serde_json::to_string(m),
            HtRecord::Job(j) => serde_json::to_string(j),
            HtRecord::Seq(n) => serde_json::to_string(n),
        }
    }
}

impl HomeTaxState {
    /// The record stored under `key`; `None` deletes it (a member left without credentials
    /// or contracts, an expired job).
    pub(crate) fn record(&self, key: &str) -> Option<HtRecord> {
        if let Some(corp) = key.strip_prefix(MEMBER) {
            return self
                .members
                .get(corp)
                .filter(|m| **m != HtMember::default())
                .cloned()
                .map(HtRecord::Member);
        }
        if let Some(id) = key.strip_prefix(JOB) {
            return self.jobs.get(id).map(|j| {
                HtRecord::Job(Box::new(Job {
                    result: None,
                    ..j.clone()
                }))
            });
        }
        (key == SEQ).then_some(HtRecord::Seq(self.seq))
    }

    /// Loads one stored record.
    pub(crate) fn load(&mut self, key: &str, json: &str) -> serde_json::Result<()> {
        if let Some(corp) = key.strip_prefix(MEMBER) {
            self.members
                .insert(corp.to_owned(), serde_json::from_str(json)?);
        } else if let Some(id) = key.strip_prefix(JOB) {
            self.jobs.insert(id.to_owned(), serde_json::from_str(json)?);
        } else if key == SEQ {
            self.seq = serde_json::from_str(json)?;
        }
        Ok(())
    }
}

impl State {
    /// The member's HomeTax record for a change (created empty, marked changed).
    pub(crate) fn ht_member_mut(&mut self, corp: &str) -> &mut HtMember {
        self.touch(Table::HomeTax, &format!("{MEMBER}{corp}"));
        self.hometax.member(corp)
    }

    /// Adds a job.
    pub(crate) fn ht_insert_job(&mut self, job: Job) {
        self.touch(Table::HomeTax, &format!("{JOB}{}", job.id));
        self.hometax.jobs.insert(job.id.clone(), job);
    }

    /// The next job number.
    pub(crate) fn ht_next_seq(&mut self) -> u64 {
        self.touch(Table::HomeTax, SEQ);
        self.hometax.seq += 1;
        self.hometax.seq
    }

    /// Drops expired jobs (and their records) and popups.
    pub(crate) fn ht_expire(&mut self, now_ms: i64) {
        for id in self.hometax.expire(now_ms) {
            self.touch(Table::HomeTax, &format!("{JOB}{id}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hometax::credentials::{Cert, DeptUser, FlatRate};
    use crate::hometax::ledger::{HtKind, Side};
    use crate::state::Record;
    use popbill_model::Date8;

    fn d(s: &str) -> Date8 {
        Date8::parse(s).expect("date")
    }

    /// Writes the changes as the state file would and reads them back.
    fn round_trip(st: &mut State) -> State {
        let records = st
            .take_changes()
            .into_iter()
            .filter_map(|c| {
                let v = c.value?.to_json().expect("serialises");
                Some((c.table.to_owned(), c.key, v))
            })
            .collect();
        State::from_records(records).expect("loads")
    }

    fn job(id: &str, reg_ms: i64) -> Job {
        Job {
            id: id.into(),
            corp: "1234567890".into(),
            kind: HtKind::Taxinvoice,
            side: Side::Buy,
            dtype: 'S',
            sdate: d("20250101"),
            edate: d("20250331"),
            reg_ms,
            failure: Some((-11_100_001, "로그인 실패".into())),
            docs_per_day: 3,
            result: None,
        }
    }

    #[test]
    fn credentials_contracts_jobs_and_the_counter_survive_a_reload() {
        let mut st = State::new(true);
        let corp = "1234567890";
        *st.ht_member_mut(corp).dept(HtKind::Cashbill) =
            Some(DeptUser::new("nosvc-user", "pw", None));
        st.ht_member_mut(corp).cert = Some(Cert {
            expires: d("20261231"),
        });
        *st.ht_member_mut(corp).flat(HtKind::Taxinvoice) = Some(FlatRate {
            contract_dt: "20250101090000".into(),
            use_end: d("20251231"),
            base_date: 5,
            close_on_expired: true,
        });
        let seq = st.ht_next_seq();
        st.ht_insert_job(job("025010114000000001", 1_000));
        let mut back = round_trip(&mut st);
        assert_eq!(
            back.hometax.members.get(corp),
            st.hometax.members.get(corp),
            "credentials and contracts"
        );
        assert_eq!(back.hometax.seq, seq);
        let j = back.hometax.jobs.get("025010114000000001").expect("job");
        assert_eq!(
            (j.side, j.dtype, j.reg_ms, j.failure.clone()),
            (
                Side::Buy,
                'S',
                1_000,
                Some((-11_100_001, "로그인 실패".into()))
            )
        );
        // Expiry deletes the job's record; deleting the last credential deletes the member's.
        back.ht_expire(1_000 + super::super::JOB_TTL_MS);
        *back.ht_member_mut(corp).dept(HtKind::Cashbill) = None;
        back.ht_member_mut(corp).cert = None;
        *back.ht_member_mut(corp).flat(HtKind::Taxinvoice) = None;
        let changes = back.take_changes();
        let deleted: Vec<&str> = changes
            .iter()
            .filter(|c| c.table == "hometax" && c.value.is_none())
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(deleted, vec!["job/025010114000000001", "member/1234567890"]);
    }

    #[test]
    fn the_stored_department_user_holds_no_id_or_password() {
        let mut st = State::new(true);
        *st.ht_member_mut("1234567890").dept(HtKind::Taxinvoice) = Some(DeptUser::new(
            "dept-id-7",
            "pw-secret-9",
            Some("9001011234567"),
        ));
        let json: Vec<String> = st
            .take_changes()
            .into_iter()
            .filter_map(|c| match c.value {
                Some(r @ Record::HomeTax(_)) => r.to_json().ok(),
                _ => None,
            })
            .collect();
        assert_eq!(json.len(), 1);
        for secret in ["dept-id-7", "pw-secret-9", "9001011234567"] {
            assert!(!json[0].contains(secret), "{}", json[0]);
        }
        assert!(json[0].contains("works"), "{}", json[0]);
    }
}

//! A stored tax invoice and its life cycle: which verb may move a
//! document from which state, seen from which side (SELL / BUY / TRUSTEE).
//!
//! ```text
//! register ──► 100 ──issue──► 300 ──sendToNTS / auto──► 301 ► 302 ► 303 ► 304 | 305
//!  (정발행)      │               └─cancelIssue─► 600
//! registRequest │
//!  (역발행) ► 200 ◄─request── 100(BUY)      200 ─refuse─► 400   200 ─cancelRequest─► 500
//!               └──issue(SELL)──► 300
//! legacy 발행예정: 100 ─send─► 210 ─accept(BUY)─► 300 | ─deny(BUY)─► 410 | ─cancelSend─► 510
//! delete: 100, 400, 410, 500, 510, 600, 305 → removed (the MgtKey may be reused)
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ApiError, codes};
use crate::state::State;
pub(crate) use crate::state::store::LogRec;
use crate::state::store::{DocKind, Document, Documents, Side, document_state_methods};

/// `{KeyType}` of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum KeyType {
    Sell,
    Buy,
    Trustee,
}

impl KeyType {
    pub(crate) fn parse(s: &str) -> Option<KeyType> {
        match s.to_ascii_uppercase().as_str() {
            "SELL" => Some(KeyType::Sell),
            "BUY" => Some(KeyType::Buy),
            "TRUSTEE" => Some(KeyType::Trustee),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            KeyType::Sell => "SELL",
            KeyType::Buy => "BUY",
            KeyType::Trustee => "TRUSTEE",
        }
    }

    /// JSON keys of this side's corp number and document number.
    pub(crate) fn fields(self) -> (&'static str, &'static str) {
        match self {
            KeyType::Sell => ("invoicerCorpNum", "invoicerMgtKey"),
            KeyType::Buy => ("invoiceeCorpNum", "invoiceeMgtKey"),
            KeyType::Trustee => ("trusteeCorpNum", "trusteeMgtKey"),
        }
    }

    pub(crate) const ALL: [KeyType; 3] = [KeyType::Sell, KeyType::Buy, KeyType::Trustee];
}

/// `issueType` of the invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum IssueKind {
    /// 정발행: the seller writes and issues.
    Forward,
    /// 역발행: the buyer writes and requests, the seller issues.
    Reverse,
    /// 위수탁: the trustee writes and issues.
    Trustee,
}

impl IssueKind {
    pub(crate) fn parse(s: &str) -> Option<IssueKind> {
        match s {
            "정발행" => Some(IssueKind::Forward),
            "역발행" => Some(IssueKind::Reverse),
            "위수탁" => Some(IssueKind::Trustee),
            _ => None,
        }
    }

    /// The side that writes the draft.
    pub(crate) fn writer(self) -> KeyType {
        match self {
            IssueKind::Forward => KeyType::Sell,
            IssueKind::Reverse => KeyType::Buy,
            IssueKind::Trustee => KeyType::Trustee,
        }
    }

    /// The side that signs (issues), cancels and files.
    pub(crate) fn issuer(self) -> KeyType {
        match self {
            IssueKind::Forward | IssueKind::Reverse => KeyType::Sell,
            IssueKind::Trustee => KeyType::Trustee,
        }
    }

    /// Search filter letter (N/R/T).
    pub(crate) fn letter(self) -> &'static str {
        match self {
            IssueKind::Forward => "N",
            IssueKind::Reverse => "R",
            IssueKind::Trustee => "T",
        }
    }
}

/// A state-changing verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    Update,
    Issue,
    CancelIssue,
    Delete,
    SendToNts,
    Request,
    CancelRequest,
    Refuse,
    Send,
    CancelSend,
    Accept,
    Deny,
    AttachFile,
    DeleteFile,
}

/// Outcome of an allowed verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// The document moves to (or stays in) this state.
    State(u16),
    /// The document is removed.
    Removed,
}

/// Draft.
pub(crate) const S_DRAFT: u16 = 100;
/// (역)발행대기.
pub(crate) const S_REQUESTED: u16 = 200;
/// 발행예정 (legacy, sandbox code).
pub(crate) const S_SENT: u16 = 210;
/// 발행완료.
pub(crate) const S_ISSUED: u16 = 300;
/// 전송전 / 전송대기 / 전송중.
pub(crate) const S_FILING_1: u16 = 301;
pub(crate) const S_FILING_2: u16 = 302;
pub(crate) const S_FILING_3: u16 = 303;
/// 전송성공 / 전송실패.
pub(crate) const S_FILED: u16 = 304;
pub(crate) const S_FILING_FAILED: u16 = 305;
/// (역)발행거부.
pub(crate) const S_REFUSED: u16 = 400;
/// 발행예정 거부 (legacy, sandbox code).
pub(crate) const S_DENIED: u16 = 410;
/// (역)발행취소.
pub(crate) const S_REQUEST_CANCELLED: u16 = 500;
/// 발행예정 취소 (legacy, sandbox code).
pub(crate) const S_SEND_CANCELLED: u16 = 510;
/// 발행취소.
pub(crate) const S_CANCELLED: u16 = 600;

/// States from which a document may be deleted.
pub(crate) const DELETABLE: [u16; 7] = [
    S_DRAFT,
    S_REFUSED,
    S_DENIED,
    S_REQUEST_CANCELLED,
    S_SEND_CANCELLED,
    S_CANCELLED,
    S_FILING_FAILED,
];

/// The life-cycle rule: may `key` apply `verb` to a `kind` document in state `from`?
pub(crate) fn transition(
    kind: IssueKind,
    key: KeyType,
    from: u16,
    verb: Verb,
) -> Result<Next, String> {
    let writer = kind.writer();
    let issuer = kind.issuer();
    let refuse = |why: &str| {
        Err(format!(
            "{verb:?} is not allowed on a {kind:?} invoice in state {from} via {}: {why}",
            key.as_str()
        ))
    };
    match verb {
        Verb::Update | Verb::AttachFile | Verb::DeleteFile => {
            if key != writer {
                return refuse("only the writing side may change a draft");
            }
            if from != S_DRAFT {
                return refuse("only drafts (100) can be changed");
            }
            Ok(Next::State(S_DRAFT))
        }
        Verb::Issue => match (kind, from) {
            (IssueKind::Forward | IssueKind::Trustee, S_DRAFT) if key == issuer => {
                Ok(Next::State(S_ISSUED))
            }
            (IssueKind::Reverse, S_REQUESTED) if key == KeyType::Sell => Ok(Next::State(S_ISSUED)),
            _ => refuse("issue needs a draft (정발행/위수탁) or a request (역발행, SELL side)"),
        },
        Verb::CancelIssue => {
            if key != issuer {
                return refuse("only the issuing side may cancel issuance");
            }
            if from != S_ISSUED {
                return refuse(
                    "only issued invoices not yet filed with NTS (300) can be cancelled",
                );
            }
            Ok(Next::State(S_CANCELLED))
        }
        Verb::SendToNts => {
            if key != issuer {
                return refuse("only the issuing side may file with NTS");
            }
            if from != S_ISSUED {
                return refuse("only issued invoices (300) can be sent to NTS");
            }
            Ok(Next::State(S_FILING_1))
        }
        Verb::Request => {
            if kind != IssueKind::Reverse || key != KeyType::Buy || from != S_DRAFT {
                return refuse("request needs a 역발행 draft on the BUY side");
            }
            Ok(Next::State(S_REQUESTED))
        }
        Verb::CancelRequest => {
            if kind != IssueKind::Reverse || key != KeyType::Buy || from != S_REQUESTED {
                return refuse("cancelRequest needs a pending 역발행 request on the BUY side");
            }
            Ok(Next::State(S_REQUEST_CANCELLED))
        }
        Verb::Refuse => {
            if kind != IssueKind::Reverse || key != KeyType::Sell || from != S_REQUESTED {
                return refuse("refuse needs a pending 역발행 request on the SELL side");
            }
            Ok(Next::State(S_REFUSED))
        }
        Verb::Send => {
            if kind == IssueKind::Reverse || key != issuer || from != S_DRAFT {
                return refuse("send (발행예정) needs a 정발행/위수탁 draft on the issuing side");
            }
            Ok(Next::State(S_SENT))
        }
        Verb::CancelSend => {
            if key != issuer || from != S_SENT {
                return refuse("cancelSend needs a sent (210) invoice on the issuing side");
            }
            Ok(Next::State(S_SEND_CANCELLED))
        }
        Verb::Accept | Verb::Deny => {
            if key != KeyType::Buy || from != S_SENT {
                return refuse("accept/deny need a sent (210) invoice on the BUY side");
            }
            Ok(Next::State(if verb == Verb::Accept {
                S_ISSUED
            } else {
                S_DENIED
            }))
        }
        Verb::Delete => {
            if !DELETABLE.contains(&from) {
                return refuse("deletable states are 100, 400, 410, 500, 510, 600 and 305");
            }
            if from == S_DRAFT && key != writer {
                return refuse("only the writing side may delete a draft");
            }
            Ok(Next::Removed)
        }
    }
}

/// An attached file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileRec {
    pub serial_num: u32,
    pub file_id: String,
    pub display_name: String,
    pub reg_ms: i64,
    /// Base64 of the content, shared: a snapshot of the document for the state file (taken
    /// under the state lock) does not copy it.
    pub data_b64: Arc<str>,
    pub size: usize,
}

/// NTS filing in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Filing {
    pub started_ms: i64,
    pub fail_code: Option<String>,
}

/// A stored invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Doc {
    pub item_key: String,
    /// Member who wrote it.
    pub owner: String,
    pub kind: IssueKind,
    /// The invoice as received (top-level request extras removed).
    pub invoice: Map<String, Value>,
    pub state: u16,
    pub state_memo: Option<String>,
    pub state_ms: i64,
    pub reg_ms: i64,
    pub issue_ms: Option<i64>,
    pub late: bool,
    pub open_ms: Option<i64>,
    pub nts_confirm_num: Option<String>,
    pub nts_send_ms: Option<i64>,
    pub nts_result_ms: Option<i64>,
    pub nts_err_code: Option<String>,
    pub filing: Option<Filing>,
    pub auto_file_at: Option<i64>,
    /// NTS failure code requested by a memo or remark1 (`ERR002`, ...).
    pub fail_trigger: Option<String>,
    pub close_down_state: Option<i64>,
    pub logs: Vec<LogRec>,
    pub files: Vec<FileRec>,
    pub statements: Vec<(i64, String)>,
    pub printed: Vec<KeyType>,
}

impl Doc {
    /// Text of an invoice field (empty strings and nulls are `None`).
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.invoice
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// This side's (corp number, document number), if both are set.
    pub(crate) fn party(&self, key: KeyType) -> Option<(&str, Option<&str>)> {
        let (c, m) = key.fields();
        self.field(c).map(|corp| (corp, self.field(m)))
    }

    /// Whether `corp` sees the document from side `key`: it must be that side's corp, and a
    /// draft is seen only from the writing side.
    pub(crate) fn visible_to(&self, corp: &str, key: KeyType) -> bool {
        self.party(key).is_some_and(|(c, _)| c == corp)
            && (self.state != S_DRAFT || key == self.kind.writer())
    }

    /// Whether `corp` sees the document from some side.
    pub(crate) fn visible_to_any(&self, corp: &str) -> bool {
        KeyType::ALL.iter().any(|k| self.visible_to(corp, *k))
    }

    /// A revised (수정) invoice: `modifyCode` set.
    pub(crate) fn is_revised(&self) -> bool {
        self.invoice
            .get("modifyCode")
            .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
    }
}

impl Document for Doc {
    const KIND: DocKind = DocKind::Taxinvoice;

    fn item_key(&self) -> &str {
        &self.item_key
    }

    /// Only the sides that see the document: a draft is indexed under its writer's key alone,
    /// so it neither reveals nor reserves the other parties' document numbers.
    fn keys(&self) -> Vec<(String, Side, String)> {
        KeyType::ALL
            .iter()
            .filter_map(|k| match self.party(*k) {
                Some((corp, Some(mgt))) if self.visible_to(corp, *k) => {
                    Some((corp.to_owned(), Some(*k), mgt.to_owned()))
                }
                _ => None,
            })
            .collect()
    }

    fn forget_key(&mut self, side: Side) {
        if let Some(k) = side {
            self.invoice.remove(k.fields().1);
        }
    }

    fn visible_to(&self, corp: &str, side: Side) -> bool {
        side.is_some_and(|k| Doc::visible_to(self, corp, k))
    }

    document_state_methods!();

    fn info_json(&self) -> Value {
        Doc::info_json(self)
    }

    fn logs_json(&self) -> Value {
        Doc::logs_json(self)
    }

    fn not_found(side: Side, mgt: &str) -> ApiError {
        ApiError::not_found(
            codes::TI_MGTKEY_NOT_FOUND,
            format!(
                "해당 문서번호에 해당하는 세금계산서가 없습니다. ({} {mgt})",
                side.map(KeyType::as_str).unwrap_or_default()
            ),
        )
    }

    fn store(st: &State) -> &Documents<Self> {
        &st.taxinvoices
    }

    fn store_mut(st: &mut State) -> &mut Documents<Self> {
        &mut st.taxinvoices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IssueKind::{Forward, Reverse};
    use KeyType::{Buy, Sell};

    fn ok(kind: IssueKind, key: KeyType, from: u16, verb: Verb) -> Next {
        transition(kind, key, from, verb).unwrap_or_else(|e| panic!("refused: {e}"))
    }

    fn no(kind: IssueKind, key: KeyType, from: u16, verb: Verb) {
        assert!(
            transition(kind, key, from, verb).is_err(),
            "{verb:?} {kind:?} {key:?} {from} should be refused"
        );
    }

    const ALL_STATES: [u16; 15] = [
        100, 200, 210, 300, 301, 302, 303, 304, 305, 400, 410, 500, 510, 600, 999,
    ];

    #[test]
    fn forward_life_cycle() {
        assert_eq!(ok(Forward, Sell, 100, Verb::Update), Next::State(100));
        assert_eq!(ok(Forward, Sell, 100, Verb::Issue), Next::State(300));
        assert_eq!(ok(Forward, Sell, 300, Verb::SendToNts), Next::State(301));
        assert_eq!(ok(Forward, Sell, 300, Verb::CancelIssue), Next::State(600));
        assert_eq!(ok(Forward, Sell, 600, Verb::Delete), Next::Removed);
        assert_eq!(ok(Forward, Sell, 305, Verb::Delete), Next::Removed);
        assert_eq!(ok(Forward, Sell, 100, Verb::Delete), Next::Removed);
    }

    #[test]
    fn issue_only_from_draft_on_issuing_side() {
        for s in ALL_STATES {
            if s != 100 {
                no(Forward, Sell, s, Verb::Issue);
            }
        }
        no(Forward, Buy, 100, Verb::Issue);
        no(Forward, KeyType::Trustee, 100, Verb::Issue);
        assert_eq!(
            ok(IssueKind::Trustee, KeyType::Trustee, 100, Verb::Issue),
            Next::State(300)
        );
        no(IssueKind::Trustee, Sell, 100, Verb::Issue);
    }

    #[test]
    fn cancel_issue_only_before_filing() {
        for s in ALL_STATES {
            if s == 300 {
                assert_eq!(ok(Forward, Sell, s, Verb::CancelIssue), Next::State(600));
            } else {
                no(Forward, Sell, s, Verb::CancelIssue);
            }
        }
        no(Forward, Buy, 300, Verb::CancelIssue);
    }

    #[test]
    fn send_to_nts_only_when_issued() {
        for s in ALL_STATES {
            if s != 300 {
                no(Forward, Sell, s, Verb::SendToNts);
            }
        }
        no(Forward, Buy, 300, Verb::SendToNts);
        assert_eq!(
            ok(IssueKind::Trustee, KeyType::Trustee, 300, Verb::SendToNts),
            Next::State(301)
        );
    }

    #[test]
    fn delete_only_in_documented_states() {
        for s in ALL_STATES {
            let allowed = DELETABLE.contains(&s);
            let r = transition(Forward, Sell, s, Verb::Delete);
            assert_eq!(r.is_ok(), allowed, "delete from {s}");
        }
        // A draft belongs to its writer.
        no(Forward, Buy, 100, Verb::Delete);
        assert_eq!(ok(Reverse, Buy, 100, Verb::Delete), Next::Removed);
        no(Reverse, Sell, 100, Verb::Delete);
    }

    #[test]
    fn drafts_change_only_as_drafts_by_writer() {
        for verb in [Verb::Update, Verb::AttachFile, Verb::DeleteFile] {
            for s in ALL_STATES {
                if s == 100 {
                    ok(Forward, Sell, s, verb);
                } else {
                    no(Forward, Sell, s, verb);
                }
            }
            no(Forward, Buy, 100, verb);
            ok(Reverse, Buy, 100, verb);
        }
    }

    #[test]
    fn reverse_issuance() {
        assert_eq!(ok(Reverse, Buy, 100, Verb::Request), Next::State(200));
        no(Reverse, Sell, 100, Verb::Request);
        no(Forward, Buy, 100, Verb::Request);
        assert_eq!(ok(Reverse, Buy, 200, Verb::CancelRequest), Next::State(500));
        no(Reverse, Sell, 200, Verb::CancelRequest);
        assert_eq!(ok(Reverse, Sell, 200, Verb::Refuse), Next::State(400));
        no(Reverse, Buy, 200, Verb::Refuse);
        no(Reverse, Sell, 100, Verb::Refuse);
        assert_eq!(ok(Reverse, Sell, 200, Verb::Issue), Next::State(300));
        no(Reverse, Buy, 200, Verb::Issue);
        no(Reverse, Sell, 100, Verb::Issue);
        assert_eq!(ok(Reverse, Sell, 300, Verb::CancelIssue), Next::State(600));
        for s in [400, 500] {
            assert_eq!(ok(Reverse, Buy, s, Verb::Delete), Next::Removed);
        }
    }

    #[test]
    fn legacy_send_flow() {
        assert_eq!(ok(Forward, Sell, 100, Verb::Send), Next::State(210));
        no(Forward, Buy, 100, Verb::Send);
        no(Reverse, Buy, 100, Verb::Send);
        no(Forward, Sell, 300, Verb::Send);
        assert_eq!(ok(Forward, Buy, 210, Verb::Accept), Next::State(300));
        assert_eq!(ok(Forward, Buy, 210, Verb::Deny), Next::State(410));
        no(Forward, Sell, 210, Verb::Accept);
        no(Forward, Buy, 100, Verb::Deny);
        assert_eq!(ok(Forward, Sell, 210, Verb::CancelSend), Next::State(510));
        no(Forward, Buy, 210, Verb::CancelSend);
        assert_eq!(ok(Forward, Sell, 510, Verb::Delete), Next::Removed);
        assert_eq!(ok(Forward, Sell, 410, Verb::Delete), Next::Removed);
    }
}

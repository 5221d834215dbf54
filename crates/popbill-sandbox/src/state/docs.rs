//! Taxinvoice operations on the state: register, update, the life-cycle verbs, attachments,
//! statements, assignMgtKey. Routes parse HTTP and call these; each call runs inside one
//! critical section. Timed filing is in [`super::filing`], bulk in [`super::bulk`], search in
//! [`super::search`], the wire JSON in [`super::render`].

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::clock::dt14_kst;
use crate::error::{ApiError, ApiResult, codes};
use crate::outbox::OutboxKind;
use crate::state::filing::auto_filing_at;
use crate::state::invoice::{
    Doc, FileRec, Filing, IssueKind, KeyType, Next, S_DRAFT, S_ISSUED, S_REQUESTED, Verb,
    transition,
};
use crate::state::validation::{self, Purpose};
use crate::state::{Env, State};

/// Who is calling (from the bearer token and headers).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller<'a> {
    pub corp: &'a str,
    pub user_id: Option<&'a str>,
    pub ip: &'a str,
}

/// How a new invoice enters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// register: draft (100).
    Draft,
    /// registIssue / bulk: issued at once (300).
    Issue {
        force: bool,
        memo: Option<String>,
        email_subject: Option<String>,
    },
    /// registRequest: reverse-issuance request (200).
    Request { memo: Option<String> },
}

/// Answer of register/registIssue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Registered {
    pub item_key: String,
    pub nts_confirm_num: Option<String>,
}

/// Optional arguments of the verbs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct VerbArgs {
    pub memo: Option<String>,
    pub email_subject: Option<String>,
    pub force: bool,
}

/// Top-level keys of a register/registIssue body that are not part of the invoice.
const EXTRAS: [&str; 5] = [
    "writeSpecification",
    "forceIssue",
    "memo",
    "emailSubject",
    "dealInvoiceMgtKey",
];

/// NTS result codes a memo or remark1 may ask for.
const NTS_FAILURES: [&str; 14] = [
    "SYN002", "SYN003", "SYN004", "ERR001", "ERR002", "ERR003", "ERR005", "ERR006", "ERR007",
    "ERR008", "ERR009", "ERR010", "ERR011", "ERR099",
];

/// The first NTS failure code mentioned in a text (`ERR002` in a memo → filing fails).
pub(crate) fn nts_failure_in(text: Option<&str>) -> Option<String> {
    let t = text?.to_ascii_uppercase();
    NTS_FAILURES
        .iter()
        .filter_map(|c| t.find(c).map(|i| (i, *c)))
        .min()
        .map(|(_, c)| c.to_owned())
}

fn state_error(msg: String) -> ApiError {
    ApiError::conflict(
        codes::TI_STATE,
        format!("세금계산서를 처리할 수 없는 상태입니다. ({msg})"),
    )
}

/// A JSON field as text (empty strings and nulls are `None`).
pub(crate) fn text(m: &Map<String, Value>, k: &str) -> Option<String> {
    match m.get(k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn truthy(m: &Map<String, Value>, k: &str) -> bool {
    match m.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true") || s == "1",
        Some(Value::Number(n)) => n.as_i64().is_some_and(|v| v != 0),
        _ => false,
    }
}

/// Splits a register/registIssue body into the invoice and its extras.
pub(crate) fn split_extras(
    mut body: Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut extras = Map::new();
    for k in EXTRAS {
        if let Some(v) = body.remove(k) {
            extras.insert(k.to_owned(), v);
        }
    }
    (body, extras)
}

/// Mode for registIssue from its extras.
pub(crate) fn issue_mode(extras: &Map<String, Value>, force_default: bool) -> Mode {
    Mode::Issue {
        force: force_default || truthy(extras, "forceIssue"),
        memo: text(extras, "memo"),
        email_subject: text(extras, "emailSubject"),
    }
}

impl State {
    /// ItemKey of the tax invoice `corp` addresses as (`key`, `mgt`), or -11000005.
    pub(crate) fn doc_item(&self, corp: &str, key: KeyType, mgt: &str) -> ApiResult<String> {
        self.taxinvoices.find_key(corp, Some(key), mgt)
    }

    /// The tax invoice `corp` addresses as (`key`, `mgt`).
    pub(crate) fn doc(&self, corp: &str, key: KeyType, mgt: &str) -> ApiResult<&Doc> {
        self.taxinvoices.find(corp, Some(key), mgt)
    }

    /// A tax invoice by ItemKey, if `corp` sees it from some side.
    pub(crate) fn doc_by_item(&self, corp: &str, item_key: &str) -> ApiResult<&Doc> {
        self.taxinvoices
            .get(item_key)
            .filter(|d| d.visible_to_any(corp))
            .ok_or_else(|| {
                ApiError::not_found(
                    codes::TI_NOT_FOUND,
                    format!("세금계산서가 존재하지 않습니다. (ItemKey {item_key})"),
                )
            })
    }

    /// Appends a log line to a tax invoice.
    pub(crate) fn push_log(
        &mut self,
        item_key: &str,
        c: Option<&Caller<'_>>,
        at_ms: i64,
        doc_log_type: u16,
        log: &str,
        memo: Option<&str>,
    ) {
        self.log_doc::<Doc>(item_key, c, at_ms, doc_log_type, log, memo);
    }

    fn new_item_key(&mut self, env: &Env<'_>) -> String {
        let seq = self.next(|c| &mut c.item);
        let d = dt14_kst(env.now_ms);
        format!("0{}12{:09}", &d[2..8], seq % 1_000_000_000)
    }

    fn new_confirm_num(&mut self, env: &Env<'_>) -> String {
        let seq = self.next(|c| &mut c.confirm);
        format!(
            "{}41{:06}{:08x}",
            env.today,
            seq % 1_000_000,
            fastrand::u32(..)
        )
    }

    /// Checks that the writing side's document number is free for its member. The other
    /// sides' numbers are not checked (nor revealed): they are assigned when the invoice
    /// becomes visible to those members, if still free (see [`crate::state::store`]).
    fn check_key_free(
        &self,
        corp: &str,
        writer: KeyType,
        mgt: &str,
        except: Option<&str>,
    ) -> ApiResult<()> {
        match self.taxinvoices.holder(corp, Some(writer), mgt) {
            Some(ik) if Some(ik) != except => Err(ApiError::conflict(
                codes::TI_MGTKEY_IN_USE,
                format!("이미 사용중인 문서번호입니다. ({} {mgt})", writer.as_str()),
            )),
            _ => Ok(()),
        }
    }

    /// register / registIssue / registRequest / one bulk invoice.
    pub(crate) fn register_doc(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        inv: Map<String, Value>,
        mode: Mode,
    ) -> ApiResult<Registered> {
        let kind = match text(&inv, "issueType") {
            None => {
                return Err(ApiError::bad_request(
                    codes::TI_ISSUE_TYPE_MISSING,
                    "발행형태(issueType)가 입력되지 않았습니다.",
                ));
            }
            Some(t) => IssueKind::parse(&t).ok_or_else(|| {
                ApiError::bad_request(
                    codes::TI_INVALID_TYPE,
                    format!("발행형태(issueType)가 올바르지 않습니다: {t:?}"),
                )
            })?,
        };
        match (&mode, kind) {
            (Mode::Request { .. }, k) if k != IssueKind::Reverse => {
                return Err(ApiError::bad_request(
                    codes::TI_INVALID_TYPE,
                    "역발행 요청(registRequest)은 issueType 역발행만 가능합니다.",
                ));
            }
            (Mode::Issue { .. } | Mode::Draft, _) | (Mode::Request { .. }, _) => {}
        }
        if matches!(mode, Mode::Issue { .. }) && kind == IssueKind::Reverse {
            return Err(ApiError::bad_request(
                codes::TI_INVALID_TYPE,
                "역발행 세금계산서는 즉시발행할 수 없습니다. registRequest를 사용하세요.",
            ));
        }
        let writer = kind.writer();
        let (cf, mf) = writer.fields();
        match text(&inv, cf) {
            Some(corp) if corp == c.corp => {}
            Some(corp) => {
                return Err(ApiError::forbidden(
                    codes::TI_CORP_MISMATCH,
                    format!(
                        "회원 사업자번호({})와 세금계산서의 {cf}({corp})가 일치하지 않습니다.",
                        c.corp
                    ),
                ));
            }
            None if writer == KeyType::Sell => {
                return Err(ApiError::bad_request(
                    codes::TI_INVOICER_CORP_NUM_MISSING,
                    "공급자 사업자번호가 입력되지 않았습니다.",
                ));
            }
            None => {
                return Err(ApiError::bad_request(
                    codes::TI_VALIDATION,
                    format!("{cf}가 입력되지 않았습니다."),
                ));
            }
        }
        let Some(mgt) = text(&inv, mf) else {
            return Err(ApiError::bad_request(
                codes::TI_VALIDATION,
                format!("{mf}: 문서번호가 입력되지 않았습니다. (is required)"),
            ));
        };
        let purpose = match &mode {
            Mode::Issue { force, .. } => Purpose::Issue { force: *force },
            _ => Purpose::Draft,
        };
        validation::check(&inv, env, purpose)?;
        self.check_key_free(c.corp, writer, &mgt, None)?;
        self.member(c.corp)?;

        let item_key = self.new_item_key(env);
        let trigger = nts_failure_in(text(&inv, "remark1").as_deref());
        let doc = Doc {
            item_key: item_key.clone(),
            owner: c.corp.to_owned(),
            kind,
            invoice: inv,
            state: S_DRAFT,
            state_memo: None,
            state_ms: env.now_ms,
            reg_ms: env.now_ms,
            issue_ms: None,
            late: false,
            open_ms: None,
            nts_confirm_num: None,
            nts_send_ms: None,
            nts_result_ms: None,
            nts_err_code: None,
            filing: None,
            auto_file_at: None,
            fail_trigger: trigger,
            close_down_state: None,
            logs: Vec::new(),
            files: Vec::new(),
            statements: Vec::new(),
            printed: Vec::new(),
        };
        self.taxinvoices.insert(doc, env.now_ms);
        self.push_log(&item_key, Some(c), env.now_ms, 100, "임시저장", None);
        let out = match mode {
            Mode::Draft => Ok(None),
            Mode::Request { memo } => {
                self.set_state(env, &item_key, S_REQUESTED, memo.as_deref());
                self.push_log(
                    &item_key,
                    Some(c),
                    env.now_ms,
                    200,
                    "역발행 요청",
                    memo.as_deref(),
                );
                self.notify(env, c, &item_key, Some(&mgt), "TAX_REQUEST", KeyType::Sell);
                Ok(None)
            }
            Mode::Issue {
                force,
                memo,
                email_subject,
            } => self
                .issue_doc(env, c, &item_key, force, memo, email_subject)
                .map(Some),
        };
        match out {
            Ok(confirm) => Ok(Registered {
                item_key,
                nts_confirm_num: confirm,
            }),
            Err(e) => {
                // registIssue is all or nothing: drop the draft again.
                self.taxinvoices.discard(&item_key);
                Err(e)
            }
        }
    }

    fn set_state(&mut self, env: &Env<'_>, item_key: &str, state: u16, memo: Option<&str>) {
        self.taxinvoices
            .set_state(item_key, state, env.now_ms, memo);
    }

    /// Mails the other party (or a given side) about an event, if that email type is on.
    pub(crate) fn notify(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        item_key: &str,
        mgt: Option<&str>,
        email_type: &str,
        to_side: KeyType,
    ) {
        if !self.email_enabled(c.corp, email_type) {
            return;
        }
        let Some(d) = self.taxinvoices.get(item_key) else {
            return;
        };
        let field = match to_side {
            KeyType::Sell => "invoicerEmail",
            KeyType::Buy => "invoiceeEmail1",
            KeyType::Trustee => "trusteeEmail",
        };
        let mut receivers: Vec<String> = d.field(field).map(str::to_owned).into_iter().collect();
        if to_side == KeyType::Buy {
            receivers.extend(d.field("invoiceeEmail2").map(str::to_owned));
            if let Some(Value::Array(list)) = d.invoice.get("addContactList") {
                receivers.extend(
                    list.iter()
                        .filter_map(|c| c.get("email").and_then(Value::as_str))
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        let subject = format!(
            "[{email_type}] {} 전자세금계산서",
            d.field("invoicerCorpName").unwrap_or("")
        );
        for r in receivers {
            self.send(
                env,
                OutboxKind::Email,
                email_type,
                c.corp,
                Some((item_key, mgt)),
                None,
                r,
                Some(subject.clone()),
                None,
            );
        }
    }

    /// Issues a draft/requested document: late check, points, confirm number, mails.
    fn issue_doc(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        item_key: &str,
        force: bool,
        memo: Option<String>,
        email_subject: Option<String>,
    ) -> ApiResult<String> {
        let doc = self.taxinvoices.get(item_key).ok_or_else(|| {
            ApiError::not_found(codes::TI_NOT_FOUND, "세금계산서가 존재하지 않습니다.")
        })?;
        let checked = validation::check(&doc.invoice, env, Purpose::Issue { force })?;
        let payer = if doc.field("chargeDirection") == Some("역과금") {
            doc.field("invoiceeCorpNum")
        } else {
            doc.party(doc.kind.issuer()).map(|p| p.0)
        }
        .unwrap_or(c.corp)
        .to_owned();
        let mgt = doc
            .party(doc.kind.issuer())
            .and_then(|p| p.1)
            .map(str::to_owned);
        let business = doc.field("invoiceeType") == Some("사업자");
        let sms_to = (doc.invoice.get("invoicerSMSSendYN") == Some(&Value::Bool(true)))
            .then(|| doc.field("invoiceeHP1").map(str::to_owned))
            .flatten();
        self.charge(env, &payer, 110, env.cfg.unit_cost, c.user_id)?;
        let confirm = self.new_confirm_num(env);
        let auto = auto_filing_at(env);
        let memo_trigger = nts_failure_in(memo.as_deref());
        if let Some(d) = self.taxinvoices.get_mut(item_key) {
            d.state_memo = memo.clone();
            d.issue_ms = Some(env.now_ms);
            d.late = checked.late;
            d.nts_confirm_num = Some(confirm.clone());
            d.auto_file_at = auto;
            d.close_down_state = business.then_some(1);
            if memo_trigger.is_some() {
                d.fail_trigger = memo_trigger;
            }
        }
        // Issued: now visible to the other parties, whose keys are assigned if still free.
        self.set_state(env, item_key, S_ISSUED, None);
        self.push_log(item_key, Some(c), env.now_ms, 230, "발행", memo.as_deref());
        let email_type = match self.taxinvoices.get(item_key).map(|d| d.kind) {
            Some(IssueKind::Trustee) => "TAX_TRUST_ISSUE",
            Some(IssueKind::Reverse) => "TAX_REVERSE_ISSUE",
            _ => "TAX_ISSUE",
        };
        let before = self.outbox.len();
        self.notify(env, c, item_key, mgt.as_deref(), email_type, KeyType::Buy);
        if let Some(subject) = email_subject {
            for m in &mut self.outbox[before..] {
                m.subject = Some(subject.clone());
            }
        }
        if let Some(hp) = sms_to {
            self.send(
                env,
                OutboxKind::Sms,
                "TAX_ISSUE_SMS",
                c.corp,
                Some((item_key, mgt.as_deref())),
                None,
                hp,
                None,
                Some("전자세금계산서가 발행되었습니다.".into()),
            );
        }
        self.schedule(env, item_key);
        Ok(confirm)
    }

    /// update (PATCH) of a draft.
    pub(crate) fn update_doc(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        key: KeyType,
        mgt: &str,
        inv: Map<String, Value>,
    ) -> ApiResult<()> {
        let ik = self.doc_item(c.corp, key, mgt)?;
        let doc = self.taxinvoices.find(c.corp, Some(key), mgt)?;
        transition(doc.kind, key, doc.state, Verb::Update).map_err(state_error)?;
        let kind = text(&inv, "issueType")
            .and_then(|t| IssueKind::parse(&t))
            .unwrap_or(doc.kind);
        if kind != doc.kind {
            return Err(ApiError::bad_request(
                codes::TI_INVALID_TYPE,
                "수정으로 발행형태(issueType)를 바꿀 수 없습니다.",
            ));
        }
        let (cf, mf) = key.fields();
        if text(&inv, mf).is_some_and(|m| m != mgt) || text(&inv, cf).is_some_and(|x| x != c.corp) {
            return Err(ApiError::bad_request(
                codes::TI_CORP_MISMATCH,
                format!("수정할 세금계산서의 {cf}/{mf}는 바꿀 수 없습니다."),
            ));
        }
        let mut inv = inv;
        inv.insert(cf.to_owned(), Value::String(c.corp.to_owned()));
        inv.insert(mf.to_owned(), Value::String(mgt.to_owned()));
        validation::check(&inv, env, Purpose::Draft)?;
        let trigger = nts_failure_in(text(&inv, "remark1").as_deref());
        self.taxinvoices.reindex(&ik, |d| {
            d.invoice = inv;
            d.state_ms = env.now_ms;
            d.fail_trigger = trigger;
        });
        self.push_log(&ik, Some(c), env.now_ms, 101, "수정", None);
        Ok(())
    }

    /// A life-cycle verb on an existing document. Returns the NTS confirm number when it issued.
    pub(crate) fn act(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        key: KeyType,
        mgt: &str,
        verb: Verb,
        args: VerbArgs,
    ) -> ApiResult<Option<String>> {
        let ik = self.doc_item(c.corp, key, mgt)?;
        let doc = self.taxinvoices.find(c.corp, Some(key), mgt)?;
        let next = transition(doc.kind, key, doc.state, verb).map_err(state_error)?;
        let memo = args.memo.as_deref();
        let mgt = Some(mgt);
        match (verb, next) {
            (_, Next::Removed) => {
                self.taxinvoices.remove(&ik, env.now_ms);
                Ok(None)
            }
            (Verb::Issue | Verb::Accept, _) => self
                .issue_doc(env, c, &ik, args.force, args.memo, args.email_subject)
                .map(Some),
            (Verb::CancelIssue, Next::State(s)) => {
                self.set_state(env, &ik, s, memo);
                if let Some(d) = self.taxinvoices.get_mut(&ik) {
                    d.auto_file_at = None;
                }
                self.push_log(&ik, Some(c), env.now_ms, 240, "발행취소", memo);
                self.notify(env, c, &ik, mgt, "TAX_CANCEL_ISSUE", KeyType::Buy);
                Ok(None)
            }
            (Verb::SendToNts, Next::State(s)) => {
                let trigger = nts_failure_in(memo).or_else(|| doc.fail_trigger.clone());
                self.set_state(env, &ik, s, memo);
                if let Some(d) = self.taxinvoices.get_mut(&ik) {
                    d.filing = Some(Filing {
                        started_ms: env.now_ms,
                        fail_code: trigger,
                    });
                    d.auto_file_at = None;
                }
                self.push_log(&ik, Some(c), env.now_ms, 250, "국세청 즉시전송 요청", memo);
                self.schedule(env, &ik);
                Ok(None)
            }
            (verb, Next::State(s)) => {
                let (log_type, text, mail) = match verb {
                    Verb::Request => (200, "역발행 요청", Some(("TAX_REQUEST", KeyType::Sell))),
                    Verb::CancelRequest => (
                        500,
                        "역발행 요청 취소",
                        Some(("TAX_CANCEL_REQUEST", KeyType::Sell)),
                    ),
                    Verb::Refuse => (400, "역발행 요청 거부", Some(("TAX_REFUSE", KeyType::Buy))),
                    Verb::Send => (210, "발행예정 발송", Some(("TAX_SEND", KeyType::Buy))),
                    Verb::CancelSend => (
                        510,
                        "발행예정 취소",
                        Some(("TAX_CANCEL_SEND", KeyType::Buy)),
                    ),
                    Verb::Deny => (410, "발행예정 거부", Some(("TAX_DENY", KeyType::Sell))),
                    _ => (101, "수정", None),
                };
                self.set_state(env, &ik, s, memo);
                self.push_log(&ik, Some(c), env.now_ms, log_type, text, memo);
                if let Some((t, side)) = mail {
                    self.notify(env, c, &ik, mgt, t, side);
                }
                Ok(None)
            }
        }
    }

    /// attachFile on a draft (at most 5 files). `data_b64` is the content in base64, encoded
    /// by the caller before taking the state lock; `size` is the decoded length.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn attach_file(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        key: KeyType,
        mgt: &str,
        display_name: String,
        data_b64: Arc<str>,
        size: usize,
    ) -> ApiResult<String> {
        let ik = self.doc_item(c.corp, key, mgt)?;
        let doc = self.taxinvoices.find(c.corp, Some(key), mgt)?;
        transition(doc.kind, key, doc.state, Verb::AttachFile).map_err(state_error)?;
        if doc.files.len() >= 5 {
            return Err(ApiError::bad_request(
                codes::FILE_ATTACH,
                "첨부파일은 최대 5개까지 첨부할 수 있습니다.",
            ));
        }
        let seq = self.next(|c| &mut c.file);
        let file_id = format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}.PBF",
            fastrand::u32(..),
            fastrand::u16(..),
            fastrand::u16(..),
            fastrand::u16(..),
            seq
        );
        if let Some(d) = self.taxinvoices.get_mut(&ik) {
            let serial = d.files.iter().map(|f| f.serial_num).max().unwrap_or(0) + 1;
            d.files.push(FileRec {
                serial_num: serial,
                file_id: file_id.clone(),
                display_name: display_name.clone(),
                reg_ms: env.now_ms,
                data_b64,
                size,
            });
        }
        self.push_log(
            &ik,
            Some(c),
            env.now_ms,
            101,
            &format!("파일첨부: {display_name}"),
            None,
        );
        Ok(file_id)
    }

    /// deleteFile on a draft.
    pub(crate) fn delete_file(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        key: KeyType,
        mgt: &str,
        file_id: &str,
    ) -> ApiResult<()> {
        let ik = self.doc_item(c.corp, key, mgt)?;
        let doc = self.taxinvoices.find(c.corp, Some(key), mgt)?;
        transition(doc.kind, key, doc.state, Verb::DeleteFile).map_err(state_error)?;
        if !doc.files.iter().any(|f| f.file_id == file_id) {
            return Err(ApiError::not_found(
                codes::TI_FILE_NOT_FOUND,
                format!("첨부파일이 존재하지 않습니다. ({file_id})"),
            ));
        }
        if let Some(d) = self.taxinvoices.get_mut(&ik) {
            d.files.retain(|f| f.file_id != file_id);
        }
        self.push_log(&ik, Some(c), env.now_ms, 101, "첨부파일 삭제", None);
        Ok(())
    }

    /// attachStatement / detachStatement.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn link_statement(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        key: KeyType,
        mgt: &str,
        item_code: i64,
        stmt_key: &str,
        attach: bool,
    ) -> ApiResult<()> {
        let ik = self.doc_item(c.corp, key, mgt)?;
        let doc = self.taxinvoices.find(c.corp, Some(key), mgt)?;
        let present = doc
            .statements
            .iter()
            .any(|(code, k)| *code == item_code && k == stmt_key);
        if attach == present {
            return Err(ApiError::conflict(
                codes::TI_STATE,
                if attach {
                    "이미 첨부된 명세서입니다."
                } else {
                    "첨부되지 않은 명세서입니다."
                },
            ));
        }
        if let Some(d) = self.taxinvoices.get_mut(&ik) {
            if attach {
                d.statements.push((item_code, stmt_key.to_owned()));
            } else {
                d.statements
                    .retain(|(code, k)| !(*code == item_code && k == stmt_key));
            }
        }
        let what = if attach {
            "명세서 첨부"
        } else {
            "명세서 첨부해제"
        };
        self.push_log(
            &ik,
            Some(c),
            env.now_ms,
            101,
            &format!("{what}: {item_code} {stmt_key}"),
            None,
        );
        Ok(())
    }

    /// assignMgtKey: gives a side without a document number one.
    pub(crate) fn assign_mgt_key(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        item_key: &str,
        key: KeyType,
        mgt: &str,
    ) -> ApiResult<()> {
        popbill_model::MgtKey::check(mgt)
            .map_err(|e| ApiError::bad_request(codes::TI_VALIDATION, format!("MgtKey: {e}")))?;
        let doc = self.taxinvoices.get(item_key).ok_or_else(|| {
            ApiError::not_found(
                codes::TI_NOT_FOUND,
                format!("세금계산서가 존재하지 않습니다. (ItemKey {item_key})"),
            )
        })?;
        let (cf, mf) = key.fields();
        if doc.field(cf) != Some(c.corp) || !doc.visible_to(c.corp, key) {
            return Err(ApiError::forbidden(
                codes::TI_CORP_MISMATCH,
                format!("회원 사업자번호가 세금계산서의 {cf}와 일치하지 않습니다."),
            ));
        }
        if doc.field(mf).is_some() {
            return Err(ApiError::conflict(
                codes::TI_STATE,
                format!("이미 문서번호가 할당된 세금계산서입니다. ({mf})"),
            ));
        }
        if self.taxinvoices.holder(c.corp, Some(key), mgt).is_some() {
            return Err(ApiError::conflict(
                codes::TI_MGTKEY_IN_USE,
                format!("이미 사용중인 문서번호입니다. ({mgt})"),
            ));
        }
        self.taxinvoices.reindex(item_key, |d| {
            d.invoice
                .insert(mf.to_owned(), Value::String(mgt.to_owned()));
        });
        self.push_log(
            item_key,
            Some(c),
            env.now_ms,
            125,
            &format!("문서번호 할당: {mgt}"),
            None,
        );
        Ok(())
    }

    /// Marks the document printed/opened by a side (view pages).
    pub(crate) fn mark_viewed(
        &mut self,
        env: &Env<'_>,
        item_key: &str,
        side: KeyType,
        print: bool,
    ) {
        if let Some(d) = self.taxinvoices.get_mut(item_key) {
            if print && !d.printed.contains(&side) {
                d.printed.push(side);
            }
            if side == KeyType::Buy && d.open_ms.is_none() && d.state >= S_ISSUED {
                d.open_ms = Some(env.now_ms);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use popbill_model::Date8;

    const SELLER: &str = "1234567890";
    const BUYER: &str = "8888888888";

    fn invoice(seller_key: &str, buyer_key: Option<&str>) -> Map<String, Value> {
        let mut v = serde_json::json!({
            "writeDate": "20250101", "chargeDirection": "정과금", "issueType": "정발행",
            "purposeType": "영수", "taxType": "과세",
            "invoicerCorpNum": SELLER, "invoicerMgtKey": seller_key,
            "invoicerCorpName": "공급자", "invoicerCEOName": "대표",
            "invoiceeType": "사업자", "invoiceeCorpNum": BUYER,
            "invoiceeCorpName": "공급받는자", "invoiceeCEOName": "대표",
            "supplyCostTotal": "100", "taxTotal": "10", "totalAmount": "110",
        });
        if let Some(k) = buyer_key {
            v["invoiceeMgtKey"] = Value::String(k.into());
        }
        v.as_object().cloned().unwrap_or_default()
    }

    fn setup(cfg: &Config) -> (State, Env<'_>) {
        let env = Env {
            cfg,
            now_ms: 1_735_700_000_000,
            today: Date8::from_ymd(2025, 1, 1).expect("date"),
        };
        let mut st = State::new(false);
        st.auto_join(&env, SELLER, "TESTER");
        st.auto_join(&env, BUYER, "TESTER");
        (st, env)
    }

    fn caller(corp: &str) -> Caller<'_> {
        Caller {
            corp,
            user_id: None,
            ip: "127.0.0.1",
        }
    }

    /// Issue 17 item 3: a draft naming another member's MgtKey must neither reveal nor
    /// reserve it, nor hide the owner's own document under that key.
    #[test]
    fn a_draft_does_not_reveal_or_reserve_the_other_members_key() {
        let cfg = Config::default();
        let (mut st, env) = setup(&cfg);
        // The buyer's own reverse-issuance draft under its key K.
        let mut own = invoice("SELLER-UNSET", Some("K"));
        own.insert("issueType".into(), Value::String("역발행".into()));
        own.remove("invoicerMgtKey");
        // The seller's draft names the buyer's key K first.
        st.register_doc(
            &env,
            &caller(SELLER),
            invoice("S-1", Some("K")),
            Mode::Draft,
        )
        .expect("seller draft");
        // The buyer is not told K is in use, and can use it.
        st.register_doc(&env, &caller(BUYER), own, Mode::Draft)
            .expect("the buyer's key is neither revealed nor reserved");
        let found = st
            .doc(BUYER, KeyType::Buy, "K")
            .expect("owner finds its document");
        assert_eq!(found.field("issueType"), Some("역발행"));
        // The seller's draft stays its own.
        assert!(st.doc(SELLER, KeyType::Sell, "S-1").is_ok());
        // Issuing makes it visible to the buyer; K is taken there, so the invoice does not
        // take it over: the buyer still finds its own document under K.
        st.act(
            &env,
            &caller(SELLER),
            KeyType::Sell,
            "S-1",
            Verb::Issue,
            VerbArgs::default(),
        )
        .expect("issued");
        let again = st.doc(BUYER, KeyType::Buy, "K").expect("still the owner's");
        assert_eq!(again.field("issueType"), Some("역발행"));
        let issued = st
            .doc(SELLER, KeyType::Sell, "S-1")
            .expect("issued invoice");
        assert_eq!(
            issued.field("invoiceeMgtKey"),
            None,
            "the taken key was dropped"
        );
    }

    #[test]
    fn every_state_change_queues_one_event_and_a_failed_issue_none() {
        let cfg = Config::default();
        let (mut st, env) = setup(&cfg);
        st.register_doc(
            &env,
            &caller(SELLER),
            invoice("E-1", Some("EB-1")),
            Mode::Draft,
        )
        .expect("draft");
        st.act(
            &env,
            &caller(SELLER),
            KeyType::Sell,
            "E-1",
            Verb::Issue,
            VerbArgs::default(),
        )
        .expect("issued");
        st.act(
            &env,
            &caller(SELLER),
            KeyType::Sell,
            "E-1",
            Verb::CancelIssue,
            VerbArgs::default(),
        )
        .expect("cancelled");
        st.act(
            &env,
            &caller(SELLER),
            KeyType::Sell,
            "E-1",
            Verb::Delete,
            VerbArgs::default(),
        )
        .expect("deleted");
        let states: Vec<Option<u16>> = st.take_doc_events().iter().map(|e| e.state).collect();
        assert_eq!(states, [Some(100), Some(300), Some(600), None]);
        // A registIssue refused for lack of points leaves no event behind.
        st.member_mut(SELLER).expect("member").points = 0;
        let mode = Mode::Issue {
            force: false,
            memo: None,
            email_subject: None,
        };
        assert!(
            st.register_doc(&env, &caller(SELLER), invoice("E-2", None), mode)
                .is_err()
        );
        assert!(st.take_doc_events().is_empty());
        assert!(st.doc(SELLER, KeyType::Sell, "E-2").is_err());
    }

    #[test]
    fn the_counterpartys_free_key_is_assigned_when_the_invoice_becomes_visible() {
        let cfg = Config::default();
        let (mut st, env) = setup(&cfg);
        st.register_doc(
            &env,
            &caller(SELLER),
            invoice("S-2", Some("B-2")),
            Mode::Draft,
        )
        .expect("draft");
        assert!(
            st.doc(BUYER, KeyType::Buy, "B-2").is_err(),
            "a draft is not the buyer's"
        );
        st.act(
            &env,
            &caller(SELLER),
            KeyType::Sell,
            "S-2",
            Verb::Issue,
            VerbArgs::default(),
        )
        .expect("issued");
        let d = st
            .doc(BUYER, KeyType::Buy, "B-2")
            .expect("the buyer's key now");
        assert_eq!(d.field("invoicerMgtKey"), Some("S-2"));
    }

    #[test]
    fn failure_trigger_in_memo() {
        assert_eq!(
            nts_failure_in(Some("test ERR002 please")),
            Some("ERR002".into())
        );
        assert_eq!(nts_failure_in(Some("err007")), Some("ERR007".into()));
        assert_eq!(
            nts_failure_in(Some("SYN003 then ERR002")),
            Some("SYN003".into())
        );
        assert_eq!(nts_failure_in(Some("ERR004 is not a code")), None);
        assert_eq!(nts_failure_in(None), None);
    }
}

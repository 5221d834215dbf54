//! Cash receipts (현금영수증) on the document store: the stored receipt, its checks and its
//! life cycle. Routes parse HTTP (`routes/cashbill`) and call these inside one critical
//! section.
//!
//! ```text
//! registIssue ─► 300 ──filing (sandbox filing clock)──► 304 | 305
//! revokeRegistIssue (취소거래) needs a filed (304) original; cumulative cancels ≤ the original
//! legacy: register ─► 100 ─issue─► 300 ─cancelIssue (before filing)─► 400
//! delete: 100, 400, 305 → removed (the MgtKey may be reused)
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::clock::dt14_kst;
use crate::error::{ApiError, ApiResult};
use crate::outbox::OutboxKind;
use crate::state::docs::{Caller, text};
use crate::state::filing::{auto_filing_at, filing_step};
use crate::state::store::{DocKind, Document, Documents, LogRec, Side, document_state_methods};
use crate::state::validation::check_json_types;
use crate::state::{Env, State};

/// Cashbill error codes: the documented ones are popbill-model's (the client's) constants; the
/// others are marked "sandbox choice".
pub(crate) mod codes {
    use popbill_model::cashbill::error_code;

    /// Documented: cash receipt does not exist (by ItemKey).
    pub(crate) const NOT_FOUND: i64 = error_code::CASHBILL_NOT_FOUND;
    /// Documented: no cash receipt for this MgtKey (checkMgtKeyInUse maps it to false).
    pub(crate) const MGTKEY_NOT_FOUND: i64 = error_code::MGT_KEY_NOT_FOUND;
    /// Documented: MgtKey already used by another cash receipt.
    pub(crate) const MGTKEY_IN_USE: i64 = error_code::MGT_KEY_TAKEN;
    /// The state does not allow the operation (sandbox choice).
    pub(crate) const STATE: i64 = -14000010;
    /// Documented: franchise (seller) business number missing.
    pub(crate) const CORP_NUM_MISSING: i64 = error_code::FRANCHISE_CORP_NUM_MISSING;
    /// Documented: franchise business number invalid (also: not the caller's).
    pub(crate) const CORP_NUM_INVALID: i64 = error_code::FRANCHISE_CORP_NUM_INVALID;
    /// Documented: identity number missing.
    pub(crate) const IDENTITY_MISSING: i64 = error_code::IDENTITY_NUM_MISSING;
    /// Documented: tradeType missing.
    pub(crate) const TRADE_TYPE_MISSING: i64 = error_code::TRADE_TYPE_MISSING;
    /// Documented: tradeUsage missing.
    pub(crate) const TRADE_USAGE_MISSING: i64 = error_code::TRADE_USAGE_MISSING;
    /// Documented: original cash receipt does not exist.
    pub(crate) const ORG_NOT_FOUND: i64 = error_code::ORIGINAL_NOT_FOUND;
    /// Documented: revocation refused, the original is not filed with the NTS yet.
    pub(crate) const ORG_NOT_FILED: i64 = error_code::ORIGINAL_NOT_FILED;
    /// Documented: seller business number differs from the original's.
    pub(crate) const ORG_CORP_MISMATCH: i64 = error_code::ORIGINAL_CORP_NUM_MISMATCH;
    /// Documented for supplyCost: the revocation exceeds what is left of the original (used
    /// for every amount).
    pub(crate) const CANCEL_EXCEEDS: i64 = error_code::REVOKE_EXCEEDS_ORIGINAL;
    /// An enumerated field has an unknown value (sandbox choice).
    pub(crate) const INVALID_CODE: i64 = -14001098;
    /// Any other validation rule; the message names the field (sandbox choice).
    pub(crate) const VALIDATION: i64 = -14001099;
    /// Bulk: SubmitID missing or malformed (sandbox choice).
    pub(crate) const SUBMIT_ID: i64 = -14000012;
    /// Bulk: SubmitID reused with a different body (sandbox choice).
    pub(crate) const SUBMIT_ID_CONFLICT: i64 = -14000013;
    /// Bulk: x-pb-message-digest does not match the body (sandbox choice).
    pub(crate) const DIGEST: i64 = -14000014;
    /// Bulk submission not found (sandbox choice).
    pub(crate) const SUBMIT_NOT_FOUND: i64 = -14000015;
}

/// Draft (legacy register).
pub(crate) const S_DRAFT: u16 = 100;
/// 발행완료.
pub(crate) const S_ISSUED: u16 = 300;
/// 전송완료.
pub(crate) const S_FILED: u16 = 304;
/// 전송실패.
pub(crate) const S_FILING_FAILED: u16 = 305;
/// 발행취소 (legacy cancelIssue; sandbox code).
pub(crate) const S_CANCELLED: u16 = 400;

/// tradeType of an approval and of a revocation.
const APPROVAL: &str = "승인거래";
const REVOCATION: &str = "취소거래";
/// The voluntary-issuance identity number (010-000-1234), 소득공제용 only.
const VOLUNTARY: &str = "0100001234";
/// Amount fields, in the order of [`Receipt::cancelled`].
const AMOUNTS: [&str; 4] = ["supplyCost", "tax", "serviceFee", "totalAmount"];
/// NTS result codes a memo or itemName may ask for (filing then ends in 305).
const NTS_FAILURES: [(&str, &str); 5] = [
    ("TS1", "식별번호 오류 (주민/사업자/휴대폰번호)"),
    ("TS2", "식별번호 오류 (현금영수증 카드번호)"),
    ("TS3", "발급 제한 사업자"),
    ("TS4", "금액 오류"),
    ("TS7", "미등록 사업자"),
];

/// A stored cash receipt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Receipt {
    pub item_key: String,
    /// The member who issued it (franchiseCorpNum).
    pub owner: String,
    /// The Cashbill as received (memo and emailSubject removed), `mgtKey` included.
    pub body: Map<String, Value>,
    pub state: u16,
    pub state_memo: Option<String>,
    pub state_ms: i64,
    pub reg_ms: i64,
    pub issue_ms: Option<i64>,
    /// NTS approval number, 9 characters (`TB` + 7 digits, as the test bed answers).
    pub confirm_num: Option<String>,
    /// yyyyMMddHHmmss of the trade (given, or the issuance time).
    pub trade_dt: Option<String>,
    /// When the receipt is handed to the NTS; the result follows one filing step later.
    pub file_at: Option<i64>,
    pub nts_send_ms: Option<i64>,
    pub nts_result_ms: Option<i64>,
    pub nts_result_code: Option<String>,
    /// NTS failure requested by a memo or itemName, or implied by the content (TS1, TS4).
    pub fail_trigger: Option<String>,
    /// Amounts revoked so far by cancel receipts: supplyCost, tax, serviceFee, totalAmount.
    pub cancelled: [u64; 4],
    pub printed: bool,
    pub logs: Vec<LogRec>,
}

impl Receipt {
    /// Text of a field (empty strings and nulls are `None`).
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.body
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    fn mgt_key(&self) -> Option<&str> {
        self.field("mgtKey")
    }

    /// yyyyMMdd of the trade.
    pub(crate) fn trade_date(&self) -> Option<&str> {
        self.trade_dt.as_deref().map(|d| &d[..8])
    }

    fn amounts(&self) -> [u64; 4] {
        AMOUNTS.map(|k| amount(&self.body, k).unwrap_or(0))
    }

    fn is_revocation(&self) -> bool {
        self.field("tradeType") == Some(REVOCATION)
    }

    /// When the filing result is due (issued and not filed yet).
    fn due_at(&self, step: i64) -> Option<i64> {
        match (self.state, self.file_at) {
            (S_ISSUED, Some(t)) => Some(t.saturating_add(step)),
            _ => None,
        }
    }
}

fn opt_dt(ms: Option<i64>) -> Value {
    ms.map(|m| Value::String(dt14_kst(m)))
        .unwrap_or(Value::Null)
}

impl Document for Receipt {
    const KIND: DocKind = DocKind::Cashbill;

    fn item_key(&self) -> &str {
        &self.item_key
    }

    fn keys(&self) -> Vec<(String, Side, String)> {
        self.mgt_key()
            .map(|m| (self.owner.clone(), None, m.to_owned()))
            .into_iter()
            .collect()
    }

    fn forget_key(&mut self, _side: Side) {
        self.body.remove("mgtKey");
    }

    fn visible_to(&self, corp: &str, side: Side) -> bool {
        side.is_none() && self.owner == corp
    }

    document_state_methods!();

    /// CashbillInfo.
    fn info_json(&self) -> Value {
        let f = |k: &str| {
            self.field(k)
                .map(|s| Value::String(s.to_owned()))
                .unwrap_or(Value::Null)
        };
        let nts_message = self.nts_result_code.as_deref().map(|c| {
            NTS_FAILURES
                .iter()
                .find(|(code, _)| *code == c)
                .map(|(_, m)| *m)
                .unwrap_or("국세청 전송 성공")
        });
        json!({
            "itemKey": self.item_key,
            "mgtKey": f("mgtKey"),
            "tradeDate": self.trade_date(),
            "tradeDT": self.trade_dt,
            "tradeType": f("tradeType"),
            "tradeUsage": f("tradeUsage"),
            "tradeOpt": f("tradeOpt"),
            "taxationType": f("taxationType"),
            "totalAmount": f("totalAmount"),
            "supplyCost": f("supplyCost"),
            "tax": f("tax"),
            "serviceFee": f("serviceFee"),
            "issueDT": opt_dt(self.issue_ms),
            "regDT": dt14_kst(self.reg_ms),
            "stateCode": self.state,
            "stateDT": dt14_kst(self.state_ms),
            "stateMemo": self.state_memo,
            "identityNum": f("identityNum"),
            "itemName": f("itemName"),
            "orderNumber": f("orderNumber"),
            "customerName": f("customerName"),
            "email": f("email"),
            "hp": f("hp"),
            "confirmNum": self.confirm_num,
            "orgConfirmNum": f("orgConfirmNum"),
            "orgTradeDate": f("orgTradeDate"),
            "ntssendDT": opt_dt(self.nts_send_ms),
            "ntsresult": self.nts_result_code.as_deref().map(|c| if c == "0000" { "성공" } else { "실패" }),
            "ntsresultDT": opt_dt(self.nts_result_ms),
            "ntsresultCode": self.nts_result_code,
            "ntsresultMessage": nts_message,
            "printYN": self.printed,
            "interOPYN": true,
        })
    }

    fn logs_json(&self) -> Value {
        Value::Array(self.logs.iter().map(|l| l.json(false)).collect())
    }

    fn not_found(_side: Side, mgt: &str) -> ApiError {
        ApiError::not_found(
            codes::MGTKEY_NOT_FOUND,
            format!("해당 문서번호에 해당하는 현금영수증이 없습니다. ({mgt})"),
        )
    }

    fn store(st: &State) -> &Documents<Self> {
        &st.cashbills
    }

    fn store_mut(st: &mut State) -> &mut Documents<Self> {
        &mut st.cashbills
    }
}

impl Receipt {
    /// getDetailInfo: the Cashbill as stored plus the server-assigned fields.
    pub(crate) fn detail_json(&self) -> Value {
        let mut m = self.body.clone();
        let put = |m: &mut Map<String, Value>, k: &str, v: Option<&str>| {
            m.insert(
                k.to_owned(),
                v.map(|s| Value::String(s.to_owned()))
                    .unwrap_or(Value::Null),
            );
        };
        put(&mut m, "confirmNum", self.confirm_num.as_deref());
        put(&mut m, "tradeDate", self.trade_date());
        put(&mut m, "tradeDT", self.trade_dt.as_deref());
        Value::Object(m)
    }
}

fn invalid(msg: String) -> ApiError {
    ApiError::bad_request(codes::VALIDATION, format!("현금영수증 검증 오류: {msg}"))
}

fn state_error(what: &str, state: u16) -> ApiError {
    ApiError::conflict(
        codes::STATE,
        format!("현금영수증을 처리할 수 없는 상태입니다. ({what} is not allowed in state {state})"),
    )
}

/// An amount field: digits only, at most 9 (`None` when absent).
fn amount(m: &Map<String, Value>, k: &str) -> Option<u64> {
    text(m, k).and_then(|s| {
        (s.len() <= 9 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    })
}

/// Checks an amount field: the documented missing / negative codes, else VALIDATION.
fn check_amount(m: &Map<String, Value>, k: &str) -> ApiResult<u64> {
    use popbill_model::cashbill::error_code as ec;
    let (missing, negative) = match k {
        "serviceFee" => (ec::SERVICE_FEE_MISSING, ec::SERVICE_FEE_NEGATIVE),
        "supplyCost" => (ec::SUPPLY_COST_MISSING, ec::SUPPLY_COST_NEGATIVE),
        "tax" => (ec::TAX_MISSING, ec::TAX_NEGATIVE),
        _ => (ec::TOTAL_AMOUNT_MISSING, ec::TOTAL_AMOUNT_NEGATIVE),
    };
    let Some(s) = text(m, k) else {
        return Err(ApiError::bad_request(
            missing,
            format!("{k}: 금액이 입력되지 않았습니다. (is required)"),
        ));
    };
    if s.starts_with('-') {
        return Err(ApiError::bad_request(
            negative,
            format!("{k}: 음수는 입력할 수 없습니다. ({s})"),
        ));
    }
    amount(m, k).ok_or_else(|| invalid(format!("{k}: 1 to 9 digits expected, got {s:?}")))
}

fn check_code(
    m: &Map<String, Value>,
    k: &str,
    allowed: &[&str],
    missing: Option<i64>,
) -> ApiResult<()> {
    match (text(m, k), missing) {
        (None, Some(code)) => Err(ApiError::bad_request(
            code,
            format!("{k}: 입력되지 않았습니다. (is required)"),
        )),
        (None, None) => Ok(()),
        (Some(v), _) if allowed.contains(&v.as_str()) && m.get(k).is_some_and(Value::is_string) => {
            Ok(())
        }
        (Some(v), _) => Err(ApiError::bad_request(
            codes::INVALID_CODE,
            format!(
                "{k}: {v:?} is not one of {} (invalid code)",
                allowed.join(", ")
            ),
        )),
    }
}

/// Server-side checks of a Cashbill body (the caller is `corp`; "today" is the sandbox clock's
/// Korean date). Returns the NTS failure the content implies (TS1, TS4), if any.
pub(crate) fn check(
    m: &Map<String, Value>,
    env: &Env<'_>,
    corp: &str,
) -> ApiResult<Option<String>> {
    check_json_types(m, codes::VALIDATION)?;
    let mgt = text(m, "mgtKey")
        .ok_or_else(|| invalid("mgtKey: 문서번호가 입력되지 않았습니다. (is required)".into()))?;
    popbill_model::MgtKey::check(&mgt).map_err(|e| invalid(format!("mgtKey: {e}")))?;
    match text(m, "franchiseCorpNum") {
        None => {
            return Err(ApiError::bad_request(
                codes::CORP_NUM_MISSING,
                "franchiseCorpNum: 가맹점 사업자번호가 입력되지 않았습니다.",
            ));
        }
        Some(c) if c != corp => {
            return Err(ApiError::bad_request(
                codes::CORP_NUM_INVALID,
                format!("franchiseCorpNum: {c} is not the caller's business number {corp}"),
            ));
        }
        Some(_) => {}
    }
    check_code(
        m,
        "tradeType",
        &[APPROVAL, REVOCATION],
        Some(codes::TRADE_TYPE_MISSING),
    )?;
    check_code(
        m,
        "tradeUsage",
        &["소득공제용", "지출증빙용"],
        Some(codes::TRADE_USAGE_MISSING),
    )?;
    check_code(m, "tradeOpt", &["일반", "도서공연", "대중교통"], None)?;
    check_code(
        m,
        "taxationType",
        &["과세", "비과세"],
        Some(codes::VALIDATION),
    )?;
    let [supply, tax, fee, total] = [
        check_amount(m, "supplyCost")?,
        check_amount(m, "tax")?,
        check_amount(m, "serviceFee")?,
        check_amount(m, "totalAmount")?,
    ];
    if supply + tax + fee != total {
        return Err(invalid(format!(
            "totalAmount: {total} must equal supplyCost + tax + serviceFee = {}",
            supply + tax + fee
        )));
    }
    if total < 1 {
        return Err(invalid("totalAmount: must be at least 1".into()));
    }
    let id = text(m, "identityNum").ok_or_else(|| {
        ApiError::bad_request(
            codes::IDENTITY_MISSING,
            "identityNum: 식별번호가 입력되지 않았습니다.",
        )
    })?;
    if !id.bytes().all(|b| b.is_ascii_digit()) || !(10..=19).contains(&id.len()) {
        return Err(invalid(format!(
            "identityNum: 10 to 19 digits expected, got {id:?}"
        )));
    }
    if id == VOLUNTARY && text(m, "tradeUsage").as_deref() != Some("소득공제용") {
        return Err(invalid(format!(
            "identityNum: {VOLUNTARY} (자진발급) is for 소득공제용 only"
        )));
    }
    if let Some(dt) = text(m, "tradeDT") {
        let date = popbill_model::Date8::parse(dt.get(..8).unwrap_or(""))
            .ok()
            .filter(|_| dt.len() == 14 && dt.bytes().all(|b| b.is_ascii_digit()));
        let Some(date) = date else {
            return Err(invalid(format!(
                "tradeDT: yyyyMMddHHmmss expected, got {dt:?}"
            )));
        };
        if date > env.today || date < env.today.add_days(-1) {
            return Err(invalid(format!(
                "tradeDT: {dt} must be today or yesterday (KST)"
            )));
        }
    }
    match m.get("cancelType") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_i64().is_some_and(|n| (0..=3).contains(&n)) => {}
        Some(v) => {
            return Err(ApiError::bad_request(
                codes::INVALID_CODE,
                format!("cancelType: {v} is not one of 1, 2, 3 (invalid code)"),
            ));
        }
    }
    // Content the NTS refuses at filing: 11 digits not starting with 0, supplyCost < tax.
    let implied = if id.len() == 11 && !id.starts_with('0') {
        Some("TS1")
    } else if supply < tax {
        Some("TS4")
    } else {
        None
    };
    Ok(implied.map(str::to_owned))
}

/// The first NTS failure code in a text (`TS4` in a memo → filing fails with TS4).
fn nts_failure_in(t: Option<&str>) -> Option<String> {
    let t = t?.to_ascii_uppercase();
    NTS_FAILURES
        .iter()
        .filter_map(|(c, _)| t.find(c).map(|i| (i, *c)))
        .min()
        .map(|(_, c)| c.to_owned())
}

/// Answer of an issuance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Issued {
    pub confirm_num: String,
    pub trade_date: String,
    pub trade_dt: String,
}

impl State {
    /// registIssue / revokeRegistIssue / one bulk receipt: stored and issued at once, or
    /// nothing at all.
    pub(crate) fn cb_regist_issue(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        body: Map<String, Value>,
        memo: Option<String>,
        email_subject: Option<String>,
    ) -> ApiResult<Issued> {
        let item_key = self.cb_register(env, c, body)?;
        self.cb_issue(env, c, &item_key, memo, email_subject)
            .inspect_err(|_| self.cashbills.discard(&item_key))
    }

    /// Legacy register / revokeRegister: a draft (100). Returns its ItemKey.
    pub(crate) fn cb_register(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        body: Map<String, Value>,
    ) -> ApiResult<String> {
        let implied = check(&body, env, c.corp)?;
        let mgt = text(&body, "mgtKey").unwrap_or_default();
        if self.cashbills.holder(c.corp, None, &mgt).is_some() {
            return Err(ApiError::conflict(
                codes::MGTKEY_IN_USE,
                format!("이미 사용중인 문서번호입니다. ({mgt})"),
            ));
        }
        self.member(c.corp)?;
        let seq = self.next(|c| &mut c.item);
        let item_key = format!("0{}14{:09}", &env.dt()[2..8], seq % 1_000_000_000);
        let trigger = nts_failure_in(text(&body, "itemName").as_deref()).or(implied);
        self.cashbills.insert(
            Receipt {
                item_key: item_key.clone(),
                owner: c.corp.to_owned(),
                body,
                state: S_DRAFT,
                state_memo: None,
                state_ms: env.now_ms,
                reg_ms: env.now_ms,
                issue_ms: None,
                confirm_num: None,
                trade_dt: None,
                file_at: None,
                nts_send_ms: None,
                nts_result_ms: None,
                nts_result_code: None,
                fail_trigger: trigger,
                cancelled: [0; 4],
                printed: false,
                logs: Vec::new(),
            },
            env.now_ms,
        );
        self.log_doc::<Receipt>(&item_key, Some(c), env.now_ms, 100, "임시저장", None);
        Ok(item_key)
    }

    /// The original a revocation names: the caller's approval with this confirm number and
    /// trade date.
    fn cb_original(&self, corp: &str, confirm: &str, trade_date: &str) -> ApiResult<&Receipt> {
        self.cashbills
            .values()
            .find(|r| {
                r.owner == corp
                    && !r.is_revocation()
                    && r.confirm_num.as_deref() == Some(confirm)
                    && r.trade_date() == Some(trade_date)
            })
            .ok_or_else(|| {
                ApiError::not_found(
                    codes::ORG_NOT_FOUND,
                    format!("원본 현금영수증이 존재하지 않습니다. (orgConfirmNum {confirm}, orgTradeDate {trade_date})"),
                )
            })
    }

    /// Checks a cancel receipt against its original; returns the original's ItemKey and the
    /// amounts to book.
    fn cb_check_revocation(&self, body: &Map<String, Value>) -> ApiResult<(String, [u64; 4])> {
        let confirm = text(body, "orgConfirmNum").unwrap_or_default();
        let date = text(body, "orgTradeDate").unwrap_or_default();
        let corp = text(body, "franchiseCorpNum").unwrap_or_default();
        let org = self.cb_original(&corp, &confirm, &date)?;
        if org.field("franchiseCorpNum") != Some(corp.as_str()) {
            return Err(ApiError::bad_request(
                codes::ORG_CORP_MISMATCH,
                "가맹점 사업자번호가 원본 현금영수증과 다릅니다.",
            ));
        }
        if org.state != S_FILED {
            return Err(ApiError::bad_request(
                codes::ORG_NOT_FILED,
                format!(
                    "국세청 전송이 완료되지 않은 현금영수증은 취소할 수 없습니다. (original state {})",
                    org.state
                ),
            ));
        }
        let want = AMOUNTS.map(|k| amount(body, k).unwrap_or(0));
        let orig = org.amounts();
        for (i, k) in AMOUNTS.iter().enumerate() {
            let left = orig[i].saturating_sub(org.cancelled[i]);
            if want[i] > left {
                return Err(ApiError::bad_request(
                    codes::CANCEL_EXCEEDS,
                    format!(
                        "{k}: 취소금액({})이 원본의 남은 금액({left})을 초과합니다. (original {}, cancelled so far {})",
                        want[i], orig[i], org.cancelled[i]
                    ),
                ));
            }
        }
        if let (Some(t), Some(o)) = (text(body, "tradeDT"), org.trade_dt.as_deref()) {
            if t.as_str() < o {
                return Err(invalid(format!(
                    "tradeDT: {t} is earlier than the original's {o}"
                )));
            }
        }
        Ok((org.item_key.clone(), want))
    }

    /// Issues a draft: revocation checks, points, confirm number, filing schedule, mails.
    fn cb_issue(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        ik: &str,
        memo: Option<String>,
        email_subject: Option<String>,
    ) -> ApiResult<Issued> {
        let r = self.cashbills.get(ik).ok_or_else(|| {
            ApiError::not_found(codes::NOT_FOUND, "현금영수증이 존재하지 않습니다.")
        })?;
        let revocation = if r.is_revocation() {
            Some(self.cb_check_revocation(&r.body)?)
        } else {
            None
        };
        let trade_dt = r
            .field("tradeDT")
            .map(str::to_owned)
            .unwrap_or_else(|| env.dt());
        let mgt = r.mgt_key().map(str::to_owned);
        let email = r.field("email").map(str::to_owned);
        let sms_to = (r.body.get("smssendYN") == Some(&Value::Bool(true)))
            .then(|| r.field("hp").map(str::to_owned))
            .flatten();
        let name = r.field("franchiseCorpName").unwrap_or_default().to_owned();
        self.charge(env, c.corp, 140, env.cfg.cashbill_unit_cost, c.user_id)?;
        let seq = self.next(|c| &mut c.confirm);
        let confirm = format!("TB{:07}", seq % 10_000_000);
        let memo_trigger = nts_failure_in(memo.as_deref());
        if let Some(r) = self.cashbills.get_mut(ik) {
            r.issue_ms = Some(env.now_ms);
            r.confirm_num = Some(confirm.clone());
            r.trade_dt = Some(trade_dt.clone());
            r.state_memo = memo.clone();
            r.file_at = auto_filing_at(env);
            if memo_trigger.is_some() {
                r.fail_trigger = memo_trigger;
            }
        }
        self.cashbills.set_state(ik, S_ISSUED, env.now_ms, None);
        let what = if revocation.is_some() {
            "취소 발행"
        } else {
            "발행"
        };
        self.log_doc::<Receipt>(ik, Some(c), env.now_ms, 300, what, memo.as_deref());
        if let Some((org, amounts)) = revocation {
            if let Some(o) = self.cashbills.get_mut(&org) {
                for (i, a) in amounts.iter().enumerate() {
                    o.cancelled[i] += a;
                }
            }
            let text = format!("취소 현금영수증 발행: {confirm} ({} 원)", amounts[3]);
            self.log_doc::<Receipt>(&org, Some(c), env.now_ms, 310, &text, None);
        }
        self.cb_schedule(env, ik);
        if let Some(to) = email.filter(|_| self.email_enabled(c.corp, "CSH_ISSUE")) {
            let subject =
                email_subject.unwrap_or_else(|| format!("[{name}] 현금영수증이 발행되었습니다."));
            self.send(
                env,
                OutboxKind::Email,
                "CSH_ISSUE",
                c.corp,
                Some((ik, mgt.as_deref())),
                None,
                to,
                Some(subject),
                None,
            );
        }
        if let Some(hp) = sms_to {
            self.send(
                env,
                OutboxKind::Sms,
                "CSH_ISSUE_SMS",
                c.corp,
                Some((ik, mgt.as_deref())),
                None,
                hp,
                None,
                Some(format!("[{name}] 현금영수증 {confirm} 발행")),
            );
        }
        Ok(Issued {
            confirm_num: confirm,
            trade_date: trade_dt[..8].to_owned(),
            trade_dt,
        })
    }

    /// The cancel receipt a RevokeRequest describes, built from the original (full cancel:
    /// whatever is left of it).
    pub(crate) fn cb_revocation_body(
        &self,
        c: &Caller<'_>,
        req: &Map<String, Value>,
    ) -> ApiResult<Map<String, Value>> {
        let confirm = text(req, "orgConfirmNum")
            .ok_or_else(|| invalid("orgConfirmNum: 원본 승인번호가 입력되지 않았습니다.".into()))?;
        let date = text(req, "orgTradeDate")
            .ok_or_else(|| invalid("orgTradeDate: 원본 거래일자가 입력되지 않았습니다.".into()))?;
        let org = self.cb_original(c.corp, &confirm, &date)?;
        let mut body = org.body.clone();
        for k in ["confirmNum", "tradeDate", "tradeDT", "memo", "emailSubject"] {
            body.remove(k);
        }
        let part = matches!(req.get("isPartCancel"), Some(Value::Bool(true)));
        if part {
            for k in AMOUNTS {
                body.insert(k.into(), req.get(k).cloned().unwrap_or(Value::Null));
            }
        } else {
            let orig = org.amounts();
            if orig[3] <= org.cancelled[3] {
                return Err(ApiError::bad_request(
                    codes::CANCEL_EXCEEDS,
                    format!(
                        "이미 전액 취소된 현금영수증입니다. (original {}, cancelled {})",
                        orig[3], org.cancelled[3]
                    ),
                ));
            }
            for (i, k) in AMOUNTS.iter().enumerate() {
                let left = orig[i].saturating_sub(org.cancelled[i]);
                body.insert((*k).into(), Value::String(left.to_string()));
            }
        }
        let copy = |body: &mut Map<String, Value>, k: &str| match req.get(k) {
            Some(v) if !v.is_null() => {
                body.insert(k.into(), v.clone());
            }
            _ => {
                body.remove(k);
            }
        };
        copy(&mut body, "mgtKey");
        copy(&mut body, "tradeDT");
        copy(&mut body, "smssendYN");
        body.insert("tradeType".into(), Value::String(REVOCATION.into()));
        body.insert("orgConfirmNum".into(), Value::String(confirm));
        body.insert("orgTradeDate".into(), Value::String(date));
        let cancel_type = match req.get("cancelType") {
            Some(v) if v.as_i64().is_some_and(|n| n != 0) => v.clone(),
            _ => Value::from(1),
        };
        body.insert("cancelType".into(), cancel_type);
        Ok(body)
    }

    /// update (PATCH) of a draft.
    pub(crate) fn cb_update(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        mgt: &str,
        mut body: Map<String, Value>,
    ) -> ApiResult<()> {
        let ik = self.cashbills.find_key(c.corp, None, mgt)?;
        let state = self.cashbills.get(&ik).map(|r| r.state).unwrap_or_default();
        if state != S_DRAFT {
            return Err(state_error("update", state));
        }
        if text(&body, "mgtKey").is_some_and(|m| m != mgt) {
            return Err(invalid(
                "mgtKey: 수정으로 문서번호를 바꿀 수 없습니다.".into(),
            ));
        }
        body.insert("mgtKey".into(), Value::String(mgt.to_owned()));
        let implied = check(&body, env, c.corp)?;
        let trigger = nts_failure_in(text(&body, "itemName").as_deref()).or(implied);
        if let Some(r) = self.cashbills.get_mut(&ik) {
            r.body = body;
            r.state_ms = env.now_ms;
            r.fail_trigger = trigger;
        }
        self.log_doc::<Receipt>(&ik, Some(c), env.now_ms, 101, "수정", None);
        Ok(())
    }

    /// Legacy issue of a draft.
    pub(crate) fn cb_issue_draft(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        mgt: &str,
        memo: Option<String>,
        email_subject: Option<String>,
    ) -> ApiResult<Issued> {
        let ik = self.cashbills.find_key(c.corp, None, mgt)?;
        let r = self
            .cashbills
            .get(&ik)
            .ok_or_else(|| Receipt::not_found(None, mgt))?;
        if r.state != S_DRAFT {
            return Err(state_error("issue", r.state));
        }
        check(&r.body, env, c.corp)?;
        self.cb_issue(env, c, &ik, memo, email_subject)
    }

    /// Legacy cancelIssue (issued, not filed yet → 400) and delete (100, 400, 305 → removed).
    pub(crate) fn cb_cancel_or_delete(
        &mut self,
        env: &Env<'_>,
        c: &Caller<'_>,
        mgt: &str,
        delete: bool,
        memo: Option<&str>,
    ) -> ApiResult<()> {
        let ik = self.cashbills.find_key(c.corp, None, mgt)?;
        let r = self
            .cashbills
            .get(&ik)
            .ok_or_else(|| Receipt::not_found(None, mgt))?;
        let state = r.state;
        let email = r.field("email").map(str::to_owned);
        if delete {
            if ![S_DRAFT, S_CANCELLED, S_FILING_FAILED].contains(&state) {
                return Err(state_error("delete (states 100, 400, 305)", state));
            }
            self.cashbills.remove(&ik, env.now_ms);
            return Ok(());
        }
        if state != S_ISSUED {
            return Err(state_error(
                "cancelIssue (issued, not yet filed: 300)",
                state,
            ));
        }
        if let Some(r) = self.cashbills.get_mut(&ik) {
            r.file_at = None;
        }
        self.cashbills.set_state(&ik, S_CANCELLED, env.now_ms, memo);
        self.log_doc::<Receipt>(&ik, Some(c), env.now_ms, 400, "발행취소", memo);
        if let Some(to) = email.filter(|_| self.email_enabled(c.corp, "CSH_CANCEL")) {
            self.send(
                env,
                OutboxKind::Email,
                "CSH_CANCEL",
                c.corp,
                Some((&ik, Some(mgt))),
                None,
                to,
                Some("현금영수증 발행이 취소되었습니다.".into()),
                None,
            );
        }
        Ok(())
    }

    /// Queues a receipt's filing result.
    pub(crate) fn cb_schedule(&mut self, env: &Env<'_>, ik: &str) {
        let step = filing_step(env);
        if let Some(due) = self.cashbills.get(ik).and_then(|r| r.due_at(step)) {
            self.doc_timers.add(due, (DocKind::Cashbill, ik.to_owned()));
        }
    }

    /// Files a receipt whose result is due at `due` (stale entries are ignored): 300 → 304, or
    /// 305 with the requested NTS failure code.
    pub(crate) fn cb_file(&mut self, env: &Env<'_>, ik: &str, due: i64) {
        let step = filing_step(env);
        let Some(r) = self.cashbills.get(ik) else {
            return;
        };
        if r.due_at(step) != Some(due) {
            return;
        }
        let sent = r.file_at.unwrap_or(due);
        let fail = r.fail_trigger.clone();
        let next = if fail.is_some() {
            S_FILING_FAILED
        } else {
            S_FILED
        };
        if let Some(r) = self.cashbills.get_mut(ik) {
            r.nts_send_ms = Some(sent);
            r.nts_result_ms = Some(due);
            r.nts_result_code = Some(fail.clone().unwrap_or_else(|| "0000".into()));
        }
        self.cashbills.set_state(ik, next, due, None);
        let log = match &fail {
            Some(code) => format!("국세청 전송실패 ({code})"),
            None => "국세청 전송완료".to_owned(),
        };
        self.log_doc::<Receipt>(ik, None, due, next, &log, None);
    }

    /// Puts every receipt waiting for its filing result back in the queue (after loading).
    pub(crate) fn cb_rebuild_queue(&mut self, filing_step_ms: i64) {
        let due: Vec<(i64, String)> = self
            .cashbills
            .values()
            .filter_map(|r| {
                r.due_at(filing_step_ms.max(1))
                    .map(|t| (t, r.item_key.clone()))
            })
            .collect();
        for (t, ik) in due {
            self.doc_timers.add(t, (DocKind::Cashbill, ik));
        }
    }

    /// Marks a receipt printed (print views).
    pub(crate) fn cb_mark_printed(&mut self, ik: &str) {
        if let Some(r) = self.cashbills.get_mut(ik) {
            r.printed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_trigger_in_text() {
        assert_eq!(nts_failure_in(Some("please ts4")), Some("TS4".into()));
        assert_eq!(nts_failure_in(Some("TS7 then TS1")), Some("TS7".into()));
        assert_eq!(nts_failure_in(Some("TS5")), None);
        assert_eq!(nts_failure_in(None), None);
    }
}

//! sendEmail / sendSMS / sendFAX (recorded in the outbox, SMS and fax charged) and the
//! per-member email configuration (listEmailConfig / updateEmailConfig).

use serde_json::json;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::outbox::OutboxKind;
use crate::routes::taxinvoice::svc;
use crate::state::invoice::KeyType;
use crate::state::{Table, docs::Caller};

/// Every email type (taxinvoice.md §5.8).
pub(crate) const EMAIL_TYPES: [&str; 23] = [
    "TAX_ISSUE",
    "TAX_ISSUE_INVOICER",
    "TAX_CHECK",
    "TAX_CANCEL_ISSUE",
    "TAX_SEND",
    "TAX_ACCEPT",
    "TAX_ACCEPT_ISSUE",
    "TAX_DENY",
    "TAX_CANCEL_SEND",
    "TAX_REQUEST",
    "TAX_CANCEL_REQUEST",
    "TAX_REFUSE",
    "TAX_REVERSE_ISSUE",
    "TAX_TRUST_ISSUE",
    "TAX_TRUST_ISSUE_TRUSTEE",
    "TAX_TRUST_ISSUE_INVOICER",
    "TAX_TRUST_CANCEL_ISSUE",
    "TAX_TRUST_CANCEL_ISSUE_INVOICER",
    "TAX_CLOSEDOWN",
    "TAX_NTSFAIL_INVOICER",
    "TAX_SEND_INFO",
    "ETC_CERT_EXPIRATION",
    "TAX_TRUST_SEND",
];

/// SMS contents are cut to 90 bytes, Korean characters counting 2 (EUC-KR style).
fn truncate_sms(s: &str) -> String {
    let mut n = 0;
    s.chars()
        .take_while(|c| {
            n += if c.is_ascii() { 1 } else { 2 };
            n <= 90
        })
        .collect()
}

/// `POST /Taxinvoice/{KeyType}/{MgtKey}` + EMAIL / SMS / FAX.
pub(crate) fn send(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let receiver = field(&m, "receiver").ok_or_else(|| {
        ApiError::bad_request(
            codes::FORM_INVALID,
            "receiver: 수신자가 입력되지 않았습니다.",
        )
    })?;
    let sender = field(&m, "sender");
    let contents = field(&m, "contents");
    let verb = req.verb.clone();
    svc(app, req, ctx, |st, env, c: &Caller<'_>| {
        let ik = st.doc_item(c.corp, key, mgt)?;
        let (kind, reason, log_type, log, cost, item_code) = match verb.as_str() {
            "EMAIL" => (OutboxKind::Email, "sendEmail", 111, "메일 재전송", 0, 0),
            "SMS" => (
                OutboxKind::Sms,
                "sendSMS",
                112,
                "문자 재전송",
                env.cfg.sms_cost,
                150,
            ),
            _ => (
                OutboxKind::Fax,
                "sendFAX",
                113,
                "팩스 재전송",
                env.cfg.fax_cost,
                160,
            ),
        };
        if kind != OutboxKind::Email && sender.is_none() {
            return Err(ApiError::bad_request(
                codes::FORM_INVALID,
                "sender: 발신번호가 입력되지 않았습니다.",
            ));
        }
        if cost > 0 {
            st.charge(env, c.corp, item_code, cost, c.user_id)?;
        }
        let subject = (kind == OutboxKind::Email).then(|| {
            st.docs
                .get(&ik)
                .and_then(|d| d.field("invoicerCorpName"))
                .map(|n| format!("{n} 전자세금계산서"))
                .unwrap_or_else(|| "전자세금계산서".into())
        });
        let contents = match kind {
            OutboxKind::Sms => Some(truncate_sms(contents.as_deref().unwrap_or(""))),
            _ => None,
        };
        st.send(
            env,
            kind,
            reason,
            c.corp,
            Some((&ik, Some(mgt))),
            sender.clone(),
            receiver.clone(),
            subject,
            contents,
        );
        if let Some(d) = st.docs.get_mut(&ik) {
            d.logs.push(crate::state::invoice::LogRec {
                doc_log_type: log_type,
                log: format!("{log}: {receiver}"),
                proc_type: "연동".into(),
                proc_corp_name: String::new(),
                proc_contact_name: String::new(),
                proc_memo: String::new(),
                reg_ms: env.now_ms,
                ip: c.ip.to_owned(),
            });
        }
        st.touch(Table::Doc, &ik);
        Ok(Reply::ok("전송 완료"))
    })
}

/// `GET /Taxinvoice/EmailSendConfig`.
pub(crate) fn list_email_config(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    svc(app, req, ctx, |st, _, c| {
        let list: Vec<_> = EMAIL_TYPES
            .iter()
            .map(|t| json!({"emailType": t, "sendYN": st.email_enabled(c.corp, t)}))
            .collect();
        Ok(Reply::json(&list))
    })
}

/// `POST /Taxinvoice/EmailSendConfig?EmailType=..&SendYN=..` (SendYN `true`/`True`/`1`).
pub(crate) fn update_email_config(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let q = req.q()?;
    let ty = q.require("EmailType")?.to_ascii_uppercase();
    if !EMAIL_TYPES.contains(&ty.as_str()) {
        return Err(ApiError::bad_request(
            codes::BAD_QUERY,
            format!("EmailType {ty:?} is not a known email type"),
        ));
    }
    let yn = q.boolean("SendYN")?.ok_or_else(|| {
        ApiError::bad_request(codes::BAD_QUERY, "query parameter SendYN is required")
    })?;
    svc(app, req, ctx, |st, _, c| {
        st.member_mut(c.corp)?.email_config.insert(ty, yn);
        Ok(Reply::ok("설정 완료"))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sms_is_cut_at_90_bytes() {
        let korean = "가".repeat(50);
        assert_eq!(super::truncate_sms(&korean).chars().count(), 45);
        assert_eq!(super::truncate_sms("abc"), "abc");
        let mixed = format!("{}{}", "a".repeat(89), "가");
        assert_eq!(super::truncate_sms(&mixed), "a".repeat(89));
    }
}

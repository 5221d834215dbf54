//! sendEmail / sendSMS / sendFAX of any document service (recorded in the outbox; SMS and fax
//! charged) and the per-member email configuration (listEmailConfig / updateEmailConfig).

use serde_json::json;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field};
use crate::http::{Reply, Req};
use crate::outbox::OutboxKind;
use crate::routes::document::ServiceSpec;
use crate::routes::with_caller;
use crate::state::store::{Document, Side};

/// SMS contents are cut to 90 bytes, Korean characters counting 2 (EUC-KR style).
pub(crate) fn truncate_sms(s: &str) -> String {
    let mut n = 0;
    s.chars()
        .take_while(|c| {
            n += if c.is_ascii() { 1 } else { 2 };
            n <= 90
        })
        .collect()
}

/// `POST /{Service}/.../{MgtKey}` + EMAIL / SMS / FAX.
pub(crate) fn send<D: Document>(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
    side: Side,
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
    with_caller(app, req, ctx, spec.scope, |st, env, c| {
        let doc = D::store(st).find(c.corp, side, mgt)?;
        let ik = doc.item_key().to_owned();
        let issuer = doc.text(spec.issuer_name_field).map(str::to_owned);
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
        let subject = (kind == OutboxKind::Email).then(|| match issuer {
            Some(n) => format!("{n} {}", spec.subject),
            None => spec.subject.to_owned(),
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
        st.log_doc::<D>(
            &ik,
            Some(c),
            env.now_ms,
            log_type,
            &format!("{log}: {receiver}"),
            None,
        );
        Ok(Reply::ok("전송 완료"))
    })
}

/// `GET /{Service}/EmailSendConfig`.
pub(crate) fn list_email_config(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, spec.scope, |st, _, c| {
        let list: Vec<_> = spec
            .email_types
            .iter()
            .map(|t| json!({"emailType": t, "sendYN": st.email_enabled(c.corp, t)}))
            .collect();
        Ok(Reply::json(&list))
    })
}

/// `POST /{Service}/EmailSendConfig?EmailType=..&SendYN=..` (SendYN `true`/`True`/`1`).
pub(crate) fn update_email_config(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    spec: &ServiceSpec,
) -> ApiResult<Reply> {
    let q = req.q()?;
    let ty = q.require("EmailType")?.to_ascii_uppercase();
    if !spec.email_types.contains(&ty.as_str()) {
        return Err(ApiError::bad_request(
            codes::BAD_QUERY,
            format!("EmailType {ty:?} is not a known email type"),
        ));
    }
    let yn = q.boolean("SendYN")?.ok_or_else(|| {
        ApiError::bad_request(codes::BAD_QUERY, "query parameter SendYN is required")
    })?;
    with_caller(app, req, ctx, spec.scope, |st, _, c| {
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

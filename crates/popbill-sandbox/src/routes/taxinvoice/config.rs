//! Taxinvoice's own configuration and certificate endpoints (getUnitCost and getChargeInfo
//! are shared: [`crate::routes::document::config`]): getCertificateExpireDate, checkCertValidation, getTaxCertInfo, registTaxCert(PFX),
//! getSendToNTSConfig, getEmailPublicKeys. The sandbox has a virtual certificate for every
//! member, valid for one year from the current sandbox time.

use serde_json::json;

use crate::app::{App, Ctx};
use crate::clock::dt14_kst;
use crate::config::NtsDelay;
use crate::error::ApiResult;
use crate::http::{Reply, Req};
use crate::routes::taxinvoice::authed;

const YEAR_MS: i64 = 365 * 86_400_000;

/// `GET /Taxinvoice?cfg=CERT`.
pub(crate) fn cert_expiration(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    authed(app, req, ctx, |_, env, _| {
        Ok(Reply::json(&json!({
            "certificateExpiration": dt14_kst(env.now_ms + YEAR_MS),
        })))
    })
}

/// `GET /Taxinvoice/CertCheck`.
pub(crate) fn cert_check(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    authed(app, req, ctx, |_, _, _| {
        Ok(Reply::ok("인증서 확인 완료 (sandbox certificate)"))
    })
}

/// `GET /Taxinvoice/Certificate`.
pub(crate) fn cert_info(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    authed(app, req, ctx, |st, env, c| {
        let m = st.member(c.corp)?;
        let admin = m.contacts.iter().find(|c| c.mgr_yn);
        Ok(Reply::json(&json!({
            "regDT": dt14_kst(m.joined_ms),
            "expireDT": dt14_kst(env.now_ms + YEAR_MS),
            "issuerDN": "cn=SandboxCA,ou=popbill-sandbox,o=popbill-rs,c=KR",
            "subjectDN": format!("cn={}({}),ou=popbill-sandbox,c=KR", m.corp_info.corp_name, c.corp),
            "issuerName": "popbill-sandbox",
            "oid": "1.2.410.200005.1.1.5",
            "regContactName": admin.map(|a| a.person_name.clone()).unwrap_or_default(),
            "regContactID": admin.map(|a| a.id.clone()).unwrap_or_default(),
        })))
    })
}

/// `POST /Taxinvoice/Certificate` and `/CertificatePFX` (Java only): accepted, not inspected.
pub(crate) fn regist_cert(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    crate::http::json::object(req)?;
    authed(app, req, ctx, |_, _, _| Ok(Reply::ok("인증서 등록 완료")))
}

/// `GET /Taxinvoice/SendToNTSConfig`: true when the sandbox files at issuance (`--nts-delay 0`).
pub(crate) fn send_to_nts_config(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    authed(app, req, ctx, |_, env, _| {
        let immediate = env.cfg.nts_delay == NtsDelay::After(std::time::Duration::ZERO);
        Ok(Reply::json(&json!({ "sendToNTS": immediate })))
    })
}

/// `GET /Taxinvoice/EmailPublicKeys`.
pub(crate) fn email_public_keys(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    authed(app, req, ctx, |_, _, _| {
        Ok(Reply::json(&json!([
            {"confirmNum": "100001", "email": "sandbox-asp1@popbill-sandbox.invalid"},
            {"confirmNum": "100002", "email": "sandbox-asp2@popbill-sandbox.invalid"},
        ])))
    })
}

//! Taxinvoice API seen from the server. Every route needs a bearer token
//! with scope `110` bound to the member's CorpNum; `x-pb-userid` is optional.
//!
//! | path (after `/Taxinvoice`) | verb | operation | file |
//! |---|---|---|---|
//! | `` | POST | register | [`lifecycle`] |
//! | `` | ISSUE / REQUEST / BULKISSUE | registIssue / registRequest / bulkSubmit | [`lifecycle`], [`bulk`] |
//! | `` | GET `?TG=` / `?cfg=UNITCOST` / `?cfg=CERT` | getURL / getUnitCost / getCertificateExpireDate | [`urls`], [`doc_config`](document::config), [`config`] |
//! | `/{KeyType}/{MgtKey}` | GET [`?Detail`, `?XML`, `?PDF`, `?TG=`] | getInfo, getDetailInfo, getXML, getPDF, URL getters | [`info`], [`urls`] |
//! | `/{KeyType}/{MgtKey}` | PATCH, ISSUE, CANCELISSUE, DELETE, NTS, REQUEST, CANCELREQUEST, REFUSE, SEND, CANCELSEND, ACCEPT, DENY | life cycle | [`lifecycle`] |
//! | `/{KeyType}/{MgtKey}` | EMAIL, SMS, FAX | sendEmail / sendSMS / sendFAX | [`notify`] |
//! | `/{KeyType}` | GET | search | [`info`] |
//! | `/{KeyType}` | POST [`?Print`] | getInfos / getMassPrintURL | [`doc_info`], [`urls`] |
//! | `/{KeyType}/{MgtKey}/Logs` | GET | getLogs | [`doc_info`] |
//! | `/{KeyType}/{MgtKey}/Files[/{FileID}]` | GET / POST / DELETE | getFiles / attachFile / deleteFile | [`files`] |
//! | `/{KeyType}/{MgtKey}/AttachStmt`, `/DetachStmt` | POST | attach/detachStatement | [`files`] |
//! | `/{ItemKey}?Detail` | GET | getDetailInfoByItemKey | [`info`] |
//! | `/{ItemKey}/{KeyType}` | POST (form `MgtKey=`) | assignMgtKey | [`lifecycle`] |
//! | `/BULK/{SubmitID}/State` | GET | getBulkResult | [`bulk`] |
//! | `/EmailSendConfig` | GET / POST | listEmailConfig / updateEmailConfig | [`notify`] |
//! | `/ChargeInfo` | GET | getChargeInfo | [`doc_config`](document::config) |
//! | `/SendToNTSConfig`, `/CertCheck`, `/Certificate`, `/CertificatePFX`, `/EmailPublicKeys` | | configuration | [`config`] |

pub(crate) mod config;
pub(crate) mod files;
pub(crate) mod info;
pub(crate) mod lifecycle;

use crate::app::{App, Ctx};
use crate::error::{ApiResult, codes};
use crate::http::{Reply, Req};
use crate::routes::document::{
    self, Handler, ServiceSpec, SpecCodes, bulk, info as doc_info, is_item_key, named, notify, urls,
};
use crate::routes::{bad_verb, unknown_route, with_caller};
use crate::state::docs::Caller;
use crate::state::invoice::{Doc, KeyType};
use crate::state::{Env, State};

/// Every email type.
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

/// The Taxinvoice service on the shared document routes.
pub(crate) static TAXINVOICE: ServiceSpec = ServiceSpec {
    kind: crate::state::store::DocKind::Taxinvoice,
    prefix: "Taxinvoice",
    scope: "110",
    email_types: &EMAIL_TYPES,
    subject: "전자세금계산서",
    issuer_name_field: "invoicerCorpName",
    doc_tgs: &[
        ("POPUP", true),
        ("VIEW", true),
        ("PRINT", true),
        ("PRINTOLD", true),
        ("EPRINT", true),
        ("MAIL", false),
        ("PDF", true),
    ],
    boxes: &["TBOX", "SWBOX", "SBOX", "PWBOX", "PBOX", "WRITE"],
    unit_cost: crate::config::Config::unit_cost,
    bulk_list: "invoices",
    codes: SpecCodes {
        validation: codes::TI_VALIDATION,
        submit_id: codes::TI_SUBMIT_ID,
        digest: codes::TI_DIGEST,
    },
};

/// Runs `f` for an authenticated Taxinvoice caller (scope 110).
pub(crate) fn authed(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    f: impl FnOnce(&mut State, &Env<'_>, &Caller<'_>) -> ApiResult<Reply>,
) -> ApiResult<Reply> {
    with_caller(app, req, ctx, TAXINVOICE.scope, f)
}

/// Error code of a wrong-sized key list (getInfos, getMassPrintURL).
const INVALID: i64 = codes::TI_VALIDATION;

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let segs = document::segments(req);
    let own_cfg: [(&str, Handler); 1] = [("CERT", config::cert_expiration)];
    if let Some(reply) = document::shared_route(app, req, ctx, &TAXINVOICE, &segs, &own_cfg) {
        return reply;
    }
    let get = req.is_get();
    let verb = req.verb.as_str();
    match segs.as_slice() {
        [] => match verb {
            "POST" => lifecycle::register(app, req, ctx),
            "ISSUE" => lifecycle::regist_issue(app, req, ctx),
            "REQUEST" => lifecycle::regist_request(app, req, ctx),
            "BULKISSUE" => bulk::submit(app, req, ctx, &TAXINVOICE),
            _ => Err(bad_verb(req)),
        },
        [s] if named(s, "SendToNTSConfig") && get => config::send_to_nts_config(app, req, ctx),
        [s] if named(s, "CertCheck") && get => config::cert_check(app, req, ctx),
        [s] if named(s, "Certificate") && get => config::cert_info(app, req, ctx),
        [s] if (named(s, "Certificate") || named(s, "CertificatePFX")) && verb == "POST" => {
            config::regist_cert(app, req, ctx)
        }
        [s] if named(s, "EmailPublicKeys") && get => config::email_public_keys(app, req, ctx),
        [k] if KeyType::parse(k).is_some() => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            match verb {
                "GET" | "HEAD" => info::search(app, req, ctx, key),
                "POST" if req.q()?.flag("Print") => {
                    urls::mass_print::<Doc>(app, req, ctx, &TAXINVOICE, Some(key), INVALID)
                }
                "POST" => {
                    doc_info::get_infos::<Doc>(app, req, ctx, &TAXINVOICE, Some(key), INVALID)
                }
                _ => Err(bad_verb(req)),
            }
        }
        [ik] if is_item_key(ik) && get => info::detail_by_item_key(app, req, ctx, ik),
        [ik, k] if is_item_key(ik) && KeyType::parse(k).is_some() => {
            if req.method != http::Method::POST {
                return Err(bad_verb(req));
            }
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            lifecycle::assign_mgt_key(app, req, ctx, ik, key)
        }
        [k, mgt] if KeyType::parse(k).is_some() => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            if get {
                if let Some(tg) = req.q()?.get("TG") {
                    let tg = tg.to_ascii_uppercase();
                    return urls::doc_url::<Doc>(app, req, ctx, &TAXINVOICE, Some(key), mgt, &tg);
                }
                return info::get_doc(app, req, ctx, key, mgt);
            }
            match verb {
                "EMAIL" | "SMS" | "FAX" => {
                    notify::send::<Doc>(app, req, ctx, &TAXINVOICE, Some(key), mgt)
                }
                _ => lifecycle::verb(app, req, ctx, key, mgt),
            }
        }
        [k, mgt, sub] if KeyType::parse(k).is_some() => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            match (sub.to_ascii_lowercase().as_str(), verb) {
                ("logs", "GET") => {
                    doc_info::logs::<Doc>(app, req, ctx, &TAXINVOICE, Some(key), mgt)
                }
                ("files", "GET") => files::list(app, req, ctx, key, mgt),
                ("files", "POST") => files::attach(app, req, ctx, key, mgt),
                ("attachstmt", "POST") => files::statement(app, req, ctx, key, mgt, true),
                ("detachstmt", "POST") => files::statement(app, req, ctx, key, mgt, false),
                ("logs" | "files" | "attachstmt" | "detachstmt", _) => Err(bad_verb(req)),
                _ => Err(unknown_route(req)),
            }
        }
        [k, mgt, sub, file_id] if KeyType::parse(k).is_some() && named(sub, "Files") => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            if verb != "DELETE" {
                return Err(bad_verb(req));
            }
            files::delete(app, req, ctx, key, mgt, file_id)
        }
        _ => Err(unknown_route(req)),
    }
}

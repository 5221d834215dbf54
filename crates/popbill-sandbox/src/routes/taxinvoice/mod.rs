//! Taxinvoice API (taxinvoice.md §2) seen from the server. Every route needs a bearer token
//! with scope `110` bound to the member's CorpNum; `x-pb-userid` is optional.
//!
//! | path (after `/Taxinvoice`) | verb | operation | file |
//! |---|---|---|---|
//! | `` | POST | register | [`lifecycle`] |
//! | `` | ISSUE / REQUEST / BULKISSUE | registIssue / registRequest / bulkSubmit | [`lifecycle`] |
//! | `` | GET `?TG=` / `?cfg=UNITCOST` / `?cfg=CERT` | getURL / getUnitCost / getCertificateExpireDate | [`info`], [`config`] |
//! | `/{KeyType}/{MgtKey}` | GET [`?Detail`, `?XML`, `?PDF`, `?TG=`] | getInfo, getDetailInfo, getXML, getPDF, URL getters | [`info`] |
//! | `/{KeyType}/{MgtKey}` | PATCH, ISSUE, CANCELISSUE, DELETE, NTS, REQUEST, CANCELREQUEST, REFUSE, SEND, CANCELSEND, ACCEPT, DENY | life cycle | [`lifecycle`] |
//! | `/{KeyType}/{MgtKey}` | EMAIL, SMS, FAX | sendEmail / sendSMS / sendFAX | [`notify`] |
//! | `/{KeyType}` | GET | search | [`info`] |
//! | `/{KeyType}` | POST [`?Print`] | getInfos / getMassPrintURL | [`info`] |
//! | `/{KeyType}/{MgtKey}/Logs` | GET | getLogs | [`info`] |
//! | `/{KeyType}/{MgtKey}/Files[/{FileID}]` | GET / POST / DELETE | getFiles / attachFile / deleteFile | [`files`] |
//! | `/{KeyType}/{MgtKey}/AttachStmt`, `/DetachStmt` | POST | attach/detachStatement | [`files`] |
//! | `/{ItemKey}?Detail` | GET | getDetailInfoByItemKey | [`info`] |
//! | `/{ItemKey}/{KeyType}` | POST (form `MgtKey=`) | assignMgtKey | [`lifecycle`] |
//! | `/BULK/{SubmitID}/State` | GET | getBulkResult | [`lifecycle`] |
//! | `/EmailSendConfig` | GET / POST | listEmailConfig / updateEmailConfig | [`notify`] |
//! | `/ChargeInfo`, `/SendToNTSConfig`, `/CertCheck`, `/Certificate`, `/CertificatePFX`, `/EmailPublicKeys` | | configuration | [`config`] |

pub(crate) mod config;
pub(crate) mod files;
pub(crate) mod info;
pub(crate) mod lifecycle;
pub(crate) mod notify;

use crate::app::{App, Ctx};
use crate::auth;
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req};
use crate::routes::{bad_verb, unknown_route};
use crate::state::docs::Caller;
use crate::state::invoice::KeyType;
use crate::state::{Env, State};

/// Runs `f` for an authenticated Taxinvoice caller (scope 110).
pub(crate) fn svc(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    f: impl FnOnce(&mut State, &Env<'_>, &Caller<'_>) -> ApiResult<Reply>,
) -> ApiResult<Reply> {
    app.with(ctx, |st, env| {
        let (_, corp) = auth::member_token(st, env, req, "110")?;
        st.member(&corp)?;
        let user = req.user_id();
        if user.as_deref().is_some_and(|u| u.chars().count() > 50) {
            return Err(ApiError::bad_request(
                codes::FORM_INVALID,
                "x-pb-userid는 최대 50자입니다.",
            ));
        }
        let ip = req.peer.ip().to_string();
        let c = Caller {
            corp: &corp,
            user_id: user.as_deref(),
            ip: &ip,
        };
        f(st, env, &c)
    })
}

fn is_item_key(s: &str) -> bool {
    s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    let segs: Vec<&str> = req.segments.iter().skip(1).map(String::as_str).collect();
    let get = req.is_get();
    let verb = req.verb.as_str();
    let named = |s: &str, n: &str| s.eq_ignore_ascii_case(n);
    match segs.as_slice() {
        [] if get => {
            let q = req.q()?;
            if q.get("TG").is_some() {
                info::get_url(app, req, ctx)
            } else {
                match q.get("cfg").map(str::to_ascii_uppercase).as_deref() {
                    Some("UNITCOST") => config::unit_cost(app, req, ctx),
                    Some("CERT") => config::cert_expiration(app, req, ctx),
                    _ => Err(ApiError::bad_request(
                        codes::BAD_QUERY,
                        "GET /Taxinvoice needs TG= or cfg=UNITCOST|CERT",
                    )),
                }
            }
        }
        [] => match verb {
            "POST" => lifecycle::register(app, req, ctx),
            "ISSUE" => lifecycle::regist_issue(app, req, ctx),
            "REQUEST" => lifecycle::regist_request(app, req, ctx),
            "BULKISSUE" => lifecycle::bulk_submit(app, req, ctx),
            _ => Err(bad_verb(req)),
        },
        [s] if named(s, "ChargeInfo") && get => config::charge_info(app, req, ctx),
        [s] if named(s, "SendToNTSConfig") && get => config::send_to_nts_config(app, req, ctx),
        [s] if named(s, "CertCheck") && get => config::cert_check(app, req, ctx),
        [s] if named(s, "Certificate") && get => config::cert_info(app, req, ctx),
        [s] if (named(s, "Certificate") || named(s, "CertificatePFX")) && verb == "POST" => {
            config::regist_cert(app, req, ctx)
        }
        [s] if named(s, "EmailPublicKeys") && get => config::email_public_keys(app, req, ctx),
        [s] if named(s, "EmailSendConfig") && get => notify::list_email_config(app, req, ctx),
        [s] if named(s, "EmailSendConfig") && verb == "POST" => {
            notify::update_email_config(app, req, ctx)
        }
        [s, id, st] if named(s, "BULK") && named(st, "State") && get => {
            lifecycle::bulk_result(app, req, ctx, id)
        }
        [k] if KeyType::parse(k).is_some() => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            match verb {
                "GET" | "HEAD" => info::search(app, req, ctx, key),
                "POST" if req.q()?.flag("Print") => info::mass_print_url(app, req, ctx, key),
                "POST" => info::get_infos(app, req, ctx, key),
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
                return info::get_doc(app, req, ctx, key, mgt);
            }
            match verb {
                "EMAIL" | "SMS" | "FAX" => notify::send(app, req, ctx, key, mgt),
                _ => lifecycle::verb(app, req, ctx, key, mgt),
            }
        }
        [k, mgt, sub] if KeyType::parse(k).is_some() => {
            let key = KeyType::parse(k).unwrap_or(KeyType::Sell);
            match (sub.to_ascii_lowercase().as_str(), verb) {
                ("logs", "GET") => info::logs(app, req, ctx, key, mgt),
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

//! Attachments (attachFile / attachFileBinary, getFiles, deleteFile) and linked statements
//! (attachStatement / detachStatement).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::json::{self as body, field};
use crate::http::multipart;
use crate::http::{Reply, Req};
use crate::routes::taxinvoice::authed;
use crate::state::invoice::KeyType;

/// `GET .../Files`.
pub(crate) fn list(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
) -> ApiResult<Reply> {
    authed(app, req, ctx, |st, _, c| {
        Ok(Reply::json(&st.doc(c.corp, key, mgt)?.files_json()))
    })
}

/// The file name without directories (Python may send a full path).
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}

/// `POST .../Files` (multipart, part `Filedata`; Node's JSON `form` part may carry
/// `DisplayName`).
pub(crate) fn attach(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
) -> ApiResult<Reply> {
    let ct = req.header("content-type").unwrap_or("");
    let boundary = multipart::boundary(ct).ok_or_else(|| {
        ApiError::new(
            http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::BAD_CONTENT_TYPE,
            format!(
                "attachFile needs multipart/form-data with a boundary of 1 to 70 characters (RFC 2046), got {:?}",
                ct.chars().take(100).collect::<String>()
            ),
        )
    })?;
    let parts = multipart::parse(&req.body, &boundary)
        .map_err(|e| ApiError::bad_request(codes::FILE_ATTACH, format!("multipart: {e}")))?;
    let display = parts
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("form"))
        .and_then(|p| body::parse(&p.data).ok())
        .and_then(|v| v.as_object().and_then(|m| field(m, "DisplayName")));
    let file = parts
        .iter()
        .find(|p| p.filename.is_some() && !p.name.eq_ignore_ascii_case("form"))
        .ok_or_else(|| {
            ApiError::bad_request(
                codes::FILE_ATTACH,
                "multipart body has no file part (name=\"Filedata\" with a filename)",
            )
        })?;
    let name = display
        .or_else(|| file.filename.as_deref().map(base_name))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::bad_request(codes::FILE_ATTACH, "file name is empty"))?;
    // Encoded here, not under the state lock: the file may be as large as the body limit.
    let data_b64: Arc<str> = STANDARD.encode(&file.data).into();
    let size = file.data.len();
    authed(app, req, ctx, |st, env, c| {
        st.attach_file(env, c, key, mgt, name, data_b64, size)?;
        Ok(Reply::ok("첨부 완료"))
    })
}

/// `POST .../Files/{FileID}` + `DELETE`.
pub(crate) fn delete(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
    file_id: &str,
) -> ApiResult<Reply> {
    authed(app, req, ctx, |st, env, c| {
        st.delete_file(env, c, key, mgt, file_id)?;
        Ok(Reply::ok("삭제 완료"))
    })
}

/// `POST .../AttachStmt` / `.../DetachStmt` with `{"ItemCode": 121, "MgtKey": "..."}`.
pub(crate) fn statement(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
    attach: bool,
) -> ApiResult<Reply> {
    let m = body::object(req)?;
    let code = match body::get_ci(&m, "ItemCode") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|c| (121..=126).contains(c))
    .ok_or_else(|| ApiError::bad_request(codes::TI_VALIDATION, "ItemCode must be 121-126"))?;
    let stmt = field(&m, "MgtKey")
        .ok_or_else(|| ApiError::bad_request(codes::TI_VALIDATION, "MgtKey is required"))?;
    authed(app, req, ctx, |st, env, c| {
        st.link_statement(env, c, key, mgt, code, &stmt, attach)?;
        Ok(Reply::ok("처리 완료"))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_name_strips_directories() {
        assert_eq!(super::base_name("/tmp/x/a.txt"), "a.txt");
        assert_eq!(super::base_name("C:\\x\\b.pdf"), "b.pdf");
        assert_eq!(super::base_name("첨부.txt"), "첨부.txt");
    }
}

//! Reading tax invoices: getInfo, getDetailInfo(ByItemKey), getXML, getPDF, search (getInfos,
//! getLogs and the URL getters are shared: [`crate::routes::document`]).

use popbill_model::Date8;
use serde_json::{Value, json};

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req};
use crate::routes::taxinvoice::authed;
use crate::state::invoice::KeyType;
use crate::state::search::SearchFilter;
use crate::{pdf, xml};

/// `GET /Taxinvoice/{KeyType}/{MgtKey}[?Detail|?XML|?PDF]`.
pub(crate) fn get_doc(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    key: KeyType,
    mgt: &str,
) -> ApiResult<Reply> {
    let q = req.q()?.clone();
    authed(app, req, ctx, |st, _, c| {
        let doc = st.doc(c.corp, key, mgt)?;
        if q.flag("Detail") {
            return Ok(Reply::json(&doc.detail_json()));
        }
        if q.flag("XML") {
            return Ok(Reply::json(&json!({
                "code": 1,
                "message": "",
                "retObject": xml::invoice_xml(doc),
            })));
        }
        if q.flag("PDF") {
            return Ok(Reply::pdf(pdf::invoice_pdf(doc)));
        }
        Ok(Reply::json(&doc.info_json()))
    })
}

/// `GET /Taxinvoice/{ItemKey}?Detail`.
pub(crate) fn detail_by_item_key(
    app: &App,
    req: &Req,
    ctx: &mut Ctx,
    item_key: &str,
) -> ApiResult<Reply> {
    authed(app, req, ctx, |st, _, c| {
        Ok(Reply::json(
            &st.doc_by_item(c.corp, item_key)?.detail_json(),
        ))
    })
}

fn letters(list: Vec<String>, allowed: &[&str], name: &str) -> ApiResult<Vec<String>> {
    for v in &list {
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)) {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("{name}: {v:?} is not one of {}", allowed.join(",")),
            ));
        }
    }
    Ok(list)
}

fn parse_filter(req: &Req) -> ApiResult<(SearchFilter, i64, i64)> {
    let q = req.q()?;
    let dtype = q.require("DType")?.to_ascii_uppercase();
    let dtype = match dtype.as_str() {
        "R" | "W" | "I" => dtype.chars().next().unwrap_or('W'),
        other => {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("DType must be R, W or I; got {other:?}"),
            ));
        }
    };
    let date = |k: &str| -> ApiResult<Date8> {
        Date8::parse(q.require(k)?)
            .map_err(|e| ApiError::bad_request(codes::BAD_QUERY, format!("{k}: {e}")))
    };
    let (sdate, edate) = (date("SDate")?, date("EDate")?);
    if sdate > edate {
        return Err(ApiError::bad_request(
            codes::BAD_QUERY,
            format!("SDate {sdate} is after EDate {edate}"),
        ));
    }
    let states = q.list("State");
    for s in &states {
        let ok = s.len() == 3
            && s.as_bytes()[0].is_ascii_digit()
            && s.bytes().all(|b| b.is_ascii_digit() || b == b'*');
        if !ok {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!(
                    "State: {s:?} must be 3 characters, digits with '*' wildcards in positions 2-3"
                ),
            ));
        }
    }
    let tax_reg_id_type = match q
        .get("TaxRegIDType")
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None => None,
        Some("S") => Some(KeyType::Sell),
        Some("B") => Some(KeyType::Buy),
        Some("T") => Some(KeyType::Trustee),
        Some(o) => {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("TaxRegIDType must be S, B or T; got {o:?}"),
            ));
        }
    };
    let ascending = match q.get("Order").map(str::to_ascii_uppercase).as_deref() {
        None | Some("D") => false,
        Some("A") => true,
        Some(o) => {
            return Err(ApiError::bad_request(
                codes::BAD_QUERY,
                format!("Order must be D or A; got {o:?}"),
            ));
        }
    };
    let f = SearchFilter {
        dtype,
        sdate: Some(sdate),
        edate: Some(edate),
        states,
        types: letters(q.list("Type"), &["N", "M"], "Type")?,
        tax_types: letters(q.list("TaxType"), &["T", "N", "Z"], "TaxType")?,
        issue_types: letters(q.list("IssueType"), &["N", "R", "T"], "IssueType")?,
        late_only: q.boolean("LateOnly")?,
        tax_reg_id_type,
        tax_reg_ids: q.list("TaxRegID"),
        tax_reg_id_yn: q.boolean("TaxRegIDYN")?,
        qstring: q.get("QString").map(str::to_owned),
        interop: q.boolean("InterOPYN")?,
        reg_types: letters(q.list("RegType"), &["P", "H"], "RegType")?,
        close_down: letters(
            q.list("CloseDownState"),
            &["N", "0", "1", "2", "3", "4"],
            "CloseDownState",
        )?,
        mgt_key: q.get("MgtKey").map(str::to_owned),
        ascending,
    };
    let page = q.int("Page", 1, i64::MAX)?.unwrap_or(1);
    let per_page = q.int("PerPage", 1, 1000)?.unwrap_or(500);
    Ok((f, page, per_page))
}

/// `GET /Taxinvoice/{KeyType}?DType=..&SDate=..&EDate=..` (search).
pub(crate) fn search(app: &App, req: &Req, ctx: &mut Ctx, key: KeyType) -> ApiResult<Reply> {
    let (f, page, per_page) = parse_filter(req)?;
    authed(app, req, ctx, |st, _, c| {
        let hits = st.search(c.corp, key, &f);
        let total = hits.len() as i64;
        let start = (page - 1).saturating_mul(per_page).min(total) as usize;
        let end = (start as i64 + per_page).min(total) as usize;
        let list: Vec<Value> = hits[start..end].iter().map(|d| d.info_json()).collect();
        Ok(Reply::json(&json!({
            "code": 1,
            "message": "",
            "total": total,
            "perPage": per_page,
            "pageNum": page,
            "pageCount": (total + per_page - 1) / per_page,
            "list": list,
        })))
    })
}

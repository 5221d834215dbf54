//! Reading tax invoices: getInfo, getDetailInfo(ByItemKey), getXML, getPDF, search (getInfos,
//! getLogs and the URL getters are shared: [`crate::routes::document`]).

use serde_json::json;

use crate::app::{App, Ctx};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::{Reply, Req};
use crate::routes::document::search;
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

fn parse_filter(req: &Req) -> ApiResult<(SearchFilter, i64, i64)> {
    let q = req.q()?;
    let c = search::common(q, &['R', 'W', 'I'])?;
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
    let f = SearchFilter {
        window: c.window,
        types: search::letters(q, "Type", &["N", "M"])?,
        tax_types: search::letters(q, "TaxType", &["T", "N", "Z"])?,
        issue_types: search::letters(q, "IssueType", &["N", "R", "T"])?,
        late_only: q.boolean("LateOnly")?,
        tax_reg_id_type,
        tax_reg_ids: q.list("TaxRegID"),
        tax_reg_id_yn: q.boolean("TaxRegIDYN")?,
        qstring: q.get("QString").map(str::to_owned),
        interop: q.boolean("InterOPYN")?,
        reg_types: search::letters(q, "RegType", &["P", "H"])?,
        close_down: search::letters(q, "CloseDownState", &["N", "0", "1", "2", "3", "4"])?,
        mgt_key: q.get("MgtKey").map(str::to_owned),
    };
    Ok((f, c.page, c.per_page))
}

/// `GET /Taxinvoice/{KeyType}?DType=..&SDate=..&EDate=..` (search).
pub(crate) fn search(app: &App, req: &Req, ctx: &mut Ctx, key: KeyType) -> ApiResult<Reply> {
    let (f, page, per_page) = parse_filter(req)?;
    authed(app, req, ctx, |st, _, c| {
        let hits = st.search(c.corp, key, &f);
        Ok(Reply::json(&search::page_json(&hits, page, per_page)))
    })
}

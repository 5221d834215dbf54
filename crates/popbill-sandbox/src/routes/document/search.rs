//! The query parts every document search shares (DType, SDate/EDate, State patterns, Order,
//! Page, PerPage, code-letter lists) and the paged answer (`{code, message, total, perPage,
//! pageNum, pageCount, list}`). A service's search route adds its own filters.

use popbill_model::Date8;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, codes};
use crate::http::Query;
use crate::state::search::Window;
use crate::state::store::Document;

/// Filters and paging every document search has.
#[derive(Clone, Debug)]
pub(crate) struct Common {
    /// DType, SDate/EDate, State and Order.
    pub window: Window,
    pub page: i64,
    pub per_page: i64,
}

fn bad(msg: String) -> ApiError {
    ApiError::bad_request(codes::BAD_QUERY, msg)
}

/// Parses the shared query parameters; `dtypes` are the DType letters the service accepts.
pub(crate) fn common(q: &Query, dtypes: &[char]) -> ApiResult<Common> {
    let raw = q.require("DType")?.to_ascii_uppercase();
    let dtype = match raw.chars().next() {
        Some(c) if raw.len() == 1 && dtypes.contains(&c) => c,
        _ => {
            let all: Vec<String> = dtypes.iter().map(char::to_string).collect();
            return Err(bad(format!(
                "DType must be one of {}; got {raw:?}",
                all.join(", ")
            )));
        }
    };
    let date = |k: &str| -> ApiResult<Date8> {
        Date8::parse(q.require(k)?).map_err(|e| bad(format!("{k}: {e}")))
    };
    let (sdate, edate) = (date("SDate")?, date("EDate")?);
    if sdate > edate {
        return Err(bad(format!("SDate {sdate} is after EDate {edate}")));
    }
    let states = q.list("State");
    if let Some(s) = states.iter().find(|s| {
        !(s.len() == 3
            && s.as_bytes()[0].is_ascii_digit()
            && s.bytes().all(|b| b.is_ascii_digit() || b == b'*'))
    }) {
        return Err(bad(format!(
            "State: {s:?} must be 3 characters, digits with '*' wildcards in positions 2-3"
        )));
    }
    let ascending = match q.get("Order").map(str::to_ascii_uppercase).as_deref() {
        None | Some("D") => false,
        Some("A") => true,
        Some(o) => return Err(bad(format!("Order must be D or A; got {o:?}"))),
    };
    Ok(Common {
        window: Window {
            dtype,
            sdate: Some(sdate),
            edate: Some(edate),
            states,
            ascending,
        },
        page: q.int("Page", 1, i64::MAX)?.unwrap_or(1),
        per_page: q.int("PerPage", 1, 1000)?.unwrap_or(500),
    })
}

/// A comma list of code letters, each one of `allowed` (any case).
pub(crate) fn letters(q: &Query, name: &str, allowed: &[&str]) -> ApiResult<Vec<String>> {
    let list = q.list(name);
    match list
        .iter()
        .find(|v| !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
    {
        Some(v) => Err(bad(format!(
            "{name}: {v:?} is not one of {}",
            allowed.join(",")
        ))),
        None => Ok(list),
    }
}

/// One page of the hits as the search answer.
pub(crate) fn page_json<D: Document>(hits: &[&D], page: i64, per_page: i64) -> Value {
    let total = hits.len() as i64;
    let start = (page - 1).saturating_mul(per_page).min(total) as usize;
    let end = (start as i64 + per_page).min(total) as usize;
    let list: Vec<Value> = hits[start..end].iter().map(|d| d.info_json()).collect();
    json!({
        "code": 1,
        "message": "",
        "total": total,
        "perPage": per_page,
        "pageNum": page,
        "pageCount": (total + per_page - 1) / per_page,
        "list": list,
    })
}

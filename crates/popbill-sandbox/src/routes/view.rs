//! `GET /__view/{key}`: the HTML pages behind every URL getter (popup, view, print, mail, PDF,
//! boxes, member and partner pages) of tax invoices and cash receipts. A page is valid for 30 seconds (configurable) after the
//! URL was handed out, except mail links; after that it answers an HTML error page (410).

use http::StatusCode;

use crate::app::{App, Ctx};
use crate::error::{ApiResult, codes};
use crate::http::{Reply, Req};
use crate::pdf;
use crate::routes::bad_verb;
use crate::state::cashbill::Receipt;
use crate::state::invoice::{Doc, KeyType};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body><h1>{}</h1>{body}<p><small>popbill-sandbox</small></p></body></html>",
        esc(title),
        esc(title)
    )
}

fn error_page(status: StatusCode, code: i64, msg: &str) -> Reply {
    Reply::html(
        status,
        page(
            "팝빌 샌드박스 오류",
            &format!(
                "<p id=\"code\">{code}</p><p id=\"message\">{}</p>",
                esc(msg)
            ),
        ),
    )
}

const FIELDS: [(&str, &str); 16] = [
    ("writeDate", "작성일자"),
    ("issueType", "발행형태"),
    ("taxType", "과세형태"),
    ("purposeType", "영수/청구"),
    ("invoicerCorpNum", "공급자 사업자번호"),
    ("invoicerCorpName", "공급자 상호"),
    ("invoicerCEOName", "공급자 대표자"),
    ("invoicerMgtKey", "공급자 문서번호"),
    ("invoiceeCorpNum", "공급받는자 등록번호"),
    ("invoiceeCorpName", "공급받는자 상호"),
    ("invoiceeCEOName", "공급받는자 대표자"),
    ("invoiceeMgtKey", "공급받는자 문서번호"),
    ("supplyCostTotal", "공급가액 합계"),
    ("taxTotal", "세액 합계"),
    ("totalAmount", "합계금액"),
    ("remark1", "비고"),
];

fn doc_html(d: &Doc) -> String {
    let mut rows = format!(
        "<tr><th>ItemKey</th><td class=\"itemKey\">{}</td></tr>\
         <tr><th>상태</th><td class=\"stateCode\">{}</td></tr>\
         <tr><th>국세청 승인번호</th><td class=\"ntsconfirmNum\">{}</td></tr>",
        esc(&d.item_key),
        d.state,
        esc(d.nts_confirm_num.as_deref().unwrap_or(""))
    );
    for (k, label) in FIELDS {
        rows.push_str(&format!(
            "<tr><th>{label}</th><td class=\"{k}\">{}</td></tr>",
            esc(d.field(k).unwrap_or(""))
        ));
    }
    format!("<table class=\"taxinvoice\">{rows}</table>")
}

const RECEIPT_FIELDS: [(&str, &str); 10] = [
    ("mgtKey", "문서번호"),
    ("tradeType", "거래구분"),
    ("tradeUsage", "거래유형"),
    ("franchiseCorpNum", "가맹점 사업자번호"),
    ("franchiseCorpName", "가맹점 상호"),
    ("identityNum", "식별번호"),
    ("supplyCost", "공급가액"),
    ("tax", "부가세"),
    ("serviceFee", "봉사료"),
    ("totalAmount", "거래금액"),
];

fn receipt_html(r: &Receipt) -> String {
    let mut rows = format!(
        "<tr><th>ItemKey</th><td class=\"itemKey\">{}</td></tr>\
         <tr><th>상태</th><td class=\"stateCode\">{}</td></tr>\
         <tr><th>승인번호</th><td class=\"confirmNum\">{}</td></tr>",
        esc(&r.item_key),
        r.state,
        esc(r.confirm_num.as_deref().unwrap_or(""))
    );
    for (k, label) in RECEIPT_FIELDS {
        rows.push_str(&format!(
            "<tr><th>{label}</th><td class=\"{k}\">{}</td></tr>",
            esc(r.field(k).unwrap_or(""))
        ));
    }
    format!("<table class=\"cashbill\">{rows}</table>")
}

pub(crate) fn route(app: &App, req: &Req, ctx: &mut Ctx) -> ApiResult<Reply> {
    if !req.is_get() {
        return Err(bad_verb(req));
    }
    let key = req.seg(1).unwrap_or("").to_owned();
    Ok(app.with(ctx, |st, env| {
        let Some(view) = st.views.get(&key).cloned() else {
            return error_page(
                StatusCode::NOT_FOUND,
                codes::VIEW_EXPIRED,
                "존재하지 않는 페이지입니다. (unknown view URL)",
            );
        };
        if view.expires_ms.is_some_and(|e| env.now_ms > e) {
            return error_page(
                StatusCode::GONE,
                codes::VIEW_EXPIRED,
                "유효시간(30초)이 지난 URL입니다. 새 URL을 요청하세요. (URL expired)",
            );
        }
        let parts: Vec<&str> = view.kind.split(':').collect();
        match parts.as_slice() {
            ["doc", "Taxinvoice", tg, side] => {
                let side = KeyType::parse(side).unwrap_or(KeyType::Sell);
                let print = tg.contains("PRINT");
                for ik in &view.item_keys {
                    st.mark_viewed(env, ik, side, print);
                }
                let docs: Vec<&Doc> = view
                    .item_keys
                    .iter()
                    .filter_map(|k| st.taxinvoices.get(k))
                    .collect();
                if *tg == "PDF" {
                    return match docs.first() {
                        Some(d) => Reply::pdf(pdf::invoice_pdf(d)),
                        None => error_page(
                            StatusCode::NOT_FOUND,
                            codes::TI_NOT_FOUND,
                            "문서가 삭제되었습니다.",
                        ),
                    };
                }
                let body: String = docs.iter().map(|d| doc_html(d)).collect();
                Reply::html(StatusCode::OK, page(&format!("전자세금계산서 {tg}"), &body))
            }
            ["doc", "Cashbill", tg, _] => {
                if tg.contains("PRINT") {
                    for ik in &view.item_keys {
                        st.cb_mark_printed(ik);
                    }
                }
                let docs: Vec<&Receipt> = view
                    .item_keys
                    .iter()
                    .filter_map(|k| st.cashbills.get(k))
                    .collect();
                if *tg == "PDF" {
                    return match docs.first() {
                        Some(r) => Reply::pdf(pdf::cashbill_pdf(r)),
                        None => error_page(
                            StatusCode::NOT_FOUND,
                            codes::TI_NOT_FOUND,
                            "문서가 삭제되었습니다.",
                        ),
                    };
                }
                let body: String = docs.iter().map(|r| receipt_html(r)).collect();
                Reply::html(StatusCode::OK, page(&format!("현금영수증 {tg}"), &body))
            }
            ["box", "Cashbill", tg] => {
                let rows: String = st
                    .cashbills
                    .values()
                    .filter(|r| r.owner == view.corp_num)
                    .filter(|r| (*tg == "TBOX") == (r.state == 100))
                    .map(|r| {
                        format!(
                            "<li class=\"doc\">{} {} {}</li>",
                            esc(&r.item_key),
                            r.state,
                            esc(r.field("mgtKey").unwrap_or(""))
                        )
                    })
                    .collect();
                Reply::html(
                    StatusCode::OK,
                    page(
                        &format!("현금영수증 문서함 {tg}"),
                        &format!("<ul>{rows}</ul>"),
                    ),
                )
            }
            ["box", "Taxinvoice", tg] => {
                let side = if tg.starts_with('P') {
                    KeyType::Buy
                } else {
                    KeyType::Sell
                };
                let rows: String = st
                    .taxinvoices
                    .values()
                    .filter(|d| d.visible_to(&view.corp_num, side))
                    .filter(|d| match *tg {
                        "TBOX" => d.state == 100,
                        "SWBOX" | "PWBOX" => d.state == 200 || d.state == 210,
                        _ => d.state >= 300,
                    })
                    .map(|d| {
                        format!(
                            "<li class=\"doc\">{} {} {}</li>",
                            esc(&d.item_key),
                            d.state,
                            esc(d.field("invoiceeCorpName").unwrap_or(""))
                        )
                    })
                    .collect();
                Reply::html(
                    StatusCode::OK,
                    page(&format!("문서함 {tg}"), &format!("<ul>{rows}</ul>")),
                )
            }
            _ => Reply::html(
                StatusCode::OK,
                page(
                    &format!("팝빌 {}", parts.last().unwrap_or(&"")),
                    &format!("<p>회원 {} ({})</p>", esc(&view.corp_num), esc(&view.kind)),
                ),
            ),
        }
    }))
}

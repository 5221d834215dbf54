//! A minimal valid one-page PDF for getPDF and the PDF view (ASCII text only: the fields that
//! are ASCII plus the document keys; no fonts are embedded).

use crate::state::cashbill::Receipt;
use crate::state::invoice::Doc;

fn pdf_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// PDF bytes describing a document.
pub(crate) fn invoice_pdf(d: &Doc) -> Vec<u8> {
    let lines = [
        "popbill-sandbox e-Tax invoice".to_owned(),
        format!("ItemKey {}", d.item_key),
        format!("State {}", d.state),
        format!(
            "NTS confirm {}",
            d.nts_confirm_num.as_deref().unwrap_or("-")
        ),
        format!("Write date {}", d.field("writeDate").unwrap_or("-")),
        format!(
            "Invoicer {} / {}",
            d.field("invoicerCorpNum").unwrap_or("-"),
            d.field("invoicerMgtKey").unwrap_or("-")
        ),
        format!("Invoicee {}", d.field("invoiceeCorpNum").unwrap_or("-")),
        format!(
            "Supply {} Tax {} Total {}",
            d.field("supplyCostTotal").unwrap_or("-"),
            d.field("taxTotal").unwrap_or("-"),
            d.field("totalAmount").unwrap_or("-")
        ),
    ];
    lines_pdf(&lines)
}

/// PDF bytes describing a cash receipt.
pub(crate) fn cashbill_pdf(r: &Receipt) -> Vec<u8> {
    let f = |k: &str| r.field(k).unwrap_or("-").to_owned();
    let lines = [
        "popbill-sandbox cash receipt".to_owned(),
        format!("ItemKey {}", r.item_key),
        format!("State {}", r.state),
        format!("Confirm number {}", r.confirm_num.as_deref().unwrap_or("-")),
        format!("Franchise {} / {}", f("franchiseCorpNum"), f("mgtKey")),
        format!("Trade {}", r.trade_dt.as_deref().unwrap_or("-")),
        format!(
            "Supply {} Tax {} Fee {} Total {}",
            f("supplyCost"),
            f("tax"),
            f("serviceFee"),
            f("totalAmount")
        ),
    ];
    lines_pdf(&lines)
}

/// A one-page PDF with one text line per entry.
fn lines_pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 50 780 Td 16 TL\n");
    for l in lines {
        content.push_str(&format!("({}) Tj T*\n", pdf_text(l)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for off in offsets {
        out.push_str(&format!("{off:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

//! getXML: a plausible signed-invoice XML document built from the stored fields (element names
//! follow the NTS e-Tax invoice standard's structure in simplified form; the signature is a
//! placeholder).

use serde_json::Value;

use crate::clock::dt14_kst;
use crate::state::invoice::Doc;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn el(out: &mut String, indent: usize, name: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&format!("<{name}>{}</{name}>\n", esc(v)));
    }
}

fn party(out: &mut String, d: &Doc, tag: &str, p: &str) {
    out.push_str(&format!("  <{tag}>\n"));
    el(out, 4, "ID", d.field(&format!("{p}CorpNum")));
    el(
        out,
        4,
        "SpecifiedOrganization",
        d.field(&format!("{p}TaxRegID")),
    );
    el(out, 4, "NameText", d.field(&format!("{p}CorpName")));
    el(out, 4, "SpecifiedPerson", d.field(&format!("{p}CEOName")));
    el(out, 4, "SpecifiedAddress", d.field(&format!("{p}Addr")));
    el(out, 4, "TypeCode", d.field(&format!("{p}BizType")));
    el(
        out,
        4,
        "ClassificationCode",
        d.field(&format!("{p}BizClass")),
    );
    out.push_str(&format!("  </{tag}>\n"));
}

/// The XML text for a document.
pub(crate) fn invoice_xml(d: &Doc) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<TaxInvoice xmlns=\"urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0\">\n");
    x.push_str("  <ExchangedDocument>\n");
    el(
        &mut x,
        4,
        "IssueDateTime",
        d.issue_ms.map(dt14_kst).as_deref(),
    );
    el(&mut x, 4, "ReferencedDocument", Some(&d.item_key));
    x.push_str("  </ExchangedDocument>\n  <TaxInvoiceDocument>\n");
    el(&mut x, 4, "IssueID", d.nts_confirm_num.as_deref());
    let type_code = match (d.field("taxType"), d.is_revised()) {
        (Some("영세"), false) => "0102",
        (Some("면세"), false) => "0301",
        (Some("영세"), true) => "0202",
        (Some("면세"), true) => "0401",
        (_, true) => "0201",
        _ => "0101",
    };
    el(&mut x, 4, "TypeCode", Some(type_code));
    el(&mut x, 4, "IssueDateTime", d.field("writeDate"));
    el(&mut x, 4, "PurposeCode", d.field("purposeType"));
    el(&mut x, 4, "DescriptionText", d.field("remark1"));
    x.push_str("  </TaxInvoiceDocument>\n  <TaxInvoiceTradeSettlement>\n");
    x.push_str("  </TaxInvoiceTradeSettlement>\n");
    party(&mut x, d, "InvoicerParty", "invoicer");
    party(&mut x, d, "InvoiceeParty", "invoicee");
    if d.field("trusteeCorpNum").is_some() {
        party(&mut x, d, "BrokerParty", "trustee");
    }
    x.push_str("  <SpecifiedMonetarySummation>\n");
    el(&mut x, 4, "ChargeTotalAmount", d.field("supplyCostTotal"));
    el(&mut x, 4, "TaxTotalAmount", d.field("taxTotal"));
    el(&mut x, 4, "GrandTotalAmount", d.field("totalAmount"));
    x.push_str("  </SpecifiedMonetarySummation>\n");
    if let Some(Value::Array(items)) = d.invoice.get("detailList") {
        for it in items {
            let f = |k: &str| match it.get(k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            x.push_str("  <TaxInvoiceTradeLineItem>\n");
            el(&mut x, 4, "SequenceNumeric", f("serialNum").as_deref());
            el(
                &mut x,
                4,
                "PurchaseExpiryDateTime",
                f("purchaseDT").as_deref(),
            );
            el(&mut x, 4, "NameText", f("itemName").as_deref());
            el(&mut x, 4, "InformationText", f("spec").as_deref());
            el(&mut x, 4, "ChargeableUnitQuantity", f("qty").as_deref());
            el(&mut x, 4, "UnitPrice", f("unitCost").as_deref());
            el(&mut x, 4, "InvoiceAmount", f("supplyCost").as_deref());
            el(&mut x, 4, "TaxAmount", f("tax").as_deref());
            el(&mut x, 4, "DescriptionText", f("remark").as_deref());
            x.push_str("  </TaxInvoiceTradeLineItem>\n");
        }
    }
    x.push_str("  <Signature>popbill-sandbox-not-a-real-signature</Signature>\n");
    x.push_str("</TaxInvoice>\n");
    x
}

//! Collected tax invoices: the Search list item (`HTTaxinvoiceAbbr`), the full document of
//! GetTaxinvoice (`HTTaxinvoice`, 60 fields and up to 99 lines), the search page, the summary
//! and the XML answer with its capitalised keys.
//!
//! Key spelling is POPBiLL's: `ntsconfirmNum` with a lower-case `c`, `orgNTSConfirmNum` with an
//! upper-case `NTS`. Amounts are digit strings except in the summary, where they are numbers.

use serde::{Deserialize, Serialize};

use super::codes::{InvoiceType, InvoiceeType, ModifyCode, PurposeType, TaxType};
use crate::lenient;

/// One collected tax invoice in a search page (`HTTaxinvoiceAbbr`). The item fields describe
/// the first line only.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtTaxinvoiceAbbr {
    /// `ntsconfirmNum`: NTS confirmation number (24 characters).
    #[serde(
        rename = "ntsconfirmNum",
        deserialize_with = "lenient::string_or_default"
    )]
    pub nts_confirm_num: String,
    /// `writeDate`: 작성일자, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub write_date: String,
    /// `issueDate`: 발행일자, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub issue_date: String,
    /// `sendDate`: 전송일자 (NTS transmission date), `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub send_date: String,
    /// `taxType`: 과세 / 영세 / 면세.
    pub tax_type: Option<TaxType>,
    /// `purposeType`: 영수 / 청구 / 없음.
    pub purpose_type: Option<PurposeType>,
    /// `supplyCostTotal`: Sum of supply values (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub supply_cost_total: String,
    /// `taxTotal`: Sum of tax (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub tax_total: String,
    /// `totalAmount`: Total amount (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub total_amount: String,
    /// `remark1`: 비고.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark1: String,
    /// `invoiceType`: NTS invoice type; a string or a number on the wire.
    pub invoice_type: Option<InvoiceType>,
    /// `modifyYN`: True for an amended (수정) invoice.
    #[serde(rename = "modifyYN", deserialize_with = "lenient::bool_or_default")]
    pub modify_yn: bool,
    /// `orgNTSConfirmNum`: NTS confirmation number of the original (amended invoices).
    #[serde(
        rename = "orgNTSConfirmNum",
        deserialize_with = "lenient::string_or_default"
    )]
    pub org_nts_confirm_num: String,
    /// `purchaseDate`: First line: 거래일자 `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub purchase_date: String,
    /// `itemName`: First line: item name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub item_name: String,
    /// `spec`: First line: specification.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub spec: String,
    /// `qty`: First line: quantity.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub qty: String,
    /// `unitCost`: First line: unit price.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub unit_cost: String,
    /// `supplyCost`: First line: supply value.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub supply_cost: String,
    /// `tax`: First line: tax.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub tax: String,
    /// `remark`: First line: remark.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark: String,
    /// `invoicerCorpNum`: Seller business number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_corp_num: String,
    /// `invoicerTaxRegID`: Seller branch number.
    #[serde(
        rename = "invoicerTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicer_tax_reg_id: String,
    /// `invoicerCorpName`: Seller company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_corp_name: String,
    /// `invoicerCEOName`: Seller CEO name.
    #[serde(
        rename = "invoicerCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicer_ceo_name: String,
    /// `invoicerEmail`: Seller e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_email: String,
    /// `invoiceeCorpNum`: Buyer business (or resident) number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_corp_num: String,
    /// `invoiceeType`: 사업자 / 개인 / 외국인.
    pub invoicee_type: Option<InvoiceeType>,
    /// `invoiceeTaxRegID`: Buyer branch number.
    #[serde(
        rename = "invoiceeTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_tax_reg_id: String,
    /// `invoiceeCorpName`: Buyer company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_corp_name: String,
    /// `invoiceeCEOName`: Buyer CEO name.
    #[serde(
        rename = "invoiceeCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_ceo_name: String,
    /// `invoiceeEmail1`: Buyer e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_email1: String,
    /// `invoiceeEmail2`: Buyer's second e-mail (its ASP partner's).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_email2: String,
    /// `trusteeCorpNum`: Trustee business number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_corp_num: String,
    /// `trusteeTaxRegID`: Trustee branch number.
    #[serde(
        rename = "trusteeTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub trustee_tax_reg_id: String,
    /// `trusteeCorpName`: Trustee company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_corp_name: String,
    /// `trusteeCEOName`: Trustee CEO name.
    #[serde(
        rename = "trusteeCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub trustee_ceo_name: String,
    /// `trusteeEmail`: Trustee e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_email: String,
}

/// A collected tax invoice in full (`HTTaxinvoice`, answer of GetTaxinvoice). The same fields
/// arrive in the hourly HT.TAXINVOICEXML webhook.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtTaxinvoice {
    /// `writeDate`: 작성일자 (write date), `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub write_date: String,
    /// `issueDT`: 발행일시 (issue time), `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", deserialize_with = "lenient::string_or_default")]
    pub issue_dt: String,
    /// `invoiceType`: NTS invoice type (101 general … 404 revised import invoice); a number on the wire.
    pub invoice_type: Option<InvoiceType>,
    /// `taxType`: 과세 / 영세 / 면세.
    pub tax_type: Option<TaxType>,
    /// `taxTotal`: Sum of tax (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub tax_total: String,
    /// `supplyCostTotal`: Sum of supply values (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub supply_cost_total: String,
    /// `totalAmount`: Total amount (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub total_amount: String,
    /// `purposeType`: 영수 / 청구 / 없음.
    pub purpose_type: Option<PurposeType>,
    /// `serialNum`: 일련번호 (serial number).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub serial_num: String,
    /// `cash`: 현금 (cash).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub cash: String,
    /// `chkBill`: 수표 (cheque).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub chk_bill: String,
    /// `credit`: 외상 (credit).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub credit: String,
    /// `note`: 어음 (promissory note).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub note: String,
    /// `remark1`: 비고 1; for a foreign buyer, the foreigner registration or passport number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark1: String,
    /// `remark2`: 비고 2.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark2: String,
    /// `remark3`: 비고 3.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark3: String,
    /// `ntsconfirmNum`: NTS confirmation number (24 characters).
    #[serde(
        rename = "ntsconfirmNum",
        deserialize_with = "lenient::string_or_default"
    )]
    pub nts_confirm_num: String,
    /// `modifyCode`: 수정사유 of a revised invoice (1-6); a number on the wire.
    pub modify_code: Option<ModifyCode>,
    /// `orgNTSConfirmNum`: NTS confirmation number of the original invoice (revised invoices).
    #[serde(
        rename = "orgNTSConfirmNum",
        deserialize_with = "lenient::string_or_default"
    )]
    pub org_nts_confirm_num: String,
    /// `invoicerCorpNum`: Seller business number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_corp_num: String,
    /// `invoicerMgtKey`: Seller document number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_mgt_key: String,
    /// `invoicerTaxRegID`: Seller branch number (4 digits).
    #[serde(
        rename = "invoicerTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicer_tax_reg_id: String,
    /// `invoicerCorpName`: Seller company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_corp_name: String,
    /// `invoicerCEOName`: Seller CEO name.
    #[serde(
        rename = "invoicerCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicer_ceo_name: String,
    /// `invoicerAddr`: Seller address.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_addr: String,
    /// `invoicerBizType`: Seller business type (업태).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_biz_type: String,
    /// `invoicerBizClass`: Seller business item (종목).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_biz_class: String,
    /// `invoicerContactName`: Seller contact name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_contact_name: String,
    /// `invoicerDeptName`: Seller contact department.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_dept_name: String,
    /// `invoicerTEL`: Seller contact telephone.
    #[serde(
        rename = "invoicerTEL",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicer_tel: String,
    /// `invoicerEmail`: Seller contact e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicer_email: String,
    /// `invoiceeCorpNum`: Buyer business (or resident) number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_corp_num: String,
    /// `invoiceeType`: 사업자 / 개인 / 외국인.
    pub invoicee_type: Option<InvoiceeType>,
    /// `invoiceeMgtKey`: Buyer document number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_mgt_key: String,
    /// `invoiceeTaxRegID`: Buyer branch number.
    #[serde(
        rename = "invoiceeTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_tax_reg_id: String,
    /// `invoiceeCorpName`: Buyer company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_corp_name: String,
    /// `invoiceeCEOName`: Buyer CEO name.
    #[serde(
        rename = "invoiceeCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_ceo_name: String,
    /// `invoiceeAddr`: Buyer address.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_addr: String,
    /// `invoiceeBizType`: Buyer business type.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_biz_type: String,
    /// `invoiceeBizClass`: Buyer business item.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_biz_class: String,
    /// `invoiceeContactName1`: Buyer primary contact name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_contact_name1: String,
    /// `invoiceeDeptName1`: Buyer primary contact department.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_dept_name1: String,
    /// `invoiceeTEL1`: Buyer primary contact telephone.
    #[serde(
        rename = "invoiceeTEL1",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_tel1: String,
    /// `invoiceeEmail1`: Buyer primary contact e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_email1: String,
    /// `invoiceeContactName2`: Buyer secondary contact name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_contact_name2: String,
    /// `invoiceeDeptName2`: Buyer secondary contact department.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_dept_name2: String,
    /// `invoiceeTEL2`: Buyer secondary contact telephone.
    #[serde(
        rename = "invoiceeTEL2",
        deserialize_with = "lenient::string_or_default"
    )]
    pub invoicee_tel2: String,
    /// `invoiceeEmail2`: Buyer secondary contact e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub invoicee_email2: String,
    /// `trusteeCorpNum`: Trustee business number (consigned invoices).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_corp_num: String,
    /// `trusteeMgtKey`: Trustee document number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_mgt_key: String,
    /// `trusteeTaxRegID`: Trustee branch number.
    #[serde(
        rename = "trusteeTaxRegID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub trustee_tax_reg_id: String,
    /// `trusteeCorpName`: Trustee company name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_corp_name: String,
    /// `trusteeCEOName`: Trustee CEO name.
    #[serde(
        rename = "trusteeCEOName",
        deserialize_with = "lenient::string_or_default"
    )]
    pub trustee_ceo_name: String,
    /// `trusteeAddr`: Trustee address.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_addr: String,
    /// `trusteeBizType`: Trustee business type.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_biz_type: String,
    /// `trusteeBizClass`: Trustee business item.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_biz_class: String,
    /// `trusteeContactName`: Trustee contact name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_contact_name: String,
    /// `trusteeDeptName`: Trustee contact department.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_dept_name: String,
    /// `trusteeTEL`: Trustee contact telephone.
    #[serde(rename = "trusteeTEL", deserialize_with = "lenient::string_or_default")]
    pub trustee_tel: String,
    /// `trusteeEmail`: Trustee contact e-mail.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trustee_email: String,
    /// `detailList`: the lines (at most 99; `null` reads as empty).
    #[serde(deserialize_with = "lenient::vec_or_default")]
    pub detail_list: Vec<HtTaxinvoiceDetail>,
}

/// One line of a collected tax invoice (`HTTaxinvoiceDetail`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtTaxinvoiceDetail {
    /// `serialNum`: line number from 1; a number on the wire.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub serial_num: i64,
    /// `purchaseDT`: 거래일자 `yyyyMMdd`.
    #[serde(rename = "purchaseDT", deserialize_with = "lenient::string_or_default")]
    pub purchase_dt: String,
    /// `itemName`: item name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub item_name: String,
    /// `spec`: specification.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub spec: String,
    /// `qty`: quantity.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub qty: String,
    /// `unitCost`: unit price.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub unit_cost: String,
    /// `supplyCost`: supply value.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub supply_cost: String,
    /// `tax`: tax.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub tax: String,
    /// `remark`: remark.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub remark: String,
}

/// One page of collected tax invoices (`HTTaxinvoiceSearchResult`).
pub type HtTaxinvoiceSearchResult = super::page::HtSearchResult<HtTaxinvoiceAbbr>;

/// Totals of collected tax invoices (`HTTaxinvoiceSummary`); numbers on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtTaxinvoiceSummary {
    /// `count`: documents.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub count: i64,
    /// `supplyCostTotal`: sum of supply values.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub supply_cost_total: i64,
    /// `taxTotal`: sum of tax.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub tax_total: i64,
    /// `amountTotal`: supply + tax.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub amount_total: i64,
}

/// Answer of GetXML: `{"ResultCode", "Message", "retObject"}` — capitalised keys, unlike every
/// other POPBiLL answer. `retObject` is the NTS XML document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtTaxinvoiceXml {
    /// `ResultCode`: 1 on success.
    #[serde(rename = "ResultCode", deserialize_with = "lenient::i64_or_default")]
    pub result_code: i64,
    /// `Message`: result message.
    #[serde(rename = "Message", deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `retObject`: the XML text.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub ret_object: String,
}

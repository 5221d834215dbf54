//! `HT.TAXINVOICEXML` and `HT.CASHBILL`: HomeTax crawl results pushed by POPBiLL.
//!
//! `HT.TAXINVOICEXML` arrives every hour on the hour with one crawled e-Tax invoice per body
//! (the name says XML, the body is JSON); its keys equal the HomeTax `GetTaxinvoice` answer.
//! `HT.CASHBILL` arrives once a day; only part of its table is published, so the keys after
//! `invoiceType` are the likely rest of a HomeTax cash receipt. Absent keys are simply omitted.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::codes::{InvoiceType, InvoiceeType, ModifyCode, PurposeType, TaxType};
use crate::lenient::{opt_i64, opt_string, string_or_default};

/// Body of an `HT.TAXINVOICEXML` webhook: one e-Tax invoice crawled from HomeTax.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HtTaxinvoice {
    /// `writeDate`: write date `yyyyMMdd`.
    #[serde(rename = "writeDate", default, deserialize_with = "string_or_default")]
    pub write_date: String,
    /// `ntsconfirmNum`: NTS confirmation number.
    #[serde(
        rename = "ntsconfirmNum",
        default,
        deserialize_with = "string_or_default"
    )]
    pub nts_confirm_num: String,
    /// `issueDT`: issue date-time `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", default, deserialize_with = "string_or_default")]
    pub issue_dt: String,
    /// `sendDate`: NTS transmission date `yyyyMMdd`.
    #[serde(rename = "sendDate", default, deserialize_with = "string_or_default")]
    pub send_date: String,
    /// `invoiceType`: invoice type (101 general … 404 amended import exempt); a number on the wire.
    #[serde(
        rename = "invoiceType",
        default,
        deserialize_with = "super::opt_int_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoice_type: Option<InvoiceType>,
    /// `taxType`: `과세` taxable · `영세` zero-rated · `면세` exempt.
    #[serde(
        rename = "taxType",
        default,
        deserialize_with = "super::opt_str_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_type: Option<TaxType>,
    /// `taxTotal`: tax total (digits).
    #[serde(rename = "taxTotal", default, deserialize_with = "string_or_default")]
    pub tax_total: String,
    /// `supplyCostTotal`: supply value total.
    #[serde(
        rename = "supplyCostTotal",
        default,
        deserialize_with = "string_or_default"
    )]
    pub supply_cost_total: String,
    /// `totalAmount`: grand total.
    #[serde(
        rename = "totalAmount",
        default,
        deserialize_with = "string_or_default"
    )]
    pub total_amount: String,
    /// `purposeType`: `영수` paid · `청구` billed · `없음` none.
    #[serde(
        rename = "purposeType",
        default,
        deserialize_with = "super::opt_str_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub purpose_type: Option<PurposeType>,
    /// `serialNum`: serial number (일련번호).
    #[serde(
        rename = "serialNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub serial_num: Option<String>,
    /// `cash`: paid in cash.
    #[serde(
        rename = "cash",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub cash: Option<String>,
    /// `chkBill`: paid by cheque.
    #[serde(
        rename = "chkBill",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub chk_bill: Option<String>,
    /// `credit`: on credit (외상).
    #[serde(
        rename = "credit",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub credit: Option<String>,
    /// `note`: by promissory note (어음).
    #[serde(
        rename = "note",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub note: Option<String>,
    /// `remark1`: remark 1; the foreigner registration or passport number when `invoiceeType` is `외국인`.
    #[serde(
        rename = "remark1",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark1: Option<String>,
    /// `remark2`: remark 2.
    #[serde(
        rename = "remark2",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark2: Option<String>,
    /// `remark3`: remark 3.
    #[serde(
        rename = "remark3",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark3: Option<String>,
    /// `invoicerCorpNum`: seller business registration number.
    #[serde(
        rename = "invoicerCorpNum",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicer_corp_num: String,
    /// `invoicerMgtKey`: seller document id.
    #[serde(
        rename = "invoicerMgtKey",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_mgt_key: Option<String>,
    /// `invoicerTaxRegID`: seller branch id (4 digits).
    #[serde(
        rename = "invoicerTaxRegID",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_tax_reg_id: Option<String>,
    /// `invoicerCorpName`: seller company name.
    #[serde(
        rename = "invoicerCorpName",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicer_corp_name: String,
    /// `invoicerCEOName`: seller CEO.
    #[serde(
        rename = "invoicerCEOName",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicer_ceo_name: String,
    /// `invoicerAddr`: seller address.
    #[serde(
        rename = "invoicerAddr",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_addr: Option<String>,
    /// `invoicerBizType`: seller business type (업태).
    #[serde(
        rename = "invoicerBizType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_biz_type: Option<String>,
    /// `invoicerBizClass`: seller business item (종목).
    #[serde(
        rename = "invoicerBizClass",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_biz_class: Option<String>,
    /// `invoicerContactName`: seller contact name.
    #[serde(
        rename = "invoicerContactName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_contact_name: Option<String>,
    /// `invoicerDeptName`: seller contact department.
    #[serde(
        rename = "invoicerDeptName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_dept_name: Option<String>,
    /// `invoicerTEL`: seller contact phone.
    #[serde(
        rename = "invoicerTEL",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_tel: Option<String>,
    /// `invoicerEmail`: seller contact e-mail.
    #[serde(
        rename = "invoicerEmail",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicer_email: Option<String>,
    /// `invoiceeCorpNum`: buyer registration number.
    #[serde(
        rename = "invoiceeCorpNum",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicee_corp_num: String,
    /// `invoiceeType`: `사업자` business · `개인` individual · `외국인` foreigner.
    #[serde(
        rename = "invoiceeType",
        default,
        deserialize_with = "super::opt_str_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_type: Option<InvoiceeType>,
    /// `invoiceeMgtKey`: buyer document id.
    #[serde(
        rename = "invoiceeMgtKey",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_mgt_key: Option<String>,
    /// `invoiceeTaxRegID`: buyer branch id.
    #[serde(
        rename = "invoiceeTaxRegID",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_tax_reg_id: Option<String>,
    /// `invoiceeCorpName`: buyer company name.
    #[serde(
        rename = "invoiceeCorpName",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicee_corp_name: String,
    /// `invoiceeCEOName`: buyer CEO.
    #[serde(
        rename = "invoiceeCEOName",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoicee_ceo_name: String,
    /// `invoiceeAddr`: buyer address.
    #[serde(
        rename = "invoiceeAddr",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_addr: Option<String>,
    /// `invoiceeBizType`: buyer business type (업태).
    #[serde(
        rename = "invoiceeBizType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_biz_type: Option<String>,
    /// `invoiceeBizClass`: buyer business item (종목).
    #[serde(
        rename = "invoiceeBizClass",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_biz_class: Option<String>,
    /// `invoiceeContactName1`: buyer primary contact name.
    #[serde(
        rename = "invoiceeContactName1",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_contact_name1: Option<String>,
    /// `invoiceeDeptName1`: buyer primary contact department.
    #[serde(
        rename = "invoiceeDeptName1",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_dept_name1: Option<String>,
    /// `invoiceeTEL1`: buyer primary contact phone.
    #[serde(
        rename = "invoiceeTEL1",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_tel1: Option<String>,
    /// `invoiceeEmail1`: buyer primary contact e-mail.
    #[serde(
        rename = "invoiceeEmail1",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_email1: Option<String>,
    /// `invoiceeContactName2`: buyer secondary contact name.
    #[serde(
        rename = "invoiceeContactName2",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_contact_name2: Option<String>,
    /// `invoiceeDeptName2`: buyer secondary contact department.
    #[serde(
        rename = "invoiceeDeptName2",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_dept_name2: Option<String>,
    /// `invoiceeTEL2`: buyer secondary contact phone.
    #[serde(
        rename = "invoiceeTEL2",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_tel2: Option<String>,
    /// `invoiceeEmail2`: buyer secondary contact e-mail.
    #[serde(
        rename = "invoiceeEmail2",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoicee_email2: Option<String>,
    /// `trusteeCorpNum`: trustee registration number (consigned invoices).
    #[serde(
        rename = "trusteeCorpNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_corp_num: Option<String>,
    /// `trusteeMgtKey`: trustee document id (consigned).
    #[serde(
        rename = "trusteeMgtKey",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_mgt_key: Option<String>,
    /// `trusteeTaxRegID`: trustee branch id.
    #[serde(
        rename = "trusteeTaxRegID",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_tax_reg_id: Option<String>,
    /// `trusteeCorpName`: trustee company name (consigned).
    #[serde(
        rename = "trusteeCorpName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_corp_name: Option<String>,
    /// `trusteeCEOName`: trustee CEO (consigned).
    #[serde(
        rename = "trusteeCEOName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_ceo_name: Option<String>,
    /// `trusteeAddr`: trustee address.
    #[serde(
        rename = "trusteeAddr",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_addr: Option<String>,
    /// `trusteeBizType`: trustee business type (업태).
    #[serde(
        rename = "trusteeBizType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_biz_type: Option<String>,
    /// `trusteeBizClass`: trustee business item (종목).
    #[serde(
        rename = "trusteeBizClass",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_biz_class: Option<String>,
    /// `trusteeContactName`: trustee contact name.
    #[serde(
        rename = "trusteeContactName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_contact_name: Option<String>,
    /// `trusteeDeptName`: trustee contact department.
    #[serde(
        rename = "trusteeDeptName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_dept_name: Option<String>,
    /// `trusteeTEL`: trustee contact phone.
    #[serde(
        rename = "trusteeTEL",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_tel: Option<String>,
    /// `trusteeEmail`: trustee contact e-mail.
    #[serde(
        rename = "trusteeEmail",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub trustee_email: Option<String>,
    /// `modifyCode`: amendment reason (amended types 2xx/4xx); a number on the wire.
    #[serde(
        rename = "modifyCode",
        default,
        deserialize_with = "super::opt_int_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub modify_code: Option<ModifyCode>,
    /// `orgNTSConfirmNum`: NTS number of the original invoice (amended types).
    #[serde(
        rename = "orgNTSConfirmNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub org_nts_confirm_num: Option<String>,
    /// `detailList`: line items (at most 99).
    #[serde(rename = "detailList", default, skip_serializing_if = "Vec::is_empty")]
    pub detail_list: Vec<HtTaxinvoiceDetail>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One line item (`detailList[]`) of a crawled e-Tax invoice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HtTaxinvoiceDetail {
    /// `serialNum`: line number (1-based); a number on the wire.
    #[serde(
        rename = "serialNum",
        default,
        deserialize_with = "opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub serial_num: Option<i64>,
    /// `purchaseDT`: transaction date `yyyyMMdd`.
    #[serde(
        rename = "purchaseDT",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchase_dt: Option<String>,
    /// `itemName`: item name.
    #[serde(
        rename = "itemName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_name: Option<String>,
    /// `spec`: specification.
    #[serde(
        rename = "spec",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub spec: Option<String>,
    /// `qty`: quantity.
    #[serde(
        rename = "qty",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub qty: Option<String>,
    /// `unitCost`: unit price.
    #[serde(
        rename = "unitCost",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_cost: Option<String>,
    /// `supplyCost`: supply value.
    #[serde(
        rename = "supplyCost",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supply_cost: Option<String>,
    /// `tax`: tax.
    #[serde(
        rename = "tax",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax: Option<String>,
    /// `remark`: remark.
    #[serde(
        rename = "remark",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of an `HT.CASHBILL` webhook: one cash receipt crawled from HomeTax.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HtCashbill {
    /// `ntsconfirmNum`: NTS approval number.
    #[serde(
        rename = "ntsconfirmNum",
        default,
        deserialize_with = "string_or_default"
    )]
    pub nts_confirm_num: String,
    /// `tradeDate`: trade date `yyyyMMdd`.
    #[serde(rename = "tradeDate", default, deserialize_with = "string_or_default")]
    pub trade_date: String,
    /// `tradeDT`: trade time `yyyyMMddHHmmss`.
    #[serde(rename = "tradeDT", default, deserialize_with = "string_or_default")]
    pub trade_dt: String,
    /// `tradeType`: `승인거래` approval · `취소거래` cancellation.
    #[serde(rename = "tradeType", default, deserialize_with = "string_or_default")]
    pub trade_type: String,
    /// `tradeUsage`: `소득공제용` income deduction · `지출증빙용` expense proof.
    #[serde(rename = "tradeUsage", default, deserialize_with = "string_or_default")]
    pub trade_usage: String,
    /// `totalAmount`: total amount.
    #[serde(
        rename = "totalAmount",
        default,
        deserialize_with = "string_or_default"
    )]
    pub total_amount: String,
    /// `supplyCost`: supply value.
    #[serde(rename = "supplyCost", default, deserialize_with = "string_or_default")]
    pub supply_cost: String,
    /// `tax`: tax.
    #[serde(rename = "tax", default, deserialize_with = "string_or_default")]
    pub tax: String,
    /// `serviceFee`: service fee.
    #[serde(rename = "serviceFee", default, deserialize_with = "string_or_default")]
    pub service_fee: String,
    /// `invoiceType`: `매입` purchase · `매출` sales.
    #[serde(
        rename = "invoiceType",
        default,
        deserialize_with = "string_or_default"
    )]
    pub invoice_type: String,
    /// `franchiseCorpNum`: merchant registration number (likely).
    #[serde(
        rename = "franchiseCorpNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub franchise_corp_num: Option<String>,
    /// `franchiseCorpName`: merchant name (likely).
    #[serde(
        rename = "franchiseCorpName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub franchise_corp_name: Option<String>,
    /// `franchiseCorpType`: merchant type (likely).
    #[serde(
        rename = "franchiseCorpType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub franchise_corp_type: Option<String>,
    /// `identityNum`: customer identity number (likely).
    #[serde(
        rename = "identityNum",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_num: Option<String>,
    /// `identityNumType`: kind of identity number (likely).
    #[serde(
        rename = "identityNumType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_num_type: Option<String>,
    /// `customerName`: customer name (likely).
    #[serde(
        rename = "customerName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_name: Option<String>,
    /// `cardOwnerName`: card owner name (likely).
    #[serde(
        rename = "cardOwnerName",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub card_owner_name: Option<String>,
    /// `deductionType`: deduction type (likely).
    #[serde(
        rename = "deductionType",
        default,
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub deduction_type: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

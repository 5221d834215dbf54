//! `Taxinvoice`, its lines `TaxinvoiceDetail` and extra contacts
//! `TaxinvoiceAddContact`.
//!
//! The same object is the request body of register/update/registIssue/registRequest/bulk and
//! the answer of getDetailInfo, so every field is optional: text, ids and dates are kept as
//! received (the validation rules, not the types, judge them), codes keep unknown values,
//! amounts are [`Amount`] and quantities/unit costs [`Decimal`]. `None` fields are omitted on
//! the wire.

use serde::{Deserialize, Serialize};

use super::Blankable;
use crate::codes::{
    ChargeDirection, CloseDownState, InvoiceeType, IssueTiming, IssueType, ModifyCode, PurposeType,
    TaxType,
};
use crate::{Amount, CorpNum, Date8, Decimal, MgtKey, NtsConfirmNum, WireText, lenient};

/// An e-Tax invoice (전자세금계산서): document, invoicer, invoicee and trustee blocks, lines
/// and extra contacts. JSON keys are exactly POPBiLL's (`invoiceeTEL1`, `businessLicenseYN`,
/// `orgNTSConfirmNum`, ...).
///
/// ```
/// use popbill_model::Amount;
/// use popbill_model::codes::{IssueType, PurposeType, TaxType};
/// use popbill_model::taxinvoice::Taxinvoice;
/// let inv = Taxinvoice::new(IssueType::Forward, TaxType::Taxable, PurposeType::Claim, "20250101")
///     .set_invoicer_mgt_key("INV-0001")
///     .set_supply_cost_total(100_000)
///     .set_tax_total(10_000)
///     .set_total_amount(110_000);
/// let json = serde_json::to_value(&inv).unwrap();
/// assert_eq!(json["taxType"], "과세");
/// assert_eq!(json["totalAmount"], "110000");
/// assert!(json.get("invoiceeTEL1").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct Taxinvoice {
    // ---- Document ----
    /// `writeDate`: 작성일자 `yyyyMMdd` (required).
    #[serde(
        rename = "writeDate",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub write_date: Option<String>,
    /// `chargeDirection`: 과금방향: `정과금` or `역과금` (required; 역과금 only with 역발행).
    #[serde(rename = "chargeDirection", skip_serializing_if = "Option::is_none")]
    pub charge_direction: Option<ChargeDirection>,
    /// `issueType`: 발행형태: `정발행`, `역발행` or `위수탁` (required).
    #[serde(rename = "issueType", skip_serializing_if = "Option::is_none")]
    pub issue_type: Option<IssueType>,
    /// `issueTiming`: Legacy 발행예정 timing: `직접발행` or `승인시자동발행`.
    #[serde(rename = "issueTiming", skip_serializing_if = "Option::is_none")]
    pub issue_timing: Option<IssueTiming>,
    /// `purposeType`: 영수/청구: `영수`, `청구` or `없음` (required).
    #[serde(rename = "purposeType", skip_serializing_if = "Option::is_none")]
    pub purpose_type: Option<PurposeType>,
    /// `taxType`: 과세형태: `과세`, `영세` or `면세` (required).
    #[serde(rename = "taxType", skip_serializing_if = "Option::is_none")]
    pub tax_type: Option<TaxType>,
    // ---- Invoicer (공급자) ----
    /// `invoicerCorpNum`: Seller business number, 10 digits without hyphens (required).
    #[serde(
        rename = "invoicerCorpNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_corp_num: Option<String>,
    /// `invoicerTaxRegID`: Seller 종사업장 number, 4 digits.
    #[serde(
        rename = "invoicerTaxRegID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_tax_reg_id: Option<String>,
    /// `invoicerCorpName`: Seller company name, ≤ 200 (required).
    #[serde(
        rename = "invoicerCorpName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_corp_name: Option<String>,
    /// `invoicerMgtKey`: Seller document number, ≤ 24 of `A-Z a-z 0-9 - _` (required for 정발행).
    #[serde(
        rename = "invoicerMgtKey",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_mgt_key: Option<String>,
    /// `invoicerCEOName`: Seller representative, ≤ 100 (required).
    #[serde(
        rename = "invoicerCEOName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_ceo_name: Option<String>,
    /// `invoicerAddr`: Seller address, ≤ 300.
    #[serde(
        rename = "invoicerAddr",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_addr: Option<String>,
    /// `invoicerBizClass`: Seller 종목 (business item), ≤ 100.
    #[serde(
        rename = "invoicerBizClass",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_biz_class: Option<String>,
    /// `invoicerBizType`: Seller 업태 (business type), ≤ 100.
    #[serde(
        rename = "invoicerBizType",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_biz_type: Option<String>,
    /// `invoicerContactName`: Seller contact name, ≤ 100.
    #[serde(
        rename = "invoicerContactName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_contact_name: Option<String>,
    /// `invoicerDeptName`: Seller contact department, ≤ 100.
    #[serde(
        rename = "invoicerDeptName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_dept_name: Option<String>,
    /// `invoicerEmail`: Seller contact e-mail, ≤ 100.
    #[serde(
        rename = "invoicerEmail",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_email: Option<String>,
    /// `invoicerTEL`: Seller contact phone, ≤ 20.
    #[serde(
        rename = "invoicerTEL",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_tel: Option<String>,
    /// `invoicerHP`: Seller contact mobile, ≤ 20.
    #[serde(
        rename = "invoicerHP",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicer_hp: Option<String>,
    /// `invoicerSMSSendYN`: Send an issuance SMS to `invoiceeHP1` (charged).
    #[serde(
        rename = "invoicerSMSSendYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub invoicer_sms_send_yn: Option<bool>,
    // ---- Invoicee (공급받는자) ----
    /// `invoiceeType`: Buyer kind: `사업자`, `개인` or `외국인` (required).
    #[serde(rename = "invoiceeType", skip_serializing_if = "Option::is_none")]
    pub invoicee_type: Option<InvoiceeType>,
    /// `invoiceeCorpNum`: Buyer id: 10-digit business number, 13-digit resident number, or `9999999999999` for a foreigner (required).
    #[serde(
        rename = "invoiceeCorpNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_corp_num: Option<String>,
    /// `invoiceeTaxRegID`: Buyer 종사업장 number, 4 digits.
    #[serde(
        rename = "invoiceeTaxRegID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_tax_reg_id: Option<String>,
    /// `invoiceeCorpName`: Buyer company name, ≤ 200 (required).
    #[serde(
        rename = "invoiceeCorpName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_corp_name: Option<String>,
    /// `invoiceeMgtKey`: Buyer document number, ≤ 24 (required for 역발행).
    #[serde(
        rename = "invoiceeMgtKey",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_mgt_key: Option<String>,
    /// `invoiceeCEOName`: Buyer representative, ≤ 100 (required).
    #[serde(
        rename = "invoiceeCEOName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_ceo_name: Option<String>,
    /// `invoiceeAddr`: Buyer address, ≤ 300.
    #[serde(
        rename = "invoiceeAddr",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_addr: Option<String>,
    /// `invoiceeBizClass`: Buyer 종목, ≤ 100.
    #[serde(
        rename = "invoiceeBizClass",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_biz_class: Option<String>,
    /// `invoiceeBizType`: Buyer 업태, ≤ 100.
    #[serde(
        rename = "invoiceeBizType",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_biz_type: Option<String>,
    /// `invoiceeContactName1`: Buyer main contact name, ≤ 100.
    #[serde(
        rename = "invoiceeContactName1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_contact_name1: Option<String>,
    /// `invoiceeDeptName1`: Buyer main contact department, ≤ 100.
    #[serde(
        rename = "invoiceeDeptName1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_dept_name1: Option<String>,
    /// `invoiceeEmail1`: Buyer main notification e-mail, ≤ 100.
    #[serde(
        rename = "invoiceeEmail1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_email1: Option<String>,
    /// `invoiceeTEL1`: Buyer main contact phone, ≤ 20.
    #[serde(
        rename = "invoiceeTEL1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_tel1: Option<String>,
    /// `invoiceeHP1`: Buyer main contact mobile, ≤ 20.
    #[serde(
        rename = "invoiceeHP1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_hp1: Option<String>,
    /// `invoiceeContactName2`: Buyer second contact name, ≤ 30 (sources disagree: 30 or 100; the smaller is used).
    #[serde(
        rename = "invoiceeContactName2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_contact_name2: Option<String>,
    /// `invoiceeDeptName2`: Buyer second contact department, ≤ 40 (sources disagree: 40 or 100).
    #[serde(
        rename = "invoiceeDeptName2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_dept_name2: Option<String>,
    /// `invoiceeEmail2`: Buyer second contact e-mail, ≤ 70 (sources disagree: 70 or 100).
    #[serde(
        rename = "invoiceeEmail2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_email2: Option<String>,
    /// `invoiceeTEL2`: Buyer second contact phone, ≤ 20.
    #[serde(
        rename = "invoiceeTEL2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_tel2: Option<String>,
    /// `invoiceeHP2`: Buyer second contact mobile, ≤ 20.
    #[serde(
        rename = "invoiceeHP2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub invoicee_hp2: Option<String>,
    /// `invoiceeSMSSendYN`: 역발행: send the request SMS to `invoicerHP` (charged).
    #[serde(
        rename = "invoiceeSMSSendYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub invoicee_sms_send_yn: Option<bool>,
    // ---- Trustee (수탁자, 위수탁 only) ----
    /// `trusteeCorpNum`: Trustee business number, 10 digits (required for 위수탁).
    #[serde(
        rename = "trusteeCorpNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_corp_num: Option<String>,
    /// `trusteeTaxRegID`: Trustee 종사업장 number, 4 digits.
    #[serde(
        rename = "trusteeTaxRegID",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_tax_reg_id: Option<String>,
    /// `trusteeCorpName`: Trustee company name, ≤ 200 (required for 위수탁).
    #[serde(
        rename = "trusteeCorpName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_corp_name: Option<String>,
    /// `trusteeMgtKey`: Trustee document number, ≤ 24 (required for 위수탁).
    #[serde(
        rename = "trusteeMgtKey",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_mgt_key: Option<String>,
    /// `trusteeCEOName`: Trustee representative, ≤ 100 (required for 위수탁).
    #[serde(
        rename = "trusteeCEOName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_ceo_name: Option<String>,
    /// `trusteeAddr`: Trustee address, ≤ 300.
    #[serde(
        rename = "trusteeAddr",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_addr: Option<String>,
    /// `trusteeBizClass`: Trustee 종목, ≤ 100.
    #[serde(
        rename = "trusteeBizClass",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_biz_class: Option<String>,
    /// `trusteeBizType`: Trustee 업태, ≤ 100.
    #[serde(
        rename = "trusteeBizType",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_biz_type: Option<String>,
    /// `trusteeContactName`: Trustee contact name, ≤ 100.
    #[serde(
        rename = "trusteeContactName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_contact_name: Option<String>,
    /// `trusteeDeptName`: Trustee contact department, ≤ 100.
    #[serde(
        rename = "trusteeDeptName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_dept_name: Option<String>,
    /// `trusteeEmail`: Trustee contact e-mail, ≤ 100.
    #[serde(
        rename = "trusteeEmail",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_email: Option<String>,
    /// `trusteeTEL`: Trustee contact phone, ≤ 20.
    #[serde(
        rename = "trusteeTEL",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_tel: Option<String>,
    /// `trusteeHP`: Trustee contact mobile, ≤ 20 (assumed; undocumented).
    #[serde(
        rename = "trusteeHP",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub trustee_hp: Option<String>,
    /// `trusteeSMSSendYN`: Send an SMS for the trustee issuance (charged).
    #[serde(
        rename = "trusteeSMSSendYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub trustee_sms_send_yn: Option<bool>,
    // ---- Amounts and document details ----
    /// `supplyCostTotal`: 공급가액 합계 (required).
    #[serde(rename = "supplyCostTotal", skip_serializing_if = "Option::is_none")]
    pub supply_cost_total: Option<Amount>,
    /// `taxTotal`: 세액 합계 (required; 0 for 영세/면세).
    #[serde(rename = "taxTotal", skip_serializing_if = "Option::is_none")]
    pub tax_total: Option<Amount>,
    /// `totalAmount`: 합계금액 = supplyCostTotal + taxTotal (required).
    #[serde(rename = "totalAmount", skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Amount>,
    /// `modifyCode`: 수정사유 1-6 of a revised invoice (with `orgNTSConfirmNum`).
    #[serde(rename = "modifyCode", skip_serializing_if = "Option::is_none")]
    pub modify_code: Option<ModifyCode>,
    /// `orgNTSConfirmNum`: NTS confirm number of the original invoice, 24 characters (revised invoices only).
    #[serde(
        rename = "orgNTSConfirmNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub org_nts_confirm_num: Option<String>,
    /// `originalTaxinvoiceKey`: Legacy POPBiLL key of the original invoice; superseded by `orgNTSConfirmNum`.
    #[serde(
        rename = "originalTaxinvoiceKey",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub original_taxinvoice_key: Option<String>,
    /// `serialNum`: 일련번호 printed on the form, ≤ 30.
    #[serde(
        rename = "serialNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub serial_num: Option<String>,
    /// `cash`: Payment breakdown: cash (현금).
    #[serde(rename = "cash", skip_serializing_if = "Option::is_none")]
    pub cash: Option<Blankable<Amount>>,
    /// `chkBill`: Payment breakdown: cheque (수표).
    #[serde(rename = "chkBill", skip_serializing_if = "Option::is_none")]
    pub chk_bill: Option<Blankable<Amount>>,
    /// `note`: Payment breakdown: promissory note (어음).
    #[serde(rename = "note", skip_serializing_if = "Option::is_none")]
    pub note: Option<Blankable<Amount>>,
    /// `credit`: Payment breakdown: credit (외상미수금).
    #[serde(rename = "credit", skip_serializing_if = "Option::is_none")]
    pub credit: Option<Blankable<Amount>>,
    /// `remark1`: 비고 1, ≤ 150; the alien-registration or passport number for a foreign buyer (then required).
    #[serde(
        rename = "remark1",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub remark1: Option<String>,
    /// `remark2`: 비고 2, ≤ 150.
    #[serde(
        rename = "remark2",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub remark2: Option<String>,
    /// `remark3`: 비고 3, ≤ 150.
    #[serde(
        rename = "remark3",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub remark3: Option<String>,
    /// `kwon`: 권 (book volume), 0..=32767.
    #[serde(
        rename = "kwon",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub kwon: Option<i64>,
    /// `ho`: 호 (book number), 0..=32767.
    #[serde(
        rename = "ho",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub ho: Option<i64>,
    /// `businessLicenseYN`: Attach the registered business-licence image.
    #[serde(
        rename = "businessLicenseYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub business_license_yn: Option<bool>,
    /// `bankBookYN`: Attach the registered bankbook copy.
    #[serde(
        rename = "bankBookYN",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_bool"
    )]
    pub bank_book_yn: Option<bool>,
    /// `detailList`: the lines (품목), at most 99, `serialNum` 1..n.
    #[serde(rename = "detailList", skip_serializing_if = "Option::is_none")]
    pub detail_list: Option<Vec<TaxinvoiceDetail>>,
    /// `addContactList`: extra buyer contacts, at most 5, `serialNum` 1..n.
    #[serde(rename = "addContactList", skip_serializing_if = "Option::is_none")]
    pub add_contact_list: Option<Vec<TaxinvoiceAddContact>>,
    // ---- Response-only (getDetailInfo) ----
    /// `ntsconfirmNum` (lowercase `c`): NTS confirm number assigned at issuance. Response only.
    #[serde(
        rename = "ntsconfirmNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub nts_confirm_num: Option<String>,
    /// `closeDownState`: the buyer's business status at issuance. Response only.
    #[serde(rename = "closeDownState", skip_serializing_if = "Option::is_none")]
    pub close_down_state: Option<CloseDownState>,
    /// `closeDownStateDate`: `yyyyMMdd` of closure/suspension (states 2 and 3). Response only.
    #[serde(
        rename = "closeDownStateDate",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub close_down_state_date: Option<String>,
}

impl Taxinvoice {
    /// A new invoice with the four document codes and the write date; `chargeDirection` is
    /// set to `정과금` (change it with [`Taxinvoice::set_charge_direction`] for 역과금).
    pub fn new(
        issue_type: IssueType,
        tax_type: TaxType,
        purpose_type: PurposeType,
        write_date: impl WireText<Date8>,
    ) -> Self {
        Taxinvoice {
            write_date: Some(write_date.into_text()),
            charge_direction: Some(ChargeDirection::Forward),
            issue_type: Some(issue_type),
            purpose_type: Some(purpose_type),
            tax_type: Some(tax_type),
            ..Default::default()
        }
    }

    /// Sets `writeDate` from a [`Date8`].
    pub fn set_write_date_ymd(mut self, d: Date8) -> Self {
        self.write_date = Some(d.to_string());
        self
    }

    /// Sets `detailList`.
    pub fn set_detail_list(mut self, lines: Vec<TaxinvoiceDetail>) -> Self {
        self.detail_list = Some(lines);
        self
    }

    /// Appends a line, giving it the next `serialNum` when it has none.
    pub fn add_detail(mut self, mut line: TaxinvoiceDetail) -> Self {
        let list = self.detail_list.get_or_insert_with(Vec::new);
        if line.serial_num.is_none() {
            line.serial_num = i64::try_from(list.len()).ok().map(|n| n + 1);
        }
        list.push(line);
        self
    }

    /// Sets `addContactList`.
    pub fn set_add_contact_list(mut self, contacts: Vec<TaxinvoiceAddContact>) -> Self {
        self.add_contact_list = Some(contacts);
        self
    }

    /// Appends an extra contact, giving it the next `serialNum` when it has none.
    pub fn add_contact(mut self, mut contact: TaxinvoiceAddContact) -> Self {
        let list = self.add_contact_list.get_or_insert_with(Vec::new);
        if contact.serial_num.is_none() {
            contact.serial_num = i64::try_from(list.len()).ok().map(|n| n + 1);
        }
        list.push(contact);
        self
    }

    /// The document number that addresses this invoice for its issue type: `trusteeMgtKey`
    /// for 위수탁, `invoiceeMgtKey` for 역발행, `invoicerMgtKey` otherwise.
    pub fn primary_mgt_key(&self) -> Option<&str> {
        let key = match self.issue_type {
            Some(IssueType::Trustee) => &self.trustee_mgt_key,
            Some(IssueType::Reverse) => &self.invoicee_mgt_key,
            _ => &self.invoicer_mgt_key,
        };
        key.as_deref().filter(|k| !k.is_empty())
    }

    /// True when this is a revised (수정) invoice: a `modifyCode` or an `orgNTSConfirmNum`
    /// is present.
    pub fn is_revised(&self) -> bool {
        self.modify_code.is_some()
            || self
                .org_nts_confirm_num
                .as_deref()
                .is_some_and(|s| !s.is_empty())
    }

    /// The lines, or an empty slice.
    pub fn details(&self) -> &[TaxinvoiceDetail] {
        self.detail_list.as_deref().unwrap_or_default()
    }

    /// The extra contacts, or an empty slice.
    pub fn contacts(&self) -> &[TaxinvoiceAddContact] {
        self.add_contact_list.as_deref().unwrap_or_default()
    }
}

setters!(Taxinvoice {
    /// Sets `writeDate`.
    set_write_date => write_date: text_of<Date8>,
    /// Sets `chargeDirection`.
    set_charge_direction => charge_direction: value<ChargeDirection>,
    /// Sets `issueType`.
    set_issue_type => issue_type: value<IssueType>,
    /// Sets `issueTiming`.
    set_issue_timing => issue_timing: value<IssueTiming>,
    /// Sets `purposeType`.
    set_purpose_type => purpose_type: value<PurposeType>,
    /// Sets `taxType`.
    set_tax_type => tax_type: value<TaxType>,
    /// Sets `invoicerCorpNum`.
    set_invoicer_corp_num => invoicer_corp_num: text_of<CorpNum>,
    /// Sets `invoicerTaxRegID`.
    set_invoicer_tax_reg_id => invoicer_tax_reg_id: text,
    /// Sets `invoicerCorpName`.
    set_invoicer_corp_name => invoicer_corp_name: text,
    /// Sets `invoicerMgtKey`.
    set_invoicer_mgt_key => invoicer_mgt_key: text_of<MgtKey>,
    /// Sets `invoicerCEOName`.
    set_invoicer_ceo_name => invoicer_ceo_name: text,
    /// Sets `invoicerAddr`.
    set_invoicer_addr => invoicer_addr: text,
    /// Sets `invoicerBizClass`.
    set_invoicer_biz_class => invoicer_biz_class: text,
    /// Sets `invoicerBizType`.
    set_invoicer_biz_type => invoicer_biz_type: text,
    /// Sets `invoicerContactName`.
    set_invoicer_contact_name => invoicer_contact_name: text,
    /// Sets `invoicerDeptName`.
    set_invoicer_dept_name => invoicer_dept_name: text,
    /// Sets `invoicerEmail`.
    set_invoicer_email => invoicer_email: text,
    /// Sets `invoicerTEL`.
    set_invoicer_tel => invoicer_tel: text,
    /// Sets `invoicerHP`.
    set_invoicer_hp => invoicer_hp: text,
    /// Sets `invoicerSMSSendYN`.
    set_invoicer_sms_send_yn => invoicer_sms_send_yn: value<bool>,
    /// Sets `invoiceeType`.
    set_invoicee_type => invoicee_type: value<InvoiceeType>,
    /// Sets `invoiceeCorpNum`.
    set_invoicee_corp_num => invoicee_corp_num: text_of<CorpNum>,
    /// Sets `invoiceeTaxRegID`.
    set_invoicee_tax_reg_id => invoicee_tax_reg_id: text,
    /// Sets `invoiceeCorpName`.
    set_invoicee_corp_name => invoicee_corp_name: text,
    /// Sets `invoiceeMgtKey`.
    set_invoicee_mgt_key => invoicee_mgt_key: text_of<MgtKey>,
    /// Sets `invoiceeCEOName`.
    set_invoicee_ceo_name => invoicee_ceo_name: text,
    /// Sets `invoiceeAddr`.
    set_invoicee_addr => invoicee_addr: text,
    /// Sets `invoiceeBizClass`.
    set_invoicee_biz_class => invoicee_biz_class: text,
    /// Sets `invoiceeBizType`.
    set_invoicee_biz_type => invoicee_biz_type: text,
    /// Sets `invoiceeContactName1`.
    set_invoicee_contact_name1 => invoicee_contact_name1: text,
    /// Sets `invoiceeDeptName1`.
    set_invoicee_dept_name1 => invoicee_dept_name1: text,
    /// Sets `invoiceeEmail1`.
    set_invoicee_email1 => invoicee_email1: text,
    /// Sets `invoiceeTEL1`.
    set_invoicee_tel1 => invoicee_tel1: text,
    /// Sets `invoiceeHP1`.
    set_invoicee_hp1 => invoicee_hp1: text,
    /// Sets `invoiceeContactName2`.
    set_invoicee_contact_name2 => invoicee_contact_name2: text,
    /// Sets `invoiceeDeptName2`.
    set_invoicee_dept_name2 => invoicee_dept_name2: text,
    /// Sets `invoiceeEmail2`.
    set_invoicee_email2 => invoicee_email2: text,
    /// Sets `invoiceeTEL2`.
    set_invoicee_tel2 => invoicee_tel2: text,
    /// Sets `invoiceeHP2`.
    set_invoicee_hp2 => invoicee_hp2: text,
    /// Sets `invoiceeSMSSendYN`.
    set_invoicee_sms_send_yn => invoicee_sms_send_yn: value<bool>,
    /// Sets `trusteeCorpNum`.
    set_trustee_corp_num => trustee_corp_num: text_of<CorpNum>,
    /// Sets `trusteeTaxRegID`.
    set_trustee_tax_reg_id => trustee_tax_reg_id: text,
    /// Sets `trusteeCorpName`.
    set_trustee_corp_name => trustee_corp_name: text,
    /// Sets `trusteeMgtKey`.
    set_trustee_mgt_key => trustee_mgt_key: text_of<MgtKey>,
    /// Sets `trusteeCEOName`.
    set_trustee_ceo_name => trustee_ceo_name: text,
    /// Sets `trusteeAddr`.
    set_trustee_addr => trustee_addr: text,
    /// Sets `trusteeBizClass`.
    set_trustee_biz_class => trustee_biz_class: text,
    /// Sets `trusteeBizType`.
    set_trustee_biz_type => trustee_biz_type: text,
    /// Sets `trusteeContactName`.
    set_trustee_contact_name => trustee_contact_name: text,
    /// Sets `trusteeDeptName`.
    set_trustee_dept_name => trustee_dept_name: text,
    /// Sets `trusteeEmail`.
    set_trustee_email => trustee_email: text,
    /// Sets `trusteeTEL`.
    set_trustee_tel => trustee_tel: text,
    /// Sets `trusteeHP`.
    set_trustee_hp => trustee_hp: text,
    /// Sets `trusteeSMSSendYN`.
    set_trustee_sms_send_yn => trustee_sms_send_yn: value<bool>,
    /// Sets `supplyCostTotal`.
    set_supply_cost_total => supply_cost_total: amount,
    /// Sets `taxTotal`.
    set_tax_total => tax_total: amount,
    /// Sets `totalAmount`.
    set_total_amount => total_amount: amount,
    /// Sets `modifyCode`.
    set_modify_code => modify_code: value<ModifyCode>,
    /// Sets `orgNTSConfirmNum`.
    set_org_nts_confirm_num => org_nts_confirm_num: text_of<NtsConfirmNum>,
    /// Sets `originalTaxinvoiceKey`.
    set_original_taxinvoice_key => original_taxinvoice_key: text,
    /// Sets `serialNum`.
    set_serial_num => serial_num: text,
    /// Sets `cash`.
    set_cash => cash: blank_amount,
    /// Sets `chkBill`.
    set_chk_bill => chk_bill: blank_amount,
    /// Sets `note`.
    set_note => note: blank_amount,
    /// Sets `credit`.
    set_credit => credit: blank_amount,
    /// Sets `remark1`.
    set_remark1 => remark1: text,
    /// Sets `remark2`.
    set_remark2 => remark2: text,
    /// Sets `remark3`.
    set_remark3 => remark3: text,
    /// Sets `kwon`.
    set_kwon => kwon: value<i64>,
    /// Sets `ho`.
    set_ho => ho: value<i64>,
    /// Sets `businessLicenseYN`.
    set_business_license_yn => business_license_yn: value<bool>,
    /// Sets `bankBookYN`.
    set_bank_book_yn => bank_book_yn: value<bool>,
});

/// One line (품목) of `detailList`.
///
/// ```
/// use popbill_model::taxinvoice::TaxinvoiceDetail;
/// let line = TaxinvoiceDetail::new(1).set_item_name("컨설팅").set_qty("1.5".parse().unwrap());
/// assert_eq!(serde_json::to_value(&line).unwrap()["qty"], "1.5");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceDetail {
    /// `serialNum`: 1, 2, 3, ... consecutive, at most 99 (required).
    #[serde(
        rename = "serialNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub serial_num: Option<i64>,
    /// `purchaseDT`: 거래일자 `yyyyMMdd`.
    #[serde(
        rename = "purchaseDT",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub purchase_dt: Option<String>,
    /// `itemName`: 품목명, ≤ 100.
    #[serde(
        rename = "itemName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub item_name: Option<String>,
    /// `spec`: 규격, ≤ 60.
    #[serde(
        rename = "spec",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub spec: Option<String>,
    /// `qty`: quantity, at most 2 decimals, ≤ 12 characters, may be negative.
    #[serde(rename = "qty", skip_serializing_if = "Option::is_none")]
    pub qty: Option<Blankable<Decimal>>,
    /// `unitCost`: unit price, at most 2 decimals, ≤ 18 characters, may be negative.
    #[serde(rename = "unitCost", skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<Blankable<Decimal>>,
    /// `supplyCost`: 공급가액 of the line, whole won.
    #[serde(rename = "supplyCost", skip_serializing_if = "Option::is_none")]
    pub supply_cost: Option<Blankable<Amount>>,
    /// `tax`: 세액 of the line, whole won (0 for 영세/면세).
    #[serde(rename = "tax", skip_serializing_if = "Option::is_none")]
    pub tax: Option<Blankable<Amount>>,
    /// `remark`: 비고, ≤ 100.
    #[serde(
        rename = "remark",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub remark: Option<String>,
}

setters!(TaxinvoiceDetail {
    /// Sets `serialNum`.
    set_serial_num => serial_num: value<i64>,
    /// Sets `purchaseDT`.
    set_purchase_dt => purchase_dt: text_of<Date8>,
    /// Sets `itemName`.
    set_item_name => item_name: text,
    /// Sets `spec`.
    set_spec => spec: text,
    /// Sets `qty`.
    set_qty => qty: blank<Decimal>,
    /// Sets `unitCost`.
    set_unit_cost => unit_cost: blank<Decimal>,
    /// Sets `supplyCost`.
    set_supply_cost => supply_cost: blank_amount,
    /// Sets `tax`.
    set_tax => tax: blank_amount,
    /// Sets `remark`.
    set_remark => remark: text,
});

impl TaxinvoiceDetail {
    /// A line with its `serialNum`.
    pub fn new(serial_num: i64) -> Self {
        TaxinvoiceDetail {
            serial_num: Some(serial_num),
            ..Default::default()
        }
    }

    /// `qty` when given (not blank).
    pub fn qty_value(&self) -> Option<Decimal> {
        self.qty.and_then(|b| b.value())
    }

    /// `unitCost` when given (not blank).
    pub fn unit_cost_value(&self) -> Option<Decimal> {
        self.unit_cost.and_then(|b| b.value())
    }

    /// `supplyCost` when given (not blank).
    pub fn supply_cost_value(&self) -> Option<Amount> {
        self.supply_cost.and_then(|b| b.value())
    }

    /// `tax` when given (not blank).
    pub fn tax_value(&self) -> Option<Amount> {
        self.tax.and_then(|b| b.value())
    }
}

/// One extra buyer contact of `addContactList`; the issuance mail is sent to each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceAddContact {
    /// `serialNum`: 1..5 consecutive (required).
    #[serde(
        rename = "serialNum",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_i64"
    )]
    pub serial_num: Option<i64>,
    /// `contactName`: ≤ 100 (required).
    #[serde(
        rename = "contactName",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub contact_name: Option<String>,
    /// `email`: ≤ 100 (required).
    #[serde(
        rename = "email",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub email: Option<String>,
}

impl TaxinvoiceAddContact {
    /// A contact with its `serialNum`, name and e-mail.
    pub fn new(serial_num: i64, contact_name: impl Into<String>, email: impl Into<String>) -> Self {
        TaxinvoiceAddContact {
            serial_num: Some(serial_num),
            contact_name: Some(contact_name.into()),
            email: Some(email.into()),
        }
    }
}

impl Taxinvoice {
    /// The payment breakdown amounts that are given: `cash`, `chkBill`, `note`, `credit`.
    pub fn payment_amounts(&self) -> [(&'static str, Option<Amount>); 4] {
        [
            ("cash", self.cash.and_then(|b| b.value())),
            ("chkBill", self.chk_bill.and_then(|b| b.value())),
            ("note", self.note.and_then(|b| b.value())),
            ("credit", self.credit.and_then(|b| b.value())),
        ]
    }
}

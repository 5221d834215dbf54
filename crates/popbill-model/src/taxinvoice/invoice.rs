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
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct Taxinvoice {
    // ---- Document ----
    /// `writeDate`: 작성일자 `yyyyMMdd` (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub write_date: Option<String>,
    /// `chargeDirection`: 과금방향: `정과금` or `역과금` (required; 역과금 only with 역발행).
    pub charge_direction: Option<ChargeDirection>,
    /// `issueType`: 발행형태: `정발행`, `역발행` or `위수탁` (required).
    pub issue_type: Option<IssueType>,
    /// `issueTiming`: Legacy 발행예정 timing: `직접발행` or `승인시자동발행`.
    pub issue_timing: Option<IssueTiming>,
    /// `purposeType`: 영수/청구: `영수`, `청구` or `없음` (required).
    pub purpose_type: Option<PurposeType>,
    /// `taxType`: 과세형태: `과세`, `영세` or `면세` (required).
    pub tax_type: Option<TaxType>,
    // ---- Invoicer (공급자) ----
    /// `invoicerCorpNum`: Seller business number, 10 digits without hyphens (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_corp_num: Option<String>,
    /// `invoicerTaxRegID`: Seller 종사업장 number, 4 digits.
    #[serde(rename = "invoicerTaxRegID", deserialize_with = "lenient::opt_string")]
    pub invoicer_tax_reg_id: Option<String>,
    /// `invoicerCorpName`: Seller company name, ≤ 200 (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_corp_name: Option<String>,
    /// `invoicerMgtKey`: Seller document number, ≤ 24 of `A-Z a-z 0-9 - _` (required for 정발행).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_mgt_key: Option<String>,
    /// `invoicerCEOName`: Seller representative, ≤ 100 (required).
    #[serde(rename = "invoicerCEOName", deserialize_with = "lenient::opt_string")]
    pub invoicer_ceo_name: Option<String>,
    /// `invoicerAddr`: Seller address, ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_addr: Option<String>,
    /// `invoicerBizClass`: Seller 종목 (business item), ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_biz_class: Option<String>,
    /// `invoicerBizType`: Seller 업태 (business type), ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_biz_type: Option<String>,
    /// `invoicerContactName`: Seller contact name, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_contact_name: Option<String>,
    /// `invoicerDeptName`: Seller contact department, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_dept_name: Option<String>,
    /// `invoicerEmail`: Seller contact e-mail, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_email: Option<String>,
    /// `invoicerTEL`: Seller contact phone, ≤ 20.
    #[serde(rename = "invoicerTEL", deserialize_with = "lenient::opt_string")]
    pub invoicer_tel: Option<String>,
    /// `invoicerHP`: Seller contact mobile, ≤ 20.
    #[serde(rename = "invoicerHP", deserialize_with = "lenient::opt_string")]
    pub invoicer_hp: Option<String>,
    /// `invoicerSMSSendYN`: Send an issuance SMS to `invoiceeHP1` (charged).
    #[serde(rename = "invoicerSMSSendYN", deserialize_with = "lenient::opt_bool")]
    pub invoicer_sms_send_yn: Option<bool>,
    // ---- Invoicee (공급받는자) ----
    /// `invoiceeType`: Buyer kind: `사업자`, `개인` or `외국인` (required).
    pub invoicee_type: Option<InvoiceeType>,
    /// `invoiceeCorpNum`: Buyer id: 10-digit business number, 13-digit resident number, or `9999999999999` for a foreigner (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_corp_num: Option<String>,
    /// `invoiceeTaxRegID`: Buyer 종사업장 number, 4 digits.
    #[serde(rename = "invoiceeTaxRegID", deserialize_with = "lenient::opt_string")]
    pub invoicee_tax_reg_id: Option<String>,
    /// `invoiceeCorpName`: Buyer company name, ≤ 200 (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_corp_name: Option<String>,
    /// `invoiceeMgtKey`: Buyer document number, ≤ 24 (required for 역발행).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_mgt_key: Option<String>,
    /// `invoiceeCEOName`: Buyer representative, ≤ 100 (required).
    #[serde(rename = "invoiceeCEOName", deserialize_with = "lenient::opt_string")]
    pub invoicee_ceo_name: Option<String>,
    /// `invoiceeAddr`: Buyer address, ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_addr: Option<String>,
    /// `invoiceeBizClass`: Buyer 종목, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_biz_class: Option<String>,
    /// `invoiceeBizType`: Buyer 업태, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_biz_type: Option<String>,
    /// `invoiceeContactName1`: Buyer main contact name, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_contact_name1: Option<String>,
    /// `invoiceeDeptName1`: Buyer main contact department, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_dept_name1: Option<String>,
    /// `invoiceeEmail1`: Buyer main notification e-mail, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_email1: Option<String>,
    /// `invoiceeTEL1`: Buyer main contact phone, ≤ 20.
    #[serde(rename = "invoiceeTEL1", deserialize_with = "lenient::opt_string")]
    pub invoicee_tel1: Option<String>,
    /// `invoiceeHP1`: Buyer main contact mobile, ≤ 20.
    #[serde(rename = "invoiceeHP1", deserialize_with = "lenient::opt_string")]
    pub invoicee_hp1: Option<String>,
    /// `invoiceeContactName2`: Buyer second contact name, ≤ 30 (sources disagree: 30 or 100; the smaller is used).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_contact_name2: Option<String>,
    /// `invoiceeDeptName2`: Buyer second contact department, ≤ 40 (sources disagree: 40 or 100).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_dept_name2: Option<String>,
    /// `invoiceeEmail2`: Buyer second contact e-mail, ≤ 70 (sources disagree: 70 or 100).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_email2: Option<String>,
    /// `invoiceeTEL2`: Buyer second contact phone, ≤ 20.
    #[serde(rename = "invoiceeTEL2", deserialize_with = "lenient::opt_string")]
    pub invoicee_tel2: Option<String>,
    /// `invoiceeHP2`: Buyer second contact mobile, ≤ 20.
    #[serde(rename = "invoiceeHP2", deserialize_with = "lenient::opt_string")]
    pub invoicee_hp2: Option<String>,
    /// `invoiceeSMSSendYN`: 역발행: send the request SMS to `invoicerHP` (charged).
    #[serde(rename = "invoiceeSMSSendYN", deserialize_with = "lenient::opt_bool")]
    pub invoicee_sms_send_yn: Option<bool>,
    // ---- Trustee (수탁자, 위수탁 only) ----
    /// `trusteeCorpNum`: Trustee business number, 10 digits (required for 위수탁).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_corp_num: Option<String>,
    /// `trusteeTaxRegID`: Trustee 종사업장 number, 4 digits.
    #[serde(rename = "trusteeTaxRegID", deserialize_with = "lenient::opt_string")]
    pub trustee_tax_reg_id: Option<String>,
    /// `trusteeCorpName`: Trustee company name, ≤ 200 (required for 위수탁).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_corp_name: Option<String>,
    /// `trusteeMgtKey`: Trustee document number, ≤ 24 (required for 위수탁).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_mgt_key: Option<String>,
    /// `trusteeCEOName`: Trustee representative, ≤ 100 (required for 위수탁).
    #[serde(rename = "trusteeCEOName", deserialize_with = "lenient::opt_string")]
    pub trustee_ceo_name: Option<String>,
    /// `trusteeAddr`: Trustee address, ≤ 300.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_addr: Option<String>,
    /// `trusteeBizClass`: Trustee 종목, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_biz_class: Option<String>,
    /// `trusteeBizType`: Trustee 업태, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_biz_type: Option<String>,
    /// `trusteeContactName`: Trustee contact name, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_contact_name: Option<String>,
    /// `trusteeDeptName`: Trustee contact department, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_dept_name: Option<String>,
    /// `trusteeEmail`: Trustee contact e-mail, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_email: Option<String>,
    /// `trusteeTEL`: Trustee contact phone, ≤ 20.
    #[serde(rename = "trusteeTEL", deserialize_with = "lenient::opt_string")]
    pub trustee_tel: Option<String>,
    /// `trusteeHP`: Trustee contact mobile, ≤ 20 (assumed; undocumented).
    #[serde(rename = "trusteeHP", deserialize_with = "lenient::opt_string")]
    pub trustee_hp: Option<String>,
    /// `trusteeSMSSendYN`: Send an SMS for the trustee issuance (charged).
    #[serde(rename = "trusteeSMSSendYN", deserialize_with = "lenient::opt_bool")]
    pub trustee_sms_send_yn: Option<bool>,
    // ---- Amounts and document details ----
    /// `supplyCostTotal`: 공급가액 합계 (required).
    pub supply_cost_total: Option<Amount>,
    /// `taxTotal`: 세액 합계 (required; 0 for 영세/면세).
    pub tax_total: Option<Amount>,
    /// `totalAmount`: 합계금액 = supplyCostTotal + taxTotal (required).
    pub total_amount: Option<Amount>,
    /// `modifyCode`: 수정사유 1-6 of a revised invoice (with `orgNTSConfirmNum`).
    pub modify_code: Option<ModifyCode>,
    /// `orgNTSConfirmNum`: NTS confirm number of the original invoice, 24 characters (revised invoices only).
    #[serde(rename = "orgNTSConfirmNum", deserialize_with = "lenient::opt_string")]
    pub org_nts_confirm_num: Option<String>,
    /// `originalTaxinvoiceKey`: Legacy POPBiLL key of the original invoice; superseded by `orgNTSConfirmNum`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub original_taxinvoice_key: Option<String>,
    /// `serialNum`: 일련번호 printed on the form, ≤ 30.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub serial_num: Option<String>,
    /// `cash`: Payment breakdown: cash (현금).
    pub cash: Option<Blankable<Amount>>,
    /// `chkBill`: Payment breakdown: cheque (수표).
    pub chk_bill: Option<Blankable<Amount>>,
    /// `note`: Payment breakdown: promissory note (어음).
    pub note: Option<Blankable<Amount>>,
    /// `credit`: Payment breakdown: credit (외상미수금).
    pub credit: Option<Blankable<Amount>>,
    /// `remark1`: 비고 1, ≤ 150; the alien-registration or passport number for a foreign buyer (then required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remark1: Option<String>,
    /// `remark2`: 비고 2, ≤ 150.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remark2: Option<String>,
    /// `remark3`: 비고 3, ≤ 150.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remark3: Option<String>,
    /// `kwon`: 권 (book volume), 0..=32767.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub kwon: Option<i64>,
    /// `ho`: 호 (book number), 0..=32767.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub ho: Option<i64>,
    /// `businessLicenseYN`: Attach the registered business-licence image.
    #[serde(rename = "businessLicenseYN", deserialize_with = "lenient::opt_bool")]
    pub business_license_yn: Option<bool>,
    /// `bankBookYN`: Attach the registered bankbook copy.
    #[serde(rename = "bankBookYN", deserialize_with = "lenient::opt_bool")]
    pub bank_book_yn: Option<bool>,
    /// `detailList`: the lines (품목), at most 99, `serialNum` 1..n.
    pub detail_list: Option<Vec<TaxinvoiceDetail>>,
    /// `addContactList`: extra buyer contacts, at most 5, `serialNum` 1..n.
    pub add_contact_list: Option<Vec<TaxinvoiceAddContact>>,
    // ---- Response-only (getDetailInfo) ----
    /// `ntsconfirmNum` (lowercase `c`): NTS confirm number assigned at issuance. Response only.
    #[serde(rename = "ntsconfirmNum", deserialize_with = "lenient::opt_string")]
    pub nts_confirm_num: Option<String>,
    /// `closeDownState`: the buyer's business status at issuance. Response only.
    pub close_down_state: Option<CloseDownState>,
    /// `closeDownStateDate`: `yyyyMMdd` of closure/suspension (states 2 and 3). Response only.
    #[serde(deserialize_with = "lenient::opt_string")]
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
    set_write_date => write_date: text_of<Date8> = "writeDate",
    set_charge_direction => charge_direction: value<ChargeDirection> = "chargeDirection",
    set_issue_type => issue_type: value<IssueType> = "issueType",
    set_issue_timing => issue_timing: value<IssueTiming> = "issueTiming",
    set_purpose_type => purpose_type: value<PurposeType> = "purposeType",
    set_tax_type => tax_type: value<TaxType> = "taxType",
    set_invoicer_corp_num => invoicer_corp_num: text_of<CorpNum> = "invoicerCorpNum",
    set_invoicer_tax_reg_id => invoicer_tax_reg_id: text = "invoicerTaxRegID",
    set_invoicer_corp_name => invoicer_corp_name: text = "invoicerCorpName",
    set_invoicer_mgt_key => invoicer_mgt_key: text_of<MgtKey> = "invoicerMgtKey",
    set_invoicer_ceo_name => invoicer_ceo_name: text = "invoicerCEOName",
    set_invoicer_addr => invoicer_addr: text = "invoicerAddr",
    set_invoicer_biz_class => invoicer_biz_class: text = "invoicerBizClass",
    set_invoicer_biz_type => invoicer_biz_type: text = "invoicerBizType",
    set_invoicer_contact_name => invoicer_contact_name: text = "invoicerContactName",
    set_invoicer_dept_name => invoicer_dept_name: text = "invoicerDeptName",
    set_invoicer_email => invoicer_email: text = "invoicerEmail",
    set_invoicer_tel => invoicer_tel: text = "invoicerTEL",
    set_invoicer_hp => invoicer_hp: text = "invoicerHP",
    set_invoicer_sms_send_yn => invoicer_sms_send_yn: value<bool> = "invoicerSMSSendYN",
    set_invoicee_type => invoicee_type: value<InvoiceeType> = "invoiceeType",
    set_invoicee_corp_num => invoicee_corp_num: text_of<CorpNum> = "invoiceeCorpNum",
    set_invoicee_tax_reg_id => invoicee_tax_reg_id: text = "invoiceeTaxRegID",
    set_invoicee_corp_name => invoicee_corp_name: text = "invoiceeCorpName",
    set_invoicee_mgt_key => invoicee_mgt_key: text_of<MgtKey> = "invoiceeMgtKey",
    set_invoicee_ceo_name => invoicee_ceo_name: text = "invoiceeCEOName",
    set_invoicee_addr => invoicee_addr: text = "invoiceeAddr",
    set_invoicee_biz_class => invoicee_biz_class: text = "invoiceeBizClass",
    set_invoicee_biz_type => invoicee_biz_type: text = "invoiceeBizType",
    set_invoicee_contact_name1 => invoicee_contact_name1: text = "invoiceeContactName1",
    set_invoicee_dept_name1 => invoicee_dept_name1: text = "invoiceeDeptName1",
    set_invoicee_email1 => invoicee_email1: text = "invoiceeEmail1",
    set_invoicee_tel1 => invoicee_tel1: text = "invoiceeTEL1",
    set_invoicee_hp1 => invoicee_hp1: text = "invoiceeHP1",
    set_invoicee_contact_name2 => invoicee_contact_name2: text = "invoiceeContactName2",
    set_invoicee_dept_name2 => invoicee_dept_name2: text = "invoiceeDeptName2",
    set_invoicee_email2 => invoicee_email2: text = "invoiceeEmail2",
    set_invoicee_tel2 => invoicee_tel2: text = "invoiceeTEL2",
    set_invoicee_hp2 => invoicee_hp2: text = "invoiceeHP2",
    set_invoicee_sms_send_yn => invoicee_sms_send_yn: value<bool> = "invoiceeSMSSendYN",
    set_trustee_corp_num => trustee_corp_num: text_of<CorpNum> = "trusteeCorpNum",
    set_trustee_tax_reg_id => trustee_tax_reg_id: text = "trusteeTaxRegID",
    set_trustee_corp_name => trustee_corp_name: text = "trusteeCorpName",
    set_trustee_mgt_key => trustee_mgt_key: text_of<MgtKey> = "trusteeMgtKey",
    set_trustee_ceo_name => trustee_ceo_name: text = "trusteeCEOName",
    set_trustee_addr => trustee_addr: text = "trusteeAddr",
    set_trustee_biz_class => trustee_biz_class: text = "trusteeBizClass",
    set_trustee_biz_type => trustee_biz_type: text = "trusteeBizType",
    set_trustee_contact_name => trustee_contact_name: text = "trusteeContactName",
    set_trustee_dept_name => trustee_dept_name: text = "trusteeDeptName",
    set_trustee_email => trustee_email: text = "trusteeEmail",
    set_trustee_tel => trustee_tel: text = "trusteeTEL",
    set_trustee_hp => trustee_hp: text = "trusteeHP",
    set_trustee_sms_send_yn => trustee_sms_send_yn: value<bool> = "trusteeSMSSendYN",
    set_supply_cost_total => supply_cost_total: amount = "supplyCostTotal",
    set_tax_total => tax_total: amount = "taxTotal",
    set_total_amount => total_amount: amount = "totalAmount",
    set_modify_code => modify_code: value<ModifyCode> = "modifyCode",
    set_org_nts_confirm_num => org_nts_confirm_num: text_of<NtsConfirmNum> = "orgNTSConfirmNum",
    set_original_taxinvoice_key => original_taxinvoice_key: text = "originalTaxinvoiceKey",
    set_serial_num => serial_num: text = "serialNum",
    set_cash => cash: blank_amount = "cash",
    set_chk_bill => chk_bill: blank_amount = "chkBill",
    set_note => note: blank_amount = "note",
    set_credit => credit: blank_amount = "credit",
    set_remark1 => remark1: text = "remark1",
    set_remark2 => remark2: text = "remark2",
    set_remark3 => remark3: text = "remark3",
    set_kwon => kwon: value<i64> = "kwon",
    set_ho => ho: value<i64> = "ho",
    set_business_license_yn => business_license_yn: value<bool> = "businessLicenseYN",
    set_bank_book_yn => bank_book_yn: value<bool> = "bankBookYN",
});

/// One line (품목) of `detailList`.
///
/// ```
/// use popbill_model::taxinvoice::TaxinvoiceDetail;
/// let line = TaxinvoiceDetail::new(1).set_item_name("컨설팅").set_qty("1.5".parse().unwrap());
/// assert_eq!(serde_json::to_value(&line).unwrap()["qty"], "1.5");
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceDetail {
    /// `serialNum`: 1, 2, 3, ... consecutive, at most 99 (required).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub serial_num: Option<i64>,
    /// `purchaseDT`: 거래일자 `yyyyMMdd`.
    #[serde(rename = "purchaseDT", deserialize_with = "lenient::opt_string")]
    pub purchase_dt: Option<String>,
    /// `itemName`: 품목명, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub item_name: Option<String>,
    /// `spec`: 규격, ≤ 60.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub spec: Option<String>,
    /// `qty`: quantity, at most 2 decimals, ≤ 12 characters, may be negative.
    pub qty: Option<Blankable<Decimal>>,
    /// `unitCost`: unit price, at most 2 decimals, ≤ 18 characters, may be negative.
    pub unit_cost: Option<Blankable<Decimal>>,
    /// `supplyCost`: 공급가액 of the line, whole won.
    pub supply_cost: Option<Blankable<Amount>>,
    /// `tax`: 세액 of the line, whole won (0 for 영세/면세).
    pub tax: Option<Blankable<Amount>>,
    /// `remark`: 비고, ≤ 100.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remark: Option<String>,
}

setters!(TaxinvoiceDetail {
    set_serial_num => serial_num: value<i64> = "serialNum",
    set_purchase_dt => purchase_dt: text_of<Date8> = "purchaseDT",
    set_item_name => item_name: text = "itemName",
    set_spec => spec: text = "spec",
    set_qty => qty: blank<Decimal> = "qty",
    set_unit_cost => unit_cost: blank<Decimal> = "unitCost",
    set_supply_cost => supply_cost: blank_amount = "supplyCost",
    set_tax => tax: blank_amount = "tax",
    set_remark => remark: text = "remark",
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
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceAddContact {
    /// `serialNum`: 1..5 consecutive (required).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub serial_num: Option<i64>,
    /// `contactName`: ≤ 100 (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub contact_name: Option<String>,
    /// `email`: ≤ 100 (required).
    #[serde(deserialize_with = "lenient::opt_string")]
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

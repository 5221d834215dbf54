//! `TaxinvoiceInfo`: the summary returned by getInfo, getInfos and search.

use serde::{Deserialize, Serialize};

use super::Taxinvoice;
use crate::codes::{
    CloseDownState, IssueType, ModifyCode, NtsResultCode, PurposeType, StateCode, TaxType,
};
use crate::{Amount, lenient};

/// State and summary of one invoice. Tolerant: unknown fields are ignored, missing fields are
/// `None`, and numbers or strings are accepted where the other is documented.
///
/// ```
/// use popbill_model::taxinvoice::TaxinvoiceInfo;
/// let info: TaxinvoiceInfo =
///     serde_json::from_str(r#"{"itemKey":"025010112000000001","stateCode":"304","x":1}"#).unwrap();
/// assert!(info.state_code.unwrap().is_filed_ok());
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceInfo {
    /// `itemKey`: POPBiLL's internal document id (18 characters).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub item_key: Option<String>,
    /// `taxType`: 과세/영세/면세.
    pub tax_type: Option<TaxType>,
    /// `writeDate`: 작성일자 `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub write_date: Option<String>,
    /// `regDT`: Draft registration time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `issueType`: 정발행/역발행/위수탁.
    pub issue_type: Option<IssueType>,
    /// `supplyCostTotal`: 공급가액 합계.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub supply_cost_total: Option<Amount>,
    /// `taxTotal`: 세액 합계.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub tax_total: Option<Amount>,
    /// `purposeType`: 영수/청구/없음.
    pub purpose_type: Option<PurposeType>,
    /// `issueDT`: Issuance time `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", deserialize_with = "lenient::opt_string")]
    pub issue_dt: Option<String>,
    /// `lateIssueYN`: Issued after the legal deadline (a string in some SDKs; read tolerantly).
    #[serde(rename = "lateIssueYN", deserialize_with = "lenient::opt_bool")]
    pub late_issue_yn: Option<bool>,
    /// `preIssueDT`: Present in the Java/.NET models; undocumented.
    #[serde(rename = "preIssueDT", deserialize_with = "lenient::opt_string")]
    pub pre_issue_dt: Option<String>,
    /// `openYN`: The buyer opened the mail view.
    #[serde(rename = "openYN", deserialize_with = "lenient::opt_bool")]
    pub open_yn: Option<bool>,
    /// `openDT`: When the buyer opened it.
    #[serde(rename = "openDT", deserialize_with = "lenient::opt_string")]
    pub open_dt: Option<String>,
    /// `stateMemo`: Memo of the last state change.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub state_memo: Option<String>,
    /// `stateCode`: Lifecycle state.
    pub state_code: Option<StateCode>,
    /// `stateDT`: Time of the last state change.
    #[serde(rename = "stateDT", deserialize_with = "lenient::opt_string")]
    pub state_dt: Option<String>,
    /// `ntsconfirmNum`: NTS confirm number (lowercase `c` on the wire).
    #[serde(rename = "ntsconfirmNum", deserialize_with = "lenient::opt_string")]
    pub nts_confirm_num: Option<String>,
    /// `ntsresult`: NTS filing result (value set undocumented).
    #[serde(rename = "ntsresult", deserialize_with = "lenient::opt_string")]
    pub nts_result: Option<String>,
    /// `ntssendDT`: Filing time.
    #[serde(rename = "ntssendDT", deserialize_with = "lenient::opt_string")]
    pub nts_send_dt: Option<String>,
    /// `ntsresultDT`: Time the NTS result arrived.
    #[serde(rename = "ntsresultDT", deserialize_with = "lenient::opt_string")]
    pub nts_result_dt: Option<String>,
    /// `ntssendErrCode`: NTS result code.
    #[serde(rename = "ntssendErrCode")]
    pub nts_send_err_code: Option<NtsResultCode>,
    /// `modifyCode`: 수정사유 of a revised invoice.
    pub modify_code: Option<ModifyCode>,
    /// `interOPYN`: True when created through the API.
    #[serde(rename = "interOPYN", deserialize_with = "lenient::opt_bool")]
    pub inter_op_yn: Option<bool>,
    /// `invoicerCorpName`: Seller company name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_corp_name: Option<String>,
    /// `invoicerCorpNum`: Seller business number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_corp_num: Option<String>,
    /// `invoicerMgtKey`: Seller document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicer_mgt_key: Option<String>,
    /// `invoicerPrintYN`: The seller printed it.
    #[serde(rename = "invoicerPrintYN", deserialize_with = "lenient::opt_bool")]
    pub invoicer_print_yn: Option<bool>,
    /// `invoiceeCorpName`: Buyer company name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_corp_name: Option<String>,
    /// `invoiceeCorpNum`: Buyer id (10 or 13 digits).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_corp_num: Option<String>,
    /// `invoiceeMgtKey`: Buyer document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub invoicee_mgt_key: Option<String>,
    /// `invoiceePrintYN`: The buyer printed it.
    #[serde(rename = "invoiceePrintYN", deserialize_with = "lenient::opt_bool")]
    pub invoicee_print_yn: Option<bool>,
    /// `trusteeCorpName`: Trustee company name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_corp_name: Option<String>,
    /// `trusteeCorpNum`: Trustee business number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_corp_num: Option<String>,
    /// `trusteeMgtKey`: Trustee document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trustee_mgt_key: Option<String>,
    /// `trusteePrintYN`: The trustee printed it.
    #[serde(rename = "trusteePrintYN", deserialize_with = "lenient::opt_bool")]
    pub trustee_print_yn: Option<bool>,
    /// `closeDownState`: Buyer business status; `None` when not checked.
    pub close_down_state: Option<CloseDownState>,
    /// `closeDownStateDate`: `yyyyMMdd` of closure/suspension.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub close_down_state_date: Option<String>,
}

impl TaxinvoiceInfo {
    /// True when `itemKey` is a non-empty string: how checkMgtKeyInUse decides "in use".
    pub fn has_item_key(&self) -> bool {
        self.item_key.as_deref().is_some_and(|k| !k.is_empty())
    }

    /// 합계금액: `supplyCostTotal + taxTotal`, the amount the buyer pays. `None` when either
    /// total is absent from the answer, or when the sum does not fit an [`Amount`].
    pub fn total(&self) -> Option<Amount> {
        self.supply_cost_total?.checked_add(self.tax_total?)
    }
}

impl From<&Taxinvoice> for TaxinvoiceInfo {
    /// The summary fields an invoice itself carries (codes, dates, totals, parties, NTS
    /// confirm number, close-down state). State, times and flags are left `None` for the
    /// caller (e.g. a server) to fill.
    fn from(inv: &Taxinvoice) -> Self {
        TaxinvoiceInfo {
            tax_type: inv.tax_type.clone(),
            write_date: inv.write_date.clone(),
            issue_type: inv.issue_type.clone(),
            supply_cost_total: inv.supply_cost_total,
            tax_total: inv.tax_total,
            purpose_type: inv.purpose_type.clone(),
            nts_confirm_num: inv.nts_confirm_num.clone(),
            modify_code: inv.modify_code.clone(),
            invoicer_corp_name: inv.invoicer_corp_name.clone(),
            invoicer_corp_num: inv.invoicer_corp_num.clone(),
            invoicer_mgt_key: inv.invoicer_mgt_key.clone(),
            invoicee_corp_name: inv.invoicee_corp_name.clone(),
            invoicee_corp_num: inv.invoicee_corp_num.clone(),
            invoicee_mgt_key: inv.invoicee_mgt_key.clone(),
            trustee_corp_name: inv.trustee_corp_name.clone(),
            trustee_corp_num: inv.trustee_corp_num.clone(),
            trustee_mgt_key: inv.trustee_mgt_key.clone(),
            close_down_state: inv.close_down_state.clone(),
            close_down_state_date: inv.close_down_state_date.clone(),
            ..TaxinvoiceInfo::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{IssueType, PurposeType, StateCode, TaxType};

    #[test]
    fn summary_from_invoice() {
        let inv = Taxinvoice::new(
            IssueType::Reverse,
            TaxType::Exempt,
            PurposeType::Receipt,
            "20250105",
        )
        .set_invoicee_mgt_key("BUY-1")
        .set_supply_cost_total(5_000)
        .set_tax_total(0);
        let mut info = TaxinvoiceInfo::from(&inv);
        info.state_code = Some(StateCode::PendingRequest);
        assert_eq!(info.issue_type, Some(IssueType::Reverse));
        assert_eq!(info.invoicee_mgt_key.as_deref(), Some("BUY-1"));
        assert_eq!(info.supply_cost_total.map(|a| a.won()), Some(5_000));
        assert_eq!(info.total().map(|a| a.won()), Some(5_000));
        assert_eq!(info.write_date.as_deref(), Some("20250105"));
        assert!(info.item_key.is_none());
    }

    #[test]
    fn total_adds_supply_and_tax_and_needs_both() {
        let mut info = TaxinvoiceInfo {
            supply_cost_total: Some(Amount::new(100_000)),
            tax_total: Some(Amount::new(10_000)),
            ..TaxinvoiceInfo::default()
        };
        assert_eq!(info.total(), Some(Amount::new(110_000)));
        info.tax_total = None;
        assert_eq!(info.total(), None);
    }
}

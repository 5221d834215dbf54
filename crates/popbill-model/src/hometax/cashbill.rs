//! Collected cash receipts: the Search list item (`HTCashbill`), the search page and the
//! summary. HTCashbill has no per-document detail, XML, popup or print operations.

use serde::{Deserialize, Serialize};

use super::codes::{QueryTypeName, TradeTypeName, TradeUsageName};
use crate::lenient;

/// One collected cash receipt (`HTCashbill`, 18 fields).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtCashbill {
    /// `ntsconfirmNum`: NTS approval number (9 characters).
    #[serde(
        rename = "ntsconfirmNum",
        deserialize_with = "lenient::string_or_default"
    )]
    pub nts_confirm_num: String,
    /// `tradeDate`: 거래일자, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub trade_date: String,
    /// `tradeDT`: 거래일시, `yyyyMMddHHmmss`.
    #[serde(rename = "tradeDT", deserialize_with = "lenient::string_or_default")]
    pub trade_dt: String,
    /// `tradeType`: 승인거래 (approval) / 취소거래 (cancellation).
    pub trade_type: Option<TradeTypeName>,
    /// `tradeUsage`: 소득공제용 (income deduction) / 지출증빙용 (expense proof).
    pub trade_usage: Option<TradeUsageName>,
    /// `totalAmount`: Total amount (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub total_amount: String,
    /// `supplyCost`: Supply value (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub supply_cost: String,
    /// `tax`: Tax (digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub tax: String,
    /// `serviceFee`: Service fee (봉사료, digit string).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub service_fee: String,
    /// `invoiceType`: 매출 (sales) / 매입 (purchase), seen from the member.
    pub invoice_type: Option<QueryTypeName>,
    /// `franchiseCorpNum`: Issuer (가맹점) business number.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub franchise_corp_num: String,
    /// `franchiseCorpName`: Issuer name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub franchise_corp_name: String,
    /// `franchiseCorpType`: Issuer business type (사업자유형); a number or a string on the wire, code values undocumented.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub franchise_corp_type: String,
    /// `identityNum`: Buyer identity number as HomeTax shows it (possibly partly masked).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub identity_num: String,
    /// `identityNumType`: Identity number type (식별번호유형); a number or a string on the wire, code values undocumented.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub identity_num_type: String,
    /// `customerName`: Customer name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub customer_name: String,
    /// `cardOwnerName`: Card holder name.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub card_owner_name: String,
    /// `deductionType`: Deduction type (공제유형); a number or a string on the wire, code values undocumented.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub deduction_type: String,
}

/// One page of collected cash receipts (`HTCashbillSearchResult`).
pub type HtCashbillSearchResult = super::page::HtSearchResult<HtCashbill>;

/// Totals of collected cash receipts (`HTCashbillSummary`); numbers on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtCashbillSummary {
    /// `count`: receipts.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub count: i64,
    /// `supplyCostTotal`: sum of supply values.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub supply_cost_total: i64,
    /// `taxTotal`: sum of tax.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub tax_total: i64,
    /// `serviceFeeTotal`: sum of service fees.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub service_fee_total: i64,
    /// `amountTotal`: supply + tax + service fee.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub amount_total: i64,
}

//! `CashbillInfo`: the summary returned by getInfo, getInfos and search.

use serde::{Deserialize, Serialize};

use crate::codes::{
    CashbillNtsResultCode, CashbillState, TaxationType, TradeOpt, TradeType, TradeUsage,
};
use crate::{Amount, lenient};

/// State and summary of one cash receipt. Tolerant: unknown fields are ignored, missing
/// fields are `None`, numbers or strings are accepted where the other is documented.
///
/// ```
/// use popbill_model::cashbill::CashbillInfo;
/// let info: CashbillInfo = serde_json::from_str(
///     r#"{"itemKey":"025010113000000001","stateCode":304,"totalAmount":"11000","x":1}"#,
/// ).unwrap();
/// assert!(info.state_code.unwrap().is_filed_ok());
/// assert_eq!(info.total_amount.map(|a| a.won()), Some(11_000));
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct CashbillInfo {
    /// `itemKey`: POPBiLL's internal id (18 characters).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub item_key: Option<String>,
    /// `mgtKey`: document number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub mgt_key: Option<String>,
    /// `tradeDate`: trade date `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trade_date: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss`.
    #[serde(rename = "tradeDT", deserialize_with = "lenient::opt_string")]
    pub trade_dt: Option<String>,
    /// `tradeType`: 승인거래 / 취소거래.
    pub trade_type: Option<TradeType>,
    /// `tradeUsage`: 소득공제용 / 지출증빙용.
    pub trade_usage: Option<TradeUsage>,
    /// `tradeOpt`: 일반 / 도서공연 / 대중교통.
    pub trade_opt: Option<TradeOpt>,
    /// `taxationType`: 과세 / 비과세.
    pub taxation_type: Option<TaxationType>,
    /// `totalAmount`: 거래금액.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub total_amount: Option<Amount>,
    /// `supplyCost`: 공급가액.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub supply_cost: Option<Amount>,
    /// `tax`: 부가세.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub tax: Option<Amount>,
    /// `serviceFee`: 봉사료.
    #[serde(deserialize_with = "lenient::opt_amount")]
    pub service_fee: Option<Amount>,
    /// `issueDT`: issuance time `yyyyMMddHHmmss`.
    #[serde(rename = "issueDT", deserialize_with = "lenient::opt_string")]
    pub issue_dt: Option<String>,
    /// `regDT`: registration time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `stateCode`: 300 issued, 304 filed, 305 filing failed.
    pub state_code: Option<CashbillState>,
    /// `stateDT`: time of the last state change `yyyyMMddHHmmss`.
    #[serde(rename = "stateDT", deserialize_with = "lenient::opt_string")]
    pub state_dt: Option<String>,
    /// `stateMemo`: memo given at issuance.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub state_memo: Option<String>,
    /// `identityNum`: buyer identity number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub identity_num: Option<String>,
    /// `itemName`: item sold.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub item_name: Option<String>,
    /// `orderNumber`: order number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub order_number: Option<String>,
    /// `customerName`: buyer name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub customer_name: Option<String>,
    /// `email`: buyer e-mail.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    /// `hp`: buyer mobile.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub hp: Option<String>,
    /// `confirmNum`: NTS approval number (9 characters).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub confirm_num: Option<String>,
    /// `orgConfirmNum`: approval number of the original (revocations).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_confirm_num: Option<String>,
    /// `orgTradeDate`: trade date of the original (revocations).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_trade_date: Option<String>,
    /// `ntssendDT`: NTS filing time `yyyyMMddHHmmss`.
    #[serde(rename = "ntssendDT", deserialize_with = "lenient::opt_string")]
    pub ntssend_dt: Option<String>,
    /// `ntsresult`: NTS result text.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ntsresult: Option<String>,
    /// `ntsresultDT`: NTS result time `yyyyMMddHHmmss`.
    #[serde(rename = "ntsresultDT", deserialize_with = "lenient::opt_string")]
    pub ntsresult_dt: Option<String>,
    /// `ntsresultCode`: NTS result code (`0000` success).
    pub ntsresult_code: Option<CashbillNtsResultCode>,
    /// `ntsresultMessage`: NTS result message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ntsresult_message: Option<String>,
    /// `printYN`: printed or not.
    #[serde(rename = "printYN", deserialize_with = "lenient::opt_bool")]
    pub print_yn: Option<bool>,
    /// `interOPYN`: issued through the API (연동문서) or not.
    #[serde(rename = "interOPYN", deserialize_with = "lenient::opt_bool")]
    pub inter_op_yn: Option<bool>,
}

impl CashbillInfo {
    /// True when the receipt is a revocation (`취소거래`).
    pub fn is_revocation(&self) -> bool {
        matches!(self.trade_type, Some(TradeType::Cancel))
    }
}

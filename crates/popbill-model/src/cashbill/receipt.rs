//! `Cashbill` (현금영수증): the body of registIssue, bulkSubmit, register and update, and the
//! answer of getDetailInfo.
//!
//! Every field is optional, as in the Taxinvoice model: text and dates are kept as received
//! (the validation rules judge them), codes keep unknown values, amounts are [`Amount`]
//! (digit strings on the wire). `None` fields are omitted on the wire. `memo` and
//! `emailSubject` travel inside the receipt object, not beside it.

use serde::{Deserialize, Serialize};

use crate::codes::{CancelType, TaxationType, TradeOpt, TradeType, TradeUsage};
use crate::{Amount, CorpNum, Date8, DateTime14, MgtKey, lenient};

/// A cash receipt (현금영수증). JSON keys are exactly POPBiLL's (`franchiseCEOName`,
/// `smssendYN`, `orgConfirmNum`, ...).
///
/// ```
/// use popbill_model::cashbill::Cashbill;
/// use popbill_model::codes::{TaxationType, TradeUsage};
/// let cb = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
///     .set_mgt_key("CB-0001")
///     .set_franchise_corp_num("1234567890")
///     .set_identity_num("01012345678")
///     .set_amounts(10_000, 1_000, 0);
/// let json = serde_json::to_value(&cb).unwrap();
/// assert_eq!(json["tradeType"], "승인거래");
/// assert_eq!(json["totalAmount"], "11000");
/// assert!(json.get("hp").is_none());
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct Cashbill {
    /// `mgtKey`: document number, 1..=24 of `A-Z a-z 0-9 - _`, unique per seller (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub mgt_key: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss`, today or yesterday (Korean time); the issuance time when absent.
    #[serde(rename = "tradeDT", deserialize_with = "lenient::opt_string")]
    pub trade_dt: Option<String>,
    /// `tradeType`: `승인거래` on issuance (required); `취소거래` on revocation documents.
    pub trade_type: Option<TradeType>,
    /// `tradeUsage`: `소득공제용` or `지출증빙용` (required).
    pub trade_usage: Option<TradeUsage>,
    /// `tradeOpt`: `일반` (default), `도서공연` or `대중교통`.
    pub trade_opt: Option<TradeOpt>,
    /// `taxationType`: `과세` or `비과세` (required).
    pub taxation_type: Option<TaxationType>,
    /// `totalAmount`: 거래금액, supplyCost + tax + serviceFee, at least 1, ≤ 9 digits (required).
    pub total_amount: Option<Amount>,
    /// `supplyCost`: 공급가액, ≥ 0, ≤ 9 digits (required).
    pub supply_cost: Option<Amount>,
    /// `tax`: 부가세, ≥ 0, ≤ 9 digits (required).
    pub tax: Option<Amount>,
    /// `serviceFee`: 봉사료, ≥ 0, ≤ 9 digits (required).
    pub service_fee: Option<Amount>,
    /// `franchiseCorpNum`: seller (가맹점) business number, 10 digits without hyphens (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub franchise_corp_num: Option<String>,
    /// `franchiseTaxRegID`: seller 종사업장 number, 4 digits.
    #[serde(rename = "franchiseTaxRegID", deserialize_with = "lenient::opt_string")]
    pub franchise_tax_reg_id: Option<String>,
    /// `franchiseCorpName`: seller company name, shown on the receipt.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub franchise_corp_name: Option<String>,
    /// `franchiseCEOName`: seller representative.
    #[serde(rename = "franchiseCEOName", deserialize_with = "lenient::opt_string")]
    pub franchise_ceo_name: Option<String>,
    /// `franchiseAddr`: seller address.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub franchise_addr: Option<String>,
    /// `franchiseTEL`: seller telephone.
    #[serde(rename = "franchiseTEL", deserialize_with = "lenient::opt_string")]
    pub franchise_tel: Option<String>,
    /// `identityNum`: buyer identity (식별번호), digits only: mobile, resident or business number, card number, or `0100001234` for voluntary issuance (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub identity_num: Option<String>,
    /// `customerName`: buyer name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub customer_name: Option<String>,
    /// `itemName`: item sold.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub item_name: Option<String>,
    /// `orderNumber`: order number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub order_number: Option<String>,
    /// `email`: buyer e-mail; the issuance mail goes here (also in the test environment).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    /// `hp`: buyer mobile; the issuance SMS goes here when `smssendYN` is true.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub hp: Option<String>,
    /// `fax`: buyer fax (legacy).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub fax: Option<String>,
    /// `smssendYN`: send an SMS notice on issuance (points are charged).
    #[serde(rename = "smssendYN", deserialize_with = "lenient::opt_bool")]
    pub smssend_yn: Option<bool>,
    /// `faxsendYN`: send a fax notice (legacy).
    #[serde(rename = "faxsendYN", deserialize_with = "lenient::opt_bool")]
    pub faxsend_yn: Option<bool>,
    /// `memo`: state-history memo, ≤ 200, not shown to the buyer (request only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memo: Option<String>,
    /// `emailSubject`: subject of the issuance mail, ≤ 300 (request only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email_subject: Option<String>,
    /// `confirmNum`: NTS approval number, 9 characters (answers only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub confirm_num: Option<String>,
    /// `tradeDate`: trade date `yyyyMMdd` (answers only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub trade_date: Option<String>,
    /// `orgConfirmNum`: approval number of the original (revocation documents).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_confirm_num: Option<String>,
    /// `orgTradeDate`: trade date `yyyyMMdd` of the original (revocation documents).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_trade_date: Option<String>,
    /// `cancelType`: reason of a revocation: 1 trade cancelled, 2 issued in error, 3 other.
    pub cancel_type: Option<CancelType>,
}

impl Cashbill {
    /// A new approval (`승인거래`) receipt for `trade_usage` and `taxation_type`.
    pub fn new(trade_usage: TradeUsage, taxation_type: TaxationType) -> Self {
        Cashbill {
            trade_type: Some(TradeType::Approval),
            trade_usage: Some(trade_usage),
            taxation_type: Some(taxation_type),
            ..Default::default()
        }
    }

    /// Sets `supplyCost`, `tax` and `serviceFee`, and `totalAmount` to their sum (left unset
    /// when the sum does not fit, which validation then reports).
    pub fn set_amounts(
        mut self,
        supply_cost: impl Into<Amount>,
        tax: impl Into<Amount>,
        service_fee: impl Into<Amount>,
    ) -> Self {
        let (s, t, f) = (supply_cost.into(), tax.into(), service_fee.into());
        self.supply_cost = Some(s);
        self.tax = Some(t);
        self.service_fee = Some(f);
        self.total_amount = s.checked_add(t).and_then(|st| st.checked_add(f));
        self
    }

    /// The sum `supplyCost + tax + serviceFee` of the amounts that are present (`None` when
    /// all are absent or the sum overflows).
    pub fn amount_sum(&self) -> Option<Amount> {
        let parts = [self.supply_cost, self.tax, self.service_fee];
        if parts.iter().all(Option::is_none) {
            return None;
        }
        parts
            .iter()
            .flatten()
            .try_fold(Amount::ZERO, |acc, a| acc.checked_add(*a))
    }
}

setters!(Cashbill {
    set_mgt_key => mgt_key: text_of<MgtKey> = "mgtKey",
    /// Sets `tradeDT` (`yyyyMMddHHmmss`).
    set_trade_dt => trade_dt: text_of<DateTime14>,
    set_trade_type => trade_type: value<TradeType> = "tradeType",
    set_trade_usage => trade_usage: value<TradeUsage> = "tradeUsage",
    set_trade_opt => trade_opt: value<TradeOpt> = "tradeOpt",
    set_taxation_type => taxation_type: value<TaxationType> = "taxationType",
    set_total_amount => total_amount: amount = "totalAmount",
    set_supply_cost => supply_cost: amount = "supplyCost",
    set_tax => tax: amount = "tax",
    set_service_fee => service_fee: amount = "serviceFee",
    set_franchise_corp_num => franchise_corp_num: text_of<CorpNum> = "franchiseCorpNum",
    set_franchise_tax_reg_id => franchise_tax_reg_id: text = "franchiseTaxRegID",
    set_franchise_corp_name => franchise_corp_name: text = "franchiseCorpName",
    set_franchise_ceo_name => franchise_ceo_name: text = "franchiseCEOName",
    set_franchise_addr => franchise_addr: text = "franchiseAddr",
    set_franchise_tel => franchise_tel: text = "franchiseTEL",
    /// Sets `identityNum` as given (digits only on the wire; see
    /// [`Cashbill::set_identity_num_normalized`] for user input with hyphens).
    set_identity_num => identity_num: text,
    set_customer_name => customer_name: text = "customerName",
    set_item_name => item_name: text = "itemName",
    set_order_number => order_number: text = "orderNumber",
    set_email => email: text = "email",
    set_hp => hp: text = "hp",
    /// Sets `fax` (legacy).
    set_fax => fax: text,
    set_smssend_yn => smssend_yn: value<bool> = "smssendYN",
    /// Sets `faxsendYN` (legacy).
    set_faxsend_yn => faxsend_yn: value<bool>,
    set_memo => memo: text = "memo",
    set_email_subject => email_subject: text = "emailSubject",
    /// Sets `confirmNum` (only the Java-only ISSUECN takes it as input).
    set_confirm_num => confirm_num: text,
    set_org_confirm_num => org_confirm_num: text = "orgConfirmNum",
    set_org_trade_date => org_trade_date: text_of<Date8> = "orgTradeDate",
    set_cancel_type => cancel_type: value<CancelType> = "cancelType",
});

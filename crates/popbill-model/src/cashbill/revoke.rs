//! `RevokeRequest`: the body of revokeRegistIssue (REVOKEISSUE) and the legacy revokeRegister
//! (REVOKE), which issue a cancel (취소거래) receipt against an NTS-filed original.
//!
//! For a full cancel the four amounts stay absent and the server copies them from the
//! original; a partial cancel (`isPartCancel`) carries all four. Build one from the original's
//! [`super::CashbillInfo`] with [`RevokeRequest::full_from`] or [`RevokeRequest::partial_from`].

use serde::{Deserialize, Serialize};

use crate::codes::CancelType;
use crate::{Amount, Date8, DateTime14, MgtKey, WireText, lenient};

/// Body of revokeRegistIssue / revokeRegister.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct RevokeRequest {
    /// `mgtKey`: document number of the new cancel document (required, unused).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub mgt_key: Option<String>,
    /// `orgConfirmNum`: `confirmNum` of the original, 9 characters (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_confirm_num: Option<String>,
    /// `orgTradeDate`: `tradeDate` of the original, `yyyyMMdd` (required).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub org_trade_date: Option<String>,
    /// `smssendYN`: send an SMS to the original buyer's mobile.
    #[serde(rename = "smssendYN", deserialize_with = "lenient::opt_bool")]
    pub smssend_yn: Option<bool>,
    /// `memo`: state-history memo, ≤ 200 (revokeRegistIssue only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memo: Option<String>,
    /// `isPartCancel`: true for a partial cancel; false or absent cancels everything.
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_part_cancel: Option<bool>,
    /// `cancelType`: reason: 1 trade cancelled (default), 2 issued in error, 3 other.
    pub cancel_type: Option<CancelType>,
    /// `supplyCost`: partial cancel only: supply value to cancel.
    pub supply_cost: Option<Amount>,
    /// `tax`: partial cancel only: tax to cancel.
    pub tax: Option<Amount>,
    /// `serviceFee`: partial cancel only: service fee to cancel.
    pub service_fee: Option<Amount>,
    /// `totalAmount`: partial cancel only: supplyCost + tax + serviceFee.
    pub total_amount: Option<Amount>,
    /// `emailSubject`: subject of the cancellation mail, ≤ 300 (revokeRegistIssue only).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email_subject: Option<String>,
    /// `tradeDT`: trade time `yyyyMMddHHmmss` of the cancel, today or yesterday, not before the original's.
    #[serde(rename = "tradeDT", deserialize_with = "lenient::opt_string")]
    pub trade_dt: Option<String>,
}

impl RevokeRequest {
    /// A full cancel of the receipt `org_confirm_num` traded on `org_trade_date`
    /// (`yyyyMMdd`), as document `mgt_key`.
    pub fn new(
        mgt_key: impl WireText<MgtKey>,
        org_confirm_num: impl Into<String>,
        org_trade_date: impl WireText<Date8>,
    ) -> Self {
        RevokeRequest {
            mgt_key: Some(mgt_key.into_text()),
            org_confirm_num: Some(org_confirm_num.into()),
            org_trade_date: Some(org_trade_date.into_text()),
            ..Default::default()
        }
    }

    /// Makes this a partial cancel of `supply_cost`, `tax` and `service_fee`; `totalAmount`
    /// is their sum (left unset when it does not fit, which validation reports).
    pub fn set_partial_amounts(
        mut self,
        supply_cost: impl Into<Amount>,
        tax: impl Into<Amount>,
        service_fee: impl Into<Amount>,
    ) -> Self {
        let (s, t, f) = (supply_cost.into(), tax.into(), service_fee.into());
        self.is_part_cancel = Some(true);
        self.supply_cost = Some(s);
        self.tax = Some(t);
        self.service_fee = Some(f);
        self.total_amount = s.checked_add(t).and_then(|st| st.checked_add(f));
        self
    }

    /// True when `isPartCancel` is set.
    pub fn is_partial(&self) -> bool {
        self.is_part_cancel == Some(true)
    }
}

setters!(RevokeRequest {
    set_mgt_key => mgt_key: text_of<MgtKey> = "mgtKey",
    set_org_confirm_num => org_confirm_num: text = "orgConfirmNum",
    set_org_trade_date => org_trade_date: text_of<Date8> = "orgTradeDate",
    set_smssend_yn => smssend_yn: value<bool> = "smssendYN",
    set_memo => memo: text = "memo",
    set_is_part_cancel => is_part_cancel: value<bool> = "isPartCancel",
    set_cancel_type => cancel_type: value<CancelType> = "cancelType",
    set_supply_cost => supply_cost: amount = "supplyCost",
    set_tax => tax: amount = "tax",
    set_service_fee => service_fee: amount = "serviceFee",
    set_total_amount => total_amount: amount = "totalAmount",
    set_email_subject => email_subject: text = "emailSubject",
    set_trade_dt => trade_dt: text_of<DateTime14> = "tradeDT",
});

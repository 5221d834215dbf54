//! Amounts of a cash receipt from a VAT-inclusive price (the common POS case), and revocation
//! builders from an issued receipt.
//!
//! Rounding: a 과세 price `P` (service fee excluded) holds VAT of `P / 11`. The tax is
//! `P / 11` rounded half up to whole won (반올림; pick another [`Rounding`] if your POS does),
//! and the supply value is the remainder `P − tax`, so `supplyCost + tax + serviceFee ==
//! totalAmount` holds exactly and the NTS sum check (TS4) cannot fail. For 비과세 the whole price
//! is supply value and the tax is 0. Example: 10,000 won → tax 909, supply 9,091.
//! (Taxinvoice's [`split_vat_inclusive`](crate::taxinvoice::split_vat_inclusive) rounds the
//! supply value instead, by truncation, as invoice issuers do: 9,090 + 910.)

use std::num::NonZeroU64;

use super::{Cashbill, CashbillInfo, RevokeRequest};
use crate::codes::TaxationType;
use crate::common::divisor;
use crate::validate::rule;
use crate::{Amount, MgtKey, Rounding, ValidationErrors, WireText};

const ELEVEN: NonZeroU64 = divisor(11);

/// The four amounts of a receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CashbillAmounts {
    /// `supplyCost`.
    pub supply_cost: Amount,
    /// `tax`.
    pub tax: Amount,
    /// `serviceFee`.
    pub service_fee: Amount,
    /// `totalAmount` = the sum of the other three.
    pub total_amount: Amount,
}

/// Why amounts could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CashbillTotalsError {
    /// The price or the service fee is negative, or the fee exceeds the price.
    #[error("the price {total} and service fee {service_fee} must be ≥ 0 with the fee ≤ the price")]
    Negative {
        /// The VAT-inclusive price.
        total: Amount,
        /// The service fee.
        service_fee: Amount,
    },
    /// The taxation type is unknown, so the VAT rate is unknown.
    #[error("taxationType {0:?} is unknown; cannot split VAT")]
    UnknownTaxationType(String),
}

impl CashbillAmounts {
    /// Splits `total` (everything the buyer pays, VAT and `service_fee` included) into supply
    /// value and tax, by the rule in the [module docs](self).
    ///
    /// ```
    /// use popbill_model::{Amount, Rounding};
    /// use popbill_model::cashbill::totals::CashbillAmounts;
    /// use popbill_model::codes::TaxationType;
    /// let a = CashbillAmounts::from_vat_inclusive(
    ///     Amount::new(10_000), Amount::ZERO, &TaxationType::Taxable, Rounding::HalfUp).unwrap();
    /// assert_eq!((a.supply_cost.won(), a.tax.won()), (9_091, 909));
    /// ```
    pub fn from_vat_inclusive(
        total: Amount,
        service_fee: Amount,
        taxation: &TaxationType,
        rounding: Rounding,
    ) -> Result<Self, CashbillTotalsError> {
        if total.is_negative() || service_fee.is_negative() || service_fee > total {
            return Err(CashbillTotalsError::Negative { total, service_fee });
        }
        let price = i128::from(total.won()) - i128::from(service_fee.won());
        let tax = match taxation {
            TaxationType::Taxable => rounding.div(price, ELEVEN),
            TaxationType::NonTaxable => 0,
            other => return Err(CashbillTotalsError::UnknownTaxationType(other.to_string())),
        };
        // 0 ≤ tax ≤ price ≤ total, all within i64.
        let won = |v: i128| Amount::new(i64::try_from(v).unwrap_or(i64::MAX));
        Ok(CashbillAmounts {
            supply_cost: won(price - tax),
            tax: won(tax),
            service_fee,
            total_amount: total,
        })
    }

    /// The amounts of an answer (`None` when one of the four is missing).
    pub fn of_info(info: &CashbillInfo) -> Option<Self> {
        Some(CashbillAmounts {
            supply_cost: info.supply_cost?,
            tax: info.tax?,
            service_fee: info.service_fee?,
            total_amount: info.total_amount?,
        })
    }
}

impl Cashbill {
    /// Sets the four amounts from a VAT-inclusive price with
    /// [`CashbillAmounts::from_vat_inclusive`], using this receipt's `taxationType` and
    /// `serviceFee` (0 when unset) and half-up rounding of the tax.
    ///
    /// ```
    /// use popbill_model::cashbill::Cashbill;
    /// use popbill_model::codes::{TaxationType, TradeUsage};
    /// let cb = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable)
    ///     .with_vat_inclusive_total(55_000)
    ///     .unwrap();
    /// assert_eq!(cb.supply_cost.map(|a| a.won()), Some(50_000));
    /// assert_eq!(cb.tax.map(|a| a.won()), Some(5_000));
    /// ```
    pub fn with_vat_inclusive_total(
        mut self,
        total: impl Into<Amount>,
    ) -> Result<Self, CashbillTotalsError> {
        let taxation = self
            .taxation_type
            .clone()
            .unwrap_or_else(|| TaxationType::from(""));
        let a = CashbillAmounts::from_vat_inclusive(
            total.into(),
            self.service_fee.unwrap_or(Amount::ZERO),
            &taxation,
            Rounding::HalfUp,
        )?;
        self.supply_cost = Some(a.supply_cost);
        self.tax = Some(a.tax);
        self.service_fee = Some(a.service_fee);
        self.total_amount = Some(a.total_amount);
        Ok(self)
    }
}

fn original_key(info: &CashbillInfo) -> Result<(String, String), ValidationErrors> {
    let confirm = info.confirm_num.clone().filter(|s| !s.is_empty());
    let date = info.trade_date.clone().filter(|s| !s.is_empty());
    match (confirm, date) {
        (Some(c), Some(d)) => Ok((c, d)),
        (None, _) => Err(ValidationErrors::single(
            "orgConfirmNum",
            rule::REQUIRED,
            "the original has no confirmNum (is it issued?)",
        )),
        (_, None) => Err(ValidationErrors::single(
            "orgTradeDate",
            rule::REQUIRED,
            "the original has no tradeDate (is it issued?)",
        )),
    }
}

impl RevokeRequest {
    /// A full cancel of the issued receipt `original` (its `confirmNum` and `tradeDate`, as
    /// getInfo answers them), as the new document `mgt_key`. Fails when the original carries
    /// no approval number or trade date.
    pub fn full_from(
        original: &CashbillInfo,
        mgt_key: impl WireText<MgtKey>,
    ) -> Result<Self, ValidationErrors> {
        let (confirm, date) = original_key(original)?;
        Ok(RevokeRequest::new(mgt_key, confirm, date))
    }

    /// A partial cancel of `supply_cost`, `tax` and `service_fee` (total = their sum) of the
    /// issued receipt `original`. Whether it stays within the original is checked by
    /// [`check_revocation`](super::validate::check_revocation).
    pub fn partial_from(
        original: &CashbillInfo,
        mgt_key: impl WireText<MgtKey>,
        supply_cost: impl Into<Amount>,
        tax: impl Into<Amount>,
        service_fee: impl Into<Amount>,
    ) -> Result<Self, ValidationErrors> {
        Ok(
            RevokeRequest::full_from(original, mgt_key)?.set_partial_amounts(
                supply_cost,
                tax,
                service_fee,
            ),
        )
    }

    /// A partial cancel of a VAT-inclusive refund `total` of `original`, split by the
    /// original's taxation type as [`CashbillAmounts::from_vat_inclusive`] does (no service
    /// fee refunded).
    ///
    /// ```
    /// use popbill_model::cashbill::{CashbillInfo, RevokeRequest};
    /// let original: CashbillInfo = serde_json::from_value(serde_json::json!({
    ///     "confirmNum": "TB0000001", "tradeDate": "20250101", "taxationType": "과세"
    /// })).unwrap();
    /// let r = RevokeRequest::partial_vat_inclusive_from(&original, "C1", 4_400).unwrap();
    /// assert_eq!((r.supply_cost.unwrap().won(), r.tax.unwrap().won()), (4_000, 400));
    /// assert_eq!(r.is_part_cancel, Some(true));
    /// ```
    pub fn partial_vat_inclusive_from(
        original: &CashbillInfo,
        mgt_key: impl WireText<MgtKey>,
        total: impl Into<Amount>,
    ) -> Result<Self, ValidationErrors> {
        let taxation = original
            .taxation_type
            .clone()
            .unwrap_or_else(|| TaxationType::from(""));
        let a = CashbillAmounts::from_vat_inclusive(
            total.into(),
            Amount::ZERO,
            &taxation,
            Rounding::HalfUp,
        )
        .map_err(|e| ValidationErrors::single("totalAmount", rule::RANGE, e.to_string()))?;
        RevokeRequest::partial_from(original, mgt_key, a.supply_cost, a.tax, a.service_fee)
    }
}

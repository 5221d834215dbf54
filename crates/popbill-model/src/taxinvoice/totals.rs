//! Totals builder: computes each line's supply value and tax, and the header's
//! `supplyCostTotal`, `taxTotal` and `totalAmount`, with checked arithmetic.
//!
//! - A line's supply value is its `supplyCost` when given, otherwise `qty × unitCost` rounded
//!   to whole won with the builder's [`Rounding`] (truncate by default).
//! - Tax is 10 % of the line's supply value, rounded the same way, for 과세; 0 for 영세/면세.
//! - Header supply and tax are the sums of the lines, and `totalAmount = supply + tax`
//!   exactly, so the result always passes the totals rules of [`super::validate`].
//! - VAT-inclusive amounts are split with [`split_vat_inclusive`]: supply is
//!   `round(total × 10 / 11)`, tax is the remainder, so `supply + tax == total`.
//!
//! Overflow and unusable lines are errors, never panics.

use std::num::NonZeroU64;

use super::{Taxinvoice, TaxinvoiceDetail};
use crate::codes::TaxType;
use crate::common::divisor;
use crate::{Amount, Rounding};

/// Divisors of the VAT arithmetic: VAT of 10 %, the supply in a VAT-inclusive total (10/11).
const TEN: NonZeroU64 = divisor(10);
const ELEVEN: NonZeroU64 = divisor(11);

/// Largest number of lines of an invoice.
pub const MAX_LINES: usize = 99;

/// Why totals could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TotalsError {
    /// No lines were given.
    #[error("no lines to compute totals from")]
    NoLines,
    /// More than 99 lines.
    #[error("at most {MAX_LINES} lines are allowed, got {0}")]
    TooManyLines(usize),
    /// A line has neither `supplyCost` nor both `qty` and `unitCost` (the 0-based index;
    /// the message names the line from 1, as `serialNum` does).
    #[error("line {line} (detailList[{index}]): needs supplyCost, or both qty and unitCost", index = .0, line = .0 + 1)]
    MissingAmount(usize),
    /// A line's amount does not fit POPBiLL's 18-character limit (0-based index).
    #[error("line {line} (detailList[{index}]): amount out of range", index = .0, line = .0 + 1)]
    LineOverflow(usize),
    /// A header amount does not fit POPBiLL's 18-character limit.
    #[error("invoice totals out of range")]
    Overflow,
    /// The tax type is missing or unknown, so the tax rate is unknown.
    #[error("taxType {0:?} is missing or unknown; cannot compute tax")]
    UnknownTaxType(String),
}

/// Computed amounts of an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Totals {
    /// The lines with `serialNum` 1..n, `supplyCost` and `tax` filled in.
    pub lines: Vec<TaxinvoiceDetail>,
    /// Sum of the lines' supply values.
    pub supply_cost_total: Amount,
    /// Sum of the lines' taxes.
    pub tax_total: Amount,
    /// `supply_cost_total + tax_total`.
    pub total_amount: Amount,
}

impl Totals {
    /// Writes the lines and the three header amounts into `invoice`.
    pub fn apply_to(self, mut invoice: Taxinvoice) -> Taxinvoice {
        invoice.detail_list = Some(self.lines);
        invoice.supply_cost_total = Some(self.supply_cost_total);
        invoice.tax_total = Some(self.tax_total);
        invoice.total_amount = Some(self.total_amount);
        invoice
    }
}

#[derive(Clone, Debug)]
enum LineInput {
    Plain(TaxinvoiceDetail),
    VatInclusive(TaxinvoiceDetail, Amount),
}

/// Builds [`Totals`] from lines.
///
/// ```
/// use popbill_model::{Amount, Decimal, Rounding};
/// use popbill_model::codes::TaxType;
/// use popbill_model::taxinvoice::{TaxinvoiceDetail, TotalsBuilder};
/// let totals = TotalsBuilder::new(TaxType::Taxable)
///     .line(TaxinvoiceDetail::default().set_qty("3".parse().unwrap()).set_unit_cost("333.33".parse().unwrap()))
///     .line(TaxinvoiceDetail::default().set_supply_cost(5_000))
///     .line_vat_inclusive(TaxinvoiceDetail::default(), Amount::new(11_000))
///     .build()
///     .unwrap();
/// // 999.99 truncated to 999 (tax 99); 5 000 (tax 500); 11 000 incl. VAT = 10 000 + 1 000.
/// assert_eq!(totals.supply_cost_total, Amount::new(15_999));
/// assert_eq!(totals.tax_total, Amount::new(1_599));
/// assert_eq!(totals.total_amount, Amount::new(17_598));
/// assert_eq!(totals.lines[2].serial_num, Some(3));
/// ```
#[derive(Clone, Debug)]
pub struct TotalsBuilder {
    tax_type: TaxType,
    rounding: Rounding,
    keep_given_tax: bool,
    lines: Vec<LineInput>,
}

impl TotalsBuilder {
    /// A builder for an invoice of `tax_type`, rounding by truncation.
    pub fn new(tax_type: TaxType) -> Self {
        TotalsBuilder {
            tax_type,
            rounding: Rounding::Truncate,
            keep_given_tax: false,
            lines: Vec::new(),
        }
    }

    /// Starts from an invoice's `taxType` and `detailList`.
    pub fn from_invoice(invoice: &Taxinvoice) -> Self {
        let tax_type = invoice
            .tax_type
            .clone()
            .unwrap_or_else(|| TaxType::from(""));
        let mut b = TotalsBuilder::new(tax_type);
        for line in invoice.details() {
            b = b.line(line.clone());
        }
        b
    }

    /// Rounding of fractional won, for `qty × unitCost` and for the tax.
    pub fn rounding(mut self, rounding: Rounding) -> Self {
        self.rounding = rounding;
        self
    }

    /// Keep a `tax` already present on a line instead of recomputing it (still 0 is
    /// enforced for 영세/면세 by validation, not here).
    pub fn keep_given_tax(mut self, yes: bool) -> Self {
        self.keep_given_tax = yes;
        self
    }

    /// Adds a line priced by `supplyCost`, or by `qty × unitCost` when `supplyCost` is absent.
    pub fn line(mut self, line: TaxinvoiceDetail) -> Self {
        self.lines.push(LineInput::Plain(line));
        self
    }

    /// Adds a line whose VAT-inclusive amount is `total`; its `supplyCost` and `tax` are
    /// split from it with [`split_vat_inclusive`].
    pub fn line_vat_inclusive(mut self, line: TaxinvoiceDetail, total: Amount) -> Self {
        self.lines.push(LineInput::VatInclusive(line, total));
        self
    }

    /// Computes the totals.
    pub fn build(self) -> Result<Totals, TotalsError> {
        if self.lines.is_empty() {
            return Err(TotalsError::NoLines);
        }
        if self.lines.len() > MAX_LINES {
            return Err(TotalsError::TooManyLines(self.lines.len()));
        }
        let taxable = match &self.tax_type {
            TaxType::Taxable => true,
            TaxType::ZeroRated | TaxType::Exempt => false,
            other => return Err(TotalsError::UnknownTaxType(other.to_string())),
        };
        let mut supply_sum: i128 = 0;
        let mut tax_sum: i128 = 0;
        let mut out = Vec::with_capacity(self.lines.len());
        for (i, input) in self.lines.into_iter().enumerate() {
            let (mut line, supply, tax) = match input {
                LineInput::VatInclusive(line, total) => {
                    let (s, t) = split_vat_inclusive(total, &self.tax_type, self.rounding)?;
                    (line, i128::from(s.won()), i128::from(t.won()))
                }
                LineInput::Plain(line) => {
                    let supply = match (
                        line.supply_cost_value(),
                        line.qty_value(),
                        line.unit_cost_value(),
                    ) {
                        (Some(s), _, _) => i128::from(s.won()),
                        (None, Some(q), Some(u)) => q
                            .checked_mul_to_amount(u, self.rounding)
                            .map(|a| i128::from(a.won()))
                            .ok_or(TotalsError::LineOverflow(i))?,
                        _ => return Err(TotalsError::MissingAmount(i)),
                    };
                    let tax = match line.tax_value() {
                        Some(t) if self.keep_given_tax => i128::from(t.won()),
                        _ if taxable => self.rounding.div(supply, TEN),
                        _ => 0,
                    };
                    (line, supply, tax)
                }
            };
            let supply_amt = to_amount(supply).ok_or(TotalsError::LineOverflow(i))?;
            let tax_amt = to_amount(tax).ok_or(TotalsError::LineOverflow(i))?;
            supply_sum += supply;
            tax_sum += tax;
            line.serial_num = i64::try_from(i + 1).ok();
            line.supply_cost = Some(supply_amt.into());
            line.tax = Some(tax_amt.into());
            out.push(line);
        }
        let supply_cost_total = to_amount(supply_sum).ok_or(TotalsError::Overflow)?;
        let tax_total = to_amount(tax_sum).ok_or(TotalsError::Overflow)?;
        let total_amount = to_amount(supply_sum + tax_sum).ok_or(TotalsError::Overflow)?;
        Ok(Totals {
            lines: out,
            supply_cost_total,
            tax_total,
            total_amount,
        })
    }
}

/// An amount within POPBiLL's 18-character limit, or `None`.
fn to_amount(v: i128) -> Option<Amount> {
    let a = Amount::new(i64::try_from(v).ok()?);
    a.fits_wire_limit().then_some(a)
}

/// Splits a VAT-inclusive `total` into `(supply, tax)` with `supply + tax == total` exactly.
///
/// For 과세 the supply value is `total × 10 / 11` rounded by `rounding` (toward zero by
/// default) and the tax is the remainder; for 영세/면세 the whole total is supply and the tax is
/// 0. Negative totals (revised invoices) are split symmetrically.
///
/// ```
/// use popbill_model::{Amount, Rounding};
/// use popbill_model::codes::TaxType;
/// use popbill_model::taxinvoice::split_vat_inclusive;
/// let (s, t) = split_vat_inclusive(Amount::new(10_000), &TaxType::Taxable, Rounding::Truncate).unwrap();
/// assert_eq!((s.won(), t.won()), (9_090, 910));
/// ```
pub fn split_vat_inclusive(
    total: Amount,
    tax_type: &TaxType,
    rounding: Rounding,
) -> Result<(Amount, Amount), TotalsError> {
    match tax_type {
        TaxType::Taxable => {
            let t = i128::from(total.won());
            let supply = rounding.div(t * 10, ELEVEN);
            let tax = t - supply;
            match (to_amount(supply), to_amount(tax)) {
                (Some(s), Some(x)) => Ok((s, x)),
                _ => Err(TotalsError::Overflow),
            }
        }
        TaxType::ZeroRated | TaxType::Exempt => Ok((total, Amount::ZERO)),
        other => Err(TotalsError::UnknownTaxType(other.to_string())),
    }
}

impl Taxinvoice {
    /// Recomputes line amounts and the header totals from `detailList` and `taxType`
    /// (see [`TotalsBuilder`]). On error the invoice is left unchanged.
    pub fn compute_totals(&mut self, rounding: Rounding) -> Result<(), TotalsError> {
        let totals = TotalsBuilder::from_invoice(self)
            .rounding(rounding)
            .build()?;
        self.detail_list = Some(totals.lines);
        self.supply_cost_total = Some(totals.supply_cost_total);
        self.tax_total = Some(totals.tax_total);
        self.total_amount = Some(totals.total_amount);
        Ok(())
    }
}

impl Taxinvoice {
    /// The chainable totals step: fills every line's `serialNum`, `supplyCost` and `tax` and
    /// the header's `supplyCostTotal`, `taxTotal` and `totalAmount` from the lines and the
    /// invoice's own `taxType` (stated once, in [`Taxinvoice::new`]), rounding fractional won
    /// toward zero. Forgetting it is named by validation ("the totals step was skipped").
    ///
    /// ```
    /// use popbill_model::codes::{IssueType, PurposeType, TaxType};
    /// use popbill_model::taxinvoice::{Taxinvoice, TaxinvoiceDetail};
    /// let inv = Taxinvoice::new(IssueType::Forward, TaxType::Taxable, PurposeType::Claim, "20250101")
    ///     .add_detail(TaxinvoiceDetail::default().set_item_name("A").set_supply_cost(100_000))
    ///     .add_detail(TaxinvoiceDetail::default().set_qty("2".parse().unwrap()).set_unit_cost("2250".parse().unwrap()))
    ///     .with_computed_totals()
    ///     .unwrap();
    /// assert_eq!(inv.total_amount.map(|a| a.won()), Some(114_950));
    /// assert_eq!(inv.details()[1].tax_value().map(|a| a.won()), Some(450));
    /// ```
    pub fn with_computed_totals(self) -> Result<Self, TotalsError> {
        self.with_computed_totals_rounded(Rounding::Truncate)
    }

    /// [`Taxinvoice::with_computed_totals`] with another rounding of fractional won.
    pub fn with_computed_totals_rounded(mut self, rounding: Rounding) -> Result<Self, TotalsError> {
        self.compute_totals(rounding)?;
        Ok(self)
    }
}

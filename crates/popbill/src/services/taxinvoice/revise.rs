//! Revised invoices (수정세금계산서): builders for the invoices each `modifyCode`
//! 1-6 calls for, from the original.
//!
//! # Which originals can be revised
//!
//! A revised invoice names its original by NTS confirm number (`orgNTSConfirmNum`), and the
//! NTS rejects it when it does not know that number (`ERR011`). So [`RevisionBase::new`]
//! accepts only an original that is **filed with the NTS** (`stateCode` 304) and carries a
//! well-formed 24-character NTS confirm number. For the other states it refuses with a
//! validation error at `stateCode` saying what to do instead:
//!
//! | state | why refused |
//! |---|---|
//! | 300 issued, not yet filed | cancel the issuance (`cancel_issue`) and issue a new invoice |
//! | 301-303 filing in progress | wait for the NTS result |
//! | 305 filing failed | the NTS does not know the original; fix it and issue again |
//! | 1xx, 2xx, 4xx, 5xx, 6xx, unknown | not an issued invoice |
//!
//! # What the builders do
//!
//! Every built invoice is a copy of the original with: `modifyCode` and
//! `orgNTSConfirmNum` set; the new document number in the field that addresses it (by
//! issue type) and the other two document numbers cleared; response-only fields
//! (`ntsconfirmNum`, `closeDownState`, `closeDownStateDate`) and the legacy
//! `originalTaxinvoiceKey` cleared; a note `수정사유: … (당초 승인번호 …)` in the first empty
//! remark (`remark1` is skipped for a foreign buyer, whose id it holds; nothing is
//! overwritten). "Negative" copies negate the header amounts, the payment breakdown and
//! every line's `qty` (or `unitCost` when there is no `qty`), `supplyCost` and `tax`.
//!
//! | code | builder | invoices | `writeDate` |
//! |---|---|---|---|
//! | 1 기재사항 착오정정 | [`correction`](RevisionBase::correction) | negative copy + the corrected invoice | the original's (the corrected one keeps its own if set) |
//! | 2 공급가액 변동 | [`supply_value_change`](RevisionBase::supply_value_change) | one invoice for the difference (lines signed by the caller) | the day of the change |
//! | 3 환입 | [`goods_return`](RevisionBase::goods_return) | the returned lines, negated | the day of the return |
//! | 4 계약의 해제 | [`contract_cancellation`](RevisionBase::contract_cancellation) | negative copy | the day of the cancellation |
//! | 5 내국신용장 사후개설 | [`local_letter_of_credit`](RevisionBase::local_letter_of_credit) | negative copy + zero-rated (영세, tax 0) copy | the original's |
//! | 6 착오에 의한 이중발급 | [`duplicate_issuance`](RevisionBase::duplicate_issuance) | negative copy | the original's |
//!
//! Dates given for codes 2-4 must not be before the original's `writeDate`. The results
//! still go through the normal validation when they are issued.

use popbill_model::codes::{InvoiceeType, IssueType, ModifyCode, StateCode, TaxType};
use popbill_model::taxinvoice::{
    Blankable, Taxinvoice, TaxinvoiceDetail, TaxinvoiceInfo, TotalsBuilder,
};
use popbill_model::{Amount, Date8, Decimal, MgtKey, NtsConfirmNum, ValidationErrors, rule};

/// An original invoice checked to be revisable (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct RevisionBase {
    original: Taxinvoice,
    nts_confirm_num: String,
    write_date: Date8,
}

fn refuse(path: &str, rule_id: &'static str, msg: impl Into<String>) -> ValidationErrors {
    ValidationErrors::single(path, rule_id, msg)
}

impl RevisionBase {
    /// Checks the original: `original` is its getDetailInfo answer, `info` its getInfo
    /// answer (for `stateCode`; its `ntsconfirmNum` is preferred over the detail's).
    pub fn new(original: Taxinvoice, info: &TaxinvoiceInfo) -> Result<Self, ValidationErrors> {
        let state = info.state_code.clone();
        match state.as_ref().and_then(StateCode::code) {
            _ if state.as_ref().is_some_and(StateCode::is_filed_ok) => {}
            Some(300) => {
                return Err(refuse(
                    "stateCode",
                    rule::RANGE,
                    "the original (300) is issued but not yet filed with the NTS: cancel the \
                     issuance (cancel_issue) and issue a new invoice instead of revising",
                ));
            }
            Some(301..=303) => {
                return Err(refuse(
                    "stateCode",
                    rule::RANGE,
                    "the original is being filed with the NTS: wait for the result (304) \
                     before revising",
                ));
            }
            Some(305) => {
                return Err(refuse(
                    "stateCode",
                    rule::RANGE,
                    "the NTS rejected the original (305), so it cannot be revised: correct \
                     it and issue it again",
                ));
            }
            other => {
                return Err(refuse(
                    "stateCode",
                    rule::RANGE,
                    format!(
                        "only an invoice filed with the NTS (304) can be revised, got {}",
                        other.map_or_else(|| "none".to_owned(), |c| c.to_string())
                    ),
                ));
            }
        }
        let num = info
            .nts_confirm_num
            .clone()
            .or_else(|| original.nts_confirm_num.clone())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                refuse(
                    "ntsconfirmNum",
                    rule::REQUIRED,
                    "the original has no NTS confirm number",
                )
            })?;
        NtsConfirmNum::check(&num)
            .map_err(|e| refuse("ntsconfirmNum", rule::FORMAT, e.to_string()))?;
        let write_date = original
            .write_date
            .as_deref()
            .map(Date8::parse)
            .transpose()
            .map_err(|e| refuse("writeDate", rule::DATE, e.to_string()))?
            .ok_or_else(|| refuse("writeDate", rule::REQUIRED, "the original has no writeDate"))?;
        Ok(RevisionBase {
            original,
            nts_confirm_num: num,
            write_date,
        })
    }

    /// The original invoice.
    pub fn original(&self) -> &Taxinvoice {
        &self.original
    }

    /// The original's NTS confirm number (`orgNTSConfirmNum` of every revision).
    pub fn nts_confirm_num(&self) -> &str {
        &self.nts_confirm_num
    }

    /// Code 1 (기재사항 착오정정): a negative copy cancelling the original and the
    /// `corrected` invoice, both revised with code 1. The corrected invoice keeps its own
    /// `writeDate` if it has one (a wrong date is itself correctable), otherwise gets the
    /// original's.
    pub fn correction(
        &self,
        cancel_key: &MgtKey,
        corrected: Taxinvoice,
        corrected_key: &MgtKey,
    ) -> Result<[Taxinvoice; 2], ValidationErrors> {
        let code = ModifyCode::CorrectionOfEntries;
        let negative = self.negative_copy(code.clone(), cancel_key, self.write_date)?;
        let mut fixed = self.stamp(corrected, code, corrected_key);
        if fixed.write_date.as_deref().is_none_or(str::is_empty) {
            fixed.write_date = Some(self.write_date.to_string());
        }
        Ok([negative, fixed])
    }

    /// Code 2 (공급가액 변동): one invoice for the difference only. `lines` carry the change
    /// with its sign (negative for a decrease), priced by `supplyCost` or `qty × unitCost`;
    /// a line's `tax` is kept when given, else 10 % for 과세. Totals are computed from the
    /// lines.
    pub fn supply_value_change(
        &self,
        key: &MgtKey,
        change_date: Date8,
        lines: Vec<TaxinvoiceDetail>,
    ) -> Result<Taxinvoice, ValidationErrors> {
        self.check_date(change_date, "the day of the change")?;
        self.with_lines(ModifyCode::SupplyValueChange, key, change_date, lines)
    }

    /// Code 3 (환입): a negative invoice for the returned `lines`, given as they were sold
    /// (positive); they are negated here.
    pub fn goods_return(
        &self,
        key: &MgtKey,
        return_date: Date8,
        lines: Vec<TaxinvoiceDetail>,
    ) -> Result<Taxinvoice, ValidationErrors> {
        self.check_date(return_date, "the day of the return")?;
        let negated = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| negate_line(l, i))
            .collect::<Result<Vec<_>, _>>()?;
        self.with_lines(ModifyCode::Return, key, return_date, negated)
    }

    /// Code 4 (계약의 해제): a negative copy of the original, dated the cancellation day.
    pub fn contract_cancellation(
        &self,
        key: &MgtKey,
        cancel_date: Date8,
    ) -> Result<Taxinvoice, ValidationErrors> {
        self.check_date(cancel_date, "the day of the cancellation")?;
        self.negative_copy(ModifyCode::ContractCancellation, key, cancel_date)
    }

    /// Code 5 (내국신용장 사후개설): a negative copy of the original and a zero-rated (영세)
    /// copy with every tax 0, both dated the original's `writeDate`. For only part of the
    /// items, edit both invoices' lines and recompute their totals.
    pub fn local_letter_of_credit(
        &self,
        cancel_key: &MgtKey,
        zero_rated_key: &MgtKey,
    ) -> Result<[Taxinvoice; 2], ValidationErrors> {
        let code = ModifyCode::LocalLetterOfCredit;
        let negative = self.negative_copy(code.clone(), cancel_key, self.write_date)?;
        let mut zero = self.stamp(self.original.clone(), code, zero_rated_key);
        zero.write_date = Some(self.write_date.to_string());
        zero.tax_type = Some(TaxType::ZeroRated);
        if let Some(lines) = zero.detail_list.as_mut() {
            for line in lines {
                if line.tax.is_some() {
                    line.tax = Some(Blankable::Value(Amount::ZERO));
                }
            }
        }
        let supply = zero.supply_cost_total.unwrap_or(Amount::ZERO);
        zero.tax_total = Some(Amount::ZERO);
        zero.total_amount = Some(supply);
        Ok([negative, zero])
    }

    /// Code 6 (착오에 의한 이중발급): a negative copy of the duplicate (this original),
    /// dated its `writeDate`.
    pub fn duplicate_issuance(&self, key: &MgtKey) -> Result<Taxinvoice, ValidationErrors> {
        self.negative_copy(ModifyCode::DuplicateIssuance, key, self.write_date)
    }

    fn check_date(&self, date: Date8, what: &str) -> Result<(), ValidationErrors> {
        if date < self.write_date {
            return Err(refuse(
                "writeDate",
                rule::RANGE,
                format!(
                    "{what} ({date}) must not be before the original's writeDate ({})",
                    self.write_date
                ),
            ));
        }
        Ok(())
    }

    /// A copy of the original, revised with `code`, keyed `key`, dated `date`, with `lines`
    /// and totals computed from them.
    fn with_lines(
        &self,
        code: ModifyCode,
        key: &MgtKey,
        date: Date8,
        lines: Vec<TaxinvoiceDetail>,
    ) -> Result<Taxinvoice, ValidationErrors> {
        let tax_type = self.original.tax_type.clone().unwrap_or(TaxType::Taxable);
        let mut builder = TotalsBuilder::new(tax_type).keep_given_tax(true);
        for mut line in lines {
            line.serial_num = None;
            builder = builder.line(line);
        }
        let totals = builder
            .build()
            .map_err(|e| refuse("detailList", rule::TOTALS, e.to_string()))?;
        let mut inv = self.stamp(self.original.clone(), code, key);
        inv.write_date = Some(date.to_string());
        for field in [
            &mut inv.cash,
            &mut inv.chk_bill,
            &mut inv.note,
            &mut inv.credit,
        ] {
            *field = None;
        }
        Ok(totals.apply_to(inv))
    }

    /// The original with every amount negated, revised with `code`, keyed `key`, dated `date`.
    fn negative_copy(
        &self,
        code: ModifyCode,
        key: &MgtKey,
        date: Date8,
    ) -> Result<Taxinvoice, ValidationErrors> {
        let mut inv = self.stamp(self.original.clone(), code, key);
        inv.write_date = Some(date.to_string());
        for (path, field) in [
            ("supplyCostTotal", &mut inv.supply_cost_total),
            ("taxTotal", &mut inv.tax_total),
            ("totalAmount", &mut inv.total_amount),
        ] {
            *field = field.map(|a| neg_amount(a, path)).transpose()?;
        }
        for (path, field) in [
            ("cash", &mut inv.cash),
            ("chkBill", &mut inv.chk_bill),
            ("note", &mut inv.note),
            ("credit", &mut inv.credit),
        ] {
            *field = neg_blankable(*field, path)?;
        }
        if let Some(lines) = inv.detail_list.take() {
            inv.detail_list = Some(
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| negate_line(l, i))
                    .collect::<Result<_, _>>()?,
            );
        }
        Ok(inv)
    }

    /// Sets the revision fields on `inv`: code, original confirm number, document numbers,
    /// cleared response-only fields, and the remark note.
    fn stamp(&self, mut inv: Taxinvoice, code: ModifyCode, key: &MgtKey) -> Taxinvoice {
        let key = Some(key.as_str().to_owned());
        match inv.issue_type {
            Some(IssueType::Trustee) => {
                inv.trustee_mgt_key = key;
                inv.invoicer_mgt_key = None;
                inv.invoicee_mgt_key = None;
            }
            Some(IssueType::Reverse) => {
                inv.invoicee_mgt_key = key;
                inv.invoicer_mgt_key = None;
                inv.trustee_mgt_key = None;
            }
            _ => {
                inv.invoicer_mgt_key = key;
                inv.invoicee_mgt_key = None;
                inv.trustee_mgt_key = None;
            }
        }
        let note = format!(
            "수정사유: {} (당초 승인번호 {})",
            reason(&code),
            self.nts_confirm_num
        );
        inv.modify_code = Some(code);
        inv.org_nts_confirm_num = Some(self.nts_confirm_num.clone());
        inv.original_taxinvoice_key = None;
        inv.nts_confirm_num = None;
        inv.close_down_state = None;
        inv.close_down_state_date = None;
        let foreigner = inv.invoicee_type == Some(InvoiceeType::Foreigner);
        let free = |r: &Option<String>| r.as_deref().is_none_or(|s| s.trim().is_empty());
        if !foreigner && free(&inv.remark1) {
            inv.remark1 = Some(note);
        } else if free(&inv.remark2) {
            inv.remark2 = Some(note);
        } else if free(&inv.remark3) {
            inv.remark3 = Some(note);
        }
        inv
    }
}

/// The Korean name of a revision reason.
fn reason(code: &ModifyCode) -> &'static str {
    match code {
        ModifyCode::CorrectionOfEntries => "기재사항 착오정정",
        ModifyCode::SupplyValueChange => "공급가액 변동",
        ModifyCode::Return => "환입",
        ModifyCode::ContractCancellation => "계약의 해제",
        ModifyCode::LocalLetterOfCredit => "내국신용장 사후개설",
        ModifyCode::DuplicateIssuance => "착오에 의한 이중발급",
        _ => "기타",
    }
}

fn neg_amount(a: Amount, path: &str) -> Result<Amount, ValidationErrors> {
    a.checked_neg()
        .ok_or_else(|| refuse(path, rule::RANGE, "cannot be negated"))
}

fn neg_blankable(
    v: Option<Blankable<Amount>>,
    path: &str,
) -> Result<Option<Blankable<Amount>>, ValidationErrors> {
    match v {
        Some(Blankable::Value(a)) => Ok(Some(Blankable::Value(neg_amount(a, path)?))),
        other => Ok(other),
    }
}

fn neg_decimal(d: Decimal, path: &str) -> Result<Decimal, ValidationErrors> {
    let text = d.to_string();
    let flipped = match text.strip_prefix('-') {
        Some(rest) => rest.to_owned(),
        None => format!("-{text}"),
    };
    Decimal::parse(&flipped).map_err(|e| refuse(path, rule::RANGE, e.to_string()))
}

/// Negates a line: `qty` (or `unitCost` without `qty`), `supplyCost` and `tax`.
fn negate_line(mut line: TaxinvoiceDetail, i: usize) -> Result<TaxinvoiceDetail, ValidationErrors> {
    let p = |f: &str| format!("detailList[{i}].{f}");
    match (line.qty, line.unit_cost) {
        (Some(Blankable::Value(q)), _) => {
            line.qty = Some(Blankable::Value(neg_decimal(q, &p("qty"))?));
        }
        (_, Some(Blankable::Value(u))) => {
            line.unit_cost = Some(Blankable::Value(neg_decimal(u, &p("unitCost"))?));
        }
        _ => {}
    }
    line.supply_cost = neg_blankable(line.supply_cost, &p("supplyCost"))?;
    line.tax = neg_blankable(line.tax, &p("tax"))?;
    Ok(line)
}

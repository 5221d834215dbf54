//! Pre-flight validation of Taxinvoice documents and calls.
//!
//! [`Validate`] for [`Taxinvoice`] checks every document rule and
//! reports all violations at once, with wire-name paths such as `detailList[2].qty`
//! (the path's list index is 0-based, as in JSON; the message names the line from 1, as
//! `serialNum` does: `line 3: ...`) and rule ids from [`crate::rule`]. The call-level rules
//! are plain functions below, for the facade and the sandbox.
//!
//! Design points:
//! - Lengths count Unicode scalar values ([`crate::char_len`]); the server may count differently.
//! - A code value this crate does not know (`taxType` "xxxxx", `purposeType` -1) fails with
//!   [`rule::UNKNOWN_CODE`], as the server refuses it, unless
//!   [`ValidationContext::allow_unknown_codes`] is set; rules that depend on a code apply only
//!   when the code is known. Answers are not validated and keep unknown codes.
//! - Business numbers are checked for the NTS check digit unless
//!   [`ValidationContext::allow_test_corp_nums`] is set.
//! - With [`ValidationContext::today_kst`] set, a `writeDate` after today is a `date`
//!   violation, and a `writeDate` whose issuance deadline (the 10th of the next month, moved
//!   to the next business day by [`crate::calendar`]) has
//!   passed is a [`rule::LATE`] violation at `writeDate`. Issuing late is legal with
//!   `forceIssue` (penalty tax may apply), so the caller decides: the facade drops `late`
//!   violations when `forceIssue` is true or when the call does not issue (register, update).
//! - Validation never panics: all arithmetic is checked or done in `i128`.

use std::collections::HashSet;

use super::{
    BulkTaxinvoiceSubmit, IssueBody, RegistIssueRequest, StatementBody, Taxinvoice,
    TaxinvoiceAddContact, TaxinvoiceDetail,
};
use crate::codes::{InvoiceeType, IssueType, MgtKeyType, TaxType};
use crate::document::checks::memo_and_subject;
use crate::validate::rule;
use crate::{
    Amount, Date8, NtsConfirmNum, Validate, ValidationContext, ValidationErrors, Validator,
};

pub use crate::document::checks::{
    MAX_BULK, MAX_EMAIL_SUBJECT, MAX_GET_INFOS, MAX_MASS_PRINT, MAX_MEMO, MAX_SEARCH_MONTHS,
    MAX_USER_ID, SMS_MAX_BYTES, check_corp_num, check_item_key, check_mgt_key, check_mgt_key_list,
    check_mgt_keys, check_paging, check_search_window, check_state_filters, check_submit_id,
    check_user_id, sms_contents_bytes,
};

/// Most lines of one invoice.
pub const MAX_DETAILS: usize = 99;
/// Most extra contacts of one invoice.
pub const MAX_CONTACTS: usize = 5;
/// Most attachments of one invoice.
pub const MAX_ATTACHMENTS: usize = 5;
/// The `invoiceeCorpNum` of a foreign buyer.
pub const FOREIGNER_CORP_NUM: &str = "9999999999999";

/// Maximum lengths of the invoice's free-text fields, as `(wire key, max chars)`.
const TEXT_LIMITS: &[(&str, usize)] = &[
    ("invoicerCorpName", 200),
    ("invoicerCEOName", 100),
    ("invoicerAddr", 300),
    ("invoicerBizClass", 100),
    ("invoicerBizType", 100),
    ("invoicerContactName", 100),
    ("invoicerDeptName", 100),
    ("invoicerEmail", 100),
    ("invoicerTEL", 20),
    ("invoicerHP", 20),
    ("invoiceeCorpName", 200),
    ("invoiceeCEOName", 100),
    ("invoiceeAddr", 300),
    ("invoiceeBizClass", 100),
    ("invoiceeBizType", 100),
    ("invoiceeContactName1", 100),
    ("invoiceeDeptName1", 100),
    ("invoiceeEmail1", 100),
    ("invoiceeTEL1", 20),
    ("invoiceeHP1", 20),
    ("invoiceeContactName2", 30),
    ("invoiceeDeptName2", 40),
    ("invoiceeEmail2", 70),
    ("invoiceeTEL2", 20),
    ("invoiceeHP2", 20),
    ("trusteeCorpName", 200),
    ("trusteeCEOName", 100),
    ("trusteeAddr", 300),
    ("trusteeBizClass", 100),
    ("trusteeBizType", 100),
    ("trusteeContactName", 100),
    ("trusteeDeptName", 100),
    ("trusteeEmail", 100),
    ("trusteeTEL", 20),
    ("trusteeHP", 20),
    ("serialNum", 30),
    ("remark1", 150),
    ("remark2", 150),
    ("remark3", 150),
];

impl Taxinvoice {
    /// The free-text field with wire name `key`, for table-driven rules.
    fn text_field(&self, key: &str) -> Option<&str> {
        let f = match key {
            "invoicerCorpName" => &self.invoicer_corp_name,
            "invoicerCEOName" => &self.invoicer_ceo_name,
            "invoicerAddr" => &self.invoicer_addr,
            "invoicerBizClass" => &self.invoicer_biz_class,
            "invoicerBizType" => &self.invoicer_biz_type,
            "invoicerContactName" => &self.invoicer_contact_name,
            "invoicerDeptName" => &self.invoicer_dept_name,
            "invoicerEmail" => &self.invoicer_email,
            "invoicerTEL" => &self.invoicer_tel,
            "invoicerHP" => &self.invoicer_hp,
            "invoiceeCorpName" => &self.invoicee_corp_name,
            "invoiceeCEOName" => &self.invoicee_ceo_name,
            "invoiceeAddr" => &self.invoicee_addr,
            "invoiceeBizClass" => &self.invoicee_biz_class,
            "invoiceeBizType" => &self.invoicee_biz_type,
            "invoiceeContactName1" => &self.invoicee_contact_name1,
            "invoiceeDeptName1" => &self.invoicee_dept_name1,
            "invoiceeEmail1" => &self.invoicee_email1,
            "invoiceeTEL1" => &self.invoicee_tel1,
            "invoiceeHP1" => &self.invoicee_hp1,
            "invoiceeContactName2" => &self.invoicee_contact_name2,
            "invoiceeDeptName2" => &self.invoicee_dept_name2,
            "invoiceeEmail2" => &self.invoicee_email2,
            "invoiceeTEL2" => &self.invoicee_tel2,
            "invoiceeHP2" => &self.invoicee_hp2,
            "trusteeCorpName" => &self.trustee_corp_name,
            "trusteeCEOName" => &self.trustee_ceo_name,
            "trusteeAddr" => &self.trustee_addr,
            "trusteeBizClass" => &self.trustee_biz_class,
            "trusteeBizType" => &self.trustee_biz_type,
            "trusteeContactName" => &self.trustee_contact_name,
            "trusteeDeptName" => &self.trustee_dept_name,
            "trusteeEmail" => &self.trustee_email,
            "trusteeTEL" => &self.trustee_tel,
            "trusteeHP" => &self.trustee_hp,
            "serialNum" => &self.serial_num,
            "remark1" => &self.remark1,
            "remark2" => &self.remark2,
            "remark3" => &self.remark3,
            _ => return None,
        };
        f.as_deref()
    }
}

impl Validate for Taxinvoice {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        check_invoice(self, &mut v);
        v.finish()
    }
}

fn present(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.trim().is_empty())
}

fn check_invoice(inv: &Taxinvoice, v: &mut Validator<'_>) {
    check_required(inv, v);
    check_parties(inv, v);
    check_dates(inv, v);
    check_amounts(inv, v);
    check_revision(inv, v);
    check_details(inv, v);
    check_contacts(inv, v);
    for (key, max) in TEXT_LIMITS {
        v.max_chars(key, inv.text_field(key), *max);
    }
    for (path, n) in [("kwon", inv.kwon), ("ho", inv.ho)] {
        if let Some(n) = n {
            if !(0..=i64::from(i16::MAX)).contains(&n) {
                v.push(
                    path,
                    rule::RANGE,
                    format!("must be between 0 and 32767, got {n}"),
                );
            }
        }
    }
}

/// Rules 8, 10, 21: required fields, per issue type and for foreign buyers.
fn check_required(inv: &Taxinvoice, v: &mut Validator<'_>) {
    v.required_value("issueType", inv.issue_type.as_ref());
    v.required_value("taxType", inv.tax_type.as_ref());
    v.required_value("chargeDirection", inv.charge_direction.as_ref());
    v.required("writeDate", inv.write_date.as_deref());
    v.required_value("purposeType", inv.purpose_type.as_ref());
    check_codes(inv, v);
    for (path, amount) in [
        ("supplyCostTotal", inv.supply_cost_total),
        ("taxTotal", inv.tax_total),
        ("totalAmount", inv.total_amount),
    ] {
        if amount.is_none() {
            let hint = if inv.details().is_empty() {
                "is required"
            } else {
                "is required: the lines are there but the totals step was skipped (call \
                 with_computed_totals() after adding the lines)"
            };
            v.push(path, rule::REQUIRED, hint);
        }
    }
    v.required("invoicerCorpNum", inv.invoicer_corp_num.as_deref());
    v.required("invoicerCorpName", inv.invoicer_corp_name.as_deref());
    v.required("invoicerCEOName", inv.invoicer_ceo_name.as_deref());
    v.required_value("invoiceeType", inv.invoicee_type.as_ref());
    v.required("invoiceeCorpNum", inv.invoicee_corp_num.as_deref());
    v.required("invoiceeCorpName", inv.invoicee_corp_name.as_deref());
    v.required("invoiceeCEOName", inv.invoicee_ceo_name.as_deref());

    let conditional: &[(&str, Option<&str>)] = match inv.issue_type {
        Some(IssueType::Forward) => &[("invoicerMgtKey", inv.invoicer_mgt_key.as_deref())],
        Some(IssueType::Reverse) => &[("invoiceeMgtKey", inv.invoicee_mgt_key.as_deref())],
        Some(IssueType::Trustee) => &[
            ("trusteeCorpNum", inv.trustee_corp_num.as_deref()),
            ("trusteeMgtKey", inv.trustee_mgt_key.as_deref()),
            ("trusteeCorpName", inv.trustee_corp_name.as_deref()),
            ("trusteeCEOName", inv.trustee_ceo_name.as_deref()),
        ],
        _ => &[],
    };
    for (path, value) in conditional {
        if !present(*value) {
            let it = inv
                .issue_type
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_default();
            v.push(
                *path,
                rule::REQUIRED,
                format!("is required when issueType is {it}"),
            );
        }
    }

    if matches!(inv.invoicee_type, Some(InvoiceeType::Foreigner))
        && !present(inv.remark1.as_deref())
    {
        v.push(
            "remark1",
            rule::REQUIRED,
            "is required for a foreign buyer (alien registration or passport number)",
        );
    }

    // Rule 11: 역과금 only with 역발행.
    if matches!(
        inv.charge_direction,
        Some(crate::codes::ChargeDirection::Reverse)
    ) && inv
        .issue_type
        .as_ref()
        .is_some_and(|t| !t.is_unknown() && *t != IssueType::Reverse)
    {
        v.push(
            "chargeDirection",
            rule::CONDITIONAL,
            "역과금 (buyer charged) is only allowed with issueType 역발행",
        );
    }
}

/// Every code of the body is one this crate knows, unless the context allows unknown ones
/// (the server refuses values it does not know; see [`ValidationContext::allow_unknown_codes`]).
fn check_codes(inv: &Taxinvoice, v: &mut Validator<'_>) {
    v.known_code("issueType", inv.issue_type.as_ref());
    v.known_code("taxType", inv.tax_type.as_ref());
    v.known_code("chargeDirection", inv.charge_direction.as_ref());
    v.known_code("purposeType", inv.purpose_type.as_ref());
    v.known_code("invoiceeType", inv.invoicee_type.as_ref());
    v.known_code("issueTiming", inv.issue_timing.as_ref());
    v.known_code("modifyCode", inv.modify_code.as_ref());
}

/// Rules 1-4: business numbers, buyer id, 종사업장 numbers, document numbers.
fn check_parties(inv: &Taxinvoice, v: &mut Validator<'_>) {
    v.corp_num("invoicerCorpNum", inv.invoicer_corp_num.as_deref());
    v.corp_num("trusteeCorpNum", inv.trustee_corp_num.as_deref());

    if let Some(id) = inv.invoicee_corp_num.as_deref().filter(|s| !s.is_empty()) {
        match inv.invoicee_type {
            Some(InvoiceeType::Business) => v.corp_num("invoiceeCorpNum", Some(id)),
            Some(InvoiceeType::Individual) => v.digits("invoiceeCorpNum", Some(id), 13),
            Some(InvoiceeType::Foreigner) => {
                if id != FOREIGNER_CORP_NUM {
                    v.push(
                        "invoiceeCorpNum",
                        rule::FORMAT,
                        format!("must be {FOREIGNER_CORP_NUM} for a foreign buyer"),
                    );
                }
            }
            _ => {
                let digits = id.bytes().all(|b| b.is_ascii_digit());
                if !digits || !(id.len() == 10 || id.len() == 13) {
                    v.push("invoiceeCorpNum", rule::FORMAT, "must be 10 or 13 digits");
                }
            }
        }
    }

    v.digits("invoicerTaxRegID", inv.invoicer_tax_reg_id.as_deref(), 4);
    v.digits("invoiceeTaxRegID", inv.invoicee_tax_reg_id.as_deref(), 4);
    v.digits("trusteeTaxRegID", inv.trustee_tax_reg_id.as_deref(), 4);

    v.mgt_key("invoicerMgtKey", inv.invoicer_mgt_key.as_deref());
    v.mgt_key("invoiceeMgtKey", inv.invoicee_mgt_key.as_deref());
    v.mgt_key("trusteeMgtKey", inv.trustee_mgt_key.as_deref());
}

/// Rule 7 and the deadline rule.
fn check_dates(inv: &Taxinvoice, v: &mut Validator<'_>) {
    let Some(write) = v.date8("writeDate", inv.write_date.as_deref()) else {
        return;
    };
    let Some(today) = v.ctx().today_kst else {
        return;
    };
    if write > today {
        v.push(
            "writeDate",
            rule::DATE,
            format!("must not be after today ({today}, Korean time)"),
        );
    } else {
        let deadline = crate::calendar::issuance_deadline(write);
        if today > deadline {
            v.push(
                "writeDate",
                rule::LATE,
                format!(
                    "issuance deadline {deadline} has passed; issuing now is late (forceIssue \
                     allows it, a penalty tax may apply)"
                ),
            );
        }
    }
}

fn amount_limit(v: &mut Validator<'_>, path: &str, a: Option<Amount>) {
    if let Some(a) = a {
        if !a.fits_wire_limit() {
            v.push(path, rule::MAX_LENGTH, "must be at most 18 characters");
        }
    }
}

fn opposite_signs(a: Amount, b: Amount) -> bool {
    (a.is_negative() && b.won() > 0) || (a.won() > 0 && b.is_negative())
}

/// Rules 12, 13, 15, 16 at the header.
fn check_amounts(inv: &Taxinvoice, v: &mut Validator<'_>) {
    let supply = inv.supply_cost_total;
    let tax = inv.tax_total;
    let total = inv.total_amount;
    amount_limit(v, "supplyCostTotal", supply);
    amount_limit(v, "taxTotal", tax);
    amount_limit(v, "totalAmount", total);
    for (path, a) in inv.payment_amounts() {
        amount_limit(v, path, a);
    }

    if let (Some(s), Some(t), Some(sum)) = (supply, tax, total) {
        let expected = i128::from(s.won()) + i128::from(t.won());
        if i128::from(sum.won()) != expected {
            v.push(
                "totalAmount",
                rule::TOTALS,
                format!("must equal supplyCostTotal + taxTotal = {expected}, got {sum}"),
            );
        }
    }
    let tax_free = inv.tax_type.as_ref().is_some_and(TaxType::is_tax_free);
    if let Some(t) = tax {
        if tax_free && !t.is_zero() {
            v.push("taxTotal", rule::RANGE, "must be 0 for 영세/면세");
        }
        if let Some(s) = supply {
            if opposite_signs(s, t) {
                v.push(
                    "taxTotal",
                    rule::SIGN,
                    "must not have the opposite sign of supplyCostTotal",
                );
            }
        }
    }
}

/// Rules 19 and 20: revised invoices.
fn check_revision(inv: &Taxinvoice, v: &mut Validator<'_>) {
    let org = inv.org_nts_confirm_num.as_deref().filter(|s| !s.is_empty());
    match (&inv.modify_code, org) {
        (Some(_), None) => v.push(
            "orgNTSConfirmNum",
            rule::CONDITIONAL,
            "is required on a revised invoice (modifyCode is set)",
        ),
        (None, Some(_)) => v.push(
            "modifyCode",
            rule::CONDITIONAL,
            "is required on a revised invoice (orgNTSConfirmNum is set)",
        ),
        _ => {}
    }
    if let Some(o) = org {
        if let Err(e) = NtsConfirmNum::check(o) {
            v.push("orgNTSConfirmNum", rule::FORMAT, e.to_string());
        }
    }
    if inv
        .modify_code
        .as_ref()
        .is_some_and(|m| m.requires_non_positive_amounts())
    {
        for (path, a) in [
            ("supplyCostTotal", inv.supply_cost_total),
            ("taxTotal", inv.tax_total),
            ("totalAmount", inv.total_amount),
        ] {
            if a.is_some_and(|a| a.won() > 0) {
                v.push(
                    path,
                    rule::CONDITIONAL,
                    "must be zero or negative for modifyCode 3 (return) or 4 (contract cancelled)",
                );
            }
        }
    }
}

/// Rules 14-17 on lines, and header = sum of lines.
fn check_details(inv: &Taxinvoice, v: &mut Validator<'_>) {
    let lines = inv.details();
    if lines.len() > MAX_DETAILS {
        v.push(
            "detailList",
            rule::TOO_MANY,
            format!("at most {MAX_DETAILS} lines, got {}", lines.len()),
        );
    }
    let tax_free = inv.tax_type.as_ref().is_some_and(TaxType::is_tax_free);
    let mut supply_sum: Option<i128> = None;
    let mut tax_sum: Option<i128> = None;
    for (i, line) in lines.iter().enumerate() {
        let mut sub = Validator::new(v.ctx());
        check_detail(line, i, tax_free, &mut sub);
        push_numbered(v, "detailList", "line", i, sub);
        if let Some(s) = line.supply_cost_value() {
            *supply_sum.get_or_insert(0) += i128::from(s.won());
        }
        if let Some(t) = line.tax_value() {
            *tax_sum.get_or_insert(0) += i128::from(t.won());
        }
    }
    for (path, sum, header) in [
        ("supplyCostTotal", supply_sum, inv.supply_cost_total),
        ("taxTotal", tax_sum, inv.tax_total),
    ] {
        if let (Some(sum), Some(h)) = (sum, header) {
            if sum != i128::from(h.won()) {
                v.push(
                    path,
                    rule::TOTALS,
                    format!(
                        "must equal the sum of the lines ({sum}), got {h} (with_computed_totals() \
                         fills the totals from the lines)"
                    ),
                );
            }
        }
    }
}

/// Moves the violations of list item `i` into `v` under `list[i].`, each message naming the
/// item from 1 (`line 3: ...`), as `serialNum` counts.
fn push_numbered(v: &mut Validator<'_>, list: &str, noun: &str, i: usize, sub: Validator<'_>) {
    if let Err(errs) = sub.finish() {
        for e in errs.into_vec() {
            v.push(
                format!("{list}[{i}].{}", e.path),
                e.rule,
                format!("{noun} {}: {}", i + 1, e.message),
            );
        }
    }
}

/// One line's rules; paths relative to the line.
fn check_detail(line: &TaxinvoiceDetail, i: usize, tax_free: bool, v: &mut Validator<'_>) {
    let p = |f: &str| f.to_owned();
    let expected = i64::try_from(i + 1).unwrap_or(i64::MAX);
    match line.serial_num {
        None => v.push(p("serialNum"), rule::REQUIRED, "is required"),
        Some(n) if n != expected => v.push(
            p("serialNum"),
            rule::SEQUENCE,
            format!("must be {expected} (1..n in order), got {n}"),
        ),
        Some(_) => {}
    }
    v.date8(&p("purchaseDT"), line.purchase_dt.as_deref());
    v.max_chars(&p("itemName"), line.item_name.as_deref(), 100);
    v.max_chars(&p("spec"), line.spec.as_deref(), 60);
    v.max_chars(&p("remark"), line.remark.as_deref(), 100);
    if let Some(q) = line.qty_value() {
        if q.wire_len() > 12 {
            v.push(p("qty"), rule::MAX_LENGTH, "must be at most 12 characters");
        }
    }
    if let Some(u) = line.unit_cost_value() {
        if u.wire_len() > 18 {
            v.push(
                p("unitCost"),
                rule::MAX_LENGTH,
                "must be at most 18 characters",
            );
        }
    }
    amount_limit(v, &p("supplyCost"), line.supply_cost_value());
    amount_limit(v, &p("tax"), line.tax_value());
    if let Some(t) = line.tax_value() {
        if tax_free && !t.is_zero() {
            v.push(p("tax"), rule::RANGE, "must be 0 for 영세/면세");
        }
        if let Some(s) = line.supply_cost_value() {
            if opposite_signs(s, t) {
                v.push(
                    p("tax"),
                    rule::SIGN,
                    "must not have the opposite sign of supplyCost",
                );
            }
        }
    }
}

/// Rule 18.
fn check_contacts(inv: &Taxinvoice, v: &mut Validator<'_>) {
    let contacts = inv.contacts();
    if contacts.len() > MAX_CONTACTS {
        v.push(
            "addContactList",
            rule::TOO_MANY,
            format!(
                "at most {MAX_CONTACTS} extra contacts, got {}",
                contacts.len()
            ),
        );
    }
    for (i, c) in contacts.iter().enumerate() {
        let mut sub = Validator::new(v.ctx());
        check_contact(c, i, &mut sub);
        push_numbered(v, "addContactList", "contact", i, sub);
    }
}

fn check_contact(c: &TaxinvoiceAddContact, i: usize, v: &mut Validator<'_>) {
    let p = |f: &str| f.to_owned();
    let expected = i64::try_from(i + 1).unwrap_or(i64::MAX);
    match c.serial_num {
        None => v.push(p("serialNum"), rule::REQUIRED, "is required"),
        Some(n) if n != expected => v.push(
            p("serialNum"),
            rule::SEQUENCE,
            format!("must be {expected} (1..n in order), got {n}"),
        ),
        Some(_) => {}
    }
    v.required(&p("contactName"), c.contact_name.as_deref());
    v.required(&p("email"), c.email.as_deref());
    v.max_chars(&p("contactName"), c.contact_name.as_deref(), 100);
    v.max_chars(&p("email"), c.email.as_deref(), 100);
}

impl Validate for RegistIssueRequest {
    /// The invoice's rules, plus `memo` ≤ 200, `emailSubject` ≤ 300 and a well-formed
    /// `dealInvoiceMgtKey`.
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        check_invoice(&self.invoice, &mut v);
        memo_and_subject(&mut v, self.memo.as_deref(), self.email_subject.as_deref());
        v.mgt_key("dealInvoiceMgtKey", self.deal_invoice_mgt_key.as_deref());
        v.finish()
    }
}

impl Validate for IssueBody {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        memo_and_subject(&mut v, self.memo.as_deref(), self.email_subject.as_deref());
        v.finish()
    }
}

impl Validate for StatementBody {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        if v.required_value("ItemCode", self.item_code.as_ref()) {
            v.known_code("ItemCode", self.item_code.as_ref());
        }
        if v.required("MgtKey", self.mgt_key.as_deref()) {
            v.mgt_key("MgtKey", self.mgt_key.as_deref());
        }
        v.finish()
    }
}

impl Validate for BulkTaxinvoiceSubmit {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        validate_bulk(&self.invoices, ctx)
    }
}

/// bulkSubmit: 1..=100 invoices, each valid (paths `invoices[i]...`), and each
/// invoice's addressing document number ([`Taxinvoice::primary_mgt_key`]) unique.
pub fn validate_bulk(
    invoices: &[Taxinvoice],
    ctx: &ValidationContext,
) -> Result<(), ValidationErrors> {
    let mut v = Validator::new(ctx);
    if invoices.is_empty() {
        v.push(
            "invoices",
            rule::REQUIRED,
            "at least one invoice is required",
        );
    } else if invoices.len() > MAX_BULK {
        v.push(
            "invoices",
            rule::TOO_MANY,
            format!("at most {MAX_BULK} invoices, got {}", invoices.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, inv) in invoices.iter().enumerate() {
        if let Err(errs) = inv.validate_with(ctx) {
            v.extend_prefixed(&format!("invoices[{i}]"), errs);
        }
        if let Some(key) = inv.primary_mgt_key() {
            if !seen.insert(key) {
                let field = match inv.issue_type {
                    Some(IssueType::Trustee) => "trusteeMgtKey",
                    Some(IssueType::Reverse) => "invoiceeMgtKey",
                    _ => "invoicerMgtKey",
                };
                v.push(
                    format!("invoices[{i}].{field}"),
                    rule::DUPLICATE,
                    format!("document number {key} is used by an earlier invoice"),
                );
            }
        }
    }
    v.finish()
}

/// A FileID (deleteFile) must be non-empty (path `FileID`).
pub fn check_file_id(file_id: &str) -> Result<(), ValidationErrors> {
    let ctx = ValidationContext::default();
    let mut v = Validator::new(&ctx);
    v.required("FileID", Some(file_id));
    v.finish()
}

/// The operations that accept only some key types (Node checks these): `request` and
/// `cancelRequest` need `BUY`, `refuse` needs `SELL`, `sendToNTS` needs `SELL` or `TRUSTEE`.
/// Path `KeyType`.
pub fn check_key_type(
    key_type: &MgtKeyType,
    allowed: &[MgtKeyType],
) -> Result<(), ValidationErrors> {
    if allowed.contains(key_type) {
        Ok(())
    } else {
        let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        Err(ValidationErrors::single(
            "KeyType",
            rule::RANGE,
            format!(
                "must be one of {} for this operation, got {key_type}",
                list.join(", ")
            ),
        ))
    }
}

/// One more attachment is allowed when fewer than [`MAX_ATTACHMENTS`] exist (path
/// `Files`). Attachments are also allowed only on drafts
/// ([`crate::codes::StateCode::can_attach_file`]).
pub fn check_attachment_count(existing: usize) -> Result<(), ValidationErrors> {
    if existing >= MAX_ATTACHMENTS {
        Err(ValidationErrors::single(
            "Files",
            rule::TOO_MANY,
            format!("at most {MAX_ATTACHMENTS} files per invoice"),
        ))
    } else {
        Ok(())
    }
}

/// Whether `today_kst` is past the issuance deadline of an invoice written on `write_date`
/// (the 10th of the next month, moved to the next business day: [`crate::calendar`]).
pub fn is_late(write_date: Date8, today_kst: Date8) -> bool {
    today_kst > crate::calendar::issuance_deadline(write_date)
}

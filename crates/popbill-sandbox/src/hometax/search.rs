//! A finished job's results: the ledger documents (and sandbox-filed invoices) in the job's
//! range, sorted by the job's date, filtered and paged as Search and Summary ask. Only keys
//! are kept (12 bytes a document); documents are built for the requested page alone.

use std::borrow::Cow;

use popbill_model::Date8;
use popbill_model::hometax::{
    HtCashbill, HtCashbillSummary, HtTaxinvoice, HtTaxinvoiceAbbr, HtTaxinvoiceSummary,
    InvoiceType, TaxType,
};

use super::Job;
use super::ledger::{self, HtKind, Side};

/// Bit marking a key's `idx` as an index into [`JobResult::filed`].
const FILED: u32 = 1 << 31;

/// One result document: (date the job sorts by, write day, index in that day or `FILED | i`).
type Key = (i32, i32, u32);

/// The documents of one finished job.
#[derive(Clone, Debug, Default)]
pub(crate) struct JobResult {
    keys: Vec<Key>,
    /// Invoices filed through the sandbox's Taxinvoice service, with their send date.
    filed: Vec<(HtTaxinvoice, String)>,
    /// Positions in `keys` of the last filter asked for.
    cache: Option<(String, Vec<u32>)>,
}

impl JobResult {
    /// Number of documents collected.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Tax-invoice filters (letters as sent; empty = all).
#[derive(Clone, Debug, Default)]
pub(crate) struct TiFilter {
    pub kinds: Vec<String>,
    pub tax_types: Vec<String>,
    pub purposes: Vec<String>,
    pub reg_type: Option<String>,
    pub reg_yn: Option<bool>,
    pub reg_ids: Vec<String>,
    pub search: Option<String>,
}

/// Cash-receipt filters.
#[derive(Clone, Debug, Default)]
pub(crate) struct CbFilter {
    pub trade_types: Vec<String>,
    pub usages: Vec<String>,
}

/// Which filter applies.
#[derive(Clone, Debug)]
pub(crate) enum Filter {
    Ti(TiFilter),
    Cb(CbFilter),
}

/// What the tax-invoice filters look at.
struct TiView<'a> {
    revised: bool,
    tax: char,
    purpose: char,
    reg: [Cow<'a, str>; 3],
    cp_num: Cow<'a, str>,
    cp_name: Cow<'a, str>,
}

fn listed(list: &[String], v: &str) -> bool {
    list.is_empty() || list.iter().any(|x| x.eq_ignore_ascii_case(v))
}

impl TiFilter {
    fn matches(&self, v: &TiView<'_>) -> bool {
        let mut buf = [0u8; 4];
        let kind = if v.revised { "M" } else { "N" };
        if !listed(&self.kinds, kind)
            || !listed(&self.tax_types, v.tax.encode_utf8(&mut buf))
            || !listed(&self.purposes, v.purpose.encode_utf8(&mut [0u8; 4]))
        {
            return false;
        }
        let side = match self
            .reg_type
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("B") => 1,
            Some("T") => 2,
            _ => 0,
        };
        let reg = &v.reg[side];
        match self.reg_yn {
            Some(true) if reg.is_empty() => return false,
            Some(false) if !reg.is_empty() => return false,
            _ => {}
        }
        if !self.reg_ids.is_empty() && !self.reg_ids.iter().any(|r| r == reg.as_ref()) {
            return false;
        }
        match self.search.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => v.cp_num == s || v.cp_name.contains(s),
            None => true,
        }
    }
}

fn reg_text(v: u16) -> Cow<'static, str> {
    if v == 0 {
        Cow::Borrowed("")
    } else {
        Cow::Owned(format!("{v:04}"))
    }
}

fn ledger_view(a: &ledger::TiAttrs) -> TiView<'static> {
    let (num, name) = ledger::counterpart(a);
    TiView {
        revised: a.revised(),
        tax: a.tax_letter(),
        purpose: ['R', 'C', 'N'][usize::from(a.purpose.min(2))],
        reg: [
            reg_text(a.tax_reg[0]),
            reg_text(a.tax_reg[1]),
            reg_text(a.tax_reg[2]),
        ],
        cp_num: Cow::Borrowed(num),
        cp_name: Cow::Borrowed(name),
    }
}

fn filed_view(t: &HtTaxinvoice, side: Side) -> TiView<'_> {
    let (cp_num, cp_name) = match side {
        Side::Sell => (&t.invoicee_corp_num, &t.invoicee_corp_name),
        _ => (&t.invoicer_corp_num, &t.invoicer_corp_name),
    };
    TiView {
        revised: t.modify_code.is_some(),
        tax: match t.tax_type {
            Some(TaxType::Exempt) => 'N',
            Some(TaxType::ZeroRated) => 'Z',
            _ => 'T',
        },
        purpose: match t.purpose_type.as_ref().map(|p| p.as_str()).as_deref() {
            Some("영수") => 'R',
            Some("청구") => 'C',
            _ => 'N',
        },
        reg: [
            Cow::Borrowed(t.invoicer_tax_reg_id.as_str()),
            Cow::Borrowed(t.invoicee_tax_reg_id.as_str()),
            Cow::Borrowed(t.trustee_tax_reg_id.as_str()),
        ],
        cp_num: Cow::Borrowed(cp_num.as_str()),
        cp_name: Cow::Borrowed(cp_name.as_str()),
    }
}

fn cb_matches(f: &CbFilter, a: &ledger::CbAttrs) -> bool {
    listed(&f.trade_types, if a.cancel { "C" } else { "N" })
        && listed(&f.usages, if a.deduction { "P" } else { "C" })
}

/// A sandbox-filed invoice as HomeTax would list it.
pub(crate) struct FiledInvoice {
    pub doc: HtTaxinvoice,
    pub write: Date8,
    pub issue: Date8,
    pub send: Date8,
}

/// Builds a job's result from the ledger plus the filed invoices that belong to it.
pub(crate) fn build(job: &Job, filed: Vec<FiledInvoice>) -> JobResult {
    let mut r = JobResult::default();
    let s = ledger::seed(&job.corp, job.kind, job.side);
    let (first, last) = (job.sdate.days_since_epoch(), job.edate.days_since_epoch());
    match job.kind {
        HtKind::Taxinvoice => {
            // Issue and send dates follow the write date by up to 3 days.
            let from = if job.dtype == 'W' { first } else { first - 3 };
            for day in from..=last {
                for idx in 0..ledger::count_on(s, day, job.docs_per_day) {
                    let a = ledger::ti_attrs(s, job.side, day, idx);
                    let d = a.date(job.dtype).days_since_epoch();
                    if (first..=last).contains(&d) {
                        r.keys.push((d as i32, day as i32, idx));
                    }
                }
            }
            for f in filed {
                let d = match job.dtype {
                    'I' => f.issue,
                    'S' => f.send,
                    _ => f.write,
                }
                .days_since_epoch();
                if (first..=last).contains(&d) {
                    let i = r.filed.len() as u32;
                    r.keys
                        .push((d as i32, f.write.days_since_epoch() as i32, FILED | i));
                    r.filed.push((f.doc, f.send.to_string()));
                }
            }
        }
        HtKind::Cashbill => {
            for day in first..=last {
                for idx in 0..ledger::count_on(s, day, job.docs_per_day) {
                    r.keys.push((day as i32, day as i32, idx));
                }
            }
        }
    }
    r.keys.sort_unstable();
    r
}

/// Positions of the documents matching `filter`, in ascending date order (cached per filter).
fn positions<'r>(
    r: &'r mut JobResult,
    job_corp: &str,
    kind: HtKind,
    side: Side,
    filter: &Filter,
) -> &'r [u32] {
    let key = format!("{filter:?}");
    if r.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        let s = ledger::seed(job_corp, kind, side);
        let mut out = Vec::new();
        for (pos, &(_, day, idx)) in r.keys.iter().enumerate() {
            let ok = match filter {
                Filter::Ti(f) if idx & FILED != 0 => {
                    let (doc, _) = &r.filed[(idx & !FILED) as usize];
                    f.matches(&filed_view(doc, side))
                }
                Filter::Ti(f) => f.matches(&ledger_view(&ledger::ti_attrs(
                    s,
                    side,
                    i64::from(day),
                    idx,
                ))),
                Filter::Cb(f) => cb_matches(f, &ledger::cb_attrs(s, i64::from(day), idx)),
            };
            if ok {
                out.push(pos as u32);
            }
        }
        r.cache = Some((key, out));
    }
    r.cache.as_ref().map(|(_, v)| v.as_slice()).unwrap_or(&[])
}

/// A page: (total, page count, documents).
pub(crate) struct Page<T> {
    pub total: usize,
    pub items: Vec<T>,
}

fn page_slice(all: &[u32], page: usize, per_page: usize, descending: bool) -> Vec<u32> {
    let start = (page - 1).saturating_mul(per_page);
    if descending {
        all.iter()
            .rev()
            .skip(start)
            .take(per_page)
            .copied()
            .collect()
    } else {
        all.iter().skip(start).take(per_page).copied().collect()
    }
}

/// One page of tax invoices.
pub(crate) fn ti_page(
    job: &mut Job,
    f: &TiFilter,
    page: usize,
    per_page: usize,
    descending: bool,
) -> Page<HtTaxinvoiceAbbr> {
    let (corp, side) = (job.corp.clone(), job.side);
    let Some(r) = job.result.as_mut() else {
        return Page {
            total: 0,
            items: Vec::new(),
        };
    };
    let filter = Filter::Ti(f.clone());
    let all = positions(r, &corp, HtKind::Taxinvoice, side, &filter).to_vec();
    let s = ledger::seed(&corp, HtKind::Taxinvoice, side);
    let items = page_slice(&all, page, per_page, descending)
        .into_iter()
        .map(|pos| {
            let (_, day, idx) = r.keys[pos as usize];
            if idx & FILED != 0 {
                let (doc, send) = &r.filed[(idx & !FILED) as usize];
                ledger::abbr_of(doc, send)
            } else {
                let day = i64::from(day);
                let a = ledger::ti_attrs(s, side, day, idx);
                ledger::abbr_of(
                    &ledger::ti_document(&corp, side, day, idx, &a),
                    &a.send.to_string(),
                )
            }
        })
        .collect();
    Page {
        total: all.len(),
        items,
    }
}

/// Totals of the matching tax invoices.
pub(crate) fn ti_summary(job: &mut Job, f: &TiFilter) -> HtTaxinvoiceSummary {
    let (corp, side) = (job.corp.clone(), job.side);
    let mut out = HtTaxinvoiceSummary::default();
    let Some(r) = job.result.as_mut() else {
        return out;
    };
    let all = positions(r, &corp, HtKind::Taxinvoice, side, &Filter::Ti(f.clone())).to_vec();
    let s = ledger::seed(&corp, HtKind::Taxinvoice, side);
    for pos in all {
        let (_, day, idx) = r.keys[pos as usize];
        let (supply, tax) = if idx & FILED != 0 {
            let (doc, _) = &r.filed[(idx & !FILED) as usize];
            (
                doc.supply_cost_total.trim().parse::<i64>().unwrap_or(0),
                doc.tax_total.trim().parse::<i64>().unwrap_or(0),
            )
        } else {
            let a = ledger::ti_attrs(s, side, i64::from(day), idx);
            (a.supply, a.tax)
        };
        out.count += 1;
        out.supply_cost_total += supply;
        out.tax_total += tax;
    }
    out.amount_total = out.supply_cost_total + out.tax_total;
    out
}

/// One page of cash receipts.
pub(crate) fn cb_page(
    job: &mut Job,
    f: &CbFilter,
    page: usize,
    per_page: usize,
    descending: bool,
) -> Page<HtCashbill> {
    let (corp, side) = (job.corp.clone(), job.side);
    let Some(r) = job.result.as_mut() else {
        return Page {
            total: 0,
            items: Vec::new(),
        };
    };
    let all = positions(r, &corp, HtKind::Cashbill, side, &Filter::Cb(f.clone())).to_vec();
    let s = ledger::seed(&corp, HtKind::Cashbill, side);
    let items = page_slice(&all, page, per_page, descending)
        .into_iter()
        .map(|pos| {
            let (_, day, idx) = r.keys[pos as usize];
            ledger::cb_document(&corp, side, &ledger::cb_attrs(s, i64::from(day), idx))
        })
        .collect();
    Page {
        total: all.len(),
        items,
    }
}

/// Totals of the matching cash receipts (cancellations count negative).
pub(crate) fn cb_summary(job: &mut Job, f: &CbFilter) -> HtCashbillSummary {
    let (corp, side) = (job.corp.clone(), job.side);
    let mut out = HtCashbillSummary::default();
    let Some(r) = job.result.as_mut() else {
        return out;
    };
    let all = positions(r, &corp, HtKind::Cashbill, side, &Filter::Cb(f.clone())).to_vec();
    let s = ledger::seed(&corp, HtKind::Cashbill, side);
    for pos in all {
        let (_, day, idx) = r.keys[pos as usize];
        let a = ledger::cb_attrs(s, i64::from(day), idx);
        out.count += 1;
        out.supply_cost_total += a.supply;
        out.tax_total += a.tax;
        out.service_fee_total += a.fee;
    }
    out.amount_total = out.supply_cost_total + out.tax_total + out.service_fee_total;
    out
}

/// The kind code of a sandbox-filed invoice: consigned (103), revised (2xx), exempt (301) or
/// general (101), combined as the NTS numbers them.
pub(crate) fn filed_kind(
    tax_type: Option<&TaxType>,
    consigned: bool,
    revised: bool,
) -> InvoiceType {
    let exempt = tax_type == Some(&TaxType::Exempt);
    let zero = tax_type == Some(&TaxType::ZeroRated);
    let base = match (exempt, consigned, zero) {
        (true, true, _) => 303,
        (true, false, _) => 301,
        (false, true, true) => 105,
        (false, true, false) => 103,
        (false, false, true) => 102,
        (false, false, false) => 101,
    };
    InvoiceType::from(if revised { base + 100 } else { base })
}

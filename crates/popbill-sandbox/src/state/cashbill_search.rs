//! Cashbill search (`GET /Cashbill/Search?...`): every filter of the search call, matched
//! against the caller's receipts, ordered by the DType date.

use crate::clock::dt14_kst;
use crate::state::State;
use crate::state::cashbill::Receipt;
use crate::state::search::{Window, order_hits};

/// Parsed search filters.
#[derive(Clone, Debug, Default)]
pub(crate) struct CashbillFilter {
    /// DType `R` registration, `T` trade, `I` issue date; the window, states and order.
    pub window: Window,
    /// `N` approval, `C` revocation.
    pub trade_types: Vec<String>,
    /// `P` 소득공제용, `C` 지출증빙용.
    pub trade_usages: Vec<String>,
    /// `N` 일반, `B` 도서공연, `T` 대중교통.
    pub trade_opts: Vec<String>,
    /// `T` 과세, `N` 비과세.
    pub taxation_types: Vec<String>,
    /// Identity number (hyphens ignored).
    pub qstring: Option<String>,
    pub franchise_tax_reg_ids: Vec<String>,
}

fn any_of(filter: &[String], value: Option<&str>, table: &[(&str, &str)]) -> bool {
    if filter.is_empty() {
        return true;
    }
    let v = value.unwrap_or("");
    let code = table.iter().find(|(name, _)| *name == v).map(|(_, c)| *c);
    code.is_some_and(|c| filter.iter().any(|f| f.eq_ignore_ascii_case(c)))
}

/// (document value, search letter) of each code filter.
pub(crate) const TRADE_TYPES: [(&str, &str); 2] = [("승인거래", "N"), ("취소거래", "C")];
pub(crate) const TRADE_USAGES: [(&str, &str); 2] = [("소득공제용", "P"), ("지출증빙용", "C")];
pub(crate) const TRADE_OPTS: [(&str, &str); 3] =
    [("일반", "N"), ("도서공연", "B"), ("대중교통", "T")];
pub(crate) const TAXATION_TYPES: [(&str, &str); 2] = [("과세", "T"), ("비과세", "N")];

impl Receipt {
    /// The date a search with DType R/T/I compares.
    fn search_date(&self, dtype: char) -> Option<String> {
        match dtype {
            'R' => Some(dt14_kst(self.reg_ms)[..8].to_owned()),
            'T' => self.trade_date().map(str::to_owned),
            'I' => self.issue_ms.map(|ms| dt14_kst(ms)[..8].to_owned()),
            _ => None,
        }
    }

    fn matches(&self, f: &CashbillFilter) -> bool {
        if !f
            .window
            .admits(self.search_date(f.window.dtype), self.state)
        {
            return false;
        }
        // tradeOpt defaults to 일반.
        let opt = self.field("tradeOpt").or(Some("일반"));
        if !any_of(&f.trade_types, self.field("tradeType"), &TRADE_TYPES)
            || !any_of(&f.trade_usages, self.field("tradeUsage"), &TRADE_USAGES)
            || !any_of(&f.trade_opts, opt, &TRADE_OPTS)
            || !any_of(
                &f.taxation_types,
                self.field("taxationType"),
                &TAXATION_TYPES,
            )
        {
            return false;
        }
        if let Some(q) = &f.qstring {
            let digits: String = q.chars().filter(|c| *c != '-').collect();
            if self.field("identityNum") != Some(digits.as_str()) {
                return false;
            }
        }
        if !f.franchise_tax_reg_ids.is_empty()
            && !self
                .field("franchiseTaxRegID")
                .is_some_and(|v| f.franchise_tax_reg_ids.iter().any(|x| x == v))
        {
            return false;
        }
        true
    }
}

impl State {
    /// The receipts of `corp` that pass the filter, ordered by the DType date.
    pub(crate) fn cb_search(&self, corp: &str, f: &CashbillFilter) -> Vec<&Receipt> {
        let mut hits: Vec<&Receipt> = self
            .cashbills
            .values()
            .filter(|r| r.owner == corp && r.matches(f))
            .collect();
        order_hits(&mut hits, f.window.ascending, |r| {
            (r.search_date(f.window.dtype), r.reg_ms, r.item_key.clone())
        });
        hits
    }
}

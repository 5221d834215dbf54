//! Search (`GET /Taxinvoice/{KeyType}?...`): the filters, matched against
//! stored documents, ordered by the DType date.

use popbill_model::Date8;

use crate::clock::dt14_kst;
use crate::state::State;
use crate::state::invoice::{Doc, KeyType};

/// What every document search filters and orders on: the date compared, its window, the
/// State patterns and the order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Window {
    /// The date compared (`R` registered, `W` written, `T` traded, `I` issued).
    pub dtype: char,
    pub sdate: Option<Date8>,
    pub edate: Option<Date8>,
    /// 3-character stateCode patterns, `*` in positions 2 and 3.
    pub states: Vec<String>,
    pub ascending: bool,
}

impl Window {
    /// Whether a document whose `dtype` date is `date` and whose stateCode is `state` passes.
    pub(crate) fn admits(&self, date: Option<String>, state: u16) -> bool {
        let Some(date) = date else {
            return false;
        };
        let outside = self.sdate.is_some_and(|s| date < s.to_string())
            || self.edate.is_some_and(|e| date > e.to_string());
        !outside && (self.states.is_empty() || self.states.iter().any(|p| state_matches(p, state)))
    }
}

/// Parsed Taxinvoice search filters.
#[derive(Clone, Debug, Default)]
pub(crate) struct SearchFilter {
    pub window: Window,
    pub types: Vec<String>,
    pub tax_types: Vec<String>,
    pub issue_types: Vec<String>,
    pub late_only: Option<bool>,
    pub tax_reg_id_type: Option<KeyType>,
    pub tax_reg_ids: Vec<String>,
    pub tax_reg_id_yn: Option<bool>,
    pub qstring: Option<String>,
    pub interop: Option<bool>,
    pub reg_types: Vec<String>,
    pub close_down: Vec<String>,
    pub mgt_key: Option<String>,
}

/// Orders search hits by (DType date, registration time, ItemKey), newest first unless
/// `ascending`. Shared by every document search.
pub(crate) fn order_hits<D>(
    hits: &mut [&D],
    ascending: bool,
    key: impl Fn(&D) -> (Option<String>, i64, String),
) {
    hits.sort_by_cached_key(|d| key(d));
    if !ascending {
        hits.reverse();
    }
}

/// Whether a 3-character State filter (`*` wildcards) matches a stateCode.
pub(crate) fn state_matches(pattern: &str, state: u16) -> bool {
    let s = format!("{state:03}");
    pattern.len() == 3
        && pattern
            .bytes()
            .zip(s.bytes())
            .all(|(p, c)| p == b'*' || p == c)
}

fn tax_letter(t: Option<&str>) -> &'static str {
    match t {
        Some("과세") => "T",
        Some("면세") => "N",
        Some("영세") => "Z",
        _ => "",
    }
}

impl Doc {
    /// The date a search with DType R/W/I compares.
    pub(crate) fn search_date(&self, dtype: char) -> Option<String> {
        match dtype {
            'R' => Some(dt14_kst(self.reg_ms)[..8].to_owned()),
            'W' => self.field("writeDate").map(str::to_owned),
            'I' => self.issue_ms.map(|ms| dt14_kst(ms)[..8].to_owned()),
            _ => None,
        }
    }

    fn matches(&self, f: &SearchFilter, key: KeyType) -> bool {
        if !f
            .window
            .admits(self.search_date(f.window.dtype), self.state)
        {
            return false;
        }
        let ty = if self.is_revised() { "M" } else { "N" };
        if !f.types.is_empty() && !f.types.iter().any(|t| t.eq_ignore_ascii_case(ty)) {
            return false;
        }
        let tax = tax_letter(self.field("taxType"));
        if !f.tax_types.is_empty() && !f.tax_types.iter().any(|t| t.eq_ignore_ascii_case(tax)) {
            return false;
        }
        if !f.issue_types.is_empty()
            && !f
                .issue_types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(self.kind.letter()))
        {
            return false;
        }
        if f.late_only.is_some_and(|l| l != self.late) {
            return false;
        }
        if f.tax_reg_id_type.is_some() || !f.tax_reg_ids.is_empty() || f.tax_reg_id_yn.is_some() {
            let field = match f.tax_reg_id_type.unwrap_or(KeyType::Sell) {
                KeyType::Sell => "invoicerTaxRegID",
                KeyType::Buy => "invoiceeTaxRegID",
                KeyType::Trustee => "trusteeTaxRegID",
            };
            let id = self.field(field);
            if f.tax_reg_id_yn.is_some_and(|yn| yn != id.is_some()) {
                return false;
            }
            if !f.tax_reg_ids.is_empty()
                && !id.is_some_and(|v| f.tax_reg_ids.iter().any(|x| x == v))
            {
                return false;
            }
        }
        if let Some(q) = &f.qstring {
            let (nf, cf) = match key {
                KeyType::Buy => ("invoicerCorpName", "invoicerCorpNum"),
                _ => ("invoiceeCorpName", "invoiceeCorpNum"),
            };
            let digits: String = q.chars().filter(|c| *c != '-').collect();
            let by_name = self.field(nf).is_some_and(|n| n.contains(q.as_str()));
            let by_num = self.field(cf).is_some_and(|n| n == digits);
            if !by_name && !by_num {
                return false;
            }
        }
        if f.interop == Some(false) {
            return false; // every sandbox document was written through the API
        }
        if !f.reg_types.is_empty() && !f.reg_types.iter().any(|r| r.eq_ignore_ascii_case("P")) {
            return false;
        }
        if !f.close_down.is_empty() {
            let cd = self
                .close_down_state
                .map(|v| v.to_string())
                .unwrap_or_else(|| "N".to_owned());
            if !f.close_down.iter().any(|x| x.eq_ignore_ascii_case(&cd)) {
                return false;
            }
        }
        if let Some(m) = &f.mgt_key {
            let hit = ["invoicerMgtKey", "invoiceeMgtKey", "trusteeMgtKey"]
                .iter()
                .any(|k| self.field(k) == Some(m.as_str()))
                || self.nts_confirm_num.as_deref() == Some(m.as_str());
            if !hit {
                return false;
            }
        }
        true
    }
}

impl State {
    /// Documents `corp` sees from side `key` that pass the filter, ordered by the DType date.
    pub(crate) fn search(&self, corp: &str, key: KeyType, f: &SearchFilter) -> Vec<&Doc> {
        let mut hits: Vec<&Doc> = self
            .taxinvoices
            .values()
            .filter(|d| d.visible_to(corp, key) && d.matches(f, key))
            .collect();
        order_hits(&mut hits, f.window.ascending, |d| {
            (d.search_date(f.window.dtype), d.reg_ms, d.item_key.clone())
        });
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_patterns() {
        assert!(state_matches("3**", 304));
        assert!(state_matches("30*", 301));
        assert!(!state_matches("30*", 310));
        assert!(state_matches("600", 600));
        assert!(!state_matches("6**", 100));
        assert!(!state_matches("3*", 300));
    }
}

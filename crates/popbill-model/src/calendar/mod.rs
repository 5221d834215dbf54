//! The Korean business-day calendar that tax deadlines follow.
//!
//! A deadline of the tax laws that falls on a Saturday, a Sunday, a public holiday or Workers'
//! Day (May 1) moves to the next day that is none of these (「국세기본법」 Framework Act on
//! National Taxes, Art. 5(1)). The e-Tax invoice issuance deadline is such a deadline: the
//! 10th of the month after the write date (「부가가치세법」 Value-Added Tax Act, Art. 34(3)),
//! moved to the next business day. The same rule serves the cash receipt and NTS filing
//! deadlines.
//!
//! The built-in table lists the public holidays of 2020-2030: the fixed-date holidays,
//! Seollal, Buddha's Birthday and Chuseok (lunar dates converted with the KASI tables), the
//! substitute holidays as the rules in force each year give them, election days and the
//! temporary holidays that were declared. Its sources are listed in `table.rs` (see the
//! repository's `crates/popbill-model/src/calendar/table.rs`). Outside those years only
//! weekends, Workers' Day and the days you add are known.
//!
//! Days declared later (a temporary holiday, an early election) are added with
//! [`KoreanCalendar::with_holiday`], and the result installed for the whole process with
//! [`install`]; validation (the late-issuance rule) and the free functions of this module use
//! the installed calendar.
//!
//! ```
//! use popbill_model::Date8;
//! use popbill_model::calendar::{self, KoreanCalendar};
//!
//! let d = |s: &str| s.parse::<Date8>().unwrap();
//! // 2026-10-10 is a Saturday: invoices written in September 2026 may be issued until Monday.
//! assert_eq!(calendar::issuance_deadline(d("20260915")), d("20261012"));
//! assert!(!calendar::is_business_day(d("20251006"))); // Chuseok 2025
//!
//! // A holiday declared after this release:
//! let cal = KoreanCalendar::builtin().with_holiday(d("20301008"), "임시공휴일");
//! // Oct 8 declared, Oct 9 Hangul Day:
//! assert_eq!(cal.next_business_day(d("20301007")), d("20301010"));
//! ```

mod table;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock, RwLock};

use crate::common::Date8;

/// Public holidays plus the weekend and Workers' Day rules: which days are business days for
/// tax deadlines. Cheap to query; build one, adjust it, then [`install`] it or use it directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KoreanCalendar {
    holidays: BTreeMap<Date8, String>,
}

impl KoreanCalendar {
    /// The built-in public holidays of 2020-2030 (see the module docs for the sources).
    pub fn builtin() -> Self {
        KoreanCalendar {
            holidays: table::builtin()
                .into_iter()
                .map(|(d, n)| (d, n.to_owned()))
                .collect(),
        }
    }

    /// No public holidays at all: only weekends and Workers' Day are non-business days.
    pub fn without_public_holidays() -> Self {
        KoreanCalendar {
            holidays: BTreeMap::new(),
        }
    }

    /// The years whose public holidays the built-in table lists.
    pub fn builtin_years() -> std::ops::RangeInclusive<u16> {
        table::FIRST_YEAR..=table::LAST_YEAR
    }

    /// Adds (or renames) a public holiday, e.g. a temporary holiday declared later.
    pub fn with_holiday(mut self, date: Date8, name: impl Into<String>) -> Self {
        self.add_holiday(date, name);
        self
    }

    /// Removes a public holiday (e.g. one that was cancelled).
    pub fn without_holiday(mut self, date: Date8) -> Self {
        self.remove_holiday(date);
        self
    }

    /// Adds (or renames) a public holiday in place.
    pub fn add_holiday(&mut self, date: Date8, name: impl Into<String>) {
        self.holidays.insert(date, name.into());
    }

    /// Removes a public holiday in place; returns its name if it was one.
    pub fn remove_holiday(&mut self, date: Date8) -> Option<String> {
        self.holidays.remove(&date)
    }

    /// The name of the public holiday on `date` (Korean, e.g. `추석`, `대체공휴일(설날)`).
    pub fn holiday_name(&self, date: Date8) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// Whether `date` is a public holiday (weekends are not listed, Sundays included).
    pub fn is_public_holiday(&self, date: Date8) -> bool {
        self.holidays.contains_key(&date)
    }

    /// Every public holiday from `from` to `to` (inclusive), in date order.
    pub fn holidays_between(&self, from: Date8, to: Date8) -> impl Iterator<Item = (Date8, &str)> {
        let range = if from <= to {
            self.holidays.range(from..=to)
        } else {
            self.holidays.range(from..from)
        };
        range.map(|(d, n)| (*d, n.as_str()))
    }

    /// Whether a tax deadline may fall on `date`: not a Saturday, Sunday, public holiday or
    /// Workers' Day (May 1).
    pub fn is_business_day(&self, date: Date8) -> bool {
        let workers_day = date.month() == 5 && date.day() == 1;
        !(table::is_weekend(date) || workers_day || self.holidays.contains_key(&date))
    }

    /// The first business day after `date` (never `date` itself).
    pub fn next_business_day(&self, date: Date8) -> Date8 {
        self.business_day_on_or_after(date.add_days(1))
    }

    /// `date` if it is a business day, else the next business day: where a deadline that
    /// falls on `date` really ends.
    pub fn business_day_on_or_after(&self, date: Date8) -> Date8 {
        let mut d = date;
        // A finite table always leaves a business day within a few weeks; the bound only
        // guards the end of the supported years, where `add_days` stops moving.
        for _ in 0..400 {
            if self.is_business_day(d) {
                return d;
            }
            d = d.add_days(1);
        }
        d
    }

    /// The last day on which an e-Tax invoice written on `write_date` is issued on time: the
    /// 10th of the next month, moved to the next business day when it is not one.
    pub fn issuance_deadline(&self, write_date: Date8) -> Date8 {
        self.business_day_on_or_after(tenth_of_next_month(write_date))
    }
}

impl Default for KoreanCalendar {
    /// [`KoreanCalendar::builtin`].
    fn default() -> Self {
        Self::builtin()
    }
}

fn tenth_of_next_month(date: Date8) -> Date8 {
    let first = date.add_days(1 - i64::from(date.day()));
    let next = first.add_months(1);
    next.add_days(9)
}

static INSTALLED: RwLock<Option<Arc<KoreanCalendar>>> = RwLock::new(None);

fn builtin_shared() -> Arc<KoreanCalendar> {
    static BUILTIN: OnceLock<Arc<KoreanCalendar>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Arc::new(KoreanCalendar::builtin()))
        .clone()
}

/// Makes `calendar` the one this process uses: the free functions of this module and the
/// late-issuance rule of Taxinvoice validation. Call it at start-up with the built-in table
/// plus the days declared after this release.
pub fn install(calendar: KoreanCalendar) {
    let mut slot = INSTALLED.write().unwrap_or_else(|e| e.into_inner());
    *slot = Some(Arc::new(calendar));
}

/// The calendar in use: the one given to [`install`], else [`KoreanCalendar::builtin`].
pub fn current() -> Arc<KoreanCalendar> {
    let slot = INSTALLED.read().unwrap_or_else(|e| e.into_inner());
    slot.clone().unwrap_or_else(builtin_shared)
}

/// [`KoreanCalendar::is_business_day`] of the [`current`] calendar.
pub fn is_business_day(date: Date8) -> bool {
    current().is_business_day(date)
}

/// [`KoreanCalendar::next_business_day`] of the [`current`] calendar.
pub fn next_business_day(date: Date8) -> Date8 {
    current().next_business_day(date)
}

/// [`KoreanCalendar::issuance_deadline`] of the [`current`] calendar.
pub fn issuance_deadline(write_date: Date8) -> Date8 {
    current().issuance_deadline(write_date)
}

#[cfg(test)]
mod tests;

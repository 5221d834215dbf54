//! The built-in Korean public holidays, 2020-2030, and the substitute-holiday rules.
//!
//! Sources (all official; the lunar conversions were checked against a second, independent
//! conversion of the KASI tables):
//!
//! - 「관공서의 공휴일에 관한 규정」 (Regulations on Holidays of Government Offices, Presidential
//!   Decree), Art. 2 (the public holidays) and Art. 3 (substitute holidays), as amended on
//!   2013-11-05 (substitutes for Seollal, Chuseok and Children's Day, from 2014), 2021-08-04
//!   (substitutes for Independence Movement Day, Liberation Day, National Foundation Day and
//!   Hangul Day, from Liberation Day 2021) and 2023-05-04 (substitutes for Buddha's Birthday
//!   and Christmas, from Buddha's Birthday 2023).
//! - 「공휴일에 관한 법률」 (Act on Public Holidays, 2021), amended on 2026-02-10: Constitution
//!   Day (July 17) is a public holiday again from 2026, with a substitute holiday; Labor Day
//!   (May 1) is a public holiday from 2026, with a substitute holiday.
//! - 한국천문연구원 (Korea Astronomy and Space Science Institute, KASI), 월력요항: the solar
//!   dates of lunar 1/1 (Seollal), 4/8 (Buddha's Birthday) and 8/15 (Chuseok).
//! - 「공직선거법」 (Public Official Election Act), Art. 34 (the election day of each regular
//!   election) and the National Election Commission's announcements; election days are public
//!   holidays (Art. 2 of the regulation).
//! - Temporary public holidays (임시공휴일) designated by the Cabinet: 2020-08-17, 2023-10-02,
//!   2024-10-01 (Armed Forces Day), 2025-01-27.
//!
//! Future elections are listed as the Public Official Election Act schedules them (2028-04-12,
//! 2030-06-12); the 21st presidential election was held early (2025-06-03), and the day of the
//! next one (2030) is left to the National Election Commission's announcement: add it, and any
//! other day declared later, with [`KoreanCalendar::with_holiday`](super::KoreanCalendar::with_holiday).

use std::collections::BTreeMap;

use crate::common::Date8;

/// First and last year of the built-in table.
pub(super) const FIRST_YEAR: u16 = 2020;
/// Last year of the built-in table.
pub(super) const LAST_YEAR: u16 = 2030;

/// Solar (month, day) of lunar 1/1, 4/8 and 8/15 for each year from [`FIRST_YEAR`] (KASI).
const LUNAR: [[(u8, u8); 3]; 11] = [
    [(1, 25), (4, 30), (10, 1)], // 2020
    [(2, 12), (5, 19), (9, 21)], // 2021
    [(2, 1), (5, 8), (9, 10)],   // 2022
    [(1, 22), (5, 27), (9, 29)], // 2023
    [(2, 10), (5, 15), (9, 17)], // 2024
    [(1, 29), (5, 5), (10, 6)],  // 2025
    [(2, 17), (5, 24), (9, 25)], // 2026
    [(2, 7), (5, 13), (9, 15)],  // 2027
    [(1, 27), (5, 2), (10, 3)],  // 2028
    [(2, 13), (5, 20), (9, 22)], // 2029
    [(2, 3), (5, 9), (9, 12)],   // 2030
];

/// Election days (public holidays under Art. 2 of the regulation).
const ELECTIONS: [((u16, u8, u8), &str); 8] = [
    ((2020, 4, 15), "제21대 국회의원선거일"),
    ((2022, 3, 9), "제20대 대통령선거일"),
    ((2022, 6, 1), "제8회 전국동시지방선거일"),
    ((2024, 4, 10), "제22대 국회의원선거일"),
    ((2025, 6, 3), "제21대 대통령선거일"),
    ((2026, 6, 3), "제9회 전국동시지방선거일"),
    ((2028, 4, 12), "제23대 국회의원선거일"),
    ((2030, 6, 12), "제10회 전국동시지방선거일"),
];

/// Temporary public holidays designated by the Cabinet.
const TEMPORARY: [((u16, u8, u8), &str); 4] = [
    ((2020, 8, 17), "임시공휴일"),
    ((2023, 10, 2), "임시공휴일"),
    ((2024, 10, 1), "임시공휴일(국군의 날)"),
    ((2025, 1, 27), "임시공휴일"),
];

/// Which substitute rule a holiday follows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sub {
    /// No substitute (New Year's Day, Memorial Day, elections, temporary holidays).
    None,
    /// Seollal and Chuseok: a day of the three that is a Sunday or another holiday gives one
    /// substitute after the three days (Saturdays do not count).
    LunarBlock,
    /// A day that is a Saturday, a Sunday or another holiday gives one substitute.
    Weekend,
}

struct Entry {
    date: Date8,
    name: &'static str,
    sub: Sub,
    /// Last day of the block the holiday belongs to (Seollal and Chuseok), else `date`.
    block_end: Date8,
}

fn ymd(y: u16, m: u8, d: u8) -> Date8 {
    // Every literal of this file is a valid date; `from_ymd` only fails on impossible ones.
    Date8::from_ymd(y, m, d).unwrap_or_else(|| unreachable_date(y, m, d))
}

#[cold]
fn unreachable_date(y: u16, m: u8, _d: u8) -> Date8 {
    // Not reachable with the literals above (checked by the tests); fall back to the 1st.
    Date8::from_ymd(y, m, 1).unwrap_or(Date8::from_days_since_epoch(0))
}

/// 0 = Monday … 5 = Saturday, 6 = Sunday.
pub(super) fn weekday(d: Date8) -> u8 {
    (d.days_since_epoch() + 3).rem_euclid(7) as u8
}

pub(super) fn is_weekend(d: Date8) -> bool {
    weekday(d) >= 5
}

/// The public holidays of one built-in year (including its substitute holidays), by date.
fn year(y: u16) -> Vec<(Date8, &'static str)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut fixed = |m: u8, d: u8, name: &'static str, sub: Sub| {
        let date = ymd(y, m, d);
        entries.push(Entry {
            date,
            name,
            sub,
            block_end: date,
        });
    };
    // Substitutes for the national days from Liberation Day 2021 (3/1 from 2022), for
    // Buddha's Birthday and Christmas from 2023, for Constitution Day and Labor Day from 2026.
    let rule = |since: u16| if y >= since { Sub::Weekend } else { Sub::None };
    fixed(1, 1, "신정", Sub::None);
    fixed(3, 1, "삼일절", rule(2022));
    if y >= 2026 {
        fixed(5, 1, "노동절", rule(2026));
    }
    fixed(5, 5, "어린이날", Sub::Weekend);
    fixed(6, 6, "현충일", Sub::None);
    if y >= 2026 {
        fixed(7, 17, "제헌절", rule(2026));
    }
    fixed(8, 15, "광복절", rule(2021));
    fixed(10, 3, "개천절", rule(2021));
    fixed(10, 9, "한글날", rule(2021));
    fixed(12, 25, "기독탄신일", rule(2023));

    let [seollal, buddha, chuseok] = LUNAR[usize::from(y - FIRST_YEAR)];
    for ((m, d), names) in [
        (seollal, ["설날 전날", "설날", "설날 다음날"]),
        (chuseok, ["추석 전날", "추석", "추석 다음날"]),
    ] {
        let day = ymd(y, m, d);
        for (offset, name) in (-1i64..=1).zip(names) {
            entries.push(Entry {
                date: day.add_days(offset),
                name,
                sub: Sub::LunarBlock,
                block_end: day.add_days(1),
            });
        }
    }
    let buddha = ymd(y, buddha.0, buddha.1);
    entries.push(Entry {
        date: buddha,
        name: "부처님오신날",
        sub: rule(2023),
        block_end: buddha,
    });
    for list in [&ELECTIONS[..], &TEMPORARY[..]] {
        for &((ey, m, d), name) in list {
            if ey == y {
                let date = ymd(ey, m, d);
                entries.push(Entry {
                    date,
                    name,
                    sub: Sub::None,
                    block_end: date,
                });
            }
        }
    }

    let mut days: BTreeMap<Date8, Vec<&'static str>> = BTreeMap::new();
    for e in &entries {
        days.entry(e.date).or_default().push(e.name);
    }
    // One substitute per triggering day, in date order, each on the first day after the
    // holiday (or its block) that is neither a Saturday, a Sunday nor a holiday.
    let mut triggers: Vec<(Date8, bool, Date8, &'static str)> = entries
        .iter()
        .filter(|e| {
            let shared = days.get(&e.date).is_some_and(|n| n.len() > 1);
            match e.sub {
                Sub::None => false,
                Sub::LunarBlock => weekday(e.date) == 6 || shared,
                Sub::Weekend => is_weekend(e.date) || shared,
            }
        })
        .map(|e| {
            let not_lunar = e.sub != Sub::LunarBlock;
            (e.date, not_lunar, e.block_end, substitute_name(e.name))
        })
        .collect();
    // Seollal or Chuseok first, so that a day shared with them gives their substitute.
    triggers.sort_by_key(|t| (t.0, t.1));
    triggers.dedup_by_key(|t| t.0);
    for (_, _, after, name) in triggers {
        let mut d = after.add_days(1);
        while is_weekend(d) || days.contains_key(&d) {
            d = d.add_days(1);
        }
        days.entry(d).or_default().push(name);
    }
    days.into_iter().map(|(d, names)| (d, names[0])).collect()
}

fn substitute_name(name: &str) -> &'static str {
    match name {
        "설날 전날" | "설날" | "설날 다음날" => "대체공휴일(설날)",
        "추석 전날" | "추석" | "추석 다음날" => "대체공휴일(추석)",
        "삼일절" => "대체공휴일(삼일절)",
        "노동절" => "대체공휴일(노동절)",
        "어린이날" => "대체공휴일(어린이날)",
        "제헌절" => "대체공휴일(제헌절)",
        "광복절" => "대체공휴일(광복절)",
        "개천절" => "대체공휴일(개천절)",
        "한글날" => "대체공휴일(한글날)",
        "기독탄신일" => "대체공휴일(기독탄신일)",
        "부처님오신날" => "대체공휴일(부처님오신날)",
        _ => "대체공휴일",
    }
}

/// Every built-in public holiday, 2020-2030.
pub(super) fn builtin() -> BTreeMap<Date8, &'static str> {
    (FIRST_YEAR..=LAST_YEAR).flat_map(year).collect()
}

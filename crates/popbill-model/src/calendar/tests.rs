use super::*;

fn d(s: &str) -> Date8 {
    s.parse().expect("test date")
}

/// The official public holidays of 2020-2030 (Ministry of Personnel Management's calendar
/// of each year, KASI for lunar dates), as `MMDD`, substitutes and election days included.
/// The 2030 presidential election day is not yet announced and not listed.
const OFFICIAL: [(u16, &str); 11] = [
    (
        2020,
        "0101 0124 0125 0126 0127 0301 0415 0430 0505 0606 0815 0817 0930 1001 1002 1003 1009 1225",
    ),
    (
        2021,
        "0101 0211 0212 0213 0301 0505 0519 0606 0815 0816 0920 0921 0922 1003 1004 1009 1011 1225",
    ),
    (
        2022,
        "0101 0131 0201 0202 0301 0309 0505 0508 0601 0606 0815 0909 0910 0911 0912 1003 1009 1010 1225",
    ),
    (
        2023,
        "0101 0121 0122 0123 0124 0301 0505 0527 0529 0606 0815 0928 0929 0930 1002 1003 1009 1225",
    ),
    (
        2024,
        "0101 0209 0210 0211 0212 0301 0410 0505 0506 0515 0606 0815 0916 0917 0918 1001 1003 1009 1225",
    ),
    (
        2025,
        "0101 0127 0128 0129 0130 0301 0303 0505 0506 0603 0606 0815 1003 1005 1006 1007 1008 1009 1225",
    ),
    (
        2026,
        "0101 0216 0217 0218 0301 0302 0501 0505 0524 0525 0603 0606 0717 0815 0817 0924 0925 0926 1003 1005 1009 1225",
    ),
    (
        2027,
        "0101 0206 0207 0208 0209 0301 0501 0503 0505 0513 0606 0717 0719 0815 0816 0914 0915 0916 1003 1004 1009 1011 1225 1227",
    ),
    (
        2028,
        "0101 0126 0127 0128 0301 0412 0501 0502 0505 0606 0717 0815 1002 1003 1004 1005 1009 1225",
    ),
    (
        2029,
        "0101 0212 0213 0214 0301 0501 0505 0507 0520 0521 0606 0717 0815 0921 0922 0923 0924 1003 1009 1225",
    ),
    (
        2030,
        "0101 0202 0203 0204 0205 0301 0501 0505 0506 0509 0606 0612 0717 0815 0911 0912 0913 1003 1009 1225",
    ),
];

#[test]
fn builtin_table_equals_the_official_calendar() {
    let cal = KoreanCalendar::builtin();
    for (year, days) in OFFICIAL {
        let expected: Vec<String> = days.split(' ').map(|md| format!("{year}{md}")).collect();
        let got: Vec<String> = cal
            .holidays_between(d(&format!("{year}0101")), d(&format!("{year}1231")))
            .map(|(date, _)| date.to_string())
            .collect();
        assert_eq!(got, expected, "{year}");
    }
    assert_eq!(KoreanCalendar::builtin_years(), 2020..=2030);
}

#[test]
fn names_of_substitutes_and_lunar_days() {
    let cal = KoreanCalendar::builtin();
    assert_eq!(cal.holiday_name(d("20240212")), Some("대체공휴일(설날)"));
    assert_eq!(cal.holiday_name(d("20251008")), Some("대체공휴일(추석)"));
    // Chuseok 2028 shares its day with National Foundation Day: the substitute is Chuseok's.
    assert_eq!(cal.holiday_name(d("20281005")), Some("대체공휴일(추석)"));
    assert_eq!(cal.holiday_name(d("20250603")), Some("제21대 대통령선거일"));
    assert_eq!(cal.holiday_name(d("20250129")), Some("설날"));
    assert_eq!(cal.holiday_name(d("20250128")), Some("설날 전날"));
    assert_eq!(cal.holiday_name(d("20250131")), None);
}

#[test]
fn weekdays() {
    // 1970-01-01 was a Thursday; 2026-12-07 is a Monday.
    assert_eq!(table::weekday(d("19700101")), 3);
    assert_eq!(table::weekday(d("20261207")), 0);
    assert_eq!(table::weekday(d("20250810")), 6);
}

#[test]
fn a_tenth_on_a_sunday_moves_to_monday() {
    let cal = KoreanCalendar::builtin();
    // 2025-08-10 is a Sunday.
    assert_eq!(cal.issuance_deadline(d("20250731")), d("20250811"));
    assert_eq!(cal.issuance_deadline(d("20250701")), d("20250811"));
    // A 10th on a weekday stays.
    assert_eq!(cal.issuance_deadline(d("20250615")), d("20250710"));
    // December invoices: the 10th of January of the next year (2027-01-10 is a Sunday).
    assert_eq!(cal.issuance_deadline(d("20261231")), d("20270111"));
}

#[test]
fn chuseok_weeks_2025_and_2026() {
    let cal = KoreanCalendar::builtin();
    // 2025: Oct 3 (Fri) National Foundation Day, Oct 5-7 Chuseok, Oct 8 its substitute (Oct 5
    // is a Sunday), Oct 9 Hangul Day: no business day from Oct 3 to Oct 9; Oct 10 is one.
    for day in 3..=9 {
        let date = Date8::from_ymd(2025, 10, day).expect("date");
        assert!(!cal.is_business_day(date), "{date}");
    }
    assert!(cal.is_business_day(d("20251010")));
    assert_eq!(cal.issuance_deadline(d("20250930")), d("20251010"));
    assert_eq!(cal.next_business_day(d("20251002")), d("20251010"));
    // 2026: Chuseok Sep 24-26 (Thu-Sat; a Saturday gives no substitute), Oct 3 (Sat) moves to
    // Oct 5, and Oct 10 is a Saturday: September invoices are due Monday Oct 12.
    assert!(!cal.is_business_day(d("20260924")));
    assert!(!cal.is_business_day(d("20260925")));
    assert!(cal.is_business_day(d("20260928")));
    assert!(!cal.is_business_day(d("20261005")));
    assert_eq!(cal.issuance_deadline(d("20260930")), d("20261012"));
}

#[test]
fn seollal_and_its_substitute() {
    let cal = KoreanCalendar::builtin();
    // 2024: Seollal Feb 9-11 (Fri-Sun), substitute Mon Feb 12: January invoices due Feb 13.
    assert_eq!(cal.issuance_deadline(d("20240131")), d("20240213"));
    // 2029: Feb 10 is a Saturday, Feb 12-14 Seollal: due Thursday Feb 15.
    assert_eq!(cal.issuance_deadline(d("20290105")), d("20290215"));
    // 2021: Seollal Feb 11-13 (Thu-Sat) has no substitute: Feb 15 (Mon) is a business day.
    assert!(cal.is_business_day(d("20210215")));
}

#[test]
fn substitute_holidays_follow_the_rules_of_each_year() {
    let cal = KoreanCalendar::builtin();
    // Liberation Day on a Sunday: no substitute in 2020, a substitute from Aug 2021 on.
    assert!(!cal.is_public_holiday(d("20201005"))); // 2020-10-03 was a Saturday
    assert!(cal.is_public_holiday(d("20210816")));
    // Independence Movement Day on a Saturday (2025) and a Sunday (2026).
    assert!(cal.is_public_holiday(d("20250303")));
    assert!(cal.is_public_holiday(d("20260302")));
    // Buddha's Birthday on a Saturday: none in 2020-2022, Monday May 29 in 2023.
    assert!(cal.is_public_holiday(d("20230529")));
    // Children's Day and Buddha's Birthday on the same Monday (2025): one substitute.
    assert!(cal.is_public_holiday(d("20250506")));
    assert!(cal.is_business_day(d("20250507")));
    // Christmas on a Saturday: substitute from 2023 on (2027-12-27), none in 2021.
    assert!(cal.is_public_holiday(d("20271227")));
    assert!(!cal.is_public_holiday(d("20211227")));
}

#[test]
fn an_election_day_is_not_a_business_day() {
    let cal = KoreanCalendar::builtin();
    // 2024-04-10: the 22nd National Assembly election, on the deadline of March invoices.
    assert!(!cal.is_business_day(d("20240410")));
    assert_eq!(cal.issuance_deadline(d("20240331")), d("20240411"));
    assert!(!cal.is_business_day(d("20250603")));
}

#[test]
fn workers_day_ends_no_tax_deadline() {
    let cal = KoreanCalendar::builtin();
    // Not a public holiday before 2026, but the Framework Act on National Taxes skips it.
    assert!(!cal.is_public_holiday(d("20240501")));
    assert!(!cal.is_business_day(d("20240501")));
    assert_eq!(cal.next_business_day(d("20240430")), d("20240502"));
}

#[test]
fn days_declared_later_can_be_added_and_removed() {
    let later = d("20311010"); // a Friday, outside the built-in years
    let cal = KoreanCalendar::builtin();
    assert!(cal.is_business_day(later));
    let cal = cal.with_holiday(later, "임시공휴일");
    assert!(!cal.is_business_day(later));
    assert_eq!(cal.holiday_name(later), Some("임시공휴일"));
    // Oct 10 (Fri) declared, weekend after it: September invoices due Monday Oct 13.
    assert_eq!(cal.issuance_deadline(d("20310920")), d("20311013"));
    let cal = cal.without_holiday(later);
    assert_eq!(cal.issuance_deadline(d("20310920")), later);
    // Removing a built-in day.
    let cal = KoreanCalendar::builtin().without_holiday(d("20250603"));
    assert!(cal.is_business_day(d("20250603")));
    // Only weekends and Workers' Day without public holidays.
    let bare = KoreanCalendar::without_public_holidays();
    assert!(bare.is_business_day(d("20251006")));
    assert!(!bare.is_business_day(d("20251004")));
}

#[test]
fn the_installed_calendar_serves_the_free_functions() {
    // Uses dates no other test of this crate looks at (installation is process-wide).
    let declared = d("20320310"); // a Wednesday
    assert_eq!(issuance_deadline(d("20320215")), declared);
    install(KoreanCalendar::builtin().with_holiday(declared, "임시공휴일"));
    assert_eq!(issuance_deadline(d("20320215")), d("20320311"));
    assert!(!is_business_day(declared));
    assert_eq!(next_business_day(d("20320309")), d("20320311"));
    // The built-in days are still there.
    assert!(!is_business_day(d("20251006")));
}

#[test]
fn next_business_day_is_strictly_after() {
    let cal = KoreanCalendar::builtin();
    assert_eq!(cal.next_business_day(d("20251010")), d("20251013"));
    assert_eq!(cal.business_day_on_or_after(d("20251010")), d("20251010"));
    // At the end of the supported years the search stops instead of spinning.
    let last = d("99991231");
    let _ = cal.next_business_day(last);
}

#[test]
fn taxinvoice_validation_uses_the_extended_deadline() {
    use crate::taxinvoice::Taxinvoice;
    use crate::taxinvoice::validate::is_late;
    use crate::{Validate, ValidationContext, rule};

    // September 2026 invoices are due Monday Oct 12 (Oct 10 is a Saturday).
    assert!(!is_late(d("20260915"), d("20261012")));
    assert!(is_late(d("20260915"), d("20261013")));
    let inv = Taxinvoice {
        write_date: Some("20260915".into()),
        ..Taxinvoice::default()
    };
    let late_at = |today: &str| {
        let ctx = ValidationContext::new().today_kst(d(today));
        match inv.validate_with(&ctx) {
            Ok(()) => false,
            Err(errs) => errs.has("writeDate", rule::LATE),
        }
    };
    assert!(!late_at("20261012"));
    assert!(late_at("20261013"));
}

//! Jalali (Solar Hijri) dates. Storage is ISO Gregorian (`YYYY-MM-DD`); the
//! clerk reads and types Jalali. The conversion is ICU4X's astronomically
//! corrected Persian calendar: nothing here computes the calendar by hand.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::{Iso, Persian};
use icu_calendar::Date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, FieldError, Problem};
use crate::text::{ascii_digit, to_persian_digits};

/// The time of a change as stored: UTC, ISO 8601 with milliseconds.
pub(crate) fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The Persian names of the twelve months, Farvardin first.
pub const MONTH_NAMES: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/// Years the app accepts; outside this a typed year is far more likely a
/// mistake (a Gregorian year, a missing digit) than a real date.
const YEARS: std::ops::RangeInclusive<i32> = 1300..=1500;

/// A Jalali year, month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct Jalali {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Jalali {
    /// `1404/08/25`, with ASCII digits (for files and JSON).
    pub fn to_ascii(self) -> String {
        format!("{:04}/{:02}/{:02}", self.year, self.month, self.day)
    }

    /// `۱۴۰۴/۰۸/۲۵`, for display.
    pub fn to_persian(self) -> String {
        to_persian_digits(&self.to_ascii())
    }

    /// `۲۵ آبان ۱۴۰۴`.
    pub fn to_long_persian(self) -> String {
        to_persian_digits(&format!(
            "{} {} {}",
            self.day,
            MONTH_NAMES[usize::from(self.month) - 1],
            self.year
        ))
    }
}

/// Converts a Gregorian date to Jalali.
pub fn to_jalali(date: NaiveDate) -> Jalali {
    // chrono's month and day are always in 1..=12 and 1..=31.
    let iso = Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8)
        .expect("a chrono date is a valid ISO date");
    let p = iso.to_calendar(Persian::new());
    Jalali {
        year: p.year().extended_year(),
        month: p.month().ordinal,
        day: p.day_of_month().0,
    }
}

/// Converts a Jalali date to Gregorian, or `None` if there is no such day.
pub fn from_jalali(j: Jalali) -> Option<NaiveDate> {
    let p = Date::try_new_persian(j.year, j.month, j.day).ok()?;
    // `try_new_persian` accepts days up to 31 in any month; check the round trip.
    if p.day_of_month().0 != j.day || p.month().ordinal != j.month {
        return None;
    }
    let iso = p.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// Days in a Jalali month (29 to 31).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    Date::try_new_persian(year, month, 1)
        .map(|d| d.days_in_month())
        .unwrap_or(0)
}

/// Whether a Jalali year has 30 days in Esfand.
pub fn is_leap_year(year: i32) -> bool {
    days_in_month(year, 12) == 30
}

/// A period's end before its start, when both are known: the problem is
/// the end's, as the clerk typed it (`raw_end`).
pub fn end_before_start(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    field: Field,
    raw_end: &str,
) -> Option<FieldError> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            Some(FieldError::new(field, raw_end, Problem::EndBeforeStart))
        }
        _ => None,
    }
}

/// A period whose start and end are both required: each date as parsed,
/// `None` where it did not parse; the problems go to `errors`.
pub fn parse_period(
    starts_on: &str,
    ends_on: &str,
    errors: &mut Vec<FieldError>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let start = parse_jalali(starts_on, Field::StartDate)
        .map_err(|e| errors.push(e))
        .ok();
    let end = parse_jalali(ends_on, Field::EndDate)
        .map_err(|e| errors.push(e))
        .ok();
    errors.extend(end_before_start(start, end, Field::EndDate, ends_on));
    (start, end)
}

/// Parses a Jalali date as a clerk types it: `1404/08/25`, `۱۴۰۴/۰۸/۲۵`,
/// `1404-8-25`, `1404.08.25` or `14040825`, in any digit script.
pub fn parse_jalali(raw: &str, field: Field) -> Result<NaiveDate, FieldError> {
    let err = |problem| FieldError::new(field, raw, problem);
    let s = raw.trim();
    if s.is_empty() {
        return Err(err(Problem::Required));
    }
    let mut parts: Vec<String> = vec![String::new()];
    for c in s.chars() {
        if let Some(d) = ascii_digit(c) {
            parts.last_mut().expect("never empty").push(d);
        } else if matches!(c, '/' | '-' | '.' | '\\' | '_' | ' ' | '\u{060C}') {
            if !parts.last().expect("never empty").is_empty() {
                parts.push(String::new());
            }
        } else if matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            // Bidi marks come along when dates are copied from right-to-left text.
            continue;
        } else {
            return Err(err(Problem::DateFormat));
        }
    }
    if parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            (y.as_str(), m.as_str(), d.as_str())
        }
        [all] if all.len() == 8 => (&all[0..4], &all[4..6], &all[6..8]),
        _ => return Err(err(Problem::DateFormat)),
    };
    let year: i32 = y.parse().map_err(|_| err(Problem::DateFormat))?;
    let month: u8 = m.parse().map_err(|_| err(Problem::DateFormat))?;
    let day: u8 = d.parse().map_err(|_| err(Problem::DateFormat))?;
    if !YEARS.contains(&year) {
        return Err(err(Problem::YearOutOfRange));
    }
    if !(1..=12).contains(&month) {
        return Err(err(Problem::MonthOutOfRange));
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        return Err(err(Problem::DayOutOfRange {
            days_in_month: days,
        }));
    }
    from_jalali(Jalali { year, month, day }).ok_or_else(|| err(Problem::DateFormat))
}

/// One day of a [`MonthGrid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GridDay {
    pub day: u8,
    /// The same day as stored, `YYYY-MM-DD`.
    pub iso: String,
}

/// A Jalali month laid out for a calendar picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthGrid {
    pub year: i32,
    pub month: u8,
    pub month_name: String,
    pub days_in_month: u8,
    /// Weekday of the first day: 0 = Saturday (شنبه) … 6 = Friday (جمعه).
    pub first_weekday: u8,
    pub days: Vec<GridDay>,
    pub today: Jalali,
}

/// The calendar of one Jalali month; `None` for a month that does not exist.
pub fn month_grid(year: i32, month: u8) -> Option<MonthGrid> {
    if !YEARS.contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let first = from_jalali(Jalali {
        year,
        month,
        day: 1,
    })?;
    let days_in_month = days_in_month(year, month);
    let days = (0..days_in_month)
        .map(|i| GridDay {
            day: i + 1,
            iso: iso(first + chrono::Duration::days(i64::from(i))),
        })
        .collect();
    Some(MonthGrid {
        year,
        month,
        month_name: MONTH_NAMES[usize::from(month) - 1].to_owned(),
        days_in_month,
        first_weekday: ((first.weekday().num_days_from_monday() + 2) % 7) as u8,
        days,
        today: to_jalali(today()),
    })
}

/// The Jalali text (`1404/08/25`) of a stored ISO date, if there is one.
pub fn jalali_of_iso(iso_date: &Option<String>) -> Option<String> {
    iso_date
        .as_deref()
        .and_then(parse_iso)
        .map(|d| to_jalali(d).to_ascii())
}

/// Parses an ISO date as stored in the database.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The stored form of a date.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Today in the local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn parse(s: &str) -> Result<NaiveDate, Problem> {
        parse_jalali(s, Field::BirthDate).map_err(|e| e.problem)
    }

    #[test]
    fn known_pairs() {
        let pairs = [
            ((1404, 7, 1), ymd(2025, 9, 23)),
            ((1404, 8, 25), ymd(2025, 11, 16)),
            ((1403, 12, 30), ymd(2025, 3, 20)),
            ((1404, 1, 1), ymd(2025, 3, 21)),
            ((1357, 11, 22), ymd(1979, 2, 11)),
        ];
        for ((y, m, d), g) in pairs {
            let j = Jalali {
                year: y,
                month: m,
                day: d,
            };
            assert_eq!(to_jalali(g), j, "{g}");
            assert_eq!(from_jalali(j), Some(g), "{j:?}");
        }
    }

    #[test]
    fn parses_every_written_form() {
        let expect = ymd(2025, 11, 16);
        for s in [
            "1404/08/25",
            "۱۴۰۴/۰۸/۲۵",
            "١٤٠٤/٠٨/٢٥",
            "1404-8-25",
            "1404.08.25",
            " 1404/8/25 ",
            "14040825",
            "\u{200F}1404/08/25",
        ] {
            assert_eq!(parse(s), Ok(expect), "{s:?}");
        }
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert_eq!(parse("1404/13/01"), Err(Problem::MonthOutOfRange));
        assert_eq!(parse("1404/00/10"), Err(Problem::MonthOutOfRange));
        assert_eq!(
            parse("1403/12/31"),
            Err(Problem::DayOutOfRange { days_in_month: 30 })
        );
        assert_eq!(
            parse("1404/12/30"),
            Err(Problem::DayOutOfRange { days_in_month: 29 })
        );
        assert_eq!(
            parse("1404/07/31"),
            Err(Problem::DayOutOfRange { days_in_month: 30 })
        );
        assert_eq!(
            parse("1404/01/00"),
            Err(Problem::DayOutOfRange { days_in_month: 31 })
        );
        assert_eq!(parse("1403/12/30"), Ok(ymd(2025, 3, 20)));
        assert_eq!(parse("1404/06/31"), Ok(ymd(2025, 9, 22)));
    }

    #[test]
    fn refuses_malformed_text() {
        assert_eq!(parse(""), Err(Problem::Required));
        assert_eq!(parse("2025/11/16"), Err(Problem::YearOutOfRange));
        assert_eq!(parse("04/08/25"), Err(Problem::DateFormat));
        assert_eq!(parse("1404/08"), Err(Problem::DateFormat));
        assert_eq!(parse("1404/08/25/1"), Err(Problem::DateFormat));
        assert_eq!(parse("آبان ۱۴۰۴"), Err(Problem::DateFormat));
        assert_eq!(parse("1404/008/25"), Err(Problem::DateFormat));
    }

    #[test]
    fn leap_years_match_the_calendar() {
        assert!(is_leap_year(1403));
        assert!(!is_leap_year(1404));
        assert!(is_leap_year(1399));
        assert_eq!(days_in_month(1404, 1), 31);
        assert_eq!(days_in_month(1404, 7), 30);
    }

    #[test]
    fn round_trip_over_every_day_of_sixty_years() {
        // 1370-01-01 to 1430-01-01, day by day: each Gregorian day maps to a
        // Jalali day that maps back, and consecutive days stay consecutive.
        let start = ymd(1991, 3, 21);
        let end = ymd(2051, 3, 21);
        let mut day = start;
        let mut prev: Option<Jalali> = None;
        while day < end {
            let j = to_jalali(day);
            assert_eq!(from_jalali(j), Some(day), "{day}");
            assert_eq!(parse(&j.to_ascii()), Ok(day));
            if let Some(p) = prev {
                let next_expected = if p.day < days_in_month(p.year, p.month) {
                    Jalali {
                        day: p.day + 1,
                        ..p
                    }
                } else if p.month < 12 {
                    Jalali {
                        year: p.year,
                        month: p.month + 1,
                        day: 1,
                    }
                } else {
                    Jalali {
                        year: p.year + 1,
                        month: 1,
                        day: 1,
                    }
                };
                assert_eq!(j, next_expected, "{day}");
            }
            prev = Some(j);
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            to_jalali(start),
            Jalali {
                year: 1370,
                month: 1,
                day: 1
            }
        );
    }

    #[test]
    fn month_grid_starts_on_the_right_weekday() {
        // 1 Aban 1404 (2025-10-23) was a Thursday: index 5 from Saturday.
        let grid = month_grid(1404, 8).unwrap();
        assert_eq!(grid.first_weekday, 5);
        assert_eq!(grid.month_name, "آبان");
        assert_eq!(grid.days.len(), 30);
        assert_eq!(grid.days[24].iso, "2025-11-16");
        // 1 Farvardin 1404 (2025-03-21) was a Friday.
        assert_eq!(month_grid(1404, 1).unwrap().first_weekday, 6);
        assert_eq!(month_grid(1403, 12).unwrap().days_in_month, 30);
        assert!(month_grid(1404, 13).is_none());
    }

    #[test]
    fn display_forms() {
        let j = to_jalali(ymd(2025, 11, 16));
        assert_eq!(j.to_ascii(), "1404/08/25");
        assert_eq!(j.to_persian(), "۱۴۰۴/۰۸/۲۵");
        assert_eq!(j.to_long_persian(), "۲۵ آبان ۱۴۰۴");
    }
}

//! The words of date expressions: months, weekdays, seasons, numbers, units and the
//! cues after which a bare month or year is a date.

use chrono::{Duration, Months, NaiveDate, Weekday};
use quidpro_event::DatePrecision;

pub(super) fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Whether a word names a day, a month or a part of a day ("Tuesday", "March",
/// "morning"): a phrase of time, not a modifier of the actor after it.
pub fn is_time_word(w: &str) -> bool {
    weekday(w).is_some()
        || month(w).is_some()
        || matches!(w, "weekend" | "morning" | "afternoon" | "evening" | "night" | "overnight")
        // "At the end of last year Azerbaijan summoned ...", "earlier this month Kyiv ...".
        || matches!(
            w,
            "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years" | "decade" | "today"
                | "yesterday" | "tonight" | "spring" | "summer" | "autumn" | "winter" | "quarter"
        )
}

pub(super) fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A season's first month.
pub(super) fn season(w: &str) -> Option<u32> {
    Some(match w {
        "spring" => 3,
        "summer" => 6,
        "autumn" | "fall" => 9,
        "winter" => 12,
        _ => return None,
    })
}

/// A number of one or two digits.
pub(super) fn small(w: &str) -> Option<u32> {
    let b = w.as_bytes();
    match b {
        [a] if a.is_ascii_digit() => Some(u32::from(a - b'0')),
        [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => {
            Some(u32::from(a - b'0') * 10 + u32::from(c - b'0'))
        }
        _ => None,
    }
}

/// A day of the month, with an optional ordinal suffix ("14", "14th", "1st").
pub(super) fn day(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !matches!(&w[digits.len()..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    small(digits).filter(|d| (1..=31).contains(d))
}

pub(super) fn year(w: &str) -> Option<i32> {
    let b = w.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) || !matches!(b[0], b'1' | b'2') {
        return None;
    }
    let y = b.iter().fold(0i32, |a, &c| a * 10 + i32::from(c - b'0'));
    (1900..=2100).contains(&y).then_some(y)
}

pub(super) fn number(w: &str) -> Option<i64> {
    if let Some(n) = small(w) {
        return Some(i64::from(n));
    }
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    })
}

pub(super) fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" | "final" => 4,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

pub(super) fn unit(w: &str) -> Option<Unit> {
    Some(match w {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}

impl Unit {
    pub(super) fn precision(self) -> DatePrecision {
        match self {
            Unit::Day => DatePrecision::Day,
            Unit::Week => DatePrecision::Week,
            Unit::Month => DatePrecision::Month,
            Unit::Year => DatePrecision::Year,
        }
    }
}

/// `date` moved by `k` units (negative: back).
pub(super) fn shift(date: NaiveDate, u: Unit, k: i64) -> Option<NaiveDate> {
    if k.abs() > 5000 {
        return None;
    }
    match u {
        Unit::Day => date.checked_add_signed(Duration::days(k)),
        Unit::Week => date.checked_add_signed(Duration::days(7 * k)),
        Unit::Month | Unit::Year => {
            let m = if u == Unit::Year { 12 * k } else { k };
            let months = Months::new(m.unsigned_abs() as u32);
            if m >= 0 {
                date.checked_add_months(months)
            } else {
                date.checked_sub_months(months)
            }
        }
    }
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Prepositions and modifiers after which a bare month, season or year is a date.
pub(super) fn cue(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "since"
            | "until"
            | "till"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "of"
            | "by"
            | "from"
            | "during"
            | "throughout"
            | "between"
            | "before"
            | "after"
    )
}

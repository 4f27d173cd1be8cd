//! Explicit dates in a sentence, resolved against the story date.
//!
//! Recognized: "January 24", "Jan. 24, 2024", "24 January 2024", "in July 2024",
//! "in July", "in 2020", weekdays ("on Monday": the latest such day on or before the
//! story date), "yesterday", "today", "last night", "last week", "last month",
//! "last year", "N days/weeks ago". A day and month without a year take the story's year,
//! or the year before when that would put them more than a week after the story date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use quidpro_event::DatePrecision;

/// A date expression found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateExpr {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The resolved date.
    pub date: NaiveDate,
    /// Its precision.
    pub precision: DatePrecision,
}

fn month(w: &str) -> Option<u32> {
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

fn weekday(w: &str) -> Option<Weekday> {
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

fn day(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn number(w: &str) -> Option<i64> {
    if let Ok(n) = w.parse::<i64>() {
        return Some(n);
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
        _ => return None,
    })
}

/// Day and month without a year, placed no more than a week after the story date.
fn near_past(story: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(story.year(), m, d);
    match this {
        Some(x) if x <= story + Duration::days(7) => Some(x),
        _ => NaiveDate::from_ymd_opt(story.year() - 1, m, d),
    }
}

/// Finds the date expressions in normalized words.
pub fn find(words: &[&str], story: NaiveDate) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let n = words.len();
    let w = |i: usize| if i < n { words[i] } else { "" };
    let mut i = 0;
    while i < n {
        let prev = if i > 0 { words[i - 1] } else { "" };
        let mut found: Option<(usize, NaiveDate, DatePrecision)> = None;
        if let Some(m) = month(w(i)) {
            // Skip the abbreviation's full stop: "Jan. 24".
            let j = if w(i + 1) == "." { i + 2 } else { i + 1 };
            let cue = matches!(
                prev,
                "in" | "on"
                    | "since"
                    | "until"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "of"
                    | "by"
                    | "from"
                    | "during"
                    | "between"
                    | "before"
                    | "after"
            );
            if let Some(d) = day(w(j)) {
                let (k, y) = if w(j + 1) == "," && year(w(j + 2)).is_some() {
                    (j + 3, year(w(j + 2)))
                } else if let Some(y) = year(w(j + 1)) {
                    (j + 2, Some(y))
                } else {
                    (j + 1, None)
                };
                let date = match y {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => near_past(story, m, d),
                };
                if let Some(date) = date {
                    found = Some((k, date, DatePrecision::Day));
                }
            } else if let Some(y) = year(w(j)) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, 1) {
                    found = Some((j + 1, date, DatePrecision::Month));
                }
            } else if cue && w(i) != "may" && w(i) != "march"
                || (cue && matches!(prev, "in" | "early" | "late" | "mid" | "since"))
            {
                if let Some(date) = near_past(story, m, 1) {
                    found = Some((i + 1, date, DatePrecision::Month));
                }
            }
        } else if let Some(d) = day(w(i)) {
            // "24 January (2024)"
            if let Some(m) = month(w(i + 1)) {
                let (k, y) = match year(w(i + 2)) {
                    Some(y) => (i + 3, Some(y)),
                    None => (i + 2, None),
                };
                let date = match y {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => near_past(story, m, d),
                };
                if let Some(date) = date {
                    found = Some((k, date, DatePrecision::Day));
                }
            }
        } else if let Some(y) = year(w(i)) {
            if matches!(prev, "in" | "during") {
                if let Some(date) = NaiveDate::from_ymd_opt(y, 1, 1) {
                    found = Some((i + 1, date, DatePrecision::Year));
                }
            }
        } else if let Some(wd) = weekday(w(i)) {
            let back = (story.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
            found = Some((i + 1, story - Duration::days(back as i64), DatePrecision::Day));
        } else {
            match (w(i), w(i + 1)) {
                ("yesterday", _) => found = Some((i + 1, story - Duration::days(1), DatePrecision::Day)),
                ("today", _) => found = Some((i + 1, story, DatePrecision::Day)),
                ("last", "night") => found = Some((i + 2, story - Duration::days(1), DatePrecision::Day)),
                ("last", "week") => found = Some((i + 2, story - Duration::days(7), DatePrecision::Week)),
                ("last", "month") => {
                    let first = NaiveDate::from_ymd_opt(story.year(), story.month(), 1).unwrap_or(story);
                    let prev_month = first.pred_opt().unwrap_or(first);
                    let d = NaiveDate::from_ymd_opt(prev_month.year(), prev_month.month(), 1)
                        .unwrap_or(prev_month);
                    found = Some((i + 2, d, DatePrecision::Month));
                }
                ("last", "year") => {
                    if let Some(d) = NaiveDate::from_ymd_opt(story.year() - 1, 1, 1) {
                        found = Some((i + 2, d, DatePrecision::Year));
                    }
                }
                (a, unit) if w(i + 2) == "ago" => {
                    if let Some(k) = number(a) {
                        let days = match unit {
                            "day" | "days" => Some((k, DatePrecision::Day)),
                            "week" | "weeks" => Some((k * 7, DatePrecision::Week)),
                            _ => None,
                        };
                        if let Some((d, p)) = days {
                            if (0..3660).contains(&d) {
                                found = Some((i + 3, story - Duration::days(d), p));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        match found {
            Some((end, date, precision)) => {
                out.push(DateExpr { start: i, end, date, precision });
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn one(text: &str, story: &str) -> (String, DatePrecision) {
        let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
        let refs: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        let got = find(&refs, d(story));
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        (got[0].date.to_string(), got[0].precision)
    }

    #[test]
    fn resolves_against_story_date() {
        use DatePrecision::*;
        assert_eq!(one("on January 24", "2024-03-01"), ("2024-01-24".into(), Day));
        assert_eq!(one("on December 30", "2024-01-05"), ("2023-12-30".into(), Day));
        assert_eq!(one("on Jan . 24 , 2023", "2024-03-01"), ("2023-01-24".into(), Day));
        assert_eq!(one("on 24 January 2022", "2024-03-01"), ("2022-01-24".into(), Day));
        assert_eq!(one("in July 2024", "2025-03-01"), ("2024-07-01".into(), Month));
        assert_eq!(one("in 2020", "2025-03-01"), ("2020-01-01".into(), Year));
        assert_eq!(one("on Monday", "2024-03-06"), ("2024-03-04".into(), Day));
        assert_eq!(one("on Wednesday", "2024-03-06"), ("2024-03-06".into(), Day));
        assert_eq!(one("last week", "2024-03-06"), ("2024-02-28".into(), Week));
        assert_eq!(one("last month", "2024-03-06"), ("2024-02-01".into(), Month));
        assert_eq!(one("yesterday", "2024-03-01"), ("2024-02-29".into(), Day));
        assert_eq!(one("three days ago", "2024-03-01"), ("2024-02-27".into(), Day));
    }

    #[test]
    fn modal_may_and_verb_march_are_not_months() {
        let words = ["turkey", "may", "attack", "and", "protesters", "march", "on"];
        assert!(find(&words, d("2024-01-01")).is_empty());
        let words = ["in", "may", "2023"];
        assert_eq!(find(&words, d("2024-01-01")).len(), 1);
    }
}

//! Date expressions in a sentence, resolved against the story's date and the narrative's
//! reference time.
//!
//! [`find`] reads normalised lower-case tokens (as the tokenizer gives them: `jan` `.`
//! `24` `,` `2024`; `14.05.2023` and `2023-05-14` are one token; `14/05/2023` is five)
//! and returns each expression with its date and precision. The date is always the first
//! day of the period (see [`DatePrecision`]).
//!
//! Two times resolve them:
//!
//! * the **story date** (the document's "now") anchors deictic expressions: "yesterday",
//!   "today", "last night", weekdays ("on Monday": the latest such day on or before the
//!   story date), "last/this/next week|month|year", "last summer", "this autumn", "N
//!   days/weeks/months/years ago";
//! * the **reference time** (the last date the text gave, in this or an earlier sentence;
//!   the story date when it gave none) anchors anaphoric expressions: "two days later",
//!   "a week later", "the next day", "the following day/week", "the previous day", "the
//!   day before", "N days earlier". Every expression found moves the reference time to
//!   its date (an anaphoric one too: after "on 3 May ... two days later ... the next day"
//!   the last is 6 May), except background ones that do not move the narrative: "since
//!   2020", "until March", an attributive year ("during the 2020 war").
//!
//! Forms and precisions:
//!
//! * days: "14 May 2023", "May 14, 2023", "14th of May", "the 14th of May", "14.05.2023",
//!   "2023-05-14", "14-05-2023", "14/05/2023" (numeric dates are day first, as in
//!   European and analytic writing, except year-first ISO `2023-05-14` and `2023/05/14`);
//!   a day and month without a year ("on 14 May") take the reference time's year (the
//!   story's when the text gave none), or the year before when that would put them more
//!   than a week after the story date;
//! * months: "March 2023", "in March 2023", "in March" / "since March" / "early March"
//!   (a month alone: the one in the reference time's year, or the year before when it
//!   would start after the story date; with no reference that is the most recent March
//!   not after the story date), "next March";
//! * quarters: "in the first quarter of 2024", "Q3 2023", "Q3 of 2023", "the third
//!   quarter" (of the reference year), "last quarter" (the one before the story date's);
//! * seasons: "spring 2021", "in the spring of 2021", "in the fall of 2019", "winter
//!   2022" (the winter starting in December 2022), "last summer" (the latest that ended
//!   before the story date), "this autumn" (the one containing the story date, else the
//!   one of its year), "next spring", "in the summer" (the latest begun by the story
//!   date, as a month alone);
//! * years: "in 2020", "since 2020", "during the 2020 war", "at the end of 2023", "at the
//!   start of 2024". "early 2024", "mid-2023", "late 2022" are year precision with the
//!   date on the first of January (the date stays the first day of its period);
//! * ranges: "between 2019 and 2021", "from March to May 2023", "from 14 to 16 May",
//!   "2019-2021" give the start, with the start's precision (a start without a year takes
//!   the end's: "from November to February 2023" starts in November 2022); "since 2020"
//!   and "since March" are the start as well.
//!
//! Numbers may be words ("two days later", "a week later"). The scan allocates nothing
//! but its result and uses no regular expressions: every token is first checked with a
//! `match` on its text.

use chrono::{Datelike, Duration, Months, NaiveDate};
use quidpro_event::DatePrecision;

mod words;
pub use words::is_time_word;
use words::*;

/// What an expression's date is resolved from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The text names the calendar date ("14 May 2023", "in March").
    Calendar,
    /// The story date ("yesterday", "last week", "on Monday").
    Story,
    /// The narrative's reference time ("three days later", "the next day").
    Reference,
}

/// The narrative's reference time: the last date the text gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// First day of the period.
    pub date: NaiveDate,
    /// Its precision.
    pub precision: DatePrecision,
}

/// A date expression found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateExpr {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The resolved date: the first day of the period.
    pub date: NaiveDate,
    /// Its precision.
    pub precision: DatePrecision,
    /// What it was resolved from.
    pub anchor: Anchor,
    /// A background date ("since 2020", "during the 2020 war") that does not move the
    /// reference time.
    pub background: bool,
    /// For a month, season or day written without a year, the first such period that has
    /// not ended before the story date: the date of an event still to come ("Baku may
    /// raise it again in the autumn", written in April, is this autumn, not the last).
    pub ahead: Option<NaiveDate>,
    /// A count back from the main clause's date to the act that follows ("on Monday, a
    /// day after rebels attacked"): it dates only an act after it.
    pub forward_only: bool,
}

impl DateExpr {
    /// The reference time after this expression, unless it is a background date.
    pub fn reference(&self) -> Option<Reference> {
        (!self.background).then_some(Reference { date: self.date, precision: self.precision })
    }

    /// The annotation guide's token for the date (`2023-05-14`, `2023-03`, `2021-spring`).
    pub fn token(&self) -> String {
        self.precision.token(self.date)
    }

    /// The expression as written: the text from its first token to its last, given the
    /// sentence's token spans (`spans`, bytes into `text`).
    pub fn written<'t>(&self, spans: &[quidpro_event::Span], text: &'t str) -> &'t str {
        match (spans.get(self.start), self.end.checked_sub(1).and_then(|e| spans.get(e))) {
            (Some(a), Some(b)) => a.cover(*b).slice(text),
            _ => "",
        }
    }
}

/// A year (or day and month) the text left out, to be taken from the end of a range.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Yearless {
    No,
    Month(u32),
    Day(u32, u32),
}

#[derive(Clone, Copy)]
struct Hit {
    end: usize,
    date: NaiveDate,
    precision: DatePrecision,
    anchor: Anchor,
    background: bool,
    yearless: Yearless,
    ahead: Option<NaiveDate>,
    forward_only: bool,
}

fn hit(end: usize, date: NaiveDate, precision: DatePrecision, anchor: Anchor) -> Option<Hit> {
    Some(Hit {
        end,
        date: precision.start(date),
        precision,
        anchor,
        background: false,
        yearless: Yearless::No,
        ahead: None,
        forward_only: false,
    })
}

struct Scan<'a, 'b> {
    words: &'a [&'b str],
    story: NaiveDate,
    /// Whether the text gave the reference time (else it is the story's own day).
    told: bool,
}

impl<'b> Scan<'_, 'b> {
    fn w(&self, i: usize) -> &'b str {
        self.words.get(i).copied().unwrap_or("")
    }

    /// The word before `i`, over a hyphen ("mid-2023").
    fn before(&self, i: usize) -> &'b str {
        match i {
            0 => "",
            _ if self.w(i - 1) == "-" && i >= 2 => self.w(i - 2),
            _ => self.w(i - 1),
        }
    }

    /// Day and month without a year: after a narrative reference, the first such day on
    /// or after it (this year or the next) that is not more than a week after the story
    /// date; else the reference's year, or the year before when that is more than a week
    /// after the story date.
    fn day_month(&self, rf: Reference, m: u32, d: u32) -> Option<NaiveDate> {
        // A narrative moves forward: after "in November 2024", "on 12 February" is the
        // February that follows, when that is not after the story date.
        if rf.date != self.story {
            let limit = self.story + Duration::days(7);
            for y in [rf.date.year(), rf.date.year() + 1] {
                if let Some(x) = ymd(y, m, d).filter(|&x| x >= rf.date && x <= limit) {
                    return Some(x);
                }
            }
        }
        let base = rf.date;
        match ymd(base.year(), m, d) {
            Some(x) if x <= self.story + Duration::days(7) => Some(x),
            _ => ymd(base.year() - 1, m, d).or_else(|| ymd(base.year() - 2, m, d)),
        }
    }

    /// A period of precision `p` starting in month `m`, without a year: in the
    /// reference's year, or the year before when it would start after the story date
    /// (`next`: the first to start after the story date).
    fn period(&self, rf: Reference, m: u32, next: bool) -> Option<NaiveDate> {
        if next {
            let x = ymd(self.story.year(), m, 1)?;
            return if x > self.story { Some(x) } else { ymd(self.story.year() + 1, m, 1) };
        }
        if rf.date != self.story {
            for y in [rf.date.year(), rf.date.year() + 1] {
                if let Some(x) = ymd(y, m, 1).filter(|&x| x >= rf.date && x <= self.story) {
                    return Some(x);
                }
            }
        }
        let base = rf.date;
        match ymd(base.year(), m, 1) {
            Some(x) if x <= self.story => Some(x),
            _ => ymd(base.year() - 1, m, 1),
        }
    }

    /// The first period of `months` months starting in month `m` (on day `d`) that has not
    /// ended before the story date.
    fn ahead(&self, m: u32, months: u32, d: u32) -> Option<NaiveDate> {
        let y = self.story.year();
        (y - 1..=y + 1)
            .filter_map(|y| ymd(y, m, d))
            .find(|&x| x.checked_add_months(Months::new(months)).is_some_and(|e| e > self.story))
    }

    /// "14 May 2023", "14 May", "14th of May", "May 14, 2023", "May 14": the part after
    /// the day and month; `k` is the next token.
    fn with_year(&self, rf: Reference, k: usize, m: u32, d: u32) -> Option<Hit> {
        let (end, y) = if let Some(y) = year(self.w(k)) {
            (k + 1, Some(y))
        } else if self.w(k) == "," && year(self.w(k + 1)).is_some() {
            (k + 2, year(self.w(k + 1)))
        } else {
            (k, None)
        };
        match y {
            Some(y) => hit(end, ymd(y, m, d)?, DatePrecision::Day, Anchor::Calendar),
            None => {
                let mut h = hit(end, self.day_month(rf, m, d)?, DatePrecision::Day, Anchor::Calendar)?;
                h.yearless = Yearless::Day(m, d);
                h.ahead = ymd(self.story.year(), m, d)
                    .filter(|&x| x >= self.story)
                    .or_else(|| ymd(self.story.year() + 1, m, d));
                Some(h)
            }
        }
    }

    /// A fixed-date holiday: "Christmas Day", "Christmas Eve", "New Year's Day", "New
    /// Year's Eve" (and "Christmas" or "New Year's" after a cue such as "on"): its end,
    /// month and day.
    fn holiday(&self, i: usize, cued: bool) -> Option<(usize, u32, u32)> {
        let (k, christmas) = match self.w(i) {
            "christmas" => (i + 1, true),
            "new" if self.w(i + 1) == "year" && self.w(i + 2) == "'s" => (i + 3, false),
            _ => return None,
        };
        match (self.w(k), christmas) {
            ("day", true) => Some((k + 1, 12, 25)),
            ("eve", true) => Some((k + 1, 12, 24)),
            ("day", false) => Some((k + 1, 1, 1)),
            ("eve", false) => Some((k + 1, 12, 31)),
            (_, true) if cued => Some((k, 12, 25)),
            (_, false) if cued => Some((k, 1, 1)),
            _ => None,
        }
    }

    /// A single-token numeric date: `14.05.2023`, `2023-05-14`, `14-05-2023`,
    /// `2019-2021` (after a cue: the first year).
    fn numeric(&self, i: usize, cued: bool) -> Option<Hit> {
        let x = self.w(i);
        let sep = if x.contains('.') {
            '.'
        } else if x.contains('-') {
            '-'
        } else {
            return None;
        };
        let mut parts = x.split(sep);
        let (a, b, c) = (parts.next()?, parts.next()?, parts.next());
        if parts.next().is_some() {
            return None;
        }
        match c {
            Some(c) => {
                let date = if let Some(y) = year(a) {
                    ymd(y, small(b)?, small(c)?)?
                } else {
                    ymd(year(c)?, small(b)?, small(a)?)?
                };
                hit(i + 1, date, DatePrecision::Day, Anchor::Calendar)
            }
            None if sep == '-' => {
                if let (Some(y), true) = (year(a), cued && year(b).is_some()) {
                    return hit(i + 1, ymd(y, 1, 1)?, DatePrecision::Year, Anchor::Calendar);
                }
                // "14-16 May 2023": the first day.
                let (d, _) = (day(a)?, day(b)?);
                let m = month(self.w(i + 1))?;
                let rf = Reference { date: self.story, precision: DatePrecision::Day };
                self.with_year(rf, i + 2, m, d)
            }
            None => None,
        }
    }

    /// An expression that starts at token `i`; `cued` when a range already makes a bare
    /// month or year a date ("between 2019 and 2021").
    fn at(&self, i: usize, rf: Reference, cued: bool) -> Option<Hit> {
        let x = self.w(i);
        let prev = self.before(i);
        let cued = cued || cue(prev);
        let first = *x.as_bytes().first()?;
        if first.is_ascii_digit() {
            if let Some(h) = self.numeric(i, cued) {
                return Some(h);
            }
            if let Some(d) = day(x) {
                // 14/05/2023 (day first) and 2023/05/14.
                if self.w(i + 1) == "/" && self.w(i + 3) == "/" {
                    if let (Some(m), Some(y)) = (small(self.w(i + 2)), year(self.w(i + 4))) {
                        return hit(i + 5, ymd(y, m, d)?, DatePrecision::Day, Anchor::Calendar);
                    }
                }
                // "14 May", "14th of May", "14 to 16 May".
                let mut k = i + 1;
                if self.w(k) == "of" {
                    k += 1;
                } else if matches!(self.w(k), "to" | "and" | "-" | "until") && day(self.w(k + 1)).is_some() {
                    k += 2;
                }
                let m = month(self.w(k))?;
                return self.with_year(rf, k + 1, m, d);
            }
            if let Some(y) = year(x) {
                if self.w(i + 1) == "/" && self.w(i + 3) == "/" {
                    if let (Some(m), Some(d)) = (small(self.w(i + 2)), small(self.w(i + 4))) {
                        return hit(i + 5, ymd(y, m, d)?, DatePrecision::Day, Anchor::Calendar);
                    }
                }
                if cued {
                    return hit(i + 1, ymd(y, 1, 1)?, DatePrecision::Year, Anchor::Calendar);
                }
                // "during the 2020 war": an attributive year, in the background.
                if prev == "the" && i >= 2 && cue(self.w(i - 2)) {
                    let mut h = hit(i + 1, ymd(y, 1, 1)?, DatePrecision::Year, Anchor::Calendar)?;
                    h.background = true;
                    return Some(h);
                }
            }
            return None;
        }
        if let Some((end, m, d)) = self.holiday(i, cued) {
            return self.with_year(rf, end, m, d);
        }
        if x.len() == 2 && first == b'q' {
            // Q3 2023, Q3 of 2023.
            let q = u32::from(x.as_bytes()[1].checked_sub(b'0')?);
            if !(1..=4).contains(&q) {
                return None;
            }
            let (end, y) = match (self.w(i + 1), year(self.w(i + 1)), year(self.w(i + 2))) {
                (_, Some(y), _) => (i + 2, y),
                ("of", _, Some(y)) => (i + 3, y),
                _ => return None,
            };
            return hit(end, ymd(y, (q - 1) * 3 + 1, 1)?, DatePrecision::Quarter, Anchor::Calendar);
        }
        if let Some(m) = month(x) {
            // Skip the abbreviation's full stop: "Jan. 24".
            let j = if self.w(i + 1) == "." { i + 2 } else { i + 1 };
            if let Some(d) = day(self.w(j)) {
                return self.with_year(rf, j + 1, m, d);
            }
            let (j, of) = if self.w(j) == "of" { (j + 1, true) } else { (j, false) };
            if let Some(y) = year(self.w(j)) {
                return hit(j + 1, ymd(y, m, 1)?, DatePrecision::Month, Anchor::Calendar);
            }
            // "December last year", "in March of this year".
            if let Some((end, y, anchor)) = self.relative_year(j, rf) {
                return hit(end, ymd(y, m, 1)?, DatePrecision::Month, anchor);
            }
            // The modal "may" and the verb "march" only after a strong cue.
            let strong = matches!(
                prev,
                "in" | "early"
                    | "late"
                    | "mid"
                    | "since"
                    | "last"
                    | "next"
                    | "until"
                    | "from"
                    | "between"
                    | "during"
            );
            if !of && cued && (strong || !matches!(x, "may" | "march")) {
                let mut h =
                    hit(i + 1, self.period(rf, m, prev == "next")?, DatePrecision::Month, Anchor::Calendar)?;
                h.yearless = Yearless::Month(m);
                h.ahead = self.ahead(m, 1, 1);
                return Some(h);
            }
            return None;
        }
        if let Some(sm) = season(x) {
            let (y1, y2) = (year(self.w(i + 1)), year(self.w(i + 2)));
            if let Some(y) = y1 {
                return hit(i + 2, ymd(y, sm, 1)?, DatePrecision::Season, Anchor::Calendar);
            }
            if self.w(i + 1) == "of" {
                // "the spring of last year".
                if let Some((end, y, anchor)) = self.relative_year(i + 2, rf) {
                    return hit(end, ymd(y, sm, 1)?, DatePrecision::Season, anchor);
                }
                return hit(i + 3, ymd(y2?, sm, 1)?, DatePrecision::Season, Anchor::Calendar);
            }
            let p = if prev == "the" && i >= 2 { self.w(i - 2) } else { prev };
            let story = self.story;
            let start = |y: i32| ymd(y, sm, 1);
            let end = |y: i32| start(y).and_then(|s| s.checked_add_months(Months::new(3)));
            let (date, anchor) = match p {
                // The latest that ended before the story date.
                "last" | "past" => {
                    let y = (story.year() - 2..=story.year())
                        .rev()
                        .find(|&y| end(y).is_some_and(|e| e <= story))?;
                    (start(y)?, Anchor::Story)
                }
                "this" => {
                    let y = story.year();
                    let y = if sm == 12 && story.month() <= 2 { y - 1 } else { y };
                    (start(y)?, Anchor::Story)
                }
                "next" | "coming" => {
                    let y =
                        (story.year()..=story.year() + 1).find(|&y| start(y).is_some_and(|s| s > story))?;
                    (start(y)?, Anchor::Story)
                }
                // "In March 2023 ... The previous autumn": the latest that began before the
                // reference; "the following spring": the first that begins after it.
                "previous" | "preceding" => {
                    let y = (rf.date.year() - 1..=rf.date.year())
                        .rev()
                        .find(|&y| start(y).is_some_and(|s| s < rf.date))?;
                    (start(y)?, Anchor::Reference)
                }
                "following" => {
                    let y = (rf.date.year()..=rf.date.year() + 1)
                        .find(|&y| start(y).is_some_and(|s| s > rf.date))?;
                    (start(y)?, Anchor::Reference)
                }
                // "In March 2023 ... That autumn": the season of the reference's year.
                "that" | "same" => {
                    let y = rf.date.year();
                    let y = if sm == 12 && rf.date.month() <= 2 { y - 1 } else { y };
                    (start(y)?, Anchor::Reference)
                }
                _ if cue(p) && p != "of" => {
                    let mut h =
                        hit(i + 1, self.period(rf, sm, false)?, DatePrecision::Season, Anchor::Calendar)?;
                    h.ahead = self.ahead(sm, 3, 1);
                    return Some(h);
                }
                _ => return None,
            };
            return hit(i + 1, date, DatePrecision::Season, anchor);
        }
        if let Some(q) = ordinal(x) {
            // "the first quarter of 2024", "the third quarter".
            if self.w(i + 1) != "quarter" {
                return None;
            }
            if self.w(i + 2) == "of" {
                let y = year(self.w(i + 3))?;
                return hit(i + 4, ymd(y, (q - 1) * 3 + 1, 1)?, DatePrecision::Quarter, Anchor::Calendar);
            }
            if prev == "the" {
                let date = self.period(rf, (q - 1) * 3 + 1, false)?;
                return hit(i + 2, date, DatePrecision::Quarter, Anchor::Calendar);
            }
            return None;
        }
        if let Some(wd) = weekday(x) {
            // "Monday, May 14": the date that follows.
            let k = if self.w(i + 1) == "," { i + 2 } else { i + 1 };
            let calendar = |h: &Hit| h.precision == DatePrecision::Day && h.anchor == Anchor::Calendar;
            if let Some(h) = self.at(k, rf, false).filter(calendar) {
                return Some(h);
            }
            let s = self.story;
            let date = if prev == "next" {
                s + Duration::days(i64::from(
                    (wd.num_days_from_monday() + 6 - s.weekday().num_days_from_monday()) % 7 + 1,
                ))
            } else {
                s - Duration::days(i64::from(
                    (s.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7,
                ))
            };
            return hit(i + 1, date, DatePrecision::Day, Anchor::Story);
        }
        self.relative(i, rf)
    }

    /// A year named relative to the story or the reference at `j`: "last year", "this
    /// year", "next year", "that year"; its end, the year and what it is counted from.
    fn relative_year(&self, j: usize, rf: Reference) -> Option<(usize, i32, Anchor)> {
        if self.w(j + 1) != "year" {
            return None;
        }
        let story = self.story.year();
        match self.w(j) {
            "last" | "past" => Some((j + 2, story - 1, Anchor::Story)),
            "this" => Some((j + 2, story, Anchor::Story)),
            "next" => Some((j + 2, story + 1, Anchor::Story)),
            "that" | "same" => Some((j + 2, rf.date.year(), Anchor::Reference)),
            _ => None,
        }
    }

    /// Whether the words from `i` name what a count of days "after" or "before" is
    /// counted from ("two days after the vote", "a day after rebels attacked"), not the
    /// end of the phrase ("two days after, ...").
    fn relates(&self, i: usize) -> bool {
        !matches!(self.w(i), "" | "," | "." | ";" | ":" | "and" | "but" | "-" | ")")
    }

    fn relative(&self, i: usize, rf: Reference) -> Option<Hit> {
        let story = self.story;
        let (x, y) = (self.w(i), self.w(i + 1));
        let day = DatePrecision::Day;
        // From the reference: `k` units on, at least as coarse as the reference.
        // Counted on from the story's own day (the text gave no date before), a date past
        // the story's is no date at all ("a week after the vote").
        let before_story = |d: NaiveDate| (self.told || d <= story).then_some(d);
        let from_ref = |end: usize, u: Unit, k: i64| -> Option<Hit> {
            let precision = u.precision().max(rf.precision);
            hit(end, before_story(shift(rf.date, u, k)?)?, precision, Anchor::Reference)
        };
        // A count of weeks is a count of days: "a week later" is the day seven days on.
        let count_ref = |end: usize, u: Unit, k: i64| -> Option<Hit> {
            let (u, k) = if u == Unit::Week { (Unit::Day, 7 * k) } else { (u, k) };
            // "In December 2021 ..., and a year later": December 2022, to the month.
            let precision = if u == Unit::Year {
                rf.precision.max(DatePrecision::Month)
            } else {
                u.precision().max(rf.precision)
            };
            hit(end, before_story(shift(rf.date, u, k)?)?, precision, Anchor::Reference)
        };
        match (x, y) {
            ("yesterday", _) => hit(i + 1, story - Duration::days(1), day, Anchor::Story),
            ("today" | "tonight", _) => hit(i + 1, story, day, Anchor::Story),
            ("last", "night") => hit(i + 2, story - Duration::days(1), day, Anchor::Story),
            ("this", "morning" | "afternoon" | "evening") => hit(i + 2, story, day, Anchor::Story),
            ("last" | "this" | "next", _) if unit(y).is_some() && !y.ends_with('s') => {
                let u = unit(y)?;
                let k = match x {
                    "last" => -1,
                    "this" => 0,
                    _ => 1,
                };
                if u == Unit::Day {
                    return None;
                }
                hit(i + 2, shift(story, u, k)?, u.precision(), Anchor::Story)
            }
            ("last" | "this" | "next", "quarter") => {
                let k = match x {
                    "last" => -3,
                    "this" => 0,
                    _ => 3,
                };
                hit(i + 2, shift(story, Unit::Month, k)?, DatePrecision::Quarter, Anchor::Story)
            }
            ("that" | "same", "day" | "night" | "morning" | "evening") => from_ref(i + 2, Unit::Day, 0),
            // "later that year", "by the end of that month": the reference's year or month.
            ("that", "year") => {
                hit(i + 2, ymd(rf.date.year(), 1, 1)?, DatePrecision::Year, Anchor::Reference)
            }
            ("that", "month") if rf.precision != DatePrecision::Year => hit(
                i + 2,
                ymd(rf.date.year(), rf.date.month(), 1)?,
                DatePrecision::Month.max(rf.precision),
                Anchor::Reference,
            ),
            ("the", "same") if matches!(self.w(i + 2), "day" | "night") => from_ref(i + 3, Unit::Day, 0),
            ("the", "next" | "following" | "previous" | "preceding" | "prior") => {
                let u = match self.w(i + 2) {
                    "morning" | "night" | "evening" => Unit::Day,
                    w => unit(w)?,
                };
                from_ref(i + 3, u, if matches!(y, "next" | "following") { 1 } else { -1 })
            }
            ("the", _) if unit(y).is_some_and(|u| u == Unit::Day) => match self.w(i + 2) {
                // "On 8 October 2023, the day after Hamas attacked": set off after the main
                // clause's date and followed by the act it is counted from, it dates that
                // act, a day back; a background date (as for "a day after" below).
                "after" | "before" if self.before(i) == "," && self.relates(i + 3) => {
                    let mut h = from_ref(i + 3, Unit::Day, if self.w(i + 2) == "after" { -1 } else { 1 })?;
                    h.background = true;
                    h.forward_only = true;
                    Some(h)
                }
                "after" => from_ref(i + 3, Unit::Day, 1),
                "before" => from_ref(i + 3, Unit::Day, -1),
                _ => None,
            },
            (_, _) => {
                let k = number(x)?;
                let u = unit(y)?;
                match self.w(i + 2) {
                    "ago" => {
                        let precision = if u == Unit::Week { DatePrecision::Day } else { u.precision() };
                        hit(i + 3, shift(story, u, -k)?, precision, Anchor::Story)
                    }
                    // "on Monday, a day after separatists attacked ...": set off after the
                    // main clause's date and followed by the act it is counted from, the
                    // count dates that act, back from the reference; a background date,
                    // it does not move the narrative. ("Kyiv struck two days after the
                    // attack" dates the strike: two days on.)
                    "after" | "before" if self.before(i) == "," && self.relates(i + 3) => {
                        let mut h = count_ref(i + 3, u, if self.w(i + 2) == "after" { -k } else { k })?;
                        h.background = true;
                        h.forward_only = true;
                        Some(h)
                    }
                    "later" | "afterwards" | "after" => count_ref(i + 3, u, k),
                    "earlier" | "before" | "previously" => count_ref(i + 3, u, -k),
                    _ => None,
                }
            }
        }
    }
}

/// Finds the date expressions in normalised lower-case words, resolved against the
/// story date and the narrative's reference time (the last date the text gave before
/// this sentence; `None`: the story date). Expressions in the sentence move the reference
/// time for those after them.
pub fn find(words: &[&str], story: NaiveDate, reference: Option<Reference>) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut scan = Scan { words, story, told: reference.is_some() };
    let mut rf = reference.unwrap_or(Reference { date: story, precision: DatePrecision::Day });
    let n = words.len();
    let mut i = 0;
    while i < n {
        let Some(mut h) = scan.at(i, rf, false) else {
            i += 1;
            continue;
        };
        let prev = scan.before(i);
        // Ranges: "between 2019 and 2021", "from March to May 2023": the start.
        if matches!(prev, "between" | "from")
            && matches!(scan.w(h.end), "and" | "to" | "until" | "till" | "through" | "-")
        {
            if let Some(e) = scan.at(h.end + 1, rf, true) {
                let y = e.date.year();
                let redone = match h.yearless {
                    Yearless::No => None,
                    Yearless::Month(m) => ymd(if m <= e.date.month() { y } else { y - 1 }, m, 1),
                    Yearless::Day(m, d) => {
                        let later = (m, d) > (e.date.month(), e.date.day());
                        ymd(if later { y - 1 } else { y }, m, d)
                    }
                };
                if let Some(date) = redone {
                    h.date = date;
                }
                h.end = e.end;
            }
        }
        if matches!(prev, "since" | "until" | "till") {
            h.background = true;
        }
        let expr = DateExpr {
            start: i,
            end: h.end,
            date: h.date,
            precision: h.precision,
            anchor: h.anchor,
            background: h.background,
            ahead: h.ahead,
            forward_only: h.forward_only,
        };
        if let Some(r) = expr.reference() {
            rf = r;
            scan.told = true;
        }
        out.push(expr);
        i = h.end.max(i + 1);
    }
    out
}

/// The reference time after a sentence: its last expression that moves it, else
/// `reference` unchanged.
pub fn reference_after(words: &[&str], story: NaiveDate, reference: Option<Reference>) -> Option<Reference> {
    find(words, story, reference).iter().rev().find_map(DateExpr::reference).or(reference)
}

#[cfg(test)]
mod tests;

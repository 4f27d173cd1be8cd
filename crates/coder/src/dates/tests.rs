//! Unit tests of the date expressions and their resolution.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn all(text: &str, story: &str) -> Vec<String> {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let refs: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
    find(&refs, d(story), None).iter().map(DateExpr::token).collect()
}

fn one(text: &str, story: &str) -> (String, DatePrecision) {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let refs: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
    let got = find(&refs, d(story), None);
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
    // Was 2024-02-28 (a week before the story date): a week is now given by its
    // Monday, as the annotation guide writes it and as every precision's date is the
    // first day of its period.
    assert_eq!(one("last week", "2024-03-06"), ("2024-02-26".into(), Week));
    assert_eq!(one("last month", "2024-03-06"), ("2024-02-01".into(), Month));
    assert_eq!(one("yesterday", "2024-03-01"), ("2024-02-29".into(), Day));
    assert_eq!(one("three days ago", "2024-03-01"), ("2024-02-27".into(), Day));
}

#[test]
fn modal_may_and_verb_march_are_not_months() {
    let words = ["turkey", "may", "attack", "and", "protesters", "march", "on"];
    assert!(find(&words, d("2024-01-01"), None).is_empty());
    let words = ["in", "may", "2023"];
    assert_eq!(find(&words, d("2024-01-01"), None).len(), 1);
}

#[test]
fn yearless_dates_have_a_coming_one_for_events_still_to_come() {
    let ahead = |text: &str, story: &str| {
        let words: Vec<&str> = text.split(' ').collect();
        let e = find(&words, d(story), None);
        (e[0].date.to_string(), e[0].ahead.map(|a| a.to_string()))
    };
    // Written in April 2025: the autumn that was is 2024's, the one to come 2025's.
    assert_eq!(ahead("in the autumn", "2025-04-22"), ("2024-09-01".into(), Some("2025-09-01".into())));
    assert_eq!(ahead("in march", "2025-04-22"), ("2025-03-01".into(), Some("2026-03-01".into())));
    // The month of the story date has not ended: it is still to come.
    assert_eq!(ahead("in april", "2025-04-22").1, Some("2025-04-01".into()));
    assert_eq!(ahead("on 3 february", "2025-04-22").1, Some("2026-02-03".into()));
    assert_eq!(ahead("in march 2024", "2025-04-22").1, None);
}

#[test]
fn seasons_quarters_and_ranges() {
    assert_eq!(all("in the spring of 2021", "2024-03-01"), ["2021-spring"]);
    assert_eq!(all("last summer", "2024-03-01"), ["2023-summer"]);
    assert_eq!(all("the fall of Kabul", "2024-03-01"), Vec::<String>::new());
    assert_eq!(all("in the first quarter of 2024", "2024-06-01"), ["2024-Q1"]);
    assert_eq!(all("from March to May 2023", "2024-06-01"), ["2023-03"]);
    assert_eq!(all("between 2019 and 2021", "2024-06-01"), ["2019"]);
}

#[test]
fn counts_set_off_after_a_date_count_back_to_the_act_that_follows() {
    // 2024-08-28 is a Wednesday.
    let words =
        ["on", "monday", ",", "two", "days", "after", "rebels", "attacked", ".", "the", "next", "day"];
    let e = find(&words, d("2024-08-28"), None);
    let got: Vec<String> = e.iter().map(DateExpr::token).collect();
    // The count dates the attack; it does not move the narrative, still at Monday.
    assert_eq!(got, ["2024-08-26", "2024-08-24", "2024-08-27"]);
    assert!(e[1].forward_only && e[1].background && !e[0].forward_only);
    // "Monday, May 14" takes the calendar date; "Monday, a day after" does not.
    assert_eq!(all("on monday , a day after the vote", "2024-08-28"), ["2024-08-26", "2024-08-25"]);
    // Not set off: the count dates what came before it, forward.
    assert_eq!(
        all("on 3 may kyiv struck two days after the attack", "2024-08-28"),
        ["2024-05-03", "2024-05-05"]
    );
}

#[test]
fn narrative_reference_moves() {
    let words = ["on", "3", "may", "2023", "and", "two", "days", "later", ".", "the", "next", "day"];
    let got: Vec<String> = find(&words, d("2024-01-10"), None).iter().map(DateExpr::token).collect();
    assert_eq!(got, ["2023-05-03", "2023-05-05", "2023-05-06"]);
    let rf = reference_after(&["since", "2020"], d("2024-01-10"), None);
    assert_eq!(rf, None);
}

#[test]
fn fixed_holidays() {
    use DatePrecision::*;
    assert_eq!(one("on new year 's day", "2009-01-03"), ("2009-01-01".into(), Day));
    assert_eq!(one("on christmas eve", "2009-01-03"), ("2008-12-24".into(), Day));
    assert_eq!(one("on christmas day 2015", "2024-03-01"), ("2015-12-25".into(), Day));
    assert_eq!(one("on new year 's eve", "2025-01-02"), ("2024-12-31".into(), Day));
    assert_eq!(one("on christmas", "2024-12-27"), ("2024-12-25".into(), Day));
    // Not a date without "Day", "Eve" or a cue: "Christmas markets", "a New Year's message".
    assert!(all("christmas markets opened", "2024-12-27").is_empty());
    assert!(all("a new year 's message", "2024-12-27").is_empty());
}

//! SVG charts drawn here (no library, no network): line charts of series and stacked
//! bars of counts, with axes, ticks and a legend. Text is escaped.

use std::fmt::Write as _;

use chrono::NaiveDate;

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A named series of values, one per label.
pub struct Line<'a> {
    /// Legend name.
    pub name: &'a str,
    /// CSS colour.
    pub colour: &'a str,
    /// Values (same length as the labels).
    pub values: Vec<f64>,
}

const W: f64 = 760.0;
const H: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let span = hi - lo;
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(raw);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// The chart's opening: the `<svg>` element with its title, the value grid with its
/// labels, and the zero line when the range crosses zero.
fn y_axis(title: &str, lo: f64, hi: f64, step: f64, y: &impl Fn(f64) -> f64, out: &mut String) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{t}" font-family="sans-serif" font-size="11"><title>{t}</title><text x="{LEFT}" y="16" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(title)
    );
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let yy = y(v);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            if step >= 1.0 { format!("{v:.0}") } else { format!("{v:.1}") }
        );
        v += step;
    }
    if lo < 0.0 && hi > 0.0 {
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}" stroke="#888"/>"##,
            y(0.0),
            W - RIGHT
        );
    }
}

fn frame(
    title: &str,
    labels: &[String],
    lo: f64,
    hi: f64,
    step: f64,
    out: &mut String,
) -> (impl Fn(usize) -> f64, impl Fn(f64) -> f64) {
    let n = labels.len().max(1);
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x = move |i: usize| LEFT + if n == 1 { pw / 2.0 } else { pw * i as f64 / (n - 1) as f64 };
    let y = move |v: f64| TOP + ph * (1.0 - (v - lo) / (hi - lo));
    y_axis(title, lo, hi, step, &y, out);
    // About ten labels; the last period's too unless it would crowd the one before. The
    // first and last are aligned inward so that they stay inside the chart.
    let every = (labels.len() / 10).max(1);
    let n = labels.len();
    let mut shown: Vec<usize> = (0..n).step_by(every).collect();
    if n > 0 && shown.last() != Some(&(n - 1)) {
        if shown.last().is_some_and(|&p| p > 0 && n - 1 - p < every.div_ceil(2)) {
            shown.pop();
        }
        shown.push(n - 1);
    }
    for i in shown {
        let l = &labels[i];
        {
            let anchor = if i == 0 && n > 1 {
                "start"
            } else if i + 1 == n && n > 1 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="#555">{}</text>"##,
                x(i),
                H - BOTTOM + 16.0,
                esc(l)
            );
        }
    }
    (x, y)
}

/// A line chart of several series over the same labels.
pub fn lines(title: &str, labels: &[String], series: &[Line<'_>]) -> String {
    let all = series.iter().flat_map(|s| s.values.iter().copied());
    let lo = all.clone().fold(0.0f64, f64::min);
    let hi = all.fold(0.0f64, f64::max);
    let (lo, hi, step) = nice_range(lo, hi);
    let mut out = String::new();
    let (x, y) = frame(title, labels, lo, hi, step, &mut out);
    for (k, s) in series.iter().enumerate() {
        let pts: Vec<String> =
            s.values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect();
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>"#,
            s.colour,
            pts.join(" ")
        );
        let lx = LEFT + 10.0 + 180.0 * k as f64;
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="4" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            H - 12.0,
            s.colour,
            lx + 16.0,
            H - 8.0,
            esc(s.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Stacked bars: one bar per label, one segment per series (values ≥ 0).
pub fn stacked(title: &str, labels: &[String], series: &[Line<'_>]) -> String {
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0.0)).sum())
        .collect();
    let hi = totals.iter().copied().fold(0.0, f64::max);
    let (lo, hi, step) = nice_range(0.0, hi.max(1.0));
    let mut out = String::new();
    let (x, y) = frame(title, labels, lo, hi, step, &mut out);
    let n = labels.len().max(1);
    let bw = ((W - LEFT - RIGHT) / n as f64 * 0.7).clamp(1.0, 24.0);
    for i in 0..labels.len() {
        let mut base = 0.0;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let (y0, y1) = (y(base), y(base + v));
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{y1:.1}" width="{bw:.1}" height="{:.1}" fill="{}"/>"#,
                x(i) - bw / 2.0,
                (y0 - y1).max(0.5),
                s.colour
            );
            base += v;
        }
    }
    for (k, s) in series.iter().enumerate() {
        let lx = LEFT + 10.0 + 150.0 * k as f64;
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="8" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            H - 14.0,
            s.colour,
            lx + 16.0,
            H - 7.0,
            esc(s.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// A series on a time axis: (day, value) points, in date order.
pub struct TimeLine<'a> {
    /// Legend name.
    pub name: &'a str,
    /// CSS colour.
    pub colour: &'a str,
    /// The points.
    pub points: Vec<(NaiveDate, f64)>,
    /// Draw as steps (a balance holds its value until the next entry) rather than lines.
    pub step: bool,
}

/// An event marked on a time axis: a dot at its day with a short label.
pub struct Marker {
    /// Its day.
    pub date: NaiveDate,
    /// A label (a few words).
    pub label: String,
    /// CSS colour.
    pub colour: String,
}

/// A true time axis: days mapped linearly onto the chart's width, ticks at year (or
/// month, for spans under two years) boundaries.
#[derive(Clone, Copy, Debug)]
pub struct TimeAxis {
    /// The first day shown.
    pub start: NaiveDate,
    /// The last day shown.
    pub end: NaiveDate,
}

impl TimeAxis {
    /// The axis covering `dates` (a day either side when they are all one day).
    pub fn covering(dates: impl IntoIterator<Item = NaiveDate>) -> Option<TimeAxis> {
        let mut it = dates.into_iter();
        let first = it.next()?;
        let (lo, hi) = it.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let (lo, hi) = if lo == hi {
            (lo - chrono::TimeDelta::days(1), hi + chrono::TimeDelta::days(1))
        } else {
            (lo, hi)
        };
        Some(TimeAxis { start: lo, end: hi })
    }

    /// The x position of a day.
    pub fn x(&self, d: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        LEFT + (W - LEFT - RIGHT) * ((d - self.start).num_days() as f64 / span).clamp(0.0, 1.0)
    }

    /// The tick days and their labels: each 1 January (labelled with the year), or the
    /// first of each month (labelled `YYYY-MM`) for spans under two years; at most about
    /// twelve.
    pub fn ticks(&self) -> Vec<(NaiveDate, String)> {
        use chrono::Datelike;
        let days = (self.end - self.start).num_days();
        let mut out = Vec::new();
        if days >= 730 {
            let step = ((self.end.year() - self.start.year()) / 12 + 1).max(1);
            let mut y = self.start.year() + 1;
            if NaiveDate::from_ymd_opt(self.start.year(), 1, 1) == Some(self.start) {
                y = self.start.year();
            }
            while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d <= self.end) {
                out.push((d, y.to_string()));
                y += step;
            }
        } else {
            let months = (days / 30 / 12 + 1) as u32;
            let (mut y, mut m) = (self.start.year(), self.start.month());
            if self.start.day() != 1 {
                m += 1;
            }
            loop {
                if m > 12 {
                    y += 1;
                    m -= 12;
                }
                let Some(d) = NaiveDate::from_ymd_opt(y, m, 1).filter(|d| *d <= self.end) else { break };
                out.push((d, format!("{y}-{m:02}")));
                m += months;
            }
        }
        out
    }
}

fn time_frame(
    title: &str,
    axis: &TimeAxis,
    lo: f64,
    hi: f64,
    step: f64,
    out: &mut String,
) -> impl Fn(f64) -> f64 {
    let ph = H - TOP - BOTTOM;
    let y = move |v: f64| TOP + ph * (1.0 - (v - lo) / (hi - lo));
    y_axis(title, lo, hi, step, &y, out);
    for (d, label) in axis.ticks() {
        let x = axis.x(d);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#bbb"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#555">{}</text>"##,
            H - BOTTOM,
            H - BOTTOM + 4.0,
            H - BOTTOM + 16.0,
            esc(&label)
        );
    }
    y
}

/// A chart of series on a true time axis, with events marked along the top.
pub fn time_lines(title: &str, series: &[TimeLine<'_>], markers: &[Marker]) -> String {
    let dates =
        series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).chain(markers.iter().map(|m| m.date));
    let Some(axis) = TimeAxis::covering(dates) else {
        return format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} 40" width="{W}" height="40" role="img" aria-label="{t}"><title>{t}</title><text x="{LEFT}" y="24">{t}: nothing to draw</text></svg>"#,
            t = esc(title)
        );
    };
    let all = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let lo = all.clone().fold(0.0f64, f64::min);
    let hi = all.fold(0.0f64, f64::max);
    let (lo, hi, step) = nice_range(lo, hi);
    let mut out = String::new();
    let y = time_frame(title, &axis, lo, hi, step, &mut out);
    for (k, s) in series.iter().enumerate() {
        let mut pts: Vec<String> = Vec::new();
        let mut prev: Option<f64> = None;
        for &(d, v) in &s.points {
            let x = axis.x(d);
            if let (true, Some(p)) = (s.step, prev) {
                pts.push(format!("{x:.1},{:.1}", y(p)));
            }
            pts.push(format!("{x:.1},{:.1}", y(v)));
            prev = Some(v);
        }
        if s.step {
            if let Some(p) = prev {
                pts.push(format!("{:.1},{:.1}", axis.x(axis.end), y(p)));
            }
        }
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>"#,
            s.colour,
            pts.join(" ")
        );
        let lx = LEFT + 10.0 + 180.0 * k as f64;
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="4" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            H - 12.0,
            s.colour,
            lx + 16.0,
            H - 8.0,
            esc(s.name)
        );
    }
    // Markers: a dot on the top edge and a label, labels staggered over three rows.
    for (i, m) in markers.iter().enumerate() {
        let x = axis.x(m.date);
        let row = (i % 3) as f64;
        let anchor = if x > W - 150.0 { "end" } else { "start" };
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{c}" stroke-dasharray="2,2"/><circle cx="{x:.1}" cy="{:.1}" r="3.5" fill="{c}"><title>{} {}</title></circle><text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="{c}" font-size="10">{}</text>"##,
            TOP,
            H - BOTTOM,
            TOP + 2.0,
            m.date,
            esc(&m.label),
            if anchor == "end" { x - 5.0 } else { x + 5.0 },
            TOP + 12.0 + 11.0 * row,
            esc(&m.label),
            c = esc(&m.colour)
        );
    }
    out.push_str("</svg>");
    out
}

/// Stacked bars on a true time axis: one bar per period (its first and last day), one
/// segment per series (values ≥ 0).
pub fn time_stacked(title: &str, periods: &[(NaiveDate, NaiveDate)], series: &[Line<'_>]) -> String {
    let Some(axis) = TimeAxis::covering(periods.iter().flat_map(|p| [p.0, p.1])) else {
        return time_lines(title, &[], &[]);
    };
    let totals: Vec<f64> = (0..periods.len())
        .map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0.0)).sum())
        .collect();
    let hi = totals.iter().copied().fold(0.0, f64::max);
    let (lo, hi, step) = nice_range(0.0, hi.max(1.0));
    let mut out = String::new();
    let y = time_frame(title, &axis, lo, hi, step, &mut out);
    for (i, (p0, p1)) in periods.iter().enumerate() {
        let (x0, x1) = (axis.x(*p0), axis.x(*p1));
        let bw = ((x1 - x0) * 0.85).max(1.0);
        let mut base = 0.0;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let (y0, y1) = (y(base), y(base + v));
            let _ = write!(
                out,
                r#"<rect x="{x0:.1}" y="{y1:.1}" width="{bw:.1}" height="{:.1}" fill="{}"/>"#,
                (y0 - y1).max(0.5),
                s.colour
            );
            base += v;
        }
    }
    for (k, s) in series.iter().enumerate() {
        let lx = LEFT + 10.0 + 150.0 * k as f64;
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="8" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            H - 14.0,
            s.colour,
            lx + 16.0,
            H - 7.0,
            esc(s.name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_and_escape_text() {
        let labels: Vec<String> = (1..=12).map(|m| format!("2024-{m:02}")).collect();
        let s = lines(
            "A & B <x>",
            &labels,
            &[Line { name: "A→B", colour: "#1f77b4", values: (0..12).map(|i| i as f64 - 5.0).collect() }],
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("A &amp; B &lt;x&gt;"));
        assert!(s.contains("<polyline"));
        let b = stacked("q", &labels, &[Line { name: "verbal", colour: "#aaa", values: vec![1.0; 12] }]);
        assert_eq!(b.matches("<rect").count(), 12 + 1);
        let empty = lines("none", &[], &[]);
        assert!(empty.ends_with("</svg>"));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_time_axis_is_linear_in_days() {
        let axis = TimeAxis { start: d("2020-01-01"), end: d("2025-01-01") };
        let (x0, x1, xm) = (axis.x(d("2020-01-01")), axis.x(d("2025-01-01")), axis.x(d("2022-07-02")));
        assert_eq!((x0, x1), (LEFT, W - RIGHT));
        assert!((xm - (x0 + x1) / 2.0).abs() < 0.5, "the middle day is in the middle: {xm}");
        let ticks: Vec<String> = axis.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["2020", "2021", "2022", "2023", "2024", "2025"]);
        let short = TimeAxis { start: d("2024-01-15"), end: d("2024-05-20") };
        let ticks: Vec<String> = short.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["2024-02", "2024-03", "2024-04", "2024-05"]);
    }

    #[test]
    fn time_charts_place_points_by_date_and_mark_events() {
        // Two entries a day apart and one four years later: the gap shows.
        let pts = vec![(d("2020-10-01"), 8.0), (d("2020-10-02"), 16.0), (d("2024-10-01"), 2.0)];
        let s = time_lines(
            "balance <&>",
            &[TimeLine { name: "balance", colour: "#2ca02c", points: pts, step: true }],
            &[Marker { date: d("2022-01-01"), label: "demand".into(), colour: "#d62728".into() }],
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>") && s.contains("balance &lt;&amp;&gt;"));
        assert!(s.contains("<circle") && s.contains(">demand</text>"));
        assert!(s.contains(">2021</text>") && s.contains(">2024</text>"));
        let empty = time_lines("none", &[], &[]);
        assert!(empty.contains("nothing to draw"));
        let bars = time_stacked(
            "q",
            &[(d("2020-01-01"), d("2020-01-31")), (d("2020-03-01"), d("2020-03-31"))],
            &[Line { name: "a", colour: "#aaa", values: vec![1.0, 2.0] }],
        );
        assert_eq!(bars.matches("<rect").count(), 2 + 1);
    }
}

//! SVG charts drawn here (no library, no network): line charts of series and stacked
//! bars of counts, with axes, ticks and a legend. Text is escaped.

use std::fmt::Write as _;

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
}

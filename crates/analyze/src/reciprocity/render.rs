//! The JSON and text forms of an [`Outcome`], for the command line and reports.
//!
//! JSON (stable): `{"status": "insufficient", "warnings": [text...]}` or
//! `{"status": "report", "observations", "criterion", "lags", "direction",
//! "granger": {"x_to_y": {f, df_num, df_den, pvalue} | null, "y_to_x": ...},
//! "var": {"intercept": [..], "coefs": [[[..]]] (lag, equation, variable)},
//! "irf": {"x_first": {"irfs", "orth_irfs"}, "y_first": {...}} (step, response, impulse),
//! "tit_for_tat": {"y_answers_x": {acts, answered, rate, cooperative, conflictual}, "x_answers_y": ...},
//! "response": {"y_to_x": {intercept, slope, stderr_slope, r_squared, nobs}, "x_to_y": ...}}`.

use serde_json::{json, Value};

use super::{Criterion, Direction, Granger, Irf, Matches, Matrix, Outcome, Response, TitForTat};

fn matrix(m: &Matrix) -> Value {
    json!((0..m.rows()).map(|r| m.row(r).to_vec()).collect::<Vec<_>>())
}

fn granger(g: &Option<Granger>) -> Value {
    match g {
        Some(g) => json!({"f": g.f, "df_num": g.df_num, "df_den": g.df_den, "pvalue": g.pvalue}),
        None => Value::Null,
    }
}

fn irf(i: &Irf) -> Value {
    json!({
        "irfs": i.irfs().iter().map(matrix).collect::<Vec<_>>(),
        "orth_irfs": i.orth_irfs().iter().map(matrix).collect::<Vec<_>>(),
    })
}

fn matches(m: &Matches) -> Value {
    json!({"acts": m.acts, "answered": m.answered, "rate": m.rate()})
}

fn tft(t: &TitForTat) -> Value {
    json!({"acts": t.all.acts, "answered": t.all.answered, "rate": t.rate(), "cooperative": matches(&t.cooperative), "conflictual": matches(&t.conflictual)})
}

fn response(r: &Response) -> Value {
    json!({"intercept": r.intercept, "slope": r.slope, "stderr_slope": r.stderr_slope, "r_squared": r.r_squared, "nobs": r.nobs})
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::XToY => "b_responds_to_a",
        Direction::YToX => "a_responds_to_b",
        Direction::Both => "both",
        Direction::Neither => "neither",
    }
}

/// The JSON form (see the module docs). Direction at the 5% level.
pub fn outcome_json(o: &Outcome) -> Value {
    match o {
        Outcome::Insufficient(w) => {
            json!({"status": "insufficient", "warnings": w.iter().map(|w| w.to_string()).collect::<Vec<_>>()})
        }
        Outcome::Report(r) => json!({
            "status": "report",
            "observations": r.observations,
            "criterion": match r.criterion { Criterion::Aic => "aic", Criterion::Bic => "bic", Criterion::Hqic => "hqic", Criterion::Fpe => "fpe" },
            "lags": r.var.lags(),
            "direction": direction(r.direction(0.05)),
            "granger": {"x_to_y": granger(&r.granger_x_to_y), "y_to_x": granger(&r.granger_y_to_x)},
            "var": {"intercept": r.var.intercept(), "coefs": r.var.coefs().iter().map(matrix).collect::<Vec<_>>()},
            "irf": {"x_first": irf(&r.irf), "y_first": irf(&r.irf_y_first)},
            "tit_for_tat": {"y_answers_x": tft(&r.tit_for_tat_y_answers_x), "x_answers_y": tft(&r.tit_for_tat_x_answers_y)},
            "response": {"y_to_x": response(&r.response_y_to_x), "x_to_y": response(&r.response_x_to_y)},
        }),
    }
}

/// A few lines for people.
pub fn outcome_text(o: &Outcome, a: &str, b: &str) -> String {
    match o {
        Outcome::Insufficient(w) => {
            let mut s = format!("No reciprocity estimates for {a} and {b}:\n");
            for w in w {
                s.push_str(&format!("  {w}\n"));
            }
            s
        }
        Outcome::Report(r) => {
            let p = |g: &Option<Granger>| {
                g.map(|g| format!("F = {:.2}, p = {:.4}", g.f, g.pvalue)).unwrap_or_else(|| "no lags".into())
            };
            let rate = |t: &TitForTat| {
                t.rate().map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "n/a".into())
            };
            format!(
                "Reciprocity of {a} and {b} over {} periods, VAR({}):\n  {b} responds to {a} (Granger {a} → {b}): {}\n  {a} responds to {b} (Granger {b} → {a}): {}\n  direction at 5%: {}\n  tit-for-tat: {b} answers {a} in kind {}, {a} answers {b} {}\n  response slope of {b} on {a}'s previous period: {:.2} (se {:.2})\n",
                r.observations,
                r.var.lags(),
                p(&r.granger_x_to_y),
                p(&r.granger_y_to_x),
                direction(r.direction(0.05)),
                rate(&r.tit_for_tat_y_answers_x),
                rate(&r.tit_for_tat_x_answers_y),
                r.response_y_to_x.slope,
                r.response_y_to_x.stderr_slope
            )
        }
    }
}

//! The reciprocity numbers against statsmodels, on the fixed-seed series in
//! `testdata/reciprocity/` (generated, with the expected values in `expected/mod.rs`, by
//! `testdata/reciprocity/make_expected.py`; Python is not needed to run these tests).

mod expected;

use expected::{DATASETS, HORIZON, MAX_LAG, THRESHOLD, WINDOW};
use quidpro_analyze::reciprocity::{
    analyze, Config, Criterion, DataWarning, Direction, Matrix, Outcome, Report, Series, VarFit,
};
use std::path::PathBuf;

pub struct Granger {
    pub f: f64,
    pub df_num: usize,
    pub df_den: usize,
    pub pvalue: f64,
}

pub struct Fit {
    pub lags: usize,
    pub intercept: [f64; 2],
    pub coefs: &'static [[[f64; 2]; 2]],
    pub stderr_intercept: [f64; 2],
    pub stderr_coefs: &'static [[[f64; 2]; 2]],
    pub sigma_u: [[f64; 2]; 2],
    pub sigma_u_mle: [[f64; 2]; 2],
    pub aic: f64,
    pub bic: f64,
    pub hqic: f64,
    pub fpe: f64,
    pub granger_x_to_y: Option<Granger>,
    pub granger_y_to_x: Option<Granger>,
    pub irfs: &'static [[[f64; 2]; 2]],
    pub orth_irfs: &'static [[[f64; 2]; 2]],
    pub orth_irfs_reversed: &'static [[[f64; 2]; 2]],
}

pub struct Selection {
    pub aic: &'static [f64],
    pub bic: &'static [f64],
    pub hqic: &'static [f64],
    pub fpe: &'static [f64],
    pub selected_aic: usize,
    pub selected_bic: usize,
    pub selected_hqic: usize,
    pub selected_fpe: usize,
}

pub struct Ols {
    pub intercept: f64,
    pub slope: f64,
    pub stderr_slope: f64,
    pub r_squared: f64,
    pub nobs: usize,
}

pub struct TitForTat {
    pub acts: usize,
    pub answered: usize,
}

pub struct Dataset {
    pub name: &'static str,
    pub selection: Selection,
    pub fit_aic: Fit,
    pub fit_bic: Fit,
    pub response_y_on_x: Ols,
    pub response_x_on_y: Ols,
    pub tit_for_tat_y_answers_x: TitForTat,
    pub tit_for_tat_x_answers_y: TitForTat,
}

/// Relative tolerance against statsmodels.
const REL: f64 = 1e-6;
/// Absolute floor, for entries that are exactly 0 (identity, Cholesky zeros).
const ABS: f64 = 1e-12;

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= REL * want.abs() + ABS,
        "{what}: got {got:e}, statsmodels {want:e} (rel. diff {:e})",
        ((got - want) / want).abs()
    );
}

#[track_caller]
fn assert_matrix(got: &Matrix, want: &[[f64; 2]; 2], what: &str) {
    assert_eq!((got.rows(), got.cols()), (2, 2), "{what}");
    for i in 0..2 {
        for j in 0..2 {
            assert_close(got[(i, j)], want[i][j], &format!("{what}[{i}][{j}]"));
        }
    }
}

#[track_caller]
fn assert_matrices(got: &[Matrix], want: &[[[f64; 2]; 2]], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: count");
    for (s, (g, w)) in got.iter().zip(want).enumerate() {
        assert_matrix(g, w, &format!("{what}[{s}]"));
    }
}

fn load(name: &str) -> (Vec<f64>, Vec<f64>) {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "testdata", "reciprocity", &format!("{name}.csv")]
            .iter()
            .collect();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("period,x,y"));
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "{line}");
        x.push(fields[1].parse().unwrap());
        y.push(fields[2].parse().unwrap());
    }
    (x, y)
}

fn config(criterion: Criterion) -> Config {
    Config {
        max_lag: MAX_LAG,
        criterion,
        horizon: HORIZON,
        threshold: THRESHOLD,
        window: WINDOW,
        ..Config::default()
    }
}

fn report(d: &Dataset, criterion: Criterion) -> Report {
    let (x, y) = load(d.name);
    assert_eq!(x.len(), 120);
    match analyze(&x, &y, &config(criterion)).unwrap() {
        Outcome::Report(r) => *r,
        Outcome::Insufficient(w) => panic!("{}: {w:?}", d.name),
    }
}

#[track_caller]
fn assert_granger(got: Option<quidpro_analyze::reciprocity::Granger>, want: &Option<Granger>, what: &str) {
    match (got, want) {
        (None, None) => {}
        (Some(g), Some(w)) => {
            assert_close(g.f, w.f, &format!("{what} F"));
            assert_eq!((g.df_num, g.df_den), (w.df_num, w.df_den), "{what} df");
            assert_close(g.pvalue, w.pvalue, &format!("{what} p"));
        }
        (g, _) => panic!("{what}: got {g:?}, statsmodels differs in presence"),
    }
}

fn check_fit(r: &Report, want: &Fit, name: &str) {
    let v = &r.var;
    assert_eq!(v.lags(), want.lags, "{name}: lag order");
    assert_eq!(v.nobs(), 120 - want.lags, "{name}: nobs");
    for i in 0..2 {
        assert_close(v.intercept()[i], want.intercept[i], &format!("{name} intercept[{i}]"));
        assert_close(
            v.stderr_intercept()[i],
            want.stderr_intercept[i],
            &format!("{name} stderr intercept[{i}]"),
        );
    }
    assert_matrices(v.coefs(), want.coefs, &format!("{name} coefs"));
    assert_matrices(v.stderr_coefs(), want.stderr_coefs, &format!("{name} stderr coefs"));
    assert_matrix(v.sigma_u(), &want.sigma_u, &format!("{name} sigma_u"));
    assert_matrix(v.sigma_u_mle(), &want.sigma_u_mle, &format!("{name} sigma_u_mle"));
    let ic = v.info_criteria();
    assert_close(ic.aic, want.aic, &format!("{name} aic"));
    assert_close(ic.bic, want.bic, &format!("{name} bic"));
    assert_close(ic.hqic, want.hqic, &format!("{name} hqic"));
    assert_close(ic.fpe, want.fpe, &format!("{name} fpe"));
    assert_granger(r.granger_x_to_y, &want.granger_x_to_y, &format!("{name} granger x→y"));
    assert_granger(r.granger_y_to_x, &want.granger_y_to_x, &format!("{name} granger y→x"));
    assert_eq!(r.irf.horizon(), HORIZON);
    assert_matrices(r.irf.irfs(), want.irfs, &format!("{name} irfs"));
    assert_matrices(r.irf.orth_irfs(), want.orth_irfs, &format!("{name} orth_irfs"));
    assert_matrices(r.irf_y_first.irfs(), want.irfs, &format!("{name} irfs (y first)"));
    assert_matrices(
        r.irf_y_first.orth_irfs(),
        want.orth_irfs_reversed,
        &format!("{name} orth_irfs (y first)"),
    );
}

#[test]
fn lag_order_selection_matches_statsmodels() {
    for d in DATASETS {
        let r = report(d, Criterion::Aic);
        let s = &r.selection;
        assert_eq!(s.max_lag(), MAX_LAG);
        assert_eq!(s.nobs(), 120 - MAX_LAG);
        for (criterion, want, selected) in [
            (Criterion::Aic, d.selection.aic, d.selection.selected_aic),
            (Criterion::Bic, d.selection.bic, d.selection.selected_bic),
            (Criterion::Hqic, d.selection.hqic, d.selection.selected_hqic),
            (Criterion::Fpe, d.selection.fpe, d.selection.selected_fpe),
        ] {
            let got = s.values(criterion);
            assert_eq!(got.len(), want.len());
            for (p, (g, w)) in got.iter().zip(want).enumerate() {
                assert_close(*g, *w, &format!("{} select_order {criterion:?}[{p}]", d.name));
            }
            assert_eq!(s.selected(criterion), selected, "{} selected by {criterion:?}", d.name);
        }
    }
}

#[test]
fn var_granger_and_irf_match_statsmodels_with_aic() {
    for d in DATASETS {
        check_fit(&report(d, Criterion::Aic), &d.fit_aic, &format!("{} (aic)", d.name));
    }
}

#[test]
fn var_granger_and_irf_match_statsmodels_with_bic() {
    for d in DATASETS {
        check_fit(&report(d, Criterion::Bic), &d.fit_bic, &format!("{} (bic)", d.name));
    }
}

#[test]
fn aic_and_bic_pick_different_orders_on_the_planted_series() {
    // Keeps the two criteria honest: on this series they disagree (2 vs 1).
    let d = DATASETS.iter().find(|d| d.name == "planted").unwrap();
    assert_eq!((d.fit_aic.lags, d.fit_bic.lags), (2, 1));
    let (x, y) = load("planted");
    let (_, fit) = VarFit::fit_selected(&[&x, &y], MAX_LAG, Criterion::Bic).unwrap();
    assert_eq!(fit.lags(), 1);
    // fit(p) directly gives the same as the selected fit.
    let direct = VarFit::fit(&[&x, &y], 2).unwrap();
    assert_matrices(direct.coefs(), d.fit_aic.coefs, "planted fit(2)");
}

#[test]
fn response_slopes_and_tit_for_tat_match_the_reference() {
    for d in DATASETS {
        let r = report(d, Criterion::Aic);
        for (got, want, what) in [
            (&r.response_y_to_x, &d.response_y_on_x, "y on x"),
            (&r.response_x_to_y, &d.response_x_on_y, "x on y"),
        ] {
            let what = format!("{} response {what}", d.name);
            assert_close(got.intercept, want.intercept, &format!("{what} intercept"));
            assert_close(got.slope, want.slope, &format!("{what} slope"));
            assert_close(got.stderr_slope, want.stderr_slope, &format!("{what} stderr"));
            assert_close(got.r_squared, want.r_squared, &format!("{what} r²"));
            assert_eq!(got.nobs, want.nobs, "{what} nobs");
        }
        for (got, want, what) in [
            (r.tit_for_tat_y_answers_x, &d.tit_for_tat_y_answers_x, "y answers x"),
            (r.tit_for_tat_x_answers_y, &d.tit_for_tat_x_answers_y, "x answers y"),
        ] {
            assert_eq!((got.all.acts, got.all.answered), (want.acts, want.answered), "{} {what}", d.name);
            assert_eq!(got.cooperative.acts + got.conflictual.acts, got.all.acts);
            assert_eq!(got.cooperative.answered + got.conflictual.answered, got.all.answered);
        }
    }
}

#[test]
fn planted_reciprocity_is_recovered() {
    // planted: y_t = 1 + 0.3 y_{t-1} + 0.6 x_{t-1} + e, x_t = 2 + 0.5 x_{t-1} + e.
    let planted = report(&DATASETS[0], Criterion::Bic);
    assert_eq!(DATASETS[0].name, "planted");
    assert_eq!(planted.direction(0.05), Direction::XToY);
    // VAR(1) by BIC: every planted coefficient within three standard errors, and B's
    // response to A within 0.15 of the planted 0.6.
    let (a1, se) = (&planted.var.coefs()[0], &planted.var.stderr_coefs()[0]);
    for (i, j, planted_value) in [(0, 0, 0.5), (0, 1, 0.0), (1, 0, 0.6), (1, 1, 0.3)] {
        let z = (a1[(i, j)] - planted_value) / se[(i, j)];
        assert!(z.abs() < 3.0, "A1[{i}][{j}] = {} ± {}, planted {planted_value}", a1[(i, j)], se[(i, j)]);
    }
    assert!((a1[(1, 0)] - 0.6).abs() < 0.15, "B's response to A: {}", a1[(1, 0)]);
    // Reciprocity, not bullying: B's response to an A shock is positive one period on,
    // in both orderings, and A's response to a B shock is small.
    for irf in [&planted.irf, &planted.irf_y_first] {
        let step1 = &irf.orth_irfs()[1];
        assert!(step1[(1, 0)] > 2.0, "{step1:?}");
        assert!(step1[(0, 1)].abs() < 1.0, "{step1:?}");
    }
    let slope = planted.response_y_to_x;
    assert!(slope.slope > 0.4 && slope.slope / slope.stderr_slope > 3.0, "{slope:?}");
    let back = planted.response_x_to_y;
    assert!((back.slope / back.stderr_slope).abs() < 2.0, "{back:?}");
    assert!(planted.tit_for_tat_y_answers_x.rate() > planted.tit_for_tat_x_answers_y.rate());

    // mutual: both answer each other; independent: nobody does.
    assert_eq!(report(&DATASETS[1], Criterion::Aic).direction(0.05), Direction::Both);
    assert_eq!(report(&DATASETS[2], Criterion::Aic).direction(0.05), Direction::Neither);
}

#[test]
fn too_short_series_give_a_warning_not_numbers() {
    let (x, y) = load("planted");
    let c = config(Criterion::Aic);
    assert_eq!(c.min_observations(), 3 * (2 * MAX_LAG + 1) + 10);
    let n = c.min_observations() - 1;
    match analyze(&x[..n], &y[..n], &c).unwrap() {
        Outcome::Insufficient(w) => {
            assert_eq!(w, vec![DataWarning::TooShort { observations: n, required: n + 1, max_lag: MAX_LAG }]);
            assert_eq!(w[0].to_string(), "too short: 48 periods, a VAR with up to 6 lags needs at least 49");
        }
        Outcome::Report(_) => panic!("estimated on {n} periods"),
    }
    let n = n + 1;
    assert!(matches!(analyze(&x[..n], &y[..n], &c).unwrap(), Outcome::Report(_)));
}

#[test]
fn too_sparse_series_give_a_warning_not_numbers() {
    // A dyad that the news covers only when something big happens: B's small moves
    // go unreported and show up as zero periods.
    let (x, y) = load("planted");
    let sparse: Vec<f64> = y.iter().map(|&v| if v.abs() < 8.0 { 0.0 } else { v }).collect();
    let zeros = sparse.iter().filter(|&&v| v == 0.0).count();
    assert!(zeros > 60, "{zeros}");
    match analyze(&x, &sparse, &config(Criterion::Aic)).unwrap() {
        Outcome::Insufficient(w) => assert_eq!(
            w,
            vec![DataWarning::TooSparse {
                series: Series::Y,
                zero_periods: zeros,
                observations: 120,
                max_zero_share: 0.5
            }]
        ),
        Outcome::Report(_) => panic!("estimated on a series with {zeros} zero periods of 120"),
    }
    // Both problems at once are both reported.
    match analyze(&sparse[..40], &sparse[..40], &config(Criterion::Aic)).unwrap() {
        Outcome::Insufficient(w) => {
            assert_eq!(w.len(), 3, "{w:?}");
            assert!(matches!(w[0], DataWarning::TooShort { .. }));
            assert!(matches!(w[1], DataWarning::TooSparse { series: Series::X, .. }));
            assert!(matches!(w[2], DataWarning::TooSparse { series: Series::Y, .. }));
        }
        Outcome::Report(_) => panic!("estimated"),
    }
    // A looser limit lets the same data through.
    let loose = Config { max_zero_share: 0.9, ..config(Criterion::Aic) };
    assert!(matches!(analyze(&x, &sparse, &loose).unwrap(), Outcome::Report(_)));
}

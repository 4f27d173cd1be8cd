/*!
Reciprocity between two directed dyadic series, as the event-data literature measures it
(Goldstein & Freeman 1990; Goldstein & Pevehouse 1997; Goldstein et al. 2001).

`x[t]` is what A did toward B in period `t` and `y[t]` what B did toward A, typically
Goldstein-weighted sums of coded events per month or week, aligned on the same periods
(a period without events is 0). [`analyze`] computes:

* a VAR(p) of `(x, y)` with a constant, the lag order chosen in `0..=max_lag` by AIC,
  BIC, HQIC or FPE, estimated by OLS equation by
  equation exactly as statsmodels' `VAR(data).fit(maxlags, ic=...)` ([`VarFit`],
  [`LagSelection`]; the formulas are in the [`var`] docs);
* Granger F tests both ways ([`Granger`]; statsmodels' `test_causality(..., kind='f')`);
  "x → y" tests whether A's past helps predict B's behaviour, i.e. whether B responds;
* impulse responses for `horizon` steps, plain and orthogonalized (Cholesky), with both
  orderings because orthogonalized responses depend on it ([`Irf`]);
* the tit-for-tat match rate both ways ([`tit_for_tat`], [`TitForTat`]) and the response
  slope of each side on the other's previous period ([`response_slope`], [`Response`]).

Nothing is estimated on data that cannot carry it: [`analyze`] returns
[`Outcome::Insufficient`] with typed [`DataWarning`]s instead of numbers when the series
are too short (fewer than `3·(2·max_lag + 1) + 10` periods: three observations per
regressor of the largest model plus ten) or too sparse (more than
[`Config::max_zero_share`] of a series' periods are exactly 0, so the "series" is mostly
absence of reporting).

The module does no I/O.

```
use quidpro_analyze::reciprocity::{analyze, Config, Outcome};

// B answers A's previous month with 0.8 of it.
let mut x = vec![0.0; 120];
let mut y = vec![0.0; 120];
let mut s: u32 = 7;
for t in 1..120 {
    s = s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
    x[t] = 0.4 * x[t - 1] + f64::from(s >> 16) / 3276.8 - 10.0;
    y[t] = 0.8 * x[t - 1] + f64::from(s % 997) / 49.85 - 10.0;
}
let Outcome::Report(report) = analyze(&x, &y, &Config::default()).unwrap() else {
    panic!("enough data");
};
assert!(report.granger_x_to_y.unwrap().pvalue < 0.01);
assert!(report.response_y_to_x.slope > 0.5);
```
*/

mod dist;
mod linalg;
mod render;
mod response;
pub mod var;

use thiserror::Error;

pub use dist::f_sf;
pub use linalg::Matrix;
pub use render::{outcome_json, outcome_text};
pub use response::{chance_rate, response_slope, tit_for_tat, Matches, Response, TitForTat};
pub use var::{max_estimable_lag, select_order, Criterion, Granger, InfoCriteria, Irf, LagSelection, VarFit};

/// Why a computation could not be done: bad input or degenerate data.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// No series were given.
    #[error("no series given")]
    NoSeries,
    /// A series differs in length from the first (`x` is series 0, `y` series 1).
    #[error("series {series} has {len} periods but series 0 has {expected}")]
    LengthMismatch {
        /// The index of the offending series.
        series: usize,
        /// Its length.
        len: usize,
        /// The first series' length.
        expected: usize,
    },
    /// A value is NaN or infinite (`x` is series 0, `y` series 1).
    #[error("series {series} has a non-finite value in period {period}")]
    NonFinite {
        /// The index of the offending series.
        series: usize,
        /// The period (0-based) of the value.
        period: usize,
    },
    /// Too few periods for the requested number of lags.
    #[error("{observations} periods are too few for {lags} lag(s) of {neqs} series")]
    TooFewObservations {
        /// Periods given.
        observations: usize,
        /// Lags asked for.
        lags: usize,
        /// Number of series.
        neqs: usize,
    },
    /// The regressors are collinear, e.g. a series is constant.
    #[error("the regressors are collinear (is a series constant?)")]
    Singular,
    /// A covariance matrix is not positive definite, e.g. one series is an exact linear
    /// function of the other's past.
    #[error("a covariance matrix is not positive definite")]
    NotPositiveDefinite,
    /// Granger causality was asked of a VAR with 0 lags.
    #[error("Granger causality cannot be tested in a VAR with 0 lags")]
    NoLags,
    /// A variable index is out of range.
    #[error("variable {index} does not exist in a VAR of {neqs} series")]
    NoSuchVariable {
        /// The index given.
        index: usize,
        /// Number of series.
        neqs: usize,
    },
    /// An argument or [`Config`] field is out of its range.
    #[error("invalid argument: {0}")]
    InvalidArgument(&'static str),
}

/// One of the two directed series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Series {
    /// `x`: A toward B.
    X,
    /// `y`: B toward A.
    Y,
}

impl std::fmt::Display for Series {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Series::X => "x (A toward B)",
            Series::Y => "y (B toward A)",
        })
    }
}

/// What [`analyze`] does; [`Config::default`] suits monthly series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// The largest VAR lag order tried (at least 1). Default 6 (half a year of months).
    pub max_lag: usize,
    /// The criterion that picks the lag order. Default [`Criterion::Aic`].
    pub criterion: Criterion,
    /// Impulse-response steps. Default 10.
    pub horizon: usize,
    /// Tit-for-tat: a period is an act when its value is beyond ± this. Default 0 (any
    /// non-zero period).
    pub threshold: f64,
    /// Tit-for-tat: answers count within this many periods after the act (at least 1).
    /// Default 1.
    pub window: usize,
    /// The largest share of zero periods a series may have (in `[0, 1]`). Default 0.5.
    pub max_zero_share: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_lag: 6,
            criterion: Criterion::Aic,
            horizon: 10,
            threshold: 0.0,
            window: 1,
            max_zero_share: 0.5,
        }
    }
}

impl Config {
    /// The fewest periods [`analyze`] accepts: `3·(2·max_lag + 1) + 10`.
    pub fn min_observations(&self) -> usize {
        3 * (2 * self.max_lag + 1) + 10
    }

    fn validate(&self) -> Result<(), Error> {
        if self.max_lag == 0 {
            return Err(Error::InvalidArgument("max_lag must be at least 1"));
        }
        if !(self.threshold.is_finite() && self.threshold >= 0.0) {
            return Err(Error::InvalidArgument("threshold must be finite and non-negative"));
        }
        if self.window == 0 {
            return Err(Error::InvalidArgument("window must be at least 1"));
        }
        if !(0.0..=1.0).contains(&self.max_zero_share) {
            return Err(Error::InvalidArgument("max_zero_share must be in [0, 1]"));
        }
        Ok(())
    }
}

/// Why [`analyze`] declined to estimate.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DataWarning {
    /// Fewer periods than [`Config::min_observations`].
    #[error("too short: {observations} periods, a VAR with up to {max_lag} lags needs at least {required}")]
    TooShort {
        /// Periods given.
        observations: usize,
        /// Periods required.
        required: usize,
        /// The configured maximum lag.
        max_lag: usize,
    },
    /// More than [`Config::max_zero_share`] of a series' periods are 0.
    #[error(
        "too sparse: {series} is 0 in {zero_periods} of {observations} periods (more than {:.0}%)",
        max_zero_share * 100.0
    )]
    TooSparse {
        /// The sparse series.
        series: Series,
        /// Its periods equal to 0.
        zero_periods: usize,
        /// Periods given.
        observations: usize,
        /// The configured limit.
        max_zero_share: f64,
    },
}

/// Which way reciprocity runs, by the Granger tests at some level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// B responds to A (`x → y` significant, `y → x` not).
    XToY,
    /// A responds to B.
    YToX,
    /// Both respond to each other.
    Both,
    /// Neither (or the VAR has no lags).
    Neither,
}

/// Everything [`analyze`] computed.
#[derive(Debug, Clone)]
pub struct Report {
    /// Periods given.
    pub observations: usize,
    /// The criterion used to pick the lag order.
    pub criterion: Criterion,
    /// The information criteria of every order `0..=max_lag`.
    pub selection: LagSelection,
    /// The VAR of `(x, y)` (variable 0 is `x`, 1 is `y`) at the selected order.
    pub var: VarFit,
    /// Does A's past predict B (B responds to A)? `None` when the selected order is 0.
    pub granger_x_to_y: Option<Granger>,
    /// Does B's past predict A (A responds to B)? `None` when the selected order is 0.
    pub granger_y_to_x: Option<Granger>,
    /// Impulse responses, orthogonalized with `x` first.
    pub irf: Irf,
    /// Impulse responses, orthogonalized with `y` first (indices still 0 = `x`, 1 = `y`).
    pub irf_y_first: Irf,
    /// How often B answers A's acts in kind.
    pub tit_for_tat_y_answers_x: TitForTat,
    /// How often A answers B's acts in kind.
    pub tit_for_tat_x_answers_y: TitForTat,
    /// OLS of `y_t` on `x_{t−1}`: B's response to A.
    pub response_y_to_x: Response,
    /// OLS of `x_t` on `y_{t−1}`: A's response to B.
    pub response_x_to_y: Response,
}

impl Report {
    /// The direction of reciprocity: which Granger tests reject at level `alpha`.
    pub fn direction(&self, alpha: f64) -> Direction {
        let sig = |g: &Option<Granger>| g.is_some_and(|g| g.pvalue < alpha);
        match (sig(&self.granger_x_to_y), sig(&self.granger_y_to_x)) {
            (true, true) => Direction::Both,
            (true, false) => Direction::XToY,
            (false, true) => Direction::YToX,
            (false, false) => Direction::Neither,
        }
    }
}

/// The result of [`analyze`]: numbers, or the reasons there are none.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The data could carry the analysis.
    Report(Box<Report>),
    /// The data are too short or too sparse; no numbers were computed. Never empty.
    Insufficient(Vec<DataWarning>),
}

/// The data warnings for `x` and `y` under `config` (empty when [`analyze`] would
/// estimate). Lengths and values are not checked here.
pub fn check_data(x: &[f64], y: &[f64], config: &Config) -> Vec<DataWarning> {
    let n = x.len().min(y.len());
    let mut warnings = Vec::new();
    let required = config.min_observations();
    if n < required {
        warnings.push(DataWarning::TooShort { observations: n, required, max_lag: config.max_lag });
    }
    for (series, s) in [(Series::X, x), (Series::Y, y)] {
        let zero_periods = s.iter().filter(|&&v| v == 0.0).count();
        if n == 0 || zero_periods as f64 > config.max_zero_share * n as f64 {
            warnings.push(DataWarning::TooSparse {
                series,
                zero_periods,
                observations: n,
                max_zero_share: config.max_zero_share,
            });
        }
    }
    warnings
}

/// Analyze the reciprocity between `x` (A toward B) and `y` (B toward A), aligned by
/// period. See the [module docs](self).
///
/// # Errors
/// [`Error::InvalidArgument`] for a bad [`Config`]; [`Error::LengthMismatch`] /
/// [`Error::NonFinite`] for bad series; [`Error::Singular`] /
/// [`Error::NotPositiveDefinite`] for degenerate data that passed the data checks (a
/// constant series, one series a linear function of the other).
pub fn analyze(x: &[f64], y: &[f64], config: &Config) -> Result<Outcome, Error> {
    config.validate()?;
    if x.len() != y.len() {
        return Err(Error::LengthMismatch { series: 1, len: y.len(), expected: x.len() });
    }
    for (series, s) in [x, y].into_iter().enumerate() {
        if let Some(period) = s.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite { series, period });
        }
    }
    let warnings = check_data(x, y, config);
    if !warnings.is_empty() {
        return Ok(Outcome::Insufficient(warnings));
    }
    let (selection, var) = VarFit::fit_selected(&[x, y], config.max_lag, config.criterion)?;
    let (granger_x_to_y, granger_y_to_x) = if var.lags() == 0 {
        (None, None)
    } else {
        (Some(var.granger(&[1], &[0])?), Some(var.granger(&[0], &[1])?))
    };
    let irf = var.irf_ordered(config.horizon, &[0, 1])?;
    let irf_y_first = var.irf_ordered(config.horizon, &[1, 0])?;
    Ok(Outcome::Report(Box::new(Report {
        observations: x.len(),
        criterion: config.criterion,
        selection,
        granger_x_to_y,
        granger_y_to_x,
        irf,
        irf_y_first,
        tit_for_tat_y_answers_x: tit_for_tat(x, y, config.threshold, config.window)?,
        tit_for_tat_x_answers_y: tit_for_tat(y, x, config.threshold, config.window)?,
        response_y_to_x: response_slope(x, y)?,
        response_x_to_y: response_slope(y, x)?,
        var,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_validation() {
        let ok = Config::default();
        assert_eq!(ok.min_observations(), 49);
        for bad in [
            Config { max_lag: 0, ..ok },
            Config { threshold: -1.0, ..ok },
            Config { threshold: f64::NAN, ..ok },
            Config { window: 0, ..ok },
            Config { max_zero_share: 1.5, ..ok },
        ] {
            assert!(
                matches!(analyze(&[1.0; 60], &[1.0; 60], &bad), Err(Error::InvalidArgument(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn warnings_instead_of_numbers() {
        let c = Config::default();
        let w = check_data(&[1.0; 48], &[2.0; 48], &c);
        assert_eq!(w, vec![DataWarning::TooShort { observations: 48, required: 49, max_lag: 6 }]);
        assert!(check_data(&[1.0; 49], &[2.0; 49], &c).is_empty());
        let mut y = vec![0.0; 60];
        y[..30].fill(1.0);
        assert!(check_data(&[1.0; 60], &y, &c).is_empty(), "exactly half is allowed");
        y[29] = 0.0;
        let w = check_data(&[1.0; 60], &y, &c);
        assert_eq!(
            w,
            vec![DataWarning::TooSparse {
                series: Series::Y,
                zero_periods: 31,
                observations: 60,
                max_zero_share: 0.5
            }]
        );
        assert_eq!(w[0].to_string(), "too sparse: y (B toward A) is 0 in 31 of 60 periods (more than 50%)");
        assert!(matches!(analyze(&[1.0; 60], &y, &c), Ok(Outcome::Insufficient(v)) if v == w));
        assert_eq!(check_data(&[], &[], &c).len(), 3);
    }

    #[test]
    fn white_noise_selects_no_lags_and_skips_granger() {
        let mut s: u64 = 99;
        let mut draw = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let x: Vec<f64> = (0..200).map(|_| draw()).collect();
        let y: Vec<f64> = (0..200).map(|_| draw()).collect();
        let c = Config { criterion: Criterion::Bic, ..Config::default() };
        let Outcome::Report(r) = analyze(&x, &y, &c).unwrap() else { panic!("enough data") };
        assert_eq!(r.var.lags(), 0);
        assert_eq!((r.granger_x_to_y, r.granger_y_to_x), (None, None));
        assert_eq!(r.direction(0.05), Direction::Neither);
        assert_eq!(r.irf.irfs()[1], Matrix::zeros(2, 2));
        assert_eq!(r.irf.horizon(), 10);
    }

    #[test]
    fn analyze_checks_series() {
        let c = Config::default();
        assert!(matches!(analyze(&[1.0; 60], &[1.0; 59], &c), Err(Error::LengthMismatch { .. })));
        let mut x = vec![1.0; 60];
        x[3] = f64::NAN;
        assert_eq!(analyze(&x, &[1.0; 60], &c).unwrap_err(), Error::NonFinite { series: 0, period: 3 });
    }
}

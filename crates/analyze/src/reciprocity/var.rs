//! Vector autoregression with a constant, estimated by OLS equation by equation, with the
//! lag-order selection, Granger F tests and impulse responses of statsmodels' `VAR`.
//!
//! Conventions follow statsmodels 0.14/0.15 (`statsmodels.tsa.vector_ar.var_model`):
//!
//! * the regressors of period `t` are `[1, y_{t-1}, …, y_{t-p}]`; with `n` periods the fit
//!   uses `T = n − p` of them;
//! * `Σ_u = SSE / (T − k p − 1)` (the "unbiased" covariance), `Σ_ML = SSE / T`;
//! * standard errors are the square roots of the diagonal of `(Z'Z)⁻¹ ⊗ Σ_u`;
//! * information criteria use `ln|Σ_ML|` and `m = p k² + k` free parameters:
//!   `AIC = ln|Σ_ML| + 2 m / T`, `BIC = ln|Σ_ML| + ln(T) m / T`,
//!   `HQIC = ln|Σ_ML| + 2 ln(ln T) m / T`,
//!   `FPE = ((T + k p + 1) / (T − k p − 1))^k |Σ_ML|`;
//! * lag selection fits every order `0..=max_lag` on the same `n − max_lag` periods (the
//!   first `max_lag − p` are dropped) and takes the first minimum;
//! * the Granger F statistic is the Wald statistic over the number of restrictions `q`,
//!   with `(q, k (T − k p − 1))` degrees of freedom;
//! * impulse responses are the MA(∞) matrices `Φ_0 = I`, `Φ_i = Σ_j Φ_{i−j} A_j`, and the
//!   orthogonalized ones `Φ_i P` with `P` the lower Cholesky factor of `Σ_u`.

use super::dist::f_sf;
use super::linalg::{cholesky, least_squares, logdet_spd, quad_form_inv, Matrix};
use super::Error;

/// An information criterion for choosing the lag order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// Akaike: `ln|Σ_ML| + 2 m / T`.
    Aic,
    /// Bayesian (Schwarz): `ln|Σ_ML| + ln(T) m / T`.
    Bic,
    /// Hannan–Quinn: `ln|Σ_ML| + 2 ln(ln T) m / T`.
    Hqic,
    /// Final prediction error: `((T + k p + 1) / (T − k p − 1))^k |Σ_ML|`.
    Fpe,
}

/// The four information criteria of one fitted VAR (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InfoCriteria {
    /// Akaike information criterion.
    pub aic: f64,
    /// Bayesian (Schwarz) information criterion.
    pub bic: f64,
    /// Hannan–Quinn information criterion.
    pub hqic: f64,
    /// Final prediction error.
    pub fpe: f64,
}

impl InfoCriteria {
    /// The value of one criterion.
    pub fn get(&self, criterion: Criterion) -> f64 {
        match criterion {
            Criterion::Aic => self.aic,
            Criterion::Bic => self.bic,
            Criterion::Hqic => self.hqic,
            Criterion::Fpe => self.fpe,
        }
    }
}

/// The information criteria of every lag order `0..=max_lag`, each fitted on the same
/// `n − max_lag` periods (statsmodels' `VAR.select_order`).
#[derive(Debug, Clone, PartialEq)]
pub struct LagSelection {
    max_lag: usize,
    nobs: usize,
    criteria: Vec<InfoCriteria>,
}

impl LagSelection {
    /// The largest order tried.
    pub fn max_lag(&self) -> usize {
        self.max_lag
    }

    /// The number of periods every candidate was fitted on (`n − max_lag`).
    pub fn nobs(&self) -> usize {
        self.nobs
    }

    /// The criteria of lag order `p` (`criteria()[p]`), for `p` in `0..=max_lag`.
    pub fn criteria(&self) -> &[InfoCriteria] {
        &self.criteria
    }

    /// One criterion's values for the orders `0..=max_lag`.
    pub fn values(&self, criterion: Criterion) -> Vec<f64> {
        self.criteria.iter().map(|c| c.get(criterion)).collect()
    }

    /// The order that minimizes `criterion` (the smallest such order on a tie).
    pub fn selected(&self, criterion: Criterion) -> usize {
        let mut best = 0;
        for (p, c) in self.criteria.iter().enumerate() {
            if c.get(criterion) < self.criteria[best].get(criterion) {
                best = p;
            }
        }
        best
    }
}

/// A fitted VAR(p) with a constant: `y_t = c + A_1 y_{t−1} + … + A_p y_{t−p} + u_t`.
///
/// Variables are numbered in the order the series were given; `coefs()[l][(i, j)]` is
/// the effect of variable `j` at lag `l + 1` on variable `i` (statsmodels' `coefs`).
#[derive(Debug, Clone)]
pub struct VarFit {
    lags: usize,
    neqs: usize,
    nobs: usize,
    intercept: Vec<f64>,
    coefs: Vec<Matrix>,
    stderr_intercept: Vec<f64>,
    stderr_coefs: Vec<Matrix>,
    sigma_u: Matrix,
    sigma_u_mle: Matrix,
    info: InfoCriteria,
    zz_inv: Matrix,
}

/// A Granger-causality F test (statsmodels' `test_causality(..., kind='f')`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Granger {
    /// The F statistic: the Wald statistic divided by `df_num`.
    pub f: f64,
    /// Numerator degrees of freedom: the number of zero restrictions (`p` for one
    /// causing and one caused variable).
    pub df_num: usize,
    /// Denominator degrees of freedom: `k (T − k p − 1)`, as statsmodels has it.
    pub df_den: usize,
    /// `P(F(df_num, df_den) > f)`.
    pub pvalue: f64,
    /// The Wald statistic `(Cb)' [C cov(b) C']⁻¹ (Cb)`.
    pub wald: f64,
}

/// Impulse responses for `0..=h` steps.
///
/// `irfs()[s][(i, j)]` is the response of variable `i`, `s` periods after a unit shock to
/// the innovation of variable `j`; `orth_irfs()` is the same for a one-standard-deviation
/// orthogonalized shock (Cholesky, in [`Irf::order`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Irf {
    order: Vec<usize>,
    irfs: Vec<Matrix>,
    orth_irfs: Vec<Matrix>,
}

impl Irf {
    /// The Cholesky ordering used for `orth_irfs`: the first variable's shock moves every
    /// variable at once, the last one's only itself.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The MA(∞) coefficient matrices `Φ_0..=Φ_h` (statsmodels' `irf(h).irfs`).
    pub fn irfs(&self) -> &[Matrix] {
        &self.irfs
    }

    /// The orthogonalized responses `Φ_s P` (statsmodels' `irf(h).orth_irfs`).
    pub fn orth_irfs(&self) -> &[Matrix] {
        &self.orth_irfs
    }

    /// The number of steps `h` (there are `h + 1` matrices).
    pub fn horizon(&self) -> usize {
        self.irfs.len() - 1
    }
}

/// Validate `series` (non-empty, equal lengths, finite) and lay them out as an
/// `n × k` matrix.
fn endog(series: &[&[f64]]) -> Result<Matrix, Error> {
    let first = series.first().ok_or(Error::NoSeries)?;
    let n = first.len();
    let k = series.len();
    let mut y = Matrix::zeros(n, k);
    for (j, s) in series.iter().enumerate() {
        if s.len() != n {
            return Err(Error::LengthMismatch { series: j, len: s.len(), expected: n });
        }
        for (t, v) in s.iter().enumerate() {
            if !v.is_finite() {
                return Err(Error::NonFinite { series: j, period: t });
            }
            y[(t, j)] = *v;
        }
    }
    Ok(y)
}

/// Fit a VAR(`lags`) on `y[offset..]` (statsmodels' `VAR._estimate_var`).
fn estimate(y: &Matrix, lags: usize, offset: usize) -> Result<VarFit, Error> {
    let k = y.cols();
    let n = y.rows() - offset;
    let m = 1 + k * lags;
    let too_few = Error::TooFewObservations { observations: y.rows(), lags, neqs: k };
    // T − kp − 1 ≥ 1 and enough periods for a positive definite Σ_ML.
    if n <= lags || n - lags < m + 1 {
        return Err(too_few);
    }
    let nobs = n - lags;
    let mut z = Matrix::zeros(nobs, m);
    let mut ys = Matrix::zeros(nobs, k);
    for r in 0..nobs {
        let t = offset + lags + r;
        z[(r, 0)] = 1.0;
        for l in 1..=lags {
            for j in 0..k {
                z[(r, 1 + (l - 1) * k + j)] = y[(t - l, j)];
            }
        }
        for j in 0..k {
            ys[(r, j)] = y[(t, j)];
        }
    }
    let ls = least_squares(&z, &ys).ok_or(Error::Singular)?;
    let resid = {
        let fitted = z.matmul(&ls.beta);
        let mut e = ys;
        for r in 0..nobs {
            for j in 0..k {
                e[(r, j)] -= fitted[(r, j)];
            }
        }
        e
    };
    let sse = resid.transpose().matmul(&resid);
    let df_resid = nobs - m;
    let mut sigma_u = Matrix::zeros(k, k);
    let mut sigma_u_mle = Matrix::zeros(k, k);
    for i in 0..k {
        for j in 0..k {
            sigma_u[(i, j)] = sse[(i, j)] / df_resid as f64;
            // statsmodels: sigma_u * df_resid / nobs
            sigma_u_mle[(i, j)] = sigma_u[(i, j)] * df_resid as f64 / nobs as f64;
        }
    }
    let ld = logdet_spd(&sigma_u_mle).ok_or(Error::NotPositiveDefinite)?;
    let t = nobs as f64;
    let free = (lags * k * k + k) as f64;
    let info = InfoCriteria {
        aic: ld + (2.0 / t) * free,
        bic: ld + (t.ln() / t) * free,
        hqic: ld + (2.0 * t.ln().ln() / t) * free,
        fpe: ((t + m as f64) / df_resid as f64).powi(k as i32) * ld.exp(),
    };
    let intercept: Vec<f64> = (0..k).map(|i| ls.beta[(0, i)]).collect();
    let stderr_intercept: Vec<f64> = (0..k).map(|i| (ls.zz_inv[(0, 0)] * sigma_u[(i, i)]).sqrt()).collect();
    let mut coefs = Vec::with_capacity(lags);
    let mut stderr_coefs = Vec::with_capacity(lags);
    for l in 0..lags {
        let mut a = Matrix::zeros(k, k);
        let mut se = Matrix::zeros(k, k);
        for i in 0..k {
            for j in 0..k {
                let row = 1 + l * k + j;
                a[(i, j)] = ls.beta[(row, i)];
                se[(i, j)] = (ls.zz_inv[(row, row)] * sigma_u[(i, i)]).sqrt();
            }
        }
        coefs.push(a);
        stderr_coefs.push(se);
    }
    Ok(VarFit {
        lags,
        neqs: k,
        nobs,
        intercept,
        coefs,
        stderr_intercept,
        stderr_coefs,
        sigma_u,
        sigma_u_mle,
        info,
        zz_inv: ls.zz_inv,
    })
}

/// The largest `max_lag` statsmodels accepts for `n` periods of `k` series:
/// `(n − k − 1) / (k + 1)`.
pub fn max_estimable_lag(n: usize, k: usize) -> usize {
    n.saturating_sub(k + 1) / (k + 1)
}

/// Fit every lag order `0..=max_lag` on the same sample and record the information
/// criteria (statsmodels' `VAR(data).select_order(max_lag)`).
///
/// `series` are the variables, each a slice of the same length.
///
/// # Errors
/// Bad series ([`Error::NoSeries`], [`Error::LengthMismatch`], [`Error::NonFinite`]),
/// [`Error::TooFewObservations`] when `max_lag` exceeds [`max_estimable_lag`], and
/// [`Error::Singular`] / [`Error::NotPositiveDefinite`] for degenerate data.
pub fn select_order(series: &[&[f64]], max_lag: usize) -> Result<LagSelection, Error> {
    let y = endog(series)?;
    select_order_endog(&y, max_lag)
}

fn select_order_endog(y: &Matrix, max_lag: usize) -> Result<LagSelection, Error> {
    if max_lag > max_estimable_lag(y.rows(), y.cols()) {
        return Err(Error::TooFewObservations { observations: y.rows(), lags: max_lag, neqs: y.cols() });
    }
    let criteria =
        (0..=max_lag).map(|p| estimate(y, p, max_lag - p).map(|f| f.info)).collect::<Result<Vec<_>, _>>()?;
    Ok(LagSelection { max_lag, nobs: y.rows() - max_lag, criteria })
}

impl VarFit {
    /// Fit a VAR(`lags`) with a constant on all periods (statsmodels'
    /// `VAR(data).fit(lags)`).
    ///
    /// # Errors
    /// As [`select_order`]; [`Error::TooFewObservations`] when fewer than
    /// `k·lags + 2` periods remain after the lags.
    pub fn fit(series: &[&[f64]], lags: usize) -> Result<VarFit, Error> {
        let y = endog(series)?;
        estimate(&y, lags, 0)
    }

    /// Choose the lag order in `0..=max_lag` by `criterion`, then fit it on all periods
    /// (statsmodels' `VAR(data).fit(maxlags=max_lag, ic=...)`). The selected order may be
    /// 0, a VAR with only a constant.
    ///
    /// # Errors
    /// As [`select_order`].
    pub fn fit_selected(
        series: &[&[f64]],
        max_lag: usize,
        criterion: Criterion,
    ) -> Result<(LagSelection, VarFit), Error> {
        let y = endog(series)?;
        let selection = select_order_endog(&y, max_lag)?;
        let fit = estimate(&y, selection.selected(criterion), 0)?;
        Ok((selection, fit))
    }

    /// The lag order `p`.
    pub fn lags(&self) -> usize {
        self.lags
    }

    /// The number of variables `k`.
    pub fn neqs(&self) -> usize {
        self.neqs
    }

    /// The number of periods in the regression, `T = n − p`.
    pub fn nobs(&self) -> usize {
        self.nobs
    }

    /// Residual degrees of freedom per equation, `T − k p − 1`.
    pub fn df_resid(&self) -> usize {
        self.nobs - self.neqs * self.lags - 1
    }

    /// The constant of each equation.
    pub fn intercept(&self) -> &[f64] {
        &self.intercept
    }

    /// `A_1..A_p`: `coefs()[l][(i, j)]` is the effect of variable `j` at lag `l + 1` on
    /// variable `i`.
    pub fn coefs(&self) -> &[Matrix] {
        &self.coefs
    }

    /// Standard errors of [`VarFit::intercept`].
    pub fn stderr_intercept(&self) -> &[f64] {
        &self.stderr_intercept
    }

    /// Standard errors of [`VarFit::coefs`], laid out the same way.
    pub fn stderr_coefs(&self) -> &[Matrix] {
        &self.stderr_coefs
    }

    /// The residual covariance `Σ_u = SSE / (T − k p − 1)` (statsmodels' `sigma_u`).
    pub fn sigma_u(&self) -> &Matrix {
        &self.sigma_u
    }

    /// The maximum-likelihood residual covariance `SSE / T` (statsmodels' `sigma_u_mle`).
    pub fn sigma_u_mle(&self) -> &Matrix {
        &self.sigma_u_mle
    }

    /// The information criteria of this fit (on its own `T` periods).
    pub fn info_criteria(&self) -> InfoCriteria {
        self.info
    }

    /// Test H0 "the variables `causing` do not Granger-cause the variables `caused`": all
    /// coefficients of `causing`'s lags in `caused`'s equations are zero. F form, as
    /// statsmodels' `test_causality(caused, causing, kind='f')`.
    ///
    /// # Errors
    /// [`Error::NoLags`] for a VAR(0); [`Error::NoSuchVariable`] for an index out of
    /// range; [`Error::InvalidArgument`] for an empty list.
    pub fn granger(&self, caused: &[usize], causing: &[usize]) -> Result<Granger, Error> {
        let k = self.neqs;
        if let Some(&index) = caused.iter().chain(causing).find(|&&i| i >= k) {
            return Err(Error::NoSuchVariable { index, neqs: k });
        }
        if caused.is_empty() || causing.is_empty() {
            return Err(Error::InvalidArgument("granger needs at least one caused and one causing variable"));
        }
        if self.lags == 0 {
            return Err(Error::NoLags);
        }
        // Restricted entries: (regressor row, equation) pairs, in statsmodels' order.
        let mut restricted = Vec::new();
        for l in 0..self.lags {
            for &ing in causing {
                for &ed in caused {
                    restricted.push((1 + l * k + ing, ed));
                }
            }
        }
        let q = restricted.len();
        let cb: Vec<f64> =
            restricted.iter().map(|&(row, eq)| self.coefs[(row - 1) / k][(eq, (row - 1) % k)]).collect();
        // C cov C' with cov = (Z'Z)⁻¹ ⊗ Σ_u.
        let mut middle = Matrix::zeros(q, q);
        for (a, &(r1, e1)) in restricted.iter().enumerate() {
            for (b, &(r2, e2)) in restricted.iter().enumerate() {
                middle[(a, b)] = self.zz_inv[(r1, r2)] * self.sigma_u[(e1, e2)];
            }
        }
        let wald = quad_form_inv(&middle, &cb).ok_or(Error::NotPositiveDefinite)?;
        let f = wald / q as f64;
        let df_den = k * self.df_resid();
        Ok(Granger { f, df_num: q, df_den, pvalue: f_sf(f, q as f64, df_den as f64), wald })
    }

    /// Impulse responses for `0..=h` steps, orthogonalized in the variables' own order
    /// (statsmodels' `irf(h)`).
    ///
    /// # Errors
    /// [`Error::NotPositiveDefinite`] when `Σ_u` has no Cholesky factor.
    pub fn irf(&self, h: usize) -> Result<Irf, Error> {
        let order: Vec<usize> = (0..self.neqs).collect();
        self.irf_ordered(h, &order)
    }

    /// Impulse responses with the Cholesky ordering `order` (a permutation of the
    /// variables, most exogenous first). Responses stay indexed by the original variable
    /// numbers; `irf_ordered(h, &[1, 0])` equals statsmodels' `orth_irfs` of the VAR fitted
    /// on the swapped columns, swapped back. Orthogonalized responses depend on the
    /// ordering, so reciprocity studies report both.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `order` is a permutation of `0..k`;
    /// [`Error::NotPositiveDefinite`] when `Σ_u` has no Cholesky factor.
    pub fn irf_ordered(&self, h: usize, order: &[usize]) -> Result<Irf, Error> {
        let k = self.neqs;
        let mut seen = vec![false; k];
        if order.len() != k || order.iter().any(|&i| i >= k || std::mem::replace(&mut seen[i], true)) {
            return Err(Error::InvalidArgument(
                "the impulse-response order must be a permutation of the variables",
            ));
        }
        let mut permuted = Matrix::zeros(k, k);
        for a in 0..k {
            for b in 0..k {
                permuted[(a, b)] = self.sigma_u[(order[a], order[b])];
            }
        }
        let l = cholesky(&permuted).ok_or(Error::NotPositiveDefinite)?;
        let mut p = Matrix::zeros(k, k);
        for a in 0..k {
            for b in 0..k {
                p[(order[a], order[b])] = l[(a, b)];
            }
        }
        let mut irfs: Vec<Matrix> = Vec::with_capacity(h + 1);
        irfs.push(Matrix::identity(k));
        for i in 1..=h {
            let mut phi = Matrix::zeros(k, k);
            for j in 1..=i.min(self.lags) {
                let term = irfs[i - j].matmul(&self.coefs[j - 1]);
                for r in 0..k {
                    for c in 0..k {
                        phi[(r, c)] += term[(r, c)];
                    }
                }
            }
            irfs.push(phi);
        }
        let orth_irfs = irfs.iter().map(|phi| phi.matmul(&p)).collect();
        Ok(Irf { order: order.to_vec(), irfs, orth_irfs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random sequence in [−0.5, 0.5) (xorshift), for noise.
    fn noise(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
            })
            .collect()
    }

    fn planted(n: usize) -> (Vec<f64>, Vec<f64>) {
        let e1 = noise(1, n);
        let e2 = noise(2, n);
        let mut x = vec![0.0; n];
        let mut y = vec![0.0; n];
        for t in 1..n {
            x[t] = 0.5 * x[t - 1] + e1[t];
            y[t] = 0.2 * y[t - 1] + 0.8 * x[t - 1] + e2[t];
        }
        (x, y)
    }

    #[test]
    fn recovers_planted_coefficients_and_direction() {
        let (x, y) = planted(2000);
        let fit = VarFit::fit(&[&x, &y], 1).unwrap();
        let a = &fit.coefs()[0];
        assert!((a[(0, 0)] - 0.5).abs() < 0.05, "{a:?}");
        assert!((a[(1, 0)] - 0.8).abs() < 0.05, "{a:?}");
        assert!((a[(1, 1)] - 0.2).abs() < 0.05, "{a:?}");
        assert!(a[(0, 1)].abs() < 0.05, "{a:?}");
        assert!(fit.granger(&[1], &[0]).unwrap().pvalue < 1e-10);
        assert!(fit.granger(&[0], &[1]).unwrap().pvalue > 0.001);
        assert_eq!(fit.df_resid(), 1999 - 3);
    }

    #[test]
    fn irf_starts_at_identity_and_cholesky() {
        let (x, y) = planted(300);
        let fit = VarFit::fit(&[&x, &y], 2).unwrap();
        let irf = fit.irf(5).unwrap();
        assert_eq!(irf.horizon(), 5);
        assert_eq!(irf.irfs()[0], Matrix::identity(2));
        assert_eq!(irf.irfs()[1], fit.coefs()[0]);
        let p = &irf.orth_irfs()[0];
        assert_eq!(p[(0, 1)], 0.0);
        let pp = p.matmul(&p.transpose());
        for i in 0..2 {
            for j in 0..2 {
                assert!((pp[(i, j)] - fit.sigma_u()[(i, j)]).abs() < 1e-12);
            }
        }
        // Reversed ordering: P is upper triangular in the original numbering.
        let rev = fit.irf_ordered(5, &[1, 0]).unwrap();
        assert_eq!(rev.orth_irfs()[0][(1, 0)], 0.0);
        assert!(fit.irf_ordered(5, &[1, 1]).is_err());
        assert!(fit.irf_ordered(5, &[0]).is_err());
    }

    #[test]
    fn order_selection_prefers_the_true_order_and_ties_take_the_smallest() {
        let (x, y) = planted(2000);
        let sel = select_order(&[&x, &y], 4).unwrap();
        assert_eq!(sel.criteria().len(), 5);
        assert_eq!(sel.nobs(), 1996);
        assert_eq!(sel.selected(Criterion::Bic), 1);
        let tie = LagSelection {
            max_lag: 1,
            nobs: 10,
            criteria: vec![InfoCriteria { aic: 1.0, bic: 1.0, hqic: 1.0, fpe: 1.0 }; 2],
        };
        assert_eq!(tie.selected(Criterion::Aic), 0);
    }

    #[test]
    fn rejects_bad_input() {
        let (x, y) = planted(50);
        assert_eq!(VarFit::fit(&[], 1).unwrap_err(), Error::NoSeries);
        assert!(matches!(VarFit::fit(&[&x, &y[1..]], 1), Err(Error::LengthMismatch { series: 1, .. })));
        let mut bad = y.clone();
        bad[7] = f64::NAN;
        assert_eq!(VarFit::fit(&[&x, &bad], 1).unwrap_err(), Error::NonFinite { series: 1, period: 7 });
        assert!(matches!(select_order(&[&x, &y], 30), Err(Error::TooFewObservations { .. })));
        let constant = vec![3.0; 50];
        assert_eq!(VarFit::fit(&[&x, &constant], 1).unwrap_err(), Error::Singular);
        let fit0 = VarFit::fit(&[&x, &y], 0).unwrap();
        assert_eq!(fit0.granger(&[1], &[0]).unwrap_err(), Error::NoLags);
        let fit1 = VarFit::fit(&[&x, &y], 1).unwrap();
        assert!(matches!(fit1.granger(&[2], &[0]), Err(Error::NoSuchVariable { index: 2, neqs: 2 })));
        assert!(matches!(fit1.granger(&[], &[0]), Err(Error::InvalidArgument(_))));
    }
}

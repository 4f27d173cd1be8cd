//! Event-level reciprocity measures that need no VAR: the tit-for-tat match rate and the
//! response slope.

use super::linalg::{least_squares, Matrix};
use super::Error;

/// Acts of one sign and how many of them were answered in kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Matches {
    /// Periods that count as an act (see [`tit_for_tat`]).
    pub acts: usize,
    /// Acts answered in kind within the window.
    pub answered: usize,
}

impl Matches {
    /// `answered / acts`, or `None` without acts.
    pub fn rate(&self) -> Option<f64> {
        (self.acts > 0).then(|| self.answered as f64 / self.acts as f64)
    }
}

/// The tit-for-tat match rate of one direction (see [`tit_for_tat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TitForTat {
    /// All acts, cooperative and conflictual together.
    pub all: Matches,
    /// Cooperative acts (`act_t > threshold`) answered by cooperation.
    pub cooperative: Matches,
    /// Conflictual acts (`act_t < −threshold`) answered by conflict.
    pub conflictual: Matches,
}

impl TitForTat {
    /// The share of all acts answered in kind, or `None` without acts.
    pub fn rate(&self) -> Option<f64> {
        self.all.rate()
    }
}

/// The tit-for-tat match rate of `answer` to `act`.
///
/// An *act* is a period `t` with `act[t] > threshold` (cooperative) or
/// `act[t] < −threshold` (conflictual). It is *answered in kind* when some period
/// `s` in `t+1 ..= t+window` has `answer[s]` beyond the threshold with the same sign
/// (`answer[s] > threshold`, resp. `< −threshold`). Answers are strictly later than the
/// act, so a same-period coincidence does not count, and acts whose window runs past
/// the end of the series (`t + window ≥ n`) are left out rather than counted as
/// unanswered. With `threshold = 0` every non-zero period is an act.
///
/// This generalizes the literature's `sign(S_ji(t)) = sign(S_ij(t−1))` share
/// (window 1) to graduated acts and slower answers.
///
/// # Errors
/// [`Error::LengthMismatch`] / [`Error::NonFinite`] for bad series (`act` is series 0,
/// `answer` series 1); [`Error::InvalidArgument`] for a negative or non-finite threshold
/// or a zero window.
pub fn tit_for_tat(act: &[f64], answer: &[f64], threshold: f64, window: usize) -> Result<TitForTat, Error> {
    check_pair(act, answer)?;
    if !(threshold.is_finite() && threshold >= 0.0) {
        return Err(Error::InvalidArgument("the tit-for-tat threshold must be finite and non-negative"));
    }
    if window == 0 {
        return Err(Error::InvalidArgument("the tit-for-tat window must be at least one period"));
    }
    let mut out = TitForTat::default();
    let n = act.len();
    for t in 0..n.saturating_sub(window) {
        let (sign, bucket) = if act[t] > threshold {
            (1.0, &mut out.cooperative)
        } else if act[t] < -threshold {
            (-1.0, &mut out.conflictual)
        } else {
            continue;
        };
        let answered = answer[t + 1..=t + window].iter().any(|&v| sign * v > threshold);
        bucket.acts += 1;
        out.all.acts += 1;
        if answered {
            bucket.answered += 1;
            out.all.answered += 1;
        }
    }
    Ok(out)
}

/// The response of one side to the other's previous period: OLS of
/// `answer_t = a + b · act_{t−1} + e_t`, `t = 1..n`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Response {
    /// `a`, the answer's level when the other side did nothing.
    pub intercept: f64,
    /// `b`, Goldstein points of answer per Goldstein point of act one period earlier:
    /// positive is reciprocity, negative an inverse response ("bullying"). A slope in
    /// levels, not a log elasticity (the series take both signs).
    pub slope: f64,
    /// The usual OLS standard error of `slope` (`s² = SSE / (nobs − 2)`).
    pub stderr_slope: f64,
    /// The share of the answer's variance explained.
    pub r_squared: f64,
    /// Number of pairs, `n − 1`.
    pub nobs: usize,
}

/// The response slope ("elasticity") of `answer` to `act` one period earlier; see
/// [`Response`].
///
/// # Errors
/// [`Error::LengthMismatch`] / [`Error::NonFinite`] for bad series,
/// [`Error::TooFewObservations`] for fewer than 4 periods, and [`Error::Singular`] when
/// `act[..n−1]` is constant.
pub fn response_slope(act: &[f64], answer: &[f64]) -> Result<Response, Error> {
    check_pair(act, answer)?;
    let n = act.len();
    if n < 4 {
        return Err(Error::TooFewObservations { observations: n, lags: 1, neqs: 1 });
    }
    let nobs = n - 1;
    let z = Matrix::from_rows(&act[..nobs].iter().map(|&v| [1.0, v]).collect::<Vec<_>>());
    let y = Matrix::from_rows(&answer[1..].iter().map(|&v| [v]).collect::<Vec<_>>());
    let ls = least_squares(&z, &y).ok_or(Error::Singular)?;
    let (a, b) = (ls.beta[(0, 0)], ls.beta[(1, 0)]);
    let mean = answer[1..].iter().sum::<f64>() / nobs as f64;
    let (mut sse, mut sst) = (0.0, 0.0);
    for t in 1..n {
        let e = answer[t] - a - b * act[t - 1];
        sse += e * e;
        sst += (answer[t] - mean) * (answer[t] - mean);
    }
    let s2 = sse / (nobs - 2) as f64;
    let r_squared = if sst > 0.0 { 1.0 - sse / sst } else { f64::NAN };
    Ok(Response { intercept: a, slope: b, stderr_slope: (s2 * ls.zz_inv[(1, 1)]).sqrt(), r_squared, nobs })
}

fn check_pair(a: &[f64], b: &[f64]) -> Result<(), Error> {
    if a.len() != b.len() {
        return Err(Error::LengthMismatch { series: 1, len: b.len(), expected: a.len() });
    }
    for (series, s) in [a, b].into_iter().enumerate() {
        if let Some(period) = s.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite { series, period });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tit_for_tat_counts_answers_in_kind_within_the_window() {
        //            0     1     2    3     4    5    6
        let act = [6.0, 0.0, -7.0, 0.0, 9.0, 0.0, 8.0];
        let ans = [0.0, 2.0, 0.0, 0.0, -8.0, 0.0, 7.0];
        // threshold 5, window 2: acts at 0 (+), 2 (−), 4 (+); 6 is censored.
        // 0: answers 1..=2 = [2, 0] → no (2 is not beyond 5).
        // 2: answers 3..=4 = [0, −8] → conflict answered.
        // 4: answers 5..=6 = [0, 7] → cooperation answered.
        let t = tit_for_tat(&act, &ans, 5.0, 2).unwrap();
        assert_eq!(t.all, Matches { acts: 3, answered: 2 });
        assert_eq!(t.cooperative, Matches { acts: 2, answered: 1 });
        assert_eq!(t.conflictual, Matches { acts: 1, answered: 1 });
        assert_eq!(t.rate(), Some(2.0 / 3.0));
        // A same-period coincidence is not an answer; window 1 misses the slow one.
        let t1 = tit_for_tat(&act, &ans, 5.0, 1).unwrap();
        assert_eq!(t1.all, Matches { acts: 3, answered: 0 });
        // Opposite sign is not "in kind".
        let t2 = tit_for_tat(&[6.0, 0.0], &[0.0, -6.0], 5.0, 1).unwrap();
        assert_eq!(t2.all, Matches { acts: 1, answered: 0 });
        assert_eq!(tit_for_tat(&[0.0; 4], &[0.0; 4], 0.0, 1).unwrap().rate(), None);
    }

    #[test]
    fn tit_for_tat_rejects_bad_arguments() {
        assert!(matches!(tit_for_tat(&[1.0], &[1.0], -1.0, 1), Err(Error::InvalidArgument(_))));
        assert!(matches!(tit_for_tat(&[1.0], &[1.0], 0.0, 0), Err(Error::InvalidArgument(_))));
        assert!(matches!(tit_for_tat(&[1.0], &[1.0, 2.0], 0.0, 1), Err(Error::LengthMismatch { .. })));
        assert!(matches!(
            tit_for_tat(&[1.0, f64::INFINITY], &[1.0, 2.0], 0.0, 1),
            Err(Error::NonFinite { series: 0, period: 1 })
        ));
    }

    #[test]
    fn response_slope_is_ols_on_the_previous_period() {
        // answer_t = 1 + 0.5 act_{t-1}, exactly.
        let act = [2.0, -4.0, 6.0, 0.0, 8.0, 1.0];
        let mut ans = [0.0; 6];
        for t in 1..6 {
            ans[t] = 1.0 + 0.5 * act[t - 1];
        }
        let r = response_slope(&act, &ans).unwrap();
        assert!((r.slope - 0.5).abs() < 1e-12);
        assert!((r.intercept - 1.0).abs() < 1e-12);
        assert!(r.stderr_slope < 1e-12);
        assert!((r.r_squared - 1.0).abs() < 1e-12);
        assert_eq!(r.nobs, 5);
        assert!(matches!(response_slope(&[1.0; 6], &ans), Err(Error::Singular)));
        assert!(matches!(response_slope(&[1.0; 3], &[1.0; 3]), Err(Error::TooFewObservations { .. })));
    }
}

/// The tit-for-tat match rate expected by chance: what [`tit_for_tat`] would give if the
/// answering side acted at its own base rates, independently of the acts. For an act of
/// one sign, the chance that some period of the window holds an answer of that sign is
/// `1 − (1 − p)^window`, `p` the share of the answering side's periods beyond the
/// threshold with that sign; the expected rate averages this over the acts. `None`
/// without acts.
pub fn chance_rate(act: &[f64], answer: &[f64], threshold: f64, window: usize) -> Option<f64> {
    let n = answer.len();
    if n == 0 || act.len() != n || window == 0 {
        return None;
    }
    let share = |f: &dyn Fn(f64) -> bool| answer.iter().filter(|&&v| f(v)).count() as f64 / n as f64;
    let (pc, pk) = (share(&|v| v > threshold), share(&|v| v < -threshold));
    let hit = |p: f64| 1.0 - (1.0 - p).powi(window as i32);
    let (mut sum, mut acts) = (0.0, 0usize);
    for &v in act.iter().take(n.saturating_sub(window)) {
        if v > threshold {
            sum += hit(pc);
            acts += 1;
        } else if v < -threshold {
            sum += hit(pk);
            acts += 1;
        }
    }
    (acts > 0).then(|| sum / acts as f64)
}

#[cfg(test)]
mod chance_tests {
    use super::*;

    #[test]
    fn chance_rate_from_base_rates() {
        // The answer is cooperative half the time: a cooperative act is answered in kind
        // by chance half the time with a window of one period, three quarters with two.
        let act = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0];
        let answer = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        assert_eq!(chance_rate(&act, &answer, 0.0, 1), Some(0.5));
        assert_eq!(chance_rate(&act, &answer, 0.0, 2), Some(0.75));
        assert_eq!(chance_rate(&[0.0; 6], &answer, 0.0, 1), None);
    }
}

#!/usr/bin/env python3
"""Simulate the reciprocity fixtures and print statsmodels' numbers as Rust literals.

Reference only: the Rust tests never run Python. To regenerate (outside the repository's
environment, e.g. `python3 -m venv /tmp/sm && /tmp/sm/bin/pip install statsmodels`):

    /tmp/sm/bin/python testdata/reciprocity/make_expected.py \
        > crates/analyze/tests/expected/mod.rs && cargo fmt -p quidpro-analyze

It (re)writes testdata/reciprocity/{planted,mutual,independent}.csv and prints
crates/analyze/tests/expected/mod.rs. Numbers come from
`VAR(data).select_order(maxlags)`, `VAR(data).fit(maxlags=..., ic=...)`,
`test_causality(caused, causing, kind='f')`, `irf(h).irfs / .orth_irfs`, and OLS for the
response slope. Series are Goldstein-like monthly sums rounded to one decimal, so the CSV
text is exact and both sides read the same doubles.
"""

import os
import sys

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.api import VAR

HERE = os.path.dirname(os.path.abspath(__file__))
N = 120  # monthly periods, 2014-01 .. 2023-12
BURN = 50
MAX_LAG = 6
HORIZON = 10
THRESHOLD = 5.0  # tit-for-tat act threshold
WINDOW = 2  # tit-for-tat answer window (periods)


def simulate(seed, c, a_lags, sd):
    """y_t = c + sum_l A_l y_{t-l} + e_t, e ~ N(0, diag(sd^2)), rounded to 0.1."""
    rng = np.random.default_rng(seed)
    p = len(a_lags)
    total = N + BURN
    data = np.zeros((total, 2))
    for t in range(p, total):
        v = np.array(c, dtype=float)
        for lag, a in enumerate(a_lags, start=1):
            v = v + np.array(a) @ data[t - lag]
        data[t] = v + rng.normal(0.0, sd, size=2)
    return np.round(data[BURN:], 1)


DATASETS = {
    # A (x) acts on its own; B (y) answers A's previous month in kind (0.6).
    "planted": simulate(20240501, [2.0, 1.0], [[[0.5, 0.0], [0.6, 0.3]]], [6.0, 5.0]),
    # Both answer each other, with two lags: VAR(2).
    "mutual": simulate(
        20240502,
        [1.0, -1.0],
        [[[0.4, 0.35], [0.45, 0.2]], [[-0.2, 0.1], [0.15, -0.15]]],
        [5.0, 5.0],
    ),
    # No reciprocity: two unrelated AR(1) series.
    "independent": simulate(20240503, [0.5, -0.5], [[[0.6, 0.0], [0.0, 0.4]]], [5.0, 5.0]),
}


def periods():
    return [f"{2014 + i // 12}-{i % 12 + 1:02d}" for i in range(N)]


def write_csv(name, data):
    path = os.path.join(HERE, f"{name}.csv")
    with open(path, "w") as f:
        f.write("period,x,y\n")
        for per, (x, y) in zip(periods(), data):
            f.write(f"{per},{x:.1f},{y:.1f}\n")


def lit(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(lit(u) for u in v) + "]"
    r = repr(float(v))
    if r in ("inf", "-inf", "nan"):
        raise ValueError(r)
    return r if ("." in r or "e" in r) else r + ".0"


def slice_lit(v):
    return "&" + lit(v)


def granger(res, caused, causing):
    if res.k_ar == 0:
        return "None"
    t = res.test_causality(caused, causing, kind="f")
    return (
        f"Some(Granger {{ f: {lit(t.test_statistic)}, df_num: {t.df[0]}, "
        f"df_den: {t.df[1]}, pvalue: {lit(t.pvalue)} }})"
    )


def fit_lit(data, ic):
    res = VAR(data).fit(maxlags=MAX_LAG, ic=ic)
    p = res.k_ar
    irf = res.irf(HORIZON)
    rev = VAR(data[:, ::-1]).fit(p)
    orth_rev = rev.irf(HORIZON).orth_irfs[:, ::-1, ::-1]  # back to (x, y) order
    stderr = np.asarray(res.stderr)
    se_coefs = [stderr[1 + l * 2 : 3 + l * 2, :].T for l in range(p)]
    ic_vals = res.info_criteria
    return f"""Fit {{
        lags: {p},
        intercept: {lit(res.intercept)},
        coefs: {slice_lit(res.coefs)},
        stderr_intercept: {lit(stderr[0])},
        stderr_coefs: {slice_lit(se_coefs)},
        sigma_u: {lit(res.sigma_u)},
        sigma_u_mle: {lit(res.sigma_u_mle)},
        aic: {lit(ic_vals['aic'])},
        bic: {lit(ic_vals['bic'])},
        hqic: {lit(ic_vals['hqic'])},
        fpe: {lit(ic_vals['fpe'])},
        granger_x_to_y: {granger(res, 1, 0)},
        granger_y_to_x: {granger(res, 0, 1)},
        irfs: {slice_lit(irf.irfs)},
        orth_irfs: {slice_lit(irf.orth_irfs)},
        orth_irfs_reversed: {slice_lit(orth_rev)},
    }}"""


def ols_lit(resp, pred):
    """OLS of resp_t on (1, pred_{t-1})."""
    X = sm.add_constant(pred[:-1])
    r = sm.OLS(resp[1:], X).fit()
    return (
        f"Ols {{ intercept: {lit(r.params[0])}, slope: {lit(r.params[1])}, "
        f"stderr_slope: {lit(r.bse[1])}, r_squared: {lit(r.rsquared)}, nobs: {int(r.nobs)} }}"
    )


def tit_for_tat(act, ans):
    """Share of acts |act_t| > THRESHOLD answered in kind in t+1..t+WINDOW."""
    acts = answered = 0
    for t in range(len(act) - WINDOW):
        if abs(act[t]) <= THRESHOLD:
            continue
        sign = 1.0 if act[t] > 0 else -1.0
        acts += 1
        if any(sign * ans[s] > THRESHOLD for s in range(t + 1, t + WINDOW + 1)):
            answered += 1
    return f"TitForTat {{ acts: {acts}, answered: {answered} }}"


def dataset_lit(name, data):
    model = VAR(data)
    sel = model.select_order(MAX_LAG)
    ics = sel.ics
    x, y = data[:, 0], data[:, 1]
    return f"""Dataset {{
        name: "{name}",
        selection: Selection {{
            aic: {slice_lit(ics['aic'])},
            bic: {slice_lit(ics['bic'])},
            hqic: {slice_lit(ics['hqic'])},
            fpe: {slice_lit(ics['fpe'])},
            selected_aic: {sel.aic},
            selected_bic: {sel.bic},
            selected_hqic: {sel.hqic},
            selected_fpe: {sel.fpe},
        }},
        fit_aic: {fit_lit(data, 'aic')},
        fit_bic: {fit_lit(data, 'bic')},
        response_y_on_x: {ols_lit(y, x)},
        response_x_on_y: {ols_lit(x, y)},
        tit_for_tat_y_answers_x: {tit_for_tat(x, y)},
        tit_for_tat_x_answers_y: {tit_for_tat(y, x)},
    }}"""


def main():
    for name, data in DATASETS.items():
        write_csv(name, data)
    # Read the CSV text back so Python and Rust start from the same doubles.
    data_read = {
        name: np.loadtxt(os.path.join(HERE, f"{name}.csv"), delimiter=",", skiprows=1, usecols=(1, 2))
        for name in DATASETS
    }
    out = sys.stdout
    out.write(
        "//! Generated by testdata/reciprocity/make_expected.py with statsmodels "
        f"{statsmodels.__version__}, numpy {np.__version__}. Do not edit by hand.\n\n"
    )
    out.write(
        f"""use super::{{Dataset, Fit, Granger, Ols, Selection, TitForTat}};

pub const MAX_LAG: usize = {MAX_LAG};
pub const HORIZON: usize = {HORIZON};
pub const THRESHOLD: f64 = {lit(THRESHOLD)};
pub const WINDOW: usize = {WINDOW};

pub const DATASETS: &[Dataset] = &[
"""
    )
    for name, data in data_read.items():
        out.write(dataset_lit(name, data) + ",\n")
    out.write("];\n")


if __name__ == "__main__":
    main()

//! The F distribution's survival function, through the regularized incomplete beta
//! function (continued fraction, modified Lentz) and a Lanczos log-gamma. Accurate to
//! about 1e-13 relative, far inside what the tests ask of it.

/// `P(F > f)` for an F distribution with `d1` and `d2` degrees of freedom.
pub fn f_sf(f: f64, d1: f64, d2: f64) -> f64 {
    if f.is_nan() || d1 <= 0.0 || d2 <= 0.0 {
        return f64::NAN;
    }
    if f <= 0.0 {
        return 1.0;
    }
    if f.is_infinite() {
        return 0.0;
    }
    // P(F > f) = I_x(d2/2, d1/2) with x = d2 / (d2 + d1 f).
    let x = d2 / (d2 + d1 * f);
    beta_reg(d2 / 2.0, d1 / 2.0, x)
}

/// The regularized incomplete beta function `I_x(a, b)`.
pub(crate) fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

/// Continued fraction for the incomplete beta function (Numerical Recipes `betacf`).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-16;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, 9 terms; reflection below 0.5).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) Γ(1 − x) = π / sin(πx)
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEF[0];
    for (i, c) in COEF.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        if b == 0.0 {
            a.abs()
        } else {
            ((a - b) / b).abs()
        }
    }

    #[test]
    fn ln_gamma_matches_reference_values() {
        // Python's math.lgamma.
        let cases = [
            (0.5, 0.5723649429247004),
            (1.0, 0.0),
            (1.5, -0.12078223763524543),
            (2.5, 0.2846828704729196),
            (7.0, 6.579251212010102),
            (10.5, 13.940625219403763),
            (113.0, 419.7508055995448),
            (116.5, 436.33504150769784),
            (0.1, 2.2527126517342055),
        ];
        for (x, want) in cases {
            let got = ln_gamma(x);
            assert!((got - want).abs() < 1e-12 * (1.0 + want.abs()), "lgamma({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn f_sf_matches_scipy() {
        // scipy.stats.f.sf(f, d1, d2).
        let cases = [
            (1.0, 1.0, 1.0, 0.5000000000000001),
            (2.5, 3.0, 10.0, 0.11903956265827809),
            (51.887640579841644, 2.0, 226.0, 2.855015068604542e-19),
            (0.1, 4.0, 50.0, 0.9819584222752071),
            (10.0, 1.0, 232.0, 0.0017743272146795816),
            (3.0, 12.0, 400.0, 0.0004862130308844018),
            (200.0, 2.0, 100.0, 1.1258999068426271e-35),
            (0.5, 20.0, 20.0, 0.9352338272090371),
        ];
        for (f, d1, d2, want) in cases {
            let got = f_sf(f, d1, d2);
            assert!(rel(got, want) < 1e-11, "F sf({f}; {d1}, {d2}) = {got:e}, want {want:e}");
        }
    }

    #[test]
    fn f_sf_edges() {
        assert_eq!(f_sf(0.0, 2.0, 10.0), 1.0);
        assert_eq!(f_sf(-1.0, 2.0, 10.0), 1.0);
        assert_eq!(f_sf(f64::INFINITY, 2.0, 10.0), 0.0);
        assert!(f_sf(f64::NAN, 2.0, 10.0).is_nan());
        assert!(f_sf(1.0, 0.0, 10.0).is_nan());
    }
}

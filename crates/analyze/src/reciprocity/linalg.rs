//! The small dense linear algebra the VAR needs: a row-major [`Matrix`], Householder QR
//! least squares and Cholesky. Sizes are tiny (a few dozen columns), so clarity wins.

use std::fmt;
use std::ops::{Index, IndexMut};

/// A dense row-major matrix of `f64`.
///
/// Used for the VAR's coefficient matrices, standard errors, covariances and impulse
/// responses. Index it with `m[(row, col)]`.
#[derive(Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A `rows × cols` matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix { rows, cols, data: vec![0.0; rows * cols] }
    }

    /// The `n × n` identity.
    pub fn identity(n: usize) -> Self {
        let mut m = Matrix::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = 1.0;
        }
        m
    }

    /// A matrix from its rows; every row must have the same length.
    ///
    /// # Panics
    /// If the rows differ in length.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Self {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for r in rows {
            let r = r.as_ref();
            assert_eq!(r.len(), cols, "rows of a matrix must have the same length");
            data.extend_from_slice(r);
        }
        Matrix { rows: rows.len(), cols, data }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The entry at `(row, col)`, or `None` outside the matrix.
    pub fn get(&self, row: usize, col: usize) -> Option<f64> {
        (row < self.rows && col < self.cols).then(|| self.data[row * self.cols + col])
    }

    /// One row as a slice.
    ///
    /// # Panics
    /// If `row` is out of range.
    pub fn row(&self, row: usize) -> &[f64] {
        &self.data[row * self.cols..(row + 1) * self.cols]
    }

    /// The transpose.
    pub fn transpose(&self) -> Matrix {
        let mut t = Matrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t[(j, i)] = self[(i, j)];
            }
        }
        t
    }

    /// The product `self · other`.
    ///
    /// # Panics
    /// If the inner dimensions differ.
    pub fn matmul(&self, other: &Matrix) -> Matrix {
        assert_eq!(self.cols, other.rows, "matrix product of incompatible shapes");
        let mut out = Matrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for l in 0..self.cols {
                let a = self[(i, l)];
                if a == 0.0 {
                    continue;
                }
                for j in 0..other.cols {
                    out[(i, j)] += a * other[(l, j)];
                }
            }
        }
        out
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;

    fn index(&self, (r, c): (usize, usize)) -> &f64 {
        assert!(r < self.rows && c < self.cols, "matrix index out of range");
        &self.data[r * self.cols + c]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut f64 {
        assert!(r < self.rows && c < self.cols, "matrix index out of range");
        &mut self.data[r * self.cols + c]
    }
}

impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<&[f64]> = (0..self.rows).map(|r| self.row(r)).collect();
        f.debug_list().entries(rows).finish()
    }
}

/// Least squares `min ‖Z B − Y‖` solved by Householder QR of `Z`.
pub(crate) struct LeastSquares {
    /// The coefficients `B` (`Z.cols × Y.cols`).
    pub beta: Matrix,
    /// `(Z'Z)⁻¹ = R⁻¹ R⁻ᵀ`.
    pub zz_inv: Matrix,
}

/// Solve least squares by QR; `None` when `Z` is rank deficient (relative to its
/// largest diagonal of `R`, tolerance `1e-10`) or has fewer rows than columns.
pub(crate) fn least_squares(z: &Matrix, y: &Matrix) -> Option<LeastSquares> {
    let (n, m) = (z.rows, z.cols);
    assert_eq!(y.rows, n, "least squares with different row counts");
    if n < m || m == 0 {
        return None;
    }
    let mut a = z.clone();
    let mut b = y.clone();
    for j in 0..m {
        // Householder reflector zeroing a[j+1.., j].
        let norm = (j..n).map(|i| a[(i, j)] * a[(i, j)]).sum::<f64>().sqrt();
        if norm == 0.0 {
            return None;
        }
        let alpha = if a[(j, j)] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..n).map(|i| a[(i, j)]).collect();
        v[0] -= alpha;
        let vnorm2: f64 = v.iter().map(|x| x * x).sum();
        if vnorm2 == 0.0 {
            continue;
        }
        let reflect = |mat: &mut Matrix, col: usize| {
            let dot: f64 = v.iter().enumerate().map(|(t, vt)| vt * mat[(j + t, col)]).sum();
            let s = 2.0 * dot / vnorm2;
            for (t, vt) in v.iter().enumerate() {
                mat[(j + t, col)] -= s * vt;
            }
        };
        for col in j..m {
            reflect(&mut a, col);
        }
        for col in 0..b.cols {
            reflect(&mut b, col);
        }
    }
    let max_diag = (0..m).map(|i| a[(i, i)].abs()).fold(0.0, f64::max);
    if (0..m).any(|i| a[(i, i)].abs() <= 1e-10 * max_diag) {
        return None;
    }
    // R is the upper m × m block of `a`. Back-substitute R B = (Qᵀ Y)[..m].
    let mut beta = Matrix::zeros(m, y.cols);
    for col in 0..y.cols {
        for i in (0..m).rev() {
            let s: f64 = (i + 1..m).map(|l| a[(i, l)] * beta[(l, col)]).sum();
            beta[(i, col)] = (b[(i, col)] - s) / a[(i, i)];
        }
    }
    // R⁻¹ (upper triangular), then (Z'Z)⁻¹ = R⁻¹ R⁻ᵀ.
    let mut rinv = Matrix::zeros(m, m);
    for col in 0..m {
        for i in (0..=col).rev() {
            let e = if i == col { 1.0 } else { 0.0 };
            let s: f64 = (i + 1..=col).map(|l| a[(i, l)] * rinv[(l, col)]).sum();
            rinv[(i, col)] = (e - s) / a[(i, i)];
        }
    }
    let zz_inv = rinv.matmul(&rinv.transpose());
    Some(LeastSquares { beta, zz_inv })
}

/// The lower-triangular Cholesky factor `L` with `A = L Lᵀ`; `None` unless `A` is
/// symmetric positive definite (as far as the factorization can tell).
pub(crate) fn cholesky(a: &Matrix) -> Option<Matrix> {
    let n = a.rows;
    assert_eq!(n, a.cols, "cholesky of a non-square matrix");
    let mut l = Matrix::zeros(n, n);
    for j in 0..n {
        let d = a[(j, j)] - (0..j).map(|k| l[(j, k)] * l[(j, k)]).sum::<f64>();
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let djj = d.sqrt();
        l[(j, j)] = djj;
        for i in j + 1..n {
            let s = a[(i, j)] - (0..j).map(|k| l[(i, k)] * l[(j, k)]).sum::<f64>();
            l[(i, j)] = s / djj;
        }
    }
    Some(l)
}

/// `ln det A` of a symmetric positive definite matrix, via Cholesky.
pub(crate) fn logdet_spd(a: &Matrix) -> Option<f64> {
    let l = cholesky(a)?;
    Some(2.0 * (0..a.rows).map(|i| l[(i, i)].ln()).sum::<f64>())
}

/// `xᵀ A⁻¹ x` for symmetric positive definite `A`, via Cholesky (`‖L⁻¹ x‖²`).
pub(crate) fn quad_form_inv(a: &Matrix, x: &[f64]) -> Option<f64> {
    let l = cholesky(a)?;
    let n = x.len();
    let mut z = vec![0.0; n];
    for i in 0..n {
        let s: f64 = (0..i).map(|k| l[(i, k)] * z[k]).sum();
        z[i] = (x[i] - s) / l[(i, i)];
    }
    Some(z.iter().map(|v| v * v).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + b.abs())
    }

    #[test]
    fn least_squares_recovers_an_exact_fit() {
        // y = 1 + 2 a - 3 b, no noise.
        let rows: Vec<[f64; 3]> = (0..8)
            .map(|i| {
                let a = i as f64;
                [1.0, a, (a * 0.7).sin()]
            })
            .collect();
        let z = Matrix::from_rows(&rows);
        let y = Matrix::from_rows(&rows.iter().map(|r| [1.0 + 2.0 * r[1] - 3.0 * r[2]]).collect::<Vec<_>>());
        let ls = least_squares(&z, &y).unwrap();
        assert!(close(ls.beta[(0, 0)], 1.0));
        assert!(close(ls.beta[(1, 0)], 2.0));
        assert!(close(ls.beta[(2, 0)], -3.0));
        // (Z'Z)⁻¹ (Z'Z) = I
        let zz = z.transpose().matmul(&z);
        let id = ls.zz_inv.matmul(&zz);
        for i in 0..3 {
            for j in 0..3 {
                assert!((id[(i, j)] - if i == j { 1.0 } else { 0.0 }).abs() < 1e-9, "{id:?}");
            }
        }
    }

    #[test]
    fn least_squares_rejects_collinear_columns() {
        let z = Matrix::from_rows(&[[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]);
        let y = Matrix::from_rows(&[[1.0], [2.0], [3.0]]);
        assert!(least_squares(&z, &y).is_none());
    }

    #[test]
    fn cholesky_and_logdet() {
        let a = Matrix::from_rows(&[[4.0, 2.0], [2.0, 3.0]]);
        let l = cholesky(&a).unwrap();
        assert_eq!(l[(0, 0)], 2.0);
        assert_eq!(l[(1, 0)], 1.0);
        assert!(close(l[(1, 1)], 2f64.sqrt()));
        assert_eq!(l[(0, 1)], 0.0);
        assert!(close(logdet_spd(&a).unwrap(), 8f64.ln()));
        // xᵀ A⁻¹ x with A⁻¹ = [[3, -2], [-2, 4]] / 8
        assert!(close(quad_form_inv(&a, &[1.0, 1.0]).unwrap(), 3.0 / 8.0));
        assert!(cholesky(&Matrix::from_rows(&[[1.0, 2.0], [2.0, 1.0]])).is_none());
    }

    #[test]
    fn matrix_basics() {
        let a = Matrix::from_rows(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        assert_eq!(a.get(1, 2), Some(6.0));
        assert_eq!(a.get(2, 0), None);
        assert_eq!(a.transpose().row(2), &[3.0, 6.0]);
        let p = a.matmul(&a.transpose());
        assert_eq!(p, Matrix::from_rows(&[[14.0, 32.0], [32.0, 77.0]]));
        assert_eq!(format!("{:?}", Matrix::identity(2)), "[[1.0, 0.0], [0.0, 1.0]]");
    }
}

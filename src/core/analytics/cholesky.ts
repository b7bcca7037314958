/**
 * Dense Cholesky on small symmetric positive-definite matrices stored row-major in a
 * Float64Array. Used on normal equations whose columns are centred first, so the
 * factorisation is well conditioned even on price-level data. Why Cholesky: the leading
 * k×k block of the factor is the factor of the leading k×k block, which lets the ADF lag
 * search read every lag's fit from one factorisation.
 */

export interface CholeskyFactor {
  /** Lower-triangular factor, row-major, size m×m. */
  readonly l: Float64Array;
  readonly m: number;
  /** Number of leading columns successfully factored (m when the matrix is PD). */
  readonly rank: number;
}

/** Factor as far as the leading blocks stay positive definite: a pivot that is not clearly
 * positive (relative to the column's own norm) means that column is (numerically) a
 * combination of the earlier ones, and every larger leading block is singular. */
export function choleskyLeading(a: Float64Array, m: number, relTol = 1e-12): CholeskyFactor {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j];
    for (let k = 0; k < j; k++) d -= l[j * m + k] * l[j * m + k];
    if (!(d > relTol * a[j * m + j]) || !(a[j * m + j] > 0)) return { l, m, rank: j };
    const ljj = Math.sqrt(d);
    l[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      l[i * m + j] = s / ljj;
    }
  }
  return { l, m, rank: m };
}

/** Solve L·w = b for the first `k` rows (forward substitution). */
export function forwardSolve(f: CholeskyFactor, b: ArrayLike<number>, k = f.rank): Float64Array {
  const { l, m } = f;
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= l[i * m + j] * w[j];
    w[i] = s / l[i * m + i];
  }
  return w;
}

/** Solve Lᵀ·β = w for the first `k` rows (back substitution). */
export function backSolve(f: CholeskyFactor, w: ArrayLike<number>, k = w.length): Float64Array {
  const { l, m } = f;
  const beta = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = w[i];
    for (let j = i + 1; j < k; j++) s -= l[j * m + i] * beta[j];
    beta[i] = s / l[i * m + i];
  }
  return beta;
}

/** Diagonal element (i, i) of (A_k)⁻¹ for the leading k×k block: ‖L⁻¹ e_i‖². */
export function inverseDiagonal(f: CholeskyFactor, i: number, k = f.rank): number {
  const e = new Float64Array(k);
  e[i] = 1;
  const w = forwardSolve(f, e, k);
  let s = 0;
  for (let j = 0; j < k; j++) s += w[j] * w[j];
  return s;
}

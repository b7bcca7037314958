import type { CriticalValues, Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { allFinite, mean } from './numeric';
import { backSolve, choleskyLeading, forwardSolve, inverseDiagonal } from './cholesky';
import { mackinnoncrit, mackinnonp } from './mackinnon';

/** 'c': constant in the test regression (the spread test); 'n': none (Engle–Granger). */
export type AdfRegression = 'c' | 'n';

export interface AdfOptions {
  readonly regression?: AdfRegression;
  /** Highest lag considered; default ceil(12·(n/100)^¼) capped at n//2 − ntrend − 1. */
  readonly maxlag?: number;
  /** 'AIC' (default) searches lags 0..maxlag; null uses maxlag. */
  readonly autolag?: 'AIC' | null;
}

export interface AdfFit {
  /** t-statistic of the lagged level. */
  readonly stat: number;
  /** MacKinnon (1994) approximate p-value (N = 1). */
  readonly pvalue: number;
  readonly usedlag: number;
  /** Observations in the final regression. */
  readonly nobs: number;
  /** MacKinnon (2010) critical values for `nobs`. */
  readonly crit: CriticalValues;
  /** Best AIC of the lag search; null when autolag is off. */
  readonly icbest: number | null;
  readonly maxlag: number;
}

/** statsmodels' default maximum lag (Schwert 1989 via Greene). Negative means too short. */
export function defaultMaxlag(n: number, regression: AdfRegression): number {
  const ntrend = regression === 'c' ? 1 : 0;
  const schwert = Math.ceil(12 * Math.pow(n / 100, 1 / 4));
  return Math.min(Math.floor(n / 2) - ntrend - 1, schwert);
}

/**
 * Normal equations of `d[t] ~ [const] + level[t] + d[t−1] + … + d[t−K]` over t ∈ [t0, t1],
 * where d[t] = x[t+1] − x[t] and level[t] = x[t] (shifted by a constant for 'c').
 *
 * The lagged-difference block is built from its first row in O(n·K) and then by the
 * shift recursion S(i+1, j+1) = S(i, j) + (term entering) − (term leaving), in O(K²):
 * one pass over the data instead of the O(n·K²) of forming XᵀX directly.
 *
 * Output ordering: columns [level, lag 1..K]; `h` = Xᵀ·d, `yy` = dᵀd, centred when
 * `center` (the constant is then implicit: the slopes and SSR of a regression with an
 * intercept equal those of the centred regression).
 */
export interface LagSystem {
  readonly g: Float64Array; // (K+1)×(K+1)
  readonly h: Float64Array; // K+1
  readonly yy: number;
  readonly n: number;
  readonly k: number; // K
}

export function lagSystem(level: Series, d: Series, K: number, t0: number, t1: number, center: boolean): LagSystem {
  const n = t1 - t0 + 1;
  const m = K + 1;
  // S[i][j] for i, j in 0..K (lag of the difference; lag 0 is the response).
  const s = new Float64Array(m * m);
  const sd = new Float64Array(m);
  const lv = new Float64Array(m);
  let ll = 0;
  let sl = 0;
  for (let t = t0; t <= t1; t++) {
    const z = level[t];
    ll += z * z;
    sl += z;
  }
  // Four lags per pass over the sample: each d[t] and level[t] is loaded once for four
  // columns. This first row is the O(n·K) part of the whole ADF lag search (the pair scanner
  // runs it tens of thousands of times), so the unrolling is worth its lines.
  let j = 0;
  for (; j + 3 <= K; j += 4) {
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0;
    let l0 = 0,
      l1 = 0,
      l2 = 0,
      l3 = 0;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = t0; t <= t1; t++) {
      const dt = d[t];
      const lt = level[t];
      const v0 = d[t - j];
      const v1 = d[t - j - 1];
      const v2 = d[t - j - 2];
      const v3 = d[t - j - 3];
      a0 += dt * v0;
      a1 += dt * v1;
      a2 += dt * v2;
      a3 += dt * v3;
      l0 += lt * v0;
      l1 += lt * v1;
      l2 += lt * v2;
      l3 += lt * v3;
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
    }
    const acc = [a0, a1, a2, a3];
    const accL = [l0, l1, l2, l3];
    const sums = [s0, s1, s2, s3];
    for (let u = 0; u < 4; u++) {
      s[j + u] = acc[u];
      s[(j + u) * m] = acc[u];
      lv[j + u] = accL[u];
      sd[j + u] = sums[u];
    }
  }
  for (; j <= K; j++) {
    let acc = 0;
    let accL = 0;
    let sum = 0;
    for (let t = t0; t <= t1; t++) {
      const v = d[t - j];
      acc += d[t] * v;
      accL += level[t] * v;
      sum += v;
    }
    s[j] = acc;
    s[j * m] = acc;
    lv[j] = accL;
    sd[j] = sum;
  }
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = s[i * m + j] + d[t0 - 1 - i] * d[t0 - 1 - j] - d[t1 - i] * d[t1 - j];
      s[(i + 1) * m + j + 1] = v;
      s[(j + 1) * m + i + 1] = v;
    }
  }
  if (center) {
    for (let i = 0; i <= K; i++) for (let j = 0; j <= K; j++) s[i * m + j] -= (sd[i] * sd[j]) / n;
    for (let j = 0; j <= K; j++) lv[j] -= (sl * sd[j]) / n;
    ll -= (sl * sl) / n;
  }
  const g = new Float64Array(m * m);
  const h = new Float64Array(m);
  g[0] = ll;
  h[0] = lv[0];
  for (let j = 1; j <= K; j++) {
    g[j] = lv[j];
    g[j * m] = lv[j];
    h[j] = s[j * m]; // Σ d[t−j]·d[t]
    for (let i = 1; i <= K; i++) g[i * m + j] = s[i * m + j];
  }
  return { g, h, yy: s[0], n, k: K };
}

const LOG_2PI = Math.log(2 * Math.PI);

function aic(ssr: number, nobs: number, kParams: number): number {
  const llf = (-nobs / 2) * (LOG_2PI + Math.log(ssr / nobs) + 1);
  return -2 * llf + 2 * kParams;
}

/**
 * Augmented Dickey–Fuller test, reproducing statsmodels
 * `adfuller(x, maxlag=None, regression, autolag='AIC')`: every lag 0..maxlag is fitted on
 * the same (maxlag-trimmed) sample, the lowest AIC wins (ties: the shorter lag), and the
 * chosen lag is refitted on its own full sample for the statistic.
 */
export function adfuller(x: Series, opts: AdfOptions = {}): Result<AdfFit> {
  const regression = opts.regression ?? 'c';
  const autolag = opts.autolag === undefined ? 'AIC' : opts.autolag;
  const N = x.length;
  const ntrend = regression === 'c' ? 1 : 0;
  if (!allFinite(x)) return fail('degenerate_input', 'non-finite value in ADF input');
  const maxlag = opts.maxlag ?? defaultMaxlag(N, regression);
  if (maxlag < 0 || N - 1 - maxlag - (maxlag + 1 + ntrend) < 1) {
    return fail('not_enough_data', `ADF needs more observations than ${N}`);
  }
  if (opts.maxlag !== undefined && maxlag > Math.floor(N / 2) - ntrend - 1) {
    return fail('not_enough_data', `maxlag ${maxlag} is too large for ${N} observations`);
  }
  // With a constant the test is invariant to shifting x; removing the mean keeps the
  // level column's cross-products free of cancellation on price-level data.
  const shift = regression === 'c' ? mean(x) : 0;
  const level = new Float64Array(N);
  for (let i = 0; i < N; i++) level[i] = x[i] - shift;
  const d = new Float64Array(N - 1);
  for (let i = 0; i < N - 1; i++) d[i] = x[i + 1] - x[i];
  const center = regression === 'c';

  let usedlag = maxlag;
  let icbest: number | null = null;
  if (autolag) {
    const sys = lagSystem(level, d, maxlag, maxlag, N - 2, center);
    const f = choleskyLeading(sys.g, maxlag + 1);
    if (f.rank < maxlag + 1)
      return fail('degenerate_input', 'ADF regressors are collinear (constant or degenerate series)');
    const q = forwardSolve(f, sys.h);
    let ssr = sys.yy;
    let best = Infinity;
    let bestLag = 0;
    for (let p = 0; p <= maxlag; p++) {
      ssr -= q[p] * q[p];
      if (!(ssr > 0)) return fail('degenerate_input', 'ADF regression fits perfectly');
      const ic = aic(ssr, sys.n, p + 1 + ntrend);
      if (ic < best) {
        best = ic;
        bestLag = p;
      }
    }
    usedlag = bestLag;
    icbest = best;
  }
  const fit = adfRegression(level, d, usedlag, N, center, ntrend);
  if (!fit.ok) return fit;
  const nobs = N - 1 - usedlag;
  return {
    ok: true,
    stat: fit.stat,
    pvalue: mackinnonp(fit.stat, regression, 1),
    usedlag,
    nobs,
    crit: mackinnoncrit(1, regression, nobs),
    icbest,
    maxlag,
  };
}

/** The final ADF regression for lag p on its full sample; returns the level's t-statistic. */
function adfRegression(
  level: Float64Array,
  d: Float64Array,
  p: number,
  N: number,
  center: boolean,
  ntrend: number,
): Result<{ stat: number }> {
  const sys = lagSystem(level, d, p, p, N - 2, center);
  const f = choleskyLeading(sys.g, p + 1);
  if (f.rank < p + 1) return fail('degenerate_input', 'ADF regressors are collinear (constant or degenerate series)');
  const w = forwardSolve(f, sys.h);
  let ssr = sys.yy;
  for (let i = 0; i <= p; i++) ssr -= w[i] * w[i];
  const dof = sys.n - (p + 1 + ntrend);
  if (!(ssr > 0) || dof < 1) return fail('degenerate_input', 'ADF regression fits perfectly');
  const beta = backSolve(f, w);
  const sigma2 = ssr / dof;
  const se = Math.sqrt(sigma2 * inverseDiagonal(f, 0));
  const stat = beta[0] / se;
  if (!Number.isFinite(stat)) return fail('degenerate_input', 'ADF statistic is not finite');
  return { ok: true, stat };
}

import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { allFinite, median, medianInPlace } from './numeric';
import { medianSlopeLarge } from './theilSenLarge';

export interface LineFit {
  readonly alpha: number;
  readonly beta: number;
}

/** Largest n for listing every pairwise slope (≈ 1.1M slopes); above it the slope
 * median is found by bisection with inversion counting (theilSenLarge.ts). */
export const THEIL_SEN_EXACT_MAX_POINTS = 1500;
/** Beyond this even the O(n log n) selection is too slow for an interactive figure. */
export const THEIL_SEN_MAX_POINTS = 1_000_000;

export interface TheilSenOptions {
  /** Use the pairwise listing up to this many points (tests lower it to cross-check). */
  readonly exactMaxPoints?: number;
}

/**
 * Theil–Sen line (scipy.stats.theilslopes, method='separate'): slope = median of the
 * pairwise slopes over pairs with different x, intercept = median(y) − slope·median(x).
 * Exact up to THEIL_SEN_EXACT_MAX_POINTS; above, within ~1e-11 relative (bisection).
 */
export function theilSen(y: Series, x: Series, opts: TheilSenOptions = {}): Result<LineFit> {
  const n = y.length;
  if (x.length !== n) return fail('degenerate_input', 'y and x differ in length');
  if (n < 2) return fail('not_enough_data', `Theil–Sen needs at least 2 points, got ${n}`);
  if (n > THEIL_SEN_MAX_POINTS) {
    return fail('too_large', `Theil–Sen is computed for up to ${THEIL_SEN_MAX_POINTS} points, got ${n}`);
  }
  if (!allFinite(y) || !allFinite(x)) return fail('degenerate_input', 'non-finite value in Theil–Sen input');
  if (n > (opts.exactMaxPoints ?? THEIL_SEN_EXACT_MAX_POINTS)) {
    const slope = medianSlopeLarge(y, x);
    if (slope === null) return fail('degenerate_input', 'all x are identical: the Theil–Sen slope is undefined');
    return { ok: true, beta: slope, alpha: median(y) - slope * median(x) };
  }
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const dx = xi - x[j];
      if (dx > 0) slopes[m++] = (yi - y[j]) / dx;
      else if (dx < 0) slopes[m++] = (y[j] - yi) / -dx;
    }
  }
  if (m === 0) return fail('degenerate_input', 'all x are identical: the Theil–Sen slope is undefined');
  const beta = medianInPlace(slopes.subarray(0, m));
  return { ok: true, beta, alpha: median(y) - beta * median(x) };
}

/** Φ⁻¹(3/4): MAD's consistency constant for the normal (statsmodels `mad` default). */
const MAD_C = 0.6744897501960817;
const HUBER_T = 1.345;

function huberRho(z: number): number {
  const a = Math.abs(z);
  return a <= HUBER_T ? 0.5 * z * z : a * HUBER_T - 0.5 * HUBER_T * HUBER_T;
}

function madAboutZero(r: Float64Array): number {
  const a = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) a[i] = Math.abs(r[i]) / MAD_C;
  return medianInPlace(a);
}

interface WlsStep {
  alpha: number;
  beta: number;
  resid: Float64Array;
  /** Σ w·r² / (n − 2): statsmodels' WLS `scale`, which its deviance divides by. */
  wscale: number;
}

function wls(y: Series, x: Series, w: Float64Array | null): WlsStep | null {
  const n = y.length;
  // Weighted means, then centred sums: same solution as pinv on the weighted design.
  let sw = 0;
  let sx = 0;
  let sy = 0;
  const x0 = x[0];
  const y0 = y[0];
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    sx += wi * (x[i] - x0);
    sy += wi * (y[i] - y0);
  }
  const mx = x0 + sx / sw;
  const my = y0 + sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const dx = x[i] - mx;
    sxx += wi * dx * dx;
    sxy += wi * dx * (y[i] - my);
  }
  if (!(sxx > 0)) return null;
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const resid = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - alpha - beta * x[i];
    resid[i] = r;
    ss += (w ? w[i] : 1) * r * r;
  }
  return { alpha, beta, resid, wscale: ss / (n - 2) };
}

function deviance(step: WlsStep): number {
  let s = 0;
  for (let i = 0; i < step.resid.length; i++) s += huberRho(step.resid[i] / step.wscale);
  return s;
}

export interface HuberOptions {
  readonly maxiter?: number;
  readonly tol?: number;
}

/**
 * Huber M-estimate of y = alpha + beta·x, reproducing statsmodels
 * `RLM(y, add_constant(x), M=HuberT()).fit()` defaults: IRLS from the OLS fit, scale =
 * MAD about 0 re-estimated each iteration, convergence when the deviance
 * Σ ρ(resid / wls_scale) changes by ≤ tol (1e-8) or after maxiter (50) iterations.
 */
export function huber(y: Series, x: Series, opts: HuberOptions = {}): Result<LineFit> {
  const n = y.length;
  const maxiter = opts.maxiter ?? 50;
  const tol = opts.tol ?? 1e-8;
  if (x.length !== n) return fail('degenerate_input', 'y and x differ in length');
  if (n < 3) return fail('not_enough_data', `Huber regression needs at least 3 points, got ${n}`);
  if (!allFinite(y) || !allFinite(x)) return fail('degenerate_input', 'non-finite value in Huber input');
  let step = wls(y, x, null);
  if (!step) return fail('degenerate_input', 'x is constant: the hedge ratio is undefined');
  let scale = madAboutZero(step.resid);
  let prevDev = deviance(step);
  let iteration = 1;
  const w = new Float64Array(n);
  for (;;) {
    if (scale === 0) break; // statsmodels stops here too (perfect fit of the weighted data)
    for (let i = 0; i < n; i++) {
      const a = Math.abs(step.resid[i] / scale);
      w[i] = a <= HUBER_T ? 1 : HUBER_T / a;
    }
    const next = wls(y, x, w);
    if (!next) return fail('degenerate_input', 'weighted regression is singular');
    step = next;
    scale = madAboutZero(step.resid);
    const dev = deviance(step);
    iteration++;
    const change = Math.abs(dev - prevDev);
    prevDev = dev;
    if (!(change > tol && iteration < maxiter)) break;
  }
  if (!Number.isFinite(step.alpha) || !Number.isFinite(step.beta))
    return fail('degenerate_input', 'Huber fit diverged');
  return { ok: true, alpha: step.alpha, beta: step.beta };
}

import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { allFinite, mean } from './numeric';

export interface OlsFit {
  readonly alpha: number;
  readonly beta: number;
  /** statsmodels `rsquared`: 1 − SSR / centred TSS. */
  readonly r2: number;
}

export interface OlsDetail extends OlsFit {
  readonly n: number;
  readonly ssr: number;
  /** Centred sums of squares and cross-products (about the sample means). */
  readonly sxx: number;
  readonly syy: number;
  readonly sxy: number;
}

/**
 * OLS with intercept, `y = alpha + beta·x + e` (statsmodels `OLS(y, add_constant(x))`).
 * Computed on centred data in two passes: price-level inputs (~60000 vs ~3000) make the
 * raw normal equations lose most of their digits.
 */
export function olsDetail(y: Series, x: Series): Result<OlsDetail> {
  const n = y.length;
  if (x.length !== n) return fail('degenerate_input', `y and x differ in length (${n} vs ${x.length})`);
  if (n < 3) return fail('not_enough_data', `OLS needs at least 3 points, got ${n}`);
  if (!allFinite(y) || !allFinite(x)) return fail('degenerate_input', 'non-finite value in OLS input');
  const my = mean(y);
  const mx = mean(x);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) return fail('degenerate_input', 'x is constant: the hedge ratio is undefined');
  if (!(syy > 0)) return fail('degenerate_input', 'y is constant: R² is undefined');
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  // SSR from the residuals themselves, not syy − beta·sxy, to keep digits when R² ≈ 1.
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - my - beta * (x[i] - mx);
    ssr += e * e;
  }
  return { ok: true, alpha, beta, r2: 1 - ssr / syy, n, ssr, sxx, syy, sxy };
}

export function ols(y: Series, x: Series): Result<OlsFit> {
  const d = olsDetail(y, x);
  if (!d.ok) return d;
  return { ok: true, alpha: d.alpha, beta: d.beta, r2: d.r2 };
}

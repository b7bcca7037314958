import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { olsDetail } from './ols';

export interface HalfLife {
  /** −ln 2 / b in bars; null when b ≥ 0 (no mean reversion). */
  readonly halfLife: number | null;
  readonly b: number;
}

/** Half-life of mean reversion: OLS with intercept of Δs_i = a + b·s_(i−1). */
export function halfLife(s: Series): Result<HalfLife> {
  const n = s.length;
  if (n < 4) return fail('not_enough_data', `half-life needs at least 4 points, got ${n}`);
  const lagged = new Float64Array(n - 1);
  const delta = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    lagged[i - 1] = s[i - 1];
    delta[i - 1] = s[i] - s[i - 1];
  }
  const fit = olsDetail(delta, lagged);
  if (!fit.ok) return fit;
  const b = fit.beta;
  return { ok: true, b, halfLife: b < 0 ? -Math.LN2 / b : null };
}

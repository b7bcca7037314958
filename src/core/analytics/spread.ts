import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { mean, variance } from './numeric';

/** The residual series `s_i = y_i − alpha − beta·x_i`. */
export function spreadSeries(y: Series, x: Series, alpha: number, beta: number): Float64Array {
  const s = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) s[i] = y[i] - alpha - beta * x[i];
  return s;
}

export interface SpreadSummary {
  readonly last: number;
  readonly mean: number;
  /** Sample standard deviation (ddof = 1). */
  readonly std: number;
  /** (last − mean) / std. */
  readonly z: number;
}

/** Latest value and z-score of a spread window; fails when the spread is constant. */
export function spreadSummary(s: Series): Result<SpreadSummary> {
  const n = s.length;
  if (n < 2) return fail('not_enough_data', `z-score needs at least 2 points, got ${n}`);
  const m = mean(s);
  const v = variance(s);
  if (!(v > 0)) return fail('degenerate_input', 'spread is constant: z-score is undefined');
  const std = Math.sqrt(v);
  const last = s[n - 1];
  return { ok: true, last, mean: m, std, z: (last - m) / std };
}

import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { mean } from './numeric';

/** r_i = ln(c_i / c_(i−1)); length n − 1. */
export function logReturns(c: Series): Float64Array {
  const r = new Float64Array(Math.max(0, c.length - 1));
  for (let i = 1; i < c.length; i++) r[i - 1] = Math.log(c[i] / c[i - 1]);
  return r;
}

/** Pearson correlation, centred two-pass (pandas `Series.corr`). */
export function pearson(a: Series, b: Series): Result<{ value: number }> {
  const n = a.length;
  if (n !== b.length) return fail('degenerate_input', 'series differ in length');
  if (n < 2) return fail('not_enough_data', `correlation needs at least 2 pairs, got ${n}`);
  const ma = mean(a);
  const mb = mean(b);
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  if (!(saa > 0 && sbb > 0)) return fail('degenerate_input', 'a constant series has no correlation');
  const r = sab / Math.sqrt(saa * sbb);
  return { ok: true, value: Math.max(-1, Math.min(1, r)) };
}

/** Correlation of log returns of the aligned closes over the window's W − 1 returns
 * (pandas: `np.log(c).diff()` on the window, then `.corr()`). */
export function logReturnCorrelation(y: Series, x: Series): Result<{ value: number }> {
  if (y.length < 3) return fail('not_enough_data', `correlation needs at least 3 closes, got ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0) || !(x[i] > 0)) return fail('degenerate_input', 'closes must be positive for log returns');
  }
  return pearson(logReturns(y), logReturns(x));
}

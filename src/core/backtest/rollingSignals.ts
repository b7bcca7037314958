import { rollingPairSeries, type RollingSeries } from '../analytics/rolling';
import type { BacktestBars, PriceMode, SignalSeries } from './types';

/**
 * alpha_t, beta_t, z_t on every aligned point from the analytics rolling series (the same
 * O(1) rolling OLS the charts draw), so the backtest trades exactly the z the user sees.
 */
export function rollingSignals(bars: BacktestBars, window: number, mode: PriceMode): SignalSeries {
  const series = rollingPairSeries({ ts: bars.ts, y: bars.yClose, x: bars.xClose }, window, { log: mode === 'log' });
  return signalsOnPoints(bars.ts, series);
}

/**
 * Places a rolling series on the points by time. The series is taken as given: a point it
 * has no entry for, or a null value, is a point without a signal. That way a series that
 * restarts its windows after a break in the data needs nothing from the backtest.
 */
export function signalsOnPoints(
  ts: readonly number[],
  series: Pick<RollingSeries, 'ts' | 'alpha' | 'beta' | 'z'>,
): SignalSeries {
  const n = ts.length;
  const alpha = new Array<number | null>(n).fill(null);
  const beta = new Array<number | null>(n).fill(null);
  const z = new Array<number | null>(n).fill(null);
  let j = 0;
  for (let i = 0; i < n && j < series.ts.length; i++) {
    while (j < series.ts.length && series.ts[j]! < ts[i]!) j++;
    if (j < series.ts.length && series.ts[j] === ts[i]) {
      const a = series.alpha[j] ?? null;
      const b = series.beta[j] ?? null;
      const v = series.z[j] ?? null;
      // One value missing makes the point unusable: z without its beta cannot size a trade.
      if (a !== null && b !== null && v !== null && Number.isFinite(v) && Number.isFinite(b)) {
        alpha[i] = a;
        beta[i] = b;
        z[i] = v;
      }
      j++;
    }
  }
  return { alpha, beta, z };
}

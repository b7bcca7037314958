import type { BarLike, Result } from './types';
import { fail } from './types';

export interface SymbolStats {
  readonly last: number;
  readonly mean: number;
  /** Sample standard deviation of closes (ddof = 1); 0 for a single bar would be undefined,
   * so one bar yields `not_enough_data`. */
  readonly std: number;
  readonly high: number;
  readonly low: number;
  /** Σ quoteVolume / Σ volume over the window; null when the window has no volume. */
  readonly vwap: number | null;
  /** ln(last close / first close). */
  readonly return: number;
}

/** Per-symbol statistics over that symbol's own bars in the window (../shared/specs/analytics.md). */
export function symbolStats(bars: readonly BarLike[]): Result<SymbolStats> {
  const n = bars.length;
  if (n < 2) return fail('not_enough_data', `symbol statistics need at least 2 bars, got ${n}`);
  const first = bars[0].close;
  let shifted = 0;
  let high = -Infinity;
  let low = Infinity;
  let qv = 0;
  let v = 0;
  for (const b of bars) {
    shifted += b.close - first;
    if (b.high > high) high = b.high;
    if (b.low < low) low = b.low;
    qv += b.quoteVolume;
    v += b.volume;
  }
  const m = first + shifted / n;
  let ss = 0;
  let comp = 0;
  for (const b of bars) {
    const d = b.close - m;
    ss += d * d;
    comp += d;
  }
  const std = Math.sqrt(Math.max(0, (ss - (comp * comp) / n) / (n - 1)));
  const last = bars[n - 1].close;
  if (!(first > 0 && last > 0)) return fail('degenerate_input', 'closes must be positive for the log return');
  return {
    ok: true,
    last,
    mean: m,
    std,
    high,
    low,
    vwap: v > 0 ? qv / v : null,
    return: Math.log(last / first),
  };
}

/** The bars of one symbol whose start lies in [from, to] (inclusive), assuming ascending ts. */
export function barsInRange<B extends BarLike>(bars: readonly B[], from: number, to: number): B[] {
  const out: B[] = [];
  for (const b of bars) if (b.ts >= from && b.ts <= to) out.push(b);
  return out;
}

import type { Bar } from '../../shared/market';

export interface LegStats {
  last: number;
  mean: number;
  std: number;
  high: number;
  low: number;
  vwap: number | null;
  /** ln(last close / first close), as the engine reports `return`. */
  return: number;
}

/**
 * Per-symbol statistics over the last `window` bars (specs/analytics.md), for single-symbol
 * mode where there is no pair snapshot from the engine to show.
 */
export function legStats(bars: readonly Bar[], window: number): LegStats | null {
  const from = Math.max(0, bars.length - window);
  const n = bars.length - from;
  if (n < 2) return null;
  let sum = 0;
  let high = -Infinity;
  let low = Infinity;
  let qv = 0;
  let v = 0;
  for (let i = from; i < bars.length; i++) {
    const b = bars[i];
    sum += b.close;
    if (b.high > high) high = b.high;
    if (b.low < low) low = b.low;
    qv += b.quoteVolume;
    v += b.volume;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = from; i < bars.length; i++) ss += (bars[i].close - mean) ** 2;
  const last = bars[bars.length - 1].close;
  return {
    last,
    mean,
    std: Math.sqrt(ss / (n - 1)),
    high,
    low,
    vwap: v > 0 ? qv / v : null,
    return: Math.log(last / bars[from].close),
  };
}

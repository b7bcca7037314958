import { alignPair } from '../analytics/align';
import type { BarLike } from '../analytics/types';
import type { SymbolSeries } from './types';

/**
 * One symbol prepared once for every pair it is in: its bars as alignment input with the
 * close replaced by ln(close) (carrying ln c forward is carrying c forward), and its bar
 * times for the coverage count.
 */
export interface ScanLeg {
  readonly symbol: string;
  readonly bars: readonly BarLike[];
  readonly ts: Float64Array;
  /** Why this leg cannot be tested at all (a non-positive or non-finite close), or null. */
  readonly problem: string | null;
}

export function prepareLeg(series: SymbolSeries): ScanLeg {
  const n = series.ts.length;
  const bars: BarLike[] = new Array(n);
  const ts = new Float64Array(n);
  let problem: string | null = null;
  for (let i = 0; i < n; i++) {
    const c = series.close[i]!;
    if (problem === null && !(c > 0 && Number.isFinite(c))) problem = `data: ${series.symbol} has a close of ${c} at ${series.ts[i]}`;
    const v = Math.log(c);
    ts[i] = series.ts[i]!;
    bars[i] = { ts: ts[i]!, open: v, high: v, low: v, close: v, volume: 0, quoteVolume: 0 };
  }
  return { symbol: series.symbol, bars, ts, problem };
}

/** Two legs on one time axis (analytics.md alignment), in ln(close), with each leg's own-bar count. */
export interface AlignedLegs {
  readonly ts: number[];
  /** ln close of leg a (carried forward). */
  readonly a: number[];
  readonly b: number[];
  /** Bars of a (of b) that fall on the aligned axis: its own bars, not carried values. */
  readonly ownA: number;
  readonly ownB: number;
}

export function alignLegs(a: ScanLeg, b: ScanLeg): AlignedLegs {
  const p = alignPair(a.bars, b.bars);
  const first = p.ts.length > 0 ? p.ts[0]! : Infinity;
  return { ts: p.ts, a: p.y, b: p.x, ownA: countFrom(a.ts, first), ownB: countFrom(b.ts, first) };
}

/** How many of the ascending times are ≥ t (every leg bar from the first aligned time on is
 * an aligned interval of its own, since the axis is the union of both legs' times). */
function countFrom(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return ts.length - lo;
}

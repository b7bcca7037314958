import { alignCloses } from '../analytics/align';
import type { SymbolSeries } from './types';

/**
 * One symbol prepared once for every pair it is in: its bar times and ln(close) (carrying
 * ln c forward is carrying c forward), as typed arrays.
 */
export interface ScanLeg {
  readonly symbol: string;
  readonly ts: Float64Array;
  readonly lnClose: Float64Array;
  /** Why this leg cannot be tested at all (a non-positive or non-finite close), or null. */
  readonly problem: string | null;
}

export function prepareLeg(series: SymbolSeries): ScanLeg {
  const n = series.ts.length;
  const ts = Float64Array.from(series.ts);
  const lnClose = new Float64Array(n);
  let problem: string | null = null;
  for (let i = 0; i < n; i++) {
    const c = series.close[i]!;
    if (problem === null && !(c > 0 && Number.isFinite(c)))
      problem = `data: ${series.symbol} has a close of ${c} at ${series.ts[i]}`;
    lnClose[i] = Math.log(c);
  }
  return { symbol: series.symbol, ts, lnClose, problem };
}

/** Two legs on one time axis (../shared/specs/analytics.md alignment), in ln(close), with each leg's own-bar count. */
export interface AlignedLegs {
  readonly ts: Float64Array;
  /** ln close of leg a (carried forward). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Bars of a (of b) that fall on the aligned axis: its own bars, not carried values. */
  readonly ownA: number;
  readonly ownB: number;
}

export function alignLegs(a: ScanLeg, b: ScanLeg): AlignedLegs {
  const p = alignCloses(a.ts, a.lnClose, b.ts, b.lnClose);
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
